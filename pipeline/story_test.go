package pipeline

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/shingle"
)

func TestVerdict(t *testing.T) {
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := &corpus{opts: &Options{}, docs: []docInfo{{}, {}, {published: day}, {published: day.AddDate(0, 0, storyDays+1)}, {published: day.AddDate(0, 0, 3)},
		{source: "ledger", published: day}, {source: "ledger", published: day.AddDate(0, 0, storyDays+1)}, {source: "ledger", published: day},
		{source: "wire", published: day}},
		storyPairs: []uint64{0<<32 | 1, 2<<32 | 3, 2<<32 | 4}, // a story's docset paired these
		series:     []int32{0, 0, 0, 0, 0, 1, 1, 2, 3}}        // 5 and 6 are items of one series of ledger, 7 of another, 8 of wire's
	c.opts.SetDefaults()
	verbatim := []Passage{{Words: 20, Match: Verbatim, Similarity: 1}}
	rewritten := []Passage{{Words: 40, Match: Rewritten, Similarity: 0.5}}
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
		{"alike in context", pairResult{rel: Reuse, context: storyContext, passages: verbatim}, edgeContext},
		{"apart in context", pairResult{rel: Reuse, context: storyContext - 0.01, passages: verbatim}, notEdge},
		{"rewritten, alike in context", pairResult{rel: Reuse, context: rewriteContext - 0.01, passages: rewritten}, notEdge},
		{"rewritten, much alike in context", pairResult{rel: Reuse, context: rewriteContext, passages: rewritten}, edgeContext},
		{"rewritten and verbatim, alike in context", pairResult{rel: Reuse, context: storyContext, passages: append(rewritten, verbatim...)}, edgeContext},
		{"rewritten, much alike, weeks apart", pairResult{rel: Reuse, a: 2, b: 3, context: rewriteContext, passages: rewritten}, notEdge},
		{"rewritten, much alike, days apart", pairResult{rel: Reuse, a: 2, b: 4, context: rewriteContext, passages: rewritten}, edgeContext},
		{"verbatim, alike, weeks apart", pairResult{rel: Reuse, a: 2, b: 3, context: storyContext, passages: verbatim}, notEdge},
		{"verbatim, alike, days apart", pairResult{rel: Reuse, a: 2, b: 4, context: storyContext, passages: verbatim}, edgeContext},
		{"verbatim, much alike, weeks apart", pairResult{rel: Reuse, a: 2, b: 3, context: 0.9, passages: verbatim}, notEdge},
		{"own passages, weeks apart", pairResult{rel: Reuse, a: 2, b: 3, own: 30, ownN: 2, context: -1}, edgeOwn},
		{"substantial copy, weeks apart", pairResult{rel: Reuse, a: 2, b: 3, context: -1, containment: substantialContainment}, edgeCopied},
		{"a story's docset, alike at its bar", pairResult{rel: Reuse, a: 0, b: 1, context: storyDocsetContext, passages: verbatim}, edgeContext},
		{"a story's docset, alike under its bar", pairResult{rel: Reuse, a: 0, b: 1, context: storyDocsetContext - 0.01, passages: verbatim}, notEdge},
		{"a story's docset, rewritten only", pairResult{rel: Reuse, a: 0, b: 1, context: storyDocsetContext, passages: rewritten}, notEdge},
		{"a story's docset, weeks apart", pairResult{rel: Reuse, a: 2, b: 3, context: storyDocsetContext, passages: verbatim}, notEdge},
		{"a story's docset, days apart", pairResult{rel: Reuse, a: 2, b: 4, context: storyDocsetContext, passages: verbatim}, edgeContext},
		{"no story's docset, alike at its bar", pairResult{rel: Reuse, a: 1, b: 4, context: storyDocsetContext, passages: verbatim}, notEdge},
		{"substantial copy", pairResult{rel: Reuse, context: -1, containment: substantialContainment}, edgeCopied},
		{"a passage of standard text", pairResult{rel: Reuse, context: 0.02, containment: 0.1}, notEdge},
		{"one series, verbatim, weeks apart", pairResult{rel: Reuse, a: 5, b: 6, context: 0.02, containment: 0.1, passages: verbatim}, edgeSeries},
		{"one series, rewritten only", pairResult{rel: Reuse, a: 5, b: 6, context: 0.02, containment: 0.1, passages: rewritten}, notEdge},
		{"two series, verbatim", pairResult{rel: Reuse, a: 5, b: 7, context: 0.02, containment: 0.1, passages: verbatim}, notEdge},
		{"no series, verbatim", pairResult{rel: Reuse, a: 0, b: 1, context: 0.02, containment: 0.1, passages: verbatim}, notEdge},
		{"two series of a source, rewritten, much alike", pairResult{rel: Reuse, a: 5, b: 7, context: rewriteContext, passages: rewritten}, notEdge},
		{"two series of a source, verbatim, alike", pairResult{rel: Reuse, a: 5, b: 7, context: storyContext, passages: verbatim}, edgeContext},
		{"series of two sources, rewritten, much alike", pairResult{rel: Reuse, a: 5, b: 8, context: rewriteContext, passages: rewritten}, edgeContext},
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

// linkAt is a pair that only links a and b, by a passage at 0 in a and at bStart in b.
func linkAt(a, b string, bStart int) Pair {
	p := storyPair(a, b, "", 20)
	p.Passages[0].BStart, p.Passages[0].BEnd = bStart, bStart+10
	return p
}

// withTwo adds to a pair made by linkAt a second passage, 40 bytes into both texts.
func withTwo(p Pair) Pair {
	p.Passages = append(p.Passages, Passage{AStart: 40, AEnd: 50, BStart: 40, BEnd: 50, Words: 20})
	return p
}

// apart sets a pair's context to 0: the texts share nothing beside the passages.
func apart(p Pair) Pair {
	p.Context = 0
	return p
}

// at moves the passage of a pair made by storyPair to aStart in a and bStart in b.
func at(p Pair, aStart, bStart int) Pair {
	p.Passages[0].AStart, p.Passages[0].AEnd = aStart, aStart+10
	p.Passages[0].BStart, p.Passages[0].BEnd = bStart, bStart+10
	return p
}

func members(ids ...string) []Member {
	var ms []Member
	day := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	for i, id := range ids {
		ms = append(ms, Member{ID: id, Published: day.Add(time.Duration(i) * time.Hour)})
	}
	return ms
}

// seriesMembers is members, all of one source, all titled as items of one series.
func seriesMembers(ids ...string) []Member {
	ms := members(ids...)
	for i := range ms {
		ms[i].Source, ms[i].Title = "wire", fmt.Sprintf("Daily rates: day %d", i+1)
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
		hubs    []string // in no cluster, found by the rule
		linked  []string // the other documents in no cluster with links
		flagged []string // members of clusters found hubs
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
			// h's neighbours fall into two groups, a and b, which m (a copy of a2 and of b1)
			// joins: h drew on one story after all
			name:    "a hub whose groups are one story after all joins it",
			members: members("a1", "a2", "b1", "b2", "m", "h"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25), storyPair("a2", "m", edgeCopy.String(), 300),
				storyPair("m", "b1", edgeCopy.String(), 300), storyPair("a1", "h", ctx, 24), storyPair("b2", "h", ctx, 24)},
			want: []string{"a1 a2 b1 b2 m h"},
		},
		{
			// as above, but h keeps its edge to a1, which outweighs the other: h is in the story,
			// and the edge dropped to b2 leads into it too
			name:    "a hub whose dropped edges lead into its own story is none",
			members: members("a1", "a2", "b1", "b2", "m", "h"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25), storyPair("a2", "m", edgeCopy.String(), 300),
				storyPair("m", "b1", edgeCopy.String(), 300), storyPair("a1", "h", ctx, 60), storyPair("b2", "h", ctx, 24)},
			want: []string{"a1 a2 b1 b2 m h"},
		},
		{
			// h keeps a1's group; the edge it dropped leads to b2, of another story
			name:    "a hub whose dropped edge leads into another story stays one",
			members: members("a1", "a2", "b1", "b2", "h"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25),
				storyPair("a1", "h", ctx, 60), storyPair("b2", "h", ctx, 24)},
			want:    []string{"a1 a2 h", "b1 b2"},
			flagged: []string{"h"},
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
			want:    []string{"g1 g2 x"},
			linked:  []string{"y"},
			flagged: []string{"x"},
		},
		{
			name:    "copies are never dropped",
			members: members("s1", "s2", "t1", "x"),
			pairs:   []Pair{storyPair("s1", "x", edgeCopy.String(), 300), storyPair("t1", "x", edgeCopy.String(), 300)},
			want:    []string{"s1 t1 x"},
		},
		{
			// an item of a template series whose slots hold names of its own shares the fixed
			// text with items that share no edge among them: its series edges are one group
			name:    "an item of a series is no hub of its series",
			members: members("s1", "s2", "s3", "x"),
			pairs:   []Pair{storyPair("s1", "x", edgeSeries.String(), 25), storyPair("s2", "x", edgeSeries.String(), 24), storyPair("s3", "x", edgeSeries.String(), 26)},
			want:    []string{"s1 s2 s3 x"},
		},
		{
			// x's edges to s4 and s5, items of its series whose text is much in x's, are
			// substantial copies, not series edges: they are of the series' group all the same
			name:    "an item of a series is no hub of its series, whatever its edges' reasons",
			members: seriesMembers("s1", "s2", "s3", "s4", "s5", "x"),
			pairs: []Pair{storyPair("s1", "x", edgeSeries.String(), 25), storyPair("s2", "x", edgeSeries.String(), 24), storyPair("s3", "x", edgeSeries.String(), 26),
				storyPair("s4", "x", edgeCopied.String(), 20), storyPair("s5", "x", edgeCopied.String(), 20)},
			want: []string{"s1 s2 s3 s4 s5 x"},
		},
		{
			// the same edges, but s4 and s5 of another title: they are other stories x drew on
			name: "an item of a series that draws on two other stories is a hub",
			members: func() []Member {
				ms := seriesMembers("s1", "s2", "s3", "s4", "s5", "x")
				ms[3].Title, ms[4].Title = "Port strike talks", "Mill closure"
				return ms
			}(),
			pairs: []Pair{storyPair("s1", "x", edgeSeries.String(), 25), storyPair("s2", "x", edgeSeries.String(), 24), storyPair("s3", "x", edgeSeries.String(), 26),
				storyPair("s4", "x", edgeCopied.String(), 20), storyPair("s5", "x", edgeCopied.String(), 20)},
			want:    []string{"s1 s2 s3 x"},
			linked:  []string{"s4", "s5"},
			flagged: []string{"x"},
		},
		{
			name:    "a digest drawing on items of a series and on another story merges them not",
			members: members("s1", "s2", "a1", "a2", "d"),
			pairs: []Pair{storyPair("s1", "s2", edgeSeries.String(), 25), storyPair("a1", "a2", ctx, 25),
				storyPair("s1", "d", ctx, 24), storyPair("a1", "d", ctx, 24)},
			want: []string{"a1 a2", "s1 s2"},
			hubs: []string{"d"},
		},
		{
			name:    "neighbours joined by an edge are one group",
			members: members("a", "b", "x"),
			pairs:   []Pair{storyPair("a", "b", ctx, 20), storyPair("a", "x", ctx, 20), storyPair("b", "x", ctx, 20)},
			want:    []string{"a b x"},
		},
		{
			name:    "a digest linked to two stories by different passages is a hub",
			members: members("a1", "a2", "b1", "b2", "d"),
			pairs:   []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25), linkAt("a1", "d", 0), linkAt("b1", "d", 40)},
			want:    []string{"a1 a2", "b1 b2"},
			hubs:    []string{"d"},
		},
		{
			name:    "one paragraph shared with two stories makes no hub",
			members: members("a1", "a2", "b1", "b2", "d"),
			pairs:   []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25), linkAt("a1", "d", 0), linkAt("b1", "d", 5)},
			want:    []string{"a1 a2", "b1 b2"},
			linked:  []string{"d"},
		},
		{
			name:    "a passage shared with a document in no story too is no story's own",
			members: members("a1", "a2", "b1", "b2", "d", "x"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25), linkAt("a1", "d", 0), linkAt("b1", "d", 40),
				linkAt("d", "x", 0)},
			want:   []string{"a1 a2", "b1 b2"},
			linked: []string{"d"},
		},
		{
			// h shares with x1 and x2 a paragraph that p1 had before any of them: h is not
			// where it came from, so x1 and x2 are a second group that h did not start
			name:    "text held before by a document that is no neighbour is not the hub's",
			members: members("p1", "s1", "s2", "h", "x1", "x2"),
			pairs: []Pair{storyPair("s1", "s2", ctx, 40), storyPair("s1", "h", "own passages", 40), storyPair("s2", "h", ctx, 40),
				linkAt("p1", "h", 100), at(storyPair("h", "x1", ctx, 20), 100, 0), at(storyPair("h", "x2", ctx, 20), 100, 0),
				storyPair("x1", "x2", ctx, 20)},
			want:    []string{"s1 s2 h", "x1 x2"},
			linked:  []string{"p1"},
			flagged: []string{"h"},
		},
		{
			// the same with copies: a copy made of standard paragraphs is still a copy
			name:    "text held before does not part substantial copies",
			members: members("p1", "s1", "s2", "h", "x1", "x2"),
			pairs: []Pair{storyPair("s1", "s2", ctx, 40), storyPair("s1", "h", "own passages", 40), storyPair("s2", "h", ctx, 40),
				linkAt("p1", "h", 100), at(storyPair("h", "x1", "substantial copy", 20), 100, 0), at(storyPair("h", "x2", "substantial copy", 20), 100, 0),
				storyPair("x1", "x2", ctx, 20)},
			want:   []string{"s1 s2 h x1 x2"},
			linked: []string{"p1"},
		},
		{
			// o carries two of the story's quotes, each held by one member, in words of its own
			name:    "an outlet sharing two passages with two members of one story joins it",
			members: members("a1", "a2", "o"),
			pairs:   []Pair{storyPair("a1", "a2", ctx, 25), linkAt("a1", "o", 0), linkAt("a2", "o", 40)},
			want:    []string{"a1 a2 o"},
		},
		{
			name:    "one passage that two copies hold joins nothing",
			members: members("a1", "a2", "d"),
			pairs:   []Pair{storyPair("a1", "a2", edgeCopy.String(), 300), linkAt("a1", "d", 0), linkAt("a2", "d", 0)},
			want:    []string{"a1 a2"},
			linked:  []string{"d"},
		},
		{
			name:    "two passages with one member join nothing",
			members: members("a1", "a2", "o"),
			pairs:   []Pair{storyPair("a1", "a2", ctx, 25), withTwo(linkAt("a1", "o", 0))},
			want:    []string{"a1 a2"},
			linked:  []string{"o"},
		},
		{
			name:    "passages and nothing else in common (context 0) join nothing",
			members: members("a1", "a2", "o"),
			pairs:   []Pair{storyPair("a1", "a2", ctx, 25), apart(linkAt("a1", "o", 0)), apart(linkAt("a2", "o", 40))},
			want:    []string{"a1 a2"},
			linked:  []string{"o"},
		},
		{
			name:    "a document joined draws no other in",
			members: members("a1", "a2", "o", "p"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), linkAt("a1", "o", 0), linkAt("a2", "o", 40),
				withTwo(linkAt("p", "o", 0)), linkAt("a1", "p", 0)},
			want:   []string{"a1 a2 o"},
			linked: []string{"p"},
		},
		{
			// joinByQuote: one quote, held by two members that are not copies of each other
			name:    "an outlet carrying a quote two members hold joins",
			members: members("a1", "a2", "o"),
			pairs:   []Pair{storyPair("a1", "a2", ctx, 25), linkAt("o", "a1", 0), linkAt("o", "a2", 0)},
			want:    []string{"a1 a2 o"},
		},
		{
			name:    "a quote one member holds joins nothing",
			members: members("a1", "a2", "o"),
			pairs:   []Pair{storyPair("a1", "a2", ctx, 25), linkAt("o", "a1", 0)},
			want:    []string{"a1 a2"},
			linked:  []string{"o"},
		},
		{
			name:    "a paragraph as many documents outside the story hold joins nothing",
			members: members("a1", "a2", "o", "x", "y"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), linkAt("o", "a1", 0), linkAt("o", "a2", 0),
				linkAt("o", "x", 0), linkAt("o", "y", 0)},
			want:   []string{"a1 a2"},
			linked: []string{"o"},
		},
		{
			name:    "a quote its members hold more than documents outside joins",
			members: members("a1", "a2", "a3", "o", "x"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("a2", "a3", ctx, 25),
				linkAt("o", "a1", 0), linkAt("o", "a2", 0), linkAt("o", "a3", 0), linkAt("o", "x", 0)},
			want:   []string{"a1 a2 a3 o"},
			linked: []string{"x"},
		},
		{
			name:    "quotes of two stories join neither",
			members: members("a1", "a2", "b1", "b2", "o"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25),
				linkAt("o", "a1", 0), linkAt("o", "a2", 0), at(linkAt("o", "b1", 0), 40, 0), at(linkAt("o", "b2", 0), 40, 0)},
			want: []string{"a1 a2", "b1 b2"},
			hubs: []string{"o"}, // the hub rule finds it first
		},
		{
			name:    "one passage two stories hold is no evidence",
			members: members("a1", "a2", "b1", "b2", "o"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25),
				linkAt("o", "a1", 0), linkAt("o", "a2", 0), linkAt("o", "b1", 0), linkAt("o", "b2", 0)},
			want:   []string{"a1 a2", "b1 b2"},
			linked: []string{"o"},
		},
		{
			name:    "a passage a second story's member holds too is no evidence",
			members: members("a1", "a2", "b1", "b2", "o"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25),
				linkAt("o", "a1", 0), linkAt("o", "a2", 0), linkAt("o", "b1", 0)},
			want:   []string{"a1 a2", "b1 b2"},
			linked: []string{"o"},
		},
		{
			name:    "a quote of one story and a sentence of another join neither",
			members: members("a1", "a2", "b1", "b2", "h"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25),
				linkAt("h", "a1", 0), linkAt("h", "a2", 0), at(linkAt("h", "b1", 0), 40, 0)},
			want: []string{"a1 a2", "b1 b2"},
			hubs: []string{"h"},
		},
		{
			name:    "a paragraph two stories hold does not stop a quote",
			members: members("a1", "a2", "b1", "b2", "o"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25),
				linkAt("o", "a1", 0), withTwo(linkAt("o", "a2", 0)), at(linkAt("o", "b1", 0), 40, 0)},
			want: []string{"a1 a2 o", "b1 b2"},
		},
		{
			name:    "a quote and nothing else in common (context 0) joins nothing",
			members: members("a1", "a2", "o"),
			pairs:   []Pair{storyPair("a1", "a2", ctx, 25), apart(linkAt("o", "a1", 0)), apart(linkAt("o", "a2", 0))},
			want:    []string{"a1 a2"},
			linked:  []string{"o"},
		},
		{
			// d's one edge is to a1; its links to b1 and c1 are by other passages of its text,
			// each shared with that story alone
			name:    "a digest in a story by one item, linked to two more, is a hub",
			members: members("a1", "a2", "b1", "b2", "c1", "c2", "d"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25), storyPair("c1", "c2", ctx, 25),
				storyPair("a1", "d", ctx, 20), linkAt("b1", "d", 20), linkAt("c1", "d", 40)},
			want: []string{"a1 a2", "b1 b2", "c1 c2"},
			hubs: []string{"d"},
		},
		{
			name:    "an article linked to one other story stays in its own",
			members: members("a1", "a2", "b1", "b2", "d"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25),
				storyPair("a1", "d", ctx, 20), linkAt("b1", "d", 20)},
			want: []string{"a1 a2 d", "b1 b2"},
		},
		{
			name:    "a digest whose own story's passages outweigh the others two to one stays in it",
			members: members("a1", "a2", "b1", "b2", "c1", "c2", "d"),
			pairs: []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25), storyPair("c1", "c2", ctx, 25),
				storyPair("a1", "d", ctx, 60), linkAt("b1", "d", 20), linkAt("c1", "d", 40)},
			want: []string{"a1 a2 d", "b1 b2", "c1 c2"},
		},
		{
			name:    "a link is no edge",
			members: members("a", "b"),
			pairs:   []Pair{storyPair("a", "b", "", 20)},
			linked:  []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Stories(tt.members, tt.pairs, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := clustersOf(res); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) { // %q: ["a b" "c"] is not ["a" "b c"]
				t.Errorf("clusters %q, want %q", got, tt.want)
			}
			var hubs, linked, flagged []string
			for _, h := range res.Hubs {
				hubs = append(hubs, h.Member.ID)
			}
			for _, h := range res.Linked {
				linked = append(linked, h.Member.ID)
			}
			for _, c := range res.Clusters {
				for _, m := range c.Members {
					if m.Hub {
						flagged = append(flagged, m.ID)
					}
				}
			}
			if fmt.Sprint(hubs) != fmt.Sprint(tt.hubs) {
				t.Errorf("hubs %q, want %q", hubs, tt.hubs)
			}
			if fmt.Sprint(linked) != fmt.Sprint(tt.linked) {
				t.Errorf("linked %q, want %q", linked, tt.linked)
			}
			if fmt.Sprint(flagged) != fmt.Sprint(tt.flagged) {
				t.Errorf("members found hubs %q, want %q", flagged, tt.flagged)
			}
			if len(res.Pairs) != len(tt.pairs) {
				t.Errorf("%d pairs in the result, want all %d", len(res.Pairs), len(tt.pairs))
			}
		})
	}
}

