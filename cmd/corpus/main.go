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
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
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
	opts      corpus.Options
	out       string
	truth     string
	train     string
	quiet     bool
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

// generate trains the model and writes the corpus and truth files.
func generate(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	start := time.Now()
	model, err := corpus.TrainFile(cfg.train)
	if err != nil {
		return err
	}
	mi := model.Info()
	fmt.Fprintf(stderr, "trained on %s: %d documents, %d sentences, %d tokens, %d words in vocabulary (%.1fs)\n",
		cfg.train, mi.Documents, mi.Sentences, mi.Tokens, mi.Vocabulary, time.Since(start).Seconds())

	out, err := create(cfg.out)
	if err != nil {
		return err
	}
	defer out.Close()
	var truth io.WriteCloser
	if cfg.truth != "" {
		if truth, err = create(cfg.truth); err != nil {
			return err
		}
		defer truth.Close()
	}
	if !cfg.quiet {
		cfg.opts.Progress = func(s corpus.Stats) {
			fmt.Fprintf(stderr, "\r%d/%d articles", s.Articles, cfg.opts.N)
		}
	}
	gen := time.Now()
	stats, err := corpus.Generate(ctx, out, nilIfNone(truth), model, cfg.opts)
	if !cfg.quiet {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("close %s: %w", cfg.out, err)
	}
	if truth != nil {
		if err := truth.Close(); err != nil {
			return fmt.Errorf("close %s: %w", cfg.truth, err)
		}
	}
	fmt.Fprintf(stdout, "wrote %d articles (%d bytes of JSON) to %s in %.1fs\n", stats.Articles, stats.Bytes, cfg.out, time.Since(gen).Seconds())
	fmt.Fprintf(stdout, "planted pairs: %d syndicated, %d truncated, %d rewrite; %d originals; %d articles with boilerplate\n",
		stats.Syndicated, stats.Truncated, stats.Rewrite, stats.Originals, stats.WithBoilerplate)
	fmt.Fprintf(stdout, "words per article: min %d, median %d, max %d (without truncated copies: min %d, median %d, max %d)\n",
		stats.Words.Min, stats.Words.Median, stats.Words.Max, stats.FullWords.Min, stats.FullWords.Median, stats.FullWords.Max)
	return nil
}

// nilIfNone turns a nil WriteCloser into a nil Writer (not a non-nil interface holding nil).
func nilIfNone(w io.WriteCloser) io.Writer {
	if w == nil {
		return nil
	}
	return w
}

// create opens path for writing ("-" is stdout), making its directory, and gzips when the name
// ends in .gz. Close flushes and closes; closing twice is harmless.
func create(path string) (io.WriteCloser, error) {
	if path == "-" {
		return nopCloser{os.Stdout}, nil
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if !strings.HasSuffix(path, ".gz") {
		return &file{f: f, path: path}, nil
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestSpeed)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &file{f: f, zw: zw, path: path}, nil
}

// file is an output file, gzipped or not.
type file struct {
	f      *os.File
	zw     *gzip.Writer
	path   string
	closed bool
}

func (f *file) Write(p []byte) (int, error) {
	if f.zw != nil {
		return f.zw.Write(p)
	}
	return f.f.Write(p)
}

// Close flushes the gzip stream and closes the file once.
func (f *file) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	var errs []error
	if f.zw != nil {
		errs = append(errs, f.zw.Close())
	}
	errs = append(errs, f.f.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close %s: %w", f.path, err)
	}
	return nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }
