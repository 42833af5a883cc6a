//go:build !amd64 || purego

package shingle

import "github.com/neardup/neardup/internal/kernel"

// winnowSupport says that only the generic path runs: the vector kernels are amd64 assembly,
// left out by the purego tag.
func winnowSupport(p kernel.Path) (bool, string) {
	return p == kernel.Generic, "no assembly in this build (purego tag, or not amd64)"
}

// winnow4AVX512 and winnow4AVX2 are never called where winnowSupport refuses them.
func winnow4AVX512(sh *Shingle, n int, dst *Shingle) int {
	panic("winnow4AVX512: no assembly in this build")
}

func winnow4AVX2(sh *Shingle, n int, dst *Shingle) int {
	panic("winnow4AVX2: no assembly in this build")
}
