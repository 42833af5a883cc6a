package pipeline

import (
	"cmp"
	"slices"
	"time"

	"github.com/neardup/neardup/shingle"
)

// originRule is one named test of which side of a pair reads as the original: it returns +1 for
// a, -1 for b, 0 when it cannot tell.
type originRule struct {
	name string
	test func(a, b *sideFeatures) int
}

// Thresholds of the rules, measured on the synthetic corpus and PAN-13 (BENCHMARKS.md).
const (
	trimmedTail    = 0.15 // an original continues past the shared text by this share of its words...
	trimmedTailMin = 30   // ...and at least this many words
	trimmedLead    = 0.1  // having started with it: at most this share of its words before it
	trimmedRestMax = 0.10 // while its copy stops within this share of its words of the shared text's end
	trimmedShared  = 0.5  // and is mostly (this share of its words) the shared text
	insertedParas  = 0.5  // passages standing as paragraphs of their own: this share more on one side
	cohereMinNear  = 20   // content words near passages, on each side, for cohesion to count
	cohereMargin   = 0.05 // cohesion this much higher on one side
	leadMargin     = 5    // words more before the first passage on one side
)

// originRules are tried in order; the first that tells decides.
var originRules = []originRule{
	{"names", func(a, b *sideFeatures) int { return sign(boolInt(b.names) - boolInt(a.names)) }},
	{"cohesion", cohesion},
	{"inserted", inserted},
	{"trimmed", trimmedEnd},
	{"credit", func(a, b *sideFeatures) int { return sign(boolInt(b.credits()) - boolInt(a.credits())) }},
	{"lead", lead},
}

// cohesion: the words around the passages are about what the passages are about in the original,
// about something else where they were inserted.
func cohesion(a, b *sideFeatures) int {
	if a.near < cohereMinNear || b.near < cohereMinNear {
		return 0
	}
	d := a.cohere - b.cohere
	switch {
	case d >= cohereMargin:
		return 1
	case -d >= cohereMargin:
		return -1
	}
	return 0
}

// inserted: passages that stand as paragraphs of their own were set into the text; where they
// run on inside paragraphs, they were written.
func inserted(a, b *sideFeatures) int {
	d := b.paraIn - a.paraIn
	switch {
	case d >= insertedParas:
		return 1
	case -d >= insertedParas:
		return -1
	}
	return 0
}

// lead: a copy puts its own lead (a byline, a dateline, an introduction) before the shared text.
func lead(a, b *sideFeatures) int {
	d := b.lead - a.lead
	switch {
	case d >= leadMargin:
		return 1
	case -d >= leadMargin:
		return -1
	}
	return 0
}

// trimmedEnd: the original starts with the shared text and goes on past it, its copy stops
// there. (An original that has the shared text in its middle, with much before and after, reads
// as the copy that set it there: left to the other rules.)
func trimmedEnd(a, b *sideFeatures) int {
	long := func(f *sideFeatures) bool {
		return f.tail >= trimmedTailMin && float64(f.tail) >= trimmedTail*float64(f.words) &&
			float64(f.lead) <= trimmedLead*float64(f.words)
	}
	short := func(f *sideFeatures) bool {
		return float64(f.tail) <= trimmedRestMax*float64(f.words) && float64(f.shared) >= trimmedShared*float64(f.words)
	}
	switch {
	case long(a) && short(b):
		return 1
	case long(b) && short(a):
		return -1
	}
	return 0
}

