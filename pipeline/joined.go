package pipeline

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

// A document in no pair that holds a story's recurring text joins the story (joinByPassages,
// story.go): an outlet whose article carries a big story's quote in words of its own, compared
// with none of the story's articles. No pair of its cluster holds its passage, so the passage is
// reported with the story (placeJoined): the text its outlet shares is never lost from the report.

// joinHolders returns the documents of each docset a document related to nothing may join a
// story by (joinByPassages), the docsets' numbers and whether each is a fragment: the docsets
// that can be reported (their sources' boilerplate left out, reportDocset; the stock test,
// which costs most, is joinStock's, asked only of those that would count), of which two or more
// documents are in pairs (a story's members are, but for the documents this joins) and one more
// is in none or in pairs too (a linked document may join). The others cannot join anything.
func (c *corpus) joinHolders(ev *evidence, pairs []Pair) (holders [][]int32, sets []int32, fragment []bool) {
	if ev.ds == nil {
		return nil, nil, nil
	}
	ds := ev.ds
	paired := make([]bool, len(c.docs))
	for _, p := range pairs {
		paired[p.a], paired[p.b] = true, true
	}
	_, minStock := evidenceMins(c.opts)
	noStock := func() bool { return false }
	// one pass, without the stock test (0.1 CPU seconds at 200,000 synthetic articles; the
	// stock test, 1.3 more, is asked by joinByPassages of the docsets that would count:
	// joinStock); a docset's documents are its own slice where no boilerplate is left out (the
	// docsets live until the recurring passages are reported): a copy of each was 10 MB more of
	// peak memory at the recurring-paragraph corpus
	for i := range ds.len() {
		fps := ds.fps(i)
		if len(fps) == 0 {
			continue
		}
		docs := ds.docs(i)
		srcs := ev.boilerOf(fps[0])
		lone, in := 0, 0
		for _, d := range docs {
			switch {
			case srcs != nil && slices.Contains(srcs, c.docs[d].src):
			case paired[d]:
				in++
			default:
				lone++
			}
		}
		if in < 2 || lone == 0 && in < 3 || !reportDocset(len(fps), lone+in, minStock, noStock) {
			continue
		}
		if lone+in < len(docs) {
			docs = slices.DeleteFunc(slices.Clone(docs), func(d int32) bool { return slices.Contains(srcs, c.docs[d].src) })
		}
		holders = append(holders, docs)
		sets = append(sets, int32(i))
		fragment = append(fragment, len(fps) == 1)
	}
	return holders, sets, fragment
}

// joinStock returns joinByPassages' stock for the docsets sets (of ev, as joinHolders returns
// them): whether docset k is a stock phrase, as reportDocset asks.
func (c *corpus) joinStock(ev *evidence, sets []int32) func(k int) bool {
	_, minStock := evidenceMins(c.opts)
	return func(k int) bool {
		fps := ev.ds.fps(int(sets[k]))
		return len(fps) < minStock && ev.isStockFP(fps[0])
	}
}

// joinLong returns joinByPassages' long for the docsets sets (of ev, as joinHolders returns
// them, holders their documents): whether docsets ks's runs in document d, as locate finds them,
// make a passage (longestRun). The first error reading a document is kept in *err, and the
// answer is false.
func (c *corpus) joinLong(ev *evidence, sets []int32, holders [][]int32, err *error) func(ks []int, d int) bool {
	vc := newViewWalker(c, viewFingerprints)
	var which fpTable
	return func(ks []int, d int) bool {
		if *err != nil {
			return false
		}
		these := make([]int32, len(ks))
		for j, k := range ks {
			these[j] = sets[k]
		}
		occ, e := c.locate(vc, int32(d), these, ev.ds, &which)
		if e != nil {
			*err = e
			return false
		}
		for j := range occ {
			occ[j].docset = int32(ks[slices.Index(these, occ[j].docset)])
		}
		return longestRun(occ, ks, holders) >= c.opts.MinPassage
	}
}

