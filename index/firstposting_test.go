package index

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestFirstPosting: the search by the fences and the keys between them finds what a binary search
// of all the postings finds, for keys spread evenly, keys repeated over whole blocks, keys
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
			b := make([]byte, 8*n)
			f := make([]byte, 4*fences(uint64(n)))
			for i, k := range keys {
				binary.LittleEndian.PutUint64(b[8*i:], uint64(k)<<32|uint64(i))
				if i%fenceStep == 0 {
					binary.LittleEndian.PutUint32(f[4*(i/fenceStep):], k)
				}
			}
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
			}
		}
	}
}
