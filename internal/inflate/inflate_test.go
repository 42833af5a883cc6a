package inflate

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	kflate "github.com/klauspost/compress/flate"
	kgzip "github.com/klauspost/compress/gzip"
)

// genText writes n bytes of pseudo-English made of invented words, JSON Lines shaped like our
// corpora, so that it compresses about as well as they do. No third-party text is involved.
func genText(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	syll := []string{"ka", "lo", "re", "tin", "mar", "os", "el", "vu", "dan", "pre", "sto", "qui", "ne", "ba", "th", "ing", "er", "ou"}
	words := make([]string, 3000)
	for i := range words {
		var sb strings.Builder
		for range 1 + r.IntN(4) {
			sb.WriteString(syll[r.IntN(len(syll))])
		}
		words[i] = sb.String()
	}
	var b bytes.Buffer
	for doc := 0; b.Len() < n; doc++ {
		fmt.Fprintf(&b, `{"id":"doc-%d","url":"https://example.org/%s/%d","text":"`, doc, words[r.IntN(100)], r.IntN(1e6))
		for range 50 + r.IntN(400) {
			// Zipf-like choice: common words dominate.
			w := words[int(float64(len(words))*r.Float64()*r.Float64()*r.Float64())]
			b.WriteString(w)
			switch r.IntN(12) {
			case 0:
				b.WriteString(". ")
			case 1:
				b.WriteString(", ")
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString("\"}\n")
	}
	return b.Bytes()[:n]
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// mixed alternates random, text and run sections so that one stream mixes block types.
func mixed(seed uint64) []byte {
	var b []byte
	for i := range 12 {
		switch i % 3 {
		case 0:
			b = append(b, randomBytes(20000+int(seed)*7, seed+uint64(i))...)
		case 1:
			b = append(b, genText(50000, seed+uint64(i))...)
		default:
			b = append(b, bytes.Repeat([]byte{byte(i)}, 3000)...)
			b = append(b, bytes.Repeat([]byte("abcdefg"), 900)...)
		}
	}
	return b
}

var inputs = []struct {
	name string
	data []byte
}{
	{"empty", nil},
	{"1byte", []byte{'x'}},
	{"text", genText(100_000, 1)},
	{"random", randomBytes(100_000, 2)},
	{"runs", append(bytes.Repeat([]byte{'a'}, 70_000), bytes.Repeat([]byte("xy"), 40_000)...)},
	{"big", genText(3_000_000, 3)}, // > 32 KiB: distances reach the full window; several fills
	{"mixed", mixed(4)},
}

var levels = []int{flate.HuffmanOnly, flate.NoCompression, flate.BestSpeed, 5, flate.BestCompression}

type compressor struct {
	name string
	raw  func(data []byte, level int) []byte
	gz   func(data []byte, level int) []byte
}

// compressWith returns a function that compresses data with the writer newW makes at a level.
func compressWith[W io.WriteCloser](newW func(io.Writer, int) (W, error)) func([]byte, int) []byte {
	return func(data []byte, level int) []byte {
		var b bytes.Buffer
		w, _ := newW(&b, level)
		w.Write(data)
		w.Close()
		return b.Bytes()
	}
}

var compressors = []compressor{
	{"stdlib", compressWith(flate.NewWriter), compressWith(gzip.NewWriterLevel)},
	{"klauspost", compressWith(kflate.NewWriter), compressWith(kgzip.NewWriterLevel)},
}

// readAllSize reads r with Read calls of at most size bytes.
func readAllSize(r io.Reader, size int) ([]byte, error) {
	var out []byte
	buf := make([]byte, size)
	for {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, c := range compressors {
		for _, level := range levels {
			for _, in := range inputs {
				raw := c.raw(in.data, level)
				gz := c.gz(in.data, level)
				for _, size := range []int{1, 7, 4096, 1 << 22} {
					if size < 4096 && len(in.data) > 200_000 {
						continue // slow and no more telling than the small inputs
					}
					name := fmt.Sprintf("%s/level%d/%s/read%d", c.name, level, in.name, size)
					t.Run(name, func(t *testing.T) {
						got, err := readAllSize(NewRawReader(bytes.NewReader(raw)), size)
						if err != nil || !bytes.Equal(got, in.data) {
							t.Fatalf("raw: got %d bytes, err %v; want %d bytes", len(got), err, len(in.data))
						}
						z, err := NewReader(bytes.NewReader(gz))
						if err != nil {
							t.Fatalf("NewReader: %v", err)
						}
						got, err = readAllSize(z, size)
						if err != nil || !bytes.Equal(got, in.data) {
							t.Fatalf("gzip: got %d bytes, err %v; want %d bytes", len(got), err, len(in.data))
						}
					})
				}
			}
		}
	}
}

// bitWriter packs values LSB first, as DEFLATE does (1-bit Huffman codes need no reversal).
type bitWriter struct {
	out   []byte
	nbits uint
}

func (w *bitWriter) write(v uint, n uint) {
	for range n {
		if w.nbits%8 == 0 {
			w.out = append(w.out, 0)
		}
		w.out[len(w.out)-1] |= byte(v&1) << (w.nbits % 8)
		v >>= 1
		w.nbits++
	}
}

// degenerateBlock is a final dynamic block whose literal/length code gives 1-bit codes to 'a'
// and end-of-block and whose distance code is a single 1-bit codeword, followed by data bits.
func degenerateBlock(data ...uint) []byte {
	var w bitWriter
	w.write(1, 1)  // BFINAL
	w.write(2, 2)  // dynamic
	w.write(0, 5)  // HLIT: 257
	w.write(0, 5)  // HDIST: 1
	w.write(14, 4) // HCLEN: 18 code length code lengths
	for _, s := range clOrder[:18] {
		if s == 1 || s == 18 {
			w.write(1, 3) // code length symbols 1 (code 0) and 18 (code 1)
		} else {
			w.write(0, 3)
		}
	}
	w.write(1, 1) // 18: 97 zeros
	w.write(97-11, 7)
	w.write(0, 1) // 'a': length 1
	w.write(1, 1) // 18: 138 zeros
	w.write(127, 7)
	w.write(1, 1) // 18: 20 zeros
	w.write(9, 7)
	w.write(0, 1) // end of block: length 1
	w.write(0, 1) // distance 0: length 1, the only distance codeword
	for _, b := range data {
		w.write(b, 1)
	}
	return w.out
}

// TestDegenerateCodes covers a code compress/flate accepts although it is incomplete: one 1-bit
// distance codeword.
func TestDegenerateCodes(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"aa", degenerateBlock(0, 0, 1), "aa"},
		{"empty", degenerateBlock(1), ""},
		{"truncated", degenerateBlock(0, 0)[:len(degenerateBlock(0, 0))-1], ""},
	}
	for _, tc := range tests {
		compareFlate(t, tc.in)
		got, err := io.ReadAll(NewRawReader(bytes.NewReader(tc.in)))
		if tc.name != "truncated" && (err != nil || string(got) != tc.want) {
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func gzipWith(t *testing.T, data []byte, hdr gzip.Header) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Header = hdr
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func TestGzipHeaders(t *testing.T) {
	data := genText(10_000, 5)
	plain := gzipWith(t, data, gzip.Header{})
	withAll := gzipWith(t, data, gzip.Header{Extra: []byte("extra field"), Name: "name.jsonl", Comment: "a comment"})
	// compress/gzip writes no FHCRC: add one by hand (low 16 bits of the header's CRC-32).
	hcrc := append([]byte(nil), withAll...)
	hdrLen := 10 + 2 + len("extra field") + len("name.jsonl") + 1 + len("a comment") + 1
	hcrc[3] |= flagHCRC
	sum := crc32.ChecksumIEEE(hcrc[:hdrLen])
	hcrc = append(append(append([]byte(nil), hcrc[:hdrLen]...), byte(sum), byte(sum>>8)), hcrc[hdrLen:]...)
	badHCRC := append([]byte(nil), hcrc...)
	badHCRC[hdrLen]++
	reserved := append([]byte(nil), plain...)
	reserved[3] |= 0x20
	badMagic := append([]byte(nil), plain...)
	badMagic[1] = 0x8c
	badMethod := append([]byte(nil), plain...)
	badMethod[2] = 7

	tests := []struct {
		name    string
		in      []byte
		want    []byte
		wantErr error
	}{
		{"plain", plain, data, nil},
		{"extra name comment", withAll, data, nil},
		{"hcrc", hcrc, data, nil},
		{"bad hcrc", badHCRC, nil, ErrHeader},
		{"reserved flag", reserved, nil, ErrHeader},
		{"bad magic", badMagic, nil, ErrHeader},
		{"bad method", badMethod, nil, ErrHeader},
		{"empty", nil, nil, io.EOF},
		{"multi member", append(append([]byte(nil), plain...), withAll...), append(append([]byte(nil), data...), data...), nil},
		{"empty member between", append(append(append([]byte(nil), plain...), gzipWith(t, nil, gzip.Header{})...), plain...), append(append([]byte(nil), data...), data...), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			z, err := NewReader(bytes.NewReader(tc.in))
			var got []byte
			if err == nil {
				got, err = io.ReadAll(z)
			}
			if !errors.Is(err, tc.wantErr) || !bytes.Equal(got, tc.want) {
				t.Fatalf("got %d bytes, %v; want %d bytes, %v", len(got), err, len(tc.want), tc.wantErr)
			}
		})
	}
}

func TestGzipErrors(t *testing.T) {
	data := genText(50_000, 6)
	gz := gzipWith(t, data, gzip.Header{})
	n := len(gz)
	badCRC := append([]byte(nil), gz...)
	badCRC[n-8] ^= 1
	badSize := append([]byte(nil), gz...)
	badSize[n-4] ^= 1
	tests := []struct {
		name     string
		in       []byte
		wantErr  error
		wantData bool // all of data is returned before the error
	}{
		{"bad crc", badCRC, ErrChecksum, true},
		{"bad isize", badSize, ErrChecksum, true},
		{"trailing garbage", append(append([]byte(nil), gz...), "garbage, not gzip"...), ErrHeader, true},
		{"trailing zeros", append(append([]byte(nil), gz...), make([]byte, 20)...), ErrHeader, true},
		{"trailing magic prefix", append(append([]byte(nil), gz...), 0x1f, 0x8b), io.ErrUnexpectedEOF, true},
		{"truncated trailer", gz[:n-3], io.ErrUnexpectedEOF, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			z, err := NewReader(bytes.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(z)
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.wantData && !bytes.Equal(got, data) {
				t.Errorf("got %d bytes before the error, want all %d", len(got), len(data))
			}
		})
	}
}

// TestTruncated cuts a gzip stream and a raw stream at every byte: always an error, never a
// panic, and the bytes returned are a prefix of the data. The raw cuts also pin down the
// litMin rule (see doc.go): without it a cut stream returns one literal more than compress/flate.
func TestTruncated(t *testing.T) {
	data := genText(3000, 7)
	for _, level := range levels {
		gz := compressors[0].gz(data, level)
		raw := compressors[0].raw(data, level)
		for i := range len(gz) {
			z, err := NewReader(bytes.NewReader(gz[:i]))
			var got []byte
			if err == nil {
				got, err = io.ReadAll(z)
			}
			if err == nil || !bytes.HasPrefix(data, got) {
				t.Fatalf("level %d: gzip cut at %d of %d: err %v, %d bytes", level, i, len(gz), err, len(got))
			}
			if i > 0 && !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("level %d: gzip cut at %d of %d: err %v, want io.ErrUnexpectedEOF", level, i, len(gz), err)
			}
		}
		for i := range len(raw) {
			compareFlate(t, raw[:i])
		}
	}
}

// compareFlate checks that we and compress/flate agree on in as raw DEFLATE: both fail or both
// succeed, with the same bytes returned before the error or end.
func compareFlate(t *testing.T, in []byte) {
	t.Helper()
	compareFlateWith(t, NewRawReader(bytes.NewReader(in)), in)
}

// compareFlateWith is compareFlate with a RawReader to reuse.
func compareFlateWith(t *testing.T, f *RawReader, in []byte) {
	t.Helper()
	want, wantErr := io.ReadAll(flate.NewReader(bytes.NewReader(in)))
	f.Reset(bytes.NewReader(in))
	got, err := io.ReadAll(f)
	if (err == nil) != (wantErr == nil) || !bytes.Equal(got, want) {
		t.Fatalf("inflate(%x):\n got %d bytes, err %v\nwant %d bytes, err %v (compress/flate)", in[:min(len(in), 64)], len(got), err, len(want), wantErr)
	}
	if err != nil && !errors.Is(err, ErrCorrupt) && !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("inflate(%x): err %v, want ErrCorrupt or io.ErrUnexpectedEOF", in[:min(len(in), 64)], err)
	}
}

// TestBitFlips flips each bit of small streams of every block type.
func TestBitFlips(t *testing.T) {
	data := append(genText(1500, 8), bytes.Repeat([]byte{'z'}, 300)...)
	for _, level := range levels {
		raw := compressors[0].raw(data, level)
		for i := range len(raw) * 8 {
			in := append([]byte(nil), raw...)
			in[i/8] ^= 1 << (i % 8)
			compareFlate(t, in)
		}
	}
}

func TestCorruptOffset(t *testing.T) {
	// Block type 3 is invalid: the error names byte 0.
	_, err := io.ReadAll(NewRawReader(bytes.NewReader([]byte{0x07})))
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "at byte 0") {
		t.Fatalf("err = %v, want ErrCorrupt at byte 0", err)
	}
}

// oneByteReader hands out one byte per Read, so every refill path meets the end of its input.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) { return o.r.Read(p[:min(len(p), 1)]) }

func TestSlowSource(t *testing.T) {
	for _, in := range inputs[:6] {
		gz := compressors[1].gz(in.data, 6)
		z, err := NewReader(oneByteReader{bytes.NewReader(gz)})
		if err != nil && !(len(in.data) == 0 && err == io.EOF) {
			t.Fatalf("%s: NewReader: %v", in.name, err)
		}
		if err != nil {
			continue
		}
		got, err := io.ReadAll(z)
		if err != nil || !bytes.Equal(got, in.data) {
			t.Fatalf("%s: got %d bytes, %v; want %d bytes", in.name, len(got), err, len(in.data))
		}
	}
}

func TestReset(t *testing.T) {
	a, b := genText(100_000, 9), genText(70_000, 10)
	z, err := NewReader(bytes.NewReader(compressors[0].gz(a, 6)))
	if err != nil {
		t.Fatal(err)
	}
	io.CopyN(io.Discard, z, 1000) // abandon the first stream midway
	if err := z.Reset(bytes.NewReader(compressors[0].gz(b, 6))); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(z)
	if err != nil || !bytes.Equal(got, b) {
		t.Fatalf("after Reset: got %d bytes, %v; want %d bytes", len(got), err, len(b))
	}
}
