package job

import (
	"cmp"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/neardup/neardup/pipeline"
)

// The default mode's evidence on the runner: which shared text is evidence that two documents
// are related, decided by the rules of neardup scan's evidence stage (pipeline's
// ClassifyFingerprint, DocsetEvidence, IsCandidate, FinishContext) composed with GroupByKey:
//
//	the groups' first documents, each with its group of copies (the components of the
//	near-duplicate edges, found between the two pipelines)
//	  ─▶ GroupByKey on each passage fingerprint ─▶ ClassifyFingerprint: shared (the set the
//	     context samples are finished with, a side input), direct pairs (one fingerprint of own
//	     text each), or a docset (the fingerprints held by exactly the same documents, three
//	     groups or more)
//	  ─▶ each document's context finished (FinishContext; the document frequencies of every
//	     document read, a side input)
//	  ─▶ the corpus's background similarity (background: pairs drawn from the documents with
//	     a context, as scan draws them), a side input
//	  ─▶ GroupByKey on each docset, its documents joined to it ─▶ DocsetEvidence (boilerplate,
//	     the pairs' shared text) and, for a short one, DocsetStock (stock fingerprints)
//	  ─▶ each pair's shared text summed (CombinePerKey), its two documents joined ─▶ IsCandidate
//
// The sentence keys' candidates (sentenceKeyPairsFn, rewritePairs) and how each pair is
// compared (modeOf) follow, in build.go. A fingerprint's, a docset's or a sentence key's
// documents are collected on one worker, which is linear in their number: a fingerprint in more
// than MaxPostings documents and a sentence key in more than MaxSentenceKeyDocs make no pairs
// (as in neardup scan), and a docset's pairs are bounded by DocsetEvidence's rules (stars
// within context groups beyond 64 documents).

func init() {
	for _, t := range []reflect.Type{reflect.TypeOf((*Corpus)(nil)).Elem(), reflect.TypeOf((*Sets)(nil)).Elem(),
		reflect.TypeOf((*fpClass)(nil)).Elem(), reflect.TypeOf((*fpDoc)(nil)).Elem(),
		reflect.TypeOf((*evDoc)(nil)).Elem(), reflect.TypeOf((*docsetPart)(nil)).Elem(),
		reflect.TypeOf((*docAt)(nil)).Elem(), reflect.TypeOf((*sums)(nil)).Elem(), reflect.TypeOf((*pairHalf)(nil)).Elem(),
		reflect.TypeOf((*sentDoc)(nil)).Elem(), reflect.TypeOf((*sentShare)(nil)).Elem(), reflect.TypeOf((*boilerMark)(nil)).Elem(),
		reflect.TypeOf((*ctxEntry)(nil)).Elem(), reflect.TypeOf((*bgRequest)(nil)).Elem(), reflect.TypeOf((*bgPart)(nil)).Elem(), reflect.TypeOf((*cand)(nil)).Elem(), reflect.TypeOf((*firstDoc)(nil)).Elem(),
		reflect.TypeOf((*docsetFPs)(nil)).Elem()} {
		beam.RegisterType(t)
	}
	register.Combiner3[Corpus, []uint32, Corpus](&corpusFn{})
	register.Combiner1[sums](&sumFn{})
	register.Combiner2[Sets, fpClass](&setsFn{})
	register.Function2x1(parseLabel)
	register.Function5x0(withGroup)
	register.Function1x1(corpusOf)
	register.Function2x1(decodeDoc)
	register.Function2x1(decodeCorpus)
	register.Function1x2(encodeDoc)
	register.Function1x2(encodeCorpus)
	register.Function2x1(formatPair)
	register.DoFn4x0[int64, func(*Doc) bool, func(*Doc) bool, func(string)](&verifyFn{})
	register.DoFn3x0[Doc, func(*Twice) bool, func(uint32, fpDoc)](&fingerprintDocsFn{})
	register.Function1x1(slimDoc)
	register.DoFn5x0[uint32, func(*fpDoc) bool, func(fpClass), func(string, sums), func(string, docsetPart)](&classifyFn{})
	register.DoFn4x1[Doc, func(*Sets) bool, func(*Corpus) bool, func(int64, evDoc), error](&contextFn{})
	register.DoFn3x0[string, func(*docsetPart) bool, func(int64, string)](&docsetFn{})
	register.Function4x0(docsetDocs)
	register.DoFn9x1[string, func(*docsetPart) bool, func(*docAt) bool, func(*float64) bool, func(string, sums), func(int64, boilerMark), func(uint32),
		func(string), func(int64, docsetFPs), error](&docsetEvidenceFn{})
	register.DoFn6x1[int64, func(*Doc) bool, func(*docsetFPs) bool, func(*Sets) bool, func(string), func(string), error](&locateFn{})
	register.Emitter2[int64, docsetFPs]()
	register.Iter1[docsetFPs]()
	register.Function4x0(withBoiler)
	register.Emitter2[int64, boilerMark]()
	register.Iter1[boilerMark]()
	register.Function3x0(pairByFirst)
	register.Function4x0(firstHalf)
	register.DoFn5x0[int64, func(*evDoc) bool, func(*pairHalf) bool, func(int64, int64), func(int64, int64)](&candidateFn{})
	register.Emitter2[uint32, fpDoc]()
	register.Emitter1[fpClass]()
	register.Emitter2[string, sums]()
	register.Emitter2[string, docsetPart]()
	register.Emitter2[int64, evDoc]()
	register.Emitter2[int64, string]()
	register.Emitter2[string, docAt]()
	register.Emitter2[int64, pairHalf]()
	register.Emitter1[Corpus]()
	register.Function4x0(withContext)
	register.DoFn4x1[Doc, func(*Sets) bool, func(*Corpus) bool, func(string), error](&ownWordsFn{})
	register.Combiner2[[]ctxEntry, ctxEntry](&ctxListFn{})
	register.Function2x0(drawPairs)
	register.Function4x0(fetchContexts)
	register.Function3x0(pairSimilarity)
	register.Combiner3[[]float64, float64, float64](&togetherFn{})
	register.Combiner2[[]uint32, uint32](&fpListFn{})
	register.Emitter1[ctxEntry]()
	register.Emitter2[int64, bgRequest]()
	register.Emitter2[int, bgPart]()
	register.Emitter1[float64]()
	register.Iter1[bgRequest]()
	register.Iter1[bgPart]()
	register.Iter1[float64]()
	register.Iter1[[]ctxEntry]()
	register.Iter1[[]uint32]()
	register.DoFn3x0[Doc, func(*Twice) bool, func(uint32, sentDoc)](&sentenceKeysFn{})
	register.DoFn3x0[uint32, func(*sentDoc) bool, func(int64, sentShare)](&sentenceKeyPairsFn{})
	register.Function3x0(rewritePairs)
	register.Emitter2[int64, sentShare]()
	register.Iter1[sentShare]()
	register.Function1x2(markPair)
	register.Function2x2(pairKeyOf)
	register.Function2x2(storyKeyOf)
	register.Function3x0(verbatimOnly)
	register.Function4x0(modeOf)
	register.Function4x0(joinFirstMode)
	register.DoFn8x1[int64, func(*Doc) bool, func(*firstDoc) bool, func(*Sets) bool, func(*Corpus) bool, func(*[]uint32) bool, func(string), func(string), error](&compareModeFn{})
	register.Emitter2[uint32, sentDoc]()
	register.Emitter2[string, int]()
	register.Emitter2[int64, cand]()
	register.Emitter2[int64, firstDoc]()
	register.Iter1[sentDoc]()
	register.Iter1[int]()
	register.Iter1[cand]()
	register.Iter1[firstDoc]()
	register.Iter1[fpDoc]()
	register.Iter1[Sets]()
	register.Iter1[Corpus]()
	register.Iter1[docsetPart]()
	register.Iter1[docAt]()
	register.Iter1[evDoc]()
	register.Iter1[pairHalf]()
	register.Iter1[string]()
}

