package pipeline

import (
	"context"
	"encoding/json"
	"testing"

	synth "github.com/neardup/neardup/corpus"
)

// TestOwnWordsKept: a run keeps each document's own words once found (corpus.owned), for every
// later pair and for the stories' context, instead of finding them again per pair. Keeping them
// must change nothing: on the story corpora of testdata/stories and, with ../shared, a news-shaped
// corpus with stories of up to 60 outlets, the result is the same with and without, on one
// worker and on two (the goroutines race to keep a document's words first).
func TestOwnWordsKept(t *testing.T) {
	corpora := storyCorpora(t, synth.Options{N: 3000, Seed: 5, Sources: 100, Stories: 0.3,
		StoryOutletsMin: 5, StoryOutletsMax: 60, Recurring: 0.1, Digests: 0.01})
	// outcome is what a result says: its records, as JSON
	outcome := func(opts Options, path string) (string, int) {
		t.Helper()
		res, err := Run(context.Background(), []string{path}, nil, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Close()
		b, err := json.Marshal([]any{res.Clusters, res.Pairs, res.Hubs, res.Linked, res.Passages})
		if err != nil {
			t.Fatal(err)
		}
		withContext := 0 // pairs whose verdict asked for their documents' own words
		for _, p := range res.Pairs {
			if p.Context > 0 {
				withContext++
			}
		}
		return string(b), withContext
	}
	for name, path := range corpora {
		t.Run(name, func(t *testing.T) {
			want, asked := outcome(Options{Workers: 1, forgetOwn: true}, path)
			if asked == 0 {
				t.Fatal("no pair's verdict asked for its documents' own words: the test proves nothing")
			}
			for _, workers := range []int{1, 2} {
				if got, _ := outcome(Options{Workers: workers}, path); got != want {
					t.Errorf("%d workers: the result with own words kept differs from the one without", workers)
				}
			}
			t.Logf("%d pairs with a context", asked)
		})
	}
}
