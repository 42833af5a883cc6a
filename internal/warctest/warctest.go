// Package warctest writes WARC files for tests: a warcinfo record, then for each page a request
// and a response record, each record gzipped on its own as crawlers write them. The input
// package's tests read them, and pipeline's compare what a run finds in them with the same
// articles as JSON Lines.
package warctest

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/nlnwa/gowarc/v3"
)

// Page is one page put in a test WARC: its URI, the Content-Type and status of its HTTP
// response, and the response's payload.
type Page struct {
	URI, ContentType string
	Status           int
	Body             []byte
}

// Write writes a WARC file of a warcinfo record, then for each page a request and a response
// record, each record gzipped on its own as crawlers write them.
func Write(t testing.TB, path string, pages []Page) {
	t.Helper()
	var resps []Response
	for _, p := range pages {
		resps = append(resps, Response{p.URI, []byte(fmt.Sprintf("HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", p.Status, p.ContentType, len(p.Body)) + string(p.Body))})
	}
	WriteResponses(t, path, resps)
}

// Response is one HTTP response put in a test WARC: the URI it answers, and the HTTP message as
// given (status line, headers and payload).
type Response struct {
	URI  string
	HTTP []byte
}

// WriteResponses writes a WARC file as Write does, with each response's HTTP message
// as given.
func WriteResponses(t testing.TB, path string, pages []Response) {
	t.Helper()
	var out bytes.Buffer
	for _, rec := range Records(t, pages) {
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

// Records returns the records of the WARC file WriteResponses writes, each as its
// uncompressed bytes: a warcinfo record, then a request and a response per page.
func Records(t testing.TB, pages []Response) [][]byte {
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
		u := strings.TrimPrefix(strings.TrimPrefix(p.URI, "https://"), "http://")
		host, rest, _ := strings.Cut(u, "/")
		put(build(gowarc.Request, "application/http;msgtype=request", p.URI, fmt.Sprintf("GET /%s HTTP/1.1\r\nHost: %s\r\n\r\n", rest, host)))
		put(build(gowarc.Response, "application/http;msgtype=response", p.URI, string(p.HTTP)))
	}
	return recs
}
