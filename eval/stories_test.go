package eval

import (
	"math"
	"strings"
	"testing"
)

func TestScoreStories(t *testing.T) {
	stories, err := ReadStories(strings.NewReader("id\tstory\trole\na\ts1\tx\nb\ts1\tx\nc\ts1\tx\nd\ts2\tx\ne\ts2\tx\nf\ts3\tx\n"), "stories.tsv")
	if err != nil {
		t.Fatal(err)
	}
	// clusters {a, b} and {c, d}; e and f alone; g is not in the stories file
	out := &Output{Cluster: map[string]int{"a": 1, "b": 1, "c": 2, "d": 2, "g": 2}}
	got := ScoreStories(out, stories)
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	// per document, precision and recall: a, b 1 and 2/3; c 1/2 and 1/3; d 1/2 and 1/2;
	// e 1 and 1/2; f 1 and 1
	if !near(got.BCubedPrecision, 5.0/6) || !near(got.BCubedRecall, (2.0/3+2.0/3+1.0/3+0.5+0.5+1)/6) {
		t.Errorf("B-cubed precision %g, recall %g, want %g, %g", got.BCubedPrecision, got.BCubedRecall, 5.0/6, (2.0/3+2.0/3+1.0/3+0.5+0.5+1)/6)
	}
	// pairs: ab and cd reported; ab, ac, bc and de true
	if got.PairsReported != 2 || got.PairsTruth != 4 || got.PairsFound != 1 || !near(got.PairPrecision, 0.5) || !near(got.PairRecall, 0.25) {
		t.Errorf("pairs %d found of %d reported and %d true (precision %g, recall %g), want 1 of 2 and 4",
			got.PairsFound, got.PairsReported, got.PairsTruth, got.PairPrecision, got.PairRecall)
	}
	if got.Docs != 6 || got.Stories != 2 || got.Clusters != 2 {
		t.Errorf("%d documents, %d stories, %d clusters, want 6, 2, 2", got.Docs, got.Stories, got.Clusters)
	}
	perfect := ScoreStories(&Output{Cluster: map[string]int{"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}}, stories)
	if perfect.BCubedPrecision != 1 || perfect.BCubedRecall != 1 || perfect.PairF1 != 1 {
		t.Errorf("clusters equal to the stories: %+v", perfect)
	}
	for _, bad := range []string{"a\n", "a\ts1\na\ts2\n"} {
		if _, err := ReadStories(strings.NewReader(bad), "bad.tsv"); err == nil {
			t.Errorf("ReadStories(%q): no error", bad)
		}
	}
}
