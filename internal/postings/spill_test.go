package postings

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// groupsOf reads p's groups on workers goroutines into one string per key, in key order.
func groupsOf(p *List, workers int) string {
	got := make([]map[uint32]string, workers)
	for w := range got {
		got[w] = map[uint32]string{}
	}
	p.GroupsParallel(workers, func(w int, key uint32, docs []int32) { got[w][key] = fmt.Sprint(docs) })
	all := map[uint32]string{}
	var keys []uint32
	for _, m := range got {
		for k, d := range m {
			all[k] = d
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%d:%s\n", k, all[k])
	}
	return b.String()
}

// TestSpill: a list kept in a spill file gives the groups the same list in memory gives, for
// lists whose buckets stay under one chunk, fill several, or end on a chunk's edge, added by
// AddDoc and AddTagged, with documents in order or not, and two lists sharing one spill.
func TestSpill(t *testing.T) {
	tests := []struct {
		name      string
		docs      int // documents, each adding keysPer keys
		keysPer   int
		keyRange  int // keys drawn below this
		tagged    bool
		unordered bool
	}{
		{"empty", 0, 0, 1, false, false},
		{"one document", 1, 5, 3, false, false},
		{"under a chunk per bucket", 200, 30, 500, false, false},
		{"several chunks per bucket", 3000, 200, 20000, false, false},
		{"a bucket on a chunk's edge", 2 * spillChunk, 1, 1, false, false}, // every key in bucket 0
		{"tagged", 2000, 100, 5000, true, false},
		{"documents out of order", 1500, 100, 3000, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sp, err := NewSpill(t.TempDir(), "test spill")
			if err != nil {
				t.Fatal(err)
			}
			defer sp.Close()
			var mem, mem2 List
			spilled, spilled2 := List{Spill: sp}, List{Spill: sp}
			rng := rand.New(rand.NewPCG(uint64(tc.docs), 9))
			for d := range tc.docs {
				doc := uint32(d)
				if tc.unordered {
					doc = uint32(rng.IntN(tc.docs))
				}
				if tc.tagged {
					keys := make([]uint64, tc.keysPer)
					for i := range keys {
						keys[i] = uint64(rng.Uint32N(uint32(tc.keyRange))<<8)<<32 | uint64(rng.IntN(16))
					}
					mem.AddTagged(keys, doc, 4)
					spilled.AddTagged(keys, doc, 4)
				} else {
					keys := make([]uint32, tc.keysPer)
					for i := range keys {
						keys[i] = rng.Uint32N(uint32(tc.keyRange)) * 2654435761 // spread over the buckets
					}
					mem.AddDoc(keys, doc)
					spilled.AddDoc(keys, doc)
					mem2.AddDoc(keys[:len(keys)/2], doc)
					spilled2.AddDoc(keys[:len(keys)/2], doc)
				}
			}
			if spilled.Len() != mem.Len() {
				t.Fatalf("spilled list holds %d postings, in memory %d", spilled.Len(), mem.Len())
			}
			want, want2 := groupsOf(&mem, 1), groupsOf(&mem2, 1)
			if got := groupsOf(&spilled, 2); got != want {
				t.Errorf("spilled groups differ from the in-memory list's:\n%.300s\nwant\n%.300s", got, want)
			}
			if got := groupsOf(&spilled2, 3); got != want2 {
				t.Errorf("second list of the spill: groups differ:\n%.300s\nwant\n%.300s", got, want2)
			}
			if tc.docs > 0 && want == "" && tc.keyRange > 1 {
				t.Errorf("no groups at all: the test proves nothing")
			}
			if err := sp.Err(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestSpillError: a spill whose file fails keeps the error for Err, and a list read from it
// comes back short rather than with wrong postings.
func TestSpillError(t *testing.T) {
	sp, err := NewSpill(t.TempDir(), "broken spill")
	if err != nil {
		t.Fatal(err)
	}
	p := List{Spill: sp}
	for d := range 4 * spillChunk {
		p.AddDoc([]uint32{7}, uint32(d)) // one bucket: every spillChunk postings are written
	}
	sp.f.Close() // the buffered chunks cannot be written, the written ones not read
	n := 0
	p.Groups(func(_ uint32, docs []int32) { n += len(docs) })
	if n >= 4*spillChunk {
		t.Errorf("read %d documents from a closed spill, want fewer than %d", n, 4*spillChunk)
	}
	err = sp.Err()
	if err == nil || !strings.Contains(err.Error(), "broken spill") {
		t.Fatalf("Err() = %v, want an error naming the spill", err)
	}
}
