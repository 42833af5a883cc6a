package pipeline

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neardup/neardup/internal/postings"
	"github.com/neardup/neardup/shingle"
)

func TestCountShared(t *testing.T) {
	// (a, b, weight, class) entries, spread over two counters as two workers would add them
	type entry struct {
		a, b  int32
		w     int
		class int
	}
	entries := []entry{{0, 5, 1, textOwn}, {0, 1, 1, textOwn}, {0, 5, 1, textOwn}, {2, 9, 1, textOwn}, {3, 7, 2, textOwn},
		{0, 1, 3, textRecurring}, {0, 2, 4, textRecurring}, {3, 7, 1, textFragment}, {2, 9, 1, textFragment},
		{4, 6, 200, textRecurring}}
	counters := []*postings.PairCounter{postings.NewPairCounter(10), postings.NewPairCounter(10)}
	for i, e := range entries {
		counters[i%2].Add(e.a, e.b, e.w, e.class)
	}
	seen := map[[2]int32][postings.Classes]int{}
	var mu sync.Mutex // keep runs on every worker
	got := postings.CountShared(counters, 2, func(a, b int32, sums [postings.Classes]int) bool {
		mu.Lock()
		seen[[2]int32{a, b}] = sums
		mu.Unlock()
		return sums[textOwn] >= 2 || sums[textOwn]+sums[textRecurring] >= 4
	})
	want := map[[2]int32][postings.Classes]int{{0, 1}: {1, 3, 0}, {0, 2}: {0, 4, 0}, {0, 5}: {2, 0, 0}, {2, 9}: {1, 0, 1}, {3, 7}: {2, 0, 1},
		{4, 6}: {0, postings.MaxPairWeight, 0}} // a weight is at most maxPairWeight
	if !maps.Equal(seen, want) {
		t.Errorf("CountShared sums = %v, want %v", seen, want)
	}
	// kept: 0-1 (4 together), 0-2 (4 recurring), 0-5 (2 own), 3-7 (2 own), 4-6; not 2-9
	if w := []uint64{0<<32 | 1, 0<<32 | 2, 0<<32 | 5, 3<<32 | 7, 4<<32 | 6}; !slices.Equal(got, w) {
		t.Errorf("CountShared = %v, want %v", got, w)
	}
}

// TestCountSharedRandom checks postings.CountShared against summing in a map, on enough pairs that
// buckets are radix-sorted, and with document numbers of several widths.
func TestCountSharedRandom(t *testing.T) {
	for _, n := range []int{2, 3, 300, 1 << 20} {
		rng := rand.New(rand.NewPCG(uint64(n), 9))
		counters := []*postings.PairCounter{postings.NewPairCounter(n), postings.NewPairCounter(n), postings.NewPairCounter(n)}
		want := map[uint64]*[postings.Classes]int{}
		for i := 0; i < 200000; i++ {
			a, b := int32(rng.IntN(n)), int32(rng.IntN(n))
			if a == b {
				continue
			}
			a, b = min(a, b), max(a, b)
			if n > 1000 {
				b = a + 1 + int32(rng.IntN(min(n-int(a)-1, 30)+1)) // a few pairs occur often
				b = min(b, int32(n-1))
				if a == b {
					continue
				}
			}
			class := rng.IntN(3)
			w := 1 + rng.IntN(5)
			counters[rng.IntN(len(counters))].Add(a, b, w, class)
			k := uint64(a)<<32 | uint64(b)
			if want[k] == nil {
				want[k] = &[postings.Classes]int{}
			}
			want[k][class] += w
		}
		keep := func(s [postings.Classes]int) bool {
			return s[textOwn] >= 2 || s[textOwn]+s[textRecurring] >= 6 || s[textFragment] >= 9
		}
		var keys []uint64
		for k, s := range want {
			if keep(*s) {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		got := postings.CountShared(counters, 2, func(a, b int32, s [postings.Classes]int) bool { return keep(s) })
		if !slices.Equal(got, keys) {
			t.Fatalf("n=%d: CountShared kept %d pairs, want %d (first difference near %v)", n, len(got), len(keys), firstDiff(got, keys))
		}
	}
}

func firstDiff(a, b []uint64) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("index %d: %d:%d against %d:%d", i, a[i]>>32, uint32(a[i]), b[i]>>32, uint32(b[i]))
		}
	}
	return "the end"
}

