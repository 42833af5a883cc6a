package index

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// postingsOf lays out sorted keys as a section's postings (key<<32 | i) and their fences.
func postingsOf(keys []uint32) (b, f []byte) {
	b = make([]byte, 8*len(keys))
	f = make([]byte, 4*fences(uint64(len(keys))))
	for i, k := range keys {
		binary.LittleEndian.PutUint64(b[8*i:], uint64(k)<<32|uint64(i))
		if i%fenceStep == 0 {
			binary.LittleEndian.PutUint32(f[4*(i/fenceStep):], k)
		}
	}
	return b, f
}

// TestFirstPosting: the search by the fences and the keys between them, and seekPosting from
// anywhere before the answer, find what a binary search of all the postings finds, for keys spread evenly, keys repeated over whole blocks, keys
// between, before and after all of them, at sizes around a block's.
func TestFirstPosting(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 1))
	for _, n := range []int{0, 1, 2, fenceStep - 1, fenceStep, fenceStep + 1, 3*fenceStep + 7, 20 * fenceStep} {
		for _, spread := range []uint32{math.MaxUint32, 1000, 3} { // even hashes; few keys, each over blocks
			keys := make([]uint32, n)
			for i := range keys {
				keys[i] = uint32(rng.Uint64N(uint64(spread) + 1))
			}
			slices.Sort(keys)
			b, f := postingsOf(keys)
			asks := []uint32{0, 1, math.MaxUint32, spread / 2}
			for _, k := range keys {
				asks = append(asks, k, k+1, k-1)
			}
			for range 200 {
				asks = append(asks, uint32(rng.Uint64N(uint64(spread)+1)))
			}
			for _, key := range asks {
				want := sort.Search(n, func(i int) bool { return keys[i] >= key })
				if got := firstPosting(b, f, n, key); got != want {
					t.Fatalf("n %d, keys up to %d: first posting of %d at %d, want %d", n, spread, key, got, want)
				}
				// from anywhere before it, near or far, as a batch's sorted keys seek it
				for _, from := range []int{0, want, max(0, want-1), max(0, want-seekNear), max(0, want-seekNear-1), rng.IntN(want + 1)} {
					if got := seekPosting(b, f, n, from, key); got != want {
						t.Fatalf("n %d, keys up to %d: posting of %d sought from %d at %d, want %d", n, spread, key, from, got, want)
					}
				}
			}
		}
	}
}

// FuzzFirstPosting: firstPosting, and seekPosting from before the answer, against a binary search
// of all the postings, on postings made
// from the input: each byte pair a key step (0 repeats a key), so that runs of one key, gaps and
// keys near the ends all come up.
func FuzzFirstPosting(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 200, 3}, uint32(3))
	f.Add(make([]byte, 2*fenceStep+6), uint32(0))
	f.Add([]byte{255, 255, 255, 255, 1}, uint32(math.MaxUint32))
	f.Fuzz(func(t *testing.T, steps []byte, key uint32) {
		var keys []uint32
		k := uint64(0)
		for i := 0; i+1 < len(steps) && len(keys) < 8*fenceStep; i += 2 {
			// steps up to 2^24: keys spread over the whole range in a few hundred postings
			if k += uint64(steps[i])<<16 | uint64(steps[i+1]); k > math.MaxUint32 {
				break
			}
			keys = append(keys, uint32(k))
		}
		n := len(keys)
		b, fs := postingsOf(keys)
		for _, ask := range []uint32{key, 0, math.MaxUint32} {
			want := sort.Search(n, func(i int) bool { return keys[i] >= ask })
			if got := firstPosting(b, fs, n, ask); got != want {
				t.Fatalf("%d keys: first posting of %d at %d, want %d", n, ask, got, want)
			}
			for _, from := range []int{0, want / 2, max(0, want-seekNear), want} {
				if got := seekPosting(b, fs, n, from, ask); got != want {
					t.Fatalf("%d keys: posting of %d sought from %d at %d, want %d", n, ask, from, got, want)
				}
			}
		}
	})
}
