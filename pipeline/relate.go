package pipeline

import (
	"cmp"
	"context"
	"encoding/binary"
	"math/bits"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sync/errgroup"

	"github.com/neardup/neardup/internal/postings"
	"github.com/neardup/neardup/shingle"
)

// docView is a document read back from the spools and analysed again for comparing: its shingle
// hashes (spooled by the first pass when reuse is on, else hashed again), and from them its set
// (verifying) or its shingle table and fingerprints (aligning), and its tokens when aligning. Nothing of it is kept in memory for every
// document, which keeps memory per document small; only documents in candidate pairs are read
// back.
type docView struct {
	i    int32
	text string
	toks []shingle.Token
	// words is the number of tokens. When lazy, text and toks are not read yet: a view for
	// aligning built from spooled hashes reads its text only if a pair needs tokens (a related
	// pair's passages, or a gap to measure), which a third of the documents aligned at 200k
	// articles never do, and then tokenizes only the stretches holding them (segmented).
	words int
	lazy  bool
	// segmented says that toks holds only the tokens of one stretch between two checkpoints
	// (seg: tokens tokenCheckpoint·seg on), found by token: a view built from spooled hashes
	// tokenizes only the stretches holding the tokens a pair asks for. cps are the checkpoints.
	segmented bool
	seg       int
	cps       []uint32
	sh        []shingle.Shingle
	set       shingle.Set       // the sorted set of shingle hashes: verifying
	tab       shingleTable      // the shingles by hash: aligning
	fps       []shingle.Shingle // winnowed fingerprints, with positions
	tz        shingle.Tokenizer // owns toks: a view evicted from a cache lends all its memory to the next
	tbuf      []byte            // holds text, when read from the spool
	// boiler lists the fingerprints that are some source's boilerplate (evidence.boilerFPs),
	// found once for all the pairs the view is in; boilerChecked says whether it is filled
	boiler        []boilerFP
	boilerChecked bool
	// own holds the weighted words of the document's own text (corpus.ownWords), found once for
	// all the pairs the view is in that need its context; ownDone says whether it is filled
	own     []uint32
	ownDone bool
	// sents are the document's sentences (sentencesOf), found once for all the pairs the view
	// is in that look for rewritten passages; sentDone says whether they are
	sx       sentenceIndex
	swords   []uint32
	sentDone bool
}

// pairResult is the outcome of comparing one candidate pair.
type pairResult struct {
	a, b        int32
	jaccard     float64
	containment float64
	rel         Relation // "" when not related
	passages    []Passage
	pieces      []Passage // the verbatim passages as aligned, when rewritten or joined ones took some in (Pair.pieces)
	covA, covB  float64
	stock       int // passages dropped as stock phrases
	// own is the words of the passages whose text the pair alone holds (not recurring: see
	// evidence.isRecurring), and context the documents' context similarity (context.go)
	own     int
	ownN    int // how many passages are the pair's own
	context float64
}

// viewKind says how much of a document a view analyses: each stage asks for what it uses.
type viewKind int

const (
	viewTokens       viewKind = iota // tokens only
	viewSet                          // and the shingle set: verifying
	viewAlign                        // and the shingles by hash and the fingerprints: aligning
	viewFingerprints                 // the fingerprints alone, with their positions: locating recurring text
)

func (vc *viewCache) view(i int32, v *docView) (*docView, error) {
	d := &vc.c.docs[i]
	hashes := vc.c.hashes != nil && vc.kind != viewTokens && d.shingles > 0
	if !hashes {
		if v == nil {
			v = new(docView)
		}
		text, err := v.readText(vc.c.spool, d)
		if err != nil {
			return nil, err
		}
		return vc.c.viewOf(i, text, vc.kind, &vc.hs, v, nil), nil
	}
	n, cps := 4*int(d.shingles), 0
	if vc.kind == viewAlign || vc.kind == viewFingerprints { // and the fingerprints and the token checkpoints after the hashes
		n = spooledLen(int(d.shingles))
		cps = checkpoints(d.words)
	}
	var err error
	if vc.hbuf, err = vc.c.hashes.readInto(vc.hbuf, d.hoff, n+4*cps); err != nil {
		return nil, err
	}
	v = vc.c.viewOf(i, "", vc.kind, &vc.hs, v, vc.hbuf[:n])
	v.words, v.lazy = d.words, true
	for k := range cps {
		v.cps = append(v.cps, binary.LittleEndian.Uint32(vc.hbuf[n+4*k:]))
	}
	return v, nil
}

// tokens reads back the text of a lazy view (see docView), whose tokens token then finds
// between its checkpoints.
func (vc *viewCache) tokens(v *docView) error {
	text, err := v.readText(vc.c.spool, &vc.c.docs[v.i])
	if err != nil {
		return err
	}
	v.text, v.lazy = text, false
	v.segmented, v.seg = len(v.cps) == checkpoints(v.words), -1
	if !v.segmented { // a view made for verifying alone has no checkpoints
		v.toks = v.tz.Tokenize(text)
	}
	return nil
}

