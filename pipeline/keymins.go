package pipeline

import (
	"math"

	"github.com/neardup/neardup/internal/kernel"
)

// The sentence keys' kernel (appendSentenceKeys): each of a sentence's word hashes is ordered
// under each key's odd multiplier (keyMultipliers), and the two least are kept for each key. In
// Go, eight keys' minimums are sixteen values that do not stay in registers, and each word costs
// eight multiplications and twenty-four compares; with AVX-512 one word is one multiplication and
// three minimums of eight lanes. BenchmarkKeyMins, a sentence of 12 words: 204 ns in Go, 17 ns
// with AVX-512; at 200,000 synthetic articles the loop was about 0.5 of the keys' 1.5 CPU
// seconds, and is 0.06. AVX2 has neither instruction: its path makes each product of three
// 32-bit multiplications and compares biased values signed, two vectors of four lanes a word:
// 212 ns in Go, 43 ns in AVX2 on a 2-core AMD EPYC without AVX-512, where the Go loop was 1.05
// of 43.7 CPU seconds of a default scan of 200,000 synthetic articles.

// keyMinsPath is the fastest path of keyMins that runs on this CPU.
var keyMinsPath = kernel.Best(keyMinsSupport)

// keyMins sets m1[b] and m2[b], for each key b, to the least and the second least of the
// distinct values of h·keyMultipliers[b] (modulo 2⁶⁴) over the hashes h of hs, which may repeat:
// the multipliers being odd, two hashes give two products only if they differ. With fewer than
// two distinct hashes the missing values are math.MaxUint64.
func keyMins(hs []uint64, m1, m2 *[sentenceKeyBands]uint64) {
	keyMinsWith(keyMinsPath, hs, m1, m2)
}

// keyMinsWith is keyMins by path p, which must run on this CPU.
func keyMinsWith(p kernel.Path, hs []uint64, m1, m2 *[sentenceKeyBands]uint64) {
	switch {
	case p == kernel.AVX512 && len(hs) > 0:
		keyMinsAVX512(hs, &keyMultipliers, m1, m2)
	case p == kernel.AVX2 && len(hs) > 0:
		keyMinsAVX2(hs, &keyMultipliers, m1, m2)
	default:
		keyMinsGeneric(hs, m1, m2)
	}
}

// keyMinsGeneric is keyMins in portable Go.
func keyMinsGeneric(hs []uint64, m1, m2 *[sentenceKeyBands]uint64) {
	for b := range m1 {
		m1[b], m2[b] = math.MaxUint64, math.MaxUint64
	}
	for _, h := range hs {
		for b := range m1 {
			// the two least, without a branch (mispredicted, they cost a fifth of the keys); a
			// repeat of the least leaves both as they are
			x := h * keyMultipliers[b]
			y := max(x, m1[b])
			if x == m1[b] {
				y = math.MaxUint64
			}
			m2[b] = min(m2[b], y)
			m1[b] = min(m1[b], x)
		}
	}
}
