package shingle

import (
	"encoding/binary"
	"math/bits"
)

// The murmur3 x64-128 constants.
const (
	murmurC1 = 0x87c37b91114253d5
	murmurC2 = 0x4cf5ad432745937f
)

// sum64 is MurmurHash3 x64-128 (its first half, as murmur3.Sum64WithSeed returns it) written out
// for the two hashes tokenizing does per word: github.com/spaolacci/murmur3 builds a digest and
// walks a general path, 38 ns a call here for a five-byte word, which was 40% of tokenize+shingle.
// The tail (most words are all tail) is read with at most three loads instead of byte by byte.
// TestSum64 and FuzzSum64 check it bit for bit against the library, which stays the reference.
func sum64(data []byte, seed uint32) uint64 {
	h1, h2 := uint64(seed), uint64(seed)
	n := len(data)
	for len(data) >= 16 {
		k1, k2 := binary.LittleEndian.Uint64(data), binary.LittleEndian.Uint64(data[8:])
		h1, h2 = murmurRound(h1, h2, mixK1(k1), mixK2(k2))
		data = data[16:]
	}
	k1, k2 := loadTail(data)
	h1, h2 = murmurTail(h1, h2, k1, k2)
	return murmurFinal(h1, h2, uint64(n))
}

// loadTail returns the 0 to 15 bytes of b as two little-endian integers, k1 the first 8 and k2
// the rest, zero where b ends.
func loadTail(b []byte) (k1, k2 uint64) {
	switch {
	case len(b) > 8:
		return binary.LittleEndian.Uint64(b), loadShort(b[8:])
	case len(b) == 8:
		return binary.LittleEndian.Uint64(b), 0
	}
	return loadShort(b), 0
}

// loadShort returns the 0 to 7 bytes of b as a little-endian integer, without reading past them:
// two overlapping loads for 4 to 7 bytes, three single bytes (some of them the same) for 1 to 3.
func loadShort(b []byte) uint64 {
	n := len(b)
	switch {
	case n >= 4:
		lo := uint64(binary.LittleEndian.Uint32(b))
		hi := uint64(binary.LittleEndian.Uint32(b[n-4:]))
		return lo | hi<<(8*(n-4))
	case n > 0:
		return uint64(b[0]) | uint64(b[n/2])<<(8*(n/2)) | uint64(b[n-1])<<(8*(n-1))
	}
	return 0
}

// mixK1 and mixK2 are murmur3's first step on the first and the second 8 bytes of a block (or
// of the tail). They depend on those bytes alone, so AppendHashes takes them once per token
// hash rather than once per shingle.
func mixK1(k uint64) uint64 { return bits.RotateLeft64(k*murmurC1, 31) * murmurC2 }
func mixK2(k uint64) uint64 { return bits.RotateLeft64(k*murmurC2, 33) * murmurC1 }

// murmurRound mixes one 16-byte block into h1 and h2, its halves already mixed by mixK1 and mixK2.
func murmurRound(h1, h2, m1, m2 uint64) (uint64, uint64) {
	h1 ^= m1
	h1 = bits.RotateLeft64(h1, 27)
	h1 += h2
	h1 = h1*5 + 0x52dce729
	h2 ^= m2
	h2 = bits.RotateLeft64(h2, 31)
	h2 += h1
	h2 = h2*5 + 0x38495ab5
	return h1, h2
}

// murmurTail mixes the tail, its first 8 bytes k1 and the rest k2 (zero where absent), into h1
// and h2. A zero k1 or k2 leaves h1 or h2 as it was, so a short tail needs no test.
func murmurTail(h1, h2, k1, k2 uint64) (uint64, uint64) {
	return h1 ^ mixK1(k1), h2 ^ mixK2(k2)
}

// murmurFinal mixes the length n into h1 and h2 and returns the first half of the 128-bit hash.
func murmurFinal(h1, h2, n uint64) uint64 {
	h1 ^= n
	h2 ^= n
	h1 += h2
	h2 += h1
	h1 = fmix64(h1)
	h2 = fmix64(h2)
	return h1 + h2
}

func fmix64(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}
