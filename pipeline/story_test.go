package pipeline

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/shingle"
)

func TestVerdict(t *testing.T) {
	c := &corpus{opts: &Options{}}
	c.opts.SetDefaults()
	tests := []struct {
		name string
		r    pairResult
		want edgeReason
	}{
		{"exact", pairResult{rel: Exact}, edgeCopy},
		{"near-duplicate", pairResult{rel: NearDuplicate}, edgeCopy},
		{"unrelated", pairResult{}, notEdge},
		{"two own passages", pairResult{rel: Reuse, own: 30, ownN: 2, context: -1}, edgeOwn},
		{"one own passage", pairResult{rel: Reuse, own: 30, ownN: 1, context: -1}, notEdge},
		{"own words too few", pairResult{rel: Reuse, own: 14, ownN: 2, context: -1}, notEdge},
		{"alike in context", pairResult{rel: Reuse, context: storyContext}, edgeContext},
		{"apart in context", pairResult{rel: Reuse, context: storyContext - 0.01}, notEdge},
		{"substantial copy", pairResult{rel: Reuse, context: -1, containment: substantialContainment}, edgeCopied},
		{"a passage of standard text", pairResult{rel: Reuse, context: 0.02, containment: 0.1}, notEdge},
	}
	for _, tt := range tests {
		if got := c.verdict(&tt.r); got != tt.want {
			t.Errorf("%s: verdict = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// storyPair is a reuse pair of a and b sharing words words, a story edge for why.
func storyPair(a, b, why string, words int) Pair {
	rel := Reuse
	if why == edgeCopy.String() {
		rel = NearDuplicate
	}
	return Pair{A: a, B: b, Relation: rel, Story: why, Context: -1,
		Passages: []Passage{{AStart: 0, AEnd: 10, BStart: 0, BEnd: 10, Words: words}}}
}

func members(ids ...string) []Member {
	var ms []Member
	day := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	for i, id := range ids {
		ms = append(ms, Member{ID: id, Published: day.Add(time.Duration(i) * time.Hour)})
	}
	return ms
}

// clustersOf lists the members of each cluster, as "a b c".
func clustersOf(res *Result) []string {
	var out []string
	for _, c := range res.Clusters {
		var ids []string
		for _, m := range c.Members {
			ids = append(ids, m.ID)
		}
		out = append(out, strings.Join(ids, " "))
	}
	slices.Sort(out)
	return out
}

// TestStoriesHubRule: the hub rule and the stories it leaves, on small graphs.
func TestStoriesHubRule(t *testing.T) {
	ctx := "context"
	tests := []struct {
		name    string
		members []Member
		pairs   []Pair
		want    []string // clusters
		hubs    []string
	}{
		{
			name:    "a digest drawing on three stories merges none",
			members: members("a1", "a2", "b1", "b2", "c1", "c2", "digest"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25), storyPair("c1", "c2", ctx, 25),
				storyPair("a1", "digest", "own passages", 24), storyPair("b2", "digest", ctx, 24), storyPair("c1", "digest", ctx, 26)},
			want: []string{"a1 a2", "b1 b2", "c1 c2"},
			hubs: []string{"digest"},
		},
		{
			name:    "an origin two outlets rewrote is no hub",
			members: members("wire", "r1", "r2"),
			pairs:   []Pair{storyPair("wire", "r1", "own passages", 40), storyPair("wire", "r2", "own passages", 35)},
			want:    []string{"wire r1 r2"},
		},
		{
			name:    "a copier keeps the group it draws on most",
			members: members("g1", "g2", "y", "x"),
			pairs: []Pair{storyPair("g1", "g2", edgeCopy.String(), 300), storyPair("g1", "x", "substantial copy", 200),
				storyPair("g2", "x", "substantial copy", 180), storyPair("x", "y", "own passages", 30)},
			want: []string{"g1 g2 x"},
			hubs: []string{"y"},
		},
		{
			name:    "copies are never dropped",
			members: members("s1", "s2", "t1", "x"),
			pairs:   []Pair{storyPair("s1", "x", edgeCopy.String(), 300), storyPair("t1", "x", edgeCopy.String(), 300)},
			want:    []string{"s1 t1 x"},
		},
		{
			name:    "neighbours joined by an edge are one group",
			members: members("a", "b", "x"),
			pairs:   []Pair{storyPair("a", "b", ctx, 20), storyPair("a", "x", ctx, 20), storyPair("b", "x", ctx, 20)},
			want:    []string{"a b x"},
		},
		{
			name:    "a link is no edge",
			members: members("a", "b"),
			pairs:   []Pair{storyPair("a", "b", "", 20)},
			hubs:    []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Stories(tt.members, tt.pairs, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := clustersOf(res); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("clusters %q, want %q", got, tt.want)
			}
			var hubs []string
			for _, h := range res.Hubs {
				hubs = append(hubs, h.Member.ID)
			}
			if fmt.Sprint(hubs) != fmt.Sprint(tt.hubs) {
				t.Errorf("hubs %q, want %q", hubs, tt.hubs)
			}
			if len(res.Pairs) != len(tt.pairs) {
				t.Errorf("%d pairs in the result, want all %d", len(res.Pairs), len(tt.pairs))
			}
		})
	}
}

func TestStoriesInput(t *testing.T) {
	if _, err := Stories(members("a", "b"), []Pair{storyPair("a", "c", "context", 20)}, nil); err == nil {
		t.Error("a pair naming a document not among the members: no error")
	}
	if _, err := Stories(members("a", "a"), nil, nil); err == nil {
		t.Error("a member listed twice: no error")
	}
	// a pair given the other way round is turned: A is the member that comes first
	p := storyPair("b", "a", "context", 20)
	p.Passages[0].AStart, p.Passages[0].AEnd, p.CoverageA = 5, 9, 0.5
	res, err := Stories(members("a", "b"), []Pair{p}, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := res.Pairs[0]
	if q.A != "a" || q.B != "b" || q.Passages[0].BStart != 5 || q.Passages[0].BEnd != 9 || q.CoverageB != 0.5 {
		t.Errorf("pair b ~ a became %s ~ %s with passage %+v, coverage %g / %g", q.A, q.B, q.Passages[0], q.CoverageA, q.CoverageB)
	}
	if q.Cluster != 1 || len(res.Clusters) != 1 || res.Clusters[0].Representative != "a" {
		t.Errorf("cluster %d of %d, representative %q", q.Cluster, len(res.Clusters), res.Clusters[0].Representative)
	}
}

func TestContextSimilarity(t *testing.T) {
	list := func(words ...uint32) []uint32 {
		var out []uint32
		for _, w := range words {
			out = append(out, w<<8|10)
		}
		return out
	}
	a := list(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
	b := list(1, 2, 3, 4, 5, 6, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37)
	tests := []struct {
		name string
		x, y []uint32
		tau  uint32
		want float64
	}{
		{"same", a, a, 1<<32 - 1, 1},
		{"disjoint", a, list(40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51), 1<<32 - 1, 0},
		{"half of the smaller", a, b, 1<<32 - 1, 0.5},
		{"half of the smaller, the other way", b, a, 1<<32 - 1, 0.5},
		{"too few words", a[:minContextWords-1], a, 1<<32 - 1, 0},
		{"below the threshold only", a, list(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), 12 << 8, 1},
	}
	for _, tt := range tests {
		if got := contextSimilarity(tt.x, tt.y, tt.tau); got != tt.want {
			t.Errorf("%s: contextSimilarity = %g, want %g", tt.name, got, tt.want)
		}
	}
}

// TestSampler holds the sampler to its definition, on random texts: the context words (no stop
// words, no single characters) of smallest key, at most sketchSize, sorted, each once; the
// threshold the largest kept when the sample is full; names flagged; each word's fingerprints
// those that cover its first and last occurrence.
func TestSampler(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	vocab := strings.Fields("the a of and said Tarrow river Millbridge dam 1,200 residents flood engineers " +
		"council x it spillway county sheriff Dunmore water homes evacuated night")
	var s sampler
	for trial := range 300 {
		var sb strings.Builder
		n := 1 + rng.IntN(400)
		for i := range n {
			w := vocab[rng.IntN(len(vocab))]
			if i > 0 && rng.IntN(9) == 0 {
				sb.WriteString(". ")
			} else if i > 0 {
				sb.WriteString(" ")
			}
			sb.WriteString(w)
			for range rng.IntN(3) { // words of one's own
				fmt.Fprintf(&sb, " w%d", rng.IntN(5000))
			}
		}
		text := sb.String()
		toks := shingle.Tokenize(text)
		sh, words := shingle.AppendHashesWords(nil, nil, toks, DefaultShingle)
		fps := shingle.Winnow(sh, DefaultWindow)
		got, tau := s.sample(nil, text, words, toks, fps, DefaultShingle)
		// the reference: every context word, its occurrences, whether one is a name
		type info struct {
			first, last int
			name        bool
		}
		all := map[uint32]*info{}
		for i, h := range words {
			w := uint32(h>>32) &^ 1
			if !contextWord(toks[i].Norm, w) {
				continue
			}
			if all[w] == nil {
				all[w] = &info{first: i}
			}
			all[w].last = i
			all[w].name = all[w].name || isName(text, toks[i])
		}
		keys := make([]uint32, 0, len(all))
		for w := range all {
			keys = append(keys, w)
		}
		slices.Sort(keys)
		keys = keys[:min(len(keys), sketchSize)]
		if len(got) != len(keys) {
			t.Fatalf("trial %d: %d words sampled, want %d", trial, len(got), len(keys))
		}
		cover := func(p int) uint32 { // the last fingerprint at or before p that covers it
			var c uint32
			for _, f := range fps {
				if f.Pos <= p && p < f.Pos+DefaultShingle {
					c = uint32(f.Hash)
				}
			}
			return c
		}
		for i, e := range got {
			w := keys[i]
			if e.word&^1 != w || (e.word&1 != 0) != all[w].name {
				t.Fatalf("trial %d: entry %d is %#x, want %#x name %v", trial, i, e.word, w, all[w].name)
			}
			if e.fp1 != cover(all[w].first) || e.fp2 != cover(all[w].last) {
				t.Fatalf("trial %d: word %#x covered by %#x, %#x, want %#x, %#x", trial, w, e.fp1, e.fp2, cover(all[w].first), cover(all[w].last))
			}
		}
		switch {
		case len(got) == sketchSize && tau != got[len(got)-1].word|1:
			t.Fatalf("trial %d: threshold %#x, want the largest word %#x", trial, tau, got[len(got)-1].word|1)
		case len(got) < sketchSize && tau != 1<<32-1:
			t.Fatalf("trial %d: a sample of %d words has threshold %#x, want all", trial, len(got), tau)
		}
	}
}

func TestIsName(t *testing.T) {
	text := "Mayor Ana Díaz said. The \u201cÉcole\u201d opened in 2019 at the mill; Water flows."
	want := map[string]bool{"Mayor": false, "Ana": true, "Díaz": true, "said": false, "The": false,
		"École": true, "opened": false, "2019": true, "mill": false, "Water": true, "flows": false}
	for _, tok := range shingle.Tokenize(text) {
		w := text[tok.Start:tok.End]
		if exp, ok := want[w]; ok && isName(text, tok) != exp {
			t.Errorf("isName(%q) = %v, want %v", w, !exp, exp)
		}
	}
}
