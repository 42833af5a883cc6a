package postings

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// own is a class of PairCounter entry, as pipeline's evidence stage counts the text of a pair's
// own.
const own = 0

// TestChunkPoolSizes: a pool hands out chunks of each size, from its arena or the heap, and a
// chunk put back is handed out again for its size only.
func TestChunkPoolSizes(t *testing.T) {
	for _, arena := range []*chunkArena{nil, new(chunkArena)} {
		p := &Pool{arena: arena}
		for n := minChunk; n <= postingsChunk; n *= 2 {
			c := p.getN(n)
			if len(c) != 0 || cap(c) != n {
				t.Fatalf("getN(%d): len %d cap %d", n, len(c), cap(c))
			}
			c = append(c, uint64(n), uint64(n)+1)
			p.put(c)
			if d := p.getN(n); cap(d) != n || &d[:1][0] != &c[0] {
				t.Errorf("getN(%d) after put: not the chunk put back", n)
			}
			if n < postingsChunk {
				p.put(c)
				if d := p.getN(2 * n); &d[:1][0] == &c[0] {
					t.Errorf("getN(%d) handed out a chunk of %d", 2*n, n)
				}
			}
		}
		p.put(make([]uint64, 0, 100)) // not a chunk size: dropped
		if k := chunkClass(100); k != -1 {
			t.Errorf("chunkClass(100) = %d, want -1", k)
		}
		arena.release()
	}
}

// TestPostingsArena: postings whose chunks come from an arena group as those on the heap do,
// and the pair lists made while reading them take the chunks they release.
func TestPostingsArena(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	n := 3*postingsChunk + 77
	heap, arena := new(List), new(List)
	a := new(chunkArena)
	defer a.release()
	arena.Pool = &Pool{arena: a}
	for i := 0; i < n; i++ {
		v := uint64(rng.IntN(n/7))<<32 | uint64(i/3)
		heap.Add(v)
		arena.Add(v)
	}
	want := map[uint32]string{}
	heap.Groups(func(key uint32, docs []int32) { want[key] = fmt.Sprint(docs) })
	pc := NewPairCounter(n)
	pc.Pool = arena.Pool
	got := 0
	arena.Groups(func(key uint32, docs []int32) {
		got++
		if s := fmt.Sprint(docs); want[key] != s {
			t.Fatalf("key %d: %s, want %s", key, s, want[key])
		}
		for x := 0; x+1 < len(docs); x++ {
			pc.AddRow(docs[x], docs[x+1:], 1, own)
		}
	})
	if got != len(want) {
		t.Fatalf("%d keys, want %d", got, len(want))
	}
	if len(a.slabs) == 0 {
		t.Fatal("the arena gave no memory")
	}
	slabs := len(a.slabs)
	pairs := CountShared([]*PairCounter{pc}, 2, func(_, _ int32, s [Classes]int) bool { return s[own] >= 1 })
	if len(pairs) == 0 {
		t.Fatal("no pairs counted")
	}
	if len(a.slabs) > slabs+1 {
		t.Errorf("the pair lists took %d new slabs, not the postings' chunks", len(a.slabs)-slabs)
	}
}