// longestRun returns the words of the longest stretch of runs in a document (token, words and
// docset read: an index into holders, one of ks), those that overlap joined when their docsets
// chain, as chainDocsets chains them but for where they lie: two docsets chain when two or more
// documents hold both, and at least half of the documents of the one held by more. A quote that
// each outlet trims its own way is fragments end to end, each held by most outlets that hold the
// next; a phrase beside it that other articles hold is not part of it.
func longestRun(runs []located, ks []int, holders [][]int32) int {
	chain := newUnionFind(len(ks))
	for x := range ks {
		held := map[int32]bool{}
		for _, d := range holders[ks[x]] {
			held[d] = true
		}
		for y := x + 1; y < len(ks); y++ {
			both := 0
			for _, d := range holders[ks[y]] {
				if held[d] {
					both++
				}
			}
			if both >= 2 && 2*both >= max(len(holders[ks[x]]), len(holders[ks[y]])) {
				chain.union(int32(x), int32(y))
			}
		}
	}
	root := func(k int32) int32 { return chain.find(int32(slices.Index(ks, int(k)))) }
	slices.SortFunc(runs, func(x, y located) int { return cmp.Or(cmp.Compare(x.token, y.token), cmp.Compare(x.docset, y.docset)) })
	best := 0
	done := make([]bool, len(runs))
	for i := range runs {
		if done[i] {
			continue
		}
		r := root(runs[i].docset)
		from, end := runs[i].token, runs[i].token+runs[i].words
		for j := i + 1; j < len(runs) && runs[j].token < end; j++ {
			if !done[j] && root(runs[j].docset) == r {
				done[j] = true
				end = max(end, runs[j].token+runs[j].words)
			}
		}
		best = max(best, int(end-from))
	}
	return best
}

// SmallStory is the most articles a story may have to join a larger one by the recurring text
// its articles hold with it (joinStories).
const SmallStory = 8

// joinStories joins each small story (two to SmallStory documents) to the larger story its
// recurring text points at (holders: the docsets that can be reported, stock phrases aside): a
// docset that one of its documents holds points at the other story whose copy groups hold it
// most, when two or more do, and more than documents in no story (held as much by those, it
// points at nothing); the small story joins the story its docsets point at most (by the copy
// groups that hold them), larger than it, when those groups outnumber twice (joinDominance) the
// groups its docsets point at other stories by; one of its documents holds them as a passage
// (long) and is near one of that story's holders in context (passageJoinContext, the first 16
// asked). A big story splits where some outlets' articles are near each other in their own words
// and far from the first ones compared: the parts share the story's quote, which no pair between
// them holds. It decides from the stories as they are (after joinByPassages), then joins; the
// joined stories' documents are among g.joined, so that the passages that join them are
// reported with the story (placeJoined).
func (g *storyGraph) joinStories(uf unionFind) {
	if g.holders == nil {
		return
	}
	root := uf.roots()
	size := make([]int32, g.n)
	for _, r := range root {
		size[r]++
	}
	small := func(r int32) bool { return size[r] >= 2 && size[r] <= SmallStory }
	members := map[int32][]int32{} // each small story's documents, by its root
	for d, r := range root {
		if small(r) {
			members[r] = append(members[r], int32(d))
		}
	}
	// a small story may join when one of its documents may (g.may)
	may := func(r int32) bool {
		return g.may == nil || slices.ContainsFunc(members[r], func(d int32) bool { return g.may(int(d)) })
	}
	group := g.copyGroups()
	// target by small story's root: the story its docsets point at; -2 none (none larger, or
	// other stories' pointers come near its)
	target := map[int32]int32{}
	pointed := map[int32][]storyPointer{} // by small story: the stories its docsets point at
	by := map[int32][]int{}               // the docsets that point at its target
	runs := map[int32][]int{}             // those reported once it joins (a fragment: if the story's)
	var scratch []uint64                  // a docset's holders in stories: story<<32 | copy group
	var counts []storyHold
	stock := make([]int8, len(g.holders)) // 0 not asked, 1 a stock phrase, 2 not
	for k, hs := range g.holders {
		if !slices.ContainsFunc(hs, func(d int32) bool { return small(root[d]) }) {
			continue
		}
		scratch, counts = scratch[:0], counts[:0]
		none := 0
		for _, d := range hs {
			if r := root[d]; size[r] == 1 {
				none++
			} else {
				scratch = append(scratch, uint64(r)<<32|uint64(group[d]))
			}
		}
		slices.Sort(scratch)
		counts = storyHolds(counts[:0], scratch)
		for _, s := range counts {
			if !small(s.story) || !may(s.story) {
				continue
			}
			// the other story most groups hold it in: the larger, then the first, on a tie
			best := storyHold{story: -1}
			for _, o := range counts {
				if o.story != s.story && (o.groups > best.groups || o.groups == best.groups && best.story >= 0 && size[o.story] > size[best.story]) {
					best = o
				}
			}
			if best.groups < 2 {
				continue
			}
			if g.stock != nil {
				if stock[k] == 0 {
					stock[k] = 2
					if g.stock(k) {
						stock[k] = 1
					}
				}
				if stock[k] == 1 {
					continue
				}
			}
			if best.groups <= none {
				continue // held as much by documents in no story: it points at nothing
			}
			ps := pointed[s.story]
			w := slices.IndexFunc(ps, func(p storyPointer) bool { return p.story == best.story })
			if w < 0 {
				w = len(ps)
				ps = append(ps, storyPointer{storyWeight: storyWeight{story: best.story}})
			}
			ps[w].groups += best.groups
			ps[w].by = append(ps[w].by, k)
			// a fragment is located only when more than fragmentDocs of one story's
			// members hold it (storyFragment): the two stories', once joined
			if g.fragment == nil || !g.fragment[k] || best.held+s.held > fragmentDocs {
				ps[w].runs = append(ps[w].runs, k)
			}
			pointed[s.story] = ps
		}
	}
	for s, ps := range pointed {
		b := dominant(ps, func(p storyPointer) storyWeight { return p.storyWeight })
		if b < 0 || size[ps[b].story] <= size[s] {
			target[s] = -2
			continue
		}
		target[s], by[s], runs[s] = ps[b].story, ps[b].by, ps[b].runs
	}
	var joins [][2]int32
	for _, s := range slices.Sorted(maps.Keys(target)) {
		t := target[s]
		if t < 0 || len(runs[s]) == 0 || !g.storyNear(members[s], t, by[s], runs[s], root) {
			continue
		}
		joins = append(joins, [2]int32{s, t})
	}
	for _, j := range joins {
		g.joined = append(g.joined, members[j[0]]...)
		uf.union(j[0], j[1])
		g.storyJoins++
	}
	slices.Sort(g.joined)
}

