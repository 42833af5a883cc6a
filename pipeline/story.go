package pipeline

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
)

// Stories: which related pairs make two documents one story, and which leave them only linked.
//
// A related pair is a story edge when its evidence says the two documents tell one story
// (edgeReason); the stories are the connected components of the edges that survive the hub
// rule (hubEdges). Every other related pair is a link: reported, never merging.

// edgeReason says why a related pair is a story edge.
type edgeReason uint8

const (
	notEdge     edgeReason = iota
	edgeCopy               // exact or near-duplicate: one text
	edgeOwn                // two or more passages, MinReuseWords words together, that no other group holds
	edgeContext            // the rest of the texts are alike (context.go): a story's quote, not a stock paragraph
	edgeCopied             // much of the smaller text is in the larger (containment), however common its text
	edgeQuotes             // a document in no story shares passages with two or more members of one story, and none of another (joinByQuotes, joinByQuote)
	edgeSeries             // two items of one source's template series (series.go) share a verbatim passage
)

func (e edgeReason) String() string {
	return [...]string{"none", "copy", "own passages", "context", "substantial copy", "quotes", "series"}[e]
}

// substantialContainment is the containment (share of the smaller shingle set in the larger) at
// or above which two documents are one story whatever else holds their text: a copy made of
// standard paragraphs is still a copy. Planted copies of the recurring-paragraph corpus have 0.40
// or more, articles that share one of its paragraphs 0.32 or less (99%).
const substantialContainment = 0.4

// rewriteContext is the context similarity at or above which two documents that share only
// rewritten passages tell one story, if published within storyDays of each other (or a date is
// unknown); storyContext is the bar with a verbatim passage. Two articles on one beat say the
// same things in words of their own, and a wire rewords its background and its daily figures in
// every item (the Louvre accord's "agreed to cooperate to hold currencies around current
// levels", the Bundesbank's reserve figures): on Reuters-21578, 2,867 pairs shared only such
// passages with a context of 0.08 or more, and their story edges chained a month of German
// money-market reports, the yen, the G-6 and Japan's trade surplus into one 77-article "story"
// (the five largest clusters 77, 47, 37, 36, 30; 17, 10, 10, 10, 10 without rewritten
// passages). At 0.4 (0.3 left a 22-article one) they were 17 (the Fed's daily repurchases, a
// template series), 15 (the fight for Cyclops), 14 (the Treasury's daily balances, a template
// series), 14 (oil companies raising crude postings in March, June and October) and 12; with the
// days too, 17, 15, 14, 12 (the rubber pact talks) and 11 (the G-7 statement of April 9). The
// news corpus of 20,000 articles had 126 such edges, all within one story, at contexts
// 0.05-0.39: B-cubed recall 0.9783 -> 0.9780. A rewrite whose quote is all it shares with the
// original (testdata/sample's mill closure, context 0.57) keeps its edge.
//
// Either way, two documents published more than storyDays apart (both dates known) are no story
// edge by context: the text they share is held by others too, and what is alike in the rest of
// them is a beat's or a region's, not one story's. On the news corpus with stories of up to 300
// outlets (make news-big) at 200,000 articles, standard paragraphs ("Background: ...", a
// company's box) shared between two big stories' articles published months apart, at contexts
// of 0.08-0.15, joined the stories two and three at a time.
const rewriteContext = 0.4

// storyDocsetContext is the context similarity at or above which two documents that a story's
// docset paired (textStory: most of the documents holding the text they share are alike) tell
// one story: a story of hundreds of outlets has its names in hundreds of documents, which weighs
// them down (weights are squared inverse document frequencies), and its pairs' contexts fall as
// it grows (median 0.115 at 25 outlets, 0.071 at 800, against storyContext 0.08).
const storyDocsetContext = candidateContext

// storyDocset reports whether a story's docset paired documents a < b (corpus.storyPairs).
func (c *corpus) storyDocset(a, b int32) bool {
	_, ok := slices.BinarySearch(c.storyPairs, uint64(min(a, b))<<32|uint64(max(a, b)))
	return ok
}

// withinStoryDays reports whether documents a and b were published within storyDays of each
// other, or either date is unknown.
func (c *corpus) withinStoryDays(a, b int32) bool {
	return !farApart(dayOf(c.docs[a].published), dayOf(c.docs[b].published))
}

// isVerbatim reports whether a passage is a verbatim one.
func isVerbatim(q Passage) bool { return q.Match != Rewritten }

// verdict says whether a related pair is a story edge, and why.
//
// Shared text is evidence of one story in proportion to how much of it the pair alone holds. Two
// or more passages that no third group of documents holds are copying between these two (or
// from a common source that is not in the corpus). A passage that others hold too (a quote five
// outlets carry, a standard paragraph of a site, a digest's sentence) says nothing by itself:
// then the rest of the texts decides, and a quote is story evidence where the texts around it
// tell the same story, however many articles carry it.
func (c *corpus) verdict(r *pairResult) edgeReason {
	switch {
	case r.rel == Exact || r.rel == NearDuplicate:
		return edgeCopy
	case r.rel != Reuse:
		return notEdge
	case r.own >= c.opts.MinReuseWords && r.ownN >= 2:
		return edgeOwn
	case r.context >= storyContext && (slices.ContainsFunc(r.passages, isVerbatim) || r.context >= rewriteContext && !c.twoSeries(r.a, r.b)) && c.withinStoryDays(r.a, r.b):
		return edgeContext
	case r.context >= storyDocsetContext && slices.ContainsFunc(r.passages, isVerbatim) && c.storyDocset(r.a, r.b) && c.withinStoryDays(r.a, r.b):
		return edgeContext
	case r.containment >= substantialContainment:
		return edgeCopied
	case c.sameSeries(r.a, r.b) && slices.ContainsFunc(r.passages, isVerbatim):
		return edgeSeries
	}
	return notEdge
}

// joinByQuotes adds to a story each document in no story that shares two or more separate
// passages (reuse pairs) with two or more of its members and with no member of another story,
// and whose text shares something besides (a context above 0 with one of them at least): an
// outlet that carries a story's quotes in words of its own (its context too unlike the others'
// for an edge); not a digest or roundup, which shares passages with several stories or one
// sentence with one (the hub rule's documents are left out), nor an article that holds two
// standard paragraphs a story's members hold too, and nothing else of theirs. It decides from the stories of the story edges alone, then joins: a document
// joined does not draw others in (two rounds of connected components, each from local evidence).
// The pairs that join a document become story edges ("quotes").
func (g *storyGraph) joinByQuotes(uf unionFind) {
	size := make(map[int32]int)
	for i := range g.n {
		size[uf.find(int32(i))]++
	}
	type link struct {
		root   int32 // the story's
		member int   // the story's member the pair links to
		pair   int   // in g.pairs
	}
	links := map[int][]link{} // by document in no story
	for k, p := range g.pairs {
		if p.Story != "" || p.Relation != Reuse {
			continue
		}
		ra, rb := uf.find(int32(p.a)), uf.find(int32(p.b))
		if size[ra] == 1 && size[rb] > 1 && !g.isHub[p.a] {
			links[p.a] = append(links[p.a], link{rb, p.b, k})
		}
		if size[rb] == 1 && size[ra] > 1 && !g.isHub[p.b] {
			links[p.b] = append(links[p.b], link{ra, p.a, k})
		}
	}
	docs := make([]int, 0, len(links))
	for i := range links {
		docs = append(docs, i)
	}
	slices.Sort(docs)
	var joins [][2]int32
	joined := map[int]bool{}
	for _, i := range docs {
		ls := links[i]
		members := map[int]bool{}
		apart := true // the texts share nothing but the passages: context 0 for every pair
		for _, l := range ls {
			if l.root != ls[0].root {
				members = nil
				break
			}
			members[l.member] = true
			apart = apart && g.pairs[l.pair].Context == 0
		}
		if apart {
			continue
		}
		ks := make([]int, len(ls))
		for k, l := range ls {
			ks[k] = l.pair
		}
		if len(members) < 2 || !twoPassages(i, g.pairs, ks) {
			continue
		}
		joins = append(joins, [2]int32{int32(i), ls[0].root})
		for _, l := range ls {
			g.pairs[l.pair].Story = edgeQuotes.String()
		}
		joined[i] = true
	}
	g.joinByQuote(uf, size, joined, &joins)
	for _, j := range joins {
		uf.union(j[0], j[1])
	}
}

