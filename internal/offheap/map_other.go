//go:build !unix

package offheap

// Map gives no memory outside the heap on this system: callers use the heap.
func Map(n int) []byte { return nil }

// Unmap does nothing: Map gave nothing.
func Unmap(m []byte) {}
