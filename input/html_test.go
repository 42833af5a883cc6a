package input

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHTMLText(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantTitle string
		wantText  string
	}{
		{
			name: "page",
			in: `<!DOCTYPE html><html><head><meta charset="utf-8"><title>  The
				Title </title><link rel="stylesheet" href="x.css"><style>p { color: red }</style>
				<script>var headline = "not text";</script></head>
				<body><h1>Headline</h1><p>First paragraph.</p><p>Second
				paragraph.</p></body></html>`,
			wantTitle: "The Title",
			wantText:  "Headline\n\nFirst paragraph.\n\nSecond paragraph.",
		},
		{
			name:     "script and style dropped",
			in:       `a<script type="text/javascript">if (a < b && c > d) { document.write("</p>x") }</script>b<style>.x{}</style>c`,
			wantText: "abc",
		},
		{
			name:     "script end tag in upper case",
			in:       `<SCRIPT>hidden()</SCRIPT >shown`,
			wantText: "shown",
		},
		{
			name:     "self-closing script still hides what follows",
			in:       `<script/>hidden()</script>shown`,
			wantText: "shown",
		},
		{
			name:     "noscript template iframe noembed svg dropped",
			in:       `<p>a</p><noscript>enable js</noscript><template><p>tpl</p></template><iframe>frame</iframe><noembed>x</noembed><svg><text>chart</text><title>svg title</title></svg><p>b</p>`,
			wantText: "a\n\nb",
		},
		{
			name:     "nested svg and template",
			in:       `x<svg><svg><g>in</g></svg>still in</svg>y<template>a<template>b</template>c</template>z`,
			wantText: "xyz",
		},
		{
			name:     "unclosed svg ends at a paragraph",
			in:       `<svg><text>chart</text><p>Article text.</p>`,
			wantText: "Article text.",
		},
		{
			name:     "svg foreignObject keeps it hidden",
			in:       `<svg><foreignObject><div>in svg</div></foreignObject><text>t</text></svg><p>after</p>`,
			wantText: "after",
		},
		{
			name:      "svg title is not the title",
			in:        `<svg><title>icon</title></svg><title>Real</title><p>x</p>`,
			wantTitle: "Real",
			wantText:  "x",
		},
		{
			name:      "first title wins, no title in the text",
			in:        `<title>One</title><title>Two</title><body>text</body>`,
			wantTitle: "One",
			wantText:  "text",
		},
		{
			name:     "entities decoded",
			in:       `<p>Caf&eacute; &amp; bar &lt;b&gt; &#8220;quoted&#x201D; &copy 5&nbsp;km &bogus; &#0;</p>`,
			wantText: "Café & bar <b> “quoted” © 5\u00a0km &bogus; \uFFFD",
		},
		{
			name:      "entities in the title",
			in:        `<title>A &amp; B &#x27;C&#x27;</title>`,
			wantTitle: "A & B 'C'",
		},
		{
			name:     "inline white space collapsed",
			in:       "<p>  one\t\t<b>two</b>\n\n   <i>three</i>  </p>",
			wantText: "one two three",
		},
		{
			name:     "inline elements do not separate",
			in:       `<p>un<b>believ</b><span>able</span></p>`,
			wantText: "unbelievable",
		},
		{
			name:     "paragraphs blank line, lines newline",
			in:       `<div>one</div><div>two<br>three</div><ul><li>four</li><li>five</li></ul><p>six</p>`,
			wantText: "one\ntwo\nthree\n\nfour\nfive\n\nsix",
		},
		{
			name:     "implied paragraph ends",
			in:       `<p>one<p>two<blockquote>three</blockquote>four`,
			wantText: "one\n\ntwo\n\nthree\n\nfour",
		},
		{
			name:     "sections and headings",
			in:       `<article><header><h2>Head</h2></header><section>Body</section><footer>Foot</footer></article>`,
			wantText: "Head\n\nBody\n\nFoot",
		},
		{
			name:     "table",
			in:       `<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>after`,
			wantText: "a b\n1 2\n\nafter",
		},
		{
			name:     "pre kept verbatim",
			in:       "<p>before</p><pre>\nline 1\n    indented  x\n</pre><p>after</p>",
			wantText: "before\n\nline 1\n    indented  x\n\nafter",
		},
		{
			name:     "comments and doctype dropped",
			in:       `<!DOCTYPE html><!-- a comment <p>not text</p> -->text<!-- another -->`,
			wantText: "text",
		},
		{
			name:     "stray less-than",
			in:       `a < b, c <= d, 1<2`,
			wantText: "a < b, c <= d, 1<2",
		},
		{
			name:     "plain text",
			in:       "  just\n\ntext  ",
			wantText: "just text",
		},
		{name: "empty", in: "", wantText: ""},
		{name: "only markup", in: "<html><body></body></html>", wantText: ""},
		{name: "unterminated tag", in: "text<p class=", wantText: "text"},
		{name: "tag cut by the end", in: "a<b", wantText: "a"}, // as in a browser
		{name: "unterminated comment", in: "text<!-- never closed <p>x</p>", wantText: "text"},
		{name: "unclosed script", in: "text<script>never closed", wantText: "text"},
		{name: "textarea shown", in: "<textarea>a &amp; <b>b</b></textarea>", wantText: "a & <b>b</b>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			title, text := htmlText([]byte(tt.in))
			if title != tt.wantTitle || text != tt.wantText {
				t.Errorf("htmlText(%q) =\n%q, %q\nwant\n%q, %q", tt.in, title, text, tt.wantTitle, tt.wantText)
			}
		})
	}
}

