package pipeline

import (
	"cmp"
	"slices"
)

// unionFind is a disjoint-set forest over document numbers. Union keeps the smaller number as
// the root, so the root of a set is its first document: decisions do not depend on pair order.
type unionFind []int32

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = int32(i)
	}
	return u
}

func (u unionFind) find(x int32) int32 {
	for u[x] != x {
		u[x] = u[u[x]] // path halving
		x = u[x]
	}
	return x
}

// roots returns each element's root: for goroutines that read the groups while none changes
// (find itself writes, halving paths).
func (u unionFind) roots() []int32 {
	r := make([]int32, len(u))
	for i := range r {
		r[i] = u.find(int32(i))
	}
	return r
}

func (u unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	switch {
	case ra < rb:
		u[rb] = ra
	case rb < ra:
		u[ra] = rb
	}
}

// cluster makes the result: the stories (see storyGraph) of the related pairs (edge[k] says
// why related[k] is a story edge, or that it is not one) and the exact-duplicate groups, with
// their pairs, links and shared passages, the hubs, and the shared passages of documents in no
// story. ev, unless nil, holds the docsets by which a document related to nothing may join a
// story (joinHolders).
func (c *corpus) cluster(related []pairResult, edge []edgeReason, ev *evidence) (*Result, error) {
	n := len(c.docs)
	// exact duplicates: a star around the group's first document
	var exactPairs []pairResult
	for i := range c.docs {
		if g := c.docs[i].group; g != int32(i) {
			exactPairs = append(exactPairs, pairResult{a: g, b: int32(i), jaccard: 1, containment: 1, rel: Exact, context: -1})
		}
	}
	if len(exactPairs) > 0 && !c.opts.NoReuse {
		if err := c.exactPassages(exactPairs); err != nil {
			return nil, err
		}
	}
	all := append(exactPairs, related...)
	edges := make([]edgeReason, len(exactPairs), len(all))
	for k := range edges {
		edges[k] = edgeCopy
	}
	edges = append(edges, edge...)
	pairs := make([]Pair, len(all))
	for k := range all {
		r := &all[k]
		pairs[k] = Pair{
			A: c.docs[r.a].id, B: c.docs[r.b].id, Relation: r.rel,
			Jaccard: r.jaccard, Containment: r.containment, CoverageA: r.covA, CoverageB: r.covB,
			Passages: r.passages, Context: r.context, a: int(r.a), b: int(r.b), pieces: r.pieces,
		}
		if e := edges[k]; e != notEdge {
			pairs[k].Story = e.String()
		}
	}
	slices.SortFunc(pairs, comparePairs)
	g := &storyGraph{
		n:      n,
		id:     func(i int) string { return c.docs[i].id },
		member: func(i int) Member { return c.member(int32(i)) },
		before: func(a, b int) bool { return c.before(int32(a), int32(b)) },
		pairs:  pairs,
	}
	var locateErr error
	if ev != nil {
		var sets []int32
		g.holders, sets, g.fragment = c.joinHolders(ev, pairs)
		g.docsets = true
		g.stock = c.joinStock(ev, sets)
		g.long = c.joinLong(ev, sets, g.holders, &locateErr)
	}
	if !c.opts.NoReuse {
		own := c.owned
		if own == nil {
			own = newOwnWords(c)
		}
		g.context = func(a, b int) float64 { return own.balanced(int32(a), int32(b)) }
	}
	res := g.result()
	if locateErr != nil {
		return nil, locateErr
	}
	c.stats.Edges = map[string]int{}
	for _, p := range res.Pairs {
		c.stats.PairsBy[p.Relation]++
		c.stats.Pairs++
		if p.Story != "" {
			c.stats.Edges[p.Story]++
		}
	}
	c.stats.Hubs, c.stats.Linked, c.stats.HubRule, c.stats.Bridges, c.stats.Digests, c.stats.Compilers = len(res.Hubs), len(res.Linked), g.hubs, g.bridges, g.digests, g.compilers
	c.stats.Clusters = len(res.Clusters)
	c.stats.Singletons = singletons(n, res)
	c.stats.PassageJoins, c.stats.StoryJoins = res.passageJoins, res.storyJoins
	groups := map[int32]bool{}
	for i := range c.docs {
		if g := c.docs[i].group; g != int32(i) {
			groups[g] = true
		}
	}
	c.stats.ExactGroups = len(groups)
	res.Stats = c.stats
	return res, nil
}

