package pipeline

import (
	"slices"
	"sync"
)

// Stories: which related pairs make two documents one story, and which leave them only linked.
//
// A related pair is a story edge when its evidence says the two documents tell one story
// (edgeReason); the stories are the connected components of the edges that survive the hub
// rule (hubEdges). Every other related pair is a link: reported, never merging.

// edgeReason says why a related pair is a story edge.
type edgeReason uint8

const (
	notEdge     edgeReason = iota
	edgeCopy               // exact or near-duplicate: one text
	edgeOwn                // two or more passages, MinReuseWords words together, that no other group holds
	edgeContext            // the rest of the texts are alike (context.go): a story's quote, not a stock paragraph
	edgeCopied             // much of the smaller text is in the larger (containment), however common its text
)

func (e edgeReason) String() string {
	return [...]string{"none", "copy", "own passages", "context", "substantial copy"}[e]
}

// substantialContainment is the containment (share of the smaller shingle set in the larger) at
// or above which two documents are one story whatever else holds their text: a copy made of
// standard paragraphs is still a copy. Planted copies of the recurring-paragraph corpus have 0.40
// or more, articles that share one of its paragraphs 0.32 or less (99%).
const substantialContainment = 0.4

// verdict says whether a related pair is a story edge, and why.
//
// Shared text is evidence of one story in proportion to how much of it the pair alone holds. Two
// or more passages that no third group of documents holds are copying between these two (or
// from a common source that is not in the corpus). A passage that others hold too (a quote five
// outlets carry, a standard paragraph of a site, a digest's sentence) says nothing by itself:
// then the rest of the texts decides, and a quote is story evidence where the texts around it
// tell the same story, however many articles carry it.
func (c *corpus) verdict(r *pairResult) edgeReason {
	switch {
	case r.rel == Exact || r.rel == NearDuplicate:
		return edgeCopy
	case r.rel != Reuse:
		return notEdge
	case r.own >= c.opts.MinReuseWords && r.ownN >= 2:
		return edgeOwn
	case r.context >= storyContext:
		return edgeContext
	case r.containment >= substantialContainment:
		return edgeCopied
	}
	return notEdge
}

// before reports whether document a came out before b: published earlier, or, with the same or
// an unknown date, read first.
func (c *corpus) before(a, b int32) bool {
	pa, pb := c.docs[a].published, c.docs[b].published
	if !pa.IsZero() && !pb.IsZero() && !pa.Equal(pb) {
		return pa.Before(pb)
	}
	return a < b
}

