//go:build !unix

package kerneltest

import "testing"

// GuardedBytes skips the test: guard pages need mmap.
func GuardedBytes(t *testing.T, n int) []byte {
	t.Helper()
	t.Skip("no guard page on this system")
	return nil
}
