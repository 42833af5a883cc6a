package input

// The publication date of an HTML page, found in the page's parsed tree. go-trafilatura would
// ask go-htmldate, whose go-dateparser costs every process ~0.2 s and ~78 MB at start-up (its
// init builds 210 locales' date data), so neardup links a stand-in for it (internal/htmldate)
// and looks where news pages put the date, in this order:
//
//  1. <meta> tags naming the publication date (article:published_time, datePublished,
//     pubdate, date, DC.date.issued, parsely-pub-date...), and any element with
//     itemprop="datePublished" (its content or datetime);
//  2. JSON-LD (<script type="application/ld+json">): the first datePublished, else
//     dateCreated, of any object, @graph and arrays included;
//  3. a <time datetime> marked as the publication time (pubdate, itemprop or a class naming
//     it), else the first <time datetime> outside nav, aside, footer and comments;
//  4. a date in the page's URL (its canonical link, og:url, else the URL it was fetched from):
//     /2026/04/09/, /2026-04-09-..., /20260409/;
//  5. a written date ("9 April 2026", "April 9, 2026", "2026-04-09") in the text of an element
//     whose class or id names a date, dateline, byline or post meta;
//  6. as a last resort, a modification date (article:modified_time, dateModified).
//
// A date with a time and zone keeps them (2026-02-03T07:30:00+01:00); a date alone is midnight
// UTC. Years outside 1990-2100 are not dates of news. Like htmldate's fast mode, which neardup
// used before, this finds dates in markup and date-like elements, not anywhere in prose.

import (
	"bytes"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// publishedMeta are the names (meta name, property or itemprop, lower case) that give a
// page's publication date.
var publishedMeta = map[string]bool{
	"article:published_time": true, "article:published": true, "og:published_time": true,
	"og:article:published_time": true, "datepublished": true, "pubdate": true,
	"publishdate": true, "publish-date": true, "publish_date": true, "published_time": true,
	"publication_date": true, "date": true, "dc.date": true, "dc.date.issued": true,
	"dc.date.created": true, "dcterms.date": true, "dcterms.issued": true,
	"dcterms.created": true, "sailthru.date": true, "parsely-pub-date": true,
	"article.published": true, "originalpublicationdate": true, "citation_publication_date": true,
	"citation_date": true, "cxenseparse:recs:publishtime": true, "datecreated": true,
	"article_date_original": true, "dc:date": true, "displaydate": true,
}

// modifiedMeta are the names that give the date a page was last changed: used only when no
// publication date is found.
var modifiedMeta = map[string]bool{
	"article:modified_time": true, "og:updated_time": true, "datemodified": true,
	"last-modified": true, "lastmod": true, "dcterms.modified": true, "dc.date.modified": true,
}

// pageDate returns the publication date of a page (valid UTF-8), or the zero time: for
// --html-text all, which reads the text without a tree. Parsing costs more than the visible
// text itself (BENCHMARKS.md, "Real-world input"), but a page's date is as much the page's
// with its chrome as without.
func pageDate(src []byte, pageURL string) time.Time {
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return time.Time{}
	}
	return publishedDate(doc, pageURL)
}

// publishedDate returns the publication date of a parsed page, or the zero time. pageURL is
// the URL the page was fetched from ("" if unknown); the page's own canonical URL comes first.
func publishedDate(doc *html.Node, pageURL string) time.Time {
	f := dateFinder{}
	f.walk(doc, false)
	for _, t := range []time.Time{f.meta, f.jsonLD, f.markedTime, f.firstTime} {
		if !t.IsZero() {
			return t
		}
	}
	for _, u := range []string{f.canonical, f.ogURL, pageURL} {
		if t := urlDate(u); !t.IsZero() {
			return t
		}
	}
	if !f.written.IsZero() {
		return f.written
	}
	if !f.modified.IsZero() {
		return f.modified
	}
	return f.jsonLDModified
}

// dateFinder collects the first date of each kind while walking the tree once.
type dateFinder struct {
	meta, jsonLD, markedTime, firstTime, written time.Time
	modified, jsonLDModified                     time.Time
	canonical, ogURL                             string
}

