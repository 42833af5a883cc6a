package report_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/report"
)

func ExampleCSV() {
	p := pipeline.Pair{A: "a.txt", B: "b.txt", Relation: pipeline.Reuse, Story: "own passages", Context: -1, Cluster: 1,
		Jaccard: 0.0801, Containment: 0.15534, CoverageA: 0.1638, CoverageB: 0.1795,
		Passages: []pipeline.Passage{{Words: 29}, {Words: 23}, {Words: 25}}}
	res := &pipeline.Result{Clusters: []pipeline.Cluster{{
		Number: 1, Kind: pipeline.KindStory, Representative: "a.txt",
		Members: []pipeline.Member{
			{ID: "a.txt", Source: "north-post", Title: "Ferry halted, island cut off"},
			{ID: "b.txt", Source: "valley-courier", Title: "Islanders stranded"},
		},
		Pairs: []pipeline.Pair{p},
	}}, Pairs: []pipeline.Pair{p}}
	if err := report.CSV(os.Stdout, res); err != nil {
		log.Fatal(err)
	}
	// Output:
	// cluster,a,b,relation,jaccard,containment,coverage_a,coverage_b,passages,longest_passage_words,a_source,b_source,a_title,b_title,story,context,origin,origin_by
	// 1,a.txt,b.txt,reuse,0.0801,0.1553,0.1638,0.1795,3,29,north-post,valley-courier,"Ferry halted, island cut off",Islanders stranded,own passages,,,
}

func ExampleHTML() {
	res, err := pipeline.Run(context.Background(), []string{"../testdata/sample"}, nil, pipeline.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer res.Close() // HTML reads the texts back from the result: close it after rendering
	var page bytes.Buffer
	if err := report.HTML(&page, res, report.HTMLOptions{Title: "Sample", MaxPairs: 5}); err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Count(page.String(), `<details class="pair"`), "of", res.Stats.Pairs, "pairs side by side")
	// Output:
	// 5 of 8 pairs side by side
}
