package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/neardup/neardup/pipeline"
)

const sampleDir = "../testdata/sample"

// The sample's pair of library articles quotes these as text.
var xssPayloads = []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`}

// scan runs the pipeline on inputs and closes the result when the test ends.
func scan(t testing.TB, opts pipeline.Options, inputs ...string) *pipeline.Result {
	t.Helper()
	res, err := pipeline.Run(context.Background(), inputs, nil, opts)
	if err != nil {
		t.Fatalf("pipeline.Run(%q): %v", inputs, err)
	}
	t.Cleanup(func() { res.Close() })
	// the tests compare highlights and quotes with the passages' texts
	for i := range res.Clusters {
		if err := res.LoadTexts(&res.Clusters[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i := range res.Pairs {
		if err := res.LoadPairTexts(&res.Pairs[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i := range res.Hubs {
		if err := res.LoadHubTexts(&res.Hubs[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i := range res.Passages {
		if err := res.LoadPassageTexts(&res.Passages[i]); err != nil {
			t.Fatal(err)
		}
	}
	return res
}

// pairOrder is every pair of a result in the order the HTML report numbers them (from 1): the
// clusters' pairs, then the pairs in no cluster.
func pairOrder(res *pipeline.Result) []*pipeline.Pair {
	var ps []*pipeline.Pair
	for i := range res.Clusters {
		for j := range res.Clusters[i].Pairs {
			ps = append(ps, &res.Clusters[i].Pairs[j])
		}
	}
	for i := range res.Pairs {
		if res.Pairs[i].Cluster == 0 {
			ps = append(ps, &res.Pairs[i])
		}
	}
	return ps
}

// writeDocs writes files (path relative to a new temporary directory → text) and returns the directory.
func writeDocs(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func renderHTML(t testing.TB, res *pipeline.Result, opts HTMLOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := HTML(&buf, res, opts); err != nil {
		t.Fatalf("HTML: %v", err)
	}
	return buf.Bytes()
}

// page is what the tests read back from a rendered report.
type page struct {
	root  *html.Node
	marks []pageMark
	texts map[string]string // "p3-a" → text content of the pane
	pairs []int             // data-pair of each details.pair, in order
}

type pageMark struct {
	pair    int
	side    string
	passage int
	id      string
	text    string
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func elements(root *html.Node, a atom.Atom) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == a {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// parsePage parses a report as a browser would (x/net/html keeps a <template>'s content as its
// children, so pairs not yet opened are read too).
func parsePage(t testing.TB, b []byte) *page {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse html: %v", err)
	}
	p := &page{root: root, texts: map[string]string{}}
	var walk func(n *html.Node, pair int, side string)
	walk = func(n *html.Node, pair int, side string) {
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.Details && attr(n, "class") == "pair":
				pair, _ = strconv.Atoi(attr(n, "data-pair"))
				p.pairs = append(p.pairs, pair)
			case n.DataAtom == atom.Div && attr(n, "class") == "text":
				side = attr(n, "data-side")
				p.texts[attr(n, "id")] = textOf(n)
			case n.DataAtom == atom.Mark:
				k, err := strconv.Atoi(attr(n, "data-passage"))
				if err != nil {
					t.Errorf("mark %q: data-passage %q", attr(n, "id"), attr(n, "data-passage"))
				}
				p.marks = append(p.marks, pageMark{pair: pair, side: side, passage: k, id: attr(n, "id"), text: textOf(n)})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, pair, side)
		}
	}
	walk(root, 0, "")
	return p
}

// checkPassages checks that every passage of the first shown pairs is highlighted on both sides:
// a mark with id pN-S-K starts it, and the marks with data-passage=K on that side hold exactly the
// passage's text; and that each pane holds the document's whole text, unchanged.
func checkPassages(t *testing.T, res *pipeline.Result, p *page, shown int) {
	t.Helper()
	type key struct {
		pair int
		side string
		k    int
	}
	got := map[key]string{}
	ids := map[string]bool{}
	for _, m := range p.marks {
		got[key{m.pair, m.side, m.passage}] += m.text
		if m.id != "" {
			if ids[m.id] {
				t.Errorf("id %q used twice", m.id)
			}
			ids[m.id] = true
			if want := fmt.Sprintf("p%d-%s-%d", m.pair, m.side, m.passage); m.id != want {
				t.Errorf("mark id %q, want %q", m.id, want)
			}
		}
	}
	checked := 0
	for i, pr := range pairOrder(res) {
		n := i + 1
		if n > shown {
			break
		}
		for side, id := range map[string]string{"a": pr.A, "b": pr.B} {
			text, err := res.Text(id)
			if err != nil {
				t.Fatal(err)
			}
			if pane := p.texts[fmt.Sprintf("p%d-%s", n, side)]; pane != text {
				t.Errorf("pair %d side %s: pane text differs from Text(%q)\n got %q\nwant %q", n, side, id, pane, text)
			}
			for k, q := range pr.Passages {
				want := q.AText
				if side == "b" {
					want = q.BText
				}
				if !ids[fmt.Sprintf("p%d-%s-%d", n, side, k+1)] {
					t.Errorf("pair %d (%s ~ %s): no mark p%d-%s-%d", n, pr.A, pr.B, n, side, k+1)
				}
				if g := got[key{n, side, k + 1}]; g != want {
					t.Errorf("pair %d side %s passage %d: marks hold %q, want %q", n, side, k+1, g, want)
				}
				checked++
			}
		}
	}
	if checked == 0 && shown > 0 {
		t.Errorf("no passage checked")
	}
}

func TestHTMLSample(t *testing.T) {
	res := scan(t, pipeline.Options{}, sampleDir)
	out := renderHTML(t, res, HTMLOptions{})
	p := parsePage(t, out)
	if len(p.pairs) != res.Stats.Pairs {
		t.Errorf("%d pairs rendered, want %d", len(p.pairs), res.Stats.Pairs)
	}
	checkPassages(t, res, p, res.Stats.Pairs)
	// Accents and curly quotes of the originals survive, as characters.
	for _, s := range []string{"São Cristóvão", "Valdés-Muñoz", "“We were told nothing", "pier’s"} {
		if !bytes.Contains(out, []byte(s)) {
			t.Errorf("report lacks %q", s)
		}
	}
	if !bytes.Contains(out, []byte("white-space: pre-wrap")) {
		t.Errorf("texts are not shown with white-space: pre-wrap")
	}
	if got := renderHTML(t, res, HTMLOptions{}); !bytes.Equal(got, out) {
		t.Errorf("two renderings of one result differ")
	}
}

// TestHTMLSelfContained checks that the page asks for nothing over the network.
func TestHTMLSelfContained(t *testing.T) {
	res := scan(t, pipeline.Options{}, sampleDir)
	p := parsePage(t, renderHTML(t, res, HTMLOptions{}))
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Link, atom.Img, atom.Iframe, atom.Object, atom.Embed, atom.Video, atom.Audio, atom.Source:
				t.Errorf("page holds a <%s> element", n.Data)
			}
			for _, a := range n.Attr {
				if a.Key == "src" || (a.Key == "href" && n.DataAtom != atom.A) {
					t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.root)
	for _, st := range elements(p.root, atom.Style) {
		if css := textOf(st); strings.Contains(css, "url(") || strings.Contains(css, "@import") {
			t.Errorf("style loads a resource")
		}
	}
}

// TestHTMLScriptAllowedByHash checks that the Content-Security-Policy allows exactly the page's
// one script: if the two drifted apart, the page would silently lose its script.
func TestHTMLScriptAllowedByHash(t *testing.T) {
	res := scan(t, pipeline.Options{}, sampleDir)
	p := parsePage(t, renderHTML(t, res, HTMLOptions{}))
	scripts := elements(p.root, atom.Script)
	if len(scripts) != 1 {
		t.Fatalf("%d scripts, want 1", len(scripts))
	}
	sum := sha256.Sum256([]byte(textOf(scripts[0])))
	want := "script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	var csp string
	for _, m := range elements(p.root, atom.Meta) {
		if attr(m, "http-equiv") == "Content-Security-Policy" {
			csp = attr(m, "content")
		}
	}
	if !strings.Contains(csp, want) || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy %q, want default-src 'none' and %s", csp, want)
	}
}

// TestHTMLEscapes renders the sample's pair of articles that quote script and onerror markup, and
// a corpus whose ids, sources, titles and texts are all hostile: none of it may become markup.
func TestHTMLEscapes(t *testing.T) {
	hostile := "<em>\"source'"
	dir := writeDocs(t, map[string]string{
		filepath.Join(hostile, `x"><img src=x onerror=alert(2)>.txt`): "</script><script>alert(3)</script> headline\n\n" + quote40 + " " + filler(1),
		filepath.Join(hostile, "plain.txt"):                           "A quiet headline\n\n" + filler(2) + " " + quote40 + " ]]></template></details><svg onload=alert(4)>",
	})
	doc := func(id, title string, words ...string) string {
		b, err := json.Marshal(map[string]string{"id": id, "source": hostile, "title": title,
			"url": "javascript:alert(5)", "published": "2024-03-05", "text": strings.Join(words, " ")})
		if err != nil {
			t.Fatal(err)
		}
		return string(b) + "\n"
	}
	jsonl := writeDocs(t, map[string]string{"docs.jsonl": doc(`<em>1</em>`, `<u>"report"</u>`, filler(1), quote40) +
		doc(`"><img src=x onerror=alert(2)>`, "</script><script>alert(3)</script>", quote40, filler(2),
			"</template></details><svg onload=alert(4)>")})
	for _, tc := range []struct {
		name   string
		inputs []string
	}{
		{"sample", []string{sampleDir}},
		{"hostile", []string{dir}},
		{"hostile-jsonl", []string{filepath.Join(jsonl, "docs.jsonl")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := scan(t, pipeline.Options{}, tc.inputs...)
			if res.Stats.Pairs == 0 {
				t.Fatalf("no related pair in %s", tc.name)
			}
			out := renderHTML(t, res, HTMLOptions{Title: `<u>"report"</u>`})
			for _, raw := range []string{"<script>alert", "<img", "<svg", "</template></details>", "<u>", "<em>"} {
				if bytes.Contains(out, []byte(raw)) {
					i := bytes.Index(out, []byte(raw))
					t.Errorf("raw %q in output: …%s…", raw, out[max(0, i-80):min(len(out), i+80)])
				}
			}
			p := parsePage(t, out)
			if n := len(elements(p.root, atom.Script)); n != 1 {
				t.Errorf("%d <script> elements, want our 1", n)
			}
			for _, a := range []atom.Atom{atom.Img, atom.Svg, atom.U, atom.Em} {
				if n := len(elements(p.root, a)); n != 0 {
					t.Errorf("%d <%s> elements, want 0", n, a)
				}
			}
			var walk func(*html.Node)
			walk = func(n *html.Node) {
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") || strings.Contains(a.Val, "javascript:") {
						t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(p.root)
			// The payloads are there, as text.
			all := textOf(p.root)
			want := xssPayloads
			if tc.name != "sample" {
				want = []string{"</script><script>alert(3)</script>", "</template></details><svg onload=alert(4)>", hostile, `<u>"report"</u>`}
			}
			for _, s := range want {
				if !strings.Contains(all, s) {
					t.Errorf("text %q not shown", s)
				}
			}
			checkPassages(t, res, p, res.Stats.Pairs)
		})
	}
}

