package input

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"
)

func TestParseJSON(t *testing.T) {
	date := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct {
		name   string
		opts   ReadOptions
		data   string
		want   Document // File and Line are filled in from the record
		warns  []string // each warning's Error()
		errStr string   // the error's Error(), or "" for none
	}{
		{
			name: "all fields",
			data: `{"id":"a1","text":"Hello world.","source":"Wire","title":"Hi","url":"https://x/1","published":"2024-03-05T10:20:30+01:00"}`,
			want: Document{ID: "a1", Text: "Hello world.", Source: "Wire", Title: "Hi", URL: "https://x/1",
				Published: date("2024-03-05T10:20:30+01:00")},
		},
		{
			name: "date only",
			data: `{"id":"a","text":"t","published":"2024-03-05"}`,
			want: Document{ID: "a", Text: "t", Published: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		},
		{
			name: "fractional seconds",
			data: `{"id":"a","text":"t","published":"2024-03-05T10:20:30.25Z"}`,
			want: Document{ID: "a", Text: "t", Published: date("2024-03-05T10:20:30.25Z")},
		},
		{name: "number id", data: `{"id":42,"text":"t"}`, want: Document{ID: "42", Text: "t"}},
		{name: "exponent id keeps its literal", data: `{"id":1e3,"text":"t"}`, want: Document{ID: "1e3", Text: "t"}},
		{name: "negative fraction id", data: `{"id":-0.5,"text":"t"}`, want: Document{ID: "-0.5", Text: "t"}},
		{name: "escapes decoded", data: `{"id":"a\"b","text":"caf\u00e9 \\ \n x"}`, want: Document{ID: `a"b`, Text: "café \\ \n x"}},
		{name: "surrounding white space", data: " \t{ \"id\" : \"a\" , \"text\" : \"t\" } ", want: Document{ID: "a", Text: "t"}},
		{name: "unknown fields ignored", data: `{"id":"a","text":"t","extra":{"deep":[1,2,{"x":null}]},"n":3}`, want: Document{ID: "a", Text: "t"}},
		{name: "null optional fields", data: `{"id":"a","text":"t","source":null,"title":null,"url":null,"published":null}`, want: Document{ID: "a", Text: "t"}},
		{name: "empty published ignored", data: `{"id":"a","text":"t","published":""}`, want: Document{ID: "a", Text: "t"}},
		{name: "byte order mark", data: "\uFEFF" + `{"id":"a","text":"t"}`, want: Document{ID: "a", Text: "t"}},
		{
			name: "renamed fields",
			opts: ReadOptions{Fields: Fields{ID: "guid", Text: "body", Source: "outlet", Title: "headline", Published: "date", URL: "link"}},
			data: `{"guid":"g","body":"b","outlet":"o","headline":"h","date":"2020-01-02","link":"l","id":"ignored","text":"ignored"}`,
			want: Document{ID: "g", Text: "b", Source: "o", Title: "h", URL: "l", Published: time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)},
		},
		{
			name: "one field renamed, others default",
			opts: ReadOptions{Fields: Fields{Text: "content"}},
			data: `{"id":"a","content":"c","source":"s"}`,
			want: Document{ID: "a", Text: "c", Source: "s"},
		},
		{
			name:  "invalid UTF-8 repaired and counted",
			data:  "{\"id\":\"a\",\"text\":\"caf\xe9 \xff\xfe ok \xe2\x82\"}",
			want:  Document{ID: "a", Text: "caf\uFFFD \uFFFD\uFFFD ok \uFFFD\uFFFD"},
			warns: []string{"in.jsonl:7: invalid UTF-8: 5 bytes replaced with U+FFFD"},
		},
		{
			name:  "encoded U+FFFD is not invalid",
			data:  "{\"id\":\"a\",\"text\":\"x\uFFFDy\"}",
			want:  Document{ID: "a", Text: "x\uFFFDy"},
			warns: nil,
		},
		{
			name:  "unparseable published",
			data:  `{"id":"a","text":"t","published":"March 5th"}`,
			want:  Document{ID: "a", Text: "t"},
			warns: []string{`in.jsonl:7: unparseable published "March 5th" (want RFC 3339 or YYYY-MM-DD); ignored`},
		},
		{
			name:  "RFC 3339 without zone is unparseable",
			data:  `{"id":"a","text":"t","published":"2024-03-05T10:20:30"}`,
			want:  Document{ID: "a", Text: "t"},
			warns: []string{`in.jsonl:7: unparseable published "2024-03-05T10:20:30" (want RFC 3339 or YYYY-MM-DD); ignored`},
		},
		{
			name:  "published number",
			data:  `{"id":"a","text":"t","published":20240305}`,
			want:  Document{ID: "a", Text: "t"},
			warns: []string{`in.jsonl:7: unparseable published 20240305 (want a string: RFC 3339 or YYYY-MM-DD); ignored`},
		},
		{
			name:  "source not a string",
			data:  `{"id":"a","text":"t","source":7,"title":["x"]}`,
			want:  Document{ID: "a", Text: "t"},
			warns: []string{"in.jsonl:7: source is not a string; ignored", "in.jsonl:7: title is not a string; ignored"},
		},
		{name: "missing id", data: `{"text":"t"}`, errStr: "in.jsonl:7: missing id"},
		{name: "empty id", data: `{"id":"","text":"t"}`, errStr: "in.jsonl:7: missing id"},
		{name: "blank id", data: `{"id":"  ","text":"t"}`, errStr: "in.jsonl:7: missing id"},
		{name: "null id", data: `{"id":null,"text":"t"}`, errStr: "in.jsonl:7: missing id"},
		{name: "bool id", data: `{"id":true,"text":"t"}`, errStr: "in.jsonl:7: id must be a string or a number"},
		{name: "object id", data: `{"id":{"a":1},"text":"t"}`, errStr: "in.jsonl:7: id must be a string or a number"},
		{
			name:   "renamed id missing",
			opts:   ReadOptions{Fields: Fields{ID: "guid"}},
			data:   `{"id":"a","text":"t"}`,
			errStr: `in.jsonl:7: missing id (field "guid")`,
		},
		{name: "missing text", data: `{"id":"a"}`, errStr: "in.jsonl:7: missing text"},
		{name: "null text", data: `{"id":"a","text":null}`, errStr: "in.jsonl:7: missing text"},
		{name: "number text", data: `{"id":"a","text":5}`, errStr: "in.jsonl:7: text must be a string"},
		{name: "empty text", data: `{"id":"a","text":""}`, errStr: "in.jsonl:7: empty text"},
		{name: "blank text", data: `{"id":"a","text":" \n\t\u00a0\u3000"}`, errStr: "in.jsonl:7: empty text"},
		{
			name:   "malformed",
			data:   `{"id":"a","text":"t"`,
			errStr: "in.jsonl:7: malformed JSON: unexpected end of JSON input",
		},
		{
			name:   "trailing garbage",
			data:   `{"id":"a","text":"t"} x`,
			errStr: "in.jsonl:7: malformed JSON: invalid character 'x' after top-level value",
		},
		{
			name:   "bare word",
			data:   `hello`,
			errStr: "in.jsonl:7: malformed JSON: invalid character 'h' looking for beginning of value",
		},
		{name: "array", data: `[{"id":"a","text":"t"}]`, errStr: "in.jsonl:7: JSON value is not an object (got array)"},
		{name: "string", data: `"x"`, errStr: "in.jsonl:7: JSON value is not an object (got string)"},
		{name: "number", data: `12`, errStr: "in.jsonl:7: JSON value is not an object (got number)"},
		{name: "null", data: `null`, errStr: "in.jsonl:7: JSON value is not an object (got null)"},
		{
			name:   "text over the limit",
			opts:   ReadOptions{MaxDocBytes: 10},
			data:   `{"id":"a","text":"12345678901"}`,
			errStr: "in.jsonl:7: document of 11 bytes is over the limit of 10 bytes (--max-doc-bytes)",
		},
		{
			name: "text at the limit",
			opts: ReadOptions{MaxDocBytes: 10},
			data: `{"id":"a","text":"1234567890"}`,
			want: Document{ID: "a", Text: "1234567890"},
		},
		{
			name:   "record over the limit with its slack",
			opts:   ReadOptions{MaxDocBytes: 10},
			data:   `{"id":"a","text":"t","pad":"` + strings.Repeat("x", lineSlack) + `"}`,
			errStr: fmt.Sprintf("in.jsonl:7: document of %d bytes is over the limit of 10 bytes (--max-doc-bytes)", lineSlack+30),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Record{File: "in.jsonl", Line: 7, Data: []byte(tt.data), Format: FormatJSON}
			doc, warns, err := tt.opts.Parse(r)
			if got := errString(err); got != tt.errStr {
				t.Fatalf("Parse(%q) error = %q, want %q", clip(tt.data), got, tt.errStr)
			}
			if got := errStrings(warns); !slices.Equal(got, tt.warns) {
				t.Errorf("Parse(%q) warnings = %q, want %q", clip(tt.data), got, tt.warns)
			}
			for _, w := range warns {
				if !w.Warning {
					t.Errorf("warning %q has Warning false", w)
				}
			}
			if err != nil {
				if err.Warning || err.File != "in.jsonl" || err.Line != 7 {
					t.Errorf("error = %+v, want File in.jsonl, Line 7, Warning false", err)
				}
				return
			}
			want := tt.want
			want.File, want.Line = "in.jsonl", 7
			if !reflect.DeepEqual(doc, want) {
				t.Errorf("Parse(%q) =\n%+v, want\n%+v", clip(tt.data), doc, want)
			}
		})
	}
}

