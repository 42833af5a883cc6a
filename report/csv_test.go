package report

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// handResult is a small result built by hand: no texts, which CSV does not need. Its pairs are
// a cluster's (one of them no story edge), an exact pair of another cluster, a link from a
// member to a hub, and a pair of the hub with a document that is in nothing the result
// describes (no source, no title).
func handResult() *pipeline.Result {
	ab := pipeline.Pair{A: "a.txt", B: "b.txt", Relation: pipeline.NearDuplicate, Jaccard: 0.85061, Containment: 0.95484,
		CoverageA: 0.953249, CoverageB: 1, Passages: []pipeline.Passage{{Words: 448}}, Story: "copy", Context: -1, Cluster: 1,
		Origin: "a.txt", OriginBy: pipeline.ByText}
	ac := pipeline.Pair{A: "a.txt", B: "c.txt", Relation: pipeline.Reuse, Jaccard: 0.0426, Containment: 0.12255,
		CoverageA: 0.13433, CoverageB: 0.06757, Passages: []pipeline.Passage{{Words: 29}, {Words: 31}, {Words: 8}},
		Story: "own passages", Context: 0.123449, Cluster: 1, Origin: "c.txt", OriginBy: pipeline.ByPublished}
	bc := pipeline.Pair{A: "b.txt", B: "c.txt", Relation: pipeline.Reuse, Jaccard: 0.02, Containment: 0.05,
		CoverageA: 0.05, CoverageB: 0.04, Passages: []pipeline.Passage{{Words: 29}}, Context: 0.05, Cluster: 1}
	de := pipeline.Pair{A: "d.txt", B: "e, copy.txt", Relation: pipeline.Exact, Jaccard: 1, Containment: 1, CoverageA: 1, CoverageB: 1,
		Story: "copy", Context: -1, Cluster: 2}
	ah := pipeline.Pair{A: "a.txt", B: "hub.txt", Relation: pipeline.Reuse, Jaccard: 0.01, Containment: 0.02,
		CoverageA: 0.03, CoverageB: 0.04, Passages: []pipeline.Passage{{Words: 25}}, Context: 0.0312}
	hx := pipeline.Pair{A: "hub.txt", B: "x.txt", Relation: pipeline.Reuse, Jaccard: 0.01, Containment: 0.02,
		CoverageA: 0.03, CoverageB: 0.04, Passages: []pipeline.Passage{{Words: 40}}, Context: 0}
	return &pipeline.Result{
		Clusters: []pipeline.Cluster{
			{Number: 1, Kind: pipeline.KindStory, Representative: "a.txt",
				Members: []pipeline.Member{
					{ID: "a.txt", Source: "north-post", Title: `Ferry halted, island "cut off"`},
					{ID: "b.txt", Source: "valley-courier", Title: "Two-line\ntitle"},
					{ID: "c.txt", Source: "", Title: "São Cristóvão’s pier"},
				},
				Pairs: []pipeline.Pair{ab, ac, bc},
				Links: []pipeline.Link{{ID: "hub.txt", Pairs: []pipeline.Pair{ah}}}},
			{Number: 2, Kind: pipeline.KindExact, Representative: "d.txt",
				Members: []pipeline.Member{{ID: "d.txt"}, {ID: "e, copy.txt"}},
				Pairs:   []pipeline.Pair{de}},
		},
		Hubs: []pipeline.Hub{{Member: pipeline.Member{ID: "hub.txt", Source: "roundup", Title: "Five things"},
			Links: []pipeline.Link{{ID: "a.txt", Cluster: 1, Pairs: []pipeline.Pair{ah}}, {ID: "x.txt", Pairs: []pipeline.Pair{hx}}}}},
		Pairs: []pipeline.Pair{ab, ac, ah, bc, hx, de},
	}
}

func TestCSVHand(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, handResult()); err != nil {
		t.Fatal(err)
	}
	want := `cluster,a,b,relation,jaccard,containment,coverage_a,coverage_b,passages,longest_passage_words,a_source,b_source,a_title,b_title,story,context,origin,origin_by
1,a.txt,b.txt,near-duplicate,0.8506,0.9548,0.9532,1.0000,1,448,north-post,valley-courier,"Ferry halted, island ""cut off""","Two-line
title",copy,,a.txt,text
1,a.txt,c.txt,reuse,0.0426,0.1226,0.1343,0.0676,3,31,north-post,,"Ferry halted, island ""cut off""",São Cristóvão’s pier,own passages,0.1234,c.txt,published
,a.txt,hub.txt,reuse,0.0100,0.0200,0.0300,0.0400,1,25,north-post,roundup,"Ferry halted, island ""cut off""",Five things,,0.0312,,
1,b.txt,c.txt,reuse,0.0200,0.0500,0.0500,0.0400,1,29,valley-courier,,"Two-line
title",São Cristóvão’s pier,,0.0500,,
,hub.txt,x.txt,reuse,0.0100,0.0200,0.0300,0.0400,1,40,roundup,,Five things,,,0.0000,,
2,d.txt,"e, copy.txt",exact,1.0000,1.0000,1.0000,1.0000,0,0,,,,,copy,,,
`
	if got := buf.String(); got != want {
		t.Errorf("CSV =\n%s\nwant\n%s", got, want)
	}
}

