package shingle

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/spaolacci/murmur3"

	"github.com/neardup/neardup/internal/benchtext"
	"github.com/neardup/neardup/internal/kernel"
	"github.com/neardup/neardup/internal/kernel/kerneltest"
)

// naiveHashes hashes each window from scratch.
func naiveHashes(toks []Token, k int) []Shingle {
	if len(toks) == 0 {
		return nil
	}
	w := min(k, len(toks))
	var out []Shingle
	for i := 0; i+w <= len(toks); i++ {
		var buf []byte
		for _, t := range toks[i : i+w] {
			buf = binary.LittleEndian.AppendUint64(buf, murmur3.Sum64WithSeed([]byte(t.Norm), Seed))
		}
		out = append(out, Shingle{Hash: murmur3.Sum64WithSeed(buf, Seed), Pos: i})
	}
	return out
}

func TestHashes(t *testing.T) {
	tests := []struct {
		text  string
		k     int
		count int
	}{
		{"", 5, 0},
		{"one", 5, 1},
		{"one two three four", 5, 1},
		{"one two three four five", 5, 1},
		{"one two three four five six seven", 5, 3},
		{"a b c", 1, 3},
		{"a b c", 0, 3},
		{strings.Repeat("word ", 40), 20, 21},
	}
	for _, tt := range tests {
		toks := Tokenize(tt.text)
		got := Hashes(toks, tt.k)
		if len(got) != tt.count {
			t.Errorf("Hashes(%q, %d) gave %d shingles, want %d", tt.text, tt.k, len(got), tt.count)
		}
		if want := naiveHashes(toks, max(tt.k, 1)); !slices.Equal(got, want) {
			t.Errorf("Hashes(%q, %d) = %v, naive reference %v", tt.text, tt.k, got, want)
		}
	}
}

// TestHashesChunks covers texts longer than AppendHashes' chunk of token hashes, and shingles
// too long for it, at every boundary: each must match hashing every window from scratch.
func TestHashesChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	words := strings.Fields("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu")
	var b strings.Builder
	for i := 0; i < 1100; i++ {
		b.WriteString(words[rng.IntN(len(words))])
		fmt.Fprintf(&b, "%d ", rng.IntN(1000))
	}
	all := Tokenize(b.String())
	for _, n := range []int{1, 127, 128, 129, 255, 256, 257, 258, 511, 512, 513, 600, 1100} {
		for _, k := range []int{1, 2, 3, 5, 8, 127, 128, 129, 200, 256, 257, 1100} {
			toks := all[:n]
			dst := []Shingle{{Hash: 42, Pos: -1}} // AppendHashes keeps what dst holds
			got := AppendHashes(dst, toks, k)
			want := append([]Shingle{{Hash: 42, Pos: -1}}, naiveHashes(toks, k)...)
			if !slices.Equal(got, want) {
				t.Fatalf("AppendHashes of %d tokens, k=%d: %d shingles, differing from the naive reference's %d",
					n, k, len(got)-1, len(want)-1)
			}
		}
	}
}

// TestHashesWordLengths covers AppendHashes' own hashing of short words (every length a murmur3
// tail can have, and a few more) and every way a shingle ends in murmur3 blocks.
func TestHashesWordLengths(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	var toks []Token
	for n := 0; n <= 40; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		toks = append(toks, Token{Norm: string(b)})
	}
	for _, k := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9} {
		if got, want := Hashes(toks, k), naiveHashes(toks, k); !slices.Equal(got, want) {
			t.Errorf("Hashes of words of 0 to 40 bytes, k=%d = %v, naive reference %v", k, got, want)
		}
	}
}

