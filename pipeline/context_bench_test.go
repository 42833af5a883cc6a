package pipeline

import (
	"testing"

	"github.com/neardup/neardup/internal/benchtext"
	"github.com/neardup/neardup/shingle"
)

// BenchmarkSample: drawing the context sample of a document from its tokens, word hashes and
// fingerprints (computed before the timer).
func BenchmarkSample(b *testing.B) {
	texts := benchTexts(b)
	type doc struct {
		text  string
		toks  []shingle.Token
		words []uint64
		fps   []shingle.Shingle
	}
	docs := make([]doc, len(texts))
	for i, t := range texts {
		d := &docs[i]
		d.text, d.toks = t, shingle.Tokenize(t)
		var sh []shingle.Shingle
		sh, d.words = shingle.AppendHashesWords(nil, nil, d.toks, DefaultShingle)
		d.fps = shingle.Winnow(sh, DefaultWindow)
	}
	var s sampler
	var dst []sketchEntry
	b.SetBytes(benchtext.Bytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		for i := range docs {
			d := &docs[i]
			dst, _ = s.sample(dst[:0], d.text, d.words, d.toks, d.fps, DefaultShingle)
		}
	}
	reportDocs(b, len(texts))
}

// BenchmarkDFCount: counting the document frequencies of a document's words.
func BenchmarkDFCount(b *testing.B) {
	texts := benchTexts(b)
	type doc struct {
		toks  []shingle.Token
		words []uint64
	}
	docs := make([]doc, len(texts))
	for i, t := range texts {
		docs[i].toks = shingle.Tokenize(t)
		_, docs[i].words = shingle.AppendHashesWords(nil, nil, docs[i].toks, DefaultShingle)
	}
	var d dfCounter
	b.SetBytes(benchtext.Bytes(texts))
	for b.Loop() {
		for i := range docs {
			d.add(docs[i].words, docs[i].toks)
		}
	}
	reportDocs(b, len(texts))
}
