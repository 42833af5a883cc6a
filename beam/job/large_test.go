package job

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/pipeline"
)

// TestSameAsScanLarge compares neardup-beam's report with neardup scan's, byte for byte, on
// Reuters-21578 and on the synthetic corpus of 20,000 articles generated from it (cmd/corpus's
// defaults, seed 1: out/corpus/synthetic-20000.jsonl.gz of make corpus N=20000), by default,
// and without rewritten passages too when NEARDUP_PARITY_ALL is set. It needs ../shared (CI has
// it; a user's clone does not) and minutes, not seconds: -short skips it (make beam-test), make
// beam-parity runs it.
func TestSameAsScanLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: make beam-parity runs it")
	}
	reuters := filepath.Join("..", "..", "..", "shared", "data", "reuters21578.jsonl.gz")
	if _, err := os.Stat(reuters); err != nil {
		t.Skipf("%s: %v", reuters, err)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(8 << 30) // prism holds every element in this process
	}
	synthetic := filepath.Join(t.TempDir(), "synthetic-20000.jsonl.gz")
	generate(t, reuters, synthetic, 20000)
	corpora := []struct{ name, path string }{{"reuters", reuters}, {"synthetic-20000", synthetic}}
	modes := []struct {
		name string
		opts pipeline.Options
	}{
		{"default", pipeline.Options{}},
	}
	if os.Getenv("NEARDUP_PARITY_ALL") != "" { // 95 s more; make beam-test covers the mode on small corpora
		modes = append(modes, struct {
			name string
			opts pipeline.Options
		}{"no-rewrite", pipeline.Options{NoRewrite: true}})
	}
	for _, c := range corpora {
		for _, m := range modes {
			t.Run(c.name+"/"+m.name, func(t *testing.T) {
				start := time.Now()
				want, stats := local(t, []string{c.path}, m.opts)
				scan := time.Since(start)
				start = time.Now()
				st, got := runPrism(t, c.path, ConfigOf(m.opts))
				t.Logf("%d documents, %d pairs, %d candidates from fingerprints, %d shared passages of three documents or more; scan %v, prism %v",
					st.Docs, st.Pairs, st.Candidates, recurringRecords(t, want), scan.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
				if st.Pairs == 0 {
					t.Fatal("no pair: the comparison would prove nothing")
				}
				if st.Candidates != stats.FPCandidates {
					t.Errorf("%d candidate pairs from passage fingerprints, neardup scan %d", st.Candidates, stats.FPCandidates)
				}
				if !bytes.Equal(got, want) {
					diffLines(t, got, want)
				}
			})
		}
	}
}

// generate writes the synthetic corpus of n articles that cmd/corpus writes by default (seed 1),
// trained on train, to path (gzipped).
func generate(t *testing.T, train, path string, n int) {
	t.Helper()
	m, err := corpus.TrainFile(train)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := corpus.Generate(context.Background(), zw, nil, m, corpus.Options{N: n, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
