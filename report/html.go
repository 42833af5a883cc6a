package report

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/neardup/neardup/pipeline"
)

// DefaultMaxPairs is the number of pairs an HTML report shows with their texts unless told
// otherwise: 500 pairs of Reuters-21578 articles (about 1 KB of text each) take 2.3 MB of page.
const DefaultMaxPairs = 500

// HTMLOptions tunes the HTML report. The zero value works.
type HTMLOptions struct {
	// MaxPairs caps the pairs shown side by side with their texts, in report order; the pairs
	// beyond it are listed in the overview without their texts, and the page says how many were
	// left out. Default DefaultMaxPairs (500); negative shows no texts at all.
	MaxPairs int
	// Title of the page; default "neardup report".
	Title string
	// Timestamp, if set, is shown under the title ("generated ..."); pages are otherwise free of
	// timestamps, so that the same input gives the same bytes.
	Timestamp string
}

//go:embed html.tmpl
var htmlSource string

var (
	htmlTmpl = template.Must(template.New("html").Funcs(template.FuncMap{"num": thousands}).Parse(htmlSource))

	// htmlScript is the page's one script, kept as the text of the "script" template (never
	// executed as a template, so it must hold no actions) and inserted verbatim, so that the page's Content-Security-Policy can
	// allow exactly it by hash: a script or event handler smuggled in through an article would not
	// run even if escaping ever failed.
	htmlScript = template.JS(htmlTmpl.Lookup("script").Tree.Root.String())
	htmlCSP    = "default-src 'none'; script-src 'sha256-" + sha256Base64(string(htmlScript)) +
		"'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)

func sha256Base64(s string) string {
	h := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(h[:])
}

// HTML writes a self-contained page (inline CSS and script, no network requests): an overview of
// the counts and of every cluster with its members and pairs, then each related pair side by side
// with every shared passage highlighted in both texts. Pairs are collapsed, and their texts turned
// into DOM only when opened; `#pair-N` opens pair N, `#pN-a-K` focuses its passage K, and
// `#open-all` opens every pair. Texts are read with res.Text.
func HTML(w io.Writer, res *pipeline.Result, opts HTMLOptions) error {
	if opts.MaxPairs == 0 {
		opts.MaxPairs = DefaultMaxPairs
	}
	opts.MaxPairs = max(opts.MaxPairs, 0)
	if opts.Title == "" {
		opts.Title = "neardup report"
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	page := overview(res, opts)
	if err := htmlTmpl.ExecuteTemplate(bw, "head", page); err != nil {
		return fmt.Errorf("write html overview: %w", err)
	}
	n := 0
pairs:
	for _, c := range res.Clusters {
		members := memberIndex(c)
		for _, p := range c.Pairs {
			if n == opts.MaxPairs {
				break pairs
			}
			n++
			hp, err := pairView(res, c.Number, n, p, members)
			if err != nil {
				return err
			}
			if err := htmlTmpl.ExecuteTemplate(bw, "pair", hp); err != nil {
				return fmt.Errorf("write html pair %d: %w", n, err)
			}
		}
	}
	if err := htmlTmpl.ExecuteTemplate(bw, "tail", page); err != nil {
		return fmt.Errorf("write html: %w", err)
	}
	return bw.Flush()
}

// htmlPage is the data of the page around the pairs.
type htmlPage struct {
	Title      string
	Timestamp  string
	CSP        string
	Script     template.JS
	Stats      pipeline.Stats
	Kinds      []htmlCount // clusters by kind
	Relations  []htmlCount // pairs by relation
	Clusters   []htmlCluster
	TotalPairs int
	Shown      int // pairs shown with their texts
	Left       int // pairs beyond MaxPairs
	MaxPairs   int
}

type htmlCount struct {
	Name string
	N    int
}

type htmlCluster struct {
	Number         int
	Kind           string
	Representative string
	Members        []htmlMember
	Pairs          []htmlPairRef
	Dates          bool // some member has a publication date
}

type htmlMember struct {
	ID, Source, Title, URL, Published string
	Words                             int
	Rep                               bool
}

// htmlPairRef is a pair as listed in the overview.
type htmlPairRef struct {
	N                    int
	A, B                 string
	Relation             string
	Jaccard, Containment string
	Passages             int
	Shown                bool // its texts are on the page
}

// htmlPair is a pair shown side by side.
type htmlPair struct {
	N                    int
	Cluster              int
	Relation             string
	Jaccard, Containment string
	Sides                [2]htmlSide
	Passages             []htmlPassage
}

type htmlSide struct {
	Side     string // "a" or "b"
	Member   htmlMember
	Coverage string       // "94%"
	Bar      template.CSS // the width of the coverage bar
	Segments []segment
}

type htmlPassage struct {
	N     int
	Words int
}

func overview(res *pipeline.Result, opts HTMLOptions) htmlPage {
	page := htmlPage{Title: opts.Title, Timestamp: opts.Timestamp, CSP: htmlCSP, Script: htmlScript, Stats: res.Stats, MaxPairs: opts.MaxPairs}
	kinds := map[string]int{}
	n := 0
	for _, c := range res.Clusters {
		kinds[c.Kind]++
		hc := htmlCluster{Number: c.Number, Kind: c.Kind, Representative: c.Representative}
		for _, m := range c.Members {
			hc.Members = append(hc.Members, member(m, c.Representative))
			hc.Dates = hc.Dates || !m.Published.IsZero()
		}
		for _, p := range c.Pairs {
			n++
			hc.Pairs = append(hc.Pairs, htmlPairRef{N: n, A: p.A, B: p.B, Relation: string(p.Relation),
				Jaccard: fixed2(p.Jaccard), Containment: fixed2(p.Containment), Passages: len(p.Passages),
				Shown: n <= opts.MaxPairs})
		}
		page.Clusters = append(page.Clusters, hc)
	}
	for _, k := range []string{pipeline.KindExact, pipeline.KindSyndicated, pipeline.KindStory} {
		page.Kinds = append(page.Kinds, htmlCount{k, kinds[k]})
	}
	for _, r := range []pipeline.Relation{pipeline.Exact, pipeline.NearDuplicate, pipeline.Reuse} {
		page.Relations = append(page.Relations, htmlCount{string(r), res.Stats.PairsBy[r]})
	}
	page.TotalPairs = n
	page.Shown = min(n, opts.MaxPairs)
	page.Left = n - page.Shown
	return page
}

func member(m pipeline.Member, rep string) htmlMember {
	return htmlMember{ID: m.ID, Source: m.Source, Title: m.Title, URL: m.URL, Published: Date(m.Published),
		Words: m.Words, Rep: m.ID == rep}
}

func memberIndex(c pipeline.Cluster) map[string]pipeline.Member {
	idx := make(map[string]pipeline.Member, len(c.Members))
	for _, m := range c.Members {
		idx[m.ID] = m
	}
	return idx
}

// pairView reads the two texts of pair number n and cuts them at every passage boundary.
func pairView(res *pipeline.Result, cluster, n int, p pipeline.Pair, members map[string]pipeline.Member) (htmlPair, error) {
	hp := htmlPair{N: n, Cluster: cluster, Relation: string(p.Relation), Jaccard: fixed2(p.Jaccard),
		Containment: fixed2(p.Containment)}
	for k, q := range p.Passages {
		hp.Passages = append(hp.Passages, htmlPassage{N: k + 1, Words: q.Words})
	}
	for i, id := range [2]string{p.A, p.B} {
		text, err := res.Text(id)
		if err != nil {
			return hp, fmt.Errorf("html pair %d: %w", n, err)
		}
		side, cov := "a", p.CoverageA
		spans := make([][2]int, len(p.Passages))
		for k, q := range p.Passages {
			spans[k] = [2]int{q.AStart, q.AEnd}
		}
		if i == 1 {
			side, cov = "b", p.CoverageB
			for k, q := range p.Passages {
				spans[k] = [2]int{q.BStart, q.BEnd}
			}
		}
		m, ok := members[id]
		if !ok {
			m = pipeline.Member{ID: id}
		}
		pct := 100 * round4(cov)
		hp.Sides[i] = htmlSide{Side: side, Member: member(m, ""),
			Coverage: strconv.FormatFloat(pct, 'f', 0, 64) + "%",
			Bar:      template.CSS("width:" + strconv.FormatFloat(pct, 'f', 2, 64) + "%"),
			Segments: segments(text, spans, fmt.Sprintf("p%d-%s-", n, side))}
	}
	return hp, nil
}

// segment is a piece of a text between two consecutive passage boundaries, with the passages
// that cover it in passage order (the first is the outer element).
type segment struct {
	Text  string
	Marks []mark
}

// mark is one passage covering a segment.
type mark struct {
	N  int    // passage number, from 1
	ID string // on the passage's first segment only: prefix + N, the target of its twin's link
}

// segments cuts text at every boundary of spans, byte offsets [start, end) numbered from 1, so
// that overlapping passages render as nested marks: a segment inside passages 2 and 3 is
// <mark 2><mark 3>text</mark></mark>. Offsets are clamped to the text and widened to whole UTF-8
// sequences; an empty span still gets an empty mark, so that every passage has an element on
// every side.
func segments(text string, spans [][2]int, idPrefix string) []segment {
	fix := func(x, step int) int {
		x = min(max(x, 0), len(text))
		for x > 0 && x < len(text) && !utf8.RuneStart(text[x]) {
			x += step
		}
		return x
	}
	sp := make([][2]int, len(spans))
	cuts := []int{0, len(text)}
	for k, s := range spans {
		a := fix(s[0], -1)
		b := max(a, fix(s[1], +1))
		sp[k] = [2]int{a, b}
		cuts = append(cuts, a, b)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	started := make([]bool, len(sp))
	open := func(k int) mark {
		m := mark{N: k + 1}
		if !started[k] {
			started[k] = true
			m.ID = idPrefix + strconv.Itoa(k+1)
		}
		return m
	}
	var out []segment
	for i, x := range cuts {
		for k, s := range sp {
			if s[0] == x && s[1] == x {
				out = append(out, segment{Marks: []mark{open(k)}})
			}
		}
		if i+1 == len(cuts) {
			break
		}
		y := cuts[i+1]
		seg := segment{Text: text[x:y]}
		for k, s := range sp {
			if s[0] <= x && y <= s[1] {
				seg.Marks = append(seg.Marks, open(k))
			}
		}
		out = append(out, seg)
	}
	return out
}

// fixed2 formats a ratio with two decimals, as the text report shows it.
func fixed2(x float64) string { return strconv.FormatFloat(round4(x), 'f', 2, 64) }

// thousands groups the digits of n by three: 19043 → "19,043".
func thousands(n int) string {
	if n < 0 {
		return "-" + thousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
