package input_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/dict"
	"github.com/klauspost/compress/gzip"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/internal/warctest"
)

// TestWARCFields checks one page's id, source, URL and dates: the page's own date, else the
// WARC-Date.
func TestWARCFields(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.warc")
	dated := []byte(`<html><head><title>T</title><meta property="article:published_time" content="2026-03-04"></head><body><article><h1>T</h1><p>` + strings.Repeat("Words of a dated article about the harbour. ", 20) + `</p></article></body></html>`)
	undated := []byte(`<html><head><title>U</title></head><body><article><h1>U</h1><p>` + strings.Repeat("Words of an undated article about the library. ", 20) + `</p></article></body></html>`)
	warctest.Write(t, path, []warctest.Page{{URI: "https://a.example/x", ContentType: "text/html", Status: 200, Body: dated}, {URI: "http://b.example:8080/y", ContentType: "text/html", Status: 200, Body: undated}})
	var docs []input.Document
	var ro input.ReadOptions
	err := input.Walk(context.Background(), []string{path}, nil, &ro, func(r input.Record) error {
		d, _, rerr := ro.Parse(r)
		if rerr != nil {
			t.Fatal(rerr)
		}
		docs = append(docs, d)
		return nil
	}, func(e *input.RecordError) { t.Errorf("read: %v", e) }, nil)
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
func walkWARC(t testing.TB, path string) (docs []input.Document, errs []*input.RecordError) {
	var ro input.ReadOptions
	err := input.Walk(context.Background(), []string{path}, nil, &ro, func(r input.Record) error {
		if r.Archive == nil || r.Format != input.FormatHTML {
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
	}, func(e *input.RecordError) { errs = append(errs, e) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return docs, errs
}

var fuzzPages = []warctest.Page{
	{URI: "https://a.example/x", ContentType: "text/html", Status: 200, Body: []byte("<html><title>T</title><article><p>Some words of an article, long enough to be one.</p></article></html>")},
	{URI: "https://a.example/i.png", ContentType: "image/png", Status: 200, Body: []byte("\x89PNG")},
}

func TestWARCTruncated(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.warc.gz")
	warctest.Write(t, path, fuzzPages)
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
		if e.Kind == input.RecordCorrupt {
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
		warctest.Write(f, path, fuzzPages)
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
	warctest.WriteResponses(f, chunked, []warctest.Response{{URI: "https://c.example/x", HTTP: []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + chunk(gzipString(string(fuzzPages[0].Body)), 40))}})
	if data, err := os.ReadFile(chunked); err == nil {
		if zr, err := gzip.NewReader(bytes.NewReader(data)); err == nil {
			var plain bytes.Buffer
			plain.ReadFrom(zr)
			f.Add(plain.Bytes())
		}
	}
	// zstd: one frame per record, without and with a dictionary (warczstd_test.go)
	zrecs := warctest.Records(f, []warctest.Response{{URI: fuzzPages[0].URI, HTTP: []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n" + string(fuzzPages[0].Body))}})
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
	var ro input.ReadOptions
	ref, _, rerr := ro.Parse(input.Record{File: "ref.html", Data: []byte(page), Format: input.FormatHTML})
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
			warctest.WriteResponses(t, path, []warctest.Response{{URI: "https://c.example/story", HTTP: []byte(tc.http)}})
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
