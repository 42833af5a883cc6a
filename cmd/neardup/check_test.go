package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// checkLine is one line of check --format jsonl.
type checkLine struct {
	Draft       string  `json:"draft"`
	Words       int     `json:"words"`
	MaxCoverage float64 `json:"max_coverage"`
	Over        *bool   `json:"over"`
	Matches     []struct {
		ID            string  `json:"id"`
		Relation      string  `json:"relation"`
		CoverageDraft float64 `json:"coverage_draft"`
		Passages      []struct {
			DraftStart   int    `json:"draft_start"`
			DraftEnd     int    `json:"draft_end"`
			IndexedStart int    `json:"indexed_start"`
			IndexedEnd   int    `json:"indexed_end"`
			DraftText    string `json:"draft_text"`
			IndexedText  string `json:"indexed_text"`
		} `json:"passages"`
	} `json:"matches"`
}

func parseCheck(t *testing.T, out string) []checkLine {
	t.Helper()
	var lines []checkLine
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var cl checkLine
		if err := json.Unmarshal([]byte(l), &cl); err != nil {
			t.Fatalf("check output line %q: %v", l, err)
		}
		lines = append(lines, cl)
	}
	return lines
}

// TestCheckSameAsScan indexes the sample, checks each sample article against the index and
// compares with an in-memory scan: check must find exactly the near-duplicate and reuse pairs
// scan reports, with the same relations; the same outlet's newsletter box (boilerplate) makes
// no pair in either.
func TestCheckSameAsScan(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "sample.ndx")
	if code, _, errs := cli(t, "", "index", "add", "--index", idx, "../../testdata/sample"); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	code, out, errs := cli(t, "", "check", "--index", idx, "--format", "jsonl", "../../testdata/sample")
	if code != exitOK {
		t.Fatalf("check: exit %d: %s", code, errs)
	}
	found := map[[2]string]string{}
	texts := map[string]string{}
	lines := parseCheck(t, out)
	if len(lines) != 12 {
		t.Fatalf("%d drafts checked, want 12", len(lines))
	}
	for _, cl := range lines {
		b, _ := os.ReadFile(filepath.Join("../../testdata/sample", cl.Draft))
		texts[cl.Draft] = string(b)
		for i, m := range cl.Matches {
			if m.ID == cl.Draft {
				t.Errorf("%s matched itself", cl.Draft)
			}
			if i > 0 && m.CoverageDraft > cl.Matches[i-1].CoverageDraft {
				t.Errorf("%s: matches not sorted by coverage", cl.Draft)
			}
			found[[2]string{cl.Draft, m.ID}] = m.Relation
		}
	}
	res, err := pipeline.Run(context.Background(), []string{"../../testdata/sample"}, nil, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	n := 0
	for _, c := range res.Clusters {
		for _, p := range c.Pairs {
			if p.Relation != pipeline.NearDuplicate && p.Relation != pipeline.Reuse {
				continue
			}
			n++
			for _, k := range [][2]string{{p.A, p.B}, {p.B, p.A}} {
				if got := found[k]; got != string(p.Relation) {
					t.Errorf("check of %s: %s is %q, scan says %q", k[0], k[1], got, p.Relation)
				}
			}
		}
	}
	if n < 5 {
		t.Fatalf("scan found %d near-duplicate and reuse pairs in the sample: the test is void", n)
	}
	if len(found) != 2*n {
		t.Errorf("check found %d pairs (both ways), scan %d: %v", len(found), 2*n, found)
	}
	// passages are exact slices of the draft (for .html drafts, of its extracted text: skipped)
	for _, cl := range lines {
		if strings.HasSuffix(cl.Draft, ".html") {
			continue
		}
		for _, m := range cl.Matches {
			for _, p := range m.Passages {
				if texts[cl.Draft][p.DraftStart:p.DraftEnd] != p.DraftText {
					t.Errorf("%s ~ %s: draft_text is not the draft at %d:%d", cl.Draft, m.ID, p.DraftStart, p.DraftEnd)
				}
			}
		}
	}
}

