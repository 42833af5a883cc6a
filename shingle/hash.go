package shingle

import (
	"encoding/binary"
	"slices"
	"unsafe"
)

// Seed is the murmur3 seed of every token and shingle hash, fixed so that runs are reproducible
// and hashes from different runs can be compared.
const Seed = 0x6e656172 // "near"

// Shingle is the hash of k consecutive tokens and the index of the first of them.
type Shingle struct {
	Hash uint64
	Pos  int // index of the shingle's first token
}

// TokenHash is the murmur3 hash of a token's normalised form.
func TokenHash(norm string) uint64 {
	// A read-only view of the string's bytes: murmur3 does not keep or change them, and a copy
	// would cost an allocation for every word longer than the compiler's 32-byte stack buffer.
	return sum64(unsafe.Slice(unsafe.StringData(norm), len(norm)), Seed)
}

// Hashes returns the shingle hashes of every window of k consecutive tokens, in order; a text of
// fewer than k tokens (but at least one) yields one shingle of all of them. k < 1 is taken as 1.
func Hashes(tokens []Token, k int) []Shingle {
	return AppendHashes(nil, tokens, k)
}

// AppendHashes is [Hashes] appending to dst, so that a caller can reuse one slice.
func AppendHashes(dst []Shingle, tokens []Token, k int) []Shingle {
	if k < 1 {
		k = 1
	}
	n := len(tokens)
	if n == 0 {
		return dst
	}
	w := min(k, n)
	var stack [8 * 16]byte
	buf := stack[:0]
	if 8*w > len(stack) {
		buf = make([]byte, 0, 8*w)
	}
	buf = buf[:8*w]
	for j := 0; j < w; j++ {
		binary.LittleEndian.PutUint64(buf[8*j:], TokenHash(tokens[j].Norm))
	}
	dst = slices.Grow(dst, n-w+1)
	dst = append(dst, Shingle{Hash: sum64(buf, Seed), Pos: 0})
	for i := 1; i+w <= n; i++ {
		copy(buf, buf[8:])
		binary.LittleEndian.PutUint64(buf[8*(w-1):], TokenHash(tokens[i+w-1].Norm))
		dst = append(dst, Shingle{Hash: sum64(buf, Seed), Pos: i})
	}
	return dst
}

// Winnow returns the fingerprints of a sequence of shingles: the rightmost minimum hash of every
// window of w consecutive shingles, each position once, in order. A sequence shorter than w is one
// window. w < 1 is taken as 1 (every shingle is a fingerprint).
func Winnow(shingles []Shingle, w int) []Shingle {
	return AppendWinnow(nil, shingles, w)
}

// AppendWinnow is [Winnow] appending to dst.
func AppendWinnow(dst []Shingle, shingles []Shingle, w int) []Shingle {
	n := len(shingles)
	if n == 0 {
		return dst
	}
	if w < 1 {
		w = 1
	}
	if w > n {
		w = n
	}
	// min is the position of the rightmost minimum of the current window [i, i+w).
	min := 0
	for j := 1; j < w; j++ {
		if shingles[j].Hash <= shingles[min].Hash {
			min = j
		}
	}
	dst = append(dst, shingles[min])
	for i := 1; i+w <= n; i++ {
		last := i + w - 1
		switch {
		case min < i: // the minimum left the window: scan it again
			min = i
			for j := i + 1; j <= last; j++ {
				if shingles[j].Hash <= shingles[min].Hash {
					min = j
				}
			}
			dst = append(dst, shingles[min])
		case shingles[last].Hash <= shingles[min].Hash:
			min = last
			dst = append(dst, shingles[min])
		}
	}
	return dst
}

// Set is the sorted, duplicate-free set of a document's shingle hashes.
type Set []uint64

// NewSet returns the set of the shingles' hashes.
func NewSet(shingles []Shingle) Set {
	s := make(Set, len(shingles))
	for i, sh := range shingles {
		s[i] = sh.Hash
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// Intersect returns the number of hashes in both sets.
func (s Set) Intersect(t Set) int {
	n, i, j := 0, 0, 0
	for i < len(s) && j < len(t) {
		switch {
		case s[i] < t[j]:
			i++
		case s[i] > t[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// Jaccard returns |s ∩ t| / |s ∪ t|, and 0 when both are empty.
func (s Set) Jaccard(t Set) float64 {
	inter := s.Intersect(t)
	union := len(s) + len(t) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// Containment returns |s ∩ t| / min(|s|, |t|): the share of the smaller set found in the larger,
// 1 for a truncated copy. It is 0 when either set is empty.
func (s Set) Containment(t Set) float64 {
	m := min(len(s), len(t))
	if m == 0 {
		return 0
	}
	return float64(s.Intersect(t)) / float64(m)
}
