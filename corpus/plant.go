package corpus

import (
	"fmt"
	"slices"
	"strings"
)

// Planting thresholds, estimated from word counts (a 5-word shingle per word): optional header,
// footer and boilerplate paragraphs are added to a copy only while its estimated Jaccard with
// the original (syndicated) or its containment in it (truncated) stays above these.
const (
	minSyndicatedJaccard = 0.75
	minTruncatedContain  = 0.8
	maxRewriteShare      = 0.2 // passages copied into a rewrite: at most this share of the original's words
	datelineWords        = 10  // the most words of a dateline: "PORT ELLIS, Sept. 30 (Copper Valley News)" has 7
	minPassageWords      = 15
	maxPassageWords      = 40
)

// syndicate writes st's body under a new header by another outlet.
func (g *generator) syndicate(i int, st *story) error {
	src := g.otherSource(st)
	title := g.w.title()
	used := st.words + st.extra
	pre := []string{g.dateline(st.city, i, src)}
	fits := func(more []string) bool {
		total := countWords(pre) + countWords(more) + st.words
		est := float64(st.words-4) / float64(used+total-st.words+12)
		return total <= g.opts.MaxWords && est >= minSyndicatedJaccard
	}
	if cand := g.byline(g.r, src); g.r.IntN(10) < 7 && fits([]string{cand}) {
		pre = append([]string{cand}, pre...)
	}
	var post []string
	if cand := g.footer(st); g.r.IntN(10) < 8 && fits([]string{cand}) {
		post = append(post, cand)
	}
	if g.wantsBoilerplate(g.r, src) && fits(append(slices.Clone(post), g.sources[src].Boilerplate)) {
		pre, post = g.withBoilerplate(src, pre, post)
	}
	extra := countWords(pre) + countWords(post)
	d := draft{src: src, title: title, pre: pre, body: st.text, post: post, role: roleSyndicated, words: extra + st.words}
	if err := g.emit(i, &d); err != nil {
		return err
	}
	if err := g.plant(st.id, i, Syndicated); err != nil {
		return err
	}
	if g.r.Float64() < keepSyndicated {
		g.keep(&story{
			id: i, source: src, root: st.root, city: st.city, title: title,
			text: st.text, sents: st.sents, words: st.words, extra: extra,
		})
	}
	return nil
}

// truncate writes the first 35-80% of st's body, cut at a paragraph or sentence end.
func (g *generator) truncate(i int, st *story) error {
	src := g.otherSource(st)
	cut := g.cutPoint(st)
	prefix := st.text[:st.sents[cut-1].end]
	words := 0
	for _, s := range st.sents[:cut] {
		words += int(s.words)
	}
	var pre, post []string
	fits := func(more string) bool {
		extra := countWords(pre) + countWords(post) + wordCount(more)
		return float64(words-4)/float64(words+extra+4) >= minTruncatedContain
	}
	if cand := g.teaser(src, st); g.r.IntN(2) == 0 && fits(cand) {
		post = append(post, cand)
	}
	if g.wantsBoilerplate(g.r, src) && fits(g.sources[src].Boilerplate) {
		pre, post = g.withBoilerplate(src, pre, post)
	}
	d := draft{src: src, title: st.title, pre: pre, body: prefix, post: post, truncated: true, role: roleTruncated,
		words: countWords(pre) + countWords(post) + words}
	if err := g.emit(i, &d); err != nil {
		return err
	}
	return g.plant(st.id, i, Truncated)
}

// cutPoint returns how many of st's sentences a truncated copy keeps: the paragraph or (half of
// the time, or when no paragraph end fits) sentence end nearest a share drawn from 35-80%.
func (g *generator) cutPoint(st *story) int {
	lo, hi := int(0.35*float64(st.words)+0.999), int(0.80*float64(st.words))
	hi = max(hi, lo)
	want := lo + g.r.IntN(hi-lo+1)
	byPara := g.r.IntN(2) == 0
	best, bestDist := 0, -1
	for pass := 0; pass < 2 && best == 0; pass++ {
		words := 0
		for k, s := range st.sents {
			words += int(s.words)
			endsPara := k+1 == len(st.sents) || st.sents[k+1].para
			if words < lo || words > hi || (byPara && pass == 0 && !endsPara) {
				continue
			}
			if d := abs(words - want); bestDist < 0 || d < bestDist {
				best, bestDist = k+1, d
			}
		}
	}
	if best == 0 { // sentences longer than the 35-80% window: keep the first half of them
		best = max(1, len(st.sents)/2)
	}
	return best
}