// Corpus is what the evidence needs of every document read (exact duplicates too): how many
// there are and their document frequencies (pipeline.DFCounts).
type Corpus struct {
	Docs       int
	Row0, Row1 []uint32
}

func (c Corpus) counts() pipeline.DFCounts {
	return pipeline.DFCounts{Rows: [2][]uint32{c.Row0, c.Row1}}
}

// corpusFn adds up the documents' Corpus from each document's DFSlots (corpusOf): the slots,
// not a Corpus a document (its two rows of counters, 12.8 KB, were the largest element of the
// job's first pipeline).
type corpusFn struct{}

func (corpusFn) CreateAccumulator() Corpus { return Corpus{} }

func (corpusFn) AddInput(a Corpus, slots []uint32) Corpus {
	dc := a.counts()
	dc.Add(slots)
	return Corpus{Docs: a.Docs + 1, Row0: dc.Rows[0], Row1: dc.Rows[1]}
}

func (corpusFn) MergeAccumulators(a, b Corpus) Corpus {
	dc := a.counts()
	dc.Merge(b.counts())
	return Corpus{Docs: a.Docs + b.Docs, Row0: dc.Rows[0], Row1: dc.Rows[1]}
}

func (corpusFn) ExtractOutput(a Corpus) Corpus { return a }

// corpusOf is a document's share of the Corpus: its counters' slots.
func corpusOf(d Doc) []uint32 { return d.DFSlots }

// fpClass is a fingerprint that two groups of copies or more hold, and its classes.
type fpClass struct {
	FP                uint32
	Recurring, Common bool
}

// Sets are the corpus's fingerprints held by two groups of copies or more (Shared), three or
// more (Recurring) and StockDocs or more (Common), each sorted: side inputs for finishing the
// context samples and for aligning (pipeline.CompareOptions), 4 bytes a fingerprint.
type Sets struct {
	Shared, Recurring, Common []uint32
}

// setsFn collects the fingerprints of each class into Sets.
type setsFn struct{}

func (setsFn) CreateAccumulator() Sets { return Sets{} }

func (setsFn) AddInput(a Sets, c fpClass) Sets {
	a.Shared = append(a.Shared, c.FP)
	if c.Recurring {
		a.Recurring = append(a.Recurring, c.FP)
	}
	if c.Common {
		a.Common = append(a.Common, c.FP)
	}
	return a
}

func (setsFn) MergeAccumulators(a, b Sets) Sets {
	return Sets{append(a.Shared, b.Shared...), append(a.Recurring, b.Recurring...), append(a.Common, b.Common...)}
}

func (setsFn) ExtractOutput(a Sets) Sets {
	return Sets{sortedFPs(a.Shared), sortedFPs(a.Recurring), sortedFPs(a.Common)}
}

// sortedFPs sorts fingerprints and drops repeats, in place.
func sortedFPs(a []uint32) []uint32 {
	slices.Sort(a)
	return slices.Compact(a)
}

// fingerprintSets are Sets as pipeline reads them, made once per worker.
type fingerprintSets struct{ shared, recurring, common pipeline.FingerprintSet }

func (s Sets) sets() *fingerprintSets {
	return &fingerprintSets{pipeline.NewFingerprintSet(s.Shared), pipeline.NewFingerprintSet(s.Recurring),
		pipeline.NewFingerprintSet(s.Common)}
}

// sums is the text a pair of documents shares, by class (pipeline.TextOwn, ...).
type sums struct{ Own, Recurring, Fragment, Story int }

type sumFn struct{}

func (sumFn) MergeAccumulators(a, b sums) sums {
	return sums{a.Own + b.Own, a.Recurring + b.Recurring, a.Fragment + b.Fragment, a.Story + b.Story}
}

