// Package kerneltest runs tests and benchmarks over every path of a vector kernel (see
// package kernel), skipping, and naming, the paths that do not run on this machine or build.
package kerneltest

import (
	"cmp"
	"fmt"
	"strings"
	"testing"

	"github.com/neardup/neardup/internal/kernel"
)

// Test runs f as a subtest named for each path, skipping, with the reason, the paths that do
// not run here, and logs which paths ran and which were skipped (`go test -v` shows it).
func Test(t *testing.T, s kernel.Support, f func(t *testing.T, p kernel.Path)) {
	t.Helper()
	var ran, skipped []string
	for _, p := range kernel.Paths {
		ok, why := s(p)
		if ok {
			ran = append(ran, p.String())
		} else {
			skipped = append(skipped, fmt.Sprintf("%s (%s)", p, why))
		}
		t.Run(p.String(), func(t *testing.T) {
			if !ok {
				t.Skipf("%s path not run: %s", p, why)
			}
			f(t, p)
		})
	}
	t.Logf("paths tested: %s; skipped: %s", strings.Join(ran, ", "), cmp.Or(strings.Join(skipped, ", "), "none"))
}

// Benchmark runs f as a sub-benchmark named for each path, skipping those that do not run here.
func Benchmark(b *testing.B, s kernel.Support, f func(b *testing.B, p kernel.Path)) {
	b.Helper()
	for _, p := range kernel.Paths {
		b.Run(p.String(), func(b *testing.B) {
			if ok, why := s(p); !ok {
				b.Skipf("%s path not run: %s", p, why)
			}
			f(b, p)
		})
	}
}