// joinByQuote adds to joins each document in no story, not joined (by joinByQuotes' first
// rule) and not a hub, that holds a passage which members of one story hold, in two or more
// articles that are not copies of each other, and which more of that story's members hold than
// documents outside it do (a quote the story's outlets carry, not a standard paragraph that
// unrelated articles hold too), when no passage of it is another story's alone (in one member
// or more: a digest's sentence of each story), and its text shares
// something besides with one of those members (context not 0, as joinByQuotes asks). Its pairs with that story's
// members become story edges ("quotes"). Documents in no story holding a passage count against
// it; a passage held by no story's members, or by several stories', is no evidence either way.
func (g *storyGraph) joinByQuote(uf unionFind, size map[int32]int, joined map[int]bool, joins *[][2]int32) {
	copies := newUnionFind(g.n) // a story's copies count once
	for _, p := range g.pairs {
		if p.Relation == NearDuplicate || p.Relation == Exact {
			copies.union(int32(p.a), int32(p.b))
		}
	}
	type side struct {
		span  byteSpan
		other int // the document the passage is shared with
		pair  int
	}
	sides := map[int][]side{} // by document in no story
	for k, p := range g.pairs {
		if p.Relation != Reuse {
			continue
		}
		for _, q := range p.Passages {
			if size[uf.find(int32(p.a))] == 1 && !g.isHub[p.a] && !joined[p.a] {
				sides[p.a] = append(sides[p.a], side{byteSpan{q.AStart, q.AEnd}, p.b, k})
			}
			if size[uf.find(int32(p.b))] == 1 && !g.isHub[p.b] && !joined[p.b] {
				sides[p.b] = append(sides[p.b], side{byteSpan{q.BStart, q.BEnd}, p.a, k})
			}
		}
	}
	docs := make([]int, 0, len(sides))
	for i := range sides {
		docs = append(docs, i)
	}
	slices.Sort(docs)
	for _, i := range docs {
		ss := sides[i]
		slices.SortFunc(ss, func(x, y side) int { return cmp.Or(x.span.start-y.span.start, x.span.end-y.span.end, x.other-y.other) })
		// the stories whose members alone (more of them than documents outside any story) hold
		// a passage of i, and those holding one in two or more articles that are not copies
		var only, quoted []int32
		for lo := 0; lo < len(ss); {
			// one passage: the sides that overlap
			hi, end := lo+1, ss[lo].span.end
			for hi < len(ss) && ss[hi].span.start < end {
				end = max(end, ss[hi].span.end)
				hi++
			}
			groups := map[int32]map[int32]bool{} // story: its members' copy groups holding the passage
			outside := 0
			for _, x := range ss[lo:hi] {
				r := uf.find(int32(x.other))
				if size[r] == 1 {
					outside++
					continue
				}
				if groups[r] == nil {
					groups[r] = map[int32]bool{}
				}
				groups[r][copies.find(int32(x.other))] = true
			}
			lo = hi
			if len(groups) != 1 {
				continue // no story's, or several's: no evidence
			}
			for r, gs := range groups {
				if len(gs) <= outside {
					continue // as much text outside stories: a standard paragraph
				}
				if !slices.Contains(only, r) {
					only = append(only, r)
				}
				if len(gs) >= 2 && !slices.Contains(quoted, r) {
					quoted = append(quoted, r)
				}
			}
		}
		if len(only) != 1 || len(quoted) != 1 {
			continue // no story's quote, or passages of two stories: a digest's, a roundup's
		}
		story := quoted[0]
		near := false
		for _, x := range ss {
			if uf.find(int32(x.other)) == story && g.pairs[x.pair].Context != 0 { // -1: not measured (an index's)
				near = true
			}
		}
		if !near {
			continue
		}
		*joins = append(*joins, [2]int32{int32(i), story})
		for _, x := range ss {
			if uf.find(int32(x.other)) == story {
				g.pairs[x.pair].Story = edgeQuotes.String()
			}
		}
	}
}

// passageJoinContext is the context similarity to one of a story's members holding its passage
// at which a document joins the story by joinByPassages (or a small story a larger one,
// joinStories): candidateContext, the bar at which documents sharing recurring text are compared
// at all. It was storyContext (0.08), the bar of a story edge, when the first version of the
// join made the news corpus's story pairs 0.9827 precise at 0.04; with the joins' other
// conditions since (copy groups, fragments, the story join), 0.04 keeps them as precise (news
// 0.9933, newsbig 0.9940, stories of 400 outlets 1.0) and finds the outlets whose own words are
// far from the first 16 holders asked: story pairs recall 0.9527 -> 0.9604, 0.9425 -> 0.9761,
// 0.8511 -> 0.9312 (20,000 articles each).
const passageJoinContext = candidateContext

// joinDominance is how many times the copy groups of a document's docsets that point at the
// story it joins by joinByPassages (a small story's, joinStories) must outnumber those of its
// docsets that point at other stories. It was no other story at all; but an outlet's article
// that carries a big story's two quotes, each held by 20 or 30 of its outlets, often holds a
// phrase of another story too, held by two to nine outlets of that one: at 200,000 news
// articles, story pairs recall 0.9719 -> 0.9748 with twice, 0.9742 with three times (newsbig
// 0.9810 -> 0.9849; 20,000 articles of 400-outlet stories 0.9345 -> 0.9379), the same 288
// false story pairs (newsbig 2,939 -> 2,941 of 4.6 million): the 53 more articles joined at
// 200,000 are all outlets' articles of their story, none a digest. The small stories' join by
// the same rule then: 0.9748 -> 0.9759 (newsbig 0.9849 -> 0.9867; 400-outlet stories 0.9379 ->
// 0.9390), 293 false story pairs (newsbig the same).
const joinDominance = 2

// storyWeight is a story that a document's (or a small story's) docsets point at, and the copy
// groups of that story that hold them, summed.
type storyWeight struct {
	story  int32
	groups int
}

// dominant returns the index of the story of ws that most groups point at (the first, on a
// tie), when they outnumber joinDominance times the groups that point at the others; else -1.
func dominant[W any](ws []W, weight func(W) storyWeight) int {
	if len(ws) == 0 {
		return -1
	}
	best, all := 0, 0
	for i, w := range ws {
		if weight(w).groups > weight(ws[best]).groups {
			best = i
		}
		all += weight(w).groups
	}
	if b := weight(ws[best]).groups; b < joinDominance*(all-b) {
		return -1
	}
	return best
}

