package corpus

import (
	"strings"
)

// Template series: a wire item an outlet publishes over and over, like Reuters' "FED ADDS
// RESERVES VIA CUSTOMER REPURCHASES" or a daily market report: a fixed title and a fixed text
// of 30-60 words drawn once from the model, with 3-5 of its tokens made slots (figures, or
// names from a short list) filled anew for every item. A series is one story; its items are
// not listed as pairs.

const (
	minTemplateWords = 30
	maxTemplateWords = 60
	minTemplateSlots = 3
	maxTemplateSlots = 5
)

// series is one template series.
type series struct {
	index, src int
	items      int // planned

	// Drawn at its first item.
	begun bool
	first int // the first item's position: the series' story label
	city  string
	title string
	parts []string   // the fixed text: parts[0] slot 1 parts[1] ... slot k parts[k]
	slots []termKind // termNumber or termName
	names []string   // what name slots take
}

// beginSeries draws the series' title, city, text and slots.
func (g *generator) beginSeries(s *series, i int) {
	r := g.x
	s.begun, s.first = true, i
	s.city = cities[r.IntN(len(cities))]
	s.title = strings.ToUpper(g.xw.title())
	var tb tokBody
	for tries := 0; tries < giveUp; tries++ {
		tb.reset()
		for tb.total < minTemplateWords {
			toks, n := g.xw.sentence()
			tb.toks = append(tb.toks, toks...)
			tb.ends = append(tb.ends, len(tb.toks))
			tb.words = append(tb.words, n)
			tb.para = append(tb.para, true)
			tb.total += n
		}
		if tb.total <= maxTemplateWords {
			break
		}
	}
	// Slots: numbers and names first, then other words, none touching another. A number and
	// its units take a figure, anything else a name.
	cands := g.xw.holes(&tb)
	var order []hole
	for _, kind := range [...]termKind{termNumber, termName, termTopic, termAny} {
		c := cands[kind]
		r.Shuffle(len(c), func(a, b int) { c[a], c[b] = c[b], c[a] })
		order = append(order, c...)
	}
	want := minTemplateSlots + r.IntN(maxTemplateSlots-minTemplateSlots+1)
	used := map[int]bool{}
	at := map[int]hole{}
	for _, h := range order {
		if len(at) == want {
			break
		}
		if h.fits(used) {
			for k := h.at; k < h.at+h.n; k++ {
				used[k] = true
			}
			at[h.at] = h
		}
	}
	s.names = distinct(4+r.IntN(5), func() string {
		if r.IntN(2) == 0 {
			return organisation(r)
		}
		return place(r)
	})
	// Render, cutting the text at each slot.
	var cur []byte
	from := 0
	for k, end := range tb.ends {
		if k > 0 {
			cur = append(cur, "\n\n"...)
		}
		cur = g.xw.appendTokens(cur, tb.toks[from:from+1])
		for p := from + 1; p < end; p++ {
			h, ok := at[p]
			if !ok {
				cur = append(cur, g.xw.m.word(tb.toks[p])...)
				continue
			}
			s.parts = append(s.parts, string(cur))
			cur = cur[:0]
			kind := termName
			if c := g.xw.first(tb.toks[p]); c >= '0' && c <= '9' {
				kind = termNumber
			}
			s.slots = append(s.slots, kind)
			p += h.n - 1
		}
		from = end
	}
	s.parts = append(s.parts, string(cur))
	g.stats.TemplateSeries++
}

// templateItem writes the next item of series k.
func (g *generator) templateItem(i, k int) error {
	s := g.plan.series[k]
	if !s.begun {
		g.beginSeries(s, i)
	}
	r := g.x
	text := append(g.xbuf[:0], s.parts[0]...)
	for j, kind := range s.slots {
		v := figure(r)
		if kind == termName {
			v = s.names[r.IntN(len(s.names))]
		}
		text = append(append(append(text, ' '), v...), s.parts[j+1]...)
	}
	g.xbuf = text
	pre := []string{g.dateline(s.city, i, -1)}
	var post []string
	if g.wantsBoilerplate(r, s.src) {
		pre, post = g.withBoilerplate(s.src, pre, post)
	}
	d := draft{src: s.src, title: s.title, pre: pre, body: text, post: post, short: true, role: roleTemplate,
		words: countWords(pre) + countWords(post) + wordCount(text)}
	if err := g.emit(i, &d); err != nil {
		return err
	}
	g.labels.union(s.first, i)
	g.stats.Templates++
	return nil
}
