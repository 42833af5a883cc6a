package pipeline_test

import (
	"fmt"
	"strings"
	"testing"

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