// hubEdges applies the hub rule to the story edges (edge[k] for related[k]) and clears the edges
// it drops. A hub is a document that compiles: a digest, a roundup, a live blog, which shares
// different passages with several stories that are otherwise unrelated. Its neighbours (the
// documents it has edges with) fall into groups, two neighbours being in one group when they
// have an edge or a story context in common; a document whose neighbours form two or more
// groups, of which two or more hold a document that came out before it (it drew on them,
// rather than they on it: a wire story that several outlets rewrote is their origin, not a
// hub), keeps its reuse edges only to a group that outweighs every other by two to one in
// shared words, and to groups it has a copy in (near-duplicate edges are never dropped). The
// rule looks only at a document, its neighbours and the edges among them, so that it can be
// computed in a distributed pass before the connected components.
func (c *corpus) hubEdges(related []pairResult, edge []edgeReason) {
	n := len(c.docs)
	adj := make([][]int32, n) // indexes into related of each document's edges
	for k := range related {
		if edge[k] == notEdge {
			continue
		}
		a, b := related[k].a, related[k].b
		adj[a] = append(adj[a], int32(k))
		adj[b] = append(adj[b], int32(k))
	}
	other := func(k int32, h int32) int32 {
		if related[k].a == h {
			return related[k].b
		}
		return related[k].a
	}
	// edges as a set of pairs, to ask whether two neighbours have one
	has := make(map[uint64]bool, len(related))
	for k := range related {
		if edge[k] != notEdge {
			has[uint64(related[k].a)<<32|uint64(related[k].b)] = true
		}
	}
	hasEdge := func(x, y int32) bool {
		return has[uint64(min(x, y))<<32|uint64(max(x, y))]
	}
	own := newOwnWords(c)
	var drop []int32
	for h := int32(0); h < int32(n); h++ {
		ks := adj[h]
		if len(ks) < 2 || !slices.ContainsFunc(ks, func(k int32) bool { return edge[k] != edgeCopy }) {
			continue // a hub drops reuse edges: without any, there is nothing to decide
		}
		nb := make([]int32, len(ks))
		for i, k := range ks {
			nb[i] = other(k, h)
		}
		uf := newUnionFind(len(nb))
		for i := range nb {
			for j := i + 1; j < len(nb); j++ {
				if hasEdge(nb[i], nb[j]) {
					uf.union(int32(i), int32(j))
				}
			}
		}
		if groups(uf) < 2 {
			continue
		}
		// context between neighbours in different groups joins them too
		for i := range nb {
			for j := i + 1; j < len(nb); j++ {
				if uf.find(int32(i)) != uf.find(int32(j)) && own.similarity(nb[i], nb[j]) >= storyContext {
					uf.union(int32(i), int32(j))
				}
			}
		}
		if groups(uf) < 2 {
			continue
		}
		weight := map[int32]int{}
		copies := map[int32]bool{}
		earlier := map[int32]bool{}
		for i, k := range ks {
			g := uf.find(int32(i))
			weight[g] += related[k].words()
			if edge[k] == edgeCopy {
				copies[g] = true
			}
			if c.before(nb[i], h) {
				earlier[g] = true
			}
		}
		if len(earlier) < 2 {
			continue // an origin that others drew on, not a compilation
		}
		keep := copies
		if len(copies) == 0 {
			best, second := int32(-1), 0
			for g, w := range weight {
				if best < 0 || w > weight[best] || w == weight[best] && g < best {
					best = g
				}
			}
			for g, w := range weight {
				if g != best {
					second = max(second, w)
				}
			}
			if weight[best] >= 2*second {
				keep = map[int32]bool{best: true}
			}
		}
		for i, k := range ks {
			if edge[k] != edgeCopy && !keep[uf.find(int32(i))] {
				drop = append(drop, k)
			}
		}
	}
	for _, k := range drop {
		edge[k] = notEdge
	}
}

// groups counts the sets of a union-find.
func groups(uf unionFind) int {
	n := 0
	for i := range uf {
		if uf.find(int32(i)) == int32(i) {
			n++
		}
	}
	return n
}

// words is the number of words of the pair's passages.
func (r *pairResult) words() int {
	n := 0
	for _, p := range r.passages {
		n += p.Words
	}
	return n
}

// ownWords finds and keeps the own words of documents (corpus.ownWords), for the context
// similarity of documents that were not compared as a pair. It is safe for concurrent use (one
// reader at a time: it is asked rarely).
type ownWords struct {
	mu    sync.Mutex
	c     *corpus
	vc    *viewCache
	words map[int32][]uint32
}

func newOwnWords(c *corpus) *ownWords {
	return &ownWords{c: c, words: map[int32][]uint32{}}
}

func (o *ownWords) of(i int32) []uint32 {
	o.mu.Lock()
	defer o.mu.Unlock()
	if w, ok := o.words[i]; ok {
		return w
	}
	if o.c.shared == nil {
		return nil
	}
	if o.vc == nil {
		o.vc = newViewCache(o.c, viewAlign)
	}
	v, err := o.vc.get(i)
	var w []uint32
	if err == nil && (!v.lazy || o.vc.tokens(v) == nil) {
		v.wholeTokens()
		w = slices.Clone(o.c.ownWords(v))
	}
	o.words[i] = w
	return w
}

// similarity is the context similarity of two documents from their own words.
func (o *ownWords) similarity(a, b int32) float64 {
	return contextSimilarity(o.of(a), o.of(b), 1<<32-1)
}