// naiveCollapse is the reference for text without markup: HTML white space runs become one
// space, and the whole is trimmed.
func naiveCollapse(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r < utf8.RuneSelf && isHTMLSpace(byte(r)) })
	return strings.TrimSpace(strings.Join(words, " "))
}

func FuzzHTMLText(f *testing.F) {
	f.Add([]byte(`<html><head><title>T</title></head><body><p>a &amp; b</p><script>x</script></body></html>`), "before ", "secret()", " after")
	f.Add([]byte(`<svg><p>x</svg><template>y<pre>z`), "a<b", "", "&amp;")
	f.Add([]byte("\xff<p>\x00</p><pre>\n\n</pre>"), "\r\n", "\t", "\x00")
	f.Add([]byte(`<script><!--<script>x</script>y</script>z`), "", "<!--", "")
	f.Fuzz(func(t *testing.T, doc []byte, a, secret, b string) {
		// Any bytes: valid UTF-8 out, trimmed, and Parse does not fail but on empty text, or on
		// bytes that look binary or not UTF-8.
		fixed, _ := repairUTF8(doc)
		title, text := htmlText(fixed)
		if !utf8.ValidString(title) || !utf8.ValidString(text) {
			t.Fatalf("htmlText(%q) = %q, %q: invalid UTF-8", doc, title, text)
		}
		if text != strings.TrimSpace(text) || title != strings.Trim(title, " \t\n\f\r") {
			t.Errorf("htmlText(%q) = %q, %q: not trimmed", doc, title, text)
		}
		_, _, rerr := (&ReadOptions{}).Parse(Record{File: "f.html", Data: doc, Format: FormatHTML})
		if rerr != nil && rerr.Kind != RecordEmptyText && rerr.Kind != RecordBinary && rerr.Kind != RecordNotUTF8 {
			t.Errorf("Parse(%q): %v", doc, rerr)
		}
		// Without markup, the text is the input with white space collapsed.
		if !strings.ContainsAny(string(fixed), "<&") {
			if want := naiveCollapse(string(fixed)); text != want {
				t.Errorf("htmlText(%q) = %q, want %q", fixed, text, want)
			}
		}
		// A well-formed script between two runs of text: never in the output, and the text
		// around it as if it were not there.
		const marker = "\uE000"
		clean := func(s string) string { return strings.ReplaceAll(strings.ToValidUTF8(s, ""), marker, "") }
		a, b = clean(a), clean(b)
		secret = marker + strings.ReplaceAll(clean(secret), "<", "")
		in := html.EscapeString(a) + "<script>" + secret + "</script>" + html.EscapeString(b)
		_, text = htmlText([]byte(in))
		if strings.Contains(text, marker) {
			t.Errorf("htmlText(%q) = %q shows the script", in, text)
		}
		if want := naiveCollapse(a + b); text != want {
			t.Errorf("htmlText(%q) = %q, want %q", in, text, want)
		}
	})
}

func BenchmarkHTMLText(b *testing.B) {
	var page strings.Builder
	page.WriteString(`<html><head><title>Bench</title><script>var x = 1;</script></head><body>`)
	for page.Len() < 200<<10 {
		page.WriteString(`<div class="para"><p>The minister said on <b>Tuesday</b> that a new law would be passed &mdash; despite protests.</p></div>` + "\n")
	}
	page.WriteString(`</body></html>`)
	src := []byte(page.String())
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		htmlText(src)
	}
}
