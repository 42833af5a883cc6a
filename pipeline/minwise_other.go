//go:build !amd64

package pipeline

// vectorMinwise is false: only amd64 has a vector kernel.
const vectorMinwise = false

// minwiseVector is never called where vectorMinwise is false.
func minwiseVector(sig, v1, v2 []uint64) {
	panic("minwiseVector: no vector kernel on this architecture")
}