// joinByPassages joins to a story each document in no story, and not a hub, whose pairs (links,
// if any) reach no other story (most are in no pair, related to nothing: the pairs of a docset
// of more than maxPairDocs documents are those within context groups, docsetPairs, and an
// outlet unlike all of a big story's first groups is paired with none; a linked one shares a
// passage with a member or two, too little for a story edge) that
// holds recurring text (holders: the documents of each docset that can be reported, as
// DocsetReported decides; stock, when set, tells its stock phrases) which members of one story hold, in two or more articles that are not
// copies of each other, and more of them than documents in no story, when the copy groups of its
// docsets that point at that story outnumber twice (joinDominance) those of its docsets that
// point at others; its context is at passageJoinContext or more with one of those
// members (the first 16 asked); and those docsets are a passage in it (long: their runs, those
// that overlap joined, make one of MinPassage words or more, which the story's record reports:
// a quote that each outlet trims its own way is fragments end to end): an outlet that carries a big
// story's quote in an article of its own. On stories of 400 outlets among 1,000, 62 of the 107
// outlets one story lost held its 23-word quote, which 199 of the story's articles held and 80
// articles in no story. It decides from the stories as they are, then joins: a document joined
// draws no other in.
//
// only, if not nil, says which documents may join (by document); else any may. It returns the
// documents that would have been asked but for their pairs reaching two or more stories: when
// some of those stories join (joinStories), their pairs may reach one, and they are asked again.
func (g *storyGraph) joinByPassages(uf unionFind, only []bool) (split []int32) {
	if g.holders == nil {
		return nil
	}
	root := uf.roots() // read, not written, below: the joins are made at the end
	size := make([]int, g.n)
	for _, r := range root {
		size[r]++
	}
	paired := make([]bool, g.n)
	for _, p := range g.pairs {
		paired[p.a], paired[p.b] = true, true
	}
	// the stories each document's pairs reach: -1 none, -2 several (a document in no story with
	// pairs, a linked one, joins only the one story its pairs reach, if any)
	reach := make([]int32, g.n)
	for i := range reach {
		reach[i] = -1
	}
	for _, p := range g.pairs {
		for _, e := range [2][2]int{{p.a, p.b}, {p.b, p.a}} {
			if r := root[e[1]]; size[r] > 1 && reach[e[0]] != -2 {
				if reach[e[0]] == -1 || reach[e[0]] == r {
					reach[e[0]] = r
				} else {
					reach[e[0]] = -2
				}
			}
		}
	}
	lone := func(d int32) bool { // in no story, and not a hub nor linked to two stories
		return size[root[d]] == 1 && (!paired[d] || !g.isHub[d] && reach[d] != -2) && (g.may == nil || g.may(int(d))) && (only == nil || only[d])
	}
	if only == nil {
		for d := range int32(g.n) {
			if size[root[d]] == 1 && paired[d] && !g.isHub[d] && reach[d] == -2 && (g.may == nil || g.may(int(d))) {
				split = append(split, d)
			}
		}
	}
	// each document that may join (lone): the docsets it holds, in one array (a map of them was
	// a fifth of this function's time at 200,000 synthetic articles)
	start := make([]int32, g.n+1)
	for _, hs := range g.holders {
		for _, d := range hs {
			if lone(d) {
				start[d+1]++
			}
		}
	}
	for i := range g.n {
		start[i+1] += start[i]
	}
	flat := make([]int32, start[g.n])
	next := slices.Clone(start[:g.n])
	for k, hs := range g.holders {
		for _, d := range hs {
			if lone(d) {
				flat[next[d]] = int32(k)
				next[d]++
			}
		}
	}
	// what each docset points at, once for all the documents that hold it: a document that may
	// join is in no story, counts among the holders in no story, and asks none less (itself)
	type pointer struct {
		story      int32 // the story most of its copy groups are in, -1 for none
		groups     int   // the story's copy groups holding it
		held, none int   // the story's members holding it; holders in no story
		stock      int8  // 0 not asked, 1 a stock phrase, 2 not
	}
	points := make([]pointer, len(g.holders))
	for k := range points {
		points[k].story = -2 // not weighed
	}
	group := g.copyGroups() // a story's copies count once
	var scratch []uint64    // a docset's holders in stories: story<<32 | copy group
	var holds []storyHold
	point := func(k int) *pointer {
		pt := &points[k]
		if pt.story != -2 {
			return pt
		}
		*pt = pointer{story: -1}
		scratch = scratch[:0]
		for _, d := range g.holders[k] {
			r := root[d]
			if size[r] == 1 {
				pt.none++
				continue
			}
			scratch = append(scratch, uint64(r)<<32|uint64(group[d]))
		}
		if len(scratch) < 2 || len(scratch) <= pt.none-1 {
			return pt // too few in stories to count (groups: no more than those)
		}
		slices.Sort(scratch)
		holds = storyHolds(holds[:0], scratch)
		for _, h := range holds {
			if h.groups > pt.groups { // the smallest story of the most groups: the first met
				pt.story, pt.groups, pt.held = h.story, h.groups, h.held
			}
		}
		return pt
	}
	var (
		joins    [][2]int32
		pointing []int         // a document's docsets that point at a story
		weights  []storyWeight // the stories they point at
	)
	for i := range g.n {
		if start[i] == start[i+1] {
			continue
		}
		// the docsets that point at a story, and the groups pointing at each story
		pointing, weights = pointing[:0], weights[:0]
		for _, k32 := range flat[start[i]:start[i+1]] {
			k := int(k32)
			pt := point(k)
			if pt.groups < 2 || pt.groups <= pt.none-1 {
				continue
			}
			if g.stock != nil { // asked only of a docset that would count
				if pt.stock == 0 {
					pt.stock = 2
					if g.stock(k) {
						pt.stock = 1
					}
				}
				if pt.stock == 1 {
					continue
				}
			}
			pointing = append(pointing, k)
			if w := slices.IndexFunc(weights, func(w storyWeight) bool { return w.story == pt.story }); w >= 0 {
				weights[w].groups += pt.groups
			} else {
				weights = append(weights, storyWeight{pt.story, pt.groups})
			}
		}
		best := dominant(weights, func(w storyWeight) storyWeight { return w })
		if best < 0 {
			continue
		}
		story := weights[best].story
		var by []int   // the docsets that point at story
		var runs []int // those of them reported in i once it joins (a fragment: if the story's)
		for _, k := range pointing {
			pt := &points[k]
			if pt.story != story {
				continue
			}
			by = append(by, k)
			// a fragment is located only when more than fragmentDocs of one story's
			// members hold it (storyFragment), i among them
			if g.fragment == nil || !g.fragment[k] || pt.held+1 > fragmentDocs {
				runs = append(runs, k)
			}
		}
		if len(runs) == 0 {
			continue
		}
		if reach[i] >= 0 && reach[i] != story {
			continue // linked to another story (asked first: context and long cost more)
		}
		if !g.nearHolders(int32(i), by, story, root) {
			continue
		}
		if g.long != nil && !g.long(runs, i) {
			continue
		}
		joins = append(joins, [2]int32{int32(i), story})
	}
	for _, j := range joins {
		uf.union(j[0], j[1])
		g.joined = append(g.joined, j[0])
	}
	slices.Sort(g.joined)
	g.passageJoins += len(joins)
	return split
}

// overlapping reports whether a span of a overlaps one of b.
func overlapping(a, b []byteSpan) bool {
	for _, x := range a {
		for _, y := range b {
			if x.start < y.end && y.start < x.end {
				return true
			}
		}
	}
	return false
}

// twoPassages reports whether document i holds two or more separate passages of pairs[k] for
// k in ks: two quotes, not one sentence that two copies of an article hold.
func twoPassages(i int, pairs []Pair, ks []int) bool {
	var spans []byteSpan
	for _, k := range ks {
		spans = placesIn(spans, &pairs[k], i)
	}
	slices.SortFunc(spans, func(x, y byteSpan) int { return x.start - y.start })
	n, end := 0, -1
	for _, s := range spans {
		if s.start >= end {
			n++
		}
		end = max(end, s.end)
	}
	return n >= 2
}

// before reports whether document a came out before b: published earlier, or, with the same or
// an unknown date, read first.
func (c *corpus) before(a, b int32) bool {
	return cameBefore(c.docs[a].published, c.docs[b].published, a, b)
}

// cameBefore reports whether document a, published at pa, came out before document b, published
// at pb: by publication time when both are known and differ, else by input order (a < b).
func cameBefore(pa, pb time.Time, a, b int32) bool {
	if !pa.IsZero() && !pb.IsZero() && !pa.Equal(pb) {
		return pa.Before(pb)
	}
	return a < b
}

// storyGraph is what making stories needs: n documents, numbered in input order; their related
// pairs (a, b set, sorted by them) with Story saying why each is a story edge ("" for none);
// and, for the hub rule, the balanced context similarity of two documents (ownWords.balanced;
// nil: neighbours are joined by their edges alone). Run and Stories (an index's articles with a
// run's) make theirs.
type storyGraph struct {
	n                        int
	id                       func(i int) string
	member                   func(i int) Member
	before                   func(a, b int) bool
	context                  func(a, b int) float64
	pairs                    []Pair
	hubs                     int                        // documents whose reuse edges the hub rule dropped
	bridges                  int                        // story edges the bridge rule dropped
	docsets                  bool                       // holders are every docset the run reports: the bridge rule may run
	digests                  int                        // documents in a story the digest rule found compilations
	compilers                int                        // documents in a story the compiler rule found compilations
	isHub                    []bool                     // by document: the hub rule dropped some of its reuse edges, or hub says it is one
	hub                      func(d int) bool           // the documents an earlier run found hubs, whose story edges the pairs come without (StoriesAgain); nil: none
	dropped                  map[int32]string           // the story edges the hub rule dropped (index into pairs): their reasons
	holders                  [][]int32                  // the documents of each docset that can be reported, stock phrases aside (joinByPassages), or nil
	fragment                 []bool                     // by docset of holders: of one fingerprint (nil: none is)
	stock                    func(k int) bool           // whether docset k of holders is a stock phrase, asked when it would count (nil: none is)
	long                     func(ks []int, d int) bool // whether docsets ks of holders, their runs that overlap joined, are a passage (MinPassage words or more) in document d; nil: any is
	may                      func(d int) bool           // whether document d may join a story by holders (nil: any may)
	earlier                  []string                   // by document: the earlier story of an indexed article (StoriesAgain), "" for none; nil: none
	isEarlier                []bool                     // by document: joinEarlier joined it to the story it continues (nil: none)
	joined                   []int32                    // the documents joinByPassages and joinStories joined to a story, ascending
	passageJoins, storyJoins int                        // how many documents joinByPassages joined, and stories joinStories
}

