//go:build !purego

package pipeline

import (
	"golang.org/x/sys/cpu"

	"github.com/neardup/neardup/internal/kernel"
)

// keyMinsSupport says which paths of keyMins run on this CPU: AVX-512 needs F (unsigned 64-bit
// minimum and maximum) and DQ (64-bit multiplication), AVX2 only itself.
func keyMinsSupport(p kernel.Path) (bool, string) {
	switch p {
	case kernel.AVX512:
		return hasAVX512FDQ()
	case kernel.AVX2:
		return cpu.X86.HasAVX2, "this CPU lacks AVX2"
	}
	return true, ""
}

// keyMinsAVX512 is keyMins in AVX-512 for len(hs) > 0, with the multipliers in mult.
//
//go:noescape
func keyMinsAVX512(hs []uint64, mult, m1, m2 *[sentenceKeyBands]uint64)

// keyMinsAVX2 is keyMins in AVX2 for len(hs) > 0, with the multipliers in mult.
//
//go:noescape
func keyMinsAVX2(hs []uint64, mult, m1, m2 *[sentenceKeyBands]uint64)
