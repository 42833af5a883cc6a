package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/report"
)

// server answers serve's requests.
type server struct {
	o      serveOptions
	idx    *liveIndex
	log    *log.Logger
	checks chan struct{} // a slot per check that may run at once
	assets map[string]asset
}

func newServer(o serveOptions) (*server, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	o.Check.SetDefaults()
	lg := log.New(o.Log, "neardup serve: ", 0)
	idx, err := openLive(o.Index, lg)
	if err != nil {
		return nil, err
	}
	assets, err := pageAssets()
	if err != nil {
		idx.Close()
		return nil, err
	}
	return &server{o: o, idx: idx, log: lg, checks: make(chan struct{}, o.MaxChecks), assets: assets}, nil
}

// Close closes the index (the reader of a check still running is closed when it ends).
func (s *server) Close() { s.idx.Close() }

// Handler routes serve's requests, each logged on one line and a panic answered with a 500.
func (s *server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/check", s.check)
	mux.HandleFunc("GET /v1/index", s.indexInfo)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /{$}", s.asset)
	mux.HandleFunc("GET /assets/{name}", s.asset)
	return s.logged(mux)
}

// logWriter is a ResponseWriter that keeps the status and the bytes written, for the log.
type logWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	err    string // the error answered, for the log
}

func (w *logWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *logWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// logged writes one access-log line per request: remote address, method, path, status, bytes
// of the answer, milliseconds, and the error of a 4xx or 5xx answer.
func (s *server) logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		lw := &logWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Printf("panic serving %s %s: %v", r.Method, r.URL.Path, v)
				if lw.status == 0 {
					writeError(lw, http.StatusInternalServerError, "internal error")
				}
			}
			status := lw.status
			if status == 0 {
				status = http.StatusOK
			}
			s.log.Printf("%s %s %s %d %dB %.1fms%s", r.RemoteAddr, r.Method, r.URL.RequestURI(), status, lw.bytes,
				float64(time.Since(start).Microseconds())/1000, note(lw.err))
		}()
		h.ServeHTTP(lw, r)
	})
}

func note(err string) string {
	if err == "" {
		return ""
	}
	return " " + strconv.Quote(err)
}

// writeError answers {"error": msg} with the status.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// fail answers an error and notes it for the access log.
func (s *server) fail(w http.ResponseWriter, status int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if lw, ok := w.(*logWriter); ok {
		lw.err = msg
	}
	writeError(w, status, msg)
}

func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	h, err := s.idx.acquire()
	if err != nil {
		s.fail(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	defer s.idx.release(h)
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "commit": h.r.Stats().Seq})
}

// indexJSON is GET /v1/index.
type indexJSON struct {
	Path       string         `json:"path"`
	Articles   int            `json:"articles"`
	Removed    int            `json:"removed"`
	Size       int64          `json:"size"`
	Parameters paramsJSON     `json:"parameters"`
	LastCommit *commitJSON    `json:"last_commit"`
	Segments   int            `json:"segments"`
	Postings   map[string]int `json:"postings"`
}

type paramsJSON struct {
	Shingle   int     `json:"shingle"`
	NumPerm   int     `json:"num_perm"`
	Window    int     `json:"window"`
	Threshold float64 `json:"threshold"`
	Bands     int     `json:"bands"`
	Rows      int     `json:"rows"`
	NoReuse   bool    `json:"no_reuse"`
	Rewrite   bool    `json:"rewrite"` // sentence keys indexed: checks look for rewritten passages
}

type commitJSON struct {
	Seq      uint64 `json:"seq"`
	Time     string `json:"time"`
	Added    int    `json:"added"`
	Replaced int    `json:"replaced"`
	Removed  int    `json:"removed"`
	Live     int    `json:"live"`
}

