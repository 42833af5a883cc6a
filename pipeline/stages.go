package pipeline

import (
	"github.com/neardup/neardup/shingle"
)

// Analysis is what the first pass computes of one document, a pure function of its text and
// the options: what an index stores so that later documents can be compared with it.
type Analysis struct {
	Words        int       // tokens in the text
	Exact        [2]uint64 // murmur3-128 of the shingle sequence: equal for exact duplicates (same normalised tokens)
	BandKeys     []uint32  // one 32-bit key per LSH band (ChooseBands); band i's key is BandKeys[i]
	Fingerprints []uint32  // winnowed passage fingerprints (low 32 bits of shingle hashes), sorted, unique; nil with NoReuse

	shingles []byte // for Run only (Options.spoolShingles): the spooled form (appendSpooled)
	nsh      int32  // the number of shingles it holds
	sketch   []sketchEntry
	tau      uint32
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
// candidate pair but without corpus-wide evidence (no boilerplate or stock-phrase rules: those
// need the whole corpus). It reports whether they are related and, if so, the pair with its
// relation (near-duplicate or reuse; exact when their normalised tokens are equal), Jaccard,
// containment, coverage and passages. It is a pure function of the two documents and the options.
func Compare(a, b Document, opts Options) (Pair, bool) {
	opts.SetDefaults()
	c := &corpus{opts: &opts, docs: []docInfo{{id: a.ID, source: a.Source}, {id: b.ID, source: b.Source}}}
	ev, kind := &evidence{}, viewAlign
	if opts.NoReuse {
		ev, kind = nil, viewSet
	}
	var hs hashSorter
	va, vb := c.viewOf(0, a.Text, kind, &hs, nil, nil), c.viewOf(1, b.Text, kind, &hs, nil, nil)
	// the views hold their tokens (they are made from the texts): nothing to load
	r, _ := c.comparePairViews(va, vb, ev, new(alignScratch), nil, true)
	if r.rel == "" {
		return Pair{}, false
	}
	if sameTokens(va.toks, vb.toks) {
		r.rel = Exact
	}
	return Pair{A: a.ID, B: b.ID, Relation: r.rel, Jaccard: r.jaccard, Containment: r.containment,
		CoverageA: r.covA, CoverageB: r.covB, Passages: r.passages}, true
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
