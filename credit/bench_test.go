package credit

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"
)

// BenchmarkRead reads Reuters-21578's texts (../shared/data, skipped without it): MB/s of text
// that Read looks at, as scan's reports do for every article holding a passage.
func BenchmarkRead(b *testing.B) {
	texts, size := reutersTexts(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Read(t)
		}
	}
}

// BenchmarkOf classifies each whole text of Reuters-21578 (every paragraph looked at: words,
// quotes, outlets, and whether a wire is credited as a whole), as a report does for an article
// whose passages cover it.
func BenchmarkOf(b *testing.B) {
	texts, size := reutersTexts(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Read(t).Of(0, len(t))
		}
	}
}

// reutersTexts returns the first 2,000 texts of Reuters-21578 and their size in bytes.
func reutersTexts(b *testing.B) ([]string, int) {
	f, err := os.Open("../../shared/data/reuters21578.jsonl.gz")
	if err != nil {
		f, err = os.Open("/work/shared/data/reuters21578.jsonl.gz")
	}
	if err != nil {
		b.Skipf("no Reuters-21578 beside the clone: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	size := 0
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() && len(texts) < 2000 {
		var r struct{ Text string }
		if json.Unmarshal(sc.Bytes(), &r) == nil {
			texts = append(texts, r.Text)
			size += len(r.Text)
		}
	}
	return texts, size
}