func TestHashesNormalised(t *testing.T) {
	a := Hashes(Tokenize("President Andrés Manuel López Obrador said he wouldn’t"), 5)
	b := Hashes(Tokenize("president ANDRES manuel Lopez obrador -- said he wouldn't"), 5)
	if !slices.Equal(a, b) {
		t.Errorf("shingles differ for texts that differ only in accents, case, quotes and dashes:\n%v\n%v", a, b)
	}
	c := Hashes(Tokenize("president andres manuel lopez obrador said she wouldn't"), 5)
	if NewSet(a).Intersect(NewSet(c)) != 2 {
		t.Errorf("changing the 7th of 8 words should leave 2 of 4 shingles shared, got %d", NewSet(a).Intersect(NewSet(c)))
	}
}

// naiveWinnow selects the rightmost minimum of every window and keeps each position once.
func naiveWinnow(sh []Shingle, w int) []Shingle {
	if len(sh) == 0 {
		return nil
	}
	w = min(max(w, 1), len(sh))
	var out []Shingle
	last := -1
	for i := 0; i+w <= len(sh); i++ {
		m := i
		for j := i; j < i+w; j++ {
			if sh[j].Hash <= sh[m].Hash {
				m = j
			}
		}
		if m != last {
			out = append(out, sh[m])
			last = m
		}
	}
	return out
}

func TestWinnow(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 2000; trial++ {
		n := rng.IntN(60)
		sh := make([]Shingle, n)
		for i := range sh {
			sh[i] = Shingle{Hash: uint64(rng.IntN(8)), Pos: i} // small range: many ties
		}
		w := rng.IntN(10)
		got := Winnow(sh, w)
		want := naiveWinnow(sh, w)
		if !slices.Equal(got, want) {
			t.Fatalf("Winnow(%v, %d) = %v, want %v", sh, w, got, want)
		}
	}
}

// TestWinnow4: every path of the window-4 winnowing that runs here (and the rule the vector
// kernels rest on) selects exactly the positions the naive definition and the generic scan
// select: on every length around the kernels' blocks (4 and 8 positions) and words (64), with
// many ties and with none, hashes with the top bit set (where a signed comparison goes wrong),
// all equal, rising and falling.
func TestWinnow4(t *testing.T) {
	t.Logf("window-4 winnowing runs the %v path on this machine", winnowPath)
	kerneltest.Test(t, winnowSupport, func(t *testing.T, p kernel.Path) {
		rng := rand.New(rand.NewPCG(5, 6))
		check := func(sh []Shingle) {
			t.Helper()
			want := naiveWinnow(sh, 4)
			if got := appendWinnow4(p, nil, sh); !slices.Equal(got, want) {
				t.Fatalf("appendWinnow4(%v, %v) = %v, want %v", p, sh, got, want)
			}
			if got := appendWinnowScan(nil, sh, 4); !slices.Equal(got, want) {
				t.Fatalf("appendWinnowScan(%v, 4) = %v, want %v", sh, got, want)
			}
			prefix := []Shingle{{Hash: 1, Pos: -1}} // appended after what dst holds
			if got := appendWinnow4(p, slices.Clip(prefix), sh); !slices.Equal(got[1:], want) || got[0] != prefix[0] {
				t.Fatalf("appendWinnow4(%v, %v, %v) = %v, want the prefix then %v", p, prefix, sh, got, want)
			}
			if len(sh) >= 4 {
				var rule []Shingle
				for q := range sh {
					if winnow4At(sh, q) {
						rule = append(rule, sh[q])
					}
				}
				if !slices.Equal(rule, want) {
					t.Fatalf("winnow4At on %v selects %v, want %v", sh, rule, want)
				}
			}
		}
		gens := []struct {
			name string
			hash func(i int) uint64
		}{
			{"ties", func(int) uint64 { return rng.Uint64N(2) }},
			{"few values", func(int) uint64 { return rng.Uint64N(8) }},
			{"random", func(int) uint64 { return rng.Uint64() }},
			{"top bit set", func(int) uint64 { return 1<<63 | rng.Uint64N(16) }},
			{"around 2^63", func(int) uint64 { return []uint64{0, 1<<63 - 1, 1 << 63, 1<<64 - 1}[rng.IntN(4)] }},
			{"all equal", func(int) uint64 { return 1<<63 + 5 }},
			{"rising", func(i int) uint64 { return uint64(i) << 55 }},
			{"falling", func(i int) uint64 { return -uint64(i) }},
		}
		for _, g := range gens {
			for n := 0; n <= 140; n++ { // every length over two words of 64
				sh := make([]Shingle, n)
				for i := range sh {
					sh[i] = Shingle{Hash: g.hash(i), Pos: i}
				}
				check(sh)
			}
		}
		for trial := 0; trial < 2000; trial++ {
			sh := make([]Shingle, rng.IntN(600))
			spread := []uint64{2, 8, 1 << 20, 1<<64 - 1}[trial%4]
			for i := range sh {
				sh[i] = Shingle{Hash: rng.Uint64N(spread), Pos: i}
			}
			check(sh)
		}
	})
}

