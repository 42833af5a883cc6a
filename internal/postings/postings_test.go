package postings

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPostingsGroups(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 10, postingsChunk + 5, 3*postingsChunk + 17} {
		var p List
		want := map[uint32][]int32{}
		for i := 0; i < n; i++ {
			key, doc := uint32(rng.IntN(n/3+1)), int32(rng.IntN(1<<30))
			p.Add(uint64(key)<<32 | uint64(doc))
			want[key] = append(want[key], doc)
		}
		for k, docs := range want {
			if len(docs) < 2 { // a key of one posting makes no call
				delete(want, k)
			}
		}
		if p.Len() != n {
			t.Fatalf("len = %d, want %d", p.Len(), n)
		}
		var last int64 = -1
		seen := 0
		p.Groups(func(key uint32, docs []int32) {
			if int64(key) <= last {
				t.Fatalf("key %d after %d: not in order", key, last)
			}
			last = int64(key)
			w := slices.Clone(want[key])
			slices.Sort(w)
			if fmt.Sprint(docs) != fmt.Sprint(w) {
				t.Fatalf("key %d: docs %v, want %v", key, docs, w)
			}
			seen++
		})
		if seen != len(want) {
			t.Fatalf("%d groups, want %d", seen, len(want))
		}
	}
}

func TestPostingsGroupsParallel(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	n := 2*postingsChunk + 99
	var p, q List
	for i := 0; i < n; i++ {
		v := uint64(rng.IntN(n/5))<<32 | uint64(rng.IntN(1<<30))
		p.Add(v)
		q.Add(v)
	}
	want := map[uint32]string{}
	p.Groups(func(key uint32, docs []int32) { want[key] = fmt.Sprint(docs) })
	got := make([]map[uint32]string, 3)
	for i := range got {
		got[i] = map[uint32]string{}
	}
	q.GroupsParallel(3, func(w int, key uint32, docs []int32) { got[w][key] = fmt.Sprint(docs) })
	seen := 0
	for w, m := range got {
		for k, d := range m {
			seen++
			if want[k] != d {
				t.Fatalf("worker %d key %d: %s, want %s", w, k, d, want[k])
			}
		}
	}
	if seen != len(want) {
		t.Fatalf("parallel groups saw %d keys, want %d", seen, len(want))
	}
}

// TestPostingsRepeats: a document that adds a key twice (a phrase repeated in its text) is
// listed once under it.
func TestPostingsRepeats(t *testing.T) {
	var p List
	p.AddDoc([]uint32{7, 3, 7, 7}, 1)
	p.AddDoc([]uint32{3, 3}, 2)
	p.AddDoc([]uint32{9, 7}, 4)
	got := map[uint32]string{}
	p.Groups(func(key uint32, docs []int32) { got[key] = fmt.Sprint(docs) })
	want := map[uint32]string{3: "[1 2]", 7: "[1 4]"} // 9: one posting, no call
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Groups = %v, want %v", got, want)
	}
}

// BenchmarkPairCounter: counting the pairs of fingerprints shared by 2 to 11 documents, as the
// evidence stage emits them, a row at a time.
func BenchmarkPairCounter(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 200000
	groups := make([][]int32, 100000)
	pairs := 0
	for i := range groups {
		k := 2 + rng.IntN(10)
		base := rng.IntN(n - 50)
		for j := range k {
			groups[i] = append(groups[i], int32(base+3*j))
		}
		pairs += k * (k - 1) / 2
	}
	pool := new(Pool)
	for b.Loop() {
		pc := NewPairCounter(n)
		pc.Pool = pool
		for x, g := range groups {
			for y := 0; y+1 < len(g); y++ {
				pc.AddRow(g[y], g[y+1:], 1, x%3)
			}
		}
		CountShared([]*PairCounter{pc}, 1, func(_, _ int32, s [Classes]int) bool { return s[own] >= 2 || s[0]+s[1]+s[2] >= 6 })
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*pairs), "ns/pair")
}

// TestReadBuckets: each bucket of several lists is read once, as the sorted union of its lists'
// values, whatever the number of workers, and the lists are emptied.
func TestReadBuckets(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, workers := range []int{1, 2, 5} {
		pool := NewPool()
		lists := make([]*[Buckets]Chunks, 3)
		pools := []*Pool{pool, nil, pool}
		want := make([][]uint64, Buckets)
		for k := range lists {
			lists[k] = new([Buckets]Chunks)
			for range 2000 + k*postingsChunk/2 {
				v := rng.Uint64()
				b := int(v >> 56)
				lists[k][b].Add(v, pools[k])
				want[b] = append(want[b], v)
			}
		}
		got := make([][]uint64, Buckets)
		seen := make([]int, Buckets)
		ReadBuckets(workers, lists, pools, func(w, b int, values []uint64) {
			if w < 0 || w >= workers {
				t.Errorf("worker %d of %d", w, workers)
			}
			got[b] = slices.Clone(values) // distinct buckets: no two workers write one entry
			seen[b]++
		})
		for b := range Buckets {
			slices.Sort(want[b])
			if seen[b] != 1 || !slices.Equal(got[b], want[b]) {
				t.Fatalf("workers %d, bucket %d: read %d times, %d values, want once, %d values sorted", workers, b, seen[b], len(got[b]), len(want[b]))
			}
		}
		for k := range lists {
			for b := range Buckets {
				if n := lists[k][b].Len(); n != 0 {
					t.Fatalf("workers %d: list %d bucket %d holds %d values after reading", workers, k, b, n)
				}
			}
		}
		pool.Release()
	}
}
