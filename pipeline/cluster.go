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

// cluster makes the result: the stories (connected components of the story edges, edge[k]
// for related[k]), with the exact-duplicate groups, their pairs, links and shared passages, the
// hubs, and the shared passages of documents in no story.
func (c *corpus) cluster(related []pairResult, edge []edgeReason) (*Result, error) {
	n := len(c.docs)
	uf := newUnionFind(n)
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
	for k, r := range all {
		if edges[k] != notEdge {
			uf.union(r.a, r.b)
		}
	}
	order := make([]int, len(all))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(x, y int) int {
		if d := int(all[x].a - all[y].a); d != 0 {
			return d
		}
		return int(all[x].b - all[y].b)
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
	clusterOf := make([]int32, n) // 1-based cluster number, 0 for none
	res := &Result{Clusters: make([]Cluster, len(roots))}
	for k, r := range roots {
		cl := &res.Clusters[k]
		cl.Number = k + 1
		for _, i := range members[r] {
			cl.Members = append(cl.Members, c.member(i))
			clusterOf[i] = int32(k + 1)
		}
		cl.Representative = c.docs[c.representative(members[r])].id
	}
	c.stats.Edges = map[string]int{}
	// every related pair once, in order; the clusters, links and hubs take copies
	hubs := map[int32]*Hub{}
	var loose []int // pairs of documents in no cluster
	for _, k := range order {
		r := &all[k]
		p := Pair{
			A: c.docs[r.a].id, B: c.docs[r.b].id, Relation: r.rel,
			Jaccard: r.jaccard, Containment: r.containment, CoverageA: r.covA, CoverageB: r.covB,
			Passages: r.passages, Context: r.context, a: int(r.a), b: int(r.b),
		}
		if e := edges[k]; e != notEdge {
			p.Story = e.String()
			c.stats.Edges[p.Story]++
		}
		ca, cb := clusterOf[r.a], clusterOf[r.b]
		if ca != 0 && ca == cb {
			p.Cluster = int(ca)
		}
		res.Pairs = append(res.Pairs, p)
		c.stats.PairsBy[p.Relation]++
		c.stats.Pairs++
		switch {
		case p.Cluster != 0:
			cl := &res.Clusters[ca-1]
			cl.Pairs = append(cl.Pairs, p.clone())
		case ca == 0 && cb == 0:
			// two documents in no story: the pair is listed once, under the first
			loose = append(loose, len(res.Pairs)-1)
			h := hubs[r.a]
			if h == nil {
				h = &Hub{Member: c.member(r.a)}
				hubs[r.a] = h
			}
			addLink(&h.Links, c.docs[r.b].id, 0, p.clone())
		default:
			for _, side := range [2]struct {
				in, out int32
				cl      int32
			}{{r.a, r.b, ca}, {r.b, r.a, cb}} {
				if side.cl != 0 {
					addLink(&res.Clusters[side.cl-1].Links, c.docs[side.out].id, int(clusterOf[side.out]), p.clone())
				} else {
					h := hubs[side.in]
					if h == nil {
						h = &Hub{Member: c.member(side.in)}
						hubs[side.in] = h
					}
					other := side.out
					addLink(&h.Links, c.docs[other].id, int(clusterOf[other]), p.clone())
				}
			}
		}
	}
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
		var ps []*Pair
		for i := range cl.Pairs {
			ps = append(ps, &cl.Pairs[i])
		}
		for i := range cl.Links {
			for j := range cl.Links[i].Pairs {
				ps = append(ps, &cl.Links[i].Pairs[j])
			}
		}
		cl.Passages = groupPassages(ps)
	}
	hubDocs := make([]int32, 0, len(hubs))
	for i := range hubs {
		hubDocs = append(hubDocs, i)
	}
	slices.Sort(hubDocs)
	for _, i := range hubDocs {
		res.Hubs = append(res.Hubs, *hubs[i])
	}
	// the passages of pairs of documents in no story, but those whose text recurs: their
	// docsets report them (docsetPassages), with every occurrence
	var ps []*Pair
	for _, k := range loose {
		q := res.Pairs[k].clone()
		q.Passages = slices.DeleteFunc(q.Passages, func(p Passage) bool { return p.recurring })
		if len(q.Passages) > 0 {
			ps = append(ps, &q)
		}
	}
	res.Passages = groupPassages(ps)
	in := 0
	for _, cl := range res.Clusters {
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

// clone returns a copy of the pair with passages of its own.
func (p Pair) clone() Pair {
	p.Passages = slices.Clone(p.Passages)
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

// groupPassages groups the passages of pairs into shared passages, numbering each pair passage's
// Shared: one passage for the text that occurs in several documents, however many pairs share
// it. The two sides of a pair passage are occurrences of one passage; two occurrences in one
// document that overlap by half the shorter or more are one place.
func groupPassages(pairs []*Pair) []SharedPassage {
	type node struct {
		doc        int
		start, end int
		words      int
		id         string
	}
	var nodes []node
	for _, p := range pairs {
		for _, q := range p.Passages {
			nodes = append(nodes, node{p.a, q.AStart, q.AEnd, q.Words, p.A}, node{p.b, q.BStart, q.BEnd, q.Words, p.B})
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
		return nx.end - ny.end
	})
	// in each document, a node joins the earlier nodes it overlaps by half the shorter
	for s := 0; s < len(byPlace); {
		e := s
		for e < len(byPlace) && nodes[byPlace[e]].doc == nodes[byPlace[s]].doc {
			e++
		}
		for x := s; x < e; x++ {
			nx := &nodes[byPlace[x]]
			for y := x - 1; y >= s; y-- {
				ny := &nodes[byPlace[y]]
				if ny.end <= nx.start && y < x-64 {
					break
				}
				ov := min(nx.end, ny.end) - max(nx.start, ny.start)
				if ov > 0 && 2*ov >= min(nx.end-nx.start, ny.end-ny.start) {
					uf.union(int32(byPlace[x]), int32(byPlace[y]))
				}
			}
		}
		s = e
	}
	// a passage per component, its occurrences the merged places of its nodes, in order
	comp := map[int32]int{} // root: passage index
	var out []SharedPassage
	for _, i := range byPlace { // in document order: passages numbered by their first occurrence
		r := uf.find(int32(i))
		k, ok := comp[r]
		if !ok {
			k = len(out)
			comp[r] = k
			out = append(out, SharedPassage{Number: k + 1})
		}
		sp := &out[k]
		nd := &nodes[i]
		if m := len(sp.Occurrences); m > 0 {
			if o := &sp.Occurrences[m-1]; o.doc == nd.doc && nd.start < o.End {
				o.End = max(o.End, nd.end)
				o.Words = max(o.Words, nd.words)
				sp.Words = max(sp.Words, o.Words)
				continue
			}
		}
		sp.Occurrences = append(sp.Occurrences, Occurrence{ID: nd.id, Start: nd.start, End: nd.end, Words: nd.words, doc: nd.doc})
		sp.Words = max(sp.Words, nd.words)
	}
	// number each pair passage: walk the nodes in the order they were made
	i := 0
	for _, p := range pairs {
		for j := range p.Passages {
			p.Passages[j].Shared = comp[uf.find(int32(i))] + 1
			i += 2
		}
	}
	return out
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
