package pipeline

import (
	"fmt"
	"strings"
	"testing"

	"github.com/neardup/neardup/shingle"
)

// TestDirectionDocCache: the direction workers' cache of documents gives each document's own
// text and tokens however the documents are asked for (held, read again after eviction), and
// never evicts the pair's other document, whose tokens the caller still reads: with every slot
// taken and that document the oldest, asking for a new one must leave its tokens intact.
func TestDirectionDocCache(t *testing.T) {
	sp, err := newSpool(t.TempDir(), "text spool")
	if err != nil {
		t.Fatal(err)
	}
	defer sp.close()
	n := dirCacheSize + 5
	c := &corpus{opts: &Options{}, spool: sp}
	texts := make([]string, n)
	for i := range n {
		texts[i] = fmt.Sprintf("Document %d says %s.", i, strings.Repeat(fmt.Sprintf("word%d ", i), 1+i%7))
		off, err := sp.write(texts[i])
		if err != nil {
			t.Fatal(err)
		}
		c.docs = append(c.docs, docInfo{off: off, length: len(texts[i])})
	}
	if err := sp.seal(); err != nil {
		t.Fatal(err)
	}
	check := func(i int, text string, toks []shingle.Token) {
		t.Helper()
		if text != texts[i] {
			t.Fatalf("document %d: text %q, want %q", i, text, texts[i])
		}
		want := shingle.Tokenize(texts[i])
		if len(toks) != len(want) {
			t.Fatalf("document %d: %d tokens, want %d", i, len(toks), len(want))
		}
		for k := range want {
			if toks[k] != want[k] {
				t.Fatalf("document %d token %d: %+v, want %+v", i, k, toks[k], want[k])
			}
		}
	}
	tests := []struct {
		name  string
		pairs [][2]int // asked as (A, B) in this order
	}{
		{"each once", [][2]int{{0, 1}, {2, 3}, {4, 5}}},
		{"one document in many pairs", [][2]int{{0, 1}, {0, 2}, {0, 3}, {0, 1}, {0, 4}}},
		{"more documents than slots, then the first again", func() [][2]int {
			var ps [][2]int
			for i := 1; i < n; i++ {
				ps = append(ps, [2]int{i - 1, i})
			}
			return append(ps, [2]int{0, n - 1}, [2]int{1, 2})
		}()},
		{"the other document the oldest held", func() [][2]int {
			ps := [][2]int{{0, 1}}
			for i := 2; i < dirCacheSize; i++ {
				ps = append(ps, [2]int{1, i}) // fills the slots; 0 stays the oldest
			}
			return append(ps, [2]int{0, n - 1}, [2]int{0, n - 2}, [2]int{0, n - 3})
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dc := docCache{docs: map[int]*cachedDoc{}}
			for _, p := range tc.pairs {
				ta, toksA, err := c.doc(p[0], &dc, -1)
				if err != nil {
					t.Fatal(err)
				}
				tb, toksB, err := c.doc(p[1], &dc, p[0])
				if err != nil {
					t.Fatal(err)
				}
				check(p[0], ta, toksA) // after B was asked for: A's tokens must still be A's
				check(p[1], tb, toksB)
			}
			if len(dc.ring) > dirCacheSize {
				t.Errorf("the cache holds %d documents, at most %d", len(dc.ring), dirCacheSize)
			}
		})
	}
}
