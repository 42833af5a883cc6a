package pipeline

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/shingle"
)

// wire is a wire story of our own; the rewrites below change it as an outlet running it might.
const wire = `Harbour authority approves Kestrel Bay dredging

KESTREL BAY, March 4 - The Kestrel Bay harbour authority on Tuesday approved a plan to dredge the northern channel, a project expected to cost 42 million dollars over three years.

Authority chair Miriam Oduya said the work would let container ships of up to 9,000 units dock at the bay for the first time. "This is the decision the port has waited a decade for," she said.

Fishing crews have warned that the dredging will disturb the oyster beds south of the channel. The authority said it would monitor the beds every month while the work goes on.

Work is due to start in September.`

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		name    string
		edit    func(string) string
		added   []string
		removed []string
		edits   []Edit
	}{
		{"same", func(s string) string { return s }, nil, nil, nil},
		{"number", func(s string) string { return strings.Replace(s, "42 million", "45 million", 1) },
			nil, nil, []Edit{{EditNumber, "42", "45"}}},
		{"name", func(s string) string { return strings.Replace(s, "Miriam Oduya", "Miriam Adeyemi", 1) },
			nil, nil, []Edit{{EditName, "Oduya", "Adeyemi"}}},
		{"date", func(s string) string { return strings.Replace(s, "in September", "in October", 1) },
			nil, nil, []Edit{{EditDate, "September", "October"}}},
		{"negation", func(s string) string {
			return strings.Replace(s, "the dredging will disturb", "the dredging will not disturb", 1)
		}, nil, nil, []Edit{{EditNegation, "", "not"}}},
		{"negation contracted", func(s string) string { return strings.Replace(s, "would monitor", "wouldn't monitor", 1) },
			nil, nil, []Edit{{EditNegation, "would", "wouldn't"}}},
		{"wording", func(s string) string { return strings.Replace(s, "warned that", "cautioned that", 1) },
			nil, nil, []Edit{{EditWording, "warned", "cautioned"}}},
		{"sentence added", func(s string) string {
			return strings.Replace(s, "on.\n", "on. Local divers have offered to help with the surveys.\n", 1)
		}, []string{"Local divers have offered to help with the surveys."}, nil, nil},
		{"sentence removed", func(s string) string {
			return strings.Replace(s, ` "This is the decision the port has waited a decade for," she said.`, "", 1)
		}, nil, []string{`"This is the decision the port has waited a decade for," she said.`}, nil},
		{"lead and credit added, end cut", func(s string) string {
			s = strings.Replace(s, "\n\nWork is due to start in September.", "", 1)
			return "By Tom Reyes\n\n" + s + "\n\nFirst published by the Coastline Daily."
		}, []string{"By Tom Reyes", "First published by the Coastline Daily."}, []string{"Work is due to start in September."}, nil},
		{"all at once", func(s string) string {
			s = strings.Replace(s, "42 million", "45 million", 1)
			s = strings.Replace(s, "Miriam Oduya", "Miriam Adeyemi", 1)
			s = strings.Replace(s, "the dredging will disturb", "the dredging will not disturb", 1)
			return strings.Replace(s, "on.\n", "on. Local divers have offered to help with the surveys.\n", 1)
		}, []string{"Local divers have offered to help with the surveys."}, nil,
			[]Edit{{EditNumber, "42", "45"}, {EditName, "Oduya", "Adeyemi"}, {EditNegation, "", "not"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from := &Document{ID: "wire", Text: wire}
			to := &Document{ID: "outlet", Text: tc.edit(wire)}
			// with no passages (the texts compared whole) and with one anchoring passage
			for _, ps := range [][]Passage{nil, {{AStart: 0, AEnd: 40, BStart: strings.Index(to.Text, "Harbour"), BEnd: strings.Index(to.Text, "Harbour") + 40}}} {
				ch := Diff(from, to, ps)
				if ch.From != "wire" || ch.To != "outlet" || ch.Truncated {
					t.Errorf("Diff: from %q to %q truncated %v", ch.From, ch.To, ch.Truncated)
				}
				if !reflect.DeepEqual(ch.Added, tc.added) {
					t.Errorf("Diff: added %q, want %q", ch.Added, tc.added)
				}
				if !reflect.DeepEqual(ch.Removed, tc.removed) {
					t.Errorf("Diff: removed %q, want %q", ch.Removed, tc.removed)
				}
				if !reflect.DeepEqual(ch.Edits, tc.edits) {
					t.Errorf("Diff: edits %q, want %q", ch.Edits, tc.edits)
				}
			}
		})
	}
}

