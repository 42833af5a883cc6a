package pipeline

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	minhash "github.com/dgryski/go-minhash"

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

// kernelSignature is pushSignature through minwise, or through minwiseGeneric alone.
func kernelSignature(n int, hashes []uint64, generic bool) []uint64 {
	sig := make([]uint64, n)
	for i := range sig {
		sig[i] = math.MaxUint64
	}
	var v1, v2 []uint64
	for _, h := range hashes {
		v1 = append(v1, minwiseHash1(h))
		v2 = append(v2, minwiseHash2(h))
	}
	if generic {
		minwiseGeneric(sig, 0, v1, v2)
	} else {
		minwise(sig, v1, v2)
	}
	return sig
}

func checkKernel(t *testing.T, n int, hashes []uint64) {
	t.Helper()
	want := pushSignature(n, hashes)
	for _, generic := range []bool{false, true} {
		if got := kernelSignature(n, hashes, generic); !slices.Equal(got, want) {
			t.Fatalf("n=%d, %d hashes, generic=%v (vector kernel available: %v): signature differs from MinWise.Push\n got %x\nwant %x",
				n, len(hashes), generic, vectorMinwise, got, want)
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
			checkKernel(t, n, hashes)
		}
	}
	// extremes of the arithmetic: wrap-around and the largest values
	checkKernel(t, 105, []uint64{0, math.MaxUint64, 1 << 63, 0x9e3779b97f4a7c15, 0xc2b2ae3d27d4eb4f})
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

// FuzzMinwise checks the kernels bit for bit against go-minhash's MinWise.Push on arbitrary
// hashes and signature lengths.
func FuzzMinwise(f *testing.F) {
	f.Add(uint8(105), []byte("0123456789abcdef01234567"))
	f.Add(uint8(8), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, n uint8, data []byte) {
		var hashes []uint64
		for len(data) >= 8 {
			hashes = append(hashes, binary.LittleEndian.Uint64(data))
			data = data[8:]
		}
		checkKernel(t, int(n), hashes)
	})
}

func BenchmarkMinwise(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	v1, v2 := make([]uint64, 500), make([]uint64, 500)
	for i := range v1 {
		v1[i], v2[i] = minwiseHash1(r.Uint64()), minwiseHash2(r.Uint64())
	}
	sig := make([]uint64, 105)
	for _, k := range []struct {
		name string
		f    func()
	}{
		{"kernel", func() { minwise(sig, v1, v2) }},
		{"generic", func() { minwiseGeneric(sig, 0, v1, v2) }},
		{"push", func() { pushSignature(105, v1) }},
	} {
		b.Run(k.name, func(b *testing.B) {
			for b.Loop() {
				k.f()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(500*105), "ns/slot")
		})
	}
}
