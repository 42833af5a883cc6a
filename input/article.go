package input

// The main text of a news page: the article, without the site's chrome (navigation, cookie and
// paywall banners, related and most-read lists, newsletter boxes, comments, footers). Without
// it, a site's chrome is shared text between every two pages of that site.
//
// The extractor is go-trafilatura (a port of Python's trafilatura, maintained, made for news and
// blog pages): it parses the page, scores its blocks and returns the article's element tree and
// metadata (title, author). The publication date is found by published.go. We render that tree
// back to HTML and take its visible text with htmlText, so that the main text is written by the
// same rules as the whole visible text (--html-text all): block elements end lines, paragraphs
// are separated by a blank line, white space collapses. The text a document reports, and its
// byte offsets, are those of the extracted text.
//
// On testdata/html (30 pages in six layouts, expected main text written first), word precision
// and recall are in BENCHMARKS.md; extraction costs about 1.7 ms a page (0.03 ms for the whole
// visible text).

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// HTMLText says which text of an HTML page is compared. The zero value is HTMLMain.
type HTMLText uint8

const (
	// HTMLMain is the article's main text, as a main-text extractor finds it (the default).
	HTMLMain HTMLText = iota
	// HTMLAll is all the visible text of the page, site chrome included.
	HTMLAll
)

// String returns "main" or "all".
func (h HTMLText) String() string {
	switch h {
	case HTMLMain:
		return "main"
	case HTMLAll:
		return "all"
	}
	return fmt.Sprintf("HTMLText(%d)", uint8(h))
}

// Set parses "main" or "all" (flag.Value).
func (h *HTMLText) Set(s string) error {
	switch s {
	case "main":
		*h = HTMLMain
	case "all":
		*h = HTMLAll
	default:
		return fmt.Errorf("input: html text %q: want main or all", s)
	}
	return nil
}

// htmlArticle is what is read from one HTML page.
type htmlArticle struct {
	title, author, text string
	published           time.Time // zero when unknown
}

// mainText extracts the main text and metadata of an HTML page, which must be valid UTF-8;
// pageURL is where the page was fetched from ("" if unknown), a last place to look for its date.
// ok is false when the extractor finds no text (a page with no article-like block, or one it
// cannot parse); the caller then falls back to the whole visible text, and a.published is still
// the page's date if one was found.
func mainText(src []byte, pageURL string) (a htmlArticle, ok bool) {
	defer func() {
		// The extractor walks a tree built from any bytes: a panic in it costs one page's
		// main text, not the run.
		if recover() != nil {
			a, ok = htmlArticle{published: a.published}, false
		}
	}()
	doc, err := html.Parse(transform.NewReader(bytes.NewReader(src), pageNorm()))
	if err != nil {
		return htmlArticle{}, false
	}
	// Before extraction, which may change the tree.
	a.published = publishedDate(doc, pageURL)
	r, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
		ExcludeComments: true,
		// The date is ours (published.go): go-htmldate is not linked (internal/htmldate).
		HtmlDateMode: trafilatura.Disabled,
	})
	if err != nil || r == nil || r.ContentNode == nil {
		return htmlArticle{published: a.published}, false
	}
	var b bytes.Buffer
	if err := html.Render(&b, r.ContentNode); err != nil {
		return htmlArticle{published: a.published}, false
	}
	_, text := htmlText(b.Bytes())
	a.title = strings.ToValidUTF8(collapseSpace([]byte(r.Metadata.Title)), "\uFFFD")
	a.text = dropBaselineEcho(dropTitleLine(text, a.title), a.title)
	_, visible := htmlText(src)
	a.text = restoreBreaks(a.text, visible)
	if !hasNonSpace(a.text) {
		return htmlArticle{published: a.published}, false
	}
	a.author = strings.ToValidUTF8(r.Metadata.Author, "\uFFFD")
	return a, true
}

// pageNorm is how a page is normalised before extraction: NFC, without soft hyphens, as
// trafilatura.Extract does it (through dom.Parse). Extract also guesses the page's character
// set with chardet and decodes it from that; neardup's pages are UTF-8 already (repaired by
// Parse), so the guess could only garble them, and it cost ~40% of the CPU time of
// extraction (BenchmarkHTMLPages profile).
func pageNorm() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.Predicate(func(r rune) bool { return r == '\u00AD' })), norm.NFC)
}

// dropTitleLine removes the first paragraph of text when it is the title: the extractor keeps
// the page's headline, which is the document's Title, not its text.
func dropTitleLine(text, title string) string {
	first, rest, _ := strings.Cut(text, "\n\n")
	if title != "" && strings.TrimSpace(first) == title {
		return strings.TrimSpace(rest)
	}
	return text
}

// dropBaselineEcho removes a last paragraph that repeats all the paragraphs before it run
// together, maybe after the title. go-trafilatura v1.12.2's baseline extraction (used on pages
// too small for its main pass) appends the page's whole text again as one more paragraph:
// "<title>T</title><p>a</p><p>b</p>" gives the paragraphs "a", "b" and "Tab".
func dropBaselineEcho(text, title string) string {
	i := strings.LastIndex(text, "\n\n")
	if i < 0 {
		return text
	}
	before, last := text[:i], text[i+2:]
	squeeze := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	if b, l := squeeze(before), squeeze(last); l == b || l == squeeze(title)+b {
		return before
	}
	return text
}

// restoreBreaks gives back their paragraph breaks to paragraphs of the main text that are not
// in the page's visible text as they stand. go-trafilatura v1.12.2's baseline extraction (pages
// too small for its main pass) takes an <article>'s text content as one paragraph, its
// paragraphs run together: "...on Tuesday evening.Work starts...". Such a paragraph is replaced
// by the span of the visible text that has the same characters but for white space, when that
// span has paragraph breaks: it keeps the page's own breaks (and is a slice of the visible text,
// as other paragraphs are). Any other paragraph is left as it is.
func restoreBreaks(text, visible string) string {
	paras := strings.Split(text, "\n\n")
	var sq []byte // visible without white space
	var pos []int // pos[i]: the byte of visible that sq[i] is
	changed := false
	for i, para := range paras {
		if strings.Contains(visible, para) {
			continue
		}
		if sq == nil {
			for j, r := range visible {
				if !unicode.IsSpace(r) {
					_, n := utf8.DecodeRuneInString(visible[j:])
					for k := range n {
						sq = append(sq, visible[j+k])
						pos = append(pos, j+k)
					}
				}
			}
		}
		sp := squeezeSpace(para)
		k := strings.Index(string(sq), sp)
		if sp == "" || k < 0 {
			continue
		}
		span := visible[pos[k] : pos[k+len(sp)-1]+1]
		if !strings.Contains(span, "\n\n") {
			continue // not run together: it differs in white space only (&nbsp; made a space)
		}
		paras[i] = span
		changed = true
	}
	if !changed {
		return text
	}
	return strings.Join(paras, "\n\n")
}

// squeezeSpace returns s without its white space.
func squeezeSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
