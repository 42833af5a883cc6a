package pipeline

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/neardup/neardup/internal/postings"
)

// The evidence stage (evidence.go) as functions of local inputs, for a runner that has no
// corpus in memory (beam/job): it groups the documents by fingerprint (ClassifyFingerprint), the
// fingerprints held by three groups of copies or more by the documents holding them (a docset:
// DocsetEvidence), and the pairs by the text they share (IsCandidate); the documents' context
// samples are finished once the fingerprints' classes and the document frequencies are known
// (FinishContext, with Weights). Run's evidence calls the same rules over its postings, so the
// two find the same candidate pairs (TestEvidenceStagesMatchRun).

// ContextSample is a document's context sample as Analyze draws it, before the corpus is
// known: its sampled words (the top 32 bits of their hashes, the low bit set for a name or
// number), each with the fingerprints covering its first and last occurrence (0 for none), and
// the thresholds of its two strata.
type ContextSample struct {
	Words, First, Last []uint32
	Tau                [2]uint32
}

// ContextSample returns the document's context sample (none with NoReuse).
func (a Analysis) ContextSample() ContextSample {
	s := ContextSample{Tau: a.tau, Words: make([]uint32, len(a.sketch)), First: make([]uint32, len(a.sketch)),
		Last: make([]uint32, len(a.sketch))}
	for i, e := range a.sketch {
		s.Words[i], s.First[i], s.Last[i] = e.word, e.fp1, e.fp2
	}
	return s
}

// Winnowed returns how many fingerprints winnowing chose in the text, repeats included: what
// EvidenceDoc.Fingerprints takes (Fingerprints holds each once).
func (a Analysis) Winnowed() int { return int(a.winnowed) }

// DFSlots returns the document's counters in the document-frequency sketch (row<<16 | slot, one
// each, sorted), or nil for a document whose words are not counted (one in dfSample is) or an
// analysis made with NoReuse. A runner adds them up over the corpus (DFCounts.Add) for NewWeights.
func (a Analysis) DFSlots() []uint32 { return a.dfSlots }

// DFCounts are the document-frequency sketch's counts: how many counted documents hold a word
// of each counter of each row.
type DFCounts struct {
	Rows [2][]uint32
}

// Add counts one document's counters (Analysis.DFSlots).
func (c *DFCounts) Add(slots []uint32) {
	if len(slots) == 0 {
		return
	}
	for r := range c.Rows {
		if c.Rows[r] == nil {
			c.Rows[r] = make([]uint32, 1<<dfBits)
		}
	}
	for _, s := range slots {
		c.Rows[s>>dfBits&1][s&(1<<dfBits-1)]++
	}
}

// Merge adds o's counts to c's.
func (c *DFCounts) Merge(o DFCounts) {
	for r := range c.Rows {
		if o.Rows[r] == nil {
			continue
		}
		if c.Rows[r] == nil {
			c.Rows[r] = make([]uint32, 1<<dfBits)
		}
		for i, n := range o.Rows[r] {
			c.Rows[r][i] += n
		}
	}
}

// Weights weigh words by their inverse document frequency in a corpus.
type Weights struct{ w *weigher }

// Weights returns the word weights of the run's corpus, as Run weighs the context of a pair
// (CompareOptions.Weights), or nil when it weighed none (NoReuse, or a result made otherwise).
func (r *Result) Weights() *Weights {
	if r.wt == nil {
		return nil
	}
	return &Weights{r.wt}
}

// NewWeights returns the weights of a corpus of docs documents (every document read, exact
// duplicates too) whose counted documents' counters add up to counts.
func NewWeights(docs int, counts DFCounts) *Weights { return &Weights{newWeigher(docs, counts)} }

// Context is a document's finished context sample: its own words (those not under text that
// other groups of copies hold), weighted, names and numbers first (see context.go).
type Context struct {
	Names, Others []uint32 // word&^0xff | weight, each sorted
	Tau           [2]uint32
}

