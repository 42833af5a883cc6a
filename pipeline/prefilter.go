package pipeline

import (
	"math"
	"math/bits"

	"github.com/neardup/neardup/shingle"
)

// The filter before verification. LSH candidates are mostly false: 35 bands of 3 rows pass 11% of
// the pairs at Jaccard 0.15, and each candidate verified costs reading both documents back from
// the spools. So the first pass keeps, for every document, one byte of each slot of its MinHash
// signature (b-bit MinHash with b = 8: 105 bytes an article at the default banding) and bounds
// of the size of its shingle set (setSize), and relate drops the candidates that these show to
// be far below both thresholds, before reading any text back.
//
// The estimator. Two documents' slots hold the same minimum with probability J, their Jaccard;
// when they do not, the low b bits still agree with probability 2^-b (the low bits of a 64-bit
// minimum are uniform). So a slot's bytes agree with probability
//
//	P_b = J + (1-J)·2^-b,  hence  Ĵ = (m/k - 2^-b) / (1 - 2^-b)
//
// for m agreeing slots of k. Containment follows from J and the set sizes a ≤ b: the
// intersection is I = J·|A∪B| = J·(a+b-I), so I = J(a+b)/(1+J) and C = I/a = J(1+b/a)/(1+J),
// which reaches c when J ≥ c/(1+b/a-c).
//
// The margin. Rather than estimate and compare, the filter asks whether m is plausible for a pair
// that passes: it takes the least Jaccard J* at which the pair would be a near-duplicate (the
// threshold, or the containment's J above if lower), and drops the pair only when m falls more
// than prefilterZ standard deviations below the k·P_b(J*) agreeing slots such a pair has on
// average (m is binomial, k·P(1-P) its variance). A pair above J* agrees on more slots, and a
// candidate agrees on a whole band by construction, so its chance of being dropped is below the
// normal tail at prefilterZ: 3·10⁻⁷ at 5. The filter is a function of the two sketches alone.
const (
	prefilterBits = 8
	prefilterZ    = 5.0
)

// appendMinBytes appends the low byte of each slot of a signature: its b-bit sketch.
func appendMinBytes(dst []byte, sig []uint64) []byte {
	for _, v := range sig {
		dst = append(dst, byte(v))
	}
	return dst
}

// prefilter holds what the filter needs of the options.
type prefilter struct {
	threshold, containment float64
	minSet                 int     // the smaller set's least size for containment to count
	z                      float64 // the margin, in standard deviations: prefilterZ
}

func newPrefilter(o *Options) prefilter {
	return prefilter{threshold: o.Threshold, containment: o.Containment, minSet: o.MinPassage - o.Shingle + 1, z: prefilterZ}
}

// bbitJaccard is the estimate Ĵ of Jaccard from m agreeing b-bit slots of k.
func bbitJaccard(m, k, b int) float64 {
	if k == 0 {
		return 0
	}
	r := math.Ldexp(1, -b)
	return (float64(m)/float64(k) - r) / (1 - r)
}

// containmentOf is the containment of the smaller set in the larger at Jaccard j, for set sizes a
// and b: J(1+max/min)/(1+J).
func containmentOf(j float64, a, b int) float64 {
	lo, hi := min(a, b), max(a, b)
	if lo == 0 {
		return 0
	}
	return j * (1 + float64(hi)/float64(lo)) / (1 + j)
}

// setSize bounds the size of a shingle set: lo ≤ |set| ≤ hi. Counting it exactly (sorting the
// hashes) cost 13% of analysing a Reuters article; sizeOf's bounds cost a pass over a bitmap.
type setSize struct{ lo, hi int32 }

// sizeOf returns bounds of the size of the set of the shingles' hashes as verification sees it
// (the low 32 bits, or all 64 when they are not spooled: equal low bits count as one): hi is
// the number of shingles, and lo that less every shingle whose low bits land on a bit of a
// bitmap of 64 bits a shingle that an earlier one set (each repeat does; another hash, about
// once in 64). seen is the bitmap's memory, returned for reuse.
func sizeOf(sh []shingle.Shingle, seen []uint64) (setSize, []uint64) {
	n := len(sh)
	if n == 0 {
		return setSize{}, seen
	}
	words := 1 << bits.Len(uint(n-1)) // a power of two, at least n: 64·n bits or more
	if cap(seen) < words {
		seen = make([]uint64, words)
	} else {
		seen = seen[:words]
		clear(seen)
	}
	mask := uint32(64*words - 1)
	dups := 0
	for _, x := range sh {
		i := uint32(x.Hash) & mask
		w, b := i/64, uint64(1)<<(i%64)
		if seen[w]&b != 0 {
			dups++
		}
		seen[w] |= b
	}
	return setSize{lo: int32(n - dups), hi: int32(n)}, seen
}

// neededJaccard is the least Jaccard at which sets of sizes a and b may make a near-duplicate:
// the threshold, or the Jaccard at which containment reaches its threshold if that is lower
// (and the smaller set may be long enough for containment to count). The containment's Jaccard
// falls as the larger set's size over the smaller's grows, so it takes the most that ratio can
// be: the larger upper bound over the smaller lower bound.
func (p prefilter) neededJaccard(a, b setSize) float64 {
	need := p.threshold
	lo, hi := min(a.lo, b.lo), max(a.hi, b.hi)
	if int(min(a.hi, b.hi)) >= p.minSet && lo > 0 {
		need = min(need, p.containment/(1+float64(hi)/float64(lo)-p.containment))
	}
	return need
}

// keep reports whether a candidate pair may be a near-duplicate, from the documents' b-bit
// sketches (equal lengths) and set sizes: false only when its sketches agree on far fewer slots
// than a pair at the needed Jaccard would.
func (p prefilter) keep(sa, sb []byte, a, b setSize) bool {
	k := len(sa)
	if k == 0 || len(sb) != k {
		return true
	}
	m := 0
	for i := range sa {
		if sa[i] == sb[i] {
			m++
		}
	}
	j := p.neededJaccard(a, b)
	r := math.Ldexp(1, -prefilterBits)
	pb := j + (1-j)*r
	mean := float64(k) * pb
	return float64(m) >= mean-p.z*math.Sqrt(float64(k)*pb*(1-pb))
}

// sketches holds the b-bit sketches of a corpus, k bytes each, in pages of sketchPage
// documents: a page filled is never copied again, where one slice grown by append copied
// all it held (at 200,000 articles, 21 MB of sketches raised peak memory by 35 MB; paged, by
// nothing measurable).
type sketches struct {
	k     int
	n     int
	pages [][]byte
}

const sketchPage = 4096

// add appends a document's sketch; one of another length (no signature: an empty text) is
// stored as zeros.
func (s *sketches) add(mins []byte) {
	if s.n%sketchPage == 0 {
		s.pages = append(s.pages, make([]byte, 0, sketchPage*s.k))
	}
	p := &s.pages[len(s.pages)-1]
	if len(mins) == s.k {
		*p = append(*p, mins...)
	} else {
		*p = append(*p, make([]byte, s.k)...)
	}
	s.n++
}

// at returns document i's sketch.
func (s *sketches) at(i int) []byte {
	off := i % sketchPage * s.k
	return s.pages[i/sketchPage][off : off+s.k]
}