// TestCSVStories checks, on corpora with links and hubs, that the CSV has one row per pair of
// Result.Pairs, in its order, each with the cluster, story and context of that pair.
func TestCSVStories(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input string
		links int // pairs in no cluster
	}{
		{"sample", sampleDir, 0},
		{"digest", "../testdata/stories/digest.jsonl", 3},
		{"outlets30", "../testdata/stories/outlets30.jsonl", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := scan(t, pipeline.Options{}, tc.input)
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
			if len(rows) != res.Stats.Pairs || len(rows) != len(res.Pairs) {
				t.Fatalf("%d rows, want one per pair: %d (Stats.Pairs %d)", len(rows), len(res.Pairs), res.Stats.Pairs)
			}
			members := resultMembers(res)
			fixed := regexp.MustCompile(`^[01]\.\d{4}$`)
			links, stories := 0, 0
			for i, p := range res.Pairs {
				r := rows[i]
				longest := 0
				for _, q := range p.Passages {
					longest = max(longest, q.Words)
				}
				cluster, context := "", ""
				if p.Cluster != 0 {
					cluster = strconv.Itoa(p.Cluster)
				} else {
					links++
				}
				if p.Context >= 0 {
					context = strconv.FormatFloat(p.Context, 'f', 4, 64)
				}
				if p.Story != "" {
					stories++
				}
				want := []string{cluster, p.A, p.B, string(p.Relation),
					strconv.FormatFloat(p.Jaccard, 'f', 4, 64), strconv.FormatFloat(p.Containment, 'f', 4, 64),
					strconv.FormatFloat(p.CoverageA, 'f', 4, 64), strconv.FormatFloat(p.CoverageB, 'f', 4, 64),
					strconv.Itoa(len(p.Passages)), strconv.Itoa(longest),
					members[p.A].Source, members[p.B].Source, members[p.A].Title, members[p.B].Title, p.Story, context,
					p.Origin, p.OriginBy}
				if !slices.Equal(r, want) {
					t.Errorf("row %d = %q, want %q", i+1, r, want)
				}
				for _, f := range append(r[4:8:8], r[15]) {
					if f != "" && !fixed.MatchString(f) {
						t.Errorf("row %d: ratio %q not fixed to 4 decimals", i+1, f)
					}
				}
				if members[p.A].Source == "" || members[p.B].Source == "" {
					t.Errorf("row %d: a source missing (%q, %q): every document of these corpora is in a cluster or a hub", i+1, r[10], r[11])
				}
			}
			if links != tc.links {
				t.Errorf("%d rows in no cluster, want %d", links, tc.links)
			}
			var edges int
			for _, n := range res.Stats.Edges {
				edges += n
			}
			if stories != edges {
				t.Errorf("%d rows with a story reason, want Stats.Edges' %d", stories, edges)
			}
			var again bytes.Buffer
			if err := CSV(&again, res); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
				t.Errorf("two renderings of one result differ (err %v)", err)
			}
		})
	}
}

// An empty result is the header alone.
func TestCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, &pipeline.Result{}); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "cluster,a,b,relation,jaccard,containment,coverage_a,coverage_b,passages,longest_passage_words,a_source,b_source,a_title,b_title,story,context,origin,origin_by\n"; got != want {
		t.Errorf("CSV of an empty result = %q, want %q", got, want)
	}
}

