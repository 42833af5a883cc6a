// Package offheap hands out memory outside the garbage-collected heap, for large arrays without
// pointers that a run holds across many of its stages and frees at one known point.
//
// The collector lets the heap grow to twice what was live at its last collection before it
// collects again (GOGC=100), so every long-held byte on the heap costs about two at the peak: the
// recurring-paragraph corpus of 20,000 articles (c20k) held 20 MB of evidence through aligning,
// when the heap peaked. Off the heap it costs one. The price is manual freeing: Release unmaps the
// memory, and a slice used after it faults (the process dies with SIGSEGV), where the heap would
// have kept it alive; so an Arena suits memory whose last reader is plain, as a stage's end.
package offheap

import (
	"cmp"
	"sync"
	"unsafe"
)

// Word is the element types an Arena can hold: integers, which hold no pointers (the collector
// does not scan off-heap memory, so a pointer there would not keep its object alive).
type Word interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

// DefaultMin is the smallest array an Arena maps unless its Min says otherwise: smaller ones come
// from the heap, where they cost little (a mapping takes whole pages and a system call).
const DefaultMin = 64 << 10

// Arena gives out zeroed arrays mapped outside the heap (Make) and unmaps them all at once
// (Release). The zero Arena is ready to use; a nil *Arena gives arrays on the heap. It is safe
// for concurrent use.
type Arena struct {
	// Min is the size in bytes of the smallest array a maps (0: DefaultMin); a test sets 1 to
	// map every one.
	Min int

	mu   sync.Mutex
	maps map[uintptr][]byte // by their first byte's address
	size int                // bytes mapped
}

// Make returns a zeroed slice of length n and capacity c (at least n) from a, on the heap when
// a is nil, the array is small, or the system gives no memory outside it.
func Make[T Word](a *Arena, n, c int) []T {
	c = max(c, n)
	var zero T
	size := c * int(unsafe.Sizeof(zero))
	if a == nil || size < cmp.Or(a.Min, DefaultMin) {
		return make([]T, n, c)
	}
	m := Map(size)
	if m == nil {
		return make([]T, n, c)
	}
	a.mu.Lock()
	if a.maps == nil {
		a.maps = map[uintptr][]byte{}
	}
	a.maps[uintptr(unsafe.Pointer(unsafe.SliceData(m)))] = m
	a.size += len(m)
	a.mu.Unlock()
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(m))), c)[:n]
}

// Grow returns s with room for n more elements: s itself when it has it, else a copy of s in an
// array from a of twice its capacity or more. The array s had, if a gave it, is unmapped: s may
// not be used after (only the slice returned). Arrays grown by doubling, as append grows small
// ones, cost their elements' copying about once more in all; append grows a large one by a
// quarter, copying it again and again.
func Grow[T Word](a *Arena, s []T, n int) []T {
	if len(s)+n <= cap(s) {
		return s
	}
	t := Make[T](a, len(s), max(len(s)+n, 2*cap(s), 256))
	copy(t, s)
	Free(a, s)
	return t
}

// Free unmaps the array of s now, if a gave it (else does nothing): s may not be used after.
func Free[T Word](a *Arena, s []T) {
	if a == nil || cap(s) == 0 {
		return
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	a.mu.Lock()
	defer a.mu.Unlock()
	if m, ok := a.maps[p]; ok {
		delete(a.maps, p)
		a.size -= len(m)
		Unmap(m)
	}
}

// Bytes returns how many bytes a has mapped and not yet released.
func (a *Arena) Bytes() int {
	if a == nil {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.size
}

// Release unmaps every array a gave out. None of them may be used after (see the package
// documentation); a may give out more.
func (a *Arena) Release() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, m := range a.maps {
		Unmap(m)
	}
	a.maps, a.size = nil, 0
}
