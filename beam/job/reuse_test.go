package job

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
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

// TestReuseFindsScansPairs: in the default mode the job compares each candidate pair without
// corpus-wide evidence (README, "Scaling out"), so its report is not neardup scan's; it must
// still hold every pair neardup scan reports, with the same relation. On testdata/sample it
// also holds the pair that scan leaves out as boilerplate (morning-ledger's newsletter box):
// when the job learns boilerplate, this test is to become TestSameAsScan's.
func TestReuseFindsScansPairs(t *testing.T) {
	in := t.TempDir()
	toJSONL(t, "../../testdata/sample", in, 7)
	files, err := Match(context.Background(), filepath.Join(in, "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	want := reportPairs(t, local(t, files, pipeline.Options{}))
	out := filepath.Join(t.TempDir(), "out.jsonl")
	if _, err := Run(context.Background(), "prism", filepath.Join(in, "*.jsonl"), out, ConfigOf(pipeline.Options{}), t.TempDir(), io.Discard); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := reportPairs(t, b)
	if len(want) == 0 {
		t.Fatal("neardup scan found no pairs in the sample")
	}
	for k, rel := range want {
		if got[k] != rel {
			t.Errorf("pair %s ~ %s: relation %q, want %q as neardup scan has it", k[0], k[1], got[k], rel)
		}
	}
	boiler := [2]string{"morning-ledger/allotment-rain-tanks.txt", "morning-ledger/regatta-upset.txt"}
	if _, ok := want[boiler]; ok {
		t.Errorf("neardup scan reports %s ~ %s: the sample's boilerplate is no longer what this test says", boiler[0], boiler[1])
	}
	t.Logf("%d pairs, neardup scan %d; %s ~ %s (boilerplate to scan): %q", len(got), len(want), boiler[0], boiler[1], got[boiler])
}
