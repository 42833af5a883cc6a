package report

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// screen measures text in terminal columns: an East Asian wide character (漢字, 한글) takes two,
// a combining mark none. Its settings are fixed rather than read from the locale, as
// go-runewidth's default reads RUNEWIDTH_EASTASIAN and LANG: a report is the same bytes wherever
// it is made. Ambiguous characters (“ ” …) take one column, as most terminals show them.
var screen = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// columns is how many terminal columns s takes: the sum of its characters' widths, which is never
// less than a terminal shows (a grapheme cluster of several wide characters, an emoji sequence,
// shows narrower). The colour escapes the report writes itself (ESC [ … m) take none; escapes
// from the input never get here (Printable).
func columns(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			if j := strings.IndexByte(s[i:], 'm'); j >= 0 {
				i += j + 1
				continue
			}
		}
		if s[i] < 0x80 {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += screen.RuneWidth(r)
		i += size
	}
	return n
}

// fitRunes returns how many runes from the start of r fit in n columns.
func fitRunes(r []rune, n int) int {
	w := 0
	for i, c := range r {
		if w += screen.RuneWidth(c); w > n {
			return i
		}
	}
	return len(r)
}

// fitRunesBack returns where the longest end of r that fits in n columns starts.
func fitRunesBack(r []rune, n int) int {
	w := 0
	for i := len(r) - 1; i >= 0; i-- {
		if w += screen.RuneWidth(r[i]); w > n {
			return i + 1
		}
	}
	return 0
}

// trimEnd shortens s to width columns (at least 10), ending in an ellipsis. It cuts between
// words, unless that would lose more than half of what fits (one long word, or a text without
// spaces, as Chinese and Japanese are written).
func trimEnd(s string, width int) string {
	width = max(width, 10)
	if columns(s) <= width {
		return s
	}
	r := []rune(s)
	cut := wordCutBack(r, fitRunes(r, width-1))
	return strings.TrimRightFunc(string(r[:cut]), cutTrimmed) + "…"
}

// fitWords breaks line between words (at its runs of spaces) so that every line fits in width
// columns, the lines after the first indented by indent (fitUnits).
func fitWords(line string, width int, indent string) string {
	if columns(line) <= width {
		return line
	}
	var units []string
	for i := 0; i < len(line); {
		j := i
		for j < len(line) && line[j] == ' ' {
			j++
		}
		k := j
		for k < len(line) && line[k] != ' ' {
			k++
		}
		units = append(units, line[i:k])
		i = k
	}
	return fitUnits(units, width, indent)
}

// phrases splits s after each ", ", "; " and ": " into units for fitUnits, so that a line of
// counts breaks between them ("1 hub", "0 near-duplicate"), never inside one.
func phrases(s string) []string {
	var units []string
	start := 0
	for i := 0; i+1 < len(s); i++ {
		if strings.IndexByte(",;:", s[i]) >= 0 && s[i+1] == ' ' {
			units = append(units, s[start:i+1])
			start = i + 1
		}
	}
	return append(units, s[start:])
}

// fitUnits joins units, each with the spaces that separate it from the one before, on as few
// lines of width columns as it can: a unit that does not fit on a line starts the next,
// indented by indent and without its spaces (a unit of spaces alone, padding, is dropped there,
// as are spaces at the end of a line). A unit is never cut (it may be an id); one wider than a
// line takes a line of its own.
func fitUnits(units []string, width int, indent string) string {
	var lines []string
	line, n := "", 0 // the line being made, and its columns
	for i, u := range units {
		w := columns(u)
		if i == 0 || n+w <= width {
			line += u
			n += w
			continue
		}
		if u = strings.TrimLeft(u, " "); u == "" {
			continue
		}
		lines = append(lines, strings.TrimRight(line, " "))
		line, n = indent+u, columns(indent)+columns(u)
	}
	return strings.Join(append(lines, line), "\n")
}

// Shorten shortens s to at most width terminal columns (at least 10), keeping its start (two
// thirds) and its end with " … " between them, each cut between words unless that would lose
// more than half of its part (one long word, or a text without spaces). s is returned itself
// when it fits.
func Shorten(s string, width int) string {
	width = max(width, 10)
	if columns(s) <= width {
		return s
	}
	r := []rune(s)
	head := width*2/3 - 2
	tail := width - head - 3 // " … "
	h := wordCutBack(r, fitRunes(r, head))
	t := wordCutForward(r, fitRunesBack(r, tail))
	return strings.TrimRightFunc(string(r[:h]), cutTrimmed) + " … " + strings.TrimLeftFunc(string(r[t:]), unicode.IsSpace)
}