// quote40 is a 40-word passage for hand-made corpora.
const quote40 = "The harbour board agreed on Tuesday night to spend four hundred thousand pounds rebuilding the " +
	"north pier before winter, after engineers warned that two of its oldest timber piles could give way " +
	"under the weight of a loaded delivery van."

// filler returns 60 words of text that differ with seed.
func filler(seed int) string {
	words := strings.Fields("apple birch cedar dune elm fern grove heath iris juniper kelp larch moss nettle oak pine quince reed sorrel thyme")
	var b strings.Builder
	for i := range 60 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[(i*7+seed*3+i*i*seed)%len(words)])
		b.WriteString(strconv.Itoa(seed))
	}
	return b.String() + "."
}

func TestHTMLMaxPairs(t *testing.T) {
	res := scan(t, pipeline.Options{}, sampleDir)
	total := res.Stats.Pairs
	for _, tc := range []struct {
		max, shown int
	}{
		{0, total},
		{total, total},
		{total + 10, total},
		{3, 3},
		{1, 1},
		{-1, 0},
	} {
		t.Run(strconv.Itoa(tc.max), func(t *testing.T) {
			out := renderHTML(t, res, HTMLOptions{MaxPairs: tc.max})
			p := parsePage(t, out)
			if want := seq(tc.shown); !slices.Equal(p.pairs, want) {
				t.Errorf("pairs rendered %v, want %v", p.pairs, want)
			}
			checkPassages(t, res, p, tc.shown)
			left := total - tc.shown
			note := fmt.Sprintf("%d of %d pairs are listed without their texts", left, total)
			if got := bytes.Contains(out, []byte(note)); got != (left > 0) {
				t.Errorf("note %q shown: %v, want %v", note, got, left > 0)
			}
			// Every pair is still listed in the overview; those left out are not linked.
			if got := bytes.Count(out, []byte(`<span class="n">#`)); got != total {
				t.Errorf("overview lists %d pairs, want %d", got, total)
			}
			if got := bytes.Count(out, []byte("(text not included)")); got != left {
				t.Errorf("%d pairs marked as not included, want %d", got, left)
			}
			for n := 1; n <= total; n++ {
				link := fmt.Sprintf(`href="#pair-%d"`, n)
				if got := bytes.Contains(out, []byte(link)); got != (n <= tc.shown) {
					t.Errorf("link to pair %d: %v, want %v", n, got, n <= tc.shown)
				}
			}
		})
	}
}

