package credit

import (
	"testing"

	"github.com/neardup/neardup/internal/benchtext"
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

// reutersTexts returns the first 2,000 texts of Reuters-21578 (the bundled sample without it:
// benchtext.Texts) and their size in bytes.
func reutersTexts(b *testing.B) ([]string, int) {
	texts := benchtext.Texts(b, "..")
	texts = texts[:min(len(texts), 2000)]
	return texts, int(benchtext.Bytes(texts))
}
