//go:build unix

package main

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestOutputFileMode: -o makes a new file with mode 0666 less the umask, and a file it replaces
// keeps its mode. Both were 0600 (os.CreateTemp's), so a 0644 report became private.
func TestOutputFileMode(t *testing.T) {
	tests := []struct {
		name  string
		umask int
		old   fs.FileMode // 0: no file before
		want  fs.FileMode
	}{
		{"new, umask 022", 0o022, 0, 0o644},
		{"new, umask 027", 0o027, 0, 0o640},
		{"new, umask 002", 0o002, 0, 0o664},
		{"replaces 0644", 0o077, 0o644, 0o644},
		{"replaces 0600", 0o022, 0o600, 0o600},
		{"replaces 0664", 0o022, 0o664, 0o664},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "report.jsonl")
			if tt.old != 0 {
				if err := os.WriteFile(out, []byte("old"), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(out, tt.old); err != nil {
					t.Fatal(err)
				}
			}
			old := syscall.Umask(tt.umask)
			defer syscall.Umask(old)
			err := writeOutput(out, nil, func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err })
			if err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != tt.want {
				t.Errorf("mode %#o, want %#o", got, tt.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("%d files in the directory, want the report alone", len(entries))
			}
		})
	}
	// and through the command line
	dir := t.TempDir()
	out := filepath.Join(dir, "sample.csv")
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	if code, _, stderr := runCmd(t, context.Background(), "", "scan", "--quiet", "--format", "csv", "-o", out, "../../testdata/sample"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("scan -o: %v, %v; want mode 0644", fi.Mode(), err)
	}
}