func seq(n int) []int {
	var s []int
	for i := 1; i <= n; i++ {
		s = append(s, i)
	}
	return s
}

// TestHTMLOverlap covers passages that overlap on one side: a quote that one article prints twice
// (two passages on the same words of the other), and passages changed by hand to overlap in part,
// nest, coincide, and start inside a multi-byte character.
func TestHTMLOverlap(t *testing.T) {
	dir := writeDocs(t, map[string]string{
		"once.txt":  "Pier to be rebuilt\n\n" + filler(1) + "\n\n“" + quote40 + "” said the chair.\n\n" + filler(2),
		"twice.txt": "Board backs pier plan\n\n" + filler(3) + "\n\n“" + quote40 + "”\n\n" + filler(4) + "\n\nAgain: “" + quote40 + "”\n\n" + filler(5),
	})
	res := scan(t, pipeline.Options{}, dir)
	if len(res.Clusters) != 1 || len(res.Clusters[0].Pairs) != 1 {
		t.Fatalf("want one cluster of one pair, got %+v", res.Clusters)
	}
	pr := &res.Clusters[0].Pairs[0]
	if len(pr.Passages) < 2 {
		t.Fatalf("want the quote twice, got %d passages", len(pr.Passages))
	}
	t.Run("quoted-twice", func(t *testing.T) {
		checkPassages(t, res, parsePage(t, renderHTML(t, res, HTMLOptions{})), 1)
	})

	textA, _ := res.Text(pr.A)
	textB, _ := res.Text(pr.B)
	q := pr.Passages[0]
	mid := (q.AStart + q.AEnd) / 2
	add := func(a0, a1, b0, b1 int) {
		pr.Passages = append(pr.Passages, pipeline.Passage{AStart: a0, AEnd: a1, BStart: b0, BEnd: b1,
			AText: textA[a0:a1], BText: textB[b0:b1], Words: 1})
	}
	add(mid, q.AEnd+20, q.BStart, q.BStart+30)            // overlaps the quote in part, crosses its end
	add(q.AStart+5, q.AStart+25, q.BStart+5, q.BStart+25) // nested in the quote on both sides
	add(q.AStart, q.AEnd, q.BStart, q.BEnd)               // the same spans as the first passage
	i := strings.Index(textA, "“")                        // a three-byte character
	add(i, i+3+20, 0, 10)                                 // starts at the curly quote
	checkPassages(t, res, parsePage(t, renderHTML(t, res, HTMLOptions{})), 1)
}

