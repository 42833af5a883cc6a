package corpus

import (
	"errors"
	"fmt"
)

// Options control Generate. The zero value works: every zero field takes the default named in
// its comment. Rates and shares take a negative value to mean none (zero means the default).
type Options struct {
	N    int    // articles to write; default 1000
	Seed uint64 // seed of the random streams; the same seed, model and options give the same bytes

	Syndicated float64 // share of articles that are syndicated copies; default 0.08
	Truncated  float64 // share of articles that are truncated copies; default 0.06
	Rewrite    float64 // share of articles that rewrite an earlier story; default 0.06

	Sources          int     // number of invented outlets; default 40
	BoilerplateShare float64 // share of outlets with a house boilerplate; default 0.25
	BoilerplateRate  float64 // share of those outlets' articles that carry it; default 0.9

	MinWords    int // fewest words in an article (truncated copies excepted); default 300
	MedianWords int // median words of a generated article; default 500
	MaxWords    int // most words in an article; default 900

	// Pool is how many earlier articles are kept as candidates for later copies; a copy's
	// distance to its original is then roughly exponential with a mean near 2.5·Pool. Default 1000.
	Pool int

	// Backoff is the chance of drawing a word from the order-1 model instead of the order-2
	// model at a context with several continuations; SparseBackoff is the chance at a context
	// seen with a single continuation, where order 2 would copy the training text word for word.
	// Defaults 0.05 and 0.8: see phrase.go for the measurements behind them.
	Backoff       float64
	SparseBackoff float64

	// News shapes (news.go): what a real day of news holds besides copies. Each is a share of
	// all articles, default 0 (none); with all of them off the output is what it was before
	// they existed, byte for byte. Their draws come from streams of their own.
	//
	// Stories is the share of articles that belong to big stories, each covered by
	// StoryOutletsMin to StoryOutletsMax outlets (defaults 5 and 40) with one article apiece:
	// fresh prose sharing the story's names, numbers, topic words and one or two of its quotes.
	Stories         float64
	StoryOutletsMin int
	StoryOutletsMax int

	// Recurring is the share of articles that carry one or two standard paragraphs (company
	// blurbs, disclaimers, background) from a pool shared by unrelated articles.
	Recurring float64

	// Digests is the share of articles that are roundups by digest outlets, each quoting one
	// sentence from each of 3-6 recent articles of other stories.
	Digests float64

	// SameNames is the share of articles that reuse the names and terms of an earlier big story
	// in new prose, without its quotes: a story of their own. It needs Stories.
	SameNames float64

	// Reruns is the share of articles that an outlet re-runs from its own recent articles,
	// verbatim or with one paragraph new.
	Reruns float64

	// Templates is the share of articles that are items of template series: a fixed text of
	// 30-60 words with 3-5 slots, published over and over by one outlet.
	Templates float64

	// Progress, if set, is called every ProgressEvery articles (default 10000) and at the end.
	Progress      func(Stats)
	ProgressEvery int
}

// Defaults, as documented on Options.
const (
	DefaultN             = 1000
	DefaultSyndicated    = 0.08
	DefaultTruncated     = 0.06
	DefaultRewrite       = 0.06
	DefaultSources       = 40
	DefaultBoilerplate   = 0.25
	DefaultBoilerRate    = 0.9
	DefaultMinWords      = 300
	DefaultMedianWords   = 500
	DefaultMaxWords      = 900
	DefaultPool          = 1000
	DefaultBackoff       = 0.05
	DefaultSparseBackoff = 0.8
	DefaultProgressEvery = 10000

	DefaultStoryOutletsMin = 5
	DefaultStoryOutletsMax = 40
)

// EnsureDefaults replaces zero fields by their defaults. It leaves negative rates, which mean
// none, as they are, so that calling it twice changes nothing.
func (o *Options) EnsureDefaults() {
	setInt(&o.N, DefaultN)
	setRate(&o.Syndicated, DefaultSyndicated)
	setRate(&o.Truncated, DefaultTruncated)
	setRate(&o.Rewrite, DefaultRewrite)
	setInt(&o.Sources, DefaultSources)
	setRate(&o.BoilerplateShare, DefaultBoilerplate)
	setRate(&o.BoilerplateRate, DefaultBoilerRate)
	setInt(&o.MinWords, DefaultMinWords)
	setInt(&o.MedianWords, DefaultMedianWords)
	setInt(&o.MaxWords, DefaultMaxWords)
	setInt(&o.Pool, DefaultPool)
	setRate(&o.Backoff, DefaultBackoff)
	setRate(&o.SparseBackoff, DefaultSparseBackoff)
	setInt(&o.ProgressEvery, DefaultProgressEvery)
	setInt(&o.StoryOutletsMin, DefaultStoryOutletsMin)
	setInt(&o.StoryOutletsMax, DefaultStoryOutletsMax)
}

