package job

import (
	"slices"
	"testing"
)

// TestSourceSeries: a source's documents, whatever order they come in, give the series lines of
// those that are items of one, and parseSeries reads them back.
func TestSourceSeries(t *testing.T) {
	docs := []Doc{
		{Seq: 5, Source: "ledger", Title: "Valley Markets: week 2"},
		{Seq: 1, Source: "ledger", Title: "Valley Markets: week 1"},
		{Seq: 3, Source: "ledger", Title: "Council votes"},
		{Seq: 4, Source: "ledger", Title: "Mill closes"},
		{Seq: 2, Source: "", Title: "Valley Markets: week 1"},
	}
	by := map[string][]titled{}
	for _, d := range docs {
		keyBySource(d, func(s string, x titled) { by[s] = append(by[s], x) })
	}
	if len(by) != 1 || len(by["ledger"]) != 4 {
		t.Fatalf("keyBySource: %v, want the four documents of ledger alone", by)
	}
	var lines []string
	all := by["ledger"]
	sourceSeries("ledger", func(x *titled) bool {
		if len(all) == 0 {
			return false
		}
		*x, all = all[0], all[1:]
		return true
	}, func(l string) { lines = append(lines, l) })
	want := []string{"1\tvalley markets week", "5\tvalley markets week"}
	if !slices.Equal(lines, want) {
		t.Errorf("sourceSeries = %q, want %q", lines, want)
	}
	for _, l := range lines {
		if err := parseSeries(l, func(seq int64, s string) {
			if (seq != 1 && seq != 5) || s != "valley markets week" {
				t.Errorf("parseSeries(%q) = %d %q", l, seq, s)
			}
		}); err != nil {
			t.Errorf("parseSeries(%q): %v", l, err)
		}
	}
	for _, bad := range []string{"", "x\tvalley", "7", "7\t"} {
		if err := parseSeries(bad, func(int64, string) { t.Errorf("parseSeries(%q) emitted", bad) }); err == nil {
			t.Errorf("parseSeries(%q): no error", bad)
		}
	}
}