func (s *server) indexInfo(w http.ResponseWriter, r *http.Request) {
	h, err := s.idx.acquire()
	if err != nil {
		s.fail(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	defer s.idx.release(h)
	st := h.r.Stats()
	p := st.Params
	out := indexJSON{Path: st.Path, Articles: st.Docs, Removed: st.Removed, Size: st.Size, Segments: len(st.Segments),
		Parameters: paramsJSON{Shingle: p.Shingle, NumPerm: p.NumPerm, Window: p.Window, Threshold: p.Threshold,
			Bands: p.Bands.Bands, Rows: p.Bands.Rows, NoReuse: p.NoReuse, Rewrite: p.Rewrite},
		Postings: map[string]int{"bands": st.Postings[0], "fingerprints": st.Postings[1], "ids": st.Postings[2],
			"sentences": st.Postings[3]}}
	if n := len(st.History); n > 0 {
		c := st.History[n-1]
		out.LastCommit = &commitJSON{Seq: c.Seq, Time: c.Time.UTC().Format(time.RFC3339), Added: c.Added,
			Replaced: c.Replaced, Removed: c.Removed, Live: c.Live}
	} else {
		out.LastCommit = &commitJSON{Seq: st.Seq, Live: st.Docs}
	}
	writeJSON(w, http.StatusOK, out)
}

// checkRequest is a draft posted as JSON, with check's options.
type checkRequest struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Text      *string `json:"text"`
	Source    string  `json:"source"`
	URL       string  `json:"url"`
	Published string  `json:"published"`
	Author    string  `json:"author"`
	checkParams
}

// checkParams are check's options a request may give (JSON fields, or query parameters).
type checkParams struct {
	FailOver      *float64 `json:"fail_over"`
	CountCredited bool     `json:"count_credited"`
	Containment   *float64 `json:"containment"`
	MinReuseWords *int     `json:"min_reuse_words"`
	MinPassage    *int     `json:"min_passage"`
	MaxGap        *int     `json:"max_gap"`
	Boilerplate   *int     `json:"boilerplate"`
	MaxPostings   *int     `json:"max_postings"`
	// Rewrite says whether to look for rewritten passages: the index's choice when absent (on
	// when index add --rewrite made it), as check's --rewrite
	Rewrite *bool `json:"rewrite"`
}

// queryParams reads checkParams from query parameters, with the names of the JSON fields.
func queryParams(q url.Values) (checkParams, error) {
	var p checkParams
	var errs []error
	float := func(name string, dst **float64) {
		if v := q.Get(name); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: want a number", name, v))
				return
			}
			*dst = &f
		}
	}
	integer := func(name string, dst **int) {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: want an integer", name, v))
				return
			}
			*dst = &n
		}
	}
	float("fail_over", &p.FailOver)
	float("containment", &p.Containment)
	integer("min_reuse_words", &p.MinReuseWords)
	integer("min_passage", &p.MinPassage)
	integer("max_gap", &p.MaxGap)
	integer("boilerplate", &p.Boilerplate)
	integer("max_postings", &p.MaxPostings)
	if v := q.Get("count_credited"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("count_credited=%q: want true or false", v))
		}
		p.CountCredited = b
	}
	if v := q.Get("rewrite"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("rewrite=%q: want true or false", v))
		}
		p.Rewrite = &b
	}
	return p, errors.Join(errs...)
}