// readText reads the text of document d into the view's buffer: a view's text lives as long as
// the view (what outlives it is cloned), and reading it into memory of its own each time made
// a tenth of a run's garbage.
func (v *docView) readText(sp *spool, d *docInfo) (string, error) {
	var err error
	if v.tbuf, err = sp.readInto(v.tbuf, d.off, d.length); err != nil {
		return "", err
	}
	if len(v.tbuf) == 0 {
		return "", nil
	}
	return unsafe.String(&v.tbuf[0], len(v.tbuf)), nil
}

// token returns token i of a view that is not lazy: from toks, or, when segmented, by tokenizing
// the stretch of text between the checkpoints around it (kept until another stretch is needed).
// Tokenizing may start at any token's first byte and stop at another's: the tokens in between
// are those of the whole text (TestTokenStretches). Should a stretch ever give other tokens than
// the checkpoints promise, the view tokenizes its whole text instead.
func (v *docView) token(i int) shingle.Token {
	if !v.segmented {
		return v.toks[i]
	}
	s := i / tokenCheckpoint
	if s != v.seg {
		from, to := 0, len(v.text)
		if s > 0 {
			from = int(v.cps[s-1])
		}
		if s < len(v.cps) {
			to = int(v.cps[s])
		}
		v.toks, v.seg = v.tz.Tokenize(v.text[from:to]), s
		for k := range v.toks {
			v.toks[k].Start += from
			v.toks[k].End += from
		}
		if len(v.toks) != min(tokenCheckpoint, v.words-s*tokenCheckpoint) || s > 0 && v.toks[0].Start != from {
			v.toks, v.segmented = v.tz.Tokenize(v.text), false
			return v.toks[i]
		}
	}
	return v.toks[i-s*tokenCheckpoint]
}

// wholeTokens tokenizes the whole text of a view that is loaded but segmented.
func (v *docView) wholeTokens() {
	if v.segmented && !v.lazy {
		v.toks, v.segmented = v.tz.Tokenize(v.text), false
	}
}

// viewOf analyses document i's text for comparing, as far as kind asks, into v (reusing its
// memory), or into a new view if v is nil. hashes, if not nil, are the text's shingle hashes as
// the first pass spooled them (appendSpooled: the low 32 bits of each, then with viewAlign the
// bitmap of fingerprints): then they are not computed again, and the text is not tokenized (the
// caller makes the view lazy, or verifying needs the set alone). A view made from the text when
// Run spools hashes keeps their low 32 bits too, so that all views of a run agree.
func (c *corpus) viewOf(i int32, text string, kind viewKind, hs *postings.HashSorter, v *docView, hashes []byte) *docView {
	if v == nil {
		v = new(docView)
	}
	v.i, v.text, v.lazy, v.segmented = i, text, false, false
	v.toks, v.sh, v.set, v.fps, v.cps = v.toks[:0], v.sh[:0], v.set[:0], v.fps[:0], v.cps[:0]
	v.boiler, v.boilerChecked = v.boiler[:0], false
	v.own, v.ownDone = v.own[:0], false
	v.sentDone = false
	if hashes == nil {
		v.toks = v.tz.Tokenize(text)
	}
	v.words = len(v.toks)
	if kind == viewTokens {
		return v
	}
	if hashes != nil && kind == viewFingerprints { // the fingerprints alone, as the first pass chose them
		n := spooledShingles(len(hashes))
		bits := hashes[4*n:]
		for k := range n {
			if bits[k/8]&(1<<(k%8)) != 0 {
				v.fps = append(v.fps, shingle.Shingle{Hash: uint64(binary.LittleEndian.Uint32(hashes[4*k:])), Pos: k})
			}
		}
		return v
	}
	n := 0 // shingles read from hashes
	if hashes != nil {
		n = len(hashes) / 4
		if kind == viewAlign {
			n = spooledShingles(len(hashes))
		}
		for k := range n {
			v.sh = append(v.sh, shingle.Shingle{Hash: uint64(binary.LittleEndian.Uint32(hashes[4*k:])), Pos: k})
		}
	} else {
		v.sh = shingle.AppendHashes(v.sh, v.toks, c.opts.Shingle)
		if kind == viewAlign || kind == viewFingerprints { // the fingerprints, of the whole hashes as the first pass chose them
			v.fps = shingle.AppendWinnow(v.fps, v.sh, c.opts.Window)
		}
		if c.opts.spoolShingles || c.opts.scanHashes {
			for k := range v.sh {
				v.sh[k].Hash &= 0xffffffff
			}
			for k := range v.fps {
				v.fps[k].Hash &= 0xffffffff
			}
		}
	}
	if kind == viewAlign || kind == viewFingerprints {
		if kind == viewAlign {
			v.tab.build(v.sh)
		}
		if hashes != nil { // the fingerprints the first pass chose
			bits := hashes[4*n:]
			for k := range n {
				if bits[k/8]&(1<<(k%8)) != 0 {
					v.fps = append(v.fps, v.sh[k])
				}
			}
		}
	} else {
		v.set = appendSet(v.set, v.sh, hs)
	}
	return v
}

