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
	} {
		if r.v > 1 {
			bad("%s = %g, want a share of at most 1 (or negative for none)", r.name, r.v)
		}
	}
	if s := share(o.Syndicated) + share(o.Truncated) + share(o.Rewrite); s > 0.9 {
		bad("Syndicated + Truncated + Rewrite = %g, want at most 0.9", s)
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