// TestParseNilOptions checks that a nil *ReadOptions parses with the defaults.
func TestParseNilOptions(t *testing.T) {
	var o *ReadOptions
	doc, _, err := o.Parse(Record{File: "-", Line: 1, Data: []byte(`{"id":1,"text":"x"}`)})
	if err != nil || doc.ID != "1" || doc.Text != "x" {
		t.Errorf("nil options: Parse = %+v, %v", doc, err)
	}
}

func TestParseFile(t *testing.T) {
	long := strings.Repeat("x", 201)
	tests := []struct {
		name   string
		rec    Record // Format FormatText unless set
		want   Document
		warns  []string
		errStr string
	}{
		{
			name: "text with outlet",
			rec:  Record{File: "in/wire/a.txt", Data: []byte("\n  Headline here  \nBody text.\n"), ID: "wire/a.txt", Source: "wire"},
			want: Document{ID: "wire/a.txt", Source: "wire", Title: "Headline here", Text: "\n  Headline here  \nBody text.\n"},
		},
		{
			name: "markdown heading",
			rec:  Record{File: "in/a.md", Data: []byte("## The *title*\n\ntext"), ID: "a.md"},
			want: Document{ID: "a.md", Title: "The *title*", Text: "## The *title*\n\ntext"},
		},
		{
			name: "hash kept in a text file",
			rec:  Record{File: "in/a.txt", Data: []byte("# not markdown\ntext"), ID: "a.txt"},
			want: Document{ID: "a.txt", Title: "# not markdown", Text: "# not markdown\ntext"},
		},
		{
			name: "byte order mark stripped",
			rec:  Record{File: "a.txt", Data: []byte("\uFEFFTitle\r\nbody"), ID: "a.txt"},
			want: Document{ID: "a.txt", Title: "Title", Text: "Title\r\nbody"},
		},
		{
			name: "long first line is no title",
			rec:  Record{File: "a.txt", Data: []byte(long + "\nbody"), ID: "a.txt"},
			want: Document{ID: "a.txt", Text: long + "\nbody"},
		},
		{
			name: "title of 200 bytes",
			rec:  Record{File: "a.txt", Data: []byte(long[:200] + "\nbody"), ID: "a.txt"},
			want: Document{ID: "a.txt", Title: long[:200], Text: long[:200] + "\nbody"},
		},
		{
			name:  "invalid UTF-8",
			rec:   Record{File: "a.txt", Data: []byte("a\x80b\xc3"), ID: "a.txt"},
			want:  Document{ID: "a.txt", Title: "a\uFFFDb\uFFFD", Text: "a\uFFFDb\uFFFD"},
			warns: []string{"a.txt: invalid UTF-8: 2 bytes replaced with U+FFFD"},
		},
		{
			name: "no id: the path",
			rec:  Record{File: "dir/a.txt", Data: []byte("x")},
			want: Document{ID: "dir/a.txt", Title: "x", Text: "x"},
		},
		{
			name:   "empty file",
			rec:    Record{File: "a.txt", Data: []byte(" \n\n "), ID: "a.txt"},
			errStr: "a.txt: empty text",
		},
		{
			name:   "over the limit",
			rec:    Record{File: "a.txt", Data: make([]byte, DefaultMaxDocBytes+1), ID: "a.txt"},
			errStr: fmt.Sprintf("a.txt: document of %d bytes is over the limit of %d bytes (--max-doc-bytes)", DefaultMaxDocBytes+1, DefaultMaxDocBytes),
		},
		{
			name: "html",
			rec: Record{File: "in/o/p.html", Format: FormatHTML, ID: "o/p.html", Source: "o",
				Data: []byte("\uFEFF<html><head><title>T &amp; U</title><script>x()</script></head><body><p>One</p><p>Two</p></body></html>")},
			want: Document{ID: "o/p.html", Source: "o", Title: "T & U", Text: "One\n\nTwo"},
		},
		{
			name:  "html with invalid UTF-8",
			rec:   Record{File: "p.htm", Format: FormatHTML, ID: "p.htm", Data: []byte("<p>a\xffb</p>")},
			want:  Document{ID: "p.htm", Text: "a\uFFFDb"},
			warns: []string{"p.htm: invalid UTF-8: 1 bytes replaced with U+FFFD"},
		},
		{
			name:   "html without visible text",
			rec:    Record{File: "p.html", Format: FormatHTML, ID: "p.html", Data: []byte("<title>T</title><script>x</script>")},
			errStr: "p.html: empty text",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.rec
			if r.Format == FormatJSON {
				r.Format = FormatText
			}
			doc, warns, err := (&ReadOptions{}).Parse(r)
			if got := errString(err); got != tt.errStr {
				t.Fatalf("Parse(%q) error = %q, want %q", clip(string(r.Data)), got, tt.errStr)
			}
			if got := errStrings(warns); !slices.Equal(got, tt.warns) {
				t.Errorf("Parse(%q) warnings = %q, want %q", clip(string(r.Data)), got, tt.warns)
			}
			if err != nil {
				return
			}
			want := tt.want
			want.File = r.File
			if !reflect.DeepEqual(doc, want) {
				t.Errorf("Parse(%q) =\n%+v, want\n%+v", clip(string(r.Data)), doc, want)
			}
		})
	}
}