func (s sums) array() [pipeline.TextClasses]int {
	var a [pipeline.TextClasses]int
	a[pipeline.TextOwn], a[pipeline.TextRecurring], a[pipeline.TextFragment], a[pipeline.TextStory] = s.Own, s.Recurring, s.Fragment, s.Story
	return a
}

func sumsOf(class, w int) sums {
	var a [pipeline.TextClasses]int
	a[class] = w
	return sums{a[pipeline.TextOwn], a[pipeline.TextRecurring], a[pipeline.TextFragment], a[pipeline.TextStory]}
}

// pairKey is the key of a pair of documents (a < b) in the shuffles.
func pairKey(a, b int64) string { return strconv.FormatInt(a, 10) + " " + strconv.FormatInt(b, 10) }

func parsePairKey(k string) (int64, int64, error) {
	x, y, ok := strings.Cut(k, " ")
	a, err1 := strconv.ParseInt(x, 10, 64)
	b, err2 := strconv.ParseInt(y, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("bad pair key %q", k)
	}
	return a, b, nil
}

// parseLabel reads a line of the labels file: a document and its group of copies.
func parseLabel(line string, emit func(int64, int64)) error {
	a, b, err := parsePairKey(line)
	if err != nil {
		return err
	}
	emit(a, b)
	return nil
}

// withGroup gives a group's first document its group of copies (the smallest document of its
// near-duplicate component; itself when it has no near-duplicate) and its series (series.go).
func withGroup(seq int64, docs func(*Doc) bool, labels func(*int64) bool, series func(*string) bool, emit func(Doc)) {
	var d Doc
	if !docs(&d) {
		return
	}
	d.Group = d.Seq
	var l int64
	for labels(&l) {
		d.Group = l
	}
	series(&d.Series) // one at most
	emit(d)
}

// fpDoc is a document holding a fingerprint, with its group of copies.
type fpDoc struct{ Seq, Group int64 }

// fingerprintDocsFn keys each document by each of its fingerprints.
// Only the fingerprints another document may hold too go (Twice, a side input: twice.go).
type fingerprintDocsFn struct{ twice *Twice }

func (f *fingerprintDocsFn) ProcessElement(d Doc, twice func(*Twice) bool, emit func(uint32, fpDoc)) {
	readTwice(&f.twice, twice)
	for _, fp := range d.Fingerprints {
		if f.twice.Has(fp) {
			emit(fp, fpDoc{d.Seq, d.Group})
		}
	}
}

// slimDoc leaves out of a document what comparing and locating do not read: its keys,
// fingerprints and context sample (most of a document's bytes but its text's).
func slimDoc(d Doc) Doc {
	d.BandKeys, d.Exact, d.DFSlots, d.Fingerprints, d.SentenceKeys, d.SentenceCopies = nil, "", nil, nil, nil, nil
	d.CtxWords, d.CtxFirst, d.CtxLast, d.CtxTau = nil, nil, nil, nil
	return d
}

// classifyFn classifies a fingerprint (pipeline.ClassifyFingerprint): a shared one goes to
// shared; one of two groups or fewer makes its pairs' own text at once; one of three or more
// goes to its docset, keyed by its documents.
type classifyFn struct {
	Config string
	opts   pipeline.Options
}

func (f *classifyFn) Setup() (err error) {
	f.opts, err = optionsOf(f.Config)
	return err
}

func (f *classifyFn) ProcessElement(fp uint32, docs func(*fpDoc) bool, classes func(fpClass), pairs func(string, sums),
	docsets func(string, docsetPart)) {
	var all []fpDoc
	var d fpDoc
	for docs(&d) {
		all = append(all, d)
	}
	slices.SortFunc(all, func(x, y fpDoc) int { return cmp.Compare(x.Seq, y.Seq) })
	all = slices.CompactFunc(all, func(x, y fpDoc) bool { return x.Seq == y.Seq })
	groups := make([]int64, len(all))
	for i, d := range all {
		groups[i] = d.Group
	}
	fc := pipeline.ClassifyFingerprint(f.opts, groups)
	if fc.Shared {
		classes(fpClass{FP: fp, Recurring: fc.Recurring, Common: fc.Common})
	}
	switch {
	case fc.Recurring:
		seqs := make([]int64, len(all))
		var key strings.Builder
		for i, d := range all {
			seqs[i] = d.Seq
			if i > 0 {
				key.WriteByte(',')
			}
			key.WriteString(strconv.FormatInt(d.Seq, 36))
		}
		docsets(key.String(), docsetPart{FP: fp, Seqs: seqs})
	case fc.Pairs:
		for x, a := range all {
			for _, b := range all[x+1:] {
				pairs(pairKey(a.Seq, b.Seq), sums{Own: 1})
			}
		}
	}
}

// evDoc is pipeline.EvidenceDoc as the pipeline carries it.
type evDoc struct {
	Seq, Group         int64
	Source, Published  string // Published: time.Time.MarshalText, "" when unknown
	Fingerprints       int
	Names, Others, Tau []uint32
	Series             string
}

func (e *evDoc) evidenceDoc() pipeline.EvidenceDoc {
	d := pipeline.EvidenceDoc{Source: e.Source, Group: e.Group, Fingerprints: e.Fingerprints,
		Context: pipeline.Context{Names: e.Names, Others: e.Others}, Series: e.Series}
	copy(d.Context.Tau[:], e.Tau)
	if e.Published != "" {
		_ = d.Published.UnmarshalText([]byte(e.Published)) // written by MarshalText
	}
	return d
}

// contextFn finishes a document's context sample (pipeline.FinishContext) with the shared
// fingerprints and the corpus's document frequencies, side inputs of one element each.
type contextFn struct {
	sets *fingerprintSets
	wt   *pipeline.Weights
}

// sideInputs reads the sets and the corpus's weights, once per worker.
func sideInputs(sets func(*Sets) bool, corpus func(*Corpus) bool) (*fingerprintSets, *pipeline.Weights, error) {
	var s Sets
	sets(&s)
	var c Corpus
	if !corpus(&c) {
		return nil, nil, fmt.Errorf("evidence: no corpus counts")
	}
	return s.sets(), pipeline.NewWeights(c.Docs, c.counts()), nil
}