// apply sets the options and the gate a request asks for, and checks them.
func (p checkParams) apply(opts *pipeline.Options) (report.Gate, error) {
	var g report.Gate
	if p.FailOver != nil {
		if f := *p.FailOver; !(f >= 0 && f <= 1) {
			return g, fmt.Errorf("fail_over %v: want a fraction from 0 to 1", f)
		}
		g = report.Gate{FailOver: *p.FailOver, On: true}
	}
	g.CountCredited = p.CountCredited
	if p.Containment != nil {
		opts.Containment = *p.Containment
	}
	for _, f := range []struct {
		v   *int
		dst *int
	}{{p.MinReuseWords, &opts.MinReuseWords}, {p.MinPassage, &opts.MinPassage}, {p.MaxGap, &opts.MaxGap},
		{p.Boilerplate, &opts.Boilerplate}, {p.MaxPostings, &opts.MaxPostings}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	return g, opts.Validate()
}

// draftInput is a request's draft as check's reader takes it on stdin.
type draftInput struct {
	format   input.Format
	body     []byte
	id       string // for text and HTML, which the reader names "-"
	title    string // for text and HTML, if given (else the reader's: the first line)
	warnings []string
}

func (s *server) check(w http.ResponseWriter, r *http.Request) {
	ct := r.Header.Get("Content-Type")
	media, _, err := mime.ParseMediaType(ct)
	if ct == "" {
		media, err = "", nil
	}
	if err != nil {
		s.fail(w, http.StatusUnsupportedMediaType, "Content-Type %q: %v", ct, err)
		return
	}
	var in draftInput
	switch media {
	case "text/plain", "text/markdown":
		in.format = input.FormatText
	case "text/html":
		in.format = input.FormatHTML
	case "application/json":
		in.format = input.FormatJSON
	default:
		s.fail(w, http.StatusUnsupportedMediaType, "Content-Type %q: want text/plain, text/markdown, text/html or application/json", ct)
		return
	}
	outFormat := r.URL.Query().Get("format")
	if outFormat != "" && outFormat != "json" && outFormat != "html" {
		s.fail(w, http.StatusBadRequest, "format=%q: want json or html", outFormat)
		return
	}
	if r.ContentLength > s.o.MaxBody {
		s.fail(w, http.StatusRequestEntityTooLarge, "body of %d bytes is over the limit of %d (--max-body)", r.ContentLength, s.o.MaxBody)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.o.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		var ne net.Error
		switch {
		case errors.As(err, &tooBig):
			s.fail(w, http.StatusRequestEntityTooLarge, "body over the limit of %d bytes (--max-body)", s.o.MaxBody)
		case errors.As(err, &ne) && ne.Timeout():
			s.fail(w, http.StatusRequestTimeout, "the body did not arrive in time (--read-timeout %s)", s.o.ReadTimeout)
		default:
			s.fail(w, http.StatusBadRequest, "read body: %v", err)
		}
		return
	}
	if len(bytes.TrimSpace(body)) == 0 {
		s.fail(w, http.StatusBadRequest, "empty draft: send its text as the body")
		return
	}
	var params checkParams
	if in.format == input.FormatJSON {
		var req checkRequest
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			s.fail(w, http.StatusBadRequest, "malformed JSON: %v", err)
			return
		}
		if dec.More() {
			s.fail(w, http.StatusBadRequest, "malformed JSON: more than one value (post one draft per request)")
			return
		}
		if req.Text == nil || strings.TrimSpace(*req.Text) == "" {
			s.fail(w, http.StatusBadRequest, `empty draft: the JSON has no "text"`)
			return
		}
		if n := invalidUTF8(body); n > 0 {
			// encoding/json has already made each bad byte U+FFFD: say so as the reader would
			in.warnings = append(in.warnings, fmt.Sprintf("invalid UTF-8: %d bytes replaced with U+FFFD", n))
		}
		if req.ID == "" {
			req.ID = "draft"
		}
		rec := map[string]string{"id": req.ID, "title": req.Title, "text": *req.Text, "source": req.Source,
			"url": req.URL, "published": req.Published, "author": req.Author}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rec); err != nil {
			s.fail(w, http.StatusInternalServerError, "encode draft: %v", err)
			return
		}
		in.body, params = buf.Bytes(), req.checkParams
	} else {
		q := r.URL.Query()
		params, err = queryParams(q)
		if err != nil {
			s.fail(w, http.StatusBadRequest, "%v", err)
			return
		}
		in.body, in.id, in.title = body, q.Get("id"), q.Get("title")
		if in.id == "" {
			in.id = "draft"
		}
	}
	opts := s.o.Check
	gate, err := params.apply(&opts)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	select {
	case s.checks <- struct{}{}:
		defer func() { <-s.checks }()
	case <-r.Context().Done():
		s.fail(w, http.StatusServiceUnavailable, "no check slot free in time (--max-checks %d)", s.o.MaxChecks)
		return
	}
	d, status, err := s.runCheck(r.Context(), &in, opts, params.Rewrite, outFormat == "html")
	if err != nil {
		s.fail(w, status, "%v", err)
		return
	}
	var out bytes.Buffer
	if outFormat == "html" {
		page := report.NewCheckHTML(&out, report.CheckHTMLOptions{Gate: gate})
		if err = page.Write(d); err == nil {
			err = page.Close()
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	} else {
		err = report.CheckJSONL(&out, d, gate)
		w.Header().Set("Content-Type", "application/json")
	}
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	b := out.Bytes()
	if len(in.warnings) > 0 {
		if outFormat == "html" {
			w.Header().Set("X-Neardup-Warnings", strings.Join(in.warnings, "; "))
		} else {
			b = withWarnings(b, in.warnings)
		}
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(b)
}

// withWarnings adds "warnings" to the JSON object line b.
func withWarnings(b []byte, warnings []string) []byte {
	ws, _ := json.Marshal(warnings)
	b = bytes.TrimRight(b, "\n")
	b = append(b[:len(b)-1:len(b)-1], `,"warnings":`...)
	b = append(b, ws...)
	return append(b, "}\n"...)
}

// invalidUTF8 counts the bytes of b that are not part of a valid UTF-8 sequence.
func invalidUTF8(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			n++
		}
		b = b[size:]
	}
	return n
}

