package benchtext

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// SeriesItem returns an item of a made-up template series published on day of March: a sale
// barn's report, whose fixed text runs two to eight words between slots (a buyer, a price, a
// place, growers, a change), filled with made-up names and figures that rng draws.
// Winnowing picks the fixed text's fingerprints by the slots around them, so that each is held
// by some of a series' items, not all.
func SeriesItem(rng *rand.Rand, day int) string {
	return fmt.Sprintf("HARLOW JUNCTION, March %d\n\nAt the barn, bids.\n\nA %s buyer for the co-op paid %d.%d cents in %s, "+
		"settling the tally.\n\nThe dry pastures held.\n\nGrowers %s.\n\nStill, prices rose %d.%d percent.",
		day, name(rng), 10+rng.IntN(90), rng.IntN(10), name(rng), name(rng), rng.IntN(20), rng.IntN(10))
}

// SeriesTitle is the title of every SeriesItem published on day of March: the words of its
// letters are one series title.
func SeriesTitle(day int) string { return fmt.Sprintf("Sale barn report, March %d", day) }

// name returns two capitalised words of five to eight letters.
func name(rng *rand.Rand) string {
	var b strings.Builder
	for w := range 2 {
		if w > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(byte('A' + rng.IntN(26)))
		for range 4 + rng.IntN(4) {
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
	}
	return b.String()
}
