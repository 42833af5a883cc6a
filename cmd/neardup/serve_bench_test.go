package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The serve benchmarks run on an index and drafts given by the environment (make bench-serve
// sets them; see BENCHMARKS.md):
//
//	NEARDUP_BENCH_INDEX   the index to check against
//	NEARDUP_BENCH_CORPUS  the JSON Lines corpus it was built from: 200 drafts are sampled from it
//	                      and lightly edited (a word in 25 replaced, a sentence dropped)
//	NEARDUP_BENCH_ADD     a JSON Lines batch that index add commits during the second load run
//	NEARDUP_BENCH_DRAFTS  how many drafts (200)
//	NEARDUP_BENCH_OUT     a folder: each draft's answer is written there (answers.jsonl), to
//	                      compare runs before and after a change, and its time in process
//	                      (latencies.tsv: draft number, milliseconds)
//
// Without them they are skipped; TestServeLoad runs the same load on a small index of its own.

// loadDrafts returns n drafts sampled from the corpus with a fixed seed and lightly edited.
func loadDrafts(tb testing.TB, corpus string, n int) [][]byte {
	tb.Helper()
	f, err := os.Open(corpus)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	type rec struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	}
	// reservoir sampling: one pass, the same sample for the same corpus
	r := rand.New(rand.NewPCG(19, 2026))
	var sample []rec
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for i := 0; sc.Scan(); i++ {
		var d rec
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			tb.Fatalf("%s line %d: %v", corpus, i+1, err)
		}
		if len(sample) < n {
			sample = append(sample, d)
		} else if k := r.IntN(i + 1); k < n {
			sample[k] = d
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for i, d := range sample {
		words := strings.Fields(d.Text)
		for k := range words {
			if r.IntN(25) == 0 {
				words[k] = "edited"
			}
		}
		text := strings.Join(words, " ")
		if ss := strings.SplitAfter(text, ". "); len(ss) > 3 {
			drop := 1 + r.IntN(len(ss)-2)
			text = strings.Join(slices.Delete(ss, drop, drop+1), "")
		}
		b, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("draft-%03d", i), "text": text})
		out = append(out, b)
	}
	return out
}

// loadResult is what a load run measured.
type loadResult struct {
	requests, errors int
	latencies        []time.Duration
	wall             time.Duration
	firstErr         string
}

func (r *loadResult) pct(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	s := slices.Clone(r.latencies)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func (r *loadResult) String() string {
	return fmt.Sprintf("%d requests in %.1fs (%.1f/s), %d errors: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
		r.requests, r.wall.Seconds(), float64(r.requests)/r.wall.Seconds(), r.errors, ms(r.pct(.5)), ms(r.pct(.9)),
		ms(r.pct(.99)), ms(r.pct(1)))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// load posts n requests (drafts in turn, as JSON) from clients goroutines to url, stopping after
// limit; an answer other than 200 with a JSON object is an error. during, if set, runs alongside.
func load(url string, drafts [][]byte, n, clients int, limit time.Duration, during func()) *loadResult {
	var next atomic.Int64
	res := &loadResult{}
	var mu sync.Mutex
	deadline := time.Now().Add(limit)
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: limit}
	start := time.Now()
	var wg sync.WaitGroup
	if during != nil {
		wg.Go(during)
	}
	for range clients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || time.Now().After(deadline) {
					return
				}
				t0 := time.Now()
				resp, err := client.Post(url, "application/json", bytes.NewReader(drafts[i%len(drafts)]))
				var body []byte
				if err == nil {
					body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
					if err == nil && (resp.StatusCode != 200 || !json.Valid(body)) {
						err = fmt.Errorf("%d %.200s", resp.StatusCode, body)
					}
				}
				d := time.Since(t0)
				mu.Lock()
				res.requests++
				res.latencies = append(res.latencies, d)
				if err != nil {
					res.errors++
					if res.firstErr == "" {
						res.firstErr = err.Error()
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	res.wall = time.Since(start)
	return res
}

// TestServeLoad is the load run on a small index of our own: 400 requests from 8 clients while
// index add commits two batches; every answer is a check, none an error.
func TestServeLoad(t *testing.T) {
	idx := serveIndex(t, 20)
	_, hs := testServer(t, idx, func(o *serveOptions) { o.Log = io.Discard })
	var drafts [][]byte
	for i := range 20 {
		b, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("d%d", i), "text": twoParagraphs(uint64(i + 1))})
		drafts = append(drafts, b)
	}
	dir := t.TempDir()
	res := load(hs.URL+"/v1/check", drafts, 400, 8, 10*time.Minute, func() {
		for b := range 2 {
			var batch []byte
			for k := range 10 {
				rec, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("n%d-%d", b, k), "text": serveArticle(uint64(1000+10*b+k), 300)})
				batch = append(append(batch, rec...), '\n')
			}
			path := filepath.Join(dir, fmt.Sprintf("b%d.jsonl", b))
			os.WriteFile(path, batch, 0o644)
			if code, _, errs := cli(t, "", "index", "add", "--quiet", "--wait", "--index", idx, path); code != exitOK {
				t.Errorf("index add during the load: %s", errs)
			}
		}
	})
	if res.requests != 400 || res.errors != 0 {
		t.Errorf("%v; first error: %s", res, res.firstErr)
	}
	var info indexJSON
	json.Unmarshal([]byte(getOK(t, hs.URL+"/v1/index")), &info)
	if info.Articles != 40 {
		t.Errorf("after the load the server sees %d articles, want 40", info.Articles)
	}
}

