//go:build !amd64 || purego

package pipeline

import "github.com/neardup/neardup/internal/kernel"

// keyMinsSupport says that only the generic path runs: the vector kernel is amd64 assembly,
// left out by the purego tag.
func keyMinsSupport(p kernel.Path) (bool, string) {
	return p == kernel.Generic, "no assembly in this build (purego tag, or not amd64)"
}

// keyMinsAVX512 is never called where keyMinsSupport refuses it.
func keyMinsAVX512(hs []uint64, mult, m1, m2 *[sentenceKeyBands]uint64) {
	panic("keyMinsAVX512: no assembly in this build")
}

// keyMinsAVX2 is never called where keyMinsSupport refuses it.
func keyMinsAVX2(hs []uint64, mult, m1, m2 *[sentenceKeyBands]uint64) {
	panic("keyMinsAVX2: no assembly in this build")
}
