package pipeline

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/spaolacci/murmur3"

	"golang.org/x/sync/errgroup"
)

// Recurring passages: text that three or more groups of documents hold, found from the postings
// (its docset: the documents that hold exactly those fingerprints), not from compared pairs.
// Most of it is never compared pairwise (a standard paragraph in seventeen unrelated articles
// makes 136 pairs, none a candidate), yet every shared passage that is neither boilerplate nor
// a stock phrase is reported with all its occurrences. A docset of two or more fingerprints
// whose documents are not all in one cluster (whose own pairs report it) is located in each of
// its documents (locate) and reported as a shared passage of documents that are not one story.

// docsetPassages returns the shared passages of the docsets to report on their own (see above),
// located in their documents, in order of their first occurrence. clusterOf holds each
// document's cluster number (0 for none). Once the docsets to report are chosen, it no longer
// holds ev, nor the docsets once they are chained: with no caller holding them either, they are
// garbage (a fifth of the live heap while the recurring-paragraph corpus's occurrences were
// located and assembled).
func (c *corpus) docsetPassages(ctx context.Context, ev *evidence, clusterOf []int32, joined []bool) ([]SharedPassage, error) {
	if ev == nil || ev.ds == nil {
		return nil, nil
	}
	ds := ev.ds
	_, minStock := evidenceMins(c.opts)
	// the documents each docset is reported for (nil: not reported; a reported one has two or
	// more), once its sources' boilerplate is left out
	weigh := func(i int) []int32 {
		fps := ds.fps(i)
		if len(fps) == 0 {
			return nil // no fps[0] to ask of
		}
		docs := ds.docs(i)
		if srcs := ev.boilerOf(fps[0]); srcs != nil {
			docs = slices.DeleteFunc(slices.Clone(docs), func(d int32) bool { return slices.Contains(srcs, c.docs[d].src) })
		}
		if !beyondClusters(len(fps) == 1, docs, clusterOf, joined) {
			return nil // (before the stock test, which costs more)
		}
		if !reportDocset(len(fps), len(docs), minStock, func() bool { return ev.isStockFP(fps[0]) }) {
			return nil
		}
		return docs
	}
	// weighed on all cores, each docset on its own (the stock test's answers are kept whoever
	// asks first: isStockFP), where one goroutine weighing the 760,000 docsets of 200,000
	// synthetic articles left the other core idle
	eligible := make([][]int32, ds.len())
	var nextSet atomic.Int64
	var wg sync.WaitGroup
	const setChunk = 1024 // docsets a goroutine takes at a time
	for range max(1, c.opts.Workers) {
		wg.Go(func() {
			for {
				i0 := int(nextSet.Add(setChunk)) - setChunk
				if i0 >= ds.len() {
					return
				}
				for i := i0; i < min(i0+setChunk, ds.len()); i++ {
					eligible[i] = weigh(i)
				}
			}
		})
	}
	wg.Wait()
	// the docsets to report, in docset order whatever the schedule
	var report []int32
	for i, docs := range eligible {
		if docs != nil {
			report = append(report, int32(i))
		}
	}
	ev = nil // nothing below asks it (the docsets are ds): collected, once no caller holds it
	if len(report) == 0 {
		return nil, nil
	}
	// the documents to read, each once, with the docsets to find in it
	byDoc := map[int32][]int32{}
	for _, i := range report {
		for _, d := range eligible[i] {
			byDoc[d] = append(byDoc[d], i)
		}
	}
	docs := make([]int32, 0, len(byDoc))
	for d := range byDoc {
		docs = append(docs, d)
	}
	slices.Sort(docs)
	// locate, on all cores: occurrence[k] for docs[k]
	found := make([][]located, len(docs))
	var next atomic.Int64
	g, ctx := errgroup.WithContext(ctx)
	for range c.opts.Workers {
		g.Go(func() error {
			vc := newViewWalker(c, viewFingerprints)
			var which fpTable
			for {
				k := int(next.Add(1)) - 1
				if k >= len(docs) {
					return nil
				}
				if k%256 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				occ, err := c.locate(vc, docs[k], byDoc[docs[k]], ds, &which)
				if err != nil {
					return err
				}
				found[k] = occ
			}
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	n := chainDocsets(docs, found, ds.len(), func(i int32) []int32 { return eligible[i] }, clusterOf, joined, c.opts.MinPassage)
	return assembleDocsets(docs, found, n, func(d int32) string { return c.docs[d].id }), nil
}

// beyondClusters reports whether a docset of documents docs (a fragment: of one fingerprint) is
// located for a passage of its own once the clusters are made: one of two documents or more
// (fewer share nothing), and one whose documents are all in one cluster is that cluster's pairs'
// to report, unless one of them joined it by a passage alone (joined, by document; nil for
// none: joinByPassages), which no pair of the cluster holds; and a fragment is a part of a
// passage only if it is a story's (storyFragment; whether its passage lies in one cluster is
// asked in chainDocsets).
func beyondClusters(fragment bool, docs []int32, clusterOf []int32, joined []bool) bool {
	switch {
	case len(docs) < 2:
		return false // no passage shared
	case fragment:
		return storyFragment(docs, clusterOf)
	}
	return !inOneCluster(docs, clusterOf) || anyJoined(docs, joined)
}

// anyJoined reports whether one of documents docs joined a story by a passage alone (joined, by
// document, or nil).
func anyJoined(docs []int32, joined []bool) bool {
	return joined != nil && slices.ContainsFunc(docs, func(d int32) bool { return joined[d] })
}

// storyFragment reports whether a fragment (a docset of one fingerprint) held by documents docs
// may be part of a story's quote that its outlets trim each their own way (chainDocsets): more
// than fragmentDocs of them are in one cluster. A phrase that unrelated texts happen to hold is
// not, and locating every such fragment in its documents read back most of the 200,000
// synthetic articles, whose Markov text holds 235,000 fragments of six documents or more (the
// recurring-passage stage 0.06 -> 4.7 s).
func storyFragment(docs []int32, clusterOf []int32) bool {
	if len(docs) <= fragmentDocs {
		return false
	}
	counts := map[int32]int{}
	for _, d := range docs {
		if cl := clusterOf[d]; cl != 0 {
			if counts[cl]++; counts[cl] > fragmentDocs {
				return true
			}
		}
	}
	return false
}

// inOneCluster reports whether documents docs are all in one cluster (clusterOf: each
// document's number, 0 for none): then that cluster's pairs report their shared text.
func inOneCluster(docs []int32, clusterOf []int32) bool {
	cl := clusterOf[docs[0]]
	return cl != 0 && !slices.ContainsFunc(docs, func(d int32) bool { return clusterOf[d] != cl })
}

// assembleDocsets makes the shared passages of docsets numbered below n from where they were
// found: found[k] in document docs[k] (ascending; id gives its id), each docset's passage with
// its occurrences in document order, the passages in order of their first occurrence. A docset
// found in one document only (the others hold its fingerprints apart) is no shared passage.
func assembleDocsets(docs []int32, found [][]located, n int, id func(int32) string) []SharedPassage {
	// each passage's occurrences in one slice of one array sized for them all (grown by
	// append, they held half again their size: 41 of the 76 MB live while the
	// recurring-paragraph corpus's report was written)
	index := make([]int32, n) // passage number + 1 of a docset
	var counts []int
	for k := range docs {
		for _, o := range found[k] {
			if index[o.docset] == 0 {
				counts = append(counts, 0)
				index[o.docset] = int32(len(counts))
			}
			counts[index[o.docset]-1]++
		}
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	all := make([]Occurrence, 0, total)
	out := make([]SharedPassage, len(counts))
	for j, n := range counts {
		out[j].Occurrences = all[len(all) : len(all) : len(all)+n]
		all = all[:len(all)+n]
	}
	for k, d := range docs {
		for _, o := range found[k] {
			sp := &out[index[o.docset]-1]
			sp.Occurrences = append(sp.Occurrences, Occurrence{ID: id(d), Start: int(o.start), End: int(o.end), Words: int(o.words), doc: d, hash: o.hash})
			sp.Words = max(sp.Words, int(o.words))
		}
		found[k] = nil
	}
	return slices.DeleteFunc(out, func(sp SharedPassage) bool {
		return len(sp.Occurrences) < 2 || sp.Occurrences[0].doc == sp.Occurrences[len(sp.Occurrences)-1].doc
	})
}

// textHash is the hash of a passage's text, never 0 (0 is for none).
func textHash(s string) uint64 { return murmur3.Sum64(unsafe.Slice(unsafe.StringData(s), len(s))) | 1 }

// located is where a docset's text lies in a document: bytes start to end (a text is at most
// maxDocBytes), words words. 32 bytes, where ints made 48: the recurring-paragraph corpus
// locates 218,000 runs at once.
type located struct {
	docset     int32
	start, end uint32
	words      int32
	token      int32  // its first token's number
	hash       uint64 // of the text, so that reading the texts back reads one of those alike (0: unknown)
}

// locate finds the text of the docsets sets of ds in document d (locateIn). which is scratch: a
// table of the fingerprints of sets, made for each document, small enough for the processor's
// cache (one table of every docset's fingerprints cost a cache miss a lookup: 0.42 of the 0.84
// CPU seconds this took on the recurring-paragraph corpus).
func (c *corpus) locate(vc *viewCache, d int32, sets []int32, ds *docsetList, which *fpTable) ([]located, error) {
	v, err := vc.get(d)
	if err != nil {
		return nil, err
	}
	nfp := 0
	for _, i := range sets {
		nfp += len(ds.fps(int(i)))
	}
	which.reset(nfp)
	for k, i := range sets {
		for _, fp := range ds.fps(int(i)) {
			which.put(fp, k) // numbered here as in sets, for locateIn
		}
	}
	out, err := c.locateIn(v, which, len(sets), func() error { return vc.tokens(v) })
	for j := range out {
		out[j].docset = sets[out[j].docset]
	}
	return out, err
}

// locateIn finds in view v the text of the docsets whose fingerprints which numbers (below n):
// each run of the document's fingerprints of one docset, no more than a window apart (or sharedGap tokens,
// with only text that other documents hold too between them), from the first token of its first
// shingle to the last token of its last, in bytes, however short (chainDocsets joins runs that
// overlap, and leaves out occurrences shorter than MinPassage words). tokens reads a lazy view's
// tokens back.
func (c *corpus) locateIn(v *docView, which *fpTable, n int, tokens func() error) ([]located, error) {
	k := c.opts.Shingle
	type run struct {
		docset   int32
		from, to int // token positions of the first and last fingerprint
	}
	var runs []run
	// each docset's last run: looked up, where walking back the runs to it was two thirds of
	// locating once fragments were located too (newsbig-200000: 0.64 of 1.01 CPU s)
	last := make([]int32, n)
	for i := range last {
		last[i] = -1
	}
	own := -1 // the position of the last fingerprint no other group of documents holds (c.shared)
	for _, f := range v.fps {
		i := int32(which.get(uint32(f.Hash)))
		if i < 0 {
			if c.shared == nil || !c.shared.has(uint32(f.Hash)) {
				own = f.Pos
			}
			continue
		}
		// the docset's last run, if the fingerprint continues it: next to it, or with only
		// text that other documents hold too between them, within a sentence or so
		r := last[i]
		if r >= 0 && (f.Pos-runs[r].to <= k+c.opts.Window || own < runs[r].to && f.Pos-runs[r].to <= k+sharedGap) {
			runs[r].to = f.Pos
			continue
		}
		last[i] = int32(len(runs))
		runs = append(runs, run{i, f.Pos, f.Pos})
	}
	if len(runs) == 0 {
		return nil, nil
	}
	if v.lazy {
		if err := tokens(); err != nil {
			return nil, err
		}
	}
	out := make([]located, len(runs)) // all kept until assembled (assembleDocsets): no room to spare
	for j, r := range runs {
		last := min(r.to+k-1, v.words-1)
		start, end := v.token(r.from).Start, v.token(last).End
		out[j] = located{docset: r.docset, start: uint32(start), end: uint32(end), words: int32(last - r.from + 1),
			token: int32(r.from), hash: textHash(v.text[start:end])}
	}
	return out, nil
}

// reportDocset reports whether a docset of nfps fingerprints, with docs documents once its
// sources' boilerplate is left out, is a shared passage to report: two documents or more, and no
// stock phrase (stock, asked only of a short one: fewer than minStock fingerprints). A fragment
// (one fingerprint) is reported for the passage it may be part of (chainDocsets) when more than
// fragmentDocs documents hold it, too many for all their pairs to be counted (docsetPairs):
// fewer are compared in pairs, which report what they share; and then only if it is a story's
// (storyFragment, asked once the clusters are made).
func reportDocset(nfps, docs, minStock int, stock func() bool) bool {
	return (nfps >= 2 || nfps == 1 && docs > fragmentDocs) && docs >= 2 && !(nfps < minStock && stock())
}

// chainDocsets makes the shared passages of the docsets located: found[k] holds the runs of
// their fingerprints in document docs[k] (ascending), short ones too (locateIn), and docsOf(i)
// the documents docset i is reported for.
//
// Most docsets are a passage each, as they were before: its runs of MinPassage words or more,
// the passage's occurrences. But a fragment, a docset of one fingerprint, is five words that a
// set of documents holds and no other fingerprint's set matches; and a quote that each outlet
// trims its own way is such fragments end to end, with here and there a docset of two or three
// fingerprints that the same outlets hold. It was reported for none of the outlets that no pair
// of a story took in: at stories of 800 outlets, 469 story articles were in no record at all.
//
// So docsets are chained: two whose runs overlap in a document (the shingle of one's
// fingerprint and of the other's share a token: their text is one stretch) are one passage
// when they overlap so in at least half the documents of the larger, and two or more: the
// parts of one quote, each held by most of those that hold the other, and not a name or a
// phrase that many documents hold beside the quotes of many stories. A passage's occurrence in
// a document is a run of its docsets' runs, each overlapping the last, of MinPassage words or
// more. A passage whose docsets' documents are all in one cluster is left to the cluster's
// pairs, unless one of them joined the cluster by a passage alone (joined, by document, or nil).
//
// found is rewritten: each document's occurrences, by start, numbered by their passage (from 0,
// in order of the smallest docset of each); the number of passages is returned. An occurrence
// of one run keeps its text's hash. Nothing depends on the order of a document's runs in found.
func chainDocsets(docs []int32, found [][]located, n int, docsOf func(int32) []int32, clusterOf []int32, joined []bool, minWords int) int {
	byStart := func(x, y located) int { return cmp.Or(cmp.Compare(x.token, y.token), cmp.Compare(x.docset, y.docset)) }
	// the pairs of docsets that overlap, and in how many documents
	overlaps := map[uint64]int32{}
	var seen []uint64
	for k := range found {
		ps := found[k]
		slices.SortFunc(ps, byStart)
		seen = seen[:0]
		for i := range ps {
			for j := i + 1; j < len(ps) && ps[j].token < ps[i].token+ps[i].words; j++ {
				if a, b := ps[i].docset, ps[j].docset; a != b {
					seen = append(seen, uint64(min(a, b))<<32|uint64(max(a, b)))
				}
			}
		}
		slices.Sort(seen)
		for i, e := range seen {
			if i == 0 || e != seen[i-1] {
				overlaps[e]++
			}
		}
	}
	chain := newUnionFind(n) // a passage's root: its smallest docset
	for e, w := range overlaps {
		if a, b := int32(e>>32), int32(uint32(e)); w >= 2 && 2*int(w) >= max(len(docsOf(a)), len(docsOf(b))) {
			chain.union(a, b)
		}
	}
	// each document's occurrences of each passage, by its root
	held := map[int32]bool{}
	var done []bool
	for k := range found {
		ps := found[k]
		done = slices.Grow(done[:0], len(ps))[:len(ps)]
		clear(done)
		out := ps[:0] // in place: each run read is at or past the one written
		for i := range ps {
			if done[i] {
				continue
			}
			r := chain.find(ps[i].docset)
			o := ps[i]
			o.docset = r
			end := o.token + o.words // past the last token
			for j := i + 1; j < len(ps) && ps[j].token < end; j++ {
				if !done[j] && chain.find(ps[j].docset) == r {
					done[j] = true
					if e := ps[j].token + ps[j].words; e > end {
						end, o.end, o.hash = e, ps[j].end, 0
					}
				}
			}
			if o.words = end - o.token; int(o.words) >= minWords {
				out = append(out, o)
				held[r] = true
			}
		}
		found[k] = out
	}
	// the passages to report, numbered in order of their root
	members := map[int32][]int32{} // each root's other docsets
	for d := range int32(n) {
		if r := chain.find(d); r != d && held[r] {
			members[r] = append(members[r], d)
		}
	}
	number := map[int32]int32{}
	for _, r := range slices.Sorted(maps.Keys(held)) {
		all := slices.Clone(docsOf(r))
		for _, d := range members[r] {
			all = append(all, docsOf(d)...)
		}
		if inOneCluster(all, clusterOf) && !anyJoined(all, joined) {
			continue // (a docset of two fingerprints or more alone was asked before it was located)
		}
		number[r] = int32(len(number))
	}
	for k := range found {
		out := found[k][:0]
		for _, o := range found[k] {
			if i, ok := number[o.docset]; ok {
				o.docset = i
				out = append(out, o)
			}
		}
		found[k] = out
	}
	return len(number)
}

// sharedGap is how far apart, in tokens, two runs of one docset's fingerprints in a document may
// lie and still be one occurrence, when all the text between them is text other documents hold
// too (a sentence of the passage that more documents carry is another docset's): about a
// sentence. At c20k, 5,364 of 15,232 recurring passages had some document in two pieces or more
// (352,000 occurrences, 140,000 of them with a text of their own); with 24 tokens, 4,116 (274,000
// occurrences, the report 92 -> 79 MB; 48 tokens: 3,896); clusters, pairs and the other records
// unchanged, and so the time.
const sharedGap = 24
