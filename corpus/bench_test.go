package corpus

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
)

const reutersPath = "../../shared/data/reuters21578.jsonl.gz"

var (
	reutersOnce  sync.Once
	reutersModel *Model
	reutersErr   error
)

// reuters returns a model trained on the Reuters corpus, skipping the test when it is absent.
func reuters(tb testing.TB) *Model {
	tb.Helper()
	if _, err := os.Stat(reutersPath); err != nil {
		tb.Skipf("no training data: %v", err)
	}
	reutersOnce.Do(func() { reutersModel, reutersErr = TrainFile(reutersPath) })
	if reutersErr != nil {
		tb.Fatalf("TrainFile(%s): %v", reutersPath, reutersErr)
	}
	return reutersModel
}

// BenchmarkGenerate measures whole articles from the Reuters model, without compression.
func BenchmarkGenerate(b *testing.B) {
	m := reuters(b)
	b.ReportAllocs()
	var bytes int64
	for b.Loop() {
		s, err := Generate(context.Background(), io.Discard, io.Discard, m, Options{N: 2000, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		bytes = s.Bytes
	}
	b.SetBytes(bytes)
	b.ReportMetric(float64(2000*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSentence measures drawing sentences from the Reuters model, per token kept.
func BenchmarkSentence(b *testing.B) {
	m := reuters(b)
	w := newWriter(m, rand.NewPCG(1, 2), nil, DefaultBackoff, DefaultSparseBackoff)
	toks := 0
	for b.Loop() {
		t, _ := w.sentence()
		toks += len(t)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(toks), "ns/token")
}