func TestCheckFailOver(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "x.ndx")
	src := filepath.Join(dir, "src.jsonl")
	writeJSONL(t, src, "s", 20, 200)
	if code, _, errs := cli(t, "", "index", "add", "--index", idx, src); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	// a draft: half of s3's words, then its own
	copied := strings.Fields(genText(uint64(1)<<32|3, 200))[:100]
	draft := filepath.Join(dir, "draft.txt")
	os.WriteFile(draft, []byte(strings.Join(copied, " ")+" "+genText(999, 100)), 0o644)
	clean := filepath.Join(dir, "clean.md")
	os.WriteFile(clean, []byte(genText(998, 150)), 0o644)

	code, out, errs := cli(t, "", "check", "--index", idx, draft, clean)
	if code != exitOK || !strings.Contains(out, "draft.txt (200 words): shares passages with 1 indexed article; up to 50% of its words") ||
		!strings.Contains(out, "s3") || !strings.Contains(out, "clean.md (150 words): shares no passage") {
		t.Errorf("check: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli(t, "", "check", "--index", idx, "--fail-over", "0.3", draft, clean)
	if code != exitOverThreshold || !strings.Contains(out, "OVER") || !strings.Contains(errs, "over --fail-over 0.3") || !strings.Contains(errs, "1 of 2 drafts") {
		t.Errorf("--fail-over 0.3: exit %d, want %d\n%s%s", code, exitOverThreshold, out, errs)
	}
	if code, _, _ = cli(t, "", "check", "--index", idx, "--fail-over", "0.6", draft, clean); code != exitOK {
		t.Errorf("--fail-over 0.6: exit %d, want 0", code)
	}
	// stdin: JSON Lines
	in := `{"id":"d1","text":` + jsonString(strings.Join(copied, " ")+" "+genText(999, 100)) + "}\n"
	code, out, errs = cli(t, in, "check", "--index", idx, "--format", "jsonl", "--stdin-format", "jsonl", "--fail-over", "0.4", "-")
	lines := parseCheck(t, out)
	if code != exitOverThreshold || len(lines) != 1 || lines[0].Draft != "d1" || lines[0].Over == nil || !*lines[0].Over ||
		len(lines[0].Matches) != 1 || lines[0].Matches[0].ID != "s3" || lines[0].MaxCoverage != 0.5 {
		t.Errorf("check - --format jsonl: exit %d\n%s%s", code, out, errs)
	}
	// the analysis options are the index's: check does not take them
	if code, _, errs := cli(t, "", "check", "--index", idx, "--num-perm", "64", draft); code != exitUsage ||
		!strings.Contains(errs, "--num-perm is fixed when the index is created") {
		t.Errorf("check --num-perm 64: exit %d, %s", code, errs)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// A paragraph of an article and the same reworded from end to end (words swapped, clauses
// reordered), sharing no run of words long enough for a fingerprint: for the rewrite tests of
// check. Written for them.
const (
	ferryOrig = "The Lennox Sound ferry company cancelled its winter timetable on Monday after two of its three boats failed safety inspections, " +
		"leaving the islands of Carra and Mull Beg with a single daily crossing. " +
		"Inspectors found corroded steering gear on both vessels and ordered repairs that the company says will take at least ten weeks. " +
		"Shopkeepers on Carra warned that fresh food deliveries would be cut in half and that the island school might have to close on stormy days. " +
		"The regional transport board has promised an emergency subsidy but has not said how large it will be."
	ferryReworded = "Two of the three boats run by the Lennox Sound ferry company did not pass their safety inspections, so on Monday it scrapped the winter timetable, " +
		"and Carra and Mull Beg are left with one crossing a day. " +
		"Corroded steering gear was found on both ships by the inspectors, who ordered repairs the company expects to last ten weeks or more. " +
		"On Carra, shop owners said deliveries of fresh food would halve and the island school could be shut when storms hit. " +
		"An emergency subsidy has been promised by the regional transport board, which has not given its size."
)

// TestCheckRewrite: a draft that quotes an indexed article word for word and rewords one of its
// paragraphs. With --rewrite=false, check finds the quote alone; by default (--rewrite), the
// reworded paragraph too, marked rewritten with its similarity, in each report format. Written
// for this test.
func TestCheckRewrite(t *testing.T) {
	const (
		quote     = `"We cannot run a ferry service on promises, and the islanders deserve to know what happens next winter," the harbour master said.`
		orig      = ferryOrig
		rewritten = ferryReworded
	)
	dir := t.TempDir()
	idx := filepath.Join(dir, "x.ndx")
	src := filepath.Join(dir, "src.jsonl")
	writeJSONL(t, src, "s", 6, 200) // unrelated articles
	f, err := os.OpenFile(src, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	article := "Islanders met in the church hall of Carra on Tuesday night.\n\n" + orig + "\n\n" + quote +
		"\n\nThe company said it hoped to restore a second boat before the spring.\n"
	if _, err := f.WriteString(`{"id":"ferry","source":"Sound Gazette","text":` + jsonString(article) + "}\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if code, _, errs := cli(t, "", "index", "add", "--index", idx, src); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	draftText := "Ferry cuts hit the islands.\n\n" + rewritten + "\n\n" + quote + "\n\nCouncillors will meet on Friday.\n"
	draft := filepath.Join(dir, "draft.txt")
	if err := os.WriteFile(draft, []byte(draftText), 0o644); err != nil {
		t.Fatal(err)
	}
	type passage struct {
		DraftStart int     `json:"draft_start"`
		DraftEnd   int     `json:"draft_end"`
		Match      string  `json:"match"`
		Similarity float64 `json:"similarity"`
	}
	passagesOf := func(args ...string) []passage {
		t.Helper()
		code, out, errs := cli(t, "", append([]string{"check", "--index", idx, "--format", "jsonl"}, append(args, draft)...)...)
		if code != exitOK {
			t.Fatalf("check %v: exit %d: %s", args, code, errs)
		}
		var line struct {
			Matches []struct {
				ID       string    `json:"id"`
				Passages []passage `json:"passages"`
			} `json:"matches"`
		}
		if err := json.Unmarshal([]byte(out), &line); err != nil || len(line.Matches) != 1 || line.Matches[0].ID != "ferry" {
			t.Fatalf("check %v: want one match, ferry: %v\n%s", args, err, out)
		}
		return line.Matches[0].Passages
	}
	rs, re := strings.Index(draftText, rewritten), strings.Index(draftText, rewritten)+len(rewritten)
	for _, p := range passagesOf("--rewrite=false") {
		if p.Match != "verbatim" || p.Similarity != 1 || p.DraftStart < re {
			t.Errorf("--rewrite=false: passage %+v, want only the quote, verbatim", p)
		}
	}
	found := false
	for _, p := range passagesOf() {
		if p.Match == "rewritten" {
			found = true
			if p.Similarity <= 0 || p.Similarity >= 1 || p.DraftStart > rs+40 || p.DraftEnd < re-40 {
				t.Errorf("--rewrite: rewritten passage %+v, want it to cover draft bytes %d-%d, similarity in (0, 1)", p, rs, re)
			}
		}
	}
	if !found {
		t.Errorf("--rewrite: no rewritten passage")
	}
	if code, out, errs := cli(t, "", "check", "--index", idx, "--rewrite", draft); code != exitOK || !strings.Contains(out, "rewritten (similarity 0.") {
		t.Errorf("check --rewrite (text): exit %d, want a passage marked rewritten\n%s%s", code, out, errs)
	}
	if code, out, errs := cli(t, "", "check", "--index", idx, "--rewrite", "--format", "html", draft); code != exitOK ||
		!strings.Contains(out, `class="rw"`) || !regexp.MustCompile(`class="rwb"[^>]*>rewritten 0\.\d\d<`).MatchString(out) {
		t.Errorf("check --rewrite --format html: exit %d, want a rewritten highlight and the passage marked rewritten with its similarity\n%s", code, errs)
	}
}

// TestCheckRewriteIndex: an index made with --rewrite (the default) holds sentence keys, so that
// check finds a draft that rewords an indexed article from end to end (sharing no verbatim
// passage with it), by default; --rewrite=false turns that off, and an index made with
// --rewrite=false does not find it (check --rewrite says why). Written for this test.
func TestCheckRewriteIndex(t *testing.T) {
	const (
		orig     = ferryOrig
		reworded = ferryReworded
	)
	dir := t.TempDir()
	src := filepath.Join(dir, "src.jsonl")
	writeJSONL(t, src, "s", 6, 200)
	f, err := os.OpenFile(src, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"id":"ferry","source":"Sound Gazette","text":` + jsonString(orig) + "}\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	draft := filepath.Join(dir, "draft.txt")
	if err := os.WriteFile(draft, []byte(reworded), 0o644); err != nil {
		t.Fatal(err)
	}
	with, without := filepath.Join(dir, "with.ndx"), filepath.Join(dir, "without.ndx")
	for _, c := range [][]string{{"--index", with}, {"--index", without, "--rewrite=false"}} {
		if code, _, errs := cli(t, "", append(append([]string{"index", "add"}, c...), src)...); code != exitOK {
			t.Fatalf("index add %v: %s", c, errs)
		}
	}
	for _, tc := range []struct {
		name   string
		args   []string
		found  bool
		stderr string // a part of it; "" for none at all
	}{
		{"index with sentence keys", []string{"--index", with}, true, ""},
		{"index with sentence keys, --rewrite=false", []string{"--index", with, "--rewrite=false"}, false, ""},
		{"index without", []string{"--index", without}, false, ""},
		{"index without, --rewrite", []string{"--index", without, "--rewrite"}, false, "holds no sentence keys"},
	} {
		code, out, errs := cli(t, "", append(append([]string{"check", "--format", "jsonl"}, tc.args...), draft)...)
		if code != exitOK || tc.stderr == "" && errs != "" || !strings.Contains(errs, tc.stderr) {
			t.Errorf("%s: exit %d, stderr %q, want 0 and %q", tc.name, code, errs, tc.stderr)
			continue
		}
		lines := parseCheck(t, out)
		found := len(lines) == 1 && len(lines[0].Matches) == 1 && lines[0].Matches[0].ID == "ferry" && lines[0].MaxCoverage > 0.8
		if found != tc.found {
			t.Errorf("%s: found %v, want %v\n%s", tc.name, found, tc.found, out)
		}
	}
	// the index's --rewrite is fixed when it is made: index add and scan --add take it as it is,
	// and refuse it given otherwise
	if code, _, errs := cli(t, "", "index", "add", "--index", without, "--rewrite", src); code != exitUsage || !strings.Contains(errs, "--rewrite") {
		t.Errorf("index add --rewrite to an index made without: exit %d, %q", code, errs)
	}
	if code, _, errs := cli(t, "", "scan", "--index", without, "--add", "--rewrite", draft); code == exitOK || !strings.Contains(errs, "--rewrite") {
		t.Errorf("scan --index --add --rewrite to an index made without: exit %d, %q", code, errs)
	}
	if code, _, errs := cli(t, "", "index", "add", "--index", with, "--rewrite=false", src); code != exitUsage || !strings.Contains(errs, "--rewrite") {
		t.Errorf("index add --rewrite=false to an index made with: exit %d, %q", code, errs)
	}
	if code, _, errs := cli(t, "", "index", "add", "--quiet", "--index", without, src); code != exitOK {
		t.Errorf("index add without the flag to an index made with --rewrite=false: exit %d, %q (the index's is taken)", code, errs)
	}
	// scan --index chooses it as check does: the draft, scanned against the index, is in the
	// ferry article's cluster when rewritten passages are looked for in an index with keys
	for _, tc := range []struct {
		name   string
		args   []string
		found  bool
		stderr string
	}{
		{"scan, index with sentence keys", []string{"--index", with}, true, ""},
		{"scan, index with sentence keys, --rewrite=false", []string{"--index", with, "--rewrite=false"}, false, ""},
		{"scan, index without, --rewrite", []string{"--index", without, "--rewrite"}, false, "holds no sentence keys"},
	} {
		code, out, errs := cli(t, "", append(append([]string{"scan", "--quiet", "--format", "pairs"}, tc.args...), draft)...)
		if code != exitOK || tc.stderr == "" && errs != "" || !strings.Contains(errs, tc.stderr) {
			t.Errorf("%s: exit %d, stderr %q, want 0 and %q", tc.name, code, errs, tc.stderr)
			continue
		}
		if found := strings.Contains(out, `"ferry"`) && strings.Contains(out, `"rewritten"`); found != tc.found {
			t.Errorf("%s: a rewritten pair with ferry %v, want %v\n%s", tc.name, found, tc.found, out)
		}
	}
}
