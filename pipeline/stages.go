package pipeline

import (
	"sync"

	"github.com/neardup/neardup/credit"
	"github.com/neardup/neardup/internal/postings"
	"github.com/neardup/neardup/shingle"
)

// Analysis is what the first pass computes of one document, a pure function of its text and
// the options: what an index stores so that later documents can be compared with it.
type Analysis struct {
	Words        int       // tokens in the text
	Exact        [2]uint64 // murmur3-128 of the shingle sequence: equal for exact duplicates (same normalised tokens)
	BandKeys     []uint32  // one 32-bit key per LSH band (ChooseBands); band i's key is BandKeys[i]
	Fingerprints []uint32  // winnowed passage fingerprints (low 32 bits of shingle hashes), sorted, unique; nil with NoReuse
	// SentenceKeys are the candidate keys of its sentences for rewritten passages (unless
	// NoRewrite or NoReuse: Options.Rewrites), each key<<32 | tag, tag the low SentenceTagBits
	// of the number of the sentence that gave it, in the order of the sentences: unsorted, and a
	// key that two sentences with the same tag give is there twice. RewriteCandidate says which
	// shared keys make a pair.
	SentenceKeys []uint64
	// SentenceCopies has one key for each sentence that gives SentenceKeys, key<<32 | tag as
	// there: the hash of its content words in order, so that two documents holding one key hold
	// the same sentence (rewriteCandidates leaves a pair that shares only such sentences to the
	// passage fingerprints).
	SentenceCopies []uint64

	withKeys bool // made with Options.Rewrites: SentenceKeys are all its sentences' (WithSentenceKeys)

	shingles  []byte // for Run only (Options.spoolShingles): the spooled form (appendSpooled)
	nsh       int32  // the number of shingles it holds
	sketch    []sketchEntry
	tau       [2]uint32
	mins      []byte // analysis.mins
	size      setSize
	sentBytes int32 // analysis.sentBytes
	dfSlots   []uint32
	winnowed  int32
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
	return Analysis{Words: r.words, Exact: r.exact, BandKeys: r.bandKeys, Fingerprints: r.fps, SentenceKeys: r.sentKeys, SentenceCopies: r.sentCopies,
		withKeys: a.z.opts.Rewrites(), sketch: r.sketch, tau: r.tau, dfSlots: r.dfSlots, winnowed: r.winnowed}
}

// WithSentenceKeys reports whether the analysis was made finding rewritten passages
// (Options.Rewrites), so that its SentenceKeys are all its sentences' (none, for a text without
// a sentence of four content words); without, it has none whatever the text.
func (a Analysis) WithSentenceKeys() bool { return a.withKeys }

// SentenceTagBits is how many bits of its sentence's number a sentence key carries
// (Analysis.SentenceKeys).
const SentenceTagBits = sentenceTagBits

// MaxSentenceKeyDocs is the most documents a sentence key may be held by for it to make
// candidates (a key in more is a set phrase, no sign of a rewrite): Run's bound, which a caller
// looking keys up in an index applies to the documents it holds.
const MaxSentenceKeyDocs = maxSentenceKeyDocs

