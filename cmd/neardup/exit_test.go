package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/index"
)

const oneArticle = `{"id":"a","text":"the ferry to the island stopped running on Monday after the pier was found unsafe by engineers"}` + "\n"

// TestExitCodes: exit statuses that don't lie. An INPUT that cannot be opened is fatal before
// any work (it was counted as one skipped record, with exit status 0; index add also created an
// empty index); one that yields no article is a warning, an error with --strict; help for a
// command that does not exist is a usage error; -o naming an input is a usage error, before any
// work (the report replaced the input).
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	files := map[string]string{"good.jsonl": oneArticle, "empty.jsonl": "", "pics/x.jpeg": "not an article"}
	for name, data := range files {
		os.MkdirAll(filepath.Dir(p(name)), 0o755)
		if err := os.WriteFile(p(name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string // each must be on stderr
		absent []string // files that must not exist after
	}{
		{"missing input", []string{"scan", p("nonexistent.jsonl")}, exitFail,
			[]string{"neardup scan: input " + p("nonexistent.jsonl") + ": no such file or directory"}, nil},
		{"missing among good ones, all named", []string{"scan", p("good.jsonl"), p("typo1.jsonl"), p("typo2")}, exitFail,
			[]string{"input " + p("typo1.jsonl") + ": no such file", "input " + p("typo2") + ": no such file"}, nil},
		{"index add of a missing folder", []string{"index", "add", "--index", p("typo.ndx"), p("nosuchdir")}, exitFail,
			[]string{"neardup index add: input " + p("nosuchdir") + ": no such file or directory"}, []string{p("typo.ndx")}},
		{"check of a missing draft", []string{"check", "--index", p("none.ndx"), p("draft.txt")}, exitFail,
			[]string{"neardup check: input " + p("draft.txt")}, nil},
		{"empty file", []string{"scan", p("good.jsonl"), p("empty.jsonl")}, exitOK,
			[]string{p("empty.jsonl") + ": no articles read from it (warning)", "1 warning"}, nil},
		{"folder without articles", []string{"scan", p("good.jsonl"), p("pics")}, exitOK,
			[]string{p("pics") + ": no articles read from it (a directory gives the .txt, .md, .html, .htm, .warc, .csv, .tsv, .rss and .atom files below it) (warning)"}, nil},
		{"empty file, strict", []string{"scan", "--strict", p("good.jsonl"), p("empty.jsonl")}, exitFail,
			[]string{"bad record in strict mode: " + p("empty.jsonl") + ": no articles"}, nil},
		{"index add of an empty file", []string{"index", "add", "--index", p("e.ndx"), p("empty.jsonl")}, exitOK,
			[]string{p("empty.jsonl") + ": no articles read from it (warning)"}, nil},
		{"help for no such command", []string{"help", "bogus"}, exitUsage, []string{`unknown command "bogus"`}, nil},
		// errors of help go to stderr, and extra words are usage errors
		{"help for no such index command", []string{"help", "index", "bogus"}, exitUsage,
			[]string{`neardup help index: unknown command "bogus"`, "Usage: neardup index COMMAND"}, nil},
		{"help with a word too many", []string{"help", "scan", "extra"}, exitUsage, []string{`neardup help scan: unexpected "extra"`}, nil},
		{"help index with a word too many", []string{"help", "index", "add", "extra"}, exitUsage,
			[]string{`neardup help index add: unexpected "extra"`}, nil},
		// -o naming an input would replace the articles with the report
		{"scan -o an input", []string{"scan", "-o", p("good.jsonl"), p("good.jsonl")}, exitUsage,
			[]string{"neardup scan: -o " + p("good.jsonl") + " is the input " + p("good.jsonl") + ": the report would replace it"}, nil},
		{"scan -o an input, named otherwise", []string{"scan", "--format", "csv", "-o", dir + "/pics/../good.jsonl", p("empty.jsonl"), p("good.jsonl")}, exitUsage,
			[]string{"is the input " + p("good.jsonl")}, nil},
		{"scan -o a link to an input", []string{"scan", "-o", p("link.jsonl"), p("good.jsonl")}, exitUsage,
			[]string{"-o " + p("link.jsonl") + " is the input " + p("good.jsonl")}, nil},
		{"check -o its draft", []string{"check", "--index", p("none.ndx"), "-o", p("good.jsonl"), p("good.jsonl")}, exitUsage,
			[]string{"neardup check: -o " + p("good.jsonl") + " is the input"}, []string{p("none.ndx")}},
	}
	if err := os.Symlink("good.jsonl", p("link.jsonl")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, context.Background(), "", tt.args...)
			if code != tt.code {
				t.Errorf("neardup %q: exit %d, want %d\nstderr:\n%s", tt.args, code, tt.code, stderr)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if tt.code == exitFail && stdout != "" {
				t.Errorf("a failed run wrote a report:\n%s", stdout)
			}
			if tt.code == exitUsage && stdout != "" {
				t.Errorf("a usage error wrote to stdout:\n%s", stdout)
			}
			for _, path := range tt.absent {
				if _, err := os.Stat(path); err == nil {
					t.Errorf("%s exists after the run", path)
				}
			}
			for name, data := range files { // the inputs as they were
				if b, err := os.ReadFile(p(name)); err != nil || string(b) != data {
					t.Errorf("%s holds %q after the run (%v), want %q", name, b, err, data)
				}
			}
		})
	}
}

