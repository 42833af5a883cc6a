package shingle

import "golang.org/x/sys/cpu"

// vectorWinnow reports whether winnow4Vector may run: it needs AVX-512 F, BMI2 and POPCNT, and
// an OS that saves the vector registers, which x/sys/cpu checks.
var vectorWinnow = cpu.X86.HasAVX512F && cpu.X86.HasBMI2 && cpu.X86.HasPOPCNT

// winnow4Vector writes at dst the fingerprints of window 4 of sh[:n] (n ≥ 4) and returns how
// many; see the assembly. dst must have room for n+4 Shingles.
//
//go:noescape
func winnow4Vector(sh *Shingle, n int, dst *Shingle) int
