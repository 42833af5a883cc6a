package input

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func TestPublishedDate(t *testing.T) {
	for _, tc := range []struct {
		name, page, url, want string // want: RFC 3339, or "" for none
	}{
		{"meta property", `<meta property="article:published_time" content="2026-01-14T09:15:00Z">`, "", "2026-01-14T09:15:00Z"},
		{"meta name, date only", `<meta name="date" content="2026-05-02">`, "", "2026-05-02T00:00:00Z"},
		{"meta name case", `<meta name="DC.date.issued" content="2025-12-31">`, "", "2025-12-31T00:00:00Z"},
		{"itemprop on a span", `<p>On <span itemprop="datePublished" content="2024-02-29T10:00:00+01:00">29 Feb</span></p>`, "", "2024-02-29T10:00:00+01:00"},
		{"JSON-LD", `<script type="application/ld+json">{"@type":"NewsArticle","headline":"x","datePublished":"2026-03-22T06:00:00+00:00","dateModified":"2026-03-23T06:00:00+00:00"}</script>`, "", "2026-03-22T06:00:00Z"},
		{"JSON-LD graph", `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},{"@type":"Article","datePublished":"2026-04-01"}]}</script>`, "", "2026-04-01T00:00:00Z"},
		{"JSON-LD array, dateCreated", `<script type="application/ld+json">[{"@type":"Article","dateCreated":"2026-04-02T08:00:00Z"}]</script>`, "", "2026-04-02T08:00:00Z"},
		{"JSON-LD broken, time used", `<script type="application/ld+json">{"datePublished": </script><time datetime="2026-04-03">3 April</time>`, "", "2026-04-03T00:00:00Z"},
		{"time with zone", `<article><time datetime="2026-02-03T07:30:00+01:00">3 Feb</time></article>`, "", "2026-02-03T07:30:00+01:00"},
		{"marked time beats first time", `<header><time datetime="2026-05-01">today</time></header><time class="published" datetime="2026-04-30">30 April</time>`, "", "2026-04-30T00:00:00Z"},
		{"time in aside ignored", `<aside><time datetime="2020-01-01">old</time></aside><div class="dateline">9 April 2026 · Reporting by J</div>`, "", "2026-04-09T00:00:00Z"},
		{"time in comments ignored", `<div id="comments"><time datetime="2026-06-02">reader</time></div>`, "", ""},
		{"meta beats JSON-LD and time", `<meta name="pubdate" content="2026-01-01"><script type="application/ld+json">{"datePublished":"2026-01-02"}</script><time datetime="2026-01-03">x</time>`, "", "2026-01-01T00:00:00Z"},
		{"canonical URL", `<link rel="canonical" href="https://news.example/2026/07/11/footbridge-opens">`, "", "2026-07-11T00:00:00Z"},
		{"og:url compact date", `<meta property="og:url" content="https://news.example/world/20260711/story.html">`, "", "2026-07-11T00:00:00Z"},
		{"fetched URL", `<p>no date</p>`, "https://news.example/2026-08-27-harbour-opens", "2026-08-27T00:00:00Z"},
		{"URL date not a date", `<p>no date</p>`, "https://news.example/2026/02/30/x", ""},
		{"URL with only a year", `<p>no date</p>`, "https://news.example/2026/budget", ""},
		{"written, day month year", `<div class="post-meta">Posted on 17 June 2026 by Daniel</div>`, "", "2026-06-17T00:00:00Z"},
		{"written, month day year", `<span class="byline">By Ana · Sept. 3, 2025</span>`, "", "2025-09-03T00:00:00Z"},
		{"written, first of two", `<p class="date">Updated 4 May 2026, first published 2 May 2026</p>`, "", "2026-05-04T00:00:00Z"},
		{"written, not in a date element", `<p>The bridge opened on 9 April 2026.</p>`, "", ""},
		{"written, month name unknown", `<div class="date">9 Brumaire 2026</div>`, "", ""},
		{"implausible year", `<meta name="date" content="1970-01-01">`, "", ""},
		{"modified as a last resort", `<meta property="article:modified_time" content="2026-09-09T12:00:00Z">`, "", "2026-09-09T12:00:00Z"},
		{"JSON-LD modified as a last resort", `<script type="application/ld+json">{"dateModified":"2026-09-10"}</script>`, "", "2026-09-10T00:00:00Z"},
		{"RFC 1123 meta", `<meta name="date" content="Mon, 02 Mar 2026 10:00:00 GMT">`, "", "2026-03-02T10:00:00Z"},
		{"no date", `<p>Nothing here.</p>`, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><head></head><body>" + tc.page + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			got := publishedDate(doc, tc.url)
			gs := ""
			if !got.IsZero() {
				gs = got.Format(time.RFC3339)
			}
			if gs != tc.want {
				t.Errorf("publishedDate(%q, %q) = %q, want %q", tc.page, tc.url, gs, tc.want)
			}
		})
	}
}

