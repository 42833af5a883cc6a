package pipeline

import "golang.org/x/sys/cpu"

// vectorMinwise reports whether minwiseVector may run: it needs AVX-512 F (unsigned 64-bit
// minimum) and DQ (64-bit multiplication), and an OS that saves the vector registers, which
// x/sys/cpu checks.
var vectorMinwise = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ

// minwiseVector is minwise in AVX-512 for len(sig) a positive multiple of 8 and len(v2) = len(v1) > 0.
//
//go:noescape
func minwiseVector(sig, v1, v2 []uint64)