func TestSegments(t *testing.T) {
	type m = mark
	for _, tc := range []struct {
		name  string
		text  string
		spans [][2]int
		want  []segment
	}{
		{"none", "abc", nil, []segment{{Text: "abc"}}},
		{"whole", "abc", [][2]int{{0, 3}}, []segment{{Text: "abc", Marks: []m{{1, "x1", false}}}}},
		{"middle", "abcdef", [][2]int{{2, 4}}, []segment{{Text: "ab"}, {Text: "cd", Marks: []m{{1, "x1", false}}}, {Text: "ef"}}},
		{"overlap", "abcdef", [][2]int{{1, 4}, {3, 6}}, []segment{
			{Text: "a"}, {Text: "bc", Marks: []m{{1, "x1", false}}}, {Text: "d", Marks: []m{{1, "", false}, {2, "x2", false}}}, {Text: "ef", Marks: []m{{2, "", false}}}}},
		{"nested", "abcdef", [][2]int{{0, 6}, {2, 3}}, []segment{
			{Text: "ab", Marks: []m{{1, "x1", false}}}, {Text: "c", Marks: []m{{1, "", false}, {2, "x2", false}}}, {Text: "def", Marks: []m{{1, "", false}}}}},
		{"same", "abc", [][2]int{{1, 2}, {1, 2}}, []segment{{Text: "a"}, {Text: "b", Marks: []m{{1, "x1", false}, {2, "x2", false}}}, {Text: "c"}}},
		{"empty", "abc", [][2]int{{1, 1}}, []segment{{Text: "a"}, {Marks: []m{{1, "x1", false}}}, {Text: "bc"}}},
		{"clamped", "abc", [][2]int{{-4, 1}, {2, 99}}, []segment{{Text: "a", Marks: []m{{1, "x1", false}}}, {Text: "b"}, {Text: "c", Marks: []m{{2, "x2", false}}}}},
		{"reversed", "abc", [][2]int{{2, 1}}, []segment{{Text: "ab"}, {Marks: []m{{1, "x1", false}}}, {Text: "c"}}},
		// "é" is two bytes and "’" three: a span cutting into one widens to take it whole.
		{"utf8", "é’x", [][2]int{{1, 4}}, []segment{{Text: "é’", Marks: []m{{1, "x1", false}}}, {Text: "x"}}},
		{"empty-text", "", [][2]int{{0, 0}}, []segment{{Marks: []m{{1, "x1", false}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := segments(tc.text, tc.spans, "x")
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("segments(%q, %v) = %v, want %v", tc.text, tc.spans, got, tc.want)
			}
			var b strings.Builder
			for _, s := range got {
				b.WriteString(s.Text)
			}
			if b.String() != tc.text {
				t.Errorf("segments(%q, %v) joined = %q", tc.text, tc.spans, b.String())
			}
		})
	}
}

func TestHTMLEmpty(t *testing.T) {
	res := scan(t, pipeline.Options{}, writeDocs(t, map[string]string{"a.txt": filler(1), "b.txt": filler(2)}))
	out := renderHTML(t, res, HTMLOptions{})
	if !bytes.Contains(out, []byte("No related articles")) {
		t.Errorf("empty report does not say so")
	}
	if p := parsePage(t, out); len(p.pairs) != 0 {
		t.Errorf("pairs rendered: %v", p.pairs)
	}
}

// A result that cannot give back its texts (built by hand, or closed) is an error, not a page
// with empty texts.
func TestHTMLNoTexts(t *testing.T) {
	res := &pipeline.Result{Clusters: []pipeline.Cluster{{Number: 1, Kind: pipeline.KindSyndicated,
		Members: []pipeline.Member{{ID: "a"}, {ID: "b"}}, Pairs: []pipeline.Pair{{A: "a", B: "b", Relation: pipeline.NearDuplicate}}}}}
	err := HTML(&bytes.Buffer{}, res, HTMLOptions{})
	if err == nil || !regexp.MustCompile(`pair 1: .*"a"`).MatchString(err.Error()) {
		t.Errorf("HTML of a result without texts: error %v, want one naming pair 1 and document a", err)
	}
	if err := HTML(&bytes.Buffer{}, res, HTMLOptions{MaxPairs: -1}); err != nil {
		t.Errorf("HTML with MaxPairs -1 (no texts needed): %v", err)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 19043: "19,043", 1234567: "1,234,567", -1500: "-1,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	res := scan(b, pipeline.Options{}, sampleDir)
	var buf bytes.Buffer
	if err := HTML(&buf, res, HTMLOptions{}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := HTML(&buf, res, HTMLOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Stats.Pairs)*float64(b.N)/b.Elapsed().Seconds(), "pairs/s")
}

// byID indexes the elements of a page by id, <template> contents included.
func byID(root *html.Node) map[string]*html.Node {
	ids := map[string]*html.Node{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if id := attr(n, "id"); id != "" {
				ids[id] = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return ids
}

// hasClass reports whether element n has class c.
func hasClass(n *html.Node, c string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), c)
}

// children returns the element children of n with tag a.
func children(n *html.Node, a atom.Atom) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			out = append(out, c)
		}
	}
	return out
}

