#include "textflag.h"

// The slot offsets 0…7 of one vector of eight slots.
DATA slotIndex<>+0(SB)/8, $0
DATA slotIndex<>+8(SB)/8, $1
DATA slotIndex<>+16(SB)/8, $2
DATA slotIndex<>+24(SB)/8, $3
DATA slotIndex<>+32(SB)/8, $4
DATA slotIndex<>+40(SB)/8, $5
DATA slotIndex<>+48(SB)/8, $6
DATA slotIndex<>+56(SB)/8, $7
GLOBL slotIndex<>(SB), RODATA|NOPTR, $64

// func minwiseVector(sig, v1, v2 []uint64)
// For each element j: Z2 = v1[j] + (0…7)·v2[j], then for each vector k of eight slots
// sig[8k:8k+8] = min(sig[8k:8k+8], Z2) and Z2 += 8·v2[j].
TEXT ·minwiseVector(SB), NOSPLIT, $0-72
	MOVQ sig_base+0(FP), DI
	MOVQ sig_len+8(FP), CX
	SHRQ $3, CX
	MOVQ v1_base+24(FP), SI
	MOVQ v1_len+32(FP), BX
	MOVQ v2_base+48(FP), DX
	VMOVDQU64 slotIndex<>(SB), Z31

element:
	VPBROADCASTQ (SI), Z0
	VPBROADCASTQ (DX), Z1
	VPMULLQ Z31, Z1, Z2
	VPADDQ Z0, Z2, Z2
	VPSLLQ $3, Z1, Z3
	MOVQ DI, R8
	MOVQ CX, R9

vector:
	VPMINUQ (R8), Z2, Z4
	VMOVDQU64 Z4, (R8)
	VPADDQ Z3, Z2, Z2
	ADDQ $64, R8
	DECQ R9
	JNZ vector

	ADDQ $8, SI
	ADDQ $8, DX
	DECQ BX
	JNZ element

	VZEROUPPER
	RET
