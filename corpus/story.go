package corpus

import (
	"math"
	"slices"
	"strings"
)

// bigStory is a story many outlets cover: each writes one article of fresh prose woven with
// the story's terms and quoting it.
type bigStory struct {
	index   int
	pos     []int // the positions of its articles, in stream order
	outlets []int // the outlet of each
	next    int   // articles written so far

	// Drawn at the story's first article.
	begun  bool
	city   string
	terms  []term
	quotes []quote
}

// quote is a sentence a person of the story said.
type quote struct {
	text    string // the sentence, with its final punctuation
	speaker string
}

// Big story sizes.
const (
	minQuoteWords = 15
	maxQuoteWords = 35
	minQuoteKept  = 12 // a trimmed quote keeps at least this many words
)

// begin draws the story's dateline, terms and quotes: 2-4 people, 1-2 organisations, a place,
// 2-3 figures, 3-5 topic words, and 2-4 quotes of 15-35 words from the model.
func (g *generator) begin(st *bigStory) {
	r := g.x
	st.begun = true
	st.city = cities[r.IntN(len(cities))]
	add := func(kind termKind, person bool, texts []string) {
		for _, t := range texts {
			st.terms = append(st.terms, term{text: t, kind: kind, words: wordCount(t), person: person})
		}
	}
	people := distinct(2+r.IntN(3), func() string { return storyPerson(r) })
	add(termName, true, people)
	add(termName, false, distinct(1+r.IntN(2), func() string { return organisation(r) }))
	add(termName, false, []string{place(r)})
	add(termNumber, false, distinct(2+r.IntN(2), func() string { return figure(r) }))
	add(termTopic, false, distinct(3+r.IntN(3), func() string { return topicWord(r, g.w.m) }))
	for range 2 + r.IntN(3) {
		st.quotes = append(st.quotes, quote{text: g.xsentence(minQuoteWords, maxQuoteWords), speaker: people[r.IntN(len(people))]})
	}
	g.begun = append(g.begun, st)
	g.stats.Stories++
}

// xsentence draws a sentence of lo to hi words from the shapes' writer (or whatever comes, when
// the model makes none that long) and renders it.
func (g *generator) xsentence(lo, hi int) string {
	toks, n := g.xw.sentence()
	for tries := 0; (n < lo || n > hi) && tries < giveUp; tries++ {
		toks, n = g.xw.sentence()
	}
	return string(g.xw.appendTokens(nil, toks))
}

// storyArticle writes the next article of big story s.
func (g *generator) storyArticle(i int, s int) error {
	st := g.plan.stories[s]
	if !st.begun {
		g.begin(st)
	}
	src := st.outlets[st.next]
	st.next++
	var quotes []string
	k := 1 + g.x.IntN(2)
	for _, q := range g.x.Perm(len(st.quotes))[:min(k, len(st.quotes))] {
		quotes = append(quotes, g.quoteText(st.quotes[q]))
	}
	if err := g.woven(i, src, st, st.city, 0.7, quotes, roleOutlet); err != nil {
		return err
	}
	g.labels.union(st.pos[0], i)
	g.stats.StoryArticles++
	g.remember(i, st.pos[0], &g.xbody)
	return nil
}

// sameNames writes new prose with the names and terms of a big story already begun, without
// its quotes: a story of its own.
func (g *generator) sameNames(i int) error {
	st := g.begun[g.x.IntN(len(g.begun))]
	city := st.city
	if g.x.IntN(2) == 0 {
		city = cities[g.x.IntN(len(cities))]
	}
	if err := g.woven(i, g.x.IntN(g.opts.Sources), st, city, 0.5, nil, rolePlain); err != nil {
		return err
	}
	g.stats.SameNames++
	return nil
}

