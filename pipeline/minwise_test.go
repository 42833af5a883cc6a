package pipeline

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"

	minhash "github.com/dgryski/go-minhash"

	"github.com/neardup/neardup/internal/kernel"
	"github.com/neardup/neardup/internal/kernel/kerneltest"
	"github.com/neardup/neardup/shingle"
)

// pushSignature is the signature go-minhash computes: NewMinWise(minwiseH1, minwiseH2, n) with
// every hash pushed as 8 little-endian bytes.
func pushSignature(n int, hashes []uint64) []uint64 {
	mw := minhash.NewMinWise(minwiseH1, minwiseH2, n)
	var buf [8]byte
	for _, h := range hashes {
		binary.LittleEndian.PutUint64(buf[:], h)
		mw.Push(buf[:])
	}
	return mw.Signature()
}

// kernelSignature is pushSignature through minwise by path p.
func kernelSignature(p kernel.Path, n int, hashes []uint64) []uint64 {
	sig := make([]uint64, n)
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	var v1, v2 []uint64
	for _, h := range hashes {
		v1 = append(v1, minwiseHash1(h))
		v2 = append(v2, minwiseHash2(h))
	}
	minwiseWith(p, sig, v1, v2)
	return sig
}

// checkPush checks every path that runs here against MinWise.Push.
func checkPush(t *testing.T, n int, hashes []uint64) {
	t.Helper()
	want := pushSignature(n, hashes)
	for _, p := range kernel.Runnable(minwiseSupport) {
		if got := kernelSignature(p, n, hashes); !slices.Equal(got, want) {
			t.Fatalf("minwise by %v, n=%d, %d hashes: signature differs from MinWise.Push\n got %x\nwant %x",
				p, n, len(hashes), got, want)
		}
	}
}

// checkPath checks path p against minwiseGeneric on raw hash pairs and a starting signature
// (not only MaxUint64: a kernel must keep a smaller slot already there), and that it writes
// nothing around the signature.
func checkPath(t *testing.T, p kernel.Path, sig, v1, v2 []uint64) {
	t.Helper()
	want := slices.Clone(sig)
	minwiseGeneric(want, 0, v1, v2)
	const guard = 16
	buf := make([]uint64, guard+len(sig)+guard)
	for i := range buf {
		buf[i] = 0x5a5a5a5a5a5a5a5a
	}
	got := buf[guard : guard+len(sig) : guard+len(sig)]
	copy(got, sig)
	minwiseWith(p, got, v1, v2)
	if !slices.Equal(got, want) {
		t.Fatalf("minwiseWith(%v, sig %x, v1 %x, v2 %x)\n = %x\nwant %x (generic)", p, sig, v1, v2, got, want)
	}
	for i, x := range append(buf[:guard:guard], buf[guard+len(sig):]...) {
		if x != 0x5a5a5a5a5a5a5a5a {
			t.Fatalf("minwiseWith(%v) on %d slots wrote %x in guard word %d around them", p, len(sig), x, i)
		}
	}
}

func TestMinwiseMatchesPush(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	sizes := []int{0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 64, 100, 105, 126, 128, 200}
	for _, n := range sizes {
		for _, m := range []int{0, 1, 2, 5, 50, 700} {
			hashes := make([]uint64, m)
			for i := range hashes {
				hashes[i] = r.Uint64()
			}
			checkPush(t, n, hashes)
		}
	}
	// extremes of the arithmetic: wrap-around and the largest values
	checkPush(t, 105, []uint64{0, math.MaxUint64, 1 << 63, 0x9e3779b97f4a7c15, 0xc2b2ae3d27d4eb4f})
}

// TestMinwisePaths checks every path against the generic one on signature lengths around the
// vector widths, element counts around them too, and hash pairs that stress the comparison:
// values with the top bit set (where a signed comparison goes wrong), slots that cross 2⁶³ or
// wrap past 2⁶⁴, ties, all-equal elements, and a starting signature that already holds
// smaller values.
func TestMinwisePaths(t *testing.T) {
	t.Logf("minwise runs the %v path on this machine", minwisePath)
	kerneltest.Test(t, minwiseSupport, func(t *testing.T, p kernel.Path) {
		r := rand.New(rand.NewPCG(11, 12))
		inputs := []struct {
			name   string
			v1, v2 func(j int) uint64
		}{
			{"random", func(int) uint64 { return r.Uint64() }, func(int) uint64 { return r.Uint64() }},
			{"odd steps", func(int) uint64 { return r.Uint64() }, func(int) uint64 { return r.Uint64() | 1 }},
			{"top bit set", func(int) uint64 { return r.Uint64() | 1<<63 }, func(int) uint64 { return r.Uint64N(1 << 20) }},
			{"across 2^63", func(j int) uint64 { return 1<<63 - 3 + uint64(j%5) }, func(j int) uint64 { return uint64(j%3) + 1 }},
			{"wrapping", func(j int) uint64 { return math.MaxUint64 - uint64(j%7) }, func(j int) uint64 { return 1<<62 + uint64(j) }},
			{"all equal", func(int) uint64 { return 0x8000000000000123 }, func(int) uint64 { return 0x0fedcba987654321 }},
			{"zero", func(int) uint64 { return 0 }, func(int) uint64 { return 0 }},
			{"ties", func(int) uint64 { return r.Uint64N(4) << 62 }, func(int) uint64 { return r.Uint64N(2) << 63 }},
		}
		for _, in := range inputs {
			for _, m := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 500} {
				v1, v2 := make([]uint64, m), make([]uint64, m)
				for j := range v1 {
					v1[j], v2[j] = in.v1(j), in.v2(j)
				}
				for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 105, 128, 200} {
					sig := make([]uint64, n)
					for i := range sig {
						sig[i] = math.MaxUint64
					}
					checkPath(t, p, sig, v1, v2)
					for i := range sig {
						sig[i] = r.Uint64()
					}
					checkPath(t, p, sig, v1, v2)
				}
			}
		}
	})
}

