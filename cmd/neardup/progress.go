package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/neardup/neardup/pipeline"
)

// isTerminal reports whether w is a terminal; tests make it say yes.
var isTerminal = isTerminalFile

func isTerminalFile(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress shows a scan's stages on stderr: when stderr is a terminal, a bar while reading
// (bytes, or documents from stdin), then for every later stage a bar of pairs (verify, align) or
// a spinner with the stage's name; with -v, terminal or not, a line as each stage ends. Nothing
// else: on a pipe or a file stderr holds only what it held before.
//
// Two locks: mu guards the display's state (the bar, the stage), and w's own serialises what is
// written to stderr. A spinner draws from a goroutine of progressbar's, which holds the bar's lock
// but not mu, so its writes take w's lock, as ours do; mu cannot serve, as it is held around
// calls that make the bar draw. Locks are taken in the order mu, the bar's, w's.
type progress struct {
	w       *stderrWriter
	bars    bool // stderr is a terminal
	verbose bool
	size    func() (int64, bool) // the input size, for the read bar

	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	stage string            // the stage the bar shows
	max   int               // of the bar: pairs; -1 for a spinner or a read bar
	bytes bool              // the read bar counts bytes (else documents)
	last  pipeline.Progress // the last counts of the stage, for its line
	start time.Time         // of a stage of the command's own (writing the report)
}

// newProgress returns the display for a scan; nil when it shows nothing (--quiet, or stderr not
// a terminal without -v).
func newProgress(stderr io.Writer, quiet, verbose bool, size func() (int64, bool)) *progress {
	bars := isTerminal(stderr)
	if quiet || !bars && !verbose {
		return nil
	}
	return &progress{w: &stderrWriter{w: stderr}, bars: bars, verbose: verbose, size: size}
}

// update takes Run's progress (Options.Progress).
func (p *progress) update(ev pipeline.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case ev.Finished:
		p.endBar()
		if p.verbose {
			p.line(ev.Stage, ev.Took, p.counts(ev.Stage))
		}
		p.last = pipeline.Progress{}
		if ev.Next != "" {
			p.spinner(ev.Next)
		}
	case ev.Stage == "read":
		p.last = ev
		if !p.bars {
			return
		}
		if p.bar == nil || p.stage != "read" {
			p.endBar()
			p.readBar()
		}
		if p.bytes {
			p.bar.Set64(ev.Bytes)
		} else {
			p.bar.Set(ev.Docs)
		}
	default: // pairs of verify or align
		p.last = ev
		if !p.bars || ev.Total <= 0 {
			return
		}
		if p.bar == nil || p.stage != ev.Stage || p.max != ev.Total {
			p.endBar()
			p.stage, p.max = ev.Stage, ev.Total
			p.bar = progressbar.NewOptions(ev.Total, p.options(ev.Stage, progressbar.OptionShowCount(), progressbar.OptionSetItsString("pairs"))...)
		}
		p.bar.Set(ev.Done)
	}
}

// counts words what the last progress of stage counted, for its line.
func (p *progress) counts(stage string) string {
	switch l := p.last; {
	case stage == "read, tokenize, sign" && l.Stage == "read":
		return plural(l.Docs, "document") + ", " + byteSize(l.Bytes)
	case l.Stage == stage && l.Total > 0:
		return plural(l.Total, "pair")
	}
	return ""
}

// begin starts a stage of the command's own after Run (relating with an index, writing the
// report): a spinner, and with -v its line at end.
func (p *progress) begin(stage string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endBar()
	p.spinner(stage)
	p.stage, p.start = stage, time.Now()
}

// end ends the stage begun, with what it did for its -v line.
func (p *progress) end(what string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endBar()
	if p.verbose {
		p.line(p.stage, time.Since(p.start), what)
	}
}

// finish clears whatever is shown: before the summary, or an error.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endBar()
}

// line prints a stage's -v line.
func (p *progress) line(stage string, took time.Duration, what string) {
	if what != "" {
		what = ": " + what
	}
	fmt.Fprintf(p.w, "neardup: %-22s %9s%s\n", stage, took.Round(time.Millisecond), what)
}

func (p *progress) options(desc string, more ...progressbar.Option) []progressbar.Option {
	return append([]progressbar.Option{
		progressbar.OptionSetWriter(p.w), // never stdout: the report goes there
		progressbar.OptionSetDescription(desc),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true), // the stage's name at once, however short it is
	}, more...)
}

// readBar is the bar of the read stage: bytes when the input size is known, else documents.
func (p *progress) readBar() {
	p.stage, p.max = "read", -1
	size, ok := p.size()
	if p.bytes = ok && size > 0; p.bytes {
		p.bar = progressbar.NewOptions64(size, p.options("reading", progressbar.OptionShowCount(), progressbar.OptionShowBytes(true))...)
		return
	}
	p.bar = progressbar.NewOptions64(-1, p.options("reading", progressbar.OptionShowCount(), progressbar.OptionSetItsString("docs"))...)
}

// spinner shows a stage that gives no counts.
func (p *progress) spinner(stage string) {
	p.stage, p.max = stage, -1
	if p.bars {
		p.bar = progressbar.NewOptions64(-1, p.options(stage, progressbar.OptionSpinnerType(14))...)
	}
}

// endBar clears the bar shown, if any.
func (p *progress) endBar() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar.Exit()
		p.bar = nil
	}
}

// writer returns where messages go during the run (bad records): with bars, a writer that
// erases the bar first, which is drawn again below the message; else stderr itself, the one the
// display was made with or, without a display (p nil), the one given.
func (p *progress) writer(stderr io.Writer) io.Writer {
	switch {
	case p == nil:
		return stderr
	case !p.bars:
		return p.w.w
	}
	return clearingWriter{p}
}

// clearingWriter writes messages over the bar: the bar's line erased, then the message, with no
// draw of a spinner's between.
type clearingWriter struct{ p *progress }

func (c clearingWriter) Write(b []byte) (int, error) {
	c.p.mu.Lock()
	defer c.p.mu.Unlock()
	return c.p.w.writeOver(b)
}

// stderrWriter is stderr while a bar may be drawn on it: every write holds its lock, and it
// counts the characters on the cursor's line (the bar's), for writeOver to erase them.
type stderrWriter struct {
	mu  sync.Mutex
	w   io.Writer
	col int // characters written since the last CR or LF
}

func (s *stderrWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.write(b)
}

// writeOver erases the cursor's line (a bar, when one is drawn), then writes b.
func (s *stderrWriter) writeOver(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.col > 0 {
		if _, err := s.write([]byte("\r" + strings.Repeat(" ", s.col) + "\r")); err != nil {
			return 0, err
		}
	}
	return s.write(b)
}

func (s *stderrWriter) write(b []byte) (int, error) {
	n, err := s.w.Write(b)
	if i := bytes.LastIndexAny(b[:n], "\r\n"); i >= 0 {
		s.col = utf8.RuneCount(b[i+1 : n])
	} else {
		s.col += utf8.RuneCount(b[:n])
	}
	return n, err
}

// countingWriter counts the bytes written through it, for the report's -v line.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// byteSize words a number of bytes: "830 bytes", "12.4 KB", "3.1 MB".
func byteSize(n int64) string {
	switch {
	case n < 1000:
		return plural(int(n), "byte")
	case n < 1e6:
		return fmt.Sprintf("%.1f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
