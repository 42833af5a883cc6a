package pipeline

import (
	"context"
	"slices"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/neardup/neardup/shingle"
)

// directions gives every related pair of the result its direction (Origin), and every cluster
// its spread (a near-duplicate pair's changes are made with its texts, when a report loads them:
// Result.changes). Pairs are worked on by Options.Workers goroutines, each
// result kept at the pair's place, so that the output does not depend on how many.
func (c *corpus) directions(ctx context.Context, res *Result) error {
	n := len(res.Pairs)
	dirs := make([]Direction, n)
	// in the order aligning compared them (localOrder), so that a document whose text is asked
	// for is still in the worker's cache (docCache) for most of its pairs
	pairs := make([]uint64, n)
	for k := range res.Pairs {
		pairs[k] = uint64(res.Pairs[k].a)<<32 | uint64(res.Pairs[k].b)
	}
	order := localOrder(pairs, len(c.docs))
	var next atomic.Int64
	const chunk = 32
	g, ctx := errgroup.WithContext(ctx)
	for range min(c.opts.Workers, max(1, n/chunk)) {
		g.Go(func() error {
			cache := docCache{docs: map[int]*cachedDoc{}}
			for {
				if err := ctx.Err(); err != nil {
					return err
				}
				k0 := int(next.Add(chunk)) - chunk
				if k0 >= n {
					return nil
				}
				for _, k := range order[k0:min(k0+chunk, n)] {
					var err error
					if dirs[k], err = c.direction(&res.Pairs[k], &cache); err != nil {
						return err
					}
				}
			}
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	at := make(map[[2]int]int, n)
	for k := range res.Pairs {
		p := &res.Pairs[k]
		at[[2]int{p.a, p.b}] = k
		p.setDirection(dirs[k], nil)
	}
	set := func(p *Pair) {
		if k, ok := at[[2]int{p.a, p.b}]; ok {
			p.setDirection(dirs[k], nil)
		}
	}
	for i := range res.Clusters {
		cl := &res.Clusters[i]
		for j := range cl.Pairs {
			set(&cl.Pairs[j])
		}
		for j := range cl.Links {
			for k := range cl.Links[j].Pairs {
				set(&cl.Links[j].Pairs[k])
			}
		}
		cl.First, cl.Spread, cl.SpreadRank = Spread(cl.Members, cl.Pairs)
	}
	for _, hubs := range [][]Hub{res.Hubs, res.Linked} {
		for i := range hubs {
			for j := range hubs[i].Links {
				for k := range hubs[i].Links[j].Pairs {
					set(&hubs[i].Links[j].Pairs[k])
				}
			}
		}
	}
	return nil
}

// Direct sets a pair's direction (Origin, OriginBy, OriginRule) from its two documents (A's and
// B's: ID, Source, Published, Text) and its passages, as Run does, and for a near-duplicate its
// Changes: for pairs made outside Run (an index's).
func Direct(p *Pair, a, b *Document) {
	direct(p, a, b, nil, nil, true)
}

// direct is Direct with the documents' tokens, if the caller has them (a Comparer's views);
// nil ones are made from the texts if they are needed. Without changes a near-duplicate gets no
// Changes, as in Run with NoReuse.
func direct(p *Pair, a, b *Document, toksA, toksB []shingle.Token, changes bool) {
	tokens := func() {
		if toksA == nil {
			toksA = shingle.Tokenize(a.Text)
		}
		if toksB == nil {
			toksB = shingle.Tokenize(b.Text)
		}
	}
	d := originBy(a, b, directionPassages(p), func() ([]shingle.Token, []shingle.Token) {
		tokens()
		return toksA, toksB
	})
	var ch *Changes
	if p.Relation == NearDuplicate && changes {
		tokens()
		ch = pairChanges(p.A, p.B, d.Origin, a.Text, b.Text, toksA, toksB, p.Passages)
	}
	p.setDirection(d, ch)
}

// pairChanges is Diff for a pair of documents a and b (ids, texts, tokens) with the passages
// they share (a's offsets first) and origin, the id of the likely original: from it to the other,
// or from a to b when undecided.
func pairChanges(a, b, origin, ta, tb string, toksA, toksB []shingle.Token, passages []Passage) *Changes {
	if origin == b && b != a {
		return diffDocs(b, a, tb, ta, toksB, toksA, swapped(passages))
	}
	return diffDocs(a, b, ta, tb, toksA, toksB, passages)
}

func (p *Pair) setDirection(d Direction, ch *Changes) {
	p.Origin, p.OriginBy, p.OriginRule, p.Changes = d.Origin, d.By, d.Rule, ch
}

// docCache holds the documents a worker read last (dirCacheSize of them, evicting the oldest),
// each with its tokens, made by a Tokenizer of its own which reuses their memory for the next
// document it holds (nothing a pair's direction keeps points into them). Pairs come in
// localOrder: most of a document's pairs come while it is held. Before, it held one document,
// the last pair's A, and pairs came in their own order (by A): on the news corpus with stories of
// up to 300 outlets at 200,000 articles, reading and tokenizing texts was 1.9 of direction's 5.1
// CPU seconds.
type docCache struct {
	docs  map[int]*cachedDoc
	ring  []*cachedDoc // oldest at next
	next  int
	sides [2]sideScratch // textDirection's
}

type cachedDoc struct {
	i    int
	text string
	tz   shingle.Tokenizer
	toks []shingle.Token
}

// dirCacheSize is how many documents a direction worker holds: about 30 KB each for a 500-word
// article.
const dirCacheSize = 32

// doc returns document i's text and tokens, read unless held; it never evicts document keep
// (the pair's other document, whose tokens the caller holds).
func (c *corpus) doc(i int, dc *docCache, keep int) (string, []shingle.Token, error) {
	if e, ok := dc.docs[i]; ok {
		return e.text, e.toks, nil
	}
	d := &c.docs[i]
	t, err := c.spool.read(d.off, d.length)
	if err != nil {
		return "", nil, err
	}
	var e *cachedDoc
	if len(dc.ring) < dirCacheSize {
		e = new(cachedDoc)
		dc.ring = append(dc.ring, e)
	} else {
		if dc.ring[dc.next].i == keep {
			dc.next = (dc.next + 1) % len(dc.ring)
		}
		e = dc.ring[dc.next]
		dc.next = (dc.next + 1) % len(dc.ring)
		delete(dc.docs, e.i)
	}
	e.i, e.text, e.toks = i, t, e.tz.Tokenize(t)
	dc.docs[i] = e
	return e.text, e.toks, nil
}

// direction is Origin for one pair of the corpus.
func (c *corpus) direction(p *Pair, dc *docCache) (Direction, error) {
	da, db := &c.docs[p.a], &c.docs[p.b]
	var d Direction
	switch publishedOrder(da.published, db.published) {
	case -1:
		d = Direction{Origin: da.id, By: ByPublished}
	case 1:
		d = Direction{Origin: db.id, By: ByPublished}
	}
	// the text is read only when it decides: not for a pair the publication times order, nor
	// for one without passages (with NoReuse, the fast path reads no text back)
	if d.Origin != "" || p.Relation == Exact || len(p.Passages) == 0 {
		return d, nil
	}
	ta, toksA, err := c.doc(p.a, dc, -1)
	if err != nil {
		return d, err
	}
	tb, toksB, err := c.doc(p.b, dc, p.a)
	if err != nil {
		return d, err
	}
	return textDirection(&Document{ID: da.id, Source: da.source, Text: ta}, &Document{ID: db.id, Source: db.source, Text: tb},
		toksA, toksB, directionPassages(p), &dc.sides), nil
}

// directionPassages returns the passages whose layout tells which text came first: the verbatim
// passages as aligned (Pair.pieces), when rewritten or joined passages took some in, else the
// pair's passages. The text rules (origin.go) read what each text has around and between the
// copied words, which a rewritten passage over them hides (the synthetic corpus's planted
// rewrites, without published times: base named origin 91.4% of 313 with the pieces, as with
// verbatim passages alone; 78.3% with the rewritten passages, 82.7% with the verbatim ones and
// the pieces rewritten ones took in).
func directionPassages(p *Pair) []Passage {
	if p.pieces != nil {
		return p.pieces
	}
	return p.Passages
}

// swapped returns passages with their sides exchanged.
func swapped(ps []Passage) []Passage {
	out := make([]Passage, len(ps))
	for i, q := range ps {
		out[i] = Passage{AStart: q.BStart, AEnd: q.BEnd, BStart: q.AStart, BEnd: q.AEnd, Words: q.Words}
	}
	return out
}

// Spread orders the members of a cluster by when they appeared: first, their ids in order, and
// the rank of each (1 for the first; members the evidence cannot order share a rank, and the
// next rank skips as many: 1, 2, 2, 4). Members with a publication time come first, in its
// order; members whose times cannot be told apart (the same day, when either is a date alone)
// are ordered among themselves by the direction of their pairs (each scores the pairs it is the
// origin of less those it is the copy of); members without one follow, ordered the same way.
// Members the scores do not order share a rank and are listed in input order. first is the id
// ranked 1 alone, or "" when several share rank 1.
func Spread(members []Member, pairs []Pair) (first string, ids []string, rank []int) {
	if len(members) == 0 {
		return "", nil, nil
	}
	idx := make(map[string]int, len(members))
	for i, m := range members {
		idx[m.ID] = i
	}
	score := make([]int, len(members))
	// groups of members whose times cannot be told apart, in order of time; then the undated
	var dated, undated []int
	for i, m := range members {
		if m.Published.IsZero() {
			undated = append(undated, i)
		} else {
			dated = append(dated, i)
		}
	}
	slices.SortStableFunc(dated, func(x, y int) int { return members[x].Published.Compare(members[y].Published) })
	var groups [][]int
	for _, i := range dated {
		// in time order, a member that cannot be told from the group's first or last joins it
		// (a date alone ties with every time of its day); comparing those two keeps this linear
		if n := len(groups); n > 0 && (publishedOrder(members[groups[n-1][0]].Published, members[i].Published) == 0 ||
			publishedOrder(members[groups[n-1][len(groups[n-1])-1]].Published, members[i].Published) == 0) {
			groups[n-1] = append(groups[n-1], i)
			continue
		}
		groups = append(groups, []int{i})
	}
	if len(undated) > 0 {
		groups = append(groups, undated)
	}
	group := make([]int, len(members))
	for g, ms := range groups {
		for _, i := range ms {
			group[i] = g
		}
	}
	for _, p := range pairs {
		a, okA := idx[p.A]
		b, okB := idx[p.B]
		if !okA || !okB || group[a] != group[b] || p.Origin == "" {
			continue
		}
		if p.Origin == p.B {
			a, b = b, a
		}
		score[a]++
		score[b]--
	}
	ids = make([]string, 0, len(members))
	rank = make([]int, 0, len(members))
	for _, ms := range groups {
		slices.SortStableFunc(ms, func(x, y int) int { return score[y] - score[x] })
		for k, i := range ms {
			r := len(ids) + 1
			if k > 0 && score[ms[k-1]] == score[i] {
				r = rank[len(rank)-1]
			}
			ids = append(ids, members[i].ID)
			rank = append(rank, r)
		}
	}
	if len(rank) == 1 || rank[1] != 1 {
		first = ids[0]
	}
	return first, ids, rank
}
