package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/index"
)

// goldenFile compares got with testdata/golden/name, or rewrites it with -update.
func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/neardup -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/neardup -update rewrites it after a deliberate change):\n%s", path, got)
	}
}

// TestBylinesGolden: articles with authors (testdata/bylines, JSON Lines with an author string
// or list) show them in every report of scan, and check names the authors of the indexed
// sources a draft copies.
func TestBylinesGolden(t *testing.T) {
	in := filepath.Join("..", "..", "testdata", "bylines", "articles.jsonl")
	for _, format := range []string{"text", "jsonl", "html"} {
		code, stdout, stderr := runCmd(t, context.Background(), "", "scan", "--quiet", "--format", format, in)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		goldenFile(t, "bylines."+format, stdout)
		if !strings.Contains(stdout, "Priya Nair, Valley Courier staff") || !strings.Contains(stdout, "Ben Carter") {
			t.Errorf("scan --format %s does not name the authors:\n%s", format, stdout)
		}
	}
	idx := filepath.Join(t.TempDir(), "bylines.ndx")
	if code, _, errs := cli(t, "", "index", "add", "--index", idx, in); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	draft := filepath.Join("..", "..", "testdata", "bylines", "draft.md")
	for _, format := range []string{"text", "jsonl"} {
		code, out, errs := cli(t, "", "check", "--index", idx, "--format", format, draft)
		if code != exitOK {
			t.Fatalf("check --format %s: exit %d: %s", format, code, errs)
		}
		goldenFile(t, "bylines-check."+format, out)
		if format == "jsonl" {
			var d struct {
				Matches []struct{ ID, Author string }
			}
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatal(err)
			}
			authors := map[string]string{}
			for _, m := range d.Matches {
				authors[m.ID] = m.Author
			}
			if authors["wire-1"] != "Priya Nair" || authors["valley-1"] != "Priya Nair, Valley Courier staff" {
				t.Errorf("check's matches name authors %q, want wire-1's and valley-1's", authors)
			}
		}
	}
}

// TestOldIndexCLI: neardup checks against an index of format version 2 (made by the neardup
// of that version: index/testdata/README.md), refuses to add to it, naming the upgrade, and
// index compact upgrades it, after which index add stores authors.
func TestOldIndexCLI(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "index", "testdata", "v2.ndx"))
	if err != nil {
		t.Fatal(err)
	}
	idx := filepath.Join(t.TempDir(), "old.ndx")
	if err := os.WriteFile(idx, b, 0o644); err != nil {
		t.Fatal(err)
	}
	draft := filepath.Join("..", "..", "index", "testdata", "old-draft.txt")
	code, out, errs := cli(t, "", "check", "--index", idx, "--format", "jsonl", draft)
	if code != exitOK || !strings.Contains(out, `"id":"tide-1"`) {
		t.Errorf("check against a version 2 index: exit %d, %s %s; want tide-1 found", code, out, errs)
	}
	code, out, _ = cli(t, "", "index", "stats", "--index", idx)
	if code != exitOK || !strings.Contains(out, "format version 2") || !strings.Contains(out, "neardup index compact upgrades it") {
		t.Errorf("index stats: exit %d:\n%s", code, out)
	}
	bylines := filepath.Join("..", "..", "testdata", "bylines", "articles.jsonl")
	code, _, errs = cli(t, "", "index", "add", "--index", idx, bylines)
	if code != exitFail || !strings.Contains(errs, "neardup index compact --index "+idx) {
		t.Errorf("index add to a version 2 index: exit %d, %q; want %d naming index compact", code, errs, exitFail)
	}
	code, out, errs = cli(t, "", "index", "compact", "--index", idx)
	if code != exitOK || !strings.Contains(out, fmt.Sprintf("upgraded from format version 2 to %d", index.Version)) {
		t.Errorf("index compact: exit %d, %q %q", code, out, errs)
	}
	if code, _, errs = cli(t, "", "index", "add", "--index", idx, bylines); code != exitOK {
		t.Fatalf("index add after the upgrade: exit %d: %s", code, errs)
	}
	code, out, _ = cli(t, "", "check", "--index", idx, filepath.Join("..", "..", "testdata", "bylines", "draft.md"))
	if code != exitOK || !strings.Contains(out, "by Priya Nair") {
		t.Errorf("check after the upgrade: exit %d:\n%s", code, out)
	}
}

// TestV1IndexHTMLText: a version 1 index, which did not record --html-text, takes the one of
// the first index add after index compact has upgraded it; index stats reports it, and a later
// add with the other is refused as for an index that recorded it when it was made.
func TestV1IndexHTMLText(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "index", "testdata", "v1.ndx"))
	if err != nil {
		t.Fatal(err)
	}
	bylines := filepath.Join("..", "..", "testdata", "bylines", "articles.jsonl")
	for _, tt := range []struct {
		first  []string // the first add's --html-text flag, if any
		other  string   // the other --html-text
		stats  string   // what index stats says of the first
		differ string   // the refusal's difference
	}{
		{[]string{"--html-text", "all"}, "main", "(--html-text all)", "--html-text main (index: all)"},
		{[]string{"--html-text", "main"}, "all", "(--html-text main)", "--html-text all (index: main)"},
		{nil, "all", "(--html-text main)", "--html-text all (index: main)"}, // the default, main
	} {
		t.Run(strings.Join(append([]string{"first"}, tt.first...), " "), func(t *testing.T) {
			idx := filepath.Join(t.TempDir(), "v1.ndx")
			if err := os.WriteFile(idx, b, 0o644); err != nil {
				t.Fatal(err)
			}
			if code, out, errs := cli(t, "", "index", "compact", "--index", idx); code != exitOK {
				t.Fatalf("index compact: exit %d, %q %q", code, out, errs)
			}
			args := append(append([]string{"index", "add", "--index", idx}, tt.first...), bylines)
			if code, _, errs := cli(t, "", args...); code != exitOK {
				t.Fatalf("first index add %q: exit %d: %s", tt.first, code, errs)
			}
			code, out, _ := cli(t, "", "index", "stats", "--index", idx)
			if code != exitOK || !strings.Contains(out, tt.stats) || strings.Contains(out, "not recorded") {
				t.Errorf("index stats after the first add %q: exit %d, want %q:\n%s", tt.first, code, tt.stats, out)
			}
			code, _, errs := cli(t, "", "index", "add", "--index", idx, "--html-text", tt.other, bylines)
			if code != exitUsage || !strings.Contains(errs, tt.differ) {
				t.Errorf("index add --html-text %s after the first add %q: exit %d, %q; want %d naming %q",
					tt.other, tt.first, code, errs, exitUsage, tt.differ)
			}
		})
	}
}