func (f *contextFn) ProcessElement(d Doc, sets func(*Sets) bool, corpus func(*Corpus) bool, emit func(int64, evDoc)) error {
	if f.wt == nil {
		var err error
		if f.sets, f.wt, err = sideInputs(sets, corpus); err != nil {
			return err
		}
	}
	s := pipeline.ContextSample{Words: d.CtxWords, First: d.CtxFirst, Last: d.CtxLast}
	copy(s.Tau[:], d.CtxTau)
	ctx := pipeline.FinishContext(s, f.sets.shared.Has, f.wt)
	emit(d.Seq, evDoc{Seq: d.Seq, Group: d.Group, Source: d.Source, Published: d.Published, Fingerprints: d.Winnowed,
		Names: ctx.Names, Others: ctx.Others, Tau: ctx.Tau[:], Series: d.Series})
	return nil
}

// docsetPart is one fingerprint of a docset and the docset's documents.
type docsetPart struct {
	FP   uint32
	Seqs []int64
}

// docsetFn sends a docset's key to each of its documents.
type docsetFn struct{}

func (docsetFn) ProcessElement(key string, parts func(*docsetPart) bool, emit func(int64, string)) {
	var p docsetPart
	if parts(&p) {
		for _, s := range p.Seqs {
			emit(s, key)
		}
	}
}

// docAt is a docset's document, with its evidence.
type docAt struct{ Doc evDoc }

// docsetDocs sends a document's evidence to each docset it is in.
func docsetDocs(_ int64, docs func(*evDoc) bool, keys func(*string) bool, emit func(string, docAt)) {
	var d evDoc
	if !docs(&d) {
		return
	}
	var k string
	for keys(&k) {
		emit(k, docAt{d})
	}
}

// docsetEvidenceFn decides a docset (pipeline.DocsetEvidence) and sends the text its pairs
// share to each pair.
type docsetEvidenceFn struct {
	Config string
	opts   pipeline.Options
}

func (f *docsetEvidenceFn) Setup() (err error) {
	f.opts, err = optionsOf(f.Config)
	return err
}

func (f *docsetEvidenceFn) ProcessElement(key string, parts func(*docsetPart) bool, docs func(*docAt) bool, together func(*float64) bool,
	emit func(string, sums), boiler func(int64, boilerMark), stock func(uint32), reported func(string), locate func(int64, docsetFPs)) error {
	var fps []uint32
	var p docsetPart
	for parts(&p) {
		fps = append(fps, p.FP)
	}
	slices.Sort(fps)
	var all []evDoc
	var d docAt
	for docs(&d) {
		all = append(all, d.Doc)
	}
	slices.SortFunc(all, func(x, y evDoc) int { return cmp.Compare(x.Seq, y.Seq) })
	ed := make([]pipeline.EvidenceDoc, len(all))
	for i := range all {
		ed[i] = all[i].evidenceDoc()
	}
	srcs, shared := pipeline.DocsetEvidence(f.opts, fps, ed)
	if len(srcs) > 0 { // the docset's documents are those that hold its fingerprints
		for _, d := range all {
			boiler(d.Seq, boilerMark{FPs: fps, Sources: srcs})
		}
	}
	isStock := false
	if len(fps) < pipeline.StockFingerprints(f.opts) { // short: a stock phrase?
		tau := pipeline.StockTogether(nil)
		together(&tau)
		if isStock = pipeline.DocsetStock(f.opts, ed, srcs, tau); isStock {
			for _, fp := range fps {
				stock(fp)
			}
		}
	}
	for _, s := range shared {
		emit(pairKey(all[s.A].Seq, all[s.B].Seq), sumsOf(s.Class, s.Weight))
	}
	// a shared passage of its own, if its documents are not one story (the driver knows)
	sources := make([]string, len(all))
	for i := range all {
		sources[i] = all[i].Source
	}
	// a stock phrase is not reported, but its documents go to the driver all the same, marked:
	// the bridge rule asks every docset (pipeline.RecurringDocset.Stock)
	if in := pipeline.DocsetReported(f.opts, fps, sources, srcs, false); in != nil {
		seqs := make([]int64, len(in))
		for k, i := range in {
			seqs[k] = all[i].Seq
			if !isStock {
				locate(all[i].Seq, docsetFPs{Key: key, FPs: fps})
			}
		}
		j, err := json.Marshal(seqs)
		if err != nil {
			return err
		}
		line := key + "\t" + string(j)
		if len(fps) == 1 {
			line += "\tfragment" // a docset of one fingerprint: its pieces are chained (Result.AddRecurring)
		}
		if isStock {
			line += "\tstock"
		}
		reported(line)
	}
	return nil
}

// docsetFPs is a docset to find in a document: its key and fingerprints.
type docsetFPs struct {
	Key string
	FPs []uint32
}

// locateFn finds in a document the docsets reported for it (pipeline.LocateDocsets) and writes
// where, a line "KEY\tSEQ\tJSON" for each docset found ([[start, end, words, first token], ...]), and the
// document's text.
type locateFn struct {
	Config string
	opts   pipeline.Options
	sets   *fingerprintSets
}

func (f *locateFn) Setup() (err error) {
	f.opts, err = optionsOf(f.Config)
	return err
}

