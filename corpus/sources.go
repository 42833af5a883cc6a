package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Source is an invented outlet.
type Source struct {
	Name    string // the "source" field: "northfield-herald"
	Display string // as printed in bylines: "Northfield Herald"

	// Boilerplate is the outlet's house text (30-60 words), fixed for the whole corpus; empty
	// for outlets without one. It is a paragraph of its own, first when Prepend, else last.
	Boilerplate string
	Prepend     bool

	Digest bool // a digest outlet (Options.Digests), which writes only roundups
}

// Random streams: each concern draws from its own PCG stream of the seed, so that changing one
// (say, the outlets) does not shift every article.
const (
	streamSources  = 0x736f7572636573 // "sources"
	streamArticles = 0x61727469636c65 // "article"
)

var sourceNames = []string{
	"northfield-herald", "harbor-city-wire", "lakeside-courier", "granite-post", "riverbend-gazette",
	"summit-daily", "eastport-tribune", "pinecrest-observer", "bayview-ledger", "meridian-times",
	"copper-valley-news", "westgate-chronicle", "silverlake-journal", "redwood-dispatch", "oakmont-record",
	"clearwater-sentinel", "highland-express", "marble-falls-bulletin", "cedar-ridge-press", "stonebridge-standard",
	"fairhaven-examiner", "kingsport-register", "willow-creek-voice", "ironwood-monitor", "seabrook-mercury",
	"ashford-herald", "blue-mesa-report", "crescent-bay-star", "dunmore-leader", "elmwood-globe",
	"foxhill-citizen", "glenview-beacon", "hartwell-inquirer", "juniper-post", "kettle-river-times",
	"lowell-plains-news", "maple-grove-weekly", "newhaven-wire", "orchard-park-daily", "prairie-signal",
}

var firstNames = []string{
	"Maria", "James", "Aisha", "Daniel", "Elena", "Tomas", "Priya", "Samuel", "Grace", "Victor",
	"Hannah", "Kenji", "Laura", "Omar", "Sofia", "Peter", "Nadia", "Lucas", "Ruth", "Marcus",
	"Ingrid", "Felix", "Amara", "Jonah", "Clara", "Rafael", "Mei", "Owen", "Leila", "Simon",
}

var lastNames = []string{
	"Alvarez", "Brennan", "Chowdhury", "Dubois", "Eriksen", "Fontaine", "Garber", "Haddad", "Ishikawa",
	"Jablonski", "Kowalczyk", "Lindqvist", "Mbeki", "Novak", "Okafor", "Petrov", "Quinlan", "Rinaldi",
	"Sandoval", "Takahashi", "Underwood", "Varga", "Whitcombe", "Xu", "Yilmaz", "Zamora", "Ostrowski",
	"Castellano", "Moreau", "Nakamura",
}

var cities = []string{
	"NORTHFIELD", "PORT ELLIS", "GRANVILLE", "MARLOW", "EASTBROOK", "SAN TELMO", "KINGSTON FALLS",
	"BRAMPTON", "LAKE ARDEN", "CALDER", "NEW ROSS", "VELMONT", "HAVERSHAM", "DORRINGTON", "MILLBURY",
	"SOUTHWICK", "ARDENNE", "CASTLEFORD", "WESTON BAY", "TARRANT", "LOWRY", "HALDEN", "QUINCEY POINT",
	"RAVENSHAW", "BELLMORE", "CORVALE", "FENWICK", "GARRISON", "IDLEWOOD", "JASPER RIDGE",
}

var months = []string{"Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

// boilerParts are the sentences a house boilerplate is built from; {S} is the outlet, {P} a
// product name, {D} its web domain, {Y} a year. Each outlet picks its own sentences and fillers,
// and every sentence names the outlet, so two outlets' boilerplates share only short runs.
var boilerParts = []string{
	"Sign up for {P}, the free newsletter of the {S}, and get the day's most important stories in your inbox every morning.",
	"Copyright {Y} by the {S}. All rights reserved. This material from the {S} may not be published, broadcast or redistributed without permission.",
	"Support independent local journalism: become a member of the {S} today at {D} for less than a dollar a week.",
	"Have a news tip? Contact the {S} newsroom at tips@{D}, and follow {P} for updates throughout the day.",
	"The {S} is a member of the Regional Press Trust and follows its code of practice; corrections can be requested at {D}/corrections.",
	"Download the {S} app to read {P}, listen to our podcasts and get breaking news alerts.",
	"This article is part of {P}, a {S} series on the people and places that shape our region.",
	"You have read one of your free articles this month. Subscribe to the {S} at {D} for unlimited access to every story.",
	"Comments on this story are moderated by {S} staff according to our community guidelines, published at {D}/community.",
}

var products = []string{
	"Morning Briefing", "The Daily Five", "Evening Edition", "Weekend Reader", "First Look", "The Ledger Letter",
	"Local Matters", "Newsroom Notes", "The Catch-Up", "Breaking Alerts",
}

// Sources returns the outlets Generate uses for opts (after EnsureDefaults), in the order they
// are numbered, with their boilerplates: opts.Sources outlets, then the digest outlets when
// opts.Digests asks for digests.
func Sources(opts Options) []Source {
	opts.EnsureDefaults()
	r := rand.New(rand.NewPCG(opts.Seed, streamSources))
	out := make([]Source, opts.Sources)
	for i := range out {
		name := sourceNames[i%len(sourceNames)]
		if i >= len(sourceNames) {
			name = fmt.Sprintf("%s-%d", name, i/len(sourceNames)+1)
		}
		out[i] = Source{Name: name, Display: displayName(name)}
	}
	withBoiler := int(float64(len(out))*share(opts.BoilerplateShare) + 0.5)
	for _, i := range r.Perm(len(out))[:withBoiler] {
		out[i].Boilerplate = boilerplate(r, out[i])
		out[i].Prepend = r.IntN(4) == 0
	}
	if share(opts.Digests) > 0 {
		out = append(out, digestOutlets(opts)...)
	}
	return out
}

// displayName turns "northfield-herald" into "Northfield Herald".
func displayName(name string) string {
	parts := strings.Split(name, "-")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, " ")
}

// boilerplate builds one outlet's house text of 30 to 60 words.
func boilerplate(r *rand.Rand, s Source) string {
	domain := strings.ReplaceAll(s.Name, "-", "") + ".example"
	fill := strings.NewReplacer(
		"{S}", s.Display,
		"{P}", products[r.IntN(len(products))],
		"{D}", domain,
		"{Y}", fmt.Sprint(2024-r.IntN(3)),
	)
	// Each sentence has 19 to 28 words, so stopping at 30 or more gives 30 to 57 words.
	var parts []string
	words := 0
	for _, i := range r.Perm(len(boilerParts)) {
		p := fill.Replace(boilerParts[i])
		parts = append(parts, strings.ToUpper(p[:1])+p[1:])
		if words += len(strings.Fields(p)); words >= 30 {
			break
		}
	}
	return strings.Join(parts, " ")
}

// person returns an invented reporter's name.
func person(r *rand.Rand) string {
	return firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
}
