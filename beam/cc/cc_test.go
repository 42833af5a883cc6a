package cc

import (
	"context"
	"math/rand/v2"
	"testing"

	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// unionFind is the reference: the components of edges, each labelled by its smallest node.
func unionFind(edges [][2]int64) map[int64]int64 {
	parent := map[int64]int64{}
	var find func(int64) int64
	find = func(x int64) int64 {
		p, ok := parent[x]
		if !ok {
			parent[x] = x
			return x
		}
		if p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, e := range edges {
		a, b := find(e[0]), find(e[1])
		if a < b {
			parent[b] = a
		} else if b < a {
			parent[a] = b
		}
	}
	out := map[int64]int64{}
	for x := range parent {
		out[x] = find(x)
	}
	return out
}

// relabel gives the nodes of edges random distinct ids, so that input order and ids say nothing
// of the shape.
func relabel(edges [][2]int64, seed uint64) [][2]int64 {
	r := rand.New(rand.NewPCG(seed, 1))
	ids := map[int64]int64{}
	used := map[int64]bool{}
	id := func(x int64) int64 {
		if v, ok := ids[x]; ok {
			return v
		}
		for {
			v := r.Int64N(1 << 40)
			if !used[v] {
				used[v], ids[x] = true, v
				return v
			}
		}
	}
	out := make([][2]int64, len(edges))
	for k, e := range edges {
		out[k] = [2]int64{id(e[0]), id(e[1])}
	}
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func path(n int) [][2]int64 {
	var e [][2]int64
	for i := 1; i < n; i++ {
		e = append(e, [2]int64{int64(i - 1), int64(i)})
	}
	return e
}

func TestComponents(t *testing.T) {
	star := func(n int, centre int64) [][2]int64 {
		var e [][2]int64
		for i := range int64(n) {
			if i != centre {
				e = append(e, [2]int64{i, centre})
			}
		}
		return e
	}
	complete := func(n int) [][2]int64 {
		var e [][2]int64
		for i := range int64(n) {
			for j := i + 1; j < int64(n); j++ {
				e = append(e, [2]int64{j, i})
			}
		}
		return e
	}
	small := func() [][2]int64 { // 2,000 components of 2 to 6 nodes: paths, stars and triangles
		var e [][2]int64
		base := int64(0)
		for c := range 2000 {
			size := int64(2 + c%5)
			for i := int64(1); i < size; i++ {
				switch c % 3 {
				case 0:
					e = append(e, [2]int64{base + i - 1, base + i})
				case 1:
					e = append(e, [2]int64{base + i, base})
				default:
					e = append(e, [2]int64{base + i, base + (i+1)%size})
				}
			}
			base += size
		}
		return e
	}
	tests := []struct {
		name  string
		edges [][2]int64
		long  bool // left out with -short (make beam-test): about two minutes on prism
	}{
		{"path of 10000, in order", path(10000), false},
		{"path of 10000, random ids", relabel(path(10000), 1), true},
		{"star of 10000, centre largest", star(10000, 9999), false},
		{"star of 10000, random ids", relabel(star(10000, 0), 2), true},
		{"many small components", relabel(small(), 3), false},
		{"complete graph of 200", complete(200), false},
		{"empty", nil, false},
		{"self-loop and an edge twice", [][2]int64{{1, 2}, {2, 1}, {3, 3}, {3, 4}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.long && testing.Short() {
				t.Skip("-short")
			}
			res, err := Run(context.Background(), "prism", tc.edges, t.TempDir(), 8)
			if err != nil {
				t.Fatal(err)
			}
			want := unionFind(tc.edges)
			if len(res.Labels) != len(want) {
				t.Errorf("%d nodes labelled, want %d", len(res.Labels), len(want))
			}
			for x, l := range want {
				if got, ok := res.Labels[x]; !ok || got != l {
					t.Errorf("node %d: label %d (found %v), want %d", x, got, ok, l)
					break
				}
			}
			t.Logf("%d edges: %d rounds to the fixed point (%d run in %d pipelines); nodes off the star shape by round: %v",
				len(tc.edges), res.Rounds, res.RoundsRun, res.Pipelines, res.Bad)
		})
	}
}
