package shingle

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/spaolacci/murmur3"
)

func TestSum64(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for n := 0; n < 200; n++ {
		for trial := 0; trial < 20; trial++ {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			seed := rng.Uint32()
			if got, want := sum64(b, seed), murmur3.Sum64WithSeed(b, seed); got != want {
				t.Fatalf("sum64(%x, %d) = %x, murmur3 %x", b, seed, got, want)
			}
		}
	}
}

func FuzzSum64(f *testing.F) {
	f.Add([]byte("lopez"), uint32(Seed))
	f.Fuzz(func(t *testing.T, b []byte, seed uint32) {
		if got, want := sum64(b, seed), murmur3.Sum64WithSeed(b, seed); got != want {
			t.Fatalf("sum64(%x, %d) = %x, murmur3 %x", b, seed, got, want)
		}
		// AppendHashes hashes short words itself.
		th := binary.LittleEndian.AppendUint64(nil, murmur3.Sum64WithSeed(b, Seed))
		if got, want := Hashes([]Token{{Norm: string(b)}}, 1)[0].Hash, murmur3.Sum64WithSeed(th, Seed); got != want {
			t.Fatalf("Hashes of the word %x = %x, murmur3 %x", b, got, want)
		}
	})
}
