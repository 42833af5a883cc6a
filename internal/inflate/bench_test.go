package inflate

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"testing"

	kgzip "github.com/klauspost/compress/gzip"
)

// decoders are the gzip readers BenchmarkInflate compares.
var decoders = []struct {
	name string
	open func(r io.Reader) (io.Reader, error)
}{
	{"inflate", func(r io.Reader) (io.Reader, error) { return NewReader(r) }},
	{"klauspost", func(r io.Reader) (io.Reader, error) { return kgzip.NewReader(r) }},
	{"stdlib", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
}

// drain reads r to its end with 64 KiB reads and returns the byte count. A truncated stream
// (a prefix of a large file) ends without error, and decoders may differ by a few bytes on
// how much of its last block they return.
func drain(r io.Reader, buf []byte) (total int64, truncated bool, err error) {
	for {
		n, err := r.Read(buf)
		total += int64(n)
		if err == io.EOF {
			return total, false, nil
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return total, true, nil
		}
		if err != nil {
			return total, false, err
		}
	}
}

// BenchmarkInflate measures output throughput on generated text and, when NEARDUP_BENCH_GZ
// names a gzip file (or a prefix of one), on that file, read into memory first.
func BenchmarkInflate(b *testing.B) {
	inputs := []struct {
		name string
		gz   func(b *testing.B) []byte
	}{
		{"text", func(b *testing.B) []byte { return compressors[0].gz(genText(16<<20, 13), 6) }},
		{"file", func(b *testing.B) []byte {
			path := os.Getenv("NEARDUP_BENCH_GZ")
			if path == "" {
				b.Skip("NEARDUP_BENCH_GZ not set")
			}
			gz, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			return gz
		}},
	}
	buf := make([]byte, 64<<10)
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			gz := in.gz(b)
			r, _ := decoders[2].open(bytes.NewReader(gz))
			size, truncated, err := drain(r, buf)
			if err != nil {
				b.Fatal(err)
			}
			for _, dec := range decoders {
				b.Run(dec.name, func(b *testing.B) {
					b.SetBytes(size)
					b.ReportAllocs()
					for b.Loop() {
						r, err := dec.open(bytes.NewReader(gz))
						if err != nil {
							b.Fatal(err)
						}
						n, _, err := drain(r, buf)
						if err != nil || n != size && !(truncated && n > size-1024 && n < size+1024) {
							b.Fatalf("%d bytes, %v; want %d bytes", n, err, size)
						}
					}
				})
			}
		})
	}
}