// TestWinnow4PageEnd: the kernels read nothing past the last shingle, which ends where an
// inaccessible page begins, on every length around their blocks and words.
func TestWinnow4PageEnd(t *testing.T) {
	kerneltest.Test(t, winnowSupport, func(t *testing.T, p kernel.Path) {
		rng := rand.New(rand.NewPCG(7, 8))
		const size = int(unsafe.Sizeof(Shingle{}))
		for n := 0; n <= 140; n++ {
			mem := kerneltest.GuardedBytes(t, n*size)
			sh := unsafe.Slice((*Shingle)(unsafe.Pointer(unsafe.SliceData(mem))), n)
			for i := range sh {
				sh[i] = Shingle{Hash: rng.Uint64N(4), Pos: i}
			}
			if got, want := appendWinnow4(p, nil, sh), naiveWinnow(sh, 4); !slices.Equal(got, want) {
				t.Fatalf("appendWinnow4(%v, %v) = %v, want %v", p, sh, got, want)
			}
		}
	})
}

// FuzzWinnow4: any hashes, read from the input's bytes (a small alphabet when the first byte is
// even, for ties), give every path that runs here the naive definition's fingerprints, which
// are the generic scan's.
func FuzzWinnow4(f *testing.F) {
	f.Add([]byte{0, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6})
	f.Add(bytes.Repeat([]byte{1, 255, 0, 7, 7, 7, 7, 7, 7}, 20))
	f.Fuzz(func(t *testing.T, b []byte) {
		var sh []Shingle
		if len(b) > 0 && b[0]%2 == 0 {
			for i, c := range b[1:] {
				sh = append(sh, Shingle{Hash: uint64(c % 4), Pos: i})
			}
		} else {
			for i := 0; 8*i+8 < len(b); i++ {
				sh = append(sh, Shingle{Hash: binary.LittleEndian.Uint64(b[1+8*i:]), Pos: i})
			}
		}
		want := naiveWinnow(sh, 4)
		if got := appendWinnowScan(nil, sh, 4); !slices.Equal(got, want) {
			t.Fatalf("appendWinnowScan(%v, 4) = %v, want %v", sh, got, want)
		}
		for _, p := range kernel.Runnable(winnowSupport) {
			if got := appendWinnow4(p, nil, sh); !slices.Equal(got, want) {
				t.Fatalf("appendWinnow4(%v, %v) = %v, want %v", p, sh, got, want)
			}
		}
	})
}

