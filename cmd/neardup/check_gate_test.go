package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	sampleIndexOnce sync.Once
	sampleIndexPath string
	sampleIndexErr  string
)

// sampleIndex is an index of testdata/sample, made once for the tests of this file.
func sampleIndex(t *testing.T) string {
	t.Helper()
	sampleIndexOnce.Do(func() {
		dir, err := os.MkdirTemp("", "neardup-check-test-")
		if err != nil {
			sampleIndexErr = err.Error()
			return
		}
		sampleIndexPath = filepath.Join(dir, "sample.ndx")
		if code, _, errs := cli(t, "", "index", "add", "--index", sampleIndexPath, "../../testdata/sample"); code != exitOK {
			sampleIndexErr = errs
		}
	})
	if sampleIndexErr != "" {
		t.Fatalf("index add: %s", sampleIndexErr)
	}
	return sampleIndexPath
}

const millDraft = "../../testdata/check/mill-draft.md" // 41% of it in one indexed article, 13% uncredited

// TestCheckFailsSafe: a draft that cannot be checked is an error naming it (exit status 1), never
// "no match"; a usage error is exit status 2 before any work; the others check as they should.
func TestCheckFailsSafe(t *testing.T) {
	idx := sampleIndex(t)
	dir := t.TempDir()
	files := map[string]string{
		"empty.txt":    "",
		"blank.md":     " \n\t\n",
		"binary.txt":   "ELF\x00\x01\x02\x00\x00binary",
		"koi8.txt":     strings.Repeat("\xf0\xd2\xc9\xd7\xc5\xd4 ", 40),
		"bad.jsonl":    "{\"id\":\"a\",\"text\":\"fine words here\"}\nnot json at all\n",
		"notext.jsonl": "{\"id\":\"b\"}\n",
		"draft.docx":   "PK",
		"ok.txt":       "A short draft of our own about nothing in the index at all.",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Mkdir(filepath.Join(dir, "nodrafts"), 0o755)
	in := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		names []string // in stderr, and in the report (a draft not checked)
	}{
		{"missing", "", []string{in("missing.md")}, exitFail, []string{in("missing.md")}},
		{"missing with --fail-over", "", []string{"--fail-over", "0.1", in("missing.md")}, exitFail, []string{in("missing.md")}},
		{"empty", "", []string{in("empty.txt")}, exitFail, []string{in("empty.txt") + ": empty text"}},
		{"blank", "", []string{in("blank.md")}, exitFail, []string{in("blank.md")}},
		{"binary", "", []string{in("binary.txt")}, exitFail, []string{in("binary.txt") + ": binary"}},
		{"not UTF-8", "", []string{in("koi8.txt")}, exitFail, []string{in("koi8.txt") + ": not UTF-8"}},
		{"malformed JSON line", "", []string{in("bad.jsonl")}, exitFail, []string{in("bad.jsonl") + ":2: malformed JSON"}},
		{"record without text", "", []string{in("notext.jsonl")}, exitFail, []string{in("notext.jsonl") + ":1: missing text"}},
		{"unknown type", "", []string{in("draft.docx")}, exitFail, []string{in("draft.docx") + ": unknown input type"}},
		{"directory without drafts", "", []string{in("nodrafts")}, exitFail, []string{in("nodrafts") + ": no articles"}},
		{"empty stdin", "", []string{"-"}, exitFail, []string{"-: no articles"}},
		{"stdin jsonl malformed", "{not json\n", []string{"--stdin-format", "jsonl", "-"}, exitFail, []string{"-:1: malformed JSON"}},
		{"plain text on stdin", "{not json} but a draft: About 140 people work at the site, which grinds wheat for bakeries across the eastern counties and packs several supermarket own-brand flours.",
			[]string{"-"}, exitOK, nil},
		{"a failure beats over", "", []string{"--fail-over", "0.05", millDraft, in("missing.md")}, exitFail, []string{in("missing.md")}},
		{"over", "", []string{"--fail-over", "0.1", millDraft, in("ok.txt")}, exitOverThreshold, nil},
		{"credited and quoted copy is not over", "", []string{"--fail-over", "0.3", millDraft}, exitOK, nil},
		{"--count-credited counts it", "", []string{"--fail-over", "0.3", "--count-credited", millDraft}, exitOverThreshold, nil},
		{"clean", "", []string{in("ok.txt")}, exitOK, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, format := range []string{"text", "jsonl", "html"} {
				args := append([]string{"check", "--index", idx, "--format", format}, tt.args...)
				code, out, errs := cli(t, tt.stdin, args...)
				if code != tt.code {
					t.Errorf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", format, code, tt.code, out, errs)
				}
				for _, n := range tt.names {
					if !strings.Contains(errs, n) {
						t.Errorf("%s: stderr does not name %q:\n%s", format, n, errs)
					}
					if !strings.Contains(out, jsonOrText(format, n)) {
						t.Errorf("%s: report does not name %q:\n%s", format, n, out)
					}
				}
				if tt.code == exitFail && !strings.Contains(errs, "could not be checked") {
					t.Errorf("%s: stderr does not say a draft was not checked:\n%s", format, errs)
				}
				if tt.code == exitFail && format == "jsonl" && !strings.Contains(out, `"error":`) {
					t.Errorf("jsonl: no error line:\n%s", out)
				}
			}
		})
	}
	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{
			{"check", in("ok.txt")},
			{"check", "--index", idx},
			{"check", "--index", idx, "--format", "csv", in("ok.txt")},
			{"check", "--index", idx, "--stdin-format", "xml", "-"},
			{"check", "--index", idx, "-", "-"},
			{"check", "--index", idx, "--passages", "-1", in("ok.txt")},
			{"check", "--index", idx, "--fail-over", "1.5", in("ok.txt")},
			{"check", "--index", idx, "--no-such-flag", in("ok.txt")},
			{"check", "--index", idx, "--threshold", "0.3", in("ok.txt")},
			// usage first: the missing index and draft are not even looked at
			{"check", "--index", in("missing.ndx"), "--format", "csv", in("missing.md")},
		} {
			code, out, errs := cli(t, "", args...)
			if code != exitUsage || out != "" || errs == "" {
				t.Errorf("%q: exit %d, want %d with nothing on stdout and why on stderr\nstdout: %s\nstderr: %s", args, code, exitUsage, out, errs)
			}
		}
	})
	t.Run("missing index", func(t *testing.T) {
		code, _, errs := cli(t, "", "check", "--index", in("missing.ndx"), in("ok.txt"))
		if code != exitFail || !strings.Contains(errs, "missing.ndx") {
			t.Errorf("exit %d, want %d naming the index: %s", code, exitFail, errs)
		}
	})
}

