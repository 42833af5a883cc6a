package index

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// TestStale: a reader is not stale while a batch is written, is stale once it commits and once
// compaction replaces the file, and a reader opened then sees the new state.
func TestStale(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	addBatch(t, path, doc("a1", article(1, 100)))
	r := openT(t, path)
	stale := func(r *Reader, want bool, when string) {
		t.Helper()
		got, err := r.Stale()
		if err != nil {
			t.Fatalf("Stale %s: %v", when, err)
		}
		if got != want {
			t.Errorf("Stale() %s = %v, want %v", when, got, want)
		}
	}
	stale(r, false, "after opening")
	w, err := OpenWriter(path, WriterOptions{NoCompact: true})
	if err != nil {
		t.Fatal(err)
	}
	z := pipeline.NewAnalyzer(pipeline.Options{})
	for i := 2; i < 30; i++ {
		if _, err := w.Add(doc(fmt.Sprintf("a%d", i), article(uint64(i), 300)), z.Analyze(article(uint64(i), 300))); err != nil {
			t.Fatal(err)
		}
	}
	stale(r, false, "while a batch is written")
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	stale(r, true, "after a commit")
	r2 := openT(t, path)
	stale(r2, false, "reopened")
	if r2.Len() != 29 {
		t.Errorf("reopened: Len() = %d, want 29", r2.Len())
	}
	w, err = OpenWriter(path, WriterOptions{NoCompact: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := 2; i < 30; i += 2 {
		w.Remove(fmt.Sprintf("a%d", i))
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	r3 := openT(t, path)
	if _, err := Compact(path, false); err != nil {
		t.Fatal(err)
	}
	stale(r3, true, "after compaction replaced the file")
	stale(openT(t, path), false, "opened after compaction")
}