// TestIndexAddCompactionFails: a batch committed, then a compaction that fails (a full disk):
// exit status 0 with a warning (it was 1, and a nightly job that retried added the batch again).
func TestIndexAddCompactionFails(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "x.ndx")
	full := errors.New("no space left on device")
	commitBatch = func(w *index.Writer) (index.CommitStats, error) {
		cs, err := w.Commit()
		if err != nil {
			return cs, err
		}
		return cs, &index.CompactError{Path: idx, Err: full}
	}
	defer func() { commitBatch = (*index.Writer).Commit }()
	code, stdout, stderr := runCmd(t, context.Background(), "", "index", "add", "--index", idx, "../../testdata/sample")
	if code != exitOK || !strings.Contains(stdout, "added 12 articles") ||
		!strings.Contains(stderr, "warning: the batch is committed, but compacting "+idx+" after it failed: no space left on device") {
		t.Errorf("exit %d, want 0 with a warning\nstdout %s\nstderr %s", code, stdout, stderr)
	}
}

// TestIndexAddNoCompact: --no-compact leaves the compaction to neardup index compact.
func TestIndexAddNoCompact(t *testing.T) {
	for _, noCompact := range []bool{true, false} {
		idx := filepath.Join(t.TempDir(), "x.ndx")
		compacted := false
		for range 3 { // replacing every article twice: dead bytes outgrow live ones
			args := []string{"index", "add", "--index", idx}
			if noCompact {
				args = append(args, "--no-compact")
			}
			args = append(args, "../../testdata/sample")
			code, stdout, stderr := runCmd(t, context.Background(), "", args...)
			if code != exitOK {
				t.Fatalf("%q: exit %d: %s", args, code, stderr)
			}
			compacted = compacted || strings.Contains(stdout, "(compacted)")
		}
		if compacted == noCompact {
			t.Errorf("--no-compact %v: compacted %v", noCompact, compacted)
		}
	}
}

// TestSkipReasonsGrouped: the summary counts skipped records by kind; documents over the size
// limit were one reason per distinct size, with the byte count.
func TestSkipReasonsGrouped(t *testing.T) {
	dir := t.TempDir()
	for name, n := range map[string]int{"a.txt": 150, "b.txt": 260, "c.txt": 333} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Repeat("word ", n/5)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runCmd(t, context.Background(), "", "scan", "--max-doc-bytes", "100", dir)
	if code != exitOK || !strings.Contains(stderr, "3 skipped (3 over --max-doc-bytes)") {
		t.Errorf("exit %d, stderr:\n%s\nwant 3 skipped (3 over --max-doc-bytes)", code, stderr)
	}
}

