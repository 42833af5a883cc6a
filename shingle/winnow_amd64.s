#include "textflag.h"

// The even quadwords of two vectors: the hashes of eight Shingles (hash, position) in a row.
DATA evenIndex<>+0(SB)/8, $0
DATA evenIndex<>+8(SB)/8, $2
DATA evenIndex<>+16(SB)/8, $4
DATA evenIndex<>+24(SB)/8, $6
DATA evenIndex<>+32(SB)/8, $8
DATA evenIndex<>+40(SB)/8, $10
DATA evenIndex<>+48(SB)/8, $12
DATA evenIndex<>+56(SB)/8, $14
GLOBL evenIndex<>(SB), RODATA|NOPTR, $64

// LOADBLOCK loads the eight Shingles at off(R9) into Z12 (the first four) and Z13, with AX
// shingles there to read (any number, negative too): the rest are zero, and unread. It uses CX,
// DX, K1 and K2, R13 = 8 and R14 = 0xff.
#define LOADBLOCK(off) \
	XORQ CX, CX \
	CMPQ AX, CX \
	CMOVQLT CX, AX \
	CMPQ AX, R13 \
	CMOVQGT R13, AX \
	LEAQ (AX)(AX*1), CX \
	BZHIQ CX, R14, DX \
	KMOVW DX, K1 \
	SUBQ $4, AX \
	XORQ CX, CX \
	CMPQ AX, CX \
	CMOVQLT CX, AX \
	SHLQ $1, AX \
	BZHIQ AX, R14, DX \
	KMOVW DX, K2 \
	VMOVDQU64.Z off(R9), K1, Z12 \
	VMOVDQU64.Z off+64(R9), K2, Z13

// func winnow4Vector(sh *Shingle, n int, dst *Shingle) int
// Appends at dst, in order, the shingles of sh[:n] (n ≥ 4) that are fingerprints of window 4
// and returns how many: shingle p is one when, with L its neighbours just before it (up to 3)
// whose hashes are at least its own and R those just after it (up to 3) whose hashes are
// greater, L+R ≥ 3. Eight positions are decided at once. Hashes past the end read as zero, which
// is greater than none; the first block's missing left neighbours are masked out. It writes up
// to four Shingles past the last one it appends: dst needs room for n+4.
TEXT ·winnow4Vector(SB), NOSPLIT, $0-32
	MOVQ sh+0(FP), R9
	MOVQ n+8(FP), BX
	MOVQ dst+16(FP), DI
	VMOVDQU64 evenIndex<>(SB), Z31
	MOVQ $0xff, R14
	MOVQ $8, R13
	MOVQ $0xfe, R10 // left neighbours there: 1, 2 and 3 back (block 0)
	MOVQ $0xfc, R11
	MOVQ $0xf8, R12
	XORQ R8, R8     // the block's first position

	VPXORQ Z0, Z0, Z0 // the hashes before the block (block 0: none, masked)
	MOVQ BX, AX
	LOADBLOCK(0)
	VMOVDQA64 Z12, Z10 // the block's Shingles
	VMOVDQA64 Z13, Z11
	VMOVDQA64 Z12, Z1  // and their hashes
	VPERMT2Q Z13, Z31, Z1

block:
	// Z2: the hashes of the block after
	MOVQ BX, AX
	SUBQ R8, AX
	SUBQ $8, AX
	LOADBLOCK(128)
	VMOVDQA64 Z12, Z2
	VPERMT2Q Z13, Z31, Z2

	VALIGNQ $7, Z0, Z1, Z3 // h[p-1]
	VALIGNQ $6, Z0, Z1, Z4 // h[p-2]
	VALIGNQ $5, Z0, Z1, Z5 // h[p-3]
	VALIGNQ $1, Z1, Z2, Z6 // h[p+1]
	VALIGNQ $2, Z1, Z2, Z7 // h[p+2]
	VALIGNQ $3, Z1, Z2, Z8 // h[p+3]
	VPCMPUQ $5, Z1, Z3, K1 // h[p-1] ≥ h[p]
	VPCMPUQ $5, Z1, Z4, K2
	VPCMPUQ $5, Z1, Z5, K3
	VPCMPUQ $6, Z1, Z6, K4 // h[p+1] > h[p]
	VPCMPUQ $6, Z1, Z7, K5
	VPCMPUQ $6, Z1, Z8, K6

	KMOVW K1, AX // L ≥ 1
	ANDL  R10, AX
	KMOVW K2, CX // L ≥ 2
	ANDL  R11, CX
	ANDL  AX, CX
	KMOVW K3, DX // L ≥ 3
	ANDL  R12, DX
	ANDL  CX, DX
	KMOVW K4, SI // R ≥ 1
	ANDL  SI, CX // L ≥ 2 and R ≥ 1
	ORL   CX, DX
	KMOVW K5, CX // R ≥ 2
	ANDL  SI, CX
	ANDL  CX, AX // L ≥ 1 and R ≥ 2
	ORL   AX, DX
	KMOVW K6, AX // R ≥ 3
	ANDL  CX, AX
	ORL   AX, DX

	// only positions before n
	MOVQ    BX, AX
	SUBQ    R8, AX
	CMPQ    AX, R13
	CMOVQGT R13, AX
	BZHIQ   AX, R14, AX
	ANDL    AX, DX

	// append the marked Shingles: a whole vector stored, the pointer moved past those kept
	MOVL        $0x55, CX
	PDEPL       CX, DX, AX // bit j of the first four to bit 2j, then to 2j+1 too
	LEAL        (AX)(AX*2), AX
	KMOVW       AX, K1
	VPCOMPRESSQ Z10, K1, Z20
	VMOVDQU64   Z20, (DI)
	POPCNTL     AX, AX
	SHLQ        $3, AX
	ADDQ        AX, DI
	SHRL        $4, DX
	PDEPL       CX, DX, DX
	LEAL        (DX)(DX*2), DX
	KMOVW       DX, K1
	VPCOMPRESSQ Z11, K1, Z20
	VMOVDQU64   Z20, (DI)
	POPCNTL     DX, DX
	SHLQ        $3, DX
	ADDQ        DX, DI

	MOVQ $0xff, R10 // past block 0 every left neighbour is there
	MOVQ R14, R11
	MOVQ R14, R12
	VMOVDQA64 Z1, Z0
	VMOVDQA64 Z2, Z1
	VMOVDQA64 Z12, Z10
	VMOVDQA64 Z13, Z11
	ADDQ $8, R8
	ADDQ $128, R9
	CMPQ R8, BX
	JLT  block

	SUBQ dst+16(FP), DI
	SHRQ $4, DI
	MOVQ DI, ret+24(FP)
	VZEROUPPER
	RET