// TestCSVFormulaInjection: ids, sources and titles that start like a formula reach a spreadsheet
// as text, with a ' in front (they were run: =HYPERLINK(…), =cmd|' /C calc'!A0).
func TestCSVFormulaInjection(t *testing.T) {
	evil := []string{"=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "=cmd|' /C calc'!A0"}
	res := &pipeline.Result{Clusters: []pipeline.Cluster{{Number: 1, Kind: pipeline.KindExact}}}
	c := &res.Clusters[0]
	for i, s := range evil {
		c.Members = append(c.Members, pipeline.Member{ID: s, Source: s, Title: s})
		if i > 0 {
			p := pipeline.Pair{A: evil[0], B: s, Relation: pipeline.Exact, Cluster: 1, Context: -1}
			c.Pairs = append(c.Pairs, p)
			res.Pairs = append(res.Pairs, p)
		}
	}
	// and what is no formula stays as it is
	c.Members = append(c.Members, pipeline.Member{ID: "a=b", Source: "", Title: "'quoted'"})
	p := pipeline.Pair{A: evil[0], B: "a=b", Relation: pipeline.Exact, Cluster: 1, Context: -1}
	res.Pairs = append(res.Pairs, p)

	var buf bytes.Buffer
	if err := CSV(&buf, res); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string]int{}
	for i, h := range rows[0] {
		cols[h] = i
	}
	for i, row := range rows[1:] {
		for _, col := range []string{"a", "b", "a_source", "b_source", "a_title", "b_title"} {
			cell := row[cols[col]]
			if cell != "" && strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
				t.Errorf("row %d, %s = %q: a spreadsheet runs it", i+1, col, cell)
			}
		}
		want := "'" + evil[min(i+1, len(evil)-1)]
		if i+1 == len(evil) {
			want = "a=b"
		}
		if got := row[cols["b"]]; got != want {
			t.Errorf("row %d: b = %q, want %q", i+1, got, want)
		}
	}
	if got := rows[len(rows)-1][cols["b_title"]]; got != "'quoted'" {
		t.Errorf("title 'quoted' written %q", got)
	}
}

// TestCSVCells: how a cell of input text is written. Plain numbers are left as they are (ids can
// be numbers: -7 became '-7); a formula character after a ';' or ',' inside a cell gets the cell
// quoted (a spreadsheet that splits on ';' started a cell there, a formula: a;=cmd|' /C calc'!A0).
func TestCSVCells(t *testing.T) {
	for _, tc := range []struct {
		cell string
		want string // as written in the file
	}{
		{"plain", "plain"},
		{"-7", "-7"},
		{"+3.5", "+3.5"},
		{"-1e3", "-1e3"},
		{"-.5E-2", "-.5E-2"},
		{"-", "'-"},
		{"-Inf", "'-Inf"},
		{"+NaN", "'+NaN"},
		{"-0x1p3", "'-0x1p3"},
		{"-7 days", "'-7 days"},
		{"--7", "'--7"},
		{"=1+2", "'=1+2"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tTab", "'\tTab"},
		{"\rCR", "\"'\rCR\""},
		{"a;=cmd|' /C calc'!A0", "\"a;=cmd|' /C calc'!A0\""},
		{"a; @SUM(A1)", "\"a; @SUM(A1)\""},
		{"a;+1", "\"a;+1\""},
		{"a;\tb", "\"a;\tb\""},
		{"a,=1+2", "\"a,=1+2\""},
		{"=a;=b", "\"'=a;=b\""},
		{"a;b", "a;b"},
		{"a; b", "a; b"},
		{"a=b;c", "a=b;c"},
		{"e, copy.txt", "\"e, copy.txt\""},
		{`say "hi"`, `"say ""hi"""`},
		{" lead", `" lead"`},
	} {
		var buf bytes.Buffer
		bw := bufio.NewWriter(&buf)
		writeCSVRow(bw, []string{inert(tc.cell)})
		bw.Flush()
		got := strings.TrimSuffix(buf.String(), "\n")
		if got != tc.want {
			t.Errorf("cell %q written %q, want %q", tc.cell, got, tc.want)
		}
		// read back as encoding/csv does, and as a spreadsheet that splits on ';': no cell is
		// a formula but a plain number
		for _, comma := range []rune{',', ';'} {
			r := csv.NewReader(strings.NewReader(buf.String()))
			r.Comma = comma
			row, err := r.Read()
			if err != nil {
				t.Errorf("cell %q: read back with %q: %v", tc.cell, comma, err)
				continue
			}
			for _, c := range row {
				if c != "" && strings.IndexByte(formulaStart, c[0]) >= 0 && !plainNumber(c) {
					t.Errorf("cell %q: read with %q as %q, which starts a formula", tc.cell, comma, row)
				}
			}
			if comma == ',' && (len(row) != 1 || strings.TrimPrefix(row[0], "'") != tc.cell) {
				t.Errorf("cell %q read back as %q", tc.cell, row)
			}
		}
	}
}
