package pipeline

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPostingsGroups(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 10, postingsChunk + 5, 3*postingsChunk + 17} {
		var p postings
		want := map[uint32][]int32{}
		for i := 0; i < n; i++ {
			key, doc := uint32(rng.IntN(n/3+1)), int32(rng.IntN(1<<30))
			p.add(uint64(key)<<32 | uint64(doc))
			want[key] = append(want[key], doc)
		}
		if p.len() != n {
			t.Fatalf("len = %d, want %d", p.len(), n)
		}
		var last int64 = -1
		seen := 0
		p.groups(func(key uint32, docs []int32) {
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
	var p, q postings
	for i := 0; i < n; i++ {
		v := uint64(rng.IntN(n/5))<<32 | uint64(rng.IntN(1<<30))
		p.add(v)
		q.add(v)
	}
	want := map[uint32]string{}
	p.groups(func(key uint32, docs []int32) { want[key] = fmt.Sprint(docs) })
	got := make([]map[uint32]string, 3)
	for i := range got {
		got[i] = map[uint32]string{}
	}
	q.groupsParallel(3, func(w int, key uint32, docs []int32) { got[w][key] = fmt.Sprint(docs) })
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
	var p postings
	p.addDoc([]uint32{7, 3, 7, 7}, 1)
	p.addDoc([]uint32{3, 3}, 2)
	p.addDoc([]uint32{9, 7}, 4)
	got := map[uint32]string{}
	p.groups(func(key uint32, docs []int32) { got[key] = fmt.Sprint(docs) })
	want := map[uint32]string{3: "[1 2]", 7: "[1 4]", 9: "[4]"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("groups = %v, want %v", got, want)
	}
}
