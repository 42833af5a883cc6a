package report

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/neardup/neardup/credit"
	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/shingle"
)

// Draft is what neardup check found for one draft: the indexed articles it shares passages with,
// or why it could not be checked. CheckText, CheckJSONL and CheckHTML render it.
type Draft struct {
	Doc     pipeline.Document // the draft, with its text
	Words   int               // its words (tokens)
	Matches []Match           // by the share of the draft's words they hold, largest first
	// Err is a draft that could not be checked (a file that is missing, unreadable, empty or does
	// not parse): Doc and Matches are empty then.
	Err *input.RecordError

	shares []share // of each match, computed once (shares)
}

// Match is an indexed article a draft shares passages with.
type Match struct {
	Member pipeline.Member // the indexed article (its id, source, title, date, words)
	Text   string          // its text: CheckHTML shows it beside the draft
	// Pair relates the draft (A) and the indexed article (B): figures, and passages with their
	// texts and credits.
	Pair pipeline.Pair
}

// share is how much of a draft a match holds: all of it, and its uncredited part (passages the
// draft neither quotes nor credits to an outlet).
type share struct{ all, uncredited float64 }

// Gate is check's --fail-over: a draft is over it when one match holds more than FailOver of the
// draft's words in uncredited passages, or in any passage with CountCredited.
type Gate struct {
	FailOver      float64
	On            bool // --fail-over was given
	CountCredited bool
}

// Over reports whether the draft is over the gate.
func (g Gate) Over(d *Draft) bool {
	if !g.On || d.Err != nil {
		return false
	}
	return g.measure(d) > g.FailOver
}

// measure is the share of the draft's words the gate looks at: of the match that holds most.
func (g Gate) measure(d *Draft) float64 {
	m := 0.0
	for _, s := range d.sharesOf() {
		if g.CountCredited {
			m = max(m, s.all)
		} else {
			m = max(m, s.uncredited)
		}
	}
	return m
}

// sharesOf computes the share of the draft's words each match holds, all and uncredited: a word
// is uncredited when a passage of the match that is not a quote or credited copy in the draft
// holds it, and none that is.
func (d *Draft) sharesOf() []share {
	if d.shares != nil || len(d.Matches) == 0 {
		return d.shares
	}
	toks := shingle.Tokenize(d.Doc.Text)
	d.shares = make([]share, len(d.Matches))
	for i, m := range d.Matches {
		covered := make([]int8, len(toks)) // 0 no passage, 1 uncredited only, 2 a credited one
		for _, q := range m.Pair.Passages {
			lo, _ := slices.BinarySearchFunc(toks, q.AStart, func(t shingle.Token, x int) int { return t.Start - x })
			for k := lo; k < len(toks) && toks[k].End <= q.AEnd; k++ {
				if q.ACredit.IsCredited() {
					covered[k] = 2
				} else if covered[k] == 0 {
					covered[k] = 1
				}
			}
		}
		unc := 0
		for _, c := range covered {
			if c == 1 {
				unc++
			}
		}
		s := share{all: m.Pair.CoverageA}
		if len(toks) > 0 {
			s.uncredited = min(s.all, float64(unc)/float64(len(toks)))
		}
		d.shares[i] = s
	}
	return d.shares
}

// maxShares returns the largest share of the draft's words one match holds, all and uncredited.
func (d *Draft) maxShares() share {
	var m share
	for _, s := range d.sharesOf() {
		m.all, m.uncredited = max(m.all, s.all), max(m.uncredited, s.uncredited)
	}
	return m
}

// inDraftOrder returns the passages of a match in the order the draft reads them.
func inDraftOrder(ps []pipeline.Passage) []pipeline.Passage {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(x, y pipeline.Passage) int {
		if x.AStart != y.AStart {
			return x.AStart - y.AStart
		}
		return x.AEnd - y.AEnd
	})
	return ps
}

// creditWord says how a text gives a passage, for people.
func creditWord(k credit.Kind) string {
	switch k {
	case credit.Quote:
		return "quoted"
	case credit.Credited:
		return "credited"
	}
	return "uncredited"
}

// CheckTextOptions tunes CheckText.
type CheckTextOptions struct {
	Gate     Gate
	Passages int // passages quoted per match, in draft order (the rest are counted); 0 means all
}