// TestBoilerTable: once indexed, boilerOf answers from the bitset and the open-addressing table
// what the map holds, with fingerprints crowded on a few low bits (long probe chains) and
// fingerprints that are no boilerplate but share low bits with ones that are.
func TestBoilerTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	for _, n := range []int{1, 7, 1000, 50000} {
		ev := &evidence{}
		want := map[uint32][]int32{} // sorted, each once
		for range n {
			fp := rng.Uint32()
			if rng.IntN(2) == 0 {
				fp = fp&^0xff | 0x5a // crowded: one low byte
			}
			for range 1 + rng.IntN(3) {
				src := int32(1 + rng.IntN(5))
				ev.markBoiler(src, fp)
				if !slices.Contains(want[fp], src) {
					want[fp] = append(want[fp], src)
					slices.Sort(want[fp])
				}
			}
		}
		ev.index(nil)
		if total := func() (n int) {
			for _, srcs := range want {
				n += len(srcs)
			}
			return n
		}(); ev.nBoiler != total {
			t.Fatalf("n=%d: nBoiler = %d, want %d", n, ev.nBoiler, total)
		}
		for fp, srcs := range want {
			if got := ev.boilerOf(fp); !slices.Equal(got, srcs) {
				t.Fatalf("n=%d: boilerOf(%#x) = %v, want %v", n, fp, got, srcs)
			}
		}
		for range 10000 {
			fp := rng.Uint32()
			if rng.IntN(2) == 0 {
				fp = fp&^0xff | 0x5a
			}
			if got := ev.boilerOf(fp); !slices.Equal(got, want[fp]) {
				t.Fatalf("n=%d: boilerOf(%#x) = %v, want %v", n, fp, got, want[fp])
			}
		}
	}
}

// setTable returns the shingle table of a document whose shingles have the hashes of set.
func setTable(set shingle.Set) *shingleTable {
	sh := make([]shingle.Shingle, len(set))
	for i, h := range set {
		sh[i] = shingle.Shingle{Hash: h, Pos: i}
	}
	return tableOf(sh)
}

