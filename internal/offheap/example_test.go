package offheap_test

import (
	"fmt"

	"github.com/neardup/neardup/internal/offheap"
)

// A stage's large arrays off the heap, released when the last stage that reads them is over.
func Example() {
	mem := new(offheap.Arena)
	defer mem.Release() // no slice from mem may be used after

	counts := offheap.Make[uint32](mem, 1<<20, 0) // 4 MiB, zeroed, not scanned by the collector
	for _, w := range []uint32{7, 7, 42} {
		counts[w]++
	}
	fmt.Println(counts[7], counts[42], mem.Bytes() >= 4<<20)
	// Output: 2 1 true
}