// storyNear reports whether one of a story's documents (in) holds docsets runs (of ks, those
// located in it) as a passage (long) and is near a document of story t holding one of ks in
// context (joinStories).
func (g *storyGraph) storyNear(in []int32, t int32, ks, runs []int, root []int32) bool {
	for _, d := range in {
		if !slices.ContainsFunc(runs, func(k int) bool { return slices.Contains(g.holders[k], d) }) {
			continue
		}
		if g.long != nil && !g.long(runs, int(d)) {
			continue
		}
		if g.nearHolders(d, ks, t, root) {
			return true
		}
	}
	return false
}

// nearHolders reports whether document d's context is passageJoinContext or more with one of the
// first 16 documents of story (by root) that hold one of docsets ks; with no context, it is.
func (g *storyGraph) nearHolders(d int32, ks []int, story int32, root []int32) bool {
	if g.context == nil {
		return true
	}
	seen := 0
	for _, k := range ks {
		for _, e := range g.holders[k] {
			if seen == 16 {
				return false
			}
			if e != d && root[e] == story {
				seen++
				if g.context(int(d), int(e)) >= passageJoinContext {
					return true
				}
			}
		}
	}
	return false
}

// storyHold is how one story holds a docset: the story (its root), and its copy groups and
// documents that hold the docset.
type storyHold struct {
	story        int32
	groups, held int
}

// storyHolds appends to dst how each story holds a docset whose holders in stories are scratch
// (story<<32 | copy group, sorted), in the stories' order, and returns it.
func storyHolds(dst []storyHold, scratch []uint64) []storyHold {
	for lo := 0; lo < len(scratch); {
		hi, groups := lo, 0
		for ; hi < len(scratch) && scratch[hi]>>32 == scratch[lo]>>32; hi++ {
			if hi == lo || scratch[hi] != scratch[hi-1] {
				groups++
			}
		}
		dst = append(dst, storyHold{int32(scratch[lo] >> 32), groups, hi - lo})
		lo = hi
	}
	return dst
}

// copyGroups returns each document's group of copies (by near-duplicate and exact pairs): a
// story's copies count once.
func (g *storyGraph) copyGroups() []int32 {
	copies := newUnionFind(g.n)
	for _, p := range g.pairs {
		if p.Relation == NearDuplicate || p.Relation == Exact {
			copies.union(int32(p.a), int32(p.b))
		}
	}
	return copies.roots()
}

// joinedDocs returns, by document number (of n), whether the document joined a story by a
// passage alone (Result.joined), or nil when none did.
func (res *Result) joinedDocs(n int) []bool {
	if len(res.joined) == 0 {
		return nil
	}
	joined := make([]bool, n)
	for _, d := range res.joined {
		joined[d] = true
	}
	return joined
}

