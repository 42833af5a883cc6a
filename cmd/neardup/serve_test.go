package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// serveWords is the vocabulary of the articles the serve tests index: news words, then 2,000
// made-up ones, so that two articles' sentences share about as many words as two unrelated
// articles' do (with the news words alone, any two sentences of twelve shared several, and
// unrelated articles were rewrites of one another).
var serveWords = func() []string {
	ws := strings.Fields(`harbour council ferry island budget minister river storm school hospital
	union strike rail bridge museum festival court judge police mayor election vote coast fishing
	market price grain farmer drought flood rescue crew pilot airport tunnel road village winter summer
	library teacher nurse doctor clinic factory worker wage tax bank loan housing rent tenant landlord
	power plant wind solar grid water pipe reservoir dam forest fire smoke heat record season league`)
	r := rand.New(rand.NewPCG(3, 5))
	for range 2000 {
		w := make([]byte, 6)
		for k := range w {
			w[k] = byte('a' + r.IntN(26))
		}
		ws = append(ws, string(w))
	}
	return ws
}()

// serveArticle is n pseudo-random words in sentences of 12 and paragraphs of 4 sentences, the
// same for the same seed.
func serveArticle(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	for i := range n {
		switch {
		case i == 0:
		case i%48 == 0:
			b.WriteString(".\n\n")
		case i%12 == 0:
			b.WriteString(". ")
		default:
			b.WriteByte(' ')
		}
		b.WriteString(serveWords[r.IntN(len(serveWords))])
	}
	b.WriteString(".\n")
	return b.String()
}

// serveIndex writes articles a1..aN (seeds 1..N) under a directory and indexes them with
// neardup index add; it returns the index's path.
func serveIndex(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("a%d.txt", i)), []byte(serveArticle(uint64(i), 300)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	idx := filepath.Join(dir, "news.ndx")
	if code, _, errs := cli(t, "", "index", "add", "--quiet", "--index", idx, in); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	return idx
}

// testServer serves the index with httptest; the access log goes to the test's log.
func testServer(t *testing.T, idx string, tune func(*serveOptions)) (*server, *httptest.Server) {
	t.Helper()
	o := serveOptions{Index: idx, MaxBody: 10 << 20, MaxChecks: 2, ReadTimeout: time.Minute, WriteTimeout: time.Minute,
		IdleTimeout: time.Minute, ShutdownTimeout: time.Minute, Log: testLog{t}}
	if tune != nil {
		tune(&o)
	}
	s, err := newServer(o)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() { hs.Close(); s.Close() })
	return s, hs
}

type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// post sends body with the content type and returns the status and the answer.
func post(t *testing.T, url, ctype string, body []byte) (int, string) {
	t.Helper()
	resp, err := http.Post(url, ctype, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("POST %s: read answer: %v", url, err)
	}
	return resp.StatusCode, string(b)
}

func getOK(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return string(b)
}

// twoParagraphs is a draft that copies two paragraphs of article seed (of serveArticle(seed,
// 300)) between prose of its own.
func twoParagraphs(seed uint64) string {
	paras := strings.Split(serveArticle(seed, 300), "\n\n")
	return "A draft of our own opens here, with words that are not in the index at all, and a second sentence.\n\n" +
		paras[1] + "\n\nBetween them the reporter writes a line of her own about the day.\n\n" + paras[3] + "\n\nAnd it closes on a thought of its own.\n"
}

