// Command corpus writes a deterministic synthetic news corpus with planted syndicated, truncated
// and rewritten copies, and a truth file listing them.
//
//	go run ./cmd/corpus -n 200000 -o out/corpus/synthetic-200000.jsonl.gz \
//	    -truth out/corpus/synthetic-200000.truth.tsv [-seed 1] [-train FILE]
//
// Flags for the shapes of a real day of news (all off by default; off, the corpus and truth
// file are byte for byte what they were before the flags existed) make big stories covered by
// many outlets, standard paragraphs recurring in unrelated articles, digests, articles reusing
// a story's names, re-runs and template series, each a share of the articles; -stories-truth
// writes every article's story label and role, to score story clustering against:
//
//	go run ./cmd/corpus -n 20000 -o out/corpus/news-20000.jsonl.gz \
//	    -truth out/corpus/news-20000.truth.tsv -stories-truth out/corpus/news-20000.stories.tsv \
//	    -stories 0.15 -recurring 0.1 -digests 0.01 -same-names 0.02 -reruns 0.01 -templates 0.01 \
//	    [-story-outlets 5,40] [-sources 40]
//
// A story of hundreds of outlets, as a big day of news has, needs as many outlets: -sources 1000
// -story-outlets 100,400. The truth file then also lists re-runs (kind rerun); big stories, digests and template series
// are in the stories file only.
//
// The model is trained on -train: a JSON Lines file (gzipped or not) with a "text" field, or a
// directory of .txt and .md files. By default it is ../shared/data/reuters21578.jsonl.gz beside
// the repository when that exists, else the repository's testdata/sample.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/neardup/neardup/corpus"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the run failed
	exitUsage = 2 // bad flags
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is the command line.
type config struct {
	opts    corpus.Options
	out     string
	truth   string
	stories string
	train   string
	quiet   bool
}

// run parses args, trains, generates and reports; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "corpus:", err)
		return exitUsage
	}
	if err := generate(ctx, cfg, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "corpus:", err)
		return exitError
	}
	return exitOK
}

// parse reads the flags into a config with defaults filled in.
func parse(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.opts.N, "n", corpus.DefaultN, "number of articles")
	fs.Uint64Var(&cfg.opts.Seed, "seed", 1, "random seed")
	fs.StringVar(&cfg.out, "o", "", "output JSON Lines (gzipped when it ends in .gz); - for stdout")
	fs.StringVar(&cfg.truth, "truth", "", "output TSV of planted pairs (a, b, kind); empty for none")
	fs.StringVar(&cfg.train, "train", "", "training text: JSON Lines (.gz) with a text field, or a directory of .txt/.md (default: ../shared/data/reuters21578.jsonl.gz, else testdata/sample)")
	fs.Float64Var(&cfg.opts.Syndicated, "syndicated", corpus.DefaultSyndicated, "share of syndicated copies (negative for none)")
	fs.Float64Var(&cfg.opts.Truncated, "truncated", corpus.DefaultTruncated, "share of truncated copies (negative for none)")
	fs.Float64Var(&cfg.opts.Rewrite, "rewrite", corpus.DefaultRewrite, "share of rewrites (negative for none)")
	fs.StringVar(&cfg.stories, "stories-truth", "", "output TSV of every article's story and role (id, story, role); empty for none")
	fs.Float64Var(&cfg.opts.Stories, "stories", 0, "share of articles that belong to big stories covered by many outlets")
	cfg.opts.StoryOutletsMin, cfg.opts.StoryOutletsMax = corpus.DefaultStoryOutletsMin, corpus.DefaultStoryOutletsMax
	fs.Var(outletRange{&cfg.opts}, "story-outlets", "outlets covering a big story, MIN,MAX (MAX at most -sources)")
	fs.IntVar(&cfg.opts.Sources, "sources", corpus.DefaultSources, "number of outlets (stories of more outlets need more)")
	fs.Float64Var(&cfg.opts.Recurring, "recurring", 0, "share of articles carrying a standard paragraph that recurs in unrelated articles")
	fs.Float64Var(&cfg.opts.Digests, "digests", 0, "share of articles that are digests quoting recent stories")
	fs.Float64Var(&cfg.opts.SameNames, "same-names", 0, "share of articles reusing a big story's names in new prose (needs -stories)")
	fs.Float64Var(&cfg.opts.Reruns, "reruns", 0, "share of articles that re-run the outlet's own recent article")
	fs.Float64Var(&cfg.opts.Templates, "templates", 0, "share of articles that are items of template series")
	fs.BoolVar(&cfg.quiet, "q", false, "no progress on stderr")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if cfg.out == "" {
		return cfg, errors.New("-o is required")
	}
	if cfg.truth == "-" {
		return cfg, errors.New("-truth must name a file")
	}
	if cfg.stories == "-" {
		return cfg, errors.New("-stories-truth must name a file")
	}
	if cfg.train == "" {
		cfg.train = defaultTrain()
	}
	cfg.opts.EnsureDefaults()
	return cfg, cfg.opts.Validate()
}

