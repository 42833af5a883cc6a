package mmap

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMap(t *testing.T) {
	if !Supported {
		t.Skip("no mmap on this system")
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("hello, mapped world"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, unmap, err := Map(f, 5)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "hello" {
		t.Errorf("Map(f, 5) = %q, want %q", b, "hello")
	}
	if err := unmap(); err != nil {
		t.Errorf("unmap: %v", err)
	}
	if b, _, err := Map(f, 0); err != nil || len(b) != 0 {
		t.Errorf("Map(f, 0) = %q, %v; want nothing", b, err)
	}
}
