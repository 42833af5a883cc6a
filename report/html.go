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
// the counts; every cluster with its members, its shared passages (each once, with a link to
// each of its occurrences) and pairs, and the documents outside it that share passages with it;
// the hubs; the pairs that only link; the shared passages of documents in no story; then each
// related pair side by side with every shared passage highlighted in both texts. Pairs are
// collapsed, and their texts turned into DOM only when opened; `#pair-N` opens pair N, `#pN-a-K`
// (or -b-) focuses its passage K, and `#open-all` opens every pair. An occurrence links to
// `#pN-S-K` of a pair shown that holds it, document on side S. Pairs are numbered clusters' pairs
// first, in report order, then the pairs that link (Result.Pairs in no cluster). Texts are read
// with res.Text.
func HTML(w io.Writer, res *pipeline.Result, opts HTMLOptions) error {
	if opts.MaxPairs == 0 {
		opts.MaxPairs = DefaultMaxPairs
	}
	opts.MaxPairs = max(opts.MaxPairs, 0)
	if opts.Title == "" {
		opts.Title = "neardup report"
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	views := numberPairs(res)
	page, err := overview(res, opts, views)
	if err != nil {
		return err
	}
	if err := htmlTmpl.ExecuteTemplate(bw, "head", page); err != nil {
		return fmt.Errorf("write html overview: %w", err)
	}
	members := resultMembers(res)
	for n, p := range views.pairs[:page.Shown] {
		hp, err := pairView(res, n+1, p, members, views.places)
		if err != nil {
			return err
		}
		if err := htmlTmpl.ExecuteTemplate(bw, "pair", hp); err != nil {
			return fmt.Errorf("write html pair %d: %w", n+1, err)
		}
	}
	if err := htmlTmpl.ExecuteTemplate(bw, "tail", page); err != nil {
		return fmt.Errorf("write html: %w", err)
	}
	return bw.Flush()
}

// pairNumbers numbers every related pair of a result once: the clusters' pairs in report order,
// then the pairs in no cluster, in input order.
type pairNumbers struct {
	pairs  []*pipeline.Pair
	number map[[2]string]int // a, b → number, from 1
	places places
}

func numberPairs(res *pipeline.Result) pairNumbers {
	pn := pairNumbers{number: map[[2]string]int{}, places: placesOf(res)}
	add := func(p *pipeline.Pair) {
		pn.pairs = append(pn.pairs, p)
		pn.number[[2]string{p.A, p.B}] = len(pn.pairs)
	}
	for i := range res.Clusters {
		for j := range res.Clusters[i].Pairs {
			add(&res.Clusters[i].Pairs[j])
		}
	}
	for i := range res.Pairs {
		if p := &res.Pairs[i]; p.Cluster == 0 {
			add(p)
		}
	}
	return pn
}

// of returns the number of pair p (a copy of one of the result's pairs), 0 if it has none.
func (pn pairNumbers) of(p *pipeline.Pair) int { return pn.number[[2]string{p.A, p.B}] }

// htmlPage is the data of the page around the pairs.
type htmlPage struct {
	Title      string
	Timestamp  string
	CSP        string
	Script     template.JS
	Stats      pipeline.Stats
	Kinds      []htmlCount // clusters by kind
	Relations  []htmlCount // pairs by relation
	Edges      []htmlCount // story edges by reason
	EdgeTotal  int
	Clusters   []htmlCluster
	Hubs       []htmlHub     // found by the hub rule
	Linked     []htmlHub     // the other documents in no story with links
	Linking    []htmlPairRef // the pairs in no cluster
	Passages   []htmlShared  // of documents in no story
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
	Passages       []htmlShared
	Pairs          []htmlPairRef
	Links          []htmlLink
	Dates          bool // some member has a publication date
	Spread         []htmlSpreadItem
	FirstUndecided bool // several members tie for first
	Tied           bool // some members share a rank
}

type htmlMember struct {
	ID, Source, Title, URL, Published string
	Author                            string // "" when unknown
	Words                             int
	Rep                               bool
	Hub                               bool // the hub rule found it compiles several stories
	Earlier                           bool // indexed, of the earlier story the cluster continues (pipeline.JoinEarlier)
	Joined                            bool // in none of its cluster's pairs: joined by a shared passage alone
	JoinedPart                        bool // its pairs relate it to none of the cluster's largest part (joinedParts): a small story joined by a shared passage
}

// htmlPairRef is a pair as listed in the overview.
type htmlPairRef struct {
	N                    int
	A, B                 string
	Relation             string
	Story                string // why it is a story edge; "" for a link
	Jaccard, Containment string
	Passages             int
	Shown                bool   // its texts are on the page
	Arrow                string // → when A is the likely origin, ← when B is, ~ when undecided
}

// htmlShared is a shared passage, once, with its occurrences.
type htmlShared struct {
	Anchor      string // the element id of its entry
	Number      int
	Words       int
	Articles    int  // documents it occurs in
	Rewritten   bool // a rewritten passage of one pair: its two sides in other words
	Quote       string
	Occurrences []htmlOccurrence
}

// htmlOccurrence is where a shared passage occurs, linked to a pair shown that holds it there.
type htmlOccurrence struct {
	ID    string
	Place htmlPlace // where the document is, when not in the passage's cluster
	Words int       // its words, when they differ from the passage's
	Href  string    // "#pN-S-K"; "" when no pair shown holds it
}

// htmlPlace names where a document is (a cluster, a hub) and links there; Label "" for nowhere
// worth naming.
type htmlPlace struct {
	Label string // "cluster 3", "hub", "no story"
	Href  string // "#cluster-3", "#hub-2"; "" for none
}

// htmlLink is a document related to a cluster's members or a hub from outside.
type htmlLink struct {
	ID       string
	Place    htmlPlace
	Passages int
	Pairs    []htmlNumber
}

// htmlNumber is a reference to a pair by number.
type htmlNumber struct {
	N     int
	Shown bool
}

// htmlHub is a document in no cluster that shares passages with others.
type htmlHub struct {
	N        int
	Member   htmlMember
	Passages int
	Links    []htmlLink
}

// htmlPair is a pair shown side by side.
type htmlPair struct {
	N                    int
	Relation             string
	Story                string
	Context              string // "" when not measured
	Jaccard, Containment string
	Cluster              int         // 0 when the two are not in one cluster
	Places               []htmlPlace // then where each is
	Sides                [2]htmlSide
	Passages             []htmlPassage
	OriginBy             string       // what decided the origin: published, text; "" when undecided
	Changes              *htmlChanges // of a near-duplicate pair
}

type htmlSide struct {
	Side     string // "a" or "b"
	Member   htmlMember
	Coverage string       // "94%"
	Bar      template.CSS // the width of the coverage bar
	Segments []segment
	Origin   bool // the likely original of the two
}

type htmlPassage struct {
	N          int
	Words      int
	Rewritten  bool   // the sides are the same sentences in other words
	Similarity string // of a rewritten passage's sides, 0.00 to 1.00
}

// quoteRunes is how much of a shared passage the overview quotes; the pair views show it whole.
const quoteRunes = 320

func overview(res *pipeline.Result, opts HTMLOptions, pn pairNumbers) (htmlPage, error) {
	page := htmlPage{Title: opts.Title, Timestamp: opts.Timestamp, CSP: htmlCSP, Script: htmlScript, Stats: res.Stats, MaxPairs: opts.MaxPairs}
	page.TotalPairs = len(pn.pairs)
	page.Shown = min(page.TotalPairs, opts.MaxPairs)
	page.Left = page.TotalPairs - page.Shown
	ref := func(p *pipeline.Pair) htmlPairRef {
		n := pn.of(p)
		return htmlPairRef{N: n, A: p.A, B: p.B, Relation: string(p.Relation), Story: p.Story,
			Jaccard: fixed2(p.Jaccard), Containment: fixed2(p.Containment), Passages: len(p.Passages),
			Shown: n > 0 && n <= page.Shown, Arrow: originArrow(*p)}
	}
	kinds := map[string]int{}
	for i := range res.Clusters {
		c := &res.Clusters[i]
		kinds[c.Kind]++
		hc := htmlCluster{Number: c.Number, Kind: c.Kind, Representative: c.Representative}
		paired := pairedIDs(c)
		inPart := map[string]bool{}
		for _, part := range joinedParts(c) {
			for _, id := range part {
				inPart[id] = true
			}
		}
		for _, m := range c.Members {
			hm := member(m, c.Representative)
			hm.Joined, hm.JoinedPart = !paired[m.ID] && !m.Earlier, inPart[m.ID]
			hc.Members = append(hc.Members, hm)
			hc.Dates = hc.Dates || !m.Published.IsZero()
		}
		hc.Spread, hc.FirstUndecided = spreadItems(c)
		hc.Tied = slices.ContainsFunc(hc.Spread, func(it htmlSpreadItem) bool { return it.Sep == "=" })
		for j := range c.Pairs {
			hc.Pairs = append(hc.Pairs, ref(&c.Pairs[j]))
		}
		for _, l := range c.Links {
			hc.Links = append(hc.Links, page.link(l, linkPassages(l), pn, c.Number))
		}
		// the occurrences of the cluster's passages are in its pairs and its links' pairs,
		// numbered as the cluster numbers its passages
		holders := newHolders(page.Shown, pn)
		for j := range c.Pairs {
			holders.add(&c.Pairs[j])
		}
		for _, l := range c.Links {
			for j := range l.Pairs {
				holders.add(&l.Pairs[j])
			}
		}
		err := withTexts(res, c, func() error {
			for j := range c.Passages {
				sp := &c.Passages[j]
				hc.Passages = append(hc.Passages, sharedView(sp, fmt.Sprintf("cluster-%d-passage-%d", c.Number, sp.Number),
					sp.Number, holders, pn.places, c.Number))
			}
			return nil
		})
		if err != nil {
			return page, err
		}
		page.Clusters = append(page.Clusters, hc)
	}
	for _, hs := range [2]struct {
		from []pipeline.Hub
		to   *[]htmlHub
	}{{res.Hubs, &page.Hubs}, {res.Linked, &page.Linked}} {
		for i, h := range hs.from {
			hh := htmlHub{N: i + 1, Member: member(h.Member, ""), Passages: hubPassages(h)}
			for _, l := range h.Links {
				n := 0
				for _, p := range l.Pairs {
					n += len(p.Passages)
				}
				hh.Links = append(hh.Links, page.link(l, n, pn, 0))
			}
			*hs.to = append(*hs.to, hh)
		}
	}
	// the shared passages of documents in no story are in the pairs in no cluster, whose
	// passages are not numbered: an occurrence is found by its place alone
	holders := newHolders(page.Shown, pn)
	for _, p := range pn.pairs {
		if p.Cluster == 0 {
			page.Linking = append(page.Linking, ref(p))
			holders.add(p)
		}
	}
	for i := range res.Passages {
		sp := &res.Passages[i]
		err := withPassageTexts(res, []*pipeline.SharedPassage{sp}, func() error {
			page.Passages = append(page.Passages, sharedView(sp, fmt.Sprintf("passage-%d", sp.Number), 0, holders, pn.places, 0))
			return nil
		})
		if err != nil {
			return page, err
		}
	}
	for _, k := range []string{pipeline.KindExact, pipeline.KindSyndicated, pipeline.KindStory} {
		page.Kinds = append(page.Kinds, htmlCount{k, kinds[k]})
	}
	for _, r := range []pipeline.Relation{pipeline.Exact, pipeline.NearDuplicate, pipeline.Reuse} {
		page.Relations = append(page.Relations, htmlCount{string(r), res.Stats.PairsBy[r]})
	}
	for _, r := range edgeReasons {
		if n := res.Stats.Edges[r]; n > 0 {
			page.Edges = append(page.Edges, htmlCount{r, n})
			page.EdgeTotal += n
		}
	}
	return page, nil
}

// link is the view of a link of a cluster (home, its number) or of a hub (home 0), with the
// number of passages it shares.
func (page *htmlPage) link(l pipeline.Link, passages int, pn pairNumbers, home int) htmlLink {
	hl := htmlLink{ID: l.ID, Place: pn.places.place(l.ID, home), Passages: passages}
	for j := range l.Pairs {
		n := pn.of(&l.Pairs[j])
		hl.Pairs = append(hl.Pairs, htmlNumber{N: n, Shown: n > 0 && n <= page.Shown})
	}
	return hl
}

// place is where document id is, seen from cluster home (0 for none).
func (p places) place(id string, home int) htmlPlace {
	switch c := p.cluster[id]; {
	case c == home && c != 0:
		return htmlPlace{}
	case c != 0:
		return htmlPlace{Label: fmt.Sprintf("cluster %d", c), Href: fmt.Sprintf("#cluster-%d", c)}
	case p.hub[id] != 0:
		return htmlPlace{Label: "hub", Href: fmt.Sprintf("#hub-%d", p.hub[id])}
	case p.linked[id] != 0:
		return htmlPlace{Label: "no story", Href: fmt.Sprintf("#linked-%d", p.linked[id])}
	case home == 0:
		return htmlPlace{}
	}
	return htmlPlace{Label: "no story"}
}

// sharedView is the view of a shared passage (its texts loaded), each occurrence linked to a
// pair shown that holds it; number is the passage's number among the holders' passages, 0 when
// they are not numbered.
func sharedView(sp *pipeline.SharedPassage, anchor string, number int, h *holders, pl places, home int) htmlShared {
	ids, _ := spread(sp)
	hs := htmlShared{Anchor: anchor, Number: sp.Number, Words: sp.Words, Articles: len(ids),
		Rewritten: sp.Match == pipeline.Rewritten, Quote: Shorten(oneLine(passageText(sp)), quoteRunes)}
	for _, o := range sp.Occurrences {
		ho := htmlOccurrence{ID: o.ID, Place: pl.place(o.ID, home)}
		if o.Words != sp.Words {
			ho.Words = o.Words
		}
		if n, side, k := h.find(o, number); n > 0 {
			ho.Href = fmt.Sprintf("#p%d-%s-%d", n, side, k)
		}
		hs.Occurrences = append(hs.Occurrences, ho)
	}
	return hs
}

// holders finds the pair passages that hold an occurrence of a shared passage, among the pairs
// shown with their texts.
type holders struct {
	shown int
	pn    pairNumbers
	byDoc map[string][]holder
}

// holder is one side of a pair shown.
type holder struct {
	n    int // pair number
	side string
	pair *pipeline.Pair
}

func newHolders(shown int, pn pairNumbers) *holders {
	return &holders{shown: shown, pn: pn, byDoc: map[string][]holder{}}
}

// add indexes the sides of pair p, if it is shown.
func (h *holders) add(p *pipeline.Pair) {
	n := h.pn.of(p)
	if n == 0 || n > h.shown {
		return
	}
	h.byDoc[p.A] = append(h.byDoc[p.A], holder{n, "a", p})
	h.byDoc[p.B] = append(h.byDoc[p.B], holder{n, "b", p})
}

// find returns the pair, side and passage (from 1) whose passage overlaps occurrence o the most,
// of shared passage number (any passage when number is 0); n is 0 when none does.
func (h *holders) find(o pipeline.Occurrence, number int) (n int, side string, k int) {
	best := -1
	for _, hd := range h.byDoc[o.ID] {
		for j, q := range hd.pair.Passages {
			if number != 0 && q.Shared != number {
				continue
			}
			start, end := q.AStart, q.AEnd
			if hd.side == "b" {
				start, end = q.BStart, q.BEnd
			}
			overlap := min(end, o.End) - max(start, o.Start)
			if overlap < 0 || overlap == 0 && (start != o.Start || end != o.End) {
				continue // apart, or touching
			}
			if overlap > best {
				best, n, side, k = overlap, hd.n, hd.side, j+1
			}
		}
	}
	return n, side, k
}

func member(m pipeline.Member, rep string) htmlMember {
	return htmlMember{ID: m.ID, Source: m.Source, Title: m.Title, URL: m.URL, Author: m.Author, Published: Date(m.Published),
		Words: m.Words, Rep: m.ID == rep, Hub: m.Hub, Earlier: m.Earlier}
}

// pairView reads the two texts of pair number n and cuts them at every passage boundary.
func pairView(res *pipeline.Result, n int, p *pipeline.Pair, members map[string]pipeline.Member, pl places) (htmlPair, error) {
	hp := htmlPair{N: n, Relation: string(p.Relation), Story: p.Story, Jaccard: fixed2(p.Jaccard),
		Containment: fixed2(p.Containment), Cluster: p.Cluster}
	if p.Context >= 0 {
		hp.Context = fixed2(p.Context)
	}
	if p.Cluster == 0 {
		for _, id := range [2]string{p.A, p.B} {
			place := pl.place(id, 0)
			if place.Label == "" {
				place.Label = "no story"
			}
			hp.Places = append(hp.Places, place)
		}
	}
	for k, q := range p.Passages {
		hv := htmlPassage{N: k + 1, Words: q.Words}
		if q.Match == pipeline.Rewritten {
			hv.Rewritten, hv.Similarity = true, fixed2(q.Similarity)
		}
		hp.Passages = append(hp.Passages, hv)
	}
	var texts [2]string
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
		hp.Sides[i] = htmlSide{Side: side, Member: member(m, ""), Origin: p.Origin == id,
			Coverage: strconv.FormatFloat(pct, 'f', 0, 64) + "%",
			Bar:      template.CSS("width:" + strconv.FormatFloat(pct, 'f', 2, 64) + "%"),
			Segments: segments(text, spans, fmt.Sprintf("p%d-%s-", n, side))}
		texts[i] = text
		for _, seg := range hp.Sides[i].Segments {
			for j := range seg.Marks {
				seg.Marks[j].Rewritten = p.Passages[seg.Marks[j].N-1].Match == pipeline.Rewritten
			}
		}
	}
	hp.OriginBy = p.OriginBy
	ch, err := res.PairChanges(p)
	if err != nil {
		return hp, fmt.Errorf("html pair %d: %w", n, err)
	}
	hp.Changes = changesView(p, ch, texts)
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
	N         int    // passage number, from 1
	ID        string // on the passage's first segment only: prefix + N, the target of its twin's link
	Rewritten bool   // a rewritten passage: highlighted apart from verbatim ones
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
