// Command corpus writes a deterministic synthetic news corpus with planted syndicated, truncated
// and rewritten copies, and a truth file listing them.
//
//	go run ./cmd/corpus -n 200000 -o out/corpus/synthetic-200000.jsonl.gz \
//	    -truth out/corpus/synthetic-200000.truth.tsv [-seed 1] [-train FILE]
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
	opts  corpus.Options
	out   string
	truth string
	train string
	quiet bool
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
		for _, path := range []string{cfg.out, cfg.truth} {
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
	return nil
}

// write generates into the output files and closes them.
func write(ctx context.Context, cfg config, model *corpus.Model, stderr io.Writer) (corpus.Stats, error) {
	out, err := create(cfg.out)
	if err != nil {
		return corpus.Stats{}, err
	}
	defer out.Close()
	var truth io.WriteCloser
	if cfg.truth != "" {
		if truth, err = create(cfg.truth); err != nil {
			return corpus.Stats{}, err
		}
		defer truth.Close()
	}
	progress := !cfg.quiet && isTerminal(stderr)
	if progress {
		cfg.opts.Progress = func(s corpus.Stats) {
			fmt.Fprintf(stderr, "\r%d/%d articles", s.Articles, cfg.opts.N)
		}
	}
	stats, err := corpus.Generate(ctx, out, nilIfNone(truth), model, cfg.opts)
	if progress {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return stats, err
	}
	if err := out.Close(); err != nil {
		return stats, err
	}
	if truth != nil {
		if err := truth.Close(); err != nil {
			return stats, err
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
