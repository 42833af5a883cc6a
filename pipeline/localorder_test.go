package pipeline

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// loadsFIFO counts the documents a comparing goroutine reads back when it takes the pairs in
// order with a cache of size views, evicting the oldest (viewCache).
func loadsFIFO(pairs []uint64, order []int, size int) int {
	in := map[int32]bool{}
	var ring []int32
	loads := 0
	get := func(d int32) {
		if in[d] {
			return
		}
		loads++
		if len(ring) == size {
			delete(in, ring[0])
			ring = ring[1:]
		}
		ring = append(ring, d)
		in[d] = true
	}
	for _, k := range order {
		get(int32(pairs[k] >> 32))
		get(int32(pairs[k]))
	}
	return loads
}

// TestLocalOrder: the order is a permutation of the pairs, keeps each connected group of
// documents together, and reads each document back a few times at most with a worker's cache,
// fewer times than the groups in the pairs' own order (by first document) read them: stories of
// 40 to 300 outlets scattered through 20,000 documents, each article paired with the first 8 of
// its story (groupHeads) and 4 others, and small groups of copies between them.
func TestLocalOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 20000
	perm := rng.Perm(n) // the documents of the stories, scattered
	var pairs []uint64
	add := func(a, b int) {
		pairs = append(pairs, uint64(min(a, b))<<32|uint64(max(a, b)))
	}
	used := 0
	var stories [][]int
	for _, size := range []int{300, 120, 40, 250} {
		docs := perm[used : used+size]
		used += size
		stories = append(stories, docs)
		for i, a := range docs {
			for j := range min(8, i) { // a big quote: each article with its first 8 (groupHeads)
				add(a, docs[j])
			}
			for range 4 { // a smaller quote: a few others
				if j := rng.IntN(size); j != i {
					add(a, docs[j])
				}
			}
		}
	}
	for i := used; i < used+3000; i += 2 { // copies: pairs of documents in no story
		add(perm[i], perm[i+1])
	}
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	order := localOrder(pairs, n)
	if got := slices.Sorted(slices.Values(order)); !slices.Equal(got, func() []int {
		all := make([]int, len(pairs))
		for k := range all {
			all[k] = k
		}
		return all
	}()) {
		t.Fatalf("the order is not a permutation of the %d pairs", len(pairs))
	}
	// each story's pairs come together: no other pair between its first and last
	storyOf := map[int]int{}
	for s, docs := range stories {
		for _, d := range docs {
			storyOf[d] = s + 1
		}
	}
	first, last := map[int]int{}, map[int]int{}
	for pos, k := range order {
		if s := storyOf[int(pairs[k]>>32)]; s > 0 {
			if _, ok := first[s]; !ok {
				first[s] = pos
			}
			last[s] = pos
		}
	}
	for s := range stories {
		for pos := first[s+1]; pos <= last[s+1]; pos++ {
			if storyOf[int(pairs[order[pos]]>>32)] != s+1 {
				t.Fatalf("story %d's pairs are not together: position %d holds another pair", s+1, pos)
			}
		}
	}
	docs := map[int32]bool{}
	for _, p := range pairs {
		docs[int32(p>>32)], docs[int32(p)] = true, true
	}
	own := make([]int, len(pairs)) // the pairs' own order, by first document
	for k := range own {
		own[k] = k
	}
	// the order before breadth-first ranks: each connected group together, in the pairs' order
	uf := newUnionFind(n)
	for _, p := range pairs {
		uf.union(int32(p>>32), int32(p))
	}
	byGroup := slices.Clone(own)
	slices.SortStableFunc(byGroup, func(x, y int) int {
		return int(uf.find(int32(pairs[x]>>32)) - uf.find(int32(pairs[y]>>32)))
	})
	byFirst, grouped := loadsFIFO(pairs, own, viewCacheSize), loadsFIFO(pairs, byGroup, viewCacheSize)
	local := loadsFIFO(pairs, order, viewCacheSize)
	perDoc := float64(local) / float64(len(docs))
	t.Logf("%d pairs of %d documents: %d reads in the pairs' order, %d by group, %d in localOrder's (%.2f a document)",
		len(pairs), len(docs), byFirst, grouped, local, perDoc)
	if perDoc > 1.5 {
		t.Errorf("localOrder reads each document %.2f times, want at most 1.5", perDoc)
	}
	if 5*local > 4*grouped {
		t.Errorf("localOrder reads %d documents, the groups in the pairs' order %d: want at most four fifths", local, grouped)
	}
}
