package index

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// TestHotLists checks that the lists a Reader keeps for fingerprints held by many documents
// change no answer: Related gives the same matches with them off, cold, warm, and from
// checks running at once. The corpus has a paragraph in 40 documents: sources holding it in
// more than bpMaxCheck documents, in 3 to 10 (copies of one article, or not), in fewer than 3,
// and documents without a source; the drafts are of each kind of source, or of none.
func TestHotLists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	para := article(77, 60)
	copied := article(78, 250)
	var docs []pipeline.Document
	add := func(src string, n int, copies bool) {
		for i := range n {
			text := article(uint64(1000+len(docs)), 150) + "\n\n" + para
			if copies {
				text = copied + " " + para + fmt.Sprintf(" edition %d", i)
			}
			d := doc(fmt.Sprintf("%s%d", src, i), text)
			d.Source = src
			docs = append(docs, d)
		}
	}
	add("wire", 14, false)  // more than bpMaxCheck: boilerplate outright
	add("daily", 4, false)  // unrelated articles: boilerplate
	add("copies", 5, true)  // copies of one article: one group, not boilerplate
	add("pair", 2, false)   // fewer than Boilerplate: not boilerplate, unless the draft is a third
	add("", 6, false)       // no source
	add("weekly", 9, false) // boilerplate
	addBatch(t, path, docs...)
	var opts pipeline.Options
	openT(t, path).Params().Apply(&opts)
	z := pipeline.NewAnalyzer(opts)
	quote := strings.Join(strings.Fields(docs[20].Text)[30:70], " ")
	var drafts []pipeline.Document
	for _, src := range []string{"wire", "daily", "copies", "pair", "", "weekly", "elsewhere"} {
		drafts = append(drafts,
			pipeline.Document{ID: "d-" + src, Source: src, Text: article(5000, 120) + "\n\n" + para + "\n\n" + quote},
			pipeline.Document{ID: "e-" + src, Source: src, Text: para + " " + article(5001, 80)})
	}
	analyses := make([]pipeline.Analysis, len(drafts)) // an Analyzer is for one goroutine
	for i, d := range drafts {
		analyses[i] = z.Analyze(d.Text)
	}
	// MaxPostings 20: holders of the sources that are not boilerplate are then counted, as
	// candidates or too many
	for _, maxPostings := range []int{pipeline.DefaultMaxPostings, 20} {
		t.Run(fmt.Sprintf("max-postings %d", maxPostings), func(t *testing.T) {
			opts := opts
			opts.MaxPostings = maxPostings
			r := openT(t, path)
			related := func() [][]Match {
				out := make([][]Match, len(drafts))
				for i, d := range drafts {
					ms, err := r.Related(d, analyses[i], opts, MatchOptions{Direct: true})
					if err != nil {
						t.Fatal(err)
					}
					out[i] = ms
				}
				return out
			}
			defer func(m int) { hotMin = m }(hotMin)
			hotMin = 1 << 30
			want := related()
			if len(r.hot.lists) != 0 {
				t.Fatalf("%d hot lists kept with hotMin out of reach", len(r.hot.lists))
			}
			var found int
			for _, ms := range want {
				found += len(ms)
			}
			if found == 0 {
				t.Fatal("no draft has a match: the test tests nothing")
			}
			hotMin = 8
			for _, pass := range []string{"cold", "warm"} {
				if got := related(); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: the matches differ with hot lists", pass)
				}
			}
			if len(r.hot.lists) == 0 {
				t.Fatal("no hot list kept: the paragraph's fingerprints should make some")
			}
			// a reader whose lists would take more than hotMaxBytes keeps what fits
			n := len(r.hot.lists)
			defer func(b int) { hotMaxBytes = b }(hotMaxBytes)
			hotMaxBytes = r.hot.bytes - 1
			r = openT(t, path)
			if got := related(); !reflect.DeepEqual(got, want) {
				t.Error("bounded: the matches differ")
			}
			if len(r.hot.lists) >= n || r.hot.bytes > hotMaxBytes {
				t.Errorf("bounded to %d bytes: %d lists of %d bytes kept, %d unbounded", hotMaxBytes, len(r.hot.lists), r.hot.bytes, n)
			}
			hotMaxBytes = 64 << 20
			// at once, on a reader whose lists are being made (for the race detector)
			r2 := openT(t, path)
			var wg sync.WaitGroup
			got := make([][][]Match, 4)
			for g := range got {
				wg.Go(func() {
					got[g] = make([][]Match, len(drafts))
					for i, d := range drafts {
						ms, err := r2.Related(d, analyses[i], opts, MatchOptions{Direct: true})
						if err != nil {
							t.Error(err)
							return
						}
						got[g][i] = ms
					}
				})
			}
			wg.Wait()
			for g := range got {
				if !reflect.DeepEqual(got[g], want) {
					t.Errorf("goroutine %d: the matches differ", g)
				}
			}
		})
	}
}
