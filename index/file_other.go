//go:build !unix

package index

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// mapFile reads the first n bytes of f into memory: without mmap the whole committed index is
// read at open.
func mapFile(f *os.File, n int) ([]byte, func() error, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(io.NewSectionReader(f, 0, int64(n)), b); err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", f.Name(), err)
	}
	return b, func() error { return nil }, nil
}

// lockFile cannot lock on this system: writing an index needs a Unix system.
func lockFile(f *os.File, wait bool) error {
	return errors.New("index: writing an index needs a Unix system (file locks)")
}

func sameFile(f *os.File, path string) (bool, error) {
	a, err := f.Stat()
	if err != nil {
		return false, err
	}
	b, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	return os.SameFile(a, b), nil
}