var occHref = regexp.MustCompile(`^#p(\d+)-([ab])-(\d+)$`)

// TestHTMLSharedPassages checks that each shared passage, of a cluster or of documents in no
// story, is on the page once, with one entry per occurrence, and that each occurrence links to a
// passage of a pair shown whose document on that side is the occurrence's and whose passage
// there overlaps it; that every link of the page has its target; and that hubs and linked
// documents are listed.
func TestHTMLSharedPassages(t *testing.T) {
	for _, tc := range []struct {
		name     string
		input    func(testing.TB) string
		maxPairs int
		rewrite  bool
	}{
		{"sample", fixed(sampleDir), 0, false},
		{"sample-capped", fixed(sampleDir), 2, false},
		{"digest", fixed(digestFile), 0, false},
		{"digest-capped", fixed(digestFile), 8, false},
		{"outlets30", fixed(outlets30File), 0, false},
		{"outlets30-capped", fixed(outlets30File), 20, false},
		{"loose", looseDocs, 0, false},
		{"reworded", reworded, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := scan(t, pipeline.Options{NoRewrite: !tc.rewrite}, tc.input(t))
			rewritten := 0
			out := renderHTML(t, res, HTMLOptions{MaxPairs: tc.maxPairs})
			p := parsePage(t, out)
			ids := byID(p.root)
			order := pairOrder(res)
			shown := len(order)
			if tc.maxPairs > 0 {
				shown = min(shown, tc.maxPairs)
			}
			if !slices.Equal(p.pairs, seq(shown)) {
				t.Errorf("pairs shown %v, want %v", p.pairs, seq(shown))
			}
			checkPassages(t, res, p, shown)

			// every in-page link has its target (pairs' passages are in <template>s, which the
			// script turns into DOM when the link opens the pair)
			for _, a := range elements(p.root, atom.A) {
				if h := attr(a, "href"); strings.HasPrefix(h, "#") && ids[h[1:]] == nil {
					t.Errorf("link %q: no element has that id", h)
				}
			}
			linked, unlinked := 0, 0
			check := func(anchor string, sp *pipeline.SharedPassage) {
				li := ids[anchor]
				if li == nil {
					t.Errorf("no shared passage %s", anchor)
					return
				}
				if n := strings.Count(string(out), `id="`+anchor+`"`); n != 1 {
					t.Errorf("shared passage %s on the page %d times", anchor, n)
				}
				docs := map[string]bool{}
				for _, o := range sp.Occurrences {
					docs[o.ID] = true
				}
				if want := fmt.Sprintf("in %d article", len(docs)); !strings.Contains(textOf(li), want) {
					t.Errorf("%s: %q lacks %q", anchor, textOf(li), want)
				}
				if head := textOf(children(li, atom.Div)[0]); strings.Contains(head, "rewritten") != (sp.Match == pipeline.Rewritten) {
					t.Errorf("%s (%s): %q, want it marked rewritten only if it is", anchor, sp.Match, head)
				} else if sp.Match == pipeline.Rewritten {
					rewritten++
				}
				var occ []*html.Node
				for _, ul := range children(li, atom.Ul) {
					occ = append(occ, children(ul, atom.Li)...)
				}
				if len(occ) != len(sp.Occurrences) {
					t.Fatalf("%s: %d occurrences listed, want %d", anchor, len(occ), len(sp.Occurrences))
				}
				for i, o := range sp.Occurrences {
					if !strings.HasPrefix(textOf(occ[i]), o.ID) {
						t.Errorf("%s occurrence %d: %q, want %s first", anchor, i, textOf(occ[i]), o.ID)
					}
					var href string
					for _, a := range elements(occ[i], atom.A) {
						if hasClass(a, "occ-link") {
							href = attr(a, "href")
						}
					}
					if href == "" {
						unlinked++
						continue
					}
					linked++
					m := occHref.FindStringSubmatch(href)
					if m == nil {
						t.Errorf("%s occurrence %d: link %q", anchor, i, href)
						continue
					}
					n, _ := strconv.Atoi(m[1])
					k, _ := strconv.Atoi(m[3])
					if n < 1 || n > shown {
						t.Errorf("%s occurrence %d: link %q to a pair not shown", anchor, i, href)
						continue
					}
					pr := order[n-1]
					if k < 1 || k > len(pr.Passages) {
						t.Errorf("%s occurrence %d: link %q: pair %d has %d passages", anchor, i, href, n, len(pr.Passages))
						continue
					}
					q := pr.Passages[k-1]
					doc, start, end := pr.A, q.AStart, q.AEnd
					if m[2] == "b" {
						doc, start, end = pr.B, q.BStart, q.BEnd
					}
					if doc != o.ID || end <= o.Start || o.End <= start {
						t.Errorf("%s occurrence %d (%s %d–%d): link %q holds %s %d–%d", anchor, i, o.ID, o.Start, o.End, href, doc, start, end)
					}
				}
			}
			for _, c := range res.Clusters {
				card := ids[fmt.Sprintf("cluster-%d", c.Number)]
				if card == nil {
					t.Fatalf("no cluster %d", c.Number)
				}
				var entries int
				for _, ul := range elements(card, atom.Ul) {
					if hasClass(ul, "passages") {
						entries += len(children(ul, atom.Li))
					}
				}
				if entries != len(c.Passages) {
					t.Errorf("cluster %d: %d shared passages listed, want %d", c.Number, entries, len(c.Passages))
				}
				for i := range c.Passages {
					check(fmt.Sprintf("cluster-%d-passage-%d", c.Number, c.Passages[i].Number), &c.Passages[i])
				}
			}
			for i := range res.Passages {
				check(fmt.Sprintf("passage-%d", res.Passages[i].Number), &res.Passages[i])
			}
			if tc.maxPairs == 0 && unlinked != 0 {
				t.Errorf("%d occurrences without a link, with every pair shown", unlinked)
			}
			if linked == 0 {
				t.Errorf("no occurrence linked")
			}
			if tc.rewrite && rewritten == 0 {
				t.Errorf("no rewritten shared passage marked rewritten")
			}
			for _, kind := range []struct {
				prefix string
				hubs   []pipeline.Hub
			}{{"hub", res.Hubs}, {"linked", res.Linked}} {
				for i, h := range kind.hubs {
					card := ids[fmt.Sprintf("%s-%d", kind.prefix, i+1)]
					if card == nil || !strings.Contains(textOf(card), h.Member.ID) {
						t.Errorf("%s %d (%s) not listed", kind.prefix, i+1, h.Member.ID)
						continue
					}
					for _, l := range h.Links {
						if !strings.Contains(textOf(card), l.ID) {
							t.Errorf("%s %s: link to %s not listed", kind.prefix, h.Member.ID, l.ID)
						}
					}
				}
			}
			// every pair is listed once in the overview: a cluster's under it, the others under Links
			if got := bytes.Count(out, []byte(`<span class="n">#`)); got != len(order) {
				t.Errorf("overview lists %d pairs, want %d", got, len(order))
			}
		})
	}
}

