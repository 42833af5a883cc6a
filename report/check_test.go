package report

import (
	"strings"
	"testing"

	"github.com/neardup/neardup/credit"
	"github.com/neardup/neardup/pipeline"
)

func TestPlaceOf(t *testing.T) {
	text := "Title\n\nFirst para\nstill first\n  \t\nSecond\r\n\r\nThird"
	tests := []struct {
		at         string // the passage starts at the first occurrence of this
		line, para int
	}{
		{"Title", 1, 1},
		{"First", 3, 2},
		{"still", 4, 2},
		{"Second", 6, 3},
		{"Third", 8, 4},
	}
	for _, tt := range tests {
		start := strings.Index(text, tt.at)
		if got := placeOf(text, start); got != (place{tt.line, tt.para}) {
			t.Errorf("placeOf(%q) = line %d ¶%d, want line %d ¶%d", tt.at, got.line, got.para, tt.line, tt.para)
		}
	}
	if got := placeOf("", 5); got != (place{1, 1}) {
		t.Errorf("placeOf of an empty text = %+v", got)
	}
}

// TestGate: the gate looks at the uncredited share of one match unless told to count credited
// passages, and a draft not checked is never over it (its error is what fails the check).
func TestGate(t *testing.T) {
	text := "one two three four five six seven eight nine ten"
	// words 1-4 uncredited, 5-8 quoted: coverage 0.8, uncredited 0.4
	d := &Draft{Doc: pipeline.Document{ID: "d", Text: text}, Words: 10, Matches: []Match{{Pair: pipeline.Pair{CoverageA: 0.8,
		Passages: []pipeline.Passage{{AStart: 0, AEnd: 18, ACredit: credit.None}, {AStart: 19, AEnd: 40, ACredit: credit.Quote}}}}}}
	tests := []struct {
		gate Gate
		want bool
	}{
		{Gate{FailOver: 0.3, On: true}, true},
		{Gate{FailOver: 0.4, On: true}, false},
		{Gate{FailOver: 0.5, On: true, CountCredited: true}, true},
		{Gate{FailOver: 0.8, On: true, CountCredited: true}, false},
		{Gate{FailOver: 0, On: false}, false},
	}
	for _, tt := range tests {
		if got := tt.gate.Over(d); got != tt.want {
			t.Errorf("%+v.Over = %v, want %v (shares %+v)", tt.gate, got, tt.want, d.sharesOf())
		}
	}
	failed := &Draft{Err: &pipeline.RecordError{File: "x", Reason: "gone"}}
	if (Gate{On: true}).Over(failed) {
		t.Error("a draft not checked is over the gate")
	}
}
