package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/klauspost/compress/dict"
	"github.com/klauspost/compress/gzip"
	"github.com/nlnwa/gowarc/v3"

	"github.com/neardup/neardup/pipeline"
)

// warcPage is one page put in a test WARC.
type warcPage struct {
	uri, ctype string
	status     int
	body       []byte
}

// writeWARC writes a WARC file of a warcinfo record, then for each page a request and a response
// record, each record gzipped on its own as crawlers write them.
func writeWARC(t testing.TB, path string, pages []warcPage) {
	t.Helper()
	var resps []warcResponse
	for _, p := range pages {
		resps = append(resps, warcResponse{p.uri, []byte(fmt.Sprintf("HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", p.status, p.ctype, len(p.body)) + string(p.body))})
	}
	writeWARCResponses(t, path, resps)
}

// warcResponse is one HTTP response, status line, headers and payload, put in a test WARC.
type warcResponse struct {
	uri  string
	http []byte
}

// writeWARCResponses writes a WARC file as writeWARC does, with each response's HTTP message
// as given.
func writeWARCResponses(t testing.TB, path string, pages []warcResponse) {
	t.Helper()
	var out bytes.Buffer
	for _, rec := range warcRecords(t, pages) {
		zw := gzip.NewWriter(&out)
		if _, err := zw.Write(rec); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// warcRecords returns the records of the WARC file writeWARCResponses writes, each as its
// uncompressed bytes: a warcinfo record, then a request and a response per page.
func warcRecords(t testing.TB, pages []warcResponse) [][]byte {
	t.Helper()
	var recs [][]byte
	m := gowarc.NewMarshaler()
	put := func(rec gowarc.WarcRecord) {
		var out bytes.Buffer
		if _, _, err := m.Marshal(&out, rec, 0); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, out.Bytes())
	}
	build := func(typ gowarc.RecordType, contentType, uri, block string) gowarc.WarcRecord {
		b := gowarc.NewRecordBuilder(typ, gowarc.WithAddMissingRecordId(true), gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingContentLength(true))
		if _, err := b.WriteString(block); err != nil {
			t.Fatal(err)
		}
		b.AddWarcHeader(gowarc.WarcDate, "2026-12-01T10:00:00Z")
		b.AddWarcHeader(gowarc.ContentType, contentType)
		if uri != "" {
			b.AddWarcHeader(gowarc.WarcTargetURI, uri)
		}
		rec, _, err := b.Build()
		if err != nil {
			t.Fatalf("build %s record of %s: %v", typ, uri, err)
		}
		return rec
	}
	put(build(gowarc.Warcinfo, "application/warc-fields", "", "software: neardup test\r\nformat: WARC File Format 1.1\r\n"))
	for _, p := range pages {
		u := strings.TrimPrefix(strings.TrimPrefix(p.uri, "https://"), "http://")
		host, rest, _ := strings.Cut(u, "/")
		put(build(gowarc.Request, "application/http;msgtype=request", p.uri, fmt.Sprintf("GET /%s HTTP/1.1\r\nHost: %s\r\n\r\n", rest, host)))
		put(build(gowarc.Response, "application/http;msgtype=response", p.uri, string(p.http)))
	}
	return recs
}

// clusterSets returns the clusters of a result as "kind: id id ...", sorted.
func clusterSets(res *pipeline.Result) []string {
	var out []string
	for _, c := range res.Clusters {
		var ids []string
		for _, m := range c.Members {
			ids = append(ids, m.ID)
		}
		sort.Strings(ids)
		out = append(out, c.Kind+": "+strings.Join(ids, " "))
	}
	sort.Strings(out)
	return out
}

// TestWARCSameAsJSONL scans a WARC built from the HTML extraction set (with a page served twice
// under two URIs, a page fetched twice with the same payload, a rewritten page, an image and a
// redirect) and the same articles as JSON Lines: the same clusters.
func TestWARCSameAsJSONL(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "html", "*", "*.html"))
	if err != nil || len(paths) < 30 {
		t.Fatalf("testdata/html: %d pages, %v", len(paths), err)
	}
	sort.Strings(paths)
	var pages []warcPage
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		layout := filepath.Base(filepath.Dir(p))
		pages = append(pages, warcPage{uri: "https://" + layout + ".example/news/" + strings.TrimSuffix(filepath.Base(p), ".html"), ctype: "text/html; charset=utf-8", status: 200, body: src})
	}
	harbour1, civic2, ledger3 := pages[slices.IndexFunc(pages, func(p warcPage) bool { return p.uri == "https://harbour.example/news/01" })],
		pages[slices.IndexFunc(pages, func(p warcPage) bool { return p.uri == "https://civic.example/news/02" })],
		pages[slices.IndexFunc(pages, func(p warcPage) bool { return p.uri == "https://ledger.example/news/03" })]
	// The same article on a mirror, with a different payload (so a different digest): an exact copy.
	mirror := append(slices.Clone(harbour1.body), "<!-- mirror -->"...)
	// A rewrite of civic/02: a sentence of it reworded.
	rewrite := bytes.Replace(civic2.body, []byte("The housing department said it would present a plan"), []byte("The city housing department promised to present a plan"), 1)
	if bytes.Equal(rewrite, civic2.body) {
		t.Fatal("civic/02 changed: the rewrite found nothing to replace")
	}
	pages = append(pages,
		warcPage{uri: "https://mirror.example/harbour/01", ctype: "text/html", status: 200, body: mirror},
		warcPage{uri: "https://tenants.example/rents", ctype: "text/html", status: 200, body: rewrite},
		warcPage{uri: "https://ledger.example/news/03?utm=x", ctype: "text/html", status: 200, body: ledger3.body}, // same payload: deduplicated
		warcPage{uri: "https://ledger.example/logo.png", ctype: "image/png", status: 200, body: []byte("\x89PNG\r\n\x1a\n")},
		warcPage{uri: "https://ledger.example/old", ctype: "text/html", status: 301, body: []byte("<p>moved</p>")},
	)
	dir := t.TempDir()
	warc := filepath.Join(dir, "crawl.warc.gz")
	writeWARC(t, warc, pages)

	// The same articles as JSON Lines: each distinct HTML page's text as Parse extracts it.
	var jl bytes.Buffer
	var ro pipeline.ReadOptions
	extracted := map[string]string{} // by URI
	for _, p := range pages {
		if p.ctype == "image/png" || p.status != 200 || strings.HasSuffix(p.uri, "?utm=x") {
			continue
		}
		doc, _, rerr := ro.Parse(pipeline.Record{File: p.uri, Data: p.body, Format: pipeline.FormatHTML})
		if rerr != nil {
			t.Fatal(rerr)
		}
		extracted[p.uri] = doc.Text
		host, _, _ := strings.Cut(strings.TrimPrefix(p.uri, "https://"), "/")
		line, _ := json.Marshal(map[string]string{"id": p.uri, "text": doc.Text, "title": doc.Title, "source": host, "published": doc.Published.Format("2006-01-02T15:04:05Z07:00")})
		jl.Write(append(line, '\n'))
	}
	jsonl := filepath.Join(dir, "crawl.jsonl")
	if err := os.WriteFile(jsonl, jl.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	var errs []string
	opts := pipeline.Options{OnRecordError: func(e *pipeline.RecordError) { errs = append(errs, e.Error()) }}
	fromWARC := run(t, opts, warc)
	fromJSONL := run(t, pipeline.Options{}, jsonl)
	if got, want := clusterSets(fromWARC), clusterSets(fromJSONL); !slices.Equal(got, want) || len(got) < 2 {
		t.Errorf("clusters from the WARC:\n%s\nfrom JSON Lines:\n%s\nwant the same, at least 2", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got, want := fromWARC.Stats.Docs, strings.Count(jl.String(), "\n"); got != want {
		t.Errorf("WARC docs = %d, want %d", got, want)
	}
	wantSkips := map[string]int{string(pipeline.RecordDuplicatePayload): 1, string(pipeline.RecordNotHTML): 2}
	for k, n := range wantSkips {
		if fromWARC.Stats.SkipReasons[k] != n {
			t.Errorf("skipped %q: %d, want %d (all: %v)", k, fromWARC.Stats.SkipReasons[k], n, fromWARC.Stats.SkipReasons)
		}
	}
	// Offsets index the extracted text: every passage is a slice of the page's main text.
	checked := 0
	for _, c := range fromWARC.Clusters {
		for _, pr := range c.Pairs {
			for _, ps := range pr.Passages {
				a, b := extracted[pr.A], extracted[pr.B]
				if ps.AEnd > len(a) || ps.BEnd > len(b) || a[ps.AStart:ps.AEnd] != ps.AText || b[ps.BStart:ps.BEnd] != ps.BText {
					t.Errorf("passage %+v of %s ~ %s is not a slice of their extracted texts", ps, pr.A, pr.B)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Error("no passage to check")
	}
	for _, e := range errs {
		if !strings.HasPrefix(e, warc+": record at offset ") {
			t.Errorf("error %q does not name the file and record offset", e)
		}
	}
	t.Logf("clusters: %q; skipped %v", clusterSets(fromWARC), fromWARC.Stats.SkipReasons)
}

// TestWARCFields checks one page's id, source, URL and dates: the page's own date, else the
// WARC-Date.
func TestWARCFields(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.warc")
	dated := []byte(`<html><head><title>T</title><meta property="article:published_time" content="2026-03-04"></head><body><article><h1>T</h1><p>` + strings.Repeat("Words of a dated article about the harbour. ", 20) + `</p></article></body></html>`)
	undated := []byte(`<html><head><title>U</title></head><body><article><h1>U</h1><p>` + strings.Repeat("Words of an undated article about the library. ", 20) + `</p></article></body></html>`)
	writeWARC(t, path, []warcPage{{"https://a.example/x", "text/html", 200, dated}, {"http://b.example:8080/y", "text/html", 200, undated}})
	var docs []pipeline.Document
	var ro pipeline.ReadOptions
	err := pipeline.Walk(context.Background(), []string{path}, nil, &ro, func(r pipeline.Record) error {
		d, _, rerr := ro.Parse(r)
		if rerr != nil {
			t.Fatal(rerr)
		}
		docs = append(docs, d)
		return nil
	}, func(e *pipeline.RecordError) { t.Errorf("read: %v", e) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	for i, want := range []struct{ id, source, published string }{
		{"https://a.example/x", "a.example", "2026-03-04"},
		{"http://b.example:8080/y", "b.example", "2026-12-01"},
	} {
		d := docs[i]
		if d.ID != want.id || d.URL != want.id || d.Source != want.source || d.Published.Format("2006-01-02") != want.published || d.File != path {
			t.Errorf("document %d = id %q url %q source %q published %v file %q; want %+v", i, d.ID, d.URL, d.Source, d.Published, d.File, want)
		}
	}
}

// walkWARC reads a WARC file as Walk and Parse do, returning the documents and the errors.
func walkWARC(t testing.TB, path string) (docs []pipeline.Document, errs []*pipeline.RecordError) {
	var ro pipeline.ReadOptions
	err := pipeline.Walk(context.Background(), []string{path}, nil, &ro, func(r pipeline.Record) error {
		if r.Archive == nil || r.Format != pipeline.FormatHTML {
			t.Fatalf("record %+v from a WARC without its archive place or not HTML", r)
		}
		d, warns, rerr := ro.Parse(r)
		errs = append(errs, warns...)
		if rerr != nil {
			errs = append(errs, rerr)
			return nil
		}
		docs = append(docs, d)
		return nil
	}, func(e *pipeline.RecordError) { errs = append(errs, e) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return docs, errs
}

var fuzzPages = []warcPage{
	{"https://a.example/x", "text/html", 200, []byte("<html><title>T</title><article><p>Some words of an article, long enough to be one.</p></article></html>")},
	{"https://a.example/i.png", "image/png", 200, []byte("\x89PNG")},
}

func TestWARCTruncated(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.warc.gz")
	writeWARC(t, path, fuzzPages)
	data, _ := os.ReadFile(path)
	if err := os.WriteFile(path, data[:len(data)-40], 0o644); err != nil {
		t.Fatal(err)
	}
	docs, errs := walkWARC(t, path)
	var corrupt int
	for _, e := range errs {
		if !strings.HasPrefix(e.Error(), path+": record at offset ") {
			t.Errorf("error %q does not name the file and record offset", e)
		}
		if e.Kind == pipeline.RecordCorrupt {
			corrupt++
		}
	}
	if len(docs) != 1 || corrupt != 1 {
		t.Errorf("%d documents, %d corrupt records (errors %v); want 1 and 1", len(docs), corrupt, errs)
	}
}

func FuzzWARC(f *testing.F) {
	dir := f.TempDir()
	for i, gz := range []bool{true, false} {
		path := filepath.Join(dir, fmt.Sprintf("seed%d.warc.gz", i))
		writeWARC(f, path, fuzzPages)
		data, _ := os.ReadFile(path)
		if !gz {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				f.Fatal(err)
			}
			var plain bytes.Buffer
			if _, err := plain.ReadFrom(zr); err != nil {
				f.Fatal(err)
			}
			data = plain.Bytes()
		}
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nHTTP/1.1 200"))
	// A chunked payload (uncompressed WARC, so that the fuzzer can reach the chunks).
	chunked := filepath.Join(dir, "chunked.warc.gz")
	writeWARCResponses(f, chunked, []warcResponse{{"https://c.example/x", []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + chunk(gzipString(string(fuzzPages[0].body)), 40))}})
	if data, err := os.ReadFile(chunked); err == nil {
		if zr, err := gzip.NewReader(bytes.NewReader(data)); err == nil {
			var plain bytes.Buffer
			plain.ReadFrom(zr)
			f.Add(plain.Bytes())
		}
	}
	// zstd: one frame per record, without and with a dictionary (warczstd_test.go)
	zrecs := warcRecords(f, []warcResponse{{fuzzPages[0].uri, []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n" + string(fuzzPages[0].body))}})
	f.Add(zstdFrames(f, zrecs, nil))
	if d, err := dict.BuildZstdDict(append(zrecs, zrecs...), dict.Options{MaxDictSize: 1 << 10, HashBytes: 6, ZstdDictID: 7}); err == nil {
		f.Add(append(skippable(0x184D2A5D, d), zstdFrames(f, zrecs, d)...))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.warc")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		docs, errs := walkWARC(t, path)
		for _, e := range errs {
			if e.File != path || !strings.Contains(e.Reason, "record at offset ") {
				t.Errorf("error %q does not name the file and record offset", e)
			}
		}
		for _, d := range docs {
			if d.ID == "" || d.Text == "" || d.File != path {
				t.Errorf("document %+v: no id, no text or not from the file", d)
			}
		}
	})
}

// chunk writes body in chunked transfer encoding, in chunks of n bytes, with an extension on
// the first chunk-size line and a trailer.
func chunk(body string, n int) string {
	var b strings.Builder
	for i := 0; i < len(body); i += n {
		part := body[i:min(i+n, len(body))]
		ext := ""
		if i == 0 {
			ext = ";name=value"
		}
		fmt.Fprintf(&b, "%x%s\r\n%s\r\n", len(part), ext, part)
	}
	b.WriteString("0\r\nX-Trailer: t\r\n\r\n")
	return b.String()
}

func gzipString(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

// TestWARCChunked checks that payloads in chunked transfer encoding are decoded, with gzip
// content or gzip transfer coding, that a payload stored decoded under a chunked header is read
// as it is, and that a broken chunked payload is an error naming the record.
func TestWARCChunked(t *testing.T) {
	page := "<html><head><title>Chunked</title></head><body><article><p>The council agreed the budget for the harbour works on Tuesday evening.</p><p>Work starts in the spring and should take two years.</p></article></body></html>"
	var ro pipeline.ReadOptions
	ref, _, rerr := ro.Parse(pipeline.Record{File: "ref.html", Data: []byte(page), Format: pipeline.FormatHTML})
	if rerr != nil {
		t.Fatal(rerr)
	}
	want := ref.Text
	head := func(extra string) string {
		return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + extra + "\r\n"
	}
	for _, tc := range []struct {
		name, http string
		err        string // "" when the page reads as want
	}{
		{"plain, for reference", head(fmt.Sprintf("Content-Length: %d\r\n", len(page))) + page, ""},
		{"chunked", head("Transfer-Encoding: chunked\r\n") + chunk(page, 37), ""},
		{"chunked, one chunk, upper-case hex", head("Transfer-Encoding: Chunked\r\n") + strings.Replace(chunk(page, 1000), "ba;", "BA;", 1), ""},
		{"chunked with gzip content", head("Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n") + chunk(gzipString(page), 50), ""},
		{"gzip, chunked transfer codings", head("Transfer-Encoding: gzip, chunked\r\n") + chunk(gzipString(page), 64), ""},
		{"header says chunked, payload stored decoded", head("Transfer-Encoding: chunked\r\n") + page, ""},
		{"chunked, cut short", head("Transfer-Encoding: chunked\r\n") + chunk(page, 37)[:100], "chunked transfer encoding: truncated or corrupt"},
		{"chunked, bad size line", head("Transfer-Encoding: chunked\r\n") + "25\r\n" + page[:37] + "\r\nzz\r\n", "chunked transfer encoding: "},
		{"unknown transfer coding", head("Transfer-Encoding: br\r\n") + page, `unsupported transfer encoding "br"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.warc.gz")
			writeWARCResponses(t, path, []warcResponse{{"https://c.example/story", []byte(tc.http)}})
			docs, errs := walkWARC(t, path)
			if tc.err == "" {
				if len(errs) > 0 || len(docs) != 1 {
					t.Fatalf("docs %d, errors %v; want 1 document", len(docs), errs)
				}
				if docs[0].Text != want || docs[0].Title != "Chunked" {
					t.Errorf("document %q (title %q), want %q", docs[0].Text, docs[0].Title, want)
				}
				return
			}
			if len(docs) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.err) ||
				!strings.Contains(errs[0].Error(), "record at offset ") || !strings.Contains(errs[0].Error(), "https://c.example/story") {
				t.Fatalf("docs %d, errors %v; want one error with %q naming the record", len(docs), errs, tc.err)
			}
		})
	}
}
