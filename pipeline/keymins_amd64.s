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

// The sign bit of a quadword, for keyMinsAVX2's biased values.
DATA keySignBit<>+0(SB)/8, $0x8000000000000000
GLOBL keySignBit<>(SB), RODATA|NOPTR, $8

// KEYS(M, MH, A1, A2) folds the hash in Y0 (Y1: its high half) into four keys: X = h·M modulo
// 2⁶⁴ from three 32-bit multiplications (MH holds M's high halves), biased; then as in
// keyMinsAVX512, on biased values: Y = max(X, A1) but the biased all ones where X = A1, A2 =
// min(A2, Y), A1 = min(A1, X). It uses Y12-Y15; Y10 holds the sign bit, Y11 the biased all ones.
#define KEYS(M, MH, A1, A2) \
	VPMULUDQ  M, Y0, Y12 \
	VPMULUDQ  M, Y1, Y13 \
	VPMULUDQ  MH, Y0, Y14 \
	VPADDQ    Y14, Y13, Y13 \
	VPSLLQ    $32, Y13, Y13 \
	VPADDQ    Y13, Y12, Y12 \
	VPXOR     Y10, Y12, Y12 \
	VPCMPGTQ  A1, Y12, Y13 \
	VPBLENDVB Y13, Y12, A1, Y14 \
	VPCMPEQQ  A1, Y12, Y15 \
	VPBLENDVB Y15, Y11, Y14, Y14 \
	VPCMPGTQ  Y14, A2, Y15 \
	VPBLENDVB Y15, Y14, A2, A2 \
	VPCMPGTQ  Y12, A1, Y15 \
	VPBLENDVB Y15, Y12, A1, A1

// func keyMinsAVX2(hs []uint64, mult, m1, m2 *[8]uint64)
// AVX2 has neither a 64-bit multiplication nor an unsigned 64-bit minimum: the products are
// made of three 32-bit ones (the low 64 bits of h·m are lo·lo + (hi(h)·lo(m) + lo(h)·hi(m))·2³²),
// and the minimums are kept biased, x ^ 2⁶³, which compare signed (VPCMPGTQ) as the values do
// unsigned. Keys 0-3 are in Y2 (multipliers), Y4 (their high halves), Y6 (least), Y8 (second
// least); keys 4-7 in Y3, Y5, Y7, Y9.
TEXT ·keyMinsAVX2(SB), NOSPLIT, $0-48
	MOVQ hs_base+0(FP), SI
	MOVQ hs_len+8(FP), CX
	MOVQ mult+24(FP), AX
	MOVQ m1+32(FP), DI
	MOVQ m2+40(FP), DX
	VMOVDQU      (AX), Y2
	VMOVDQU      32(AX), Y3
	VPSRLQ       $32, Y2, Y4
	VPSRLQ       $32, Y3, Y5
	VPBROADCASTQ keySignBit<>(SB), Y10
	VPCMPEQQ     Y11, Y11, Y11
	VPXOR        Y10, Y11, Y11 // all ones, biased
	VMOVDQA      Y11, Y6
	VMOVDQA      Y11, Y7
	VMOVDQA      Y11, Y8
	VMOVDQA      Y11, Y9

loop2:
	VPBROADCASTQ (SI), Y0
	VPSRLQ       $32, Y0, Y1
	KEYS(Y2, Y4, Y6, Y8)
	KEYS(Y3, Y5, Y7, Y9)
	ADDQ         $8, SI
	DECQ         CX
	JNZ          loop2

	VPXOR   Y10, Y6, Y6
	VPXOR   Y10, Y7, Y7
	VPXOR   Y10, Y8, Y8
	VPXOR   Y10, Y9, Y9
	VMOVDQU Y6, (DI)
	VMOVDQU Y7, 32(DI)
	VMOVDQU Y8, (DX)
	VMOVDQU Y9, 32(DX)
	VZEROUPPER
	RET
