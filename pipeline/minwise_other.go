//go:build !amd64 || purego

package pipeline

import "github.com/neardup/neardup/internal/kernel"

// minwiseSupport says that only the generic path runs: the vector kernels are amd64 assembly,
// left out by the purego tag.
func minwiseSupport(p kernel.Path) (bool, string) {
	return p == kernel.Generic, "no assembly in this build (purego tag, or not amd64)"
}

// minwiseAVX512 and minwiseAVX2 are never called where minwiseSupport refuses them.
func minwiseAVX512(sig, v1, v2 []uint64) { panic("minwiseAVX512: no assembly in this build") }
func minwiseAVX2(sig, v1, v2 []uint64)   { panic("minwiseAVX2: no assembly in this build") }