func TestEvidenceRules(t *testing.T) {
	fp := func(h uint64, pos int) shingle.Shingle { return shingle.Shingle{Hash: h, Pos: pos} }
	// fingerprints 20 and 21 are a docset whose stock-phrase test said stock
	ev := &evidence{short: newFPTable(2), stockState: make([]atomic.Uint32, 1)}
	ev.short.put(20, 0)
	ev.short.put(21, 0)
	ev.stockState[0].Store(1)
	for _, fp := range []uint32{10, 11, 12} {
		ev.markBoiler(1, fp) // source 1: "ledger"
	}
	fps := []shingle.Shingle{fp(1, 0), fp(10, 3), fp(11, 6), fp(12, 9), fp(2, 12), fp(20, 15), fp(21, 18), fp(3, 21)}
	view := func(fps []shingle.Shingle) *docView { return &docView{fps: fps, sh: make([]shingle.Shingle, 25)} }
	ev.index(nil)
	{
		m := ev.mask(view(fps), 1, 2)
		for q := 0; q < 25; q++ {
			if want := q >= 3 && q <= 9; m[q] != want {
				t.Errorf("mask[%d] = %v, want %v (boilerplate fingerprints at 3, 6, 9)", q, m[q], want)
			}
		}
		if m := ev.mask(view(fps), 2, 3); m != nil {
			t.Errorf("mask for sources without boilerplate = %v, want nil", m)
		}
		if m := ev.mask(view(fps), 0, 0); m != nil {
			t.Errorf("mask for documents without a source = %v, want nil", m)
		}
		// a fingerprint that is no boilerplate between two that are breaks the box, even when
		// its low bits are those of a boilerplate one (so that the bitset cannot tell it apart)
		v := view([]shingle.Shingle{fp(10, 3), fp(12|1<<30, 6), fp(11, 9)})
		for range 2 { // the second time from the view's remembered boilerplate
			m = ev.mask(v, 1, 1)
			for q := 0; q < 25; q++ {
				if want := q == 3 || q == 9; m[q] != want {
					t.Errorf("broken box: mask[%d] = %v, want %v", q, m[q], want)
				}
			}
		}
	}
	tests := []struct {
		lo, hi int
		want   bool
	}{
		{15, 18, true},  // two stock fingerprints
		{14, 21, true},  // two of three
		{12, 18, true},  // two of three
		{0, 18, false},  // two of seven
		{22, 24, false}, // none at all
	}
	all := shingle.Set{1, 2, 3, 10, 11, 12, 20, 21} // b holds every fingerprint of a
	for _, tt := range tests {
		if got := ev.isStock(20, 15, fps, tt.lo, tt.hi, setTable(all), nil, 0, -1, nil); got != tt.want {
			t.Errorf("isStock(%d..%d) = %v, want %v", tt.lo, tt.hi, got, tt.want)
		}
	}
	// Only shared fingerprints count: b holds 20 and 21 only (1, 2, 3, 10-12 lie over words b
	// changed), so they are all of 0..21 that the two share.
	if !ev.isStock(20, 15, fps, 0, 21, setTable(shingle.Set{20, 21}), nil, 0, -1, nil) {
		t.Errorf("isStock(0..21) sharing only 20, 21 = false, want true")
	}
	if ev.isStock(20, 15, fps, 0, 11, setTable(shingle.Set{20, 21}), nil, 0, -1, nil) {
		t.Errorf("isStock(0..11) sharing nothing = true, want false")
	}
	// Both sides pooled, each hash once, whichever document comes first: a's fingerprints 1 and
	// 21 and b's 4 and 21, all shared, are one stock fingerprint of three; b's 20 makes two of four.
	fpsA := []shingle.Shingle{fp(1, 0), fp(21, 4)}
	fpsB := []shingle.Shingle{fp(4, 7), fp(21, 9)}
	set := setTable(shingle.Set{1, 4, 20, 21})
	if ev.isStock(20, 15, fpsA, 0, 4, set, fpsB, 7, 9, set) || ev.isStock(20, 15, fpsB, 7, 9, set, fpsA, 0, 4, set) {
		t.Errorf("isStock, one stock fingerprint of three = true, want false")
	}
	fpsB = append(fpsB, fp(20, 11))
	if !ev.isStock(20, 15, fpsA, 0, 4, set, fpsB, 7, 11, set) || !ev.isStock(20, 15, fpsB, 7, 11, set, fpsA, 0, 4, set) {
		t.Errorf("isStock, two stock fingerprints of four = false, want true")
	}
	// A passage under MinReuseWords words is judged by the common fingerprints (in StockDocs or
	// more groups, whatever their documents are about), a longer one by the stock docsets: a
	// quote many outlets carry on one story is common, not stock.
	ev.common = newFPBits(10, nil)
	for _, h := range []uint32{1, 2, 10} {
		ev.common.set(h)
	}
	if !ev.isStock(12, 15, fps, 0, 12, setTable(all), nil, 0, -1, nil) {
		t.Errorf("isStock(short, three common of five) = false, want true")
	}
	if ev.isStock(20, 15, fps, 0, 12, setTable(all), nil, 0, -1, nil) {
		t.Errorf("isStock(long, no stock fingerprint of five) = true, want false")
	}
}

// TestDocsetPairs checks which pairs of a docset's documents are counted, and as what: a
// fragment (one fingerprint) in up to fragmentDocs documents, all pairs; in up to maxPairDocs,
// the pairs of documents alike in context and published within storyDays of each other; in more,
// none; several fingerprints in up to StockDocs documents as the pairs' own text, in more as
// recurring text. Documents are alike in context here when their numbers are equal modulo the
// case's stories (0: none alike).
// headPairs is the pairs of a context group of n documents, each with the first groupHeads
// before it.
func headPairs(n int) int {
	p := 0
	for i := 1; i < n; i++ {
		p += min(i, groupHeads)
	}
	return p
}

