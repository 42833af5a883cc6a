// Package job is neardup's scan as an Apache Beam pipeline: the same stage functions as
// pipeline.Run (input.ReadOptions.Parse, pipeline.Analyzer, pipeline.Compare), composed with
// Beam's GroupByKey instead of Run's in-memory postings, so that it runs on prism here and on
// Flink, Spark or Dataflow beyond one machine.
//
// The pipeline (Build):
//
//	files (lexical order) ─▶ read and parse JSON Lines ─▶ drop repeated ids (GroupByKey on id)
//	  ─▶ analyse ─▶ exact groups (GroupByKey on the token-sequence hash: the first document
//	     stands for the group; the others make an exact pair with it)
//	  ─▶ candidates: GroupByKey on each LSH band key (and, with reuse, each passage fingerprint
//	     held by at most MaxPostings documents); a key held by more than HotKey documents makes
//	     its pairs in blocks on several workers
//	  ─▶ each pair once, joined with its two documents (two CoGroupByKeys on the document)
//	  ─▶ pipeline.Compare ─▶ pairs, members, texts and story edges written as JSON Lines
//
// With reuse the scan is two pipelines (BuildGroups, then BuildEvidence): the first stops at the
// verified near-duplicate edges, whose components (package cc) are the groups of copies that
// the second's evidence (evidence.go) needs; its candidate pairs, the near-duplicate pairs and
// the sentence keys' candidates are then compared as neardup scan compares them.
//
// A document's place in the input (its file's rank in lexical order, its line) is its sequence
// number: it orders members and pairs as neardup scan's input order does. The driver (Run) reads
// what the pipeline wrote, finds the components of the story edges with package cc (pipelines
// iterated to a fixed point), and makes the report with pipeline.Stories and report.JSONL.
package job

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/shingle"
)

func init() {
	beam.RegisterType(reflect.TypeOf((*Doc)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*FileRef)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Block)(nil)).Elem())
	register.DoFn4x1[context.Context, FileRef, func(Doc), func(string), error](&readFn{})
	register.Function1x2(keyByID)
	register.Function4x0(firstOfID)
	register.DoFn3x1[Doc, func(Doc), func(string), error](&analyseFn{})
	register.Function1x2(keyByExact)
	register.DoFn6x0[string, func(*Doc) bool, func(Doc), func(string), func(string), func(string)](&exactFn{})
	register.DoFn3x0[Doc, func(*Twice) bool, func(uint32, int64)](&bandKeysFn{})
	register.DoFn2x0[Doc, func(uint32, int64)](&fingerprintsFn{})
	register.DoFn4x0[uint32, func(*int64) bool, func(int64, int64), func(int, Block)](&keyPairsFn{})
	register.Function3x0(blockPairs)
	register.Function1x2(keyBySeq)
	register.Function4x0(joinFirst)
	register.DoFn5x1[int64, func(*Doc) bool, func(*Doc) bool, func(string), func(string), error](&compareFn{})
	register.Emitter1[Doc]()
	register.Emitter1[string]()
	register.Emitter2[uint32, int64]()
	register.Emitter2[int64, int64]()
	register.Emitter2[int64, Doc]()
	register.Emitter2[int, Block]()
	register.Emitter2[string, Doc]()
	register.Iter1[Doc]()
	register.Iter1[int64]()
}

// FileRef is one input file and its rank in lexical order.
type FileRef struct {
	Rank int
	Path string
}

// Doc is a document as the pipeline carries it: parsed, then analysed.
type Doc struct {
	Seq       int64  // Rank<<32 | Line: the document's place in the input
	ID        string //
	Source    string
	Title     string
	URL       string
	Author    string
	Published string // time.Time.MarshalText; "" when unknown
	Text      string
	File      string
	Line      int

	Words        int
	Exact        string   // hex of Analysis.Exact
	BandKeys     []uint32 // Analysis.BandKeys
	Fingerprints []uint32 // Analysis.Fingerprints (with reuse)

	// with reuse, for the evidence (evidence.go): Analysis.Winnowed, its ContextSample (Tau
	// as two elements) and DFSlots, and its group of copies once known
	Winnowed                    int
	CtxWords, CtxFirst, CtxLast []uint32
	CtxTau                      []uint32
	DFSlots                     []uint32
	Group                       int64
	SentenceKeys                []uint64 // Analysis.SentenceKeys (with rewritten passages)
	SentenceCopies              []uint64 // Analysis.SentenceCopies (with rewritten passages)
	// its fingerprints that are boilerplate of a source (evidence.go): BoilerFP[k] of BoilerSrc[k]
	BoilerFP  []uint32
	BoilerSrc []string
	// its series among its source's documents (series.go), once known; "" for none
	Series string
}

