package pipeline

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neardup/neardup/internal/kernel"
	"github.com/neardup/neardup/internal/kernel/kerneltest"
)

// keyMinsNaive is keyMins by its definition: every product, sorted, each once.
func keyMinsNaive(hs []uint64) (m1, m2 [sentenceKeyBands]uint64) {
	for b := range m1 {
		var xs []uint64
		for _, h := range hs {
			xs = append(xs, h*keyMultipliers[b])
		}
		slices.Sort(xs)
		xs = slices.Compact(xs)
		m1[b], m2[b] = math.MaxUint64, math.MaxUint64
		if len(xs) > 0 {
			m1[b] = xs[0]
		}
		if len(xs) > 1 {
			m2[b] = xs[1]
		}
	}
	return m1, m2
}

func checkKeyMins(t *testing.T, p kernel.Path, hs []uint64) {
	t.Helper()
	w1, w2 := keyMinsNaive(hs)
	var m1, m2 [sentenceKeyBands]uint64
	for b := range m1 { // what a call leaves in them must not matter
		m1[b], m2[b] = uint64(b), uint64(b)
	}
	keyMinsWith(p, hs, &m1, &m2)
	if m1 != w1 || m2 != w2 {
		t.Fatalf("%s, %d hashes %x: least %x, second %x; want %x, %x", p, len(hs), hs, m1, m2, w1, w2)
	}
}

func TestKeyMins(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	kerneltest.Test(t, keyMinsSupport, func(t *testing.T, p kernel.Path) {
		for _, n := range []int{0, 1, 2, 3, 4, 7, 8, 9, 31, 64, 65, 300} {
			hs := make([]uint64, n)
			for i := range hs {
				hs[i] = r.Uint64()
			}
			checkKeyMins(t, p, hs)
			// the extremes: products that wrap, zero, all ones
			for i := range hs {
				hs[i] = math.MaxUint64 - uint64(i)
			}
			checkKeyMins(t, p, hs)
			for i := range hs {
				hs[i] = uint64(i)
			}
			checkKeyMins(t, p, hs)
			// repeats: of the least, of the second, of every hash, a sentence of one word
			for i := range hs {
				hs[i] = uint64(i % 3)
			}
			checkKeyMins(t, p, hs)
			for i := range hs {
				hs[i] = r.Uint64() % 5
			}
			checkKeyMins(t, p, hs)
			for i := range hs {
				hs[i] = 42
			}
			checkKeyMins(t, p, hs)
		}
	})
}

// FuzzKeyMins checks every path that runs here against the definition on arbitrary hashes,
// repeats too.
func FuzzKeyMins(f *testing.F) {
	f.Add([]byte("0123456789abcdef01234567"))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var hs []uint64
		for b := data; len(b) >= 8; b = b[8:] {
			hs = append(hs, binary.LittleEndian.Uint64(b))
		}
		for _, p := range kernel.Runnable(keyMinsSupport) {
			checkKeyMins(t, p, hs)
		}
	})
}

// BenchmarkKeyMins orders a sentence of 12 words under the eight keys by each path
// that runs here.
func BenchmarkKeyMins(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	hs := make([]uint64, 12)
	for i := range hs {
		hs[i] = r.Uint64()
	}
	var m1, m2 [sentenceKeyBands]uint64
	kerneltest.Benchmark(b, keyMinsSupport, func(b *testing.B, p kernel.Path) {
		for b.Loop() {
			keyMinsWith(p, hs, &m1, &m2)
		}
	})
}

func TestDistinctWords(t *testing.T) {
	for _, tc := range []struct {
		words []uint32
		n     int
		want  bool
	}{
		{nil, 4, false},
		{nil, 0, true},
		{[]uint32{1, 2, 3}, 4, false},
		{[]uint32{1, 2, 3, 4}, 4, true},
		{[]uint32{1, 1, 2, 2, 3, 3, 1}, 4, false},
		{[]uint32{5, 5, 5, 5, 5, 6, 7, 5, 8}, 4, true},
		{[]uint32{9, 9}, 1, true},
		{[]uint32{9, 9}, 2, false},
	} {
		if got := distinctWords(tc.words, tc.n); got != tc.want {
			t.Errorf("distinctWords(%v, %d) = %v, want %v", tc.words, tc.n, got, tc.want)
		}
	}
}

// TestSentenceKeysOrderFree: a sentence's keys depend on the set of its words, not on their
// order or repeats (the first pass takes the words as they come, unsorted).
func TestSentenceKeysOrderFree(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 200 {
		n := 1 + r.IntN(20)
		words := make([]uint32, n)
		for i := range words {
			words[i] = r.Uint32()
		}
		shuffled := slices.Clone(words)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for range r.IntN(4) { // repeats, anywhere
			k := r.IntN(len(shuffled) + 1)
			shuffled = slices.Insert(shuffled, k, words[r.IntN(n)])
		}
		sorted := slices.Sorted(slices.Values(words))
		want := appendSentenceKeys(nil, []sentence{{words: sorted}})
		got := appendSentenceKeys(nil, []sentence{{words: shuffled}})
		if !slices.Equal(got, want) {
			t.Fatalf("words %v: keys %x; in order %v: %x", shuffled, got, sorted, want)
		}
		if distinct := len(slices.Compact(slices.Clone(sorted))); (len(want) > 0) != (distinct >= minKeyWords) {
			t.Fatalf("%d distinct words gave %d keys", distinct, len(want))
		}
	}
}

func TestSortedTags(t *testing.T) {
	tagged := func(doc, tag int32) int32 { return doc<<sentenceTagBits | tag }
	for _, tc := range []struct{ in, want []int32 }{
		{nil, nil},
		{[]int32{tagged(1, 3)}, []int32{tagged(1, 3)}},
		{[]int32{tagged(1, 3), tagged(2, 1), tagged(5, 0)}, []int32{tagged(1, 3), tagged(2, 1), tagged(5, 0)}},
		// a document's tags in sentence order (15, then 1 of sentence 17), and a repeat
		{[]int32{tagged(1, 15), tagged(1, 1), tagged(1, 15), tagged(4, 2)}, []int32{tagged(1, 1), tagged(1, 15), tagged(4, 2)}},
		{[]int32{tagged(0, 2), tagged(3, 9), tagged(3, 9)}, []int32{tagged(0, 2), tagged(3, 9)}},
	} {
		if got := sortedTags(slices.Clone(tc.in)); !slices.Equal(got, tc.want) {
			t.Errorf("sortedTags(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
