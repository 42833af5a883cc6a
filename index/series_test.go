package index

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neardup/neardup/internal/benchtext"
	"github.com/neardup/neardup/pipeline"
)

// TestRelatedSeries: scan --index relates a night's item of a source's template series to the
// indexed items of its series (MatchOptions.Series) as scan relates two items: the series' fixed
// text, which its indexed items hold, is not the source's boilerplate, makes each item a
// candidate however little of it winnowing leaves the two in common, and a verbatim passage of
// it makes the pair a story edge (series, or context where the rest is alike). Without the
// draft's series it is the source's boilerplate: few items are related at all (those sentence
// keys make candidates). The source's articles of other titles are related to nothing, and its
// box, which every article of the source carries, series or not, stays its boilerplate.
func TestRelatedSeries(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2))
	const box = "Sign up for the Harlow Ledger's morning letter: the valley's markets and weather in your inbox before seven, every weekday."
	var docs []pipeline.Document
	const items = 30
	for i := range items {
		d := doc(fmt.Sprintf("item%02d", i), benchtext.SeriesItem(rng, 1+i)+"\n\n"+box)
		d.Source, d.Title = "harlow-ledger", benchtext.SeriesTitle(1+i)
		docs = append(docs, d)
	}
	for i := range 40 {
		d := doc(fmt.Sprintf("ledger%02d", i), madeUp(rng, 10)+"\n\n"+box)
		d.Source, d.Title = "harlow-ledger", madeUp(rng, 1)
		docs = append(docs, d)
	}
	path := filepath.Join(t.TempDir(), "x.ndx")
	addBatch(t, path, docs...)
	r := openT(t, path)
	draft := doc("night-item", benchtext.SeriesItem(rng, items+1)+"\n\n"+box)
	draft.Source, draft.Title = "harlow-ledger", benchtext.SeriesTitle(items+1)
	series := pipeline.SeriesTitle(draft.Title)
	if series != pipeline.SeriesTitle(docs[0].Title) {
		t.Fatalf("series titles %q and %q differ", series, pipeline.SeriesTitle(docs[0].Title))
	}
	var opts pipeline.Options
	r.Params().Apply(&opts)
	a := pipeline.NewAnalyzer(opts).Analyze(draft.Text)
	for _, series := range []string{series, ""} {
		ms, err := r.Related(draft, a, opts, MatchOptions{IndexedFirst: true, AsScan: true, Series: series})
		if err != nil {
			t.Fatal(err)
		}
		related, edges := 0, 0
		for _, m := range ms {
			if !strings.HasPrefix(m.Doc.ID, "item") {
				t.Errorf("series %q: %s related (%q), want only items of the series", series, m.Doc.ID, m.Pair.Story)
				continue
			}
			related++
			verbatim := false
			for _, q := range m.Pair.Passages {
				verbatim = verbatim || q.Match == pipeline.Verbatim
				if strings.Contains(draft.Text[q.BStart:q.BEnd], "inbox") {
					t.Errorf("series %q: %s shares the source's box: %q", series, m.Doc.ID, draft.Text[q.BStart:q.BEnd])
				}
			}
			if m.Pair.Story != "" {
				edges++
			} else if series != "" && verbatim {
				t.Errorf("series %q: %s shares a verbatim passage and is no story edge", series, m.Doc.ID)
			}
		}
		t.Logf("series %q: %d items related, %d by a story edge", series, related, edges)
		switch {
		case series != "" && related != items:
			t.Errorf("series %q: %d of the %d items related, want all", series, related, items)
		case series != "" && edges < related/2:
			t.Errorf("series %q: %d of the %d items related by a story edge, want most", series, edges, related)
		case series == "" && related >= items/2:
			t.Errorf("series %q: %d items related: want the fixed text the source's boilerplate, a candidate of few", series, related)
		}
	}
}
