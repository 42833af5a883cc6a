package eval

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// src and sus are a PAN-like pair: a source document and a suspicious one.
const (
	src = "source-document1.txt"
	sus = "suspicious-document1.txt"
)

// c0 is the truth passage most tests use: bytes [100, 200) of src copied to [1000, 1100) of sus.
var c0 = Passage{100, 200, 1000, 1100}

func reuse(a, b string, ps ...Passage) Reported {
	return Reported{A: a, B: b, Relation: "reuse", Passages: ps}
}

func exact(a, b string) Reported { return Reported{A: a, B: b, Relation: "exact"} }

func near(a, b string) Reported { return Reported{A: a, B: b, Relation: "near-duplicate"} }

func cases(cs ...Case) *Truth {
	for i := range cs {
		cs[i].Line = i + 1
		if !cs[i].Anchored && cs[i].Label != "unanchored" {
			cs[i].Anchored = true
		}
	}
	return &Truth{Cases: cs}
}

func passageCase(a, b string, p Passage) Case { return Case{A: a, B: b, Passage: p, Offsets: true} }

func near4(a, b float64) bool { return math.Abs(a-b) < 5e-5 }

func TestPassages(t *testing.T) {
	log3 := 1 / math.Log2(3)
	tests := []struct {
		name  string
		truth *Truth
		out   []Reported
		want  PassageResult // Cases, Pairs, Detections, Detected and the four measures
	}{
		{"perfect", cases(passageCase(src, sus, c0)), []Reported{reuse(src, sus, c0)},
			PassageResult{1, 1, 1, 1, 1, 1, 1, 1}},
		{"reversed pair order", cases(passageCase(src, sus, c0)), []Reported{reuse(sus, src, flip(c0))},
			PassageResult{1, 1, 1, 1, 1, 1, 1, 1}},
		{"reversed truth order", cases(passageCase(sus, src, flip(c0))), []Reported{reuse(src, sus, c0)},
			PassageResult{1, 1, 1, 1, 1, 1, 1, 1}},
		{"split in two (granularity 2)", cases(passageCase(src, sus, c0)),
			[]Reported{reuse(src, sus, Passage{100, 150, 1000, 1050}, Passage{150, 200, 1050, 1100})},
			PassageResult{1, 1, 2, 1, 1, 1, 2, log3}},
		{"wrong place", cases(passageCase(src, sus, c0)), []Reported{reuse(src, sus, Passage{500, 600, 2000, 2100})},
			PassageResult{1, 1, 1, 0, 0, 0, 1, 0}},
		{"right in a, wrong in b", cases(passageCase(src, sus, c0)), []Reported{reuse(src, sus, Passage{100, 200, 2000, 2100})},
			PassageResult{1, 1, 1, 0, 0, 0, 1, 0}},
		{"touching is not overlapping", cases(passageCase(src, sus, c0)), []Reported{reuse(src, sus, Passage{200, 300, 1100, 1200})},
			PassageResult{1, 1, 1, 0, 0, 0, 1, 0}},
		{"half shifted", cases(passageCase(src, sus, c0)), []Reported{reuse(src, sus, Passage{150, 250, 1050, 1150})},
			PassageResult{1, 1, 1, 1, 0.5, 0.5, 1, 0.5}},
		// Two detections overlapping each other: the union counts once for recall; each is
		// wholly inside the case, so precision is 1; the case is in two pieces.
		{"overlapping detections", cases(passageCase(src, sus, c0)),
			[]Reported{reuse(src, sus, Passage{100, 180, 1000, 1080}, Passage{120, 200, 1020, 1100})},
			PassageResult{1, 1, 2, 1, 1, 1, 2, log3}},
		// One detection over two cases and the gap between them: 400 of its 550 bytes are true.
		{"one detection over two cases", cases(passageCase(src, sus, c0), passageCase(src, sus, Passage{250, 350, 1200, 1300})),
			[]Reported{reuse(src, sus, Passage{100, 350, 1000, 1300})},
			PassageResult{2, 1, 1, 2, 400.0 / 550, 1, 1, f1(400.0/550, 1)}},
		{"case missed", cases(passageCase(src, sus, c0), passageCase(src, "suspicious-document2.txt", c0)),
			[]Reported{reuse(src, sus, c0)},
			PassageResult{2, 2, 1, 1, 1, 0.5, 1, f1(1, 0.5)}},
		{"no detections", cases(passageCase(src, sus, c0)), nil,
			PassageResult{1, 1, 0, 0, 0, 0, 1, 0}},
		// Detections on pairs without labelled passages are not counted.
		{"detection on another pair", cases(passageCase(src, sus, c0)),
			[]Reported{reuse(src, sus, c0), reuse("source-document9.txt", sus, c0)},
			PassageResult{1, 1, 1, 1, 1, 1, 1, 1}},
		// A pair with an unanchored case is scored at pair level only: none of its cases count.
		{"unanchored pair left out", cases(passageCase(src, sus, c0),
			Case{A: "source-document2.txt", B: sus, Passage: c0, Offsets: true, Label: "unanchored"},
			passageCase("source-document2.txt", sus, Passage{0, 10, 0, 10})),
			[]Reported{reuse(src, sus, c0), reuse("source-document2.txt", sus, Passage{500, 600, 500, 600})},
			PassageResult{1, 1, 1, 1, 1, 1, 1, 1}},
		{"relation of the pair does not matter", cases(passageCase(src, sus, c0)),
			[]Reported{{A: src, B: sus, Relation: "near-duplicate", Passages: []Passage{c0}}},
			PassageResult{1, 1, 1, 1, 1, 1, 1, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := Score(&Output{Pairs: tc.out}, tc.truth, Options{})
			got := res.Passages
			if got == nil {
				t.Fatalf("Passages = nil, want %+v", tc.want)
			}
			w := tc.want
			if got.Cases != w.Cases || got.Pairs != w.Pairs || got.Detections != w.Detections || got.Detected != w.Detected ||
				!near4(got.Precision, w.Precision) || !near4(got.Recall, w.Recall) ||
				!near4(got.Granularity, w.Granularity) || !near4(got.Plagdet, w.Plagdet) {
				t.Errorf("Passages = %+v, want %+v", *got, w)
			}
		})
	}
}

