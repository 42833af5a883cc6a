package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/pipeline"
)

const serveUsage = `Usage: neardup serve --index PATH [--addr 127.0.0.1:8080] [flags]

The plagiarism check as a local web service, and a page to use it: an editor pastes or uploads a
draft at http://ADDR/ and sees its sources side by side; a CMS posts each draft to /v1/check.

  POST /v1/check   a draft as text/plain (or text/markdown, text/html), or as JSON
                   {"id", "title", "text", "source", "url", "published"} with check's options
                   "fail_over" (0-1), "count_credited", "rewrite", and the limits "containment",
                   "min_reuse_words", "min_passage", "max_gap", "boilerplate", "max_postings"
                   (for text/plain, the same names as query parameters, and id and title);
                   answers the JSON line of check --format jsonl for it (?format=html: check's page),
                   with "warnings" when its text was repaired (invalid UTF-8)
  GET  /v1/index   articles, size, analysis parameters and last commit of the index
  GET  /healthz    200 while the index can be read
  GET  /           the page

Errors are JSON, {"error": "..."}: 400 a bad request (empty draft, malformed JSON, an unknown
field, a bad option), 408 a client too slow to send its draft, 413 a body over --max-body, 415
another content type, 500 a failure of ours, 503 no check slot free before the request's time ran
out. A request gets one access-log line on stderr.

The index may change while it serves (a nightly neardup index add, a compaction): each check sees
the last commit, never a batch half-written; a reader is closed when the last check using it ends.
SIGINT or SIGTERM stops it gracefully: it stops accepting, lets running requests finish (up to
--shutdown-timeout), and exits 0.

Checks look for rewritten passages too when the index was made with index add --rewrite
(/v1/index says "rewrite": true), as check does by default; a request's "rewrite" decides
(false, or true in an index without sentence keys: then only articles sharing verbatim text).

It has no authentication: keep it on loopback (the default) or behind a proxy that has.
`

func init() {
	helps["serve"] = help{
		groups: []flagGroup{
			{title: "Serve", names: []string{"index", "addr", "max-body", "max-checks"}},
			{title: "Timeouts", names: []string{"read-timeout", "write-timeout", "idle-timeout", "shutdown-timeout"}},
			{title: "What is related (the defaults of every check; the analysis itself is the index's)",
				names: []string{"containment", "min-reuse-words", "min-passage", "max-gap", "boilerplate", "max-postings"}},
		},
		examples: []string{
			"neardup serve --index news.ndx                              # then open http://127.0.0.1:8080/",
			"curl -sS --data-binary @draft.txt -H 'Content-Type: text/plain' 'http://127.0.0.1:8080/v1/check?fail_over=0.3'",
			`curl -sS -H 'Content-Type: application/json' -d '{"id":"d1","text":"...","count_credited":true}' http://127.0.0.1:8080/v1/check`,
			"neardup serve --index news.ndx --addr 127.0.0.1:9000 --max-checks 4 --max-body 2097152",
		},
	}
}

// serveOptions are serve's settings: what the flags give.
type serveOptions struct {
	Index           string
	Addr            string           // default 127.0.0.1:8080
	MaxBody         int64            // bytes of a request body; default 10 MiB
	MaxChecks       int              // checks at once (newServer needs it set; the flag's 0 is GOMAXPROCS)
	ReadTimeout     time.Duration    // to read a whole request; default 1m
	WriteTimeout    time.Duration    // from the end of its headers to the end of the answer; default 2m
	IdleTimeout     time.Duration    // a kept-alive connection between requests; default 2m
	ShutdownTimeout time.Duration    // for running requests to finish on SIGINT/SIGTERM; default 30s
	Check           pipeline.Options // the defaults of every check (a request may override the limits)
	Log             io.Writer        // the access log and messages: stderr
}

