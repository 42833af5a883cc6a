package pipeline

import (
	"encoding/binary"
	"math"

	minhash "github.com/dgryski/go-minhash"

	"github.com/neardup/neardup/shingle"
)

// Bands is an LSH banding of MinHash signatures: two documents become a candidate pair when all
// Rows values of at least one of the Bands bands agree.
type Bands struct {
	Bands, Rows int
}

// Prob returns the probability that a pair of Jaccard j becomes a candidate: 1-(1-j^r)^b.
func (b Bands) Prob(j float64) float64 {
	return 1 - math.Pow(1-math.Pow(j, float64(b.Rows)), float64(b.Bands))
}

// falsePositiveArea is the integral of Prob over [0, t): the weight of false candidates.
func (b Bands) falsePositiveArea(t float64) float64 {
	const steps = 200
	sum := 0.0
	for i := 0; i < steps; i++ {
		sum += b.Prob((float64(i) + 0.5) * t / steps)
	}
	return sum * t / steps
}

// ChooseBands picks b bands of r rows (b·r ≤ numPerm) for recall: among the choices under which a
// pair at exactly the threshold becomes a candidate with probability at least MinCandidateProb, the
// one with the least false-candidate area ∫₀ᵗ P(j) dj. Every candidate is verified exactly, so a
// false candidate costs a little time, while a missed pair is lost: datasketch's balanced choice of
// 25×5 at 0.5 finds a pair at the threshold 55% of the time, 35×3 finds it 99.1% of the time.
// When no choice reaches MinCandidateProb (few permutations), the one with the highest probability wins.
// The choice depends on the arguments only.
func ChooseBands(threshold float64, numPerm int) Bands {
	best, bestArea := Bands{}, math.Inf(1)
	fallback := Bands{Bands: numPerm, Rows: 1}
	for r := 1; r <= numPerm; r++ {
		maxB := numPerm / r
		if (Bands{maxB, r}).Prob(threshold) > fallback.Prob(threshold) {
			fallback = Bands{maxB, r}
		}
		for b := 1; b <= maxB; b++ {
			c := Bands{b, r}
			if c.Prob(threshold) < MinCandidateProb {
				continue
			}
			if a := c.falsePositiveArea(threshold); a < bestArea {
				best, bestArea = c, a
			}
			break // more bands only add false candidates
		}
	}
	if best.Bands == 0 {
		return fallback
	}
	return best
}

// mix64 is the splitmix64 finaliser: a cheap, good mixer of 64 bits.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// The two hash functions of go-minhash's MinWise (slot i holds min h1(x)+i·h2(x)): the shingle is
// already a murmur3 hash, pushed as 8 bytes, so two independent mixers of those bytes suffice and
// the text is never hashed a second time. h2 is odd so that the slots are permutations.
func minwiseH1(b []byte) uint64 { return minwiseHash1(binary.LittleEndian.Uint64(b)) }
func minwiseH2(b []byte) uint64 { return minwiseHash2(binary.LittleEndian.Uint64(b)) }

// minwiseHash1 and minwiseHash2 are minwiseH1 and minwiseH2 of a shingle hash.
func minwiseHash1(h uint64) uint64 { return mix64(h ^ 0x9e3779b97f4a7c15) }
func minwiseHash2(h uint64) uint64 { return mix64(h^0xc2b2ae3d27d4eb4f) | 1 }

// Signer computes MinHash signatures and band keys. It keeps state: one per goroutine.
type Signer struct {
	bands  Bands
	mw     *minhash.MinWise
	sig    []uint64
	v1, v2 []uint64 // h1 and h2 of each shingle of the document being signed
}

// NewSigner returns a signer for the banding; it computes only the Bands·Rows slots the bands use.
// The signature is go-minhash's NewMinWise(h1, h2, Bands·Rows) of the shingle hashes, each pushed
// as 8 little-endian bytes; Sign computes it with a faster kernel that gives the same bits (see
// minwise).
func NewSigner(b Bands) *Signer {
	mw := minhash.NewMinWise(minwiseH1, minwiseH2, b.Bands*b.Rows)
	return &Signer{bands: b, mw: mw, sig: mw.Signature()}
}

// Sign returns the MinHash signature of the set of shingle hashes. The slice is the signer's own
// and is overwritten by the next call.
func (s *Signer) Sign(shingles []shingle.Shingle) []uint64 {
	for i := range s.sig { // MinWise has no Reset: refill its signature
		s.sig[i] = math.MaxUint64
	}
	s.v1, s.v2 = s.v1[:0], s.v2[:0]
	for _, sh := range shingles {
		s.v1 = append(s.v1, minwiseHash1(sh.Hash))
		s.v2 = append(s.v2, minwiseHash2(sh.Hash))
	}
	minwise(s.sig, s.v1, s.v2)
	return s.sig
}

// AppendBandKeys appends one 32-bit key per band of the signature, each mixed with its band
// number so that one table can hold every band. Keys of 32 bits keep the index small; a rare
// collision makes only a false candidate, which verification drops.
func (s *Signer) AppendBandKeys(dst []uint32, sig []uint64) []uint32 {
	r := s.bands.Rows
	for b := 0; b < s.bands.Bands; b++ {
		h := mix64(uint64(b) + 0x51ed27)
		for _, v := range sig[b*r : (b+1)*r] {
			h = mix64(h ^ v)
		}
		dst = append(dst, uint32(h>>32))
	}
	return dst
}
