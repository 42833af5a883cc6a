//go:build !purego

package pipeline

import "github.com/neardup/neardup/internal/kernel"

// keyMinsSupport says which paths of keyMins run on this CPU: AVX-512 needs F (unsigned 64-bit
// minimum and maximum) and DQ (64-bit multiplication). There is no AVX2 path: AVX2 has neither
// instruction, and none was written.
func keyMinsSupport(p kernel.Path) (bool, string) {
	switch p {
	case kernel.AVX512:
		return hasAVX512FDQ()
	case kernel.AVX2:
		return false, "no AVX2 path: AVX2 has no 64-bit multiplication or unsigned minimum"
	}
	return true, ""
}

// keyMinsAVX512 is keyMins in AVX-512 for len(hs) > 0, with the multipliers in mult.
//
//go:noescape
func keyMinsAVX512(hs []uint64, mult, m1, m2 *[sentenceKeyBands]uint64)
