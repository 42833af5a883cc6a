package corpus

import (
	"strings"
)

// Re-runs: an outlet publishes one of its own recent articles again, verbatim (four times in
// ten) or with a new lead paragraph (three in ten) or one other paragraph rewritten. The pair
// is planted with kind Rerun, the original first, and the two are one story.

// rerunRing is how many of each outlet's latest articles may be re-run.
const rerunRing = 8

// printed is an article as written, kept for a re-run.
type printed struct {
	id         int
	title      string
	text       []byte
	lead, tail int  // paragraphs before the body (header) and after it (footer)
	short      bool // a truncated copy, which may be under MinWords
}

// outletRing holds an outlet's latest articles.
type outletRing struct {
	items [rerunRing]printed
	n     int
	next  int
}

// keepPrinted keeps the article just written (g.text) for re-runs by its outlet.
func (g *generator) keepPrinted(i int, d *draft) {
	if g.printed == nil || d.src >= g.opts.Sources {
		return
	}
	switch d.role {
	case roleDigest, roleRerun, roleTemplate:
		return
	}
	ring := &g.printed[d.src]
	p := &ring.items[ring.next]
	p.id, p.title, p.text, p.lead, p.tail = i, d.title, append(p.text[:0], g.text...), len(d.pre), len(d.post)
	p.short = d.truncated
	ring.next = (ring.next + 1) % rerunRing
	ring.n = min(ring.n+1, rerunRing)
}

// rerun writes a re-run of a recent article by some outlet, or a base article when no outlet
// has written one yet.
func (g *generator) rerun(i int) error {
	r := g.x
	src := -1
	for k, start := 0, r.IntN(g.opts.Sources); k < g.opts.Sources; k++ {
		if s := (start + k) % g.opts.Sources; g.printed[s].n > 0 {
			src = s
			break
		}
	}
	if src < 0 {
		return g.article(i)
	}
	ring := &g.printed[src]
	orig := &ring.items[r.IntN(ring.n)]
	paras := strings.Split(string(orig.text), "\n\n")
	first, last := orig.lead, len(paras)-1-orig.tail // the body's paragraphs
	title := orig.title
	total := wordCount(orig.text)
	u := r.Float64()
	switch {
	case u < 0.4 || last < first:
		if r.IntN(4) == 0 {
			title = "REFILE-" + title
		}
	default:
		at := first
		if u >= 0.7 && last > first {
			at = first + 1 + r.IntN(last-first)
		}
		old := wordCount(paras[at])
		lo := max(minSentenceWords, old*2/3, old-(total-g.opts.MinWords))
		hi := max(lo, old+g.opts.MaxWords-total)
		paras[at] = g.freshParagraph(lo, hi)
		if r.IntN(2) == 0 {
			title = "UPDATE 1-" + title
		}
	}
	g.xbuf = append(g.xbuf[:0], strings.Join(paras, "\n\n")...)
	d := draft{src: src, title: title, body: g.xbuf, role: roleRerun, short: orig.short, words: wordCount(g.xbuf)}
	if err := g.emit(i, &d); err != nil {
		return err
	}
	return g.plant(orig.id, i, Rerun)
}

// freshParagraph draws sentences from the shapes' writer until they hold lo words, never more
// than hi (give or take a sentence the model will not shorten).
func (g *generator) freshParagraph(lo, hi int) string {
	var parts []string
	words := 0
	for words < lo && hi-words >= minSentenceWords {
		s := g.xsentence(minSentenceWords, min(maxSentenceWords, hi-words))
		parts = append(parts, s)
		words += wordCount(s)
	}
	if len(parts) == 0 {
		parts = append(parts, g.xsentence(minSentenceWords, max(hi, minSentenceWords)))
	}
	return strings.Join(parts, " ")
}