func benchEnv(b *testing.B) (idx string, drafts [][]byte) {
	idx, corpus := os.Getenv("NEARDUP_BENCH_INDEX"), os.Getenv("NEARDUP_BENCH_CORPUS")
	if idx == "" || corpus == "" {
		b.Skip("NEARDUP_BENCH_INDEX and NEARDUP_BENCH_CORPUS are not set (make bench-serve sets them)")
	}
	n := 200
	if v, err := strconv.Atoi(os.Getenv("NEARDUP_BENCH_DRAFTS")); err == nil && v > 0 {
		n = v // fewer, for a profile
	}
	return idx, loadDrafts(b, corpus, n)
}

// BenchmarkServeCheck checks each draft once through the server's handler, in process (no
// network): p50 and p99 per check. With NEARDUP_BENCH_OUT, the answers go to answers.jsonl.
func BenchmarkServeCheck(b *testing.B) {
	idx, drafts := benchEnv(b)
	o := serveOptions{Index: idx, MaxBody: 10 << 20, MaxChecks: 1, ReadTimeout: time.Minute, WriteTimeout: time.Minute,
		IdleTimeout: time.Minute, ShutdownTimeout: time.Minute, Log: io.Discard}
	s, err := newServer(o)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	h := s.Handler()
	var lats []time.Duration
	var answers bytes.Buffer
	var cpu time.Duration
	cpuOK := false
	var m0, m1 runtime.MemStats
	for b.Loop() {
		lats, answers = lats[:0], bytes.Buffer{}
		runtime.ReadMemStats(&m0)
		c0, ok0 := cpuTime()
		for _, d := range drafts {
			req := httptest.NewRequest("POST", "/v1/check", bytes.NewReader(d))
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			t0 := time.Now()
			h.ServeHTTP(w, req)
			lats = append(lats, time.Since(t0))
			if w.Code != 200 {
				b.Fatalf("%d %s", w.Code, w.Body)
			}
			answers.Write(w.Body.Bytes())
		}
		c1, ok1 := cpuTime()
		runtime.ReadMemStats(&m1)
		cpu, cpuOK = c1-c0, ok0 && ok1
	}
	r := &loadResult{latencies: lats}
	b.ReportMetric(ms(r.pct(.5)), "p50-ms")
	b.ReportMetric(ms(r.pct(.99)), "p99-ms")
	b.ReportMetric(ms(r.pct(1)), "max-ms")
	perCheck := ""
	if cpuOK {
		b.ReportMetric(ms(cpu)/float64(len(lats)), "cpu-ms/check")
		perCheck = fmt.Sprintf(", CPU %.1f ms per check", ms(cpu)/float64(len(lats)))
	}
	mb := float64(m1.TotalAlloc-m0.TotalAlloc) / float64(len(lats)) / (1 << 20)
	b.ReportMetric(mb, "MB/check")
	b.Logf("in process, one at a time: %d drafts: p50 %.1f ms, p99 %.1f ms, max %.1f ms%s, %.1f MB allocated per check, %d GC cycles",
		len(lats), ms(r.pct(.5)), ms(r.pct(.99)), ms(r.pct(1)), perCheck, mb, m1.NumGC-m0.NumGC)
	if out := os.Getenv("NEARDUP_BENCH_OUT"); out != "" {
		if err := os.WriteFile(filepath.Join(out, "answers.jsonl"), answers.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
		// each draft's time, in the order of the answers, to see which drafts make the tail
		var tsv bytes.Buffer
		for i, d := range lats {
			fmt.Fprintf(&tsv, "%d\t%.2f\n", i, ms(d))
		}
		if err := os.WriteFile(filepath.Join(out, "latencies.tsv"), tsv.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServeLoad runs neardup serve (in this process, on a loopback port) and posts the
// drafts over HTTP: 2,000 requests from 8 clients, then from 1, capped at 60 s each; then 8
// clients again while index add commits NEARDUP_BENCH_ADD (on a copy of the index). It fails on
// any error.
func BenchmarkServeLoad(b *testing.B) {
	idx, drafts := benchEnv(b)
	for _, tc := range []struct {
		name    string
		clients int
		add     bool
	}{{"clients=8", 8, false}, {"clients=1", 1, false}, {"clients=8/index-add", 8, true}} {
		b.Run(tc.name, func(b *testing.B) {
			path := idx
			batch := os.Getenv("NEARDUP_BENCH_ADD")
			if tc.add {
				if batch == "" {
					b.Skip("NEARDUP_BENCH_ADD is not set")
				}
				path = filepath.Join(b.TempDir(), "copy.ndx")
				copyFile(b, idx, path)
			}
			for b.Loop() {
				ctx, cancel := context.WithCancel(context.Background())
				base, done := serveAt(b, ctx, path)
				var during func()
				if tc.add {
					during = func() {
						time.Sleep(2 * time.Second) // let the load start first
						var out, errs bytes.Buffer
						t0 := time.Now()
						if code := run(context.Background(), []string{"index", "add", "--quiet", "--index", path, batch}, nil, &out, &errs); code != exitOK {
							b.Errorf("index add: %s", errs.String())
						}
						b.Logf("index add committed %s in %.1fs during the load", batch, time.Since(t0).Seconds())
					}
				}
				var gc0, gc1 runtime.MemStats
				runtime.ReadMemStats(&gc0)
				c0, ok0 := cpuTime()
				res := load(base+"/v1/check", drafts, 2000, tc.clients, time.Minute, during)
				c1, ok1 := cpuTime()
				runtime.ReadMemStats(&gc1)
				cancel()
				<-done
				cpu := ""
				if ok0 && ok1 && res.requests > 0 {
					// the clients' side is in it too (the same process): small beside a check
					per := ms(c1-c0) / float64(res.requests)
					b.ReportMetric(per, "cpu-ms/req")
					cpu = fmt.Sprintf("; CPU %.1f ms per request", per)
				}
				b.Logf("%s: %v%s; %d GC cycles, %.0f MB allocated per request", tc.name, res, cpu, gc1.NumGC-gc0.NumGC,
					float64(gc1.TotalAlloc-gc0.TotalAlloc)/float64(max(1, res.requests))/(1<<20))
				if res.errors > 0 {
					b.Errorf("%d errors; the first: %s", res.errors, res.firstErr)
				}
				b.ReportMetric(ms(res.pct(.5)), "p50-ms")
				b.ReportMetric(ms(res.pct(.99)), "p99-ms")
				b.ReportMetric(float64(res.requests)/res.wall.Seconds(), "req/s")
				b.ReportMetric(float64(res.errors), "errors")
			}
		})
	}
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

// serveAt runs neardup serve on a free loopback port until ctx ends; done is closed when it has
// stopped.
func serveAt(tb testing.TB, ctx context.Context, idx string) (base string, done chan struct{}) {
	tb.Helper()
	pr, pw := io.Pipe()
	done = make(chan struct{})
	go func() {
		defer close(done)
		if code := run(ctx, []string{"serve", "--index", idx, "--addr", "127.0.0.1:0"}, nil, io.Discard, pw); code != exitOK {
			tb.Errorf("serve exited %d", code)
		}
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	if !sc.Scan() {
		tb.Fatal("serve printed nothing")
	}
	line := sc.Text()
	go io.Copy(io.Discard, pr) // the access log
	_, rest, ok := strings.Cut(line, "http://")
	addr, _, _ := strings.Cut(rest, "/")
	if !ok {
		tb.Fatalf("serve printed %q", line)
	}
	return "http://" + addr, done
}