// appendSet appends to dst the set of the shingles' hashes, each rotated by 32 bits, sorted with
// hs: a set to intersect with another made so. The hashes of spooled views are 32 bits, which
// the bucket sort, made for hashes spread over 64 bits, would put in one bucket (1.5 s, against
// 0.24, at 200,000 articles); rotated, they spread again, and full hashes stay spread.
func appendSet(dst shingle.Set, sh []shingle.Shingle, hs *postings.HashSorter) shingle.Set {
	n := len(dst)
	for _, x := range sh {
		dst = append(dst, bits.RotateLeft64(x.Hash, 32))
	}
	hs.Sort(dst[n:])
	return append(dst[:n], slices.Compact(dst[n:])...)
}

// viewCache keeps the documents one comparing goroutine read last. Pairs come sorted by their
// first document, so the second documents recur far apart: a large cache (evicting the oldest)
// saves reading and analysing them again.
type viewCache struct {
	c     *corpus
	kind  viewKind
	hs    postings.HashSorter
	al    alignScratch
	hbuf  []byte // shingle hashes read back
	views map[int32]*docView
	order []int32 // a ring of the cached documents, oldest at next
	next  int
	free  []*docView // evicted views, whose memory the next views reuse
	size  int        // how many views it holds
}

// viewCacheSize is how many documents a cache holds: about 40 KB each for a 500-word article.
// 96 against 256: c20k's default peak RSS 252 -> 239 MB (medians of four alternated runs; the
// aligning stage is one of its two peaks), its align stage and CPU the same, 200k synthetic's CPU
// no higher (four alternated rounds, a noisy host); the verify stage's cache is as large, and it
// was `--no-reuse`'s peak: c20k `--no-reuse` 125 -> 77 MB.
const viewCacheSize = 96

func newViewCache(c *corpus, kind viewKind) *viewCache {
	return &viewCache{c: c, kind: kind, views: make(map[int32]*docView), size: viewCacheSize}
}

// newViewWalker returns a cache for reading each document once: it keeps one view, whose memory
// the next reuses.
func newViewWalker(c *corpus, kind viewKind) *viewCache {
	vc := newViewCache(c, kind)
	vc.size = 1
	return vc
}

func (vc *viewCache) get(i int32) (*docView, error) {
	if v, ok := vc.views[i]; ok {
		return v, nil
	}
	var reuse *docView
	if n := len(vc.free); n > 0 {
		reuse, vc.free = vc.free[n-1], vc.free[:n-1]
	}
	v, err := vc.view(i, reuse)
	if err != nil {
		return nil, err
	}
	// evict only now that v is built: the evicted view may be the other one of the pair being
	// compared, so its memory is lent to a view of a later get, never to this one
	if len(vc.order) < vc.size {
		vc.order = append(vc.order, i)
	} else {
		old := vc.order[vc.next]
		vc.free = append(vc.free, vc.views[old])
		delete(vc.views, old)
		vc.order[vc.next] = i
		vc.next = (vc.next + 1) % vc.size
	}
	vc.views[i] = v
	return v, nil
}

