package index_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/pipeline"
)

// An index is built once, then drafts are checked against it.
func Example() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "news.ndx")

	w, err := index.OpenWriter(path, index.WriterOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var opts pipeline.Options
	w.Params().Apply(&opts)
	z := pipeline.NewAnalyzer(opts)
	quote := "the ferry will not run again until the engineers have inspected every pier on the island this winter"
	for _, d := range []pipeline.Document{
		{ID: "gazette/ferry.txt", Text: "Island ferry suspended. The mayor said " + quote + ", and apologised."},
		{ID: "ledger/regatta.txt", Text: "An upset at the regatta: the youngest crew won the cup by half a length on Sunday."},
	} {
		w.Add(d, z.Analyze(d.Text))
	}
	if _, err := w.Commit(); err != nil {
		fmt.Println(err)
		return
	}

	r, err := index.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	draft := pipeline.Document{ID: "draft", Text: "Residents are stranded without supplies, and the school has closed " +
		"for the week. Officials told them " + quote + "."}
	matches, _ := r.Related(draft, z.Analyze(draft.Text), opts, index.MatchOptions{})
	for _, m := range matches {
		fmt.Printf("%s: %s, %.0f%% of the draft\n", m.Doc.ID, m.Pair.Relation, 100*m.Pair.CoverageA)
		fmt.Printf("%q\n", strings.Fields(m.Pair.Passages[0].AText)[:4])
	}
	// Output:
	// gazette/ferry.txt: reuse, 53% of the draft
	// ["the" "ferry" "will" "not"]
}
