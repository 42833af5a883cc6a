package postings

import (
	"sync"
	"unsafe"

	"github.com/neardup/neardup/internal/offheap"
)

// chunkArena hands out the chunks of a run's postings and pair lists from memory outside the
// garbage-collected heap, and takes it all back at once (release) when the run no longer reads
// them. The postings were most of what a run holds while it reads (64 of the 98 MB live at the
// end of reading the recurring-paragraph corpus of 20,000 articles, before the fingerprints and
// sentence keys went to a Spill), and they and the pair lists hold no pointers:
// on the heap, the collector let the heap grow to twice what was live, postings and all, before
// collecting the garbage that reading makes, and every byte of that growth was fresh memory to
// fault in. Off the heap, the heap doubles what is left. Released chunks go back to the pool
// (Pool), which hands them out again; the arena only grows. Where the system gives no such
// memory (offheap.Map fails, or on systems without it), chunks come from the heap as before.
type chunkArena struct {
	mu    sync.Mutex
	slabs [][]byte // mapped by offheap.Map, arenaSlab bytes each
	used  int      // bytes given out of the last slab
}

// arenaSlab is how many bytes one mapping holds: 32 MiB, of which only what is written is ever
// resident.
const arenaSlab = 64 * postingsChunk * 8

// get returns an empty chunk of capacity n (at most postingsChunk), or nil when the system gives
// no memory.
func (a *chunkArena) get(n int) []uint64 {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.slabs) == 0 || a.used+8*n > arenaSlab {
		m := offheap.Map(arenaSlab)
		if m == nil {
			return nil
		}
		a.slabs, a.used = append(a.slabs, m), 0
	}
	m := a.slabs[len(a.slabs)-1][a.used : a.used+8*n]
	a.used += 8 * n
	return unsafe.Slice((*uint64)(unsafe.Pointer(&m[0])), n)[:0]
}

// release returns the arena's memory to the system. No chunk it gave out may be used after.
func (a *chunkArena) release() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, m := range a.slabs {
		offheap.Unmap(m)
	}
	a.slabs, a.used = nil, 0
}