// relate finds and verifies candidate pairs and clusters the related documents.
func (c *corpus) relate(ctx context.Context) (*Result, error) {
	n := len(c.docs)
	t := time.Now()
	cands := pairsFromPostings(c.bandPost)
	if c.opts.NoReuse {
		c.releaseChunks() // the fingerprints have no postings: every list is read
	}
	c.stats.LSHCandidates = len(cands)
	cands = c.prefilter(cands) // 3 ms of the 9 at 20,000 articles (c20k)
	c.mins = sketches{}        // asked by nothing after: 105 bytes a document
	c.stats.Prefiltered = c.stats.LSHCandidates - len(cands)
	c.stage("LSH candidates", t)

	t = time.Now()
	verified, err := c.compare(ctx, cands, nil)
	if err != nil {
		return nil, err
	}
	c.stage("verify", t)
	related := make([]pairResult, 0, len(verified))
	nd := newUnionFind(n) // exact and near-duplicate groups
	for i := range c.docs {
		nd.union(int32(i), c.docs[i].group)
	}
	for _, r := range verified {
		if r.rel != "" {
			related = append(related, r)
			nd.union(r.a, r.b)
		}
	}

	var ev *evidence
	if !c.opts.NoReuse {
		t = time.Now()
		root := nd.roots() // each document's group, read by the workers of both
		var copied []uint64
		c.rw, copied = c.rewriteCandidates(root)
		c.stats.RewriteCandidates = len(c.rw)
		if c.opts.Rewrites() {
			// the sentence keys' pairs are garbage now: collected before the evidence grows the
			// heap, rather than when the heap has doubled (200,000 synthetic articles, six runs
			// each: peak RSS 1.34-1.43 GB, against 1.41-1.60 GB; the same time), and the free
			// memory handed back, which the evidence's arrays off the heap would add to (c20k's
			// evidence stage 154-157 -> 123-130 MB with the docsets off the heap too)
			debug.FreeOSMemory()
		}
		var fpCands []uint64
		ev, fpCands = c.evidence(root)
		if c.opts.onEvidence != nil {
			c.opts.onEvidence(root, fpCands, ev)
		}
		c.releaseChunks() // every list of postings and pairs is read
		if !c.opts.forgetOwn {
			c.owned = newOwnWords(c)
		}
		if err := c.spill.Err(); err != nil {
			return nil, err // a list read short: its candidates are not all there
		}
		c.stats.FPCandidates = len(fpCands)
		c.stats.StoryCandidates = len(c.storyPairs)
		c.stats.Boilerplate = ev.nBoiler
		// align every near-duplicate for its passages, every fingerprint candidate, and the
		// sentence keys' candidates that neither made (rewriteOnly)
		todo := fpCands
		for _, r := range related {
			todo = append(todo, uint64(r.a)<<32|uint64(r.b))
		}
		todo = sortUnique64(todo)
		// a pair that only the sentence keys found, and only in sentences both hold as
		// written, is the passage fingerprints' to judge, and they did (sentencesCopied)
		rwOnly := minus64(c.rw, todo)
		c.rwOnly = minus64(rwOnly, copied)
		c.stats.RewriteCopied = len(rwOnly) - len(c.rwOnly)
		todo = sortUnique64(append(todo, c.rwOnly...))
		c.stage("passage candidates", t)
		t = time.Now()
		aligned, err := c.compare(ctx, todo, ev)
		// aligning's views and scratch are garbage now, and the heap they grew (to twice what
		// was live when the evidence stage ended) is handed back before the clusters are made:
		// c20k's peak RSS 140-148 -> 134-144 MB (four alternated runs each), 200,000 synthetic
		// articles the same time
		debug.FreeOSMemory()
		if err != nil {
			return nil, err
		}
		c.stage("align", t)
		related = related[:0]
		for _, r := range aligned {
			c.stats.StockPhrases += r.stock
			if r.rel != "" {
				related = append(related, r)
			}
		}
	}
	t = time.Now()
	edge := make([]edgeReason, len(related))
	for k := range related {
		edge[k] = c.verdict(&related[k])
	}
	res, err := c.cluster(related, edge, ev)
	if err != nil {
		return nil, err
	}
	c.owned = nil // the stories are made: no context is asked after
	c.stage("cluster", t)
	t = time.Now()
	if err := c.directions(ctx, res); err != nil {
		return nil, err
	}
	c.stage("direction", t)
	if ev != nil {
		t = time.Now()
		if err := c.addDocsetPassages(ctx, ev, res); err != nil {
			return nil, err
		}
		c.stage("recurring passages", t)
	}
	res.Stats = c.stats
	return res, nil
}

// prefilter drops, in place, the candidate pairs whose b-bit sketches show them far below both
// thresholds (prefilter.go): verification would reject them, so results do not change.
func (c *corpus) prefilter(pairs []uint64) []uint64 {
	if c.opts.noPrefilter {
		return pairs
	}
	p := newPrefilter(c.opts)
	kept := pairs[:0]
	for _, pr := range pairs {
		a, b := int(pr>>32), int(pr&0xffffffff)
		if p.keep(c.mins.at(a), c.mins.at(b), c.docs[a].size, c.docs[b].size) {
			kept = append(kept, pr)
		}
	}
	return kept
}

// sortUnique64 sorts s and removes duplicates.
func sortUnique64(s []uint64) []uint64 {
	postings.Sort(s)
	return slices.Compact(s)
}

// minus64 returns the values of a that b does not hold, both sorted and each once, in a new slice.
func minus64(a, b []uint64) []uint64 {
	var out []uint64
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			out = append(out, x)
		}
	}
	return out
}

// pairsFromPostings returns the document pairs that share a key in the postings, as sorted unique
// a<<32|b with a < b. It consumes the postings.
func pairsFromPostings(post *postings.List) []uint64 {
	var pairs []uint64
	post.Groups(func(_ uint32, docs []int32) {
		for x := 0; x < len(docs); x++ {
			for y := x + 1; y < len(docs); y++ {
				if docs[x] != docs[y] {
					pairs = append(pairs, uint64(docs[x])<<32|uint64(docs[y]))
				}
			}
		}
	})
	return countPairs(pairs, 1)
}

// countPairs sorts pair keys and keeps those present at least minShared times, once each.
func countPairs(pairs []uint64, minShared int) []uint64 {
	postings.Sort(pairs)
	out := pairs[:0]
	for s := 0; s < len(pairs); {
		e := s + 1
		for e < len(pairs) && pairs[e] == pairs[s] {
			e++
		}
		if e-s >= minShared {
			out = append(out, pairs[s])
		}
		s = e
	}
	return slices.Clip(out)
}