// Block is a share of a hot key's pairs: every pair of a document of A and one of B (Same:
// A and B are one list, and each pair is made once).
type Block struct {
	A, B []int64
	Same bool
}

func seqOf(rank, line int) int64 { return int64(rank)<<32 | int64(line) }

func (d *Doc) document() pipeline.Document {
	doc := pipeline.Document{ID: d.ID, Source: d.Source, Title: d.Title, URL: d.URL, Author: d.Author, Text: d.Text, File: d.File, Line: d.Line}
	if d.Published != "" {
		_ = doc.Published.UnmarshalText([]byte(d.Published)) // written by MarshalText
	}
	return doc
}

func (d *Doc) member() pipeline.Member {
	doc := d.document()
	return pipeline.Member{ID: d.ID, Source: d.Source, Title: d.Title, URL: d.URL, Author: d.Author, Published: doc.Published,
		Words: d.Words, Bytes: len(d.Text), Where: doc.Where()}
}

// readFn reads one JSON Lines file (gzipped or not: gzip is known by its magic bytes) through
// Beam's file systems and parses each record as neardup scan does. Records that cannot be read
// go to bad as "FILE:LINE: reason"; so do warnings, prefixed "warning: ".
type readFn struct {
	Config string
	cfg    Config
}

func (f *readFn) Setup() error {
	var err error
	f.cfg, err = decodeConfig(f.Config)
	return err
}

func (f *readFn) ProcessElement(ctx context.Context, file FileRef, emit func(Doc), bad func(string)) error {
	fs, err := filesystem.New(ctx, file.Path)
	if err != nil {
		return err
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, file.Path)
	if err != nil {
		return fmt.Errorf("read %s: %w", file.Path, err)
	}
	defer rc.Close()
	docs := 0
	defer func() {
		if docs == 0 { // as neardup scan warns of an input that gave no document
			bad("warning: " + input.NoArticles(file.Path).Error())
		}
	}()
	br := bufio.NewReaderSize(rc, 1<<16)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			bad(fmt.Sprintf("%s: corrupt gzip: %v", file.Path, err))
			return nil
		}
		defer gz.Close()
		r = gz
	}
	lr := bufio.NewReaderSize(r, 1<<16)
	ro := f.cfg.Read
	for line := 1; ; line++ {
		b, err := lr.ReadBytes('\n')
		if len(b) > 0 && b[len(b)-1] == '\n' {
			b = b[:len(b)-1]
		}
		if len(b) > 0 && b[len(b)-1] == '\r' {
			b = b[:len(b)-1]
		}
		if !blank(b) {
			doc, warns, perr := ro.Parse(input.Record{File: file.Path, Line: line, Data: b, Format: input.FormatJSON, Input: file.Rank})
			for _, w := range warns {
				bad("warning: " + w.Error())
			}
			if perr != nil {
				bad(perr.Error())
			} else {
				d := Doc{Seq: seqOf(file.Rank, line), ID: doc.ID, Source: doc.Source, Title: doc.Title, URL: doc.URL, Author: doc.Author,
					Text: doc.Text, File: doc.File, Line: doc.Line}
				if !doc.Published.IsZero() {
					t, _ := doc.Published.MarshalText()
					d.Published = string(t)
				}
				emit(d)
				docs++
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			bad(fmt.Sprintf("%s:%d: %v", file.Path, line, err))
			return nil
		}
	}
}

func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

func keyByID(d Doc) (string, Doc) { return d.ID, d }

// firstOfID keeps the first document read of an id, as neardup scan does; the others are bad
// records.
func firstOfID(id string, docs func(*Doc) bool, emit func(Doc), bad func(string)) {
	all := collect(docs)
	for _, d := range all[1:] {
		bad(fmt.Sprintf("%s:%d: duplicate id %q: first read at %s:%d", d.File, d.Line, id, all[0].File, all[0].Line))
	}
	emit(all[0])
}

// collect reads docs into a slice in input order.
func collect(docs func(*Doc) bool) []Doc {
	var all []Doc
	var d Doc
	for docs(&d) {
		all = append(all, d)
		d = Doc{}
	}
	slices.SortFunc(all, func(x, y Doc) int { return cmpInt64(x.Seq, y.Seq) })
	return all
}

