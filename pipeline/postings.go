package pipeline

import (
	"slices"
	"sync"
	"sync/atomic"
)

// postings is a list of packed postings (key<<32 | document), kept in buckets by the key's top
// byte, each a list of chunks. Growing one slice of hundreds of megabytes copies it again and
// again and holds old and new arrays at once; chunks never move. The buckets are read one at a
// time, each sorted on its own: no bucket's postings are ever merged with another's, and one
// bucket (1/256 of all) is all the scratch space reading needs.
type postings struct {
	buckets [postingsBuckets]postingsBucket
	n       int
	// unordered is set when a posting was added with a smaller document than the one before
	// it in its bucket: then a bucket must be sorted on whole postings, not only by key
	unordered bool
}

type postingsBucket struct{ chunks [][]uint64 }

const (
	postingsBuckets = 256
	postingsChunk   = 1 << 16 // 512 KiB; a bucket's first chunk grows to it by doubling
)

func (p *postings) add(v uint64) {
	b := &p.buckets[v>>56]
	if len(b.chunks) == 0 {
		b.chunks = [][]uint64{make([]uint64, 0, 64)}
	}
	last := &b.chunks[len(b.chunks)-1]
	if n := len(*last); n > 0 && uint32(v) < uint32((*last)[n-1]) {
		p.unordered = true
	}
	if len(*last) == cap(*last) {
		if c := cap(*last); c < postingsChunk {
			*last = append(make([]uint64, 0, min(2*c, postingsChunk)), *last...)
		} else {
			b.chunks = append(b.chunks, make([]uint64, 0, postingsChunk))
			last = &b.chunks[len(b.chunks)-1]
		}
	}
	*last = append(*last, v)
	p.n++
}

// len returns the number of postings.
func (p *postings) len() int { return p.n }

// groups calls fn, in key order, with each key and the documents that have it, sorted. docs is
// reused between calls. It releases the postings.
func (p *postings) groups(fn func(key uint32, docs []int32)) {
	p.groupsParallel(1, func(_ int, key uint32, docs []int32) { fn(key, docs) })
}

// groupsParallel is groups on workers goroutines: worker w calls fn(w, ...) for the keys of the
// buckets it takes, in key order within a bucket; a key's documents are never split between
// workers. With one worker, keys come in key order.
func (p *postings) groupsParallel(workers int, fn func(worker int, key uint32, docs []int32)) {
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < max(workers, 1); w++ {
		wg.Go(func() {
			var all, tmp []uint64
			var docs []int32
			for {
				b := int(next.Add(1)) - 1
				if b >= postingsBuckets {
					return
				}
				all = all[:0]
				for _, c := range p.buckets[b].chunks {
					all = append(all, c...)
				}
				p.buckets[b].chunks = nil
				if p.unordered {
					slices.Sort(all)
				} else if len(all) > 1 {
					// chunks were filled in document order: sorting by key, stably, sorts fully
					tmp = slices.Grow(tmp[:0], len(all))[:len(all)]
					sortByKey(all, tmp)
				}
				for s := 0; s < len(all); {
					key := all[s] >> 32
					docs = docs[:0]
					e := s
					for ; e < len(all) && all[e]>>32 == key; e++ {
						docs = append(docs, int32(uint32(all[e])))
					}
					fn(w, uint32(key), docs)
					s = e
				}
			}
		})
	}
	wg.Wait()
	p.n, p.unordered = 0, false
}