func (f *locateFn) ProcessElement(seq int64, docs func(*Doc) bool, sets func(*docsetFPs) bool, shared func(*Sets) bool,
	found func(string), texts func(string)) error {
	if f.sets == nil {
		var s Sets
		shared(&s)
		f.sets = s.sets()
	}
	var d Doc
	if !docs(&d) {
		return nil
	}
	var all []docsetFPs
	var x docsetFPs
	for sets(&x) {
		all = append(all, x)
		x = docsetFPs{}
	}
	if len(all) == 0 {
		return nil
	}
	slices.SortFunc(all, func(x, y docsetFPs) int { return strings.Compare(x.Key, y.Key) })
	fps := make([][]uint32, len(all))
	for i := range all {
		fps[i] = all[i].FPs
	}
	at := make([][][4]int, len(all))
	for _, l := range pipeline.LocateDocsets(d.Text, f.opts, fps, &f.sets.shared) {
		at[l.Docset] = append(at[l.Docset], [4]int{l.Start, l.End, l.Words, l.Token})
	}
	any := false
	for i := range all {
		if len(at[i]) == 0 {
			continue
		}
		j, err := json.Marshal(at[i])
		if err != nil {
			return err
		}
		found(all[i].Key + "\t" + strconv.FormatInt(seq, 10) + "\t" + string(j))
		any = true
	}
	if any {
		texts(textLine(&d))
	}
	return nil
}

// pairHalf is a pair's sums and second document, joined with its first document's evidence on
// its way to the second.
type pairHalf struct {
	A    evDoc
	B    int64
	Sums sums
}

// pairByFirst keys a pair's sums by its first document.
func pairByFirst(key string, s sums, emit func(int64, pairHalf)) {
	a, b, err := parsePairKey(key)
	if err != nil {
		panic(err) // made by pairKey
	}
	emit(a, pairHalf{B: b, Sums: s})
}

// firstHalf joins a pair's sums with its first document and sends them to the second.
func firstHalf(seq int64, docs func(*evDoc) bool, halves func(*pairHalf) bool, emit func(int64, pairHalf)) {
	var d evDoc
	if !docs(&d) {
		return
	}
	var h pairHalf
	for halves(&h) {
		emit(h.B, pairHalf{A: d, B: h.B, Sums: h.Sums})
	}
}

// candidateFn decides a pair (pipeline.IsCandidate) with its second document's evidence; a
// candidate that a story's docset made (pipeline.TextStory) goes to story too.
type candidateFn struct {
	Config string
	opts   pipeline.Options
}

func (f *candidateFn) Setup() (err error) {
	f.opts, err = optionsOf(f.Config)
	return err
}

func (f *candidateFn) ProcessElement(seq int64, docs func(*evDoc) bool, halves func(*pairHalf) bool, emit, story func(int64, int64)) {
	var d evDoc
	if !docs(&d) {
		return
	}
	b := d.evidenceDoc()
	var h pairHalf
	for halves(&h) {
		if pipeline.IsCandidate(f.opts, h.A.evidenceDoc(), b, h.Sums.array()) {
			emit(h.A.Seq, seq)
			if h.Sums.Story > 0 {
				story(h.A.Seq, seq)
			}
		}
	}
}

// boilerMark is a docset's fingerprints, boilerplate of Sources, sent to each of its documents.
type boilerMark struct {
	FPs     []uint32
	Sources []string
}

// withBoiler gives a document its boilerplate fingerprints (Doc.BoilerFP, BoilerSrc).
func withBoiler(_ int64, docs func(*Doc) bool, marks func(*boilerMark) bool, emit func(Doc)) {
	var d Doc
	if !docs(&d) {
		return
	}
	var m boilerMark
	for marks(&m) {
		for _, fp := range m.FPs {
			for _, src := range m.Sources {
				d.BoilerFP, d.BoilerSrc = append(d.BoilerFP, fp), append(d.BoilerSrc, src)
			}
		}
		m = boilerMark{}
	}
	emit(d)
}

// boilerplateOf returns CompareOptions.Boilerplate for a pair: the fingerprints that are
// boilerplate of either document's source (nil for none).
func boilerplateOf(a, b *Doc) func(fp uint32) bool {
	set := map[uint32]bool{}
	for _, d := range []*Doc{a, b} {
		for k, fp := range d.BoilerFP {
			if src := d.BoilerSrc[k]; src != "" && (src == a.Source || src == b.Source) {
				set[fp] = true
			}
		}
	}
	if len(set) == 0 {
		return nil
	}
	return func(fp uint32) bool { return set[fp] }
}

// Ev is what Evidence adds: the candidate pairs (first, second document), each document's
// boilerplate fingerprints (seq, boilerMark), the one Sets, the stock fingerprints (one sorted
// list), the docsets reported as shared passages of their own ("KEY\tJSON" of the documents'
// sequence numbers, then "\tfragment" for a docset of one fingerprint, "\tstock" for a stock
// phrase, which only the bridge rule asks) and the docsets to find
// in each document (seq, docsetFPs).
type Ev struct {
	Cands, StoryCands, Boiler, Sets, Stock, Reported, ToLocate beam.PCollection
}

// Evidence adds the evidence to the pipeline s belongs to: reps are the groups' first
// documents, each with its group of copies (Doc.Group); corpus is the one Corpus of every
// document read.
func Evidence(s beam.Scope, cfg Config, reps, corpus, exact beam.PCollection) Ev {
	s = s.Scope("evidence")
	enc := cfg.encode()
	byFP := beam.ParDo(s, &fingerprintDocsFn{}, reps, beam.SideInput{Input: twiceOf(s, reps, fingerprintKeys)})
	classes, direct, parts := beam.ParDo3(s, &classifyFn{Config: enc}, beam.GroupByKey(s, byFP))
	sets := beam.Combine(s, setsFn{}, classes)
	ev := beam.ParDo(s, &contextFn{}, reps, beam.SideInput{Input: sets}, beam.SideInput{Input: corpus})
	docsets := beam.GroupByKey(s, parts)
	inDocset := beam.ParDo(s, docsetFn{}, docsets)
	withDocs := beam.ParDo(s, docsetDocs, beam.CoGroupByKey(s, ev, inDocset))
	together := background(s, ev, exact)
	fromDocsets, boiler, stockFPs, reported, toLocate := beam.ParDo5(s, &docsetEvidenceFn{Config: enc}, beam.CoGroupByKey(s, parts, withDocs),
		beam.SideInput{Input: together})
	summed := beam.CombinePerKey(s, sumFn{}, beam.Flatten(s, direct, fromDocsets))
	halves := beam.ParDo(s, firstHalf, beam.CoGroupByKey(s, ev, beam.ParDo(s, pairByFirst, summed)))
	stock := beam.Combine(s, fpListFn{}, stockFPs)
	cands, storyCands := beam.ParDo2(s, &candidateFn{Config: enc}, beam.CoGroupByKey(s, ev, halves))
	return Ev{Cands: cands, StoryCands: storyCands, Boiler: boiler, Sets: sets, Stock: stock, Reported: reported, ToLocate: toLocate}
}

