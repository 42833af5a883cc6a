package job

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

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
// composes them.
func local(t *testing.T, files []string, opts pipeline.Options) []byte {
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
	return b.Bytes()
}

// TestSameAsScan compares neardup-beam's report with neardup scan's, byte for byte, on the
// bundled sample and the seeds (when ../shared is there), split into several files so that the
// files' order counts.
func TestSameAsScan(t *testing.T) {
	corpora := []struct {
		name, folder string
		finds        bool // the corpus has related pairs (the seeds, three articles, have none without reuse)
	}{
		{"sample", "../../testdata/sample", true},
		{"seeds", "../../../shared/seeds", false},
	}
	for _, c := range corpora {
		for _, hot := range []int{0, 2} {
			noReuse := true
			name := c.name + "/no-reuse"
			if hot > 0 { // every key of three or more documents split into blocks of two
				name += "/hot keys split"
			}
			t.Run(name, func(t *testing.T) {
				if _, err := os.Stat(c.folder); err != nil {
					t.Skipf("%s: %v", c.folder, err)
				}
				in := t.TempDir()
				toJSONL(t, c.folder, in, 7)
				files, err := Match(context.Background(), filepath.Join(in, "*.jsonl"))
				if err != nil {
					t.Fatal(err)
				}
				opts := pipeline.Options{NoReuse: noReuse}
				want := local(t, files, opts)
				out := filepath.Join(t.TempDir(), "out.jsonl")
				cfg := ConfigOf(opts)
				cfg.HotKey, cfg.HotBlock = hot, hot
				st, err := Run(context.Background(), "prism", filepath.Join(in, "*.jsonl"), out, cfg, t.TempDir(), io.Discard)
				if err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%d files, %d documents, %d pairs, %d story edges, %d components in %d rounds", st.Files, st.Docs, st.Pairs, st.Edges, st.Components, st.CCRounds)
				if c.finds && (len(want) == 0 || st.Pairs == 0) {
					t.Fatalf("nothing found (%d bytes of report, %d pairs): the comparison would prove nothing", len(want), st.Pairs)
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
			t.Errorf("report line %d:\n got %.600s\nwant %.600s", i+1, gl, wl)
			return
		}
	}
}
