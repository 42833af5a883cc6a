package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Training text is cut into sentences of tokens. A token is a word (letters and digits with the
// inner punctuation of "U.S.", "1,750", "5.93", "1-2-3", "AT&T" and "company's") or one of the
// punctuation marks , ; : . ? ! on its own. Quotes, brackets and other marks are dropped: a
// Markov chain cannot keep them balanced. Sentences that look like tables, all-capital headlines
// or fragments are dropped too, since the model should only learn running prose.

// Sentence limits for training, in words (punctuation tokens not counted).
const (
	minTrainWords = 4
	maxTrainWords = 50
)

// abbreviations keep their period: "Corp. said" is not a sentence end.
var abbreviations = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "St": true, "Jr": true, "Sr": true,
	"Corp": true, "Inc": true, "Co": true, "Ltd": true, "Bros": true, "Gen": true, "Sen": true,
	"Rep": true, "Gov": true, "Lt": true, "Col": true, "Capt": true, "No": true, "vs": true,
	"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Aug": true, "Sept": true, "Sep": true,
	"Oct": true, "Nov": true, "Dec": true, "U.S": true, "U.K": true, "U.N": true,
}

// expansions spell out the newswire shorthand of the Reuters corpus, so that the prose reads
// like today's news rather than a 1987 ticker.
var expansions = map[string]string{
	"mln": "million", "bln": "billion", "dlrs": "dollars", "dlr": "dollar", "pct": "percent",
	"cts": "cents", "stg": "sterling", "yr": "year", "qtr": "quarter", "mths": "months",
}

// splitSentences appends to dst the sentences of text that pass the prose filter, each a slice of
// tokens, and returns dst.
func splitSentences(dst [][]string, text string) [][]string {
	text = cleanText(text)
	var cur []string
	flush := func(keep bool) {
		if keep && isProse(cur) {
			dst = append(dst, cur)
		}
		cur = nil
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\n':
			if strings.HasPrefix(text[i:], "\n\n") {
				flush(false) // a paragraph break ends an unfinished sentence: drop it
			}
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == ',' || c == ';' || c == ':':
			if n := len(cur); n > 0 && !isPunct(cur[n-1]) {
				cur = append(cur, text[i:i+1])
			}
			i++
		case c == '.' || c == '?' || c == '!':
			if n := len(cur); n > 0 && isPunct(cur[n-1]) {
				cur[n-1] = text[i : i+1]
			} else if n > 0 {
				cur = append(cur, text[i:i+1])
			}
			flush(len(cur) > 0)
			i++
		case c == '-':
			// A free-standing dash joins clauses: keep it as a comma.
			if n := len(cur); n > 0 && !isPunct(cur[n-1]) {
				cur = append(cur, ",")
			}
			i++
		default:
			w, n := scanWord(text[i:])
			if n == 0 {
				_, size := utf8.DecodeRuneInString(text[i:])
				i += size // a dropped mark
				continue
			}
			if e, ok := expansions[w]; ok {
				w = e
			} else if e, ok := expansions[strings.ToLower(w)]; ok && len(cur) > 0 {
				w = e // "N.Z. Dlrs" in the middle of a sentence
			}
			cur = append(cur, w)
			i += n
		}
	}
	flush(false)
	return dst
}

// cleanText turns the markup of the training sources into plain paragraphs: the Reuters paragraph
// marker "&\t" and indented lines become blank lines, "week"s" becomes "week's", and the
// trailing "Reuter" signature goes.
func cleanText(text string) string {
	text = strings.ReplaceAll(text, "&\\t", "\n\n")
	text = strings.ReplaceAll(text, "\r", "")
	text = strings.ReplaceAll(text, "\n ", "\n\n ")
	text = strings.ReplaceAll(text, "\"s ", "'s ")
	text = strings.ReplaceAll(text, "’", "'")
	t := strings.TrimRight(text, " \n\t")
	for _, sig := range []string{"Reuter", "REUTER"} {
		if strings.HasSuffix(t, sig) {
			t = t[:len(t)-len(sig)]
		}
	}
	return t
}

// scanWord reads the word at the start of s and returns it with its length in bytes; n is 0 when
// s does not start with a word.
func scanWord(s string) (w string, n int) {
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case r == '$' && len(s) > 1 && isDigit(s[1]):
		n = 1
	case isWordRune(r):
		n = size
	default:
		return "", 0
	}
	for n < len(s) {
		r, size = utf8.DecodeRuneInString(s[n:])
		if isWordRune(r) {
			n += size
			continue
		}
		if r == '%' && isDigit(s[n-1]) {
			n++
			continue
		}
		if strings.ContainsRune(".,'-/&", r) && n+1 < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[n+1:]); isWordRune(next) {
				n += size
				continue
			}
		}
		break
	}
	w = s[:n]
	if n < len(s) && s[n] == '.' && keepsPeriod(w) {
		n++
		w = s[:n]
	}
	return w, n
}

// keepsPeriod reports whether a period after w belongs to it: an abbreviation, a middle
// initial ("John F. Kennedy") or dotted initials ("U.S.").
func keepsPeriod(w string) bool {
	if abbreviations[w] {
		return true
	}
	if len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' {
		return true
	}
	return strings.Contains(w, ".") && !strings.ContainsAny(w, "0123456789")
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isPunct reports whether tok is a punctuation token (attached to the word before it).
func isPunct(tok string) bool {
	if len(tok) != 1 {
		return false
	}
	switch tok[0] {
	case ',', ';', ':', '.', '?', '!':
		return true
	}
	return false
}

// danglers cannot end a sentence; Reuters has a few hundred sentences cut short ("We are
// faithfully abiding by the."), whose ends the model would otherwise learn.
var danglers = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "to": true, "by": true, "for": true, "and": true,
	"or": true, "in": true, "on": true, "at": true, "with": true, "from": true, "its": true, "their": true,
}

// isProse reports whether a tokenised sentence reads as running prose: a capital or digit at the
// start, a stop at the end after a word that can end a sentence, a sane length, and few
// all-capital or numeric words (tables and headlines fail).
func isProse(toks []string) bool {
	if len(toks) < 2 || !isPunct(toks[len(toks)-1]) || danglers[toks[len(toks)-2]] {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(toks[0]); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
		return false
	}
	var words, caps, nums int
	for _, t := range toks {
		if isPunct(t) {
			continue
		}
		words++
		if isNumeric(t) {
			nums++
		} else if len(t) > 1 && strings.ToUpper(t) == t && !strings.Contains(t, ".") {
			caps++
		}
	}
	if words < minTrainWords || words > maxTrainWords {
		return false
	}
	return caps*4 <= words && nums*4 <= words
}

// isNumeric reports whether t starts with a digit or a dollar sign.
func isNumeric(t string) bool { return t != "" && (isDigit(t[0]) || t[0] == '$') }