// The corpus's background similarity (pipeline.BackgroundPairs, StockTogether): the documents
// with a context, in input order (an exact duplicate with its first's), gathered in one list;
// the pairs drawn from it, each side's context fetched; their similarities, gathered.

// ctxEntry is a document with a context, and the first of its exact group, whose context it
// has.
type ctxEntry struct{ Seq, Rep int64 }

// withContext lists the documents of an exact group whose first has a context.
func withContext(rep int64, docs func(*evDoc) bool, members func(*int64) bool, emit func(ctxEntry)) {
	var d evDoc
	if !docs(&d) || !d.evidenceDoc().Context.HasContext() {
		return
	}
	var seq int64
	for members(&seq) {
		emit(ctxEntry{Seq: seq, Rep: rep})
	}
}

// ctxListFn gathers the documents with a context, sorted by input order.
type ctxListFn struct{}

func (ctxListFn) CreateAccumulator() []ctxEntry                { return nil }
func (ctxListFn) AddInput(a []ctxEntry, e ctxEntry) []ctxEntry { return append(a, e) }
func (ctxListFn) MergeAccumulators(a, b []ctxEntry) []ctxEntry { return append(a, b...) }
func (ctxListFn) ExtractOutput(a []ctxEntry) []ctxEntry {
	slices.SortFunc(a, func(x, y ctxEntry) int { return cmp.Compare(x.Seq, y.Seq) })
	return a
}

// bgRequest asks for a document's context for side Side of background pair K.
type bgRequest struct{ K, Side int }

// bgPart is one side of a background pair.
type bgPart struct {
	Side int
	Doc  evDoc
}

// drawPairs draws the background pairs from the documents with a context and asks for their
// contexts (by their exact groups' firsts).
func drawPairs(with []ctxEntry, emit func(int64, bgRequest)) {
	for k, p := range pipeline.BackgroundPairs(len(with)) {
		emit(with[p[0]].Rep, bgRequest{K: k, Side: 0})
		emit(with[p[1]].Rep, bgRequest{K: k, Side: 1})
	}
}

// fetchContexts answers the requests for a document's context.
func fetchContexts(_ int64, docs func(*evDoc) bool, reqs func(*bgRequest) bool, emit func(int, bgPart)) {
	var d evDoc
	if !docs(&d) {
		return
	}
	var r bgRequest
	for reqs(&r) {
		emit(r.K, bgPart{Side: r.Side, Doc: d})
	}
}

// pairSimilarity is a background pair's context similarity.
func pairSimilarity(_ int, parts func(*bgPart) bool, emit func(float64)) {
	var side [2]pipeline.Context
	var p bgPart
	for parts(&p) {
		side[p.Side] = p.Doc.evidenceDoc().Context
	}
	emit(pipeline.ContextSimilarity(side[0], side[1]))
}

// togetherFn gathers the background pairs' similarities into the stock test's (StockTogether).
type togetherFn struct{}

func (togetherFn) CreateAccumulator() []float64               { return nil }
func (togetherFn) AddInput(a []float64, x float64) []float64  { return append(a, x) }
func (togetherFn) MergeAccumulators(a, b []float64) []float64 { return append(a, b...) }
func (togetherFn) ExtractOutput(a []float64) float64          { return pipeline.StockTogether(a) }

// fpListFn gathers fingerprints into a sorted list.
type fpListFn struct{}

func (fpListFn) CreateAccumulator() []uint32              { return nil }
func (fpListFn) AddInput(a []uint32, fp uint32) []uint32  { return append(a, fp) }
func (fpListFn) MergeAccumulators(a, b []uint32) []uint32 { return append(a, b...) }
func (fpListFn) ExtractOutput(a []uint32) []uint32        { return sortedFPs(a) }

// background adds the stock test's similarity (one float64) to the pipeline: ev are the groups'
// firsts' evidence by sequence number, exact each document by its exact group's first.
func background(s beam.Scope, ev, exact beam.PCollection) beam.PCollection {
	s = s.Scope("background")
	with := beam.Combine(s, ctxListFn{}, beam.ParDo(s, withContext, beam.CoGroupByKey(s, ev, exact)))
	reqs := beam.ParDo(s, drawPairs, with)
	parts := beam.ParDo(s, fetchContexts, beam.CoGroupByKey(s, ev, reqs))
	sims := beam.ParDo(s, pairSimilarity, beam.GroupByKey(s, parts))
	return beam.Combine(s, togetherFn{}, sims)
}

// encodeDoc and decodeDoc carry a document between the two pipelines of the default mode.
// The second pipeline reads no band keys, exact hash or document-frequency slots (the first's
// work): they stay behind.
func encodeDoc(d Doc) (string, error) {
	d.BandKeys, d.Exact, d.DFSlots = nil, "", nil
	b, err := json.Marshal(d)
	return string(b), err
}

func decodeDoc(line string, emit func(Doc)) error {
	var d Doc
	if err := json.Unmarshal([]byte(line), &d); err != nil {
		return fmt.Errorf("evidence: a document between the pipelines: %w", err)
	}
	emit(d)
	return nil
}

func encodeCorpus(c Corpus) (string, error) {
	b, err := json.Marshal(c)
	return string(b), err
}

