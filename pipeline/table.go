package pipeline

import (
	"slices"

	"github.com/neardup/neardup/shingle"
)

// shingleTable indexes a document's shingles by hash for aligning: each distinct hash, the
// positions that have it (in order), and how many distinct hashes there are, in a hash table
// (open addressing, at most half full) built in one pass. Aligning looks each distinct hash of
// one document up in the other's table: no sorting on either side, where a join of two sorted
// indexes needed both documents sorted. It keeps its memory from one document to the next.
type shingleTable struct {
	slots []int32  // k+1 for the distinct hash keys[k] placed there; 0 for empty
	mask  uint64   // len(slots)-1
	keys  []uint64 // the distinct hashes, in order of their first position
	first []int32  // first[k]: the first position with hash keys[k]
	last  []int32  // last[k]: the last position with it (while building)
	next  []int32  // next[p]: the next position with the hash of position p, or -1
}

// build indexes sh (positions 0, 1, …), replacing what t held.
func (t *shingleTable) build(sh []shingle.Shingle) {
	size := 16
	for size < 2*len(sh) {
		size *= 2
	}
	if cap(t.slots) < size {
		t.slots = make([]int32, size)
	}
	t.slots = t.slots[:size]
	clear(t.slots)
	t.mask = uint64(size - 1)
	n := len(sh)
	t.keys = slices.Grow(t.keys[:0], n)[:n]
	t.first = slices.Grow(t.first[:0], n)[:n]
	t.last = slices.Grow(t.last[:0], n)[:n]
	t.next = slices.Grow(t.next[:0], n)[:n]
	slots, keys, first, last, next, mask := t.slots, t.keys, t.first, t.last, t.next, t.mask
	nk := int32(0)
	for p, s := range sh {
		next[p] = -1
		for i := s.Hash & mask; ; i = (i + 1) & mask {
			k := slots[i] - 1
			if k < 0 { // a new hash
				slots[i] = nk + 1
				keys[nk], first[nk], last[nk] = s.Hash, int32(p), int32(p)
				nk++
				break
			}
			if keys[k] == s.Hash { // one more place of it
				next[last[k]] = int32(p)
				last[k] = int32(p)
				break
			}
		}
	}
	t.keys, t.first, t.last = keys[:nk], first[:nk], last[:nk]
}

// find returns k with keys[k] = h, or -1 when no shingle has hash h.
func (t *shingleTable) find(h uint64) int32 {
	if len(t.slots) == 0 {
		return -1
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		k := t.slots[i] - 1
		if k < 0 || t.keys[k] == h {
			return k
		}
	}
}

// distinct returns the number of distinct hashes: the size of the document's shingle set.
func (t *shingleTable) distinct() int { return len(t.keys) }