// comparePairs orders pairs by their documents' numbers.
func comparePairs(x, y Pair) int {
	if x.a != y.a {
		return x.a - y.a
	}
	return x.b - y.b
}

// clone returns a copy of the pair with passages of its own.
func (p Pair) clone() Pair {
	p.Passages = slices.Clone(p.Passages)
	p.pieces = slices.Clone(p.pieces)
	return p
}

// addLink adds a pair to the link to document id (in cluster cl) of a list of links, in order.
func addLink(links *[]Link, id string, cl int, p Pair) {
	for i := range *links {
		if (*links)[i].ID == id {
			(*links)[i].Pairs = append((*links)[i].Pairs, p)
			return
		}
	}
	*links = append(*links, Link{ID: id, Cluster: cl, Pairs: []Pair{p}})
}

// singletons counts the documents of n in no pair of res and in no story of it (one joined by a
// passage alone is in a story, in no pair).
func singletons(n int, res *Result) int {
	seen := make([]bool, n)
	for _, p := range res.Pairs {
		seen[p.a], seen[p.b] = true, true
	}
	for _, d := range res.joined {
		seen[d] = true
	}
	single := 0
	for _, in := range seen {
		if !in {
			single++
		}
	}
	return single
}

// groupPassages groups the passages of pairs into shared passages, numbering each pair passage's
// Shared: one passage for the text that occurs in several documents, however many pairs share
// it. The two sides of a pair passage are occurrences of one passage; two occurrences in one
// document that overlap by half the longer or more are one place. Half the shorter would chain:
// a copy's 400-word passage would swallow the quotes a third document took from it, and the
// quotes would be reported as one passage of 400 words. A rewritten passage stays its pair's:
// its two sides are other words, and grouping by overlap would chain unlike texts.
func groupPassages(pairs []*Pair) []SharedPassage {
	type node struct {
		doc        int
		start, end int
		words      int
		id         string
		rewritten  bool
		pair       int32 // 1 + the pair's number, negated for a verbatim piece as aligned (Pair.pieces)
	}
	var nodes []node
	for k, p := range pairs {
		for h, ps := range [2][]Passage{p.Passages, p.pieces} {
			pair := int32(k + 1)
			if h == 1 {
				pair = -pair
			}
			for _, q := range ps {
				rw := q.Match == Rewritten
				nodes = append(nodes, node{p.a, q.AStart, q.AEnd, q.Words, p.A, rw, pair}, node{p.b, q.BStart, q.BEnd, q.Words, p.B, rw, pair})
			}
		}
	}
	if len(nodes) == 0 {
		return nil
	}
	uf := newUnionFind(len(nodes))
	for i := 0; i < len(nodes); i += 2 {
		uf.union(int32(i), int32(i+1))
	}
	byPlace := make([]int, len(nodes))
	for i := range byPlace {
		byPlace[i] = i
	}
	slices.SortFunc(byPlace, func(x, y int) int {
		nx, ny := &nodes[x], &nodes[y]
		if nx.doc != ny.doc {
			return nx.doc - ny.doc
		}
		if nx.start != ny.start {
			return nx.start - ny.start
		}
		if nx.end != ny.end {
			return nx.end - ny.end
		}
		// the same place: verbatim first, then by pair, a pair's passages before its pieces, so
		// that the numbers do not depend on how the sort meets ties
		if nx.rewritten != ny.rewritten {
			return cmp.Compare(b2i(nx.rewritten), b2i(ny.rewritten))
		}
		return cmp.Or(cmp.Compare(max(nx.pair, -nx.pair), max(ny.pair, -ny.pair)), cmp.Compare(ny.pair, nx.pair), x-y)
	})
	// in each document, a node joins the earlier nodes it overlaps by half the longer
	for s := 0; s < len(byPlace); {
		e := s
		for e < len(byPlace) && nodes[byPlace[e]].doc == nodes[byPlace[s]].doc {
			e++
		}
		for x := s; x < e; x++ {
			nx := &nodes[byPlace[x]]
			if nx.rewritten {
				continue
			}
			for y := x - 1; y >= s; y-- {
				ny := &nodes[byPlace[y]]
				if ny.end <= nx.start && y < x-64 {
					break
				}
				ov := min(nx.end, ny.end) - max(nx.start, ny.start)
				if ov > 0 && !ny.rewritten && 2*ov >= max(nx.end-nx.start, ny.end-ny.start) {
					uf.union(int32(byPlace[x]), int32(byPlace[y]))
				}
			}
		}
		s = e
	}
	// a piece counts where it joins a passage or the text of another pair: a component of one
	// pair's pieces alone is in that pair's rewritten or joined passage, and not reported again
	piecesAlone := map[int32]int32{} // root: its one pair's piece number, 0 once anything else is in it
	for i := range nodes {
		r := uf.find(int32(i))
		h, seen := piecesAlone[r]
		switch {
		case !seen:
			piecesAlone[r] = min(nodes[i].pair, 0)
		case h != 0 && h != min(nodes[i].pair, 0):
			piecesAlone[r] = 0
		}
	}
	// a passage per component, its occurrences the merged places of its nodes, in order
	comp := map[int32]int{} // root: passage index
	var out []SharedPassage
	for _, i := range byPlace { // in document order: passages numbered by their first occurrence
		r := uf.find(int32(i))
		if piecesAlone[r] != 0 {
			continue
		}
		k, ok := comp[r]
		if !ok {
			k = len(out)
			comp[r] = k
			out = append(out, SharedPassage{Number: k + 1, Match: Verbatim})
		}
		sp := &out[k]
		nd := &nodes[i]
		if nd.rewritten {
			sp.Match = Rewritten
		}
		if m := len(sp.Occurrences); m > 0 {
			if o := &sp.Occurrences[m-1]; int(o.doc) == nd.doc && nd.start < o.End {
				o.End = max(o.End, nd.end)
				o.Words = max(o.Words, nd.words)
				sp.Words = max(sp.Words, o.Words)
				continue
			}
		}
		sp.Occurrences = append(sp.Occurrences, Occurrence{ID: nd.id, Start: nd.start, End: nd.end, Words: nd.words, doc: int32(nd.doc)})
		sp.Words = max(sp.Words, nd.words)
	}
	// number each pair passage: walk the nodes in the order they were made
	i := 0
	for _, p := range pairs {
		for j := range p.Passages {
			p.Passages[j].Shared = comp[uf.find(int32(i))] + 1
			i += 2
		}
		i += 2 * len(p.pieces)
	}
	return out
}