// CheckText writes one draft's result for a terminal: the draft, its words and how much of it one
// indexed article holds (all, uncredited and credited), then each match with its passages in draft
// order, each with its line and paragraph, words, credit and quote (cut between words).
func CheckText(w io.Writer, d *Draft, opts CheckTextOptions) error {
	bw := bufio.NewWriter(w)
	if d.Err != nil {
		fmt.Fprintf(bw, "%s: NOT CHECKED: %s\n\n", Printable(draftName(d)), Printable(d.Err.Error()))
		return bw.Flush()
	}
	id := Printable(d.Doc.ID)
	if len(d.Matches) == 0 {
		fmt.Fprintf(bw, "%s (%d words): shares no passage with an indexed article\n\n", id, d.Words)
		return bw.Flush()
	}
	mark := ""
	if opts.Gate.Over(d) {
		mark = "  OVER --fail-over"
	}
	ms := d.maxShares()
	fmt.Fprintf(bw, "%s (%d words): shares passages with %s; up to %s of its words, %s uncredited%s\n", id, d.Words,
		counted(len(d.Matches), "indexed article"), pct(ms.all), pct(ms.uncredited), mark)
	shares := d.sharesOf()
	for i, m := range d.Matches {
		p := &m.Pair
		line := fmt.Sprintf("  %4s  %s  %s", pct(p.CoverageA), p.Relation, Printable(m.Member.ID))
		if m.Member.Source != "" {
			line += "  [" + Printable(m.Member.Source) + "]"
		}
		if m.Member.Author != "" {
			line += "  by " + Printable(m.Member.Author)
		}
		if dt := Date(m.Member.Published); dt != "" {
			line += "  " + dt
		}
		if m.Member.Title != "" {
			line += "  " + quote(Printable(m.Member.Title))
		}
		switch p.Origin {
		case m.Member.ID:
			line += "  (first: the indexed article, by " + p.OriginBy + ")"
		case d.Doc.ID:
			line += "  (first: the draft, by " + p.OriginBy + ")"
		}
		fmt.Fprintln(bw, line)
		fmt.Fprintf(bw, "        uncredited %s, credited %s; jaccard %.2f, containment %.2f, %s of the indexed article, %s\n",
			pct(shares[i].uncredited), pct(max(0, shares[i].all-shares[i].uncredited)), p.Jaccard, p.Containment,
			pct(p.CoverageB), counted(len(p.Passages), "passage"))
		ps := inDraftOrder(p.Passages)
		shown := len(ps)
		if opts.Passages > 0 {
			shown = min(shown, opts.Passages)
		}
		for _, q := range ps[:shown] {
			pl := placeOf(d.Doc.Text, q.AStart)
			how := creditWord(q.ACredit)
			if q.BCredit != q.ACredit && q.BCredit != 0 {
				how += " (" + creditWord(q.BCredit) + " in the source)"
			}
			if q.Match == pipeline.Rewritten {
				how += fmt.Sprintf(", rewritten (similarity %.2f)", q.Similarity)
			}
			fmt.Fprintf(bw, "        line %d ¶%d, %d words, %s: %s\n", pl.line, pl.para, q.Words, how,
				quote(Shorten(Printable(oneLine(q.AText)), checkQuoteColumns)))
		}
		if n := len(ps) - shown; n > 0 {
			fmt.Fprintf(bw, "        and %s more (--passages 0 lists them all)\n", counted(n, "passage"))
		}
	}
	fmt.Fprintln(bw)
	return bw.Flush()
}

// checkQuoteColumns is the most of a passage the check text report quotes: its start and its
// end, cut between words.
const checkQuoteColumns = 160

// counted is n and a noun, plural unless n is 1: "3 passages".
func counted(n int, noun string) string { return fmt.Sprintf("%d %s%s", n, noun, plural(n)) }

// pct formats a share as a whole percentage.
func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*round4(x)) }

// draftName names a draft that could not be checked: its id when it was read, else its file.
func draftName(d *Draft) string {
	if d.Doc.ID != "" {
		return d.Doc.ID
	}
	if d.Err.Line > 0 {
		return fmt.Sprintf("%s:%d", d.Err.File, d.Err.Line)
	}
	return d.Err.File
}