// TestHoldersFind: an occurrence links to the pair passage that is an occurrence of the same
// shared passage, even when a passage of another overlaps it more; with passages not numbered,
// to the one that overlaps it most; and only to pairs shown.
func TestHoldersFind(t *testing.T) {
	xy := &pipeline.Pair{A: "x", B: "y", Passages: []pipeline.Passage{
		{AStart: 0, AEnd: 300, BStart: 0, BEnd: 300, Shared: 2},     // overlaps [250, 400) by 50
		{AStart: 390, AEnd: 400, BStart: 390, BEnd: 400, Shared: 1}, // inside it, 10
	}}
	zx := &pipeline.Pair{A: "z", B: "x", Passages: []pipeline.Passage{{AStart: 5, AEnd: 25, BStart: 250, BEnd: 330, Shared: 1}}}
	pn := pairNumbers{pairs: []*pipeline.Pair{xy, zx}, number: map[[2]string]int{{"x", "y"}: 1, {"z", "x"}: 2}}
	occ := pipeline.Occurrence{ID: "x", Start: 250, End: 400}
	for _, tc := range []struct {
		name   string
		shown  int
		number int
		want   string
	}{
		{"numbered", 2, 1, "2 b 1"},           // zx overlaps by 80, xy's passage 2 (shared 1) by 10
		{"numbered-one-shown", 1, 1, "1 a 2"}, // zx not shown: xy's passage of shared passage 1
		{"unnumbered", 2, 0, "2 b 1"},         // the most overlap
		{"unnumbered-one-shown", 1, 0, "1 a 1"},
		{"other-number", 2, 3, "0  0"},
		{"none-shown", 0, 1, "0  0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHolders(tc.shown, pn)
			h.add(xy)
			h.add(zx)
			n, side, k := h.find(occ, tc.number)
			if got := fmt.Sprintf("%d %s %d", n, side, k); got != tc.want {
				t.Errorf("find(%v, %d) = %s, want %s", occ, tc.number, got, tc.want)
			}
		})
	}
}

