package credit

import (
	"strings"
)

// The expressions that find an outlet beside a credit phrase and a byline run on most
// paragraphs of wire-like text (a capitalised word before "reported", an agency named in a short
// paragraph). Each has a cheap necessary test in front of it: text an expression cannot match
// without. On a 200k-article scan the outlet expressions took 2.2 and the byline one 1.8 of
// the credits' 8.8 CPU seconds. FuzzPrefilters holds every test to its expression: where the
// expression matches, the test says it may.

// literal returns a piece of text that every match of a list entry holds: the entry without its
// optional parts ("(?:The )?", a letter with "?", `\p{L}*`), its longest fixed run.
func literal(entry string) string {
	for {
		i := strings.Index(entry, "(?:")
		if i < 0 {
			break
		}
		j := strings.Index(entry[i:], ")?")
		if j < 0 {
			panic("credit: entry with a group that is not optional: " + entry)
		}
		entry = entry[:i] + "\x00" + entry[i+j+2:]
	}
	entry = strings.ReplaceAll(entry, `\p{L}*`, "\x00")
	for {
		i := strings.IndexByte(entry, '?')
		if i < 0 {
			break
		}
		entry = entry[:i-1] + "\x00" + entry[i+1:] // an optional letter (ASCII in our lists)
	}
	longest := ""
	for _, run := range strings.Split(entry, "\x00") {
		if len(run) > len(longest) {
			longest = run
		}
	}
	if strings.ContainsAny(longest, `\()[]{}|*+?^$`) || len(longest) < 2 {
		panic("credit: no literal for list entry " + entry)
	}
	return longest
}

func literals(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, e := range l {
			out = append(out, literal(e))
		}
	}
	return out
}

// outletNames holds a literal of every branch of outlet but quoted, whose quotation marks are
// outletQuotes.
var outletNames = newPrefixTable(literals(agencies, outlets, mediaWords, describers))

const outletQuotes = `«„“"`

// mayNameOutlet reports whether s may hold an outlet as the expression outlet finds one: it is
// false only when no expression made with outlet can match in s.
func mayNameOutlet(s string) bool {
	return strings.ContainsAny(s, outletQuotes) || outletNames.in(s)
}

// foldLower lower-cases s as the expressions' (?i:) compare it: simple case folding, which
// also takes the Kelvin sign for k and the long s for s.
func foldLower(s string) string {
	if strings.ContainsAny(s, "\u212a\u017f") {
		s = strings.NewReplacer("\u212a", "k", "\u017f", "s").Replace(s)
	}
	return strings.ToLower(s)
}

var (
	// bylineStarts and bylineCues are the words (lower-cased) one of which every branch of
	// bylineRE but the last needs: at the paragraph's start, or anywhere in it.
	bylineStarts = []string{"by", "von", "por", "par", "source", "fuente", "quelle", "источник", "出典"}
	bylineCues   = []string{"©", "(c)", "copyright", "contributed", "writer", "reporter", "correspondent",
		"reporting by", "editing by", "writing by", "this story", "this article",
		"información de", "mit material von", "avec", "по материалам"}
	// agencyLiterals are the agencies as bylineRE's last branch finds them, a paragraph of
	// their names alone: "(AP)", "— Reuters / AFP".
	agencyLiterals = literals(agencies)
)

// mayBeByline reports whether bylineRE may match para: false only when it cannot.
func mayBeByline(para string) bool {
	low := foldLower(para)
	for _, w := range bylineStarts {
		if strings.HasPrefix(low, w) {
			return true
		}
	}
	for _, w := range bylineCues {
		if strings.Contains(low, w) {
			return true
		}
	}
	rest := strings.TrimLeft(para, "\t\n\f\r (（—–-")
	for _, a := range agencyLiterals {
		if strings.HasPrefix(rest, a) {
			return true
		}
	}
	return false
}