// The JSON Lines of check: one object per draft (README, "the persistent index").
type (
	checkPassageJSON struct {
		DraftStart     int    `json:"draft_start"`
		DraftEnd       int    `json:"draft_end"`
		IndexedStart   int    `json:"indexed_start"`
		IndexedEnd     int    `json:"indexed_end"`
		Words          int    `json:"words"`
		DraftText      string `json:"draft_text"`
		IndexedText    string `json:"indexed_text"`
		DraftLine      int    `json:"draft_line"`
		DraftParagraph int    `json:"draft_paragraph"`
		DraftCredit    string `json:"draft_credit"`
		IndexedCredit  string `json:"indexed_credit"`
		// Match is "verbatim" or "rewritten" (check --rewrite); Similarity how alike the two
		// sides are, 0..1 (1 for verbatim)
		Match      string  `json:"match"`
		Similarity float64 `json:"similarity"`
	}
	checkMatchJSON struct {
		ID                      string             `json:"id"`
		Source                  string             `json:"source"`
		Title                   string             `json:"title"`
		Published               string             `json:"published"`
		URL                     string             `json:"url,omitempty"`
		Author                  string             `json:"author,omitempty"`
		Words                   int                `json:"words"`
		Relation                string             `json:"relation"`
		Jaccard                 float64            `json:"jaccard"`
		Containment             float64            `json:"containment"`
		CoverageDraft           float64            `json:"coverage_draft"`
		CoverageIndexed         float64            `json:"coverage_indexed"`
		CoverageDraftUncredited float64            `json:"coverage_draft_uncredited"`
		CoverageDraftCredited   float64            `json:"coverage_draft_credited"`
		Origin                  string             `json:"origin"`
		OriginBy                string             `json:"origin_by"`
		Passages                []checkPassageJSON `json:"passages"`
	}
	checkDraftJSON struct {
		Version       int              `json:"version"`
		Draft         string           `json:"draft"`
		Words         int              `json:"words"`
		MaxCoverage   float64          `json:"max_coverage"`
		MaxUncredited float64          `json:"max_uncredited"`
		Over          *bool            `json:"over,omitempty"` // with --fail-over
		Matches       []checkMatchJSON `json:"matches"`
	}
	checkErrorJSON struct {
		Version int    `json:"version"`
		Draft   string `json:"draft"`
		File    string `json:"file"`
		Line    int    `json:"line,omitempty"`
		Kind    string `json:"kind"`
		Error   string `json:"error"`
	}
)

// CheckJSONL writes one draft's result as a JSON line: its id, words, the largest share of its
// words one match holds (max_coverage; max_uncredited counts only uncredited passages), over
// (with the gate on), and its matches, each with its passages in draft order (offsets, texts,
// line and paragraph in the draft, credit on both sides). A draft that could not be checked is a
// line with draft, file, line, kind and error, and no matches.
func CheckJSONL(w io.Writer, d *Draft, g Gate) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if d.Err != nil {
		e := checkErrorJSON{Version: Version, Draft: d.Doc.ID, File: d.Err.File, Line: d.Err.Line,
			Kind: string(d.Err.Kind), Error: d.Err.Error()}
		if e.Draft == "" && e.Line == 0 {
			e.Draft = d.Err.File
		}
		return enc.Encode(e)
	}
	ms := d.maxShares()
	cd := checkDraftJSON{Version: Version, Draft: d.Doc.ID, Words: d.Words, MaxCoverage: round4(ms.all),
		MaxUncredited: round4(ms.uncredited), Matches: []checkMatchJSON{}}
	if g.On {
		over := g.Over(d)
		cd.Over = &over
	}
	shares := d.sharesOf()
	for i, m := range d.Matches {
		p := &m.Pair
		cm := checkMatchJSON{ID: m.Member.ID, Source: m.Member.Source, Title: m.Member.Title, Published: Date(m.Member.Published),
			URL: m.Member.URL, Author: m.Member.Author, Words: m.Member.Words, Relation: string(p.Relation), Jaccard: round4(p.Jaccard),
			Containment: round4(p.Containment), CoverageDraft: round4(p.CoverageA), CoverageIndexed: round4(p.CoverageB),
			CoverageDraftUncredited: round4(shares[i].uncredited), CoverageDraftCredited: round4(max(0, shares[i].all-shares[i].uncredited)),
			Origin: p.Origin, OriginBy: p.OriginBy, Passages: []checkPassageJSON{}}
		for _, q := range inDraftOrder(p.Passages) {
			pl := placeOf(d.Doc.Text, q.AStart)
			cm.Passages = append(cm.Passages, checkPassageJSON{DraftStart: q.AStart, DraftEnd: q.AEnd, IndexedStart: q.BStart,
				IndexedEnd: q.BEnd, Words: q.Words, DraftText: q.AText, IndexedText: q.BText, DraftLine: pl.line,
				DraftParagraph: pl.para, DraftCredit: q.ACredit.String(), IndexedCredit: q.BCredit.String(),
				Match: matchOf(q), Similarity: similarityOf(q)})
		}
		cd.Matches = append(cd.Matches, cm)
	}
	return enc.Encode(cd)
}

