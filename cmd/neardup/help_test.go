package main

import (
	"context"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/pipeline"
)

// TestHelpGolden compares each command's help with testdata/golden/help-*.txt (go test -update
// rewrites them): flags with two dashes (one for -o and -v), grouped, the ones that matter first
// and developer flags last, and examples. It was Go's flag.PrintDefaults: one dash, in
// alphabetical order, --cpuprofile among the first, no examples.
func TestHelpGolden(t *testing.T) {
	for _, cmd := range [][]string{{"scan"}, {"check"}, {"eval"}, {"index"}, {"index", "add"}, {"index", "remove"},
		{"index", "stats"}, {"index", "verify"}, {"index", "compact"}, {}} {
		name := "help-" + strings.Join(append([]string{"neardup"}, cmd...), "-") + ".txt"
		code, stdout, stderr := runCmd(t, context.Background(), "", append([]string{"help"}, cmd...)...)
		if code != exitOK || stderr != "" {
			t.Fatalf("neardup help %q: exit %d, stderr %q", cmd, code, stderr)
		}
		path := filepath.Join("..", "..", "testdata", "golden", name)
		if *update {
			if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./cmd/neardup -update creates it)", err)
		}
		if stdout != string(want) {
			t.Errorf("neardup help %s differs from %s (go test ./cmd/neardup -update rewrites it):\n%s", strings.Join(cmd, " "), path, stdout)
		}
	}
}

// TestHelpLists: every flag of a command is listed once, with two dashes; developer flags come
// last; every command has two or three examples; check lists only the flags that apply to it
// (it listed --threshold, --shingle, --num-perm and --window, which the index fixes).
func TestHelpLists(t *testing.T) {
	flagLine := regexp.MustCompile(`(?m)^  (--?)([a-z-]+)`)
	for _, tt := range []struct {
		cmd    []string
		absent []string
	}{
		{cmd: []string{"scan"}},
		{cmd: []string{"check"}, absent: []string{"threshold", "shingle", "num-perm", "window", "no-reuse", "stock-docs", "tmpdir", "cpuprofile"}},
		{cmd: []string{"index", "add"}, absent: []string{"containment", "min-passage", "max-gap", "min-reuse-words", "boilerplate", "stock-docs", "max-postings", "tmpdir"}},
		{cmd: []string{"eval"}},
	} {
		_, out, _ := runCmd(t, context.Background(), "", append([]string{"help"}, tt.cmd...)...)
		seen := map[string]int{}
		var order []string
		for _, m := range flagLine.FindAllStringSubmatch(out, -1) {
			if len(m[2]) > 1 && m[1] != "--" || len(m[2]) == 1 && m[1] != "-" {
				t.Errorf("%s: flag %s%s: want two dashes for a long name, one for a letter", tt.cmd, m[1], m[2])
			}
			seen[m[2]]++
			order = append(order, m[2])
		}
		for name, n := range seen {
			if n != 1 {
				t.Errorf("%s: --%s listed %d times", tt.cmd, name, n)
			}
		}
		for _, name := range tt.absent {
			if seen[name] > 0 {
				t.Errorf("%s lists --%s, which does not apply to it", tt.cmd, name)
			}
		}
		if tt.cmd[0] == "scan" && (len(order) < 2 || order[len(order)-2] != "cpuprofile" || order[len(order)-1] != "memprofile") {
			t.Errorf("scan: developer flags not last: %v", order)
		}
		if i := strings.Index(out, "\nExamples:\n"); i < 0 || strings.Count(out[i:], "\n  neardup ")+strings.Count(out[i:], "| neardup ") < 2 {
			t.Errorf("%s: fewer than two examples:\n%s", tt.cmd, out)
		}
	}
}

