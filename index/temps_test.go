package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/neardup/neardup/pipeline"
)

// TestCompactFailsAfterCommit: when the compaction after a commit fails (a full disk), Commit
// says the batch is committed (a *CompactError, not a failed commit), the batch is in the index,
// and the writer lock is released. It was an error like any other, and a nightly job that
// retried added the batch again.
func TestCompactFailsAfterCommit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	var docs []pipeline.Document
	for i := range 10 {
		docs = append(docs, doc(fmt.Sprintf("a%02d", i), article(uint64(i), 300)))
	}
	addBatch(t, path, docs...)
	for i := range docs {
		docs[i].Text = article(uint64(i+1000), 300)
	}
	addBatch(t, path, docs...)

	full := errors.New("no space left on device")
	createTemp = func(string, string) (*os.File, error) { return nil, full }
	defer func() { createTemp = os.CreateTemp }()
	w, err := OpenWriter(path, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	z := pipeline.NewAnalyzer(pipeline.Options{})
	for i := range docs {
		docs[i].Text = article(uint64(i+2000), 300)
		if _, err := w.Add(docs[i], z.Analyze(docs[i].Text)); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := w.Commit()
	var ce *CompactError
	if !errors.As(err, &ce) || !errors.Is(err, full) || ce.Path != path {
		t.Fatalf("Commit: %v, want a *CompactError wrapping %v", err, full)
	}
	if cs.Added != 10 || cs.Replaced != 10 || cs.Compact {
		t.Errorf("CommitStats = %+v, want the commit's: 10 added, 10 replaced, not compacted", cs)
	}
	r := openT(t, path)
	if n, ok, _ := r.Lookup("a03"); !ok {
		t.Error("a03 not in the index")
	} else if text, _ := r.Text(n); text != docs[3].Text {
		t.Error("a03 is not the committed batch's")
	}
	createTemp = os.CreateTemp
	w2, err := OpenWriter(path, WriterOptions{}) // the lock was released
	if err != nil {
		t.Fatalf("writer after a failed compaction: %v", err)
	}
	w2.Close()
}

// TestStaleTempsRemoved: a compaction killed with kill -9 leaves its new file (up to the size of
// the index) beside the index for good; the next writer removes the ones of its index, and
// nothing else.
func TestStaleTempsRemoved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.ndx")
	addBatch(t, path, doc("a1", article(1, 100)))
	old := time.Now().Add(-2 * staleCreateAge)
	files := []struct {
		name  string
		old   bool
		stays bool
	}{
		{".x.ndx.compact-123456", false, false},       // a killed compaction's
		{".x.ndx.compact-98", true, false},            // another, older
		{".x.ndx.new-4242", true, false},              // a killed creation's, long ago
		{".x.ndx.new-777", false, true},               // maybe a creation under way in another process
		{".x.ndx.compact-notes", false, true},         // not a name the index makes
		{".y.ndx.compact-1", false, true},             // another index's
		{"x.ndx.compact-1", false, true},              // not hidden: not ours
		{".x.ndx.compact-", false, true},              // no digits
		{".x.ndx.tmp-5", false, true},                 // scan -o's, not the index's
		{".x.ndx.compact-55.keep", false, true},       // more after the digits
		{".x.ndx.compact-1234567890123", true, false}, // long digits are digits
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte("left over"), 0o644); err != nil {
			t.Fatal(err)
		}
		if f.old {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	addBatch(t, path, doc("a2", article(2, 100)))
	var want []string
	for _, f := range files {
		if f.stays {
			want = append(want, f.name)
		}
	}
	want = append(want, "x.ndx")
	slices.Sort(want)
	var got []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, want) {
		t.Errorf("after a writer: %q\nwant %q", got, want)
	}
}
