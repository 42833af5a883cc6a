package pipeline

import (
	"fmt"
	"testing"

	"github.com/neardup/neardup/shingle"
)

func TestCountShared(t *testing.T) {
	pairs := []uint64{5, 1, 5, 9, 7, 7}
	stock := []uint64{1, 1, 1, 2, 2, 2, 2, 7, 9}
	got := countShared(pairs, stock, 2, 4)
	// 1: 1 evidence + 3 stock = 4 -> kept; 2: 4 stock -> kept; 5: 2 evidence -> kept;
	// 7: 2 evidence -> kept; 9: 1 + 1 -> dropped
	if fmt.Sprint(got) != "[1 2 5 7]" {
		t.Errorf("countShared = %v, want [1 2 5 7]", got)
	}
}

func TestEvidenceRules(t *testing.T) {
	fp := func(h uint64, pos int) shingle.Shingle { return shingle.Shingle{Hash: h, Pos: pos} }
	ev := &evidence{boiler: map[uint64]struct{}{}, stock: map[uint32]struct{}{20: {}, 21: {}}}
	for _, fp := range []uint32{10, 11, 12} {
		ev.markBoiler(1, fp) // source 1: "ledger"
	}
	fps := []shingle.Shingle{fp(1, 0), fp(10, 3), fp(11, 6), fp(12, 9), fp(2, 12), fp(20, 15), fp(21, 18), fp(3, 21)}
	m := ev.mask(fps, 25, 1, 2)
	for q := 0; q < 25; q++ {
		if want := q >= 3 && q <= 9; m[q] != want {
			t.Errorf("mask[%d] = %v, want %v (boilerplate fingerprints at 3, 6, 9)", q, m[q], want)
		}
	}
	if m := ev.mask(fps, 25, 2, 3); m != nil {
		t.Errorf("mask for sources without boilerplate = %v, want nil", m)
	}
	if m := ev.mask(fps, 25, 0, 0); m != nil {
		t.Errorf("mask for documents without a source = %v, want nil", m)
	}
	tests := []struct {
		lo, hi int
		want   bool
	}{
		{15, 18, true},  // two stock fingerprints
		{14, 21, true},  // two of three
		{12, 18, true},  // two of three
		{0, 18, false},  // two of seven
		{22, 24, false}, // none at all
	}
	for _, tt := range tests {
		if got := ev.isStock(fps, tt.lo, tt.hi); got != tt.want {
			t.Errorf("isStock(%d..%d) = %v, want %v", tt.lo, tt.hi, got, tt.want)
		}
	}
}
