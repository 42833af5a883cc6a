// Package benchtext loads realistic article texts for benchmarks: Reuters-21578 from the shared
// evaluation data beside the checkout when it is there, else the bundled sample articles. It
// also makes up articles of a market wire for tests of word weights (MarketArticle).
package benchtext

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Texts returns the texts of Reuters-21578 (../shared/data relative to the repository root) or,
// when that is absent, of testdata/sample. root is the repository root relative to the calling
// package's directory (".." for a package one level down). It skips the benchmark when neither
// is found.
func Texts(tb testing.TB, root string) []string {
	tb.Helper()
	var texts []string
	if f, err := os.Open(filepath.Join(root, "..", "shared", "data", "reuters21578.jsonl.gz")); err == nil {
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var rec struct{ Text string }
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				tb.Fatal(err)
			}
			texts = append(texts, rec.Text)
		}
		return texts
	}
	filepath.WalkDir(filepath.Join(root, "testdata", "sample"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if data, err := os.ReadFile(p); err == nil {
				texts = append(texts, string(data))
			}
		}
		return nil
	})
	if len(texts) == 0 {
		tb.Skip("no texts: neither ../shared/data nor testdata/sample")
	}
	return texts
}

// Bytes returns the total length of the texts, for testing.B.SetBytes.
func Bytes(texts []string) int64 {
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	return n
}
