package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/internal/benchtext"
)

// weighedCorpus writes n articles of a made-up market wire (benchtext.MarketArticle) to JSON
// Lines; articles "a" and "b" (the last two) also carry one standard paragraph, a disclaimer.
func weighedCorpus(t *testing.T, n int) (path string, a, b Document) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 13))
	var lines []string
	for i := range n {
		d := Document{ID: fmt.Sprintf("d%04d", i), Source: fmt.Sprintf("outlet-%d", i%40), Text: benchtext.MarketArticle(rng, 9)}
		switch i {
		case n - 2:
			d.ID, d.Source, d.Text = "a", "north-star", benchtext.MarketArticle(rng, 9)+"\n\n"+benchtext.Disclaimer
			a = d
		case n - 1:
			d.ID, d.Source, d.Text = "b", "east-post", benchtext.MarketArticle(rng, 9)+"\n\n"+benchtext.Disclaimer
			b = d
		}
		line, err := json.Marshal(map[string]string{"id": d.ID, "source": d.Source, "text": d.Text})
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(line))
	}
	path = filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, a, b
}

// TestCompareWithWeights: a pair compared with a corpus's weights (scan --index's pairs with the
// night's, Result.Weights) has its context weighed as Run weighs it: two articles of different
// stories that share a standard paragraph, and otherwise only words every article of
// the corpus holds, are one story by their context when every word weighs alike, and not with
// the corpus's weights.
func TestCompareWithWeights(t *testing.T) {
	path, a, b := weighedCorpus(t, 600)
	res, err := Run(context.Background(), []string{path}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	w := res.Weights()
	if w == nil {
		t.Fatal("Run's result has no weights")
	}
	flat, ok := CompareWith(a, b, Options{}, CompareOptions{AsScan: true})
	if !ok {
		t.Fatal("CompareWith: not related, want reuse by the standard paragraph")
	}
	weighed, ok := CompareWith(a, b, Options{}, CompareOptions{AsScan: true, Weights: w})
	if !ok {
		t.Fatal("CompareWith with weights: not related, want reuse by the standard paragraph")
	}
	t.Logf("context: every word alike %.3f (story %q), weighed %.3f (story %q)", flat.Context, flat.Story, weighed.Context, weighed.Story)
	if flat.Story == "" || flat.Context < storyContext {
		t.Errorf("every word alike: context %.3f, story %q; want a story by context (the test's premise)", flat.Context, flat.Story)
	}
	if weighed.Story != "" || weighed.Context >= storyContext {
		t.Errorf("weighed: context %.3f, story %q; want no story", weighed.Context, weighed.Story)
	}
	if (&Result{}).Weights() != nil {
		t.Error("a result made by hand has weights")
	}
	if r, err := Run(context.Background(), []string{path}, nil, Options{NoReuse: true}); err != nil {
		t.Fatal(err)
	} else {
		if r.Weights() != nil {
			t.Error("a result made with NoReuse has weights")
		}
		r.Close()
	}
}
