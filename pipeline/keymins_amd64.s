//go:build !purego

#include "textflag.h"

// func keyMinsAVX512(hs []uint64, mult, m1, m2 *[8]uint64)
// Z1 and Z2 hold the eight keys' least and second least values, Z3 the multipliers; for each
// hash h: X = h·mult, Y = max(X, Z1) but all ones where X = Z1 (a repeat of the least),
// Z2 = min(Z2, Y), Z1 = min(Z1, X).
TEXT ·keyMinsAVX512(SB), NOSPLIT, $0-48
	MOVQ hs_base+0(FP), SI
	MOVQ hs_len+8(FP), CX
	MOVQ mult+24(FP), AX
	MOVQ m1+32(FP), DI
	MOVQ m2+40(FP), DX
	VMOVDQU64  (AX), Z3
	VPTERNLOGQ $0xff, Z1, Z1, Z1 // all ones: math.MaxUint64
	VMOVDQA64  Z1, Z2

loop:
	VPBROADCASTQ (SI), Z0
	VPMULLQ      Z3, Z0, Z0
	VPCMPEQQ     Z1, Z0, K1
	VPMAXUQ      Z1, Z0, Z4
	VPTERNLOGQ   $0xff, Z4, Z4, K1, Z4
	VPMINUQ      Z4, Z2, Z2
	VPMINUQ      Z0, Z1, Z1
	ADDQ         $8, SI
	DECQ         CX
	JNZ          loop

	VMOVDQU64 Z1, (DI)
	VMOVDQU64 Z2, (DX)
	VZEROUPPER
	RET
