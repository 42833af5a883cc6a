package corpus

import "math/rand/v2"

// Random streams of the news shapes, apart from the articles' stream so that with the shapes
// off not one draw of it moves.
const (
	streamPlan   = 0x706c616e   // "plan": where the shaped articles go
	streamShapes = 0x7368617065 // "shape": everything else they draw, prose included
)

// shapes readies the news shapes of g.opts: the plan, the shapes' own writer, the pool of
// recurring paragraphs and the rings of recent articles.
func (g *generator) shapes(m *Model) {
	o := &g.opts
	src := rand.NewPCG(o.Seed, streamShapes)
	g.x = rand.New(src)
	g.xw = newWriter(m, src, g.x, share(o.Backoff), share(o.SparseBackoff))
	g.plan = newPlan(rand.New(rand.NewPCG(o.Seed, streamPlan)), o)
	g.recurring = g.recurringPool(poolSize(o))
	g.recurChance = recurringChance(o)
	g.stats.RecurringPool = len(g.recurring)
	if share(o.Digests) > 0 {
		g.recent = newRecent(max(64, o.N*recentDays/len(g.days)))
	}
	if share(o.Reruns) > 0 {
		g.printed = make([]outletRing, o.Sources)
	}
}

// next writes article i: what the plan put there, else a base article.
func (g *generator) next(i int) error {
	if g.plan == nil {
		return g.article(i)
	}
	switch g.plan.kind[i] {
	case slotStory:
		return g.storyArticle(i, int(g.plan.arg[i]))
	case slotDigest:
		return g.digest(i)
	case slotSameNames:
		if len(g.begun) > 0 {
			return g.sameNames(i)
		}
	case slotRerun:
		return g.rerun(i)
	case slotTemplate:
		return g.templateItem(i, int(g.plan.arg[i]))
	}
	return g.article(i)
}
