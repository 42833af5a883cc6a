//go:build !purego

package pipeline

import (
	"golang.org/x/sys/cpu"

	"github.com/neardup/neardup/internal/kernel"
)

// minwiseSupport says which paths of minwise run on this CPU: AVX-512 needs F (unsigned 64-bit
// minimum) and DQ (64-bit multiplication), AVX2 only itself; x/sys/cpu also checks that the OS
// saves the vector registers.
func minwiseSupport(p kernel.Path) (bool, string) {
	switch p {
	case kernel.AVX512:
		return hasAVX512FDQ()
	case kernel.AVX2:
		return cpu.X86.HasAVX2, "this CPU lacks AVX2"
	}
	return true, ""
}

// hasAVX512FDQ says whether the CPU has AVX-512 F and DQ, which the AVX-512 kernels of this
// package need (unsigned 64-bit minimums, 64-bit multiplication), and if not, why.
func hasAVX512FDQ() (bool, string) {
	return cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ, "this CPU lacks one of AVX-512 F and DQ"
}

// minwiseAVX512 is minwise in AVX-512 for len(sig) > 0 and len(v2) = len(v1) > 0.
//
//go:noescape
func minwiseAVX512(sig, v1, v2 []uint64)

// minwiseAVX2 is minwise in AVX2 for len(sig) > 0 and len(v2) = len(v1) > 0.
//
//go:noescape
func minwiseAVX2(sig, v1, v2 []uint64)
