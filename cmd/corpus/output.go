package main

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// nilIfNone turns a nil WriteCloser into a nil Writer (not a non-nil interface holding nil).
func nilIfNone(w io.WriteCloser) io.Writer {
	if w == nil {
		return nil
	}
	return w
}

// create opens path for writing ("-" is stdout), making its directory, and gzips when the name
// ends in .gz. Close flushes and closes; closing twice is harmless.
func create(path string) (io.WriteCloser, error) {
	if path == "-" {
		return nopCloser{os.Stdout}, nil
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	if !strings.HasSuffix(path, ".gz") {
		return &file{f: f, path: path}, nil
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestSpeed)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &file{f: f, zw: newAsync(zw), path: path}, nil
}

// file is an output file, gzipped or not.
type file struct {
	f      *os.File
	zw     io.WriteCloser // the gzip stream, compressed on its own goroutine
	path   string
	closed bool
}

// Write writes to the gzip stream or the file.
func (f *file) Write(p []byte) (int, error) {
	if f.zw != nil {
		return f.zw.Write(p)
	}
	return f.f.Write(p)
}

// Close flushes the gzip stream and closes the file once.
func (f *file) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	var errs []error
	if f.zw != nil {
		errs = append(errs, f.zw.Close())
	}
	errs = append(errs, f.f.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close %s: %w", f.path, err)
	}
	return nil
}

// nopCloser is stdout, which is not closed.
type nopCloser struct{ io.Writer }

// Close does nothing.
func (nopCloser) Close() error { return nil }

// async is a writer that hands its input to a goroutine, so that compression runs on a second
// core while the corpus is generated (gzip at BestSpeed costs about a third of the run).
// Buffers circulate between the two sides: Write blocks only when all of them are in flight.
type async struct {
	w    io.WriteCloser
	full chan []byte
	free chan []byte
	done chan error
	err  error
}

const (
	asyncBuffers = 4
	asyncSize    = 1 << 20
)

func newAsync(w io.WriteCloser) *async {
	a := &async{w: w, full: make(chan []byte, asyncBuffers), free: make(chan []byte, asyncBuffers), done: make(chan error, 1)}
	for range asyncBuffers {
		a.free <- make([]byte, 0, asyncSize)
	}
	go a.drain()
	return a
}

// drain writes the full buffers in order; after an error it only recycles them.
func (a *async) drain() {
	var err error
	for b := range a.full {
		if err == nil {
			_, err = a.w.Write(b)
		}
		a.free <- b[:0]
	}
	if cerr := a.w.Close(); err == nil {
		err = cerr
	}
	a.done <- err
}

// Write copies p into buffers and queues them.
func (a *async) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		b := <-a.free
		k := min(len(p), cap(b))
		a.full <- append(b, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// Close flushes the queue and closes the underlying writer, returning the first error.
func (a *async) Close() error {
	if a.full == nil {
		return a.err
	}
	close(a.full)
	a.full = nil
	a.err = <-a.done
	return a.err
}