// walk visits n and its descendants in document order; hidden is true below nav, aside,
// footer and comment sections, whose dates belong to other articles or to readers.
func (f *dateFinder) walk(n *html.Node, hidden bool) {
	if n.Type == html.ElementNode {
		f.element(n, hidden)
		if n.DataAtom == atom.Nav || n.DataAtom == atom.Aside || n.DataAtom == atom.Footer ||
			strings.Contains(strings.ToLower(attr(n, "class")+" "+attr(n, "id")), "comment") {
			hidden = true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		f.walk(c, hidden)
	}
}

// element looks at one element for each kind of date not found yet.
func (f *dateFinder) element(n *html.Node, hidden bool) {
	switch n.DataAtom {
	case atom.Meta:
		name := strings.ToLower(strings.TrimSpace(firstAttr(n, "property", "name", "itemprop", "http-equiv")))
		content := attr(n, "content")
		switch {
		case name == "og:url" && f.ogURL == "":
			f.ogURL = strings.TrimSpace(content)
		case publishedMeta[name] && f.meta.IsZero():
			f.meta = parseDateValue(content)
		case modifiedMeta[name] && f.modified.IsZero():
			f.modified = parseDateValue(content)
		}
		return
	case atom.Link:
		if f.canonical == "" && strings.EqualFold(strings.TrimSpace(attr(n, "rel")), "canonical") {
			f.canonical = strings.TrimSpace(attr(n, "href"))
		}
		return
	case atom.Script:
		if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil && f.jsonLD.IsZero() {
			pub, mod := jsonLDDates(n.FirstChild.Data)
			f.jsonLD = pub
			if f.jsonLDModified.IsZero() {
				f.jsonLDModified = mod
			}
		}
		return
	}
	if strings.EqualFold(attr(n, "itemprop"), "datePublished") && f.meta.IsZero() {
		f.meta = parseDateValue(firstAttr(n, "content", "datetime"))
	}
	if n.DataAtom == atom.Time {
		v := attr(n, "datetime")
		if v == "" {
			return
		}
		marks := strings.ToLower(attr(n, "class") + " " + attr(n, "itemprop"))
		_, pubdate := attrOK(n, "pubdate")
		if (pubdate || strings.Contains(marks, "publish") || strings.Contains(marks, "pubdate")) && f.markedTime.IsZero() {
			f.markedTime = parseDateValue(v)
		}
		if !hidden && f.firstTime.IsZero() {
			f.firstTime = parseDateValue(v)
		}
		return
	}
	if !hidden && f.written.IsZero() && dateLike(attr(n, "class")+" "+attr(n, "id")) {
		f.written = writtenDate(ownText(n))
	}
}

// dateLike reports whether a class or id names an element that holds a page's date.
func dateLike(s string) bool {
	s = strings.ToLower(s)
	for _, w := range []string{"date", "time", "byline", "posted", "publish", "post-meta", "entry-meta", "article-meta"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// ownText returns the text of n's descendants up to 200 bytes: a date element is short.
func ownText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < 200; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
				b.WriteByte(' ')
			case html.ElementNode:
				if c.DataAtom != atom.Script && c.DataAtom != atom.Style {
					walk(c)
				}
			}
		}
	}
	walk(n)
	return b.String()
}

// attr returns n's attribute key, or "".
func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

// attrOK returns n's attribute key and whether n has it.
func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// firstAttr returns the first of n's attributes keys that is not empty.
func firstAttr(n *html.Node, keys ...string) string {
	for _, k := range keys {
		if v := attr(n, k); v != "" {
			return v
		}
	}
	return ""
}

