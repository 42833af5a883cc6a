package pipeline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/shingle"
)

// sideFeatures describes how one document of a pair holds the passages the two share: what of
// it lies before, between and after them, and how the passages sit in its paragraphs.
type sideFeatures struct {
	words  int     // tokens of the text
	shared int     // tokens inside passages
	lead   int     // tokens before the first passage
	tail   int     // tokens after the last passage
	paraIn float64 // share of passages that are paragraphs of their own (start and end at a line's)
	cohere float64 // share of the unshared content words near passages that the shared text also holds
	near   int     // unshared content words near passages (cohere's denominator)
	names  bool    // the unshared text names the other document's source (outlet)
	// credit is whether the unshared text says it was published elsewhere ("first published
	// by", "reprinted"): found when a rule asks (credits), since it reads every word
	credit int8 // 0 not known yet, 1 yes, -1 no
	toks   []shingle.Token
	in     []bool // toks inside passages
}

// byteSpan is where a passage lies in one of the texts, in bytes.
type byteSpan struct{ start, end int }

// sideScratch is the memory sideOf works in, kept for the next pair by a caller that measures
// many (the direction stage measured c20k's 7,500 pairs in 270 MB of tables and flags made
// afresh, a tenth of all the run allocated). The features it returns point into in: a side's
// features are used before its scratch measures another.
type sideScratch struct {
	in, seen []bool
	shared   hashSet
}

// sideOf measures one side of a pair: text, its passages' spans (in text order) and tokens.
// With a nil scratch it works in memory of its own.
func sideOf(text string, spans []byteSpan, toks []shingle.Token, otherSource string, sc *sideScratch) sideFeatures {
	f := sideFeatures{words: len(toks)}
	if len(spans) == 0 || len(toks) == 0 {
		return f
	}
	if sc == nil {
		sc = new(sideScratch)
	}
	in := falses(&sc.in, len(toks))
	k := 0
	first, last := -1, -1
	for i, t := range toks {
		for k < len(spans) && spans[k].end <= t.Start {
			k++
		}
		if k < len(spans) && t.Start >= spans[k].start && t.End <= spans[k].end {
			in[i] = true
			f.shared++
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return f
	}
	f.lead = first
	f.tail = len(toks) - 1 - last
	// the shared text's content words, by their hashes (a map of their strings was a third of
	// sideOf's cost)
	shared := &sc.shared
	shared.reset(f.shared)
	for i, t := range toks {
		if in[i] {
			if h, ok := contentHash(t.Norm); ok {
				shared.add(h)
			}
		}
	}
	// near passages: up to window content words either side of each passage, outside passages
	const window = 40
	near, hit := 0, 0
	seen := falses(&sc.seen, len(toks))
	look := func(j int) bool {
		if seen[j] {
			return false
		}
		h, ok := contentHash(toks[j].Norm)
		if !ok {
			return false
		}
		seen[j] = true
		near++
		if shared.has(h) {
			hit++
		}
		return true
	}
	for i := range toks {
		if !in[i] || (i > 0 && in[i-1]) {
			continue
		}
		// a passage starts at i: look back
		n := 0
		for j := i - 1; j >= 0 && !in[j] && n < window; j-- {
			if look(j) {
				n++
			}
		}
	}
	for i := range toks {
		if !in[i] || (i+1 < len(toks) && in[i+1]) {
			continue
		}
		n := 0
		for j := i + 1; j < len(toks) && !in[j] && n < window; j++ {
			if look(j) {
				n++
			}
		}
	}
	f.near = near
	if near > 0 {
		f.cohere = float64(hit) / float64(near)
	} else {
		f.cohere = -1
	}
	para := 0
	for _, s := range spans {
		if lineStart(text, s.start) && lineEnd(text, s.end) {
			para++
		}
	}
	f.paraIn = float64(para) / float64(len(spans))
	f.toks, f.in = toks, in
	if name := sourceName(otherSource); name != "" {
		f.names = outsideSeq(toks, in, [][]string{strings.Fields(name)})
	}
	return f
}

// credits reports whether the text outside the passages says it was published elsewhere.
func (f *sideFeatures) credits() bool {
	if f.credit == 0 {
		f.credit = -1
		if outsideSeq(f.toks, f.in, creditSeqs) {
			f.credit = 1
		}
	}
	return f.credit > 0
}

// contentWord reports whether a word says what a text is about: three letters or more, and no
// stop word.
func contentWord(norm string) bool {
	_, ok := contentHash(norm)
	return ok
}

// contentHash is contentWord, with the word's hash when it is one.
func contentHash(norm string) (uint64, bool) {
	if len(norm) < 3 {
		return 0, false
	}
	h := shingle.TokenHash(norm)
	return h, !stopWords.has(uint32(h>>32) &^ 1)
}

// hashSet is a set of word hashes: open addressing in a table of a power of two at least twice
// as long as the words it is made for.
type hashSet struct{ slot []uint64 } // hash | 1 (never 0), 0 when empty

func (s *hashSet) reset(n int) {
	size := 16
	for size < 2*n {
		size *= 2
	}
	if cap(s.slot) < size {
		s.slot = make([]uint64, size)
		return
	}
	s.slot = s.slot[:size]
	clear(s.slot)
}

// falses returns *buf cut or grown to n flags, all false.
func falses(buf *[]bool, n int) []bool {
	if cap(*buf) < n {
		*buf = make([]bool, n)
		return *buf
	}
	*buf = (*buf)[:n]
	clear(*buf)
	return *buf
}

func (s *hashSet) add(h uint64) {
	mask := uint64(len(s.slot) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slot[i] {
		case 0:
			s.slot[i] = h | 1
			return
		case h | 1:
			return
		}
	}
}

func (s *hashSet) has(h uint64) bool {
	mask := uint64(len(s.slot) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slot[i] {
		case 0:
			return false
		case h | 1:
			return true
		}
	}
}

// lineStart reports whether only spaces and punctuation (no word) lie between the start of the
// line and byte i.
func lineStart(text string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		c := text[j]
		if c == '\n' {
			return true
		}
		if c < utf8.RuneSelf && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))) {
			return false
		}
	}
	return true
}

