package shingle

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Token is one word of a text.
type Token struct {
	Start, End int    // byte span in the original text: text[Start:End] is the word as written
	Norm       string // normalised form: NFKC, accents removed, case folded, apostrophes unified
}

// Character classes of the tokenizer.
const (
	classSep   = iota // separates tokens
	classWord         // letter, digit or combining mark
	classApos         // joins two word characters (an apostrophe)
	classPoint        // joins two digits ('.' and ',')
	classSplit        // a token of its own: scripts written without spaces
)

// asciiClass classifies ASCII bytes; bytes >= 0x80 start a multi-byte rune.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = classWord
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = classWord
		t[c-'a'+'A'] = classWord
	}
	t['\''] = classApos
	t['.'] = classPoint
	t[','] = classPoint
	return t
}()

// splitScripts are written without spaces between words: one token per character.
var splitScripts = []*unicode.RangeTable{
	unicode.Han, unicode.Hiragana, unicode.Katakana,
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
}

func classOf(r rune) uint8 {
	if r < utf8.RuneSelf {
		return asciiClass[r]
	}
	switch {
	case r == utf8.RuneError:
		return classSep
	case unicode.IsMark(r):
		return classWord
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		if unicode.In(r, splitScripts...) {
			return classSplit
		}
		if r == 'ʼ' {
			return classApos
		}
		return classWord
	case isApostrophe(r):
		return classApos
	}
	return classSep
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', '′', '＇':
		return true
	}
	return false
}

// decode returns the rune at text[i] and its size; invalid bytes are utf8.RuneError of size 1.
func decode(text string, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

// Tokenize splits text into normalised word tokens with their byte spans in text.
// It accepts any bytes: invalid UTF-8 separates tokens. Tokens are ordered and never overlap.
func Tokenize(text string) []Token {
	return appendTokens(make([]Token, 0, len(text)/6+8), make([]byte, 0, len(text)+16), text)
}

// Tokenizer tokenizes text after text reusing its memory: for a stage that looks at each
// document's tokens only until it takes the next one. The zero value is ready to use; a
// Tokenizer is not safe for concurrent use.
type Tokenizer struct {
	toks []Token
	buf  []byte
}

// Tokenize is [Tokenize], but the tokens (and their Norm strings) are valid only until the next
// call: it reuses the memory of the previous call.
func (t *Tokenizer) Tokenize(text string) []Token {
	if cap(t.buf) < len(text)+16 {
		t.buf = make([]byte, 0, 2*len(text)+16)
	}
	t.toks = appendTokens(t.toks[:0], t.buf[:0], text)
	return t.toks
}

// appendTokens appends the tokens of text to toks, writing their normalised forms into buf.
func appendTokens(toks []Token, buf []byte, text string) []Token {
	// buf holds the normalised words back to back. Each Token.Norm points into it: bytes once
	// written are never written again (append may move on to a new array, but the old one stays
	// as it was), so the strings are immutable until a Tokenizer reuses buf. This saves a copy of
	// the whole text and a slice.
	i := 0
	for i < len(text) {
		start := i
		var ascii bool
		if c := text[i]; c < utf8.RuneSelf {
			if asciiClass[c] != classWord {
				i++
				continue
			}
			// The common case: a run of ASCII letters and digits, lower-cased as it is scanned.
			for i < len(text) {
				c := text[i]
				if c >= utf8.RuneSelf || asciiClass[c] != classWord {
					break
				}
				buf = append(buf, lower[c])
				i++
			}
			ascii = true
			if i < len(text) && (text[i] >= utf8.RuneSelf || asciiClass[text[i]] > classWord) {
				// a joiner or a non-ASCII rune may continue the word
				var end int
				end, ascii = scanWord(text, i, rune(text[i-1]), true)
				if end > i {
					if ascii {
						buf = appendLowerASCII(buf, text[i:end])
					} else {
						buf = buf[:len(buf)-(i-start)]
					}
					i = end
				}
			}
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			c := classOf(r)
			if c != classWord && c != classSplit {
				i += size
				continue
			}
			i += size
			if c == classWord {
				i, ascii = scanWord(text, i, r, false)
			} else {
				i = scanMarks(text, i)
			}
		}
		n := len(buf) - (i - start) // where this word's Norm starts when it is ASCII
		if !ascii {
			n = len(buf)
			buf = appendNorm(buf, text[start:i])
			if len(buf) == n { // only marks: nothing to compare
				continue
			}
		}
		toks = append(toks, Token{Start: start, End: i, Norm: unsafe.String(&buf[n], len(buf)-n)})
	}
	return toks
}

// lower maps ASCII bytes to lower case.
var lower = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		t[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			t[c] = byte(c) + 'a' - 'A'
		}
	}
	return t
}()

// scanWord extends a word whose last rune so far, ending at i, is prev; it returns the word's end
// and whether the word is all ASCII.
func scanWord(text string, i int, prev rune, ascii bool) (int, bool) {
	prevDigit := unicode.IsDigit(prev)
	for i < len(text) {
		r, size := decode(text, i)
		switch classOf(r) {
		case classWord:
			if r >= utf8.RuneSelf {
				ascii = false
				prevDigit = unicode.IsDigit(r)
			} else {
				prevDigit = r >= '0' && r <= '9'
			}
			i += size
			continue
		case classApos, classPoint:
			if classOf(r) == classPoint && !prevDigit {
				return i, ascii
			}
			if i+size >= len(text) {
				return i, ascii
			}
			next, _ := decode(text, i+size)
			nc := classOf(next)
			if nc != classWord || (classOf(r) == classPoint && !unicode.IsDigit(next)) {
				return i, ascii
			}
			if r >= utf8.RuneSelf {
				ascii = false
			}
			i += size
			continue
		}
		return i, ascii
	}
	return i, ascii
}

// scanMarks extends a one-character token over the combining marks that follow it.
func scanMarks(text string, i int) int {
	for i < len(text) {
		r, size := decode(text, i)
		if r < utf8.RuneSelf || !unicode.IsMark(r) {
			return i
		}
		i += size
	}
	return i
}

func appendLowerASCII(dst []byte, w string) []byte {
	for k := 0; k < len(w); k++ {
		dst = append(dst, lower[w[k]])
	}
	return dst
}

// unify maps the many apostrophes, quotes, dashes and ellipses to one of each.
func unify(r rune) rune {
	switch r {
	case '’', '‘', 'ʼ', '′', '＇', '`', '´':
		return '\''
	case '“', '”', '„', '‟', '«', '»', '″':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−', '⁃':
		return '-'
	case '…':
		return '.' // NFKD has already made it "..."
	}
	return r
}

// normalizers are pooled: transform chains keep state and are not safe for concurrent use.
var normalizers = sync.Pool{New: func() any {
	return transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), runes.Map(unify),
		cases.Fold(), norm.NFKC)
}}

// appendNorm appends the normalised form of one non-ASCII word to dst.
func appendNorm(dst []byte, w string) []byte {
	t := normalizers.Get().(transform.Transformer)
	defer normalizers.Put(t)
	t.Reset()
	out, _, err := transform.Append(t, dst, []byte(w))
	if err != nil { // cannot happen on valid UTF-8; keep the word as written rather than lose it
		return append(dst, strings.ToLower(w)...)
	}
	return out
}

// Normalize returns the normalised words of text separated by single spaces: the form in which
// neardup compares text. Normalize("Joaquín asked…") == "joaquin asked".
func Normalize(text string) string {
	toks := Tokenize(text)
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Norm)
	}
	return b.String()
}