// TestServeCheckSameAsCheck: POST /v1/check answers, byte for byte, the line check --format
// jsonl writes for the same draft, posted as text (with the options as query parameters) and as
// JSON (with them as fields).
func TestServeCheckSameAsCheck(t *testing.T) {
	idx := serveIndex(t, 6)
	_, hs := testServer(t, idx, nil)
	draft := twoParagraphs(3)

	code, want, errs := cli(t, draft, "check", "--index", idx, "--format", "jsonl", "--fail-over", "0.2", "-")
	if code != exitOverThreshold {
		t.Fatalf("check: exit %d: %s", code, errs)
	}
	if !strings.Contains(want, `"id":"a3.txt"`) {
		t.Fatalf("check finds no match of a3.txt in its own draft: %s", want)
	}
	status, got := post(t, hs.URL+"/v1/check?id=-&fail_over=0.2", "text/plain; charset=utf-8", []byte(draft))
	if status != http.StatusOK || got != want {
		t.Errorf("POST text/plain: %d\n%s\nwant the line of check:\n%s", status, got, want)
	}

	rec, _ := json.Marshal(map[string]string{"id": "d-7", "title": "A draft", "text": draft, "author": "Jane Doe"})
	code, want, errs = cli(t, string(rec)+"\n", "check", "--index", idx, "--format", "jsonl", "--stdin-format", "jsonl",
		"--fail-over", "0.5", "--count-credited", "--min-passage", "12", "-")
	if code != exitOK && code != exitOverThreshold {
		t.Fatalf("check: exit %d: %s", code, errs)
	}
	body, _ := json.Marshal(map[string]any{"id": "d-7", "title": "A draft", "text": draft, "fail_over": 0.5,
		"count_credited": true, "min_passage": 12, "author": "Jane Doe"})
	status, got = post(t, hs.URL+"/v1/check", "application/json", body)
	if status != http.StatusOK || got != want {
		t.Errorf("POST application/json: %d\n%s\nwant the line of check:\n%s", status, got, want)
	}
	// the draft's author, as a JSON record gives it, is shown beside the draft in the page
	status, got = post(t, hs.URL+"/v1/check?format=html", "application/json", body)
	if status != http.StatusOK || !strings.Contains(got, "by Jane Doe") {
		t.Errorf("POST application/json, format=html: %d; the page does not name the draft's author", status)
	}
}

// TestServeBadRequests: each bad request gets a clear status and a JSON error, and the server
// keeps serving (a check after each still answers).
func TestServeBadRequests(t *testing.T) {
	idx := serveIndex(t, 3)
	_, hs := testServer(t, idx, nil)
	big := bytes.Repeat([]byte("twenty megabytes of words "), 20<<20/26+1)
	for _, tt := range []struct {
		name, ctype string
		body        []byte
		query       string
		status      int
		err         string // in the error
	}{
		{"empty body", "text/plain", nil, "", 400, "empty draft"},
		{"blank body", "text/plain", []byte(" \n\t\n"), "", 400, "empty draft"},
		{"20 MB body", "text/plain", big, "", 413, "over the limit"},
		{"20 MB JSON", "application/json", big, "", 413, "over the limit"},
		{"wrong content type", "application/pdf", []byte("%PDF-1.7"), "", 415, "want text/plain"},
		{"no content type", "", []byte("a draft"), "", 415, "want text/plain"},
		{"bad content type", "text/plain; charset", []byte("a draft"), "", 415, "Content-Type"},
		{"malformed JSON", "application/json", []byte(`{"id": "d", "text": `), "", 400, "malformed JSON"},
		{"JSON not an object", "application/json", []byte(`["a draft"]`), "", 400, "malformed JSON"},
		{"two JSON values", "application/json", []byte(`{"text": "a"} {"text": "b"}`), "", 400, "more than one value"},
		{"unknown field", "application/json", []byte(`{"text": "a draft", "fail_ovr": 0.3}`), "", 400, "unknown field"},
		{"JSON without text", "application/json", []byte(`{"id": "d"}`), "", 400, `no "text"`},
		{"fail_over out of range", "application/json", []byte(`{"text": "a draft", "fail_over": 3}`), "", 400, "fail_over"},
		{"bad query option", "text/plain", []byte("a draft"), "?fail_over=lots", 400, "fail_over"},
		{"bad limit", "text/plain", []byte("a draft"), "?min_passage=-4", 400, "passage"},
		{"bad format", "text/plain", []byte("a draft"), "?format=pdf", 400, "format"},
		{"binary", "text/plain", []byte("\x00\x01\x02\x03binary\x00\x00"), "", 400, "not checked"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", hs.URL+"/v1/check"+tt.query, bytes.NewReader(tt.body))
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("POST: %v", err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var e struct{ Error string }
			if err := json.Unmarshal(b, &e); err != nil || resp.Header.Get("Content-Type") != "application/json" {
				t.Errorf("answer %q (%s) is not a JSON error: %v", b, resp.Header.Get("Content-Type"), err)
			}
			if resp.StatusCode != tt.status || !strings.Contains(e.Error, tt.err) {
				t.Errorf("%d %q, want %d and an error saying %q", resp.StatusCode, e.Error, tt.status, tt.err)
			}
			if status, out := post(t, hs.URL+"/v1/check", "text/plain", []byte(twoParagraphs(2))); status != 200 || !strings.Contains(out, `"a2.txt"`) {
				t.Errorf("a check after it: %d %s", status, out)
			}
		})
	}
}