// result applies the hub rule (hubRule) and makes the stories: the connected components of the
// story edges of two or more documents, largest first (ties by first member in input order),
// each with its members, pairs, links and shared passages; the documents in no story related to
// others, hubs (found by the rule) apart from the rest; every pair, in order; and the shared
// passages of pairs of documents in no story whose text is the pairs' own.
func (g *storyGraph) result() *Result {
	g.hubRule()
	g.bridgeRule()
	g.digestRule()
	g.compilerRule()
	n := g.n
	uf := newUnionFind(n)
	for _, p := range g.pairs {
		if p.Story != "" {
			uf.union(int32(p.a), int32(p.b))
		}
	}
	g.joinByQuotes(uf)
	split := g.joinByPassages(uf, nil)
	joined := g.storyJoins
	g.joinStories(uf)
	if len(split) > 0 && g.storyJoins > joined {
		// an article whose pairs reached two parts of a story that joinStories made one (no
		// story joined: its pairs reach what they reached)
		only := make([]bool, g.n)
		for _, d := range split {
			only[d] = true
		}
		g.joinByPassages(uf, only)
	}
	g.rejoinHubs(uf)
	g.joinEarlier(uf)
	// each component's members, in order, in one array (a map of them was a tenth of the
	// clusters' time at 200,000 synthetic articles, for as many keys as documents)
	root, size := uf.roots(), make([]int32, n)
	for _, r := range root {
		size[r]++
	}
	roots := make([]int32, 0)
	start := make([]int32, n) // where a root's members begin in flat
	inComp := 0               // documents in components of two or more
	for r := range n {
		if size[r] > 1 {
			roots = append(roots, int32(r))
			start[r] = int32(inComp)
			inComp += int(size[r])
		}
	}
	flat := make([]int32, inComp)
	next := slices.Clone(start)
	for i, r := range root {
		if size[r] > 1 {
			flat[next[r]] = int32(i)
			next[r]++
		}
	}
	members := func(r int32) []int32 { return flat[start[r] : start[r]+size[r]] }
	slices.SortFunc(roots, func(x, y int32) int {
		if d := size[y] - size[x]; d != 0 {
			return int(d)
		}
		return int(x - y)
	})
	clusterOf := make([]int32, n) // 1-based cluster number, 0 for none
	res := &Result{Clusters: make([]Cluster, len(roots)), joined: g.joined, passageJoins: g.passageJoins, storyJoins: g.storyJoins}
	for k, r := range roots {
		cl := &res.Clusters[k]
		cl.Number = k + 1
		for _, i := range members(r) {
			m := g.member(int(i))
			m.Hub = g.isHub[i]
			m.Earlier = g.isEarlier != nil && g.isEarlier[i]
			cl.Members = append(cl.Members, m)
			clusterOf[i] = int32(k + 1)
		}
		cl.Representative = representative(cl.Members)
	}
	// every related pair once, in order; the clusters, links and hubs take copies
	compiling := compilations(g.pairs, clusterOf)
	isHub := func(i int) bool { return g.isHub[i] || compiling[i] }
	hubs := map[int]*Hub{}
	hub := func(i int) *Hub {
		h := hubs[i]
		if h == nil {
			h = &Hub{Member: g.member(i)}
			h.Member.Hub = isHub(i)
			hubs[i] = h
		}
		return h
	}
	var loose []int // pairs of documents in no cluster
	// each list made once at its size: grown by append, the copies of a million pairs were a
	// fifth of this function's time on the news corpus with stories of up to 300 outlets at
	// 200,000 articles
	res.Pairs = make([]Pair, 0, len(g.pairs))
	inCluster := make([]int, len(res.Clusters))
	for _, p := range g.pairs {
		if ca := clusterOf[p.a]; ca != 0 && ca == clusterOf[p.b] {
			inCluster[ca-1]++
		}
	}
	for k, m := range inCluster {
		if m > 0 {
			res.Clusters[k].Pairs = make([]Pair, 0, m)
		}
	}
	for _, p := range g.pairs {
		ca, cb := clusterOf[p.a], clusterOf[p.b]
		if ca != 0 && ca == cb {
			p.Cluster = int(ca)
		}
		res.Pairs = append(res.Pairs, p)
		switch {
		case p.Cluster != 0:
			// listed once, in the cluster's record: the listing shares its passages with
			// res.Pairs's (no report loads the texts of both at once), where a copy of each was
			// 8.5 MB of the 78 live while c20k's report was written
			cl := &res.Clusters[ca-1]
			cl.Pairs = append(cl.Pairs, p)
		case ca == 0 && cb == 0:
			// two documents in no story: the pair is listed once, under the first, or under
			// the hub when only the second is one
			loose = append(loose, len(res.Pairs)-1)
			if isHub(p.b) && !isHub(p.a) {
				addLink(&hub(p.b).Links, p.A, 0, p.clone())
			} else {
				addLink(&hub(p.a).Links, p.B, 0, p.clone())
			}
		default:
			for _, side := range [2]struct {
				in, out int
				cl      int32
			}{{p.a, p.b, ca}, {p.b, p.a, cb}} {
				if side.cl != 0 {
					addLink(&res.Clusters[side.cl-1].Links, g.id(side.out), int(clusterOf[side.out]), p.clone())
				} else {
					addLink(&hub(side.in).Links, g.id(side.out), int(clusterOf[side.out]), p.clone())
				}
			}
		}
	}
	for k := range res.Clusters {
		cl := &res.Clusters[k]
		cl.Kind = KindExact
		for _, p := range cl.Pairs {
			switch {
			case p.Relation == Reuse:
				cl.Kind = KindStory
			case p.Relation == NearDuplicate && cl.Kind == KindExact:
				cl.Kind = KindSyndicated
			}
		}
		var ps []*Pair
		for i := range cl.Pairs {
			ps = append(ps, &cl.Pairs[i])
		}
		for i := range cl.Links {
			for j := range cl.Links[i].Pairs {
				ps = append(ps, &cl.Links[i].Pairs[j])
			}
		}
		cl.Passages = groupPassages(ps)
	}
	hubDocs := make([]int, 0, len(hubs))
	for i := range hubs {
		hubDocs = append(hubDocs, i)
	}
	slices.Sort(hubDocs)
	for _, i := range hubDocs {
		if isHub(i) {
			res.Hubs = append(res.Hubs, *hubs[i])
		} else {
			res.Linked = append(res.Linked, *hubs[i])
		}
	}
	// the passages of pairs of documents in no story, but those whose text recurs: their
	// docsets report them (docsetPassages), with every occurrence
	var ps []*Pair
	for _, k := range loose {
		q := res.Pairs[k].clone()
		q.Passages = slices.DeleteFunc(q.Passages, func(p Passage) bool { return p.recurring })
		if len(q.Passages) > 0 {
			ps = append(ps, &q)
		}
	}
	res.Passages = groupPassages(ps)
	return res
}

// compilations finds the documents in no cluster that share different passages with two or more
// clusters, each passage with the members of one cluster alone: a digest whose ties to the
// stories it quotes are links, not story edges, so that the hub rule did not weigh it. A standard
// paragraph shared with several stories, or with documents in no story, is one passage held by
// many, and makes no compilation. Overlapping passages of a document are one place in it.
func compilations(pairs []Pair, clusterOf []int32) map[int]bool {
	type place struct {
		start, end int
		cluster    int32 // of the other document; -1: several, or one in no cluster
	}
	places := map[int][]place{}
	for _, p := range pairs {
		for _, side := range [2]struct{ in, out int }{{p.a, p.b}, {p.b, p.a}} {
			if clusterOf[side.in] != 0 {
				continue
			}
			c := clusterOf[side.out]
			if c == 0 {
				c = -1
			}
			for _, q := range p.Passages {
				start, end := q.AStart, q.AEnd
				if side.in == p.b {
					start, end = q.BStart, q.BEnd
				}
				places[side.in] = append(places[side.in], place{start, end, c})
			}
		}
	}
	compiling := map[int]bool{}
	for d, ps := range places {
		slices.SortFunc(ps, func(x, y place) int { return x.start - y.start })
		own := map[int32]bool{} // clusters some place of d is shared with alone
		for i := 0; i < len(ps); {
			c, end := ps[i].cluster, ps[i].end
			j := i + 1
			for ; j < len(ps) && ps[j].start < end; j++ {
				end = max(end, ps[j].end)
				if ps[j].cluster != c {
					c = -1
				}
			}
			if c > 0 {
				own[c] = true
			}
			i = j
		}
		if len(own) >= 2 {
			compiling[d] = true
		}
	}
	return compiling
}

