package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// wantsBoilerplate draws from r whether an article of src carries its house text: most do.
func (g *generator) wantsBoilerplate(r *rand.Rand, src int) bool {
	return g.sources[src].Boilerplate != "" && r.Float64() < share(g.opts.BoilerplateRate)
}

// withBoilerplate adds src's house text before or after the article.
func (g *generator) withBoilerplate(src int, pre, post []string) ([]string, []string) {
	s := g.sources[src]
	g.stats.WithBoilerplate++
	if s.Prepend {
		return append([]string{s.Boilerplate}, pre...), post
	}
	return pre, append(post, s.Boilerplate)
}

// byline names a reporter. Header and footer lines are kept to five words or fewer around the
// outlet's name, so that two unrelated articles sharing a template share no run of 8 words.
func (g *generator) byline(r *rand.Rand, src int) string {
	name := person(r)
	switch r.IntN(3) {
	case 0:
		return "By " + name
	case 1:
		return "By " + name + ", " + g.sources[src].Display
	default:
		return name + ", staff writer"
	}
}

// dateline gives the city and date of article i, with the outlet when src >= 0.
func (g *generator) dateline(city string, i, src int) string {
	t := g.date(i)
	d := fmt.Sprintf("%s, %s %d", city, months[t.Month()-1], t.Day())
	if src >= 0 {
		d += " (" + g.sources[src].Display + ")"
	}
	return d
}

// footer credits the original outlet of a syndicated copy, led by the original's date so that
// copies of unrelated stories share at most the outlet's name and a few words.
func (g *generator) footer(st *story) string {
	orig := g.sources[st.source].Display
	t := g.date(st.id)
	date := fmt.Sprintf("%s %d", months[t.Month()-1], t.Day())
	switch g.r.IntN(4) {
	case 0:
		return date + ": first published by the " + orig + "."
	case 1:
		return "Published " + date + " by the " + orig + "."
	case 2:
		return "From the " + orig + ", " + date + "."
	default:
		return "Reporting by " + person(g.r) + "; editing by " + person(g.r) + "."
	}
}

// teaser ends a truncated copy with a pointer to the full story.
func (g *generator) teaser(src int, st *story) string {
	orig := g.sources[st.source]
	switch g.r.IntN(3) {
	case 0:
		return "More at " + strings.ReplaceAll(orig.Name, "-", "") + ".example."
	case 1:
		return "Full story: " + orig.Display + "."
	default:
		return "(Continued for " + g.sources[src].Display + " subscribers.)"
	}
}

// date returns the publication date of article i.
func (g *generator) date(i int) time.Time {
	return time.Date(2024, 1, 1+g.day(i), 0, 0, 0, 0, time.UTC)
}