// TestServeInvalidUTF8: a broken byte becomes U+FFFD and the answer says so, in text and in JSON.
func TestServeInvalidUTF8(t *testing.T) {
	idx := serveIndex(t, 3)
	_, hs := testServer(t, idx, nil)
	draft := twoParagraphs(1)
	broken := []byte(strings.Replace(draft, "A draft of our own", "A dr\xffaft of our own", 1))
	jsonBroken := append(append([]byte(`{"text": "`), bytes.ReplaceAll(broken, []byte("\n"), []byte(`\n`))...), `"}`...)
	for _, tt := range []struct {
		name, ctype string
		body        []byte
	}{{"text", "text/plain", broken}, {"json", "application/json", jsonBroken}} {
		status, out := post(t, hs.URL+"/v1/check", tt.ctype, tt.body)
		var got struct {
			Warnings []string
			Matches  []struct {
				ID       string
				Passages []struct {
					DraftText string `json:"draft_text"`
				}
			}
		}
		if err := json.Unmarshal([]byte(out), &got); status != 200 || err != nil {
			t.Fatalf("%s: %d %s (%v)", tt.name, status, out, err)
		}
		if len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "invalid UTF-8: 1 bytes replaced") {
			t.Errorf("%s: warnings %q, want one about the invalid byte", tt.name, got.Warnings)
		}
		if len(got.Matches) != 1 || got.Matches[0].ID != "a1.txt" || len(got.Matches[0].Passages) != 2 {
			t.Errorf("%s: matches %+v, want a1.txt with two passages", tt.name, got.Matches)
		}
	}
}

// TestServeIndex: GET /v1/index and /healthz describe the index.
func TestServeIndex(t *testing.T) {
	idx := serveIndex(t, 4)
	_, hs := testServer(t, idx, nil)
	var info indexJSON
	if err := json.Unmarshal([]byte(getOK(t, hs.URL+"/v1/index")), &info); err != nil {
		t.Fatal(err)
	}
	if info.Articles != 4 || info.Size == 0 || info.Parameters.Shingle != 5 || info.Parameters.Bands == 0 ||
		info.LastCommit == nil || info.LastCommit.Added != 4 || info.LastCommit.Time == "" {
		t.Errorf("GET /v1/index = %+v (last commit %+v)", info, info.LastCommit)
	}
	if h := getOK(t, hs.URL+"/healthz"); !strings.Contains(h, `"ok"`) {
		t.Errorf("GET /healthz = %s", h)
	}
	resp, err := http.Get(hs.URL + "/v1/check")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /v1/check: %d, want 405", resp.StatusCode)
	}
}

