package job

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	"github.com/neardup/neardup/beam/cc"
	"github.com/neardup/neardup/corpus"
	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/report"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// toJSONL writes the articles of a folder as JSON Lines files of at most per records each
// (names sorting in input order), as neardup reads them: the job reads JSON Lines only.
func toJSONL(t *testing.T, folder, dir string, per int) {
	t.Helper()
	var lines [][]byte
	err := input.Walk(context.Background(), []string{folder}, nil, nil, func(r input.Record) error {
		d, _, perr := (*input.ReadOptions)(nil).Parse(r)
		if perr != nil {
			return perr
		}
		rec := map[string]string{"id": d.ID, "text": d.Text, "source": d.Source, "title": d.Title, "url": d.URL}
		if !d.Published.IsZero() {
			rec["published"] = report.Date(d.Published)
		}
		b, err := json.Marshal(rec)
		lines = append(lines, b)
		return err
	}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(lines); i += per {
		name := filepath.Join(dir, "part-"+string(rune('a'+i/per/26))+string(rune('a'+i/per%26))+".jsonl")
		if err := os.WriteFile(name, append(bytes.Join(lines[i:min(i+per, len(lines))], []byte("\n")), '\n'), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

// local is neardup scan --format jsonl on files: pipeline.Run and report.JSONL, as cmd/neardup
// composes them; and the run's figures.
func local(t *testing.T, files []string, opts pipeline.Options) ([]byte, pipeline.Stats) {
	t.Helper()
	res, err := pipeline.Run(context.Background(), files, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	var b bytes.Buffer
	if err := report.JSONL(&b, res); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), res.Stats
}

// TestSameAsScan compares neardup-beam's report with neardup scan's, byte for byte, on the
// bundled sample, the seeds (when ../shared is there) and the story corpora of testdata/stories
// (a 30-outlet story with a newsletter box, a digest, one source's copies, a template series;
// ids repeated across the files), split into several files so that the files' order counts:
// without reuse (and with every key of three or more documents split into blocks), by default,
// and without rewritten passages; the intermediate outputs in one file each, or in three. With
// reuse the job's candidate pairs from passage fingerprints must be as many as scan's
// (Stats.FPCandidates).
func TestSameAsScan(t *testing.T) {
	corpora := []struct {
		name, folder, jsonl string
		finds               bool // the corpus has related pairs without reuse (the seeds, three articles, have none)
	}{
		{"sample", "../../testdata/sample", "", true},
		{"seeds", "../../../shared/seeds", "", false},
		{"stories", "", "../../testdata/stories/*.jsonl", false},
		// news shapes (big stories, standard paragraphs in unrelated articles, digests, ...):
		// recurring passages of articles in no story, reported as records of their own
		{"news", "", "generated", true},
		// stories of 100 to 150 outlets among 300: docsets of a story's quote in more than
		// maxPairDocs documents, story evidence (pipeline.TextStory)
		{"big stories", "", "generated-big", true},
	}
	modes := []struct {
		name  string
		opts  pipeline.Options
		hot   int
		parts int // files of each intermediate output (0: from the input's size, one here)
	}{
		{"no-reuse", pipeline.Options{NoReuse: true}, 0, 0},
		{"no-reuse/hot keys split", pipeline.Options{NoReuse: true}, 2, 3},
		{"default", pipeline.Options{}, 0, 3},
		{"no-rewrite", pipeline.Options{NoRewrite: true}, 0, 0},
	}
	for _, c := range corpora {
		for _, m := range modes {
			t.Run(c.name+"/"+m.name, func(t *testing.T) {
				in := t.TempDir()
				switch {
				case c.jsonl == "generated":
					newsCorpus(t, in, corpus.Options{N: 400, Seed: 1, Stories: 0.15, Recurring: 0.1,
						Digests: 0.01, SameNames: 0.02, Reruns: 0.01, Templates: 0.01}, 150)
				case c.jsonl == "generated-big":
					newsCorpus(t, in, corpus.Options{N: 1200, Seed: 1, Sources: 300, Stories: 0.4,
						StoryOutletsMin: 100, StoryOutletsMax: 150}, 400)
				case c.jsonl != "":
					copyFiles(t, c.jsonl, in)
				default:
					if _, err := os.Stat(c.folder); err != nil {
						t.Skipf("%s: %v", c.folder, err)
					}
					toJSONL(t, c.folder, in, 7)
				}
				files, err := Match(context.Background(), filepath.Join(in, "*.jsonl"))
				if err != nil {
					t.Fatal(err)
				}
				want, stats := local(t, files, m.opts)
				cfg := ConfigOf(m.opts)
				cfg.HotKey, cfg.HotBlock, cfg.Parts = m.hot, m.hot, m.parts
				st, got := runPrism(t, filepath.Join(in, "*.jsonl"), cfg)
				t.Logf("%d files, %d documents, %d pairs, %d story edges, %d components in %d rounds; %d candidates from fingerprints",
					st.Files, st.Docs, st.Pairs, st.Edges, st.Components, st.CCRounds, st.Candidates)
				if (c.finds || !m.opts.NoReuse) && (len(want) == 0 || st.Pairs == 0) {
					t.Fatalf("nothing found (%d bytes of report, %d pairs): the comparison would prove nothing", len(want), st.Pairs)
				}
				if !m.opts.NoReuse && st.Candidates != stats.FPCandidates {
					t.Errorf("%d candidate pairs from passage fingerprints, neardup scan %d", st.Candidates, stats.FPCandidates)
				}
				if c.name == "news" && !m.opts.NoReuse && recurringRecords(t, want) == 0 {
					t.Fatal("no shared passage of three documents or more in the report: the recurring passages go untested")
				}
				if c.name == "big stories" && !m.opts.NoReuse && stats.StoryCandidates == 0 {
					t.Fatal("no candidate pair of a story's docset: the story evidence goes untested")
				}
				if !bytes.Equal(got, want) {
					diffLines(t, got, want)
				}
			})
		}
	}
}

// diffLines reports the first lines where got and want differ.
func diffLines(t *testing.T, got, want []byte) {
	t.Helper()
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			k := 0
			for k < min(len(gl), len(wl)) && gl[k] == wl[k] {
				k++
			}
			from := max(0, k-200)
			t.Errorf("report line %d, from byte %d:\n got %.600s\nwant %.600s", i+1, from, gl[from:], wl[from:])
			return
		}
	}
}

// copyFiles copies the files glob matches into dir.
func copyFiles(t *testing.T, glob, dir string) {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		t.Fatalf("%s: %d files, %v", glob, len(files), err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

// newsCorpus writes a news-shaped corpus (package corpus, trained on the bundled sample, with
// opts: big stories, standard paragraphs in unrelated articles, digests, same names, re-runs,
// template series) into dir as JSON Lines files of per records each.
func newsCorpus(t *testing.T, dir string, opts corpus.Options, per int) {
	t.Helper()
	m, err := corpus.TrainFile("../../testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := corpus.Generate(context.Background(), &b, nil, m, opts); err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(b.Bytes(), []byte("\n"))
	for i := 0; i < len(lines); i += per {
		name := filepath.Join(dir, fmt.Sprintf("part-%03d.jsonl", i/per))
		if err := os.WriteFile(name, bytes.Join(lines[i:min(i+per, len(lines))], nil), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

// recurringRecords counts a report's shared-passage records of three documents or more: the
// text of a docset, not of one pair.
func recurringRecords(t *testing.T, report []byte) int {
	t.Helper()
	n := 0
	for _, line := range bytes.Split(bytes.TrimSpace(report), []byte("\n")) {
		var r struct {
			Kind        string
			Occurrences []struct{ ID string }
		}
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		docs := map[string]bool{}
		for _, o := range r.Occurrences {
			docs[o.ID] = true
		}
		if r.Kind == "passage" && len(docs) >= 3 {
			n++
		}
	}
	return n
}

// TestTmpOnAnotherFileSystem runs the job with its intermediate files, the driver's among them,
// on a file system other than the local disk (Beam's memfs, as gs:// or s3:// would be for a
// distributed runner's workers): the report is scan's, byte for byte, the files are there and
// not on the disk, and cc.RemoveAll removes them.
func TestTmpOnAnotherFileSystem(t *testing.T) {
	in := t.TempDir()
	toJSONL(t, "../../testdata/sample", in, 7)
	files, err := Match(context.Background(), filepath.Join(in, "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := local(t, files, pipeline.Options{})
	tmp := "memfs://neardup-test/run"
	out := filepath.Join(t.TempDir(), "out.jsonl")
	if _, err := Run(context.Background(), "prism", filepath.Join(in, "*.jsonl"), out, ConfigOf(pipeline.Options{}), tmp, io.Discard); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		diffLines(t, got, want)
	}
	ctx := context.Background()
	fs := memfs.New(ctx)
	list := func() []string {
		var all []string
		for _, glob := range []string{tmp + "/*", tmp + "/*/*"} {
			found, err := fs.List(ctx, glob)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, found...)
		}
		return all
	}
	made := list()
	for _, name := range []string{"members-00000-of-00001", "pairs2-00000-of-00001", "labels", "groups/edges-0", "cc/edges-0", "cc/edges-1-00000-of-00001"} {
		if !slices.Contains(made, tmp+"/"+name) {
			t.Errorf("%s/%s not on memfs (%d files there: %v)", tmp, name, len(made), made)
		}
	}
	if _, err := os.Stat("memfs:"); err == nil {
		t.Error("a local folder memfs: was made")
	}
	if err := cc.RemoveAll(ctx, tmp); err != nil {
		t.Fatal(err)
	}
	if left := list(); len(left) > 0 {
		t.Errorf("%d files left after RemoveAll, %s first", len(left), left[0])
	}
}

// TestShardedReport writes the report of a news-shaped corpus in shards: in the order of their names they are scan's
// report, and each holds about as many lines (one shard more than there are lines is empty).
func TestShardedReport(t *testing.T) {
	in := t.TempDir()
	newsCorpus(t, in, corpus.Options{N: 200, Seed: 1, Stories: 0.15, Recurring: 0.1, Digests: 0.01, SameNames: 0.02,
		Reruns: 0.01, Templates: 0.01}, 100)
	files, err := Match(context.Background(), filepath.Join(in, "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := local(t, files, pipeline.Options{})
	lines := bytes.Count(want, []byte("\n"))
	if lines < 6 {
		t.Fatalf("a report of %d lines: too few to split", lines)
	}
	for _, shards := range []int{2, 3, lines + 1} {
		t.Run(fmt.Sprint(shards), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.jsonl")
			cfg := ConfigOf(pipeline.Options{})
			cfg.Shards = shards
			if _, err := Run(context.Background(), "prism", filepath.Join(in, "*.jsonl"), out, cfg, t.TempDir(), io.Discard); err != nil {
				t.Fatal(err)
			}
			names, err := filepath.Glob(out + "-*-of-*")
			if err != nil || len(names) != shards {
				t.Fatalf("%d shards (%v), want %d", len(names), err, shards)
			}
			var got []byte
			for _, name := range names {
				b, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				if n := bytes.Count(b, []byte("\n")); n < lines/shards || n > lines/shards+1 {
					t.Errorf("%s: %d lines of %d in %d shards", filepath.Base(name), n, lines, shards)
				}
				got = append(got, b...)
			}
			if !bytes.Equal(got, want) {
				diffLines(t, got, want)
			}
		})
	}
}

// TestNoArticlesWarning: a file that gives no document is named in a warning, as neardup scan
// names it, and counts as no skipped record.
func TestNoArticlesWarning(t *testing.T) {
	in := t.TempDir()
	toJSONL(t, "../../testdata/sample", in, 100)
	if err := os.WriteFile(filepath.Join(in, "z-empty.jsonl"), []byte("\n  \n"), 0o666); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	st, err := Run(context.Background(), "prism", filepath.Join(in, "*.jsonl"), filepath.Join(t.TempDir(), "out.jsonl"),
		ConfigOf(pipeline.Options{NoReuse: true}), t.TempDir(), &log)
	if err != nil {
		t.Fatal(err)
	}
	want := "warning: " + filepath.Join(in, "z-empty.jsonl") + ": no articles read from it\n"
	if log.String() != want {
		t.Errorf("log %q, want %q", log.String(), want)
	}
	if st.Bad != 0 || st.Docs == 0 {
		t.Errorf("%d skipped, %d documents; want 0 skipped and the sample's documents", st.Bad, st.Docs)
	}
}

// runPrism runs the job on prism over the files input matches, with cfg, and returns its
// statistics and its report.
func runPrism(t *testing.T, input string, cfg Config) (*Stats, []byte) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.jsonl")
	st, err := Run(context.Background(), "prism", input, out, cfg, t.TempDir(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return st, got
}