// TestWordDiff checks that the runs of a word diff cover both texts, in order, and that equal
// runs hold the same words.
func TestWordDiff(t *testing.T) {
	to := strings.Replace(strings.Replace(wire, "42 million", "45 million", 1), "Work is due", "Work is now due", 1)
	ops := WordDiff(wire, to, nil)
	var f, g strings.Builder
	for _, o := range ops {
		switch o.Op {
		case '=':
			if normWords(wire[o.FromStart:o.FromEnd]) != normWords(to[o.ToStart:o.ToEnd]) {
				t.Errorf("equal run %q ~ %q", wire[o.FromStart:o.FromEnd], to[o.ToStart:o.ToEnd])
			}
			f.WriteString(wire[o.FromStart:o.FromEnd] + " ")
			g.WriteString(to[o.ToStart:o.ToEnd] + " ")
		case '-':
			f.WriteString(wire[o.FromStart:o.FromEnd] + " ")
		case '+':
			g.WriteString(to[o.ToStart:o.ToEnd] + " ")
		}
	}
	if got, want := normWords(f.String()), normWords(wire); got != want {
		t.Errorf("WordDiff: from's runs give %q, want %q", got, want)
	}
	if got, want := normWords(g.String()), normWords(to); got != want {
		t.Errorf("WordDiff: to's runs give %q, want %q", got, want)
	}
	var changed []string
	for _, o := range ops {
		if o.Op != '=' {
			changed = append(changed, string(o.Op)+wire[o.FromStart:o.FromEnd]+to[o.ToStart:o.ToEnd])
		}
	}
	if want := []string{"-42", "+45", "+now"}; !reflect.DeepEqual(changed, want) {
		t.Errorf("WordDiff: changed runs %q, want %q", changed, want)
	}
}

func normWords(s string) string {
	var w []string
	for _, t := range shingle.Tokenize(s) {
		w = append(w, t.Norm)
	}
	return strings.Join(w, " ")
}

// TestWholeSentences holds wholeSentences to a plain reference that splits the whole text into
// sentences, on random marks.
func TestWholeSentences(t *testing.T) {
	text := wire + " At 9:05 a.m. the U.S. ship left. Mr. Reyes waved."
	toks := shingle.Tokenize(text)
	reference := func(marked []bool) ([]bool, []string) {
		in := make([]bool, len(toks))
		var found []string
		for i := 0; i < len(toks); {
			j := i + 1
			for j < len(toks) && !sentenceBreak(text, toks[j].Start) {
				j++
			}
			all := true
			for k := i; k < j && all; k++ {
				all = marked[k]
			}
			if all {
				for k := i; k < j; k++ {
					in[k] = true
				}
				found = append(found, strings.TrimSpace(text[sentenceOpen(text, toks[i].Start):sentenceStop(text, toks[j-1].End)]))
			}
			i = j
		}
		return in, found
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		marked := make([]bool, len(toks))
		p := rng.Float64()
		for i := range marked {
			marked[i] = rng.Float64() < p
		}
		var found []string
		in := wholeSentences(text, toks, marked, func(s string) { found = append(found, s) })
		wantIn, wantFound := reference(marked)
		if !reflect.DeepEqual(in, wantIn) || !reflect.DeepEqual(found, wantFound) {
			t.Fatalf("trial %d: wholeSentences found %q, want %q", trial, found, wantFound)
		}
	}
}

