package shingle

import (
	"encoding/binary"
	"math/bits"
	"slices"
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
	toks, _ := appendTokens(make([]Token, 0, len(text)/6+8), make([]byte, 0, len(text)+blockPad), text)
	return toks
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
	if cap(t.buf) < len(text)+blockPad {
		t.buf = make([]byte, 0, 2*len(text)+blockPad)
	}
	t.toks, t.buf = appendTokens(t.toks[:0], t.buf[:0], text)
	return t.toks
}

// appendTokens appends the tokens of text to toks, writing their normalised forms into buf, and
// returns toks and buf.
//
// buf receives a copy of text with ASCII letters lower-cased (and blockPad bytes of padding),
// then the normalised forms of the words that are not all ASCII. The Norm of an ASCII word is its
// span in the copy. Bytes of buf once in a Norm are never written again (buf may move on to a
// new array, but the old one stays as it was), so the strings are immutable until a Tokenizer
// reuses buf.
//
// Text is read in blocks of 64 bytes. A block that is all ASCII, with the byte after it, is
// tokenized with no branch on each byte: asciiBlock gives a bit for each byte that belongs to a
// token, and tokens start and end where the bits change. A block with other bytes is tokenized
// one rune at a time (tokenizeRunes). Reuters-21578 is 99.99% ASCII.
func appendTokens(toks []Token, buf []byte, text string) ([]Token, []byte) {
	b := unsafe.Slice(unsafe.StringData(text), len(text)) // read only
	n0 := len(buf)
	buf = slices.Grow(buf, len(text)+blockPad)
	buf = buf[:n0+len(text)+blockPad]
	low := buf[n0:]

	open := -1        // the start of a token that goes on past the block, or -1
	var prevIn uint64 // 1 when text[i-1] is in the open token
	var last [72]byte // the last block, padded with zeros
	for i := 0; i < len(text); {
		block := &last
		if i+len(block) <= len(b) {
			block = (*[72]byte)(b[i : i+len(block)])
		} else {
			last = [72]byte{}
			copy(last[:], b[i:])
		}
		var before byte
		if i > 0 {
			before = b[i-1]
		}
		in, ascii := asciiBlock((*[64]byte)(low[i:i+64]), block, before)
		if !ascii {
			from := i
			if open >= 0 {
				from, open = open, -1
			}
			toks, buf, i = tokenizeRunes(toks, buf, low, text, from, i+64)
			prevIn = 0
			continue
		}
		// A token starts at a bit that differs from the one before it, and ends at the next.
		t := in ^ (in<<1 | prevIn)
		prevIn = in >> 63
		if open >= 0 && t != 0 {
			end := i + bits.TrailingZeros64(t)
			t &= t - 1
			toks = append(toks, Token{Start: open, End: end, Norm: unsafe.String(&low[open], end-open)})
			open = -1
		}
		for t != 0 {
			start := i + bits.TrailingZeros64(t)
			t &= t - 1
			if t == 0 {
				open = start
				break
			}
			end := i + bits.TrailingZeros64(t)
			t &= t - 1
			toks = append(toks, Token{Start: start, End: end, Norm: unsafe.String(&low[start], end-start)})
		}
		i += 64
	}
	if open >= 0 {
		toks = append(toks, Token{Start: open, End: len(text), Norm: unsafe.String(&low[open], len(text)-open)})
	}
	return toks, buf
}

// blockPad is the room asciiBlock needs in buf after the copy of text: the last block of text
// is copied whole.
const blockPad = 64

