package index

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/pipeline"
)

// vocabulary is a fixed list of made-up words, so that generated articles share only what a
// test plants in them.
var vocabulary = func() []string {
	r := rand.New(rand.NewPCG(1, 2))
	syl := []string{"ka", "lo", "mi", "ne", "tu", "ra", "shi", "vo", "pe", "da", "gri", "sto", "an", "el", "or", "um"}
	seen := map[string]bool{}
	var words []string
	for len(words) < 5000 {
		w := ""
		for range 2 + r.IntN(3) {
			w += syl[r.IntN(len(syl))]
		}
		if !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}()

// article returns n pseudo-random words, the same for the same seed.
func article(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 99))
	var b strings.Builder
	for i := range n {
		if i > 0 {
			if i%12 == 0 {
				b.WriteString(". ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(vocabulary[r.IntN(len(vocabulary))])
	}
	b.WriteByte('.')
	return b.String()
}

// doc makes a document with metadata derived from its id.
func doc(id, text string) pipeline.Document {
	return pipeline.Document{ID: id, Source: "src-" + id[:1], Title: "Title of " + id, URL: "https://example.com/" + id,
		Published: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), Text: text, File: "batch.jsonl", Line: 7}
}

// addBatch adds docs to the index at path in one commit.
func addBatch(t testing.TB, path string, docs ...pipeline.Document) CommitStats {
	t.Helper()
	return addBatchWith(t, path, WriterOptions{}, nil, docs...)
}

// addBatchWith adds docs with a writer of opts in one commit, calling before (unless nil) once
// they are added and before the commit.
func addBatchWith(t testing.TB, path string, opts WriterOptions, before func(*Writer), docs ...pipeline.Document) CommitStats {
	t.Helper()
	w, err := OpenWriter(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	z := pipeline.NewAnalyzer(pipeline.Options{})
	for _, d := range docs {
		if _, err := w.Add(d, z.Analyze(d.Text)); err != nil {
			t.Fatal(err)
		}
	}
	if before != nil {
		before(w)
	}
	cs, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func openT(t testing.TB, path string) *Reader {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func verifyT(t testing.TB, path string) Report {
	t.Helper()
	r := openT(t, path)
	rep, err := r.Verify(true)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return rep
}

func TestAddAndRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	var docs []pipeline.Document
	for i := range 30 {
		docs = append(docs, doc(fmt.Sprintf("a%02d", i), article(uint64(i), 50+10*i)))
	}
	docs[3].Published = time.Date(2024, 3, 5, 14, 30, 0, 0, time.FixedZone("", 3600))
	docs[4].Published = time.Time{}
	docs[5].Text = "Ünïcode “quotes” — and López’s café. " + docs[5].Text
	cs := addBatch(t, path, docs...)
	if cs.Added != 30 || cs.Docs != 30 || cs.Replaced != 0 {
		t.Fatalf("Commit = %+v, want 30 added", cs)
	}
	r := openT(t, path)
	if r.Len() != 30 {
		t.Fatalf("Len() = %d, want 30", r.Len())
	}
	z := pipeline.NewAnalyzer(pipeline.Options{})
	for _, d := range docs {
		n, ok, err := r.Lookup(d.ID)
		if err != nil || !ok {
			t.Fatalf("Lookup(%q) = %d, %v, %v", d.ID, n, ok, err)
		}
		got, meta, err := r.Document(n)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != d.Text || got.ID != d.ID || got.Source != d.Source || got.Title != d.Title || got.URL != d.URL {
			t.Errorf("Document(%d) = %+v, want %+v", n, got, d)
		}
		if !got.Published.Equal(d.Published) || got.Published.Format(time.RFC3339) != d.Published.Format(time.RFC3339) ||
			(d.Published.Location() == time.UTC) != (got.Published.Location() == time.UTC) {
			t.Errorf("%s: published %v, want %v", d.ID, got.Published, d.Published)
		}
		if meta.Where != "batch.jsonl:7" || meta.Bytes != len(d.Text) {
			t.Errorf("%s: meta %+v", d.ID, meta)
		}
		a, err := r.Analysis(n)
		if want := z.Analyze(d.Text); err != nil || !slices.Equal(a.BandKeys, want.BandKeys) ||
			!slices.Equal(a.Fingerprints, want.Fingerprints) || a.Words != want.Words || a.Exact != want.Exact {
			t.Errorf("%s: Analysis differs from Analyze (err %v)", d.ID, err)
		}
	}
	if _, ok, _ := r.Lookup("nope"); ok {
		t.Error(`Lookup("nope") found something`)
	}
	rep := verifyT(t, path)
	if rep.Docs != 30 || rep.Segments != 1 {
		t.Errorf("Verify = %+v", rep)
	}
}

func TestReplaceSkipRemove(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	addBatch(t, path, doc("a1", article(1, 80)), doc("a2", article(2, 80)), doc("a3", article(3, 80)))
	cs := addBatch(t, path, doc("a2", article(20, 60)), doc("a4", article(4, 80)))
	if cs.Added != 2 || cs.Replaced != 1 || cs.Docs != 4 {
		t.Fatalf("replace: %+v", cs)
	}
	r := openT(t, path)
	n, _, _ := r.Lookup("a2")
	if text, _ := r.Text(n); text != article(20, 60) {
		t.Errorf("a2 was not replaced")
	}
	// --skip-existing keeps the old one
	w, err := OpenWriter(path, WriterOptions{SkipExisting: true})
	if err != nil {
		t.Fatal(err)
	}
	z := pipeline.NewAnalyzer(pipeline.Options{})
	if res, err := w.Add(doc("a1", article(10, 60)), z.Analyze(article(10, 60))); err != nil || res != Skipped {
		t.Fatalf("Add with SkipExisting = %v, %v; want Skipped", res, err)
	}
	if _, err := w.Add(doc("a5", article(5, 60)), z.Analyze(article(5, 60))); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Add(doc("a5", article(6, 60)), z.Analyze(article(6, 60))); err == nil {
		t.Error("the same id twice in one batch: no error")
	}
	if cs, err := w.Commit(); err != nil || cs.Skipped != 1 || cs.Added != 1 || cs.Docs != 5 {
		t.Fatalf("Commit = %+v, %v", cs, err)
	}
	// remove
	w, err = OpenWriter(path, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]bool{"a1": true, "a9": false, "a4": true} {
		if ok, err := w.Remove(id); ok != want || err != nil {
			t.Errorf("Remove(%q) = %v, %v; want %v", id, ok, err, want)
		}
	}
	if cs, err := w.Commit(); err != nil || cs.Removed != 2 || cs.Docs != 3 {
		t.Fatalf("Commit = %+v, %v", cs, err)
	}
	r = openT(t, path)
	var ids []string
	r.EachDoc(func(d Doc) error { ids = append(ids, d.ID); return nil })
	if want := []string{"a3", "a2", "a5"}; !slices.Equal(ids, want) {
		t.Errorf("live ids = %q, want %q", ids, want)
	}
	if rep := verifyT(t, path); rep.Removed != 3 {
		t.Errorf("Verify: %d removed, want 3 (a2 replaced, a1 and a4 removed)", rep.Removed)
	}
}

func TestSegmentsMerge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	id := 0
	var removed []string
	for b := range 17 {
		var docs []pipeline.Document
		for range 5 {
			docs = append(docs, doc(fmt.Sprintf("d%03d", id), article(uint64(id), 60)))
			id++
		}
		addBatch(t, path, docs...)
		if b%3 == 1 { // remove one document of an earlier batch now and then
			w, err := OpenWriter(path, WriterOptions{NoCompact: true})
			if err != nil {
				t.Fatal(err)
			}
			victim := fmt.Sprintf("d%03d", b*2)
			if ok, err := w.Remove(victim); !ok || err != nil {
				t.Fatalf("Remove(%s) = %v, %v", victim, ok, err)
			}
			removed = append(removed, victim)
			if _, err := w.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		verifyT(t, path)
	}
	r := openT(t, path)
	levels := r.Stats().Segments
	// 17 batches: four merged into level 1 four times (16), then the four level 1 into level 2
	if want := []int{2, 0}; !slices.Equal(levels, want) {
		t.Errorf("segment levels = %v, want %v", levels, want)
	}
	if r.Len() != 85-len(removed) {
		t.Errorf("Len() = %d, want %d", r.Len(), 85-len(removed))
	}
	z := pipeline.NewAnalyzer(pipeline.Options{})
	for i := range 85 {
		id := fmt.Sprintf("d%03d", i)
		n, ok, err := r.Lookup(id)
		if ok == slices.Contains(removed, id) || err != nil {
			t.Errorf("Lookup(%s) = %v, %v", id, ok, err)
			continue
		}
		if !ok {
			continue
		}
		cands := r.Candidates(z.Analyze(article(uint64(i), 60)), "", pipeline.Options{})
		if !slices.Contains(cands, n) {
			t.Errorf("%s is not a candidate of its own text: %v", id, cands)
		}
	}
	// merges dropped the postings of removed documents
	if st := r.Stats(); st.Postings[postIDs] >= 85 {
		t.Errorf("%d id postings: removed documents' were not dropped by merges", st.Postings[postIDs])
	}
}

func TestRelated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	base := article(100, 300)
	words := strings.Fields(base)
	quote := strings.Join(words[100:130], " ")
	truncated := strings.Join(words[:140], " ")
	rewrite := article(200, 150) + " " + quote + " " + article(201, 100)
	addBatch(t, path, doc("orig", base), doc("other", article(300, 300)), doc("trunc", truncated), doc("rewrite", rewrite))
	r := openT(t, path)
	var opts pipeline.Options
	r.Params().Apply(&opts)
	draft := doc("draft", strings.Join(words[:150], " ")+" "+article(400, 100))
	ms, err := r.Related(draft, pipeline.NewAnalyzer(opts).Analyze(draft.Text), opts, MatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, fmt.Sprintf("%s %s", m.Doc.ID, m.Pair.Relation))
		if m.Pair.A != "draft" || m.Pair.B != m.Doc.ID {
			t.Errorf("pair %s~%s, want draft first", m.Pair.A, m.Pair.B)
		}
		for _, p := range m.Pair.Passages {
			if draft.Text[p.AStart:p.AEnd] != p.AText {
				t.Errorf("passage AText %q is not the draft's text at %d:%d", p.AText, p.AStart, p.AEnd)
			}
		}
	}
	// sorted by the draft's coverage: the truncated copy covers as much as the original
	want := []string{"orig reuse", "trunc near-duplicate", "rewrite reuse"}
	if len(got) != 3 || !slices.Contains(got, want[0]) || !slices.Contains(got, want[1]) || got[2] != want[2] {
		t.Errorf("Related = %q, want %q in coverage order", got, want)
	}
	for i := 1; i < len(ms); i++ {
		if ms[i].Pair.CoverageA > ms[i-1].Pair.CoverageA {
			t.Errorf("not sorted by coverage: %v", got)
		}
	}
	// the draft itself, indexed, is skipped on request
	self := doc("orig", base)
	ms, _ = r.Related(self, pipeline.NewAnalyzer(opts).Analyze(base), opts, MatchOptions{IndexedFirst: true,
		Skip: func(d Doc) bool { return d.ID == self.ID }})
	for _, m := range ms {
		if m.Doc.ID == "orig" || m.Pair.B != "orig" {
			t.Errorf("Related with Skip and IndexedFirst: pair %s~%s", m.Pair.A, m.Pair.B)
		}
	}
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestNotAnIndex(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ndx")
	addBatch(t, good, doc("a1", article(1, 200)), doc("a2", article(2, 200)))
	valid, _ := os.ReadFile(good)
	rnd := make([]byte, 64<<10)
	for i := range rnd {
		rnd[i] = byte(rand.IntN(256))
	}
	otherVersion := slices.Clone(valid)
	copy(otherVersion, encodeHeaderVersion(7))
	badManifest := slices.Clone(valid)
	s := decodeSlot(valid[slotOff+pageSize:], 1) // commit 2 (the batch) is in slot 0, commit 1 in slot 1
	if s2 := decodeSlot(valid[slotOff:], 0); s2.seq > s.seq {
		s = s2
	}
	badManifest[s.manOff+2] ^= 0xff
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"text", []byte("this is a plain text file\nnot an index\n"), ErrNotIndex},
		{"empty", nil, ErrNotIndex},
		{"random", rnd, ErrNotIndex},
		{"header only", valid[:100], ErrCorrupt},
		{"truncated", valid[:len(valid)-100], ErrCorrupt},
		{"version 7", otherVersion, ErrVersion},
		{"manifest checksum", badManifest, ErrCorrupt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-"))
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			before := fileHash(t, path)
			if _, err := Open(path); !errors.Is(err, tc.want) {
				t.Errorf("Open: %v, want %v", err, tc.want)
			}
			if w, err := OpenWriter(path, WriterOptions{}); !errors.Is(err, tc.want) {
				t.Errorf("OpenWriter: %v, want %v", err, tc.want)
				if err == nil {
					w.Close()
				}
			}
			if _, err := Compact(path, false); !errors.Is(err, tc.want) {
				t.Errorf("Compact: %v, want %v", err, tc.want)
			}
			if fileHash(t, path) != before {
				t.Error("the file was modified")
			}
		})
	}
	if _, err := Open(filepath.Join(dir, "missing.ndx")); !errors.Is(err, ErrNotExist) {
		t.Errorf("Open(missing): %v, want ErrNotExist", err)
	}
	_, err := Open(filepath.Join(dir, "version-7"))
	if err == nil || !strings.Contains(err.Error(), "rebuild the index") {
		t.Errorf("the version error does not say what to do: %v", err)
	}
}

