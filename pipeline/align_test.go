package pipeline

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/internal/postings"
	"github.com/neardup/neardup/shingle"
)

var testAlign = alignParams{k: 5, maxGap: 3, minPassage: 8, short: 15}

func alignTexts(a, b string, p alignParams) []span {
	ta, tb := shingle.Tokenize(a), shingle.Tokenize(b)
	same := func(i, j int) bool { return ta[i].Norm == tb[j].Norm }
	return new(alignScratch).align(tableOf(shingle.Hashes(ta, p.k)), tableOf(shingle.Hashes(tb, p.k)), len(ta), len(tb), nil, nil, same, p)
}

// tableOf returns the shingle table of sh.
func tableOf(sh []shingle.Shingle) *shingleTable {
	t := new(shingleTable)
	t.build(sh)
	return t
}

func TestAlign(t *testing.T) {
	const (
		q  = "he had a problem with his molars and instead of treating them they took them out"
		q2 = "so he would not fuss said the lawyer who visited him in the prison on tuesday night" // 17 words
		q3 = "according to the court papers filed last week"                                       // 8 words
	)
	tests := []struct {
		name string
		a, b string
		p    alignParams
		want string
	}{
		{"identical", q, q, testAlign, "[{0 15 0 15}]"},
		{"nothing shared", q, "an entirely different sentence about a ferry and an island pier", testAlign, "[]"},
		{"changed word merges", q, strings.Replace(q, "instead", "rather", 1), testAlign, "[{0 15 0 15}]"},
		{"changed word, no gap allowed", q, strings.Replace(q, "instead", "rather", 1),
			alignParams{k: 5, maxGap: 0, minPassage: 6}, "[{0 7 0 7} {9 15 9 15}]"},
		{"dropped clause of four words merges", q + " of his mouth in the prison", strings.Replace(q, "instead of treating them ", "", 1) + " of his mouth in the prison",
			alignParams{k: 5, maxGap: 4, minPassage: 8}, "[{0 21 0 17}]"},
		{"dropped clause too long", "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma",
			"alpha beta gamma delta epsilon zeta eta theta nu xi omicron pi rho sigma tau upsilon phi chi",
			alignParams{k: 3, maxGap: 3, minPassage: 5}, "[{0 7 0 7} {12 17 8 13}]"},
		{"repeated word shifts the diagonal", "a b c d e f g h i j k l", "a b c d e e f g h i j k l", testAlign, "[{0 11 0 12}]"},
		{"too short", "one two three four five six seven", "one two three four five six seven", testAlign, "[]"},
		{"at start of a, end of b", q + " and then some other words follow here in a", "prefix words of b come first " + q, testAlign, "[{0 15 6 21}]"},
		{"repeated phrase inside a", q + " then later " + q, "lead in " + q + " tail out", testAlign, "[{0 15 2 17} {18 33 2 17}]"},
		{"a long passage's phrase that a repeats elsewhere", q + " " + q3 + " " + q2 + " then later in a " + q2, "lead in " + q + " " + q3 + " " + q2 + " tail out", testAlign,
			"[{0 40 2 42}]"},
		{"two substitutions four apart", "one two three four five six seven eight Attomeys Please consult an attomney nine ten eleven twelve thirteen",
			"one two three four five six seven eight Attorneys Please consult an attorney nine ten eleven twelve thirteen", testAlign, "[{0 17 0 17}]"},
		{"echo of a repeated phrase inside a copy", "alpha beta gamma delta epsilon zeta eta theta the very same words again here then more iota kappa lambda the very same words again here mu nu xi omicron",
			"alpha beta gamma delta epsilon zeta eta theta the very same words again here then more iota kappa lambda the very same words again here mu nu xi omicron", testAlign, "[{0 28 0 28}]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := alignTexts(tt.a, tt.b, tt.p)
			if fmt.Sprint(got) == "[]" && tt.want == "[]" {
				return
			}
			if fmt.Sprint(got) != tt.want {
				t.Errorf("align(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestCoverage(t *testing.T) {
	spans := []span{{0, 9, 5, 14}, {5, 14, 20, 29}, {30, 39, 40, 49}}
	if got := coverage(spans, 100, true); got != 0.25 {
		t.Errorf("coverage A = %v, want 0.25 (overlapping spans counted once)", got)
	}
	if got := coverage(spans, 50, false); got != 0.6 {
		t.Errorf("coverage B = %v, want 0.6", got)
	}
}

// FuzzAlign: whatever the texts, every passage is at least minPassage words on both sides, its
// byte spans lie inside both texts, start and end on word boundaries, and its text is the slice.
func FuzzAlign(f *testing.F) {
	f.Add("the mayor said the pier was unsafe and closed it on Tuesday", "on Tuesday the mayor said the pier was unsafe and closed it", int64(1))
	f.Add("López wouldn’t say", "Lopez wouldn't say", int64(2))
	f.Fuzz(func(t *testing.T, a, b string, seed int64) {
		// plant a shared passage, so that most inputs have something to align
		rng := rand.New(rand.NewPCG(uint64(seed), 9))
		shared := strings.Repeat("shared words here now ", 1+rng.IntN(4))
		if rng.IntN(2) == 0 {
			a = a[:rng.IntN(len(a)+1)] + " " + shared + a
			b = b + " " + shared
		}
		ta, tb := shingle.Tokenize(a), shingle.Tokenize(b)
		p := alignParams{k: 1 + rng.IntN(6), maxGap: rng.IntN(5), minPassage: 1 + rng.IntN(10)}
		same := func(i, j int) bool { return ta[i].Norm == tb[j].Norm }
		sa, sb := shingle.Hashes(ta, p.k), shingle.Hashes(tb, p.k)
		sc := new(alignScratch)
		spans := sc.align(tableOf(sa), tableOf(sb), len(ta), len(tb), nil, nil, same, p)
		if want := shingle.NewSet(sa).Intersect(shingle.NewSet(sb)); sc.shared != want {
			t.Fatalf("align counted %d shared shingles, the sets share %d", sc.shared, want)
		}
		for _, s := range spans {
			if s.a0 < 0 || s.a1 >= len(ta) || s.a0 > s.a1 || s.b0 < 0 || s.b1 >= len(tb) || s.b0 > s.b1 {
				t.Fatalf("span %+v out of range (%d, %d tokens)", s, len(ta), len(tb))
			}
			if s.words() < p.minPassage || s.b1-s.b0+1 < p.minPassage {
				t.Fatalf("span %+v shorter than %d words", s, p.minPassage)
			}
			q := passage(&docView{text: a, toks: ta}, &docView{text: b, toks: tb}, s)
			if q.AStart < 0 || q.AEnd > len(a) || q.BStart < 0 || q.BEnd > len(b) || q.AStart >= q.AEnd || q.BStart >= q.BEnd {
				t.Fatalf("passage %+v outside texts of %d and %d bytes", q, len(a), len(b))
			}
			if q.AText != a[q.AStart:q.AEnd] || q.BText != b[q.BStart:q.BEnd] {
				t.Fatalf("passage text is not the slice of its offsets: %+v", q)
			}
			if shingle.Normalize(q.AText) == "" || shingle.Normalize(q.BText) == "" {
				t.Fatalf("passage holds no words: %+v", q)
			}
		}
	})
}

// TestShingleTable: a table finds every hash of its document and no other, lists each hash's
// positions in order, and counts the distinct hashes, with repeated shingles, hashes crowded on
// the low bits it places them by, and a table reused for a smaller document.
func TestShingleTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var tab shingleTable
	for _, n := range []int{3000, 0, 1, 2, 30, 500} {
		for _, crowd := range []bool{false, true} {
			sh := make([]shingle.Shingle, n)
			for i := range sh {
				h := rng.Uint64()
				switch {
				case i > 0 && rng.IntN(4) == 0: // a repeated shingle
					h = sh[rng.IntN(i)].Hash
				case crowd:
					h = h&^0xfff | 0x123 // one low 12 bits for all
				}
				sh[i] = shingle.Shingle{Hash: h, Pos: i}
			}
			tab.build(sh)
			places := map[uint64][]int32{}
			for i, s := range sh {
				places[s.Hash] = append(places[s.Hash], int32(i))
			}
			if tab.distinct() != len(places) || tab.distinct() != len(shingle.NewSet(sh)) {
				t.Fatalf("n=%d crowd=%v: %d distinct, want %d", n, crowd, tab.distinct(), len(places))
			}
			for h, want := range places {
				k := tab.find(h)
				if k < 0 || tab.keys[k] != h {
					t.Fatalf("n=%d crowd=%v: hash %#x not found", n, crowd, h)
				}
				var got []int32
				for p := tab.first[k]; p >= 0; p = tab.next[p] {
					got = append(got, p)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("n=%d crowd=%v: hash %#x at %v, want %v", n, crowd, h, got, want)
				}
			}
			for range 100 {
				h := rng.Uint64()
				if crowd {
					h = h&^0xfff | 0x123
				}
				if _, ok := places[h]; !ok && tab.find(h) >= 0 {
					t.Fatalf("n=%d crowd=%v: hash %#x found, not in the document", n, crowd, h)
				}
			}
		}
	}
}

// TestAlignShared: the join of two tables counts the shingle hashes the documents share as
// Set.Intersect does, with repeated shingles and with different hashes that agree in their low
// bits.
func TestAlignShared(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for trial := range 400 {
		pool := make([]uint64, 1+rng.IntN(40)) // the hashes both documents draw from
		for i := range pool {
			pool[i] = rng.Uint64()
			if i > 0 && trial%2 == 1 && rng.IntN(3) == 0 { // same low bits, other upper bits
				pool[i] = pool[rng.IntN(i)]&0xfffff | rng.Uint64()&^0xfffff
			}
		}
		doc := func() []shingle.Shingle {
			sh := make([]shingle.Shingle, rng.IntN(60))
			for i := range sh {
				h := rng.Uint64()
				if rng.IntN(2) == 0 {
					h = pool[rng.IntN(len(pool))]
				}
				sh[i] = shingle.Shingle{Hash: h, Pos: i}
			}
			return sh
		}
		sa, sb := doc(), doc()
		sc := new(alignScratch)
		sc.align(tableOf(sa), tableOf(sb), len(sa)+4, len(sb)+4, nil, nil, nil,
			alignParams{k: 5, maxGap: 3, minPassage: 8, short: 15})
		if want := shingle.NewSet(sa).Intersect(shingle.NewSet(sb)); sc.shared != want {
			t.Fatalf("trial %d: align counted %d shared hashes, Intersect %d", trial, sc.shared, want)
		}
	}
}

// TestViewFromSpooledHashes: a view built from the shingle hashes the first pass spooled is the
// view computed from the text; for aligning, its tokens once loaded too.
func TestViewFromSpooledHashes(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	words := strings.Fields("the council said on tuesday that a ferry would resume São Cristóvão’s pier " +
		"wasn't it quoted «here» 1,204 passengers and crews")
	var texts []string
	for i := range 60 {
		var sb strings.Builder
		for range rng.IntN(3) + i*5 + 1 { // up to 300 words: several checkpoints
			sb.WriteString(words[rng.IntN(len(words))])
			sb.WriteString(" ")
		}
		texts = append(texts, sb.String())
	}
	c, _ := benchCorpus(t, texts, Options{})
	if c.hashes == nil {
		t.Fatal("no hash spool")
	}
	for _, kind := range []viewKind{viewSet, viewAlign} {
		vc := newViewCache(c, kind)
		for i := range c.docs {
			got, err := vc.view(int32(i), nil)
			if err != nil {
				t.Fatal(err)
			}
			want := c.viewOf(int32(i), texts[i], kind, &postings.HashSorter{}, nil, nil)
			if !slices.Equal(got.sh, want.sh) || !slices.Equal(got.set, want.set) ||
				!slices.Equal(got.tab.keys, want.tab.keys) || !slices.Equal(got.tab.first, want.tab.first) ||
				!slices.Equal(got.tab.next, want.tab.next) || !slices.Equal(got.fps, want.fps) {
				t.Fatalf("kind %d, document %d (%d words): view from spooled hashes differs", kind, i, c.docs[i].words)
			}
			if got.words != want.words {
				t.Fatalf("kind %d, document %d: %d words, want %d", kind, i, got.words, want.words)
			}
			if kind == viewAlign { // lazy: the tokens are read when a pair needs them
				if !got.lazy || len(got.toks) > 0 {
					t.Fatalf("document %d: view for aligning is not lazy", i)
				}
				if err := vc.tokens(got); err != nil {
					t.Fatal(err)
				}
				if got.lazy || got.text != texts[i] {
					t.Fatalf("document %d: text read lazily differs", i)
				}
				// every token, in order and then in a random order (from stretch to stretch)
				order := append(rng.Perm(len(want.toks)), rng.Perm(len(want.toks))...)
				slices.Sort(order[:len(want.toks)])
				for _, k := range order {
					if tok := got.token(k); tok != want.toks[k] {
						t.Fatalf("document %d (%d words): token %d read lazily is %+v, want %+v", i, got.words, k, tok, want.toks[k])
					}
				}
				if !got.segmented && got.words > tokenCheckpoint {
					t.Fatalf("document %d (%d words): tokenized whole, not between checkpoints", i, got.words)
				}
			}
		}
	}
}

// BenchmarkShingleTable: building the table of a 550-shingle document (an article of the
// synthetic corpus), with one shingle in ten repeated, as a view for aligning does.
func BenchmarkShingleTable(b *testing.B) {
	rng := rand.New(rand.NewPCG(21, 22))
	sh := make([]shingle.Shingle, 550)
	for i := range sh {
		sh[i] = shingle.Shingle{Hash: rng.Uint64(), Pos: i}
		if i > 0 && rng.IntN(10) == 0 {
			sh[i].Hash = sh[rng.IntN(i)].Hash
		}
	}
	var t shingleTable
	for b.Loop() {
		t.build(sh)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sh)), "ns/shingle")
}
