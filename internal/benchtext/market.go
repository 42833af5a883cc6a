package benchtext

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// MarketWords are the words every MarketArticle holds: a corpus of such articles weighs them as
// nothing (they are in every document), a pair weighing every word alike as much as any other.
var MarketWords = strings.Fields("the company said shares rose percent in trading on the market as investors " +
	"weighed quarterly results and the outlook for profit margins while analysts expected " +
	"revenue growth to slow next year according to figures released by the firm")

// Disclaimer is a standard paragraph that articles of different stories carry, in our own words,
// beginning and ending with MarketWords: the ends of a shared passage, before its first
// fingerprint and after its last, count as each article's own words.
const Disclaimer = "the company said the market past performance is no guarantee of future returns and readers " +
	"should consult an independent adviser before making any decision about their savings or pensions as " +
	"investors weighed the outlook for the market"

// MarketArticle returns an article of three paragraphs, each MarketWords and own words made up
// of eight letters (26^8 of them: no two articles share one), in an order rng shuffles.
func MarketArticle(rng *rand.Rand, own int) string {
	paras := make([]string, 3)
	for p := range paras {
		ws := slices.Clone(MarketWords)
		for range own {
			b := make([]byte, 8)
			for i := range b {
				b[i] = byte('a' + rng.IntN(26))
			}
			ws = append(ws, string(b))
		}
		rng.Shuffle(len(ws), func(i, j int) { ws[i], ws[j] = ws[j], ws[i] })
		paras[p] = strings.Join(ws, " ") + "."
	}
	return strings.Join(paras, "\n\n")
}