// RewriteCandidate reports whether a document that shares sentence keys (each held by at most
// MaxSentenceKeyDocs documents) with a draft is a candidate for the draft's rewritten passages,
// when only the draft's side of the keys is known (an index keeps the keys of its documents,
// not their sentences): tags are the draft's tags of the shared keys (Analysis.SentenceKeys).
// The keys must come from two of the draft's sentences or more. Run's rule, which knows both
// sides, asks more (rewriteCandidates); this one serves a check of one draft, where a candidate
// too many costs one comparison.
func RewriteCandidate(tags []uint64) bool {
	for _, t := range tags {
		if t != tags[0] {
			return true
		}
	}
	return false
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
	// Direct sets a related pair's likely origin and, for a near-duplicate, its changes (none
	// with NoReuse, as in Run), as Direct does, from the tokens the comparison made.
	Direct bool
	// Sentences says whether the pair is compared sentence by sentence for rewritten passages
	// (with Options.Rewrites): by default it is.
	Sentences SentenceMode
	// The corpus's evidence, as a runner gathers it with the evidence stages
	// (ClassifyFingerprint, NewWeights): the fingerprints that two groups of copies or more hold
	// (Shared), with the corpus's word weights (Weights), give the pair's context as Run weighs
	// it; those of three groups or more (Recurring) are text that is not the pair's own; those of
	// StockDocs groups or more (Common) make a short passage a stock phrase. Nil: the pair's two
	// texts are all that is known (the text they share is the text others hold, every word
	// weighs alike). Weights without Shared weigh the words of that text's rest (scan --index:
	// the night's weights, Result.Weights).
	Shared, Recurring, Common *FingerprintSet
	Weights                   *Weights
	// Stock says which fingerprints are of a stock docset (DocsetStock): a passage of them, of
	// MinReuseWords words or more, is a stock phrase.
	Stock func(fp uint32) bool
	// StoryDocset says that a story's docset made the pair a candidate (its sums of shared text
	// by class, as IsCandidate takes them, hold TextStory): Run's verdict then takes a lower
	// context bar.
	StoryDocset bool
	// SeriesA and SeriesB are the two documents' series (SourceSeries, from the titles of all
	// their source's documents), "" for none, as Run's verdict reads them: two items of one
	// series are one story by a verbatim passage; items of two series of one source are not by
	// rewritten passages alone.
	SeriesA, SeriesB string
	// AsScan compares the pair as Run compares a scan's pair, not as a check of a draft (which
	// reports what the draft took as it took it: rewritten passages take in nothing either text
	// gives as someone else's words, nor verbatim pieces joined over the draft's own words)
	AsScan bool
}

// SentenceMode says whether a pair is compared sentence by sentence for rewritten passages, as
// Run decides from what made it a candidate pair.
type SentenceMode uint8

const (
	// SentencesToo: rewritten passages as well as verbatim ones (Compare's; Run's for a
	// candidate of the sentence keys that another signal made a candidate too)
	SentencesToo SentenceMode = iota
	// NoSentences: verbatim passages only (Run's for a candidate the sentence keys did not make)
	NoSentences
	// SentencesOnly: related only with a rewritten passage (Run's for a candidate of the
	// sentence keys alone: whatever verbatim text the two share, the fingerprints' evidence did
	// not make them a candidate)
	SentencesOnly
)

// mode is the rewriteMode of a SentenceMode.
func (m SentenceMode) mode() rewriteMode {
	switch m {
	case NoSentences:
		return noRewrite
	case SentencesOnly:
		return rewriteOnly
	}
	return withRewrite
}

// SentencePairsAlike reports whether the sentence keys two documents share make them a candidate
// pair for rewritten passages, as Run decides: tags holds, for each shared key (each held by at
// most MaxSentenceKeyDocs documents) and each pair of sentences of the two that gave it, their
// tags (Analysis.SentenceKeys) ta<<SentenceTagBits | tb, a's first. A pair is also a candidate
// when two keys or more are held by the two documents alone.
func SentencePairsAlike(tags []uint64) bool { return sentencePairsAlike(tags) }

// CopyTag marks, among the tags of the keys two documents share (SentencePairsAlike), those of
// the keys of sentences as written (Analysis.SentenceCopies) they share: ta<<SentenceTagBits |
// tb | CopyTag.
const CopyTag = copyTag

// SplitCopies moves the tags marked CopyTag to the end of tags, in place, and returns the
// others and those, unmarked.
func SplitCopies(tags []uint64) (keys, copies []uint64) { return splitCopies(tags) }

// SentencesCopied reports whether every pair of sentences that shares keys (tags, as
// SentencePairsAlike reads them) is one sentence both documents hold as written (copies): a
// pair that no other signal makes a candidate is then not compared, as Run decides.
func SentencesCopied(tags, copies []uint64) bool { return sentencesCopied(tags, copies) }

// CompareWith is Compare with what the options say. The passages' credits (ACredit, BCredit)
// are filled, from the two texts, and decide: a rewritten passage takes in no verbatim passage
// that either text gives as someone else's words (a quote, credited copy), which Run's
// rewritten passages may (givenSpans).
func CompareWith(a, b Document, opts Options, co CompareOptions) (Pair, bool) {
	opts.scanHashes = co.AsScan
	return NewComparer(a, opts).Compare(b, co)
}

