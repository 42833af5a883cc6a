package pipeline

import (
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/neardup/neardup/shingle"
)

// evidence says which shared text is no evidence that two documents are related: a source's
// boilerplate and stock phrases. See the package documentation for the rules.
type evidence struct {
	boiler  map[uint32][]int32  // fingerprint: the sources whose boilerplate it is
	nBoiler int                 // (source, fingerprint) pairs in boiler
	stock   map[uint32]struct{} // fingerprints of short passages found in StockDocs or more unrelated documents
	// recurring has a bit set for every fingerprint held by three or more groups of documents
	// (by its low bits): text that a pair shares with others; common for those held by StockDocs
	// or more. Nil in Compare.
	recurring, common *fpBits
	// anyBoiler has a bit set for every fingerprint that is some source's boilerplate (by its low
	// bits, boilerMask): it answers almost every lookup without touching the map, which alignment
	// asks about every fingerprint of every document it reads (20M lookups at 200k articles). It
	// has about 16 bits per boilerplate fingerprint, so that it stays small enough for the
	// processor's cache (a 2 MiB one cost a cache miss a lookup) and one lookup in 16 or fewer
	// goes on to the map. Built by index; nil before.
	anyBoiler  []uint64
	boilerMask uint32
	// table holds boiler for lookups, built by index: open addressing on the fingerprint's low
	// bits (tableMask), each slot fp<<32 | k+1 for the sources tableSrcs[k], 0 when empty. One
	// probe is about one cache miss, where a map lookup cost several.
	table     []uint64
	tableMask uint32
	tableSrcs [][]int32
}

// markBoiler records fp as boilerplate of source src, once.
func (ev *evidence) markBoiler(src int32, fp uint32) {
	if slices.Contains(ev.boiler[fp], src) {
		return
	}
	ev.boiler[fp] = append(ev.boiler[fp], src)
	ev.nBoiler++
}

// index builds anyBoiler and table, once every boilerplate fingerprint is marked.
func (ev *evidence) index() {
	if len(ev.boiler) == 0 {
		return
	}
	nbits := 16
	for 1<<nbits < 16*len(ev.boiler) && nbits < 26 {
		nbits++
	}
	ev.boilerMask = 1<<nbits - 1
	ev.anyBoiler = make([]uint64, 1<<nbits/64)
	for fp := range ev.boiler {
		b := fp & ev.boilerMask
		ev.anyBoiler[b/64] |= 1 << (b % 64)
	}
	size := 1 << max(bits.Len(uint(2*len(ev.boiler)-1)), 4) // at most half full
	ev.table, ev.tableMask = make([]uint64, size), uint32(size-1)
	ev.tableSrcs = make([][]int32, 0, len(ev.boiler))
	fps := make([]uint32, 0, len(ev.boiler)) // in order: the table is the same from run to run
	for fp := range ev.boiler {
		fps = append(fps, fp)
	}
	slices.Sort(fps)
	for _, fp := range fps {
		i := fp & ev.tableMask
		for ev.table[i] != 0 {
			i = (i + 1) & ev.tableMask
		}
		ev.tableSrcs = append(ev.tableSrcs, ev.boiler[fp])
		ev.table[i] = uint64(fp)<<32 | uint64(len(ev.tableSrcs))
	}
}

// boilerOf returns the sources whose boilerplate fp is (nil for none).
func (ev *evidence) boilerOf(fp uint32) []int32 {
	if ev == nil || ev.nBoiler == 0 {
		return nil
	}
	if ev.table == nil { // not indexed yet
		return ev.boiler[fp]
	}
	if b := fp & ev.boilerMask; ev.anyBoiler[b/64]&(1<<(b%64)) == 0 {
		return nil
	}
	for i := fp & ev.tableMask; ev.table[i] != 0; i = (i + 1) & ev.tableMask {
		if e := ev.table[i]; uint32(e>>32) == fp {
			return ev.tableSrcs[uint32(e)-1]
		}
	}
	return nil
}

// boilerFP is a fingerprint of a document that is some source's boilerplate: its index in the
// document's fingerprints, and the sources.
type boilerFP struct {
	k    int
	srcs []int32
}

// isBoilerOf reports whether a source of srcs is sa or sb (source numbers; 0 is none).
func isBoilerOf(srcs []int32, sa, sb int32) bool {
	for _, s := range srcs {
		if s != 0 && (s == sa || s == sb) {
			return true
		}
	}
	return false
}

