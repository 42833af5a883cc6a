package postings

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
		Sort(s)
		if !slices.Equal(s, want) {
			t.Fatalf("Sort of %d values is not sorted", n)
		}
	}
}

func TestHashSorter(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var hs HashSorter
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
			hs.Sort(s)
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
	var hs HashSorter
	b.Run("HashSorter", func(b *testing.B) {
		for b.Loop() {
			copy(s, src)
			hs.Sort(s)
		}
	})
	b.Run("slices.Sort", func(b *testing.B) {
		for b.Loop() {
			copy(s, src)
			slices.Sort(s)
		}
	})
}

func TestSortPostingsPairKeys(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	s := make([]uint64, 200000)
	for i := range s { // pair keys a<<32|b of 5,000 documents: the top 46 bits are zero
		a, b := rng.Uint64N(5000), rng.Uint64N(5000)
		s[i] = a<<32 | b
	}
	want := slices.Clone(s)
	slices.Sort(want)
	Sort(s)
	if !slices.Equal(s, want) {
		t.Fatal("pair keys are not sorted")
	}
}

func TestSortByKey(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, keys := range []func() uint64{
		func() uint64 { return rng.Uint64N(1 << 32) },          // hashes
		func() uint64 { return rng.Uint64N(300) },              // few keys: two bytes constant
		func() uint64 { return 7 },                             // one key
		func() uint64 { return 0xab<<24 | rng.Uint64N(1<<24) }, // one bucket: the top byte constant
		func() uint64 { return rng.Uint64N(256) << 24 },        // the top byte alone varies
		func() uint64 { return rng.Uint64N(1<<12) << 12 },      // the middle digit alone varies
	} {
		for _, n := range []int{1, 2, 1000, 70000} {
			s := make([]uint64, n)
			for i := range s { // documents in order, as the first pass adds them
				s[i] = keys()<<32 | uint64(i/3)
			}
			want := slices.Clone(s)
			slices.Sort(want)
			SortByKey(s, make([]uint64, n))
			if !slices.Equal(s, want) {
				t.Fatalf("%d postings: not sorted", n)
			}
		}
	}
}

func TestPostingsUnordered(t *testing.T) {
	// documents out of order (as a caller other than the first pass might add them) must still
	// come out sorted, each once
	var p List
	rng := rand.New(rand.NewPCG(15, 16))
	want := map[uint32][]int32{}
	for range 5000 {
		k, d := uint32(rng.IntN(40)), int32(rng.IntN(1000))
		p.Add(uint64(k)<<32 | uint64(d))
		want[k] = append(want[k], d)
	}
	for k, d := range want {
		if len(d) < 2 { // a key of one posting makes no call
			delete(want, k)
		}
	}
	p.Groups(func(key uint32, docs []int32) {
		w := want[key]
		slices.Sort(w)
		w = slices.Compact(w)
		if !slices.Equal(docs, w) {
			t.Fatalf("key %d: docs %v, want %v", key, docs, w)
		}
		delete(want, key)
	})
	if len(want) > 0 {
		t.Fatalf("%d keys never seen", len(want))
	}
}

// BenchmarkSortChunk: a chunk's worth of one bucket of fingerprint postings (keys with the same
// top byte, documents in order), as GroupsParallel sorts them.
func BenchmarkSortChunk(b *testing.B) {
	rng := rand.New(rand.NewPCG(17, 18))
	src := make([]uint64, postingsChunk)
	for i := range src {
		src[i] = (0x5a<<24|rng.Uint64N(1<<24))<<32 | uint64(i/200)
	}
	s, tmp := make([]uint64, len(src)), make([]uint64, len(src))
	b.Run("SortByKey", func(b *testing.B) {
		b.SetBytes(int64(8 * len(src)))
		for b.Loop() {
			copy(s, src)
			SortByKey(s, tmp)
		}
	})
	b.Run("slices.Sort", func(b *testing.B) {
		b.SetBytes(int64(8 * len(src)))
		for b.Loop() {
			copy(s, src)
			slices.Sort(s)
		}
	})
}

func TestHashSorter32(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	var hs HashSorter
	for _, n := range []int{0, 1, 24, 25, 200, 3000} {
		for _, gen := range []func() uint32{rng.Uint32, func() uint32 { return uint32(rng.IntN(7)) }} {
			s := make([]uint32, n)
			for i := range s {
				s[i] = gen()
			}
			want := slices.Clone(s)
			slices.Sort(want)
			hs.Sort32(s)
			if !slices.Equal(s, want) {
				t.Fatalf("%d values: not sorted", n)
			}
		}
	}
}

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for _, gen := range []func() uint64{
		rng.Uint64,
		func() uint64 { return rng.Uint64N(200000)<<32 | rng.Uint64N(200000) }, // pair keys
		func() uint64 { return 42 },
		func() uint64 { return rng.Uint64N(3) << 61 },
	} {
		for _, n := range []int{1, 2, 300, 5000} {
			s := make([]uint64, n)
			for i := range s {
				s[i] = gen()
			}
			want := slices.Clone(s)
			slices.Sort(want)
			RadixSort(s, make([]uint64, n))
			if !slices.Equal(s, want) {
				t.Fatalf("%d values: not sorted", n)
			}
		}
	}
}
