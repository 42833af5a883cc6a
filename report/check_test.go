package report

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html/atom"

	"github.com/neardup/neardup/credit"
	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/shingle"
)

func TestPlaceOf(t *testing.T) {
	text := "Title\n\nFirst para\nstill first\n  \t\nSecond\r\n\r\nThird"
	tests := []struct {
		at         string // the passage starts at the first occurrence of this
		line, para int
	}{
		{"Title", 1, 1},
		{"First", 3, 2},
		{"still", 4, 2},
		{"Second", 6, 3},
		{"Third", 8, 4},
	}
	for _, tt := range tests {
		start := strings.Index(text, tt.at)
		if got := placeOf(text, start); got != (place{tt.line, tt.para}) {
			t.Errorf("placeOf(%q) = line %d ¶%d, want line %d ¶%d", tt.at, got.line, got.para, tt.line, tt.para)
		}
	}
	// lines as pipeline's sentences end them: a lone "\r", U+0085, U+2028; U+2029 a paragraph
	for _, tt := range []struct {
		text, at   string
		line, para int
	}{
		{"one\rtwo\r\rthree", "three", 4, 2},
		{"one\r\ntwo\r\n\r\nthree", "three", 4, 2},
		{"one\u2028two\u0085three", "three", 3, 1},
		{"one\u2029two\u2029three", "three", 3, 3},
		{"one\u2029\u2029two", "two", 3, 2},
	} {
		if got := placeOf(tt.text, strings.Index(tt.text, tt.at)); got != (place{tt.line, tt.para}) {
			t.Errorf("placeOf(%q, %q) = line %d ¶%d, want line %d ¶%d", tt.text, tt.at, got.line, got.para, tt.line, tt.para)
		}
	}
	if got := placeOf("", 5); got != (place{1, 1}) {
		t.Errorf("placeOf of an empty text = %+v", got)
	}
}

// TestGate: the gate looks at the uncredited share of one match unless told to count credited
// passages, and a draft not checked is never over it (its error is what fails the check).
func TestGate(t *testing.T) {
	text := "one two three four five six seven eight nine ten"
	// words 1-4 uncredited, 5-8 quoted: coverage 0.8, uncredited 0.4
	d := &Draft{Doc: pipeline.Document{ID: "d", Text: text}, Words: 10, Matches: []Match{{Pair: pipeline.Pair{CoverageA: 0.8,
		Passages: []pipeline.Passage{{AStart: 0, AEnd: 18, ACredit: credit.None}, {AStart: 19, AEnd: 40, ACredit: credit.Quote}}}}}}
	tests := []struct {
		gate Gate
		want bool
	}{
		{Gate{FailOver: 0.3, On: true}, true},
		{Gate{FailOver: 0.4, On: true}, false},
		{Gate{FailOver: 0.5, On: true, CountCredited: true}, true},
		{Gate{FailOver: 0.8, On: true, CountCredited: true}, false},
		{Gate{FailOver: 0, On: false}, false},
	}
	for _, tt := range tests {
		if got := tt.gate.Over(d); got != tt.want {
			t.Errorf("%+v.Over = %v, want %v (shares %+v)", tt.gate, got, tt.want, d.sharesOf())
		}
	}
	failed := &Draft{Err: &input.RecordError{File: "x", Reason: "gone"}}
	if (Gate{On: true}).Over(failed) {
		t.Error("a draft not checked is over the gate")
	}
}

// checkDrafts makes the drafts of testdata/check/mill-draft.md against two sample articles with
// pipeline.Compare (as check does against the index), with a line of markup added to the draft,
// and a draft that could not be read.
func checkDrafts(t testing.TB) []*Draft {
	t.Helper()
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	text := read("../testdata/check/mill-draft.md") + "\n<script>alert(1)</script> <img src=x onerror=alert(2)>\n"
	d := &Draft{Doc: pipeline.Document{ID: "mill-draft.md", Title: "What the mill closure means", Text: text}}
	d.Words = len(shingle.Tokenize(text))
	for _, id := range []string{"riverside-tribune/flour-mill-closure.txt", "coastline-daily/mill-jobs-lost.md"} {
		other := read(filepath.Join(sampleDir, id))
		p, ok := pipeline.Compare(d.Doc, pipeline.Document{ID: id, Text: other}, pipeline.Options{})
		if !ok {
			t.Fatalf("mill-draft.md ~ %s: not related", id)
		}
		d.Matches = append(d.Matches, Match{Member: pipeline.Member{ID: id, Source: filepath.Dir(id), Words: len(shingle.Tokenize(other))},
			Text: other, Pair: p})
	}
	return []*Draft{d, {Err: &input.RecordError{File: "gone.md", Kind: input.RecordNotFound, Reason: "no such file or directory"}}}
}

