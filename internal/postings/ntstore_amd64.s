//go:build !purego

#include "textflag.h"

// func storeLineNT(dst *uint64, src *uint64)
// Stores the 64 bytes at src to dst (64-byte aligned) with a non-temporal store: written to
// memory without reading the line into the cache first.
TEXT ·storeLineNT(SB), NOSPLIT, $0-16
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	VMOVDQU64 (SI), Z0
	VMOVNTDQ Z0, (DI)
	VZEROUPPER
	RET

// func storeFence()
TEXT ·storeFence(SB), NOSPLIT, $0
	SFENCE
	RET
