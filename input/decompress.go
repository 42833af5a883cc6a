package input

// Compressed input: gzip and zstd, told by their first bytes (so .jsonl.gz, .jsonl.zst, a
// compressed file without the suffix and compressed stdin all work).
//
// Decompressing is the one costly step of the walker, which is sequential: a gzip member can
// only be inflated from its start. Two things keep it off the critical path:
//
//   - gzip is inflated ahead, on a goroutine of its own (readAhead), into a few 1 MiB
//     buffers, while the walker splits the lines of the buffer before, by internal/inflate:
//     on the 200k synthetic corpus (680 MB) it takes 3.3 CPU seconds, klauspost's
//     compress/gzip 7.4-8.4 and the standard library's 10.4-10.9;
//   - klauspost's zstd decoder decodes its blocks ahead on goroutines of its own
//     (WithDecoderConcurrency).
//
// The bytes read from disk still count as progress: countingReader adds them atomically, and
// the walker reports them (see walker.reportProgress).

import (
	"errors"
	"io"
	"strings"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zstd"
)

// compression is how a stream is compressed.
type compression uint8

const (
	compNone compression = iota
	compGzip
	compZstd
)

// zstdMagic starts every zstd frame.
var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// sniff tells a stream's compression from its first (up to 4) bytes.
func sniff(b []byte) compression {
	switch {
	case len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b:
		return compGzip
	case len(b) >= 4 && string(b[:4]) == string(zstdMagic):
		return compZstd
	}
	return compNone
}

// decompressReason words an error met while reading a stream compressed with c (or not).
func decompressReason(c compression, err error) string {
	switch c {
	case compGzip:
		return gzipReason(err)
	case compZstd:
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return "zstd: unexpected end of data (file truncated?)"
		case errors.Is(err, zstd.ErrCRCMismatch):
			return "zstd: checksum mismatch (file corrupt)"
		case errors.Is(err, zstd.ErrMagicMismatch):
			return "zstd: invalid frame header (file corrupt, or data after the end of the zstd stream)"
		}
		return "zstd: corrupt data: " + err.Error()
	}
	var corrupt flate.CorruptInputError
	if errors.As(err, &corrupt) {
		return gzipReason(err)
	}
	return "read error: " + err.Error()
}

// newZstd returns a zstd decoder reading r. Its blocks are decoded ahead, up to 4 at a time,
// on goroutines of its own; Close ends them. The window is capped at 128 MiB so that a
// crafted frame cannot ask for more memory than that.
func newZstd(r io.Reader) (*zstd.Decoder, error) {
	return zstd.NewReader(r, zstd.WithDecoderConcurrency(4), zstd.WithDecoderMaxWindow(128<<20))
}

// aheadBufSize and aheadBufs size readAhead's buffers: 4 MiB in flight at most.
const (
	aheadBufSize = 1 << 20
	aheadBufs    = 4
)

// aheadReader reads what a goroutine reads ahead from another reader.
type aheadReader struct {
	full     chan []byte   // buffers read, in order; closed after the last, err then set
	free     chan []byte   // buffers the reader is done with
	stop     chan struct{} // closed by close: the goroutine ends
	finished chan struct{} // closed by the goroutine when it ends
	err      error         // the source's error (io.EOF at its end), read after full is closed
	cur      []byte        // the rest of the buffer being read
	buf      []byte        // that buffer, to give back
	once     sync.Once
}

// readAhead returns a reader of src's bytes, which a goroutine reads from src ahead of it, and
// a function that stops the goroutine and waits for it: call it before src is used again (or
// reset), even when all was read.
func readAhead(src io.Reader) (*aheadReader, func()) {
	a := &aheadReader{
		full:     make(chan []byte, aheadBufs),
		free:     make(chan []byte, aheadBufs),
		stop:     make(chan struct{}),
		finished: make(chan struct{}),
	}
	for range aheadBufs {
		a.free <- make([]byte, aheadBufSize)
	}
	go func() {
		defer close(a.finished)
		defer close(a.full)
		for {
			var buf []byte
			select {
			case buf = <-a.free:
			case <-a.stop:
				a.err = io.ErrClosedPipe
				return
			}
			n, err := readFull(src, buf[:cap(buf)])
			if n > 0 {
				select {
				case a.full <- buf[:n]:
				case <-a.stop:
					a.err = io.ErrClosedPipe
					return
				}
			}
			if err != nil {
				a.err = err
				return
			}
		}
	}()
	return a, a.close
}

// readFull reads into b until it is full or src fails; err is src's own (io.EOF at its end).
func readFull(src io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := src.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (a *aheadReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.buf != nil {
			a.free <- a.buf[:cap(a.buf)] // never blocks: there are aheadBufs buffers in all
			a.buf = nil
		}
		b, ok := <-a.full
		if !ok {
			return 0, a.err
		}
		a.buf, a.cur = b, b
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// close stops the goroutine and waits for it to end.
func (a *aheadReader) close() {
	a.once.Do(func() { close(a.stop) })
	<-a.finished
}

// trimCompressed returns a lower-cased file name without a .gz or .zst suffix.
func trimCompressed(name string) string {
	lower := strings.ToLower(name)
	if t, ok := strings.CutSuffix(lower, ".gz"); ok {
		return t
	}
	return strings.TrimSuffix(lower, ".zst")
}
