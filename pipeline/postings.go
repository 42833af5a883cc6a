package pipeline

import (
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
	// unordered is set when a posting was added with a smaller document than the one before:
	// then a chunk must be sorted on whole postings, not only by key (sortByKey)
	unordered bool
}

const postingsChunk = 1 << 20 // 8 MiB

func (p *postings) add(v uint64) {
	if len(p.chunks) == 0 || len(p.chunks[len(p.chunks)-1]) == postingsChunk {
		p.chunks = append(p.chunks, make([]uint64, 0, postingsChunk))
	}
	last := &p.chunks[len(p.chunks)-1]
	if n := len(*last); n > 0 && uint32(v) < uint32((*last)[n-1]) {
		p.unordered = true
	}
	*last = append(*last, v)
	p.n++
}

// len returns the number of postings.
func (p *postings) len() int { return p.n }

// groups sorts the chunks (on all cores) and calls fn, in key order, with each key and the
// documents that have it, sorted. docs is reused between calls. It releases the chunks.
func (p *postings) groups(fn func(key uint32, docs []int32)) {
	p.groupsParallel(1, func(_ int, key uint32, docs []int32) { fn(key, docs) })
}

// groupsParallel is groups on workers goroutines: the key space is cut into workers ranges
// (at keys sampled from the postings), and worker w calls fn(w, ...) for the keys of its range,
// in key order; a key's documents are never split between workers.
func (p *postings) groupsParallel(workers int, fn func(worker int, key uint32, docs []int32)) {
	work := make(chan []uint64, len(p.chunks))
	for _, c := range p.chunks {
		work <- c
	}
	close(work)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Go(func() {
			var tmp []uint64
			for c := range work {
				if p.unordered || len(c) < 256 {
					slices.Sort(c)
					continue
				}
				if len(tmp) < len(c) {
					tmp = make([]uint64, len(c))
				}
				sortByKey(c, tmp)
			}
		})
	}
	wg.Wait()
	chunks := p.chunks
	p.chunks, p.n, p.unordered = nil, 0, false
	// split keys: the keys at even steps of the first (largest) chunk
	var splits []uint64
	if workers > 1 && len(chunks) > 0 && len(chunks[0]) >= workers {
		first := chunks[0]
		for w := 1; w < workers; w++ {
			k := first[w*len(first)/workers] >> 32
			if len(splits) == 0 || k > splits[len(splits)-1] {
				splits = append(splits, k)
			}
		}
	}
	ranges := len(splits) + 1
	for w := 0; w < ranges; w++ {
		lo, hi := uint64(0), uint64(1)<<32 // keys in [lo, hi)
		if w > 0 {
			lo = splits[w-1]
		}
		if w < len(splits) {
			hi = splits[w]
		}
		var h mergeHeap
		for _, c := range chunks {
			a, _ := slices.BinarySearch(c, lo<<32)
			b := len(c)
			if hi < 1<<32 {
				b, _ = slices.BinarySearch(c, hi<<32)
			}
			if a < b {
				h = append(h, c[a:b])
			}
		}
		wg.Go(func() { h.each(func(key uint32, docs []int32) { fn(w, key, docs) }) })
	}
	wg.Wait()
}

// each merges the heap's chunk cursors and calls fn for each key with its documents, sorted.
func (h mergeHeap) each(fn func(key uint32, docs []int32)) {
	h.init()
	var docs []int32
	for len(h) > 0 {
		key := h[0][0] >> 32
		docs = docs[:0]
		for len(h) > 0 && h[0][0]>>32 == key {
			c := h[0]
			// take the run of this key from the smallest chunk
			i := 0
			for i < len(c) && c[i]>>32 == key {
				docs = append(docs, int32(c[i]&0xffffffff))
				i++
			}
			if i == len(c) {
				h[0] = h[len(h)-1]
				h = h[:len(h)-1]
			} else {
				h[0] = c[i:]
			}
			h.down(0)
		}
		if len(docs) > 1 && !slices.IsSorted(docs) {
			slices.Sort(docs)
		}
		fn(uint32(key), docs)
	}
}

// mergeHeap is a binary min-heap of chunk cursors by their next posting, written out rather than
// through container/heap: it is touched once per posting (tens of millions), and the interface
// calls were most of the merge's time.
type mergeHeap [][]uint64

func (h mergeHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h mergeHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r][0] < h[l][0] {
			m = r
		}
		if h[i][0] <= h[m][0] {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
