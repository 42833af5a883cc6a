package index

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSharesTwo compares sharesTwo with a plain count of the values two sorted slices have in
// common (a value as often as it is in both), on slices like band keys: a few dozen values, some
// repeated, drawn from a range small enough that they meet.
func TestSharesTwo(t *testing.T) {
	naive := func(a, b []uint32) int {
		n := 0
		used := make([]bool, len(b))
		for _, x := range a {
			for j, y := range b {
				if !used[j] && x == y {
					used[j] = true
					n++
					break
				}
			}
		}
		return n
	}
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[bool]int{}
	for range 2000 {
		a, b := make([]uint32, r.IntN(40)), make([]uint32, r.IntN(40))
		span := uint32(1 + r.IntN(2000))
		for i := range a {
			a[i] = r.Uint32N(span)
		}
		for i := range b {
			b[i] = r.Uint32N(span)
		}
		slices.Sort(a)
		slices.Sort(b)
		want := naive(a, b) >= 2
		if got := sharesTwo(a, b); got != want {
			t.Fatalf("sharesTwo(%v, %v) = %v, want %v", a, b, got, want)
		}
		seen[want]++
	}
	if seen[true] < 100 || seen[false] < 100 {
		t.Errorf("cases: %v; want both answers often", seen)
	}
}