// FinishContext finishes a context sample, shared saying which fingerprints two or more groups of
// copies hold (FingerprintClass.Shared).
func FinishContext(s ContextSample, shared func(fp uint32) bool, w *Weights) Context {
	entries := make([]sketchEntry, len(s.Words))
	for i := range entries {
		entries[i] = sketchEntry{word: s.Words[i], fp1: s.First[i], fp2: s.Last[i]}
	}
	final, names := finishSample(nil, entries, shared, w.w)
	return Context{Names: final[:names:names], Others: final[names:], Tau: s.Tau}
}

// ContextSimilarity returns the context similarity of two documents (0..1), from their finished
// samples.
func ContextSimilarity(a, b Context) float64 {
	return sampleSimilarity(wordSample{names: a.Names, others: a.Others, tau: a.Tau},
		wordSample{names: b.Names, others: b.Others, tau: b.Tau})
}

// HasContext reports whether a finished context holds enough of the document's own words to
// weigh (the documents the background similarity is drawn from).
func (c Context) HasContext() bool { return len(c.Names)+len(c.Others) >= minContextWords }

// BackgroundPairs returns the pairs of documents Run compares for the corpus's background
// similarity: positions among the n documents with a context (HasContext; exact duplicates too,
// each with its first's context), in input order. Background takes their similarities.
func BackgroundPairs(n int) [][2]int { return backgroundPairs(n) }

// StockTogether returns the context similarity at which the stock-phrase test (DocsetStock)
// counts two documents alike, from the similarities of the pairs of BackgroundPairs (in any
// order): twice the corpus's background similarity, at least stockContext.
func StockTogether(sims []float64) float64 { return togetherAt(lowerQuartile(slices.Clone(sims))) }

// DocsetStock decides the stock-phrase test of a short docset (fewer fingerprints than
// StockFingerprints) as Run does when a passage first asks: docs are its documents in input
// order, boiler the sources whose boilerplate its fingerprints are (DocsetEvidence), together
// StockTogether's. A passage whose shared fingerprints are mostly of stock docsets is no
// evidence (CompareOptions.Stock).
func DocsetStock(opts Options, docs []EvidenceDoc, boiler []string, together float64) bool {
	opts.SetDefaults()
	if all, _ := newDocsetDocs(docs); all.series != nil {
		idx := make([]int32, len(docs))
		for i := range idx {
			idx[i] = int32(i)
		}
		if oneSeries(all.series, idx) != 0 {
			return false // a series' fixed text (lazyStock)
		}
	}
	var kept []EvidenceDoc
	for _, d := range docs {
		if !slices.Contains(boiler, d.Source) || d.Source == "" {
			kept = append(kept, d)
		}
	}
	kept = kept[:min(len(kept), stockSample)]
	dd, _ := newDocsetDocs(kept)
	return stockDocs(&opts, dd.root, func(x, y int) float64 { return ContextSimilarity(kept[x].Context, kept[y].Context) }, together)
}

// StockFingerprints returns how many fingerprints a docset has at least not to be short: a
// short one may be a stock phrase (DocsetStock).
func StockFingerprints(opts Options) int {
	opts.SetDefaults()
	_, minStock := evidenceMins(&opts)
	return minStock
}

// OwnWords returns a document's own words as Run's hub rule weighs them: its context words not
// under fingerprints that two groups of copies or more hold (shared), each once, weighted by the
// corpus's weights, sorted. BalancedContext compares two documents' own words.
func OwnWords(text string, opts Options, shared *FingerprintSet, w *Weights) []uint32 {
	opts.SetDefaults()
	c := &corpus{opts: &opts, shared: shared.bits(), wt: w.w}
	var hs postings.HashSorter
	v := c.viewOf(0, text, viewAlign, &hs, nil, nil)
	v.wholeTokens()
	return slices.Clone(c.ownWords(v))
}

