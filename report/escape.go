package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Printable returns s with every character that could act on a terminal shown escaped instead:
// control characters (C0 and C1, DEL, and so ESC: "\x1b[2J" clears a screen, "\x1b]0;…\x07" sets
// a window title) as \xNN or \uNNNN, and the bidirectional controls that reorder what is shown
// (U+202A–U+202E, U+2066–U+2069) as \uNNNN. Tabs and newlines are escaped too: a caller that
// wants white space kept folds it first. A backslash is left as it is, so the escaping cannot be
// told from a backslash in the text; it is for people to read, not to be parsed back. s is
// returned itself when it has nothing to escape.
func Printable(s string) string {
	i := strings.IndexFunc(s, unsafeRune)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		switch {
		case !unsafeRune(r):
			b.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// unsafeRune reports whether r is a control character or a bidirectional control.
func unsafeRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r < 0x20 || r == 0x7f
	}
	return unicode.IsControl(r) || 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}
