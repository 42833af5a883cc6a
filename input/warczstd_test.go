package input_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/dict"
	"github.com/klauspost/compress/zstd"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/internal/warctest"
)

// zstdPages are the pages of the zstd WARC tests: two articles, a copy of the first served
// under another URI, and an image.
func zstdPages() []warctest.Response {
	art := func(title, words string) string {
		return "<html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1><p>" +
			strings.Repeat(words+" ", 12) + "</p><p>" + strings.Repeat("A second paragraph, about "+title+". ", 8) + "</p></article></body></html>"
	}
	resp := func(ctype, body string) []byte {
		return []byte(fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", ctype, len(body), body))
	}
	a := art("Tram line opens", "The new tram line to the hospital opened on Monday after three years of works.")
	return []warctest.Response{
		{URI: "https://a.example/tram", HTTP: resp("text/html", a)},
		{URI: "https://b.example/library", HTTP: resp("text/html; charset=utf-8", art("Library hours cut", "The central library will close at five on weekdays from March, the council said."))},
		{URI: "https://c.example/copy-of-tram", HTTP: resp("text/html", strings.Replace(a, "three years", "three long years", 1))},
		{URI: "https://a.example/logo.png", HTTP: resp("image/png", "\x89PNG\r\n")},
	}
}

// zstdFrames compresses each record as a zstd frame of its own, with dictionary d (nil for
// none).
func zstdFrames(t testing.TB, recs [][]byte, d []byte) []byte {
	t.Helper()
	opts := []zstd.EOption{zstd.WithEncoderConcurrency(1)}
	if d != nil {
		opts = append(opts, zstd.WithEncoderDict(d))
	}
	enc, err := zstd.NewWriter(nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	var out []byte
	for _, r := range recs {
		out = enc.EncodeAll(r, out)
	}
	return out
}

// skippable returns a zstd skippable frame of the given magic holding b.
func skippable(magic uint32, b []byte) []byte {
	h := binary.LittleEndian.AppendUint32(nil, magic)
	h = binary.LittleEndian.AppendUint32(h, uint32(len(b)))
	return append(h, b...)
}

// offsetOf is the offset of recs[i] in the WARC they make.
func offsetOf(recs [][]byte, i int) int {
	n := 0
	for _, r := range recs[:i] {
		n += len(r)
	}
	return n
}

// TestWARCZstd: a WARC compressed with zstd, as one frame or a frame per record, with or
// without a dictionary (raw or itself compressed, as the IIPC's WARC-zstd carries it), reads as
// the same WARC gzipped.
func TestWARCZstd(t *testing.T) {
	dir := t.TempDir()
	pages := zstdPages()
	recs := warctest.Records(t, pages)
	gz := filepath.Join(dir, "crawl.warc.gz")
	warctest.WriteResponses(t, gz, pages)
	want, wantErrs := walkWARC(t, gz)
	if len(want) != 3 || len(wantErrs) != 1 {
		t.Fatalf("gzipped WARC: %d documents, errors %v; want 3 and the image", len(want), wantErrs)
	}
	d, err := dict.BuildZstdDict(recs, dict.Options{MaxDictSize: 4 << 10, HashBytes: 6, ZstdDictID: 4242})
	if err != nil {
		t.Fatal(err)
	}
	one := zstdFrames(t, [][]byte{bytes.Join(recs, nil)}, nil)
	compressedDict := zstdFrames(t, [][]byte{d}, nil)
	tests := []struct {
		name string
		data []byte
	}{
		{"one frame", one},
		{"frame per record", zstdFrames(t, recs, nil)},
		{"dictionary", append(skippable(0x184D2A5D, d), zstdFrames(t, recs, d)...)},
		{"compressed dictionary", append(skippable(0x184D2A5D, compressedDict), zstdFrames(t, recs, d)...)},
		{"other skippable frame first", append(skippable(0x184D2A50, []byte("metadata")), one...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "crawl.warc.zst")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			got, errs := walkWARC(t, path)
			if len(got) != len(want) {
				t.Fatalf("%d documents (errors %v), want %d", len(got), errs, len(want))
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.ID != w.ID || g.Source != w.Source || g.Title != w.Title || g.Text != w.Text || !g.Published.Equal(w.Published) {
					t.Errorf("document %d = %q %q %q, want %q %q %q", i, g.ID, g.Title, g.Published, w.ID, w.Title, w.Published)
				}
			}
			// the image's response is the last record: its offset in the decoded WARC
			image := fmt.Sprintf("%s: record at offset %d: ", path, offsetOf(recs, len(recs)-1))
			if len(errs) != 1 || errs[0].Kind != input.RecordNotHTML || !strings.HasPrefix(errs[0].Error(), image) {
				t.Errorf("errors %v, want the image's, named by file and offset (%q)", errs, image)
			}
		})
	}
	// In a directory, .warc.zst is read too.
	sub := filepath.Join(dir, "crawl")
	os.Mkdir(sub, 0o755)
	os.WriteFile(filepath.Join(sub, "c.warc.zst"), one, 0o644)
	if got, _ := walkWARC(t, sub); len(got) != len(want) {
		t.Errorf("a folder with a .warc.zst: %d documents, want %d", len(got), len(want))
	}
}

// TestWARCZstdBroken: a zstd WARC cut short, or whose dictionary is missing, is an error
// naming the file and the offset of the broken record in the decoded WARC, after the records
// before the damage.
func TestWARCZstdBroken(t *testing.T) {
	recs := warctest.Records(t, zstdPages())
	d, err := dict.BuildZstdDict(recs, dict.Options{MaxDictSize: 4 << 10, HashBytes: 6, ZstdDictID: 4242})
	if err != nil {
		t.Fatal(err)
	}
	frames := zstdFrames(t, recs, nil)
	last := offsetOf(recs, len(recs)-1) // the image's response, whose frame is cut short
	tests := []struct {
		name    string
		data    []byte
		maxDocs int
		offset  int // of the broken record
		reason  string
	}{
		{"truncated", frames[:len(frames)-30], 3, last, "truncated or corrupt"},
		{"no dictionary", zstdFrames(t, recs, d), 0, 0, "dictionary"},
		{"dictionary cut short", skippable(0x184D2A5D, d)[:20], 0, 0, "zstd dictionary: truncated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "b.warc.zst")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			docs, errs := walkWARC(t, path)
			corrupt := 0
			for _, e := range errs {
				if !strings.HasPrefix(e.Error(), path+": record at offset ") {
					t.Errorf("error %q does not name the file and a record offset", e)
				}
				if e.Kind == input.RecordCorrupt {
					corrupt++
					if !strings.Contains(e.Reason, tt.reason) {
						t.Errorf("error %q does not say %q", e, tt.reason)
					}
					if at := fmt.Sprintf("%s: record at offset %d: ", path, tt.offset); !strings.HasPrefix(e.Error(), at) {
						t.Errorf("error %q does not name the broken record: want %q", e, at)
					}
				}
			}
			if corrupt != 1 || len(docs) > tt.maxDocs {
				t.Errorf("%d documents, errors %v; want at most %d and one corrupt", len(docs), errs, tt.maxDocs)
			}
		})
	}
}
