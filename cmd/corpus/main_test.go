package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const text = "The harbour board said on Monday that the new ferry service would start in June. " +
	"Local traders welcomed the plan, although some residents said the fares were too high. " +
	"The council will vote on the budget next week, a spokesman for the mayor said.\n\n"

func TestRun(t *testing.T) {
	dir := t.TempDir()
	train := filepath.Join(dir, "train")
	os.MkdirAll(filepath.Join(train, "outlet"), 0o755)
	if err := os.WriteFile(filepath.Join(train, "outlet", "a.txt"), []byte(strings.Repeat(text, 20)), 0o644); err != nil {
		t.Fatal(err)
	}
	var first []byte
	for i := range 2 {
		out := filepath.Join(dir, "out", "c.jsonl.gz")
		truth := filepath.Join(dir, "out", "c.tsv")
		var stdout, stderr bytes.Buffer
		args := []string{"-n", "300", "-seed", "3", "-train", train, "-o", out, "-truth", truth}
		if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
			t.Fatalf("run(%q) = %d, want %d; stderr: %s", args, code, exitOK, stderr.String())
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s is not gzip: %v", out, err)
		}
		b, err := io.ReadAll(zr)
		f.Close()
		if err != nil {
			t.Fatalf("read %s: %v", out, err)
		}
		if n := bytes.Count(b, []byte("\n")); n != 300 {
			t.Errorf("%s holds %d lines, want 300", out, n)
		}
		if !strings.Contains(stdout.String(), "wrote 300 articles") {
			t.Errorf("stdout = %q, want a summary", stdout.String())
		}
		if i == 0 {
			first = b
		} else if !bytes.Equal(first, b) {
			t.Errorf("two runs with the same flags wrote different corpora")
		}
	}
}

// TestRunShapes runs with every news shape on and checks the stories file and the summary.
func TestRunShapes(t *testing.T) {
	dir := t.TempDir()
	train := trainDir(t, dir)
	out := filepath.Join(dir, "c.jsonl")
	truth := filepath.Join(dir, "c.tsv")
	stories := filepath.Join(dir, "c.stories.tsv")
	var stdout, stderr bytes.Buffer
	args := []string{"-n", "500", "-train", train, "-o", out, "-truth", truth, "-stories-truth", stories,
		"-stories", "0.2", "-story-outlets", "3,10", "-recurring", "0.1", "-digests", "0.02", "-same-names", "0.02",
		"-reruns", "0.02", "-templates", "0.04"}
	if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
		t.Fatalf("run(%q) = %d, want %d; stderr: %s", args, code, exitOK, stderr.String())
	}
	b, err := os.ReadFile(stories)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 501 || lines[0] != "id\tstory\trole" || !strings.HasPrefix(lines[1], "syn-0000001\tsyn-0000001\t") {
		t.Errorf("%s: %d lines starting %q, want a header and 500 lines", stories, len(lines), lines[:2])
	}
	roles := map[string]int{}
	for _, l := range lines[1:] {
		roles[strings.Split(l, "\t")[2]]++
	}
	if roles["outlet"] != 100 || roles["template"] != 20 || roles["rerun"] != 10 {
		t.Errorf("roles %v, want 100 outlet, 20 template, 10 rerun", roles)
	}
	if !strings.Contains(stdout.String(), "news shapes: ") || !strings.Contains(stdout.String(), " in 100 articles") {
		t.Errorf("stdout = %q, want the shapes summarised", stdout.String())
	}
}

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"-o", "x.jsonl", "extra"}, {"-o", "x.jsonl", "-truth", "-"}, {"-n", "-3", "-o", "x.jsonl"},
		{"-o", "x.jsonl", "-stories-truth", "-"}, {"-o", "x.jsonl", "-stories", "0.1", "-story-outlets", "5"},
		{"-o", "x.jsonl", "-stories", "0.1", "-story-outlets", "5,50"}, {"-o", "x.jsonl", "-same-names", "0.1"},
		{"-o", "x.jsonl", "-sources", "1"}, {"-o", "x.jsonl", "-sources", "60", "-stories", "0.1", "-story-outlets", "5,61"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != exitUsage {
			t.Errorf("run(%q) = %d, want %d", args, code, exitUsage)
		}
	}
}

// TestRunManyOutlets: with -sources, a big story has more outlets than the default 40, each
// covering it once.
func TestRunManyOutlets(t *testing.T) {
	dir := t.TempDir()
	train := trainDir(t, dir)
	out := filepath.Join(dir, "c.jsonl")
	stories := filepath.Join(dir, "c.stories.tsv")
	var stdout, stderr bytes.Buffer
	args := []string{"-n", "300", "-train", train, "-o", out, "-stories-truth", stories,
		"-sources", "150", "-stories", "0.5", "-story-outlets", "120,120"}
	if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
		t.Fatalf("run(%q) = %d, want %d; stderr: %s", args, code, exitOK, stderr.String())
	}
	b, err := os.ReadFile(stories)
	if err != nil {
		t.Fatal(err)
	}
	story := map[string]string{} // id -> story, of the outlets' articles
	size := map[string]int{}
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")[1:] {
		f := strings.Split(l, "\t")
		if f[2] == "outlet" {
			story[f[0]] = f[1]
			size[f[1]]++
		}
	}
	if len(size) == 0 {
		t.Fatalf("%s: no big story", stories)
	}
	full := 0
	for s, n := range size {
		if n > 120 {
			t.Errorf("story %s has %d outlets' articles, want at most 120", s, n)
		}
		if n == 120 {
			full++
		}
	}
	if full == 0 {
		t.Errorf("story sizes %v, want one of 120 outlets", size)
	}
	docs, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	outlets := map[string]map[string]bool{} // story -> its articles' sources
	for _, l := range strings.Split(strings.TrimSuffix(string(docs), "\n"), "\n") {
		var d struct{ ID, Source string }
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatal(err)
		}
		if s, ok := story[d.ID]; ok {
			if outlets[s] == nil {
				outlets[s] = map[string]bool{}
			}
			outlets[s][d.Source] = true
		}
	}
	for s, src := range outlets {
		if len(src) != size[s] {
			t.Errorf("story %s: %d articles from %d outlets, want one article an outlet", s, size[s], len(src))
		}
	}
}

// trainDir writes a training directory of text under dir and returns it.
func trainDir(t *testing.T, dir string) string {
	t.Helper()
	train := filepath.Join(dir, "train")
	if err := os.MkdirAll(train, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(train, "a.txt"), []byte(strings.Repeat(text, 20)), 0o644); err != nil {
		t.Fatal(err)
	}
	return train
}