// representative is the member published first, else the one with the longest text, else the
// first read.
func representative(members []Member) string {
	best := 0
	for i := 1; i < len(members); i++ {
		d, b := &members[i], &members[best]
		switch {
		case !d.Published.IsZero() && (b.Published.IsZero() || d.Published.Before(b.Published)):
			best = i
		case d.Published.Equal(b.Published) && d.Bytes > b.Bytes:
			best = i
		}
	}
	return members[best].ID
}

func (c *corpus) member(i int32) Member {
	d := &c.docs[i]
	return Member{ID: d.id, Source: d.source, Title: d.title, URL: d.url, Author: d.author, Published: d.published,
		Words: d.words, Bytes: d.length, Where: c.where(int(i))}
}

// exactPassages gives each exact pair its one passage: the whole text, first word to last.
func (c *corpus) exactPassages(pairs []pairResult) error {
	vc := newViewCache(c, viewTokens)
	for k := range pairs {
		p := &pairs[k]
		va, err := vc.get(p.a)
		if err != nil {
			return err
		}
		vb, err := vc.get(p.b)
		if err != nil {
			return err
		}
		if len(va.toks) == 0 || len(vb.toks) == 0 {
			continue
		}
		pa := Passage{AStart: va.toks[0].Start, AEnd: va.toks[len(va.toks)-1].End,
			BStart: vb.toks[0].Start, BEnd: vb.toks[len(vb.toks)-1].End, Words: len(va.toks),
			Match: Verbatim, Similarity: 1}
		p.passages = []Passage{pa}
		p.covA, p.covB = 1, 1
	}
	return nil
}
