package pipeline

import (
	"cmp"
	"fmt"
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
// a document run joined to a story by a passage alone (joinByPassages) joins the story that
// holds the passage again, when pairs still relate it to nothing, and the passage is that
// story's as it was run's. Its context is not asked again (run asked it). The passages by which
// run joined documents that are no story's now are returned apart (more), to be reported with
// the other passages of documents in no story; any whose documents are one story are its
// pairs'.
func StoriesAgain(run *Result, members []Member, pairs []Pair) (res *Result, more []SharedPassage, err error) {
	if len(run.joined) == 0 {
		res, err = Stories(members, pairs, nil)
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
	// the passages of run's stories that hold a joined document, in run's order
	var carried []SharedPassage
	var docsets []RecurringDocset
	for _, cl := range run.Clusters {
		for _, sp := range cl.Passages {
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
			carried, docsets = append(carried, sp), append(docsets, ds)
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
	res, err = storiesJoined(Options{}, members, pairs, nil, docsets, func(d int) bool { return again[d] })
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
