package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// weighedCorpus writes n articles of a made-up wire to JSON Lines and returns their texts by id:
// each is the same vocabulary of market words (in every article, so worth nothing to tell two
// apart) and a few words of its own, made up, that no other article holds; articles "a" and "b"
// (the last two) also carry one standard paragraph, a disclaimer.
func weighedCorpus(t *testing.T, n int) (path string, a, b Document) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 13))
	word := func() string { // a made-up word: 26^8 of them, no two articles share one
		b := make([]byte, 8)
		for i := range b {
			b[i] = byte('a' + rng.IntN(26))
		}
		return string(b)
	}
	common := strings.Fields("the company said shares rose percent in trading on the market as investors " +
		"weighed quarterly results and the outlook for profit margins while analysts expected " +
		"revenue growth to slow next year according to figures released by the firm")
	// the ends of a shared passage, before its first fingerprint and after its last, count as each
	// article's own words: words every article holds there
	about := "the company said the market past performance is no guarantee of future returns and readers should consult an independent " +
		"adviser before making any decision about their savings or pensions as investors weighed the outlook for the market"
	article := func(own int) string {
		var s strings.Builder
		for p := range 3 {
			ws := slices.Clone(common)
			rng.Shuffle(len(ws), func(i, j int) { ws[i], ws[j] = ws[j], ws[i] })
			for range own {
				ws = append(ws, word())
			}
			rng.Shuffle(len(ws), func(i, j int) { ws[i], ws[j] = ws[j], ws[i] })
			if p > 0 {
				s.WriteString("\n\n")
			}
			s.WriteString(strings.Join(ws, " ") + ".")
		}
		return s.String()
	}
	var lines []string
	for i := range n {
		d := Document{ID: fmt.Sprintf("d%04d", i), Source: fmt.Sprintf("outlet-%d", i%40), Text: article(9)}
		switch i {
		case n - 2:
			d.ID, d.Source, d.Text = "a", "north-star", article(9)+"\n\n"+about
			a = d
		case n - 1:
			d.ID, d.Source, d.Text = "b", "east-post", article(9)+"\n\n"+about
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
