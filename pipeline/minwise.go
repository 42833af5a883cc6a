package pipeline

import "github.com/neardup/neardup/internal/kernel"

// The MinHash kernel. go-minhash's MinWise.Push sets slot i of the signature to
// min(sig[i], h1(x) + i·h2(x)) one element and one slot at a time: 105 slots of a 35×3 banding
// cost 1.5 ns each on this project's 2.5 GHz test machine, half of the first pass. minwise
// computes the very same values (FuzzMinwise checks it bit for bit against MinWise.Push) from
// h1 and h2 computed once per element, and replaces the multiplication by an addition:
// h1 + (i+1)·h2 = (h1 + i·h2) + h2, modulo 2⁶⁴ like Push's own arithmetic. On amd64 with
// AVX-512 eight slots are done per instruction, with AVX2 four; elsewhere, or with the purego
// build tag, four slots are kept in registers.

// minwisePath is the fastest path of minwise that runs on this CPU.
var minwisePath = kernel.Best(minwiseSupport)

// minwise folds the elements with hash pairs (v1[j], v2[j]) into sig: for every slot i,
// sig[i] = min(sig[i], v1[j] + i·v2[j]) over all j. len(v2) must be at least len(v1).
func minwise(sig, v1, v2 []uint64) {
	minwiseWith(minwisePath, sig, v1, v2)
}

// minwiseWith is minwise by path p, which must run on this CPU.
func minwiseWith(p kernel.Path, sig, v1, v2 []uint64) {
	if len(v1) == 0 || len(sig) == 0 {
		return
	}
	v2 = v2[:len(v1)]
	switch p {
	case kernel.AVX512:
		minwiseAVX512(sig, v1, v2)
	case kernel.AVX2:
		minwiseAVX2(sig, v1, v2)
	default:
		minwiseGeneric(sig, 0, v1, v2)
	}
}

// minwiseGeneric is minwise for the slots off, off+1, … held in sig, in portable Go: four slots
// at a time, whose minimums stay in registers across all the elements.
func minwiseGeneric(sig []uint64, off int, v1, v2 []uint64) {
	v2 = v2[:len(v1)]
	i := 0
	for ; i+4 <= len(sig); i += 4 {
		m := (*[4]uint64)(sig[i : i+4])
		m0, m1, m2, m3 := m[0], m[1], m[2], m[3]
		step := uint64(off + i)
		for j, a := range v1 {
			d := v2[j]
			h := a + step*d
			m0 = min(m0, h)
			h += d
			m1 = min(m1, h)
			h += d
			m2 = min(m2, h)
			h += d
			m3 = min(m3, h)
		}
		m[0], m[1], m[2], m[3] = m0, m1, m2, m3
	}
	for ; i < len(sig); i++ {
		m, step := sig[i], uint64(off+i)
		for j, a := range v1 {
			m = min(m, a+step*v2[j])
		}
		sig[i] = m
	}
}
