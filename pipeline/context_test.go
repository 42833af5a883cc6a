package pipeline

import (
	"slices"
	"testing"
)

// overlapByBranches is overlap written plainly, the reference TestOverlap holds it to.
func overlapByBranches(wa, wb []uint32, end uint32) wordOverlap {
	var o wordOverlap
	i, j := 0, 0
	for {
		x, y := uint32(1<<24), uint32(1<<24)
		if i < len(wa) {
			x = wa[i] >> 8
		}
		if j < len(wb) {
			y = wb[j] >> 8
		}
		if min(x, y) >= end {
			return o
		}
		switch {
		case x < y:
			o.sa += int(wa[i] & 0xff)
			o.na++
			i++
		case y < x:
			o.sb += int(wb[j] & 0xff)
			o.nb++
			j++
		default:
			o.sa += int(wa[i] & 0xff)
			o.sb += int(wb[j] & 0xff)
			o.inter += int(min(wa[i]&0xff, wb[j]&0xff))
			o.na++
			o.nb++
			i++
			j++
		}
	}
}

// TestOverlap: the branch-free merge counts what the plain one does, at every end, with either
// side empty or exhausted first.
func TestOverlap(t *testing.T) {
	ps := overlapSamples(300)
	ps = append(ps, [2][]uint32{nil, ps[0][1]}, [2][]uint32{ps[0][0], nil}, [2][]uint32{nil, nil},
		[2][]uint32{ps[1][0][:3], ps[1][1]}, [2][]uint32{ps[2][0], ps[2][1][:1]})
	for k, p := range ps {
		for _, end := range []uint32{0, 1, 1 << 20, 1 << 22, 1<<23 + 12345, 1 << 24} {
			if got, want := overlap(p[0], p[1], end), overlapByBranches(p[0], p[1], end); got != want {
				t.Fatalf("pair %d, end %#x: overlap = %+v, want %+v", k, end, got, want)
			}
		}
	}
}

// TestFinishSample: a sampled word stays when no fingerprint covers it or one covering it is not
// shared; it is weighted, and names are counted.
func TestFinishSample(t *testing.T) {
	wt := flatWeights()
	const name, word, other = 0x1234_5601, 0x2345_6700, 0x3456_7800 // a name has its low bit set
	shared := func(fp uint32) bool { return fp == 7 || fp == 8 }
	entries := []sketchEntry{
		{word: name, fp1: 0, fp2: 0},  // under no fingerprint: stays
		{word: word, fp1: 7, fp2: 7},  // under a shared one: out
		{word: other, fp1: 7, fp2: 9}, // its last occurrence under one not shared: stays
		{word: name, fp1: 8, fp2: 8},  // shared: out
		{word: other, fp1: 5, fp2: 5}, // not shared: stays
		{word: word, fp1: 0, fp2: 8},  // first occurrence under none: stays
	}
	got, names := finishSample([]uint32{42}, entries, shared, wt)
	want := []uint32{42, name&^0xff | uint32(wt.weight(name)), other&^0xff | uint32(wt.weight(other)),
		other&^0xff | uint32(wt.weight(other)), word&^0xff | uint32(wt.weight(word))}
	if !slices.Equal(got, want) {
		t.Errorf("finishSample = %x, want %x", got, want)
	}
	if names != 1 {
		t.Errorf("%d names, want 1", names)
	}
}