func TestRepairUTF8(t *testing.T) {
	tests := []struct {
		in   string
		want string
		n    int
	}{
		{"", "", 0},
		{"plain ascii", "plain ascii", 0},
		{"é日本\U0001F600", "é日本\U0001F600", 0},
		{"\xff", "\uFFFD", 1},
		{"a\xc3", "a\uFFFD", 1},                             // truncated 2-byte sequence
		{"\xe2\x82x", "\uFFFD\uFFFDx", 2},                   // truncated 3-byte sequence: each byte counts
		{"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD", 3},           // UTF-8-encoded surrogate
		{"\xc0\xaf", "\uFFFD\uFFFD", 2},                     // overlong encoding
		{"\xf4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD", 4}, // above U+10FFFF
		{"ok\uFFFDok", "ok\uFFFDok", 0},
	}
	for _, tt := range tests {
		got, n := repairUTF8([]byte(tt.in))
		if string(got) != tt.want || n != tt.n {
			t.Errorf("repairUTF8(%q) = %q, %d; want %q, %d", tt.in, got, n, tt.want, tt.n)
		}
		// encoding/json replaces the same bytes: the count must match what it does silently.
		var s string
		if err := json.Unmarshal([]byte(`"`+strings.ReplaceAll(tt.in, `"`, `\"`)+`"`), &s); err == nil && s != tt.want {
			t.Errorf("encoding/json decodes %q as %q, repairUTF8 as %q", tt.in, s, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := (&ReadOptions{}).Validate(); err != nil {
		t.Errorf("zero options: Validate() = %v", err)
	}
	err := (&ReadOptions{MaxDocBytes: -1, Fields: Fields{Title: "text", URL: "id"}}).Validate()
	want := []string{"max doc bytes -1 is negative", "fields text and title", "fields id and url"}
	for _, w := range want {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("Validate() = %v, want it to mention %q", err, w)
		}
	}
}

// walkResult is what Walk gave.
type walkResult struct {
	recs []Record
	errs []*RecordError
	err  error
}

func walk(t testing.TB, inputs []string, stdin io.Reader, opts *ReadOptions) walkResult {
	t.Helper()
	var res walkResult
	res.err = Walk(context.Background(), inputs, stdin, opts,
		func(r Record) error { res.recs = append(res.recs, r); return nil },
		func(e *RecordError) { res.errs = append(res.errs, e) },
		nil)
	return res
}

// writeFiles creates files (path relative to dir -> content) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// recordKey sums up a record for comparison.
func recordKey(r Record) string {
	return fmt.Sprintf("%s:%d %v id=%q source=%q %q", r.File, r.Line, r.Format, r.ID, r.Source, r.Data)
}

func TestWalkDir(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"top.txt":                "top",
		"outlet-b/story.md":      "# b",
		"outlet-a/2024/z.html":   "<p>z</p>",
		"outlet-a/2024/a.htm":    "<p>a</p>",
		"outlet-a/story.txt":     "a story",
		"outlet-a/STORY2.TXT":    "upper case extension",
		"outlet-a/notes.pdf":     "ignored",
		"outlet-a/data.jsonl":    `{"id":"ignored","text":"in a directory only articles are read"}`,
		"outlet-a/.hidden.txt":   "hidden",
		".git/config.txt":        "hidden dir",
		"outlet-c/.drafts/x.txt": "hidden dir",
		"a-c.txt":                "sorts before a/",
		"a/b.txt":                "after a-c.txt",
	})
	res := walk(t, []string{dir}, nil, nil)
	if res.err != nil || len(res.errs) > 0 {
		t.Fatalf("Walk: %v, %v", res.err, res.errs)
	}
	type rec struct {
		id, source string
		format     Format
	}
	want := []rec{
		{"a-c.txt", "", FormatText},
		{"a/b.txt", "a", FormatText},
		{"outlet-a/2024/a.htm", "outlet-a", FormatHTML},
		{"outlet-a/2024/z.html", "outlet-a", FormatHTML},
		{"outlet-a/STORY2.TXT", "outlet-a", FormatText},
		{"outlet-a/story.txt", "outlet-a", FormatText},
		{"outlet-b/story.md", "outlet-b", FormatText},
		{"top.txt", "", FormatText},
	}
	var got []rec
	for _, r := range res.recs {
		got = append(got, rec{r.ID, r.Source, r.Format})
		if wantFile := filepath.Join(dir, filepath.FromSlash(r.ID)); r.File != wantFile || r.Line != 0 {
			t.Errorf("record %s: File, Line = %q, %d; want %q, 0", r.ID, r.File, r.Line, wantFile)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("Walk(dir) =\n%v\nwant\n%v", got, want)
	}
	if len(res.recs) > 0 && string(res.recs[0].Data) != "sorts before a/" {
		t.Errorf("first record's data = %q", res.recs[0].Data)
	}
	// Same order on every run.
	again := walk(t, []string{dir}, nil, nil)
	if !slices.EqualFunc(res.recs, again.recs, func(a, b Record) bool { return recordKey(a) == recordKey(b) }) {
		t.Error("two walks of the same directory differ")
	}
}

// TestWalkDirs checks the ids and sources of files in several folders named together: relative to
// the folders' common parent, a file directly in a named folder having the folder's name as its
// source, a file in a sub-directory the sub-directory; with one folder, as before.
func TestWalkDirs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"sample/outlet-a/story.txt":            "a",
		"sample/outlet-b/story.txt":            "b",
		"sample/outlet-b/2026/more.txt":        "b more",
		"days/2026-12-01/top.txt":              "day top",
		"days/2026-12-01/outlet-c/x.txt":       "c",
		"days/2026-12-02/outlet-c/x.txt":       "c again",
		"deep/one/two/outlet-d/d.txt":          "d",
		"single.txt":                           "named alone",
		"sample/outlet-b/.hidden/ignored.txt":  "hidden",
		"days/2026-12-02/outlet-c/notes.jsonl": `{"id":"ignored","text":"not read in a folder"}`,
	})
	t.Chdir(dir)
	type rec struct{ id, source string }
	for _, tc := range []struct {
		name   string
		inputs []string
		want   []rec
	}{
		{"one folder", []string{"sample/outlet-b"}, []rec{{"2026/more.txt", "2026"}, {"story.txt", ""}}},
		{"one folder's parent", []string{"sample"}, []rec{
			{"outlet-a/story.txt", "outlet-a"}, {"outlet-b/2026/more.txt", "outlet-b"}, {"outlet-b/story.txt", "outlet-b"}}},
		{"a folder per outlet", []string{"sample/outlet-a/", "sample/outlet-b"}, []rec{
			{"outlet-a/story.txt", "outlet-a"}, {"outlet-b/2026/more.txt", "2026"}, {"outlet-b/story.txt", "outlet-b"}}},
		{"absolute and relative", []string{filepath.Join(dir, "sample", "outlet-a"), "sample/outlet-b/../outlet-a"}, []rec{
			{"outlet-a/story.txt", "outlet-a"}, {"outlet-a/story.txt", "outlet-a"}}},
		{"a folder per day", []string{"days/2026-12-01", "days/2026-12-02"}, []rec{
			{"2026-12-01/outlet-c/x.txt", "outlet-c"}, {"2026-12-01/top.txt", "2026-12-01"}, {"2026-12-02/outlet-c/x.txt", "outlet-c"}}},
		{"folders at different depths", []string{"deep/one/two/outlet-d", "sample/outlet-a", "single.txt"}, []rec{
			{"deep/one/two/outlet-d/d.txt", "outlet-d"}, {"sample/outlet-a/story.txt", "outlet-a"}, {"single.txt", ""}}},
		{"a folder and one inside it", []string{"sample", "sample/outlet-a"}, []rec{
			{"sample/outlet-a/story.txt", "outlet-a"}, {"sample/outlet-b/2026/more.txt", "outlet-b"},
			{"sample/outlet-b/story.txt", "outlet-b"}, {"sample/outlet-a/story.txt", "outlet-a"}}},
		{"one folder and a missing one", []string{"sample/outlet-a", "missing"}, []rec{{"story.txt", ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := walk(t, tc.inputs, nil, nil)
			if res.err != nil {
				t.Fatal(res.err)
			}
			var got []rec
			for _, r := range res.recs {
				got = append(got, rec{r.ID, r.Source})
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Walk(%q) =\n%v\nwant\n%v", tc.inputs, got, tc.want)
			}
		})
	}
}

