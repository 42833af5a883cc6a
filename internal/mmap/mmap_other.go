//go:build !unix

// Package mmap maps files into memory read-only, where the system allows it.
package mmap

import (
	"errors"
	"os"
)

// Supported reports whether Map works on this system.
const Supported = false

// Map is not supported on this system: it returns errors.ErrUnsupported.
func Map(f *os.File, n int) ([]byte, func() error, error) {
	return nil, nil, errors.ErrUnsupported
}