// TestInterspersedFlags: flags go anywhere on the line, and -- ends them (neardup scan seeds
// --format csv took --format and csv as files and printed a text report).
func TestInterspersedFlags(t *testing.T) {
	sample := "../../testdata/sample"
	_, want, _ := runCmd(t, context.Background(), "", "scan", "--quiet", "--format", "csv", sample)
	for _, args := range [][]string{
		{"scan", sample, "--format", "csv", "--quiet"},
		{"scan", "--quiet", sample, "--format=csv"},
		{"scan", "--quiet", "--format", "csv", "--", sample},
	} {
		code, got, stderr := runCmd(t, context.Background(), "", args...)
		if code != exitOK || got != want {
			t.Errorf("neardup %q: exit %d, stderr %q; report differs from the flags-first one", args, code, stderr)
		}
	}
	// after --, what looks like a flag is an input
	code, _, stderr := runCmd(t, context.Background(), "", "scan", "--quiet", "--", "--format")
	if code != exitFail || !strings.Contains(stderr, "input --format: no such file") {
		t.Errorf("scan -- --format: exit %d, stderr %q; want --format read as an input", code, stderr)
	}
	// a flag's value may look like a flag
	code, _, stderr = runCmd(t, context.Background(), "", "scan", sample, "--quiet", "--id-field", "--x")
	if code != exitOK {
		t.Errorf("--id-field --x: exit %d: %s", code, stderr)
	}
	for _, args := range [][]string{
		{"scan", sample, "--no-such-flag"},
		{"scan", sample, "--format"},
		{"index", "add", "x.jsonl", "--index"},
	} {
		if code, _, stderr := runCmd(t, context.Background(), "", args...); code != exitUsage || !strings.Contains(stderr, "neardup help") {
			t.Errorf("neardup %q: exit %d, want %d with a hint; stderr %q", args, code, exitUsage, stderr)
		}
	}
}

// TestVersion: neardup --version says what the build recorded (it was an unknown command).
func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "version", "-version"} {
		code, out, _ := runCmd(t, context.Background(), "", arg)
		if code != exitOK || !strings.HasPrefix(out, "neardup ") || !strings.Contains(out, runtime.Version()) {
			t.Errorf("neardup %s: exit %d, %q", arg, code, out)
		}
	}
	bi := &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "3f2a1c9e0b4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f"}, {Key: "vcs.time", Value: "2025-05-01T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"}}}
	want := "neardup v1.2.0 (3f2a1c9e0b4d, 2025-05-01T10:00:00Z, modified) " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
	if got := versionOf(bi); got != want {
		t.Errorf("versionOf = %q, want %q", got, want)
	}
	if got := versionOf(nil); !strings.HasPrefix(got, "neardup (devel) go") {
		t.Errorf("versionOf(nil) = %q", got)
	}
}

// TestIndexedParams: indexedParams, the one list of the flags an index fixes (index add's
// "Analysis" group, check's refusals), names the flags whose values index.Params keeps: each of
// them set to another value is one difference from the index's analysis. (The list was written
// out three times.)
func TestIndexedParams(t *testing.T) {
	values := map[string]string{"threshold": "0.7", "shingle": "7", "num-perm": "64", "window": "6", "no-reuse": "true", "html-text": "all", "rewrite": "false"}
	if got := slices.Sorted(maps.Keys(values)); !slices.Equal(got, slices.Sorted(slices.Values(indexedParams))) {
		t.Errorf("indexedParams = %q, want %q", indexedParams, got)
	}
	defaults := index.ParamsOf(pipeline.Options{})
	for name, v := range values {
		var opts pipeline.Options
		fs := flag.NewFlagSet("", flag.ContinueOnError)
		opts.RegisterFlags(fs)
		if err := fs.Set(name, v); err != nil {
			t.Fatal(err)
		}
		if d := defaults.Differences(opts); len(d) != 1 || !strings.HasPrefix(d[0], "--"+name) {
			t.Errorf("--%s %s: differences from the index %q, want one, of --%s", name, v, d, name)
		}
	}
}
