package pipeline

import (
	"slices"

	"github.com/neardup/neardup/credit"
	"github.com/neardup/neardup/internal/postings"
)

// span is a shared passage in token numbers, inclusive: tokens a0..a1 of document a match
// tokens b0..b1 of document b.
type span struct{ a0, a1, b0, b1 int }

func (s span) words() int { return s.a1 - s.a0 + 1 }

// alignParams are the options alignment uses.
type alignParams struct {
	k          int // words per shingle
	maxGap     int
	minPassage int
	short      int // passages shorter than this many words are dropped when either side is already inside a longer one
}

// maxOccurrences bounds how many places of one document a repeated shingle is matched at: a
// phrase repeated more often than this is no evidence of where a passage lies, and matching all
// places against all places would be quadratic.
const maxOccurrences = 16

// alignScratch is the memory alignment reuses from one pair to the next: one per goroutine.
type alignScratch struct {
	matches, tmp []uint64
	runs         []span
	// shared is, after align, how many distinct shingle hashes the two documents have in
	// common (masked or not): the intersection of their sets, which the join finds on the way
	shared int
	rw     rewriter // rewritten passages' scratch
	sbuf   []byte   // a sentence record read back (corpus.sentences)
	// a sentence index's sort (sentenceIndex.build)
	hs    postings.HashSorter
	skeys []uint64
	// the two texts of a pair with rewritten passages, read for their quotes and credits
	// (givenSpans)
	creditA, creditB credit.Text
}

// align finds the passages two documents share: the shingles they have in common, not masked
// (boilerplate), form runs along diagonals (consecutive shingles at the same offset in both);
// runs are merged across gaps of at most maxGap words in both documents (a changed word, a
// dropped clause) and passages shorter than minPassage words are dropped. ta and tb are the
// documents' shingle tables, nA and nB their token counts; maskA/maskB (may be nil) mark shingle
// positions to ignore; same(i, j), if not nil, says whether token i of a and token j of b are
// the same word. It sets sc.shared.
// The spans returned are new memory; sc only lends scratch space.
func (sc *alignScratch) align(ta, tb *shingleTable, nA, nB int, maskA, maskB []bool, same func(i, j int) bool, p alignParams) []span {
	// a match is packed as diagonal (j - i, biased to stay positive) << 32 | i: sorting the
	// uint64s sorts by diagonal, then position, several times faster than sorting structs with
	// a comparison function; j is i + diagonal
	const bias = 1 << 31
	matches := sc.matches[:0]
	defer func() { sc.matches = matches[:0] }()
	sc.shared = 0
	// join: each distinct hash of a looked up in b, its first maxOccurrences places in each
	for ka, h := range ta.keys {
		kb := tb.find(h)
		if kb < 0 {
			continue
		}
		sc.shared++
		na := 0
		for pa := ta.first[ka]; pa >= 0 && na < maxOccurrences; pa, na = ta.next[pa], na+1 {
			if maskA != nil && maskA[pa] {
				continue
			}
			nb := 0
			for pb := tb.first[kb]; pb >= 0 && nb < maxOccurrences; pb, nb = tb.next[pb], nb+1 {
				if maskB != nil && maskB[pb] {
					continue
				}
				matches = append(matches, uint64(int(pb)-int(pa)+bias)<<32|uint64(pa))
			}
		}
	}
	if len(matches) == 0 {
		return nil
	}
	if len(matches) < 256 {
		slices.Sort(matches)
	} else {
		sc.tmp = slices.Grow(sc.tmp[:0], len(matches))[:len(matches)]
		postings.RadixSort(matches, sc.tmp)
	}
	// runs along diagonals, in token numbers
	wA, wB := min(p.k, nA), min(p.k, nB) // tokens per shingle (fewer in a very short text)
	runs := sc.runs[:0]
	for s := 0; s < len(matches); {
		e := s
		for e+1 < len(matches) && matches[e+1] == matches[e]+1 { // same diagonal, next position
			e++
		}
		d := int(matches[s]>>32) - bias
		i0, i1 := int(uint32(matches[s])), int(uint32(matches[e]))
		runs = append(runs, span{i0, i1 + wA - 1, i0 + d, i1 + d + wB - 1})
		s = e + 1
	}
	sc.runs = runs[:0]
	return dropEchoes(mergeRuns(runs, same, p), p.short)
}