// TestStoriesHubRuleQuote: a document whose neighbours (its story edges) share nothing among
// themselves but a context under the story bar is a hub, unless eight or more of them carry one
// passage of its text that each of them shares with it: a story's quote that many outlets carry
// (a story of hundreds of outlets weighs its own names down, and its members' contexts fall
// under the bar), not a digest's items nor a background sentence a few articles repeat.
func TestStoriesHubRuleQuote(t *testing.T) {
	tests := []struct {
		name       string
		neighbours int
		at         func(i int) int // where neighbour i's passage lies in h
		want       []string        // clusters
		hub        bool
	}{
		{"a quote ten carry", 10, func(int) int { return 100 }, []string{"n0 n1 n2 n3 n4 n5 n6 n7 n8 n9 h"}, false},
		{"a quote five carry", 5, func(int) int { return 100 }, nil, true},
		{"a digest of ten items", 10, func(i int) int { return 100 * (i + 1) }, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids []string
			var pairs []Pair
			for i := range tt.neighbours {
				id := fmt.Sprintf("n%d", i)
				ids = append(ids, id)
				p := storyPair(id, "h", edgeContext.String(), 20)
				p.Context = 0.1
				p.Passages[0].BStart, p.Passages[0].BEnd = tt.at(i), tt.at(i)+60
				pairs = append(pairs, p)
			}
			res, err := Stories(members(append(ids, "h")...), pairs, func(a, b string) float64 { return 0.05 })
			if err != nil {
				t.Fatal(err)
			}
			if got := clustersOf(res); !slices.Equal(got, tt.want) {
				t.Errorf("clusters %q, want %q", got, tt.want)
			}
			var hubs []string
			for _, h := range res.Hubs {
				hubs = append(hubs, h.Member.ID)
			}
			if hub := slices.Equal(hubs, []string{"h"}); hub != tt.hub {
				t.Errorf("hubs %q: h found one %v, want %v", hubs, hub, tt.hub)
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
	a := weighted(10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
	b := weighted(10, 1, 2, 3, 4, 5, 6, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37)
	tests := []struct {
		name string
		x, y []uint32
		want float64
	}{
		{"same", a, a, 1},
		{"disjoint", a, weighted(10, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51), 0},
		{"half of the smaller", a, b, 0.5},
		{"half of the smaller, the other way", b, a, 0.5},
		{"too few words", a[:minContextWords-1], a, 0},
	}
	for _, tt := range tests {
		if got := contextSimilarity(tt.x, tt.y); got != tt.want {
			t.Errorf("%s: contextSimilarity = %g, want %g", tt.name, got, tt.want)
		}
	}
}

// weighted returns words (keys, in order) as finished samples hold them, each of weight wt.
func weighted(wt uint32, words ...uint32) []uint32 {
	var out []uint32
	for _, w := range words {
		out = append(out, w<<8|wt)
	}
	return out
}

// keyRange returns the keys from..to-1, in order.
func keyRange(from, to uint32) []uint32 {
	var out []uint32
	for w := from; w < to; w++ {
		out = append(out, w)
	}
	return out
}

func TestSampleSimilarity(t *testing.T) {
	const all = 1<<32 - 1
	// a name stratum sampled at a quarter of the range, another at an eighth: the keys below
	// 1<<22 (names) and 1<<21 (others) of 24-bit keys
	quarter, eighth := uint32(1<<30|0xff), uint32(1<<29|0xff)
	names := weighted(50, 1, 2, 3, 4, 5, 6)
	others := weighted(10, keyRange(100, 112)...)
	tests := []struct {
		name string
		a, b wordSample
		want float64
	}{
		{"same", wordSample{names, others, [2]uint32{all, all}}, wordSample{names, others, [2]uint32{all, all}}, 1},
		{"names only shared, whole texts", wordSample{names, others, [2]uint32{all, all}},
			wordSample{names, weighted(10, keyRange(200, 212)...), [2]uint32{all, all}}, 300.0 / 420},
		// every stratum at the same rate: the rate cancels out
		{"names only shared, one rate", wordSample{names, others, [2]uint32{quarter, quarter}},
			wordSample{names, weighted(10, keyRange(200, 212)...), [2]uint32{quarter, quarter}}, 300.0 / 420},
		// names at twice the rate of other words: their sampled weight counts half as much
		// (300/2 shared of 300/2 + 120)
		{"names only shared, names sampled at twice the rate", wordSample{names, others, [2]uint32{quarter, eighth}},
			wordSample{names, weighted(10, keyRange(200, 212)...), [2]uint32{quarter, eighth}}, 150.0 / 270},
		{"others only shared, names sampled at twice the rate", wordSample{names, others, [2]uint32{quarter, eighth}},
			wordSample{weighted(50, 7, 8, 9, 10, 11, 12), others, [2]uint32{quarter, eighth}}, 120.0 / 270},
		// each stratum strictly below the smaller of its two thresholds: b's names from key 4 on
		// and its others from 109 on are not below a's thresholds, and so out of both sides
		{"below the smaller thresholds", wordSample{names[:4], others[:10], [2]uint32{4<<8 | 0xff, 109<<8 | 0xff}},
			wordSample{names, others, [2]uint32{all, all}}, 1},
		// a name in one text and another word in the other is not compared across strata
		{"no match across strata", wordSample{names, others, [2]uint32{all, all}},
			wordSample{nil, append(weighted(10, 1, 2, 3, 4, 5, 6), others...), [2]uint32{all, all}}, 120.0 / 180},
		{"too few words", wordSample{names, others[:5], [2]uint32{all, all}}, wordSample{names, others, [2]uint32{all, all}}, 0},
	}
	for _, tt := range tests {
		for _, swap := range []bool{false, true} {
			a, b := tt.a, tt.b
			if swap {
				a, b = b, a
			}
			if got := sampleSimilarity(a, b); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("%s (swapped %v): sampleSimilarity = %g, want %g", tt.name, swap, got, tt.want)
			}
		}
	}
}

// TestSampleSimilarityEstimates holds sampleSimilarity to what it estimates, over many random
// hash functions: the mean of its estimates from two texts' samples is near the exact weighted
// containment of their words (contextSimilarity of the whole sets); and, for texts whose shared
// weight is mostly a few names (outlets that tell one story in their own words), it falls below
// half the exact value less than half as often as a single sample of as many words, which holds a
// shared name in both texts only by chance.
func TestSampleSimilarityEstimates(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	// two texts of 60 names and 240 other words each, sharing 8 names of weight 75 and 40
	// other words of weight 10, each holding other names of weight 20 and words of weight 5..15
	type word struct {
		id     int
		name   bool
		weight uint32
	}
	var ta, tb []word
	id := 0
	add := func(n int, name bool, weight func() uint32, both bool) {
		for range n {
			w := word{id, name, weight()}
			id++
			ta = append(ta, w)
			if !both {
				w.id = id
				id++
			}
			tb = append(tb, w)
		}
	}
	add(8, true, func() uint32 { return 75 }, true)
	add(52, true, func() uint32 { return 20 }, false)
	add(40, false, func() uint32 { return 10 }, true)
	add(200, false, func() uint32 { return uint32(5 + rng.IntN(11)) }, false)
	var exact, sum float64
	low, lowSingle := 0, 0
	const trials = 4000
	for trial := range trials {
		seed := uint64(trial)
		key := func(id int) uint32 { // a random hash function of 24-bit keys, one per trial
			h := (uint64(id)+1)*0x9e3779b97f4a7c15 ^ seed*0xbf58476d1ce4e5b9
			h ^= h >> 31
			h *= 0x94d049bb133111eb
			h ^= h >> 29
			return uint32(h>>40) << 8
		}
		sorted := func(ws []word, keep func(word) bool) []uint32 {
			var out []uint32
			for _, w := range ws {
				if keep(w) {
					out = append(out, key(w.id)|w.weight)
				}
			}
			slices.Sort(out)
			return out
		}
		// the bottom k of words, and its threshold: the largest kept
		bottom := func(ws []uint32, k int) ([]uint32, uint32) { return ws[:k], ws[k-1] | 0xff }
		stratified := func(ws []word) wordSample {
			var s wordSample
			s.names, s.tau[0] = bottom(sorted(ws, func(w word) bool { return w.name }), nameSketch)
			s.others, s.tau[1] = bottom(sorted(ws, func(w word) bool { return !w.name }), wordSketch)
			return s
		}
		single := func(ws []word) wordSample { // as many words, whatever their kind
			s := wordSample{tau: [2]uint32{math.MaxUint32, 0}}
			s.others, s.tau[1] = bottom(sorted(ws, func(word) bool { return true }), nameSketch+wordSketch)
			return s
		}
		if trial == 0 {
			all := func(word) bool { return true }
			exact = contextSimilarity(sorted(ta, all), sorted(tb, all))
		}
		est := sampleSimilarity(stratified(ta), stratified(tb))
		sum += est
		if est < exact/2 {
			low++
		}
		if sampleSimilarity(single(ta), single(tb)) < exact/2 {
			lowSingle++
		}
	}
	if mean := sum / trials; math.Abs(mean-exact) > 0.1*exact {
		t.Errorf("mean estimate %.4f, exact %.4f: off by more than a tenth", mean, exact)
	}
	if 2*low >= lowSingle {
		t.Errorf("below half the exact %.4f in %d of %d trials, a single sample in %d: want less than half as often", exact, low, trials, lowSingle)
	}
}

// TestSampler holds the sampler to its definition, on random texts: the names (words with an
// occurrence isName says is one) of smallest key, at most nameSketch, then the other context words
// (no stop words, no single characters) of smallest key, at most wordSketch, each sorted, each once;
// each stratum's threshold the largest it kept when it is full; each name's fingerprints those
// that cover its first and last occurrence as a name, each other word's its first and last
// occurrence.
func TestSampler(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	vocab := strings.Fields("the a of and said Tarrow river Millbridge dam 1,200 residents flood engineers " +
		"council x it spillway county sheriff Dunmore water homes evacuated night École Zoë")
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
			for range rng.IntN(3) { // words of one's own, some of them names
				switch rng.IntN(4) {
				case 0:
					fmt.Fprintf(&sb, " N%d", rng.IntN(2000))
				case 1:
					fmt.Fprintf(&sb, " %d", rng.IntN(2000))
				default:
					fmt.Fprintf(&sb, " w%d", rng.IntN(5000))
				}
			}
		}
		text := sb.String()
		toks := shingle.Tokenize(text)
		sh, words := shingle.AppendHashesWords(nil, nil, toks, DefaultShingle)
		fps := shingle.Winnow(sh, DefaultWindow)
		got, tau := s.sample(nil, text, words, toks, fps, DefaultShingle)
		// the reference: every context word, its occurrences and its occurrences as a name
		type info struct {
			first, last, firstName, lastName int
			name                             bool
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
			if isName(text, toks[i]) {
				if !all[w].name {
					all[w].firstName = i
				}
				all[w].name, all[w].lastName = true, i
			}
		}
		var names, others []uint32
		for w, in := range all {
			if in.name {
				names = append(names, w)
			} else {
				others = append(others, w)
			}
		}
		slices.Sort(names)
		slices.Sort(others)
		names, others = names[:min(len(names), nameSketch)], others[:min(len(others), wordSketch)]
		if len(got) != len(names)+len(others) {
			t.Fatalf("trial %d: %d words sampled, want %d names and %d others", trial, len(got), len(names), len(others))
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
			name := i < len(names)
			var w uint32
			var first, last int
			if name {
				w = names[i]
				first, last = all[w].firstName, all[w].lastName
			} else {
				w = others[i-len(names)]
				first, last = all[w].first, all[w].last
			}
			if e.word&^1 != w || (e.word&1 != 0) != name {
				t.Fatalf("trial %d: entry %d is %#x, want %#x name %v", trial, i, e.word, w, name)
			}
			if e.fp1 != cover(first) || e.fp2 != cover(last) {
				t.Fatalf("trial %d: word %#x covered by %#x, %#x, want %#x, %#x", trial, w, e.fp1, e.fp2, cover(first), cover(last))
			}
		}
		for s, kept := range [][]uint32{names, others} {
			want := uint32(1<<32 - 1)
			if len(kept) == [2]int{nameSketch, wordSketch}[s] {
				want = kept[len(kept)-1] | 1
			}
			if tau[s] != want {
				t.Fatalf("trial %d: stratum %d of %d words has threshold %#x, want %#x", trial, s, len(kept), tau[s], want)
			}
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

// TestStoriesBridgeRule: an edge by context between two stories whose documents share only a
// standard paragraph (held by unrelated articles too) is dropped; kept when the paragraph is
// the stories' quote (their members hold it), when the pair has text of its own, when the two
// have a neighbour in common, and when the docsets given are not all the run's (StoriesAgain).
func TestStoriesBridgeRule(t *testing.T) {
	ctx := "context"
	// two stories of three, a triangle each, and twenty articles related to nothing
	ids := []string{"a1", "a2", "a3", "b1", "b2", "b3"}
	for i := range 20 {
		ids = append(ids, fmt.Sprintf("x%02d", i))
	}
	ms := members(ids...)
	num := map[string]int{}
	for i, id := range ids {
		num[id] = i
	}
	recurring := func(p Pair) Pair {
		p.Passages = slices.Clone(p.Passages)
		p.Passages[0].recurring = true
		return p
	}
	stories := []Pair{storyPair("a1", "a2", ctx, 25), storyPair("a1", "a3", ctx, 25), storyPair("a2", "a3", ctx, 25),
		storyPair("b1", "b2", ctx, 25), storyPair("b1", "b3", ctx, 25), storyPair("b2", "b3", ctx, 25)}
	docset := func(holders ...string) []RecurringDocset {
		var ds RecurringDocset
		for _, h := range holders {
			ds.Docs = append(ds.Docs, num[h])
		}
		return []RecurringDocset{ds}
	}
	paragraph := docset("a3", "b1", "x00", "x01", "x02")
	stock := func(ds []RecurringDocset) []RecurringDocset {
		ds[0].Stock = true
		return ds
	}
	tests := []struct {
		name    string
		pairs   []Pair
		docsets []RecurringDocset
		again   bool // as StoriesAgain gives them
		want    []string
		bridges int
	}{
		{
			name:    "a standard paragraph bridges nothing",
			pairs:   append(slices.Clone(stories), recurring(storyPair("a3", "b1", ctx, 40))),
			docsets: paragraph,
			want:    []string{"a1 a2 a3", "b1 b2 b3"},
			bridges: 1,
		},
		{
			// a runner gives its stock phrases to StoriesJoined marked, as Run asks its own
			name:    "a standard paragraph that is a stock phrase bridges nothing",
			pairs:   append(slices.Clone(stories), recurring(storyPair("a3", "b1", ctx, 40))),
			docsets: stock(docset("a3", "b1", "x00", "x01", "x02")),
			want:    []string{"a1 a2 a3", "b1 b2 b3"},
			bridges: 1,
		},
		{
			name:    "a stock phrase the stories' members carry is theirs",
			pairs:   append(slices.Clone(stories), recurring(storyPair("a3", "b1", ctx, 40))),
			docsets: stock(docset("a1", "a3", "b1", "b2", "x00")),
			want:    []string{"a1 a2 a3 b1 b2 b3"},
		},
		{
			name:    "a quote the stories' members carry is theirs",
			pairs:   append(slices.Clone(stories), recurring(storyPair("a3", "b1", ctx, 40))),
			docsets: docset("a1", "a3", "b1", "b2", "x00"),
			want:    []string{"a1 a2 a3 b1 b2 b3"},
		},
		{
			name:    "a passage of the pair's own is evidence",
			pairs:   append(slices.Clone(stories), storyPair("a3", "b1", ctx, 40)),
			docsets: paragraph,
			want:    []string{"a1 a2 a3 b1 b2 b3"},
		},
		{
			name:    "a neighbour in common: no bridge",
			pairs:   append(slices.Clone(stories), recurring(storyPair("a3", "b1", ctx, 40)), storyPair("a1", "b1", ctx, 25)),
			docsets: paragraph,
			want:    []string{"a1 a2 a3 b1 b2 b3"},
		},
		{
			name:    "an edge of another kind stays",
			pairs:   append(slices.Clone(stories), recurring(storyPair("a3", "b1", "substantial copy", 40))),
			docsets: paragraph,
			want:    []string{"a1 a2 a3 b1 b2 b3"},
		},
		{
			name:    "without every docset of the run the rule does not run",
			pairs:   append(slices.Clone(stories), recurring(storyPair("a3", "b1", ctx, 40))),
			docsets: paragraph,
			again:   true,
			want:    []string{"a1 a2 a3 b1 b2 b3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var may func(int) bool
			if tt.again {
				may = func(int) bool { return false }
			}
			res, err := storiesJoined(Options{}, ms, tt.pairs, nil, tt.docsets, may, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := clustersOf(res); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("clusters %q, want %q", got, tt.want)
			}
			if res.Stats.Bridges != tt.bridges {
				t.Errorf("%d edges dropped as bridges, want %d", res.Stats.Bridges, tt.bridges)
			}
			for _, p := range res.Pairs {
				if p.A == "a3" && p.B == "b1" && (p.Story == "") != (tt.bridges > 0) {
					t.Errorf("a3 ~ b1's story reason %q", p.Story)
				}
			}
		})
	}
}

// TestStoriesCompilerRule: a source many of whose related articles are hubs in no story is a
// compiler, and its article in a story by one item, whose other items' articles are in no story,
// is a hub too.
func TestStoriesCompilerRule(t *testing.T) {
	ctx := "context"
	ids := []string{"a1", "a2", "b1", "b2", "c1", "c2", "d", "x1", "x2"}
	for i := 1; i <= compilerHubs; i++ {
		ids = append(ids, fmt.Sprintf("h%d", i))
	}
	// three stories of two; h1, h2, ... digests drawing on all three (the hub rule's hubs); d in
	// story a by one item, its other items shared with x1 and x2, articles in no story
	hubs := func(n int, edges func(h string) []Pair) []Pair { // h1 to hn's
		var ps []Pair
		for i := 1; i <= n; i++ {
			ps = append(ps, edges(fmt.Sprintf("h%d", i))...)
		}
		return ps
	}
	digests := func(n int) []Pair {
		return hubs(n, func(h string) []Pair {
			return []Pair{storyPair("a1", h, "own passages", 24), storyPair("b2", h, ctx, 24), storyPair("c1", h, ctx, 26)}
		})
	}
	inStory := func(n int) []Pair {
		return hubs(n, func(h string) []Pair { return []Pair{storyPair("a1", h, ctx, 60), storyPair("b2", h, ctx, 24)} })
	}
	stories := []Pair{storyPair("a1", "a2", ctx, 25), storyPair("b1", "b2", ctx, 25), storyPair("c1", "c2", ctx, 25)}
	d := []Pair{storyPair("a2", "d", ctx, 22), linkAt("x1", "d", 100), linkAt("x2", "d", 200)}
	// enough more related articles of the source, linked in twos, that its hubs are under
	// compilerShare of them
	var others []Pair
	for i := 0; float64(compilerHubs) >= compilerShare*float64(compilerHubs+1+i); i += 2 {
		a, b := fmt.Sprintf("o%03d", i), fmt.Sprintf("o%03d", i+1)
		ids = append(ids, a, b)
		others = append(others, linkAt(a, b, 0))
	}
	tests := []struct {
		name      string
		source    string // of d, the hubs and the others
		pairs     []Pair
		want      []string
		compilers int
	}{
		{
			name:      "a compiler's article in a story by one item is a hub",
			source:    "brief",
			pairs:     slices.Concat(stories, digests(compilerHubs), d),
			want:      []string{"a1 a2", "b1 b2", "c1 c2"},
			compilers: 1,
		},
		{
			// each hub keeps the story it draws on most: hubs in a story are none of a compiler's
			name:   "hubs in stories make no compiler",
			source: "brief",
			pairs:  slices.Concat(stories, inStory(compilerHubs), d),
			want:   []string{"a1 a2 d h1 h2 h3 h4 h5", "b1 b2", "c1 c2"},
		},
		{
			name:   "too few hubs make no compiler",
			source: "brief",
			pairs:  slices.Concat(stories, digests(compilerHubs-1), d),
			want:   []string{"a1 a2 d", "b1 b2", "c1 c2"},
		},
		{
			name:   "a source of many articles and as many hubs is no compiler",
			source: "brief",
			pairs:  slices.Concat(stories, digests(compilerHubs), d, others),
			want:   []string{"a1 a2 d", "b1 b2", "c1 c2"},
		},
		{
			name:   "articles of no source are no compiler's",
			source: "",
			pairs:  slices.Concat(stories, digests(compilerHubs), d),
			want:   []string{"a1 a2 d", "b1 b2", "c1 c2"},
		},
		{
			name:   "one document outside its story: it stays",
			source: "brief",
			pairs:  slices.Concat(stories, digests(compilerHubs), d[:2]),
			want:   []string{"a1 a2 d", "b1 b2", "c1 c2"},
		},
		{
			name:   "a copy in its story: it stays",
			source: "brief",
			pairs:  slices.Concat(stories, digests(compilerHubs), []Pair{storyPair("a2", "d", edgeCopy.String(), 300)}, d[1:]),
			want:   []string{"a1 a2 d", "b1 b2", "c1 c2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := members(ids...)
			for i := range ms {
				if id := ms[i].ID; id == "d" || id[0] == 'h' || id[0] == 'o' {
					ms[i].Source = tt.source
				}
			}
			res, err := Stories(ms, tt.pairs, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := clustersOf(res); fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("clusters %q, want %q", got, tt.want)
			}
			if res.Stats.Compilers != tt.compilers {
				t.Errorf("%d compilations by their source's, want %d", res.Stats.Compilers, tt.compilers)
			}
			hub := false
			for _, h := range res.Hubs {
				hub = hub || h.Member.ID == "d"
			}
			if hub != (tt.compilers > 0) {
				t.Errorf("d a hub record: %v, want %v", hub, tt.compilers > 0)
			}
		})
	}
}
