package inflate

import (
	"bytes"
	"io"
	"testing"
)

// FuzzInflate decodes arbitrary bytes as raw DEFLATE: we and compress/flate must agree on
// success or failure and on every byte returned before the end or the error.
func FuzzInflate(f *testing.F) {
	for _, level := range levels {
		f.Add(compressors[0].raw(genText(2000, 11), level))
		f.Add(compressors[1].raw(mixed(1)[:5000], level))
	}
	f.Add([]byte{})
	f.Add([]byte{0x03, 0x00})
	// One reader for all inputs: a fresh one costs 600 KB of buffers, and reuse tests Reset.
	r := NewRawReader(nil)
	f.Fuzz(func(t *testing.T, in []byte) {
		compareFlateWith(t, r, in)
	})
}

// FuzzRoundTrip compresses arbitrary data with compress/flate at a fuzzed level and inflates it
// as raw DEFLATE and as gzip.
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("hello, hello, hello world"), int8(6), uint16(1))
	f.Add(genText(5000, 12), int8(-2), uint16(7))
	f.Add(bytes.Repeat([]byte{0}, 1000), int8(1), uint16(4096))
	f.Fuzz(func(t *testing.T, data []byte, level int8, readSize uint16) {
		lv := int(uint8(level))%12 - 2 // -2 .. 9
		size := int(readSize)%5000 + 1
		raw := compressors[0].raw(data, lv)
		got, err := readAllSize(NewRawReader(bytes.NewReader(raw)), size)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("raw level %d: got %d bytes, %v; want %d bytes", lv, len(got), err, len(data))
		}
		gz := compressors[0].gz(data, lv)
		z, err := NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		got, err = readAllSize(z, size)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("gzip level %d: got %d bytes, %v; want %d bytes", lv, len(got), err, len(data))
		}
	})
}

var (
	_ io.Reader = (*Reader)(nil)
	_ io.Reader = (*RawReader)(nil)
)
