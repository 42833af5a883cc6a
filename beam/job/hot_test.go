package job

import (
	"slices"
	"testing"
)

// TestHotKeySplit: a key of more than HotKey documents makes its pairs in blocks, and the blocks
// make every pair of its documents exactly once, as a key made directly does; a key over Max
// makes none.
func TestHotKeySplit(t *testing.T) {
	seqs := []int64{9, 3, 7, 1, 3, 12, 5, 8, 2, 11, 4} // 3 twice: a document with one key in two bands
	run := func(f *keyPairsFn) (direct, viaBlocks [][2]int64, nBlocks int) {
		i := 0
		iter := func(s *int64) bool {
			if i == len(seqs) {
				return false
			}
			*s, i = seqs[i], i+1
			return true
		}
		f.ProcessElement(0, iter, func(a, b int64) { direct = append(direct, [2]int64{a, b}) }, func(_ int, b Block) {
			nBlocks++
			if len(b.A) > f.HotBlock || len(b.B) > f.HotBlock {
				t.Errorf("block of %d by %d documents, over %d", len(b.A), len(b.B), f.HotBlock)
			}
			blockPairs(0, b, func(a, b int64) { viaBlocks = append(viaBlocks, [2]int64{a, b}) })
		})
		return direct, viaBlocks, nBlocks
	}
	want, _, n := run(&keyPairsFn{HotKey: 100, HotBlock: 100})
	if n != 0 || len(want) != 10*9/2 {
		t.Fatalf("a cool key of 10 documents: %d pairs and %d blocks, want 45 and 0", len(want), n)
	}
	direct, got, n := run(&keyPairsFn{HotKey: 4, HotBlock: 3})
	if len(direct) != 0 || n != 10 { // 4 blocks of 3, 3, 3, 1 documents: 4·5/2 block pairs
		t.Errorf("a hot key: %d direct pairs and %d blocks, want 0 and 10", len(direct), n)
	}
	sortPairs := func(p [][2]int64) {
		slices.SortFunc(p, func(x, y [2]int64) int {
			if c := cmpInt64(x[0], y[0]); c != 0 {
				return c
			}
			return cmpInt64(x[1], y[1])
		})
	}
	sortPairs(want)
	sortPairs(got)
	if !slices.Equal(got, want) {
		t.Errorf("pairs of a split key:\n got %v\nwant %v", got, want)
	}
	if d, _, n := run(&keyPairsFn{Max: 9, HotKey: 100, HotBlock: 100}); len(d) != 0 || n != 0 {
		t.Errorf("a key of 10 documents over Max 9 made %d pairs and %d blocks", len(d), n)
	}
}
