package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
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
	want := []string{"read, tokenize, sign", "LSH candidates", "verify", "passage candidates", "align", "cluster",
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