// lcsOpsTable is the word diff as it was before the bit-parallel table, the table filled cell
// by cell: the reference lcsDiff.ops must agree with, run for run.
func lcsOpsTable(a, b []int32, add func(op byte, f0, f1, t0, t1 int)) {
	f0, f1, t0, t1 := 0, len(a), 0, len(b)
	p := 0
	for f0+p < f1 && t0+p < t1 && a[f0+p] == b[t0+p] {
		p++
	}
	add('=', f0, f0+p, t0, t0+p)
	f0, t0 = f0+p, t0+p
	s := 0
	for f1-s > f0 && t1-s > t0 && a[f1-s-1] == b[t1-s-1] {
		s++
	}
	defer add('=', f1-s, f1, t1-s, t1)
	f1, t1 = f1-s, t1-s
	n, m := f1-f0, t1-t0
	if n == 0 || m == 0 {
		add('-', f0, f1, t0, t0)
		add('+', f1, f1, t0, t1)
		return
	}
	l := make([]int32, (n+1)*(m+1))
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[f0+i] == b[t0+j] {
				l[i*(m+1)+j] = l[(i+1)*(m+1)+j+1] + 1
			} else {
				l[i*(m+1)+j] = max(l[(i+1)*(m+1)+j], l[i*(m+1)+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[f0+i] == b[t0+j]:
			add('=', f0+i, f0+i+1, t0+j, t0+j+1)
			i, j = i+1, j+1
		case i < n && (j == m || l[(i+1)*(m+1)+j] >= l[i*(m+1)+j+1]):
			add('-', f0+i, f0+i+1, t0+j, t0+j)
			i++
		default:
			add('+', f0+i, f0+i, t0+j, t0+j+1)
			j++
		}
	}
}

// diffRuns runs one of the word diffs over a and b whole and returns its runs, merged as
// diffTokens merges them.
func diffRuns(a, b []int32, diff func(add func(op byte, f0, f1, t0, t1 int))) []tokenOp {
	var ops []tokenOp
	diff(func(op byte, f0, f1, t0, t1 int) {
		if f1 == f0 && t1 == t0 {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].op == op && ops[n-1].f1 == f0 && ops[n-1].t1 == t0 {
			ops[n-1].f1, ops[n-1].t1 = f1, t1
			return
		}
		ops = append(ops, tokenOp{op, f0, f1, t0, t1})
	})
	return ops
}

// TestLCSBitParallel holds the bit-parallel word diff to the table filled cell by cell, on
// random word sequences: small vocabularies (many ties between dropping and adding), lengths
// around the 64-bit word's edges, and edits of a shared sequence, as near-duplicates have.
func TestLCSBitParallel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	seq := func(n, vocab int) []int32 {
		s := make([]int32, n)
		for i := range s {
			s[i] = int32(rng.IntN(vocab))
		}
		return s
	}
	edit := func(s []int32, vocab, edits int) []int32 {
		out := append([]int32(nil), s...)
		for range edits {
			k := rng.IntN(len(out) + 1)
			switch rng.IntN(3) {
			case 0:
				out = append(out[:k], append([]int32{int32(rng.IntN(vocab))}, out[k:]...)...)
			case 1:
				if k < len(out) {
					out = append(out[:k], out[k+1:]...)
				}
			default:
				if k < len(out) {
					out[k] = int32(rng.IntN(vocab))
				}
			}
		}
		return out
	}
	var cases [][2][]int32
	for _, n := range []int{1, 2, 63, 64, 65, 127, 128, 129, 300} {
		for _, m := range []int{1, 3, 63, 64, 65, 130, 511} {
			for _, vocab := range []int{2, 5, 50, 1000} {
				cases = append(cases, [2][]int32{seq(n, vocab), seq(m, vocab)})
			}
		}
	}
	for range 200 {
		vocab := 2 + rng.IntN(400)
		a := seq(1+rng.IntN(400), vocab)
		cases = append(cases, [2][]int32{a, edit(a, vocab, rng.IntN(40))})
	}
	for k, c := range cases {
		a, b := c[0], c[1]
		if len(a)*len(b) > maxDiffCells {
			continue
		}
		want := diffRuns(a, b, func(add func(op byte, f0, f1, t0, t1 int)) { lcsOpsTable(a, b, add) })
		// the words numbered as wordIDs numbers them: from 0, below len(a)+len(b)
		ids := map[int32]int32{}
		num := func(s []int32) []int32 {
			out := make([]int32, len(s))
			for i, x := range s {
				if _, ok := ids[x]; !ok {
					ids[x] = int32(len(ids))
				}
				out[i] = ids[x]
			}
			return out
		}
		d := lcsDiff{from: num(a), to: num(b)}
		got := diffRuns(a, b, func(add func(op byte, f0, f1, t0, t1 int)) { d.ops(0, len(a), 0, len(b), add) })
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d (%d × %d words): bit-parallel runs\n%v\nwant (cell by cell)\n%v", k, len(a), len(b), got, want)
		}
	}
}

// TestWordIDs: the words of both sides are numbered in order of first appearance, the same
// word the same number on either side, however many pairs the pooled table numbered before
// (larger and smaller ones, so that it is both grown and reused).
func TestWordIDs(t *testing.T) {
	tests := []struct {
		from, to         string
		wantFrom, wantTo []int32
	}{
		{"a b a c", "c b d", []int32{0, 1, 0, 2}, []int32{2, 1, 3}},
		{"", "x y x", []int32{}, []int32{0, 1, 0}},
		{"Été ÉTÉ ete x", "x ete", []int32{0, 0, 0, 1}, []int32{1, 0}}, // normalised forms
		{strings.Repeat("w1 w2 w3 w4 w5 w6 w7 w8 ", 50), "w8 w9", nil, []int32{7, 8}},
		{"one", "", []int32{0}, []int32{}},
	}
	for round := range 3 {
		for _, tt := range tests {
			tf, tto := shingle.Tokenize(tt.from), shingle.Tokenize(tt.to)
			from, to := make([]int32, len(tf)), make([]int32, len(tto))
			wordIDs(tf, tto, from, to)
			if tt.wantFrom != nil && !slices.Equal(from, tt.wantFrom) {
				t.Errorf("round %d, %q: from %v, want %v", round, tt.from, from, tt.wantFrom)
			}
			if !slices.Equal(to, tt.wantTo) {
				t.Errorf("round %d, %q ~ %q: to %v, want %v", round, tt.from, tt.to, to, tt.wantTo)
			}
		}
	}
}
