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
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			Read(t)
		}
	}
}