// woven writes article i by src: a title, perhaps a byline, a dateline of city (with chance
// dated), the outlet's boilerplate by its rules, fresh prose of the usual length woven with
// 50-80% of st's terms (people two to four times each), and the quotes and any recurring
// paragraphs as paragraphs of their own.
func (g *generator) woven(i, src int, st *bigStory, city string, dated float64, quotes []string, role role) error {
	r := g.x
	title := g.xw.title()
	var pre, post []string
	if r.IntN(10) < 6 {
		pre = append(pre, g.byline(r, src))
	}
	if r.Float64() < dated {
		pre = append(pre, g.dateline(city, i, src))
	}
	if g.wantsBoilerplate(r, src) {
		pre, post = g.withBoilerplate(src, pre, post)
	}
	rec := g.recurringFor()
	uses, added := g.termUses(st)
	extra := countWords(pre) + countWords(post) + countWords(quotes) + countWords(rec)
	most := g.opts.MaxWords - extra - added
	target := clamp(length(r, g.opts.MinWords, g.opts.MedianWords, g.opts.MaxWords)-extra-added, g.opts.MinWords-extra-added, most-minSentenceWords)
	g.xw.fillTokens(&g.xtoks, target, most)
	subs := g.xw.weave(r, &g.xtoks, uses)
	// A term in place of a run of words adds fewer words than budgeted: top the prose up to
	// MinWords with sentences of no term.
	if d := g.xw.delta(&g.xtoks, subs); g.xtoks.total+d < g.opts.MinWords-extra {
		g.xw.extendTokens(&g.xtoks, g.opts.MinWords-extra-d, g.opts.MaxWords-extra-d)
	}
	g.xw.render(&g.xbody, &g.xtoks, subs)
	if r.IntN(2) == 0 {
		title = weaveTitle(r, title, uses[0])
	}
	d := draft{src: src, title: title, pre: pre, body: g.xbody.text, post: post, role: role,
		inserts: g.placeInserts(&g.xbody, append(quotes, rec...)),
		words:   extra + g.xbody.words}
	return g.emit(i, &d)
}

// termUses draws the terms one article of st uses, 50-80% of them with at least one person,
// each as often as it will appear (a person 2-4 times, another name 1-2, a figure once, a topic
// word 1-2), in random order with a name first; and the words they add to the prose.
func (g *generator) termUses(st *bigStory) ([]*term, int) {
	r := g.x
	n := len(st.terms)
	k := int(math.Ceil((0.5 + 0.3*r.Float64()) * float64(n)))
	pick := r.Perm(n)[:k]
	if !slices.ContainsFunc(pick, func(t int) bool { return st.terms[t].person }) {
		pick[0] = 0 // the first term is a person
	}
	var uses []*term
	added := 0
	for _, p := range pick {
		t := &st.terms[p]
		times := 1
		switch {
		case t.person:
			times = 2 + r.IntN(3)
		case t.kind == termName || t.kind == termTopic:
			times = 1 + r.IntN(2)
		}
		for range times {
			uses = append(uses, t)
			added += t.words - 1
		}
	}
	r.Shuffle(len(uses), func(a, b int) { uses[a], uses[b] = uses[b], uses[a] })
	for k, t := range uses { // the title may take uses[0]: make it a name
		if t.kind == termName {
			uses[0], uses[k] = uses[k], uses[0]
			break
		}
	}
	return uses, added
}

// quoteText renders q as one outlet prints it: whole, or (one time in three) trimmed to its
// first or last 60-90% of words at a word boundary, keeping 12 or more; attributed before or
// after.
func (g *generator) quoteText(q quote) string {
	r := g.x
	f := strings.Fields(q.text)
	keep := len(f)
	if r.IntN(3) == 0 {
		keep = clamp(int(math.Round((0.6+0.3*r.Float64())*float64(len(f)))), min(minQuoteKept, len(f)), len(f))
	}
	switch {
	case keep < len(f) && r.IntN(2) == 0:
		return `"` + strings.Join(f[:keep], " ") + ` ...," ` + q.speaker + ` said.`
	case keep < len(f):
		return q.speaker + ` said: "... ` + strings.Join(f[len(f)-keep:], " ") + `"`
	case r.IntN(2) == 0 && strings.HasSuffix(q.text, "."):
		return `"` + strings.TrimSuffix(q.text, ".") + `," ` + q.speaker + ` said.`
	case r.IntN(2) == 0:
		return `"` + q.text + `" ` + q.speaker + ` said.`
	default:
		return q.speaker + ` said: "` + q.text + `"`
	}
}

// placeInserts puts each of texts before a distinct paragraph of b other than the first, or
// after the last, at random (sharing places when there are more texts than places).
func (g *generator) placeInserts(b *body, texts []string) []insert {
	if len(texts) == 0 {
		return nil
	}
	var starts []int
	for k, s := range b.sents {
		if s.para && k > 0 {
			starts = append(starts, int(s.start))
		}
	}
	starts = append(starts, len(b.text))
	out := make([]insert, 0, len(texts))
	perm := g.x.Perm(len(starts))
	for k, t := range texts {
		out = append(out, insert{at: starts[perm[k%len(perm)]], text: t})
	}
	slices.SortStableFunc(out, func(a, b insert) int { return a.at - b.at })
	return out
}