// Comparer compares one document, d, with others one at a time, as CompareWith(d, b) (or
// CompareWith(b, d)) does for each: what comparing derives from d alone (its tokens, shingle
// table and fingerprints; its credits) is derived once, not again for every pair. A draft
// checked against an index is compared so with each of its candidates (a median of 10 and up to
// 287 for the bench kit's c100k, BENCHMARKS.md). A Comparer is not safe for concurrent use.
type Comparer struct {
	opts  Options
	doc   Document
	kind  viewKind
	view  *docView        // d's
	other *docView        // the other document's, whose memory the next pair's reuses
	fps   map[uint32]bool // d's fingerprints (fpSet), made when first asked for
	cred  *credit.Text    // d's credits, read when a pair first has passages
	hs    postings.HashSorter
	sc    alignScratch
}

// NewComparer returns a Comparer of document d with the options (defaults filled in).
func NewComparer(d Document, opts Options) *Comparer {
	opts.SetDefaults()
	cm, _ := released.Get().(*Comparer)
	if cm == nil {
		cm = new(Comparer)
	}
	cm.opts, cm.doc, cm.kind = opts, d, viewAlign
	if opts.NoReuse {
		cm.kind = viewSet
	}
	c := &corpus{opts: &cm.opts}
	cm.view = c.viewOf(0, d.Text, cm.kind, &cm.hs, cm.view, nil)
	return cm
}

// released keeps the Comparers released (Release), for the next ones made: their views of the
// draft and of the other document, and their scratch. A Comparer made for each of many drafts
// made a view of its first pair's other text, and the tokens of 100,000 drafts' first pairs were
// 8 of the 109 GB allocated relating a night of 100,000 news articles with an index of the
// 100,000 before; the drafts' own views and scratch were 0.8 of the 2.4 GB allocated relating
// a night of 10,000 news articles with the 10,000 before.
var released sync.Pool

// Release hands the memory of cm, its views and scratch, to the next Comparer made, for a caller
// that makes one Comparer for each of many drafts. cm must not be used after; the Pairs it
// returned hold none of that memory.
func (cm *Comparer) Release() {
	cm.doc, cm.fps, cm.cred = Document{}, nil, nil
	cm.view.text, cm.view.tbuf = "", cm.view.tbuf[:0]
	if cm.other != nil {
		cm.other.text = ""
	}
	cm.sc.creditA.Reset("")
	cm.sc.creditB.Reset("")
	released.Put(cm)
}

// NewScanComparer is NewComparer for pairs compared as Run compares a scan's pairs
// (CompareOptions.AsScan), as CompareWith makes them: their shingle hashes cut to Run's 32 bits.
func NewScanComparer(d Document, opts Options) *Comparer {
	opts.scanHashes = true
	return NewComparer(d, opts)
}

// Compare is CompareWith(d, b, opts, co), with the Comparer's document d and options.
func (cm *Comparer) Compare(b Document, co CompareOptions) (Pair, bool) {
	return cm.compare(b, true, co)
}

// CompareReversed is CompareWith(a, d, opts, co), with the Comparer's document d second.
func (cm *Comparer) CompareReversed(a Document, co CompareOptions) (Pair, bool) {
	return cm.compare(a, false, co)
}

