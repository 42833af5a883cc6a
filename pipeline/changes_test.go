package pipeline

import (
	"math/rand/v2"
	"reflect"
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
