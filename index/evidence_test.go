package index

import (
	"math/rand/v2"
	"testing"
)

// TestSameBands compares sameBands with a plain count of the bands in which two documents'
// keys agree: a key equal to another band's does not count.
func TestSameBands(t *testing.T) {
	naive := func(a, b []uint32) int {
		n := 0
		for i := range a {
			if i < len(b) && a[i] == b[i] {
				n++
			}
		}
		return n
	}
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[bool]int{}
	for range 2000 {
		a, b := make([]uint32, r.IntN(40)), make([]uint32, r.IntN(40))
		span := uint32(1 + r.IntN(8))
		for i := range a {
			a[i] = r.Uint32N(span)
		}
		for i := range b {
			b[i] = r.Uint32N(span)
		}
		want := naive(a, b) >= 2
		if got := sameBands(a, b); got != want {
			t.Fatalf("sameBands(%v, %v) = %v, want %v", a, b, got, want)
		}
		seen[want]++
	}
	if seen[true] < 100 || seen[false] < 100 {
		t.Errorf("cases: %v; want both answers often", seen)
	}
	// the same keys in other bands are not shared bands
	if sameBands([]uint32{1, 2, 3}, []uint32{3, 1, 2}) {
		t.Error("keys of different bands counted as shared")
	}
}
