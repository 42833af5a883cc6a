package pipeline

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortPostings(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 100, 1 << 16, 300000} {
		s := make([]uint64, n)
		for i := range s {
			switch i % 3 {
			case 0:
				s[i] = rng.Uint64()
			case 1:
				s[i] = rng.Uint64() >> 60 << 56 // few distinct top bytes
			default:
				s[i] = uint64(rng.IntN(1000))
			}
		}
		want := slices.Clone(s)
		slices.Sort(want)
		sortPostings(s)
		if !slices.Equal(s, want) {
			t.Fatalf("sortPostings of %d values is not sorted", n)
		}
	}
}
