//go:build unix

package offheap

import "syscall"

// Map maps n bytes of zeroed memory outside the heap, or returns nil when the system gives none.
func Map(n int) []byte {
	m, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil
	}
	return m
}

// Unmap returns memory Map gave to the system. It may not be used after.
func Unmap(m []byte) { syscall.Munmap(m) }
