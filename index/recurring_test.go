package index

import (
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// madeUp returns n sentences of made-up words, each of 12 to 20 words.
func madeUp(rng *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		for w := range 12 + rng.IntN(9) {
			if w > 0 {
				b.WriteByte(' ')
			}
			for range 3 + rng.IntN(6) {
				b.WriteByte(byte('a' + rng.IntN(26)))
			}
		}
		b.WriteString(". ")
	}
	return b.String()
}

// TestRelatedAsScanRecurring: scan --index (AsScan) takes a draft's text that three or more
// other indexed articles hold for recurring text, as scan takes text that three groups of copies
// or more hold: two passages an indexed article shares with the draft make an "own passages"
// story edge when no other article holds them, and none when three others do. A check sees no
// difference.
func TestRelatedAsScanRecurring(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	p1, p2 := madeUp(rng, 2), madeUp(rng, 2)
	draft := doc("z1", madeUp(rng, 6)+"\n\n"+p1+"\n\n"+madeUp(rng, 6)+"\n\n"+p2+"\n\n"+madeUp(rng, 4))
	a := doc("a1", madeUp(rng, 5)+"\n\n"+p1+"\n\n"+madeUp(rng, 5)+"\n\n"+p2+"\n\n"+madeUp(rng, 5))
	opts := pipeline.Options{}
	z := pipeline.NewAnalyzer(opts)
	for _, tc := range []struct {
		others   int // indexed articles of other sources holding both passages, and nothing else of the two
		asScan   bool
		wantEdge bool // the pair of the draft and a1 is an "own passages" story edge
	}{
		{0, true, true},
		{3, true, false},
		{3, false, true},
	} {
		docs := []pipeline.Document{a}
		for i := range tc.others {
			docs = append(docs, doc(string(rune('b'+i))+"1", madeUp(rng, 5)+"\n\n"+p1+"\n\n"+madeUp(rng, 5)+"\n\n"+p2+"\n\n"+madeUp(rng, 5)))
		}
		path := filepath.Join(t.TempDir(), "x.ndx")
		addBatch(t, path, docs...)
		r := openT(t, path)
		ms, err := r.Related(draft, z.Analyze(draft.Text), opts, MatchOptions{IndexedFirst: true, AsScan: tc.asScan})
		if err != nil {
			t.Fatal(err)
		}
		var story string
		found := false
		for _, m := range ms {
			if m.Doc.ID == "a1" {
				story, found = m.Pair.Story, true
			}
		}
		if !found {
			t.Fatalf("%d others, AsScan %v: a1 not related (%d matches)", tc.others, tc.asScan, len(ms))
		}
		if got := story == "own passages"; got != tc.wantEdge {
			t.Errorf("%d others, AsScan %v: the pair's story edge %q, want own passages %v", tc.others, tc.asScan, story, tc.wantEdge)
		}
	}
}