// jsonLDDates returns the first datePublished (else dateCreated) and the first dateModified
// of the objects in a JSON-LD script, searched depth first in document order.
func jsonLDDates(src string) (published, modified time.Time) {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	var created time.Time
	var visit func(any)
	visit = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				visit(e)
			}
		case map[string]any:
			take := func(key string, t *time.Time) {
				if s, ok := v[key].(string); ok && t.IsZero() {
					*t = parseDateValue(s)
				}
			}
			take("datePublished", &published)
			take("dateCreated", &created)
			take("dateModified", &modified)
			// Map order is random; the keys that hold nested objects are visited sorted.
			for _, k := range sortedKeys(v) {
				if k != "datePublished" && k != "dateCreated" && k != "dateModified" {
					visit(v[k])
				}
			}
		}
	}
	visit(v)
	if published.IsZero() {
		published = created
	}
	return published, modified
}

// sortedKeys returns m's keys in sorted order.
func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

// dateLayouts are the forms of machine-readable dates seen in meta tags, JSON-LD and
// <time datetime>, most common first.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	time.DateOnly,
	"2006/01/02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 Z0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
}

// parseDateValue parses a machine-readable date, or a written one; the zero time if it is
// neither or its year is not plausible.
func parseDateValue(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return plausible(t)
		}
	}
	return writtenDate(s)
}

// plausible returns t if its year could be a news article's, else the zero time.
func plausible(t time.Time) time.Time {
	if y := t.Year(); y < 1990 || y > 2100 {
		return time.Time{}
	}
	return t
}

// urlDatePattern matches a date in a URL's path: /2026/04/09/, /2026-04-09, /20260409/.
var urlDatePattern = regexp.MustCompile(`/((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)`)

// urlDate returns the date in a URL's path, or the zero time.
func urlDate(u string) time.Time {
	if u == "" {
		return time.Time{}
	}
	m := urlDatePattern.FindStringSubmatch(u)
	if m == nil {
		return time.Time{}
	}
	return ymd(m[1], m[2], m[3])
}

// ymd makes a date of decimal year, month and day, or the zero time if it is no date.
func ymd(ys, ms, ds string) time.Time {
	y, err1 := strconv.Atoi(ys)
	m, err2 := strconv.Atoi(ms)
	d, err3 := strconv.Atoi(ds)
	if err1 != nil || err2 != nil || err3 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31 April
		return time.Time{}
	}
	return plausible(t)
}

// monthNumbers maps English month names and their abbreviations to numbers.
var monthNumbers = func() map[string]int {
	m := map[string]int{}
	for i := time.January; i <= time.December; i++ {
		name := strings.ToLower(i.String())
		m[name] = int(i)
		m[name[:3]] = int(i)
	}
	m["sept"] = 9
	return m
}()

var (
	dayMonthYear = regexp.MustCompile(`(?i)\b([0-3]?\d)(?:st|nd|rd|th)?\.?\s+([a-z]{3,9})\.?,?\s+((?:19|20)\d\d)\b`)
	monthDayYear = regexp.MustCompile(`(?i)\b([a-z]{3,9})\.?\s+([0-3]?\d)(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b`)
	isoDate      = regexp.MustCompile(`\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b`)
)

// writtenDate returns the first date written in s as "9 April 2026", "April 9, 2026" or
// "2026-04-09" (English month names), or the zero time.
func writtenDate(s string) time.Time {
	type hit struct {
		at int
		t  time.Time
	}
	best := hit{at: -1}
	try := func(at int, t time.Time) {
		if !t.IsZero() && (best.at < 0 || at < best.at) {
			best = hit{at, t}
		}
	}
	if m := dayMonthYear.FindStringSubmatchIndex(s); m != nil {
		if mon, ok := monthNumbers[strings.ToLower(s[m[4]:m[5]])]; ok {
			try(m[0], ymd(s[m[6]:m[7]], strconv.Itoa(mon), s[m[2]:m[3]]))
		}
	}
	if m := monthDayYear.FindStringSubmatchIndex(s); m != nil {
		if mon, ok := monthNumbers[strings.ToLower(s[m[2]:m[3]])]; ok {
			try(m[0], ymd(s[m[6]:m[7]], strconv.Itoa(mon), s[m[4]:m[5]]))
		}
	}
	if m := isoDate.FindStringSubmatchIndex(s); m != nil {
		try(m[0], ymd(s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]]))
	}
	return best.t
}
