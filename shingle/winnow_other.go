//go:build !amd64

package shingle

// vectorWinnow is false: only amd64 has a vector kernel.
const vectorWinnow = false

// winnow4Vector is never called where vectorWinnow is false.
func winnow4Vector(sh *Shingle, n int, dst *Shingle) int {
	panic("winnow4Vector: no vector kernel on this architecture")
}
