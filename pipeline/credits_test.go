package pipeline_test

import (
	"path/filepath"
	"testing"

	"github.com/neardup/neardup/credit"
	"github.com/neardup/neardup/pipeline"
)

// TestCredits: every pair passage's sides and every shared passage's occurrences get the credit
// credit.Of gives them in their article, and each article is read once for all of them, however
// many records it is in (a recurring passage puts it in many).
func TestCredits(t *testing.T) {
	for _, name := range []string{"outlets30", "digest", "two-digests", "one-source-copies"} {
		t.Run(name, func(t *testing.T) {
			res, err := pipeline.Run(t.Context(), []string{filepath.Join("..", "testdata", "stories", name+".jsonl")}, nil, pipeline.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer res.Close()
			reads, err := pipeline.CreditReads(res)
			if err != nil {
				t.Fatal(err)
			}
			if len(reads) == 0 {
				t.Fatal("no article read for credits: the corpus shares no passage")
			}
			for id, n := range reads {
				if n != 1 {
					t.Errorf("%s read %d times for credits, want once", id, n)
				}
			}
			texts := map[string]string{}
			want := func(id string, start, end int) credit.Kind {
				text, ok := texts[id]
				if !ok {
					if text, err = res.Text(id); err != nil {
						t.Fatal(err)
					}
					texts[id] = text
				}
				return credit.Of(text, start, end)
			}
			asked := 0
			check := func(where, id string, start, end int, got credit.Kind) {
				asked++
				if w := want(id, start, end); got != w {
					t.Errorf("%s: %s [%d:%d] credit %q, want %q", where, id, start, end, got, w)
				}
			}
			pairs := func(where string, ps []pipeline.Pair) {
				for _, p := range ps {
					for _, q := range p.Passages {
						check(where, p.A, q.AStart, q.AEnd, q.ACredit)
						check(where, p.B, q.BStart, q.BEnd, q.BCredit)
					}
				}
			}
			shared := func(where string, sps []pipeline.SharedPassage) {
				for _, sp := range sps {
					for _, o := range sp.Occurrences {
						check(where, o.ID, o.Start, o.End, o.Credit)
					}
				}
			}
			pairs("pairs", res.Pairs)
			for _, c := range res.Clusters {
				pairs("cluster pairs", c.Pairs)
				shared("cluster passages", c.Passages)
				for _, l := range c.Links {
					pairs("cluster links", l.Pairs)
				}
			}
			for _, h := range append(res.Hubs, res.Linked...) {
				for _, l := range h.Links {
					pairs("hub links", l.Pairs)
				}
			}
			shared("passages", res.Passages)
			if asked == 0 {
				t.Fatal("no passage to check")
			}
			// loading a record's texts keeps the credits
			for i := range res.Clusters {
				if err := res.LoadTexts(&res.Clusters[i]); err != nil {
					t.Fatal(err)
				}
				shared("loaded cluster passages", res.Clusters[i].Passages)
			}
		})
	}
}
