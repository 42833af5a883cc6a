package pipeline

import (
	"fmt"
	"math/rand/v2"
	"slices"
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
	var d DFCounts
	var slots []uint32
	b.SetBytes(benchtext.Bytes(texts))
	for b.Loop() {
		for i := range docs {
			slots = appendDFSlots(slots[:0], docs[i].words, docs[i].toks)
			d.Add(slots)
		}
	}
	reportDocs(b, len(texts))
}

// overlapSamples are pairs of random weighted-word sets of a context sample's size, half of
// their keys in common.
func overlapSamples(n int) [][2][]uint32 {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([][2][]uint32, n)
	for k := range out {
		for s := range 2 {
			var w []uint32
			for range 48 {
				key := rng.Uint32N(1 << 12) // a narrow range, so that many keys are shared
				w = append(w, key<<20|rng.Uint32N(1<<12)<<8|rng.Uint32N(256))
			}
			slices.Sort(w)
			w = slices.CompactFunc(w, func(x, y uint32) bool { return x>>8 == y>>8 })
			out[k][s] = w
		}
	}
	return out
}

// BenchmarkOverlap: comparing two context samples (the merge sampleSimilarity makes per
// stratum), over the whole range and below half of it.
func BenchmarkOverlap(b *testing.B) {
	ps := overlapSamples(1024)
	for _, end := range []uint32{1 << 24, 1 << 23} {
		b.Run(fmt.Sprintf("end=%#x", end), func(b *testing.B) {
			sink := 0
			for b.Loop() {
				for _, p := range ps {
					sink += overlap(p[0], p[1], end).inter
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ps)), "ns/pair")
			_ = sink
		})
	}
}
