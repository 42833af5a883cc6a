package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runEval runs neardup eval through evalCmd.
func runEval(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = evalCmd(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// evalFiles writes a PAN-like truth, pair list, corpus and report into a temporary directory: one
// labelled passage found in two pieces, a listed negative reported, an unlisted cross-role pair
// (stray) and a source-source pair (ignored).
func evalFiles(t *testing.T) (dir string) {
	t.Helper()
	dir = t.TempDir()
	files := map[string]string{
		"truth.jsonl": `{"a": "source-1", "b": "suspicious-1", "a_start": 0, "a_end": 100, "b_start": 500, "b_end": 600, "anchored": true}
{"a": "source-2", "b": "suspicious-1", "a_start": 0, "a_end": 10, "b_start": 0, "b_end": 10, "anchored": false}
`,
		"pairs.tsv": "suspicious-1\tsource-1\nsuspicious-1\tsource-2\nsuspicious-2\tsource-1\n",
		"docs.jsonl": `{"id": "source-1", "role": "source", "text": "x"}
{"id": "source-2", "role": "source", "text": "x"}
{"id": "source-3", "role": "source", "text": "x"}
{"id": "suspicious-1", "role": "suspicious", "text": "x"}
{"id": "suspicious-2", "role": "suspicious", "text": "x"}
`,
		"out.jsonl": `{"version":1,"cluster":1,"kind":"story","representative":"source-1","members":[{"id":"source-1"},{"id":"suspicious-1"},{"id":"suspicious-2"},{"id":"source-3"}],"pairs":[` +
			`{"a":"source-1","b":"suspicious-1","relation":"reuse","passages":[{"a_start":0,"a_end":50,"b_start":500,"b_end":550},{"a_start":50,"a_end":100,"b_start":550,"b_end":600}]},` +
			`{"a":"suspicious-2","b":"source-1","relation":"reuse","passages":[]},` +
			`{"a":"suspicious-2","b":"source-3","relation":"near-duplicate","passages":[]},` +
			`{"a":"source-1","b":"source-3","relation":"reuse","passages":[]}]}
`,
		"truth.tsv": "a\tb\tkind\nsource-1\tsuspicious-1\trewrite\nsource-3\tsuspicious-2\tsyndicated\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestEvalPAN(t *testing.T) {
	dir := evalFiles(t)
	want := `pairs: 1 reported among the 1 other listed pairs (negatives or obfuscated reuse: labels not in this copy)
pairs: 1/2 labelled reuse pairs reported; 1 reported suspicious-source pairs outside the corpus pair list (not scored)
passages: 1 cases on 1 pairs with exact offsets; 2 detections
pan precision=1.0000 recall=1.0000 granularity=2.0000 plagdet=0.6309 pair_recall=0.5000 stray_pairs=1
eval: pair_precision=0.5000 pair_recall=0.5000 pair_f1=0.5000 found=1 truth=2 false_positives=1 reported=4 stray=1 ignored=1 pan_precision=1.0000 pan_recall=1.0000 granularity=2.0000 plagdet=0.6309 cases=1 detections=2
`
	for _, extra := range [][]string{nil, {"--docs", filepath.Join(dir, "docs.jsonl")}} {
		args := append([]string{"--truth", filepath.Join(dir, "truth.jsonl"), "--pairs", filepath.Join(dir, "pairs.tsv")}, extra...)
		code, stdout, stderr := runEval(t, "", append(args, filepath.Join(dir, "out.jsonl"))...)
		if code != exitOK || stdout != want {
			t.Errorf("neardup eval %q: exit %d, stdout\n%s\nwant\n%s\nstderr %s", extra, code, stdout, want, stderr)
		}
	}
}

func TestEvalTSVAndJSON(t *testing.T) {
	dir := evalFiles(t)
	out, err := os.ReadFile(filepath.Join(dir, "out.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	// The report on stdin; truth TSV with a header; no list: every reported pair is scored.
	code, stdout, stderr := runEval(t, string(out), "--truth", filepath.Join(dir, "truth.tsv"), "-")
	want := `pairs precision=0.5000 recall=1.0000 f1=0.6667 reported=4 truth=2
eval: pair_precision=0.5000 pair_recall=1.0000 pair_f1=0.6667 found=2 truth=2 false_positives=2 reported=4 stray=0 ignored=0
`
	if code != exitOK || stdout != want {
		t.Errorf("neardup eval TSV: exit %d, stdout\n%s\nwant\n%s\nstderr %s", code, stdout, want, stderr)
	}

	code, stdout, stderr = runEval(t, "", "--json", "--relation", "near-duplicate", "--truth", filepath.Join(dir, "truth.tsv"), filepath.Join(dir, "out.jsonl"))
	var got struct {
		Found     int     `json:"found"`
		Reported  int     `json:"reported_pairs"`
		Precision float64 `json:"precision"`
		Recall    float64 `json:"recall"`
		Passages  any     `json:"passages"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != exitOK || strings.Count(stdout, "\n") != 1 {
		t.Fatalf("neardup eval --json: exit %d, stdout %q (%v), stderr %s", code, stdout, err, stderr)
	}
	if got.Found != 1 || got.Reported != 1 || got.Precision != 1 || got.Recall != 0.5 || got.Passages != nil {
		t.Errorf("neardup eval --json --relation near-duplicate = %+v, want 1 of 1 reported found, recall 0.5, no passages", got)
	}
}

// TestEvalSample scores the golden report of the bundled sample against its truth, whose "none"
// pairs are negatives.
func TestEvalSample(t *testing.T) {
	code, stdout, stderr := runEval(t, "", "--json", "--truth", "../../testdata/sample.truth.tsv", "../../testdata/golden/sample.jsonl")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var got struct {
		Truth     int `json:"truth_pairs"`
		Negatives int `json:"negative_pairs"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Truth != 8 || got.Negatives != 18 {
		t.Errorf("sample truth: %d positives and %d negatives, want 8 and 18", got.Truth, got.Negatives)
	}
}

func TestEvalErrors(t *testing.T) {
	dir := evalFiles(t)
	truth, out := filepath.Join(dir, "truth.jsonl"), filepath.Join(dir, "out.jsonl")
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"version\":1}\n{\"version\":1,\"pairs\":[\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		want string // on stderr
	}{
		{nil, exitUsage, "want one OUTPUT.jsonl"},
		{[]string{out}, exitUsage, "--truth FILE or --stories FILE is required"},
		{[]string{"--truth", truth, out, out}, exitUsage, "want one OUTPUT.jsonl"},
		{[]string{"--truth", truth, "--relation", "story", out}, exitUsage, `--relation "story"`},
		{[]string{"--truth", "-", "-"}, exitUsage, "only one of the files can be -"},
		{[]string{"--no-such-flag", out}, exitUsage, "no-such-flag"},
		{[]string{"--truth", filepath.Join(dir, "missing.jsonl"), out}, exitFail, "missing.jsonl"},
		{[]string{"--truth", truth, "--pairs", filepath.Join(dir, "missing.tsv"), out}, exitFail, "missing.tsv"},
		{[]string{"--truth", truth, "--docs", filepath.Join(dir, "missing-docs.jsonl"), out}, exitFail, "missing-docs.jsonl"},
		{[]string{"--truth", truth, bad}, exitFail, "read " + bad + " line 2"},
	}
	for _, tc := range tests {
		code, _, stderr := runEval(t, "", tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("neardup eval %q: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	if code, _, stderr := runEval(t, "", "-h"); code != exitOK || !strings.Contains(stderr, "Usage: neardup eval") {
		t.Errorf("neardup eval -h: exit %d, stderr %q; want %d and the usage", code, stderr, exitOK)
	}
}
