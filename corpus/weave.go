package corpus

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// Weaving: the articles of a big story are fresh prose from the model with the story's terms
// put in place of some of its tokens. A capitalised word inside a sentence is mostly a name in
// Reuters ("Japan", "Volcker", "Texaco") and takes a person, organisation or place; a number
// takes a figure; a lower-case word of middling frequency takes a topic word. Terms that find
// no token of their kind replace any lower-case word but the commonest. The prose is kept as
// tokens until the terms are in, then rendered.

// termKind is the kind of token a term replaces.
type termKind uint8

const (
	termName termKind = iota
	termNumber
	termTopic
	termAny // a lower-case word that is not among the commonest: the fallback
	termKinds
)

// term is one of a big story's terms.
type term struct {
	text   string
	kind   termKind
	words  int
	person bool
}

// Vocabulary bands, by frequency rank (token ids are in frequency order): words ranked below
// anyFrom are too common to replace; topic words are drawn from ranks topicFrom to topicTo.
const (
	anyFrom   = 100
	topicFrom = 400
	topicTo   = 8000
)

// topicBand returns the ranks topic words are drawn from in m: 400 to 8,000 on a large model,
// proportionally less on a small one.
func topicBand(m *Model) (int, int) {
	v := len(m.isWord)
	return min(topicFrom, v/8), min(topicTo, v/2)
}

// topicWord draws a lower-case word of middling frequency (not a stopword, not a rarity).
func topicWord(r *rand.Rand, m *Model) string {
	lo, hi := topicBand(m)
	var w string
	for range 100 {
		t := uint32(lo + r.IntN(max(hi-lo, 1)))
		if w = string(m.word(t)[1:]); m.isWord[t] == 1 && len(w) >= 4 && isLower(w) {
			return w
		}
	}
	return w
}