// encodeHeaderVersion is encodeHeader with another version.
func encodeHeaderVersion(v uint32) []byte {
	b := encodeHeader()
	binary.LittleEndian.PutUint32(b[16:], v)
	binary.LittleEndian.PutUint32(b[24:], crc32.ChecksumIEEE(b[:24]))
	return b
}

func TestCorruptionFoundByVerify(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.ndx")
	addBatch(t, path, doc("a1", article(1, 300)), doc("a2", article(2, 300)))
	valid, _ := os.ReadFile(path)
	r := openT(t, path)
	c := r.m.chunks[0]
	sg := r.m.segments[0]
	tests := []struct {
		name string
		off  uint64
	}{
		{"text", c.textsOff + 10},
		{"record", c.recsOff + 3},
		{"postings", sg.fps.off + 12},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := slices.Clone(valid)
			b[tc.off] ^= 0x55
			p := filepath.Join(dir, tc.name)
			os.WriteFile(p, b, 0o644)
			r, err := Open(p)
			if err != nil {
				return // found at open: fine
			}
			defer r.Close()
			if _, err := r.Verify(false); !errors.Is(err, ErrCorrupt) {
				t.Errorf("Verify after flipping a byte of the %s: %v, want ErrCorrupt", tc.name, err)
			}
		})
	}
}

func TestWriterLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	addBatch(t, path, doc("a1", article(1, 100)))
	w1, err := OpenWriter(path, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenWriter(path, WriterOptions{}); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "--wait") {
		t.Fatalf("second writer: %v, want ErrLocked naming --wait", err)
	}
	got := make(chan error, 1)
	go func() {
		w2, err := OpenWriter(path, WriterOptions{Wait: true})
		if err == nil {
			_, err = w2.Add(doc("a3", article(3, 100)), pipeline.NewAnalyzer(pipeline.Options{}).Analyze(article(3, 100)))
			if err == nil {
				_, err = w2.Commit()
			}
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("a waiting writer did not wait: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	z := pipeline.NewAnalyzer(pipeline.Options{})
	if _, err := w1.Add(doc("a2", article(2, 100)), z.Analyze(article(2, 100))); err != nil {
		t.Fatal(err)
	}
	if _, err := w1.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Fatalf("waiting writer: %v", err)
	}
	if r := openT(t, path); r.Len() != 3 {
		t.Errorf("Len() = %d, want 3: both writers' batches", r.Len())
	}
}

func TestReaderWhileWriting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	addBatch(t, path, doc("a1", article(1, 100)))
	w, err := OpenWriter(path, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	z := pipeline.NewAnalyzer(pipeline.Options{})
	for i := 2; i < 50; i++ {
		if _, err := w.Add(doc(fmt.Sprintf("a%d", i), article(uint64(i), 300)), z.Analyze(article(uint64(i), 300))); err != nil {
			t.Fatal(err)
		}
	}
	r := openT(t, path) // while the writer has written texts past the committed end
	if r.Len() != 1 {
		t.Errorf("reader during a batch: Len() = %d, want 1", r.Len())
	}
	if _, err := r.Verify(true); err != nil {
		t.Errorf("Verify during a batch: %v", err)
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if r.Len() != 1 {
		t.Errorf("an open reader saw the commit")
	}
	if r2 := openT(t, path); r2.Len() != 49 {
		t.Errorf("after commit: Len() = %d, want 49", r2.Len())
	}
}

func TestUncommittedBatchDropped(t *testing.T) {
	smallAppendBuffer(t)
	path := filepath.Join(t.TempDir(), "x.ndx")
	addBatch(t, path, doc("a1", article(1, 100)))
	size := func() int64 { fi, _ := os.Stat(path); return fi.Size() }
	committed := size()
	w, err := OpenWriter(path, WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	z := pipeline.NewAnalyzer(pipeline.Options{})
	for i := range 40 { // over the append buffer, so that texts reach the file
		if _, err := w.Add(doc(fmt.Sprintf("b%d", i), article(uint64(i+10), 300)), z.Analyze(article(uint64(i+10), 300))); err != nil {
			t.Fatal(err)
		}
	}
	if size() <= committed {
		t.Fatal("the batch wrote nothing before Commit: the test is void")
	}
	w.Close() // as if the process died: no commit
	if r := openT(t, path); r.Len() != 1 {
		t.Fatalf("after an uncommitted batch: Len() = %d, want 1", r.Len())
	}
	verifyT(t, path)
	addBatch(t, path, doc("a2", article(2, 100)))
	if r := openT(t, path); r.Len() != 2 {
		t.Errorf("Len() = %d, want 2", r.Len())
	}
	verifyT(t, path)
}

func TestTornSlot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	addBatch(t, path, doc("a1", article(1, 100)))
	addBatch(t, path, doc("a2", article(2, 100)))
	r := openT(t, path)
	latest := r.slot
	r.Close()
	// tear the latest commit slot: the one before is in force
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte("torn"), slotOff+int64(latest.slotIndex)*pageSize+20)
	f.Close()
	r = openT(t, path)
	if r.slot.seq != latest.seq-1 || r.Len() != 1 {
		t.Errorf("torn slot: commit %d with %d documents, want commit %d with 1", r.slot.seq, r.Len(), latest.seq-1)
	}
	rep := verifyT(t, path)
	if len(rep.Notes) != 1 {
		t.Errorf("Verify notes = %q, want one about the torn slot", rep.Notes)
	}
	// the next commit overwrites the torn slot
	addBatch(t, path, doc("a3", article(3, 100)))
	if r := openT(t, path); r.Len() != 2 {
		t.Errorf("Len() = %d, want 2 (a1, a3)", r.Len())
	}
}

func TestCompact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	var docs []pipeline.Document
	for i := range 40 {
		docs = append(docs, doc(fmt.Sprintf("a%02d", i), article(uint64(i), 200)))
	}
	addBatch(t, path, docs...)
	w, err := OpenWriter(path, WriterOptions{NoCompact: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 40; i += 2 {
		w.Remove(fmt.Sprintf("a%02d", i))
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	old := openT(t, path)
	before, _ := os.Stat(path)
	cs, err := Compact(path, false)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(path)
	if cs.Docs != 20 || after.Size() >= before.Size() || cs.Size != after.Size() {
		t.Errorf("Compact = %+v: size %d -> %d", cs, before.Size(), after.Size())
	}
	rep := verifyT(t, path)
	if rep.Docs != 20 || rep.Removed != 0 {
		t.Errorf("after Compact: %+v", rep)
	}
	r := openT(t, path)
	for i := 1; i < 40; i += 2 {
		n, ok, _ := r.Lookup(fmt.Sprintf("a%02d", i))
		if text, err := r.Text(n); !ok || err != nil || text != docs[i].Text {
			t.Errorf("a%02d after Compact: %v, %v", i, ok, err)
		}
	}
	// a reader opened before goes on with the old file
	if _, err := old.Verify(false); err != nil || old.Len() != 20 {
		t.Errorf("old reader after Compact: %d documents, %v", old.Len(), err)
	}
	// and writers go on with the new one
	addBatch(t, path, doc("b1", article(77, 100)))
	verifyT(t, path)
}

func TestAutoCompact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	var docs []pipeline.Document
	for i := range 20 {
		docs = append(docs, doc(fmt.Sprintf("a%02d", i), article(uint64(i), 300)))
	}
	addBatch(t, path, docs...)
	for i := range docs { // replace everything, three times: dead bytes outgrow live ones
		docs[i].Text = article(uint64(i+1000), 300)
	}
	addBatch(t, path, docs...)
	cs := addBatch(t, path, docs...)
	if !cs.Compact {
		t.Errorf("no compaction after replacing every document twice: %+v", cs)
	}
	if rep := verifyT(t, path); rep.Docs != 20 || rep.Removed != 0 {
		t.Errorf("after auto-compaction: %+v", rep)
	}
}

func TestCreateConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	errs := make(chan error, 4)
	for i := range 4 {
		go func() {
			w, err := OpenWriter(path, WriterOptions{Wait: true})
			if err == nil {
				_, err = w.Add(doc(fmt.Sprintf("a%d", i), article(uint64(i), 100)),
					pipeline.NewAnalyzer(pipeline.Options{}).Analyze(article(uint64(i), 100)))
				if err == nil {
					_, err = w.Commit()
				}
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if r := openT(t, path); r.Len() != 4 {
		t.Errorf("Len() = %d, want 4", r.Len())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// FuzzOpen: no input file makes Open or Verify panic.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "seed.ndx")
	addBatch(f, path, doc("a1", article(1, 60)), doc("a2", article(2, 60)))
	seed, _ := os.ReadFile(path)
	f.Add(seed, 0, byte(0))
	f.Add(seed, dataOff+5, byte(0xff))
	f.Add(seed[:dataOff+40], 0, byte(0))
	// an index with sentence keys (made with rewritten passages looked for, the default)
	rw := pipeline.Options{}
	pathRW := filepath.Join(dir, "rw.ndx")
	w, err := OpenWriter(pathRW, WriterOptions{Params: ParamsOf(rw)})
	if err != nil {
		f.Fatal(err)
	}
	z := pipeline.NewAnalyzer(rw)
	for _, d := range []pipeline.Document{doc("r1", ferryArticle), doc("r2", article(3, 80))} {
		if _, err := w.Add(d, z.Analyze(d.Text)); err != nil {
			f.Fatal(err)
		}
	}
	if _, err := w.Commit(); err != nil {
		f.Fatal(err)
	}
	seedRW, _ := os.ReadFile(pathRW)
	f.Add(seedRW, 0, byte(0))
	f.Add(seedRW, len(seedRW)-200, byte(0x10))
	draft := z.Analyze(ferryDraft)
	f.Fuzz(func(t *testing.T, data []byte, at int, x byte) {
		if at >= 0 && at < len(data) {
			data = bytes.Clone(data)
			data[at] ^= x
		}
		p := filepath.Join(t.TempDir(), "f.ndx")
		os.WriteFile(p, data, 0o644)
		r, err := Open(p)
		if err != nil {
			return
		}
		defer r.Close()
		r.Verify(true)
		r.Candidates(pipeline.Analysis{BandKeys: []uint32{1, 2}, Fingerprints: []uint32{3}}, "src-a", pipeline.Options{})
		r.Candidates(draft, "", rw)
		r.Lookup("a1")
	})
}

// smallAppendBuffer makes the append buffer small for the test, so that few documents overflow it.
func smallAppendBuffer(t *testing.T) {
	old := appendBuf
	appendBuf = 4 << 10
	t.Cleanup(func() { appendBuf = old })
}

// TestAppendAcrossBuffer is the regression test for writes that overflowed the append buffer:
// they were placed len(b) bytes too far, so records read back as garbage once a batch passed 1 MiB.
func TestAppendAcrossBuffer(t *testing.T) {
	smallAppendBuffer(t)
	path := filepath.Join(t.TempDir(), "x.ndx")
	var docs []pipeline.Document
	for i := range 60 {
		docs = append(docs, doc(fmt.Sprintf("a%03d", i), article(uint64(i), 300)))
	}
	docs[30].Text = article(9999, 3000) // one text larger than the buffer by itself
	addBatch(t, path, docs...)
	verifyT(t, path)
	r := openT(t, path)
	for _, d := range docs {
		n, ok, err := r.Lookup(d.ID)
		if err != nil || !ok {
			t.Fatalf("Lookup(%s): %v, %v", d.ID, ok, err)
		}
		if text, err := r.Text(n); err != nil || text != d.Text {
			t.Fatalf("Text(%s): %v", d.ID, err)
		}
	}
}

// TestAppender: whatever the sizes of the writes, the file holds them in order.
func TestAppender(t *testing.T) {
	smallAppendBuffer(t)
	f, err := os.Create(filepath.Join(t.TempDir(), "a"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	app := appender{f: f, off: 100}
	want := make([]byte, 100)
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		b := make([]byte, rng.IntN(3*appendBuf))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		app.write(b)
		want = append(want, b...)
		if rng.IntN(5) == 0 {
			app.align()
			for len(want)%8 != 0 {
				want = append(want, 0)
			}
		}
	}
	if err := app.flush(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(f.Name())
	if app.off != uint64(len(want)) || !bytes.Equal(got[100:], want[100:]) {
		t.Errorf("file differs from the writes (%d bytes, want %d)", len(got), len(want))
	}
}

// TestBoilerplate: an outlet's newsletter box, in many of its unrelated articles, makes no match;
// a real quote shared with one of them does, and its passages and coverage leave the box out.
func TestBoilerplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	box := "Sign up to the Morning Ledger briefing and get the stories that matter delivered to your inbox every weekday before breakfast."
	var docs []pipeline.Document
	for i := range 6 {
		d := doc(fmt.Sprintf("m%d", i), box+" "+article(uint64(500+i), 200))
		d.Source = "ledger"
		docs = append(docs, d)
	}
	addBatch(t, path, docs...)
	r := openT(t, path)
	var opts pipeline.Options
	r.Params().Apply(&opts)
	z := pipeline.NewAnalyzer(opts)
	quote := strings.Join(strings.Fields(docs[2].Text)[40:70], " ")
	tests := []struct {
		name, source, text string
		want               []string
	}{
		{"own box", "ledger", article(900, 150) + " " + box, nil},
		{"box elsewhere", "gazette", box + " " + article(901, 150), nil},
		{"box and quote", "ledger", box + " " + article(902, 100) + " " + quote + " " + article(903, 50), []string{"m2"}},
		{"quote, no source", "", article(904, 100) + " " + quote + " " + box, []string{"m2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := pipeline.Document{ID: "draft", Source: tc.source, Text: tc.text}
			a := z.Analyze(d.Text)
			ms, err := r.Related(d, a, opts, MatchOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range ms {
				got = append(got, m.Doc.ID)
				for _, p := range m.Pair.Passages {
					if strings.Contains(p.AText, "briefing") || p.AText != d.Text[p.AStart:p.AEnd] {
						t.Errorf("passage %q: the box is in it, or it is not the draft's text", p.AText)
					}
				}
				if want := 30.0 / float64(a.Words); m.Pair.CoverageA > want+0.01 {
					t.Errorf("coverage %.3f, want about %.3f: the box counted", m.Pair.CoverageA, want)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Related = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestPostingsAcrossFences: a key held by more documents than a fence stands for is found whole,
// whichever block it starts in, and keys between fences are found too.
func TestPostingsAcrossFences(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	common := article(7, 40)
	var docs []pipeline.Document
	for i := range 300 {
		docs = append(docs, doc(fmt.Sprintf("c%03d", i), article(uint64(i+100), 10)+" "+common))
	}
	addBatch(t, path, docs...)
	r := openT(t, path)
	z := pipeline.NewAnalyzer(pipeline.Options{})
	a := z.Analyze(common)
	for _, f := range a.Fingerprints[:3] {
		var got []uint32
		r.postings(postFPs, f, func(n uint32) { got = append(got, n) })
		if len(got) != 300 || !slices.IsSorted(got) {
			t.Errorf("fingerprint %08x: %d postings, want 300 in order", f, len(got))
		}
	}
	// every posting of every section is found by its key
	for kind := range 3 {
		sec := r.m.segments[0].sections()[kind]
		b := r.data[sec.off : sec.off+8*sec.n]
		for j := 0; j < len(b); j += 8 * 37 {
			v := binary.LittleEndian.Uint64(b[j:])
			found := false
			r.postings(kind, uint32(v>>32), func(n uint32) { found = found || n == uint32(v) })
			if !found {
				t.Fatalf("%s posting %d (%016x) not found by its key", kindName[kind], j/8, v)
			}
		}
	}
	if _, ok, _ := r.Lookup("c299"); !ok {
		t.Error("Lookup(c299) failed")
	}
}

// FuzzDecode: manifests and records, whatever their bytes (the checksums that guard them in a
// file are bypassed here), decode to an error or to values that check accepts, never a panic.
func FuzzDecode(f *testing.F) {
	m := &manifest{params: ParamsOf(pipeline.Options{}), sources: []string{"", "a"}, nextDoc: 2, live: 1,
		chunks:   []chunk{{first: 0, n: 2, textsOff: dataOff, textsLen: 10, recsOff: dataOff + 16, recsLen: 20, tableOff: dataOff + 40, srcOff: dataOff + 56}},
		segments: []segment{{first: 0, end: 2, bands: section{off: dataOff + 64, n: 1, fence: dataOff + 72}}},
		removed:  []uint32{1}, history: []CommitLog{{Seq: 1, Added: 2, Live: 1}}}
	f.Add(m.encode())
	var e encoder
	rec := record{doc: doc("a1", "x"), where: "f:1", words: 1, length: 1, bands: []uint32{1, 2}, fps: []uint32{3, 9}}
	rec.encode(&e)
	f.Add(e.b)
	m.params.HTMLTextUnrecorded = true
	f.Add(m.encode())
	rec.doc.Author = "Jane Doe"
	var e3 encoder
	rec.encode(&e3)
	f.Add(e3.b)
	// version 4: sentence keys in the params, the segments and the records
	m.params.HTMLTextUnrecorded, m.params.Rewrite = false, true
	m.segments[0].sents = section{off: dataOff + 80, n: 2, fence: dataOff + 96}
	f.Add(m.encode())
	rec.sents = []uint32{5, 7, 1 << 31}
	var e4 encoder
	rec.encode(&e4)
	f.Add(e4.b)
	// version 5: the story of a record, and its postings
	m.segments[0].stories = section{off: dataOff + 112, n: 1, fence: dataOff + 120}
	f.Add(m.encode())
	rec.story = "a1"
	var e5 encoder
	rec.encode(&e5)
	f.Add(e5.b)
	f.Fuzz(func(t *testing.T, b []byte) {
		for v := oldestVersion; v <= Version; v++ {
			if m, err := decodeManifest(b, v); err == nil {
				m.check(dataOff + 1<<20)
				m.encode()
			}
			for _, p := range []part{partMeta, partBands, partAll, partBandKeys, partFPs} {
				decodeRecord(b, p, v)
			}
			// a record that decodes whole gives the same fingerprints read alone
			if all, err := decodeRecord(b, partAll, v); err == nil {
				fp, err := decodeRecord(b, partFPs, v)
				if err != nil || fp.exact != all.exact || !slices.Equal(fp.fps, all.fps) {
					t.Fatalf("version %d: fingerprints alone %v, %x (%v); whole %v, %x", v, fp.fps, fp.exact, err, all.fps, all.exact)
				}
			}
		}
	})
}
