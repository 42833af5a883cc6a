package index

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
)

// oldArticles reads testdata/old-articles.jsonl, the articles the old-version fixtures hold.
func oldArticles(t *testing.T) []pipeline.Document {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "old-articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []pipeline.Document
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		var a struct {
			ID, Source, Title, Published, URL, Text string
			Author                                  json.RawMessage // a string, or a list of them
		}
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		d := pipeline.Document{ID: a.ID, Source: a.Source, Title: a.Title, URL: a.URL, Text: a.Text}
		var names []string
		if json.Unmarshal(a.Author, &d.Author) != nil && json.Unmarshal(a.Author, &names) == nil {
			d.Author = strings.Join(names, ", ")
		}
		if a.Published != "" {
			d.Published, _ = time.Parse(time.DateOnly, a.Published)
		}
		docs = append(docs, d)
	}
	return docs
}

// copyFixture copies testdata/name to a temporary file, so that no test changes the fixture.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("%v (testdata/README.md says how the fixture was made)", err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOldVersions reads indexes that the neardup of format versions 1 to 4 made (testdata,
// see testdata/README.md): their articles, texts and analyses as they were added, no authors,
// the HTML text of version 2 and none recorded in version 1; a draft finds its source in them.
// A writer refuses them, and the file stays as it was; Compact upgrades them to Version, after
// which articles with authors can be added (and the first batch records the HTML text of a
// version 1 index: TestHTMLTextRecorded).
func TestOldVersions(t *testing.T) {
	want := oldArticles(t)
	draftText, err := os.ReadFile(filepath.Join("testdata", "old-draft.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		file       string
		version    int
		unrecorded bool
		authors    bool // stored from version 3 on
	}{{"v1.ndx", 1, true, false}, {"v2.ndx", 2, false, false}, {"v3.ndx", 3, false, true}, {"v4.ndx", 4, false, true}} {
		t.Run(tt.file, func(t *testing.T) {
			path := copyFixture(t, tt.file)
			check := func(r *Reader, version int) {
				t.Helper()
				s := r.Stats()
				if s.Version != version || s.Docs != len(want) {
					t.Errorf("version %d, %d articles; want %d and %d", s.Version, s.Docs, version, len(want))
				}
				p := r.Params()
				if p.HTMLTextUnrecorded != tt.unrecorded || p.HTMLText != input.HTMLMain || p.Shingle != 5 || p.NumPerm != 128 {
					t.Errorf("params %+v, want the defaults with HTMLTextUnrecorded %v", p, tt.unrecorded)
				}
				for i, w := range want {
					n, ok, err := r.Lookup(w.ID)
					if err != nil || !ok {
						t.Fatalf("Lookup(%q) = %v, %v", w.ID, ok, err)
					}
					d, meta, err := r.Document(n)
					if err != nil {
						t.Fatal(err)
					}
					wantAuthor := ""
					if tt.authors {
						wantAuthor = w.Author
					}
					if d.ID != w.ID || d.Source != w.Source || d.Title != w.Title || d.URL != w.URL || !d.Published.Equal(w.Published) ||
						d.Text != w.Text || d.Author != wantAuthor || meta.Author != wantAuthor {
						t.Errorf("document %d = %+v, want %+v with author %q", i, d, w, wantAuthor)
					}
					if wantWhere := "old-articles.jsonl:" + string(rune('1'+i)); meta.Where != wantWhere {
						t.Errorf("document %d was read from %q, want %q", i, meta.Where, wantWhere)
					}
					if meta.Story != "" {
						t.Errorf("document %d has story %q, want none", i, meta.Story)
					}
				}
				if _, err := r.Verify(true); err != nil {
					t.Errorf("Verify(deep): %v", err)
				}
				var opts pipeline.Options
				p.Apply(&opts)
				draft := pipeline.Document{ID: "draft", Text: string(draftText)}
				ms, err := r.Related(draft, pipeline.NewAnalyzer(opts).Analyze(draft.Text), opts, MatchOptions{})
				if err != nil {
					t.Fatal(err)
				}
				var found []string
				for _, m := range ms {
					found = append(found, m.Doc.ID)
				}
				if strings.Join(found, " ") != "tide-2 tide-1" && strings.Join(found, " ") != "tide-1 tide-2" {
					t.Errorf("the draft's sources: %q, want tide-1 and tide-2", found)
				}
			}
			r, err := Open(path)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			check(r, tt.version)
			r.Close()

			before := fileHash(t, path)
			w, err := OpenWriter(path, WriterOptions{})
			if err == nil {
				w.Close()
			}
			if !errors.Is(err, ErrVersion) || !strings.Contains(err.Error(), "neardup index compact --index "+path) {
				t.Errorf("OpenWriter: %v, want ErrVersion naming index compact", err)
			}
			if fileHash(t, path) != before {
				t.Error("the refused writer changed the file")
			}

			cs, err := Compact(path, false)
			if err != nil {
				t.Fatalf("Compact: %v", err)
			}
			if cs.Upgraded != tt.version || cs.Docs != len(want) {
				t.Errorf("Compact = %+v, want upgraded from %d with %d articles", cs, tt.version, len(want))
			}
			r, err = Open(path)
			if err != nil {
				t.Fatalf("Open after Compact: %v", err)
			}
			check(r, Version)
			r.Close()

			d := doc("new-1", article(9, 200))
			d.Author = "Jane Doe, John Roe"
			addBatch(t, path, d)
			r = openT(t, path)
			n, ok, err := r.Lookup("new-1")
			if err != nil || !ok {
				t.Fatalf("Lookup(new-1) = %v, %v", ok, err)
			}
			if meta, err := r.Doc(n); err != nil || meta.Author != d.Author {
				t.Errorf("Doc(new-1).Author = %q, %v; want %q", meta.Author, err, d.Author)
			}
			// the batch, read with --html-text main (addBatch's default), recorded it
			if p := r.Params(); p.HTMLTextUnrecorded || p.HTMLText != input.HTMLMain {
				t.Errorf("after compaction and a batch, HTMLText %v (unrecorded %v), want main recorded", p.HTMLText, p.HTMLTextUnrecorded)
			}
		})
	}
}

// TestAuthorStored: an author is stored and read back, and an empty one stays empty.
func TestAuthorStored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.ndx")
	a, b := doc("a1", article(1, 200)), doc("b1", article(2, 200))
	a.Author = "Marta Lindqvist"
	addBatch(t, path, a, b)
	r := openT(t, path)
	for _, want := range []pipeline.Document{a, b} {
		n, _, _ := r.Lookup(want.ID)
		d, meta, err := r.Document(n)
		if err != nil || d.Author != want.Author || meta.Author != want.Author {
			t.Errorf("%s: author %q/%q (%v), want %q", want.ID, d.Author, meta.Author, err, want.Author)
		}
	}
}

