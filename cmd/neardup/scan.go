package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"golang.org/x/term"

	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/report"
)

const scanUsage = `Usage: neardup scan [flags] INPUT...

Reads every INPUT as one corpus, finds exact duplicates, near-duplicates (syndicated and truncated
copies) and reuse (rewrites sharing passages), clusters them and writes a report: per cluster its
members and related pairs with their shared passages. Bad records are named on stderr as FILE:LINE
and skipped (fatal with --strict). Progress and a summary go to stderr.
`

func scan(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("scan", scanUsage, stderr)
	var opts pipeline.Options
	opts.RegisterFlags(fs)
	format := fs.String("format", "text", "report `format`: text (for a terminal), jsonl (the output contract), pairs (one related pair per line, JSON), csv (one row per pair) or html (one self-contained page)")
	width := fs.Int("width", 0, "with --format text: fit lines in `N` columns (default: the terminal's width, or 100 when the report does not go to a terminal)")
	htmlMaxPairs := fs.Int("html-max-pairs", report.DefaultMaxPairs, "with --format html: show the texts of at most `N` pairs (the rest are listed)")
	output := fs.String("o", "", "write the report to `FILE` (atomically) instead of stdout")
	timestamp := fs.Bool("timestamp", false, "print when the report was made (text and html); reports are otherwise byte-identical for the same input")
	quiet := fs.Bool("quiet", false, "no progress bar and no summary on stderr (bad records are still named)")
	verbose := fs.Bool("v", false, "also print a line as each stage ends (its time and counts), then the LSH bands and rows and the candidate counts")
	cpuprofile := fs.String("cpuprofile", "", "write a Go CPU profile of the run to `FILE`")
	ix := addScanIndexFlags(fs)
	memprofile := fs.String("memprofile", "", "write a Go heap profile at the end of the run to `FILE`")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "neardup scan: no INPUT given (a .jsonl file, a directory, or - for stdin)")
		return exitUsage
	}
	if err := opts.Validate(); err != nil {
		printError(stderr, "scan", err)
		return exitUsage
	}
	stamp := ""
	if *timestamp {
		stamp = time.Now().UTC().Format(time.RFC3339)
	}
	// colour only for a terminal, and never with NO_COLOR set (no-color.org); the terminal's
	// width unless --width says
	color := false
	if f, ok := stdout.(*os.File); ok && (*output == "" || *output == "-") && term.IsTerminal(int(f.Fd())) {
		color = os.Getenv("NO_COLOR") == ""
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && *width == 0 {
			*width = w
		}
	}
	if *width < 0 {
		fmt.Fprintf(stderr, "neardup scan: --width %d: must not be negative\n", *width)
		return exitUsage
	}
	renderers := map[string]func(io.Writer, *pipeline.Result) error{
		"text": func(w io.Writer, r *pipeline.Result) error {
			return report.Text(w, r, report.TextOptions{Color: color, Timestamp: stamp, Width: *width})
		},
		"jsonl": report.JSONL,
		"pairs": report.Pairs,
		"csv":   report.CSV,
		"html": func(w io.Writer, r *pipeline.Result) error {
			return report.HTML(w, r, report.HTMLOptions{MaxPairs: *htmlMaxPairs, Timestamp: stamp})
		},
	}
	render, ok := renderers[*format]
	if !ok {
		fmt.Fprintf(stderr, "neardup scan: --format %q: want text, jsonl, pairs, csv or html\n", *format)
		return exitUsage
	}
	if err := ix.check(); err != nil {
		printError(stderr, "scan", err)
		return exitUsage
	}
	if err := outputIsInput(*output, fs.Args()); err != nil {
		printError(stderr, "scan", err)
		return exitUsage
	}

	// an INPUT that cannot be opened is fatal, before any work (it was one more skipped record)
	if err := opts.CheckInputs(fs.Args(), stdin); err != nil {
		printError(stderr, "scan", err)
		return exitFail
	}
	prog := newProgress(stderr, *quiet, *verbose, func() (int64, bool) { return opts.Read.InputSize(fs.Args()) })
	msgs := prog.writer(stderr) // over the bar, when one is shown
	if prog != nil {
		opts.Progress = prog.update
	}
	shown := 0
	opts.OnRecordError = recordErrorPrinter(msgs, &shown)

	if *cpuprofile != "" {
		stopProfile, err := startProfile(*cpuprofile)
		if err != nil {
			printError(stderr, "scan", err)
			return exitFail
		}
		defer stopProfile()
	}
	var res *pipeline.Result
	var err error
	start := time.Now()
	if ix.path != "" {
		res, err = scanWithIndex(ctx, fs.Args(), stdin, opts, ix, prog, msgs)
	} else {
		res, err = pipeline.Run(ctx, fs.Args(), stdin, opts)
	}
	if err != nil {
		prog.finish()
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "neardup scan: interrupted")
			return exitInterrupted
		}
		printError(stderr, "scan", err)
		return exitFail
	}
	defer res.Close()
	prog.begin("writing the report")
	var written int64
	err = writeOutput(*output, stdout, func(w io.Writer) error {
		cw := &countingWriter{w: w}
		defer func() { written = cw.n }()
		return render(cw, res)
	})
	prog.end(byteSize(written))
	if err != nil {
		printError(stderr, "scan", err)
		return exitFail
	}
	if *memprofile != "" { // after the report, whose writing is a stage of its own
		if err := writeHeapProfile(*memprofile); err != nil {
			printError(stderr, "scan", err)
		}
	}
	if shown > errorLimit {
		fmt.Fprintf(stderr, "neardup scan: %d more bad records not named\n", shown-errorLimit)
	}
	if !*quiet {
		summary(stderr, res, *verbose, time.Since(start))
	}
	return exitOK
}

