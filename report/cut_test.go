package report

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCuts: titles and quotes are cut between words (they were cut in the middle of words:
// "very bad qu…t so he"), and fit the width.
func TestCuts(t *testing.T) {
	const quote = "We were told nothing, not a letter, not a phone call, and now we are meant to cross the lake like it is 1950"
	const title = "Lake ferry suspended, leaving island of 900 without a crossing"
	tests := []struct {
		name  string
		f     func(string, int) string
		in    string
		width int
		want  string
	}{
		{"title fits", trimEnd, title, 80, title},
		{"title cut", trimEnd, title, 37, "Lake ferry suspended, leaving island…"},
		{"title cut after a comma", trimEnd, title, 24, "Lake ferry suspended…"},
		{"one long word", trimEnd, "Donaudampfschifffahrtsgesellschaftskapitän", 20, "Donaudampfschifffah…"},
		{"quote fits", Shorten, quote, 200, quote},
		{"quote cut", Shorten, quote, 60, "We were told nothing, not a letter … like it is 1950"},
		{"quote, one long word", Shorten, strings.Repeat("x", 50), 20, "xxxxxxxxxxx … xxxxxx"},
	}
	for _, tt := range tests {
		got := tt.f(tt.in, tt.width)
		if got != tt.want {
			t.Errorf("%s: (%q, %d) = %q, want %q", tt.name, tt.in, tt.width, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > tt.width {
			t.Errorf("%s: %q is %d runes, over %d", tt.name, got, n, tt.width)
		}
	}
}

func TestPosition(t *testing.T) {
	paras := "Title\nByline\n\nFirst paragraph here.\n\n\nSecond one, and\nit goes on.\n\nThird."
	lines := "one\ntwo\nthree\nfour"
	tests := []struct {
		text, at string
		want     string
	}{
		{paras, "Title", "¶1"},
		{paras, "Byline", "¶1"},
		{paras, "paragraph", "¶2"},
		{paras, "it goes", "¶3"},
		{paras, "Third", "¶4"},
		{"\n\nlead blank\n\nnext", "next", "¶2"},
		{lines, "three", "line 3"},
		{lines, "one", "line 1"},
		{"a single line of words here", "words", "word 5"},
		{"a single line of words here\n", "a single", "word 1"},
		// every system's line breaks
		{"one\rtwo\rthree\rfour", "three", "line 3"},
		{"one\u2028two\u2028three", "three", "line 3"},
		{"Title\r\rFirst\r\rSecond", "Second", "¶3"},
		{"Title\u2029First\u2029Second", "Second", "¶3"},
		{"a single line of words here\r", "words", "word 5"},
	}
	for _, tt := range tests {
		start := strings.Index(tt.text, tt.at)
		if got := position(tt.text, start); got != tt.want {
			t.Errorf("position(%q, %d) = %q, want %q", tt.text, start, got, tt.want)
		}
	}
}