// TestServeIndexChanges: checks run while index add commits batches and index compact replaces
// the file. A batch adds two articles that the draft copies a paragraph each of; every check
// sees both or neither (never a half-written batch), checks after the commit see both without a
// restart, and the readers left behind are closed.
func TestServeIndexChanges(t *testing.T) {
	idx := serveIndex(t, 4)
	s, hs := testServer(t, idx, nil)
	dir := t.TempDir()
	var drafts string
	for b := range 3 {
		var batch []byte
		for k := range 2 {
			seed := uint64(100 + 2*b + k)
			rec, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("b%d-%d", b, k), "text": serveArticle(seed, 300)})
			batch = append(append(batch, rec...), '\n')
			drafts += strings.Split(serveArticle(seed, 300), "\n\n")[2] + "\n\n"
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("batch%d.jsonl", b)), batch, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check := func() map[string]bool {
		status, out := post(t, hs.URL+"/v1/check", "text/plain", []byte(drafts))
		var got struct{ Matches []struct{ ID string } }
		if status != 200 || json.Unmarshal([]byte(out), &got) != nil {
			t.Errorf("check during the batches: %d %s", status, out)
			return nil
		}
		ids := map[string]bool{}
		for _, m := range got.Matches {
			ids[m.ID] = true
		}
		return ids
	}
	halves := func(ids map[string]bool) {
		for b := range 3 {
			if ids[fmt.Sprintf("b%d-0", b)] != ids[fmt.Sprintf("b%d-1", b)] {
				t.Errorf("a check saw half of batch %d: %v", b, ids)
			}
		}
	}
	if ids := check(); len(ids) != 0 {
		t.Fatalf("before the batches: %v", ids)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var checks atomic.Int64
	for range 2 {
		wg.Go(func() {
			for ctx.Err() == nil {
				halves(check())
				checks.Add(1)
			}
		})
	}
	for b := range 3 {
		if code, _, errs := cli(t, "", "index", "add", "--quiet", "--wait", "--index", idx, filepath.Join(dir, fmt.Sprintf("batch%d.jsonl", b))); code != exitOK {
			t.Fatalf("index add: %s", errs)
		}
		ids := check()
		halves(ids)
		if !ids[fmt.Sprintf("b%d-0", b)] {
			t.Errorf("a check after batch %d is committed does not see it: %v", b, ids)
		}
	}
	if code, _, errs := cli(t, "", "index", "remove", "--index", idx, "b0-0", "b0-1"); code != exitOK {
		t.Fatalf("index remove: %s", errs)
	}
	if code, _, errs := cli(t, "", "index", "compact", "--index", idx); code != exitOK {
		t.Fatalf("index compact: %s", errs)
	}
	cancel()
	wg.Wait()
	ids := check()
	if len(ids) != 4 || ids["b0-0"] || !ids["b2-1"] {
		t.Errorf("after remove and compact: %v, want b1-* and b2-*", ids)
	}
	s.idx.mu.Lock()
	refs := s.idx.cur.refs
	s.idx.mu.Unlock()
	if refs != 1 {
		t.Errorf("the current reader has %d references once no check runs, want 1 (its own)", refs)
	}
	t.Logf("%d checks ran during the batches", checks.Load())
}

// TestServeCommand runs neardup serve itself on a free port: a check, a slow client cut by
// --read-timeout (408, or the connection closed) while others are served, then SIGINT (a
// cancelled context) stops it gracefully with exit status 0.
func TestServeCommand(t *testing.T) {
	idx := serveIndex(t, 3)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var code int
	done := make(chan struct{})
	go func() {
		defer close(done)
		code = run(ctx, []string{"serve", "--index", idx, "--addr", "127.0.0.1:0", "--read-timeout", "500ms"}, nil, io.Discard, pw)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatal("serve printed nothing")
	}
	addr := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(lines.Text())
	if addr == nil {
		t.Fatalf("serve printed %q, want the address it listens on", lines.Text())
	}
	var logLines []string
	logDone := make(chan struct{})
	go func() {
		defer close(logDone)
		for lines.Scan() {
			logLines = append(logLines, lines.Text())
		}
	}()
	base := "http://" + addr[1]

	// a slow client: headers, then part of the body, then nothing
	conn, err := net.Dial("tcp", addr[1])
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\nthe start of a draft")
	conn.SetReadDeadline(time.Now().Add(time.Minute)) // a bound on the test, not an assertion
	if status, out := post(t, base+"/v1/check", "text/plain", []byte(twoParagraphs(2))); status != 200 || !strings.Contains(out, `"a2.txt"`) {
		t.Errorf("a check while a client is slow: %d %s", status, out)
	}
	answer, err := io.ReadAll(conn)
	conn.Close()
	if err != nil {
		t.Errorf("the slow client was not cut: %v", err)
	} else if len(answer) > 0 && !bytes.HasPrefix(answer, []byte("HTTP/1.1 408")) {
		t.Errorf("the slow client got %q, want 408 Request Timeout or the connection closed", answer)
	}
	if h := getOK(t, base+"/healthz"); !strings.Contains(h, "ok") {
		t.Errorf("healthz after the slow client: %s", h)
	}

	cancel()
	<-done
	<-logDone
	if code != exitOK {
		t.Errorf("serve exited %d after SIGINT, want 0", code)
	}
	log := strings.Join(logLines, "\n")
	for _, want := range []string{"POST /v1/check 200", "GET /healthz 200", "shutting down", "stopped"} {
		if !strings.Contains(log, want) {
			t.Errorf("serve's stderr has no %q:\n%s", want, log)
		}
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("serve still answers after it stopped")
	}
}