// rewrite writes new prose on st's story by another outlet, with 2-4 passages of st's body
// copied verbatim into it as paragraphs of their own.
func (g *generator) rewrite(i int, st *story) error {
	src := g.otherSource(st)
	title := g.w.title()
	passages := g.passages(st)
	copied := 0
	for _, p := range passages {
		copied += p.words
	}
	var pre, post []string
	if g.r.IntN(10) < 6 {
		pre = append(pre, g.byline(g.r, src))
	}
	if g.r.IntN(2) == 0 {
		pre = append(pre, g.dateline(st.city, i, src))
	}
	if g.wantsBoilerplate(g.r, src) {
		pre, post = g.withBoilerplate(src, pre, post)
	}
	rec := g.recurringFor()
	extra := countWords(pre) + countWords(post) + copied + countWords(rec)
	most := g.opts.MaxWords - extra
	target := clamp(length(g.r, g.opts.MinWords, g.opts.MedianWords, g.opts.MaxWords)-extra, g.opts.MinWords-extra, most-minSentenceWords)
	g.w.fill(&g.body, target, most)
	inserts := g.insertAt(st, passages)
	if len(rec) > 0 {
		inserts = append(inserts, g.placeInserts(&g.body, rec)...)
		slices.SortStableFunc(inserts, func(a, b insert) int { return a.at - b.at })
	}
	d := draft{src: src, title: title, pre: pre, body: g.body.text, inserts: inserts, post: post, role: roleRewrite,
		words: extra + g.body.words}
	if err := g.emit(i, &d); err != nil {
		return err
	}
	return g.plant(st.id, i, Rewrite)
}

// passage is a run of whole sentences of a story.
type passage struct {
	from, to int // sentences [from, to)
	words    int
}

// passages picks 2-4 non-overlapping passages of 15-40 words from st, whole sentences within a
// paragraph where possible, together at most maxRewriteShare of st's words (one at least).
func (g *generator) passages(st *story) []passage {
	cands := candidatePassages(st, true)
	if len(cands) < 2 {
		cands = candidatePassages(st, false)
	}
	budget := max(int(maxRewriteShare*float64(st.words)), maxPassageWords)
	want := 2 + g.r.IntN(3)
	var out []passage
	total := 0
	for _, k := range g.r.Perm(len(cands)) {
		c := cands[k]
		if total+c.words > budget || overlaps(out, c) {
			continue
		}
		out = append(out, c)
		total += c.words
		if len(out) == want {
			break
		}
	}
	slices.SortFunc(out, func(a, b passage) int { return a.from - b.from })
	return out
}

// candidatePassages lists the runs of consecutive sentences of 15-40 words, within one
// paragraph if inPara.
func candidatePassages(st *story, inPara bool) []passage {
	var out []passage
	for i := range st.sents {
		words := 0
		for j := i; j < len(st.sents); j++ {
			if j > i && inPara && st.sents[j].para {
				break
			}
			words += int(st.sents[j].words)
			if words > maxPassageWords {
				break
			}
			if words >= minPassageWords {
				out = append(out, passage{from: i, to: j + 1, words: words})
			}
		}
	}
	return out
}

// overlaps reports whether c shares a sentence with any of ps.
func overlaps(ps []passage, c passage) bool {
	for _, p := range ps {
		if c.from < p.to && p.from < c.to {
			return true
		}
	}
	return false
}

// insert is a paragraph placed before the paragraph of the body that starts at byte at.
type insert struct {
	at   int
	text string
}

// insertAt places each passage before a distinct paragraph of the current body (never the
// first), spread at random.
func (g *generator) insertAt(st *story, ps []passage) []insert {
	var starts []int
	for k, s := range g.body.sents {
		if s.para && k > 0 {
			starts = append(starts, int(s.start))
		}
	}
	starts = append(starts, len(g.body.text)) // after the last paragraph
	g.r.Shuffle(len(starts), func(a, b int) { starts[a], starts[b] = starts[b], starts[a] })
	out := make([]insert, 0, len(ps))
	for k, p := range ps {
		text := passageText(st, p)
		out = append(out, insert{at: starts[k%len(starts)], text: text})
	}
	slices.SortStableFunc(out, func(a, b insert) int { return a.at - b.at })
	return out
}

// passageText renders the sentences of p on one line.
func passageText(st *story, p passage) string {
	var b strings.Builder
	for k := p.from; k < p.to; k++ {
		if k > p.from {
			b.WriteByte(' ')
		}
		s := st.sents[k]
		b.Write(st.text[s.start:s.end])
	}
	return b.String()
}

// plant records that article i was derived from article orig.
func (g *generator) plant(orig, i int, kind Kind) error {
	switch kind {
	case Syndicated:
		g.stats.Syndicated++
	case Truncated:
		g.stats.Truncated++
	case Rewrite:
		g.stats.Rewrite++
	case Rerun:
		g.stats.Reruns++
	}
	g.labels.copied(orig, i, kind)
	if g.truth == nil {
		return nil
	}
	if _, err := fmt.Fprintf(g.truth, "%s\t%s\t%s\n", articleID(orig), articleID(i), kind); err != nil {
		return fmt.Errorf("write truth for %s: %w", articleID(i), err)
	}
	return nil
}
