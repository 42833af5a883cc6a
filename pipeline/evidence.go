package pipeline

import (
	"math"
	"math/bits"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neardup/neardup/internal/offheap"
	"github.com/neardup/neardup/internal/postings"
	"github.com/neardup/neardup/shingle"
)

// The classes of shared text the pair counters (postings.PairCounter) tell apart: a pair's
// sums by class decide whether it is a candidate (isCandidate).
const (
	textOwn       = iota // held by the pair's two groups of documents alone (or a few more)
	textRecurring        // a docset of several fingerprints held by three or more groups
	textFragment         // a docset of one fingerprint held by three or more groups
	// textStory is a docset in more than maxPairDocs documents, most of them one context group's
	// (storyShare): a story's quote, whose pairs in that group tell one story at a lower bar
	textStory
)

// evidence says which shared text is no evidence that two documents are related: a source's
// boilerplate and stock phrases. See the package documentation for the rules.
type evidence struct {
	marks   []uint64 // fp<<32 | source: boilerplate as marked, until index
	nBoiler int      // (source, fingerprint) pairs of boilerplate, once indexed
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
	// table holds the boilerplate for lookups, built by index: open addressing on the
	// fingerprint's low bits (tableMask), each slot fp<<32 | k+1 for the sources
	// tableSrcs[tableOff[k]:tableOff[k+1]], 0 when empty. One probe is about one cache miss, where
	// a map lookup cost several (and a map of slices, built twice, was a fifth of the memory
	// the evidence of the recurring-paragraph corpus allocated).
	table     []uint64
	tableMask uint32
	tableSrcs []int32
	tableOff  []int32

	// isBoiler, in Compare, says which fingerprints are boilerplate of the pair's sources;
	// stockFP which are of a stock docset (CompareOptions.Stock)
	isBoiler func(fp uint32) bool
	stockFP  func(fp uint32) bool

	// short finds the docset of a fingerprint of a short docset (fewer fingerprints than a
	// passage of 2·MinReuseWords words holds), whose stock-phrase test (lazyStock) is made only
	// when a passage asks, and kept in stockState.
	short      fpTable
	stockState []atomic.Uint32 // per docset: 0 not asked yet, 1 stock, 2 not
	together   float64         // the sample similarity at which lazyStock counts two documents alike
	c          *corpus
	ds         *docsetList
	root       []int32
}

// fpTable maps fingerprints to numbers, by open addressing: each slot fp<<32 | n+1.
type fpTable struct {
	slot []uint64
	mask uint32
}

func newFPTable(n int) fpTable {
	var t fpTable
	t.reset(n)
	return t
}

// newFPTableIn is newFPTable with its slots from mem (nil: the heap), for a table that is filled
// once and never reset.
func newFPTableIn(n int, mem *offheap.Arena) fpTable {
	size := fpTableSize(n)
	return fpTable{slot: offheap.Make[uint64](mem, size, 0), mask: uint32(size - 1)}
}

// fpTableSize is the slots of a table for n fingerprints: a power of two, at most half full.
func fpTableSize(n int) int { return 1 << max(bits.Len(uint(2*n)), 4) }

// reset empties t and makes room for n fingerprints, reusing its memory.
func (t *fpTable) reset(n int) {
	size := fpTableSize(n)
	if cap(t.slot) < size {
		t.slot = make([]uint64, size)
	} else {
		t.slot = t.slot[:size]
		clear(t.slot)
	}
	t.mask = uint32(size - 1)
}

func (t *fpTable) put(fp uint32, n int) {
	i := fp & t.mask
	for t.slot[i] != 0 && uint32(t.slot[i]>>32) != fp {
		i = (i + 1) & t.mask
	}
	t.slot[i] = uint64(fp)<<32 | uint64(n+1)
}

// get returns fp's number, or -1.
func (t *fpTable) get(fp uint32) int {
	if len(t.slot) == 0 {
		return -1
	}
	for i := fp & t.mask; t.slot[i] != 0; i = (i + 1) & t.mask {
		if uint32(t.slot[i]>>32) == fp {
			return int(uint32(t.slot[i])) - 1
		}
	}
	return -1
}

// isStockFP reports whether fp belongs to a stock docset: short, and held by StockDocs or more
// groups of documents most of which are about different things. It is decided the first time a
// passage asks (lazyStock), and kept.
func (ev *evidence) isStockFP(fp uint32) bool {
	if ev.stockFP != nil {
		return ev.stockFP(fp)
	}
	j := ev.short.get(fp)
	if j < 0 {
		return false
	}
	switch ev.stockState[j].Load() {
	case 1:
		return true
	case 2:
		return false
	}
	stock := ev.lazyStock(j, fp)
	state := uint32(2)
	if stock {
		state = 1
	}
	ev.stockState[j].Store(state) // the same answer whoever asks first
	return stock
}

// stockSample is how many documents of a docset lazyStock looks at: whether most documents of a
// docset are about different things shows in a few of them.
const stockSample = 8