func setInt(p *int, def int) {
	if *p == 0 {
		*p = def
	}
}

func setRate(p *float64, def float64) {
	if *p == 0 {
		*p = def
	}
}

// maxSlotShare bounds the articles the news shapes take from the stream, so that copies and
// originals keep most of it.
const maxSlotShare = 0.8

// slotShare is the share of articles the news shapes place in the stream themselves (recurring
// paragraphs go into other articles).
func (o *Options) slotShare() float64 {
	return share(o.Stories) + share(o.Digests) + share(o.SameNames) + share(o.Reruns) + share(o.Templates)
}

// shapes reports whether any news shape is on.
func (o *Options) shapes() bool {
	return o.slotShare() > 0 || share(o.Recurring) > 0
}

// share reads a rate or share: negative means none.
func share(p float64) float64 { return max(p, 0) }

// Validate reports every problem with o at once; call it after EnsureDefaults.
func (o *Options) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("corpus: "+format, args...))
	}
	if o.N < 1 {
		bad("N = %d, want at least 1", o.N)
	}
	for _, r := range []struct {
		name string
		v    float64
	}{
		{"Syndicated", o.Syndicated}, {"Truncated", o.Truncated}, {"Rewrite", o.Rewrite},
		{"BoilerplateShare", o.BoilerplateShare}, {"BoilerplateRate", o.BoilerplateRate},
		{"Backoff", o.Backoff}, {"SparseBackoff", o.SparseBackoff},
		{"Stories", o.Stories}, {"Recurring", o.Recurring}, {"Digests", o.Digests},
		{"SameNames", o.SameNames}, {"Reruns", o.Reruns}, {"Templates", o.Templates},
	} {
		if r.v > 1 {
			bad("%s = %g, want a share of at most 1 (or negative for none)", r.name, r.v)
		}
	}
	if s := share(o.Syndicated) + share(o.Truncated) + share(o.Rewrite); s > 0.9 {
		bad("Syndicated + Truncated + Rewrite = %g, want at most 0.9", s)
	}
	if s := o.slotShare(); s > maxSlotShare {
		bad("Stories + Digests + SameNames + Reruns + Templates = %g, want at most %g", s, maxSlotShare)
	}
	if share(o.Stories) > 0 {
		if o.StoryOutletsMin < 2 || o.StoryOutletsMin > o.StoryOutletsMax {
			bad("StoryOutletsMin %d, StoryOutletsMax %d: want 2 <= min <= max", o.StoryOutletsMin, o.StoryOutletsMax)
		}
		if o.StoryOutletsMax > o.Sources {
			bad("StoryOutletsMax = %d, want at most Sources = %d (each outlet covers a story once)", o.StoryOutletsMax, o.Sources)
		}
	}
	if share(o.SameNames) > 0 && share(o.Stories) == 0 {
		bad("SameNames = %g needs Stories: the names come from big stories", o.SameNames)
	}
	if o.Sources < 2 {
		bad("Sources = %d, want at least 2 (copies come from another outlet)", o.Sources)
	}
	if o.MinWords < minArticleWords {
		bad("MinWords = %d, want at least %d", o.MinWords, minArticleWords)
	}
	if o.MinWords > o.MedianWords || o.MedianWords > o.MaxWords {
		bad("MinWords %d, MedianWords %d, MaxWords %d: want them in that order", o.MinWords, o.MedianWords, o.MaxWords)
	}
	if o.MaxWords < o.MinWords+2*maxSentenceWords {
		bad("MaxWords = %d, want at least MinWords + %d so that sentences fit", o.MaxWords, 2*maxSentenceWords)
	}
	if o.Pool < 1 {
		bad("Pool = %d, want at least 1", o.Pool)
	}
	if o.ProgressEvery < 1 {
		bad("ProgressEvery = %d, want at least 1", o.ProgressEvery)
	}
	return errors.Join(errs...)
}
