// Package reference computes the exact answer that neardup's fast path is measured against: every
// pair of documents whose shingle sets overlap, with their exact Jaccard and containment, found
// through a plain inverted index over shingle hashes. It is built to be obviously correct, not
// fast, and is tested against a brute-force double loop.
package reference

import (
	"sort"

	"github.com/neardup/neardup/shingle"
)

// Pair is two documents (by index, A < B) and the exact similarity of their shingle sets.
type Pair struct {
	A, B         int
	Shared       int     // shingles in both sets
	Jaccard      float64 // Shared / |A ∪ B|
	Containment  float64 // Shared / min(|A|, |B|)
	SmallerShing int     // shingles in the smaller set
}

// Sets returns the shingle set of each text, with k words per shingle.
func Sets(texts []string, k int) []shingle.Set {
	sets := make([]shingle.Set, len(texts))
	for i, t := range texts {
		sets[i] = shingle.NewSet(shingle.Hashes(shingle.Tokenize(t), k))
	}
	return sets
}

// Pairs returns every pair of sets sharing at least one shingle whose Jaccard is at least
// minJaccard or whose containment is at least minContainment (pass 2 to disable either),
// sorted by A then B. Identical sets are included (Jaccard 1).
func Pairs(sets []shingle.Set, minJaccard, minContainment float64) []Pair {
	postings := map[uint64][]int{}
	for i, s := range sets {
		for _, h := range s {
			postings[h] = append(postings[h], i)
		}
	}
	shared := map[[2]int]int{}
	for _, docs := range postings {
		for x := 0; x < len(docs); x++ {
			for y := x + 1; y < len(docs); y++ {
				shared[[2]int{docs[x], docs[y]}]++
			}
		}
	}
	var out []Pair
	for k, n := range shared {
		p := pair(sets, k[0], k[1], n)
		if p.Jaccard >= minJaccard || p.Containment >= minContainment {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		return out[i].B < out[j].B
	})
	return out
}

func pair(sets []shingle.Set, a, b, shared int) Pair {
	la, lb := len(sets[a]), len(sets[b])
	p := Pair{A: a, B: b, Shared: shared, SmallerShing: min(la, lb)}
	p.Jaccard = float64(shared) / float64(la+lb-shared)
	p.Containment = float64(shared) / float64(min(la, lb))
	return p
}