// lazyStock runs the stock-phrase test of docset j, of fingerprint fp: its first stockSample
// documents (its sources' boilerplate left out) are in StockDocs or more groups of copies, and
// fewer than half of their pairs are copies or alike in context (their samples' similarity twice
// the corpus's background, at least stockContext): a phrase that texts about different things
// use. A quote that several outlets
// carry on one story has most of its pairs alike; one pair's sample can mislead, half of 28
// pairs' hardly. A docset is tested only when a passage asks: most never are (760,000 short
// docsets at 200,000 synthetic articles).
func (ev *evidence) lazyStock(j int, fp uint32) bool {
	c := ev.c
	docs := ev.ds.docs(j)
	if oneSeries(c.series, docs) != 0 {
		return false // a series' fixed text, which its items hold whatever they are about (joinSeries)
	}
	if srcs := ev.boilerOf(fp); srcs != nil {
		docs = slices.DeleteFunc(slices.Clone(docs), func(d int32) bool { return slices.Contains(srcs, c.docs[d].src) })
	}
	docs = docs[:min(len(docs), stockSample)]
	roots := make([]int32, len(docs))
	for i, d := range docs {
		roots[i] = ev.root[d]
	}
	return stockDocs(c.opts, roots, func(x, y int) float64 { return c.ctx.similarity(docs[x], docs[y]) }, ev.together)
}

// stockDocs is lazyStock's test of a docset's first stockSample documents (its sources'
// boilerplate left out), of groups of copies roots, sim their context similarity (by position):
// in StockDocs groups or more, fewer than half of their pairs copies or alike (together).
func stockDocs(opts *Options, roots []int32, sim func(x, y int) float64, together float64) bool {
	var scratch []int32
	if distinct(roots, &scratch) < opts.StockDocs {
		return false
	}
	alike, pairs := 0, 0
	for x := range roots {
		for y := x + 1; y < len(roots); y++ {
			pairs++
			if roots[x] == roots[y] || sim(x, y) >= together {
				alike++
			}
		}
	}
	return 2*alike < pairs
}

// markBoiler records fp as boilerplate of source src (again is harmless).
func (ev *evidence) markBoiler(src int32, fp uint32) {
	ev.marks = append(ev.marks, uint64(fp)<<32|uint64(uint32(src)))
}

// index builds anyBoiler and table, once every boilerplate fingerprint is marked, in arrays from
// mem (nil: the heap).
func (ev *evidence) index(mem *offheap.Arena) {
	slices.Sort(ev.marks)
	marks := slices.Compact(ev.marks)
	ev.marks = nil
	ev.nBoiler = len(marks)
	if len(marks) == 0 {
		return
	}
	nfp := 0
	for i, m := range marks {
		if i == 0 || m>>32 != marks[i-1]>>32 {
			nfp++
		}
	}
	nbits := 16
	for 1<<nbits < 16*nfp && nbits < 26 {
		nbits++
	}
	ev.boilerMask = 1<<nbits - 1
	ev.anyBoiler = offheap.Make[uint64](mem, 1<<nbits/64, 0)
	size := 1 << max(bits.Len(uint(2*nfp-1)), 4) // at most half full
	ev.table, ev.tableMask = offheap.Make[uint64](mem, size, 0), uint32(size-1)
	ev.tableSrcs, ev.tableOff = offheap.Make[int32](mem, 0, len(marks)), offheap.Make[int32](mem, 1, nfp+1)
	for i := 0; i < len(marks); {
		fp := uint32(marks[i] >> 32)
		for ; i < len(marks) && uint32(marks[i]>>32) == fp; i++ {
			ev.tableSrcs = append(ev.tableSrcs, int32(uint32(marks[i])))
		}
		ev.tableOff = append(ev.tableOff, int32(len(ev.tableSrcs)))
		b := fp & ev.boilerMask
		ev.anyBoiler[b/64] |= 1 << (b % 64)
		j := fp & ev.tableMask
		for ev.table[j] != 0 {
			j = (j + 1) & ev.tableMask
		}
		ev.table[j] = uint64(fp)<<32 | uint64(len(ev.tableOff)-1)
	}
}

// boilerOf returns the sources whose boilerplate fp is (nil for none).
func (ev *evidence) boilerOf(fp uint32) []int32 {
	if ev == nil || ev.nBoiler == 0 {
		return nil
	}
	if ev.isBoiler != nil { // Compare's: boilerplate of the pair's sources, numbered 1 and 2
		if ev.isBoiler(fp) {
			return bothSources
		}
		return nil
	}
	if ev.table == nil { // not indexed yet
		return nil
	}
	if b := fp & ev.boilerMask; ev.anyBoiler[b/64]&(1<<(b%64)) == 0 {
		return nil
	}
	for i := fp & ev.tableMask; ev.table[i] != 0; i = (i + 1) & ev.tableMask {
		if e := ev.table[i]; uint32(e>>32) == fp {
			k := uint32(e) - 1
			return ev.tableSrcs[ev.tableOff[k]:ev.tableOff[k+1]:ev.tableOff[k+1]]
		}
	}
	return nil
}

