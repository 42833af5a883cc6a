// Package cc finds the connected components of a graph with Beam transforms: the large-star and
// small-star operations of Kiveris, Lattanzi, Mirrokni, Rastogi and Vassilvitskii ("Connected
// Components in MapReduce and Beyond", SoCC 2014), alternated until a fixed point.
//
// The graph is a PCollection of KV<int64, int64> edges (either direction, repeats and self-loops
// allowed). Each round is a large-star, then a small-star, each a GroupByKey on the node:
//
//   - large-star: node u, with neighbours N(u) and m = min(N(u) ∪ {u}), links each neighbour
//     v > u to m (and m to itself is dropped). A node's larger neighbours hop to its smallest.
//   - small-star: node u, with its smaller neighbours S = {v ∈ N(u): v < u} and m = min(S ∪ {u}),
//     links u and every v ∈ S to m.
//
// Both keep the components, and shrink the distance from a node to its component's smallest
// node; the paper proves O(log² n) rounds, and in practice they take a few more than log₂ of
// the longest path. The graph is at the fixed point when it is a forest of stars, each centred
// on its component's smallest node: then neither operation changes it. Each large-star counts
// the nodes that break that shape (a node with a smaller neighbour and another neighbour
// besides): none means the edges the round received were already stars. Beam's Go SDK builds a
// pipeline before it runs, so a pipeline unrolls a fixed number of rounds (Rounds) and the
// caller (Run) starts another from its edges until a round counts none.
package cc

import (
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
)

func init() {
	register.Function3x0(bothWays)
	register.Function4x0(largeStar)
	register.Function3x0(smallStar)
	register.Function3x0(labelOf)
	register.Emitter2[int64, int64]()
	register.DoFn2x0[int64, func(int)](&tagRound{})
	register.Emitter1[int64]()
	register.Emitter1[int]()
	register.Iter1[int64]()
}

// bothWays emits an edge in both directions (a self-loop once).
func bothWays(u, v int64, emit func(int64, int64)) {
	emit(u, v)
	if u != v {
		emit(v, u)
	}
}

// neighbours reads a node's neighbours, sorted and unique, itself left out.
func neighbours(u int64, vs func(*int64) bool) []int64 {
	var ns []int64
	var v int64
	for vs(&v) {
		if v != u {
			ns = append(ns, v)
		}
	}
	slices.Sort(ns)
	return slices.Compact(ns)
}

// largeStar links each neighbour of u larger than u to the smallest of u and its neighbours,
// and emits u on bad when u breaks the star shape (a smaller neighbour and another besides).
func largeStar(u int64, vs func(*int64) bool, emit func(int64, int64), bad func(int64)) {
	ns := neighbours(u, vs)
	if len(ns) == 0 {
		return
	}
	m := min(u, ns[0])
	if ns[0] < u && len(ns) > 1 {
		bad(u)
	}
	for _, v := range ns {
		if v > u {
			emit(v, m)
		}
	}
}

// smallStar links u and each of its smaller neighbours to the smallest of them and u.
func smallStar(u int64, vs func(*int64) bool, emit func(int64, int64)) {
	ns := neighbours(u, vs)
	k, _ := slices.BinarySearch(ns, u)
	smaller := ns[:k]
	if len(smaller) == 0 {
		return // u's larger neighbours link to it from their side
	}
	m := smaller[0]
	emit(u, m)
	for _, v := range smaller[1:] {
		emit(v, m)
	}
}

// Round is one large-star and one small-star on edges (KV<int64, int64>). It returns the new
// edges and the nodes of the edges it was given that break the star shape (PCollection<int64>;
// none: they were at the fixed point, and the new edges are the same stars).
func Round(s beam.Scope, edges beam.PCollection) (beam.PCollection, beam.PCollection) {
	s = s.Scope("cc.Round")
	large, bad := beam.ParDo2(s, largeStar, beam.GroupByKey(s, beam.ParDo(s, bothWays, edges)))
	small := beam.ParDo(s, smallStar, beam.GroupByKey(s, beam.ParDo(s, bothWays, large)))
	return small, bad
}

// Rounds unrolls n rounds on edges. It returns the edges after them and KV<round, count>: for
// each round (from first, 0-based) that found edges off the star shape, how many nodes broke it.
// A round missing from it found the fixed point.
func Rounds(s beam.Scope, edges beam.PCollection, first, n int) (beam.PCollection, beam.PCollection) {
	var bad []beam.PCollection
	for r := range n {
		var b beam.PCollection
		edges, b = Round(s, edges)
		bad = append(bad, beam.ParDo(s, &tagRound{Round: first + r}, b))
	}
	return edges, stats.Count(s, beam.Flatten(s, bad...))
}

// tagRound replaces each element by its round's number.
type tagRound struct{ Round int }

func (t *tagRound) ProcessElement(_ int64, emit func(int)) { emit(t.Round) }

// Labels turns edges at the fixed point (stars) into KV<node, label>, label the smallest node of
// the node's component, for every node of the edges.
func Labels(s beam.Scope, edges beam.PCollection) beam.PCollection {
	s = s.Scope("cc.Labels")
	return beam.ParDo(s, labelOf, beam.GroupByKey(s, beam.ParDo(s, bothWays, edges)))
}

// labelOf gives a node of a star the star's centre: the smallest of it and its neighbours.
func labelOf(u int64, vs func(*int64) bool, emit func(int64, int64)) {
	m := u
	var v int64
	for vs(&v) {
		m = min(m, v)
	}
	emit(u, m)
}
