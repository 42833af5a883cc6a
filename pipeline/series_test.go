package pipeline

import (
	"slices"
	"testing"
)

func TestSeriesTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HOG AND CATTLE SLAUGHTER GUESSTIMATES", "hog and cattle slaughter guesstimates"},
		{"Daily report: March 3", "daily report march"},
		{"Daily report — March 14, 2026", "daily report march"},
		{"U.S. M-1 money supply rises 1.2 billion dlrs", "u s m money supply rises billion dlrs"},
		{"  Écoles  fermées  ", "écoles fermées"},
		{"2026-03-03", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := SeriesTitle(tt.in); got != tt.want {
			t.Errorf("SeriesTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSourceSeries(t *testing.T) {
	tests := []struct {
		name   string
		titles []string
		want   []string
	}{
		{"a series of two in four", []string{"Markets: May 1", "Fire at mill", "Markets: May 2", "Vote tonight"},
			[]string{"markets may", "", "markets may", ""}},
		{"more than half: a feed's name", []string{"Ledger", "Ledger", "Ledger", "Council vote"},
			[]string{"", "", "", ""}},
		{"one of a title", []string{"A", "B", "C"}, []string{"", "", ""}},
		{"no letters", []string{"1", "1", "x", "y", "z"}, []string{"", "", "", "", ""}},
		{"two series", []string{"Tides 1", "Tides 2", "Prices 1", "Prices 2", "Storm", "Flood"},
			[]string{"tides", "tides", "prices", "prices", "", ""}},
	}
	for _, tt := range tests {
		if got := SourceSeries(tt.titles); !slices.Equal(got, tt.want) {
			t.Errorf("%s: SourceSeries = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestSeriesKeys: Run's numbering agrees with SourceSeries, source by source, and no source
// means no series.
func TestSeriesKeys(t *testing.T) {
	src := []int32{1, 2, 1, 0, 1, 2, 1, 0, 2, 2}
	titles := []string{"Tides 1", "Tides 1", "Tides 2", "Tides", "Storm", "Prices", "Flood", "Tides", "Prices", "Vote"}
	got := seriesKeys(src, func(i int) string { return titles[i] })
	want := []int32{1, 0, 1, 0, 0, 2, 0, 0, 2, 0}
	if !slices.Equal(got, want) {
		t.Errorf("seriesKeys = %v, want %v", got, want)
	}
	if got := seriesKeys([]int32{1, 1, 0}, func(int) string { return "Ledger" }); got != nil {
		t.Errorf("seriesKeys of a source titling all alike = %v, want nil", got)
	}
}

func TestOneSeries(t *testing.T) {
	series := []int32{0, 1, 1, 1, 2, 2, 0}
	tests := []struct {
		docs []int32
		want int32
	}{
		{[]int32{1, 2, 3}, 1},
		{[]int32{1, 2, 4, 5}, 0}, // a half is not most
		{[]int32{1, 2, 0}, 1},
		{[]int32{0, 6, 1}, 0}, // most are of none
		{[]int32{4, 5, 1}, 2},
	}
	for _, tt := range tests {
		if got := oneSeries(series, tt.docs); got != tt.want {
			t.Errorf("oneSeries(%v) = %d, want %d", tt.docs, got, tt.want)
		}
	}
	if got := oneSeries(nil, []int32{1, 2}); got != 0 {
		t.Errorf("oneSeries without series = %d, want 0", got)
	}
}

// TestCompareSeries: CompareWith reads the two documents' series as Run does: one verbatim
// passage makes two items of one series one story, and nothing else here does.
func TestCompareSeries(t *testing.T) {
	fixed := "Welcome to Valley Markets, our weekly look at what the farm stands, the cattle sale barn and the grain elevator at Harlow Junction paid and charged in the seven days to Friday noon."
	a := Document{ID: "a", Source: "ledger", Text: fixed + "\n\nFeeder steers 112.50, heifers 108.25, cull cows 71.00. Sweet corn 6.00 a dozen. Soybeans 9.85, wheat 5.62, oats 3.10. Apples 28.00 a bushel, peaches 31.50, tomatoes 1.75 a pound. Firewood 190 a cord. Lambs 160, goats 140, rabbits 12. Garlic 9.00 a pound, onions 0.90, potatoes 0.60, carrots 1.20. Blackberries 5.50 a pint."}
	b := Document{ID: "b", Source: "ledger", Text: fixed + "\n\nHay 210 a ton, straw 95. Pumpkins 4.50 each, squash 2.25, gourds 1.10. Fat hogs 64.40, sows 52.15, feeder pigs 88.00. Eggs 3.40, honey 12.00 a quart, maple syrup 16.50. Christmas trees 45. Wreaths 30, cider 7.00 a gallon, apple butter 6.25. Turkeys 3.90 a pound, geese 6.80, ducks 5.70. Walnuts 4.00 a pound."}
	tests := []struct {
		seriesA, seriesB, want string
	}{
		{"valley markets", "valley markets", "series"},
		{"valley markets", "council", ""},
		{"", "", ""},
		{"valley markets", "", ""},
	}
	for _, tt := range tests {
		p, ok := CompareWith(a, b, Options{}, CompareOptions{SeriesA: tt.seriesA, SeriesB: tt.seriesB, AsScan: true})
		if !ok {
			t.Fatalf("%q, %q: not related", tt.seriesA, tt.seriesB)
		}
		if p.Story != tt.want {
			t.Errorf("%q, %q: story %q (context %.3f, containment %.3f), want %q", tt.seriesA, tt.seriesB, p.Story, p.Context, p.Containment, tt.want)
		}
	}
}