// runCheck checks one draft as check does with - on stdin: the same reader (text, HTML or a
// JSON Lines record), analysis and matching; rewrite, if not nil, overrides the index's choice of
// looking for rewritten passages. It returns the draft's result, or an error with the status to
// answer. Warnings about the draft (repaired text) are added to in.warnings.
func (s *server) runCheck(ctx context.Context, in *draftInput, opts pipeline.Options, rewrite *bool, keepText bool) (*report.Draft, int, error) {
	h, err := s.idx.acquire()
	if err != nil {
		return nil, http.StatusServiceUnavailable, err
	}
	defer s.idx.release(h)
	h.r.Params().Apply(&opts)
	if rewrite != nil {
		opts.NoRewrite = !*rewrite
	}
	opts.Workers = 1
	opts.Read.Stdin = in.format
	opts.Read.MaxDocBytes = int(s.o.MaxBody)
	var bad *input.RecordError
	opts.OnRecordError = func(e *input.RecordError) {
		if e.Warning {
			in.warnings = append(in.warnings, e.Reason)
		} else if bad == nil {
			bad = e
		}
	}
	var d *report.Draft
	_, err = index.Each(ctx, []string{"-"}, bytes.NewReader(in.body), opts,
		func(it *index.Item) error {
			if in.id != "" {
				it.Doc.ID = in.id
			}
			if in.title != "" {
				it.Doc.Title = in.title
			}
			ms, err := h.r.Related(it.Doc, it.Analysis, opts, index.MatchOptions{KeepText: keepText, Direct: true,
				Skip: func(doc index.Doc) bool { return doc.ID == it.Doc.ID }})
			it.X.Matches = ms
			return err
		},
		func(it *index.Item) error {
			d = draftOf(it)
			return nil
		})
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, http.StatusServiceUnavailable, fmt.Errorf("cancelled: %v", ctx.Err())
	case err != nil:
		return nil, http.StatusInternalServerError, err
	case bad != nil:
		return nil, http.StatusBadRequest, fmt.Errorf("draft not checked: %s (%s)", strings.TrimPrefix(bad.Error(), "-: "), bad.Kind)
	case d == nil:
		return nil, http.StatusBadRequest, errors.New("draft not checked: no text in it")
	}
	return d, 0, nil
}