func TestDocsetPairs(t *testing.T) {
	docs := func(n int) []int32 {
		d := make([]int32, n)
		for i := range d {
			d[i] = int32(i)
		}
		return d
	}
	var opts Options
	opts.SetDefaults()
	tests := []struct {
		name      string
		docs, fps int
		stories   int
		apart     int32 // days from the publication of one document to the next's (0: unknown)
		pairs     int   // pairs counted
		class     int
	}{
		{"fragment in 3", 3, 1, 0, 0, 3, textFragment},
		{"fragment in fragmentDocs", fragmentDocs, 1, 0, 0, fragmentDocs * (fragmentDocs - 1) / 2, textFragment},
		{"fragment in one more, unalike", fragmentDocs + 1, 1, 0, 0, 0, textFragment},
		{"fragment in 40, unalike", 40, 1, 0, 0, 0, textFragment},
		{"fragment in 40, one story", 40, 1, 1, 0, 40 * 39 / 2, textFragment},
		{"fragment in 40, two stories", 40, 1, 2, 0, 2 * 20 * 19 / 2, textFragment},
		// in more than maxPairDocs, each document with the first groupHeads of its group:
		// linear in the documents
		// one context group of all: a story's quote (storyShare), its pairs story evidence; two
		// groups of half each are not
		{"fragment in more than maxPairDocs, one story", maxPairDocs + 1, 1, 1, 0, headPairs(maxPairDocs + 1), textStory},
		{"fragment in more than maxPairDocs, unalike", maxPairDocs + 1, 1, 0, 0, 0, textFragment},
		{"fragment in 130, two stories", 130, 1, 2, 0, 2 * headPairs(65), textFragment},
		{"fragment in 1000, one story", 1000, 1, 1, 0, headPairs(1000), textStory},
		// documents ten days apart: each group holds the first and the next within storyDays;
		// with fragmentLeaders groups open, one whose first came out more than storyDays
		// before a document makes room for the group it starts (else the story's documents
		// after the fourth group had no pairs): 20 groups of two
		{"fragment in 40, one story over a year", 40, 1, 1, 10, 20, textFragment},
		{"fragment in 40, one story over a year, newest first", 40, 1, 1, -10, 20, textFragment},
		{"passage in StockDocs", opts.StockDocs, 3, 0, 0, opts.StockDocs * (opts.StockDocs - 1) / 2, textOwn},
		{"passage in 20", 20, 3, 0, 0, 190, textRecurring},
		{"passage in more than maxPairDocs, one story", maxPairDocs + 1, 3, 1, 0, headPairs(maxPairDocs + 1), textStory},
		{"passage in 130, two stories", 130, 3, 2, 0, 2 * headPairs(65), textRecurring},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pc := postings.NewPairCounter(1024)
			var days []int32
			if tt.apart != 0 {
				for d := range tt.docs {
					days = append(days, 1000+int32(d)*tt.apart)
				}
			}
			cg := &contextGrouper{dd: &docsetDocs{root: docs(tt.docs), day: days, sim: func(a, b int32) float64 {
				if tt.stories > 0 && int(a)%tt.stories == int(b)%tt.stories {
					return 1
				}
				return 0
			}}}
			docsetPairs(&opts, pc, cg, docs(tt.docs), tt.fps)
			checkPairs(t, pc, tt.pairs, tt.fps, tt.class, nil)
		})
	}
}

// checkPairs checks the pairs pc counted: pairs of them, each summing fps fingerprints of class
// and none of another, and each allowed (nil: any).
func checkPairs(t *testing.T, pc *postings.PairCounter, pairs, fps, class int, allowed func(a, b int32) bool) {
	t.Helper()
	n := 0
	postings.CountShared([]*postings.PairCounter{pc}, 1, func(a, b int32, sums [postings.Classes]int) bool {
		n++
		if allowed != nil && !allowed(a, b) {
			t.Errorf("pair %d-%d counted", a, b)
		}
		for c, s := range sums {
			if want := fps * b2i(c == class); s != want {
				t.Errorf("pair %d-%d: class %d sums to %d, want %d", a, b, c, s, want)
			}
		}
		return false
	})
	if n != pairs {
		t.Errorf("%d pairs counted, want %d", n, pairs)
	}
}

