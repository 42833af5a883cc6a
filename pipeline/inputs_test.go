package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// eachErrors runs Each over inputs and returns the documents' ids, the record errors it
// reported (skipped and warnings) and its stats.
func eachErrors(t *testing.T, inputs []string, opts Options) ([]string, []*RecordError, ReadStats, error) {
	t.Helper()
	var ids []string
	var errs []*RecordError
	opts.Workers = 2
	opts.OnRecordError = func(e *RecordError) { errs = append(errs, e) }
	st, err := Each(context.Background(), inputs, nil, opts, nil,
		func(it *Item[struct{}]) error { ids = append(ids, it.Doc.ID); return nil })
	return ids, errs, st, err
}

const article = "The ferry to the island stopped running on Monday after engineers found the pier unsafe."

// TestRecordKinds: every kind of bad record carries its kind, and the summary's counts are by
// kind: two documents over the limit are one reason, whatever their sizes (they were two
// reasons, one per size, each with its byte count).
func TestRecordKinds(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"d/big1.txt":   strings.Repeat("word ", 300),
		"d/big2.txt":   strings.Repeat("word ", 400),
		"d/empty.txt":  "  \n",
		"d/ok.txt":     article,
		"d/nowords.md": "# — … —",
		"in.jsonl": `{"id":"a","text":"` + article + `"}` + "\n" +
			"{not json\n" +
			`{"text":"x"}` + "\n" +
			`{"id":"b"}` + "\n" +
			`{"id":["x"],"text":"y"}` + "\n" +
			`{"id":"a","text":"again"}` + "\n" +
			`{"id":"c","text":"` + strings.Repeat("long ", 300) + `"}` + "\n" +
			`{"id":"e","text":"` + article + `","published":"someday"}` + "\n",
		"notes.pdf": "%PDF",
	})
	p := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	opts := Options{Read: ReadOptions{MaxDocBytes: 1000}}
	_, errs, st, err := eachErrors(t, []string{p("d"), p("in.jsonl"), p("notes.pdf")}, opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range errs {
		got = append(got, filepath.Base(e.File)+":"+string(e.Kind))
	}
	want := []string{
		"big1.txt:over --max-doc-bytes", "big2.txt:over --max-doc-bytes", "empty.txt:empty text",
		"nowords.md:no words",
		"in.jsonl:malformed JSON", "in.jsonl:missing id", "in.jsonl:missing text", "in.jsonl:bad field type",
		"in.jsonl:duplicate id", "in.jsonl:over --max-doc-bytes", "in.jsonl:field ignored",
		"notes.pdf:unknown type", "notes.pdf:no articles in input",
	}
	if !slices.Equal(got, want) {
		t.Errorf("kinds:\n%q\nwant\n%q", got, want)
	}
	wantReasons := map[string]int{"over --max-doc-bytes": 3, "empty text": 1, "no words": 1, "malformed JSON": 1,
		"missing id": 1, "missing text": 1, "bad field type": 1, "duplicate id": 1, "unknown type": 1}
	if !mapsEqual(st.SkipReasons, wantReasons) {
		t.Errorf("SkipReasons = %v, want %v", st.SkipReasons, wantReasons)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestCheckInputs: an input that cannot be opened ends Each before it reads anything (it was
// one more skipped record, and the run went on without it).
func TestCheckInputs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": article, "d/b.txt": article})
	p := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	tests := []struct {
		name    string
		inputs  []string
		wantErr []string // inputs named, in order
		kind    RecordKind
	}{
		{"all there", []string{p("a.txt"), p("d")}, nil, ""},
		{"missing file", []string{p("a.txt"), p("missing.jsonl")}, []string{p("missing.jsonl")}, RecordNotFound},
		{"two missing", []string{p("nodir"), p("a.txt"), p("typo.txt")}, []string{p("nodir"), p("typo.txt")}, RecordNotFound},
		{"stdin without one", []string{"-"}, []string{"-"}, RecordUnreadable},
	}
	if os.Getuid() != 0 { // root opens anything
		if err := os.WriteFile(p("locked.txt"), []byte(article), 0); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct {
			name    string
			inputs  []string
			wantErr []string
			kind    RecordKind
		}{"unreadable", []string{p("locked.txt")}, []string{p("locked.txt")}, RecordUnreadable})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckInputs(tt.inputs, nil)
			var named []string
			for _, e := range unjoin(err) {
				var ie *InputError
				if !errors.As(e, &ie) {
					t.Fatalf("CheckInputs: %v is no *InputError", e)
				}
				if ie.Kind != tt.kind {
					t.Errorf("%s: kind %q, want %q", ie.Input, ie.Kind, tt.kind)
				}
				if !strings.Contains(ie.Error(), ie.Input) {
					t.Errorf("error %q does not name the input", ie.Error())
				}
				named = append(named, ie.Input)
			}
			if !slices.Equal(named, tt.wantErr) {
				t.Errorf("CheckInputs(%q) names %q, want %q", tt.inputs, named, tt.wantErr)
			}
			ids, errs, _, err := eachErrors(t, tt.inputs, Options{})
			if (err != nil) != (tt.wantErr != nil) {
				t.Errorf("Each: %v, want an error: %v", err, tt.wantErr != nil)
			}
			if err != nil && (len(ids) > 0 || len(errs) > 0) {
				t.Errorf("Each failed with %v after reading %q, reporting %v: want it to fail first", err, ids, errs)
			}
		})
	}
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// TestEmptyInputs: an input that gives no article is a warning (it was silent), an error with
// Strict.
func TestEmptyInputs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"ok.txt":        article,
		"empty.jsonl":   "",
		"allbad.jsonl":  "{\n{\n",
		"images/x.jpeg": "not read",
	})
	p := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	inputs := []string{p("empty.jsonl"), p("ok.txt"), p("images"), p("allbad.jsonl")}
	ids, errs, st, err := eachErrors(t, inputs, Options{})
	if err != nil || len(ids) != 1 {
		t.Fatalf("Each = %q, %v", ids, err)
	}
	var empty []string
	for _, e := range errs {
		if e.Kind == InputEmpty {
			if !e.Warning || e.Line != 0 {
				t.Errorf("%v: Warning %v, Line %d; want a warning about the whole input", e, e.Warning, e.Line)
			}
			empty = append(empty, e.File)
		}
	}
	if want := []string{p("empty.jsonl"), p("images"), p("allbad.jsonl")}; !slices.Equal(empty, want) {
		t.Errorf("inputs without articles: %q, want %q", empty, want)
	}
	if st.Warnings != 3 {
		t.Errorf("Warnings = %d, want 3", st.Warnings)
	}
	_, _, _, err = eachErrors(t, []string{p("ok.txt"), p("empty.jsonl")}, Options{Strict: true})
	if !errors.Is(err, ErrStrict) || !strings.Contains(err.Error(), "empty.jsonl") {
		t.Errorf("strict: %v, want ErrStrict naming empty.jsonl", err)
	}
}

