package pipeline

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/input"
)

// eachErrors runs Each over inputs and returns the documents' ids, the record errors it
// reported (skipped and warnings) and its stats.
func eachErrors(t *testing.T, inputs []string, opts Options) ([]string, []*input.RecordError, ReadStats, error) {
	t.Helper()
	var ids []string
	var errs []*input.RecordError
	opts.Workers = 2
	opts.OnRecordError = func(e *input.RecordError) { errs = append(errs, e) }
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
	opts := Options{Read: input.ReadOptions{MaxDocBytes: 1000}}
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

// writeFiles writes files (by '/'-separated path relative to dir) with their contents.
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
		kind    input.RecordKind
	}{
		{"all there", []string{p("a.txt"), p("d")}, nil, ""},
		{"missing file", []string{p("a.txt"), p("missing.jsonl")}, []string{p("missing.jsonl")}, input.RecordNotFound},
		{"two missing", []string{p("nodir"), p("a.txt"), p("typo.txt")}, []string{p("nodir"), p("typo.txt")}, input.RecordNotFound},
		{"stdin without one", []string{"-"}, []string{"-"}, input.RecordUnreadable},
	}
	if os.Getuid() != 0 { // root opens anything
		if err := os.WriteFile(p("locked.txt"), []byte(article), 0); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct {
			name    string
			inputs  []string
			wantErr []string
			kind    input.RecordKind
		}{"unreadable", []string{p("locked.txt")}, []string{p("locked.txt")}, input.RecordUnreadable})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := input.Check(tt.inputs, nil)
			var named []string
			for _, e := range unjoin(err) {
				var ie *input.OpenError
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

// TestCheckInputsOnce: inputs that Options.CheckInputs passed are not checked again by Each
// (commands checked them, then Each did again: CheckInputs ran twice, three times for scan
// --index). A file removed after the check is then a record that cannot be read, as any file
// that goes missing while Each reads; other inputs are checked.
func TestCheckInputsOnce(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": article, "b.txt": "Another " + article})
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	var opts Options
	if err := opts.CheckInputs([]string{a, b}, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(b); err != nil {
		t.Fatal(err)
	}
	ids, errs, _, err := eachErrors(t, []string{a, b}, opts)
	if err != nil || len(ids) != 1 || len(errs) < 1 || errs[0].Kind != input.RecordNotFound {
		t.Errorf("Each after CheckInputs = %q, %v, %v; want a.txt read and b.txt not found, no InputError", ids, errs, err)
	}
	var ie *input.OpenError
	if _, _, _, err := eachErrors(t, []string{b, a}, opts); !errors.As(err, &ie) || ie.Input != b {
		t.Errorf("Each of other inputs = %v, want an InputError for %s", err, b)
	}
	if err := opts.CheckInputs([]string{a, b}, nil); !errors.As(err, &ie) {
		t.Errorf("CheckInputs of a missing file = %v, want an InputError", err)
	}
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
		if e.Kind == input.Empty {
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

// TestStrictSymlinks: with Strict, a symbolic link below a directory, not followed, is skipped
// and counted as it is without Strict, not fatal: a link is left out by policy, it is no bad
// record (a folder with a link in it failed a --strict run).
func TestStrictSymlinks(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"outside/secret.txt": "secret " + article, "tree/a.txt": article})
	if err := os.Symlink(filepath.Join(dir, "outside", "secret.txt"), filepath.Join(dir, "tree", "leak.txt")); err != nil {
		t.Skip(err)
	}
	for _, strict := range []bool{false, true} {
		ids, errs, st, err := eachErrors(t, []string{filepath.Join(dir, "tree")}, Options{Strict: strict})
		if err != nil {
			t.Errorf("Strict %v: %v, want no error", strict, err)
		}
		if !slices.Equal(ids, []string{"a.txt"}) || len(errs) != 1 || errs[0].Kind != input.RecordSymlink ||
			st.Skipped != 1 || st.SkipReasons[string(input.RecordSymlink)] != 1 {
			t.Errorf("Strict %v: read %q, errors %v, %d skipped %v; want a.txt read, the link skipped and counted",
				strict, ids, errs, st.Skipped, st.SkipReasons)
		}
	}
	// a bad record is still fatal
	writeFiles(t, dir, map[string]string{"tree/empty.txt": "  "})
	if _, _, _, err := eachErrors(t, []string{filepath.Join(dir, "tree")}, Options{Strict: true}); !errors.Is(err, ErrStrict) {
		t.Errorf("Strict with an empty text: %v, want ErrStrict", err)
	}
}

// TestBinaryFiles: files that look binary are skipped with a reason (an executable saved as
// x.txt was read as an article of U+FFFD); text in a legacy encoding is skipped as not UTF-8,
// with a reason of its own (KOI8-R, GBK and windows-1251 were "binary"), while random bytes
// without a NUL, of which under half are invalid UTF-8, were read; text with a few bad bytes is
// read, repaired.
func TestBinaryFiles(t *testing.T) {
	elf := "\x7fELF\x02\x01\x01\x00\x00\x00" + strings.Repeat("\x00\x10\xff\x88", 200)
	koi8 := strings.Repeat("\xf0\xd2\xc9\xd7\xc5\xd4 \xcd\xc9\xd2 ", 50) // "Привет мир" in KOI8-R
	// "Забастовка в порту: докеры требуют переговоров об автоматизации." in windows-1251
	cp1251 := strings.Repeat("\xc7\xe0\xe1\xe0\xf1\xf2\xee\xe2\xea\xe0 \xe2 \xef\xee\xf0\xf2\xf3: \xe4\xee\xea\xe5\xf0\xfb "+
		"\xf2\xf0\xe5\xe1\xf3\xfe\xf2 \xef\xe5\xf0\xe5\xe3\xee\xe2\xee\xf0\xee\xe2 \xee\xe1 \xe0\xe2\xf2\xee\xec\xe0\xf2\xe8\xe7\xe0\xf6\xe8\xe8. ", 20)
	// "港口罢工：码头工人要求就自动化举行谈判。" in GBK
	gbk := strings.Repeat("\xb8\xdb\xbf\xda\xb0\xd5\xb9\xa4\xa3\xba\xc2\xeb\xcd\xb7\xb9\xa4\xc8\xcb\xd2\xaa\xc7\xf3\xbe\xcd"+
		"\xd7\xd4\xb6\xaf\xbb\xaf\xbe\xd9\xd0\xd0\xcc\xb8\xc5\xd0\xa1\xa3\n", 20)
	latin1 := "Caf\xe9 au lait, cr\xe8me br\xfbl\xe9e and a long sentence of plain words around them."
	// windows-1252: curly quotes and a dash among plain words
	cp1252 := "Le caf\xe9 \x93Beau Rivage\x94 a ferm\xe9 \x96 pour de bon, dit le g\xe9rant, and more plain words after it."
	utf16 := "\xff\xfeH\x00i\x00"
	// random bytes without a NUL: about half of them invalid UTF-8, one in ten a control byte
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(1 + rng.IntN(255))
	}
	tests := []struct {
		name, file, data string
		kind             input.RecordKind // of the error; "" for a document read without one
		reason           string
	}{
		{"executable as text", "x.txt", elf, input.RecordBinary, "binary file (NUL bytes)"},
		{"executable as html", "x.html", elf, input.RecordBinary, "binary file (NUL bytes)"},
		{"random bytes, no NUL", "r.txt", string(random), input.RecordBinary, "control bytes in its first 4096); not read"},
		{"random bytes as JSON Lines", "r.jsonl", string(random), input.RecordBinary, "control bytes"},
		{"KOI8-R", "ru.txt", koi8, input.RecordNotUTF8, "not UTF-8 (a legacy encoding? convert it with iconv)"},
		{"windows-1251", "ru.md", cp1251, input.RecordNotUTF8, "not UTF-8 (a legacy encoding? convert it with iconv)"},
		{"GBK", "zh.txt", gbk, input.RecordNotUTF8, "not UTF-8 (a legacy encoding? convert it with iconv)"},
		{"GBK as html", "zh.html", "<title>x</title>" + gbk, input.RecordNotUTF8, "not UTF-8"},
		{"KOI8-R as JSON Lines", "ru.jsonl", koi8, input.RecordNotUTF8, "not UTF-8 (a legacy encoding? convert it with iconv)"},
		{"UTF-16", "w.txt", utf16, input.RecordNotUTF8, "UTF-16 text"},
		{"Latin-1: a few bad bytes", "fr.txt", latin1, input.RecordInvalidUTF8, "invalid UTF-8: 4 bytes replaced"},
		{"windows-1252: a few bad bytes", "fr2.txt", cp1252, input.RecordInvalidUTF8, "invalid UTF-8: 6 bytes replaced"},
		{"UTF-8 Chinese", "zh8.txt", strings.Repeat("港口罢工：码头工人要求就自动化举行谈判。\n", 20), "", ""},
		{"UTF-8 Arabic", "ar.txt", strings.Repeat("أضرب عمال الميناء احتجاجا على الرافعات الآلية. ", 20), "", ""},
		{"UTF-8 Russian", "ru8.txt", strings.Repeat("Забастовка в порту: докеры требуют переговоров. ", 20), "", ""},
		{"UTF-8 with a byte order mark", "bom.txt", "\ufeff" + article, "", ""},
		{"text with tabs, form feeds and CRLF", "tabs.txt", strings.Repeat("col\tcol\r\n\f", 50) + article, "", ""},
		{"executable as JSON Lines", "x.jsonl", elf, input.RecordBinary, "binary file (NUL bytes)"},
		{"JSON Lines with one bad line", "ok.jsonl", `{"id":"a","text":"` + article + `"}` + "\n\x00\x01\x02\n", input.RecordMalformed, "malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{tt.file: tt.data})
			ids, errs, st, err := eachErrors(t, []string{filepath.Join(dir, tt.file)}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.kind == "" && len(errs) > 0:
				t.Fatalf("errors %v, want none", errs)
			case tt.kind != "" && (len(errs) == 0 || errs[0].Kind != tt.kind || !strings.Contains(errs[0].Reason, tt.reason)):
				t.Fatalf("errors %v, want first one of kind %q with %q", errs, tt.kind, tt.reason)
			}
			read := tt.kind == "" || tt.kind == input.RecordInvalidUTF8 || tt.kind == input.RecordMalformed
			if read != (len(ids) == 1) {
				t.Errorf("documents read: %q", ids)
			}
			if skipped := !read; skipped && (st.Skipped != 1 || st.SkipReasons[string(tt.kind)] != 1) {
				t.Errorf("%d skipped, SkipReasons = %v, want 1 %s", st.Skipped, st.SkipReasons, tt.kind)
			}
		})
	}
}