// jsonOrText is how a report names a file: as a JSON string in JSON Lines, as it is elsewhere.
func jsonOrText(format, s string) string {
	if format != "jsonl" {
		return s
	}
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

// TestCheckSeveralDrafts: each draft gets its own result, in input order, whatever --workers; a
// draft that cannot be read is one of them.
func TestCheckSeveralDrafts(t *testing.T) {
	idx := sampleIndex(t)
	missing := filepath.Join(t.TempDir(), "gone.md")
	var first string
	for _, workers := range []string{"1", "3"} {
		code, out, errs := cli(t, "", "check", "--index", idx, "--format", "jsonl", "--workers", workers,
			millDraft, missing, "../../testdata/check/heron-note.txt")
		if code != exitFail {
			t.Errorf("exit %d, want %d: %s", code, exitFail, errs)
		}
		var drafts []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var d struct {
				Draft string `json:"draft"`
				Error string `json:"error"`
			}
			if err := json.Unmarshal([]byte(l), &d); err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			drafts = append(drafts, d.Draft)
		}
		// a draft that cannot be opened comes first
		want := []string{missing, filepath.ToSlash(millDraft), "../../testdata/check/heron-note.txt"}
		if strings.Join(drafts, "|") != strings.Join(want, "|") {
			t.Errorf("--workers %s: drafts %q, want %q", workers, drafts, want)
		}
		if first == "" {
			first = out
		} else if out != first {
			t.Errorf("--workers %s gives other output than --workers 1:\n%s\n%s", workers, out, first)
		}
	}
}

