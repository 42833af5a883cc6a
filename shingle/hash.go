package shingle

import (
	"encoding/binary"
	"slices"
	"unsafe"

	"github.com/neardup/neardup/internal/kernel"
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
	dst, _ = appendHashes(dst, nil, tokens, k)
	return dst
}

// AppendHashesWords is [AppendHashes] that also appends to words the [TokenHash] of every token,
// in order, which hashing the shingles computes on the way: words for the context sketch cost no
// second pass over the text.
func AppendHashesWords(dst []Shingle, words []uint64, tokens []Token, k int) ([]Shingle, []uint64) {
	words = slices.Grow(words, len(tokens))
	return appendHashes(dst, words, tokens, k)
}

// appendHashes is AppendHashes, appending the token hashes to words too when it is not nil.
func appendHashes(dst []Shingle, words []uint64, tokens []Token, k int) ([]Shingle, []uint64) {
	if k < 1 {
		k = 1
	}
	n := len(tokens)
	if n == 0 {
		return dst, words
	}
	w := min(k, n)
	dst = slices.Grow(dst, n-w+1)
	// A shingle hash is murmur3 of its tokens' hashes, 8 bytes each: a token hash is the first
	// or the second half of a 16-byte block (or the tail), and murmur3's first step on it
	// depends on it alone. So each token is hashed once, and its hash mixed both ways once
	// (mixTokens), into a chunk that the shingles are read from (appendShingles); a chunk
	// starts with the last w-1 tokens of the one before. 256 tokens (4 KiB of stack) hold most
	// Reuters articles (135 words on average) whole.
	var stack [256][2]uint64
	mixed := stack[:]
	if 2*w > len(stack) {
		mixed = make([][2]uint64, n) // absurdly long shingles: one chunk
	}
	pos := 0  // the next shingle's first token
	next := 0 // the next token to hash
	for pos+w <= n {
		// The chunk before, if any, was full: its last next-pos tokens are pos to next-1.
		keep := copy(mixed, mixed[len(mixed)-(next-pos):])
		end := min(n, pos+len(mixed))
		chunk := mixed[:keep+end-next]
		if words != nil {
			words = mixTokensWords(chunk[keep:], words, tokens[next:end])
		} else {
			mixTokens(chunk[keep:], tokens[next:end])
		}
		dst = appendShingles(dst, chunk, w, pos)
		pos = end - w + 1
		next = end
	}
	return dst, words
}

// mixTokens sets mixed[j] to the TokenHash of tokens[j] mixed as the first and as the second
// half of a murmur3 block (mixK1, mixK2).
func mixTokens(mixed [][2]uint64, tokens []Token) {
	mixed = mixed[:len(tokens)]
	for j, t := range tokens {
		h := tokenHash(t.Norm)
		mixed[j] = [2]uint64{mixK1(h), mixK2(h)}
	}
}

// mixTokensWords is mixTokens appending each token's hash to words.
func mixTokensWords(mixed [][2]uint64, words []uint64, tokens []Token) []uint64 {
	mixed = mixed[:len(tokens)]
	for j, t := range tokens {
		h := tokenHash(t.Norm)
		mixed[j] = [2]uint64{mixK1(h), mixK2(h)}
		words = append(words, h)
	}
	return words
}

// tokenHash is TokenHash written out for a word shorter than 16 bytes (nearly all of them: one
// murmur3 tail), to be inlined in the loops over tokens: 12 ns a word instead of 15.5.
func tokenHash(norm string) uint64 {
	data := unsafe.Slice(unsafe.StringData(norm), len(norm))
	if len(data) >= 16 {
		return sum64(data, Seed)
	}
	h1, h2 := uint64(Seed), uint64(Seed)
	switch {
	case len(data) < 8:
		h1 ^= mixK1(loadShort(data))
	case len(data) == 8:
		h1 ^= mixK1(binary.LittleEndian.Uint64(data))
	default:
		h1 ^= mixK1(binary.LittleEndian.Uint64(data))
		h2 ^= mixK2(loadShort(data[8:]))
	}
	return murmurFinal(h1, h2, uint64(len(data)))
}

