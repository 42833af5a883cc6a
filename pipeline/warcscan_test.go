package pipeline_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/internal/warctest"
	"github.com/neardup/neardup/pipeline"
)

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
	var pages []warctest.Page
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		layout := filepath.Base(filepath.Dir(p))
		pages = append(pages, warctest.Page{URI: "https://" + layout + ".example/news/" + strings.TrimSuffix(filepath.Base(p), ".html"), ContentType: "text/html; charset=utf-8", Status: 200, Body: src})
	}
	harbour1, civic2, ledger3 := pages[slices.IndexFunc(pages, func(p warctest.Page) bool { return p.URI == "https://harbour.example/news/01" })],
		pages[slices.IndexFunc(pages, func(p warctest.Page) bool { return p.URI == "https://civic.example/news/02" })],
		pages[slices.IndexFunc(pages, func(p warctest.Page) bool { return p.URI == "https://ledger.example/news/03" })]
	// The same article on a mirror, with a different payload (so a different digest): an exact copy.
	mirror := append(slices.Clone(harbour1.Body), "<!-- mirror -->"...)
	// A rewrite of civic/02: a sentence of it reworded.
	rewrite := bytes.Replace(civic2.Body, []byte("The housing department said it would present a plan"), []byte("The city housing department promised to present a plan"), 1)
	if bytes.Equal(rewrite, civic2.Body) {
		t.Fatal("civic/02 changed: the rewrite found nothing to replace")
	}
	pages = append(pages,
		warctest.Page{URI: "https://mirror.example/harbour/01", ContentType: "text/html", Status: 200, Body: mirror},
		warctest.Page{URI: "https://tenants.example/rents", ContentType: "text/html", Status: 200, Body: rewrite},
		warctest.Page{URI: "https://ledger.example/news/03?utm=x", ContentType: "text/html", Status: 200, Body: ledger3.Body}, // same payload: deduplicated
		warctest.Page{URI: "https://ledger.example/logo.png", ContentType: "image/png", Status: 200, Body: []byte("\x89PNG\r\n\x1a\n")},
		warctest.Page{URI: "https://ledger.example/old", ContentType: "text/html", Status: 301, Body: []byte("<p>moved</p>")},
	)
	dir := t.TempDir()
	warc := filepath.Join(dir, "crawl.warc.gz")
	warctest.Write(t, warc, pages)

	// The same articles as JSON Lines: each distinct HTML page's text as input's Parse extracts it.
	var jl bytes.Buffer
	var ro input.ReadOptions
	extracted := map[string]string{} // by URI
	for _, p := range pages {
		if p.ContentType == "image/png" || p.Status != 200 || strings.HasSuffix(p.URI, "?utm=x") {
			continue
		}
		doc, _, rerr := ro.Parse(input.Record{File: p.URI, Data: p.Body, Format: input.FormatHTML})
		if rerr != nil {
			t.Fatal(rerr)
		}
		extracted[p.URI] = doc.Text
		host, _, _ := strings.Cut(strings.TrimPrefix(p.URI, "https://"), "/")
		line, _ := json.Marshal(map[string]string{"id": p.URI, "text": doc.Text, "title": doc.Title, "source": host, "published": doc.Published.Format("2006-01-02T15:04:05Z07:00")})
		jl.Write(append(line, '\n'))
	}
	jsonl := filepath.Join(dir, "crawl.jsonl")
	if err := os.WriteFile(jsonl, jl.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	var errs []string
	opts := pipeline.Options{OnRecordError: func(e *input.RecordError) { errs = append(errs, e.Error()) }}
	fromWARC := run(t, opts, warc)
	fromJSONL := run(t, pipeline.Options{}, jsonl)
	if got, want := clusterSets(fromWARC), clusterSets(fromJSONL); !slices.Equal(got, want) || len(got) < 2 {
		t.Errorf("clusters from the WARC:\n%s\nfrom JSON Lines:\n%s\nwant the same, at least 2", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got, want := fromWARC.Stats.Docs, strings.Count(jl.String(), "\n"); got != want {
		t.Errorf("WARC docs = %d, want %d", got, want)
	}
	wantSkips := map[string]int{string(input.RecordDuplicatePayload): 1, string(input.RecordNotHTML): 2}
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