// TestWalkDirSymlinks: a link below a directory input is not followed unless FollowSymlinks
// (ln -s /etc/passwd d/leak.txt put /etc/passwd in the report).
func TestWalkDirSymlinks(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"outside/secret.txt": "secret", "tree/o/a.txt": "a"})
	if err := os.Symlink(filepath.Join(dir, "outside", "secret.txt"), filepath.Join(dir, "tree", "o", "leak.txt")); err != nil {
		t.Skip(err)
	}
	root := filepath.Join(dir, "tree")
	for _, tt := range []struct {
		follow   bool
		ids      []string
		errKinds []RecordKind
	}{
		{false, []string{"o/a.txt"}, []RecordKind{RecordSymlink}},
		{true, []string{"o/a.txt", "o/leak.txt"}, nil},
	} {
		res := walk(t, []string{root}, nil, &ReadOptions{FollowSymlinks: tt.follow})
		var ids []string
		for _, r := range res.recs {
			ids = append(ids, r.ID)
		}
		var kinds []RecordKind
		for _, e := range res.errs {
			kinds = append(kinds, e.Kind)
			if !strings.Contains(e.Error(), "leak.txt: symbolic link not followed") {
				t.Errorf("error %q", e)
			}
		}
		if !slices.Equal(ids, tt.ids) || !slices.Equal(kinds, tt.errKinds) {
			t.Errorf("FollowSymlinks %v: read %q, errors %v; want %q, %v", tt.follow, ids, kinds, tt.ids, tt.errKinds)
		}
		size, _ := (&ReadOptions{FollowSymlinks: tt.follow}).InputSize([]string{root})
		if want := int64(len("a")) + map[bool]int64{false: 0, true: int64(len("secret"))}[tt.follow]; size != want {
			t.Errorf("FollowSymlinks %v: InputSize = %d, want %d", tt.follow, size, want)
		}
	}
}

// TestBinaryFiles: files that look binary are skipped with a reason (an executable saved as
// x.txt was read as an article of U+FFFD); text with a few bad bytes is read, repaired.
func TestBinaryFiles(t *testing.T) {
	elf := "\x7fELF\x02\x01\x01\x00\x00\x00" + strings.Repeat("\x00\x10\xff\x88", 200)
	koi8 := strings.Repeat("\xf0\xd2\xc9\xd7\xc5\xd4 \xcd\xc9\xd2 ", 50) // "Привет мир" in KOI8-R
	latin1 := "Caf\xe9 au lait, cr\xe8me br\xfbl\xe9e and a long sentence of plain words around them."
	utf16 := "\xff\xfeH\x00i\x00"
	tests := []struct {
		name, file, data string
		kind             RecordKind // of the error; "" for a document read
		reason           string
	}{
		{"executable as text", "x.txt", elf, RecordBinary, "binary file (NUL bytes)"},
		{"executable as html", "x.html", elf, RecordBinary, "binary file (NUL bytes)"},
		{"not UTF-8 at all", "ru.txt", koi8, RecordBinary, "bytes are not UTF-8; not read"},
		{"UTF-16", "w.txt", utf16, RecordBinary, "UTF-16 text"},
		{"Latin-1: a few bad bytes", "fr.txt", latin1, RecordInvalidUTF8, "invalid UTF-8: 4 bytes replaced"},
		{"executable as JSON Lines", "x.jsonl", elf, RecordBinary, "binary file (NUL bytes)"},
		{"JSON Lines with one bad line", "ok.jsonl", `{"id":"a","text":"` + article + `"}` + "\n\x00\x01\x02\n", RecordMalformed, "malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{tt.file: tt.data})
			ids, errs, st, err := eachErrors(t, []string{filepath.Join(dir, tt.file)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) == 0 || errs[0].Kind != tt.kind || !strings.Contains(errs[0].Reason, tt.reason) {
				t.Fatalf("errors %v, want first one of kind %q with %q", errs, tt.kind, tt.reason)
			}
			read := tt.kind == RecordInvalidUTF8 || tt.kind == RecordMalformed
			if read != (len(ids) == 1) {
				t.Errorf("documents read: %q", ids)
			}
			if tt.kind == RecordBinary && st.SkipReasons[string(RecordBinary)] != 1 {
				t.Errorf("SkipReasons = %v, want 1 binary", st.SkipReasons)
			}
		})
	}
}
