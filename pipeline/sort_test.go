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

func TestHashSorter(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var hs hashSorter
	gens := map[string]func(i int) uint64{
		"uniform":    func(int) uint64 { return rng.Uint64() },
		"duplicates": func(int) uint64 { return rng.Uint64() >> 58 << 58 },
		"small":      func(int) uint64 { return uint64(rng.IntN(50)) }, // one bucket: slices.Sort
		"descending": func(i int) uint64 { return ^uint64(i) << 40 },
		"mixed": func(i int) uint64 {
			if i%2 == 0 {
				return rng.Uint64()
			}
			return uint64(i)
		},
	}
	for name, gen := range gens {
		for _, n := range []int{0, 1, 2, 24, 25, 100, 513, 5000} {
			s := make([]uint64, n)
			for i := range s {
				s[i] = gen(i)
			}
			want := slices.Clone(s)
			slices.Sort(want)
			hs.sort(s)
			if !slices.Equal(s, want) {
				t.Fatalf("%s, %d values: not sorted", name, n)
			}
		}
	}
}

func BenchmarkHashSorter(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 10))
	src := make([]uint64, 500)
	for i := range src {
		src[i] = rng.Uint64()
	}
	s := make([]uint64, len(src))
	var hs hashSorter
	b.Run("hashSorter", func(b *testing.B) {
		for b.Loop() {
			copy(s, src)
			hs.sort(s)
		}
	})
	b.Run("slices.Sort", func(b *testing.B) {
		for b.Loop() {
			copy(s, src)
			slices.Sort(s)
		}
	})
}
