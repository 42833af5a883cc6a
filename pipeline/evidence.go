package pipeline

import (
	"math/bits"
	"slices"

	"github.com/neardup/neardup/shingle"
)

// evidence says which shared text is no evidence that two documents are related: a source's
// boilerplate and stock phrases. See the package documentation for the rules.
type evidence struct {
	boiler  map[uint32][]int32  // fingerprint: the sources whose boilerplate it is
	nBoiler int                 // (source, fingerprint) pairs in boiler
	stock   map[uint32]struct{} // fingerprints found in StockDocs or more unrelated documents
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

// isStock reports whether a passage is a stock phrase: at least half (and at least one) of the
// fingerprints of the text the two documents share in it are stock fingerprints. The passage is
// a's shingle positions loA..hiA and b's loB..hiB, and setA and setB are the documents' shingle
// tables. The fingerprints of both sides are pooled, each hash once: each side's winnowing samples
// the same text differently, a short passage holds only a few fingerprints on either side, and
// the answer must not depend on which document of the pair comes first. Only fingerprints that
// the other document also holds count, as only they are shared text: a passage merged across a
// changed word ("Civilians 205 (as of 2004)" against "Civilians 495 (as of 2004)") has
// fingerprints over that word that are in one document only, and template text with one number
// changed is still template text.
func (ev *evidence) isStock(fpsA []shingle.Shingle, loA, hiA int, setB *shingleTable,
	fpsB []shingle.Shingle, loB, hiB int, setA *shingleTable) bool {
	if ev == nil || len(ev.stock) == 0 {
		return false
	}
	var buf [32]uint64
	shared := sharedFingerprints(buf[:0], fpsA, loA, hiA, setB)
	shared = sharedFingerprints(shared, fpsB, loB, hiB, setA)
	slices.Sort(shared)
	shared = slices.Compact(shared)
	stock := 0
	for _, h := range shared {
		if _, ok := ev.stock[uint32(h)]; ok {
			stock++
		}
	}
	return stock > 0 && 2*stock >= len(shared)
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

// evidence reads the fingerprint postings once, with nd the groups of exact and near-duplicate
// documents found so far (copies of one story count once), and returns the boilerplate and stock
// fingerprints and the candidate pairs of documents that share fingerprints that are evidence.
func (c *corpus) evidence(nd unionFind) (*evidence, []uint64) {
	// Pairs must share this many fingerprints: a passage of MinReuseWords words holds at least
	// (MinReuseWords-Shingle+1)/Window of them, so no pair that could be reuse is lost. Stock
	// fingerprints count only towards minStock: a pair sharing nothing but stock phrases can be
	// reuse only through a passage long enough not to be one (2·MinReuseWords words).
	minShared := max(1, (c.opts.MinReuseWords-c.opts.Shingle+1)/c.opts.Window)
	minStock := max(minShared, (2*c.opts.MinReuseWords-c.opts.Shingle+1)/c.opts.Window)
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
	// each worker takes a range of fingerprints with state of its own, merged after
	type state struct {
		ev              *evidence
		pairs           *pairCounter
		groups, scratch []int32
		keys            []int64
	}
	states := make([]state, c.opts.Workers)
	counters := make([]*pairCounter, c.opts.Workers)
	// the pairs take the chunks the fingerprint postings release as they are read
	pool := new(chunkPool)
	c.fpPost.pool = pool
	defer func() { c.fpPost.pool = nil }() // and the pool goes with the counted pairs
	for w := range states {
		states[w].ev = &evidence{boiler: map[uint32][]int32{}, stock: map[uint32]struct{}{}}
		states[w].pairs = newPairCounter(len(c.docs))
		states[w].pairs.pool = pool
		counters[w] = states[w].pairs
	}
	c.fpPost.groupsParallel(c.opts.Workers, func(w int, fp uint32, docs []int32) {
		if len(docs) < 2 {
			return
		}
		st := &states[w]
		eligible := docs
		isStock := false
		// a fingerprint in fewer documents than either threshold can be neither stock nor
		// boilerplate: most are in two, and need no counting
		if len(docs) >= min(c.opts.StockDocs, c.opts.Boilerplate) {
			st.groups = st.groups[:0]
			for _, d := range docs {
				st.groups = append(st.groups, root[d])
			}
			groups := distinct(st.groups, &st.scratch)
			isStock = groups >= c.opts.StockDocs
			if isStock {
				st.ev.stock[fp] = struct{}{}
			}
			// boilerplate is in Boilerplate unrelated articles of one source: that many groups
			if groups >= c.opts.Boilerplate {
				eligible = c.dropBoilerplate(st.ev, fp, docs, st.groups, srcs, &st.keys)
			}
		}
		if len(eligible) < 2 || len(eligible) > c.opts.MaxPostings {
			return
		}
		// pairs within one group too: a truncated copy joined to the original only through a
		// third copy still deserves its own verified pair and passages
		for x := 0; x+1 < len(eligible); x++ {
			st.pairs.addRow(eligible[x], eligible[x+1:], isStock)
		}
	})
	ev := states[0].ev
	for _, st := range states[1:] {
		for fp, srcs := range st.ev.boiler {
			for _, src := range srcs {
				ev.markBoiler(src, fp)
			}
		}
		for k := range st.ev.stock {
			ev.stock[k] = struct{}{}
		}
	}
	ev.index()
	return ev, countShared(counters, c.opts.Workers, minShared, minStock)
}

// dropBoilerplate records fp as boilerplate of every source that has it in Boilerplate or more
// unrelated documents (distinct groups), and returns the documents of other sources. srcs holds
// every document's source number.
func (c *corpus) dropBoilerplate(ev *evidence, fp uint32, docs, groups, srcs []int32, scratch *[]int64) []int32 {
	// (source, group) of the documents that have a source, sorted: runs by source
	keys := (*scratch)[:0]
	for k, d := range docs {
		if src := srcs[d]; src > 0 {
			keys = append(keys, int64(src)<<32|int64(groups[k]))
		}
	}
	*scratch = keys
	if len(keys) < c.opts.Boilerplate {
		return docs
	}
	slices.Sort(keys)
	var boiler []int32 // sources whose boilerplate fp is
	for i := 0; i < len(keys); {
		j, n := i+1, 1
		for j < len(keys) && keys[j]>>32 == keys[i]>>32 {
			if keys[j] != keys[j-1] {
				n++
			}
			j++
		}
		if n >= c.opts.Boilerplate {
			src := int32(keys[i] >> 32)
			boiler = append(boiler, src)
			ev.markBoiler(src, fp)
		}
		i = j
	}
	if len(boiler) == 0 {
		return docs
	}
	eligible := make([]int32, 0, len(docs))
	for _, d := range docs {
		if !slices.Contains(boiler, srcs[d]) {
			eligible = append(eligible, d)
		}
	}
	return eligible
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
