//go:build unix

package index

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// mapFile maps the first n bytes of f read-only. The file must be at least n bytes long: the
// caller checks, since touching a page past the end of the file kills the process (SIGBUS).
func mapFile(f *os.File, n int) ([]byte, func() error, error) {
	if n == 0 {
		return nil, func() error { return nil }, nil
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, n, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, fmt.Errorf("map %s: %w", f.Name(), err)
	}
	return b, func() error { return syscall.Munmap(b) }, nil
}

// lockFile takes an exclusive lock on f, waiting for it with wait, else failing at once with
// ErrLocked. The lock belongs to the open file and goes with it (on close, or when the process
// dies), so a crashed writer never leaves the index locked.
func lockFile(f *os.File, wait bool) error {
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return ErrLocked
		}
		return fmt.Errorf("lock %s: %w", f.Name(), err)
	}
}

// sameFile reports whether f is still the file at path (a compaction renames a new file over it).
func sameFile(f *os.File, path string) (bool, error) {
	a, err := f.Stat()
	if err != nil {
		return false, err
	}
	b, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(a, b), nil
}
