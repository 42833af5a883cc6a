// Package kernel names the implementations of the vector kernels, MinHash in pipeline and
// winnowing in shingle, so that both packages choose and test them alike. Every kernel has a
// portable Go path, and on amd64 AVX2 and AVX-512 ones written in assembly. The fastest path
// the CPU runs is chosen at start-up (x/sys/cpu also checks that the OS saves the vector
// registers, and honours GODEBUG=cpu.avx512f=off and cpu.avx2=off, which let a machine with
// AVX-512 run the AVX2 paths end to end). The purego build tag leaves the Go paths only.
package kernel

import "fmt"

// Path is one implementation of a kernel.
type Path uint8

const (
	Generic Path = iota // portable Go, the reference the others are tested against
	AVX2                // amd64 assembly with 256-bit vectors
	AVX512              // amd64 assembly with 512-bit vectors
)

// Paths lists every path, the reference first and the fastest last.
var Paths = []Path{Generic, AVX2, AVX512}

func (p Path) String() string {
	switch p {
	case Generic:
		return "generic"
	case AVX2:
		return "avx2"
	case AVX512:
		return "avx512"
	}
	return fmt.Sprintf("Path(%d)", p)
}

// Support reports whether a kernel's path runs here, and if not, why: the CPU features it
// lacks, or a build without the assembly.
type Support func(p Path) (ok bool, why string)

// Best returns the fastest path that runs here; Generic always does.
func Best(s Support) Path {
	for i := len(Paths) - 1; i > 0; i-- {
		if ok, _ := s(Paths[i]); ok {
			return Paths[i]
		}
	}
	return Generic
}

// Runnable returns the paths that run here, Generic first.
func Runnable(s Support) []Path {
	var ps []Path
	for _, p := range Paths {
		if ok, _ := s(p); ok {
			ps = append(ps, p)
		}
	}
	return ps
}
