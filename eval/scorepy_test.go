package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/report"
)

// The reference scorer and the PAN-13 data, beside the checkout.
const (
	scorePy = "../../shared/eval/score.py"
	pan13   = "../../shared/data/pan13"
)

// python3 returns the path of python3 and score.py, or skips the test.
func python3(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(scorePy); err != nil {
		t.Skipf("%s is absent", scorePy)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	return py
}

// scorePyLines runs score.py with args and returns its output lines.
func scorePyLines(t *testing.T, py string, args ...string) []string {
	t.Helper()
	return scorePyRun(t, py, append([]string{scorePy}, args...)...)
}

// scorePyRun runs python3 with args and returns its output lines.
func scorePyRun(t *testing.T, py string, args ...string) []string {
	t.Helper()
	out, err := exec.Command(py, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("python3 %s: %v\n%s", strings.Join(args[:min(len(args), 2)], " "), err, msg)
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}

// ourLines scores as neardup eval does and returns the output lines.
func ourLines(t *testing.T, outPath, truthPath string, opts Options) []string {
	t.Helper()
	truth, err := ReadTruthFile(truthPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := ReadOutputFile(outPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := Score(out, truth, opts).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}

// sameLines compares score.py's lines with the first lines of ours, which must say the same.
func sameLines(t *testing.T, what string, want, got []string) {
	t.Helper()
	if len(got) < len(want) {
		t.Errorf("%s: %d lines, score.py printed %d:\n%s\nscore.py:\n%s", what, len(got), len(want),
			strings.Join(got, "\n"), strings.Join(want, "\n"))
		return
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s line %d:\n got %s\nwant %s (score.py)", what, i+1, got[i], want[i])
		}
	}
}

func writeLines(t *testing.T, path string, lines []string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// randomCase is a PAN-like instance: a truth with passages, a pair list and a report.
type randomCase struct{ truth, pairs, output, tsv []string }

// newRandomCase draws a small instance where every measure has something to do: detections
// split, shifted, merged, misplaced, on unlisted pairs and in both orders; unanchored cases.
func newRandomCase(rng *rand.Rand) randomCase {
	var rc randomCase
	nSrc, nSus := 1+rng.IntN(6), 1+rng.IntN(6)
	srcID := func(i int) string { return fmt.Sprintf("source-document%05d.txt", i) }
	susID := func(i int) string { return fmt.Sprintf("suspicious-document%05d.txt", i) }
	span := func() (int, int) {
		s := rng.IntN(1000)
		return s, s + 5 + rng.IntN(200)
	}
	type tcase struct {
		a, b string
		p    Passage
	}
	var truth []tcase
	listed := map[[2]string]bool{}
	for i := 0; i < nSrc; i++ {
		for j := 0; j < nSus; j++ {
			switch rng.IntN(4) {
			case 0: // a positive pair with 1-3 passages
				for k := rng.IntN(3); k >= 0; k-- {
					var p Passage
					p.AStart, p.AEnd = span()
					p.BStart, p.BEnd = span()
					truth = append(truth, tcase{srcID(i), susID(j), p})
					anchored := rng.IntN(10) > 0
					rc.truth = append(rc.truth, mustJSON(map[string]any{"a": srcID(i), "b": susID(j),
						"a_start": p.AStart, "a_end": p.AEnd, "b_start": p.BStart, "b_end": p.BEnd, "anchored": anchored}))
				}
				listed[[2]string{susID(j), srcID(i)}] = true
			case 1: // a listed negative
				listed[[2]string{susID(j), srcID(i)}] = true
			}
		}
	}
	for k := range listed {
		rc.pairs = append(rc.pairs, k[0]+"\t"+k[1])
	}
	type jp = map[string]any
	passage := func(p Passage) jp {
		return jp{"a_start": p.AStart, "a_end": p.AEnd, "b_start": p.BStart, "b_end": p.BEnd, "words": 1, "a_text": "", "b_text": ""}
	}
	var pairs []jp
	relations := []string{"reuse", "near-duplicate"}
	add := func(a, b string, ps []Passage) {
		var jps []jp
		for _, p := range ps {
			jps = append(jps, passage(p))
		}
		if rng.IntN(3) == 0 { // the other order
			a, b = b, a
			for i := range jps {
				jps[i] = passage(flip(ps[i]))
			}
		}
		pairs = append(pairs, jp{"a": a, "b": b, "relation": relations[rng.IntN(2)], "passages": jps})
	}
	for _, tc := range truth {
		var ps []Passage
		switch rng.IntN(6) {
		case 0: // missed
			continue
		case 1: // exact
			ps = []Passage{tc.p}
		case 2: // split in two, maybe overlapping
			ma, mb := (tc.p.AStart+tc.p.AEnd)/2, (tc.p.BStart+tc.p.BEnd)/2
			o := rng.IntN(4)
			ps = []Passage{{tc.p.AStart, ma + o, tc.p.BStart, mb + o}, {ma, tc.p.AEnd, mb, tc.p.BEnd}}
		case 3: // shifted
			d := rng.IntN(60) - 30
			ps = []Passage{{tc.p.AStart + d, tc.p.AEnd + d, max(0, tc.p.BStart-d), tc.p.BEnd - d}}
		case 4: // elsewhere
			var p Passage
			p.AStart, p.AEnd = span()
			p.BStart, p.BEnd = span()
			ps = []Passage{p}
		case 5: // widened
			ps = []Passage{{max(0, tc.p.AStart-rng.IntN(50)), tc.p.AEnd + rng.IntN(50), tc.p.BStart, tc.p.BEnd + rng.IntN(50)}}
		}
		add(tc.a, tc.b, ps)
	}
	for k := rng.IntN(8); k > 0; k-- { // unlisted and same-role pairs
		ids := []string{srcID(rng.IntN(nSrc + 2)), susID(rng.IntN(nSus + 2))}
		a, b := ids[rng.IntN(2)], ids[rng.IntN(2)]
		if a != b {
			var p Passage
			p.AStart, p.AEnd = span()
			p.BStart, p.BEnd = span()
			add(a, b, []Passage{p})
		}
	}
	rng.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
	// Clusters: the pairs in a few lines, members drawn at random (the scorers only read them).
	for c := 1; len(pairs) > 0; c++ {
		n := 1 + rng.IntN(len(pairs))
		var members []jp
		for _, p := range pairs[:n] {
			members = append(members, jp{"id": p["a"]}, jp{"id": p["b"]})
		}
		rc.output = append(rc.output, mustJSON(jp{"version": 1, "cluster": c, "kind": "story", "members": members, "pairs": pairs[:n]}))
		pairs = pairs[n:]
	}
	for _, tc := range truth {
		rc.tsv = append(rc.tsv, tc.a+"\t"+tc.b)
	}
	if len(rc.truth) == 0 { // score.py divides by the positives
		rc.truth = append(rc.truth, mustJSON(map[string]any{"a": srcID(0), "b": susID(0), "a_start": 0, "a_end": 10, "b_start": 0, "b_end": 10}))
		rc.tsv = append(rc.tsv, srcID(0)+"\t"+susID(0))
		rc.pairs = append(rc.pairs, susID(0)+"\t"+srcID(0))
	}
	return rc
}

// scorePyDriver runs score.py on many instances in one process (python3 takes a while to
// start): argv holds directories, each with out.jsonl, truth.jsonl, pairs.tsv and truth.tsv; it
// prints "== pan", "== pairs" and "== pairs reuse" before the lines of each scoring.
const scorePyDriver = `
import os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
import score
for d in sys.argv[2:]:
    out = os.path.join(d, 'out.jsonl')
    print('== pan'); score.pan(out, d)
    print('== pairs'); score.pairs_score(out, os.path.join(d, 'truth.tsv'))
    print('== pairs reuse'); score.pairs_score(out, os.path.join(d, 'truth.tsv'), 'reuse')
`

// TestAgainstScorePyRandom compares every line score.py pan and pairs print with ours, on random
// instances.
func TestAgainstScorePyRandom(t *testing.T) {
	py := python3(t)
	rng := rand.New(rand.NewPCG(3, 4))
	n := 200
	if testing.Short() {
		n = 20
	}
	var dirs []string
	for i := 0; i < n; i++ {
		dir := t.TempDir()
		rc := newRandomCase(rng)
		writeLines(t, filepath.Join(dir, "truth.jsonl"), rc.truth)
		writeLines(t, filepath.Join(dir, "pairs.tsv"), rc.pairs)
		writeLines(t, filepath.Join(dir, "truth.tsv"), rc.tsv)
		writeLines(t, filepath.Join(dir, "out.jsonl"), rc.output)
		dirs = append(dirs, dir)
	}
	abs, err := filepath.Abs(scorePy)
	if err != nil {
		t.Fatal(err)
	}
	lines := scorePyRun(t, py, append([]string{"-c", scorePyDriver, abs}, dirs...)...)
	var sections [][]string // per instance: pan, pairs, pairs reuse
	for _, l := range lines {
		if strings.HasPrefix(l, "== ") {
			sections = append(sections, nil)
			continue
		}
		if len(sections) == 0 {
			t.Fatalf("driver printed %q before a section", l)
		}
		sections[len(sections)-1] = append(sections[len(sections)-1], l)
	}
	if len(sections) != 3*n {
		t.Fatalf("driver printed %d sections, want %d", len(sections), 3*n)
	}
	granular := 0
	for i, dir := range dirs {
		out := filepath.Join(dir, "out.jsonl")
		listed, err := ReadPairsFile(filepath.Join(dir, "pairs.tsv"), nil)
		if err != nil {
			t.Fatal(err)
		}
		what := fmt.Sprintf("instance %d (%s)", i, dir)
		got := ourLines(t, out, filepath.Join(dir, "truth.jsonl"), Options{Listed: listed, Role: PrefixRoles(listed)})
		sameLines(t, what+" pan", sections[3*i], got)
		if !strings.Contains(got[3], "granularity=1.0000") {
			granular++
		}
		sameLines(t, what+" pairs", sections[3*i+1],
			ourLines(t, out, filepath.Join(dir, "truth.tsv"), Options{SameCluster: true}))
		sameLines(t, what+" pairs --relation reuse", sections[3*i+2],
			ourLines(t, out, filepath.Join(dir, "truth.tsv"), Options{Relation: "reuse", SameCluster: true}))
		if t.Failed() {
			return
		}
	}
	if granular == 0 {
		t.Errorf("no instance with granularity above 1: the instances are too easy")
	}
}

// TestAgainstScorePy scans PAN-13 and scores its --format pairs report with score.py pan and with Score: every
// line score.py prints must be the same, roles from id prefixes or from the corpus.
func TestAgainstScorePy(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("-short or -race: scans PAN-13 (scripts/eval.sh compares the scorers too)")
	}
	docs := filepath.Join(pan13, "docs.jsonl.gz")
	if _, err := os.Stat(docs); err != nil {
		t.Skipf("%s is absent", pan13)
	}
	py := python3(t)
	res, err := pipeline.Run(context.Background(), []string{docs}, nil, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	out := filepath.Join(t.TempDir(), "pan13.jsonl")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := report.Pairs(w, res); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	want := scorePyLines(t, py, "pan", out, pan13)
	listed, err := ReadPairsFile(filepath.Join(pan13, "pairs.tsv"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := ourLines(t, out, filepath.Join(pan13, "truth.jsonl"), Options{Listed: listed, Role: PrefixRoles(listed)})
	sameLines(t, "roles from id prefixes", want, got)
	roles, err := ReadRolesFile(docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	got = ourLines(t, out, filepath.Join(pan13, "truth.jsonl"), Options{Listed: listed, Role: func(id string) string { return roles[id] }})
	sameLines(t, "roles from --docs", want, got)
	for _, l := range got {
		t.Log(l)
	}
}