func decodeCorpus(line string, emit func(Corpus)) error {
	var c Corpus
	if err := json.Unmarshal([]byte(line), &c); err != nil {
		return fmt.Errorf("evidence: the corpus's counts: %w", err)
	}
	emit(c)
	return nil
}

// formatPair writes a pair of documents as a line "first second".
func formatPair(a, b int64) string { return pairKey(a, b) }

// verifyFn verifies the LSH candidates of a document, each with a first document, as neardup
// scan's verification does (Compare without reuse: Jaccard and containment), and writes the
// near-duplicate pairs as edges "first second": the groups of copies are their components.
type verifyFn struct {
	Config string
	opts   pipeline.Options
}

func (f *verifyFn) Setup() (err error) {
	f.opts, err = optionsOf(f.Config)
	f.opts.NoReuse = true
	return err
}

func (f *verifyFn) ProcessElement(_ int64, docs func(*Doc) bool, firsts func(*Doc) bool, edges func(string)) {
	var b Doc
	if !docs(&b) {
		return
	}
	db := b.document()
	var a Doc
	for firsts(&a) {
		if _, ok := pipeline.Compare(a.document(), db, f.opts); ok {
			edges(pairKey(a.Seq, b.Seq))
		}
		a = Doc{}
	}
}

// Rewritten passages' candidates: the sentence keys (Analysis.SentenceKeys) of the groups' first
// documents, grouped by key as neardup scan's rewriteCandidates reads its postings.

// sentDoc is a document holding a sentence key: its group of copies and the key's tag.
type sentDoc struct {
	Seq, Group int64
	Tag        uint64
}

// sentenceKeysFn keys a document by each of its sentence keys (or, with Copies, the keys of
// its sentences as written: Analysis.SentenceCopies). Only the keys another document may hold
// too go (Twice, a side input: twice.go).
type sentenceKeysFn struct {
	Copies bool
	twice  *Twice
}

func (f *sentenceKeysFn) ProcessElement(d Doc, twice func(*Twice) bool, emit func(uint32, sentDoc)) {
	readTwice(&f.twice, twice)
	const tagMask = 1<<pipeline.SentenceTagBits - 1
	keys := d.SentenceKeys
	if f.Copies {
		keys = d.SentenceCopies
	}
	for _, k := range keys {
		if f.twice.Has(uint32(k >> 32)) {
			emit(uint32(k>>32), sentDoc{Seq: d.Seq, Group: d.Group, Tag: k & tagMask})
		}
	}
}

// sentShare is what a sentence key gives a document: the later documents of other groups that
// hold it (B), each with the tags of the two sentences (Tags[k] for B[k]: a document may hold a
// key in several sentences), and whether the key is held by the two documents alone.
type sentShare struct {
	B     []int64
	Tags  []uint64
	Alone bool
}

// sentenceKeyPairsFn sends each document of a key (held by at most MaxSentenceKeyDocs
// documents) the later documents of other groups that hold it, with the tags of their two
// sentences: one element a document, not one a pair (at 5,000 synthetic articles, 752,000
// elements a pair and tag, the most of any PCollection of the job). With Copies, the keys are
// of sentences as written: the tags are marked pipeline.CopyTag, and no key is alone.
type sentenceKeyPairsFn struct{ Copies bool }

func (f sentenceKeyPairsFn) ProcessElement(_ uint32, docs func(*sentDoc) bool, emit func(int64, sentShare)) {
	var all []sentDoc
	var d sentDoc
	for docs(&d) {
		all = append(all, d)
	}
	slices.SortFunc(all, func(x, y sentDoc) int { return cmp.Or(cmp.Compare(x.Seq, y.Seq), cmp.Compare(x.Tag, y.Tag)) })
	all = slices.Compact(all)
	n := 0
	for k := range all {
		if k == 0 || all[k].Seq != all[k-1].Seq {
			n++
		}
	}
	if n < 2 || n > pipeline.MaxSentenceKeyDocs {
		return
	}
	alone := n == 2 && all[0].Group != all[len(all)-1].Group && !f.Copies
	var mark uint64
	if f.Copies {
		mark = pipeline.CopyTag
	}
	var share sentShare
	for x, a := range all {
		for _, b := range all[x+1:] {
			if a.Group != b.Group {
				share.B = append(share.B, b.Seq)
				share.Tags = append(share.Tags, mark|a.Tag<<pipeline.SentenceTagBits|b.Tag)
			}
		}
		if x+1 == len(all) || all[x+1].Seq != a.Seq { // a's last sentence
			if len(share.B) > 0 {
				share.Alone = alone
				emit(a.Seq, share)
			}
			share = sentShare{}
		}
	}
}

// rewritePairs decides the pairs of a document and the later ones it shares sentence keys with
// (pipeline.SentencePairsAlike, or two keys of the two documents alone), as scan's
// rewriteCandidates decides them: 1 for a candidate, copiedPair for one that shares keys only in
// sentences both hold as written (pipeline.SentencesCopied).
func rewritePairs(a int64, shares func(*sentShare) bool, emit func(string, int)) {
	type partner struct {
		tags  []uint64
		alone int
	}
	by := map[int64]*partner{}
	var sh sentShare
	for shares(&sh) {
		for k, b := range sh.B {
			p := by[b]
			if p == nil {
				p = &partner{}
				by[b] = p
			}
			p.tags = append(p.tags, sh.Tags[k])
		}
		if sh.Alone {
			by[sh.B[0]].alone++
		}
		sh = sentShare{}
	}
	for b, p := range by {
		tags, copies := pipeline.SplitCopies(p.tags)
		if p.alone >= 2 || len(tags) > 0 && pipeline.SentencePairsAlike(tags) {
			v := 1
			if pipeline.SentencesCopied(tags, copies) {
				v = copiedPair
			}
			emit(pairKey(a, b), v)
		}
	}
}

// copiedPair marks a sentence-key candidate that no other signal may make one alone
// (rewritePairs, modeOf).
const copiedPair = 2

