package corpus

import (
	"fmt"
	"strings"
)

// Recurring paragraphs: standard text that unrelated articles of any outlet carry, such as a
// company's "about" blurb, a disclaimer or a background paragraph. The pool holds one paragraph
// per recurringReuse articles that carry one, so that each recurs in some 10 to 30 articles
// (about 19 on average: an article carries two one time in four). They are not a relation.

const (
	recurringReuse = 15   // articles carrying a recurring paragraph, per paragraph in the pool
	recurringTwo   = 0.25 // chance that an article carries two
	minRecurring   = 20   // words of a recurring paragraph
	maxRecurring   = 60
)

var industries = []string{
	"logistics", "software", "renewable energy", "specialty chemicals", "consumer goods", "mining",
	"insurance", "shipping", "medical devices", "telecommunications", "food processing", "engineering",
}

var adjectives = []string{"leading", "independent", "family-owned", "publicly listed", "regional", "global", "privately held"}

var disclaimers = []string{
	"This article is provided for information only and does not constitute investment advice.",
	"{O} did not respond to a request for comment before publication.",
	"Figures in this report are unaudited and may be revised by {O}.",
	"The author holds no position in {O} or its affiliates.",
	"This report contains forward-looking statements that involve risks and uncertainties, {O} said.",
	"Prices quoted are indicative and were compiled from dealers in {P} at {T} local time.",
	"Editing by {N}; additional reporting by the {P} bureau.",
	"Past performance is no guarantee of future results, and readers should consult an adviser.",
}

// recurringPool draws the standard paragraphs: a third company blurbs, a third disclaimers, a
// third background paragraphs of model sentences, each 20 to 60 words.
func (g *generator) recurringPool(n int) []string {
	r := g.x
	out := make([]string, 0, n)
	for len(out) < n {
		var p string
		switch len(out) % 3 {
		case 0:
			org := organisation(r)
			p = fmt.Sprintf("About %s: %s is a %s %s company based in %s. Founded in %d, it employs about %d,%03d people in %d countries.",
				org, org, adjectives[r.IntN(len(adjectives))], industries[r.IntN(len(industries))], place(r),
				1890+r.IntN(130), 1+r.IntN(60), r.IntN(1000), 2+r.IntN(40))
			if w := wordCount(p); w < 40 {
				p += " " + g.xsentence(minSentenceWords, maxRecurring-w)
			}
		case 1:
			fill := strings.NewReplacer("{O}", organisation(r), "{P}", place(r), "{N}", person(r),
				"{T}", fmt.Sprintf("%d:%02d", 8+r.IntN(10), 5*r.IntN(12)))
			var parts []string
			for _, k := range r.Perm(len(disclaimers))[:2+r.IntN(2)] {
				parts = append(parts, fill.Replace(disclaimers[k]))
			}
			p = strings.Join(parts, " ")
		default:
			want := minRecurring + r.IntN(maxRecurring-minRecurring-maxSentenceWords/2)
			p = "Background: " + g.xsentence(minSentenceWords, maxSentenceWords)
			for wordCount(p) < want {
				p += " " + g.xsentence(minSentenceWords, maxSentenceWords/2)
			}
		}
		if w := wordCount(p); w >= minRecurring && w <= maxRecurring {
			out = append(out, p)
		}
	}
	return out
}

// recurringChance is the chance that an article which may carry recurring paragraphs does,
// so that opts.Recurring of all articles do: copies (syndicated and truncated), digests,
// re-runs and template items carry none.
func recurringChance(o *Options) float64 {
	base := 1 - o.slotShare()
	eligible := base*(1-share(o.Syndicated)-share(o.Truncated)) + share(o.Stories) + share(o.SameNames)
	if eligible <= 0 {
		return 0
	}
	return min(1, share(o.Recurring)/eligible)
}

// recurringFor draws the recurring paragraphs of one article: none, one, or two.
func (g *generator) recurringFor() []string {
	if len(g.recurring) == 0 || g.x.Float64() >= g.recurChance {
		return nil
	}
	g.stats.Recurring++
	r := g.x
	a := r.IntN(len(g.recurring))
	if len(g.recurring) < 2 || r.Float64() >= recurringTwo {
		return []string{g.recurring[a]}
	}
	b := r.IntN(len(g.recurring) - 1)
	if b >= a {
		b++
	}
	return []string{g.recurring[a], g.recurring[b]}
}

// poolSize is how many recurring paragraphs a corpus of opts needs.
func poolSize(o *Options) int {
	if share(o.Recurring) == 0 {
		return 0
	}
	return max(1, int(float64(o.N)*share(o.Recurring)/recurringReuse+0.5))
}