func sign(n int) int {
	switch {
	case n > 0:
		return 1
	case n < 0:
		return -1
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// textOrigin says from the texts which side of a pair is the original: +1 a, -1 b, 0 undecided,
// with the rule that decided.
func textOrigin(a, b *sideFeatures) (int, string) {
	for _, r := range originRules {
		if s := r.test(a, b); s != 0 {
			return s, r.name
		}
	}
	return 0, ""
}

// Ways a pair's direction is decided (Direction.By).
const (
	ByPublished = "published" // the two were published on different days (or at different times)
	ByText      = "text"      // the texts say it: originRules
)

// Direction is which of two related documents is the likely original, and what says so.
type Direction struct {
	Origin string // the id of the likely original; "" when undecided
	By     string // ByPublished or ByText; "" when undecided
	Rule   string // with ByText, the rule that decided: names, cohesion, inserted, trimmed, credit or lead
}

// Origin says which of two related documents is the likely original, from their publication
// times when both are known and differ (a date alone, as YYYY-MM-DD gives, differs from another
// day only: two articles of one day are told apart by their texts), else from how each text
// holds the passages the two share (Passage offsets: A's into a.Text, B's into b.Text). It is a
// pure function of the two documents and the passages, for scan and check alike. The text
// rules (originRules), tried in order, the first that tells deciding:
//   - names: one text, outside the shared passages, names the other's source (Document.Source,
//     its words: harbor-gazette as "Harbor Gazette"): it is the copy;
//   - cohesion: the words around the passages are about what the passages are about (the
//     share of content words near them, 40 either side, that the shared text holds) in one
//     text, 0.05 more than in the other, both with 20 such words or more: that one is the
//     original, the other had them inserted into other text;
//   - inserted: the passages stand as paragraphs of their own in one text (half of them more
//     than in the other), and run on inside paragraphs in the other: the first is the copy;
//   - trimmed: one text starts with the shared text (at most 10% of its words before it) and
//     goes on after it (30 words and 15% of it or more), while the other is mostly the shared
//     text (half of its words) and stops within 10% of its words of its end: the first is the
//     original;
//   - credit: one text, outside the shared passages, says it was published elsewhere ("first
//     published", "reprinted", "courtesy of"): it is the copy;
//   - lead: one text has 5 words or more more before the first passage (a byline, a dateline,
//     an introduction): it is the copy.
//
// The rules and thresholds were measured on the synthetic corpus and PAN-13 (BENCHMARKS.md,
// "Direction"): each rule's share right there is given. Pass the documents as a and b in any
// order: the answer names the same document.
//
// Without published times and without a rule that tells, the direction is undecided.
func Origin(a, b *Document, passages []Passage) Direction {
	return originBy(a, b, passages, func() ([]shingle.Token, []shingle.Token) {
		return shingle.Tokenize(a.Text), shingle.Tokenize(b.Text)
	})
}

// originBy is Origin, with the texts' tokens from tokens, called only if the texts are read.
func originBy(a, b *Document, passages []Passage, tokens func() ([]shingle.Token, []shingle.Token)) Direction {
	switch publishedOrder(a.Published, b.Published) {
	case -1:
		return Direction{Origin: a.ID, By: ByPublished}
	case 1:
		return Direction{Origin: b.ID, By: ByPublished}
	}
	if len(passages) == 0 {
		return Direction{} // textDirection's answer, without the tokens
	}
	toksA, toksB := tokens()
	return textDirection(a, b, toksA, toksB, passages, nil)
}

// textDirection is Origin's text half, with the texts' tokens, measuring the two sides in sc
// (nil: memory of its own). Of a and b it reads ID, Source and Text.
func textDirection(a, b *Document, toksA, toksB []shingle.Token, passages []Passage, sc *[2]sideScratch) Direction {
	if len(passages) == 0 {
		return Direction{}
	}
	sa, sb := make([]byteSpan, len(passages)), make([]byteSpan, len(passages))
	for i, p := range passages {
		sa[i], sb[i] = byteSpan{p.AStart, p.AEnd}, byteSpan{p.BStart, p.BEnd}
	}
	byStart := func(x, y byteSpan) int { return cmp.Compare(x.start, y.start) }
	slices.SortFunc(sa, byStart)
	slices.SortFunc(sb, byStart)
	if sc == nil {
		sc = new([2]sideScratch)
	}
	fa, fb := sideOf(a.Text, sa, toksA, b.Source, &sc[0]), sideOf(b.Text, sb, toksB, a.Source, &sc[1])
	switch s, rule := textOrigin(&fa, &fb); s {
	case 1:
		return Direction{Origin: a.ID, By: ByText, Rule: rule}
	case -1:
		return Direction{Origin: b.ID, By: ByText, Rule: rule}
	}
	return Direction{}
}

// publishedOrder compares two publication times: -1 when a is earlier, 1 when b is, 0 when
// either is unknown or they cannot be told apart. A time at midnight UTC is a date alone (as
// Date writes it): it is compared with the other by day.
func publishedOrder(a, b time.Time) int {
	if a.IsZero() || b.IsZero() {
		return 0
	}
	if dateOnly(a) || dateOnly(b) {
		ya, ma, da := a.UTC().Date()
		yb, mb, db := b.UTC().Date()
		return cmp.Or(cmp.Compare(ya, yb), cmp.Compare(ma, mb), cmp.Compare(da, db))
	}
	return a.Compare(b)
}

// dateOnly reports whether t is a date without a time of day: midnight UTC.
func dateOnly(t time.Time) bool {
	return t.Location() == time.UTC && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}
