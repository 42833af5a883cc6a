package report

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// handResult is a small result built by hand: no texts, which CSV does not need.
func handResult() *pipeline.Result {
	return &pipeline.Result{
		Clusters: []pipeline.Cluster{
			{Number: 1, Kind: pipeline.KindStory, Representative: "a.txt",
				Members: []pipeline.Member{
					{ID: "a.txt", Source: "north-post", Title: `Ferry halted, island "cut off"`},
					{ID: "b.txt", Source: "valley-courier", Title: "Two-line\ntitle"},
					{ID: "c.txt", Source: "", Title: "São Cristóvão’s pier"},
				},
				Pairs: []pipeline.Pair{
					{A: "a.txt", B: "b.txt", Relation: pipeline.NearDuplicate, Jaccard: 0.85061, Containment: 0.95484,
						CoverageA: 0.953249, CoverageB: 1,
						Passages: []pipeline.Passage{{Words: 448}}},
					{A: "a.txt", B: "c.txt", Relation: pipeline.Reuse, Jaccard: 0.0426, Containment: 0.12255,
						CoverageA: 0.13433, CoverageB: 0.06757,
						Passages: []pipeline.Passage{{Words: 29}, {Words: 31}, {Words: 8}}},
				}},
			{Number: 2, Kind: pipeline.KindExact, Representative: "d.txt",
				Members: []pipeline.Member{{ID: "d.txt"}, {ID: "e, copy.txt"}},
				Pairs:   []pipeline.Pair{{A: "d.txt", B: "e, copy.txt", Relation: pipeline.Exact, Jaccard: 1, Containment: 1, CoverageA: 1, CoverageB: 1}}},
		},
	}
}

func TestCSVHand(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, handResult()); err != nil {
		t.Fatal(err)
	}
	want := `cluster,a,b,relation,jaccard,containment,coverage_a,coverage_b,passages,longest_passage_words,a_source,b_source,a_title,b_title
1,a.txt,b.txt,near-duplicate,0.8506,0.9548,0.9532,1.0000,1,448,north-post,valley-courier,"Ferry halted, island ""cut off""","Two-line
title"
1,a.txt,c.txt,reuse,0.0426,0.1226,0.1343,0.0676,3,31,north-post,,"Ferry halted, island ""cut off""",São Cristóvão’s pier
2,d.txt,"e, copy.txt",exact,1.0000,1.0000,1.0000,1.0000,0,0,,,,
`
	if got := buf.String(); got != want {
		t.Errorf("CSV =\n%s\nwant\n%s", got, want)
	}
}

func TestCSVSample(t *testing.T) {
	res := scan(t, pipeline.Options{}, sampleDir)
	var buf bytes.Buffer
	if err := CSV(&buf, res); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatalf("CSV output does not parse: %v", err)
	}
	if !slices.Equal(rows[0], CSVHeader) {
		t.Errorf("header %q, want %q", rows[0], CSVHeader)
	}
	rows = rows[1:]
	if len(rows) != res.Stats.Pairs {
		t.Fatalf("%d rows, want one per pair: %d", len(rows), res.Stats.Pairs)
	}
	fixed := regexp.MustCompile(`^[01]\.\d{4}$`)
	i := 0
	for _, c := range res.Clusters {
		members := memberIndex(c)
		for _, p := range c.Pairs {
			r := rows[i]
			i++
			longest := 0
			for _, q := range p.Passages {
				longest = max(longest, q.Words)
			}
			want := []string{strconv.Itoa(c.Number), p.A, p.B, string(p.Relation),
				strconv.FormatFloat(p.Jaccard, 'f', 4, 64), strconv.FormatFloat(p.Containment, 'f', 4, 64),
				strconv.FormatFloat(p.CoverageA, 'f', 4, 64), strconv.FormatFloat(p.CoverageB, 'f', 4, 64),
				strconv.Itoa(len(p.Passages)), strconv.Itoa(longest),
				members[p.A].Source, members[p.B].Source, members[p.A].Title, members[p.B].Title}
			if !slices.Equal(r, want) {
				t.Errorf("row %d = %q, want %q", i, r, want)
			}
			for _, f := range r[4:8] {
				if !fixed.MatchString(f) {
					t.Errorf("row %d: ratio %q not fixed to 4 decimals", i, f)
				}
			}
		}
	}
	var again bytes.Buffer
	if err := CSV(&again, res); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Errorf("two renderings of one result differ (err %v)", err)
	}
}

// An empty result is the header alone.
func TestCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, &pipeline.Result{}); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "cluster,a,b,relation,jaccard,containment,coverage_a,coverage_b,passages,longest_passage_words,a_source,b_source,a_title,b_title\n"; got != want {
		t.Errorf("CSV of an empty result = %q, want %q", got, want)
	}
}
