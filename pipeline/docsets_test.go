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

// TestChainDocsetsOrderFree: chainDocsets's passages do not depend on the order of a document's
// runs in found (Run gives them by position, a runner by docset), and a quote's fragments that
// overlap in most of their documents are one passage while a docset overlapping none stays one
// of its own.
func TestChainDocsetsOrderFree(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	const nDocs, nSets = 30, 12
	// docset i: a stretch of five tokens at 10*i+offset in each document that holds it; docsets
	// 0-5 are a quote in pieces (tokens 0-29 and on), 6-11 lie apart
	docsOf := make([][]int32, nSets)
	for i := range nSets {
		for d := range int32(nDocs) {
			if i < 6 && rng.IntN(10) < 8 || i >= 6 && rng.IntN(3) == 0 {
				docsOf[i] = append(docsOf[i], d)
			}
		}
	}
	found := func() [][]located {
		out := make([][]located, nDocs)
		for i, ds := range docsOf {
			tok, words := int32(4*i), int32(5) // the quote's pieces overlap the next (five tokens, four apart)
			if i >= 6 {
				tok, words = int32(100*i), 9 // a passage apart from everything
			}
			for _, d := range ds {
				out[d] = append(out[d], located{docset: int32(i), start: uint32(6 * tok), end: uint32(6 * (tok + words)), words: words, token: tok, hash: uint64(i + 1)})
			}
		}
		return out
	}
	docs := make([]int32, nDocs)
	for d := range docs {
		docs[d] = int32(d)
	}
	clusterOf := make([]int32, nDocs)
	get := func(i int32) []int32 { return docsOf[i] }
	want := found()
	n := chainDocsets(docs, want, nSets, get, clusterOf, nil, 8)
	if n != 7 {
		t.Fatalf("%d passages, want 7: the quote and the six apart", n)
	}
	quote := 0
	for _, occ := range want {
		for _, o := range occ {
			switch {
			case o.token < 100:
				quote++
				if o.docset != 0 || o.words < 8 {
					t.Errorf("the quote's occurrence %+v: passage %d, want 0 (its smallest docset's), of eight words or more", o, o.docset)
				}
			case o.docset != int32(o.token/100-5) || o.hash != uint64(o.token/100+1):
				t.Errorf("docset %d's occurrence %+v: want passage %d, its hash kept", o.token/100, o, o.token/100-5)
			}
		}
	}
	if quote == 0 {
		t.Error("the quote's pieces made no occurrence of eight words or more")
	}
	for range 20 {
		got := found()
		for k := range got {
			rng.Shuffle(len(got[k]), func(i, j int) { got[k][i], got[k][j] = got[k][j], got[k][i] })
		}
		if m := chainDocsets(docs, got, nSets, get, clusterOf, nil, 8); m != n || !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("shuffled runs gave %d passages, want %d; or other occurrences", m, n)
		}
	}
}