// TestMinwisePageEnd: the kernels read and write nothing past the signature and the hashes,
// each ending where an inaccessible page begins.
func TestMinwisePageEnd(t *testing.T) {
	kerneltest.Test(t, minwiseSupport, func(t *testing.T, p kernel.Path) {
		r := rand.New(rand.NewPCG(13, 14))
		guarded := func(n int) []uint64 {
			mem := kerneltest.GuardedBytes(t, 8*n)
			return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(mem))), n)
		}
		for _, m := range []int{1, 2, 3, 4, 5, 9} {
			for n := 1; n <= 20; n++ {
				v1, v2, sig := guarded(m), guarded(m), guarded(n)
				for j := range v1 {
					v1[j], v2[j] = r.Uint64(), r.Uint64()
				}
				for i := range sig {
					sig[i] = math.MaxUint64
				}
				checkPath(t, p, sig, v1, v2)
				minwiseWith(p, sig, v1, v2)
			}
		}
	})
}

func TestSignMatchesPush(t *testing.T) {
	sh := make([]shingle.Shingle, 600)
	r := rand.New(rand.NewPCG(5, 6))
	for i := range sh {
		sh[i].Hash = r.Uint64()
	}
	for _, b := range []Bands{{35, 3}, {42, 3}, {1, 1}, {16, 8}, {9, 7}} {
		s := NewSigner(b)
		got := slices.Clone(s.Sign(sh))
		if want := pushSignature(b.Bands*b.Rows, hashesOf(sh)); !slices.Equal(got, want) {
			t.Fatalf("bands %v: Sign differs from MinWise.Push", b)
		}
		if got := s.Sign(sh[:10]); !slices.Equal(got, pushSignature(b.Bands*b.Rows, hashesOf(sh[:10]))) {
			t.Fatalf("bands %v: a second Sign kept state from the first", b)
		}
	}
}

func hashesOf(sh []shingle.Shingle) []uint64 {
	out := make([]uint64, len(sh))
	for i, s := range sh {
		out[i] = s.Hash
	}
	return out
}

// FuzzMinwise checks every path that runs here bit for bit against go-minhash's MinWise.Push on
// arbitrary hashes and signature lengths, and against the generic path on the same bytes read
// as raw hash pairs (any values, even steps) folded into a signature that starts from them too.
func FuzzMinwise(f *testing.F) {
	f.Add(uint8(105), []byte("0123456789abcdef01234567"))
	f.Add(uint8(8), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, n uint8, data []byte) {
		var hashes []uint64
		for b := data; len(b) >= 8; b = b[8:] {
			hashes = append(hashes, binary.LittleEndian.Uint64(b))
		}
		checkPush(t, int(n), hashes)
		var v1, v2 []uint64
		for i := 0; i+1 < len(hashes); i += 2 {
			v1, v2 = append(v1, hashes[i]), append(v2, hashes[i+1])
		}
		sig := make([]uint64, n)
		for i := range sig {
			sig[i] = math.MaxUint64
			if len(hashes) > 0 {
				sig[i] = hashes[i%len(hashes)] ^ uint64(i)<<59
			}
		}
		for _, p := range kernel.Runnable(minwiseSupport) {
			checkPath(t, p, sig, v1, v2)
		}
	})
}

// BenchmarkMinwise folds 500 elements into 105 slots (35×3 bands) by each path that runs here,
// and by go-minhash's Push.
func BenchmarkMinwise(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	v1, v2 := make([]uint64, 500), make([]uint64, 500)
	for i := range v1 {
		v1[i], v2[i] = minwiseHash1(r.Uint64()), minwiseHash2(r.Uint64())
	}
	sig := make([]uint64, 105)
	perSlot := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(500*105), "ns/slot")
	}
	kerneltest.Benchmark(b, minwiseSupport, func(b *testing.B, p kernel.Path) {
		for b.Loop() {
			minwiseWith(p, sig, v1, v2)
		}
		perSlot(b)
	})
	b.Run("push", func(b *testing.B) {
		for b.Loop() {
			pushSignature(105, v1)
		}
		perSlot(b)
	})
}