func renderCheck(t testing.TB, drafts []*Draft, gate Gate) []byte {
	t.Helper()
	var b bytes.Buffer
	page := NewCheckHTML(&b, CheckHTMLOptions{Gate: gate})
	for _, d := range drafts {
		if err := page.Write(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := page.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCheckHTML: the check page has the scan report's policy and script; each match is a pair
// with the draft whole on the left and the indexed article whole on the right; every passage of
// the draft's list links to its highlight in the draft, which holds the passage's text; markup in
// a draft is text.
func TestCheckHTML(t *testing.T) {
	drafts := checkDrafts(t)
	out := renderCheck(t, drafts, Gate{FailOver: 0.1, On: true})
	if !bytes.Contains(out, []byte(`content="`+strings.ReplaceAll(htmlCSP, "'", "&#39;")+`"`)) {
		t.Error("the page does not have the scan report's Content-Security-Policy")
	}
	p := parsePage(t, out)
	if n := len(elements(p.root, atom.Script)); n != 1 {
		t.Errorf("%d scripts, want 1", n)
	}
	if got := textOf(elements(p.root, atom.Script)[0]); got != string(htmlScript) {
		t.Error("the script is not the scan report's")
	}
	d := drafts[0]
	if len(p.pairs) != len(d.Matches) {
		t.Fatalf("%d pairs, want %d", len(p.pairs), len(d.Matches))
	}
	for i, m := range d.Matches {
		if got := p.texts[fmt.Sprintf("p%d-a", i+1)]; got != d.Doc.Text {
			t.Errorf("pair %d: the left pane is not the draft", i+1)
		}
		if got := p.texts[fmt.Sprintf("p%d-b", i+1)]; got != m.Text {
			t.Errorf("pair %d: the right pane is not %s", i+1, m.Member.ID)
		}
	}
	ids := byID(p.root)
	marks := map[string]string{} // id of a passage's first mark → the text of its marks on that side
	for _, m := range p.marks {
		marks[fmt.Sprintf("p%d-%s-%d", m.pair, m.side, m.passage)] += m.text
	}
	links := 0
	for _, a := range elements(p.root, atom.A) {
		h := occHref.FindStringSubmatch(attr(a, "href"))
		if h == nil {
			continue
		}
		links++
		n, _ := strconv.Atoi(h[1])
		k, _ := strconv.Atoi(h[3])
		q := inDraftOrder(d.Matches[n-1].Pair.Passages)[k-1]
		if _, ok := ids[h[0][1:]]; !ok && marks[h[0][1:]] == "" {
			t.Errorf("link %s goes nowhere", h[0])
		}
		if got := marks[h[0][1:]]; got != q.AText {
			t.Errorf("link %s: its marks hold %q, want the passage %q", h[0], got, q.AText)
		}
	}
	want := 0
	for _, m := range d.Matches {
		want += len(m.Pair.Passages)
	}
	if links != want {
		t.Errorf("%d passage links, want %d", links, want)
	}
	if n := len(elements(p.root, atom.Img)); n != 0 {
		t.Errorf("%d <img> from the draft's markup", n)
	}
	if !strings.Contains(p.texts["p1-a"], "<script>alert(1)</script>") {
		t.Error("the draft's markup is not shown as text")
	}
	for _, s := range []string{"gone.md: no such file or directory", "over --fail-over", "not checked"} {
		if !bytes.Contains(out, []byte(html.EscapeString(s))) {
			t.Errorf("the page does not say %q", s)
		}
	}
}

// TestCheckTextQuotes: a long passage is quoted by its start and its end, each cut between
// words, with its line and paragraph and its credit on both sides.
func TestCheckTextQuotes(t *testing.T) {
	words := strings.Fields(strings.Repeat("alpha beta gamma delta epsilon zeta eta theta iota kappa ", 12))
	passage := strings.Join(words, " ")
	text := "Title\n\nFirst paragraph.\n\n" + passage + ".\n"
	start := strings.Index(text, passage)
	d := &Draft{Doc: pipeline.Document{ID: "d.txt", Text: text}, Words: len(strings.Fields(text)),
		Matches: []Match{{Member: pipeline.Member{ID: "src"}, Pair: pipeline.Pair{Relation: pipeline.Reuse, CoverageA: 0.9,
			Passages: []pipeline.Passage{{AStart: start, AEnd: start + len(passage), Words: len(words), AText: passage,
				ACredit: credit.None, BCredit: credit.Quote}}}}}}
	var b bytes.Buffer
	if err := CheckText(&b, d, CheckTextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	i := strings.Index(out, "line 5 ¶3, 120 words, uncredited (quoted in the source): “")
	if i < 0 {
		t.Fatalf("no passage line with its place and credits:\n%s", out)
	}
	q := out[i:]
	q = q[strings.Index(q, "“")+len("“") : strings.Index(q, "”")]
	head, tail, ok := strings.Cut(q, " … ")
	if !ok {
		t.Fatalf("quote %q is not cut", q)
	}
	for _, part := range []string{head, tail} {
		for _, w := range strings.Fields(part) {
			if !slices.Contains(words, w) {
				t.Errorf("quote %q cuts a word: %q", q, w)
			}
		}
	}
}
