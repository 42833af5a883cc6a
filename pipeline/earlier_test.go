package pipeline

import (
	"maps"
	"slices"
	"testing"
)

// TestStoriesAgainEarlier: made again with the stories the indexed members were told in, a story
// that holds two or more articles of an earlier story takes in its other articles that are in no
// story (one only linked to it too, whose pair is then the story's), but not a hub; a story held
// once brings in nothing; a story of indexed articles alone takes in the rest of theirs. Without
// the earlier stories, none joins.
func TestStoriesAgainEarlier(t *testing.T) {
	ids := []string{"n1", "n2", "n3", "n5", "n6", "i1", "i2", "i3", "i4", "i5", "j1", "j2", "k1", "k2", "k3"}
	told := map[string]string{"i1": "s", "i2": "s", "i3": "s", "i4": "s", "i5": "s", "j1": "t", "j2": "t",
		"k1": "u", "k2": "u", "k3": "u"}
	var members []Member
	var earlier []string
	for _, id := range ids {
		_, indexed := told[id]
		members = append(members, Member{ID: id, Source: "src-" + id, Indexed: indexed})
		earlier = append(earlier, told[id])
	}
	edge := func(a, b string) Pair {
		return Pair{A: a, B: b, Relation: NearDuplicate, Story: "copy", Context: -1}
	}
	pairs := []Pair{edge("n1", "n2"), edge("n2", "n3"), edge("i1", "n1"), edge("i2", "n2"), edge("n3", "j1"),
		edge("k1", "k2"), edge("n5", "n6"),
		{A: "n1", B: "i5", Relation: Reuse, Context: 0.01}} // a link: i5 is in no story by its pairs
	run := &Result{Hubs: []Hub{{Member: Member{ID: "i4"}}}}

	clusters := func(res *Result) map[string][]string {
		t.Helper()
		out := map[string][]string{}
		for _, cl := range res.Clusters {
			var ms []string
			for _, m := range cl.Members {
				ms = append(ms, m.ID)
				if m.Earlier != slices.Contains([]string{"i3", "i5", "k3"}, m.ID) {
					t.Errorf("member %s of cluster %d: Earlier %v", m.ID, cl.Number, m.Earlier)
				}
			}
			slices.Sort(ms)
			out[ms[0]] = ms
			for _, p := range cl.Pairs {
				if p.Cluster != cl.Number {
					t.Errorf("pair %s ~ %s of cluster %d says cluster %d", p.A, p.B, cl.Number, p.Cluster)
				}
			}
		}
		return out
	}

	res, _, err := StoriesAgain(run, members, pairs, earlier)
	if err != nil {
		t.Fatal(err)
	}
	got := clusters(res)
	want := map[string][]string{
		"i1": {"i1", "i2", "i3", "i5", "j1", "n1", "n2", "n3"},
		"k1": {"k1", "k2", "k3"},
		"n5": {"n5", "n6"},
	}
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("clusters with the earlier stories:\n%v\nwant\n%v", got, want)
	}
	for _, h := range res.Linked {
		if h.Member.ID == "i5" {
			t.Error("i5 is a member of a story and still listed as linked")
		}
	}
	for _, p := range res.Pairs {
		if p.B == "i5" && p.Cluster != res.Clusters[0].Number {
			t.Errorf("i5's pair with n1 is in cluster %d, want %d", p.Cluster, res.Clusters[0].Number)
		}
	}
	if res.Clusters[0].Kind != KindStory {
		t.Errorf("the story that took in i3 and i5 is %q", res.Clusters[0].Kind)
	}

	names := StoryNames(res, func(id string) string { return told[id] })
	wantNames := map[string]string{"n1": "s", "n2": "s", "n3": "s", "n5": "n5", "n6": "n5"}
	if !maps.Equal(names, wantNames) {
		t.Errorf("StoryNames = %v, want %v", names, wantNames)
	}

	// without the earlier stories, those in no pair stay out, and i5 stays linked
	res, _, err = StoriesAgain(run, members, pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	want = map[string][]string{
		"i1": {"i1", "i2", "j1", "n1", "n2", "n3"},
		"k1": {"k1", "k2"},
		"n5": {"n5", "n6"},
	}
	for _, cl := range res.Clusters {
		for _, m := range cl.Members {
			if m.Earlier {
				t.Errorf("%s joined an earlier story with none given", m.ID)
			}
		}
	}
	if got := clusters2(res); !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("clusters without the earlier stories:\n%v\nwant\n%v", got, want)
	}
	if _, _, err := StoriesAgain(run, members, pairs, earlier[:3]); err == nil {
		t.Error("earlier stories for 3 of the members: no error")
	}
}

// clusters2 gives each cluster's sorted ids by its first.
func clusters2(res *Result) map[string][]string {
	out := map[string][]string{}
	for _, cl := range res.Clusters {
		var ms []string
		for _, m := range cl.Members {
			ms = append(ms, m.ID)
		}
		slices.Sort(ms)
		out[ms[0]] = ms
	}
	return out
}
