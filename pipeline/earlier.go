package pipeline

import (
	"maps"
	"slices"
	"strings"
)

// MinEarlier is how many of an earlier story's indexed articles a story must hold to take in
// the rest (joinEarlier): one may be a link to another story (a quote they both carry), two are
// the story. Simulated on the news corpus split into two nights (scripts/story-persist-sim.py):
// cross-night story pairs 0.9587 / 0.8093 -> 0.9636 / 0.9622 at 20,000 articles with 2, and
// 0.9709 / 0.8828 -> 0.9710 / 0.9005 at 200,000.
const MinEarlier = 2

// joinEarlier joins to a story the indexed articles of the earlier story it continues
// (StoriesAgain: earlier names the story each indexed article was told in on the night it was
// added): an earlier story of which a story holds MinEarlier or more articles (the one that holds
// most, the first of those that hold as many) brings in the story's other articles that are in
// no story (hubs aside). An article its night's scan joined to a story by a quote alone shares no
// pair with a later night's articles, and would be reported nowhere. It decides from the
// stories before it, then joins; the articles it joins are marked (isEarlier).
func (g *storyGraph) joinEarlier(uf unionFind) {
	if g.earlier == nil {
		return
	}
	g.isEarlier = make([]bool, g.n)
	size := make(map[int32]int)
	byStory := map[string][]int32{}
	for i := range g.n {
		size[uf.find(int32(i))]++
		if s := g.earlier[i]; s != "" {
			byStory[s] = append(byStory[s], int32(i))
		}
	}
	var joins [][2]int32
	for _, s := range slices.Sorted(maps.Keys(byStory)) {
		docs := byStory[s]
		held := map[int32]int{} // story (its root): how many of docs it holds
		for _, d := range docs {
			if r := uf.find(d); size[r] > 1 {
				held[r]++
			}
		}
		best, most := int32(-1), 0
		for r, k := range held {
			if k > most || k == most && r < best {
				best, most = r, k
			}
		}
		if most < MinEarlier {
			continue
		}
		for _, d := range docs {
			if size[uf.find(d)] == 1 && !g.isHub[d] {
				joins = append(joins, [2]int32{best, d})
				g.isEarlier[d] = true
			}
		}
	}
	for _, j := range joins {
		uf.union(j[0], j[1])
	}
}

// StoryNames returns the story that each member of res's clusters was told in, for the index to
// remember (neardup scan --index --add): the earlier story most of the cluster's indexed members
// were told in (of holds theirs; the smallest name of those held as often), else a new one, named
// by the id of its first member that is not indexed. Clusters of indexed members alone name
// nothing.
func StoryNames(res *Result, of func(id string) string) map[string]string {
	names := map[string]string{}
	for _, cl := range res.Clusters {
		held := map[string]int{}
		first := ""
		for _, m := range cl.Members {
			if m.Indexed {
				if s := of(m.ID); s != "" {
					held[s]++
				}
			} else if first == "" {
				first = m.ID
			}
		}
		if first == "" {
			continue
		}
		name, most := first, 0
		for s, n := range held {
			if n > most || n == most && strings.Compare(s, name) < 0 {
				name, most = s, n
			}
		}
		for _, m := range cl.Members {
			if !m.Indexed {
				names[m.ID] = name
			}
		}
	}
	return names
}
