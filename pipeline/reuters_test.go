package pipeline_test

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/reference"
)

const reutersPath = "../../shared/data/reuters21578.jsonl.gz"

// RecallAgainstReference scores the near-duplicates of res against the exact reference at the
// default thresholds. A reference pair is found when reported, or when the two documents are exact
// duplicates of each other or of the two ends of a reported pair (exact groups are stars).
func recallAgainstReference(t *testing.T, res *pipeline.Result, ids []string, texts []string) (found, total, reported, correct int) {
	t.Helper()
	leader := map[string]string{}
	got := map[pairKey]bool{}
	for _, c := range res.Clusters {
		for _, p := range c.Pairs {
			if p.Relation == pipeline.Exact {
				leader[p.B] = p.A
			}
		}
	}
	lead := func(id string) string {
		if l, ok := leader[id]; ok {
			return l
		}
		return id
	}
	for _, c := range res.Clusters {
		for _, p := range c.Pairs {
			if p.Relation == pipeline.Reuse {
				continue
			}
			a, b := lead(p.A), lead(p.B)
			if b < a {
				a, b = b, a
			}
			got[pairKey{a, b}] = true
		}
	}
	sets := reference.Sets(texts, pipeline.DefaultShingle)
	all := reference.Pairs(sets, pipeline.DefaultThreshold, pipeline.DefaultContainment)
	inRef := map[pairKey]bool{}
	for _, p := range all {
		a, b := lead(ids[p.A]), lead(ids[p.B])
		if b < a {
			a, b = b, a
		}
		if p.Jaccard >= pipeline.DefaultThreshold || p.SmallerShing >= pipeline.DefaultMinPassage-pipeline.DefaultShingle+1 {
			inRef[pairKey{a, b}] = true
		}
		if p.Jaccard < pipeline.DefaultThreshold {
			continue
		}
		total++
		if a == b || got[pairKey{a, b}] {
			found++
		}
	}
	for k := range got {
		reported++
		if inRef[k] || k.a == k.b {
			correct++
		}
	}
	return
}

// TestReutersRecall measures near-duplicate recall and precision on Reuters-21578 against the
// exact reference: recall at least 0.99, and every reported pair a true one.
func TestReutersRecall(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if _, err := os.Stat(reutersPath); err != nil {
		t.Skip("../shared/data is absent")
	}
	var ids, texts []string
	var ro input.ReadOptions
	err := input.Walk(context.Background(), []string{reutersPath}, nil, &ro, func(r input.Record) error {
		d, _, perr := ro.Parse(r)
		if perr == nil {
			ids, texts = append(ids, d.ID), append(texts, d.Text)
		}
		return nil
	}, func(*input.RecordError) {}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opts pipeline.Options
	}{{"LSH only (--no-reuse)", pipeline.Options{NoReuse: true}}, {"default", pipeline.Options{}}} {
		res := run(t, tc.opts, reutersPath)
		found, total, reported, correct := recallAgainstReference(t, res, ids, texts)
		recall := float64(found) / float64(total)
		precision := float64(correct) / float64(reported)
		t.Logf("Reuters-21578, %s: near-duplicate recall %.4f (%d/%d pairs at Jaccard >= 0.5), precision %.4f (%d/%d)",
			tc.name, recall, found, total, precision, correct, reported)
		if recall < 0.99 {
			t.Errorf("%s: recall %.4f < 0.99", tc.name, recall)
		}
		if precision < 1 {
			t.Errorf("%s: precision %.4f < 1: every reported pair is verified exactly", tc.name, precision)
		}
	}
}

// TestReutersStories: the default scan of Reuters-21578 makes no story that chains separate
// stories through what the wire says about them in words of its own. Its largest clusters are
// template series (the daily hog and cattle slaughter estimates, all 25 items; the Fed's
// repurchases, 17) and single running stories (a takeover fight, 15); before rewritten passages
// needed a closer context to make a story edge (rewriteContext), a month of German money-market
// reports, the yen, the G-6 and Japan's trade surplus were one 77-article "story". A cluster of
// more than 20 articles must be one template series: its items all of one source and title.
func TestReutersStories(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if _, err := os.Stat(reutersPath); err != nil {
		t.Skip("../shared/data is absent")
	}
	res := run(t, pipeline.Options{}, reutersPath)
	sizes := make([]int, 0, len(res.Clusters))
	const most = 20 // a running story's, and a little room
	for _, c := range res.Clusters {
		sizes = append(sizes, len(c.Members))
		if len(c.Members) <= most {
			continue
		}
		series := map[string]int{}
		for _, m := range c.Members {
			series[m.Source+"\x00"+pipeline.SeriesTitle(m.Title)]++
		}
		if len(series) > 1 {
			t.Errorf("cluster %d: %d articles of %d sources and titles, want at most %d unless one template series: %v",
				c.Number, len(c.Members), len(series), most, series)
		}
	}
	slices.Sort(sizes)
	slices.Reverse(sizes)
	t.Logf("Reuters-21578: %d clusters, the largest %v", len(sizes), sizes[:min(len(sizes), 10)])
	if len(sizes) == 0 {
		t.Error("no clusters")
	}
}