func TestWalkDirSymlinkRoot(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"real/o/a.txt": "a"})
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "real"), link); err != nil {
		t.Skip(err)
	}
	res := walk(t, []string{link}, nil, nil)
	if len(res.recs) != 1 || res.recs[0].ID != "o/a.txt" || res.recs[0].File != filepath.Join(link, "o", "a.txt") {
		t.Errorf("Walk(symlink to dir) = %v, %v", res.recs, res.errs)
	}
}

func TestWalkFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.txt":        "text",
		"b.html":       "<p>b</p>",
		"c.ndjson":     `{"id":1,"text":"x"}` + "\n",
		"d.doc":        "id,text",
		"big.txt":      strings.Repeat("x", 101),
		"UPPER.JSONL":  `{"id":2,"text":"y"}`,
		"empty.jsonl":  "",
		"blanks.jsonl": "\n \n\t\r\n",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	inputs := []string{p("a.txt"), p("b.html"), p("c.ndjson"), p("d.doc"), p("missing.jsonl"),
		p("big.txt"), p("UPPER.JSONL"), p("empty.jsonl"), p("blanks.jsonl")}
	res := walk(t, inputs, nil, &ReadOptions{MaxDocBytes: 100})
	if res.err != nil {
		t.Fatal(res.err)
	}
	wantRecs := []string{
		recordKey(Record{File: p("a.txt"), Format: FormatText, ID: filepath.ToSlash(p("a.txt")), Data: []byte("text")}),
		recordKey(Record{File: p("b.html"), Format: FormatHTML, ID: filepath.ToSlash(p("b.html")), Data: []byte("<p>b</p>")}),
		recordKey(Record{File: p("c.ndjson"), Line: 1, Data: []byte(`{"id":1,"text":"x"}`)}),
		recordKey(Record{File: p("UPPER.JSONL"), Line: 1, Data: []byte(`{"id":2,"text":"y"}`)}),
	}
	var gotRecs []string
	for _, r := range res.recs {
		gotRecs = append(gotRecs, recordKey(r))
	}
	if !slices.Equal(gotRecs, wantRecs) {
		t.Errorf("records:\n%s\nwant\n%s", strings.Join(gotRecs, "\n"), strings.Join(wantRecs, "\n"))
	}
	wantErrs := []string{
		p("d.doc") + ": unknown input type (want a directory, .jsonl or .ndjson, .csv, .tsv, .rss, .atom or .xml, maybe compressed (.gz, .zst), .txt, .md, .html, .htm, .warc, .warc.gz, .warc.zst, or - for stdin)",
		p("missing.jsonl") + ": no such file or directory",
		p("big.txt") + ": document of 101 bytes is over the limit of 100 bytes (--max-doc-bytes)",
	}
	if got := errStrings(res.errs); !slices.Equal(got, wantErrs) {
		t.Errorf("errors:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantErrs, "\n"))
	}
}

func TestWalkMissingPath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	res := walk(t, []string{missing}, nil, nil)
	want := []string{missing + ": no such file or directory"}
	if res.err != nil || len(res.recs) != 0 || !slices.Equal(errStrings(res.errs), want) {
		t.Errorf("Walk(missing) = %v, %v, %q; want no records, errors %q", res.err, res.recs, errStrings(res.errs), want)
	}
}

func TestWalkUnreadableFile(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root reads every file")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a/x.txt": "x", "a/y.txt": "y"})
	if err := os.Chmod(filepath.Join(dir, "a", "x.txt"), 0); err != nil {
		t.Fatal(err)
	}
	res := walk(t, []string{dir}, nil, nil)
	if len(res.recs) != 1 || res.recs[0].ID != "a/y.txt" || len(res.errs) != 1 || !strings.Contains(res.errs[0].Error(), "x.txt: cannot read") {
		t.Errorf("Walk = %v, %q", res.recs, errStrings(res.errs))
	}
}

// jsonlFixture is a JSON Lines file with CRLF line ends, blank lines and no final newline.
const jsonlFixture = "{\"id\":1,\"text\":\"one\"}\r\n" +
	"\n" +
	"   \t\r\n" +
	"{\"id\":2,\"text\":\"two\"}\n" +
	"not json\n" +
	"{\"id\":3,\"text\":\"three\"}"

