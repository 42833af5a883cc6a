package cc

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // Run's files
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	register.Function2x1(parseEdge)
	register.Function2x1(formatEdge)
	register.Function2x1(formatCount)
	register.DoFn1x2[string, int, string](&shardKeyFn{})
	register.Function1x2(emptyShard)
	register.DoFn2x1[int, func(*string) bool, error](&writeShardFn{})
	register.Iter1[string]()
}

// Result is what Run found.
type Result struct {
	Labels map[int64]int64 // every node of the edges: the smallest node of its component
	// Rounds is how many rounds changed the graph: the first round that found it at the fixed
	// point is round Rounds (0-based). RoundsRun counts that one and any others a pipeline
	// unrolled after it.
	Rounds, RoundsRun int
	Pipelines         int // pipelines run (each unrolls PerPipeline rounds)
	// Bad[r] is how many nodes broke the star shape when round r started.
	Bad []int
}

// Run finds the connected components of edges: pipelines of perPipeline rounds each on runner
// (see beam.Run: "prism" runs them in this process), each reading the edges the last one wrote
// under dir (a folder of any of Beam's file systems: on a distributed runner, one its workers
// share), until a round finds the fixed point. Run is for a driver program and tests; a job
// that has its edges in a PCollection calls Rounds and Labels.
func Run(ctx context.Context, runner string, edges [][2]int64, dir string, perPipeline int) (*Result, error) {
	if perPipeline < 1 {
		return nil, fmt.Errorf("cc: %d rounds per pipeline", perPipeline)
	}
	in := Join(dir, "edges-0")
	if err := writeEdges(in, edges); err != nil {
		return nil, err
	}
	res := &Result{}
	for {
		p, s := beam.NewPipelineWithRoot()
		e := beam.ParDo(s, parseEdge, textio.Read(s, in))
		first := res.RoundsRun
		out, bad := Rounds(s, e, first, perPipeline)
		res.Pipelines++
		res.RoundsRun += perPipeline
		next := Join(dir, fmt.Sprintf("edges-%d", res.Pipelines))
		counts := Join(dir, fmt.Sprintf("bad-%d", res.Pipelines))
		WriteSharded(s, next, shards(len(edges)), beam.ParDo(s, formatEdge, out))
		WriteSharded(s, counts, 1, beam.ParDo(s, formatCount, bad))
		if _, err := beam.Run(ctx, runner, p); err != nil {
			return nil, fmt.Errorf("cc: pipeline %d: %w", res.Pipelines, err)
		}
		byRound, err := readCounts(Shards(counts))
		if err != nil {
			return nil, err
		}
		done := false
		for r := first; r < res.RoundsRun; r++ {
			res.Bad = append(res.Bad, byRound[r])
			if byRound[r] == 0 && !done {
				res.Rounds, done = r, true
			}
		}
		if done || len(edges) == 0 {
			res.Bad = res.Bad[:res.Rounds+1]
			final, err := readEdges(Shards(next))
			if err != nil {
				return nil, err
			}
			res.Labels = starLabels(final)
			return res, nil
		}
		in = Shards(next)
	}
}

// shards is how many files WriteSharded writes an output of about n lines to: one for each
// 200,000 lines or so.
func shards(n int) int { return min(max(n/200000, 1), 4096) }

// starLabels labels the nodes of a star forest with their centres, the smallest node of each
// star (Labels does the same in a pipeline).
func starLabels(edges [][2]int64) map[int64]int64 {
	l := map[int64]int64{}
	for _, e := range edges {
		m := min(e[0], e[1])
		for _, u := range e {
			if c, ok := l[u]; !ok || m < c {
				l[u] = m
			}
		}
	}
	return l
}

func parseEdge(line string, emit func(int64, int64)) error {
	a, b, ok := strings.Cut(line, " ")
	u, err1 := strconv.ParseInt(a, 10, 64)
	v, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return fmt.Errorf("cc: bad edge %q", line)
	}
	emit(u, v)
	return nil
}

func formatEdge(u, v int64) string { return strconv.FormatInt(u, 10) + " " + strconv.FormatInt(v, 10) }

func formatCount(round int, n int) string { return strconv.Itoa(round) + " " + strconv.Itoa(n) }

func writeEdges(path string, edges [][2]int64) error {
	return WriteLines(path, func(w *bufio.Writer) error {
		for _, e := range edges {
			fmt.Fprintf(w, "%d %d\n", e[0], e[1])
		}
		return nil
	})
}

func readEdges(path string) ([][2]int64, error) {
	var out [][2]int64
	err := ReadLines(path, func(line string) error {
		var u, v int64
		if _, err := fmt.Sscan(line, &u, &v); err != nil {
			return fmt.Errorf("cc: %s: bad edge %q", path, line)
		}
		out = append(out, [2]int64{u, v})
		return nil
	})
	return out, err
}

func readCounts(path string) (map[int]int, error) {
	out := map[int]int{}
	err := ReadLines(path, func(line string) error {
		var r, n int
		if _, err := fmt.Sscan(line, &r, &n); err != nil {
			return fmt.Errorf("cc: %s: bad count %q", path, line)
		}
		out[r] = n
		return nil
	})
	return out, err
}