// lineEnd reports whether only spaces and punctuation lie between byte i and the line's end.
func lineEnd(text string, i int) bool {
	for j := i; j < len(text); j++ {
		c := text[j]
		if c == '\n' {
			return true
		}
		if c < utf8.RuneSelf && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))) {
			return false
		}
	}
	return true
}

// creditCues are phrases by which a text says it carries another outlet's article.
var creditCues = []string{"first published", "originally published", "published by", "reprinted",
	"republished", "full story", "courtesy of", "appeared in", "appeared first"}

// creditSeqs are creditCues as sequences of normalised words.
var creditSeqs = func() [][]string {
	seqs := make([][]string, len(creditCues))
	for i, c := range creditCues {
		for _, t := range shingle.Tokenize(c) {
			seqs[i] = append(seqs[i], t.Norm)
		}
	}
	return seqs
}()

// outsideSeq reports whether one of seqs (normalised words) occurs among the tokens outside
// the shared text (in false).
func outsideSeq(toks []shingle.Token, in []bool, seqs [][]string) bool {
	var may [256]uint32 // by a first word's first byte, a bit for its length (31 for longer)
	for _, seq := range seqs {
		if len(seq) > 0 && seq[0] != "" {
			may[seq[0][0]] |= 1 << min(len(seq[0]), 31)
		}
	}
	for i := range toks {
		w := toks[i].Norm
		if in[i] || w == "" || may[w[0]]&(1<<min(len(w), 31)) == 0 {
			continue
		}
	next:
		for _, seq := range seqs {
			if len(seq) == 0 || toks[i].Norm != seq[0] || i+len(seq) > len(toks) {
				continue
			}
			for k := 1; k < len(seq); k++ {
				if in[i+k] || toks[i+k].Norm != seq[k] {
					continue next
				}
			}
			return true
		}
	}
	return false
}

// sourceName is a source as a text would name it, its normalised words joined by spaces
// (harbor-gazette: "harbor gazette"); "" for a name too short to look for (under 4 letters).
func sourceName(source string) string {
	var words []string
	for _, t := range shingle.Tokenize(source) {
		words = append(words, t.Norm)
	}
	name := strings.Join(words, " ")
	if utf8.RuneCountInString(name) < 4 {
		return ""
	}
	return name
}
