package input

// Who wrote an article: a Document's Author, carried to the reports and the index as the input
// gives it, cleaned only of what no byline means (runs of white space, control characters, a
// feed's e-mail address). Several authors are one string, their names joined by ", ": a
// byline as a reader sees it, not a list to match on.

import (
	"encoding/json"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxAuthorBytes bounds an author: a byline, not an article. Longer ones are cut between
// words.
const maxAuthorBytes = 200

// authorName returns s as a byline: white space runs made one space, control characters
// dropped, trimmed, and cut to maxAuthorBytes between words.
func authorName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), r == '\u200b', r == '\ufeff':
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if len(out) > maxAuthorBytes {
		cut := strings.LastIndexByte(out[:maxAuthorBytes+1], ' ')
		if cut <= 0 {
			cut = maxAuthorBytes
			for cut > 0 && !utf8.RuneStart(out[cut]) {
				cut--
			}
		}
		out = strings.TrimRight(out[:cut], " ,;")
	}
	return out
}

// joinAuthors returns the bylines of names, each cleaned by authorName, empty and repeated
// ones left out, joined by ", ".
func joinAuthors(names []string) string {
	var out []string
	for _, n := range names {
		n = authorName(n)
		if n == "" || containsFold(out, n) {
			continue
		}
		out = append(out, n)
	}
	return authorName(strings.Join(out, ", "))
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// jsonAuthor reads a JSON Lines record's author: a string, or a list of strings (a CMS export
// of several authors). ok is false for any other value.
func jsonAuthor(raw json.RawMessage) (string, bool) {
	if s, ok := unquote(raw); ok {
		return authorName(s), true
	}
	var names []string
	if raw[0] == '[' && json.Unmarshal(raw, &names) == nil {
		return joinAuthors(names), true
	}
	return "", false
}

// rssAuthor reads an RSS <author>, which RSS 2.0 makes an e-mail address, most often written
// "jane@example.com (Jane Doe)": the name when one is given, else the text as it is (an address
// alone, or a name where the feed put one).
func rssAuthor(s string) string {
	s = strings.TrimSpace(s)
	if a, err := mail.ParseAddress(s); err == nil && a.Name != "" {
		return authorName(a.Name) // "Jane Doe <jane@example.com>"
	}
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") && strings.Contains(s[:i], "@") {
		if name := authorName(s[i+1 : len(s)-1]); name != "" {
			return name // "jane@example.com (Jane Doe)"
		}
	}
	return authorName(s)
}
