package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// lockedBuffer is a buffer that a spinner's goroutine and the command can write at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestProgressStages: on a terminal, every stage after reading shows on stderr by name, with a
// bar or a spinner, up to writing the report (only reading had a bar, then nothing until the
// summary: 11 s on a 76k-article scan); the report on stdout is the same as without.
func TestProgressStages(t *testing.T) {
	isTerminal = func(w io.Writer) bool { return w != nil }
	defer func() { isTerminal = isTerminalFile }()
	var stdout bytes.Buffer
	var stderr lockedBuffer
	code := run(context.Background(), []string{"scan", "--format", "jsonl", "../../testdata/sample"}, strings.NewReader(""), &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	errs := stderr.String()
	last := -1
	for _, stage := range []string{"reading", "LSH candidates", "verify", "passage candidates", "align", "cluster",
		"recurring passages", "writing the report", "neardup: 12 documents read"} {
		i := strings.Index(errs, stage)
		if i < 0 {
			t.Errorf("stderr never shows %q", stage)
			continue
		}
		if i < last {
			t.Errorf("%q shown before the stage before it", stage)
		}
		last = i
	}
	_, want, _ := runCmd(t, context.Background(), "", "scan", "--format", "jsonl", "../../testdata/sample")
	if stdout.String() != want {
		t.Error("the report differs with progress shown")
	}
	if t.Failed() {
		t.Logf("stderr: %q", errs)
	}
}

// TestVerboseStageLines: -v prints a line as each stage ends, terminal or not; without -v and
// without a terminal, stderr holds the summary alone.
func TestVerboseStageLines(t *testing.T) {
	code, _, stderr := runCmd(t, context.Background(), "", "scan", "-v", "--format", "csv", "../../testdata/sample")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	stageLine := regexp.MustCompile(`(?m)^neardup: (\S.*?)  +\d[\d.]*[µnm]?s(: (.*))?$`)
	var stages []string
	for _, m := range stageLine.FindAllStringSubmatch(stderr, -1) {
		stages = append(stages, m[1])
	}
	want := []string{"read, tokenize, sign", "LSH candidates", "verify", "passage candidates", "align", "cluster", "direction",
		"recurring passages", "writing the report"}
	if strings.Join(stages, "|") != strings.Join(want, "|") {
		t.Errorf("stage lines %q, want %q\n%s", stages, want, stderr)
	}
	if !strings.Contains(stderr, ": 12 documents, ") || !regexp.MustCompile(`verify +\S+: \d+ pairs?\n`).MatchString(stderr) {
		t.Errorf("stage lines lack their counts:\n%s", stderr)
	}
	code, _, stderr = runCmd(t, context.Background(), "", "scan", "--format", "csv", "../../testdata/sample")
	if code != exitOK || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "neardup: 12 documents read") {
		t.Errorf("stderr without -v or a terminal: %q, want the summary line alone", stderr)
	}
}

// TestProgressWriter: the writer for messages during a run is never nil: without a display (nil,
// --quiet or no terminal without -v) it is the stderr given or configured; it was nil without
// one, and a caller that did not check wrote to a nil writer.
func TestProgressWriter(t *testing.T) {
	var stderr bytes.Buffer
	var none *progress
	for _, p := range []*progress{none, newProgress(&stderr, false, true, nil)} {
		w := p.writer(&stderr)
		if w == nil {
			t.Fatalf("%v.writer = nil", p)
		}
		stderr.Reset()
		fmt.Fprintln(w, "a.txt: empty text")
		if stderr.String() != "a.txt: empty text\n" {
			t.Errorf("%v.writer wrote %q to stderr", p, stderr.String())
		}
	}
}

// overlapWriter counts the writes that begin while another is under way.
type overlapWriter struct {
	busy     atomic.Bool
	overlaps atomic.Int32
	lockedBuffer
}

func (o *overlapWriter) Write(b []byte) (int, error) {
	if o.busy.CompareAndSwap(false, true) {
		defer o.busy.Store(false)
	} else {
		o.overlaps.Add(1)
	}
	time.Sleep(100 * time.Microsecond) // a slow terminal: room for another writer to come in
	return o.lockedBuffer.Write(b)
}

// TestSpinnerDrawsInTurn: a spinner, drawn from progressbar's goroutine every 100 ms, writes to
// stderr in turn with the messages written over it: it drew without the display's locks, in the
// middle of a message being written.
func TestSpinnerDrawsInTurn(t *testing.T) {
	isTerminal = func(w io.Writer) bool { return w != nil }
	defer func() { isTerminal = isTerminalFile }()
	var stderr overlapWriter
	p := newProgress(&stderr, false, false, func() (int64, bool) { return 0, false })
	p.begin("relating with the index")
	msgs := p.writer(&stderr)
	for i := 0; time.Since(p.start) < 450*time.Millisecond; i++ {
		fmt.Fprintf(msgs, "x%d.txt: empty text\n", i)
	}
	p.end("")
	if n := stderr.overlaps.Load(); n > 0 {
		t.Errorf("%d writes to stderr began while another was under way", n)
	}
	if !strings.Contains(stderr.String(), "relating with the index") {
		t.Errorf("the spinner never showed: %q", stderr.String())
	}
}
