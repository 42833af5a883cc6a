// Command neardup-beam runs neardup's scan as an Apache Beam pipeline: on prism, embedded in the
// process (the default), or on the runner --runner names.
//
//	neardup-beam --input 'archive/*.jsonl.gz' --output clusters.jsonl [--runner prism] [scan's flags]
//
// It reads the JSON Lines files (gzipped or not) that --input matches, in lexical order, and
// writes the report of neardup scan --format jsonl on them to --output. See package job.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners" // --runner
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/dataflow"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"

	"github.com/neardup/neardup/beam/cc"
	"github.com/neardup/neardup/beam/job"
	"github.com/neardup/neardup/pipeline"
)

var (
	input   = flag.String("input", "", "JSON Lines files to scan: a `GLOB` (gzipped or not), read in lexical order")
	output  = flag.String("output", "", "where the report goes (`PATH`): neardup scan --format jsonl's contract")
	shards  = flag.Int("shards", 1, "write the report in `N` files, PATH-00000-of-0000N and on, each a run of its lines (in name order, the report)")
	verbose = flag.Bool("v", false, "figures of the run on stderr")
	cpuProf = flag.String("cpuprofile", "", "write a CPU profile of the run (this process: the driver and prism) to `FILE`")
	memProf = flag.String("memprofile", "", "write a heap profile to `FILE` when the live heap is at its largest (sampled each second)")
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
	if *shards < 1 {
		fmt.Fprintf(stderr, "neardup-beam: --shards %d: one file or more\n", *shards)
		return 2
	}
	for _, f := range []struct{ flag, path string }{{"--input", *input}, {"--output", *output}, {"--tmpdir", opts.TempDir}} {
		if f.path == "" {
			continue
		}
		fs, err := filesystem.New(ctx, f.path) // a scheme no file system of this program reads
		if err != nil {
			fmt.Fprintf(stderr, "neardup-beam: %s %s: %v\n", f.flag, f.path, err)
			return 2
		}
		fs.Close()
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
	if *cpuProf != "" {
		f, err := os.Create(*cpuProf)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(stderr, "neardup-beam: --cpuprofile:", err)
			return 1
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	if *memProf != "" {
		done := make(chan struct{})
		errc := make(chan error, 1)
		go func() { errc <- heapAtPeak(*memProf, done) }()
		defer func() {
			close(done)
			if err := <-errc; err != nil {
				fmt.Fprintln(stderr, "neardup-beam: --memprofile:", err)
			}
		}()
	}
	dir, err := runDir(opts.TempDir) // --tmpdir: the pipelines' intermediate files
	if err != nil {
		fmt.Fprintln(stderr, "neardup-beam:", err)
		return 1
	}
	defer func() {
		if err := cc.RemoveAll(context.Background(), dir); err != nil {
			fmt.Fprintln(stderr, "neardup-beam: removing the intermediate files:", err)
		}
	}()
	cfg := job.ConfigOf(opts)
	cfg.Shards = *shards
	st, err := job.Run(ctx, runner, *input, *output, cfg, dir, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "neardup-beam:", err)
		return 1
	}
	if *verbose {
		fmt.Fprintf(stderr, "scan pipeline %v; connected components %v (%d rounds, %d pipelines); report %v\n",
			st.Scan.Round(1e6), st.CC.Round(1e6), st.CCRounds, st.CCPipelines, st.Report.Round(1e6))
		var elements, bytes int64
		for _, v := range st.Volumes {
			elements, bytes = elements+v.Elements, bytes+v.Bytes
		}
		fmt.Fprintf(stderr, "through the PCollections: %d elements, %.1f MB (estimated); the largest, then those of the most elements:\n", elements, float64(bytes)/1e6)
		largest := st.Volumes[:min(len(st.Volumes), 12)]
		most := slices.Clone(st.Volumes)
		slices.SortStableFunc(most, func(x, y job.Volume) int { return cmp.Compare(y.Elements, x.Elements) })
		for _, v := range slices.Concat(largest, most[:min(len(most), 12)]) {
			fmt.Fprintf(stderr, "  %9d elements %9.1f MB  %s: %s\n", v.Elements, float64(v.Bytes)/1e6, v.Pipeline, v.Step)
		}
		if !opts.NoReuse {
			fmt.Fprintf(stderr, "evidence: %d near-duplicate edges among the groups' first documents (%d rounds), %d candidate pairs from passage fingerprints\n",
				st.NearEdges, st.GroupRounds, st.Candidates)
		}
	}
	fmt.Fprintf(stderr, "%d files, %d documents read, %d skipped, %d pairs, %d story edges in %d components\n",
		st.Files, st.Docs, st.Bad, st.Pairs, st.Edges, st.Components)
	return 0
}

// heapAtPeak writes a heap profile to path each time the live heap (after the last collection)
// is larger than at any sample before, each second until done is closed.
func heapAtPeak(path string, done <-chan struct{}) error {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var peak uint64
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return nil
		case <-tick.C:
		}
		metrics.Read(sample)
		if live := sample[0].Value.Uint64(); live > peak {
			peak = live
			f, err := os.Create(path)
			if err != nil {
				return err
			}
			if err := pprof.WriteHeapProfile(f); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
		}
	}
}

// runDir returns a folder for this run's intermediate files under tmp: a new local folder, or,
// for tmp on another file system (gs://, s3://: one a distributed runner's workers share), a
// name no other run takes, whose files the file system makes as they are written.
func runDir(tmp string) (string, error) {
	if !strings.Contains(tmp, "://") {
		return os.MkdirTemp(tmp, "neardup-beam-")
	}
	return cc.Join(tmp, fmt.Sprintf("neardup-beam-%d-%016x", time.Now().Unix(), rand.Uint64())), nil
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
