//go:build unix

package postings

import "syscall"

// arenaAlloc maps n bytes of zeroed memory, or returns nil.
func arenaAlloc(n int) []byte {
	m, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil
	}
	return m
}

func arenaFree(m []byte) { syscall.Munmap(m) }
