//go:build unix

package kerneltest

import (
	"syscall"
	"testing"
)

// GuardedBytes returns n bytes that end where an inaccessible page begins, so that a kernel
// that reads or writes past them faults instead of going unnoticed. The memory is unmapped at
// the end of the test.
func GuardedBytes(t *testing.T, n int) []byte {
	t.Helper()
	page := syscall.Getpagesize()
	size := (n+page-1)/page*page + page
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skipf("no guard page: mmap: %v", err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[size-page:], syscall.PROT_NONE); err != nil {
		t.Skipf("no guard page: mprotect: %v", err)
	}
	return mem[size-page-n : size-page : size-page]
}