// jsonlFixtureRecords are the records of jsonlFixture read as file.
func jsonlFixtureRecords(file string) []string {
	return []string{
		recordKey(Record{File: file, Line: 1, Data: []byte(`{"id":1,"text":"one"}`)}),
		recordKey(Record{File: file, Line: 4, Data: []byte(`{"id":2,"text":"two"}`)}),
		recordKey(Record{File: file, Line: 5, Data: []byte(`not json`)}),
		recordKey(Record{File: file, Line: 6, Data: []byte(`{"id":3,"text":"three"}`)}),
	}
}

func recordKeys(recs []Record) []string {
	var keys []string
	for _, r := range recs {
		keys = append(keys, recordKey(r))
	}
	return keys
}

func gzipBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWalkStdin(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"plain", []byte(jsonlFixture)},
		{"gzipped", gzipBytes(t, []byte(jsonlFixture))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := walk(t, []string{"-"}, bytes.NewReader(tt.in), nil)
			if res.err != nil || len(res.errs) != 0 {
				t.Fatalf("Walk(-) = %v, %v", res.err, res.errs)
			}
			if got, want := recordKeys(res.recs), jsonlFixtureRecords("-"); !slices.Equal(got, want) {
				t.Errorf("Walk(-) records:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestWalkStdinDocument reads stdin as one document when ReadOptions.Stdin says so: a draft
// piped to neardup check is plain text, not JSON Lines.
func TestWalkStdinDocument(t *testing.T) {
	tests := []struct {
		name    string
		format  Format
		in      string
		max     int
		want    []string // recordKey of each record
		errKind RecordKind
	}{
		{"text", FormatText, "A title\n\n{not json} at all\n", 0,
			[]string{`-:0 text id="-" source="" "A title\n\n{not json} at all\n"`}, ""},
		{"html", FormatHTML, "<p>x</p>", 0, []string{`-:0 html id="-" source="" "<p>x</p>"`}, ""},
		{"empty", FormatText, "", 0, nil, ""},
		{"too large", FormatText, "twelve bytes", 11, nil, RecordTooLarge},
		{"at the limit", FormatText, "twelve bytes", 12, []string{`-:0 text id="-" source="" "twelve bytes"`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := walk(t, []string{"-"}, strings.NewReader(tt.in), &ReadOptions{Stdin: tt.format, MaxDocBytes: tt.max})
			if res.err != nil {
				t.Fatal(res.err)
			}
			if got := recordKeys(res.recs); !slices.Equal(got, tt.want) {
				t.Errorf("records = %q, want %q", got, tt.want)
			}
			switch {
			case tt.errKind == "" && len(res.errs) > 0:
				t.Errorf("errors %v, want none", res.errs)
			case tt.errKind != "" && (len(res.errs) != 1 || res.errs[0].Kind != tt.errKind || res.errs[0].File != "-"):
				t.Errorf("errors %v, want one of kind %q naming -", res.errs, tt.errKind)
			}
		})
	}
	if err := (&ReadOptions{Stdin: Format(9)}).Validate(); err == nil || !strings.Contains(err.Error(), "stdin format") {
		t.Errorf("Validate(Stdin: 9) = %v, want a stdin format error", err)
	}
}

func TestWalkGzipSameAsPlain(t *testing.T) {
	dir := t.TempDir()
	var plain bytes.Buffer
	for i := range 5000 { // bigger than the read buffer
		fmt.Fprintf(&plain, `{"id":%d,"text":"story %d %s"}`+"\n", i, i, strings.Repeat("word ", i%300))
	}
	gz := gzipBytes(t, plain.Bytes())
	// Two gzip members one after the other, as `cat a.gz b.gz` makes: one stream.
	half := bytes.Index(plain.Bytes()[plain.Len()/2:], []byte("\n")) + plain.Len()/2 + 1
	multi := append(gzipBytes(t, plain.Bytes()[:half]), gzipBytes(t, plain.Bytes()[half:])...)
	files := map[string][]byte{
		"plain.jsonl":     plain.Bytes(),
		"a.jsonl.gz":      gz,
		"b.ndjson.gz":     gz,
		"nosuffix.jsonl":  gz, // gzip found by its magic bytes
		"multi.jsonl.gz":  multi,
		"notgz.jsonl.gz":  plain.Bytes(), // named .gz but plain
		"a.jsonl.zst":     zstdBytes(t, plain.Bytes()),
		"zst.ndjson":      zstdBytes(t, plain.Bytes()), // zstd found by its magic bytes
		"multi.jsonl.zst": append(zstdBytes(t, plain.Bytes()[:half]), zstdBytes(t, plain.Bytes()[half:])...),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := walk(t, []string{filepath.Join(dir, "plain.jsonl")}, nil, nil)
	if len(want.recs) != 5000 || len(want.errs) != 0 {
		t.Fatalf("plain: %d records, errors %v", len(want.recs), want.errs)
	}
	for name := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			got := walk(t, []string{path}, nil, nil)
			if got.err != nil || len(got.errs) != 0 {
				t.Fatalf("Walk(%s) = %v, %v", name, got.err, got.errs)
			}
			if len(got.recs) != len(want.recs) {
				t.Fatalf("Walk(%s) gave %d records, want %d", name, len(got.recs), len(want.recs))
			}
			for i := range got.recs {
				g, w := got.recs[i], want.recs[i]
				if g.Line != w.Line || !bytes.Equal(g.Data, w.Data) || g.File != path {
					t.Fatalf("Walk(%s) record %d = %s:%d %q, want line %d %q", name, i, g.File, g.Line, g.Data, w.Line, w.Data)
				}
			}
		})
	}
}

// zstdBytes compresses data with zstd, in blocks small enough that a truncated stream has
// whole blocks before the cut.
func zstdBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, err := zstd.NewWriter(&b, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(1<<15))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestWalkTruncated: a cut zstd or gzip file gives the lines before the cut, then one error
// naming the line after them; the next input is read.
func TestWalkTruncated(t *testing.T) {
	tests := []struct {
		name     string // the decoder's, as its errors name it
		ext      string
		lines    int // in the whole file
		readable int // lines before the cut, at least
		compress func(testing.TB, []byte) []byte
	}{
		{"zstd", ".zst", 20000, 1000, zstdBytes},
		{"gzip", ".gz", 2000, 100, gzipBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var plain bytes.Buffer
			for i := range tt.lines {
				fmt.Fprintf(&plain, `{"id":%d,"text":"%s"}`+"\n", i+1, strings.Repeat(fmt.Sprint(i, " "), 50+i%7))
			}
			z := tt.compress(t, plain.Bytes())
			dir := t.TempDir()
			path := filepath.Join(dir, "cut.jsonl"+tt.ext)
			if err := os.WriteFile(path, z[:len(z)*2/3], 0o644); err != nil {
				t.Fatal(err)
			}
			next := filepath.Join(dir, "next.jsonl")
			if err := os.WriteFile(next, []byte(`{"id":"n","text":"after"}`), 0o644); err != nil {
				t.Fatal(err)
			}
			res := walk(t, []string{path, next}, nil, nil)
			if res.err != nil {
				t.Fatal(res.err)
			}
			if len(res.errs) != 1 {
				t.Fatalf("errors = %q, want one", errStrings(res.errs))
			}
			n := len(res.recs) - 1 // records from the truncated file
			if n < tt.readable || n >= tt.lines {
				t.Fatalf("%d records before the truncation, want most of the readable ones", n)
			}
			for i, r := range res.recs[:n] {
				if r.Line != i+1 || !bytes.HasPrefix(r.Data, fmt.Appendf(nil, `{"id":%d,`, i+1)) || !json.Valid(r.Data) {
					t.Fatalf("record %d = line %d %q", i, r.Line, clip(string(r.Data)))
				}
			}
			wantErr := fmt.Sprintf("%s:%d: %s: unexpected end of data (file truncated?)", path, n+1, tt.name)
			if got := res.errs[0].Error(); got != wantErr {
				t.Errorf("error = %q, want %q", got, wantErr)
			}
			if last := res.recs[n]; last.File != next {
				t.Errorf("last record from %s, want the next file read on", last.File)
			}
		})
	}
}