// hubRule drops the story edges a hub makes (Story becomes ""). A hub is a document that
// compiles: a digest, a roundup, a live blog, which shares different passages with several
// stories that are otherwise unrelated. Its neighbours (the documents it has story edges with)
// fall into groups, two neighbours being in one group when they have an edge or a story context
// (balanced, at least storyContext) in common, or a context of storyDocsetContext when both
// share one passage of the document's, each with groupHeads or more other neighbours (a story's
// quote that many outlets carry: a story of hundreds of outlets weighs its own names down, and
// its members' contexts fall under the story bar; a digest's neighbours each share another
// item); a document whose neighbours form two or more groups, of which two or more hold a
// document that came out before it, or share with it text that a document that is none of its
// neighbours had before it (it drew on them, or both on elsewhere, rather than they on it: a wire
// story that several outlets rewrote is their origin, not a hub; an article whose company box a
// few later ones carry too is not, when an earlier article carried it), keeps its reuse edges only to a group that
// outweighs every other by two to one in shared words, and to groups it has a copy in
// (near-duplicate edges are never dropped). It is decided twice: in the second round, a
// neighbour that the first found a hub joins no others by context. The rule looks only at a
// document, its neighbours and the edges among them (and, for the second round, whether those
// are hubs), so that it can be computed in two distributed passes before the connected
// components.
func (g *storyGraph) hubRule() {
	related := g.pairs
	adj := make([][]int32, g.n) // indexes into related of each document's edges
	for k := range related {
		if related[k].Story == "" {
			continue
		}
		a, b := related[k].a, related[k].b
		adj[a] = append(adj[a], int32(k))
		adj[b] = append(adj[b], int32(k))
	}
	other := func(k int32, h int) int {
		if related[k].a == h {
			return related[k].b
		}
		return related[k].a
	}
	// every related pair of each document, story edge or not, to ask whether a place in its text
	// is held by a document that came out before it
	all := make([][]int32, g.n)
	for k := range related {
		a, b := related[k].a, related[k].b
		all[a] = append(all[a], int32(k))
		all[b] = append(all[b], int32(k))
	}
	// heldBefore reports whether what pair k shares with h is in h's text where h shares text
	// with a document that came out before h and is none of its neighbours (a link, not a story
	// edge): then h is not where it came from, and the two have it from elsewhere (a standard
	// paragraph that was out before either). It is asked of context edges only, whose evidence is
	// text others hold too: own passages are no one else's, and a substantial copy made of
	// standard paragraphs is still a copy.
	heldBefore := func(h int, k int32) bool {
		for _, q := range related[k].Passages {
			start, end := placeIn(&related[k], q, h)
			for _, k2 := range all[h] {
				if k2 == k || related[k2].Story != "" || !g.before(other(k2, h), h) {
					continue
				}
				for _, q2 := range related[k2].Passages {
					if s2, e2 := placeIn(&related[k2], q2, h); s2 < end && start < e2 {
						return true
					}
				}
			}
		}
		return false
	}
	// edges as a set of pairs, to ask whether two neighbours have one
	has := make(map[uint64]bool, len(related))
	for k := range related {
		if related[k].Story != "" {
			has[uint64(related[k].a)<<32|uint64(related[k].b)] = true
		}
	}
	hasEdge := func(x, y int) bool {
		return has[uint64(min(x, y))<<32|uint64(max(x, y))]
	}
	isCopy := func(k int32) bool { return related[k].Story == edgeCopy.String() }
	at := make([]int32, g.n) // decide's: 1 + a neighbour's index in nb, 0 for none
	// decide returns the edges of h the rule drops; bridges says which neighbours may join
	// others by context
	decide := func(h int, drop []int32, bridges func(d int) bool) []int32 {
		ks := adj[h]
		if len(ks) < 2 || !slices.ContainsFunc(ks, func(k int32) bool { return !isCopy(k) }) {
			return drop // a hub drops reuse edges: without any, there is nothing to decide
		}
		nb := make([]int, len(ks))
		for i, k := range ks {
			nb[i] = other(k, h)
		}
		uf := newUnionFind(len(nb))
		// the edges among the neighbours, by pairs of neighbours or by the neighbours' own
		// edges, whichever costs less: a big story's first documents (groupHeads) have hundreds
		// of neighbours of a few edges each, and the others a few neighbours of hundreds each.
		// Either way the groups are the same (a group's root is its smallest index). On the news
		// corpus with stories of up to 300 outlets at 200,000 articles, the pairs alone were 2.7
		// of the rule's 4.6 CPU seconds. A pair asks the map of edges (has); an edge is a step
		// through an array: counted as one each, the pairs were still chosen too often (map
		// lookups 1.8 of the rule's 2.6 CPU seconds there); counted as 16 edges a pair, the
		// cluster stage took 4.96-4.97 s against 5.41-5.53 s.
		deg := 0
		for _, d := range nb {
			deg += len(adj[d])
		}
		if deg < 16*len(nb)*(len(nb)-1)/2 {
			for i, d := range nb {
				at[d] = int32(i) + 1
			}
			for i, d := range nb {
				for _, k := range adj[d] {
					if j := at[other(k, d)]; j > 0 && int(j-1) != i {
						uf.union(int32(i), j-1)
					}
				}
			}
			for _, d := range nb {
				at[d] = 0
			}
		} else {
			for i := range nb {
				for j := i + 1; j < len(nb); j++ {
					if hasEdge(nb[i], nb[j]) {
						uf.union(int32(i), int32(j))
					}
				}
			}
		}
		// the items of h's template series it has series edges with are one group: a series'
		// items are one story whatever else each shares (joinSeries), and an item is no
		// compilation of its series (an item whose slots all held one name was a hub of a
		// series of 60 items on the news corpus of 200,000 articles, its series edges dropped)
		series := -1
		for i, k := range ks {
			if related[k].Story != edgeSeries.String() {
				continue
			}
			if series < 0 {
				series = i
			}
			uf.union(int32(series), int32(i))
		}
		// and so are the neighbours of h's source and series title, whatever their edges' reason:
		// h having a series edge, that title is a series of the source (IsSeries), and they are
		// its items. Two items of which much of the smaller is in the larger are a "substantial
		// copy" (verdict asks that first): the item of the 200,000 articles' night against the
		// index with 34 series edges and two such was a hub of its series, one edge dropped.
		if series >= 0 {
			mh := g.member(h)
			title := SeriesTitle(mh.Title)
			for i, d := range nb {
				if md := g.member(d); md.Source == mh.Source && SeriesTitle(md.Title) == title {
					uf.union(int32(series), int32(i))
				}
			}
		}
		if groups(uf) < 2 {
			return drop
		}
		// context between neighbours in different groups joins them too: at the story bar, or
		// at a story's docset's (storyDocsetContext) for two that share one passage of h's
		// with groupHeads or more others each
		if g.context != nil {
			var spans [][]byteSpan // where each neighbour's passages lie in h
			var carried []int      // how many other neighbours share a passage of h with each
			// oneQuote reports whether neighbours i and j share a passage of h that each shares
			// with groupHeads or more other neighbours: a story's quote that many outlets carry
			oneQuote := func(i, j int) bool {
				return carried != nil && carried[i] >= groupHeads && carried[j] >= groupHeads && overlapping(spans[i], spans[j])
			}
			if len(nb) > groupHeads { // else none shares one with groupHeads others
				spans, carried = make([][]byteSpan, len(nb)), make([]int, len(nb))
				for i, k := range ks {
					spans[i] = placesIn(nil, &related[k], h)
				}
				for i := range nb {
					for j := i + 1; j < len(nb); j++ {
						if overlapping(spans[i], spans[j]) {
							carried[i]++
							carried[j]++
						}
					}
				}
			}
			for i := range nb {
				for j := i + 1; j < len(nb); j++ {
					if uf.find(int32(i)) == uf.find(int32(j)) || !bridges(nb[i]) || !bridges(nb[j]) {
						continue
					}
					bar := storyContext
					if oneQuote(i, j) {
						bar = storyDocsetContext
					}
					if g.context(nb[i], nb[j]) >= bar {
						uf.union(int32(i), int32(j))
					}
				}
			}
			if groups(uf) < 2 {
				return drop
			}
		}
		weight := map[int32]int{}
		copies := map[int32]bool{}
		earlier := map[int32]bool{}
		for i, k := range ks {
			gr := uf.find(int32(i))
			for _, q := range related[k].Passages {
				weight[gr] += q.Words
			}
			if isCopy(k) {
				copies[gr] = true
			}
			if g.before(nb[i], h) || related[k].Story == edgeContext.String() && heldBefore(h, k) {
				earlier[gr] = true
			}
		}
		if len(earlier) < 2 {
			return drop // an origin that others drew on, not a compilation
		}
		keep := copies
		if len(copies) == 0 {
			best, second := int32(-1), 0
			for gr, w := range weight {
				if best < 0 || w > weight[best] || w == weight[best] && gr < best {
					best = gr
				}
			}
			for gr, w := range weight {
				if gr != best {
					second = max(second, w)
				}
			}
			if weight[best] >= 2*second {
				keep = map[int32]bool{best: true}
			}
		}
		for i, k := range ks {
			if !isCopy(k) && !keep[uf.find(int32(i))] {
				drop = append(drop, k)
			}
		}
		return drop
	}
	// A first round finds the hubs; in the second, a hub joins no neighbours of another document
	// by context: two digests of one series share their template text, and each holds a little
	// of every story the other links, so that either would join the other's stories into one
	// group and neither would be found a hub.
	first := make([]bool, g.n)
	g.isHub = make([]bool, g.n)
	var drop []int32
	for h := 0; h < g.n; h++ {
		if n := len(drop); len(decide(h, drop, func(int) bool { return true })) > n {
			first[h] = true
		}
		drop = drop[:0]
	}
	for h := 0; h < g.n; h++ {
		n := len(drop)
		if drop = decide(h, drop, func(d int) bool { return !first[d] }); len(drop) > n {
			g.hubs++
			g.isHub[h] = true
		}
	}
	g.dropped = make(map[int32]string, len(drop))
	for _, k := range drop {
		g.dropped[k] = related[k].Story
		related[k].Story = ""
	}
	if g.hub != nil {
		for d := range g.n {
			if g.hub(d) && !g.isHub[d] {
				g.hubs++
				g.isHub[d] = true
			}
		}
	}
}

