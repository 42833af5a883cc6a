package corpus

import (
	"math/rand/v2"
	"strings"
)

// Digests: roundups by a few digest outlets, each of 4-7 short items, 3-6 of which open with
// one whole sentence (15-35 words) of a recent article of another story, copied verbatim, the
// rest the digest's own prose. A digest is a story of its own: it shares a sentence with
// several stories and belongs to none of them.

var digestNames = []string{"morning-briefing", "evening-roundup", "news-in-brief", "the-daily-digest", "week-in-review"}

// streamDigestSources draws the digest outlets, apart from the others.
const streamDigestSources = 0x64696765737473 // "digests"

// digestOutlets returns the 3-5 digest outlets of opts, with boilerplate by the same rules as
// the other outlets.
func digestOutlets(opts Options) []Source {
	r := rand.New(rand.NewPCG(opts.Seed, streamDigestSources))
	out := make([]Source, 3+r.IntN(len(digestNames)-2))
	for i := range out {
		out[i] = Source{Name: digestNames[i], Display: displayName(digestNames[i]), Digest: true}
		if r.Float64() < share(opts.BoilerplateShare) {
			out[i].Boilerplate = boilerplate(r, out[i])
			out[i].Prepend = r.IntN(4) == 0
		}
	}
	return out
}

// Digest sizes.
const (
	minDigestItems  = 4
	maxDigestItems  = 7
	minDigestCopies = 3
	maxDigestCopies = 6
	digestItemWords = 25 // the most words of a sentence of the digest's own
	recentDays      = 3  // the recent articles a digest quotes from span about this many days
)

// recent is a ring of the last articles a digest may quote: originals and big-story articles,
// each with a sentence or two of 15 to 35 words.
type recent struct {
	items []quotable
	next  int
}

// quotable is one article's sentences that a digest may copy.
type quotable struct {
	id, story int
	sents     []string
}

func newRecent(n int) *recent {
	return &recent{items: make([]quotable, 0, n)}
}

// remember keeps up to two sentences of 15-35 words of article i (of the story labelled story)
// for later digests.
func (g *generator) remember(i, story int, b *body) {
	if g.recent == nil {
		return
	}
	var cands []span
	for _, s := range b.sents {
		if s.words >= minQuoteWords && s.words <= maxQuoteWords {
			cands = append(cands, s)
		}
	}
	if len(cands) == 0 {
		return
	}
	q := quotable{id: i, story: story}
	for _, k := range g.x.Perm(len(cands))[:min(2, len(cands))] {
		q.sents = append(q.sents, string(b.text[cands[k].start:cands[k].end]))
	}
	rc := g.recent
	if len(rc.items) < cap(rc.items) {
		rc.items = append(rc.items, q)
		return
	}
	rc.items[rc.next] = q
	rc.next = (rc.next + 1) % len(rc.items)
}

// digest writes a roundup, or a base article when too few stories are recent to quote.
func (g *generator) digest(i int) error {
	r := g.x
	items := minDigestItems + r.IntN(maxDigestItems-minDigestItems+1)
	copies := minDigestCopies + r.IntN(min(items, maxDigestCopies)-minDigestCopies+1)
	var picked []string
	seen := map[int]bool{}
	for _, k := range r.Perm(len(g.recent.items)) {
		q := g.recent.items[k]
		if seen[q.story] {
			continue
		}
		seen[q.story] = true
		picked = append(picked, q.sents[r.IntN(len(q.sents))])
		if len(picked) == copies {
			break
		}
	}
	if len(picked) < minDigestCopies {
		return g.article(i)
	}
	copies = len(picked)
	src := g.opts.Sources + r.IntN(len(g.sources)-g.opts.Sources)
	title := g.sources[src].Display + ": " + g.xw.title()
	from := make([]int, items) // item k copies picked[from[k]-1]; 0 for the digest's own
	for k, at := range r.Perm(items)[:copies] {
		from[at] = k + 1
	}
	var b strings.Builder
	for k, f := range from {
		if k > 0 {
			b.WriteString("\n\n")
		}
		own := 1 + r.IntN(2)
		if f > 0 {
			b.WriteString(picked[f-1])
			own = r.IntN(2)
		}
		for s := range own {
			if f > 0 || s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(g.xsentence(minSentenceWords, digestItemWords))
		}
	}
	var pre, post []string
	if g.wantsBoilerplate(r, src) {
		pre, post = g.withBoilerplate(src, pre, post)
	}
	g.xbuf = append(g.xbuf[:0], b.String()...)
	d := draft{src: src, title: title, pre: pre, body: g.xbuf, post: post, short: true, role: roleDigest,
		words: countWords(pre) + countWords(post) + wordCount(g.xbuf)}
	if err := g.emit(i, &d); err != nil {
		return err
	}
	g.stats.Digests++
	g.stats.DigestSentences += copies
	return nil
}