func TestWalkCorruptZstd(t *testing.T) {
	z := zstdBytes(t, []byte(strings.Repeat(`{"id":1,"text":"x"}`+"\n", 1000)))
	flipped := slices.Clone(z)
	flipped[len(flipped)-2] ^= 0xff // the frame's checksum
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"magic only", z[:4], "zstd: unexpected end of data (file truncated?)"},
		{"bad checksum", flipped, "zstd: checksum mismatch (file corrupt)"},
		{"trailing garbage", append(slices.Clone(z), "garbage after the stream"...), "zstd: invalid frame header (file corrupt, or data after the end of the zstd stream)"},
		{"corrupt block", append(slices.Clone(z[:6]), bytes.Repeat([]byte{0xff}, 64)...), "zstd: corrupt data: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := walk(t, []string{"-"}, bytes.NewReader(tt.data), nil)
			if res.err != nil || len(res.errs) != 1 || !strings.Contains(res.errs[0].Reason, tt.reason) {
				t.Errorf("Walk = %v, %q; want one error %q", res.err, errStrings(res.errs), tt.reason)
			}
		})
	}
}

func TestWalkCorruptGzip(t *testing.T) {
	gz := gzipBytes(t, []byte(strings.Repeat(`{"id":1,"text":"x"}`+"\n", 1000)))
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"header only", gz[:2], "gzip: unexpected end of data (file truncated?)"},
		{"bad checksum", append(slices.Clone(gz[:len(gz)-8]), 0, 0, 0, 0, gz[len(gz)-4], gz[len(gz)-3], gz[len(gz)-2], gz[len(gz)-1]), "gzip: checksum mismatch (file corrupt)"},
		// 1f 8b 08 starts another member; anything else after the last is no gzip (klauspost's
		// reader took fewer than ten bytes of it for a truncated member)
		{"short trailing garbage", append(slices.Clone(gz), "junk"...), "gzip: invalid header (file corrupt, or data after the end of the gzip stream)"},
		{"a member cut short", append(slices.Clone(gz), 0x1f, 0x8b, 8, 0), "gzip: unexpected end of data (file truncated?)"},
		{"trailing garbage", append(slices.Clone(gz), "garbage after the stream"...), "gzip: invalid header (file corrupt, or data after the end of the gzip stream)"},
		{"corrupt deflate", append(slices.Clone(gz[:10]), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), "gzip: corrupt data: inflate: corrupt input at byte 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := walk(t, []string{"-"}, bytes.NewReader(tt.data), nil)
			if res.err != nil || len(res.errs) != 1 || !strings.Contains(res.errs[0].Reason, tt.reason) {
				t.Errorf("Walk = %v, %q; want one error %q", res.err, errStrings(res.errs), tt.reason)
			}
		})
	}
}

