//go:build !purego

package postings

import "golang.org/x/sys/cpu"

// vectorStore reports whether storeLineNT may run (AVX-512 F).
var vectorStore = cpu.X86.HasAVX512F

// storeLineNT writes the 64 bytes at src to dst, 64-byte aligned, around the cache.
//
//go:noescape
func storeLineNT(dst, src *uint64)

// storeFence makes the non-temporal stores before it visible before any store after it.
func storeFence()