// BalancedContext is the weight of the own words (OwnWords) two documents both hold over the
// larger side's: the context similarity with which Run's hub rule joins a hub's neighbours
// (Stories' context).
func BalancedContext(a, b []uint32) float64 {
	ov, ok := ownOverlap(a, b)
	if !ok {
		return 0
	}
	return float64(ov.inter) / float64(max(ov.sa, ov.sb))
}

// Pieces returns a pair's verbatim passages as aligned when rewritten or joined passages took
// some in (nil otherwise): Stories groups a cluster's shared passages with them, and the
// direction reads them. A runner that carries pairs as JSON, which leaves them out, carries them
// beside (SetPieces).
func (p *Pair) Pieces() []Passage { return p.pieces }

// SetPieces sets the pair's pieces (Pieces).
func (p *Pair) SetPieces(pieces []Passage) { p.pieces = pieces }

// FingerprintClass is what the groups of copies holding a fingerprint make of it.
type FingerprintClass struct {
	Shared    bool // two groups or more: text that others hold too (FinishContext)
	Recurring bool // three or more: its docset decides (DocsetEvidence)
	Common    bool // StockDocs or more
	// Pairs: each pair of its documents shares one fingerprint of its own text (class TextOwn)
	Pairs bool
}

// ClassifyFingerprint classifies a fingerprint from the groups of copies of the documents that
// hold it (groups[i] is document i's; any numbers, equal within a group).
func ClassifyFingerprint(opts Options, groups []int64) FingerprintClass {
	opts.SetDefaults()
	if len(groups) < 2 {
		return FingerprintClass{}
	}
	return classify(&opts, len(slices.Compact(slices.Sorted(slices.Values(groups)))), len(groups))
}

// classify classifies a fingerprint held by docs documents (two or more) in groups groups of
// copies: the rule of Run's evidence and of ClassifyFingerprint.
func classify(opts *Options, groups, docs int) FingerprintClass {
	return FingerprintClass{Shared: groups >= 2, Recurring: groups >= 3, Common: groups >= opts.StockDocs,
		Pairs: groups < 3 && docs <= opts.MaxPostings}
}

// FingerprintSet is a set of fingerprints as Run keeps those of a class (Shared, Recurring,
// Common): by their low bits, so that a fingerprint not in the set is found in it one time in
// sixteen to thirty-two, never the other way. A runner that must give Run's results builds it
// from every fingerprint of the class (NewFingerprintSet) and hands it to every worker; it takes
// 2 to 4 bytes a fingerprint.
type FingerprintSet struct {
	Bits []uint64
	Mask uint32
}

// NewFingerprintSet returns the set of fps (each once), as Run makes it.
func NewFingerprintSet(fps []uint32) FingerprintSet {
	b := newFPBits(len(fps), nil)
	for _, fp := range fps {
		b.set(fp)
	}
	return FingerprintSet{Bits: b.bits, Mask: b.mask}
}

// bits is the set as Run keeps it (nil for a nil set).
func (s *FingerprintSet) bits() *fpBits {
	if s == nil {
		return nil
	}
	return &fpBits{bits: s.Bits, mask: s.Mask}
}

// Has reports whether fp is in the set (or shares its low bits with one that is).
func (s FingerprintSet) Has(fp uint32) bool {
	i := fp & s.Mask
	return s.Bits[i/64]&(1<<(i%64)) != 0
}

// The classes of shared text a pair's sums tell apart (IsCandidate).
const (
	TextOwn       = textOwn
	TextRecurring = textRecurring
	TextFragment  = textFragment
	TextStory     = textStory
	// TextClasses is the number of classes: the length of a pair's sums (IsCandidate)
	TextClasses = postings.Classes
)