func serve(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", serveUsage, stderr)
	o := serveOptions{Log: stderr}
	registerOptions(fs, &o.Check, "containment", "min-reuse-words", "min-passage", "max-gap", "boilerplate", "max-postings")
	fs.StringVar(&o.Index, "index", "", "the index `file` to check against (required)")
	fs.StringVar(&o.Addr, "addr", "127.0.0.1:8080", "`host:port` to listen on (port 0: any free port, printed on stderr)")
	fs.Int64Var(&o.MaxBody, "max-body", 10<<20, "largest request body in `bytes` (413 beyond it)")
	fs.IntVar(&o.MaxChecks, "max-checks", 0, "checks run at once, more wait for a slot (0: one per core, GOMAXPROCS)")
	fs.DurationVar(&o.ReadTimeout, "read-timeout", time.Minute, "time to read a whole request, body included")
	fs.DurationVar(&o.WriteTimeout, "write-timeout", 2*time.Minute, "time from a request's headers to the end of its answer")
	fs.DurationVar(&o.IdleTimeout, "idle-timeout", 2*time.Minute, "time a kept-alive connection waits for its next request")
	fs.DurationVar(&o.ShutdownTimeout, "shutdown-timeout", 30*time.Second, "time running requests get to finish on SIGINT or SIGTERM")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case o.Index == "":
		fmt.Fprintln(stderr, "neardup serve: --index PATH is required")
		return exitUsage
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "neardup serve: unexpected %q: serve takes only flags\n", fs.Arg(0))
		return exitUsage
	case o.MaxBody <= 0 || o.MaxChecks < 0:
		fmt.Fprintln(stderr, "neardup serve: --max-body must be positive and --max-checks 0 or more")
		return exitUsage
	case o.ReadTimeout <= 0 || o.WriteTimeout <= 0 || o.IdleTimeout <= 0 || o.ShutdownTimeout <= 0:
		fmt.Fprintln(stderr, "neardup serve: timeouts must be positive")
		return exitUsage
	}
	if o.MaxChecks == 0 {
		o.MaxChecks = runtime.GOMAXPROCS(0)
	}
	if err := o.Check.Validate(); err != nil {
		printError(stderr, "serve", err)
		return exitUsage
	}
	s, err := newServer(o)
	if err != nil {
		printError(stderr, "serve", err)
		return exitFail
	}
	defer s.Close()
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		printError(stderr, "serve", err)
		return exitFail
	}
	st := s.idx.cur.r.Stats()
	fmt.Fprintf(stderr, "neardup serve: listening on http://%s/ (index %s: %s, commit %d)\n", ln.Addr(), o.Index, plural(st.Docs, "article"), st.Seq)
	if host, _, _ := net.SplitHostPort(o.Addr); !isLoopback(host) {
		fmt.Fprintln(stderr, "neardup serve: warning: listening beyond loopback, and serve has no authentication")
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: min(o.ReadTimeout, 10*time.Second),
		ReadTimeout:       o.ReadTimeout,
		WriteTimeout:      o.WriteTimeout,
		IdleTimeout:       o.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(stderr, "neardup serve: ", 0),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		printError(stderr, "serve", err)
		return exitFail
	case <-ctx.Done():
	}
	fmt.Fprintln(stderr, "neardup serve: shutting down: running requests may finish")
	sctx, cancel := context.WithTimeout(context.Background(), o.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		printError(stderr, "serve", fmt.Errorf("shutdown: %w (requests still running were cut)", err))
		srv.Close()
		return exitFail
	}
	<-done // http.ErrServerClosed
	fmt.Fprintln(stderr, "neardup serve: stopped")
	return exitOK
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// liveIndex is the index a server checks against, opened again when a commit or a compaction
// changes its file (index.Reader.Stale), so that new checks see the last commit without a
// restart. A reader is shared by the checks that acquired it and closed when the last of them
// releases it after a newer one took its place.
type liveIndex struct {
	path string
	log  *log.Logger
	mu   sync.Mutex
	cur  *heldReader // holds a reference of its own while current
}

type heldReader struct {
	r    *index.Reader
	refs int
}

func openLive(path string, lg *log.Logger) (*liveIndex, error) {
	r, err := index.Open(path)
	if err != nil {
		return nil, err
	}
	return &liveIndex{path: path, log: lg, cur: &heldReader{r: r, refs: 1}}, nil
}

// acquire returns the reader of the index's last commit; release it when done.
func (l *liveIndex) acquire() (*heldReader, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cur == nil {
		return nil, errors.New("index closed")
	}
	stale, err := l.cur.r.Stale()
	if err != nil {
		// the file is gone or unreadable: keep checking against the last commit we have
		l.log.Printf("warning: %v; checks use commit %d", err, l.cur.r.Stats().Seq)
	}
	if stale {
		r, err := index.Open(l.path)
		if err != nil {
			l.log.Printf("warning: reopen %s: %v; checks use commit %d", l.path, err, l.cur.r.Stats().Seq)
		} else {
			l.drop(l.cur)
			l.cur = &heldReader{r: r, refs: 1}
		}
	}
	l.cur.refs++
	return l.cur, nil
}

func (l *liveIndex) release(h *heldReader) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.drop(h)
}

// drop removes a reference to h, closing its reader with the last; l.mu is held.
func (l *liveIndex) drop(h *heldReader) {
	h.refs--
	if h.refs == 0 {
		if err := h.r.Close(); err != nil {
			l.log.Printf("warning: close index reader: %v", err)
		}
	}
}

// Close releases the current reader.
func (l *liveIndex) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cur != nil {
		l.drop(l.cur)
		l.cur = nil
	}
}
