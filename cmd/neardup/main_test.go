package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/report"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

func runCmd(t *testing.T, ctx context.Context, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(ctx, args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	tests := [][]string{
		{},
		{"frobnicate"},
		{"scan"},
		{"scan", "--no-such-flag", "x"},
		{"scan", "--format", "pdf", "x"},
		{"scan", "--threshold", "1.5", "x"},
	}
	for _, args := range tests {
		code, _, stderr := runCmd(t, context.Background(), "", args...)
		if code != exitUsage {
			t.Errorf("neardup %q: exit %d, want %d (stderr %q)", args, code, exitUsage, stderr)
		}
		if stderr == "" {
			t.Errorf("neardup %q: nothing on stderr", args)
		}
	}
	if code, out, _ := runCmd(t, context.Background(), "", "help", "scan"); code != exitOK || !strings.Contains(out, "-threshold") {
		t.Errorf("help scan: exit %d, stdout %q, want the flags", code, out)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	data := "{\"id\":1,\"text\":\"one two three four five six seven eight nine\"}\n" +
		"{\"id\":2,\"text\":\n" +
		"{\"id\":3}\n" +
		"{\"id\":4,\"text\":\"   \"}\n" +
		"{\"id\":1,\"text\":\"a duplicate id\"}\n" +
		"{\"id\":5,\"text\":\"broken \xff\xfe bytes\"}\n"
	if err := os.WriteFile(bad, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(t, context.Background(), "", "scan", bad)
	if code != exitOK {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		bad + ":2: malformed JSON", bad + ":3: missing text", bad + ":4: empty text",
		bad + ":5: duplicate id \"1\": first read at " + bad + ":1", bad + ":6: invalid UTF-8: 2 bytes replaced",
		"2 documents read", "4 skipped (1 duplicate id, 1 empty text, 1 malformed JSON, 1 missing text)", "1 warning",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	code, _, stderr = runCmd(t, context.Background(), "", "scan", "--strict", bad)
	if code != exitFail || !strings.Contains(stderr, bad+":2: malformed JSON") {
		t.Errorf("--strict: exit %d, want %d; stderr:\n%s", code, exitFail, stderr)
	}
}

func TestStdinAndOutputFile(t *testing.T) {
	in := `{"id":"a","text":"the ferry to the island stopped running on Monday after the pier was found unsafe by engineers"}
{"id":"b","text":"the ferry to the island stopped running on Monday after the pier was found unsafe by engineers"}
`
	out := filepath.Join(t.TempDir(), "out.jsonl")
	code, stdout, stderr := runCmd(t, context.Background(), in, "scan", "--format", "jsonl", "-o", out, "-")
	if code != exitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Version int
		Kind    string
		Pairs   []struct{ A, B, Relation string }
	}
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("output %q: %v", data, err)
	}
	if c.Version != report.Version || c.Kind != "exact" || len(c.Pairs) != 1 || c.Pairs[0].Relation != "exact" {
		t.Errorf("output = %+v, want one exact pair", c)
	}
}

// TestInterrupted: a cancelled run exits 130 and leaves no output file, not even a partial one.
func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	code, _, stderr := runCmd(t, ctx, "", "scan", "--format", "jsonl", "-o", out, "../../testdata/sample")
	if code != exitInterrupted {
		t.Errorf("exit %d, want %d; stderr %q", code, exitInterrupted, stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
}

// TestGolden compares the reports of the bundled sample with testdata/golden (go test -update rewrites them).
func TestGolden(t *testing.T) {
	for _, format := range []string{"text", "jsonl", "pairs", "csv", "html"} {
		code, stdout, stderr := runCmd(t, context.Background(), "", "scan", "--quiet", "--format", format, "../../testdata/sample")
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		path := filepath.Join("..", "..", "testdata", "golden", "sample."+format)
		if *update {
			if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/neardup -update to create it)", err)
		}
		if stdout != string(want) {
			t.Errorf("%s report differs from %s (go test ./cmd/neardup -update rewrites it after a deliberate change):\n%s", format, path, stdout)
		}
	}
}

// TestWriteOutputSpecialFiles: -o to a path that is not a regular file writes to it in place. A
// rename over a named pipe (or, run as root, over /dev/null) would replace it with a file.
func TestWriteOutputSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(fifo) // opens for reading: the writer's open waits for it
		got <- string(b)
	}()
	if err := writeOutput(fifo, nil, func(w io.Writer) error { _, err := io.WriteString(w, "report\n"); return err }); err != nil {
		t.Fatalf("writeOutput to a named pipe: %v", err)
	}
	if s := <-got; s != "report\n" {
		t.Errorf("read %q from the pipe, want %q", s, "report\n")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("after writeOutput the pipe is %v (%v), want a named pipe still", fi.Mode(), err)
	}
	if err := writeOutput(dir, nil, func(io.Writer) error { return nil }); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("writeOutput to a directory: %v, want an error saying it is a directory", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d entries in the directory, want the pipe alone (no temporary file left)", len(entries))
	}
}