// cutTrimmed is what is dropped before an ellipsis: spaces, and punctuation that would dangle.
func cutTrimmed(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",;:—–-", r) }

// wordCutBack returns where to cut r to keep at most n runes: n if a word ends there, else the
// start of the last space before n, unless that is under n/2.
func wordCutBack(r []rune, n int) int {
	if n >= len(r) || unicode.IsSpace(r[n]) {
		return n
	}
	for i := n - 1; i > n/2; i-- {
		if unicode.IsSpace(r[i]) {
			return i
		}
	}
	return n
}

// wordCutForward returns where to start the tail of r, keeping at most len(r)-from runes: from if
// a word starts there, else just after the first space after from, unless that keeps under half.
func wordCutForward(r []rune, from int) int {
	if from <= 0 || unicode.IsSpace(r[from-1]) {
		return from
	}
	limit := from + (len(r)-from)/2
	for i := from; i < limit; i++ {
		if unicode.IsSpace(r[i]) {
			return i + 1
		}
	}
	return from
}

// place is where a passage starts in a text: its line (from 1) and paragraph (from 1;
// paragraphs end at a blank line).
type place struct{ line, para int }

// placeOf locates byte offset start in text. Lines end where sentences do in package pipeline
// (gapBreaks): at "\n", "\r\n", a lone "\r", U+0085 and U+2028; U+2029 ends a paragraph too.
func placeOf(text string, start int) place {
	start = min(max(start, 0), len(text))
	p := place{line: 1}
	paras, prevBlank := 0, true
	lineEnd := lfEnd
	if strings.IndexByte(text, '\r') >= 0 || strings.Contains(text, "\u0085") || strings.Contains(text, "\u2028") ||
		strings.Contains(text, "\u2029") {
		lineEnd = anyEnd
	}
	for off := 0; ; {
		end, next, para := lineEnd(text, off)
		blank := strings.TrimSpace(text[off:end]) == ""
		if !blank && prevBlank {
			paras++
		}
		prevBlank = blank || para
		if start < next || next < 0 {
			break
		}
		off = next
		p.line++
	}
	p.para = max(paras, 1)
	return p
}

// lfEnd returns where the line of text starting at off ends, at a "\n" (the line then holds a
// "\r" before it, which placeOf trims), and where the next line starts (-1 after the last).
func lfEnd(text string, off int) (end, next int, para bool) {
	if k := strings.IndexByte(text[off:], '\n'); k >= 0 {
		return off + k, off + k + 1, false
	}
	return len(text), -1, false
}

// anyEnd is lfEnd for every line break: "\n", "\r\n", a lone "\r", U+0085, U+2028, and
// U+2029, which also ends the paragraph.
func anyEnd(text string, off int) (end, next int, para bool) {
	for i := off; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\n':
			return i, i + 1, false
		case c == '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				return i, i + 2, false
			}
			return i, i + 1, false
		case c == 0xc2 && i+1 < len(text) && text[i+1] == 0x85:
			return i, i + 2, false
		case c == 0xe2 && i+2 < len(text) && text[i+1] == 0x80 && (text[i+2] == 0xa8 || text[i+2] == 0xa9):
			return i, i + 3, text[i+2] == 0xa9
		}
	}
	return len(text), -1, false
}

// position says where byte offset start lies in text, for a reader to find it: "¶3" (the third
// paragraph; paragraphs end at a blank line), or for a text without blank lines "line 12", or
// for a text of one line "word 85" (words as white space separates them).
func position(text string, start int) string {
	start = min(max(start, 0), len(text))
	switch {
	case placeOf(text, len(text)).para > 1:
		return "¶" + strconv.Itoa(placeOf(text, start).para)
	case placeOf(strings.TrimSpace(text), len(text)).line > 1:
		return "line " + strconv.Itoa(placeOf(text, start).line)
	}
	return "word " + strconv.Itoa(len(strings.Fields(text[:start]))+1)
}
