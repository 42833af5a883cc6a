package input

// Visible text of an HTML page, with golang.org/x/net/html's tokenizer: one linear pass, no tree,
// so no input can make it slow or deep (html.Parse builds a node per element and has had
// quadratic cases). What a tree would give us is approximated where it matters for the text:
//
//   - script, style, noscript, iframe, noembed, noframes: the tokenizer returns their content as
//     one raw text token right after the start tag; it is dropped. title is raw too: the first one
//     is the title, none is body text.
//   - svg and template: dropped from the start tag to the matching end tag (counting nested ones).
//     An unclosed svg ends, as in a browser, at an HTML element that breaks out of foreign content
//     (p, div, b...), unless inside foreignObject, desc or title; an unclosed template hides the
//     rest of the page, as in a browser.
//   - head: its elements (title, meta, link, style, script, noscript, base, template) hold no
//     visible text, and anything else there is moved to the body by browsers, so head needs no
//     rule of its own.
//   - Block elements end the line; paragraph-like ones (p, h1-h6, blockquote, lists, tables,
//     section, article, header, footer...) leave a blank line. Inside inline text, runs of HTML
//     white space (space, tab, CR, LF, FF) become one space; inside pre they are kept. &nbsp; is
//     not white space in HTML and is kept.

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// sep is the separator owed before the next piece of text; a stronger one wins.
type sep uint8

const (
	sepNone sep = iota
	sepSpace
	sepLine // "\n"
	sepPara // "\n\n"
)

// blockSep is the separator that the start and end of an element put around its content.
var blockSep = map[string]sep{
	// paragraphs
	"p": sepPara, "h1": sepPara, "h2": sepPara, "h3": sepPara, "h4": sepPara, "h5": sepPara,
	"h6": sepPara, "blockquote": sepPara, "pre": sepPara, "listing": sepPara, "xmp": sepPara,
	"section": sepPara, "article": sepPara, "header": sepPara, "footer": sepPara,
	"aside": sepPara, "nav": sepPara, "main": sepPara, "figure": sepPara, "table": sepPara,
	"ul": sepPara, "ol": sepPara, "dl": sepPara, "menu": sepPara, "hr": sepPara,
	"address": sepPara, "details": sepPara, "fieldset": sepPara, "form": sepPara,
	"hgroup": sepPara, "plaintext": sepPara,
	// lines
	"div": sepLine, "br": sepLine, "li": sepLine, "tr": sepLine, "dt": sepLine, "dd": sepLine,
	"caption": sepLine, "figcaption": sepLine, "summary": sepLine, "legend": sepLine,
	"option": sepLine, "center": sepLine, "dialog": sepLine, "search": sepLine,
	"body": sepLine, "textarea": sepLine, "select": sepLine,
	// table cells
	"td": sepSpace, "th": sepSpace,
}

// rawKind says what to do with the raw text token that follows a start tag.
type rawKind uint8

const (
	rawNone  rawKind = iota // not a raw text element: the text is parsed as usual
	rawDrop                 // script, style...: invisible
	rawTitle                // title: the document's title, not body text
)

// rawTags are the elements whose content the tokenizer returns as one raw text token and which
// are not shown. (textarea, xmp and plaintext are raw too, but shown.)
var rawTags = map[string]rawKind{
	"script": rawDrop, "style": rawDrop, "noscript": rawDrop, "iframe": rawDrop,
	"noembed": rawDrop, "noframes": rawDrop, "title": rawTitle,
}

// breakOut are the HTML start tags that end foreign (svg) content in a browser.
var breakOut = map[string]bool{
	"b": true, "big": true, "blockquote": true, "body": true, "br": true, "center": true,
	"code": true, "dd": true, "div": true, "dl": true, "dt": true, "em": true, "embed": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "head": true,
	"hr": true, "i": true, "img": true, "li": true, "listing": true, "menu": true, "meta": true,
	"nobr": true, "ol": true, "p": true, "pre": true, "ruby": true, "s": true, "small": true,
	"span": true, "strong": true, "strike": true, "sub": true, "sup": true, "table": true,
	"tt": true, "u": true, "ul": true, "var": true,
}

// svgIntegration are the svg elements inside which HTML elements do not break out.
var svgIntegration = map[string]bool{"foreignobject": true, "desc": true, "title": true}

