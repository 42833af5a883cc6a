package corpus

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"
)

// Kind names a planted relation in the truth file.
type Kind string

// The planted relations.
const (
	Syndicated Kind = "syndicated" // the original's body under a new header and footer, by another outlet
	Truncated  Kind = "truncated"  // the first 35-80% of the original's body, by another outlet
	Rewrite    Kind = "rewrite"    // new prose on the same story, keeping 2-4 verbatim passages of the original
	Rerun      Kind = "rerun"      // an outlet's own article again, verbatim or with one paragraph new
)

// ErrNilModel is returned by Generate without a model.
var ErrNilModel = errors.New("corpus: nil model")

// Pooling: the chance that an article is kept as a candidate original for later copies. A kept
// syndicated copy may itself be copied later (a copy of a copy).
const (
	keepOriginal   = 0.5
	keepSyndicated = 0.25
	minPool        = 20 // copies start once the pool holds this many stories (or Pool)
)

// story is an earlier article kept in the pool, with what its later copies need.
type story struct {
	id     int    // article index
	source int    // outlet of this article
	root   int    // outlet of the story's first article
	city   string // the story's dateline
	title  string
	text   []byte // body paragraphs; shared by syndicated copies, never modified
	sents  []span
	words  int // words of text
	extra  int // words of the article outside text (header, footer, boilerplate)
}

// generator holds the state of one Generate call.
type generator struct {
	opts    Options
	r       *rand.Rand
	w       *writer
	sources []Source
	days    []string // "2024-01-01" ... "2024-12-31"
	pool    []*story

	out, truth *bufio.Writer
	body       body   // scratch: the prose of the current article
	text       []byte // scratch: the full text
	line       []byte // scratch: the JSON record

	hist, histFull []int // articles by word count: all, and all but truncated copies and short items
	stats          Stats

	// The news shapes (news.go), all nil or empty when they are off.
	x           *rand.Rand // every draw of the shapes, from a stream of their own...
	xw          *writer    // ... prose included
	xtoks       tokBody    // scratch: woven prose as tokens
	xbody       body       // scratch: woven prose
	xbuf        []byte     // scratch: a digest's, re-run's or template item's text
	plan        *plan
	begun       []*bigStory // big stories whose first article is written
	recurring   []string    // the pool of standard paragraphs
	recurChance float64
	recent      *recent      // what digests quote
	printed     []outletRing // what outlets re-run
	labels      *labels      // each article's story and role, for the stories file
	stories     *bufio.Writer
}

// Output is where GenerateOutput writes.
type Output struct {
	Articles io.Writer // JSON Lines
	Truth    io.Writer // the planted pairs as TSV; nil for none
	Stories  io.Writer // every article's story and role as TSV (labels.go); nil for none
}

// Generate writes opts.N articles drawn from m to w as JSON Lines, and the planted pairs to
// truth as TSV (truth may be nil). The output is a function of m, the options and the seed
// alone. It returns what it wrote; on error the output is incomplete.
func Generate(ctx context.Context, w io.Writer, truth io.Writer, m *Model, opts Options) (Stats, error) {
	return GenerateOutput(ctx, Output{Articles: w, Truth: truth}, m, opts)
}

// GenerateOutput is Generate with the stories file too.
func GenerateOutput(ctx context.Context, out Output, m *Model, opts Options) (Stats, error) {
	if m == nil {
		return Stats{}, ErrNilModel
	}
	opts.EnsureDefaults()
	if err := opts.Validate(); err != nil {
		return Stats{}, err
	}
	g := newGenerator(out, m, opts)
	if err := g.run(ctx); err != nil {
		return g.snapshot(), err
	}
	return g.snapshot(), nil
}

func newGenerator(out Output, m *Model, opts Options) *generator {
	src := rand.NewPCG(opts.Seed, streamArticles)
	r := rand.New(src)
	g := &generator{
		opts:     opts,
		r:        r,
		w:        newWriter(m, src, r, share(opts.Backoff), share(opts.SparseBackoff)),
		sources:  Sources(opts),
		out:      bufio.NewWriterSize(out.Articles, 1<<16),
		hist:     make([]int, 1<<12),
		histFull: make([]int, 1<<12),
	}
	if out.Truth != nil {
		g.truth = bufio.NewWriterSize(out.Truth, 1<<14)
	}
	if out.Stories != nil {
		g.stories = bufio.NewWriterSize(out.Stories, 1<<16)
		g.labels = newLabels(opts.N)
	}
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for day.Year() == 2024 {
		g.days = append(g.days, day.Format("2006-01-02"))
		day = day.AddDate(0, 0, 1)
	}
	if opts.shapes() {
		g.shapes(m)
	}
	return g
}