// rejoinHubs puts back the story edges of each hub the rule left in no story whose related
// documents all turned out to be one story: the groups its neighbours fell into were joined by
// edges of documents that are none of its neighbours, and it drew on one story after all (on
// the news corpus of 20,000 articles, 5 of its 101 hubs, each an outlet of that story). So it
// does for a hub in a story whose dropped edges all lead into that story: the rule cut nothing
// it did not keep, and the document is no hub (on the news corpus of 200,000 articles, 125 of
// the 249 members of stories found hubs, 113 of them a big story's outlets; all its 25 digests
// stay hubs). It decides from the stories of the story edges alone, then joins (a second round
// of connected components, as joinByQuotes).
func (g *storyGraph) rejoinHubs(uf unionFind) {
	size := make(map[int32]int)
	for i := range g.n {
		size[uf.find(int32(i))]++
	}
	// a hub in no story: its related pairs; a hub in a story: the edges the rule dropped
	byHub := map[int][]int32{}
	for k, p := range g.pairs {
		for _, h := range [2]int{p.a, p.b} {
			if !g.isHub[h] {
				continue
			}
			if _, ok := g.dropped[int32(k)]; ok || size[uf.find(int32(h))] == 1 {
				byHub[h] = append(byHub[h], int32(k))
			}
		}
	}
	var joins [][2]int32
	for _, h := range slices.Sorted(maps.Keys(byHub)) {
		ks := byHub[h]
		story := int32(-1) // the one story of the documents of ks
		if r := uf.find(int32(h)); size[r] > 1 {
			story = r // h's own
		}
		one := true
		for _, k := range ks {
			o := g.pairs[k].a
			if o == h {
				o = g.pairs[k].b
			}
			r := uf.find(int32(o))
			if size[r] == 1 || story >= 0 && r != story {
				one = false
				break
			}
			story = r
		}
		if !one {
			continue
		}
		rejoined := false
		for _, k := range ks {
			if why, ok := g.dropped[k]; ok {
				g.pairs[k].Story = why
				joins = append(joins, [2]int32{int32(g.pairs[k].a), int32(g.pairs[k].b)})
				rejoined = true
			}
		}
		if rejoined {
			g.isHub[h] = false
			g.hubs--
		}
	}
	for _, j := range joins {
		uf.union(j[0], j[1])
	}
}

// placeIn is where passage q of pair p is in document d's text (d is p's a or b).
func placeIn(p *Pair, q Passage, d int) (start, end int) {
	if d == p.a {
		return q.AStart, q.AEnd
	}
	return q.BStart, q.BEnd
}

// placesIn appends to dst where each passage of pair p lies in its document d.
func placesIn(dst []byteSpan, p *Pair, d int) []byteSpan {
	for _, q := range p.Passages {
		start, end := placeIn(p, q, d)
		dst = append(dst, byteSpan{start, end})
	}
	return dst
}

// groups counts the sets of a union-find.
func groups(uf unionFind) int {
	n := 0
	for i := range uf {
		if uf.find(int32(i)) == int32(i) {
			n++
		}
	}
	return n
}

// ownWords finds and keeps the own words of documents (corpus.ownWords): for the context
// similarity of the pairs aligning compares (ofView) and of documents that were not compared as
// a pair (of). A document's own words depend on it alone once the first pass is over (the
// fingerprints others hold, the word weights), so each is found once a run: pairs come sorted by
// their first document, and the second's view was evicted from its cache long before it came
// again, to be read, tokenized and weighed once per pair (on the news corpus with stories of up
// to 300 outlets at 200,000 articles, corpus.ownWords was 20.8 of 98 CPU seconds). It is safe for
// concurrent use.
type ownWords struct {
	mu    sync.Mutex
	c     *corpus
	vc    *viewCache
	words map[int32][]uint32
}

func newOwnWords(c *corpus) *ownWords {
	return &ownWords{c: c, words: map[int32][]uint32{}}
}

// ofView returns the own words of the document of view v, which the caller has loaded (not
// lazy): kept from an earlier call for the document, or found in v and kept. The caller must not
// change them.
func (o *ownWords) ofView(v *docView) []uint32 {
	o.mu.Lock()
	w, ok := o.words[v.i]
	o.mu.Unlock()
	if ok {
		return w
	}
	v.wholeTokens()
	w = slices.Clone(o.c.ownWords(v)) // v's own is v's memory, which a later view reuses
	o.mu.Lock()
	defer o.mu.Unlock()
	if kept, ok := o.words[v.i]; ok {
		return kept // another goroutine found them first: the same words
	}
	o.words[v.i] = w
	return w
}

func (o *ownWords) of(i int32) []uint32 {
	o.mu.Lock()
	defer o.mu.Unlock()
	if w, ok := o.words[i]; ok {
		return w
	}
	if o.c.shared == nil {
		return nil
	}
	if o.vc == nil {
		o.vc = newViewCache(o.c, viewAlign)
	}
	v, err := o.vc.get(i)
	var w []uint32
	if err == nil && (!v.lazy || o.vc.tokens(v) == nil) {
		v.wholeTokens()
		w = slices.Clone(o.c.ownWords(v))
	}
	o.words[i] = w
	return w
}

// similarity is the context similarity of two documents from their own words.
func (o *ownWords) similarity(a, b int32) float64 {
	return contextSimilarity(o.of(a), o.of(b))
}

// balanced is the weight of the own words two documents both hold over the larger side's: unlike
// similarity, low when a long text holds a little of a short one's story and much else, as a
// digest does each of its items'. The hub rule joins neighbours with it: by similarity, a digest
// neighbour was like every story it held an item of, and joined them all into one group. On
// Reuters-21578 that kept two grain-export digests from being found hubs and merged six
// unrelated stories; on the news corpus of 20,000 articles, B-cubed story precision 0.9920 ->
// 0.9933, recall 0.9678 -> 0.9651.
func (o *ownWords) balanced(a, b int32) float64 { return BalancedContext(o.of(a), o.of(b)) }

// Stories makes stories of documents from their related pairs, as Run does: members in input
// order (which decides cluster numbers and, where publication dates do not, which document came
// out first), pairs between them with Story set (Compare's verdict, or a run's), and
// context, if not nil, the balanced context similarity of two members by id (for the hub rule:
// the weight of the own words both hold over the larger side's; without, neighbours are joined
// by their edges alone). It returns a result with Clusters, Hubs, Pairs
// and the Passages of pairs of documents in no story; its Stats count the pairs, clusters and
// singletons. Pairs naming a document not among members are an error. neardup scan --index makes
// the stories of a run's articles and the indexed articles related to them with it.
func Stories(members []Member, pairs []Pair, context func(a, b string) float64) (*Result, error) {
	return StoriesJoined(Options{}, members, pairs, context, nil)
}

