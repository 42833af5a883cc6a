package job

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// reportPairs returns the pairs of a JSON Lines report (of its clusters, hubs and linked
// documents) with their relations.
func reportPairs(t *testing.T, b []byte) map[[2]string]string {
	t.Helper()
	type pair struct{ A, B, Relation string }
	type link struct{ Pairs []pair }
	out := map[[2]string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var r struct {
			Pairs []pair
			Links []link
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		for _, l := range r.Links {
			r.Pairs = append(r.Pairs, l.Pairs...)
		}
		for _, p := range r.Pairs {
			out[[2]string{p.A, p.B}] = p.Relation
		}
	}
	return out
}

// reportClusters returns each record of a JSON Lines report as its kind and members' ids.
func reportClusters(t *testing.T, b []byte) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var r struct {
			Kind    string
			Members []struct{ ID string }
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		line := r.Kind
		for _, m := range r.Members {
			line += " " + m.ID
		}
		out = append(out, line)
	}
	return out
}

// TestReuseSameStoriesAsScan: in the default mode the job finds the candidate pairs by
// neardup scan's evidence (evidence.go: boilerplate, recurring text and stock phrases are no
// candidates), so it finds scan's pairs, with their relations, and scan's clusters. Each pair
// is then aligned by itself (pipeline.Compare), without the evidence (README, "Scaling out"):
// its passages, coverage and context may differ from scan's, which this test leaves out. On
// testdata/sample, morning-ledger's newsletter box (boilerplate to scan) makes no pair.
func TestReuseSameStoriesAsScan(t *testing.T) {
	corpora := []struct{ name, folder, jsonl string }{
		{"sample", "../../testdata/sample", ""},
		{"seeds", "../../../shared/seeds", ""},
		// a story in 30 outlets with a newsletter box, a digest, one source's copies, ...:
		// boilerplate, docsets, context groups (and repeated ids across the files)
		{"stories", "", "../../testdata/stories/*.jsonl"},
	}
	for _, c := range corpora {
		for _, opts := range []pipeline.Options{{}, {NoRewrite: true}} {
			name := c.name
			if opts.NoRewrite {
				name += "/no-rewrite"
			}
			t.Run(name, func(t *testing.T) { sameStoriesAsScan(t, c.folder, c.jsonl, opts) })
		}
	}
}

// sameStoriesAsScan runs the job and neardup scan on the articles of folder (or the JSON Lines
// files jsonl matches) and compares their pairs and clusters.
func sameStoriesAsScan(t *testing.T, folder, jsonl string, opts pipeline.Options) {
	t.Helper()
	in := t.TempDir()
	if jsonl != "" {
		copyFiles(t, jsonl, in)
	} else {
		if _, err := os.Stat(folder); err != nil {
			t.Skipf("%s: %v", folder, err)
		}
		toJSONL(t, folder, in, 7)
	}
	files, err := Match(context.Background(), filepath.Join(in, "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(context.Background(), files, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	res.Close()
	wantReport := local(t, files, opts)
	want := reportPairs(t, wantReport)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	st, err := Run(context.Background(), "prism", filepath.Join(in, "*.jsonl"), out, ConfigOf(opts), t.TempDir(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || res.Stats.FPCandidates == 0 {
		t.Fatalf("neardup scan found %d pairs, %d candidates: the comparison would prove nothing", len(want), res.Stats.FPCandidates)
	}
	if st.Candidates != res.Stats.FPCandidates {
		t.Errorf("%d candidate pairs from passage fingerprints, neardup scan %d", st.Candidates, res.Stats.FPCandidates)
	}
	got := reportPairs(t, b)
	for k, rel := range want {
		if got[k] != rel {
			t.Errorf("pair %s ~ %s: relation %q, want %q as neardup scan has it", k[0], k[1], got[k], rel)
		}
	}
	for k, rel := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("pair %s ~ %s (%s): not in neardup scan's report", k[0], k[1], rel)
		}
	}
	if g, w := reportClusters(t, b), reportClusters(t, wantReport); !slices.Equal(g, w) {
		t.Errorf("records (kind, members):\n got %q\nwant %q", g, w)
	}
	t.Logf("%d candidates, %d pairs, %d near-duplicate edges (%d rounds)", st.Candidates, len(got), st.NearEdges, st.GroupRounds)
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
