package offheap

import (
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// TestMake: arrays of each size and type are zeroed, of the length and capacity asked, writable
// to their capacity, and mapped (counted in Bytes) only when large enough and an arena is given.
func TestMake(t *testing.T) {
	for _, tc := range []struct {
		name   string
		arena  bool
		n, c   int
		mapped bool
	}{
		{"nil arena, large", false, 1 << 16, 0, false},
		{"small", true, 100, 0, false},
		{"just under DefaultMin", true, DefaultMin/8 - 1, 0, false},
		{"DefaultMin", true, DefaultMin / 8, 0, true},
		{"large", true, 1 << 20, 0, true},
		{"capacity beyond length", true, 10, 1 << 16, true},
		{"capacity below length is the length", true, 1 << 16, 3, true},
		{"empty", true, 0, 0, false},
		{"small, Min 1", true, 3, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a *Arena
			if tc.arena {
				a = new(Arena)
				if strings.HasSuffix(tc.name, "Min 1") {
					a.Min = 1
				}
				defer a.Release()
			}
			s := Make[uint64](a, tc.n, tc.c)
			if len(s) != tc.n || cap(s) != max(tc.n, tc.c) {
				t.Fatalf("len %d cap %d, want %d and %d", len(s), cap(s), tc.n, max(tc.n, tc.c))
			}
			s = s[:cap(s)]
			for i, v := range s {
				if v != 0 {
					t.Fatalf("element %d is %d, not zero", i, v)
				}
				s[i] = uint64(i) * 3
			}
			for i, v := range s {
				if v != uint64(i)*3 {
					t.Fatalf("element %d reads %d after writing %d", i, v, i*3)
				}
			}
			want := 0
			if tc.mapped {
				want = 8 * cap(s)
			}
			if got := a.Bytes(); got < want || !tc.mapped && got != 0 {
				t.Errorf("Bytes() = %d, want %d (mapped: %v)", got, want, tc.mapped)
			}
		})
	}
}

// TestMakeTypes: each element size gives the bytes it should.
func TestMakeTypes(t *testing.T) {
	a := new(Arena)
	defer a.Release()
	n := DefaultMin // elements: a mapping for every type
	sizes := []int{
		len(Make[int8](a, n, 0)) * int(unsafe.Sizeof(int8(0))),
		len(Make[uint16](a, n, 0)) * int(unsafe.Sizeof(uint16(0))),
		len(Make[int32](a, n, 0)) * int(unsafe.Sizeof(int32(0))),
		len(Make[uint64](a, n, 0)) * int(unsafe.Sizeof(uint64(0))),
	}
	total := 0
	for _, s := range sizes {
		total += s
	}
	if a.Bytes() != total {
		t.Errorf("Bytes() = %d after arrays of %v bytes, want %d", a.Bytes(), sizes, total)
	}
}

// TestRelease: Release unmaps everything and the arena gives out more after.
func TestRelease(t *testing.T) {
	a := new(Arena)
	Make[uint32](a, 1<<20, 0)
	Make[uint32](a, 1<<18, 0)
	if a.Bytes() < 4<<20+4<<18 {
		t.Fatalf("Bytes() = %d before Release", a.Bytes())
	}
	a.Release()
	if a.Bytes() != 0 || len(a.maps) != 0 {
		t.Fatalf("after Release: Bytes() = %d, %d mappings", a.Bytes(), len(a.maps))
	}
	s := Make[uint32](a, 1<<20, 0)
	s[len(s)-1] = 7
	if a.Bytes() < 4<<20 || s[len(s)-1] != 7 {
		t.Errorf("after Release, Make gave %d bytes", a.Bytes())
	}
	a.Release()
	var none *Arena
	none.Release() // nil: nothing to do
	if none.Bytes() != 0 {
		t.Errorf("nil arena: Bytes() = %d", none.Bytes())
	}
}

// TestConcurrent: goroutines making arrays at once each get their own (run with -race).
func TestConcurrent(t *testing.T) {
	a := new(Arena)
	defer a.Release()
	const workers, each = 8, 4
	var wg sync.WaitGroup
	out := make([][]int64, workers*each)
	for w := range workers {
		wg.Go(func() {
			for k := range each {
				s := Make[int64](a, DefaultMin/8, 0)
				for i := range s {
					s[i] = int64(w*each + k)
				}
				out[w*each+k] = s
			}
		})
	}
	wg.Wait()
	for j, s := range out {
		for _, v := range s {
			if v != int64(j) {
				t.Fatalf("array %d holds %d: shared with another", j, v)
			}
		}
	}
	if want := workers * each * DefaultMin; a.Bytes() != want {
		t.Errorf("Bytes() = %d, want %d", a.Bytes(), want)
	}
}

// TestGrow: growing keeps the elements, doubles the capacity (at least), leaves a slice with room
// as it is, and unmaps the array it outgrew, so that an arena holds only the arrays in use.
func TestGrow(t *testing.T) {
	a := new(Arena)
	defer a.Release()
	var s []uint32
	for i := range 1 << 20 {
		before := cap(s)
		s = Grow(a, s, 1)
		if before >= len(s)+1 && cap(s) != before {
			t.Fatalf("Grow with room changed the capacity %d -> %d", before, cap(s))
		}
		if before < len(s)+1 && cap(s) < 2*before {
			t.Fatalf("Grow from capacity %d gave %d", before, cap(s))
		}
		s = append(s, uint32(i))
	}
	for i, v := range s {
		if v != uint32(i) {
			t.Fatalf("element %d is %d after growing", i, v)
		}
	}
	// only the last array is mapped: the ones outgrown were unmapped
	if got, want := a.Bytes(), 4*cap(s); got != want {
		t.Errorf("Bytes() = %d after growing to capacity %d, want %d", got, cap(s), want)
	}
	if len(a.maps) != 1 {
		t.Errorf("%d arrays mapped, want 1", len(a.maps))
	}
	// n elements at once: room for all of them
	s = Grow(a, s, 3*cap(s))
	if cap(s)-len(s) < 3<<20 {
		t.Errorf("Grow(s, 3·cap) left room for %d", cap(s)-len(s))
	}
	var heap []uint64
	heap = Grow[uint64](nil, heap, 10) // a nil arena grows on the heap
	if cap(heap) < 10 {
		t.Errorf("nil arena: capacity %d", cap(heap))
	}
}

// TestFree: an array a gave is unmapped at once; one it did not give is left alone.
func TestFree(t *testing.T) {
	a := new(Arena)
	defer a.Release()
	big := Make[uint64](a, 1<<17, 0)
	keep := Make[uint64](a, 1<<17, 0)
	other := new(Arena)
	defer other.Release()
	foreign := Make[uint64](other, 1<<17, 0)
	heap := make([]uint64, 1<<17)
	Free(a, big)
	Free(a, foreign)
	Free(a, heap)
	Free(a, []uint64(nil))
	if got, want := a.Bytes(), 8*cap(keep); got != want {
		t.Errorf("after Free: Bytes() = %d, want %d (the array kept)", got, want)
	}
	foreign[0], keep[0] = 1, 2 // still mapped
	if other.Bytes() != 8<<17 {
		t.Errorf("Free of another arena's array changed it: Bytes() = %d", other.Bytes())
	}
}
