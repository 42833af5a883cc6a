package report

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// trimEnd shortens s to width runes (at least 10), ending in an ellipsis. It cuts between
// words, unless that would lose more than half of what fits (one long word).
func trimEnd(s string, width int) string {
	width = max(width, 10)
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	cut := wordCutBack(r, width-1)
	return strings.TrimRightFunc(string(r[:cut]), cutTrimmed) + "…"
}

// trim shortens s to width runes, keeping its head (two thirds) and its tail with " … " between
// them, each cut between words: a quote's start and end, for a line of a report.
func trim(s string, width int) string { return Shorten(s, width) }

// Shorten shortens s to at most width runes (at least 10), keeping its start (two thirds) and
// its end with " … " between them, each cut between words unless that would lose more than
// half of its part (one long word). s is returned itself when it fits.
func Shorten(s string, width int) string {
	width = max(width, 10)
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	head := width*2/3 - 2
	tail := width - head - 3 // " … "
	h := wordCutBack(r, head)
	t := wordCutForward(r, len(r)-tail)
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

// position says where byte offset start lies in text, for a reader to find it: "¶3" (the third
// paragraph; paragraphs end at a blank line), or for a text without blank lines "line 12", or
// for a text of one line "word 85" (words as white space separates them).
func position(text string, start int) string {
	start = min(max(start, 0), len(text))
	para, line := 0, 0
	blankBefore, paragraphs := true, 0
	for off := 0; off <= len(text); {
		end := strings.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += off
		}
		blank := strings.TrimSpace(text[off:end]) == ""
		if !blank && blankBefore {
			paragraphs++
		}
		if off <= start && (start <= end || end == len(text)) && line == 0 {
			line = strings.Count(text[:off], "\n") + 1
			para = max(paragraphs, 1)
		}
		blankBefore = blank
		if end == len(text) {
			break
		}
		off = end + 1
	}
	switch {
	case paragraphs > 1:
		return "¶" + strconv.Itoa(para)
	case strings.Contains(strings.TrimSpace(text), "\n"):
		return "line " + strconv.Itoa(line)
	}
	return "word " + strconv.Itoa(len(strings.Fields(text[:start]))+1)
}
