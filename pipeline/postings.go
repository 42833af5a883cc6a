package pipeline

import (
	"container/heap"
	"runtime"
	"slices"
	"sync"
)

// postings is a list of packed postings (key<<32 | document) kept in fixed-size chunks: growing
// one slice of hundreds of megabytes copies it again and again and holds old and new arrays at
// once; chunks never move. Sorted chunk by chunk and merged on the fly, they are read in key order
// without ever being copied into one array.
type postings struct {
	chunks [][]uint64
	n      int
}

const postingsChunk = 1 << 20 // 8 MiB

func (p *postings) add(v uint64) {
	if len(p.chunks) == 0 || len(p.chunks[len(p.chunks)-1]) == postingsChunk {
		p.chunks = append(p.chunks, make([]uint64, 0, postingsChunk))
	}
	last := &p.chunks[len(p.chunks)-1]
	*last = append(*last, v)
	p.n++
}

// len returns the number of postings.
func (p *postings) len() int { return p.n }

// groups sorts the chunks (on all cores) and calls fn, in key order, with each key and the
// documents that have it, sorted. docs is reused between calls. It releases the chunks as it goes.
func (p *postings) groups(fn func(key uint32, docs []int32)) {
	work := make(chan []uint64, len(p.chunks))
	for _, c := range p.chunks {
		work <- c
	}
	close(work)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Go(func() {
			for c := range work {
				slices.Sort(c)
			}
		})
	}
	wg.Wait()
	h := &mergeHeap{}
	for _, c := range p.chunks {
		if len(c) > 0 {
			h.cursors = append(h.cursors, c)
		}
	}
	p.chunks, p.n = nil, 0
	heap.Init(h)
	var docs []int32
	for h.Len() > 0 {
		key := h.cursors[0][0] >> 32
		docs = docs[:0]
		for h.Len() > 0 && h.cursors[0][0]>>32 == key {
			c := h.cursors[0]
			// take the run of this key from the smallest chunk
			i := 0
			for i < len(c) && c[i]>>32 == key {
				docs = append(docs, int32(c[i]&0xffffffff))
				i++
			}
			if i == len(c) {
				heap.Pop(h)
			} else {
				h.cursors[0] = c[i:]
				heap.Fix(h, 0)
			}
		}
		if len(docs) > 1 && !slices.IsSorted(docs) {
			slices.Sort(docs)
		}
		fn(uint32(key), docs)
	}
}

// mergeHeap orders chunk cursors by their next posting.
type mergeHeap struct{ cursors [][]uint64 }

func (h *mergeHeap) Len() int           { return len(h.cursors) }
func (h *mergeHeap) Less(i, j int) bool { return h.cursors[i][0] < h.cursors[j][0] }
func (h *mergeHeap) Swap(i, j int)      { h.cursors[i], h.cursors[j] = h.cursors[j], h.cursors[i] }
func (h *mergeHeap) Push(x any)         { h.cursors = append(h.cursors, x.([]uint64)) }
func (h *mergeHeap) Pop() any {
	c := h.cursors[len(h.cursors)-1]
	h.cursors = h.cursors[:len(h.cursors)-1]
	return c
}