// StoriesJoined is Stories given the docsets a run reports (as Result.AddRecurring takes them,
// with the options the run ran with), by which a document related to nothing joins a story whose
// members hold its recurring text, as in Run: a runner's stories are Run's when it passes the
// docsets here, and then to AddRecurring.
func StoriesJoined(opts Options, members []Member, pairs []Pair, context func(a, b string) float64, docsets []RecurringDocset) (*Result, error) {
	return storiesJoined(opts, members, pairs, context, docsets, nil, nil, nil)
}

// storiesJoined is StoriesJoined where only the documents may says (nil: any) may join a story by
// its docsets, hub says which documents an earlier run found hubs (nil: none), and earlier names
// the earlier story of each indexed member (nil: none; joinEarlier).
func storiesJoined(opts Options, members []Member, pairs []Pair, context func(a, b string) float64, docsets []RecurringDocset, may func(d int) bool, hub func(id string) bool, earlier []string) (*Result, error) {
	if earlier != nil && len(earlier) != len(members) {
		return nil, fmt.Errorf("stories: %d earlier stories for %d members", len(earlier), len(members))
	}
	opts.SetDefaults()
	var holders [][]int32
	var fragment []bool
	stock := false
	for _, ds := range docsets {
		stock = stock || ds.Stock
		hs := make([]int32, len(ds.Docs))
		for j, d := range ds.Docs {
			if d < 0 || d >= len(members) {
				return nil, fmt.Errorf("stories: docset's document %d of %d members", d, len(members))
			}
			hs[j] = int32(d)
		}
		holders = append(holders, hs)
		fragment = append(fragment, ds.Fragment)
	}
	num := make(map[string]int, len(members))
	for i, m := range members {
		if _, dup := num[m.ID]; dup {
			return nil, fmt.Errorf("stories: member %q listed twice", m.ID)
		}
		num[m.ID] = i
	}
	ps := make([]Pair, len(pairs))
	for k, p := range pairs {
		a, okA := num[p.A]
		b, okB := num[p.B]
		if !okA || !okB {
			return nil, fmt.Errorf("stories: pair %s ~ %s names a document not among the members", p.A, p.B)
		}
		if a > b { // A is the one that comes first
			a, b = b, a
			p = p.swapped()
		}
		p.a, p.b, p.Cluster = a, b, 0
		ps[k] = p
	}
	slices.SortFunc(ps, comparePairs)
	g := &storyGraph{
		n:      len(members),
		id:     func(i int) string { return members[i].ID },
		member: func(i int) Member { return members[i] },
		before: func(a, b int) bool {
			pa, pb := members[a].Published, members[b].Published
			if !pa.IsZero() && !pb.IsZero() && !pa.Equal(pb) {
				return pa.Before(pb)
			}
			return a < b
		},
		pairs:   ps,
		holders: holders,
		// StoriesAgain gives the docsets of the documents its run joined alone
		docsets:  docsets != nil && may == nil,
		fragment: fragment,
		may:      may,
		earlier:  earlier,
		long: func(ks []int, d int) bool {
			var runs []located
			for _, k := range ks {
				for _, f := range docsets[k].Found {
					if f.Doc == d {
						runs = append(runs, located{docset: int32(k), token: int32(f.Token), words: int32(f.Words)})
					}
				}
			}
			return longestRun(runs, ks, holders) >= opts.MinPassage
		},
	}
	if context != nil {
		g.context = func(a, b int) float64 { return context(members[a].ID, members[b].ID) }
	}
	if stock {
		g.stock = func(k int) bool { return docsets[k].Stock }
	}
	if hub != nil {
		g.hub = func(d int) bool { return hub(members[d].ID) }
	}
	res := g.result()
	for i := range res.Clusters {
		c := &res.Clusters[i]
		c.First, c.Spread, c.SpreadRank = Spread(c.Members, c.Pairs)
	}
	res.Stats = Stats{PairsBy: map[Relation]int{}, Edges: map[string]int{}, Hubs: len(res.Hubs), Linked: len(res.Linked), HubRule: g.hubs, Bridges: g.bridges, Digests: g.digests, Compilers: g.compilers, Clusters: len(res.Clusters)}
	res.Stats.Singletons = singletons(len(members), res)
	res.Stats.PassageJoins, res.Stats.StoryJoins = res.passageJoins, res.storyJoins
	for _, p := range res.Pairs {
		res.Stats.Pairs++
		res.Stats.PairsBy[p.Relation]++
		if p.Story != "" {
			res.Stats.Edges[p.Story]++
		}
	}
	return res, nil
}

// swapped returns the pair with its documents the other way round.
func (p Pair) swapped() Pair {
	p.A, p.B = p.B, p.A
	p.CoverageA, p.CoverageB = p.CoverageB, p.CoverageA
	p.Passages = slices.Clone(p.Passages)
	for i := range p.Passages {
		q := &p.Passages[i]
		q.AStart, q.BStart = q.BStart, q.AStart
		q.AEnd, q.BEnd = q.BEnd, q.AEnd
		q.AText, q.BText = q.BText, q.AText
	}
	return p
}

// bridgeRule drops the story edges by context (edgeContext) that bridge two stories by text
// neither story holds: a standard paragraph (a legal line, an editing credit) that articles of
// several unrelated stories carry, in two articles whose texts are alike enough otherwise (a
// beat's names) for the context bar. Such an edge's documents have other neighbours (story edges)
// each and none in common; every verbatim passage it has is recurring text, and it has no
// rewritten one; and no docset both hold (of several fingerprints, held by others too) is held by
// their neighbours more than chance would have it (half its other holders, or four times what
// their share of the documents gives): a story's quote is carried by the story's other outlets,
// which are the pair's neighbours or theirs, a standard paragraph by anyone. The
// pair stays related, a link. On the news corpus with stories of up to 300 outlets at 200,000
// articles, one such edge joined stories of 152 and 101; on the news corpus of 200,000, one
// joined stories of 34 and 27 outlets by an editing-credit line, a stock phrase there: docsets
// that are stock phrases are asked too (a runner gives them, marked, to StoriesJoined:
// RecurringDocset.Stock). The rule looks at a pair, its documents' neighbourhoods and the
// documents of the docsets they hold, so that it is one distributed pass before the connected
// components. It needs every docset the run reports (g.docsets), and holds no edge of another
// kind.
func (g *storyGraph) bridgeRule() {
	if !g.docsets || g.holders == nil {
		return
	}
	adj := make([][]int32, g.n)
	for k := range g.pairs {
		if p := &g.pairs[k]; p.Story != "" {
			adj[p.a] = append(adj[p.a], int32(p.b))
			adj[p.b] = append(adj[p.b], int32(p.a))
		}
	}
	var cands []int32
	ends := map[int32][]int32{} // the docsets of each candidate's documents
	for k := range g.pairs {
		p := &g.pairs[k]
		if p.Story != edgeContext.String() || len(adj[p.a]) < 2 || len(adj[p.b]) < 2 ||
			slices.ContainsFunc(p.Passages, func(q Passage) bool { return !isVerbatim(q) || !q.recurring }) {
			continue
		}
		if slices.ContainsFunc(adj[p.a], func(x int32) bool { return slices.Contains(adj[p.b], x) }) {
			continue // a neighbour in common: no bridge
		}
		cands = append(cands, int32(k))
		ends[int32(p.a)], ends[int32(p.b)] = nil, nil
	}
	if len(cands) == 0 {
		return
	}
	for k, docs := range g.holders {
		if g.fragment != nil && g.fragment[k] || len(docs) < 3 {
			continue
		}
		for _, d := range docs {
			if ds, ok := ends[d]; ok {
				ends[d] = append(ds, int32(k))
			}
		}
	}
	for _, k := range cands {
		p := &g.pairs[k]
		a, b := int32(p.a), int32(p.b)
		shared, theirs := false, false
		for _, ds := range ends[a] {
			if !slices.Contains(ends[b], ds) {
				continue
			}
			shared = true
			others, near := 0, 0
			for _, d := range g.holders[ds] {
				if d == a || d == b {
					continue
				}
				others++
				if slices.Contains(adj[a], d) || slices.Contains(adj[b], d) {
					near++
				}
			}
			// the pair's neighbours hold one at least of the docset's other holders, and half of
			// them, or four times as many as chance would give them
			chance := float64(len(adj[a])+len(adj[b])) * float64(others) / float64(g.n)
			if near >= 1 && (2*near >= others || float64(near) >= 4*chance) {
				theirs = true
				break
			}
		}
		if shared && !theirs {
			p.Story = ""
			g.bridges++
		}
	}
}