func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}

// summary prints what a scan found, and took, which is elapsed: the run and the report's
// writing (a run's Stats.Elapsed leaves the report out, whose writing -v lists as a stage).
func summary(w io.Writer, res *pipeline.Result, verbose bool, elapsed time.Duration) {
	s := res.Stats
	skipped := ""
	if s.Skipped > 0 {
		skipped = " (" + skipSummary(s.SkipReasons) + ")"
	}
	fmt.Fprintf(w, "neardup: %s read (%.1f MB), %d skipped%s, %s; %s, %s, %s in %s\n",
		plural(s.Docs, "document"), float64(s.Bytes)/1e6, s.Skipped, skipped, plural(s.Warnings, "warning"),
		plural(s.Clusters, "cluster"), plural(s.Pairs, "related pair"), plural(s.Singletons, "singleton"),
		elapsed.Round(time.Millisecond))
	if !verbose {
		return
	}
	fmt.Fprintf(w, "  LSH: %d bands of %d rows: a pair at the threshold becomes a candidate with probability %.4f\n",
		s.Bands.Bands, s.Bands.Rows, s.BandProb)
	fmt.Fprintf(w, "  candidates: %d from LSH (%d dropped by their sketches before verifying), %d from passage fingerprints (%d of a story's quote in many articles); %d exact-duplicate groups\n",
		s.LSHCandidates, s.Prefiltered, s.FPCandidates, s.StoryCandidates, s.ExactGroups)
	if s.RewriteCandidates > 0 {
		fmt.Fprintf(w, "  rewritten passages: %d candidate pairs from sentence keys (%d of them found by nothing else and sharing only sentences as written: not compared)\n",
			s.RewriteCandidates, s.RewriteCopied)
	}
	fmt.Fprintf(w, "  evidence: %d docsets of recurring text, %d boilerplate fingerprints, %d stock phrases dropped; %d series of their sources told by titles (%d articles)\n",
		s.Docsets, s.Boilerplate, s.StockPhrases, s.Series, s.SeriesItems)
	fmt.Fprintf(w, "  pairs: %d exact, %d near-duplicate, %d reuse; %s in no story joined one by a passage its members hold, %s of %d or fewer articles joined a larger one so; %s between two stories by text neither holds dropped; %s in a story found compilations by their links, %d by their source's\n",
		s.PairsBy[pipeline.Exact], s.PairsBy[pipeline.NearDuplicate], s.PairsBy[pipeline.Reuse], plural(s.PassageJoins, "article"), plural(s.StoryJoins, "story"), pipeline.SmallStory, plural(s.Bridges, "story edge"), plural(s.Digests, "article"), s.Compilers)
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