// isLower reports whether w is all lower-case ASCII letters.
func isLower(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

// tokBody is article prose kept as tokens.
type tokBody struct {
	toks  []uint32
	ends  []int // sentence k is toks[ends[k-1]:ends[k]] (from 0 for the first)
	words []int
	para  []bool // sentence k opens a paragraph
	total int
}

func (b *tokBody) reset() {
	b.toks, b.ends, b.words, b.para, b.total = b.toks[:0], b.ends[:0], b.words[:0], b.para[:0], 0
}

// fillTokens is fill keeping tokens: sentences into b until it holds at least target words,
// never more than max, in paragraphs drawn as fill draws them.
func (w *writer) fillTokens(b *tokBody, target, max int) {
	b.reset()
	w.extendTokens(b, target, max)
}

// extendTokens goes on filling b: sentences until it holds at least target words, never more
// than max.
func (w *writer) extendTokens(b *tokBody, target, max int) {
	left, misses := 1, 0
	if len(b.ends) > 0 {
		left = 0 // what follows opens a paragraph
	}
	for b.total < target && misses < fillTries {
		toks, n := w.sentence()
		if b.total+n > max {
			misses++
			continue
		}
		open := len(b.ends) == 0 || left == 0
		if open && len(b.ends) > 0 {
			left = paraSentences[w.r.IntN(len(paraSentences))]
		}
		b.toks = append(b.toks, toks...)
		b.ends = append(b.ends, len(b.toks))
		b.words = append(b.words, n)
		b.para = append(b.para, open)
		b.total += n
		left--
	}
}

// hole is a run of tokens of a tokBody a term may replace: tokens [at, at+n).
type hole struct {
	at, n int
}

// sub puts a term in place of a hole.
type sub struct {
	hole
	term *term
}

// units are the words after a number that a figure replaces along with it ("billion dollars").
var units = map[string]bool{
	"million": true, "billion": true, "trillion": true, "dollars": true, "dollar": true, "percent": true,
	"cents": true, "yen": true, "marks": true, "sterling": true, "francs": true, "pct": true,
}

// maxNameRun bounds the capitalised words one name replaces ("Federal Reserve Board chairman").
const maxNameRun = 4

// holes lists the holes of b each kind of term may fill, never at a sentence's first token: a
// run of capitalised words (a name), a number with its units, a lower-case word of middling
// frequency (a topic), any lower-case word but the commonest.
func (w *writer) holes(b *tokBody) [termKinds][]hole {
	var out [termKinds][]hole
	lo, hi := topicBand(w.m)
	from := 0
	for _, end := range b.ends {
		for at := from + 1; at < end; at++ {
			t := b.toks[at]
			if w.m.isWord[t] == 0 {
				continue
			}
			switch c := w.first(t); {
			case isUpper(c):
				if at > from+1 && w.m.isWord[b.toks[at-1]] == 1 && isUpper(w.first(b.toks[at-1])) {
					continue // inside a run that starts earlier
				}
				n := 1
				for at+n < end && n < maxNameRun && w.m.isWord[b.toks[at+n]] == 1 && isUpper(w.first(b.toks[at+n])) {
					n++
				}
				out[termName] = append(out[termName], hole{at, n})
			case c >= '0' && c <= '9':
				n := 1
				for at+n < end && n < 3 && units[string(w.m.word(b.toks[at+n])[1:])] {
					n++
				}
				out[termNumber] = append(out[termNumber], hole{at, n})
			case c >= 'a' && c <= 'z' && int(t) >= lo && int(t) < hi:
				out[termTopic] = append(out[termTopic], hole{at, 1})
			case c >= 'a' && c <= 'z' && int(t) >= anyFrom:
				out[termAny] = append(out[termAny], hole{at, 1})
			}
		}
		from = end
	}
	return out
}

// first returns the first byte of word token t.
func (w *writer) first(t uint32) byte { return w.m.word(t)[1] }

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// fits reports whether h touches none of the tokens used.
func (h hole) fits(used map[int]bool) bool {
	for k := h.at - 1; k <= h.at+h.n; k++ {
		if used[k] {
			return false
		}
	}
	return true
}

// weave places each of uses (terms, a term once per use) in a hole of b of its kind, else in
// any free hole, and returns the substitutions in token order. No two terms touch; a use that
// finds no hole is dropped.
func (w *writer) weave(r *rand.Rand, b *tokBody, uses []*term) []sub {
	holes := w.holes(b)
	for k := range holes {
		r.Shuffle(len(holes[k]), func(i, j int) { holes[k][i], holes[k][j] = holes[k][j], holes[k][i] })
	}
	used := map[int]bool{}
	var out []sub
	for _, t := range uses {
		for _, kind := range [...]termKind{t.kind, termAny, termTopic, termName, termNumber} {
			h, ok := hole{}, false
			for len(holes[kind]) > 0 && !ok {
				h = holes[kind][len(holes[kind])-1]
				holes[kind] = holes[kind][:len(holes[kind])-1]
				ok = h.fits(used)
			}
			if ok {
				for k := h.at; k < h.at+h.n; k++ {
					used[k] = true
				}
				out = append(out, sub{hole: h, term: t})
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b sub) int { return a.at - b.at })
	return out
}

// delta is how many words the substitutions add to b (fewer than their terms' words when a term
// replaces a run of several).
func (w *writer) delta(b *tokBody, subs []sub) int {
	d := 0
	for _, s := range subs {
		d += s.term.words
		for k := s.at; k < s.at+s.n; k++ {
			d -= int(w.m.isWord[b.toks[k]])
		}
	}
	return d
}

// render writes b into dst with the substitutions made.
func (w *writer) render(dst *body, b *tokBody, subs []sub) {
	dst.reset()
	from := 0
	for k, end := range b.ends {
		if b.para[k] && k > 0 {
			dst.text = append(dst.text, "\n\n"...)
		} else if k > 0 {
			dst.text = append(dst.text, ' ')
		}
		start := len(dst.text)
		words := b.words[k]
		dst.text = w.appendTokens(dst.text, b.toks[from:from+1])
		for at := from + 1; at < end; at++ {
			if len(subs) > 0 && subs[0].at == at {
				s := subs[0]
				subs = subs[1:]
				dst.text = append(append(dst.text, ' '), s.term.text...)
				words += s.term.words
				for k := at; k < at+s.n; k++ {
					words -= int(w.m.isWord[b.toks[k]])
				}
				at += s.n - 1
				continue
			}
			dst.text = append(dst.text, w.m.word(b.toks[at])...)
		}
		dst.sents = append(dst.sents, span{start: int32(start), end: int32(len(dst.text)), words: int32(words), para: b.para[k]})
		dst.words += words
		from = end
	}
}

// weaveTitle puts a name term in place of one capitalised or lower-case word of title (not the
// first), when it has one.
func weaveTitle(r *rand.Rand, title string, t *term) string {
	f := strings.Fields(title)
	var cands []int
	for k := 1; k < len(f); k++ {
		if isLower(f[k]) || (isLower(strings.ToLower(f[k])) && len(f[k]) > 1) {
			cands = append(cands, k)
		}
	}
	if len(cands) == 0 {
		return title
	}
	f[cands[r.IntN(len(cands))]] = t.text
	return strings.Join(f, " ")
}
