package pipeline_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/pipeline"
)

func TestCompare(t *testing.T) {
	quote := "“He had a problem with his molars and instead of treating them, they took them out so he wouldn’t fuss,” the lawyer said."
	a := pipeline.Document{ID: "a", Text: "The drug lord's lawyer spoke on the radio on Tuesday. " + quote + " Officials declined to comment."}
	b := pipeline.Document{ID: "b", Text: "In an interview, Rodriguez described conditions. \"He had a problem with his molars and instead of treating them, they took them out so he wouldn't fuss,\" he said."}
	p, ok := pipeline.Compare(a, b, pipeline.Options{})
	if !ok || p.Relation != pipeline.Reuse || len(p.Passages) != 1 {
		t.Fatalf("Compare = %+v, %v; want one reuse passage", p, ok)
	}
	q := p.Passages[0]
	if a.Text[q.AStart:q.AEnd] != q.AText || b.Text[q.BStart:q.BEnd] != q.BText || !strings.Contains(q.AText, "molars") {
		t.Errorf("passage %+v does not slice the texts", q)
	}
	if _, ok := pipeline.Compare(a, pipeline.Document{ID: "c", Text: "An unrelated story about a ferry."}, pipeline.Options{}); ok {
		t.Error("unrelated texts compared as related")
	}
	if p, ok := pipeline.Compare(a, pipeline.Document{ID: "d", Text: strings.ToUpper(a.Text)}, pipeline.Options{}); !ok || p.Relation != pipeline.Exact {
		t.Errorf("a text and its upper-case copy: %+v, %v; want exact", p.Relation, ok)
	}
}

func ExampleAnalyzer_Analyze() {
	z := pipeline.NewAnalyzer(pipeline.Options{})
	a := z.Analyze("The only passenger ferry linking the island to the mainland was suspended on Monday.")
	fmt.Println(a.Words, len(a.BandKeys), len(a.Fingerprints) > 0)
	// Output: 14 35 true
}

// ExampleSourceSeries: a runner gives each document its series from the titles of all its
// source's documents: a weekly column under one title is a series; a title one article has, or
// that more than half of them have, is none.
func ExampleSourceSeries() {
	titles := []string{"Valley Markets: week 12", "Mill to close in June", "Valley Markets: week 13", "Council adopts budget", "Flood warning lifted"}
	for i, s := range pipeline.SourceSeries(titles) {
		fmt.Printf("%q: %q\n", titles[i], s)
	}
	// Output:
	// "Valley Markets: week 12": "valley markets week"
	// "Mill to close in June": ""
	// "Valley Markets: week 13": "valley markets week"
	// "Council adopts budget": ""
	// "Flood warning lifted": ""
}

// sampleDocs reads the articles of testdata/sample as documents (their raw text, source the
// outlet's folder), every third with no publication date and the others a day apart.
func sampleDocs(t *testing.T) []pipeline.Document {
	t.Helper()
	var docs []pipeline.Document
	root := filepath.Join("..", "testdata", "sample")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		doc := pipeline.Document{ID: filepath.ToSlash(rel), Source: filepath.Base(filepath.Dir(path)), Text: string(b)}
		if n := len(docs); n%3 != 0 {
			doc.Published = time.Date(2026, 12, 1+n, 0, 0, 0, 0, time.UTC)
		}
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestComparer compares each sample article, with one Comparer, with every article in turn (itself
// included), as a and as b: each pair must come out as CompareWith and Direct make it alone, so
// that nothing a Comparer keeps of one pair (its document's boilerplate and own words, which
// depend on the other document; its sentences and credits; the other view's memory) changes the
// next. Mixed articles, each another article with a different stretch of the flour-mill story
// appended, make pairs of one passage whose verdict weighs each text's own words, and the
// boilerplate of a pair depends on both its documents, as against an index. Each Comparer is
// released before the next is made (Release), and its pairs must stay as they were once later
// Comparers reused its memory.
func TestComparer(t *testing.T) {
	docs := sampleDocs(t)
	var mill string
	for _, d := range docs {
		if d.ID == "riverside-tribune/flour-mill-closure.txt" {
			mill = d.Text
		}
	}
	words := strings.Fields(mill)
	for k := range 4 {
		if 40*k+30 > len(words) {
			t.Fatalf("the flour-mill story has %d words, want %d or more", len(words), 40*k+30)
		}
		other := docs[(2*k+1)%len(docs)]
		docs = append(docs, pipeline.Document{ID: fmt.Sprintf("mixed-%d", k), Source: "mixed",
			Text: other.Text + "\n\n" + strings.Join(words[40*k:40*k+30], " ") + "\n"})
	}
	byPair := func(a, b pipeline.Document) func(uint32) bool {
		m := uint32(len(a.ID) + 3*len(b.ID))
		return func(fp uint32) bool { return (fp+m)%5 == 0 }
	}
	for _, tc := range []struct {
		name   string
		opts   pipeline.Options
		boiler func(a, b pipeline.Document) func(uint32) bool
		min    int // related pairs at least (both ways, each article with itself included)
	}{
		{"default", pipeline.Options{}, nil, 100},
		{"boilerplate", pipeline.Options{}, byPair, 100},
		{"verbatim", pipeline.Options{NoRewrite: true}, nil, 100},
		{"no-reuse", pipeline.Options{NoReuse: true}, nil, 2 * len(docs)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			related := 0
			type gotWant struct{ got, want pipeline.Pair }
			var kept []gotWant // every related pair, checked again once later Comparers reused the memory
			for _, d := range docs {
				cm := pipeline.NewComparer(d, tc.opts)
				for _, o := range docs {
					for _, reversed := range []bool{false, true} {
						a, b := d, o
						if reversed {
							a, b = o, d
						}
						var boiler func(uint32) bool
						if tc.boiler != nil {
							boiler = tc.boiler(a, b)
						}
						want, wantOK := pipeline.CompareWith(a, b, tc.opts, pipeline.CompareOptions{Boilerplate: boiler})
						if wantOK {
							pipeline.Direct(&want, &a, &b)
							if tc.opts.NoReuse {
								want.Changes = nil // as Run gives a near-duplicate without reuse
							}
						}
						co := pipeline.CompareOptions{Boilerplate: boiler, Direct: true}
						var got pipeline.Pair
						var ok bool
						if reversed {
							got, ok = cm.CompareReversed(o, co)
						} else {
							got, ok = cm.Compare(o, co)
						}
						if ok != wantOK || !reflect.DeepEqual(got, want) {
							t.Errorf("%s, %s: Comparer gives %v %+v,\nCompareWith %v %+v", a.ID, b.ID, ok, got, wantOK, want)
						}
						if ok {
							related++
							kept = append(kept, gotWant{got, want})
						}
					}
				}
				cm.Release() // the next Comparer compares in its memory (and the next case's, with other options)
			}
			for _, k := range kept {
				if !reflect.DeepEqual(k.got, k.want) {
					t.Errorf("%s, %s: the pair changed after its Comparer was released: %+v, want %+v", k.want.A, k.want.B, k.got, k.want)
				}
			}
			t.Logf("related %d", related)
			if related < tc.min {
				t.Errorf("%d related pairs, want %d or more: the comparison proves little", related, tc.min)
			}
		})
	}
}
