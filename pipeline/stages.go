package pipeline

import (
	"github.com/neardup/neardup/credit"
	"github.com/neardup/neardup/shingle"
)

// Analysis is what the first pass computes of one document, a pure function of its text and
// the options: what an index stores so that later documents can be compared with it.
type Analysis struct {
	Words        int       // tokens in the text
	Exact        [2]uint64 // murmur3-128 of the shingle sequence: equal for exact duplicates (same normalised tokens)
	BandKeys     []uint32  // one 32-bit key per LSH band (ChooseBands); band i's key is BandKeys[i]
	Fingerprints []uint32  // winnowed passage fingerprints (low 32 bits of shingle hashes), sorted, unique; nil with NoReuse

	shingles  []byte // for Run only (Options.spoolShingles): the spooled form (appendSpooled)
	nsh       int32  // the number of shingles it holds
	sketch    []sketchEntry
	tau       [2]uint32
	mins      []byte // analysis.mins
	size      setSize
	sentKeys  []uint64 // analysis.sentKeys
	sentBytes int32    // analysis.sentBytes
}

// Analyzer computes Analyses. It keeps buffers: use one per goroutine.
type Analyzer struct {
	z *analyzer
}

// NewAnalyzer returns an analyzer for the options (defaults filled in).
func NewAnalyzer(opts Options) *Analyzer {
	opts.SetDefaults()
	return &Analyzer{z: newAnalyzer(&opts, ChooseBands(opts.Threshold, opts.NumPerm))}
}

// Analyze tokenizes, shingles, signs and fingerprints one text.
func (a *Analyzer) Analyze(text string) Analysis {
	r := a.z.analyze(text)
	return Analysis{Words: r.words, Exact: r.exact, BandKeys: r.bandKeys, Fingerprints: r.fps}
}

// Compare verifies two documents exactly and aligns their shared passages, as Run does for a
// candidate pair but without corpus-wide evidence (CompareWith gives it what a caller knows). It
// reports whether they are related and, if so, the pair with its relation (near-duplicate or
// reuse; exact when their normalised tokens are equal), Jaccard, containment, coverage, passages
// and the verdict of Run: why the two make one story (Story), or "" when they are only linked.
// Without a corpus, every passage counts as the pair's own, and the texts' context is that of
// their words outside the text they share, weighted alike. It is a pure function of the two
// documents and the options.
func Compare(a, b Document, opts Options) (Pair, bool) {
	return CompareWith(a, b, opts, CompareOptions{})
}

// CompareOptions gives Compare what a caller knows of a pair beyond its two texts.
type CompareOptions struct {
	// Boilerplate, if not nil, says which fingerprints (Analysis.Fingerprints) are boilerplate
	// of either document's source: the shingles they cover, and those between two consecutive
	// ones, are left out of the passages, as Run leaves them out. Jaccard, containment and
	// coverage stay those of the whole texts.
	Boilerplate func(fp uint32) bool
}

// CompareWith is Compare with what the options say. The passages' credits (ACredit, BCredit)
// are filled, from the two texts.
func CompareWith(a, b Document, opts Options, co CompareOptions) (Pair, bool) {
	opts.SetDefaults()
	c := &corpus{opts: &opts, docs: []docInfo{{id: a.ID, source: a.Source, src: 1}, {id: b.ID, source: b.Source, src: 2}}}
	ev, kind := &evidence{}, viewAlign
	if co.Boilerplate != nil {
		ev.isBoiler, ev.nBoiler = co.Boilerplate, 1
	}
	if opts.NoReuse {
		ev, kind = nil, viewSet
	}
	var hs hashSorter
	va, vb := c.viewOf(0, a.Text, kind, &hs, nil, nil), c.viewOf(1, b.Text, kind, &hs, nil, nil)
	if ev != nil { // the text the two share is the text others hold: the rest is each one's own
		c.shared = sharedOf(va.fps, vb.fps)
		c.wt = flatWeigher()
	}
	// the views hold their tokens (they are made from the texts): nothing to load
	r, _ := c.comparePairViews(va, vb, ev, new(alignScratch), nil, true, true)
	if r.rel == "" {
		return Pair{}, false
	}
	if sameTokens(va.toks, vb.toks) {
		r.rel = Exact
	}
	p := Pair{A: a.ID, B: b.ID, Relation: r.rel, Jaccard: r.jaccard, Containment: r.containment,
		CoverageA: r.covA, CoverageB: r.covB, Passages: r.passages, Context: r.context}
	if e := c.verdict(&r); e != notEdge {
		p.Story = e.String()
	}
	if len(p.Passages) > 0 {
		ca, cb := credit.Read(a.Text), credit.Read(b.Text)
		for k := range p.Passages {
			q := &p.Passages[k]
			q.ACredit, q.BCredit = ca.Of(q.AStart, q.AEnd), cb.Of(q.BStart, q.BEnd)
		}
	}
	return p, true
}

// sharedOf returns the set of the fingerprints both lists hold.
func sharedOf(a, b []shingle.Shingle) *fpBits {
	in := make(map[uint32]bool, len(a))
	for _, f := range a {
		in[uint32(f.Hash)] = true
	}
	set := newFPBits(len(b))
	for _, f := range b {
		if in[uint32(f.Hash)] {
			set.set(uint32(f.Hash))
		}
	}
	return set
}

// flatWeigher weighs every word alike (and names nameWeight times more): a pair alone tells no
// document frequency.
func flatWeigher() *weigher {
	w := &weigher{n: 0}
	for r := range w.df {
		w.df[r] = make([]uint32, 1<<dfBits)
	}
	w.byDF = [][2]uint8{{idfWeight(0, 0, false), idfWeight(0, 0, true)}}
	return w
}

func sameTokens(a, b []shingle.Token) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Norm != b[i].Norm {
			return false
		}
	}
	return true
}
