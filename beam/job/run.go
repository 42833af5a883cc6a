package job

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/neardup/neardup/beam/cc"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/report"
)

// Stats is what a run measured, for -v and the benchmarks.
type Stats struct {
	Files, Docs, Bad int
	Pairs, Edges     int
	NearEdges        int // near-duplicate edges among the groups' first documents (with reuse)
	GroupRounds      int // rounds of the components of those edges
	Candidates       int // the evidence's candidate pairs (with reuse): neardup scan's Stats.FPCandidates
	Components       int // of the story edges (package cc), before the hub rule
	CCRounds         int // rounds of large-star and small-star that changed the graph
	CCPipelines      int
	Scan, CC, Report time.Duration // wall time of the scan pipeline, of the components, of the report
	// what went through each PCollection of the pipelines, as the runner measured it (prism
	// does), largest first
	Volumes []Volume
}

// Volume is what went through one PCollection of a pipeline.
type Volume struct {
	Pipeline   string // "scan", "groups" or "evidence"
	Step, Name string // the transform that wrote it, and its name
	Elements   int64
	Bytes      int64 // estimated: the elements times the mean size of those sampled
}

// volumes reads what went through the PCollections of a pipeline from its result.
func volumes(pipeline string, r beam.PipelineResult) []Volume {
	if r == nil {
		return nil
	}
	var out []Volume
	for _, pc := range r.Metrics().AllMetrics().PCols() {
		v := pc.Result()
		if v.ElementCount == 0 {
			continue
		}
		b := int64(0)
		if d := v.SampledByteSize; d.Count > 0 {
			b = v.ElementCount * (d.Sum / d.Count)
		}
		out = append(out, Volume{Pipeline: pipeline, Step: pc.Key.Step, Name: pc.Key.Name, Elements: v.ElementCount, Bytes: b})
	}
	return out
}

// sortVolumes puts the largest volumes first.
func sortVolumes(v []Volume) {
	slices.SortStableFunc(v, func(x, y Volume) int {
		return cmp.Or(cmp.Compare(y.Bytes, x.Bytes), cmp.Compare(y.Elements, x.Elements))
	})
}

// Run scans the JSON Lines files that glob matches (in lexical order) on runner, writes the
// report (neardup scan --format jsonl's contract) to output through Beam's file systems, and
// names skipped records on logw. tmp is a folder for the pipelines' outputs, the driver's files
// among them (one for this run alone; local, or on a file system the runner's workers share).
func Run(ctx context.Context, runner, glob, output string, cfg Config, tmp string, logw io.Writer) (*Stats, error) {
	st := &Stats{}
	files, err := Match(ctx, glob)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("--input %s: no file matches", glob)
	}
	st.Files = len(files)
	t := time.Now()
	p, s := beam.NewPipelineWithRoot()
	out := OutputsIn(tmp)
	if out.Parts = cfg.Parts; out.Parts <= 0 {
		if out.Parts, err = partsFor(ctx, files); err != nil {
			return nil, err
		}
	}
	Build(s, files, cfg, out)
	r, err := beam.Run(ctx, runner, p)
	if err != nil {
		return nil, fmt.Errorf("scan pipeline: %w", err)
	}
	name := "scan"
	if !cfg.NoReuse {
		name = "groups"
	}
	st.Volumes = volumes(name, r)
	if !cfg.NoReuse {
		if err := evidence(ctx, runner, cfg, out, tmp, st); err != nil {
			return nil, err
		}
	}
	st.Scan = time.Since(t)
	sortVolumes(st.Volumes)

	if err := cc.ReadLines(cc.Shards(out.Bad), func(line string) error {
		if !strings.HasPrefix(line, "warning: ") {
			st.Bad++
		}
		_, err := fmt.Fprintln(logw, line)
		return err
	}); err != nil {
		return nil, err
	}
	members, seqs, err := readMembers(out.Members)
	if err != nil {
		return nil, err
	}
	st.Docs = len(members)
	pairs, edges, err := readPairs(out.Pairs)
	if err != nil {
		return nil, err
	}
	if !cfg.NoReuse {
		p2, e2, err := readPairs(out.Pairs2)
		if err != nil {
			return nil, err
		}
		pairs, edges = append(pairs, p2...), append(edges, e2...)
	}
	st.Pairs, st.Edges = len(pairs), len(edges)

	// the components of the story edges, on the runner
	t = time.Now()
	comp, err := cc.Run(ctx, runner, edges, cc.Join(tmp, "cc"), 8)
	if err != nil {
		return nil, err
	}
	st.CC = time.Since(t)
	st.CCRounds, st.CCPipelines = comp.Rounds, comp.Pipelines
	labels := map[int64]bool{}
	for _, l := range comp.Labels {
		labels[l] = true
	}
	st.Components = len(labels)

	t = time.Now()
	var context func(a, b string) float64
	if !cfg.NoReuse {
		if context, err = ownContext(out, seqs); err != nil {
			return nil, err
		}
	}
	var docsets []pipeline.RecurringDocset
	if !cfg.NoReuse {
		if docsets, err = readDocsets(out, members, seqs); err != nil {
			return nil, err
		}
	}
	res, err := pipeline.StoriesJoined(cfg.Options(), members, pairs, context, docsets)
	if err != nil {
		return nil, err
	}
	if !cfg.NoReuse {
		if err := res.AddRecurring(cfg.Options(), members, docsets); err != nil {
			return nil, err
		}
	}
	if cfg.NoReuse { // no reuse edges, so no hub rule: the stories are the components
		if err := sameComponents(res, seqs, comp.Labels); err != nil {
			return nil, err
		}
	}
	texts := map[string]string{}
	for _, path := range []string{out.Texts, out.Texts2} {
		if err := cc.ReadLines(cc.Shards(path), func(line string) error {
			var t [2]string
			if err := json.Unmarshal([]byte(line), &t); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			texts[t[0]] = t[1]
			return nil
		}); err != nil {
			return nil, err
		}
	}
	res.WithTexts(func(id string) (string, error) {
		t, ok := texts[id]
		if !ok {
			return "", fmt.Errorf("text of %q: not written by the pipeline", id)
		}
		return t, nil
	})
	if err := writeReport(output, res, cfg.Shards); err != nil {
		return nil, err
	}
	st.Report = time.Since(t)
	return st, nil
}