func cmpInt64(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// analyseFn analyses each document (pipeline.Analyzer) and writes its member record: the
// document without its text, in JSON, after its sequence number.
type analyseFn struct {
	Config  string
	z       *pipeline.Analyzer
	noReuse bool
}

func (f *analyseFn) Setup() error {
	cfg, err := decodeConfig(f.Config)
	if err != nil {
		return err
	}
	f.z, f.noReuse = pipeline.NewAnalyzer(cfg.Options()), cfg.NoReuse
	return nil
}

func (f *analyseFn) ProcessElement(d Doc, emit func(Doc), members func(string)) error {
	a := f.z.Analyze(d.Text)
	d.Words = a.Words
	d.Exact = hex.EncodeToString(append(binaryLE(a.Exact[0]), binaryLE(a.Exact[1])...))
	d.BandKeys = slices.Clone(a.BandKeys)
	d.Fingerprints = slices.Clone(a.Fingerprints)
	if !f.noReuse {
		cs := a.ContextSample()
		d.Winnowed, d.CtxWords, d.CtxFirst, d.CtxLast, d.CtxTau = a.Winnowed(), cs.Words, cs.First, cs.Last, cs.Tau[:]
		d.DFSlots = slices.Clone(a.DFSlots())
		d.SentenceKeys = slices.Clone(a.SentenceKeys)
		d.SentenceCopies = slices.Clone(a.SentenceCopies)
	}
	b, err := json.Marshal(d.member())
	if err != nil {
		return err
	}
	members(strconv.FormatInt(d.Seq, 10) + "\t" + string(b))
	emit(d)
	return nil
}

func binaryLE(x uint64) []byte {
	b := make([]byte, 8)
	for i := range b {
		b[i] = byte(x >> (8 * i))
	}
	return b
}

func keyByExact(d Doc) (string, Doc) { return d.Exact, d }

// exactFn gives an exact-duplicate group its first document, which stands for the group in
// every later stage, and makes each other document an exact pair with it: a star, as Run does
// (with reuse, each pair's one passage the whole text, first word to last). groups has a line
// "FIRST SEQ" for each document.
type exactFn struct {
	Config string
	cfg    Config
}

func (f *exactFn) Setup() error {
	var err error
	f.cfg, err = decodeConfig(f.Config)
	return err
}

func (f *exactFn) ProcessElement(_ string, docs func(*Doc) bool, first func(Doc), pairs, texts, groups func(string)) {
	all := collect(docs)
	rep := &all[0]
	first(*rep)
	for k := range all { // "FIRST SEQ" for every document, the first's too
		groups(pairKey(rep.Seq, all[k].Seq))
	}
	var ta []shingle.Token
	if !f.cfg.NoReuse && len(all) > 1 {
		ta = shingle.Tokenize(rep.Text)
	}
	for k := range all[1:] {
		d := &all[k+1]
		p := pipeline.Pair{A: rep.ID, B: d.ID, Relation: pipeline.Exact, Jaccard: 1, Containment: 1, Context: -1, Story: "copy"}
		if !f.cfg.NoReuse {
			tb := shingle.Tokenize(d.Text)
			if len(ta) > 0 && len(tb) > 0 {
				p.Passages = []pipeline.Passage{{AStart: ta[0].Start, AEnd: ta[len(ta)-1].End,
					BStart: tb[0].Start, BEnd: tb[len(tb)-1].End, Words: len(ta)}}
				p.CoverageA, p.CoverageB = 1, 1
				texts(textLine(rep))
				texts(textLine(d))
			}
		}
		// its direction, as scan's direction stage sets every pair's (by publication, for copies)
		da, db := rep.document(), d.document()
		pipeline.Direct(&p, &da, &db)
		pairs(encodePair(rep, d, p))
	}
}

// textLine is a document's line of the texts file: [id, text] in JSON.
func textLine(d *Doc) string {
	j, err := json.Marshal([2]string{d.ID, d.Text})
	if err != nil {
		panic(err) // strings
	}
	return string(j)
}

// encodePair writes a related pair as a line of the pairs file: both sequence numbers, the pair
// in JSON and, with reuse, its pieces (Pair.Pieces) in JSON, the texts left out (the report
// reads them from the texts file).
func encodePair(a, b *Doc, p pipeline.Pair) string {
	pieces := slices.Clone(p.Pieces())
	for _, ps := range [][]pipeline.Passage{p.Passages, pieces} {
		for k := range ps {
			ps[k].AText, ps[k].BText = "", ""
		}
	}
	j, err := json.Marshal(p)
	if err != nil {
		panic(err) // plain data
	}
	pj, err := json.Marshal(pieces)
	if err != nil {
		panic(err)
	}
	recurring := []int{}
	for k := range p.Passages {
		if p.Passages[k].Recurring() {
			recurring = append(recurring, k)
		}
	}
	rj, err := json.Marshal(recurring)
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("%d\t%d\t%s\t%s\t%s", a.Seq, b.Seq, j, pj, rj)
}

// bandKeysFn keys a group's first document by each of its LSH band keys.
// Only the keys another document may hold too go (Twice, a side input: twice.go).
type bandKeysFn struct{ twice *Twice }

func (f *bandKeysFn) ProcessElement(d Doc, twice func(*Twice) bool, emit func(uint32, int64)) {
	readTwice(&f.twice, twice)
	for _, k := range d.BandKeys {
		if f.twice.Has(k) {
			emit(k, d.Seq)
		}
	}
}

// fingerprintsFn keys a group's first document by each of its passage fingerprints.
type fingerprintsFn struct{}

func (fingerprintsFn) ProcessElement(d Doc, emit func(uint32, int64)) {
	for _, k := range d.Fingerprints {
		emit(k, d.Seq)
	}
}

// keyPairsFn makes the pairs of the documents that share a key: all of them when the key has
// at most HotKey documents; else blocks of them (Block) for blockPairs to make on other
// workers, so that no worker makes a hot key's quadratic list alone. Max, if not 0, drops the
// keys of more documents (fingerprints in more than MaxPostings documents make no
// candidates, as in Run); band keys have no cap (Run has none: every pair that shares a band is
// a candidate).
type keyPairsFn struct {
	Max, HotKey, HotBlock int
}

func (f *keyPairsFn) ProcessElement(_ uint32, seqs func(*int64) bool, emit func(int64, int64), blocks func(int, Block)) {
	var all []int64
	var s int64
	for seqs(&s) {
		all = append(all, s)
	}
	slices.Sort(all)
	all = slices.Compact(all)
	if f.Max > 0 && len(all) > f.Max || len(all) < 2 {
		return
	}
	if len(all) <= f.HotKey {
		pairsOf(all, all, true, emit)
		return
	}
	n := 0
	for i := 0; i < len(all); i += f.HotBlock {
		a := all[i:min(i+f.HotBlock, len(all))]
		for j := i; j < len(all); j += f.HotBlock {
			b := all[j:min(j+f.HotBlock, len(all))]
			blocks(n, Block{A: a, B: b, Same: i == j})
			n++
		}
	}
}

// blockPairs makes the pairs of a block of a hot key.
func blockPairs(_ int, b Block, emit func(int64, int64)) { pairsOf(b.A, b.B, b.Same, emit) }

// pairsOf emits the pairs (x, y), x < y, of x in a and y in b; same: a and b are one list.
func pairsOf(a, b []int64, same bool, emit func(int64, int64)) {
	for i, x := range a {
		from := 0
		if same {
			from = i + 1
		}
		for _, y := range b[from:] {
			if x < y {
				emit(x, y)
			} else if y < x {
				emit(y, x)
			}
		}
	}
}

func keyBySeq(d Doc) (int64, Doc) { return d.Seq, d }

// joinFirst joins a document with the candidate pairs it is the first of, each once: it
// sends the document to each second one.
func joinFirst(_ int64, docs func(*Doc) bool, seconds func(*int64) bool, emit func(int64, Doc)) {
	var d Doc
	if !docs(&d) {
		return
	}
	var bs []int64
	var b int64
	for seconds(&b) {
		bs = append(bs, b)
	}
	slices.Sort(bs)
	for _, b := range slices.Compact(bs) {
		emit(b, d)
	}
}

// compareFn compares a document with each first document of its candidate pairs
// (pipeline.Compare) and writes the related pairs; the texts of those with passages go to
// texts (textLine), for the report to quote.
type compareFn struct {
	Config string
	opts   pipeline.Options
}

func (f *compareFn) Setup() (err error) {
	f.opts, err = optionsOf(f.Config)
	return err
}

func (f *compareFn) ProcessElement(_ int64, docs func(*Doc) bool, firsts func(*Doc) bool, pairs func(string), texts func(string)) error {
	var b Doc
	if !docs(&b) {
		return nil
	}
	db := b.document()
	var a Doc
	for firsts(&a) {
		// each pair's direction (origin, and with reuse a near-duplicate's changes) as scan's
		// direction stage sets it
		p, ok := pipeline.CompareWith(a.document(), db, f.opts, pipeline.CompareOptions{Direct: true, AsScan: true})
		if !ok {
			a = Doc{}
			continue
		}
		pairs(encodePair(&a, &b, p))
		if len(p.Passages) > 0 {
			texts(textLine(&a))
			texts(textLine(&b))
		}
		a = Doc{}
	}
	return nil
}