// digestRule finds the compilations the hub rule could not see: a document whose story edges
// reach one story (often one edge: a digest's item, its context with that story's article
// enough for the bar), and whose links reach two or more other stories, each by a passage of its
// text that only that story's members share with it. Like a hub, it shares different passages
// with several stories, two or more of which hold a document it shares a passage with that came
// out before it; unless the passages of its own story outweigh every other story's two to one in
// words (each pair's counted), or it is a copy of one of that story's documents, its story edges
// are dropped and it is a hub, linked to each. A document in no story counts as none: on
// Reuters-21578, wire background paragraphs that single articles carry too took articles of
// real small stories out. The stories are the connected components of the story edges the hub
// and bridge rules left (a first round); the rule looks at a document, its related pairs and the
// stories of their other documents, so that it is one distributed pass before the components are
// made again. On the news corpus of 200,000 articles, pairs with a digest in a story were 2,508
// of the 2,713 pairs of its clusters that were no story's.
func (g *storyGraph) digestRule() {
	root, size := g.components()
	story := func(d int) int32 { // d's story, -1 for none
		if size[root[d]] > 1 {
			return root[d]
		}
		return -1
	}
	type place struct {
		start, end, words int
		story             int32 // of the other document
		before            bool  // the other document came out first
	}
	places := map[int][]place{}
	for k := range g.pairs {
		p := &g.pairs[k]
		if story(p.a) < 0 || story(p.b) < 0 || story(p.a) == story(p.b) {
			continue // only documents in stories linked to another story are asked about
		}
		places[p.a], places[p.b] = nil, nil
	}
	if len(places) == 0 {
		return
	}
	copyOf := map[int]bool{} // a document with a copy in its own story
	for k := range g.pairs {
		p := &g.pairs[k]
		for _, side := range [2][2]int{{p.a, p.b}, {p.b, p.a}} {
			in, out := side[0], side[1]
			ps, ok := places[in]
			if !ok {
				continue
			}
			if p.Story == edgeCopy.String() && story(out) == story(in) {
				copyOf[in] = true
			}
			for _, q := range p.Passages {
				start, end := placeIn(p, q, in)
				ps = append(ps, place{start, end, q.Words, story(out), g.before(out, in)})
			}
			places[in] = ps
		}
	}
	var drop []int
	for _, d := range slices.Sorted(maps.Keys(places)) {
		if copyOf[d] {
			continue
		}
		ps := places[d]
		slices.SortFunc(ps, func(x, y place) int { return cmp.Or(x.start-y.start, x.end-y.end) })
		// the words d shares with each story by places that story alone shares with it, counted
		// once a pair, as the hub rule weighs its groups: a story's quote that d shares with
		// thirty of its outlets weighs thirty times one digest item's sentence
		weight := map[int32]int{}
		earlier := map[int32]bool{}
		for i := 0; i < len(ps); {
			c, end, words, before := ps[i].story, ps[i].end, ps[i].words, ps[i].before
			j := i + 1
			for ; j < len(ps) && ps[j].start < end; j++ {
				end, words = max(end, ps[j].end), words+ps[j].words
				before = before || ps[j].before
				if ps[j].story != c {
					c = -1
				}
			}
			if c >= 0 {
				weight[c] += words
				earlier[c] = earlier[c] || before
			}
			i = j
		}
		others := len(weight)
		if _, ok := weight[story(d)]; ok {
			others--
		}
		if others < 2 || countTrue(earlier) < 2 {
			continue
		}
		own, other := weight[story(d)], 0
		for c, w := range weight {
			if c != story(d) {
				other = max(other, w)
			}
		}
		if own < 2*other {
			drop = append(drop, d)
		}
	}
	if len(drop) == 0 {
		return
	}
	compiles := make([]bool, g.n)
	for _, d := range drop {
		compiles[d] = true
		if !g.isHub[d] {
			g.isHub[d] = true
			g.hubs++
		}
		g.digests++
	}
	for k := range g.pairs {
		if p := &g.pairs[k]; p.Story != "" && (compiles[p.a] || compiles[p.b]) {
			g.dropped[int32(k)] = p.Story
			p.Story = ""
		}
	}
}

// compilerRule finds the compilations of a compiler (a newsletter, a "news in brief" page): a
// source many of whose related articles are compilations already found, hubs of the hub and
// digest rules that are in no story (the components of the story edges those rules left, a first
// round, as digestRule's): compilerHubs of them or more, and a share compilerShare or more. Each of
// the source's other articles that is in a story, has no copy there, and shares passages with two
// or more documents outside it is a compilation too: its story edges are dropped and it is a hub,
// linked to each. Its tie to the story is most often one item's sentence, and its other items'
// articles are in no story, where the digest rule, which counts stories, cannot see them. A
// source's count is a group by key; the rest is a document's pairs and their documents' stories.
// A hub in a story does not count: an outlet of a big story, cut from a second story it shared a
// quote with, is one (of 1,000 outlets of stories of 400, some had 3 of their 12-21 related
// articles). At 200,000 articles of the news corpora, the digest sources' related articles were
// 10-20% such hubs, no other outlet's over 1.1%; Reuters-21578 is one source.
func (g *storyGraph) compilerRule() {
	root, size := g.components()
	hubs, related := map[string]int{}, map[string]int{}
	seen := make([]bool, g.n)
	for _, p := range g.pairs {
		for _, d := range [2]int{p.a, p.b} {
			if seen[d] {
				continue
			}
			seen[d] = true
			src := g.member(d).Source
			if src == "" {
				continue
			}
			related[src]++
			if g.isHub[d] && size[root[d]] == 1 {
				hubs[src]++
			}
		}
	}
	compiler := map[string]bool{}
	for src, h := range hubs {
		if h >= compilerHubs && float64(h) >= compilerShare*float64(related[src]) {
			compiler[src] = true
		}
	}
	if len(compiler) == 0 {
		return
	}
	// by candidate (of a compiler, in a story, no hub): the documents outside its story it
	// shares passages with, and whether it has a copy in its story
	outside := map[int]map[int]bool{}
	copyIn := map[int]bool{}
	for k := range g.pairs {
		p := &g.pairs[k]
		for _, side := range [2][2]int{{p.a, p.b}, {p.b, p.a}} {
			d, o := side[0], side[1]
			if g.isHub[d] || size[root[d]] < 2 || !compiler[g.member(d).Source] {
				continue
			}
			if root[o] == root[d] {
				copyIn[d] = copyIn[d] || p.Story == edgeCopy.String()
				continue
			}
			if len(p.Passages) == 0 {
				continue
			}
			if outside[d] == nil {
				outside[d] = map[int]bool{}
			}
			outside[d][o] = true
		}
	}
	compiles := make([]bool, g.n)
	found := false
	for d, outs := range outside {
		if len(outs) >= 2 && !copyIn[d] {
			compiles[d], found = true, true
			g.isHub[d] = true
			g.hubs++
			g.compilers++
		}
	}
	if !found {
		return
	}
	for k := range g.pairs {
		if p := &g.pairs[k]; p.Story != "" && (compiles[p.a] || compiles[p.b]) {
			if g.dropped == nil {
				g.dropped = map[int32]string{}
			}
			g.dropped[int32(k)] = p.Story
			p.Story = ""
		}
	}
}

// compilerHubs and compilerShare make a source a compiler (compilerRule): this many of its
// related articles are hubs in no story, and this share of them. The count keeps a small
// source's few out (three of twelve); the share, half the least a digest source had at 200,000
// articles (evening-roundup's 52 of 507), is over four times the most of any other outlet.
const (
	compilerHubs  = 5
	compilerShare = 0.05
)

// components returns the connected components of the story edges as they stand (a first round,
// for the digest and compiler rules): each document's root, and each root's size.
func (g *storyGraph) components() (root, size []int32) {
	uf := newUnionFind(g.n)
	for k := range g.pairs {
		if p := &g.pairs[k]; p.Story != "" {
			uf.union(int32(p.a), int32(p.b))
		}
	}
	root = uf.roots()
	size = make([]int32, g.n)
	for _, r := range root {
		size[r]++
	}
	return root, size
}

// countTrue counts the true values of m.
func countTrue[K comparable](m map[K]bool) int {
	n := 0
	for _, v := range m {
		if v {
			n++
		}
	}
	return n
}
