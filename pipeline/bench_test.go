package pipeline

import (
	"strings"
	"testing"

	"github.com/neardup/neardup/internal/benchtext"
	"github.com/neardup/neardup/internal/postings"
	"github.com/neardup/neardup/shingle"
)

// benchTexts returns realistic article texts (Reuters-21578 when present, else the sample).
func benchTexts(b *testing.B) []string { return benchtext.Texts(b, "..") }

func reportDocs(b *testing.B, docs int) {
	b.ReportMetric(float64(docs)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSign: MinHash signature and LSH band keys from precomputed shingles.
func BenchmarkSign(b *testing.B) {
	texts := benchTexts(b)
	var all [][]shingle.Shingle
	for _, t := range texts {
		all = append(all, shingle.Hashes(shingle.Tokenize(t), DefaultShingle))
	}
	s := NewSigner(ChooseBands(DefaultThreshold, DefaultNumPerm))
	var keys []uint32
	b.SetBytes(benchtext.Bytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		for _, sh := range all {
			keys = s.AppendBandKeys(keys[:0], s.Sign(sh))
		}
	}
	reportDocs(b, len(texts))
}

// BenchmarkAnalyze: the whole per-document stage (tokenize, shingle, sign, band keys, winnow).
func BenchmarkAnalyze(b *testing.B) {
	texts := benchTexts(b)
	opts := Options{}
	opts.SetDefaults()
	z := newAnalyzer(&opts, ChooseBands(opts.Threshold, opts.NumPerm))
	b.SetBytes(benchtext.Bytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			z.analyze(t)
		}
	}
	reportDocs(b, len(texts))
}

// BenchmarkLSHCandidates: grouping the band postings (chunks sorted, merged) and listing the
// candidate pairs; each iteration refills the postings, which grouping consumes.
func BenchmarkLSHCandidates(b *testing.B) {
	texts := benchTexts(b)
	opts := Options{NoReuse: true}
	opts.SetDefaults()
	z := newAnalyzer(&opts, ChooseBands(opts.Threshold, opts.NumPerm))
	var post []uint64
	for i, t := range texts {
		for _, k := range z.analyze(t).bandKeys {
			post = append(post, uint64(k)<<32|uint64(i))
		}
	}
	b.SetBytes(benchtext.Bytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		var p postings.List
		for _, v := range post {
			p.Add(v)
		}
		pairsFromPostings(&p)
	}
	reportDocs(b, len(texts))
}

// benchCorpus runs the first pass over the texts as Run does (texts and, unless NoReuse, shingle
// hashes spooled) and returns the corpus and its LSH candidates.
func benchCorpus(tb testing.TB, texts []string, opts Options) (*corpus, []uint64) {
	tb.Helper()
	opts.SetDefaults()
	opts.rawFingerprints, opts.spoolShingles = true, !opts.NoReuse
	sp, err := newSpool(tb.TempDir(), "text spool")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(sp.close)
	c := &corpus{opts: &opts, bands: ChooseBands(opts.Threshold, opts.NumPerm), ids: map[string]int{},
		exact: map[[2]uint64]int32{}, spool: sp, stats: Stats{SkipReasons: map[string]int{}, PairsBy: map[Relation]int{}}}
	c.newPostings()
	if opts.spoolShingles {
		if c.hashes, err = newSpool(tb.TempDir(), "hash spool"); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(c.hashes.close)
	}
	z := newAnalyzer(&opts, c.bands)
	for i, t := range texts {
		doc := Document{ID: string(rune(i)) + "#" + t[:min(8, len(t))], Text: t, File: "bench"}
		a := z.analyze(t)
		item := &Item[struct{}]{Doc: doc, Analysis: Analysis{Words: a.words, Exact: a.exact, BandKeys: a.bandKeys,
			Fingerprints: a.fps, shingles: a.shingles, nsh: a.nsh, sketch: a.sketch, tau: a.tau}}
		if err := c.file(item); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sp.seal(); err != nil {
		tb.Fatal(err)
	}
	if c.hashes != nil {
		if err := c.hashes.seal(); err != nil {
			tb.Fatal(err)
		}
	}
	return c, pairsFromPostings(c.bandPost)
}

// BenchmarkVerify: exact Jaccard and containment of the LSH candidates (texts read back and
// shingled again, as the pipeline does).
func BenchmarkVerify(b *testing.B) {
	texts := benchTexts(b)
	c, cands := benchCorpus(b, texts, Options{NoReuse: true, Workers: 1})
	b.ReportAllocs()
	for b.Loop() {
		vc := newViewCache(c, viewSet)
		for _, p := range cands {
			if _, err := c.comparePair(vc, int32(p>>32), int32(p&0xffffffff), nil); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(cands))*float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
}

// BenchmarkAlign: passages of the fingerprint candidates and near-duplicates.
func BenchmarkAlign(b *testing.B) {
	texts := benchTexts(b)
	c, _ := benchCorpus(b, texts, Options{Workers: 1})
	nd := newUnionFind(len(c.docs))
	ev, cands := c.evidence(nd.roots())
	b.ReportAllocs()
	for b.Loop() {
		vc := newViewCache(c, viewAlign)
		for _, p := range cands {
			if _, err := c.comparePair(vc, int32(p>>32), int32(p&0xffffffff), ev); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(cands))*float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
}

// BenchmarkDiffDocs is the word diff of near-duplicates (direction's changes): each text
// against itself with every seventh word dropped and every eleventh doubled.
func BenchmarkDiffDocs(b *testing.B) {
	texts := benchTexts(b)
	type pair struct {
		from, to string
		tf, tt   []shingle.Token
		ps       []Passage
	}
	var pairs []pair
	var n int64
	for _, t := range texts {
		tf := shingle.Tokenize(t)
		if len(tf) < 50 {
			continue
		}
		var sb strings.Builder
		for i, tok := range tf {
			if i%7 == 3 {
				continue
			}
			sb.WriteString(t[tok.Start:tok.End])
			if i%11 == 5 {
				sb.WriteString(" " + t[tok.Start:tok.End])
			}
			sb.WriteByte(' ')
		}
		to := sb.String()
		pairs = append(pairs, pair{t, to, tf, shingle.Tokenize(to), nil})
		n += int64(len(t) + len(to))
		if len(pairs) == 2000 {
			break
		}
	}
	b.SetBytes(n)
	b.ResetTimer()
	for range b.N {
		for _, p := range pairs {
			diffDocs("a", "b", p.from, p.to, p.tf, p.tt, p.ps)
		}
	}
}

// BenchmarkSentences: the per-document work of rewritten passages (with Rewrite): cutting the
// tokens into sentences of content words, and their candidate keys.
func BenchmarkSentences(b *testing.B) {
	texts := benchTexts(b)
	type doc struct {
		text   string
		toks   []shingle.Token
		hashes []uint64
	}
	docs := make([]doc, len(texts))
	for i, t := range texts {
		toks := shingle.Tokenize(t)
		hashes := make([]uint64, len(toks))
		for k, tok := range toks {
			hashes[k] = shingle.TokenHash(tok.Norm)
		}
		docs[i] = doc{t, toks, hashes}
	}
	var (
		sents []sentence
		words []uint32
		keys  []uint64
		wc    wordCache
	)
	b.SetBytes(benchtext.Bytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			sents, words = sentencesOf(d.text, d.toks, d.hashes, sents[:0], words, &wc)
			keys = appendSentenceKeys(keys[:0], sents)
		}
	}
	reportDocs(b, len(texts))
}