// A member in none of its cluster's pairs (joined by a shared passage alone) is marked so, and
// the others are not.
func TestHTMLJoinedMember(t *testing.T) {
	res := &pipeline.Result{Clusters: []pipeline.Cluster{{Number: 1, Kind: pipeline.KindStory,
		Members: []pipeline.Member{{ID: "a"}, {ID: "b"}, {ID: "joined-c"}},
		Pairs:   []pipeline.Pair{{A: "a", B: "b", Relation: pipeline.Reuse, Story: "context"}}}}}
	var out bytes.Buffer
	if err := HTML(&out, res, HTMLOptions{MaxPairs: -1}); err != nil {
		t.Fatal(err)
	}
	marked := badgedMembers(out.String(), "joined by a passage", "a", "b", "joined-c")
	if len(marked) != 3 || !marked["joined-c"] || marked["a"] || marked["b"] {
		t.Errorf("members marked joined: %v, want joined-c alone of a, b, joined-c", marked)
	}
}

// Members whose pairs relate them to none of the cluster's largest part (a small story joined by
// a shared passage) are marked so, and the others are not.
func TestHTMLJoinedPart(t *testing.T) {
	ids := []string{"a", "b", "c", "d", "e"}
	var members []pipeline.Member
	for _, id := range ids {
		members = append(members, pipeline.Member{ID: id})
	}
	res := &pipeline.Result{Clusters: []pipeline.Cluster{{Number: 1, Kind: pipeline.KindStory, Members: members,
		Pairs: []pipeline.Pair{{A: "a", B: "b", Relation: pipeline.Reuse, Story: "context"}, {A: "b", B: "c", Relation: pipeline.Reuse, Story: "context"},
			{A: "d", B: "e", Relation: pipeline.Reuse, Story: "context"}}}}}
	var out bytes.Buffer
	if err := HTML(&out, res, HTMLOptions{MaxPairs: -1}); err != nil {
		t.Fatal(err)
	}
	marked := badgedMembers(out.String(), "joined by a passage, with its pairs", ids...)
	want := map[string]bool{"a": false, "b": false, "c": false, "d": true, "e": true}
	if !maps.Equal(marked, want) {
		t.Errorf("members marked as a joined part: %v, want %v", marked, want)
	}
}

// badgedMembers returns, for each of ids listed among a page's cluster members, whether its row
// holds badge.
func badgedMembers(page, badge string, ids ...string) map[string]bool {
	marked := map[string]bool{}
	for _, r := range regexp.MustCompile(`(?s)<tr><td class="rep">.*?</tr>`).FindAllString(page, -1) {
		for _, id := range ids {
			if strings.Contains(r, `<span class="id">`+id+`</span>`) {
				marked[id] = strings.Contains(r, badge)
			}
		}
	}
	return marked
}
