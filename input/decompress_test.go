package input

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
)

// TestReadAhead checks that readAhead gives the source's bytes in order and then its error,
// whatever the sizes of the source's and the reader's reads, and that stopping it early ends
// its goroutine.
func TestReadAhead(t *testing.T) {
	data := make([]byte, 3*aheadBufSize+12345)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	boom := errors.New("boom")
	for _, tc := range []struct {
		name    string
		src     io.Reader
		want    []byte
		wantErr error
	}{
		{"empty", bytes.NewReader(nil), nil, nil},
		{"one byte a read", iotest.OneByteReader(bytes.NewReader(data[:5000])), data[:5000], nil},
		{"half reads", iotest.HalfReader(bytes.NewReader(data)), data, nil},
		{"whole", bytes.NewReader(data), data, nil},
		{"exactly one buffer", bytes.NewReader(data[:aheadBufSize]), data[:aheadBufSize], nil},
		{"data then error", io.MultiReader(bytes.NewReader(data[:aheadBufSize+7]), iotest.ErrReader(boom)), data[:aheadBufSize+7], boom},
		{"error with data", iotest.DataErrReader(bytes.NewReader(data[:100])), data[:100], nil},
		{"timeout then more", iotest.TimeoutReader(bytes.NewReader(data[:10])), data[:10], iotest.ErrTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, stop := readAhead(tc.src)
			defer stop()
			var got []byte
			buf := make([]byte, 1+rng.IntN(70000))
			var err error
			for {
				var n int
				n, err = a.Read(buf)
				got = append(got, buf[:n]...)
				if err != nil {
					break
				}
			}
			if tc.wantErr == nil && err != io.EOF || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("error %v, want %v", err, tc.wantErr)
			}
			if !bytes.Equal(got, tc.want) {
				t.Errorf("read %d bytes, want %d (equal prefix: %v)", len(got), len(tc.want), bytes.HasPrefix(tc.want, got))
			}
		})
	}
	t.Run("stopped early", func(t *testing.T) {
		a, stop := readAhead(bytes.NewReader(data))
		p := make([]byte, 100)
		if n, err := a.Read(p); n != 100 || err != nil || !bytes.Equal(p, data[:100]) {
			t.Fatalf("Read = %d, %v", n, err)
		}
		stop() // returns only when the goroutine has ended (it may be blocked on a full channel)
		stop() // and may be called again
	})
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want compression
	}{
		{"", compNone}, {"\x1f", compNone}, {"\x1f\x8b", compGzip}, {"\x1f\x8b\x08\x00", compGzip},
		{"\x28\xb5\x2f", compNone}, {"\x28\xb5\x2f\xfd", compZstd}, {`{"id"`, compNone},
	} {
		if got := sniff([]byte(tc.in)); got != tc.want {
			t.Errorf("sniff(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestTrimCompressed(t *testing.T) {
	for in, want := range map[string]string{
		"a.jsonl": "a.jsonl", "A.JSONL.GZ": "a.jsonl", "a.jsonl.zst": "a.jsonl", "a.gz.zst": "a.gz", "b.csv.ZST": "b.csv",
	} {
		if got := trimCompressed(in); got != want {
			t.Errorf("trimCompressed(%q) = %q, want %q", in, got, want)
		}
	}
}