// evidence runs the default mode's second pipeline (BuildEvidence), once the groups of copies
// are known: the components of the first pipeline's near-duplicate edges (package cc).
func evidence(ctx context.Context, runner string, cfg Config, out Outputs, tmp string, st *Stats) error {
	var near [][2]int64
	if err := cc.ReadLines(cc.Shards(out.Near), func(line string) error {
		a, b, err := parsePairKey(line)
		near = append(near, [2]int64{a, b})
		return err
	}); err != nil {
		return fmt.Errorf("%s: %w", out.Near, err)
	}
	st.NearEdges = len(near)
	comp, err := cc.Run(ctx, runner, near, cc.Join(tmp, "groups"), 8)
	if err != nil {
		return fmt.Errorf("groups of copies: %w", err)
	}
	st.GroupRounds = comp.Rounds
	nodes := slices.Sorted(maps.Keys(comp.Labels))
	if err := cc.WriteLines(out.Labels, func(w *bufio.Writer) error {
		for _, u := range nodes {
			fmt.Fprintf(w, "%d %d\n", u, comp.Labels[u])
		}
		return nil
	}); err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	BuildEvidence(s, cfg, out)
	r, err := beam.Run(ctx, runner, p)
	if err != nil {
		return fmt.Errorf("evidence pipeline: %w", err)
	}
	st.Volumes = append(st.Volumes, volumes("evidence", r)...)
	return cc.ReadLines(cc.Shards(out.Candidates), func(string) error { st.Candidates++; return nil })
}

// ownContext reads the groups' firsts' own words and the exact groups, and returns the hub
// rule's context similarity of two documents by id (an exact duplicate has its first's words).
func ownContext(out Outputs, seqs map[string]int64) (func(a, b string) float64, error) {
	own := map[int64][]uint32{}
	if err := cc.ReadLines(cc.Shards(out.Own), func(line string) error {
		s, j, ok := strings.Cut(line, "\t")
		seq, err := strconv.ParseInt(s, 10, 64)
		var w []uint32
		if !ok || err != nil || json.Unmarshal([]byte(j), &w) != nil {
			return fmt.Errorf("%s: bad line %.40q", out.Own, line)
		}
		own[seq] = w
		return nil
	}); err != nil {
		return nil, err
	}
	first := map[int64]int64{}
	if err := cc.ReadLines(cc.Shards(out.Exact), func(line string) error {
		f, seq, err := parsePairKey(line)
		first[seq] = f
		return err
	}); err != nil {
		return nil, fmt.Errorf("%s: %w", out.Exact, err)
	}
	words := func(id string) []uint32 {
		seq := seqs[id]
		if f, ok := first[seq]; ok {
			seq = f
		}
		return own[seq]
	}
	return func(a, b string) float64 { return pipeline.BalancedContext(words(a), words(b)) }, nil
}

