//go:build unix

// Package mmap maps files into memory read-only, where the system allows it.
package mmap

import (
	"fmt"
	"os"
	"syscall"
)

// Supported reports whether Map works on this system.
const Supported = true

// Map maps the first n bytes of f read-only and returns them with the function that unmaps
// them. The file must be at least n bytes long: the caller checks, since touching a page past
// the end of the file kills the process (SIGBUS). The bytes must not be used after unmapping.
func Map(f *os.File, n int) ([]byte, func() error, error) {
	if n == 0 {
		return nil, func() error { return nil }, nil
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, n, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("map %s: %w", f.Name(), err)
	}
	return b, func() error { return syscall.Munmap(b) }, nil
}