// mergeRuns merges runs that follow each other in both documents with at most maxGap words
// between them that differ (or overlap, when a repeated word shifts the diagonal), then drops
// passages shorter than minPassage words. Each run, in order of its start in a, joins the open
// passage it fits best.
//
// The gap is counted in changed words, not in tokens: a gap of the same length on both sides is a
// run of substitutions, and only the positions whose words differ count (same says which), so
// "Attomeys Please consult an attomney" against "Attorneys Please consult an attorney" is a gap
// of 2, though with 5-word shingles no shingle matches across its 5 tokens. A gap of unequal
// lengths (words inserted or dropped) counts its longer side.
func mergeRuns(runs []span, same func(i, j int) bool, p alignParams) []span {
	slices.SortFunc(runs, func(x, y span) int {
		if x.a0 != y.a0 {
			return x.a0 - y.a0
		}
		return x.b0 - y.b0
	})
	gap := func(q, r span) (int, bool) {
		ga, gb := r.a0-q.a1-1, r.b0-q.b1-1
		if ga < -p.k || gb < -p.k {
			return 0, false
		}
		g := max(ga, gb)
		if ga == gb && ga > p.maxGap && ga < p.maxGap+2*p.k && same != nil {
			g = 0
			for d := 0; d < ga; d++ {
				if !same(q.a1+1+d, q.b1+1+d) {
					g++
				}
			}
		}
		return g, g <= p.maxGap
	}
	var out []span
	for _, r := range runs {
		best, bestGap := -1, 0
		for i := len(out) - 1; i >= 0; i-- {
			q := out[i]
			if r.a1 <= q.a1 && r.b1 <= q.b1 && r.a0 >= q.a0 && r.b0 >= q.b0 { // inside q already
				best, bestGap = i, -1<<30
				break
			}
			g, ok := gap(q, r)
			if ok && (best < 0 || g < bestGap) {
				best, bestGap = i, g
			}
		}
		if best < 0 {
			out = append(out, r)
			continue
		}
		q := &out[best]
		q.a1 = max(q.a1, r.a1)
		q.b1 = max(q.b1, r.b1)
	}
	kept := out[:0]
	for _, s := range out {
		if s.words() >= p.minPassage && s.b1-s.b0+1 >= p.minPassage {
			kept = append(kept, s)
		}
	}
	return kept
}

// dropEchoes removes passages that are echoes of longer ones: a phrase repeated inside a copied
// passage also matches its other occurrences, off the diagonal. A passage lying mostly (half or
// more) inside a longer passage on one side while touching it on the other is such an echo; so is
// a passage shorter than short words whose text on either side lies mostly inside longer passages
// (a phrase that one text repeats, already accounted for), a passage whose text on one side lies
// mostly inside a passage at least twice as long on that side (a phrase of a long copied passage
// that one text also has elsewhere), and any passage whose text on both sides lies mostly inside
// longer passages (two copied passages that share a phrase). A long passage copied twice (same
// source span, two places in the other text) touches the first copy on one side only and is as
// long as it, and stays.
func dropEchoes(spans []span, short int) []span {
	if len(spans) < 2 {
		return spans
	}
	order := make([]int, len(spans))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int { return spans[y].words() - spans[x].words() })
	overlap := func(a0, a1, b0, b1 int) int { return max(0, min(a1, b1)-max(a0, b0)+1) }
	keep := make([]bool, len(spans))
	var kept []span
	for _, i := range order {
		s := spans[i]
		echo := false
		la, lb := s.a1-s.a0+1, s.b1-s.b0+1
		insideA, insideB := false, false // mostly inside some longer passage, on each side
		for _, q := range kept {
			oa, ob := overlap(s.a0, s.a1, q.a0, q.a1), overlap(s.b0, s.b1, q.b0, q.b1)
			insideA = insideA || 2*oa >= la
			insideB = insideB || 2*ob >= lb
			// mostly inside q on one side, q at least twice as long there
			partOf := (2*oa >= la && 2*la <= q.a1-q.a0+1) || (2*ob >= lb && 2*lb <= q.b1-q.b0+1)
			if (2*oa >= la && ob > 0) || (2*ob >= lb && oa > 0) || (s.words() < short && (insideA || insideB)) ||
				partOf || (insideA && insideB) {
				echo = true
				break
			}
		}
		if !echo {
			keep[i] = true
			kept = append(kept, s)
		}
	}
	out := spans[:0]
	for i, s := range spans {
		if keep[i] {
			out = append(out, s)
		}
	}
	return out
}

// coverage returns the share of n tokens inside the union of the spans on one side.
func coverage(spans []span, n int, sideA bool) float64 {
	if n == 0 || len(spans) == 0 {
		return 0
	}
	iv := make([][2]int, len(spans))
	for i, s := range spans {
		if sideA {
			iv[i] = [2]int{s.a0, s.a1}
		} else {
			iv[i] = [2]int{s.b0, s.b1}
		}
	}
	slices.SortFunc(iv, func(x, y [2]int) int { return x[0] - y[0] })
	covered, end := 0, -1
	for _, v := range iv {
		if v[0] > end {
			covered += v[1] - v[0] + 1
			end = v[1]
		} else if v[1] > end {
			covered += v[1] - end
			end = v[1]
		}
	}
	return float64(covered) / float64(n)
}