// EvidenceDoc is what the evidence stage reads of a document.
type EvidenceDoc struct {
	Source       string    // "" for none
	Group        int64     // its group of exact and near-duplicate copies: equal within a group
	Published    time.Time // zero when unknown
	Fingerprints int       // Analysis.Winnowed
	Context      Context   // its finished context sample
	Series       string    // its series (SourceSeries) among its source's documents, "" for none
}

// SharedText is a docset's contribution to a pair of its documents: Weight fingerprints of a
// class of text (TextOwn, TextRecurring, TextFragment). A and B index the docset's documents,
// A < B.
type SharedText struct {
	A, B          int32
	Weight, Class int
}

// DocsetEvidence decides a docset: the fingerprints fps (sorted) held by exactly the documents
// docs (in input order) and by no others, three groups of copies or more. It returns the
// sources whose boilerplate the fingerprints are (sorted), and the text the pairs of the other
// documents share through them. A pair's sums over every docset and every fingerprint of
// ClassifyFingerprint's Pairs (weight 1, TextOwn) go to IsCandidate; each contribution's weight
// is capped at MaxPairWeight, as Run's counters cap it.
func DocsetEvidence(opts Options, fps []uint32, docs []EvidenceDoc) (boiler []string, shared []SharedText) {
	opts.SetDefaults()
	dd, sources := newDocsetDocs(docs)
	cg := &contextGrouper{dd: dd}
	st := &evidence{}
	all := make([]int32, len(docs))
	for i := range all {
		all[i] = int32(i)
	}
	eligible := dropBoilerplate(&opts, st, cg, fps, all, nil)
	for _, m := range st.marks {
		boiler = append(boiler, sources[int32(uint32(m))])
	}
	slices.Sort(boiler)
	boiler = slices.Compact(boiler)
	if len(eligible) < 2 || len(eligible) > opts.MaxPostings {
		return boiler, nil
	}
	pc := postings.NewPairCounter(len(docs))
	pc.Pool = new(postings.Pool)
	docsetPairs(&opts, pc, cg, eligible, len(fps))
	postings.CountShared([]*postings.PairCounter{pc}, 1, func(a, b int32, sums [postings.Classes]int) bool {
		for class, w := range sums {
			if w > 0 {
				shared = append(shared, SharedText{A: a, B: b, Weight: w, Class: class})
			}
		}
		return false
	})
	slices.SortFunc(shared, func(x, y SharedText) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B), cmp.Compare(x.Class, y.Class))
	})
	return boiler, shared
}

// IsCandidate reports whether two documents (a came first in the input), sharing text of each
// class as sums says (summed over DocsetEvidence and ClassifyFingerprint), are a candidate pair
// to align.
func IsCandidate(opts Options, a, b EvidenceDoc, sums [TextClasses]int) bool {
	opts.SetDefaults()
	dd, _ := newDocsetDocs([]EvidenceDoc{a, b})
	minShared, minStock := evidenceMins(&opts)
	return isCandidate(dd, 0, 1, sums, minShared, minStock)
}

// newDocsetDocs numbers docs (in input order) 0.. for the evidence's rules, their sources 1..
// (0 for none; sources[n] is source n's name) and their groups.
func newDocsetDocs(docs []EvidenceDoc) (dd *docsetDocs, sources []string) {
	n := len(docs)
	dd = &docsetDocs{src: make([]int32, n), root: make([]int32, n), day: make([]int32, n), fps: make([]int32, n),
		published: make([]time.Time, n)}
	srcNum := map[string]int32{}
	groupNum := map[int64]int32{}
	seriesNum := map[[2]string]int32{}
	sources = []string{""}
	for i, d := range docs {
		if d.Source != "" && d.Series != "" {
			if dd.series == nil {
				dd.series = make([]int32, n)
			}
			k := [2]string{d.Source, d.Series}
			s, ok := seriesNum[k]
			if !ok {
				s = int32(len(seriesNum) + 1)
				seriesNum[k] = s
			}
			dd.series[i] = s
		}
		if d.Source != "" {
			s, ok := srcNum[d.Source]
			if !ok {
				s = int32(len(sources))
				sources = append(sources, d.Source)
				srcNum[d.Source] = s
			}
			dd.src[i] = s
		}
		g, ok := groupNum[d.Group]
		if !ok {
			g = int32(len(groupNum))
			groupNum[d.Group] = g
		}
		dd.root[i] = g
		dd.day[i] = dayOf(d.Published)
		dd.fps[i] = int32(d.Fingerprints)
		dd.published[i] = d.Published
	}
	dd.sim = func(a, b int32) float64 { return ContextSimilarity(docs[a].Context, docs[b].Context) }
	return dd, sources
}