// defaultTrain finds the Reuters corpus beside the repository, else the repository's samples.
func defaultTrain() string {
	root, err := os.Getwd()
	if err != nil {
		return filepath.Join("testdata", "sample")
	}
	for dir := root; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			root = dir
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	reuters := filepath.Join(root, "..", "shared", "data", "reuters21578.jsonl.gz")
	if _, err := os.Stat(reuters); err == nil {
		return reuters
	}
	return filepath.Join(root, "testdata", "sample")
}

// generate trains the model and writes the corpus and truth files, removing them on failure.
func generate(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	start := time.Now()
	model, err := corpus.TrainFile(cfg.train)
	if err != nil {
		return err
	}
	mi := model.Info()
	fmt.Fprintf(stderr, "trained on %s: %d documents, %d sentences, %d tokens, %d words in vocabulary (%.1fs)\n",
		cfg.train, mi.Documents, mi.Sentences, mi.Tokens, mi.Vocabulary, time.Since(start).Seconds())

	gen := time.Now()
	stats, err := write(ctx, cfg, model, stderr)
	if err != nil {
		for _, path := range []string{cfg.out, cfg.truth, cfg.stories} {
			if path != "" && path != "-" {
				os.Remove(path)
			}
		}
		return err
	}
	if cfg.out == "-" { // the corpus went to stdout: report beside the progress
		stdout = stderr
	}
	fmt.Fprintf(stdout, "wrote %d articles (%d bytes of JSON) to %s in %.1fs\n", stats.Articles, stats.Bytes, cfg.out, time.Since(gen).Seconds())
	fmt.Fprintf(stdout, "planted pairs: %d syndicated, %d truncated, %d rewrite; %d originals; %d articles with boilerplate\n",
		stats.Syndicated, stats.Truncated, stats.Rewrite, stats.Originals, stats.WithBoilerplate)
	fmt.Fprintf(stdout, "words per article: min %d, median %d, max %d (without truncated copies: min %d, median %d, max %d)\n",
		stats.Words.Min, stats.Words.Median, stats.Words.Max, stats.FullWords.Min, stats.FullWords.Median, stats.FullWords.Max)
	if shaped(cfg.opts) {
		fmt.Fprintf(stdout, "news shapes: %d big stories in %d articles; %d articles with recurring paragraphs (pool of %d); %d digests quoting %d sentences; %d same-names articles; %d reruns; %d template items in %d series\n",
			stats.Stories, stats.StoryArticles, stats.Recurring, stats.RecurringPool, stats.Digests, stats.DigestSentences,
			stats.SameNames, stats.Reruns, stats.Templates, stats.TemplateSeries)
	}
	return nil
}

// shaped reports whether any news shape is on, when the summary names them.
func shaped(o corpus.Options) bool {
	for _, s := range []float64{o.Stories, o.Recurring, o.Digests, o.SameNames, o.Reruns, o.Templates} {
		if s > 0 {
			return true
		}
	}
	return false
}

// outletRange is the -story-outlets flag: MIN,MAX.
type outletRange struct{ o *corpus.Options }

func (f outletRange) String() string {
	if f.o == nil {
		return ""
	}
	return fmt.Sprintf("%d,%d", f.o.StoryOutletsMin, f.o.StoryOutletsMax)
}

func (f outletRange) Set(s string) error {
	lo, hi, ok := strings.Cut(s, ",")
	a, errA := strconv.Atoi(strings.TrimSpace(lo))
	b, errB := strconv.Atoi(strings.TrimSpace(hi))
	if !ok || errA != nil || errB != nil {
		return fmt.Errorf("want MIN,MAX, got %q", s)
	}
	f.o.StoryOutletsMin, f.o.StoryOutletsMax = a, b
	return nil
}

// write generates into the output files and closes them.
func write(ctx context.Context, cfg config, model *corpus.Model, stderr io.Writer) (corpus.Stats, error) {
	out, err := create(cfg.out)
	if err != nil {
		return corpus.Stats{}, err
	}
	defer out.Close()
	var truth, stories io.WriteCloser
	if cfg.truth != "" {
		if truth, err = create(cfg.truth); err != nil {
			return corpus.Stats{}, err
		}
		defer truth.Close()
	}
	if cfg.stories != "" {
		if stories, err = create(cfg.stories); err != nil {
			return corpus.Stats{}, err
		}
		defer stories.Close()
	}
	progress := !cfg.quiet && isTerminal(stderr)
	if progress {
		cfg.opts.Progress = func(s corpus.Stats) {
			fmt.Fprintf(stderr, "\r%d/%d articles", s.Articles, cfg.opts.N)
		}
	}
	stats, err := corpus.GenerateOutput(ctx, corpus.Output{Articles: out, Truth: nilIfNone(truth), Stories: nilIfNone(stories)}, model, cfg.opts)
	if progress {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return stats, err
	}
	if err := out.Close(); err != nil {
		return stats, err
	}
	for _, f := range []io.WriteCloser{truth, stories} {
		if f != nil {
			if err := f.Close(); err != nil {
				return stats, err
			}
		}
	}
	return stats, nil
}

// isTerminal reports whether w is a terminal, where a progress line belongs.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