//go:embed check.tmpl
var checkSource string

var (
	checkTmpl = template.Must(template.Must(htmlTmpl.Clone()).Parse(checkSource))
	// htmlStyle is the scan report's style sheet, so that the check page looks the same.
	htmlStyle = template.CSS(between(htmlSource, "<style>\n", "</style>"))
)

// between returns the part of s after the first start and before the end that follows it.
func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		panic("report: html.tmpl has no " + start)
	}
	in, _, ok := strings.Cut(after, end)
	if !ok {
		panic("report: html.tmpl has no " + end)
	}
	return in
}

// CheckHTMLOptions tunes CheckHTML.
type CheckHTMLOptions struct {
	Title     string // default "neardup check"
	Timestamp string // shown under the title when set
	Gate      Gate
}

// CheckHTML writes check's self-contained page, a draft at a time: Write each draft's result,
// then Close. The page looks and behaves as the scan report (HTML): its style, its script and
// its Content-Security-Policy. Each draft has its figures, the indexed articles it shares
// passages with, and the passages in the order the draft reads them (line and paragraph,
// words, credit in the draft and in the indexed article), each linked to the draft shown beside
// that article with every shared passage highlighted in both (a pair of the scan report, the
// draft on the left). Pairs are numbered across the page.
type CheckHTML struct {
	w      *bufio.Writer
	opts   CheckHTMLOptions
	drafts int
	pairs  int
	tail   checkTail
	err    error
}

type checkTail struct {
	Drafts, Failed, Matched, Over int
	GateOn                        bool
	FailOver                      string
	Script                        template.JS
}

type checkDraftView struct {
	N                int
	Name             string
	Error            string
	Words            int
	Over             bool
	Most, Uncredited string
	Matches          []checkMatchView
	Passages         []checkPassageView
	Pairs            []htmlPair
}

type checkMatchView struct {
	Member             htmlMember
	Relation           string
	First              string // "the draft" or "the indexed article": the likely original; "" undecided
	FirstBy            string // published or text
	Shared, Uncredited string
	Pair               int
}

type checkPassageView struct {
	K, Pair, Line, Para, Words int
	ID                         string
	Credit, Their              string
	CreditWord, TheirWord      string
	Quote                      string
	Rewritten                  bool   // the same sentences in other words (check --rewrite)
	Similarity                 string // of a rewritten passage's sides, 0.00 to 1.00
	start                      int
}

// NewCheckHTML starts the page on w.
func NewCheckHTML(w io.Writer, opts CheckHTMLOptions) *CheckHTML {
	if opts.Title == "" {
		opts.Title = "neardup check"
	}
	c := &CheckHTML{w: bufio.NewWriterSize(w, 1<<16), opts: opts}
	c.tail = checkTail{GateOn: opts.Gate.On, FailOver: pct(opts.Gate.FailOver), Script: htmlScript}
	head := struct {
		Title, Timestamp, CSP string
		Style                 template.CSS
	}{opts.Title, opts.Timestamp, htmlCSP, htmlStyle}
	if err := checkTmpl.ExecuteTemplate(c.w, "checkhead", head); err != nil {
		c.err = fmt.Errorf("write html check: %w", err)
	}
	return c
}

