package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Invented names for the news shapes: the people, organisations, places and figures of big
// stories, template series and standard paragraphs.

var orgRoots = []string{
	"Halvorsen", "Northgate", "Brightwater", "Calloway", "Dunmore", "Everwood", "Fairbank", "Greystone",
	"Holloway", "Ironbridge", "Kestrel", "Larchmont", "Mereside", "Norcross", "Oakhurst", "Pemberton",
	"Quarry Hill", "Redfern", "Saltmarsh", "Thornbury", "Upland", "Valemont", "Westmarch", "Yarrow",
	"Ashcombe", "Birchfield", "Coldharbour", "Drayfield", "Elmstead", "Foxley", "Glenmore", "Harrowgate",
	"Inverleigh", "Juniper", "Kingsmere", "Lowther", "Marchbank", "Netherby", "Orwell", "Penrose",
	"Ravensworth", "Stonehaven", "Tamworth", "Ullswater", "Verity", "Whitmore", "Aldgate", "Brackley",
}

var orgKinds = []string{
	"Holdings", "Group", "Industries", "Capital", "Energy", "Bank", "Airlines", "Mining Corp",
	"Pharmaceuticals", "Motors", "Telecom", "Shipping", "Foods", "Steel", "Insurance", "Logistics",
	"Port Authority", "City Council", "Workers Union", "Water Board",
}

var placeRoots = []string{
	"Ashby", "Brenton", "Carrick", "Delmar", "Eskdale", "Fernhill", "Gorsey", "Hallam", "Ilford",
	"Kelso", "Linwood", "Morden", "Nettleham", "Ormsby", "Pellow", "Rushden", "Selby", "Tolland",
	"Uxley", "Wyndham", "Alder", "Burrow", "Cranleigh", "Dovercourt", "Eastleigh", "Frampton",
	"Gilling", "Hexham", "Kirkby", "Lydford",
}

var placeKinds = []string{
	"Harbour", "Valley", "Heights", "County", "Basin", "Bridge", "Point", "Crossing", "Reservoir", "Estate",
}

// storyPerson returns a person of a big story: person's name with a middle initial, so that
// stories draw from some 23,000 names rather than person's 900.
func storyPerson(r *rand.Rand) string {
	name := person(r)
	sp := strings.IndexByte(name, ' ')
	return name[:sp] + " " + string(rune('A'+r.IntN(26))) + "." + name[sp:]
}

// organisation returns an invented company or public body.
func organisation(r *rand.Rand) string {
	return orgRoots[r.IntN(len(orgRoots))] + " " + orgKinds[r.IntN(len(orgKinds))]
}

// place returns an invented place.
func place(r *rand.Rand) string {
	return placeRoots[r.IntN(len(placeRoots))] + " " + placeKinds[r.IntN(len(placeKinds))]
}

// figure returns an amount as news prints it: "4.7 billion dollars", "312 million dollars",
// "12.5 percent" or "18,450".
func figure(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("%d.%d billion dollars", 1+r.IntN(99), r.IntN(10))
	case 1:
		return fmt.Sprintf("%d million dollars", 10+r.IntN(990))
	case 2:
		return fmt.Sprintf("%d.%d percent", r.IntN(30), 1+r.IntN(9))
	default:
		return fmt.Sprintf("%d,%03d", 1+r.IntN(99), r.IntN(1000))
	}
}

// distinct draws k different values from draw (or fewer, when draw repeats itself).
func distinct(k int, draw func() string) []string {
	var out []string
	for tries := 0; len(out) < k && tries < 20*k; tries++ {
		v := draw()
		dup := false
		for _, o := range out {
			dup = dup || o == v
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}
