package corpus

import "slices"

// Stock phrases. Unrelated articles drawn from the same model share long runs of words when
// both walk one of the well-worn paths of the training text: "filed a registration statement
// with the Securities and Exchange Commission", "is available in denominations of 1,000 and
// 10,000". Backing off at random breaks such paths too rarely, and backing off everywhere
// ruins the prose, so the back-off is aimed: a chain whose last phraseLen tokens were seen at
// least stockCount times in training draws its next token from the order-1 model. That is
// about 28% of draws on the Reuters model. The phrases are kept as a bitset of their hashes; a
// false positive (about 1 in 35 at Reuters' 118,000 phrases) only adds a back-off.
//
// Measured on 2,000 articles from the Reuters model (TestAccidentalOverlap), unrelated pairs
// sharing a run of 8 or more words, boilerplate aside, while tuning (seeds 2 and 3):
//
//	no phrase breaking, back-off 0.1 / 0.6:          320 pairs (seed 1)
//	phraseLen 5, stockCount 3, back-off 0.1 / 0.9:   55, 52
//	phraseLen 4, stockCount 3, back-off 0.05 / 0.9:  19, 18
//	phraseLen 3, stockCount 3, back-off 0.05 / 0.6:  15, 15
//	phraseLen 3, stockCount 3, back-off 0.05 / 0.3:  75, 64  (rare paths copied whole)
//	phraseLen 3, stockCount 3, back-off 0.05 / 0.8:  13, 5   (the defaults)
//
// and with the defaults as they stand, for seeds 1 to 4: 7, 11, 7 and 2 pairs.

const (
	phraseLen  = 3
	stockCount = 3
	stockBits  = 22 // 4M bits, 512 KiB: fits the L2 cache
	phraseMul  = 0x9e3779b97f4a7c15
)

// phrasePow is phraseMul^(phraseLen-1), to drop the oldest token from a rolling hash.
var phrasePow = func() uint64 {
	p := uint64(1)
	for range phraseLen - 1 {
		p *= phraseMul
	}
	return p
}()

// stockSlot maps a phrase hash to its bit.
func stockSlot(h uint64) uint64 { return (h * 0xd6e8feb86659fd93) >> (64 - stockBits) }

// markStock sets the bits of the phrases of phraseLen tokens that occur at least stockCount
// times in the sentences (each ended by eos).
func (m *Model) markStock(sentences []uint32) {
	var hashes []uint64
	var ring phrase
	for _, t := range sentences {
		if t == eos {
			ring = phrase{}
			continue
		}
		if ring.push(t) {
			hashes = append(hashes, ring.h)
		}
	}
	slices.Sort(hashes)
	m.stock = make([]uint64, 1<<stockBits/64)
	for i := 0; i < len(hashes); {
		j := i + 1
		for j < len(hashes) && hashes[j] == hashes[i] {
			j++
		}
		if j-i >= stockCount {
			s := stockSlot(hashes[i])
			m.stock[s>>6] |= 1 << (s & 63)
			m.info.StockPhrases++
		}
		i = j
	}
}

// phrase is the rolling hash of the last phraseLen tokens of a sentence.
type phrase struct {
	last [phraseLen]uint32
	n    int // tokens pushed
	h    uint64
}

// push adds token t and reports whether the hash now covers phraseLen tokens.
func (p *phrase) push(t uint32) bool {
	i := p.n % phraseLen
	p.h = (p.h-uint64(p.last[i])*phrasePow)*phraseMul + uint64(t)
	p.last[i] = t
	p.n++
	return p.n >= phraseLen
}