// TestDocsetPairsSeries: the items of a template series that hold a docset, most of whose
// documents they are, are paired whatever their contexts (joinSeries): a fragment of its fixed
// text, or a passage in more than maxPairDocs documents. The other documents' pairs are as
// TestDocsetPairs's; a series that holds half of a docset's documents or fewer changes nothing.
func TestDocsetPairsSeries(t *testing.T) {
	var opts Options
	opts.SetDefaults()
	tests := []struct {
		name      string
		docs, fps int
		items     int   // the first items documents are items of one series, the rest of none
		apart     int32 // days from the publication of one document to the next's (0: unknown)
		pairs     int
		class     int
	}{
		{"fragment in 40, one series", 40, 1, 40, 0, 40 * 39 / 2, textFragment},
		{"fragment in 40, one series over a year", 40, 1, 40, 10, 40 * 39 / 2, textFragment},
		{"fragment in 40, 30 of one series", 40, 1, 30, 0, 30 * 29 / 2, textFragment},
		{"fragment in 40, 20 of one series", 40, 1, 20, 0, 0, textFragment}, // not most of them
		{"fragment in more than maxPairDocs, one series", maxPairDocs + 1, 1, maxPairDocs + 1, 0, headPairs(maxPairDocs + 1), textStory},
		{"passage in 20, one series", 20, 3, 20, 0, 190, textRecurring}, // as without a series
		{"passage in 130, one series", 130, 3, 130, 0, headPairs(130), textStory},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pc := postings.NewPairCounter(1024)
			docs := make([]int32, tt.docs)
			series := make([]int32, tt.docs)
			var days []int32
			for d := range docs {
				docs[d] = int32(d)
				if d < tt.items {
					series[d] = 1
				}
				if tt.apart != 0 {
					days = append(days, 1000+int32(d)*tt.apart)
				}
			}
			cg := &contextGrouper{dd: &docsetDocs{root: slices.Clone(docs), day: days, series: series,
				sim: func(a, b int32) float64 { return 0 }}} // no two alike
			docsetPairs(&opts, pc, cg, docs, tt.fps)
			checkPairs(t, pc, tt.pairs, tt.fps, tt.class, func(a, b int32) bool { return series[a] != 0 && series[b] != 0 })
		})
	}
}

// TestIsCandidate: two documents are compared when enough text is theirs alone; or when they
// share enough recurring text and either it is much of the smaller or their contexts are alike
// (candidateContext); text recurring in fragments only adds up between documents alike enough to
// tell one story (storyContext).
func TestIsCandidate(t *testing.T) {
	const minShared, minStock = 4, 9 // minStory is 7
	tests := []struct {
		name                  string
		own, rec, frag, story int
		fps                   int32   // each document's fingerprints
		sim                   float64 // their context similarity
		want                  bool
	}{
		{"own text", minShared, 0, 0, 0, 200, 0, true},
		{"too little of anything", 1, 1, 1, 0, 200, 1, false},
		{"recurring, contexts apart", 0, minShared, 0, 0, 200, candidateContext - 0.01, false},
		{"recurring, contexts alike", 0, minShared, 0, 0, 200, candidateContext, true},
		{"recurring, most of the smaller", 0, minShared, 0, 0, 10, 0, true},
		{"fragments short of a stock phrase, contexts alike", 0, 0, minShared, 0, 200, candidateContext, false},
		{"fragments of one story", 0, 0, minStory(minShared, minStock), 0, 200, storyContext, true},
		{"fragments, contexts only alike", 0, 0, minStory(minShared, minStock), 0, 200, storyContext - 0.01, false},
		{"fragments as long as a stock phrase, contexts alike", 0, 0, minStock, 0, 200, candidateContext, true},
		// a story's docset: a passage's worth, at the lower bar, fragments or not
		{"a story's quote, contexts alike", 0, 0, 0, minShared, 200, candidateContext, true},
		{"a story's quote in fragments and others", 0, 0, 1, minShared - 1, 200, candidateContext, true},
		{"a story's quote, contexts apart", 0, 0, 0, minShared, 200, candidateContext - 0.01, false},
		{"a story's fragment alone", 0, 0, 0, 1, 200, 1, false},
		// two items of one template series: any text, alike or not (joinSeries); the items of
		// two series, as any two documents
		{"series: fragments", 0, 0, minShared, 0, 200, 0, true},
		{"series: a story's docset, contexts apart", 0, 0, 0, minShared, 200, 0, true},
		{"series: one fragment", 0, 0, 1, 0, 200, 0, true},
		{"two series: one fragment", 0, 0, 1, 0, 200, 1, false},
		{"two series: fragments", 0, 0, minShared, 0, 200, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dd := &docsetDocs{fps: []int32{tt.fps, tt.fps}, sim: func(a, b int32) float64 { return tt.sim }}
			switch {
			case strings.HasPrefix(tt.name, "series:"):
				dd.series = []int32{1, 1}
			case strings.HasPrefix(tt.name, "two series:"):
				dd.series = []int32{1, 2}
			}
			var sums [postings.Classes]int
			sums[textOwn], sums[textRecurring], sums[textFragment], sums[textStory] = tt.own, tt.rec, tt.frag, tt.story
			if got := isCandidate(dd, 0, 1, sums, minShared, minStock); got != tt.want {
				t.Errorf("isCandidate(own %d, recurring %d, fragments %d, story %d, similarity %.2f, series %v) = %v, want %v",
					tt.own, tt.rec, tt.frag, tt.story, tt.sim, dd.series, got, tt.want)
			}
		})
	}
}