// markPair keys a line "first second" by itself, for the join of the candidates' kinds.
func markPair(line string) (string, int) { return line, 1 }

// pairKeyOf keys a pair of documents by pairKey.
func pairKeyOf(a, b int64) (string, int) { return pairKey(a, b), 1 }

// storyKeyOf keys a pair that a story's docset made a candidate by pairKey, marked storyPair.
func storyKeyOf(a, b int64) (string, int) { return pairKey(a, b), storyPair }

// storyPair marks, among the kinds of a pair to compare (modeOf), a candidate that a story's
// docset made: compared with CompareOptions.StoryDocset. storyMode is the bit of a cand's Mode
// that says so.
const (
	storyPair = 3
	storyMode = 1 << 8
)

// cand is a candidate pair's second document and how it is compared (pipeline.SentenceMode, and
// storyMode).
type cand struct {
	B    int64
	Mode int
}

// modeOf tells how a candidate pair is compared, as neardup scan does: a candidate of the
// sentence keys and of another signal for rewritten passages too; of another signal alone, for
// verbatim passages only; of the sentence keys alone, related only by a rewritten passage, and
// not compared at all when the keys lie only in sentences both hold as written (copiedPair).
func modeOf(key string, rewrite func(*int) bool, other func(*int) bool, emit func(int64, cand)) {
	var x int
	rw := rewrite(&x)
	copied := rw && x == copiedPair
	ot, story := false, false
	for other(&x) {
		ot, story = true, story || x == storyPair
	}
	mode := pipeline.SentencesToo
	switch {
	case !rw:
		mode = pipeline.NoSentences
	case !ot && copied:
		return // the passage fingerprints judged the sentences the two share, and left them
	case !ot:
		mode = pipeline.SentencesOnly
	}
	a, b, err := parsePairKey(key)
	if err != nil {
		panic(err) // made by pairKey
	}
	m := int(mode)
	if story {
		m |= storyMode
	}
	emit(a, cand{B: b, Mode: m})
}

// verbatimOnly is modeOf without rewritten passages (Options.Rewrites false): every pair is
// compared for verbatim passages only.
func verbatimOnly(key string, other func(*int) bool, emit func(int64, cand)) {
	a, b, err := parsePairKey(key)
	if err != nil {
		panic(err) // made by pairKey
	}
	m := int(pipeline.NoSentences)
	for x := 0; other(&x); {
		if x == storyPair {
			m |= storyMode
		}
	}
	emit(a, cand{B: b, Mode: m})
}

// firstDoc is a candidate pair's first document, on its way to the second, and how the pair is
// compared.
type firstDoc struct {
	Doc  Doc
	Mode int
}

// joinFirstMode sends a document to the second document of each candidate pair it is the first
// of.
func joinFirstMode(_ int64, docs func(*Doc) bool, cands func(*cand) bool, emit func(int64, firstDoc)) {
	var d Doc
	if !docs(&d) {
		return
	}
	var c cand
	for cands(&c) {
		emit(c.B, firstDoc{Doc: d, Mode: c.Mode})
	}
}

// compareModeFn is compareFn for pairs that say how they are compared.
type compareModeFn struct {
	Config string
	opts   pipeline.Options
	sets   *fingerprintSets
	wt     *pipeline.Weights
	stock  map[uint32]bool
}

func (f *compareModeFn) Setup() (err error) {
	f.opts, err = optionsOf(f.Config)
	return err
}

func (f *compareModeFn) ProcessElement(_ int64, docs func(*Doc) bool, firsts func(*firstDoc) bool, sets func(*Sets) bool,
	corpus func(*Corpus) bool, stock func(*[]uint32) bool, pairs func(string), texts func(string)) error {
	if f.wt == nil {
		var err error
		if f.sets, f.wt, err = sideInputs(sets, corpus); err != nil {
			return err
		}
		var fps []uint32
		stock(&fps)
		f.stock = make(map[uint32]bool, len(fps))
		for _, fp := range fps {
			f.stock[fp] = true
		}
	}
	var b Doc
	if !docs(&b) {
		return nil
	}
	db := b.document()
	var a firstDoc
	for firsts(&a) {
		p, ok := pipeline.CompareWith(a.Doc.document(), db, f.opts, pipeline.CompareOptions{Direct: true,
			Sentences: pipeline.SentenceMode(a.Mode &^ storyMode), StoryDocset: a.Mode&storyMode != 0, Boilerplate: boilerplateOf(&a.Doc, &b),
			SeriesA: a.Doc.Series, SeriesB: b.Series,
			Shared: &f.sets.shared, Recurring: &f.sets.recurring, Common: &f.sets.common, Weights: f.wt,
			Stock: func(fp uint32) bool { return f.stock[fp] }, AsScan: true})
		if ok {
			pairs(encodePair(&a.Doc, &b, p))
			if len(p.Passages) > 0 {
				texts(textLine(&a.Doc))
				texts(textLine(&b))
			}
		}
		a = firstDoc{}
	}
	return nil
}

// ownWordsFn writes each group's first's own words (pipeline.OwnWords), "SEQ\tJSON", for the
// hub rule the driver runs (pipeline.Stories' context).
type ownWordsFn struct {
	Config string
	opts   pipeline.Options
	sets   *fingerprintSets
	wt     *pipeline.Weights
}

func (f *ownWordsFn) Setup() (err error) {
	f.opts, err = optionsOf(f.Config)
	return err
}

func (f *ownWordsFn) ProcessElement(d Doc, sets func(*Sets) bool, corpus func(*Corpus) bool, emit func(string)) error {
	if f.wt == nil {
		var err error
		if f.sets, f.wt, err = sideInputs(sets, corpus); err != nil {
			return err
		}
	}
	j, err := json.Marshal(pipeline.OwnWords(d.Text, f.opts, &f.sets.shared, f.wt))
	if err != nil {
		return err
	}
	emit(strconv.FormatInt(d.Seq, 10) + "\t" + string(j))
	return nil
}
