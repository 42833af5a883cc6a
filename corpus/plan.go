package corpus

import (
	"math"
	"math/rand/v2"
	"slices"
)

// slot is what the plan puts at a position of the stream.
type slot uint8

const (
	slotBase      slot = iota // an original or a planted copy, drawn as before the news shapes
	slotStory                 // an outlet's article on a big story
	slotDigest                // a roundup quoting recent articles
	slotSameNames             // new prose with the names of an earlier big story
	slotRerun                 // an outlet's re-run of its own recent article
	slotTemplate              // an item of a template series
)

// plan places the articles of the news shapes in the stream before any is written, so that a
// big story's articles can be spread over the days after its first. Positions not taken are
// base articles.
type plan struct {
	kind    []slot
	arg     []int32 // big story or template series of the position
	stories []*bigStory
	series  []*series
	taken   int
}

// Planning constants.
const (
	storyWindowMin = 0.01 // a big story's articles fall within this share of the corpus after its first...
	storyWindowMax = 0.03 // ... drawn uniformly up to this
	seriesMinItems = 20   // items of one template series
	seriesMaxItems = 60
	maxTemplateSrc = 5 // template series are published by 3 to this many outlets
)

// newPlan places every shaped article of opts (after EnsureDefaults), drawing from r alone.
func newPlan(r *rand.Rand, opts *Options) *plan {
	n := opts.N
	p := &plan{kind: make([]slot, n), arg: make([]int32, n)}
	p.placeSeries(r, opts)
	p.placeStories(r, opts)
	// The rest need earlier articles: a few hundred base articles to quote or re-run, and a big
	// story already begun.
	early := min(n/2, 100)
	p.scatter(r, slotDigest, count(n, opts.Digests), early)
	if len(p.stories) > 0 {
		first := n
		for _, st := range p.stories {
			first = min(first, st.pos[0])
		}
		p.scatter(r, slotSameNames, count(n, opts.SameNames), min(first+1, n-1))
	}
	p.scatter(r, slotRerun, count(n, opts.Reruns), early)
	return p
}

// count is the number of articles a share of n asks for.
func count(n int, s float64) int {
	return int(float64(n)*share(s) + 0.5)
}

// free returns the free position nearest after at within [lo, hi), else the nearest before
// it, else -1.
func (p *plan) free(at, lo, hi int) int {
	at = clamp(at, lo, hi-1)
	for k := at; k < hi; k++ {
		if p.kind[k] == slotBase {
			return k
		}
	}
	for k := at - 1; k >= lo; k-- {
		if p.kind[k] == slotBase {
			return k
		}
	}
	return -1
}

// put takes position k for kind and arg.
func (p *plan) put(k int, kind slot, arg int) {
	p.kind[k], p.arg[k] = kind, int32(arg)
	p.taken++
}

// placeStories draws the big stories: how many outlets cover each (log-uniform between the
// bounds, so that most stories are small and a few are everywhere), which outlets, and where
// their articles fall: the first at a uniform position, the others within 1-3% of the corpus
// after it, most of them early (the window times u²).
func (p *plan) placeStories(r *rand.Rand, opts *Options) {
	n, want := opts.N, count(opts.N, opts.Stories)
	lo, hi := float64(opts.StoryOutletsMin), float64(opts.StoryOutletsMax)
	for placed := 0; want-placed >= 2; {
		k := int(math.Round(math.Exp(math.Log(lo) + r.Float64()*(math.Log(hi)-math.Log(lo)))))
		k = min(k, want-placed)
		if rest := want - placed - k; rest == 1 { // leave no story of one article
			if k < opts.StoryOutletsMax {
				k++
			} else {
				k--
			}
		}
		window := max(int(float64(n)*(storyWindowMin+r.Float64()*(storyWindowMax-storyWindowMin))), 3*k)
		window = min(window, n)
		start := r.IntN(n - window + 1)
		outlets := r.Perm(opts.Sources)[:k]
		st := &bigStory{index: len(p.stories)}
		for j := range k {
			at := start
			if j > 0 {
				u := r.Float64()
				at = start + 1 + int(u*u*float64(window-1))
			}
			pos := p.free(at, start, min(start+window, n))
			if pos < 0 {
				pos = p.free(at, 0, n)
			}
			if pos < 0 {
				break
			}
			p.put(pos, slotStory, st.index)
			st.pos = append(st.pos, pos)
		}
		placed += k
		if len(st.pos) < 2 { // no room: give the position back
			for _, pos := range st.pos {
				p.kind[pos] = slotBase
				p.taken--
			}
			continue
		}
		// The outlets go to the positions in stream order.
		st.outlets = outlets[:len(st.pos)]
		slices.Sort(st.pos)
		p.stories = append(p.stories, st)
	}
}

// placeSeries draws the template series: 20-60 items each, spread evenly over the year (with
// a quarter-step of jitter), the series shared out among 3-5 outlets.
func (p *plan) placeSeries(r *rand.Rand, opts *Options) {
	n, want := opts.N, count(opts.N, opts.Templates)
	if want == 0 {
		return
	}
	srcs := r.Perm(opts.Sources)[:min(opts.Sources, 3+r.IntN(maxTemplateSrc-2))]
	for placed := 0; placed < want; {
		k := min(seriesMinItems+r.IntN(seriesMaxItems-seriesMinItems+1), want-placed)
		s := &series{index: len(p.series), src: srcs[len(p.series)%len(srcs)]}
		step := float64(n) / float64(k)
		offset := r.Float64() * step
		for j := range k {
			at := int(offset + float64(j)*step + (r.Float64()-0.5)*step/2)
			if pos := p.free(at, 0, n); pos >= 0 {
				p.put(pos, slotTemplate, s.index)
				s.items++
			}
		}
		placed += k
		if s.items == 0 {
			break // the stream is full
		}
		p.series = append(p.series, s)
	}
}

// scatter puts k articles of kind at uniform free positions from lo on.
func (p *plan) scatter(r *rand.Rand, kind slot, k, lo int) {
	n := len(p.kind)
	for ; k > 0 && p.taken < n; k-- {
		at := lo + r.IntN(n-lo)
		pos := p.free(at, lo, n)
		if pos < 0 {
			pos = p.free(at, 0, n)
		}
		if pos < 0 {
			return
		}
		p.put(pos, kind, 0)
	}
}
