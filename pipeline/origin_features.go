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
	words   int     // tokens of the text
	shared  int     // tokens inside passages
	lead    int     // tokens before the first passage
	tail    int     // tokens after the last passage
	inner   int     // tokens between the first and the last passage outside passages
	paraIn  float64 // share of passages that are paragraphs of their own (start and end at a line's)
	sentIn  float64 // share of passages that start and end at a sentence's ends
	cohere  float64 // share of the unshared content words near passages that the shared text also holds
	near    int     // unshared content words near passages (cohere's denominator)
	credit  bool    // the unshared text says it was published elsewhere ("first published by", "reprinted")
	names   bool    // the unshared text names the other document's source (outlet)
	islands int     // runs of passages with no unshared content word between them
}

// span of bytes of one side of a passage
type byteSpan struct{ start, end int }

// sideOf measures one side of a pair: text, its passages' spans (in text order) and tokens.
func sideOf(text string, spans []byteSpan, toks []shingle.Token, otherSource string) sideFeatures {
	f := sideFeatures{words: len(toks)}
	if len(spans) == 0 || len(toks) == 0 {
		return f
	}
	in := make([]bool, len(toks))
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
	f.inner = (last - first + 1) - f.shared
	// the shared text's content words
	sharedWords := map[string]bool{}
	for i, t := range toks {
		if in[i] && contentWord(t.Norm) {
			sharedWords[t.Norm] = true
		}
	}
	// near passages: up to window content words either side of each passage, outside passages
	const window = 40
	near, hit := 0, 0
	seen := make([]bool, len(toks))
	for i := range toks {
		if !in[i] || (i > 0 && in[i-1]) {
			continue
		}
		// a passage starts at i: look back
		n := 0
		for j := i - 1; j >= 0 && !in[j] && n < window; j-- {
			if contentWord(toks[j].Norm) && !seen[j] {
				seen[j] = true
				n++
				near++
				if sharedWords[toks[j].Norm] {
					hit++
				}
			}
		}
	}
	for i := range toks {
		if !in[i] || (i+1 < len(toks) && in[i+1]) {
			continue
		}
		n := 0
		for j := i + 1; j < len(toks) && !in[j] && n < window; j++ {
			if contentWord(toks[j].Norm) && !seen[j] {
				seen[j] = true
				n++
				near++
				if sharedWords[toks[j].Norm] {
					hit++
				}
			}
		}
	}
	f.near = near
	if near > 0 {
		f.cohere = float64(hit) / float64(near)
	} else {
		f.cohere = -1
	}
	para, sent := 0, 0
	for _, s := range spans {
		if lineStart(text, s.start) && lineEnd(text, s.end) {
			para++
		}
		if sentenceStart(text, s.start) && sentenceEnd(text, s.end) {
			sent++
		}
	}
	f.paraIn = float64(para) / float64(len(spans))
	f.sentIn = float64(sent) / float64(len(spans))
	// islands: passages separated by unshared content words
	f.islands = 0
	gap := true
	for i := first; i <= last; i++ {
		if in[i] {
			if gap {
				f.islands++
			}
			gap = false
		} else if contentWord(toks[i].Norm) {
			gap = true
		}
	}
	f.credit = outside(text, spans, func(s string) bool {
		for _, c := range creditCues {
			if strings.Contains(s, c) {
				return true
			}
		}
		return false
	})
	if name := sourceName(otherSource); name != "" {
		f.names = outside(text, spans, func(s string) bool { return strings.Contains(s, name) })
	}
	return f
}

func contentWord(norm string) bool {
	return len(norm) >= 3 && !stopWords.has(uint32(shingle.TokenHash(norm)>>32)&^1)
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

func sentenceStart(text string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch c := text[j]; c {
		case ' ', '\t', '"', '\'', '(', '[':
			continue
		case '.', '!', '?', '\n', '\r', ':':
			return true
		default:
			if c >= utf8.RuneSelf {
				continue // quotes and dashes
			}
			return false
		}
	}
	return true
}

func sentenceEnd(text string, i int) bool {
	for j := i; j < len(text); j++ {
		switch c := text[j]; c {
		case '"', '\'', ')', ']':
			continue
		case '.', '!', '?', '\n', '\r':
			return true
		case ' ', '\t':
			return false
		default:
			if c >= utf8.RuneSelf {
				continue
			}
			return false
		}
	}
	return true
}

// creditCues are phrases by which a text says it carries another outlet's article.
var creditCues = []string{"first published", "originally published", "published by", "reprinted",
	"republished", "full story", "courtesy of", "appeared in", "appeared first"}

// outside reports whether found holds for some stretch of text outside spans, lower-cased.
func outside(text string, spans []byteSpan, found func(string) bool) bool {
	prev := 0
	for _, s := range spans {
		if s.start > prev && found(strings.ToLower(text[prev:s.start])) {
			return true
		}
		prev = max(prev, s.end)
	}
	return found(strings.ToLower(text[prev:]))
}

// sourceName is a source as a text would name it, lower case, its words joined by spaces
// (harbor-gazette: "harbor gazette"); "" for a name too short to look for (under 4 letters).
func sourceName(source string) string {
	name := strings.Join(strings.FieldsFunc(strings.ToLower(source), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
	if utf8.RuneCountInString(name) < 4 {
		return ""
	}
	return name
}