// TestDropBoilerplate: text one source carries in three or more articles about different things
// is its boilerplate, and its articles are not eligible; unless the text is most of them (a
// template series: its items are copies), or an article of another source had it first.
func TestDropBoilerplate(t *testing.T) {
	var opts Options
	opts.SetDefaults()
	tests := []struct {
		name     string
		fps      int     // the docset's fingerprints
		docFPs   int32   // each article's
		srcs     []int32 // each article's source (0: none)
		alike    bool    // the articles are about one thing
		eligible []int32
		boiler   bool // the fingerprints marked boilerplate of source 1
	}{
		{"a box in four articles of one source", 3, 120, []int32{1, 1, 1, 1}, false, nil, true},
		{"a box in four articles alike", 3, 120, []int32{1, 1, 1, 1}, true, []int32{0, 1, 2, 3}, false},
		{"two articles of the source and one of another", 3, 120, []int32{1, 1, 2}, false, []int32{0, 1, 2}, false},
		{"the box and another source's article", 3, 120, []int32{1, 1, 1, 2}, false, []int32{3}, true},
		{"a template that is most of each item", 6, 12, []int32{1, 1, 1, 1}, false, []int32{0, 1, 2, 3}, false},
		{"a template that is a third of each item", 4, 12, []int32{1, 1, 1, 1}, false, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := len(tt.srcs)
			docs := make([]int32, n)
			dd := &docsetDocs{src: tt.srcs, fps: make([]int32, n), published: make([]time.Time, n), sim: func(a, b int32) float64 {
				if tt.alike {
					return 1
				}
				return 0
			}}
			for i := range n {
				docs[i] = int32(i)
				dd.fps[i] = tt.docFPs
				// the other source's article is the latest: no copy of it
				dd.published[i] = time.Date(2025, 3, 1+i, 0, 0, 0, 0, time.UTC)
				if tt.srcs[i] != 1 {
					dd.published[i] = time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
				}
			}
			dd.root = slices.Clone(docs)
			cg := &contextGrouper{dd: dd}
			fps := make([]uint32, tt.fps)
			for i := range fps {
				fps[i] = uint32(100 + i)
			}
			ev := &evidence{}
			got := dropBoilerplate(&opts, ev, cg, fps, docs, nil)
			if !slices.Equal(got, tt.eligible) {
				t.Errorf("eligible %v, want %v", got, tt.eligible)
			}
			if marked := len(ev.marks) > 0; marked != tt.boiler {
				t.Errorf("marked boilerplate %v (%d marks), want %v", marked, len(ev.marks), tt.boiler)
			}
		})
	}
}

// TestFPGroups: the documents holding a fingerprint count by their groups of copies.
func TestFPGroups(t *testing.T) {
	root := []int32{0, 0, 2, 3, 3, 5} // documents 0-1 and 3-4 are copies
	tests := []struct {
		docs []int32
		want int
	}{
		{[]int32{0, 1}, 1},
		{[]int32{0, 2}, 2},
		{[]int32{0, 1, 3, 4}, 2},
		{[]int32{0, 1, 2, 3, 4, 5}, 4},
		{[]int32{2, 3, 5}, 3},
	}
	var scratch [2][]int32
	for _, tt := range tests {
		if got := fpGroups(tt.docs, root, &scratch); got != tt.want {
			t.Errorf("fpGroups(%v) = %d, want %d", tt.docs, got, tt.want)
		}
	}
}

// TestMinus64: the values of one sorted list that another does not hold.
func TestMinus64(t *testing.T) {
	tests := []struct{ a, b, want []uint64 }{
		{nil, nil, nil},
		{[]uint64{1, 2}, nil, []uint64{1, 2}},
		{nil, []uint64{1, 2}, nil},
		{[]uint64{1, 3, 5}, []uint64{2, 4, 6}, []uint64{1, 3, 5}},
		{[]uint64{1, 3, 5}, []uint64{1, 3, 5}, nil},
		{[]uint64{1, 2, 3, 4, 5}, []uint64{0, 2, 4, 9}, []uint64{1, 3, 5}},
	}
	for _, tt := range tests {
		if got := minus64(tt.a, tt.b); !slices.Equal(got, tt.want) {
			t.Errorf("minus64(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