func TestPairs(t *testing.T) {
	// d1 is an exact group listed as a star around d1; e1-e2-e3 a near-duplicate chain.
	star := []Reported{exact("d1", "d2"), exact("d1", "d3"), exact("d1", "d4")}
	chain := []Reported{near("e1", "e2"), near("e2", "e3")}
	tsv := func(pairs ...string) *Truth {
		var cs []Case
		for _, p := range pairs {
			a, b, _ := strings.Cut(p, " ")
			cs = append(cs, Case{A: a, B: b})
		}
		return cases(cs...)
	}
	tests := []struct {
		name     string
		out      []Reported
		clusters map[string]int
		truth    *Truth
		opts     Options
		want     Result // the counts and measures compared
	}{
		{"perfect", []Reported{near("a", "b"), reuse("b", "c")}, nil, tsv("a b", "b c"), Options{},
			Result{Truth: 2, Reported: 2, Scored: 2, Found: 2, Precision: 1, Recall: 1, F1: 1}},
		{"reversed order", []Reported{near("b", "a")}, nil, tsv("a b"), Options{},
			Result{Truth: 1, Reported: 1, Scored: 1, Found: 1, Precision: 1, Recall: 1, F1: 1}},
		{"listed twice", []Reported{near("b", "a"), near("a", "b")}, nil, tsv("a b"), Options{},
			Result{Truth: 1, Reported: 1, Scored: 1, Found: 1, Precision: 1, Recall: 1, F1: 1}},
		{"false positive and miss", []Reported{near("a", "b"), near("a", "c")}, nil, tsv("a b", "c d"), Options{},
			Result{Truth: 2, Reported: 2, Scored: 2, Found: 1, FalsePositives: 1, Precision: 0.5, Recall: 0.5, F1: 0.5}},
		{"exact star is every pair", star, nil, tsv("d1 d2", "d2 d3", "d4 d3", "d2 d4", "d1 d3", "d1 d4"), Options{},
			Result{Truth: 6, Reported: 6, Scored: 6, Found: 6, Precision: 1, Recall: 1, F1: 1}},
		{"exact star, half the truth", star, nil, tsv("d2 d3", "d3 d4", "d9 d1"), Options{},
			Result{Truth: 3, Reported: 6, Scored: 6, Found: 2, FalsePositives: 4, Precision: 2.0 / 6, Recall: 2.0 / 3, F1: f1(2.0/6, 2.0/3)}},
		{"relation filter drops the star", append(star, near("d1", "d5")), nil, tsv("d2 d3", "d1 d5"), Options{Relation: "near-duplicate"},
			Result{Truth: 2, Reported: 1, Scored: 1, Found: 1, Precision: 1, Recall: 0.5, F1: f1(1, 0.5)}},
		{"relation exact keeps the star", append(star, near("d1", "d5")), nil, tsv("d2 d3", "d1 d5"), Options{Relation: "exact"},
			Result{Truth: 2, Reported: 6, Scored: 6, Found: 1, FalsePositives: 5, Precision: 1.0 / 6, Recall: 0.5, F1: f1(1.0/6, 0.5)}},
		{"near-duplicate chain is not transitive", chain, map[string]int{"e1": 1, "e2": 1, "e3": 1}, tsv("e1 e3"), Options{},
			Result{Truth: 1, Reported: 2, Scored: 2, FalsePositives: 2}},
		{"same cluster (score.py pairs)", chain, map[string]int{"e1": 1, "e2": 1, "e3": 1, "f": 2}, tsv("e1 e3", "e1 f"), Options{SameCluster: true},
			Result{Truth: 2, Reported: 2, Scored: 2, Found: 1, FalsePositives: 2, Precision: 0.5, Recall: 0.5, F1: 0.5}},
		{"same cluster, star listed", star, map[string]int{"d1": 1, "d2": 1, "d3": 1, "d4": 1}, tsv("d2 d3", "d3 d4", "d2 d4", "d1 d2"), Options{SameCluster: true},
			Result{Truth: 4, Reported: 3, Scored: 3, Found: 4, FalsePositives: 2, Precision: 4.0 / 3, Recall: 1, F1: f1(4.0/3, 1)}},
		{"negatives are not truth", []Reported{near("a", "b"), near("c", "d")}, nil,
			cases(Case{A: "a", B: "b"}, Case{A: "c", B: "d", Label: "none"}), Options{},
			Result{Truth: 1, Negatives: 1, Reported: 2, Scored: 2, Found: 1, FalsePositives: 1, Precision: 0.5, Recall: 1, F1: f1(0.5, 1)}},
		{"empty", nil, nil, tsv(), Options{}, Result{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Score(&Output{Pairs: tc.out, Cluster: tc.clusters}, tc.truth, tc.opts)
			checkCounts(t, got, tc.want)
		})
	}
}