// TestDirectoryInputs: in a folder, a symbolic link to a file outside it is not read unless
// --follow-symlinks (ln -s /etc/passwd d/leak.txt put /etc/passwd in the report), a binary
// file named .txt is skipped (it was read as an article of U+FFFD), and so is a text in KOI8-R,
// as not UTF-8 (it was "binary"); all are counted in the summary by kind.
func TestDirectoryInputs(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.txt")
	tree := filepath.Join(dir, "d")
	text := "the ferry to the island stopped running on Monday after the pier was found unsafe by engineers"
	for name, data := range map[string]string{
		secret:                          "SECRET " + text,
		filepath.Join(tree, "a.txt"):    text,
		filepath.Join(tree, "prog.txt"): "\x7fELF\x02\x01\x01\x00\x00" + strings.Repeat("\x00\x90\xff", 100),
		filepath.Join(tree, "ru.txt"):   strings.Repeat("\xf0\xd2\xc9\xd7\xc5\xd4 \xcd\xc9\xd2 ", 50), // "Привет мир" in KOI8-R
	} {
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(secret, filepath.Join(tree, "leak.txt")); err != nil {
		t.Skip(err)
	}
	code, stdout, stderr := runCmd(t, context.Background(), "", "scan", "--format", "jsonl", tree)
	if code != exitOK || strings.Contains(stdout, "leak.txt") ||
		!strings.Contains(stderr, "leak.txt: symbolic link not followed") ||
		!strings.Contains(stderr, "prog.txt: binary file (NUL bytes); not read") ||
		!strings.Contains(stderr, "ru.txt: not UTF-8 (a legacy encoding? convert it with iconv)") ||
		!strings.Contains(stderr, "1 document read") || !strings.Contains(stderr, "3 skipped (1 binary, 1 not UTF-8, 1 symbolic link)") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	code, stdout, stderr = runCmd(t, context.Background(), "", "scan", "--format", "jsonl", "--follow-symlinks", tree)
	if code != exitOK || !strings.Contains(stdout, `"id":"leak.txt"`) || !strings.Contains(stderr, "2 skipped (1 binary, 1 not UTF-8)") {
		t.Errorf("--follow-symlinks: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
}

// TestErrorLinesEscaped: a fatal error that names a file shows its control characters escaped,
// as bad records always did; scan, index add and check printed the error that ends a --strict
// run, or a failed -o, raw (a file named "\x1b[2J.txt" in a folder cleared the terminal).
func TestErrorLinesEscaped(t *testing.T) {
	dir := t.TempDir()
	evil := "\x1b[2J"
	drafts := filepath.Join(dir, "drafts")
	for name, data := range map[string]string{
		filepath.Join(dir, "good.jsonl"):   oneArticle,
		filepath.Join(drafts, "a.txt"):     "the ferry to the island stopped running on Monday after the pier was found unsafe",
		filepath.Join(drafts, evil+".txt"): "   ", // empty text: a bad record, fatal with --strict
	} {
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	idx := filepath.Join(dir, "x.ndx")
	if code, _, stderr := runCmd(t, context.Background(), "", "index", "add", "--index", idx, filepath.Join(dir, "good.jsonl")); code != exitOK {
		t.Fatalf("index add: exit %d: %s", code, stderr)
	}
	tests := []struct {
		name string
		args []string
	}{
		{"scan --strict", []string{"scan", "--strict", drafts}},
		{"index add --strict", []string{"index", "add", "--strict", "--index", filepath.Join(dir, "y.ndx"), drafts}},
		{"check --strict", []string{"check", "--strict", "--index", idx, drafts}},
		{"scan -o into a missing folder", []string{"scan", "-o", filepath.Join(dir, evil, "out.txt"), filepath.Join(dir, "good.jsonl")}},
		{"check -o into a missing folder", []string{"check", "--index", idx, "-o", filepath.Join(dir, evil, "out.txt"), filepath.Join(drafts, "a.txt")}},
		{"index remove of an id not there", []string{"index", "remove", "--index", idx, evil + "id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, context.Background(), "", tt.args...)
			if code != exitFail {
				t.Errorf("exit %d, want %d", code, exitFail)
			}
			if strings.Contains(stderr, "\x1b") {
				t.Errorf("stderr holds a raw ESC:\n%q", stderr)
			}
			if !strings.Contains(stderr, `\x1b[2J`) {
				t.Errorf("stderr does not name the file, escaped:\n%q", stderr)
			}
		})
	}
}

// TestStrictSymlinkInFolder: --strict does not fail on a symbolic link in a folder: it is left out
// by policy (--follow-symlinks), and counted as skipped with its reason; it failed the run.
func TestStrictSymlinkInFolder(t *testing.T) {
	dir := t.TempDir()
	tree := filepath.Join(dir, "d")
	text := "the ferry to the island stopped running on Monday after the pier was found unsafe by engineers"
	for name, data := range map[string]string{filepath.Join(dir, "secret.txt"): "SECRET " + text, filepath.Join(tree, "a.txt"): text} {
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(tree, "leak.txt")); err != nil {
		t.Skip(err)
	}
	for _, args := range [][]string{
		{"scan", "--strict", tree},
		{"index", "add", "--strict", "--index", filepath.Join(dir, "x.ndx"), tree},
	} {
		code, stdout, stderr := runCmd(t, context.Background(), "", args...)
		if code != exitOK || !strings.Contains(stderr, "leak.txt: symbolic link not followed") ||
			!strings.Contains(stdout+stderr, "1 skipped (1 symbolic link)") {
			t.Errorf("neardup %q: exit %d\nstdout %s\nstderr %s", args, code, stdout, stderr)
		}
	}
}