// htmlText returns the title and the visible text of an HTML document, which must be valid
// UTF-8 (so are the results). It never fails: any bytes make some text.
func htmlText(src []byte) (title, text string) {
	z := html.NewTokenizer(bytes.NewReader(src))
	var (
		w         textWriter
		raw       rawKind // what the next token is, if it is raw text
		svg       int     // depth of open svg elements
		integ     int     // depth of open svg integration points
		template  int     // depth of open template elements
		pre       int     // depth of open pre-like elements
		preStart  bool    // the last token opened a pre: a newline right after it is not content
		haveTitle bool
	)
	w.buf = make([]byte, 0, len(src)/2)
	for {
		tt := z.Next()
		rawNext, startedPre := raw, preStart
		raw, preStart = rawNone, false
		switch tt {
		case html.ErrorToken:
			// io.EOF: bytes.Reader gives no other error, and no buffer limit is set.
			text = strings.TrimSpace(string(w.buf))
			if !utf8.ValidString(text) { // cannot happen for valid input; cheap insurance
				text = strings.ToValidUTF8(text, "\uFFFD")
			}
			return strings.ToValidUTF8(title, "\uFFFD"), text

		case html.TextToken:
			hidden := svg > 0 || template > 0
			switch {
			case rawNext == rawDrop:
			case rawNext == rawTitle:
				if !haveTitle && !hidden {
					haveTitle = true
					title = collapseSpace(z.Text())
				}
			case hidden:
			case pre > 0:
				t := z.Text()
				if startedPre && len(t) > 0 && t[0] == '\n' {
					t = t[1:]
				}
				w.verbatim(t)
			default:
				w.inline(z.Text())
			}

		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			// The tokenizer treats <script/> like <script>: raw text follows either way.
			raw = rawTags[string(name)]
			start := tt == html.StartTagToken
			if template > 0 {
				if start && string(name) == "template" {
					template++
				}
				continue
			}
			if svg > 0 {
				switch {
				case start && string(name) == "svg":
					svg++
					continue
				case start && svgIntegration[string(name)]:
					integ++
					continue
				case integ > 0 || !breakOut[string(name)]:
					continue
				}
				svg, integ = 0, 0 // break out, and handle the tag below
			}
			switch string(name) {
			case "svg":
				if start {
					svg = 1
				}
				continue
			case "template":
				if start {
					template = 1
				}
				continue
			case "pre", "listing", "xmp", "plaintext":
				if start {
					pre++
					preStart = true
				}
			}
			w.brk(blockSep[string(name)])

		case html.EndTagToken:
			name, _ := z.TagName()
			if template > 0 {
				if string(name) == "template" {
					template--
				}
				continue
			}
			if svg > 0 {
				switch {
				case string(name) == "svg":
					svg--
					if svg == 0 {
						integ = 0
					}
				case svgIntegration[string(name)] && integ > 0:
					integ--
				}
				continue
			}
			switch string(name) {
			case "pre", "listing", "xmp":
				if pre > 0 {
					pre--
				}
			}
			w.brk(blockSep[string(name)])
		}
		// Comments and doctypes show nothing.
	}
}

// textWriter puts text pieces together with the separators that blocks and spaces call for.
type textWriter struct {
	buf     []byte
	pending sep
}

// brk asks for at least separator s before the next piece of text.
func (w *textWriter) brk(s sep) {
	if s > w.pending {
		w.pending = s
	}
}

// flush writes the pending separator, if any text precedes it.
func (w *textWriter) flush() {
	s := w.pending
	w.pending = sepNone
	if s >= sepLine {
		// Text kept verbatim (pre) may end in white space: the break replaces it.
		w.buf = bytes.TrimRight(w.buf, " \t\n\f\r")
	}
	if len(w.buf) == 0 {
		return
	}
	switch s {
	case sepSpace:
		if !isHTMLSpace(w.buf[len(w.buf)-1]) {
			w.buf = append(w.buf, ' ')
		}
	case sepLine:
		w.buf = append(w.buf, '\n')
	case sepPara:
		w.buf = append(w.buf, "\n\n"...)
	}
}

// inline writes text with each run of HTML white space turned into one space.
func (w *textWriter) inline(t []byte) {
	for i := 0; i < len(t); {
		if isHTMLSpace(t[i]) {
			w.brk(sepSpace)
			i++
			continue
		}
		j := i + 1
		for j < len(t) && !isHTMLSpace(t[j]) {
			j++
		}
		w.flush()
		w.buf = append(w.buf, t[i:j]...)
		i = j
	}
}

// verbatim writes text as it is (inside pre).
func (w *textWriter) verbatim(t []byte) {
	if len(t) == 0 {
		return
	}
	w.flush()
	w.buf = append(w.buf, t...)
}

// isHTMLSpace reports whether c is HTML white space.
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// collapseSpace returns t with runs of HTML white space turned into one space, trimmed.
func collapseSpace(t []byte) string {
	var w textWriter
	w.inline(t)
	return string(w.buf)
}