// compare compares d with o, d first if dFirst.
func (cm *Comparer) compare(o Document, dFirst bool, co CompareOptions) (Pair, bool) {
	a, b := cm.doc, o
	if !dFirst {
		a, b = o, cm.doc
	}
	c := &corpus{opts: &cm.opts, docs: []docInfo{{id: a.ID, source: a.Source, src: 1, published: a.Published}, {id: b.ID, source: b.Source, src: 2, published: b.Published}}, checking: !co.AsScan}
	if co.StoryDocset {
		c.storyPairs = []uint64{1} // 0<<32 | 1
	}
	if co.SeriesA != "" && co.SeriesB != "" && a.Source == b.Source {
		c.series = []int32{1, 1}
		if co.SeriesA != co.SeriesB {
			c.series[1] = 2
		}
	}
	ev := &evidence{}
	if co.Boilerplate != nil {
		ev.isBoiler, ev.nBoiler = co.Boilerplate, 1
	}
	ev.recurring, ev.common, ev.stockFP = co.Recurring.bits(), co.Common.bits(), co.Stock
	if cm.opts.NoReuse {
		ev = nil
	}
	// what d's view learnt of the last pair (its boilerplate, its own words) is the pair's
	dv := cm.view
	dv.boiler, dv.boilerChecked = dv.boiler[:0], false
	dv.own, dv.ownDone = dv.own[:0], false
	ov := c.viewOf(1, o.Text, cm.kind, &cm.hs, cm.other, nil)
	cm.other = ov
	va, vb := dv, ov
	if !dFirst {
		va, vb = ov, dv
	}
	va.i, vb.i = 0, 1
	switch {
	case ev != nil && co.Shared != nil && co.Weights != nil: // the corpus's
		c.shared, c.wt = co.Shared.bits(), co.Weights.w
	case ev != nil: // the text the two share is the text others hold: the rest is each one's own
		if dFirst {
			c.shared = sharedWith(cm.fpSet(), vb.fps, len(vb.fps))
		} else {
			// the fingerprints both hold, sized for vb's as when d comes first: from d's set,
			// made once, not from a set of the other's made for every pair (1.7 of the 150 CPU
			// seconds relating a night of 100,000 news articles with an index of the 100,000
			// before)
			c.shared = sharedWith(cm.fpSet(), va.fps, len(vb.fps))
		}
		c.wt = flatWeights()
		if co.Weights != nil {
			c.wt = co.Weights.w
		}
	}
	// the views hold their tokens (they are made from the texts): nothing to load
	r, _ := c.comparePairViews(va, vb, ev, &cm.sc, nil, true, co.Sentences.mode())
	if r.rel == "" {
		return Pair{}, false
	}
	if sameTokens(va.toks, vb.toks) {
		r.rel = Exact
	}
	p := Pair{A: a.ID, B: b.ID, Relation: r.rel, Jaccard: r.jaccard, Containment: r.containment,
		CoverageA: r.covA, CoverageB: r.covB, Passages: r.passages, Context: r.context, pieces: r.pieces}
	if e := c.verdict(&r); e != notEdge {
		p.Story = e.String()
	}
	if len(p.Passages) > 0 {
		if cm.cred == nil {
			cm.cred = credit.Read(cm.doc.Text)
		}
		ca, cb := cm.cred, credit.Read(o.Text)
		if !dFirst {
			ca, cb = cb, ca
		}
		for k := range p.Passages {
			q := &p.Passages[k]
			q.ACredit, q.BCredit = ca.Of(q.AStart, q.AEnd), cb.Of(q.BStart, q.BEnd)
		}
	}
	if co.Direct {
		direct(&p, &a, &b, va.toks, vb.toks, !cm.opts.NoReuse)
	}
	return p, true
}

// fpSet returns the set of d's fingerprints, made once.
func (cm *Comparer) fpSet() map[uint32]bool {
	if cm.fps == nil {
		cm.fps = fpSetOf(cm.view.fps)
	}
	return cm.fps
}

// fpSetOf returns the fingerprints of a list as a set.
func fpSetOf(fps []shingle.Shingle) map[uint32]bool {
	in := make(map[uint32]bool, len(fps))
	for _, f := range fps {
		in[uint32(f.Hash)] = true
	}
	return in
}

// sharedWith returns the set of the fingerprints of b that in holds, sized for n fingerprints:
// the set's false positives depend on its size, so that a pair's set, made from either side, is
// sized for the side read second.
func sharedWith(in map[uint32]bool, b []shingle.Shingle, n int) *fpBits {
	set := newFPBits(n, nil)
	for _, f := range b {
		if in[uint32(f.Hash)] {
			set.set(uint32(f.Hash))
		}
	}
	return set
}

// flatWeights is flatWeigher's, made once: it is only read.
var flatWeights = sync.OnceValue(flatWeigher)

// flatWeigher weighs every word alike (and names nameWeight times more): a pair alone tells no
// document frequency. It has no rows of counters: weight gives the one weight without reading
// two counters of zero for every word (4.3 of the 220 CPU seconds relating a night of 100,000
// news articles with an index of the 100,000 before).
func flatWeigher() *weigher {
	return &weigher{n: 0, byDF: [][2]uint8{{idfWeight(0, 0, false), idfWeight(0, 0, true)}}}
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
