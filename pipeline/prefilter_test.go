package pipeline

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neardup/neardup/shingle"
)

func TestBBitJaccard(t *testing.T) {
	for _, tc := range []struct {
		name    string
		m, k, b int
		want    float64
	}{
		{"identical", 105, 105, 8, 1},
		{"disjoint: chance agreements only", 256, 65536, 8, 0},
		{"half, 8 bits", 128 + 64, 256, 8, (0.75 - 1.0/256) / (1 - 1.0/256)},
		{"one bit: half the slots agree by chance", 50, 100, 1, 0},
		{"one bit: three quarters agree", 75, 100, 1, 0.5},
		{"two bits", 100, 100, 2, 1},
		{"no slots", 0, 0, 8, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := bbitJaccard(tc.m, tc.k, tc.b); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("bbitJaccard(%d, %d, %d) = %v, want %v", tc.m, tc.k, tc.b, got, tc.want)
			}
		})
	}
}

func TestContainmentOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		j    float64
		a, b int
		want float64
	}{
		{"identical", 1, 300, 300, 1},
		{"disjoint", 0, 300, 300, 0},
		{"contained: 100 in 400", 0.25, 100, 400, 1},
		{"contained, either order", 0.25, 400, 100, 1},
		{"half of 100 in 400", 50.0 / 450, 100, 400, 0.5},
		{"equal sizes at J 0.5", 0.5, 200, 200, 2.0 / 3},
		{"empty", 0, 0, 10, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := containmentOf(tc.j, tc.a, tc.b); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("containmentOf(%v, %d, %d) = %v, want %v", tc.j, tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func TestNeededJaccard(t *testing.T) {
	p := prefilter{threshold: 0.5, containment: 0.8, minSet: 4}
	for _, tc := range []struct {
		name string
		a, b int
		want float64
	}{
		{"equal sizes: containment needs J 2/3, the threshold is lower", 300, 300, 0.5},
		{"100 in 400: containment 0.8 at J 0.8/4.2", 100, 400, 0.8 / 4.2},
		{"too short for containment", 3, 400, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := p.neededJaccard(setSize{int32(tc.a), int32(tc.a)}, setSize{int32(tc.b), int32(tc.b)})
			if math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("neededJaccard(%d, %d) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			if tc.a >= p.minSet && got < p.threshold { // containment reaches its threshold exactly there
				if c := containmentOf(got, tc.a, tc.b); math.Abs(c-p.containment) > 1e-12 {
					t.Errorf("containment at the needed Jaccard = %v, want %v", c, p.containment)
				}
			}
		})
	}
}

// sketchOf returns the b-bit sketch of a set of shingle hashes, as the first pass makes it.
func sketchOf(s *Signer, set []uint64) []byte {
	sh := make([]shingle.Shingle, len(set))
	for i, h := range set {
		sh[i] = shingle.Shingle{Hash: h, Pos: i}
	}
	return appendMinBytes(nil, s.Sign(sh))
}

// TestPrefilterProperty: random pairs of sets with known overlaps; the filter keeps every pair
// whose exact Jaccard or containment passes, and drops most of those far below both (the
// sketch of 105 bytes tells apart only pairs well apart).
func TestPrefilterProperty(t *testing.T) {
	opts := Options{}
	opts.SetDefaults()
	bands := ChooseBands(opts.Threshold, opts.NumPerm)
	s := NewSigner(bands)
	p := newPrefilter(&opts)
	rng := rand.New(rand.NewPCG(16, 2))
	passing, far, farDropped := 0, 0, 0
	for trial := 0; trial < 20000; trial++ {
		na, nb := 20+rng.IntN(800), 20+rng.IntN(800)
		if na > nb {
			na, nb = nb, na
		}
		shared := rng.IntN(na + 1)
		a := make([]uint64, 0, na)
		b := make([]uint64, 0, nb)
		for range shared {
			h := rng.Uint64()
			a, b = append(a, h), append(b, h)
		}
		for len(a) < na {
			a = append(a, rng.Uint64())
		}
		for len(b) < nb {
			b = append(b, rng.Uint64())
		}
		j := float64(shared) / float64(na+nb-shared)
		c := float64(shared) / float64(na)
		sa, sb := setSize{int32(na), int32(na)}, setSize{int32(nb), int32(nb)}
		kept := p.keep(sketchOf(s, a), sketchOf(s, b), sa, sb)
		if j >= p.threshold || (c >= p.containment && na >= p.minSet) {
			passing++
			if !kept {
				t.Errorf("pair of %d and %d shingles sharing %d (Jaccard %.3f, containment %.3f) dropped", na, nb, shared, j, c)
			}
		} else if j < p.neededJaccard(sa, sb)-0.3 { // beyond the margin (5 standard deviations: 0.25 at most)
			far++
			if !kept {
				farDropped++
			}
		}
	}
	if passing < 1000 || far < 1000 {
		t.Fatalf("%d passing pairs, %d far below: the test draws too few of either", passing, far)
	}
	if share := float64(farDropped) / float64(far); share < 0.9 {
		t.Errorf("dropped %d of %d pairs 0.3 below the needed Jaccard (%.3f), want at least 0.9", farDropped, far, share)
	}
	t.Logf("%d passing pairs kept; %d of %d far below dropped", passing, farDropped, far)
}

func TestSizeOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 3))
	var seen []uint64
	for _, tc := range []struct {
		name         string
		n, distinct  int
		lowBitsEqual bool // repeats differ in their high 32 bits only
	}{
		{"empty", 0, 0, false},
		{"one", 1, 1, false},
		{"no repeats", 500, 500, false},
		{"repeats", 500, 300, false},
		{"equal low bits", 500, 300, true},
		{"all one shingle", 200, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var sh []shingle.Shingle
			for i := range tc.n {
				h := rng.Uint64()
				if i >= tc.distinct {
					h = sh[rng.IntN(tc.distinct)].Hash
					if tc.lowBitsEqual {
						h ^= rng.Uint64() << 32
					}
				}
				sh = append(sh, shingle.Shingle{Hash: h, Pos: i})
			}
			var got setSize
			got, seen = sizeOf(sh, seen)
			if int(got.lo) > tc.distinct || int(got.hi) != tc.n || float64(got.lo) < 0.9*float64(tc.distinct) {
				t.Errorf("sizeOf(%d shingles, %d distinct) = %+v, want lo in [0.9·%d, %d], hi %d", tc.n, tc.distinct, got, tc.distinct, tc.distinct, tc.n)
			}
		})
	}
}