func checkCounts(t *testing.T, got, want Result) {
	t.Helper()
	if got.Truth != want.Truth || got.Negatives != want.Negatives || got.Reported != want.Reported ||
		got.Scored != want.Scored || got.Found != want.Found || got.FalsePositives != want.FalsePositives ||
		got.Stray != want.Stray || got.Ignored != want.Ignored ||
		!near4(got.Precision, want.Precision) || !near4(got.Recall, want.Recall) || !near4(got.F1, want.F1) {
		t.Errorf("Score = %s\n  want %s", got.Summary(), want.Summary())
	}
}

// TestListed: with a list of labelled pairs, unlisted reported pairs are stray (two roles) or
// ignored (one role), whether listed in the report or implied by an exact group.
func TestListed(t *testing.T) {
	const (
		s1, s2, s3 = "source-1", "source-2", "source-3"
		x1, x2, x3 = "suspicious-1", "suspicious-2", "suspicious-3"
	)
	listed := []Pair{{x1, s1}, {x1, s2}, {x2, s2}}
	truth := cases(Case{A: s1, B: x1}, Case{A: s3, B: x3})
	out := []Reported{
		reuse(s1, x1),                // listed, true
		reuse(x2, s2),                // listed, false
		reuse(s3, x3),                // in the truth though not listed: scored, true
		reuse(s2, x3), reuse(x3, s1), // unlisted, two roles: stray
		reuse(s1, s2), // unlisted, one role: ignored
		// a star of 4; x1-s2 is listed
		exact(s2, "source-4"), exact(s2, "suspicious-4"), exact(s2, x1),
	}
	// The star implies 6 pairs: s2-x1 (listed: scored, false), s2-x4, s4-x4 and s4-x1 (stray: two
	// roles), s2-s4 and x4-x1 (ignored: one role).
	want := Result{Truth: 2, Negatives: 2, Reported: 6 + 6, Scored: 4, Found: 2, FalsePositives: 2, Stray: 2 + 3, Ignored: 1 + 2,
		Precision: 0.5, Recall: 1, F1: f1(0.5, 1)}
	roles := PrefixRoles(listed)
	if roles == nil {
		t.Fatalf("PrefixRoles(%v) = nil, want roles", listed)
	}
	got := Score(&Output{Pairs: out}, truth, Options{Listed: listed, Role: roles})
	checkCounts(t, got, want)
	if got.StrayLabel != "suspicious-source" {
		t.Errorf("StrayLabel = %q, want suspicious-source", got.StrayLabel)
	}
	// Without roles every unlisted pair is stray.
	want.Stray, want.Ignored = want.Stray+want.Ignored, 0
	checkCounts(t, Score(&Output{Pairs: out}, truth, Options{Listed: listed}), want)
}