// TestParamsUnrecorded: the HTML text of a version 1 index is the caller's, and never a
// difference.
func TestParamsUnrecorded(t *testing.T) {
	p := ParamsOf(pipeline.Options{})
	p.HTMLTextUnrecorded = true
	for _, mode := range []input.HTMLText{input.HTMLMain, input.HTMLAll} {
		var opts pipeline.Options
		opts.Read.HTMLText = mode
		if d := p.Differences(opts); len(d) != 0 {
			t.Errorf("Differences with --html-text %v = %q, want none", mode, d)
		}
		p.Apply(&opts)
		if opts.Read.HTMLText != mode {
			t.Errorf("Apply changed --html-text %v to %v", mode, opts.Read.HTMLText)
		}
	}
	m := &manifest{params: p, sources: []string{""}}
	got, err := decodeManifest(m.encode(), Version)
	if err != nil || !got.params.HTMLTextUnrecorded {
		t.Errorf("manifest round trip: %+v, %v; want HTMLTextUnrecorded", got, err)
	}
}

// TestHTMLTextRecorded: a version 1 index, compacted, has no HTML text recorded until the first
// commit that adds documents records the one they were read with (WriterOptions.Params), after
// which the other is a difference; a commit that only removes records nothing.
func TestHTMLTextRecorded(t *testing.T) {
	for _, tt := range []struct {
		name        string
		read, other input.HTMLText // the batch's --html-text, and the other
		add         bool           // the batch adds a document; else it removes one
	}{
		{"add with main", input.HTMLMain, input.HTMLAll, true},
		{"add with all", input.HTMLAll, input.HTMLMain, true},
		{"remove only", input.HTMLAll, input.HTMLMain, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := copyFixture(t, "v1.ndx")
			if _, err := Compact(path, false); err != nil {
				t.Fatalf("Compact: %v", err)
			}
			var opts pipeline.Options
			opts.Read.HTMLText = tt.read
			w, err := OpenWriter(path, WriterOptions{Params: ParamsOf(opts)})
			if err != nil {
				t.Fatal(err)
			}
			if tt.add {
				d := doc("new-1", article(9, 200))
				_, err = w.Add(d, pipeline.NewAnalyzer(opts).Analyze(d.Text))
			} else {
				_, err = w.Remove("tide-1")
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Commit(); err != nil {
				t.Fatalf("Commit: %v", err)
			}
			p := openT(t, path).Params()
			if !tt.add {
				if !p.HTMLTextUnrecorded {
					t.Errorf("after a commit that adds nothing, HTML text %v recorded, want none", p.HTMLText)
				}
				return
			}
			if p.HTMLTextUnrecorded || p.HTMLText != tt.read {
				t.Errorf("after the first batch, HTML text %v (unrecorded %v), want %v recorded", p.HTMLText, p.HTMLTextUnrecorded, tt.read)
			}
			other := opts
			p.Apply(&other) // the index's analysis (made before sentence keys), but for the HTML text
			other.Read.HTMLText = tt.other
			if d := p.Differences(other); len(d) != 1 || !strings.HasPrefix(d[0], "--html-text") {
				t.Errorf("Differences with --html-text %v = %q, want the HTML text", other.Read.HTMLText, d)
			}
		})
	}
}