// placeJoined puts each of the recurring passages ps that a document joined to a story by a
// passage alone holds (joined, by document, or nil), and whose occurrences all lie in that
// story's cluster (clusterOf: each document's cluster number, 0 for none), among the cluster's
// shared passages: the passage of the cluster's pairs that it overlaps in a document, by half the
// longer or more, takes its occurrences in documents where it has none, or else it is a shared
// passage of the cluster of its own. The cluster's passages are numbered again in order of
// their first occurrence, and its pairs' passages with them. It returns the others, in order:
// passages of documents that are not one story, reported on their own.
func (res *Result) placeJoined(ps []SharedPassage, clusterOf []int32, joined []bool) []SharedPassage {
	if joined == nil {
		return ps
	}
	index := make(map[int32]int, len(res.Clusters)) // cluster number: index
	for k := range res.Clusters {
		index[int32(res.Clusters[k].Number)] = k
	}
	touched := map[int]bool{}
	rest := ps[:0]
	for _, p := range ps {
		cl := clusterOf[p.Occurrences[0].doc]
		in, join := cl != 0, false
		for _, o := range p.Occurrences {
			in = in && clusterOf[o.doc] == cl
			join = join || joined[o.doc]
		}
		if !in || !join {
			rest = append(rest, p)
			continue
		}
		k := index[cl]
		touched[k] = true
		mergeShared(&res.Clusters[k], p)
	}
	for k := range touched {
		renumberShared(&res.Clusters[k])
	}
	return rest
}

// mergeShared adds passage p to cluster cl's shared passages (placeJoined).
func mergeShared(cl *Cluster, p SharedPassage) {
	overlap := func(x, y Occurrence) int {
		if x.doc != y.doc {
			return 0
		}
		return min(x.End, y.End) - max(x.Start, y.Start)
	}
	for q := range cl.Passages {
		sp := &cl.Passages[q]
		if sp.Match != Verbatim {
			continue
		}
		same := slices.ContainsFunc(p.Occurrences, func(o Occurrence) bool {
			return slices.ContainsFunc(sp.Occurrences, func(x Occurrence) bool {
				ov := overlap(o, x)
				return ov > 0 && 2*ov >= max(o.End-o.Start, x.End-x.Start)
			})
		})
		if !same {
			continue
		}
		for _, o := range p.Occurrences {
			if !slices.ContainsFunc(sp.Occurrences, func(x Occurrence) bool { return overlap(o, x) > 0 }) {
				sp.Occurrences = append(sp.Occurrences, o)
				sp.Words = max(sp.Words, o.Words)
			}
		}
		slices.SortStableFunc(sp.Occurrences, byPlace)
		return
	}
	p.Number = len(cl.Passages) + 1
	cl.Passages = append(cl.Passages, p)
}

// byPlace orders occurrences by document, then start.
func byPlace(x, y Occurrence) int {
	return cmp.Or(cmp.Compare(x.doc, y.doc), cmp.Compare(x.Start, y.Start))
}

// renumberShared numbers cluster cl's shared passages again in order of their first occurrence
// (as groupPassages does), and its pairs' passages with them.
func renumberShared(cl *Cluster) {
	slices.SortStableFunc(cl.Passages, func(x, y SharedPassage) int { return byPlace(x.Occurrences[0], y.Occurrences[0]) })
	number := make(map[int]int, len(cl.Passages)) // old: new
	for i := range cl.Passages {
		number[cl.Passages[i].Number] = i + 1
		cl.Passages[i].Number = i + 1
	}
	for i := range cl.Pairs {
		for j := range cl.Pairs[i].Passages {
			q := &cl.Pairs[i].Passages[j]
			if q.Shared != 0 {
				q.Shared = number[q.Shared]
			}
		}
	}
}