func TestWalkOverlongLine(t *testing.T) {
	const max = 100
	long := `{"id":"long","text":"` + strings.Repeat("x", max+lineSlack) + `"}`
	inputs := []string{
		`{"id":"a","text":"before"}`,
		long,
		`{"id":"b","text":"after"}`,
		long + "\r", // the \r does not count
		strings.Repeat(" ", max+lineSlack) + "\r", // exactly at the limit, blank: skipped silently
	}
	in := strings.Join(inputs, "\n")
	for _, name := range []string{"plain", "gzipped"} {
		t.Run(name, func(t *testing.T) {
			data := []byte(in)
			if name == "gzipped" {
				data = gzipBytes(t, data)
			}
			res := walk(t, []string{"-"}, bytes.NewReader(data), &ReadOptions{MaxDocBytes: max})
			want := []string{
				recordKey(Record{File: "-", Line: 1, Data: []byte(inputs[0])}),
				recordKey(Record{File: "-", Line: 3, Data: []byte(inputs[2])}),
			}
			if got := recordKeys(res.recs); !slices.Equal(got, want) {
				t.Errorf("records:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			reason := fmt.Sprintf("document of %d bytes is over the limit of %d bytes (--max-doc-bytes)", len(long), max)
			wantErrs := []string{"-:2: " + reason, "-:4: " + reason}
			if got := errStrings(res.errs); !slices.Equal(got, wantErrs) {
				t.Errorf("errors = %q, want %q", got, wantErrs)
			}
		})
	}
}

// TestWalkOverlongLineMemory checks that a huge line is not held in memory.
func TestWalkOverlongLineMemory(t *testing.T) {
	const size = 64 << 20
	r := io.MultiReader(strings.NewReader(`{"text":"`), &repeatReader{n: size}, strings.NewReader("\"}\n{\"id\":1,\"text\":\"x\"}\n"))
	var before, after runtimeMem
	before.read()
	res := walk(t, []string{"-"}, r, &ReadOptions{MaxDocBytes: 1000})
	after.read()
	if len(res.recs) != 1 || len(res.errs) != 1 || res.errs[0].Line != 1 {
		t.Fatalf("Walk = %v, %q", res.recs, errStrings(res.errs))
	}
	if grew := after.totalAlloc - before.totalAlloc; grew > 8<<20 {
		t.Errorf("reading a %d MiB line allocated %d MiB", size>>20, grew>>20)
	}
}

// runtimeMem is a snapshot of the bytes allocated so far.
type runtimeMem struct{ totalAlloc uint64 }

func (m *runtimeMem) read() {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.totalAlloc = s.TotalAlloc
}

// repeatReader gives n bytes of 'x'.
type repeatReader struct{ n int }

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	n := min(len(p), r.n)
	for i := range p[:n] {
		p[i] = 'x'
	}
	r.n -= n
	return n, nil
}

func TestWalkStops(t *testing.T) {
	in := strings.Repeat(`{"id":1,"text":"x"}`+"\n", 1000)
	stop := errors.New("stop")
	n := 0
	err := Walk(context.Background(), []string{"-"}, strings.NewReader(in), nil,
		func(Record) error {
			n++
			if n == 3 {
				return stop
			}
			return nil
		},
		func(e *RecordError) { t.Error(e) }, nil)
	if err != stop || n != 3 {
		t.Errorf("emit error: Walk = %v after %d records, want %v after 3", err, n, stop)
	}

	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = Walk(ctx, []string{"-", "-"}, strings.NewReader(in), nil,
		func(Record) error {
			n++
			if n == 10 {
				cancel()
			}
			return nil
		},
		func(e *RecordError) { t.Error(e) }, nil)
	if !errors.Is(err, context.Canceled) || n > 64 {
		t.Errorf("cancelled: Walk = %v after %d records, want context.Canceled soon after 10", err, n)
	}
}

func TestWalkProgress(t *testing.T) {
	dir := t.TempDir()
	var plain bytes.Buffer
	for i := range 20000 {
		fmt.Fprintf(&plain, `{"id":%d,"text":"%s"}`+"\n", i, strings.Repeat("lorem ipsum ", 20))
	}
	gz := gzipBytes(t, plain.Bytes())
	writeFiles(t, dir, map[string]string{
		"a.jsonl":       plain.String(),
		"b.jsonl.gz":    string(gz),
		"cut.jsonl.gz":  string(gz[:len(gz)/2]),
		"d/o/x.txt":     "hello",
		"d/o/big.txt":   strings.Repeat("x", 2000),
		"d/o/y.pdf":     "not counted",
		"d/.hidden.txt": "not counted",
	})
	inputs := []string{filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl.gz"), filepath.Join(dir, "cut.jsonl.gz"), filepath.Join(dir, "d")}
	var calls []int64
	err := Walk(context.Background(), inputs, nil, &ReadOptions{MaxDocBytes: 1000},
		func(Record) error { return nil }, func(*RecordError) {},
		func(n int64) { calls = append(calls, n) })
	if err != nil {
		t.Fatal(err)
	}
	total, ok := Size(inputs)
	wantTotal := int64(plain.Len()+len(gz)+len(gz)/2) + 5 + 2000
	if !ok || total != wantTotal {
		t.Errorf("Size = %d, %v; want %d, true", total, ok, wantTotal)
	}
	if len(calls) < 3 || !slices.IsSorted(calls) || calls[len(calls)-1] != total {
		t.Errorf("progress calls %v: want several, increasing, ending at %d", calls, total)
	}
	if _, ok := Size([]string{"-"}); ok {
		t.Error("Size(-) is known")
	}
	if n, ok := Size([]string{filepath.Join(dir, "missing")}); n != 0 || !ok {
		t.Errorf("Size(missing) = %d, %v; want 0, true", n, ok)
	}
}

// linesWith runs the JSON Lines splitter over data with a small buffer and line limit.
func linesWith(data []byte, bufSize, limit int) ([]Record, []*RecordError, error) {
	var recs []Record
	var errs []*RecordError
	w := &walker{
		ctx:       context.Background(),
		maxDoc:    limit,
		lineLimit: limit,
		emit:      func(r Record) error { recs = append(recs, r); return nil },
		onErr:     func(e *RecordError) { errs = append(errs, e) },
	}
	err := w.lines("f", bufio.NewReaderSize(bytes.NewReader(data), bufSize))
	return recs, errs, err
}

// naiveLines is the reference splitter: everything in memory, bytes.Split.
func naiveLines(data []byte, limit int) ([]Record, []*RecordError) {
	var recs []Record
	var errs []*RecordError
	lines := bytes.Split(data, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		l = bytes.TrimSuffix(l, []byte("\r"))
		if len(l) > limit {
			errs = append(errs, &RecordError{File: "f", Line: i + 1, Reason: overLimit(int64(len(l)), limit)})
		} else if len(bytes.Trim(l, " \t\r\n")) > 0 {
			recs = append(recs, Record{File: "f", Line: i + 1, Data: l})
		}
	}
	return recs, errs
}

func TestLinesAgainstNaive(t *testing.T) {
	tests := []string{
		"",
		"\n",
		"a",
		"a\n",
		"a\r\n",
		"\r",
		"\r\r\n",
		"x\r\r\n", // only one "\r" is stripped (FuzzWalkJSONL/ef1ecf9eb4f420d6 found a test that said otherwise)
		"a\nb\n\nc",
		"0123456789abcdef",           // exactly the buffer
		"0123456789abcdef\n",         // buffer + newline
		"0123456789abcdefg\nshort\n", // one over the buffer
		"0123456789abcdef0123456789abcdef0123456789\nxy\n",
		"0123456789012345678901234\r\n", // 25 bytes + \r: at the limit of 25
		"01234567890123456789012345\r\n",
		"012345678901234567890123456\r\n0123456789012345678901234\r",
		strings.Repeat("x", 1000) + "\n" + strings.Repeat("y", 20) + "\n" + strings.Repeat("z", 26),
		"  \t \n" + strings.Repeat(" ", 40) + "\nz",
	}
	for _, in := range tests {
		for _, bufSize := range []int{16, 17, 64, 4096} {
			gotRecs, gotErrs, err := linesWith([]byte(in), bufSize, 25)
			if err != nil {
				t.Fatal(err)
			}
			wantRecs, wantErrs := naiveLines([]byte(in), 25)
			if a, b := recordKeys(gotRecs), recordKeys(wantRecs); !slices.Equal(a, b) {
				t.Errorf("lines(%q, buffer %d) records = %q, want %q", in, bufSize, a, b)
			}
			if a, b := errStrings(gotErrs), errStrings(wantErrs); !slices.Equal(a, b) {
				t.Errorf("lines(%q, buffer %d) errors = %q, want %q", in, bufSize, a, b)
			}
		}
	}
}

// TestRecordDataOwned checks that Record.Data is not overwritten by later reads.
func TestRecordDataOwned(t *testing.T) {
	var in bytes.Buffer
	for i := range 20000 {
		fmt.Fprintf(&in, `{"id":%d,"text":"%s"}`+"\n", i, strings.Repeat("a", i%50))
	}
	res := walk(t, []string{"-"}, &in, nil)
	for i, r := range res.recs {
		want := fmt.Sprintf(`{"id":%d,"text":"%s"}`, i, strings.Repeat("a", i%50))
		if string(r.Data) != want {
			t.Fatalf("record %d = %q, want %q", i, r.Data, want)
		}
	}
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"hello"}`,
		`{"id":1e3,"text":"x","published":"2024-01-02","source":"s","title":"t","url":"u"}`,
		`{"id":"a","text":"caf\u00e9 \ud800"}`,
		"{\"id\":\"a\",\"text\":\"\xff\xfe\"}",
		`{"id":"a","text":"  "}`,
		`[1,2]`,
		`null`,
		`{"id":"a","text":"t","published":"2024-13-45T99:00:00Z"}`,
		"\uFEFF{\"id\":-0,\"text\":\"\\\"\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o := &ReadOptions{}
		doc, warns, rerr := o.Parse(Record{File: "f", Line: 3, Data: data})
		for _, w := range warns {
			if !w.Warning || w.File != "f" || w.Line != 3 {
				t.Errorf("bad warning %+v", w)
			}
		}
		if rerr != nil {
			if rerr.Warning || rerr.File != "f" || rerr.Line != 3 || rerr.Reason == "" {
				t.Errorf("bad error %+v", rerr)
			}
			return
		}
		if !utf8.ValidString(doc.Text) || !hasNonSpace(doc.Text) {
			t.Errorf("Text %q: not valid UTF-8 or blank", doc.Text)
		}
		if doc.ID == "" || !utf8.ValidString(doc.ID) || !utf8.ValidString(doc.Title) || !utf8.ValidString(doc.Source) {
			t.Errorf("bad ID/Title/Source %+v", doc)
		}
		// Reference: encoding/json into a generic value, on the same repaired bytes.
		fixed, _ := repairUTF8(data)
		var v map[string]any
		if err := json.Unmarshal(bytes.TrimPrefix(fixed, utf8BOM), &v); err != nil {
			t.Fatalf("Parse accepted what encoding/json rejects: %v", err)
		}
		if v["text"] != doc.Text {
			t.Errorf("Text = %q, encoding/json says %q", doc.Text, v["text"])
		}
		if s, ok := v["id"].(string); ok && s != doc.ID {
			t.Errorf("ID = %q, encoding/json says %q", doc.ID, s)
		}
	})
}

func FuzzWalkJSONL(f *testing.F) {
	f.Add([]byte(jsonlFixture))
	f.Add(gzipBytes(f, []byte(jsonlFixture)))
	f.Add(zstdBytes(f, []byte(jsonlFixture)))
	f.Add([]byte("a\r\n\r\n  \nb"))
	f.Add([]byte("0123456789abcdef0123456789abcdef0123456789\r\nxy\n"))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, data []byte) {
		// Through Walk, gzip detection included.
		line := 0
		var recs []Record
		err := Walk(context.Background(), []string{"-"}, bytes.NewReader(data), nil,
			func(r Record) error {
				if r.Line <= line {
					t.Errorf("line %d after line %d", r.Line, line)
				}
				line = r.Line
				// Only one "\r" is stripped: "x\r\r\n" gives "x\r".
				if r.File != "-" || r.Format != FormatJSON || bytes.IndexByte(r.Data, '\n') >= 0 || blank(r.Data) {
					t.Errorf("bad record %+v", r)
				}
				recs = append(recs, r)
				return nil
			},
			func(e *RecordError) {
				if e.File != "-" || e.Line < 0 {
					t.Errorf("bad error %+v", e)
				}
			}, nil)
		if err != nil {
			t.Fatal(err)
		}
		compressed := sniff(data) != compNone // gzip or zstd: decompressed, not compared
		if _, _, binary := binaryJSONL(data[:min(len(data), binarySample)]); binary && !compressed {
			if len(recs) != 0 {
				t.Errorf("Walk read %d records of a binary file", len(recs))
			}
		} else if !compressed {
			want, _ := naiveLines(data, DefaultMaxDocBytes+lineSlack)
			for i := range want {
				want[i].File = "-"
			}
			if a, b := recordKeys(recs), recordKeys(want); !slices.Equal(a, b) {
				t.Errorf("Walk records = %q, want %q", a, b)
			}
		}
		// The splitter alone, with a tiny buffer and limit so that long lines are common.
		for _, limit := range []int{0, 5, 40} {
			gotRecs, gotErrs, err := linesWith(data, 16, limit)
			if err != nil {
				t.Fatal(err)
			}
			wantRecs, wantErrs := naiveLines(data, limit)
			if a, b := recordKeys(gotRecs), recordKeys(wantRecs); !slices.Equal(a, b) {
				t.Errorf("limit %d: records = %q, want %q", limit, a, b)
			}
			if a, b := errStrings(gotErrs), errStrings(wantErrs); !slices.Equal(a, b) {
				t.Errorf("limit %d: errors = %q, want %q", limit, a, b)
			}
		}
	})
}

// benchJSONL makes about size bytes of JSON Lines with texts of about 3 KB.
func benchJSONL(size int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the minister said on tuesday that a new law would be passed before the summer " +
		"recess despite protests from opposition parties and trade unions who called it an attack on workers " +
		"rights analysts expect markets to react calmly police reported two arrests in the capital")
	var buf bytes.Buffer
	var text []byte
	for i := 0; buf.Len() < size; i++ {
		text = text[:0]
		for len(text) < 3000 {
			text = append(text, words[rng.IntN(len(words))]...)
			text = append(text, ' ')
		}
		fmt.Fprintf(&buf, `{"id":"doc-%d","source":"outlet-%d","title":"Story %d","published":"2024-05-%02dT10:00:00Z","text":%q}`+"\n",
			i, i%17, i, 1+i%28, text)
	}
	return buf.Bytes()
}

func BenchmarkWalk(b *testing.B) {
	data := benchJSONL(20 << 20)
	dir := b.TempDir()
	plain := filepath.Join(dir, "bench.jsonl")
	gz := filepath.Join(dir, "bench.jsonl.gz")
	if err := os.WriteFile(plain, data, 0o644); err != nil {
		b.Fatal(err)
	}
	gzData := gzipBytes(b, data)
	if err := os.WriteFile(gz, gzData, 0o644); err != nil {
		b.Fatal(err)
	}
	var zb bytes.Buffer
	zw, _ := zstd.NewWriter(&zb) // the default level, as the zstd command's
	zw.Write(data)
	zw.Close()
	zst := filepath.Join(dir, "bench.jsonl.zst")
	if err := os.WriteFile(zst, zb.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, path string }{{"plain", plain}, {"gzip", gz}, {"zstd", zst}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data))) // uncompressed bytes, so that both read the same
			b.ReportAllocs()
			docs := 0
			for b.Loop() {
				err := Walk(context.Background(), []string{bc.path}, nil, nil,
					func(Record) error { docs++; return nil },
					func(e *RecordError) { b.Fatal(e) }, nil)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

func BenchmarkParseJSON(b *testing.B) {
	data := benchJSONL(4 << 20)
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	o := &ReadOptions{}
	for b.Loop() {
		for i, l := range lines {
			if _, _, err := o.Parse(Record{File: "f", Line: i + 1, Data: l}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func errString(e *RecordError) string {
	if e == nil {
		return ""
	}
	return e.Error()
}

func errStrings(errs []*RecordError) []string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return s
}