// tokenizeRunes appends the tokens of text from i, which is not inside a token, one rune at a
// time, and returns where it stopped: the first position at or after stop that is not inside a
// token. The Norm of an ASCII word is its span in low, text lower-cased; other words are
// normalised into buf.
func tokenizeRunes(toks []Token, buf, low []byte, text string, i, stop int) ([]Token, []byte, int) {
	for i < stop && i < len(text) {
		start := i
		c := text[i]
		if c < utf8.RuneSelf {
			if asciiClass[c] != classWord {
				i++
				continue
			}
			// An ASCII word, lower-cased into low as it is scanned: asciiBlock has done so
			// only for the block it read.
			for ; i < len(text); i++ {
				c := text[i]
				if c >= utf8.RuneSelf || asciiClass[c] != classWord {
					break
				}
				low[i] = lower[c]
			}
			ascii := true
			if i < len(text) && (text[i] >= utf8.RuneSelf || asciiClass[text[i]] > classWord) {
				// a joiner or a non-ASCII rune may continue the word
				end := 0
				end, ascii = scanWord(text, i, rune(text[i-1]), true)
				for ; ascii && i < end; i++ {
					low[i] = lower[text[i]]
				}
				i = end
			}
			if ascii {
				toks = append(toks, Token{Start: start, End: i, Norm: unsafe.String(&low[start], i-start)})
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			i += size
			switch classOf(r) {
			case classWord:
				i, _ = scanWord(text, i, r, false)
			case classSplit:
				i = scanMarks(text, i)
			default:
				continue
			}
		}
		n := len(buf)
		buf = appendNorm(buf, text[start:i])
		if len(buf) > n { // else only marks: nothing to compare
			toks = append(toks, Token{Start: start, End: i, Norm: unsafe.String(&buf[n], len(buf)-n)})
		}
	}
	return toks, buf, i
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

const (
	lsb = 0x0101010101010101 // 0x01 in every byte
	msb = 0x8080808080808080 // 0x80 in every byte
)

// The SWAR (SIMD within a register) helpers below test the 8 bytes of a uint64 at once, each
// giving 0x80 in the bytes that pass and 0 in the others. A range test is two additions: for a
// byte c < 0x80, c+(0x80-lo) has its top bit set when c >= lo, c+(0x7f-hi) when c > hi, and
// neither carries into the next byte. Bytes >= 0x80 pass none of them.

// asciiClasses returns the bytes of x that are ASCII letters or digits, and those that are digits.
func asciiClasses(x uint64) (word, digit uint64) {
	x7 := x &^ msb
	digit = (x7 + (0x80-'0')*lsb) &^ (x7 + (0x7f-'9')*lsb) &^ x & msb
	y := x7 | 0x20*lsb // upper case to lower
	letter := (y + (0x80-'a')*lsb) &^ (y + (0x7f-'z')*lsb) &^ x & msb
	return letter | digit, digit
}

// asciiBlock reads a block of 64 bytes of text, block[:64], after the byte before and with the
// 8 bytes after it (zeros past the end of text). It writes the block to low with ASCII letters
// lower-cased, and returns bit k set when block[k] belongs to a token, and whether the block and
// the byte after it are all ASCII: when they are not, bits is wrong.
func asciiBlock(low *[64]byte, block *[72]byte, before byte) (bits uint64, ascii bool) {
	x := binary.LittleEndian.Uint64(block[:])
	w, d := asciiClasses(x)
	wBefore, dBefore := asciiClasses(uint64(before)) // in their top byte, shifted below
	wBefore, dBefore = wBefore<<56, dBefore<<56
	var high uint64
	for k := 0; k <= 56; k += 8 {
		xNext := binary.LittleEndian.Uint64(block[k+8:])
		wNext, dNext := asciiClasses(xNext)
		high |= x
		// The classes of the byte before and the byte after each byte.
		wl, dl := w<<8|wBefore>>56, d<<8|dBefore>>56
		wr, dr := w>>8|wNext<<56, d>>8|dNext<<56
		// An apostrophe between two word characters joins them, as does a point or a comma
		// between two digits ('.' and ',' differ only in bit 1).
		x7 := x &^ msb
		apos := ^((x7 ^ '\''*lsb) + 0x7f*lsb) &^ x & msb
		point := ^((x7 | 0x02*lsb ^ '.'*lsb) + 0x7f*lsb) &^ x & msb
		in := w | apos&wl&wr | point&dl&dr
		bits |= (in >> 7 * 0x0102040810204080) >> 56 << k // the top bits of the 8 bytes
		// Upper-case letters are the letters with bit 5 clear; setting it lowers them.
		upper := (w &^ d) &^ (x << 2)
		binary.LittleEndian.PutUint64(low[k:], x|upper>>2)
		wBefore, dBefore = w, d
		x, w, d = xNext, wNext, dNext
	}
	high |= x & 0xff // the byte after the block
	return bits, high&msb == 0
}

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
	// A read-only view of w's bytes: a transformer reads its source and never writes it, and a
	// copy escapes into the transformer, one allocation for every word that is not ASCII.
	out, _, err := transform.Append(t, dst, unsafe.Slice(unsafe.StringData(w), len(w)))
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
