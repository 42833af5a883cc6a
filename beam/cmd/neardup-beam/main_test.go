package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseMemTotal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"MemTotal:       24576000 kB\nMemFree:         1024 kB\n", 24576000 << 10},
		{"MemFree:         1024 kB\nMemTotal: 2048 kB\n", 2048 << 10},
		{"MemFree:         1024 kB\n", 0},
		{"MemTotal:       lots kB\n", 0},
		{"MemTotal:       2048 MB\n", 0},
		{"MemTotal:       -5 kB\n", 0},
		{"", 0},
	} {
		if got := parseMemTotal(tc.in); got != tc.want {
			t.Errorf("parseMemTotal(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// TestBadFlags checks that a path no file system of the program reads, or no shard, is refused
// with exit code 2 and a message naming the flag, before any pipeline is built (textio panics on
// an unknown scheme).
func TestBadFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	for _, tc := range []struct {
		name                string
		in, outPath, tmpdir string
		shards              int
		want                string
	}{
		{"input", "foo://bucket/*.jsonl", out, "", 1, "--input foo://bucket/*.jsonl"},
		{"output", "x.jsonl", "foo://bucket/out.jsonl", "", 1, "--output foo://bucket/out.jsonl"},
		{"tmpdir", "x.jsonl", out, "memfs://tmp", 1, "--tmpdir memfs://tmp"},
		{"shards", "x.jsonl", out, "", 0, "--shards 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			*input, *output, opts.TempDir, *shards = tc.in, tc.outPath, tc.tmpdir, tc.shards
			defer func() { *input, *output, opts.TempDir, *shards = "", "", "", 1 }()
			var stderr bytes.Buffer
			if code := run(context.Background(), &stderr); code != 2 {
				t.Errorf("exit %d, want 2; %s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("message %q does not name %q", stderr.String(), tc.want)
			}
		})
	}
}
