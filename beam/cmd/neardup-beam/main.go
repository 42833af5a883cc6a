// Command neardup-beam runs neardup's scan as an Apache Beam pipeline: on prism, embedded in the
// process (the default), or on the runner --runner names.
//
//	neardup-beam --input 'archive/*.jsonl.gz' --output clusters.jsonl [--runner prism] [scan's flags]
//
// It reads the JSON Lines files (gzipped or not) that --input matches, in lexical order, and
// writes the report of neardup scan --format jsonl on them to --output. See package job.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners" // --runner
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"

	"github.com/neardup/neardup/beam/job"
	"github.com/neardup/neardup/pipeline"
)

var (
	input   = flag.String("input", "", "JSON Lines files to scan: a `GLOB` (gzipped or not), read in lexical order")
	output  = flag.String("output", "", "where the report goes (`PATH`): neardup scan --format jsonl's contract")
	verbose = flag.Bool("v", false, "figures of the run on stderr")
	opts    pipeline.Options
)

func main() {
	opts.RegisterFlags(flag.CommandLine)
	flag.Parse()
	beam.Init() // a worker process started by a runner serves here and exits
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Stderr))
}

func run(ctx context.Context, stderr io.Writer) int {
	if *input == "" || *output == "" {
		fmt.Fprintln(stderr, "neardup-beam: --input GLOB and --output PATH are needed")
		flag.Usage()
		return 2
	}
	if err := opts.Validate(); err != nil {
		fmt.Fprintln(stderr, "neardup-beam:", err)
		return 2
	}
	runner := *runners.Runner
	if runner == "" {
		runner = "prism"
	}
	if runner == "prism" && os.Getenv("GOMEMLIMIT") == "" {
		// prism holds every element in this process: without a limit the heap grew to three
		// times what it held live (Reuters-21578 by default: 15.7 GB, 9.0 GB at 8 GiB)
		if total := memTotal(); total > 0 {
			debug.SetMemoryLimit(total / 2)
		}
	}
	dir, err := os.MkdirTemp(opts.TempDir, "neardup-beam-") // --tmpdir: the pipelines' intermediate files
	if err != nil {
		fmt.Fprintln(stderr, "neardup-beam:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	st, err := job.Run(ctx, runner, *input, *output, job.ConfigOf(opts), dir, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "neardup-beam:", err)
		return 1
	}
	if *verbose {
		fmt.Fprintf(stderr, "scan pipeline %v; connected components %v (%d rounds, %d pipelines); report %v\n",
			st.Scan.Round(1e6), st.CC.Round(1e6), st.CCRounds, st.CCPipelines, st.Report.Round(1e6))
		if !opts.NoReuse {
			fmt.Fprintf(stderr, "evidence: %d near-duplicate edges among the groups' first documents (%d rounds), %d candidate pairs from passage fingerprints\n",
				st.NearEdges, st.GroupRounds, st.Candidates)
		}
	}
	fmt.Fprintf(stderr, "%d files, %d documents read, %d skipped, %d pairs, %d story edges in %d components\n",
		st.Files, st.Docs, st.Bad, st.Pairs, st.Edges, st.Components)
	return 0
}

// memTotal returns the machine's memory in bytes (MemTotal of /proc/meminfo), or 0 where it is
// not known.
func memTotal() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	return parseMemTotal(string(b))
}

// parseMemTotal reads MemTotal (in kB) from the text of /proc/meminfo: bytes, or 0.
func parseMemTotal(meminfo string) int64 {
	for _, line := range strings.Split(meminfo, "\n") {
		rest, ok := strings.CutPrefix(line, "MemTotal:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return 0
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || kb <= 0 {
			return 0
		}
		return kb << 10
	}
	return 0
}
