package pipeline

import "slices"

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

func (u unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	switch {
	case ra < rb:
		u[rb] = ra
	case rb < ra:
		u[ra] = rb
	}
}

// cluster groups the related pairs, with the exact-duplicate groups, into clusters.
func (c *corpus) cluster(related []pairResult) (*Result, error) {
	n := len(c.docs)
	uf := newUnionFind(n)
	// exact duplicates: a star around the group's first document
	var exactPairs []pairResult
	for i := range c.docs {
		if g := c.docs[i].group; g != int32(i) {
			uf.union(g, int32(i))
			exactPairs = append(exactPairs, pairResult{a: g, b: int32(i), jaccard: 1, containment: 1, rel: Exact})
		}
	}
	if len(exactPairs) > 0 && !c.opts.NoReuse {
		if err := c.exactPassages(exactPairs); err != nil {
			return nil, err
		}
	}
	for _, r := range related {
		uf.union(r.a, r.b)
	}
	all := append(exactPairs, related...)
	slices.SortFunc(all, func(x, y pairResult) int {
		if x.a != y.a {
			return int(x.a - y.a)
		}
		return int(x.b - y.b)
	})
	// members of each component, in input order
	members := map[int32][]int32{}
	for i := 0; i < n; i++ {
		r := uf.find(int32(i))
		members[r] = append(members[r], int32(i))
	}
	roots := make([]int32, 0)
	for r, m := range members {
		if len(m) > 1 {
			roots = append(roots, r)
		}
	}
	slices.SortFunc(roots, func(x, y int32) int {
		if d := len(members[y]) - len(members[x]); d != 0 {
			return d
		}
		return int(x - y)
	})
	byRoot := map[int32]*Cluster{}
	res := &Result{Clusters: make([]Cluster, len(roots))}
	for k, r := range roots {
		cl := &res.Clusters[k]
		cl.Number = k + 1
		for _, i := range members[r] {
			cl.Members = append(cl.Members, c.member(i))
		}
		cl.Representative = c.docs[c.representative(members[r])].id
		byRoot[r] = cl
	}
	for _, p := range all {
		cl := byRoot[uf.find(p.a)]
		cl.Pairs = append(cl.Pairs, Pair{
			A: c.docs[p.a].id, B: c.docs[p.b].id, Relation: p.rel,
			Jaccard: p.jaccard, Containment: p.containment, CoverageA: p.covA, CoverageB: p.covB,
			Passages: p.passages, a: int(p.a), b: int(p.b),
		})
		c.stats.PairsBy[p.rel]++
		c.stats.Pairs++
	}
	in := 0
	for k := range res.Clusters {
		cl := &res.Clusters[k]
		cl.Kind = KindExact
		for _, p := range cl.Pairs {
			switch {
			case p.Relation == Reuse:
				cl.Kind = KindStory
			case p.Relation == NearDuplicate && cl.Kind == KindExact:
				cl.Kind = KindSyndicated
			}
		}
		in += len(cl.Members)
	}
	c.stats.Clusters = len(res.Clusters)
	c.stats.Singletons = n - in
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

// representative is the member published first, else the one with the longest text, else the
// first read.
func (c *corpus) representative(members []int32) int32 {
	best := members[0]
	for _, i := range members[1:] {
		d, b := &c.docs[i], &c.docs[best]
		switch {
		case !d.published.IsZero() && (b.published.IsZero() || d.published.Before(b.published)):
			best = i
		case d.published.Equal(b.published) && d.length > b.length:
			best = i
		}
	}
	return best
}

func (c *corpus) member(i int32) Member {
	d := &c.docs[i]
	return Member{ID: d.id, Source: d.source, Title: d.title, URL: d.url, Published: d.published,
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
			BStart: vb.toks[0].Start, BEnd: vb.toks[len(vb.toks)-1].End, Words: len(va.toks)}
		p.passages = []Passage{pa}
		p.covA, p.covB = 1, 1
	}
	return nil
}