// Recurring passages on a runner: Run reports the text of a docset whose documents are not one
// story as a shared passage of its own, with every occurrence (recurring.go). A runner decides
// which docsets to report (DocsetReported, with DocsetEvidence's boilerplate and DocsetStock's
// answer), finds them in their documents (LocateDocsets), and adds them to the result Stories
// made (Result.AddRecurring), which leaves out those of one cluster and numbers the passages as
// Run does.

// DocsetReported returns the documents of docset fps (DocsetEvidence's; sources[i] is document
// i's source) that its text is reported for, as indices of sources, or nil when it is not
// reported: its fingerprints are boilerplate of sources boiler (DocsetEvidence's, whose
// documents are left out), or a fragment, or a stock phrase (stock is DocsetStock's answer,
// read only of a docset of fewer than StockFingerprints fingerprints).
func DocsetReported(opts Options, fps []uint32, sources []string, boiler []string, stock bool) []int {
	opts.SetDefaults()
	_, minStock := evidenceMins(&opts)
	docs := make([]int, 0, len(sources))
	for i, src := range sources {
		if !slices.Contains(boiler, src) {
			docs = append(docs, i)
		}
	}
	if !reportDocset(len(fps), len(docs), minStock, func() bool { return stock }) {
		return nil
	}
	return docs
}

// Located is where a docset's text lies in a document: bytes Start to End of its text, Words
// words from its token number Token on.
type Located struct {
	Docset     int // LocateDocsets: the docset's index in its argument
	Start, End int
	Words      int
	Token      int
}

// LocateDocsets finds the text of docsets (each its fingerprints) in a document's text, as Run's
// recurring-passage stage finds it: shared are the corpus's fingerprints held by two groups of
// copies or more (NewFingerprintSet of them). A docset may lie in two places or more, or in
// none; its runs are found however short (Result.AddRecurring joins those that overlap, and
// leaves out occurrences shorter than MinPassage words).
func LocateDocsets(text string, opts Options, docsets [][]uint32, shared *FingerprintSet) []Located {
	opts.SetDefaults()
	c := &corpus{opts: &opts, shared: shared.bits()}
	var hs postings.HashSorter
	v := c.viewOf(0, text, viewFingerprints, &hs, nil, nil)
	var which fpTable
	n := 0
	for _, fps := range docsets {
		n += len(fps)
	}
	which.reset(n)
	for i, fps := range docsets {
		for _, fp := range fps {
			which.put(fp, i)
		}
	}
	found, _ := c.locateIn(v, &which, len(docsets), nil) // v is not lazy: no error
	out := make([]Located, len(found))
	for k, o := range found {
		out[k] = Located{Docset: int(o.docset), Start: int(o.start), End: int(o.end), Words: int(o.words), Token: int(o.token)}
	}
	return out
}

// RecurringDocset is a docset a runner reports (DocsetReported) and where it found it
// (LocateDocsets).
type RecurringDocset struct {
	Docs  []int // the documents it is reported for, as numbers of Stories' members
	Found []DocsetLocation
	// Fragment is set for a docset of one fingerprint: reported whatever the clusters of its
	// documents, for the passage it is part of (AddRecurring) may not be one cluster's
	Fragment bool
	// Stock is set for a stock phrase (DocsetStock): not reported (AddRecurring passes over it,
	// and it needs no Found), but its documents are what the bridge rule of StoriesJoined asks
	// of any docset, as Run's does; Docs are DocsetReported's with stock false
	Stock bool
}

