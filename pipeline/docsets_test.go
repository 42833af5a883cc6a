package pipeline

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSigTable holds the signature table to a map, through its growth, with the signature 0
// and signatures that collide in the low bits.
func TestSigTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var tab sigTable
	want := map[uint64]int32{}
	for i := range 20000 {
		var sig uint64
		switch rng.IntN(4) {
		case 0:
			sig = uint64(rng.IntN(64)) // small: the same low bits, and 0
		case 1:
			sig = uint64(rng.IntN(64)) << 40 // low bits all 0
		default:
			sig = rng.Uint64()
		}
		v := int32(i)
		got, found := tab.getOrPut(sig, v)
		old, ok := want[sig]
		switch {
		case ok && (!found || got != old):
			t.Fatalf("getOrPut(%#x) = %d, %v; want %d, true", sig, got, found, old)
		case !ok && (found || got != v):
			t.Fatalf("getOrPut(%#x) = %d, %v; want %d, false", sig, got, found, v)
		case !ok:
			want[sig] = v
		}
	}
	for sig, v := range want {
		if got, found := tab.getOrPut(sig, -1); !found || got != v {
			t.Fatalf("after growing, getOrPut(%#x) = %d, %v; want %d, true", sig, got, found, v)
		}
	}
}

// TestSortUnder holds sortUnder to slices.Sort, for cuts from a sliver of the range to all of it
// and for keys crowded on a few words.
func TestSortUnder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var tmp []uint64
	for trial := range 2000 {
		cut := uint64(1) << 32
		if trial%3 != 0 {
			cut = 1 + rng.Uint64N(1<<32)
		}
		keys := make([]uint64, rng.IntN(300))
		for i := range keys {
			w := rng.Uint64N(cut)
			if trial%5 == 0 {
				w = rng.Uint64N(min(cut, 4)) // repeated words
			}
			keys[i] = w<<32 | uint64(rng.Uint32())
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		tmp = sortUnder(keys, cut, tmp)
		if !slices.Equal(keys, want) {
			t.Fatalf("trial %d (cut %#x, %d keys): sortUnder = %x, want %x", trial, cut, len(keys), keys, want)
		}
	}
}
