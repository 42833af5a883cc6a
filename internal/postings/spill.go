package postings

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"sync"
	"unsafe"
)

// Spill keeps the postings of the lists that share it in a temporary file instead of in memory
// (List.Spill): each bucket's postings are gathered in a small chunk of its own and written out,
// a chunk at a time, as it fills, and read back, chunk by chunk, when the bucket is read. In
// memory, a run held all of its postings at once at the end of reading, and that was its peak:
// 6.8M fingerprints and 8.3M sentence keys (127 MB) of the recurring-paragraph corpus of 20,000
// articles, peak RSS 260 MB; at 200,000 synthetic articles 1.46-1.50 GB. Spilled, the same
// runs peaked at 223-229 MB and 0.88-0.96 GB, in the same time (within the host's noise: c20k
// 4.26-4.46 s against 4.59-4.68, 200k 15.9-16.1 s against 15.5-16.8), and wrote reports
// byte-identical to the lists' in memory. In a file they cost what the system keeps of it in its
// cache, which it may drop, and a copy each way.
//
// One goroutine writes (the lists' adds); reading, once every list sharing the spill is done
// adding, may be concurrent. Errors are kept, the first one, for Err: adding and reading a list
// return none of their own.
type Spill struct {
	name string // for errors
	f    *os.File
	w    *bufio.Writer
	off  int64 // bytes written, buffered or not

	mu  sync.Mutex
	err error
}

// spillChunk is how many postings a bucket of a spilled list gathers before writing them: 16
// KiB, so that the 256 buckets of a list hold at most 4 MiB, and each write and read moves
// enough to be worth the call.
const spillChunk = 2048

// NewSpill returns a spill in a new temporary file in dir (the system's default when empty),
// removed at once: it goes away with the process. name says what it holds, in errors.
func NewSpill(dir, name string) (*Spill, error) {
	f, err := os.CreateTemp(dir, "neardup-postings-*")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	os.Remove(f.Name())
	return &Spill{name: name, f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

// seg is a chunk of a bucket written to a spill: n postings at byte off.
type seg struct {
	off int64
	n   int32
}

// write appends vs to the file and returns where they are.
func (s *Spill) write(vs []uint64) seg {
	at := seg{s.off, int32(len(vs))}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(vs))), 8*len(vs))
	if _, err := s.w.Write(b); err != nil {
		s.fail(err)
	}
	s.off += int64(len(b))
	return at
}

// flush makes everything written readable.
func (s *Spill) flush() {
	if err := s.w.Flush(); err != nil {
		s.fail(err)
	}
}

// appendSegs appends the postings of segs to dst.
func (s *Spill) appendSegs(dst []uint64, segs []seg) []uint64 {
	for _, sg := range segs {
		n := len(dst)
		dst = slices.Grow(dst, int(sg.n))[:n+int(sg.n)]
		b := unsafe.Slice((*byte)(unsafe.Pointer(&dst[n])), 8*int(sg.n))
		if _, err := s.f.ReadAt(b, sg.off); err != nil {
			s.fail(err)
			return dst[:n]
		}
	}
	return dst
}

func (s *Spill) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		s.err = fmt.Errorf("%s: %w", s.name, err)
	}
}

// Err returns the first error writing or reading the spill met, if any. A list read with an
// error is incomplete: its caller must give up.
func (s *Spill) Err() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close removes the file (closing it, as it was removed at once).
func (s *Spill) Close() {
	if s != nil {
		s.f.Close()
	}
}