// mask marks the shingles of a document that lie in boilerplate of either source of a pair: a
// boilerplate fingerprint, and every shingle between two consecutive boilerplate fingerprints
// (winnowing selects one in every window, so a boilerplate box is a run of them). It returns nil
// when nothing is masked.
func (ev *evidence) mask(v *docView, sa, sb int32) []bool {
	if ev == nil || ev.nBoiler == 0 {
		return nil
	}
	if !v.boilerChecked {
		v.boiler, v.boilerChecked = ev.boilerFPs(v.boiler[:0], v.fps), true
	}
	var m []bool
	prevBad := -1 // the last fingerprint found to be boilerplate
	for _, b := range v.boiler {
		if !isBoilerOf(b.srcs, sa, sb) {
			continue
		}
		if m == nil {
			m = make([]bool, len(v.sh))
		}
		f := v.fps[b.k]
		from := f.Pos
		if prevBad >= 0 && b.k == prevBad+1 { // the fingerprint before was boilerplate too
			from = v.fps[prevBad].Pos
		}
		for q := from; q <= f.Pos; q++ {
			m[q] = true
		}
		prevBad = b.k
	}
	return m
}

// boilerFPs appends to dst the fingerprints that are boilerplate of some source, with the
// sources: found once for a document, for all the pairs (and sources) it is compared in.
func (ev *evidence) boilerFPs(dst []boilerFP, fps []shingle.Shingle) []boilerFP {
	for k, f := range fps {
		if srcs := ev.boilerOf(uint32(f.Hash)); srcs != nil {
			dst = append(dst, boilerFP{k, srcs})
		}
	}
	return dst
}

// isStock reports whether a passage of the given words is a stock phrase: at least half (and at
// least one) of the fingerprints of the text the two documents share in it are stock: for a
// passage under MinReuseWords words, fingerprints found in StockDocs or more groups of documents
// (common: a short phrase that many texts use, whatever they are about); for a longer one, those
// of a stock docset (found in StockDocs or more documents about different things: a quote that
// many outlets carry on one story is not stock, however many they are). The passage is a's
// shingle positions loA..hiA and b's loB..hiB, and setA and setB are the documents' shingle
// tables. The fingerprints of both sides are pooled, each hash once: each side's winnowing
// samples the same text differently, a short passage holds only a few fingerprints on either
// side, and the answer must not depend on which document of the pair comes first. Only
// fingerprints that the other document also holds count, as only they are shared text: a passage
// merged across a changed word ("Civilians 205 (as of 2004)" against "Civilians 495 (as of
// 2004)") has fingerprints over that word that are in one document only, and template text with
// one number changed is still template text.
func (ev *evidence) isStock(words, minReuse int, fpsA []shingle.Shingle, loA, hiA int, setB *shingleTable,
	fpsB []shingle.Shingle, loB, hiB int, setA *shingleTable) bool {
	if ev == nil {
		return false
	}
	in := func(fp uint32) bool { _, ok := ev.stock[fp]; return ok }
	if words < minReuse {
		if ev.common == nil {
			return false
		}
		in = ev.common.has
	} else if len(ev.stock) == 0 {
		return false
	}
	n, total := sharedIn(fpsA, loA, hiA, setB, fpsB, loB, hiB, setA, in)
	return n > 0 && 2*n >= total
}

// recurringPassage reports whether more than half of the fingerprints of the text two documents
// share in a passage (pooled as in isStock) are recurring: held by three or more groups of
// documents, so that the passage is not the pair's own.
func (ev *evidence) recurringPassage(fpsA []shingle.Shingle, loA, hiA int, setB *shingleTable,
	fpsB []shingle.Shingle, loB, hiB int, setA *shingleTable) bool {
	if ev == nil || ev.recurring == nil {
		return false
	}
	n, total := sharedIn(fpsA, loA, hiA, setB, fpsB, loB, hiB, setA, ev.recurring.has)
	return 2*n > total
}

// sharedIn counts the fingerprints of the text two documents share in a passage (see isStock),
// each hash once, and of those the ones for which in holds.
func sharedIn(fpsA []shingle.Shingle, loA, hiA int, setB *shingleTable,
	fpsB []shingle.Shingle, loB, hiB int, setA *shingleTable, in func(uint32) bool) (n, total int) {
	var buf [32]uint64
	shared := sharedFingerprints(buf[:0], fpsA, loA, hiA, setB)
	shared = sharedFingerprints(shared, fpsB, loB, hiB, setA)
	slices.Sort(shared)
	shared = slices.Compact(shared)
	for _, h := range shared {
		if in(uint32(h)) {
			n++
		}
	}
	return n, len(shared)
}