// TestWinnowGuarantee: two texts sharing a passage of w+k-1 words share a fingerprint.
func TestWinnowGuarantee(t *testing.T) {
	const k, w = 5, 4
	shared := "he had a problem with his molars and" // 8 words = w+k-1
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho")
	randText := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		return b.String()
	}
	for trial := 0; trial < 500; trial++ {
		a := randText(rng.IntN(50)) + shared + " " + randText(rng.IntN(50))
		b := randText(rng.IntN(50)) + shared + " " + randText(rng.IntN(50))
		fa := Winnow(Hashes(Tokenize(a), k), w)
		fb := Winnow(Hashes(Tokenize(b), k), w)
		set := map[uint64]bool{}
		for _, f := range fa {
			set[f.Hash] = true
		}
		found := false
		for _, f := range fb {
			found = found || set[f.Hash]
		}
		if !found {
			t.Fatalf("no shared fingerprint between\n%q\n%q", a, b)
		}
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		a, b        []uint64
		inter       int
		jaccard     float64
		containment float64
	}{
		{nil, nil, 0, 0, 0},
		{[]uint64{1, 2, 3}, nil, 0, 0, 0},
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3}, 3, 1, 1},
		{[]uint64{1, 2, 3, 4}, []uint64{3, 4, 5, 6}, 2, 2.0 / 6, 0.5},
		{[]uint64{1, 2, 3, 4, 5, 6, 7, 8}, []uint64{2, 3}, 2, 0.25, 1},
	}
	for _, tt := range tests {
		a, b := Set(tt.a), Set(tt.b)
		if got := a.Intersect(b); got != tt.inter {
			t.Errorf("%v.Intersect(%v) = %d, want %d", a, b, got, tt.inter)
		}
		if got := a.Jaccard(b); got != tt.jaccard {
			t.Errorf("%v.Jaccard(%v) = %v, want %v", a, b, got, tt.jaccard)
		}
		if got := b.Containment(a); got != tt.containment {
			t.Errorf("%v.Containment(%v) = %v, want %v", b, a, got, tt.containment)
		}
	}
	s := NewSet([]Shingle{{Hash: 5}, {Hash: 1}, {Hash: 5}, {Hash: 3}})
	if !slices.Equal(s, Set{1, 3, 5}) {
		t.Errorf("NewSet = %v, want [1 3 5]", s)
	}
}

// benchTexts returns realistic article texts (Reuters-21578 when present, else the sample).
func benchTexts(b *testing.B) []string { return benchtext.Texts(b, "..") }

// BenchmarkTokenizeShingle measures tokenize + 5-word shingle hashing on one core, as the
// pipeline does it (a reused Tokenizer and shingle slice).
func BenchmarkTokenizeShingle(b *testing.B) {
	texts := benchTexts(b)
	b.SetBytes(benchtext.Bytes(texts))
	b.ReportAllocs()
	var sh []Shingle
	var tz Tokenizer
	for b.Loop() {
		for _, t := range texts {
			sh = AppendHashes(sh[:0], tz.Tokenize(t), 5)
		}
	}
	b.ReportMetric(float64(len(texts))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkWinnow winnows the shingles of documents that stay in the processor's cache, as in the
// pipeline, where a document's shingles were just computed, by every path that runs here; it
// reports shingles a second.
func BenchmarkWinnow(b *testing.B) {
	texts := benchTexts(b)
	var all [][]Shingle
	n := 0
	for _, t := range texts {
		sh := Hashes(Tokenize(t), 5)
		if n+len(sh) > 16<<10 { // 256 KiB of shingles
			break
		}
		all, n = append(all, sh), n+len(sh)
	}
	var fp []Shingle
	kerneltest.Benchmark(b, winnowSupport, func(b *testing.B, p kernel.Path) {
		for b.Loop() {
			for _, sh := range all {
				fp = appendWinnow4(p, fp[:0], sh)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "shingles/s")
	})
}

// BenchmarkIntersect: two sets of 500 shingles sharing a half (a near-duplicate pair) or a
// twentieth (a reuse candidate).
func BenchmarkIntersect(b *testing.B) {
	for _, shared := range []int{250, 25} {
		rng := rand.New(rand.NewPCG(5, uint64(shared)))
		var s, t []uint64
		for i := range 500 {
			h := rng.Uint64()
			s = append(s, h)
			if i < shared {
				t = append(t, h)
			} else {
				t = append(t, rng.Uint64())
			}
		}
		slices.Sort(s)
		slices.Sort(t)
		b.Run(fmt.Sprintf("shared=%d", shared), func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = Set(s).Intersect(Set(t))
			}
			if n != shared {
				b.Fatalf("Intersect = %d, want %d", n, shared)
			}
		})
	}
}
