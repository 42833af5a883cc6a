package main

import (
	"bytes"
	"compress/gzip"
	"context"
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

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"-o", "x.jsonl", "extra"}, {"-o", "x.jsonl", "-truth", "-"}, {"-n", "-3", "-o", "x.jsonl"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != exitUsage {
			t.Errorf("run(%q) = %d, want %d", args, code, exitUsage)
		}
	}
}
