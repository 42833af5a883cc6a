//go:build !purego

package shingle

import (
	"golang.org/x/sys/cpu"

	"github.com/neardup/neardup/internal/kernel"
)

// winnowSupport says which paths of the window-4 winnowing run on this CPU: AVX-512 F or AVX2,
// with BMI1 (TZCNT, BLSR) and BMI2 (BZHI); x/sys/cpu also checks that the OS saves the vector
// registers.
func winnowSupport(p kernel.Path) (bool, string) {
	switch p {
	case kernel.AVX512:
		return cpu.X86.HasAVX512F && cpu.X86.HasBMI1 && cpu.X86.HasBMI2, "this CPU lacks one of AVX-512 F, BMI1 and BMI2"
	case kernel.AVX2:
		return cpu.X86.HasAVX2 && cpu.X86.HasBMI1 && cpu.X86.HasBMI2, "this CPU lacks one of AVX2, BMI1 and BMI2"
	}
	return true, ""
}

// winnow4AVX512 and winnow4AVX2 write at dst the fingerprints of window 4 of sh[:n] (n ≥ 4) and
// return how many; see the assembly. dst must have room for n Shingles.
//
//go:noescape
func winnow4AVX512(sh *Shingle, n int, dst *Shingle) int

//go:noescape
func winnow4AVX2(sh *Shingle, n int, dst *Shingle) int
