package credit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/shingle"
)

// Kind is how an article gives a passage: its String is the contract's `credit` value. The zero
// Kind is none of them: not asked (its String is ""). A byte, not the string it names: a result
// holds one for every occurrence of every shared passage and both sides of every pair passage
// (the recurring-paragraph corpus, c20k: 295,000 occurrences, each 16 bytes smaller), and the
// report writes it as its name, in JSON too (MarshalText).
type Kind uint8

// The kinds of credit.
const (
	None     Kind = iota + 1 // "none": neither quoted nor credited: uncredited copy, or the article's own words
	Quote                    // "quote": mostly inside quotation marks
	Credited                 // "credited": the article credits a wire or an outlet for it
)

// kindNames are the kinds' names, by Kind.
var kindNames = [...]string{"", "none", "quote", "credited"}

// String returns the kind's name: "none", "quote" or "credited"; "" for the zero Kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("credit.Kind(%d)", uint8(k))
}

// MarshalText writes the kind as its name (String), so that JSON holds the contract's value.
func (k Kind) MarshalText() ([]byte, error) {
	if int(k) >= len(kindNames) {
		return nil, fmt.Errorf("credit: no kind %d", uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText reads a kind's name, as MarshalText writes it ("" for the zero Kind).
func (k *Kind) UnmarshalText(b []byte) error {
	for i, name := range kindNames {
		if string(b) == name {
			*k = Kind(i)
			return nil
		}
	}
	return fmt.Errorf("credit: no kind %q", b)
}

// IsCredited reports whether k gives the passage as someone else's: a quote or credited copy.
func (k Kind) IsCredited() bool { return k == Quote || k == Credited }

// quoteShare is the share of a span's words that must lie inside quotation marks for it to be a
// quote: most of it, so that a passage of lifted narrative with a short quote in it is not.
const quoteShare = 2.0 / 3

// Text is what Of needs to know about one article's text. Make it with Read, or Reset one (the
// zero Text too) to reuse its memory for another text. A paragraph is looked at (its words,
// quotes and credit phrases) only when a span of it is asked about: a report asks about a few
// passages of each of many long texts. A Text is not safe for concurrent use.
type Text struct {
	text   string
	paras  [][2]int          // paragraphs: byte spans, ascending
	seen   []bool            // per paragraph: looked at
	words  [][][2]int        // per paragraph: its words' byte spans, at the text's offsets
	tz     shingle.Tokenizer // for the paragraph looked at (its words' forms are needed only then)
	quotes [][][2]int        // per paragraph: byte spans inside quotation marks, ascending, disjoint
	credit []bool            // per paragraph: it credits an outlet
	whole  int8              // the article credits a wire as a whole (dateline, byline): 0 not asked, 1 yes, -1 no
	// wbuf and qbuf hold words' and quotes' spans, which words and quotes slice: a paragraph
	// looked at appends to them (an earlier paragraph's slice keeps the array it was cut from)
	wbuf, qbuf [][2]int
	qtmp       [][2]int // one paragraph's quotes
}

// Of classifies bytes start to end of text, as Read(text).Of(start, end) does.
func Of(text string, start, end int) Kind { return Read(text).Of(start, end) }

// Read prepares an article's text for any number of calls to Of.
func Read(text string) *Text {
	t := new(Text)
	t.Reset(text)
	return t
}

// Reset prepares t for another text, as Read does, reusing the memory t holds: for a caller
// that classifies the spans of many texts one text at a time (a report's credits allocated
// 500 MB at c20k, reading each text into a new Text).
func (t *Text) Reset(text string) {
	t.text, t.paras = text, appendParagraphs(t.paras[:0], text)
	n := len(t.paras)
	t.seen = slices.Grow(t.seen[:0], n)[:n]
	clear(t.seen)
	t.credit = slices.Grow(t.credit[:0], n)[:n]
	t.words = slices.Grow(t.words[:0], n)[:n]
	t.quotes = slices.Grow(t.quotes[:0], n)[:n]
	t.wbuf, t.qbuf = t.wbuf[:0], t.qbuf[:0]
	t.whole = 0
}

// look looks at paragraph i, once: its words, its quotes, whether it credits an outlet.
func (t *Text) look(i int) {
	if t.seen[i] {
		return
	}
	t.seen[i] = true
	p := t.paras[i]
	para := t.text[p[0]:p[1]]
	toks := t.tz.Tokenize(para)
	w0 := len(t.wbuf)
	for k := range toks {
		toks[k].Start += p[0]
		toks[k].End += p[0]
		t.wbuf = append(t.wbuf, [2]int{toks[k].Start, toks[k].End})
	}
	t.words[i] = t.wbuf[w0:len(t.wbuf):len(t.wbuf)]
	// the quotes apart first: appendQuotes merges a span with the last one before it, which in
	// qbuf may be another paragraph's (paragraphs are looked at in the order asked)
	t.qtmp = appendQuotes(t.qtmp[:0], para, p[0])
	q0 := len(t.qbuf)
	t.qbuf = append(t.qbuf, t.qtmp...)
	t.quotes[i] = t.qbuf[q0:len(t.qbuf):len(t.qbuf)]
	t.credit[i] = creditsOutlet(t.text, p[0], p[1], toks)
}

// SetWhole says whether the article credits a wire as a whole, as Whole would find: for a caller
// that keeps the answer of an earlier Read of the same text.
func (t *Text) SetWhole(whole bool) {
	t.whole = -1
	if whole {
		t.whole = 1
	}
}

// Whole reports whether the article credits a wire as a whole: a dateline in its first three
// paragraphs, a byline in its first two or last three. Then every passage of it that is not a
// quote is credited copy.
func (t *Text) Whole() bool {
	if t.whole == 0 {
		t.whole = -1
		for i, p := range t.paras {
			if i >= 3 && i < len(t.paras)-3 {
				continue
			}
			para := t.text[p[0]:p[1]]
			if i < 3 && dateline(para) || (i < 2 || i >= len(t.paras)-3) && byline(para) {
				t.whole = 1
				break
			}
		}
	}
	return t.whole > 0
}

// Of classifies bytes start to end of the text (clamped to it).
func (t *Text) Of(start, end int) Kind {
	start, end = max(0, min(start, len(t.text))), max(0, min(end, len(t.text)))
	words, quoted, credited := 0, 0, 0
	// the first paragraph, and in it the first word, that ends after start: searched, not walked
	// to (an article's recurring passages ask for most of its paragraphs, each walk from the top)
	first, _ := slices.BinarySearchFunc(t.paras, start, func(p [2]int, start int) int { return cmp.Compare(p[1], start+1) })
	for i := first; i < len(t.paras); i++ {
		p := t.paras[i]
		if p[0] >= end {
			break
		}
		t.look(i)
		q := 0
		quotes := t.quotes[i]
		ws0, _ := slices.BinarySearchFunc(t.words[i], start, func(w [2]int, start int) int { return cmp.Compare(w[1], start+1) })
		for _, w := range t.words[i][ws0:] {
			ws := w[0]
			if ws >= end {
				break
			}
			words++
			for q < len(quotes) && quotes[q][1] <= ws {
				q++
			}
			if q < len(quotes) && quotes[q][0] <= ws {
				quoted++
			}
			if t.credit[i] {
				credited++
			}
		}
	}
	switch {
	case words == 0:
		return None
	case float64(quoted) >= quoteShare*float64(words):
		return Quote
	case 2*credited >= words || t.Whole():
		return Credited
	}
	return None
}

// paragraphs splits text at blank lines; a text without blank lines, at line breaks. Spans
// exclude the line breaks and are never empty.
func paragraphs(text string) [][2]int { return appendParagraphs(nil, text) }

// appendParagraphs is paragraphs appending to out.
func appendParagraphs(out [][2]int, text string) [][2]int {
	blank := strings.Contains(text, "\n\n") || strings.Contains(text, "\n\r\n") || hasBlankLine(text)
	start := 0
	add := func(a, b int) {
		for a < b && isSpaceByte(text[a]) {
			a++
		}
		for b > a && isSpaceByte(text[b-1]) {
			b--
		}
		if a < b {
			out = append(out, [2]int{a, b})
		}
	}
	for i := 0; i < len(text); i++ {
		// to the next line break, found a word at a time (a byte at a time was a tenth of
		// credits' cost at 200k synthetic articles)
		k := strings.IndexByte(text[i:], '\n')
		if k < 0 {
			break
		}
		i += k
		if !blank {
			add(start, i)
			start = i + 1
			continue
		}
		// a blank line: only white space up to the next line break
		j := i + 1
		for j < len(text) && text[j] != '\n' && isSpaceByte(text[j]) {
			j++
		}
		if j < len(text) && text[j] == '\n' {
			add(start, i)
			start = j + 1
			i = j
		}
	}
	add(start, len(text))
	return out
}

func hasBlankLine(text string) bool {
	for l := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(l) == "" {
			return true
		}
	}
	return false
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' }

// opened is a quotation mark waiting for its closer.
type opened struct {
	start   int    // byte after the opening mark
	closers string // the marks that close it
}

// appendQuotes appends the quoted spans of one paragraph (at byte offset base of the text).
func appendQuotes(out [][2]int, para string, base int) [][2]int {
	var stack []opened
	lo := -1 // start of the outermost open quote
	closeTo := func(i, at int) {
		if i == 0 {
			out = appendSpan(out, base+lo, base+at)
			lo = -1
		}
		stack = stack[:i]
	}
	open := func(after int, closers string) {
		if len(stack) == 0 {
			lo = after
		}
		stack = append(stack, opened{after, closers})
	}
	// find returns the index in stack of the innermost quote that r closes, or -1.
	find := func(r rune) int {
		for i := len(stack) - 1; i >= 0; i-- {
			if strings.ContainsRune(stack[i].closers, r) {
				return i
			}
		}
		return -1
	}
	for i := 0; i < len(para); {
		if c := para[i]; c < utf8.RuneSelf && c != '"' && c != '\'' {
			i++ // most bytes: no mark
			continue
		}
		r, size := utf8.DecodeRuneInString(para[i:])
		if !isMark(r) {
			i += size
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(para[:i])
		next, _ := utf8.DecodeRuneInString(para[i+size:])
		if i == 0 {
			prev = ' '
		}
		if i+size == len(para) {
			next = ' '
		}
		atStart := opensWord(prev, next)
		atEnd := endsWord(prev, next)
		switch r {
		case '“':
			if k := find(r); k >= 0 && (atEnd || !atStart) {
				closeTo(k, i) // „…“
			} else if atStart || !atEnd {
				open(i+size, "”“")
			} else if len(stack) > 0 {
				closeTo(len(stack)-1, i)
			}
		case '”':
			if k := find(r); k >= 0 {
				closeTo(k, i)
			} else if atStart && len(stack) == 0 {
				open(i+size, "”") // Swedish ”…”
			}
		case '„':
			open(i+size, "“”")
		case '‚':
			if atStart {
				open(i+size, "‘’")
			}
		case '‘':
			if k := find(r); k >= 0 && atEnd {
				closeTo(k, i) // ‚…‘
			} else if atStart {
				open(i+size, "’")
			}
		case '’':
			if k := find(r); k >= 0 && atEnd && !isWord(next) {
				closeTo(k, i)
			}
		case '"':
			if k := find(r); k >= 0 && (atEnd || !atStart) {
				closeTo(k, i)
			} else if atStart {
				open(i+size, `"`)
			}
		case '\'':
			if k := find(r); k >= 0 && atEnd && !isWord(next) {
				closeTo(k, i)
			} else if atStart && isWord(next) {
				open(i+size, "'")
			}
		case '«', '‹':
			c := map[rune]rune{'«': '»', '‹': '›'}[r]
			if k := find(r); k >= 0 {
				closeTo(k, i) // »…«
			} else {
				open(i+size, string(c))
			}
		case '»', '›':
			c := map[rune]rune{'»': '«', '›': '‹'}[r]
			if k := find(r); k >= 0 {
				closeTo(k, i)
			} else if atStart && isWord(next) {
				open(i+size, string(c)) // German »…«
			}
		case '「':
			open(i+size, "」")
		case '『':
			open(i+size, "』")
		case '」', '』':
			if k := find(r); k >= 0 {
				closeTo(k, i)
			}
		}
		i += size
	}
	if len(stack) > 0 { // unclosed: the quote runs to the end of the paragraph
		out = appendSpan(out, base+lo, base+len(para))
	}
	return out
}

// appendSpan appends [a, b) to ascending disjoint spans, merging it with the last if they meet.
func appendSpan(out [][2]int, a, b int) [][2]int {
	if b <= a {
		return out
	}
	if n := len(out); n > 0 && out[n-1][1] >= a {
		out[n-1][1] = max(out[n-1][1], b)
		return out
	}
	return append(out, [2]int{a, b})
}

// isMark reports whether r is a quotation mark appendQuotes pairs.
func isMark(r rune) bool {
	switch r {
	case '“', '”', '„', '‚', '‘', '’', '"', '\'', '«', '‹', '»', '›', '「', '『', '」', '』':
		return true
	}
	return false
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// opensWord reports whether a mark between prev and next stands at the start of a word: after
// a space, an opening bracket, a dash or another mark, and before something that is not a space.
func opensWord(prev, next rune) bool {
	before := unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/:‚„“«»‹›「『‘\"'", prev)
	return before && !unicode.IsSpace(next) && next != utf8.RuneError
}

// endsWord reports whether a mark between prev and next stands at the end of a word: after
// something that is not a space, and before a space, punctuation or the end.
func endsWord(prev, next rune) bool {
	return !unicode.IsSpace(prev) && (unicode.IsSpace(next) || unicode.IsPunct(next) || unicode.IsSymbol(next))
}