// DocsetLocation is where a docset lies in document Doc (a member's number): Located's Docset is
// not read. A document's locations are in the order LocateDocsets gave them.
type DocsetLocation struct {
	Doc int
	Located
}

// AddRecurring adds to res, which Stories or StoriesJoined made of members, the passages of
// docsets whose documents are not all in one cluster (whose pairs report them) and that lie in
// two documents or more (overlapping ones chained: chainDocsets), and numbers res's passages in
// order of their first occurrence: Run's passages, given the docsets Run reports and the options
// it ran with. A passage by which StoriesJoined joined a document to a story, whose documents
// are all that story's, is among the story's passages (placeJoined).
func (res *Result) AddRecurring(opts Options, members []Member, docsets []RecurringDocset) error {
	opts.SetDefaults()
	num := make(map[string]int32, len(members))
	for i, m := range members {
		num[m.ID] = int32(i)
	}
	clusterOf := make([]int32, len(members))
	for k := range res.Clusters {
		for _, m := range res.Clusters[k].Members {
			d, ok := num[m.ID]
			if !ok {
				return fmt.Errorf("recurring passages: cluster %d's %s is no member", res.Clusters[k].Number, m.ID)
			}
			clusterOf[d] = int32(res.Clusters[k].Number)
		}
	}
	joined := res.joinedDocs(len(members))
	byDoc := map[int32][]located{}
	docsOf := make([][]int32, len(docsets))
	for j, ds := range docsets {
		docs := make([]int32, len(ds.Docs))
		for k, d := range ds.Docs {
			if d < 0 || d >= len(members) {
				return fmt.Errorf("recurring passages: document %d of %d members", d, len(members))
			}
			docs[k] = int32(d)
		}
		if ds.Stock || !beyondClusters(ds.Fragment, docs, clusterOf, joined) {
			continue
		}
		docsOf[j] = docs
		for _, f := range ds.Found {
			if f.Doc < 0 || f.Doc >= len(members) {
				return fmt.Errorf("recurring passages: document %d of %d members", f.Doc, len(members))
			}
			if f.Start < 0 || f.End < f.Start || f.End > maxDocBytes || f.Words < 0 || f.Token < 0 || max(f.Words, f.Token) > math.MaxInt32 {
				return fmt.Errorf("recurring passages: docset %d found at bytes %d-%d, token %d, %d words of document %d: out of range",
					j, f.Start, f.End, f.Token, f.Words, f.Doc)
			}
			byDoc[int32(f.Doc)] = append(byDoc[int32(f.Doc)], located{docset: int32(j), start: uint32(f.Start), end: uint32(f.End),
				words: int32(f.Words), token: int32(f.Token)})
		}
	}
	docs := slices.Sorted(maps.Keys(byDoc))
	found := make([][]located, len(docs))
	for k, d := range docs {
		found[k] = byDoc[d]
	}
	n := chainDocsets(docs, found, len(docsets), func(i int32) []int32 { return docsOf[i] }, clusterOf, joined, opts.MinPassage)
	more := assembleDocsets(docs, found, n, func(d int32) string { return members[d].ID })
	res.Passages = append(res.Passages, res.placeJoined(more, clusterOf, joined)...)
	numberPassages(res.Passages)
	return nil
}

// Recurring reports whether the passage's text recurs in other documents: a pair of documents in
// no story leaves it to its docset (Result.AddRecurring). A runner that carries pairs as JSON,
// which leaves it out, carries it beside (SetRecurring).
func (p *Passage) Recurring() bool { return p.recurring }

// SetRecurring sets Recurring.
func (p *Passage) SetRecurring(r bool) { p.recurring = r }