// appendShingles appends the shingles of w tokens in mixed, from mixTokens, to dst; the first
// token of mixed is token pos of the text.
func appendShingles(dst []Shingle, mixed [][2]uint64, w, pos int) []Shingle {
	if w == 5 {
		// The default shingle, written out: 6.7 ns a shingle instead of 10.7 for the loop.
		for i := 0; i+5 <= len(mixed); i++ {
			m := (*[5][2]uint64)(mixed[i : i+5])
			h1, h2 := murmurRound(Seed, Seed, m[0][0], m[1][1])
			h1, h2 = murmurRound(h1, h2, m[2][0], m[3][1])
			h1 ^= m[4][0]
			dst = append(dst, Shingle{Hash: murmurFinal(h1, h2, 5*8), Pos: pos + i})
		}
		return dst
	}
	for i := 0; i+w <= len(mixed); i++ {
		h1, h2 := uint64(Seed), uint64(Seed)
		j := i
		for ; j+2 <= i+w; j += 2 {
			h1, h2 = murmurRound(h1, h2, mixed[j][0], mixed[j+1][1])
		}
		if j < i+w { // the tail: a first half alone
			h1 ^= mixed[j][0]
		}
		dst = append(dst, Shingle{Hash: murmurFinal(h1, h2, uint64(8*w)), Pos: pos + i})
	}
	return dst
}

// Winnow returns the fingerprints of a sequence of shingles: the rightmost minimum hash of every
// window of w consecutive shingles, each position once, in order. A sequence shorter than w is one
// window. w < 1 is taken as 1 (every shingle is a fingerprint).
func Winnow(shingles []Shingle, w int) []Shingle {
	return AppendWinnow(nil, shingles, w)
}

// winnowPath is the fastest path of the window-4 winnowing that runs on this CPU.
var winnowPath = kernel.Best(winnowSupport)

// AppendWinnow is [Winnow] appending to dst.
func AppendWinnow(dst []Shingle, shingles []Shingle, w int) []Shingle {
	if w == 4 {
		return appendWinnow4(winnowPath, dst, shingles)
	}
	return appendWinnowScan(dst, shingles, w)
}

// appendWinnow4 is AppendWinnow for w = 4 by path p, which must run on this CPU. The vector
// kernels (for 4 shingles or more) rest on a rule that needs no state carried from one position
// to the next, so that many positions are decided at once. A position q is the rightmost minimum
// of some window of four exactly when, with L the shingles just before it (up to 3) whose hashes
// are at least its own and R those just after it (up to 3) whose hashes are greater, L+R ≥ 3: a
// window reaching a ≤ L back and 3-a ≤ R ahead has q as its rightmost minimum, and every window
// holding q is such a window. Every such position is appended, once, in order: the same
// positions the scan finds.
func appendWinnow4(p kernel.Path, dst []Shingle, sh []Shingle) []Shingle {
	if p == kernel.Generic || len(sh) < 4 {
		return appendWinnowScan(dst, sh, 4)
	}
	n := len(dst)
	dst = slices.Grow(dst, len(sh))
	var k int
	if p == kernel.AVX512 {
		k = winnow4AVX512(&sh[0], len(sh), &dst[n:cap(dst)][0])
	} else {
		k = winnow4AVX2(&sh[0], len(sh), &dst[n:cap(dst)][0])
	}
	return dst[:n+k]
}

// winnow4At reports whether shingle p is a fingerprint of window 4 (see appendWinnow4).
func winnow4At(sh []Shingle, p int) bool {
	h := sh[p].Hash
	l := 0
	for q := p - 1; q >= max(p-3, 0) && sh[q].Hash >= h; q-- {
		l++
	}
	r := 0
	for q := p + 1; q <= min(p+3, len(sh)-1) && sh[q].Hash > h; q++ {
		r++
	}
	return l+r >= 3
}

// appendWinnowScan is AppendWinnow by a scan that keeps the current window's minimum.
func appendWinnowScan(dst []Shingle, shingles []Shingle, w int) []Shingle {
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