// TestPublishedDateHead checks that meta tags are found in the head, where pages put them.
func TestPublishedDateHead(t *testing.T) {
	page := `<!doctype html><html><head><meta charset="utf-8"><meta property="article:published_time" content="2026-06-17"><title>T</title></head><body><p>x</p></body></html>`
	doc, _ := html.Parse(strings.NewReader(page))
	if got := publishedDate(doc, ""); got.Format(time.DateOnly) != "2026-06-17" {
		t.Errorf("publishedDate = %v, want 2026-06-17", got)
	}
}

// FuzzPublishedDate: any bytes give no panic, and a date found has a plausible year.
func FuzzPublishedDate(f *testing.F) {
	f.Add([]byte(`<meta name="date" content="2026-05-02"><div class="date">9 April 2026</div>`), "https://x/2026/01/02/y")
	f.Add([]byte(`<script type="application/ld+json">[{"@graph":[{"datePublished":"2026-13-01"}]}]</script>`), "")
	f.Add([]byte(`<time datetime="20260230">x</time><span class=byline>Feb 31st, 2026</span>`), "/19991231/")
	f.Fuzz(func(t *testing.T, page []byte, url string) {
		doc, err := html.Parse(bytes.NewReader(page))
		if err != nil {
			return
		}
		if got := publishedDate(doc, url); !got.IsZero() && (got.Year() < 1990 || got.Year() > 2100) {
			t.Errorf("publishedDate(%q, %q) = %v: implausible year", page, url, got)
		}
	})
}

// TestHTMLAllDate: --html-text all takes the page's publication date as the main text does:
// from its markup, else from the URL it was fetched from, else none.
func TestHTMLAllDate(t *testing.T) {
	body := `<body><nav><a href="/">Home</a></nav><article><h1>Pier reopens</h1><p>` +
		strings.Repeat("The pier reopened on Friday after the winter storms damaged its deck. ", 6) + `</p></article></body>`
	tests := []struct {
		name, head, uri, want string
	}{
		{"meta", `<meta property="article:published_time" content="2026-03-04T08:15:00+01:00">`, "", "2026-03-04T07:15:00Z"},
		{"json-ld", `<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2026-01-02"}</script>`, "", "2026-01-02T00:00:00Z"},
		{"url", ``, "https://x.example/2025/11/30/pier", "2025-11-30T00:00:00Z"},
		{"none", ``, "", ""},
	}
	for _, tt := range tests {
		page := []byte(`<html><head><title>Pier reopens</title>` + tt.head + `</head>` + body + `</html>`)
		for _, mode := range []HTMLText{HTMLMain, HTMLAll} {
			r := Record{File: "p.html", Data: page, Format: FormatHTML}
			if tt.uri != "" {
				r = Record{File: "c.warc", Data: page, Format: FormatHTML, ID: tt.uri, Archive: &Archive{}}
			}
			doc, _, err := (&ReadOptions{HTMLText: mode}).Parse(r)
			if err != nil {
				t.Fatalf("%s/%v: %v", tt.name, mode, err)
			}
			got := ""
			if !doc.Published.IsZero() {
				got = doc.Published.UTC().Format(time.RFC3339)
			}
			if got != tt.want {
				t.Errorf("%s, --html-text %v: published %q, want %q", tt.name, mode, got, tt.want)
			}
		}
	}
}