// bothSources are the source numbers of the two documents Compare compares.
var bothSources = []int32{1, 2}

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
	in := ev.isStockFP
	if words < minReuse {
		if ev.common == nil {
			return false
		}
		in = ev.common.has
	} else if len(ev.short.slot) == 0 && ev.stockFP == nil {
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

// heldBy is one goroutine's fingerprints held by two or more groups of documents (shared), by
// three or more (recurring) and by StockDocs or more (common).
type heldBy struct{ shared, recurring, common []uint32 }

// fpBitsOf makes a set of the fingerprints that part picks of each goroutine's, releasing them.
func fpBitsOf(held []heldBy, part func(*heldBy) *[]uint32, mem *offheap.Arena) *fpBits {
	n := 0
	for i := range held {
		n += len(*part(&held[i]))
	}
	b := newFPBits(n, mem)
	for i := range held {
		p := part(&held[i])
		for _, fp := range *p {
			b.set(fp)
		}
		*p = nil
	}
	return b
}

// fpBits is a set of fingerprints by their low bits: a fingerprint not in the set may be found
// in it (one in sixteen to thirty-two at the size newFPBits picks), never the other way.
type fpBits struct {
	bits []uint64
	mask uint32
}

// newFPBits returns a set for up to n fingerprints, of 16 to 32 bits each (at least 4 KiB): one
// fingerprint in sixteen to thirty-two not in the set is found in it. Its bits come from mem
// (nil: the heap).
func newFPBits(n int, mem *offheap.Arena) *fpBits {
	nb := 15
	for 1<<nb < 16*n && nb < 32 {
		nb++
	}
	return &fpBits{bits: offheap.Make[uint64](mem, 1<<nb/64, 0), mask: uint32(1<<nb - 1)}
}

func (b *fpBits) set(fp uint32) {
	i := fp & b.mask
	atomic.OrUint64(&b.bits[i/64], 1<<(i%64))
}

func (b *fpBits) has(fp uint32) bool {
	i := fp & b.mask
	return b.bits[i/64]&(1<<(i%64)) != 0
}

// evidence reads the fingerprint postings once, with root the groups of exact and near-duplicate
// documents found so far (unionFind.roots: copies of one story count once), and returns the
// boilerplate, stock and recurring fingerprints and the candidate pairs of documents whose shared
// text is evidence that they may be related. See the package documentation for the rules. It
// also finishes the documents' context samples, which need to know what text is shared.
func (c *corpus) evidence(root []int32) (*evidence, []uint64) {
	minShared, minStock := evidenceMins(c.opts)
	// the sources, in an array of their own: read for every document of a fingerprint in
	// several, they would otherwise cost a cache miss each
	srcs := make([]int32, len(c.docs))
	days := make([]int32, len(c.docs)) // publication days, for grouping the fragments' documents
	fpsOf := make([]int32, len(c.docs))
	published := make([]time.Time, len(c.docs))
	for i := range srcs {
		srcs[i] = c.docs[i].src
		days[i] = dayOf(c.docs[i].published)
		fpsOf[i], published[i] = c.docs[i].fps, c.docs[i].published
	}
	c.series = seriesKeys(srcs, func(i int) string { return c.docs[i].title })
	for _, s := range c.series {
		if s != 0 {
			c.stats.SeriesItems++
			c.stats.Series = max(c.stats.Series, int(s))
		}
	}
	dd := &docsetDocs{src: srcs, root: root, day: days, fps: fpsOf, published: published, series: c.series, sim: c.ctx.similarity}
	workers := c.opts.Workers
	counters := make([]*postings.PairCounter, workers)
	sets := make([]*docsets, workers)
	// the goroutines' docsets and fingerprint lists, garbage once merged: off the heap in Run,
	// and unmapped then
	var setsMem *offheap.Arena
	if c.evMem != nil {
		setsMem = &offheap.Arena{Min: c.evMem.Min}
		defer setsMem.Release() // if not yet
	}
	// the pairs take the chunks the fingerprint postings release as they are read
	pool := c.pool
	if pool == nil {
		pool = new(postings.Pool)
	}
	c.fpPost.Pool = pool
	for w := range workers {
		counters[w] = postings.NewPairCounter(len(c.docs))
		counters[w].Pool = pool
		sets[w] = newDocsets(setsMem)
	}
	ev := &evidence{}
	// the fingerprints held by two or more groups, by three or more, and by StockDocs or more:
	// gathered by each goroutine, then made into sets of the size they need (sized from the
	// postings before reading them, the first was 128 MiB at 200,000 articles, a cache miss a
	// lookup)
	held := make([]heldBy, workers)
	scratch := make([][2][]int32, workers)
	// The first reading: a fingerprint held by one or two groups makes its pairs at once
	// (within one group too: a truncated copy joined to the original only through a third copy
	// still deserves its own verified pair and passages); one held by three or more goes to
	// its docset, which is weighed once the context samples are finished.
	c.fpPost.GroupsParallel(workers, func(w int, fp uint32, docs []int32) {
		if len(docs) < 2 {
			return
		}
		fc := classify(c.opts, fpGroups(docs, root, &scratch[w]), len(docs))
		if fc.Shared {
			held[w].shared = append(offheap.Grow(setsMem, held[w].shared, 1), fp)
		}
		if fc.Common {
			held[w].common = append(offheap.Grow(setsMem, held[w].common, 1), fp)
		}
		if fc.Recurring {
			held[w].recurring = append(offheap.Grow(setsMem, held[w].recurring, 1), fp)
			sets[w].add(fp, docs)
			return
		}
		if !fc.Pairs {
			return
		}
		for x := 0; x+1 < len(docs); x++ {
			counters[w].AddRow(docs[x], docs[x+1:], 1, textOwn)
		}
	})
	shared := fpBitsOf(held, func(h *heldBy) *[]uint32 { return &h.shared }, c.evMem)
	ev.recurring = fpBitsOf(held, func(h *heldBy) *[]uint32 { return &h.recurring }, c.evMem)
	ev.common = fpBitsOf(held, func(h *heldBy) *[]uint32 { return &h.common }, c.evMem)
	c.wt = newWeigher(len(c.docs), c.df)
	c.ctx.finish(shared.has, c.wt, workers)
	c.shared = shared
	ds := mergeDocsets(sets, c.evMem)
	// The goroutines' docsets, merged, are garbage: unmapped when off the heap (Run), else the
	// heap has grown to twice what was live while they were. Collected, and the memory handed
	// back to the system now, before the docsets' pairs fill the arena (off the heap), where the
	// heap's free pages and the arena's would add up (the scavenger returns them over minutes).
	// c20k, the docsets on the heap: this stage's peak RSS 177-181 -> 157 MB; 200,000
	// synthetic articles the same time.
	sets = nil
	setsMem.Release()
	debug.FreeOSMemory()
	c.stats.Docsets = ds.len()
	// The second reading, of the docsets: boilerplate, stock phrases and the pairs of the rest.
	states := make([]*evidence, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		states[w] = &evidence{}
		wg.Go(func() {
			cg := &contextGrouper{dd: dd}
			var eligible []int32
			for {
				i := int(next.Add(1)) - 1
				if i >= ds.len() {
					return
				}
				docs, fps := ds.docs(i), ds.fps(i)
				eligible = dropBoilerplate(c.opts, states[w], cg, fps, docs, eligible[:0])
				if len(eligible) < 2 || len(eligible) > c.opts.MaxPostings {
					continue
				}
				docsetPairs(c.opts, counters[w], cg, eligible, len(fps))
			}
		})
	}
	wg.Wait()
	for _, st := range states {
		ev.marks = append(ev.marks, st.marks...)
	}
	ev.index(c.evMem)
	// the short docsets, for their stock-phrase test when a passage asks
	nShort := 0
	for i := range ds.len() {
		if len(ds.fps(i)) < minStock {
			nShort += len(ds.fps(i))
		}
	}
	ev.short = newFPTableIn(nShort, c.evMem)
	for i := range ds.len() {
		if fps := ds.fps(i); len(fps) < minStock {
			for _, fp := range fps {
				ev.short.put(fp, i)
			}
		}
	}
	ev.stockState = make([]atomic.Uint32, ds.len())
	ev.c, ev.ds, ev.root = c, ds, root
	ev.together = togetherAt(c.ctx.background())
	var mu sync.Mutex
	cands := postings.CountShared(counters, workers, func(a, b int32, sums [postings.Classes]int) bool {
		ok := isCandidate(dd, a, b, sums, minShared, minStock)
		if ok && sums[textStory] > 0 {
			mu.Lock()
			c.storyPairs = append(c.storyPairs, uint64(a)<<32|uint64(b))
			mu.Unlock()
		}
		return ok
	})
	slices.Sort(c.storyPairs)
	return ev, cands
}

// togetherAt is the context similarity at which the stock-phrase test counts two documents
// alike, in a corpus of that background similarity (contexts.background).
func togetherAt(background float64) float64 { return max(stockContext, 2*background) }

// evidenceMins returns how many fingerprints a pair must share (minShared): a passage of
// MinReuseWords words holds at least (MinReuseWords-Shingle+1)/Window of them, so no pair that
// could be reuse is lost; and minStock: a docset of fewer fingerprints in StockDocs or more
// unrelated documents is a stock phrase, and a pair sharing nothing else can be reuse only
// through a passage long enough not to be one (2·MinReuseWords words).
func evidenceMins(opts *Options) (minShared, minStock int) {
	k, win := opts.Shingle, opts.Window
	minShared = max(1, (opts.MinReuseWords-k+1)/win)
	return minShared, max(minShared, (2*opts.MinReuseWords-k+1)/win)
}

// docsetDocs is what the decisions on a docset (dropBoilerplate, docsetPairs) and on a pair of
// documents sharing text (isCandidate) read of the documents: each decision is a function of
// its arguments and these alone. The documents are numbered in input order (one read first has
// the smaller number) by whoever fills it: Run for the whole corpus; a distributed run can fill
// it for the documents of one docset or one pair.
type docsetDocs struct {
	src       []int32                  // source number, 0 for none
	root      []int32                  // the group of exact and near-duplicate copies it is in
	day       []int32                  // dayOf its publication, or nil when none is known
	fps       []int32                  // how many fingerprints it has (docInfo.fps)
	published []time.Time              // when it was published (zero: unknown), or nil
	series    []int32                  // its source's template series (seriesKeys), 0 for none; nil when none has one
	sim       func(a, b int32) float64 // the context similarity of two (contexts.similarity)
}

// before reports whether document a came out before b: by publication time when both are
// known and differ, else by input order.
func (dd *docsetDocs) before(a, b int32) bool {
	if dd.published == nil {
		return a < b
	}
	return cameBefore(dd.published[a], dd.published[b], a, b)
}

// storyContext is the context similarity (context.go) at or above which two documents are taken
// to tell one story; candidateContext is the lower bar, for their samples, at which two documents
// sharing recurring text are compared at all (0.05 before joinByQuote could use the pairs of an
// outlet that carries one quote; 0.04 since, read off the news corpus: 0.03 let in more false
// pairs than true). See BENCHMARKS.md for the measurements.
const (
	storyContext     = 0.08
	candidateContext = 0.04
	stockContext     = 0.03
)

// substantialCopy is the share of the smaller document's fingerprints that two documents must
// share for their shared text to make them related however often it recurs elsewhere: a copy
// made of standard paragraphs is still a copy.
const substantialCopy = 0.4

// maxPairDocs is the most documents of a docset whose pairs are all counted; the pairs of a
// larger one are those of each document with the first few (groupHeads) of its context group,
// so that no work is quadratic in the number of documents sharing a passage.
const maxPairDocs = 64

// isCandidate reports whether documents a and b, sharing fingerprints of each class of text
// (sums: own, recurring, fragment; see docsetPairs), are a candidate pair: enough text that only
// they hold; or enough shared text and either much of the smaller document or a common
// context, where text that recurs only in scattered fragments (docsets of one fingerprint) must
// add up to a passage too long for a stock phrase, or, between documents alike enough to tell
// one story (storyContext), to minStory fingerprints. A story's docset (textStory) makes a
// candidate of a passage's worth at the lower bar (candidateContext), fragments or not. Two items
// of one series (series.go) sharing any text are a candidate, alike or not: winnowing may leave
// two items one fingerprint of their fixed text in common (joinSeries), and a verbatim passage
// makes them one story (verdict).
func isCandidate(dd *docsetDocs, a, b int32, sums [postings.Classes]int, minShared, minStock int) bool {
	own, rec, frag := sums[textOwn], sums[textRecurring], sums[textFragment]
	if own >= minShared || inOneSeries(dd.series, a, b) {
		return true
	}
	if story := sums[textStory]; story > 0 && own+rec+frag+story >= minShared {
		return dd.sim(a, b) >= candidateContext
	}
	if own+rec+frag < minShared {
		return false
	}
	small := min(dd.fps[a], dd.fps[b])
	if float64(own+rec+frag) >= substantialCopy*float64(small) || inOneSeries(dd.series, a, b) {
		return true
	}
	if own+rec >= minShared || own+rec+frag >= minStock {
		return dd.sim(a, b) >= candidateContext
	}
	// fragments of a quote that the two carry on one story (each outlet quoting its own part of
	// it), adding up to a passage longer than the longest stock phrase
	return own+rec+frag >= minStory(minShared, minStock) && dd.sim(a, b) >= storyContext
}

// minStory is the fingerprints that text recurring in fragments must add up to for two
// documents telling one story to be compared: half way between a passage of MinReuseWords words
// (minShared) and a passage too long for a stock phrase (minStock).
func minStory(minShared, minStock int) int { return (minShared + minStock + 1) / 2 }

// fragmentDocs is the most documents of a docset of one fingerprint (a fragment: eight words or
// so, held by exactly these documents and no others) whose pairs are counted. A fragment in more
// is a phrase that many texts use, and counting its pairs was most of the work: at 200,000
// synthetic articles, 760,000 docsets, all but 1,500 fragments, made 20.2 million pair entries,
// 5.4 million with a limit of 8 and 2.8 with 5. On the news corpus of 20,000 articles, B-cubed
// story recall is 0.9699 without a limit, 0.9684 with 16, 0.9678 with 8 or 5; precision
// 0.9919-0.9920. Longer passages that many documents share are docsets of several fingerprints,
// counted as before.
const fragmentDocs = 5

// groupHeads is how many of the first documents of its context group each document of a docset
// in more than maxPairDocs documents is paired with: linear work, and pairs enough in common
// across the docsets of one quote. Each docset's group starts at the first of its own
// documents, so that with one head (a star) two outlets quoting neighbouring parts of a
// statement seldom share a centre, and their fragments do not add up to minStory: a synthetic
// story of 240 outlets quoting 20 words from 24 offsets (TestStoryQuotedInParts) was 11
// clusters of 85 of its outlets with no pairs for such fragments, 9 of 113 with a star (the
// largest 60), and is one cluster of all 240 with 8 heads. An outlet of a big story that
// shares a quote with 8 of its members rather than 1 also joins it by joinByQuote where its
// context is too unlike theirs for an edge (synthetic stories of 800 outlets: B-cubed recall
// 0.7074 with a star for docsets of several fingerprints, 0.7713 with 8 heads).
const groupHeads = 8

// docsetPairs counts the pairs of the eligible documents of a docset of n fingerprints: all of
// them when there are at most maxPairDocs, else those of each with the first groupHeads of its
// context group. Those of a docset of several fingerprints and at most StockDocs documents count
// as the pairs' own text, enough of which makes them candidates however unrelated the documents
// look otherwise (a source passage copied into three essays: PAN-13's pair recall is 0.98
// without). A docset of one fingerprint is a fragment: in at most fragmentDocs documents, all
// its pairs count; in up to maxPairDocs, it is most often a phrase that texts about different
// things use, but it is also a part of a quote that many outlets carry on one story, each
// quoting its own part of it (each part is then a docset of its own, a fragment: on the news
// corpus of 20,000 articles, 17 of the 39 articles of its largest story were held to the others
// only by such fragments), so the pairs of its documents alike in context count (groupFew); in
// more, the pairs of each with the first groupHeads of its context group (a story of hundreds of
// outlets quotes its statement in parts just the same: with no pairs there, synthetic stories of
// 200 outlets left a quarter of their articles in no record at all).
func docsetPairs(opts *Options, pc *postings.PairCounter, cg *contextGrouper, eligible []int32, n int) {
	class := textRecurring
	switch {
	case n == 1 && len(eligible) <= fragmentDocs:
		class = textFragment
	case n == 1:
		cg.groupFew(eligible, candidateContext)
		cg.joinSeries(eligible)
		if len(eligible) <= maxPairDocs {
			cg.pairsWithin(pc, eligible, n, textFragment)
		} else {
			cg.pairsWithinFirst(pc, eligible, n, textFragment, groupHeads)
		}
		return
	case len(eligible) <= opts.StockDocs:
		class = textOwn
	}
	if len(eligible) <= maxPairDocs {
		for x := 0; x+1 < len(eligible); x++ {
			pc.AddRow(eligible[x], eligible[x+1:], n, class)
		}
		return
	}
	cg.group(eligible, 0, candidateContext)
	cg.joinSeries(eligible)
	cg.pairsWithinFirst(pc, eligible, n, class, groupHeads)
}

// joinSeries makes the items of a template series (series.go) among docs, grouped last, one
// context group, when most of docs are items of one series: the docset's text is then that
// series' fixed text, which its items share whatever they are about (in context alike or not,
// published on days far apart or not), and a verbatim passage of it makes two items one story
// (verdict, edgeSeries). Winnowing picks a text's fingerprints by the hashes around them, so that
// a series whose fixed text runs a few words between its slots ("A {name} buyer for the co-op
// paid {figure} cents in {place}, settling the tally.") gives docsets of one fingerprint, each
// held by some of its items: fragments, whose pairs count only within context groups, which the
// items of a series seldom share. On the news corpus of 200,000 articles, a series of 60 items
// came out as 14 story clusters, joined where slots happened to hold the same names.
func (cg *contextGrouper) joinSeries(docs []int32) {
	s := oneSeries(cg.dd.series, docs)
	if s == 0 {
		return
	}
	first := -1
	for x, d := range docs {
		if cg.dd.series[d] != s {
			continue
		}
		if first < 0 {
			first = x
		}
		cg.leader[x] = first
	}
}

// pairsWithinFirst counts the pairs of each document of docs (grouped last, ascending) with
// the first heads documents of its context group (those before it), of the class given, but
// those of the largest group, when it holds storyShare of the documents, of textStory.
func (cg *contextGrouper) pairsWithinFirst(pc *postings.PairCounter, docs []int32, n int, class int, heads int) {
	byGroup := cg.members[:0]
	for x, d := range docs {
		if l := cg.leader[x]; l >= 0 {
			byGroup = append(byGroup, int64(l)<<32|int64(d))
		}
	}
	slices.Sort(byGroup)
	cg.members = byGroup
	// the largest group (the first of the largest), when it holds storyShare of the documents:
	// its pairs are a story's
	storyAt, most := -1, 0
	for i := 0; i < len(byGroup); {
		j := i
		for j < len(byGroup) && byGroup[j]>>32 == byGroup[i]>>32 {
			j++
		}
		if j-i > most {
			storyAt, most = i, j-i
		}
		i = j
	}
	if float64(most) < storyShare*float64(len(docs)) {
		storyAt = -1
	}
	for i := 0; i < len(byGroup); {
		j := i
		cl := class
		if i == storyAt {
			cl = textStory
		}
		for ; j < len(byGroup) && byGroup[j]>>32 == byGroup[i]>>32; j++ {
			d := int32(byGroup[j])
			for h := i; h < min(j, i+heads); h++ {
				pc.Add(int32(byGroup[h]), d, n, cl)
			}
		}
		i = j
	}
}

// storyShare is the share of a docset's documents (of more than maxPairDocs) that its largest
// context group must hold for the docset to be a story's quote, whose pairs in that group are
// story evidence at a lower context bar (textStory, storyDocsetContext): a story's outlets are
// alike, the carriers of a standard paragraph are not. On the news corpus with stories of up to
// 300 outlets at 200,000 articles, the largest group held 0.73 or more of the documents of three
// quarters of the 3,375 docsets that were mostly one story's, and 0.63 or more of 1% of the
// 2,075 others.
const storyShare = 0.7

// pairsWithin counts the pairs of docs (grouped last, ascending) within each context group.
func (cg *contextGrouper) pairsWithin(pc *postings.PairCounter, docs []int32, n int, class int) {
	byGroup := cg.members[:0]
	for x, d := range docs {
		if l := cg.leader[x]; l >= 0 {
			byGroup = append(byGroup, int64(l)<<32|int64(d))
		}
	}
	slices.Sort(byGroup)
	cg.members = byGroup
	row := cg.row[:0]
	for i := 0; i < len(byGroup); {
		j := i
		row = row[:0]
		for ; j < len(byGroup) && byGroup[j]>>32 == byGroup[i]>>32; j++ {
			row = append(row, int32(byGroup[j]))
		}
		for x := 0; x+1 < len(row); x++ {
			pc.AddRow(row[x], row[x+1:], n, class)
		}
		i = j
	}
	cg.row = row
}

// contextGrouper groups documents by context: one goroutine's.
type contextGrouper struct {
	dd      *docsetDocs // the documents: their groups of copies, days, context similarity
	leader  []int       // for each document grouped last, the index of its group's first, or -1
	leaders []int       // indexes of the groups' first documents

	keys    []int64 // dropBoilerplate's scratch
	members []int64 // pairsWithin's: leader<<32 | document
	row     []int32 // pairsWithin's: one group's documents
}

// maxLeaders is the most context groups group tells apart in one call: beyond, a document that
// joins none counts as a group of its own (and has no leader).
const maxLeaders = 32

// group sorts docs (ascending) into context groups and returns how many there are, stopping early
// once there are enough (0 for no limit): copies (one group of near-duplicates) are one group;
// any other document joins the first group whose first document's context similarity to it is
// at least tau, else starts a group.
func (cg *contextGrouper) group(docs []int32, enough int, tau float64) int {
	return cg.groupBy(docs, enough, tau, cg.dd.sim)
}

// fragmentLeaders is the most context groups groupFew tells apart, and storyDays the most days
// between the publication of two documents it takes to be alike without comparing their
// contexts (when both are known). The fragments it groups are mostly phrases that texts about
// different things use, each of whose documents would be compared with every group's first (up
// to maxLeaders: 4.4 CPU seconds at 200,000 synthetic articles, 2.1 with one leader), while the
// documents of a story that carry a part of its quote join one group, within days of each other
// (the news corpus's big stories span 11 days at most, as the real stories it was modelled on).
const (
	fragmentLeaders = 4
	storyDays       = 14
)

// groupFew is group with at most fragmentLeaders groups open (a document that joins none has no
// leader, unless the first of an open group came out more than storyDays before or after it:
// that group closes and the document's opens), no limit on how many there are, and documents
// published more than storyDays apart taken to be unalike. Without closing, a story told over
// weeks lost its later articles' fragments once its first weeks (and the phrases' other
// carriers) had taken the four groups: stories of 800 outlets over up to 86 days (`cmd/corpus
// -sources 1000 -story-outlets 800,800`) left 1,549 of their 10,000 articles in no record, 548
// with it; B-cubed recall 0.7693 -> 0.7736, at 400 outlets 0.8692 -> 0.8995, precision 1.0.
func (cg *contextGrouper) groupFew(docs []int32, tau float64) {
	sim, days := cg.dd.sim, cg.dd.day
	cg.groupLimit(docs, 0, tau, func(a, b int32) float64 {
		if days != nil && farApart(days[a], days[b]) {
			return 0
		}
		return sim(a, b)
	}, fragmentLeaders, staleLeader(days))
}

// staleLeader returns groupFew's test of a group's first document l that document d, which
// joins no group, may take the place of: published more than storyDays before or after d (an
// input in time order, oldest or newest first, has no more documents for it). Nil when no days
// are known.
func staleLeader(days []int32) func(l, d int32) bool {
	if days == nil {
		return nil
	}
	return func(l, d int32) bool { return farApart(days[l], days[d]) }
}

// farApart reports whether two days (dayOf) are both known and more than storyDays apart.
func farApart(a, b int32) bool { return a != noDay && b != noDay && max(a-b, b-a) > storyDays }

// noDay is dayOf a time not known.
const noDay = math.MinInt32

// dayOf is the day (since 1970, UTC) of a publication time, or noDay.
func dayOf(t time.Time) int32 {
	if t.IsZero() {
		return noDay
	}
	return int32(t.Unix() / 86400)
}

// groupBy is group with the similarity sim.
func (cg *contextGrouper) groupBy(docs []int32, enough int, tau float64, sim func(a, b int32) float64) int {
	return cg.groupLimit(docs, enough, tau, sim, maxLeaders, nil)
}

// groupLimit is groupBy telling apart at most leaders groups open at once: with all open, a
// document that joins none closes the first group whose first document stale (if not nil) says
// it may take the place of, and opens its own.
func (cg *contextGrouper) groupLimit(docs []int32, enough int, tau float64, sim func(a, b int32) float64, leaders int, stale func(l, d int32) bool) int {
	cg.leader = slices.Grow(cg.leader[:0], len(docs))[:len(docs)]
	cg.leaders = cg.leaders[:0]
	n := 0
	for x, d := range docs {
		cg.leader[x] = -1
		for _, l := range cg.leaders {
			if cg.dd.root[docs[l]] == cg.dd.root[d] || sim(docs[l], d) >= tau {
				cg.leader[x] = l
				break
			}
		}
		if cg.leader[x] >= 0 {
			continue
		}
		n++
		if len(cg.leaders) == leaders && stale != nil {
			// a group whose first document is too far from this one for any to join it again
			// (as the documents come in time order) makes room for this one's
			if k := slices.IndexFunc(cg.leaders, func(l int) bool { return stale(docs[l], d) }); k >= 0 {
				cg.leaders = slices.Delete(cg.leaders, k, k+1)
			}
		}
		if len(cg.leaders) < leaders {
			cg.leaders = append(cg.leaders, x)
			cg.leader[x] = x
		}
		if enough > 0 && n >= enough {
			return n
		}
	}
	return n
}

// mostlyTemplate reports whether text of n fingerprints is a substantial share
// (substantialCopy) of most of docs: the fixed text of a template series (a daily market report,
// "FED ADDS RESERVES VIA CUSTOMER REPURCHASES"), each item of which is the template with a few
// figures and names changed, and which is one story; a source's boilerplate (a box, a footer, a
// byline) is a small part of its articles.
func mostlyTemplate(dd *docsetDocs, docs []int32, n int) bool {
	most := 0
	for _, d := range docs {
		if float64(n) >= substantialCopy*float64(dd.fps[d]) {
			most++
		}
	}
	return 2*most > len(docs)
}

// boilerContext is the context similarity at or above which two articles of one source are taken
// to be about the same thing when telling its boilerplate: higher than storyContext, as articles
// of a local outlet share its town's names whatever they are about.
const boilerContext = 2 * storyContext

// dropBoilerplate records the fingerprints fps of a docset as boilerplate of every source that
// holds them in Boilerplate or more documents about different things (context groups), unless a
// document it could have been copied from holds them too (copiedFrom); it appends to eligible,
// and returns, the docset's documents docs of other sources. It reads the documents in
// cg.dd. Several sources may share a template (a syndication widget's box): each has it as its
// boilerplate.
func dropBoilerplate(opts *Options, ev *evidence, cg *contextGrouper, fps []uint32, docs, eligible []int32) []int32 {
	srcs := cg.dd.src
	// documents by source: a run per source, in document order
	keys := cg.keys[:0]
	for _, d := range docs {
		if src := srcs[d]; src > 0 {
			keys = append(keys, int64(src)<<32|int64(d))
		}
	}
	cg.keys = keys
	var boiler []int32 // sources whose boilerplate the docset is
	if len(keys) >= opts.Boilerplate {
		slices.Sort(keys)
		// the runs of the sources that hold it in Boilerplate or more documents
		type run struct{ lo, hi int }
		var heavy []run
		for i := 0; i < len(keys); {
			j := i
			for j < len(keys) && keys[j]>>32 == keys[i]>>32 {
				j++
			}
			if j-i >= opts.Boilerplate {
				heavy = append(heavy, run{i, j})
			}
			i = j
		}
		var docsOf []int32
		for _, h := range heavy {
			docsOf = docsOf[:0]
			for _, k := range keys[h.lo:h.hi] {
				docsOf = append(docsOf, int32(k))
			}
			src := int32(keys[h.lo] >> 32)
			if mostlyTemplate(cg.dd, docsOf, len(fps)) || oneSeries(cg.dd.series, docsOf) != 0 {
				continue
			}
			if copiedFrom(cg.dd, docs, docsOf, func(s int32) bool {
				return slices.ContainsFunc(heavy, func(r run) bool { return int32(keys[r.lo]>>32) == s })
			}) || cg.group(docsOf, opts.Boilerplate, boilerContext) < opts.Boilerplate {
				continue
			}
			boiler = append(boiler, src)
			for _, fp := range fps {
				ev.markBoiler(src, fp)
			}
		}
	}
	for _, d := range docs {
		if len(boiler) == 0 || !slices.Contains(boiler, srcs[d]) {
			eligible = append(eligible, d)
		}
	}
	return eligible
}

// copiedFrom reports whether a document of docs holds the text of a source's documents run as a
// document that it could have been copied from: one that came out before all of run, of a
// source that does not hold it in many documents itself (as a template of its own), and not a
// copy of one of run's (same group in root). A source's repeated copy of another's text is
// reuse, not its boilerplate; a later credit line that echoes a source's box ("first published
// by the Ledger") does not make the box reuse.
func copiedFrom(dd *docsetDocs, docs, run []int32, heavy func(src int32) bool) bool {
	srcs, root := dd.src, dd.root
	src := srcs[run[0]]
	first := slices.MinFunc(run, func(x, y int32) int {
		switch {
		case dd.before(x, y):
			return -1
		case dd.before(y, x):
			return 1
		}
		return 0
	})
	for _, d := range docs {
		if s := srcs[d]; s == src || !dd.before(d, first) || s != 0 && heavy(s) {
			continue
		}
		if !slices.ContainsFunc(run, func(r int32) bool { return root[r] == root[d] }) {
			return true
		}
	}
	return false
}

// fpGroups returns how many groups of copies (root: each document's) the documents holding a
// fingerprint (docs, two or more) are in: copies of one story count once. scratch is reused.
func fpGroups(docs, root []int32, scratch *[2][]int32) int {
	if len(docs) == 2 {
		if root[docs[0]] != root[docs[1]] {
			return 2
		}
		return 1
	}
	g := scratch[0][:0]
	for _, d := range docs {
		g = append(g, root[d])
	}
	scratch[0] = g
	return distinct(g, &scratch[1])
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