// StoriesAgain makes the stories of members from pairs as Stories does, for run's documents
// with more (neardup scan --index adds the indexed articles related to a run's, and their pairs):
// a document run joined to a story by a passage alone (joinByPassages), or a small story run
// joined to a larger one (joinStories), joins the story that holds the passage again, when pairs
// still relate it to nothing, and the passage is that story's as it was run's (or run's passage
// record, which stays one). What run knew of its documents stands for the context they no longer
// have (runContext): two that run put in one story are alike, any other two not, and run's hubs
// stay hubs. The passages of run's stories by which run joined documents that are no story's now
// are returned apart (more), to be reported with the other passages of documents in no story; any
// whose documents are one story are its pairs'. earlier, unless nil, names the story each member
// was told in on the night it was indexed ("" for none; index.Doc.Story): a story that holds two
// or more articles of an earlier story takes in its other articles that are in no story, marked
// Member.Earlier (joinEarlier).
func StoriesAgain(run *Result, members []Member, pairs []Pair, earlier []string) (res *Result, more []SharedPassage, err error) {
	context, hub := runContext(run)
	if len(run.joined) == 0 {
		res, err = storiesJoined(Options{}, members, pairs, context, nil, nil, hub, earlier)
		return res, nil, err
	}
	num := make(map[string]int, len(members))
	for i, m := range members {
		num[m.ID] = i
	}
	joined := map[int32]bool{}
	for _, d := range run.joined {
		joined[d] = true
	}
	joinedRun := map[string]bool{} // their ids
	// the passages of run's stories that hold a joined document, in run's order, then its
	// passage records that do (documents in no story hold them too: they stay records, and
	// join as the others do)
	var carried []SharedPassage
	var docsets []RecurringDocset
	var held [][]SharedPassage
	for _, cl := range run.Clusters {
		held = append(held, cl.Passages)
	}
	held = append(held, run.Passages)
	for h, these := range held {
		for _, sp := range these {
			if !slices.ContainsFunc(sp.Occurrences, func(o Occurrence) bool { return joined[o.doc] }) {
				continue
			}
			sp.Occurrences = slices.Clone(sp.Occurrences)
			var ds RecurringDocset
			for k := range sp.Occurrences {
				o := &sp.Occurrences[k]
				if joined[o.doc] {
					joinedRun[o.ID] = true
				}
				d, ok := num[o.ID]
				if !ok {
					return nil, nil, fmt.Errorf("stories again: %s, which holds a passage of run's, is no member", o.ID)
				}
				o.doc = int32(d)
				if !slices.Contains(ds.Docs, d) {
					ds.Docs = append(ds.Docs, d)
				}
				// one run each, at token 0: long asks whether one is a passage, which it is
				ds.Found = append(ds.Found, DocsetLocation{Doc: d, Located: Located{Start: o.Start, End: o.End, Words: o.Words}})
			}
			slices.SortStableFunc(sp.Occurrences, byPlace)
			docsets = append(docsets, ds)
			if h < len(run.Clusters) {
				carried = append(carried, sp)
			}
		}
	}
	again := make([]bool, len(members)) // the documents run joined: those alone join again
	for _, sp := range carried {
		for _, o := range sp.Occurrences {
			if joinedRun[o.ID] {
				again[o.doc] = true
			}
		}
	}
	res, err = storiesJoined(Options{}, members, pairs, context, docsets, func(d int) bool { return again[d] }, hub, earlier)
	if err != nil {
		return nil, nil, err
	}
	clusterOf := make([]int32, len(members))
	for k := range res.Clusters {
		for _, m := range res.Clusters[k].Members {
			clusterOf[num[m.ID]] = int32(res.Clusters[k].Number)
		}
	}
	for _, sp := range res.placeJoined(carried, clusterOf, res.joinedDocs(len(members))) {
		docs := make([]int32, len(sp.Occurrences))
		for k, o := range sp.Occurrences {
			docs[k] = o.doc
		}
		if !inOneCluster(docs, clusterOf) {
			more = append(more, sp)
		}
	}
	return res, more, nil
}

// runContext stands for what run knew of its documents when the stories are made again
// (StoriesAgain). context stands for the context similarity of two documents: 1 for two that run
// put in one story, which it found alike with all it knew of them, else 0. Without it, the hub
// rule took an article whose neighbours run had joined by their context for one that compiles
// stories: one indexed article added to a night of the news corpus (10,000 articles) lost 0.03
// of the story pairs of the night's own articles. hub says which documents run found hubs: the
// pairs come without the story edges run dropped for them, and without the rule's verdict a hub
// joined a story by its quotes.
func runContext(run *Result) (context func(a, b string) float64, hub func(id string) bool) {
	story := map[string]int{}
	hubs := map[string]bool{}
	for _, cl := range run.Clusters {
		for _, m := range cl.Members {
			story[m.ID] = cl.Number
			if m.Hub {
				hubs[m.ID] = true
			}
		}
	}
	for _, h := range run.Hubs {
		hubs[h.Member.ID] = true
	}
	context = func(a, b string) float64 {
		if x, ok := story[a]; ok && x == story[b] {
			return 1
		}
		return 0
	}
	return context, func(id string) bool { return hubs[id] }
}

// storyPointer is a story that a small story's docsets point at (joinStories), with the copy
// groups of it that hold them, and the docsets (by) and those reported once it joins (runs).
type storyPointer struct {
	storyWeight
	by, runs []int
}
