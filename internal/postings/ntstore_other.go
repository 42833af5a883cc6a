//go:build !amd64 || purego

package postings

// vectorStore is false: only amd64 has non-temporal stores here.
const vectorStore = false

// storeLineNT is never called where vectorStore is false.
func storeLineNT(dst, src *uint64) { panic("storeLineNT: not on this architecture") }

// storeFence has nothing to order.
func storeFence() {}