func TestPrefixRoles(t *testing.T) {
	tests := []struct {
		listed []Pair
		id     string
		want   string // "-" for nil
	}{
		{[]Pair{{"suspicious-document1.txt", "source-document2.txt"}}, "source-document9.txt", "source"},
		{[]Pair{{"suspicious-document1.txt", "source-document2.txt"}}, "other-9", ""},
		{[]Pair{{"suspicious-1", "source-2"}, {"source-3", "suspicious-4"}}, "source-1", "-"},
		{[]Pair{{"a-1", "a-2"}}, "a-1", "-"},
		{[]Pair{{"a", "b"}}, "a", "-"},
		{nil, "a", "-"},
	}
	for _, tc := range tests {
		role := PrefixRoles(tc.listed)
		got := "-"
		if role != nil {
			got = role(tc.id)
		}
		if got != tc.want {
			t.Errorf("PrefixRoles(%v)(%q) = %q, want %q", tc.listed, tc.id, got, tc.want)
		}
	}
}

// TestCoveredAgainstNaive compares the span arithmetic with byte-by-byte marking.
func TestCoveredAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	span := func() (int, int) {
		s := rng.IntN(60)
		return s, s + 1 + rng.IntN(30)
	}
	for i := 0; i < 2000; i++ {
		var p Passage
		p.AStart, p.AEnd = span()
		p.BStart, p.BEnd = span()
		var others []Passage
		for j := rng.IntN(5); j >= 0; j-- {
			var q Passage
			q.AStart, q.AEnd = span()
			q.BStart, q.BEnd = span()
			if overlaps(p, q) {
				others = append(others, q)
			}
		}
		var ma, mb [100]bool
		for _, q := range others {
			for x := max(p.AStart, q.AStart); x < min(p.AEnd, q.AEnd); x++ {
				ma[x] = true
			}
			for x := max(p.BStart, q.BStart); x < min(p.BEnd, q.BEnd); x++ {
				mb[x] = true
			}
		}
		want := 0
		for x := range ma {
			if ma[x] {
				want++
			}
			if mb[x] {
				want++
			}
		}
		if got := covered(p, others); got != want {
			t.Fatalf("covered(%v, %v) = %d, want %d", p, others, got, want)
		}
	}
}

func TestWriteText(t *testing.T) {
	truth := cases(passageCase(src, sus, c0))
	out := &Output{Pairs: []Reported{reuse(src, sus, c0), reuse("source-document2.txt", sus)}}
	var b strings.Builder
	res := Score(out, truth, Options{Listed: []Pair{{sus, src}}, Role: PrefixRoles([]Pair{{sus, src}})})
	if err := res.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want := `pairs: 0 reported among the 0 other listed pairs (negatives or obfuscated reuse: labels not in this copy)
pairs: 1/1 labelled reuse pairs reported; 1 reported suspicious-source pairs outside the corpus pair list (not scored)
passages: 1 cases on 1 pairs with exact offsets; 1 detections
pan precision=1.0000 recall=1.0000 granularity=1.0000 plagdet=1.0000 pair_recall=1.0000 stray_pairs=1
eval: pair_precision=1.0000 pair_recall=1.0000 pair_f1=1.0000 found=1 truth=1 false_positives=0 reported=2 stray=1 ignored=0 pan_precision=1.0000 pan_recall=1.0000 granularity=1.0000 plagdet=1.0000 cases=1 detections=1
`
	if b.String() != want {
		t.Errorf("WriteText =\n%s\nwant\n%s", b.String(), want)
	}

	b.Reset()
	res = Score(out, cases(Case{A: src, B: sus}), Options{})
	if err := res.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	want = `pairs precision=0.5000 recall=1.0000 f1=0.6667 reported=2 truth=1
eval: pair_precision=0.5000 pair_recall=1.0000 pair_f1=0.6667 found=1 truth=1 false_positives=1 reported=2 stray=0 ignored=0
`
	if b.String() != want {
		t.Errorf("WriteText =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestMarshalJSON(t *testing.T) {
	res := Score(&Output{Pairs: []Reported{reuse(src, sus, Passage{100, 150, 1000, 1050}, Passage{150, 200, 1050, 1100})}},
		cases(passageCase(src, sus, c0)), Options{})
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"truth_pairs":1,"negative_pairs":0,"reported_pairs":1,"scored_pairs":1,"found":1,"false_positives":0,"stray_pairs":0,"ignored_pairs":0,"precision":1.0000,"recall":1.0000,"f1":1.0000,"passages":{"cases":1,"pairs":1,"detections":2,"detected":1,"precision":1.0000,"recall":1.0000,"granularity":2.0000,"plagdet":0.6309}}`
	if string(data) != want {
		t.Errorf("json.Marshal(Result) =\n%s\nwant\n%s", data, want)
	}
	res = Score(&Output{}, cases(Case{A: "a", B: "b"}), Options{})
	if data, _ = json.Marshal(res); strings.Contains(string(data), "passages") {
		t.Errorf("json.Marshal(Result) = %s: passages without offsets", data)
	}
}