// run writes every article, then flushes.
func (g *generator) run(ctx context.Context) error {
	if g.truth != nil {
		if _, err := g.truth.WriteString("a\tb\tkind\n"); err != nil {
			return fmt.Errorf("write truth header: %w", err)
		}
	}
	for i := 0; i < g.opts.N; i++ {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("generate article %d: %w", i+1, err)
			}
		}
		if err := g.next(i); err != nil {
			return err
		}
		if g.opts.Progress != nil && (i+1)%g.opts.ProgressEvery == 0 && i+1 < g.opts.N {
			g.opts.Progress(g.snapshot())
		}
	}
	if err := g.out.Flush(); err != nil {
		return fmt.Errorf("write articles: %w", err)
	}
	if g.truth != nil {
		if err := g.truth.Flush(); err != nil {
			return fmt.Errorf("write truth: %w", err)
		}
	}
	if g.stories != nil {
		if err := g.labels.write(g.stories, g.opts.N); err != nil {
			return err
		}
	}
	if g.opts.Progress != nil {
		g.opts.Progress(g.snapshot())
	}
	return nil
}

// article draws and writes article i: a copy of a pooled story at the planted rates, else an
// original.
func (g *generator) article(i int) error {
	u := g.r.Float64()
	if len(g.pool) >= min(g.opts.Pool, minPool) {
		synd, trunc, rewr := share(g.opts.Syndicated), share(g.opts.Truncated), share(g.opts.Rewrite)
		switch {
		case u < synd:
			return g.syndicate(i, g.pool[g.r.IntN(len(g.pool))])
		case u < synd+trunc:
			return g.truncate(i, g.pool[g.r.IntN(len(g.pool))])
		case u < synd+trunc+rewr:
			return g.rewrite(i, g.pool[g.r.IntN(len(g.pool))])
		}
	}
	return g.original(i)
}

// original writes a fresh article and may keep it for later copies.
func (g *generator) original(i int) error {
	src := g.r.IntN(g.opts.Sources)
	city := cities[g.r.IntN(len(cities))]
	title := g.w.title()
	var pre, post []string
	if g.r.IntN(2) == 0 {
		pre = append(pre, "By "+person(g.r))
	}
	if g.r.IntN(3) == 0 {
		pre = append(pre, g.dateline(city, i, -1))
	}
	if g.wantsBoilerplate(g.r, src) {
		pre, post = g.withBoilerplate(src, pre, post)
	}
	rec := g.recurringFor()
	extra := countWords(pre) + countWords(post) + countWords(rec)
	// Leave room for the dateline of a later syndicated copy (5 to 10 words), which may drop
	// this article's header and boilerplate: within MaxWords, and not under MinWords.
	most := g.opts.MaxWords - extra - datelineWords
	least := max(g.opts.MinWords-extra, g.opts.MinWords-datelineWords/2)
	target := clamp(length(g.r, g.opts.MinWords, g.opts.MedianWords, g.opts.MaxWords)-extra, least, most-minSentenceWords)
	g.w.fill(&g.body, target, most)
	d := draft{src: src, title: title, pre: pre, body: g.body.text, inserts: g.placeInserts(&g.body, rec), post: post,
		words: extra + g.body.words}
	if err := g.emit(i, &d); err != nil {
		return err
	}
	g.remember(i, i, &g.body)
	g.stats.Originals++
	if g.r.Float64() < keepOriginal {
		g.keep(&story{
			id: i, source: src, root: src, city: city, title: title,
			text: slices.Clone(g.body.text), sents: slices.Clone(g.body.sents),
			words: g.body.words, extra: extra,
		})
	}
	return nil
}

// keep adds st to the pool, replacing a random entry when it is full.
func (g *generator) keep(st *story) {
	if len(g.pool) < g.opts.Pool {
		g.pool = append(g.pool, st)
		return
	}
	g.pool[g.r.IntN(len(g.pool))] = st
}

// otherSource picks an outlet other than the story's first and its copy's.
func (g *generator) otherSource(st *story) int {
	for {
		s := g.r.IntN(g.opts.Sources)
		if s != st.source && (s != st.root || g.opts.Sources < 3) {
			return s
		}
	}
}

// day returns the day of 2024 of article i: the stream runs through the year in order.
func (g *generator) day(i int) int {
	return i * len(g.days) / g.opts.N
}

// articleID names article i (0-based) as syn-0000001.
func articleID(i int) string { return fmt.Sprintf("syn-%07d", i+1) }

// countWords counts the whitespace-separated words of paragraphs.
func countWords(paras []string) int {
	n := 0
	for _, p := range paras {
		n += wordCount(p)
	}
	return n
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