// sharedFingerprints appends to dst the hashes of the fingerprints at shingle positions lo..hi
// that other holds too.
func sharedFingerprints(dst []uint64, fps []shingle.Shingle, lo, hi int, other *shingleTable) []uint64 {
	i, _ := slices.BinarySearchFunc(fps, lo, func(f shingle.Shingle, p int) int { return f.Pos - p })
	for ; i < len(fps) && fps[i].Pos <= hi; i++ {
		if other.find(fps[i].Hash) >= 0 {
			dst = append(dst, fps[i].Hash)
		}
	}
	return dst
}

// isRecurring reports whether fingerprint fp is held by three or more groups of documents.
func (ev *evidence) isRecurring(fp uint32) bool {
	return ev != nil && ev.recurring != nil && ev.recurring.has(fp)
}

// fpBits is a set of fingerprints by their low bits, written by several goroutines at once: a
// fingerprint not in the set may be found in it (about one in thirty at the size newFPBits
// picks), never the other way.
type fpBits struct {
	bits []uint64
	mask uint32
}

// newFPBits returns a set for up to n fingerprints, of 32 bits each (at least 4 KiB).
func newFPBits(n int) *fpBits {
	nb := 15
	for 1<<nb < 32*n && nb < 32 {
		nb++
	}
	return &fpBits{bits: make([]uint64, 1<<nb/64), mask: uint32(1<<nb - 1)}
}

func (b *fpBits) set(fp uint32) {
	i := fp & b.mask
	atomic.OrUint64(&b.bits[i/64], 1<<(i%64))
}

func (b *fpBits) has(fp uint32) bool {
	i := fp & b.mask
	return b.bits[i/64]&(1<<(i%64)) != 0
}

// evidence reads the fingerprint postings once, with nd the groups of exact and near-duplicate
// documents found so far (copies of one story count once), and returns the boilerplate, stock
// and recurring fingerprints and the candidate pairs of documents whose shared text is evidence
// that they may be related. See the package documentation for the rules. It also finishes the
// documents' context samples, which need to know what text is shared.
func (c *corpus) evidence(nd unionFind) (*evidence, []uint64) {
	k, win := c.opts.Shingle, c.opts.Window
	// Pairs must share this many fingerprints: a passage of MinReuseWords words holds at least
	// (MinReuseWords-Shingle+1)/Window of them, so no pair that could be reuse is lost. A docset
	// of fewer than minStock fingerprints in StockDocs or more unrelated documents is a stock
	// phrase: a pair sharing nothing else can be reuse only through a passage long enough not
	// to be one (2·MinReuseWords words).
	minShared := max(1, (c.opts.MinReuseWords-k+1)/win)
	minStock := max(minShared, (2*c.opts.MinReuseWords-k+1)/win)
	// the groups, read by every worker (find itself writes: path halving)
	root := make([]int32, len(c.docs))
	for i := range root {
		root[i] = nd.find(int32(i))
	}
	// and the sources, in an array of their own: read for every document of a fingerprint in
	// several, they would otherwise cost a cache miss each
	srcs := make([]int32, len(c.docs))
	for i := range srcs {
		srcs[i] = c.docs[i].src
	}
	workers := c.opts.Workers
	counters := make([]*pairCounter, workers)
	sets := make([]*docsets, workers)
	// the pairs take the chunks the fingerprint postings release as they are read
	pool := new(chunkPool)
	c.fpPost.pool = pool
	defer func() { c.fpPost.pool = nil }() // and the pool goes with the counted pairs
	for w := range workers {
		counters[w] = newPairCounter(len(c.docs))
		counters[w].pool = pool
		sets[w] = newDocsets()
	}
	ev := &evidence{boiler: map[uint32][]int32{}, stock: map[uint32]struct{}{}}
	shared := newFPBits(c.fpPost.len() / 2)
	ev.recurring = newFPBits(c.fpPost.len() / 8)
	ev.common = newFPBits(c.fpPost.len() / 16)
	scratch := make([][2][]int32, workers)
	// The first reading: a fingerprint held by one or two groups makes its pairs at once
	// (within one group too: a truncated copy joined to the original only through a third copy
	// still deserves its own verified pair and passages); one held by three or more goes to
	// its docset, which is weighed once the context samples are finished.
	c.fpPost.groupsParallel(workers, func(w int, fp uint32, docs []int32) {
		if len(docs) < 2 {
			return
		}
		groups := 1
		if len(docs) == 2 {
			if root[docs[0]] != root[docs[1]] {
				groups = 2
			}
		} else {
			g := scratch[w][0][:0]
			for _, d := range docs {
				g = append(g, root[d])
			}
			scratch[w][0] = g
			groups = distinct(g, &scratch[w][1])
		}
		if groups >= 2 {
			shared.set(fp)
		}
		if groups >= c.opts.StockDocs {
			ev.common.set(fp)
		}
		if groups >= 3 {
			ev.recurring.set(fp)
			sets[w].add(fp, docs)
			return
		}
		if len(docs) > c.opts.MaxPostings {
			return
		}
		for x := 0; x+1 < len(docs); x++ {
			counters[w].addRow(docs[x], docs[x+1:], 1, false)
		}
	})
	c.wt = c.opts.dfs.weigher(len(c.docs))
	c.ctx.finish(shared.has, c.wt, workers)
	c.shared = shared
	ds := mergeDocsets(sets)
	c.stats.Docsets = len(ds.sigs)
	// The second reading, of the docsets: boilerplate, stock phrases and the pairs of the rest.
	states := make([]*evidence, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		states[w] = &evidence{boiler: map[uint32][]int32{}, stock: map[uint32]struct{}{}}
		wg.Go(func() {
			cg := &contextGrouper{c: c, root: root}
			var eligible []int32
			for {
				i := int(next.Add(1)) - 1
				if i >= len(ds.sigs) {
					return
				}
				docs, fps := ds.docs(i), ds.fps(i)
				eligible = c.dropBoilerplate(states[w], cg, fps, docs, srcs, eligible[:0])
				if len(eligible) < 2 || len(eligible) > c.opts.MaxPostings {
					continue
				}
				// a stock phrase: short, and most of its documents are about different things
				groups := cg.group(eligible, 0, candidateContext)
				if len(fps) < minStock && groups >= c.opts.StockDocs && 2*groups >= len(eligible) {
					for _, fp := range fps {
						states[w].stock[fp] = struct{}{}
					}
					continue
				}
				c.docsetPairs(counters[w], cg, eligible, len(fps))
			}
		})
	}
	wg.Wait()
	for _, st := range states {
		for fp, srcs := range st.boiler {
			for _, src := range srcs {
				ev.markBoiler(src, fp)
			}
		}
		for fp := range st.stock {
			ev.stock[fp] = struct{}{}
		}
	}
	ev.index()
	return ev, countShared(counters, workers, func(a, b int32, own, rec int) bool {
		return c.isCandidate(a, b, own, rec, minShared)
	})
}