// readDocsets reads the docsets reported as shared passages of their own and where they lie
// (Outputs.Recurring, Located), for Result.AddRecurring: members are in input order, seqs their
// sequence numbers.
func readDocsets(out Outputs, members []pipeline.Member, seqs map[string]int64) ([]pipeline.RecurringDocset, error) {
	num := make(map[int64]int, len(members))
	for i, m := range members {
		num[seqs[m.ID]] = i
	}
	member := func(path string, seq int64) (int, error) {
		i, ok := num[seq]
		if !ok {
			return 0, fmt.Errorf("%s: document %d is no member", path, seq)
		}
		return i, nil
	}
	index := map[string]int{}
	var docsets []pipeline.RecurringDocset
	if err := cc.ReadLines(cc.Shards(out.Recurring), func(line string) error {
		key, j, ok := strings.Cut(line, "\t")
		j, stock := strings.CutSuffix(j, "\tstock")
		j, frag := strings.CutSuffix(j, "\tfragment")
		var in []int64
		if !ok || json.Unmarshal([]byte(j), &in) != nil {
			return fmt.Errorf("%s: bad line %.40q", out.Recurring, line)
		}
		if _, dup := index[key]; dup {
			return fmt.Errorf("%s: docset %.40q twice", out.Recurring, key)
		}
		ds := pipeline.RecurringDocset{Docs: make([]int, len(in)), Fragment: frag, Stock: stock}
		for k, seq := range in {
			i, err := member(out.Recurring, seq)
			if err != nil {
				return err
			}
			ds.Docs[k] = i
		}
		index[key] = len(docsets)
		docsets = append(docsets, ds)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := cc.ReadLines(cc.Shards(out.Located), func(line string) error {
		f := strings.Split(line, "\t")
		var at [][4]int
		if len(f) != 3 || json.Unmarshal([]byte(f[2]), &at) != nil {
			return fmt.Errorf("%s: bad line %.40q", out.Located, line)
		}
		k, ok := index[f[0]]
		seq, err := strconv.ParseInt(f[1], 10, 64)
		if !ok || err != nil {
			return fmt.Errorf("%s: bad line %.40q", out.Located, line)
		}
		i, err := member(out.Located, seq)
		if err != nil {
			return err
		}
		for _, a := range at {
			docsets[k].Found = append(docsets[k].Found, pipeline.DocsetLocation{Doc: i,
				Located: pipeline.Located{Start: a[0], End: a[1], Words: a[2], Token: a[3]}})
		}
		return nil
	}); err != nil {
		return nil, err
	}
	// a docset's documents in input order, each's locations as found (the files' lines come in
	// any order)
	for k := range docsets {
		slices.SortStableFunc(docsets[k].Found, func(x, y pipeline.DocsetLocation) int { return cmp.Compare(x.Doc, y.Doc) })
	}
	return docsets, nil
}

// partsFor is how many files each intermediate output is written in for input files: one for
// each 4 MB of input (about 8,000 articles gzipped, 2,000 plain), at most 4,096.
func partsFor(ctx context.Context, files []string) (int, error) {
	var total int64
	for _, f := range files {
		fs, err := filesystem.New(ctx, f)
		if err != nil {
			return 0, err
		}
		n, err := fs.Size(ctx, f)
		fs.Close()
		if err != nil {
			return 0, fmt.Errorf("--input %s: %w", f, err)
		}
		total += n
	}
	return int(min(max(total>>22, 1), 4096)), nil
}

// Match lists the files glob matches, in lexical order.
func Match(ctx context.Context, glob string) ([]string, error) {
	fs, err := filesystem.New(ctx, glob)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	files, err := fs.List(ctx, glob)
	if err != nil {
		return nil, fmt.Errorf("--input %s: %w", glob, err)
	}
	sort.Strings(files)
	return files, nil
}

// sameComponents checks that each story is one component of the story edges and each
// component one story: what the runner found and what Stories found must agree.
func sameComponents(res *pipeline.Result, seqs map[string]int64, labels map[int64]int64) error {
	seen := map[int64]int{}
	for _, cl := range res.Clusters {
		l0, ok := labels[seqs[cl.Members[0].ID]]
		if !ok {
			return fmt.Errorf("components: story %d's %s in no component", cl.Number, cl.Members[0].ID)
		}
		if k, dup := seen[l0]; dup {
			return fmt.Errorf("components: stories %d and %d are one component", k, cl.Number)
		}
		seen[l0] = cl.Number
		for _, m := range cl.Members[1:] {
			if labels[seqs[m.ID]] != l0 {
				return fmt.Errorf("components: story %d is not one component (%s)", cl.Number, m.ID)
			}
		}
	}
	n := map[int64]bool{}
	for _, l := range labels {
		n[l] = true
	}
	if len(n) != len(res.Clusters) {
		return fmt.Errorf("components: %d, stories: %d", len(n), len(res.Clusters))
	}
	return nil
}

func readMembers(path string) ([]pipeline.Member, map[string]int64, error) {
	type seqMember struct {
		seq int64
		m   pipeline.Member
	}
	var all []seqMember
	err := cc.ReadLines(cc.Shards(path), func(line string) error {
		s, j, ok := strings.Cut(line, "\t")
		seq, err := strconv.ParseInt(s, 10, 64)
		if !ok || err != nil {
			return fmt.Errorf("%s: bad line %.40q", path, line)
		}
		var m pipeline.Member
		if err := json.Unmarshal([]byte(j), &m); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		all = append(all, seqMember{seq, m})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.SortFunc(all, func(x, y seqMember) int { return cmpInt64(x.seq, y.seq) })
	members := make([]pipeline.Member, len(all))
	seqs := make(map[string]int64, len(all))
	for i, sm := range all {
		members[i] = sm.m
		seqs[sm.m.ID] = sm.seq
	}
	return members, seqs, nil
}

// readPairs reads the related pairs, and the story edges among them by sequence numbers.
func readPairs(path string) ([]pipeline.Pair, [][2]int64, error) {
	var pairs []pipeline.Pair
	var edges [][2]int64
	err := cc.ReadLines(cc.Shards(path), func(line string) error {
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return fmt.Errorf("%s: bad line %.40q", path, line)
		}
		a, err1 := strconv.ParseInt(f[0], 10, 64)
		b, err2 := strconv.ParseInt(f[1], 10, 64)
		var p pipeline.Pair
		var pieces []pipeline.Passage
		var recurring []int
		if err := json.Unmarshal([]byte(f[2]), &p); err1 != nil || err2 != nil || err != nil || json.Unmarshal([]byte(f[3]), &pieces) != nil ||
			json.Unmarshal([]byte(f[4]), &recurring) != nil {
			return fmt.Errorf("%s: bad line %.40q", path, line)
		}
		p.SetPieces(pieces)
		for _, k := range recurring {
			if k < 0 || k >= len(p.Passages) {
				return fmt.Errorf("%s: bad line %.40q", path, line)
			}
			p.Passages[k].SetRecurring(true)
		}
		pairs = append(pairs, p)
		if p.Story != "" {
			edges = append(edges, [2]int64{a, b})
		}
		return nil
	})
	return pairs, edges, err
}

// writeReport writes the JSON Lines report through Beam's file systems: to output, or, with
// shards above 1, to output-SSSSS-of-NNNNN (Beam's names for shards), each a run of the report's
// lines, about as many in each, so that the files in the order of their names are the report.
func writeReport(output string, res *pipeline.Result, shards int) error {
	if shards <= 1 {
		if err := cc.WriteLines(output, func(w *bufio.Writer) error { return report.JSONL(w, res) }); err != nil {
			return fmt.Errorf("--output %s: %w", output, err)
		}
		return nil
	}
	tmp, err := os.CreateTemp("", "neardup-beam-report-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	lines := &lineCounter{w: tmp}
	bw := bufio.NewWriterSize(lines, 1<<20)
	if err := report.JSONL(bw, res); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReaderSize(tmp, 1<<20)
	n := lines.n
	if lines.last != '\n' && lines.bytes > 0 {
		n++ // a last line without its newline
	}
	for k := range shards { // shard k: lines k*n/shards up to (k+1)*n/shards
		name := fmt.Sprintf("%s-%05d-of-%05d", output, k, shards)
		if err := cc.WriteLines(name, func(w *bufio.Writer) error {
			for range (k+1)*n/shards - k*n/shards {
				l, err := r.ReadString('\n')
				if err != nil && (err != io.EOF || l == "") {
					return err
				}
				w.WriteString(l)
			}
			return nil
		}); err != nil {
			return fmt.Errorf("--output %s: %w", name, err)
		}
	}
	return nil
}

// lineCounter counts the lines written through it to w.
type lineCounter struct {
	w        io.Writer
	n, bytes int
	last     byte
}

func (c *lineCounter) Write(p []byte) (int, error) {
	c.n += bytes.Count(p, []byte{'\n'})
	if len(p) > 0 {
		c.bytes += len(p)
		c.last = p[len(p)-1]
	}
	return c.w.Write(p)
}
