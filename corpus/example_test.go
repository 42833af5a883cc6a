package corpus_test

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/neardup/neardup/corpus"
)

// Train on a little text (here the same paragraph many times over; real use trains on a few
// million words) and write a small corpus with its truth file.
func ExampleGenerate() {
	text := strings.Repeat("The harbour board said on Monday that the new ferry would start in June. "+
		"Local traders welcomed the plan, although some residents said the fares were too high. "+
		"The council will vote on the budget next week, a spokesman said.\n\n", 50)
	model, err := corpus.Train(strings.NewReader(text))
	if err != nil {
		fmt.Println(err)
		return
	}
	var truth strings.Builder
	stats, err := corpus.Generate(context.Background(), io.Discard, &truth, model, corpus.Options{N: 200, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d articles, %d planted pairs\n", stats.Articles, stats.Syndicated+stats.Truncated+stats.Rewrite)
	fmt.Println(strings.SplitN(truth.String(), "\n", 2)[0])
	// Output:
	// 200 articles, 35 planted pairs
	// a	b	kind
}