// storyContext is the context similarity (context.go) at or above which two documents are taken
// to tell one story; candidateContext is the lower bar, for their samples, at which two documents
// sharing recurring text are compared at all. See BENCHMARKS.md for the measurements.
const (
	storyContext     = 0.08
	candidateContext = 0.05
)

// substantialCopy is the share of the smaller document's fingerprints that two documents must
// share for their shared text to make them related however often it recurs elsewhere: a copy
// made of standard paragraphs is still a copy.
const substantialCopy = 0.4

// maxPairDocs is the most documents of a docset whose pairs are all counted; the pairs of a
// larger one are those within each of its context groups, as stars around the group's first
// document, so that no work is quadratic in the number of documents sharing a passage.
const maxPairDocs = 64

// isCandidate reports whether documents a and b, sharing own fingerprints that only their two
// groups hold and rec that others hold too, are a candidate pair: enough text only they share,
// or enough shared text and either much of the smaller document or a common context.
func (c *corpus) isCandidate(a, b int32, own, rec, minShared int) bool {
	if own >= minShared {
		return true
	}
	if own+rec < minShared {
		return false
	}
	small := min(c.docs[a].fps, c.docs[b].fps)
	return float64(own+rec) >= substantialCopy*float64(small) || c.ctx.similarity(a, b) >= candidateContext
}

// fewDocs is the most documents of a docset whose pairs are all candidates, however unrelated the
// documents look otherwise: a source passage copied into three essays, a quote five outlets
// carry. Comparing them all costs little; whether they are one story is decided after.
const fewDocs = 8

// docsetPairs counts the pairs of the eligible documents of a docset of n fingerprints: all of
// them when there are at most maxPairDocs, else those within each context group (cg's last
// grouping), as stars. Those of a docset of at most fewDocs documents count as the pairs' own
// text: enough of it makes them candidates.
func (c *corpus) docsetPairs(pc *pairCounter, cg *contextGrouper, eligible []int32, n int) {
	if len(eligible) <= maxPairDocs {
		few := len(eligible) <= fewDocs
		for x := 0; x+1 < len(eligible); x++ {
			pc.addRow(eligible[x], eligible[x+1:], n, !few)
		}
		return
	}
	for x, d := range eligible {
		if l := cg.leader[x]; l >= 0 && eligible[l] != d {
			pc.add(eligible[l], d, n, true)
		}
	}
}