// TestServeHelp compares neardup help serve with testdata/golden/help-neardup-serve.txt (go test
// -update rewrites it): the endpoints, the flags in groups, examples.
func TestServeHelp(t *testing.T) {
	code, stdout, stderr := runCmd(t, context.Background(), "", "help", "serve")
	if code != exitOK || stderr != "" {
		t.Fatalf("neardup help serve: exit %d, stderr %q", code, stderr)
	}
	path := filepath.Join("..", "..", "testdata", "golden", "help-neardup-serve.txt")
	if *update {
		if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/neardup -update creates it)", err)
	}
	if stdout != string(want) {
		t.Errorf("neardup help serve differs from %s (go test ./cmd/neardup -update rewrites it):\n%s", path, stdout)
	}
}

// TestServeRewrite: an index made with --rewrite makes checks look for rewritten passages by
// default, so that a draft that rewords an article from end to end finds it; a request's
// "rewrite" (a JSON field, or a query parameter) turns it off; /v1/index says it holds
// sentence keys.
func TestServeRewrite(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src.jsonl")
	if err := os.WriteFile(src, []byte(`{"id":"ferry","text":`+jsonString(ferryOrig)+"}\n"+
		`{"id":"other","text":`+jsonString(serveArticle(3, 300))+"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(dir, "rw.ndx")
	if code, _, errs := cli(t, "", "index", "add", "--quiet", "--rewrite", "--index", idx, src); code != exitOK {
		t.Fatalf("index add --rewrite: %s", errs)
	}
	_, hs := testServer(t, idx, nil)
	var info indexJSON
	if err := json.Unmarshal([]byte(getOK(t, hs.URL+"/v1/index")), &info); err != nil {
		t.Fatal(err)
	}
	if !info.Parameters.Rewrite || info.Postings["sentences"] == 0 {
		t.Errorf("GET /v1/index: rewrite %v, %d sentence-key postings; want true and some", info.Parameters.Rewrite, info.Postings["sentences"])
	}
	for _, tc := range []struct {
		name, url, ctype, body string
		found                  bool
	}{
		{"json, the index's choice", "/v1/check", "application/json", `{"id":"d","text":` + jsonString(ferryReworded) + `}`, true},
		{"json, rewrite false", "/v1/check", "application/json", `{"id":"d","text":` + jsonString(ferryReworded) + `,"rewrite":false}`, false},
		{"text, rewrite=false", "/v1/check?rewrite=false", "text/plain", ferryReworded, false},
		{"text, rewrite=true", "/v1/check?rewrite=true", "text/plain", ferryReworded, true},
	} {
		code, out := post(t, hs.URL+tc.url, tc.ctype, []byte(tc.body))
		if code != http.StatusOK {
			t.Errorf("%s: %d %s", tc.name, code, out)
			continue
		}
		if found := strings.Contains(out, `"id":"ferry"`) && strings.Contains(out, `"match":"rewritten"`); found != tc.found {
			t.Errorf("%s: a rewritten match with ferry %v, want %v\n%s", tc.name, found, tc.found, out)
		}
	}
	if code, out := post(t, hs.URL+"/v1/check?rewrite=maybe", "text/plain", []byte(ferryReworded)); code != http.StatusBadRequest || !strings.Contains(out, "rewrite") {
		t.Errorf("rewrite=maybe: %d %s, want 400 naming rewrite", code, out)
	}
}