// TestCheckPlacesAndCredit: passages come in draft order, each with its line and paragraph in
// the draft and its credit on both sides; the shares add up. The same looking for rewritten
// passages in an index made with --rewrite: the draft rewords the sentence before the quote,
// but no rewritten passage takes in the credited paragraph or the quote (givenSpans).
func TestCheckPlacesAndCredit(t *testing.T) {
	idx := sampleIndex(t)
	rw := filepath.Join(t.TempDir(), "rewrite.ndx")
	if code, _, errs := cli(t, "", "index", "add", "--rewrite", "--index", rw, "../../testdata/sample"); code != exitOK {
		t.Fatalf("index add --rewrite: %s", errs)
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"verbatim", []string{"--index", idx}},
		{"index with sentence keys", []string{"--index", rw}},
		{"--rewrite", []string{"--index", idx, "--rewrite"}},
	} {
		t.Run(tc.name, func(t *testing.T) { testCheckPlacesAndCredit(t, tc.args) })
	}
}

func testCheckPlacesAndCredit(t *testing.T, index []string) {
	code, out, errs := cli(t, "", append(append([]string{"check"}, index...), "--format", "jsonl", millDraft)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var d struct {
		MaxCoverage   float64 `json:"max_coverage"`
		MaxUncredited float64 `json:"max_uncredited"`
		Matches       []struct {
			ID         string  `json:"id"`
			Coverage   float64 `json:"coverage_draft"`
			Uncredited float64 `json:"coverage_draft_uncredited"`
			Credited   float64 `json:"coverage_draft_credited"`
			Passages   []struct {
				Start     int    `json:"draft_start"`
				Text      string `json:"draft_text"`
				Line      int    `json:"draft_line"`
				Paragraph int    `json:"draft_paragraph"`
				Credit    string `json:"draft_credit"`
				Indexed   string `json:"indexed_credit"`
			} `json:"passages"`
		} `json:"matches"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Matches) != 2 || d.Matches[0].ID != "riverside-tribune/flour-mill-closure.txt" {
		t.Fatalf("matches %+v, want the Tribune's mill story first", d.Matches)
	}
	type got struct {
		line, para      int
		credit, indexed string
		starts          string
	}
	want := []got{
		{7, 4, "credited", "none", "About 140 people"},
		{9, 5, "quote", "quote", "These are skilled"},
		{11, 6, "none", "none", "The red-brick"},
	}
	m := d.Matches[0]
	if len(m.Passages) != len(want) {
		t.Fatalf("%d passages, want %d: %+v", len(m.Passages), len(want), m.Passages)
	}
	for i, p := range m.Passages {
		w := want[i]
		if p.Line != w.line || p.Paragraph != w.para || p.Credit != w.credit || p.Indexed != w.indexed || !strings.HasPrefix(p.Text, w.starts) {
			t.Errorf("passage %d: line %d ¶%d %s/%s %q, want line %d ¶%d %s/%s %q…", i+1, p.Line, p.Paragraph, p.Credit, p.Indexed,
				p.Text, w.line, w.para, w.credit, w.indexed, w.starts)
		}
	}
	if s := m.Uncredited + m.Credited; s < m.Coverage-0.0002 || s > m.Coverage+0.0002 {
		t.Errorf("uncredited %v + credited %v != coverage %v", m.Uncredited, m.Credited, m.Coverage)
	}
	if m.Uncredited <= 0 || m.Credited <= m.Uncredited || d.MaxUncredited != m.Uncredited || d.MaxCoverage != m.Coverage {
		t.Errorf("shares %+v, max %v / %v", m, d.MaxCoverage, d.MaxUncredited)
	}
}

// TestCheckSeeds: the check of seed 002 against an index of seeds 000 and 001 finds the lawyer's
// words they share, and reports them as quotes on both sides. With --rewrite=false that is all:
// under 5% uncredited. By default 002 is also a rewrite of 001 (the same facts in the same
// order, reworded: "limited opportunities to talk with his lawyers and family" as "few
// opportunities to speak with family and his legal team"): rewritten passages, uncredited, over
// --fail-over 0.05, and the quotes still quotes.
func TestCheckSeeds(t *testing.T) {
	seeds := "../../../shared/seeds" // ../shared beside the clone
	names, _ := filepath.Glob(filepath.Join(seeds, "00[012]_*.txt"))
	if len(names) != 3 {
		t.Skipf("no seeds beside the clone (../shared/seeds): %v", names)
	}
	for _, rewrite := range []bool{false, true} {
		t.Run(fmt.Sprintf("rewrite=%v", rewrite), func(t *testing.T) {
			idx := filepath.Join(t.TempDir(), "seeds.ndx")
			if code, _, errs := cli(t, "", "index", "add", "--index", idx, fmt.Sprintf("--rewrite=%v", rewrite), names[0], names[1]); code != exitOK {
				t.Fatalf("index add: %s", errs)
			}
			code, out, errs := cli(t, "", "check", "--index", idx, "--format", "jsonl", "--fail-over", "0.05", names[2])
			if want := map[bool]int{false: exitOK, true: exitOverThreshold}[rewrite]; code != want {
				t.Fatalf("exit %d, want %d: %s\n%s", code, want, errs, out)
			}
			var d struct {
				Matches []struct {
					ID       string `json:"id"`
					Passages []struct {
						Text    string `json:"draft_text"`
						Words   int    `json:"words"`
						Credit  string `json:"draft_credit"`
						Indexed string `json:"indexed_credit"`
						Match   string `json:"match"`
					} `json:"passages"`
				} `json:"matches"`
			}
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatal(err)
			}
			quotes, rewritten := 0, 0
			for _, m := range d.Matches {
				for _, p := range m.Passages {
					t.Logf("%s: %d words, %s, %s/%s: %q", filepath.Base(m.ID), p.Words, p.Match, p.Credit, p.Indexed, p.Text)
					if p.Match == "rewritten" {
						rewritten++
						if !strings.HasPrefix(filepath.Base(m.ID), "001_") || p.Credit != "none" {
							t.Errorf("%s: rewritten passage %q given as %s, want 001's, uncredited", m.ID, p.Text, p.Credit)
						}
						continue
					}
					if strings.Contains(p.Text, "verbal messages") || strings.Contains(p.Text, "molars") {
						quotes++
						if p.Credit != "quote" || p.Indexed != "quote" {
							t.Errorf("%s: %q is %s in 002 and %s in the seed, want quote in both", m.ID, p.Text, p.Credit, p.Indexed)
						}
					}
				}
			}
			if len(d.Matches) != 2 || quotes < 3 || (rewritten > 0) != rewrite {
				t.Errorf("%d matches, %d of the lawyer's quotes found, %d rewritten passages: want both seeds, 3 quotes, rewritten passages %v\n%s",
					len(d.Matches), quotes, rewritten, rewrite, out)
			}
		})
	}
}

// TestCheckGolden compares check's reports of testdata/check (drafts of our own) against an index
// of testdata/sample with testdata/golden/check.* (go test -update rewrites them).
func TestCheckGolden(t *testing.T) {
	idx := sampleIndex(t)
	for _, format := range []string{"text", "jsonl", "html"} {
		code, out, errs := cli(t, "", "check", "--index", idx, "--format", format, "--fail-over", "0.1", "../../testdata/check")
		if code != exitOverThreshold {
			t.Fatalf("%s: exit %d, want %d: %s", format, code, exitOverThreshold, errs)
		}
		path := filepath.Join("..", "..", "testdata", "golden", "check."+format)
		if *update {
			if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/neardup -update to create it)", err)
		}
		if out != string(want) {
			t.Errorf("check --format %s differs from %s (go test ./cmd/neardup -run TestCheckGolden -update rewrites it after a deliberate change):\n%s", format, path, out)
		}
	}
}