// contextGrouper groups documents by context: one goroutine's.
type contextGrouper struct {
	c       *corpus
	root    []int32 // each document's group of exact and near-duplicate copies
	leader  []int   // for each document grouped last, the index of its group's first, or -1
	leaders []int   // indexes of the groups' first documents
}

// maxLeaders is the most context groups group tells apart in one call: beyond, a document that
// joins none counts as a group of its own (and has no leader).
const maxLeaders = 32

// group sorts docs (ascending) into context groups and returns how many there are, stopping early
// once there are enough (0 for no limit): copies (one group of near-duplicates) are one group;
// any other document joins the first group whose first document's context similarity to it is
// at least tau, else starts a group.
func (cg *contextGrouper) group(docs []int32, enough int, tau float64) int {
	cg.leader = slices.Grow(cg.leader[:0], len(docs))[:len(docs)]
	cg.leaders = cg.leaders[:0]
	n := 0
	for x, d := range docs {
		cg.leader[x] = -1
		for _, l := range cg.leaders {
			if cg.root[docs[l]] == cg.root[d] || cg.c.ctx.similarity(docs[l], d) >= tau {
				cg.leader[x] = l
				break
			}
		}
		if cg.leader[x] >= 0 {
			continue
		}
		n++
		if len(cg.leaders) < maxLeaders {
			cg.leaders = append(cg.leaders, x)
			cg.leader[x] = x
		}
		if enough > 0 && n >= enough {
			return n
		}
	}
	return n
}

// boilerContext is the context similarity at or above which two articles of one source are taken
// to be about the same thing when telling its boilerplate: higher than storyContext, as articles
// of a local outlet share its town's names whatever they are about.
const boilerContext = 2 * storyContext

// dropBoilerplate records the fingerprints fps of a docset as boilerplate of every source that
// holds them in Boilerplate or more documents about different things (context groups), and no
// other source does but in copies of those (a source's repeated copy of another's text is reuse,
// not its boilerplate); it appends to eligible, and returns, the docset's documents docs of other
// sources. srcs holds every document's source number.
func (c *corpus) dropBoilerplate(ev *evidence, cg *contextGrouper, fps []uint32, docs, srcs, eligible []int32) []int32 {
	// documents by source: a run per source, in document order
	keys := make([]int64, 0, len(docs))
	for _, d := range docs {
		if src := srcs[d]; src > 0 {
			keys = append(keys, int64(src)<<32|int64(d))
		}
	}
	var boiler []int32 // sources whose boilerplate the docset is
	if len(keys) >= c.opts.Boilerplate {
		slices.Sort(keys)
		var run []int32
		for i := 0; i < len(keys); {
			j := i
			run = run[:0]
			for ; j < len(keys) && keys[j]>>32 == keys[i]>>32; j++ {
				run = append(run, int32(keys[j]))
			}
			if len(run) >= c.opts.Boilerplate && !heldElsewhere(docs, run, srcs, cg.root) &&
				cg.group(run, c.opts.Boilerplate, boilerContext) >= c.opts.Boilerplate {
				src := int32(keys[i] >> 32)
				boiler = append(boiler, src)
				for _, fp := range fps {
					ev.markBoiler(src, fp)
				}
			}
			i = j
		}
	}
	for _, d := range docs {
		if len(boiler) == 0 || !slices.Contains(boiler, srcs[d]) {
			eligible = append(eligible, d)
		}
	}
	return eligible
}

// heldElsewhere reports whether a document of docs that is not of run's source (srcs) is other
// than a copy (same group in root) of one of run's.
func heldElsewhere(docs, run, srcs, root []int32) bool {
	src := srcs[run[0]]
	for _, d := range docs {
		if srcs[d] == src {
			continue
		}
		if !slices.ContainsFunc(run, func(r int32) bool { return root[r] == root[d] }) {
			return true
		}
	}
	return false
}

// distinct returns the number of distinct values in s, leaving s as it is (scratch is reused).
func distinct(s []int32, scratch *[]int32) int {
	if len(s) < 2 {
		return len(s)
	}
	t := append((*scratch)[:0], s...)
	slices.Sort(t)
	*scratch = t
	n := 1
	for i := 1; i < len(t); i++ {
		if t[i] != t[i-1] {
			n++
		}
	}
	return n
}