// TestWriteOutputSymlink: -o to a symbolic link writes through it: the file it leads to gets the
// report, atomically and with its mode kept, and the link stays a link. os.Stat followed the link
// and the rename then replaced the link itself with a regular file.
func TestWriteOutputSymlink(t *testing.T) {
	tests := []struct {
		name   string
		target string // the link's target, as written in the link; relative to the link's directory
		old    bool   // the file it leads to exists before
		final  string // the file that gets the report, relative to the test's directory
	}{
		{"to a file beside it", "report.txt", true, "report.txt"},
		{"to a file elsewhere", "../reports/report.txt", true, "reports/report.txt"},
		{"to a link to a file", "hop", true, "report.txt"}, // hop -> report.txt, made below
		{"to a file not there yet", "../reports/new.txt", false, "reports/new.txt"},
		{"through a linked folder", "../linked/report.txt", true, "reports/report.txt"}, // linked -> reports
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, d := range []string{"out", "reports"} {
				if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Symlink("reports", filepath.Join(dir, "linked")); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			if err := os.Symlink("report.txt", filepath.Join(dir, "out", "hop")); err != nil {
				t.Fatal(err)
			}
			final := filepath.Join(dir, tt.final)
			if tt.final == "report.txt" {
				final = filepath.Join(dir, "out", "report.txt")
			}
			if tt.old {
				if err := os.WriteFile(final, []byte("old\n"), 0o640); err != nil {
					t.Fatal(err)
				}
			}
			link := filepath.Join(dir, "out", "latest.txt")
			if err := os.Symlink(tt.target, link); err != nil {
				t.Fatal(err)
			}
			err := writeOutput(link, nil, func(w io.Writer) error { _, err := io.WriteString(w, "report\n"); return err })
			if err != nil {
				t.Fatalf("writeOutput: %v", err)
			}
			if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("after writeOutput the link is %v (%v), want a symbolic link still", fi.Mode(), err)
			}
			if got, _ := os.Readlink(link); got != tt.target {
				t.Errorf("the link leads to %q, want %q", got, tt.target)
			}
			if data, err := os.ReadFile(final); err != nil || string(data) != "report\n" {
				t.Errorf("%s holds %q (%v), want the report", tt.final, data, err)
			}
			if fi, err := os.Stat(final); err == nil && tt.old && fi.Mode().Perm() != 0o640 {
				t.Errorf("%s has mode %#o, want 0640 kept", tt.final, fi.Mode().Perm())
			}
			for _, d := range []string{"out", "reports"} {
				entries, _ := os.ReadDir(filepath.Join(dir, d))
				for _, e := range entries {
					if strings.Contains(e.Name(), ".tmp-") {
						t.Errorf("temporary file %s left in %s", e.Name(), d)
					}
				}
			}
		})
	}
}

// TestWriteOutputRenderFails: when rendering the report fails half-way, -o leaves no temporary
// file behind and the file it was to replace as it was (or no file, when there was none).
func TestWriteOutputRenderFails(t *testing.T) {
	for _, tt := range []struct {
		name string
		old  string // the file's content before; "" for no file
		link bool   // -o names a link to the file
	}{
		{"new file", "", false},
		{"replacing a file", "old report\n", false},
		{"through a link", "old report\n", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "report.txt")
			if tt.old != "" {
				if err := os.WriteFile(path, []byte(tt.old), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := path
			if tt.link {
				out = filepath.Join(dir, "latest.txt")
				if err := os.Symlink("report.txt", out); err != nil {
					t.Skip(err)
				}
			}
			broken := errors.New("render: texts unreadable")
			err := writeOutput(out, nil, func(w io.Writer) error {
				io.WriteString(w, "half a rep")
				return broken
			})
			if !errors.Is(err, broken) {
				t.Errorf("writeOutput = %v, want the render error", err)
			}
			data, err := os.ReadFile(path)
			switch {
			case tt.old == "" && !errors.Is(err, fs.ErrNotExist):
				t.Errorf("%s exists after a failed render: %q, %v", path, data, err)
			case tt.old != "" && string(data) != tt.old:
				t.Errorf("%s holds %q after a failed render, want %q", path, data, tt.old)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), ".tmp-") {
					t.Errorf("temporary file %s left behind", e.Name())
				}
			}
		})
	}
}

// TestSummaryElapsed: the summary's time is the one it is given (the run and the report's
// writing), not the run's alone.
func TestSummaryElapsed(t *testing.T) {
	res := &pipeline.Result{Stats: pipeline.Stats{Docs: 3, Elapsed: 2 * time.Second}}
	var b strings.Builder
	summary(&b, res, false, 3500*time.Millisecond)
	if !strings.Contains(b.String(), " in 3.5s\n") || strings.Contains(b.String(), " in 2s") {
		t.Errorf("summary: %q, want the time given (3.5s), not the run's (2s)", b.String())
	}
}