// compare verifies pairs (a<<32|b, sorted) on Workers goroutines: exact Jaccard and containment,
// and with evidence (the reuse stage) their shared passages. Results are in the order of pairs.
func (c *corpus) compare(ctx context.Context, pairs []uint64, ev *evidence) ([]pairResult, error) {
	out := make([]pairResult, len(pairs))
	order := localOrder(pairs, len(c.docs))
	const chunk = 256
	var nextChunk, done atomic.Int64
	g, ctx := errgroup.WithContext(ctx)
	stage, kind := "verify", viewSet
	if ev != nil {
		stage, kind = "align", viewAlign
	}
	for w := 0; w < c.opts.Workers; w++ {
		g.Go(func() error {
			vc := newViewCache(c, kind)
			for {
				s := int(nextChunk.Add(1)-1) * chunk
				if s >= len(pairs) {
					return nil
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				for _, k := range order[s:min(s+chunk, len(pairs))] {
					r, err := c.comparePair(vc, int32(pairs[k]>>32), int32(pairs[k]&0xffffffff), ev)
					if err != nil {
						return err
					}
					out[k] = r
				}
				d := done.Add(int64(min(chunk, len(pairs)-s)))
				if w == 0 && c.opts.Progress != nil {
					c.opts.Progress(Progress{Stage: stage, Done: int(d), Total: len(pairs)})
				}
			}
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if c.opts.Progress != nil && len(pairs) > 0 {
		c.opts.Progress(Progress{Stage: stage, Done: len(pairs), Total: len(pairs)})
	}
	return out, nil
}

// localOrder returns an order in which to compare the pairs so that the documents of a pair are
// still in a worker's cache of views (viewCacheSize) when it comes: each document is read back
// and analysed once or a few times, not once for every pair it is in. The documents are ranked
// in breadth-first order over the pairs (a connected group of documents, a story's copies and
// rewrites, ranked together, and the neighbours of a document close to it), and the pairs
// ordered by their later document's rank, then their earlier's: a document's pairs with those
// ranked before it come together, and those documents were ranked, and their pairs compared,
// shortly before. Results keep the pairs' own order, so output does not depend on it.
func localOrder(pairs []uint64, n int) []int {
	// the pairs of each document (by index), as offsets into adj
	off := make([]int32, n+1)
	for _, p := range pairs {
		off[p>>32+1]++
		off[p&0xffffffff+1]++
	}
	for i := range n {
		off[i+1] += off[i]
	}
	adj := make([]int32, off[n])
	fill := slices.Clone(off[:n])
	for _, p := range pairs {
		a, b := p>>32, p&0xffffffff
		adj[fill[a]], adj[fill[b]] = int32(b), int32(a)
		fill[a]++
		fill[b]++
	}
	rank := make([]int32, n)
	for i := range rank {
		rank[i] = -1
	}
	next := int32(0)
	queue := make([]int32, 0, 64)
	for d := range int32(n) {
		if rank[d] >= 0 || off[d] == off[d+1] {
			continue
		}
		rank[d], next = next, next+1
		queue = append(queue[:0], d)
		for len(queue) > 0 {
			x := queue[0]
			queue = queue[1:]
			for _, y := range adj[off[x]:off[x+1]] {
				if rank[y] < 0 {
					rank[y], next = next, next+1
					queue = append(queue, y)
				}
			}
		}
	}
	order := make([]int, len(pairs))
	key := make([]uint64, len(pairs))
	for k, p := range pairs {
		order[k] = k
		ra, rb := uint64(rank[p>>32]), uint64(rank[p&0xffffffff])
		key[k] = max(ra, rb)<<32 | min(ra, rb)
	}
	slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(key[x], key[y]) })
	return order
}

// comparePair verifies one pair. It is a pure function of the two texts and the evidence.
func (c *corpus) comparePair(vc *viewCache, a, b int32, ev *evidence) (pairResult, error) {
	va, err := vc.get(a)
	if err != nil {
		return pairResult{}, err
	}
	vb, err := vc.get(b)
	if err != nil {
		return pairResult{}, err
	}
	rw := noRewrite
	if _, ok := slices.BinarySearch(c.rw, uint64(a)<<32|uint64(b)); ok {
		rw = withRewrite
		if _, ok := slices.BinarySearch(c.rwOnly, uint64(a)<<32|uint64(b)); ok {
			rw = rewriteOnly
		}
	}
	return c.comparePairViews(va, vb, ev, &vc.al, vc.tokens, false, rw)
}

// rewriteMode says whether a pair is compared sentence by sentence for rewritten passages.
type rewriteMode uint8

const (
	noRewrite rewriteMode = iota
	// withRewrite is compared for rewritten passages too: a candidate of the sentence keys and
	// of another signal, or a Comparer's pair
	withRewrite
	// rewriteOnly is a candidate of the sentence keys alone: whatever verbatim text the two
	// share, the fingerprints' evidence did not make them a candidate (text that many
	// documents hold, boilerplate, stock phrases), so it relates them only with a rewritten
	// passage beside it. Comparing them as any candidate listed every pair of documents
	// holding one recurring paragraph that a sentence key reached: c20k with --rewrite reported
	// twice the reuse pairs of the default scan, all of them its recurring paragraphs.
	rewriteOnly
)

// comparePairViews verifies and (with evidence) aligns two analysed documents, with sc's scratch;
// tokens loads the tokens of a lazy view. With withTexts the passages carry their texts; else
// only their offsets. With rw (and evidence) the documents are also compared sentence by
// sentence for rewritten passages (rewrite.go); with rewriteOnly they are related only if one
// is found.
func (c *corpus) comparePairViews(va, vb *docView, ev *evidence, sc *alignScratch,
	tokens func(*docView) error, withTexts bool, rw rewriteMode) (pairResult, error) {
	r := pairResult{a: va.i, b: vb.i, context: -1}
	// near reports whether the documents are near-duplicates, from the size of the intersection
	// of their shingle sets, setting r's Jaccard and containment
	near := func(inter, setA, setB int) bool {
		if union := setA + setB - inter; union > 0 {
			r.jaccard = float64(inter) / float64(union)
		}
		small := min(setA, setB)
		if small > 0 {
			r.containment = float64(inter) / float64(small)
		}
		// containment counts only when the smaller text is long enough to be a passage: a
		// five-word text found inside a long article is no truncated copy
		return r.jaccard >= c.opts.Threshold ||
			(r.containment >= c.opts.Containment && small >= c.opts.MinPassage-c.opts.Shingle+1)
	}
	if ev == nil {
		if near(va.set.Intersect(vb.set), len(va.set), len(vb.set)) {
			r.rel = NearDuplicate
		}
		return r, nil
	}
	var loadErr error
	load := func(v *docView) bool {
		if v.lazy && loadErr == nil {
			loadErr = tokens(v)
		}
		return loadErr == nil
	}
	same := func(i, j int) bool {
		return load(va) && load(vb) && va.token(i).Norm == vb.token(j).Norm
	}
	spans, stock := c.passages(va, vb, ev, sc, same) // and sc.shared: the intersection
	if loadErr != nil {
		return r, loadErr
	}
	r.stock = len(stock)
	isNear := near(sc.shared, va.tab.distinct(), vb.tab.distinct())
	var sims []float64 // of each span: 0 for a verbatim one
	var given []bool   // of each span, with rewritten passages: a verbatim one given as someone else's words
	verbatim := spans  // as aligned, before rewritten or joined passages take some in (Pair.pieces)
	if rw != noRewrite && !isNear && c.opts.Rewrites() {
		xa, err := c.sentences(va, sc, load)
		if err != nil || xa == nil {
			return r, cmp.Or(err, loadErr)
		}
		xb, err := c.sentences(vb, sc, load)
		if err != nil || xb == nil {
			return r, cmp.Or(err, loadErr)
		}
		sa, sb := c.docs[va.i].src, c.docs[vb.i].src
		k := c.opts.Shingle
		recurring := make([]bool, len(spans))
		for i, s := range spans {
			recurring[i] = ev.holdsRecurring(va.fps, s.a0, s.a1-k+1, &vb.tab, vb.fps, s.b0, s.b1-k+1, &va.tab)
		}
		// recurring text and stock phrases alone make no rewritten passage, nor in a check the
		// verbatim text (the draft's verbatim copy is reported as it is, and sentences the two
		// share word for word alone make no rewritten passage over the draft's own words between)
		marked := append(slices.Clone(spans), stock...)
		weak := make([]bool, len(marked))
		for i := range weak {
			weak[i] = c.checking || i >= len(spans) || recurring[i]
		}
		weakA, weakB := recurringSentences(xa, marked, weak, true), recurringSentences(xb, marked, weak, false)
		rs := sc.rw.rewriteAlign(xa, xb, sentenceMask(xa, ev.mask(va, sa, sb), k), sentenceMask(xb, ev.mask(vb, sa, sb), k), weakA, weakB, defaultRewrite)
		if len(rs) > 0 && (!load(va) || !load(vb)) {
			return r, loadErr
		}
		rs = longRewrites(rs, va, vb, defaultRewrite.minBytes)
		if rs = apartRewrites(rs, spans, va, vb, defaultRewrite.apartBytes); len(rs) > 0 {
			// a rewritten passage takes in no recurring text, and in a check none that either
			// text gives as someone else's (givenSpans): they stay passages of their own
			keep := recurring
			if c.checking {
				sc.creditA.Reset(va.text)
				sc.creditB.Reset(vb.text)
				sc.creditA.SetWhole(false) // what a passage's own sentence says (givenSpans)
				sc.creditB.SetWhole(false)
				keep = givenSpans(spans, nil, va, vb, &sc.creditA, &sc.creditB)
				for i := range keep {
					keep[i] = keep[i] || recurring[i]
				}
			}
			spans, sims = mergeRewrites(spans, keep, rs, defaultRewrite.covered, c.opts.MinPassage)
			if c.checking {
				given = givenSpans(spans, sims, va, vb, &sc.creditA, &sc.creditB)
			}
		}
		if rw == rewriteOnly && !slices.ContainsFunc(sims, func(s float64) bool { return s > 0 }) {
			return r, nil
		}
	}
	words := 0
	for _, s := range spans {
		words += s.words()
	}
	switch {
	case isNear:
		r.rel = NearDuplicate
	case words >= c.opts.MinReuseWords:
		r.rel = Reuse
	default:
		return r, nil
	}
	if !load(va) || !load(vb) {
		return r, loadErr
	}
	var recurring []bool // of each span, with Reuse
	if r.rel == Reuse {
		// how much of the shared text is the pair's own (no third group holds it): two passages
		// of it make the pair one story
		r.own, r.ownN, recurring = c.ownPassages(va, vb, ev, spans)
		if sims != nil {
			// rewritten passages took verbatim ones in: the pieces are the pair's own passages
			// as much (two verbatim passages and the reworded text between them were one
			// rewritten passage, one own passage where the pieces were two, and on the news
			// corpus of 20,000 articles such pairs of one story lost their story edge)
			own, n, _ := c.ownPassages(va, vb, ev, verbatim)
			r.own, r.ownN = max(r.own, own), max(r.ownN, n)
		}
		if (r.own < c.opts.MinReuseWords || r.ownN < 2) && r.containment < substantialContainment && c.shared != nil {
			// the passages are text others hold too: the rest of the texts tells whether this
			// pair tells one story (the verdict needs it no other time)
			r.context = contextSimilarity(c.ownOf(va), c.ownOf(vb))
		}
	}
	r.covA = coverage(spans, va.words, true)
	r.covB = coverage(spans, vb.words, false)
	if r.rel == Reuse && c.opts.Rewrites() && ev != nil {
		// the relation, coverage and the pair's own text are the pieces'; the report's passages
		// are the pieces of one rewritten passage joined
		if sims == nil {
			verbatim = slices.Clone(spans) // the spans as aligned still: joinPieces joins them in place
		}
		jp := defaultRewrite
		if c.checking {
			jp.joinVerbatimBytes = 0 // a check shows what the draft took, not what lies between
		}
		spans, sims, recurring = joinPieces(spans, sims, recurring, given, va, vb, jp)
		if len(spans) < len(verbatim) || slices.ContainsFunc(sims, func(s float64) bool { return s > 0 }) {
			// rewritten or joined passages took verbatim ones in: the verbatim passages as
			// aligned, for the cluster's shared passages and the direction (Pair.pieces)
			for _, s := range verbatim {
				r.pieces = append(r.pieces, passageAt(va, vb, s))
			}
		}
	}
	r.passages = make([]Passage, len(spans))
	for i, s := range spans {
		if withTexts {
			r.passages[i] = passage(va, vb, s)
		} else {
			r.passages[i] = passageAt(va, vb, s)
		}
		if sims != nil && sims[i] > 0 {
			r.passages[i].Match, r.passages[i].Similarity = Rewritten, sims[i]
		}
		if recurring != nil {
			r.passages[i].recurring = recurring[i]
		}
	}
	return r, nil
}

// passage turns a span of tokens into byte offsets and the text of each side, exactly as written.
func passage(va, vb *docView, s span) Passage {
	p := passageAt(va, vb, s)
	p.AText = strings.Clone(va.text[p.AStart:p.AEnd])
	p.BText = strings.Clone(vb.text[p.BStart:p.BEnd])
	return p
}

// passageAt turns a span of tokens into byte offsets, without the texts: Run keeps offsets only
// and Result.LoadTexts reads the texts back when a report needs them.
func passageAt(va, vb *docView, s span) Passage {
	return Passage{
		AStart: va.token(s.a0).Start, AEnd: va.token(s.a1).End,
		BStart: vb.token(s.b0).Start, BEnd: vb.token(s.b1).End,
		Words: s.words(), Match: Verbatim, Similarity: 1,
	}
}

// passages aligns two documents with boilerplate masked and stock phrases dropped; it returns the
// passages and the stock phrases it dropped. same(i, j) says whether token i of a and token j of
// b are the same word.
func (c *corpus) passages(va, vb *docView, ev *evidence, sc *alignScratch, same func(i, j int) bool) ([]span, []span) {
	sa, sb := c.docs[va.i].src, c.docs[vb.i].src
	maskA := ev.mask(va, sa, sb)
	maskB := ev.mask(vb, sa, sb)
	spans := sc.align(&va.tab, &vb.tab, va.words, vb.words, maskA, maskB, same,
		alignParams{k: c.opts.Shingle, maxGap: c.opts.MaxGap, minPassage: c.opts.MinPassage, short: c.opts.MinReuseWords})
	var stock []span
	kept := spans[:0]
	k := c.opts.Shingle
	for _, s := range spans {
		if s.words() < 2*c.opts.MinReuseWords && ev.isStock(s.words(), c.opts.MinReuseWords, va.fps, s.a0, s.a1-k+1, &vb.tab,
			vb.fps, s.b0, s.b1-k+1, &va.tab) {
			stock = append(stock, s)
			continue
		}
		kept = append(kept, s)
	}
	return kept, stock
}

// ownPassages returns the words, and the number, of the passages that are the pair's own: whose
// shared fingerprints are mostly not recurring (held by three or more groups of documents); and
// for each passage whether it recurs.
func (c *corpus) ownPassages(va, vb *docView, ev *evidence, spans []span) (words, n int, recurring []bool) {
	k := c.opts.Shingle
	recurring = make([]bool, len(spans))
	for i, s := range spans {
		if ev.recurringPassage(va.fps, s.a0, s.a1-k+1, &vb.tab, vb.fps, s.b0, s.b1-k+1, &va.tab) {
			recurring[i] = true
			continue
		}
		words += s.words()
		n++
	}
	return words, n, recurring
}

// ownOf returns the own words of a view's document (ownWords): the run's, found once a document
// (corpus.owned), where the run keeps them and the view is loaded.
func (c *corpus) ownOf(v *docView) []uint32 {
	if c.owned == nil || v.lazy {
		v.wholeTokens()
		return c.ownWords(v)
	}
	return c.owned.ofView(v)
}

// ownWords returns the weighted words of a view's own text (see contexts), computed once per
// view: its context words that are not under fingerprints other groups of documents hold too
// (nor between two consecutive such fingerprints, as winnowing keeps one in every window), each
// once, sorted, as word&^0xff | weight, with the weight of its occurrence as a name if it has one.
// The view's whole text is tokenized.
func (c *corpus) ownWords(v *docView) []uint32 {
	if v.ownDone {
		return v.own
	}
	v.ownDone = true
	if v.segmented || v.lazy {
		return v.own // not loaded: no evidence (callers load the views first)
	}
	k := c.opts.Shingle
	marked := make([]bool, len(v.toks))
	prev := -1
	for i, f := range v.fps {
		if !c.shared.has(uint32(f.Hash)) {
			prev = -1
			continue
		}
		from := f.Pos
		if prev >= 0 {
			from = v.fps[prev].Pos
		}
		for t := from; t < min(f.Pos+k, len(marked)); t++ {
			marked[t] = true
		}
		prev = i
	}
	own := v.own[:0]
	all := 0 // context words, own or not
	for t, tok := range v.toks {
		w := uint32(shingle.TokenHash(tok.Norm)>>32) &^ 1
		if !contextWord(tok.Norm, w) {
			continue
		}
		all++
		if marked[t] {
			continue
		}
		if isName(v.text, tok) {
			w |= 1
		}
		own = append(own, w&^0xff|uint32(c.wt.weight(w)))
	}
	if float64(len(own)) < minOwnShare*float64(all) {
		v.own = own[:0]
		return v.own // a text made of what others hold too: it has no context of its own
	}
	slices.Sort(own)
	// each word once, with its largest weight (the last of its run)
	out := own[:0]
	for i, x := range own {
		if i+1 < len(own) && own[i+1]&^0xff == x&^0xff {
			continue
		}
		out = append(out, x)
	}
	v.own = out
	return out
}

// numberPassages sorts a result's passages in order of their first occurrence (those of pairs
// first: they come first in ps) and numbers them so.
func numberPassages(ps []SharedPassage) {
	slices.SortStableFunc(ps, func(x, y SharedPassage) int {
		ox, oy := x.Occurrences[0], y.Occurrences[0]
		if ox.doc != oy.doc {
			return int(ox.doc) - int(oy.doc)
		}
		return ox.Start - oy.Start
	})
	for i := range ps {
		ps[i].Number = i + 1
	}
}

// addDocsetPassages adds to res.Passages the recurring passages of documents that are not one
// story (docsetPassages), and numbers them all in order of their first occurrence; those by
// which a document joined a story go to the story (placeJoined).
func (c *corpus) addDocsetPassages(ctx context.Context, ev *evidence, res *Result) error {
	clusterOf := make([]int32, len(c.docs))
	for k := range res.Clusters {
		for _, m := range res.Clusters[k].Members {
			clusterOf[c.ids[m.ID]] = int32(res.Clusters[k].Number)
		}
	}
	joined := res.joinedDocs(len(c.docs))
	more, err := c.docsetPassages(ctx, ev, clusterOf, joined)
	if err != nil {
		return err
	}
	res.Passages = append(res.Passages, res.placeJoined(more, clusterOf, joined)...)
	numberPassages(res.Passages)
	return nil
}