// Write adds one draft's result to the page.
func (c *CheckHTML) Write(d *Draft) error {
	if c.err != nil {
		return c.err
	}
	c.drafts++
	v := checkDraftView{N: c.drafts, Name: draftName(d)}
	if d.Err != nil {
		c.tail.Failed++
		v.Error = d.Err.Error()
	} else {
		c.tail.Drafts++
		v.Words, v.Over = d.Words, c.opts.Gate.Over(d)
		if v.Over {
			c.tail.Over++
		}
		if len(d.Matches) > 0 {
			c.tail.Matched++
		}
		ms := d.maxShares()
		v.Most, v.Uncredited = pct(ms.all), pct(ms.uncredited)
		shares := d.sharesOf()
		for i := range d.Matches {
			m := &d.Matches[i]
			c.pairs++
			n := c.pairs
			mv := checkMatchView{Member: member(m.Member, ""), Relation: string(m.Pair.Relation),
				Shared: pct(m.Pair.CoverageA), Uncredited: pct(shares[i].uncredited), Pair: n, FirstBy: m.Pair.OriginBy}
			switch m.Pair.Origin {
			case m.Member.ID:
				mv.First = "the indexed article"
			case d.Doc.ID:
				mv.First = "the draft"
			}
			v.Matches = append(v.Matches, mv)
			ps := inDraftOrder(m.Pair.Passages)
			for k, q := range ps {
				pl := placeOf(d.Doc.Text, q.AStart)
				v.Passages = append(v.Passages, checkPassageView{K: k + 1, Pair: n, Line: pl.line, Para: pl.para,
					Words: q.Words, ID: m.Member.ID, Credit: q.ACredit.String(), Their: q.BCredit.String(),
					CreditWord: creditWord(q.ACredit), TheirWord: creditWord(q.BCredit),
					Quote: Shorten(oneLine(q.AText), quoteRunes), start: q.AStart})
				if q.Match == pipeline.Rewritten {
					pv := &v.Passages[len(v.Passages)-1]
					pv.Rewritten, pv.Similarity = true, fixed2(q.Similarity)
				}
			}
			v.Pairs = append(v.Pairs, checkPair(n, d, m, ps))
		}
		slices.SortStableFunc(v.Passages, func(x, y checkPassageView) int { return x.start - y.start })
	}
	if err := checkTmpl.ExecuteTemplate(c.w, "checkdraft", v); err != nil {
		c.err = fmt.Errorf("write html check of %s: %w", v.Name, err)
	}
	return c.err
}

// Close ends the page with the totals and flushes it.
func (c *CheckHTML) Close() error {
	if c.err != nil {
		return c.err
	}
	if err := checkTmpl.ExecuteTemplate(c.w, "checktail", c.tail); err != nil {
		return fmt.Errorf("write html check: %w", err)
	}
	return c.w.Flush()
}

// checkPair is match m of draft d as a pair of the scan report, number n: the draft on side a,
// its passages ps numbered in draft order.
func checkPair(n int, d *Draft, m *Match, ps []pipeline.Passage) htmlPair {
	p := &m.Pair
	hp := htmlPair{N: n, Relation: string(p.Relation), Story: p.Story, Jaccard: fixed2(p.Jaccard), Containment: fixed2(p.Containment)}
	if hp.Story == "" {
		hp.Story = "shares passages"
	}
	if p.Context >= 0 {
		hp.Context = fixed2(p.Context)
	}
	for k, q := range ps {
		hv := htmlPassage{N: k + 1, Words: q.Words}
		if q.Match == pipeline.Rewritten {
			hv.Rewritten, hv.Similarity = true, fixed2(q.Similarity)
		}
		hp.Passages = append(hp.Passages, hv)
	}
	draft := pipeline.Member{ID: d.Doc.ID, Source: d.Doc.Source, Title: d.Doc.Title, URL: d.Doc.URL, Author: d.Doc.Author,
		Published: d.Doc.Published, Words: d.Words}
	for i, side := range [2]struct {
		name  string
		mem   pipeline.Member
		text  string
		cov   float64
		start func(pipeline.Passage) [2]int
	}{
		{"a", draft, d.Doc.Text, p.CoverageA, func(q pipeline.Passage) [2]int { return [2]int{q.AStart, q.AEnd} }},
		{"b", m.Member, m.Text, p.CoverageB, func(q pipeline.Passage) [2]int { return [2]int{q.BStart, q.BEnd} }},
	} {
		spans := make([][2]int, len(ps))
		for k, q := range ps {
			spans[k] = side.start(q)
		}
		pc := 100 * round4(side.cov)
		hp.Sides[i] = htmlSide{Side: side.name, Member: member(side.mem, ""),
			Coverage: strconv.FormatFloat(pc, 'f', 0, 64) + "%",
			Bar:      template.CSS("width:" + strconv.FormatFloat(pc, 'f', 2, 64) + "%"),
			Segments: segments(side.text, spans, fmt.Sprintf("p%d-%s-", n, side.name))}
		for _, seg := range hp.Sides[i].Segments {
			for j := range seg.Marks {
				seg.Marks[j].Rewritten = ps[seg.Marks[j].N-1].Match == pipeline.Rewritten
			}
		}
	}
	return hp
}
