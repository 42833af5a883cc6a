package postings

import (
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Chunks is a list of uint64 values kept in chunks of at most postingsChunk: growing one slice of
// hundreds of megabytes would copy it again and again and hold old and new arrays at once;
// chunks never move. Each new chunk is twice the size of the one before, up to postingsChunk, so
// that the many small lists of a run start small, and no value is ever copied to grow a list.
type Chunks struct {
	full  [][]uint64 // full chunks, in order
	cur   []uint64   // the chunk being filled
	nFull int        // values in full
}

const postingsChunk = 1 << 16 // 512 KiB

// grow makes room in cur for one more value, with a chunk from pool (which may be nil).
func (c *Chunks) grow(pool *Pool) {
	switch n := cap(c.cur); {
	case n == 0:
		c.cur = pool.getN(minChunk)
	case 2*n < postingsChunk:
		c.full, c.nFull = append(c.full, c.cur), c.nFull+len(c.cur)
		c.cur = pool.getN(2 * n)
	default:
		c.full, c.nFull = append(c.full, c.cur), c.nFull+len(c.cur)
		c.cur = pool.getN(postingsChunk)
	}
}

// minChunk is the capacity of a list's first chunk.
const minChunk = 64

// Add appends v, with a new chunk from pool (which may be nil) when the last one is full. It is
// small enough to be inlined, so that a loop of adds costs a call only once a chunk.
func (c *Chunks) Add(v uint64, pool *Pool) {
	if len(c.cur) == cap(c.cur) {
		c.grow(pool)
	}
	c.cur = append(c.cur, v)
}

// Len returns the number of values.
func (c *Chunks) Len() int { return c.nFull + len(c.cur) }

// AppendTo appends the values to dst, in the order they were added, and releases them, giving
// the full-sized chunks to pool (which may be nil).
func (c *Chunks) AppendTo(dst []uint64, pool *Pool) []uint64 {
	dst = slices.Grow(dst, c.Len())
	for _, ch := range c.full {
		dst = append(dst, ch...)
		pool.put(ch)
	}
	dst = append(dst, c.cur...)
	pool.put(c.cur)
	*c = Chunks{}
	return dst
}

// Pool keeps released chunks for reuse, by size (minChunk<<k up to postingsChunk): the
// fingerprint postings, read and released a bucket at a time, lend their chunks to the lists of
// pairs that reading them makes. Without it, those would take fresh memory (the garbage
// collector would not yet have run), which costs more than filling it and adds to the peak. New
// chunks come from the pool's arena (NewPool), or from the heap when it has none (or the arena
// gives none). The zero value and nil are empty pools that take new chunks from the heap.
type Pool struct {
	mu    sync.Mutex
	free  [chunkClasses][][]uint64
	arena *chunkArena
}

// NewPool returns an empty pool whose new chunks come from memory outside the garbage-collected
// heap (see chunkArena), until Release.
func NewPool() *Pool { return &Pool{arena: new(chunkArena)} }

// Release returns the memory of the pool's arena to the system. No chunk the pool gave out may
// be used after, nor the pool.
func (p *Pool) Release() {
	if p != nil {
		p.arena.release()
	}
}

// chunkClasses is the number of chunk sizes: minChunk<<k, up to postingsChunk.
const chunkClasses = 11

// chunkClass returns k such that n is minChunk<<k, or -1.
func chunkClass(n int) int {
	if n < minChunk || n > postingsChunk || n&(n-1) != 0 {
		return -1
	}
	return bits.TrailingZeros(uint(n / minChunk))
}

// getN returns an empty chunk of capacity n, minChunk<<k for some k.
func (p *Pool) getN(n int) []uint64 {
	if p != nil {
		k := chunkClass(n)
		p.mu.Lock()
		if m := len(p.free[k]); m > 0 {
			c := p.free[k][m-1]
			p.free[k] = p.free[k][:m-1]
			p.mu.Unlock()
			return c[:0]
		}
		p.mu.Unlock()
		if c := p.arena.get(n); c != nil {
			return c
		}
	}
	return make([]uint64, 0, n)
}

// get returns an empty chunk of capacity postingsChunk.
func (p *Pool) get() []uint64 { return p.getN(postingsChunk) }

// put keeps c for a later get of its size.
func (p *Pool) put(c []uint64) {
	k := chunkClass(cap(c))
	if p == nil || k < 0 {
		return
	}
	p.mu.Lock()
	p.free[k] = append(p.free[k], c)
	p.mu.Unlock()
}

// List is a list of packed postings (key<<32 | document), kept in buckets by the key's top
// byte. The buckets are read one at a time, each sorted on its own: no bucket's postings are ever
// merged with another's, and one bucket (1/256 of all) is all the scratch space reading needs.
// The zero value is an empty list whose chunks come from the heap.
type List struct {
	buckets [Buckets]Chunks
	// staged holds each bucket's latest postings, up to a cache line of them, on their way to
	// its chunks (staged[b][:nStaged[b]]), so that a chunk is written a whole line at a time,
	// around the cache (see unstage)
	staged  [Buckets][stageLen]uint64
	nStaged [Buckets]uint8
	Pool    *Pool // where chunks come from and go when read; nil for fresh memory
	// Spill, when set, keeps the postings in a file (see Spill): each bucket's chunk is written
	// to it when full, segs[b] says where, and only the last chunk of each bucket is in memory
	Spill *Spill
	segs  [Buckets][]seg
	n     int
	last  uint32 // the document of the last posting added
	// unordered is set when a posting was added with a smaller document than the one before it:
	// then a bucket must be sorted on whole postings, not only by key
	unordered bool
}

const (
	// Buckets is the number of buckets of a List or a PairCounter, and of a list of Chunks
	// bucketed the same way: by a value's top byte.
	Buckets  = 256
	stageLen = 8 // postings staged per bucket: 64 bytes
)

// Add adds one posting key<<32 | doc.
func (p *List) Add(v uint64) { p.AddDoc([]uint32{uint32(v >> 32)}, uint32(v)) }

// AddDoc adds a posting key<<32 | doc for each key: the postings of one document.
//
// AddDoc and AddTagged stage their postings inline: a stage helper shared by both would not be
// inlined (the compiler's cost 101 against a budget of 80) and costs a call a posting.
func (p *List) AddDoc(keys []uint32, doc uint32) {
	p.order(doc)
	for _, k := range keys {
		b := k >> 24
		n := p.nStaged[b]
		p.staged[b][n%stageLen] = uint64(k)<<32 | uint64(doc)
		if p.nStaged[b] = n + 1; n+1 == stageLen {
			p.unstage(int(b))
		}
	}
	p.n += len(keys)
	storeFence() // once a document: the lines are in memory before anyone reads them
}

// AddTagged adds a posting key<<32 | doc<<tagBits | tag for each key<<32 | tag of keys (tag
// below 1<<tagBits, doc below 1<<(32-tagBits), which MaxDocs is for tagBits up to 4): the
// postings of one document, each saying a little of where in it its key is. Within a key,
// Groups gives them in document order, a document's in the order added.
func (p *List) AddTagged(keys []uint64, doc uint32, tagBits uint) {
	p.order(doc)
	d, mask := uint64(doc)<<tagBits, uint64(1)<<tagBits-1
	for _, kt := range keys {
		k := uint32(kt >> 32)
		b := k >> 24
		n := p.nStaged[b]
		p.staged[b][n%stageLen] = kt>>32<<32 | d | kt&mask
		if p.nStaged[b] = n + 1; n+1 == stageLen {
			p.unstage(int(b))
		}
	}
	p.n += len(keys)
	storeFence()
}

// order notes whether documents come in ascending order.
func (p *List) order(doc uint32) {
	if doc < p.last {
		p.unordered = true
	} else {
		p.last = doc
	}
}

// unstage moves bucket b's staged postings to its chunks: a line at once, as chunks hold a
// multiple of stageLen, but when the postings are read (Groups), and the line may be partial. A
// whole line is written around the cache (storeLineNT): the chunks are read only once every
// document is added, and writing through the cache made each line cost a read from memory
// first. The caller calls storeFence before the chunks are read.
func (p *List) unstage(b int) {
	c, vs := &p.buckets[b], p.staged[b][:p.nStaged[b]]
	p.nStaged[b] = 0
	if len(vs) == 0 {
		return
	}
	if p.Spill != nil {
		p.spillAdd(b, vs)
		return
	}
	if c.putLine(vs) {
		return
	}
	for _, v := range vs {
		if len(c.cur) == cap(c.cur) {
			c.grow(p.Pool)
		}
		c.cur = append(c.cur, v)
	}
}

// spillAdd adds vs to bucket b of a spilled list: to its one chunk, on the heap, grown by
// doubling up to spillChunk and written to the spill whenever it is full.
func (p *List) spillAdd(b int, vs []uint64) {
	c := &p.buckets[b]
	for len(vs) > 0 {
		if len(c.cur) == cap(c.cur) {
			// the chunk's lines written around the cache are in memory before it is read: by
			// the copy that grows it, or by the write to the spill
			storeFence()
			if cap(c.cur) < spillChunk {
				c.cur = append(make([]uint64, 0, max(minChunk, 2*cap(c.cur))), c.cur...)
			} else {
				p.segs[b] = append(p.segs[b], p.Spill.write(c.cur))
				c.cur = c.cur[:0]
			}
		}
		// around the cache, as a list in memory: the chunks of every bucket (4 MiB a list) do
		// not stay in the cache, and writing through it made each line cost a read from
		// memory first
		if c.putLine(vs) {
			return
		}
		m := copy(c.cur[len(c.cur):cap(c.cur)], vs) // a line across the chunk's end
		c.cur, vs = c.cur[:len(c.cur)+m], vs[m:]
	}
}

// putLine appends vs (not empty, up to a line of values) to c's last chunk if it has room for
// them, and reports whether it had: a whole line, aligned, is written around the cache
// (storeLineNT), and the caller calls storeFence before the chunk is read.
func (c *Chunks) putLine(vs []uint64) bool {
	n := len(c.cur)
	if cap(c.cur)-n < len(vs) {
		return false
	}
	c.cur = c.cur[:n+len(vs)]
	if dst := &c.cur[n]; vectorStore && len(vs) == stageLen && uintptr(unsafe.Pointer(dst))%64 == 0 {
		storeLineNT(dst, &vs[0])
	} else {
		copy(c.cur[n:], vs)
	}
	return true
}

// appendBucket appends bucket b's postings to dst, in the order added, and releases them.
func (p *List) appendBucket(dst []uint64, b int) []uint64 {
	if p.Spill == nil {
		return p.buckets[b].AppendTo(dst, p.Pool)
	}
	dst = p.Spill.appendSegs(dst, p.segs[b])
	dst = append(dst, p.buckets[b].cur...)
	p.buckets[b], p.segs[b] = Chunks{}, nil
	return dst
}

// Len returns the number of postings.
func (p *List) Len() int { return p.n }

// Groups calls fn, in key order, with each key that two or more postings have and the documents
// that have it, sorted, each once (a document may add a key more than once, and then fn may get
// one document). Keys of one posting, most of them, make no pair and no call. docs is reused
// between calls. It releases the postings.
func (p *List) Groups(fn func(key uint32, docs []int32)) {
	p.GroupsParallel(1, func(_ int, key uint32, docs []int32) { fn(key, docs) })
}

// GroupsParallel is Groups on workers goroutines: worker w calls fn(w, ...) for the keys of the
// buckets it takes, in key order within a bucket; a key's documents are never split between
// workers. With one worker, keys come in key order.
func (p *List) GroupsParallel(workers int, fn func(worker int, key uint32, docs []int32)) {
	for b := range Buckets {
		p.unstage(b)
	}
	storeFence()
	if p.Spill != nil {
		p.Spill.flush()
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := 0; w < max(workers, 1); w++ {
		wg.Go(func() {
			var all, tmp []uint64
			var docs []int32
			for {
				b := int(next.Add(1)) - 1
				if b >= Buckets {
					return
				}
				all = p.appendBucket(all[:0], b)
				if p.unordered {
					slices.Sort(all)
				} else if len(all) > 1 {
					// chunks were filled in document order: sorting by key, stably, sorts fully
					tmp = slices.Grow(tmp[:0], len(all))[:len(all)]
					SortByKey(all, tmp)
				}
				for s := 0; s < len(all); {
					key := all[s] >> 32
					if s+1 == len(all) || all[s+1]>>32 != key { // one posting
						s++
						continue
					}
					docs = docs[:0]
					e := s
					for ; e < len(all) && all[e]>>32 == key; e++ {
						if e == s || all[e] != all[e-1] { // sorted: a repeat follows its first
							docs = append(docs, int32(uint32(all[e])))
						}
					}
					fn(w, uint32(key), docs)
					s = e
				}
			}
		})
	}
	wg.Wait()
	p.n, p.last, p.unordered = 0, 0, false
}

// PairCounter collects the document pairs that share fingerprints, for CountShared: one entry
// per shared fingerprint, or per docset (the fingerprints held by exactly the same documents)
// with their number as its weight, of a class (0 to Classes-1: pipeline's own, recurring, story and
// fragment text, see its evidence stage). A pair is packed as
// a<<(docBits+pairLow) | b<<pairLow | weight<<2 | class, into buckets by its top byte: each
// bucket is sorted and counted on its own, on all cores, and the buckets in order hold the pairs
// in order. One goroutine adds to a counter; CountShared takes the counters of all.
type PairCounter struct {
	Pool    *Pool // where chunks come from and go when counted; nil for fresh memory
	docBits uint  // bits of a document number
	shift   uint  // a packed pair's bucket is p>>shift
	buckets [Buckets]Chunks
}

// pairLow is the bits below a packed pair: a weight of up to MaxPairWeight and the class.
const (
	pairLow       = 7
	MaxPairWeight = 1<<(pairLow-2) - 1
)

// Classes is the number of classes of entry a PairCounter tells apart (0 to 3), each summed
// on its own.
const Classes = 4

// MaxDocs is the most documents a run takes: two document numbers and pairLow bits fit in 64.
const MaxDocs = 1 << ((64 - pairLow) / 2)

// NewPairCounter returns a counter for pairs of documents numbered below n (at most MaxDocs).
func NewPairCounter(n int) *PairCounter {
	db := uint(bits.Len(uint(max(n-1, 1))))
	// at least pairLow: the weight and the flag must not split a pair's entries between buckets
	return &PairCounter{docBits: db, shift: uint(max(int(2*db+pairLow)-8, pairLow))}
}

// entry packs a shared fingerprint, or docset of weight fingerprints, of documents a and b.
func (pc *PairCounter) entry(a, b int32, weight int, class int) uint64 {
	return uint64(a)<<(pc.docBits+pairLow) | uint64(b)<<pairLow | uint64(min(weight, MaxPairWeight))<<2 | uint64(class)
}

// Add counts weight fingerprints of a class of text shared by documents a < b.
func (pc *PairCounter) Add(a, b int32, weight int, class int) {
	v := pc.entry(a, b, weight, class)
	ch := &pc.buckets[v>>pc.shift]
	if len(ch.cur) == cap(ch.cur) {
		ch.grow(pc.Pool)
	}
	ch.cur = append(ch.cur, v)
}

// AddRow is Add for document a and each of bs (all greater than a): a row of pairs, which (but
// in a tiny corpus) all go to one bucket, written in a tight loop.
func (pc *PairCounter) AddRow(a int32, bs []int32, weight int, class int) {
	if len(bs) == 0 {
		return
	}
	base := pc.entry(a, 0, weight, class)
	if pc.shift < pc.docBits+pairLow { // the bucket depends on b too
		for _, b := range bs {
			pc.Add(a, b, weight, class)
		}
		return
	}
	ch := &pc.buckets[base>>pc.shift]
	for len(bs) > 0 {
		if len(ch.cur) == cap(ch.cur) {
			ch.grow(pc.Pool)
		}
		n := len(ch.cur)
		m := min(cap(ch.cur)-n, len(bs))
		row := ch.cur[n : n+m]
		for i, b := range bs[:m] {
			row[i] = base | uint64(b)<<pairLow
		}
		ch.cur, bs = ch.cur[:n+m], bs[m:]
	}
}

// ReadBuckets reads lists of values kept in buckets (by their top bits, as a PairCounter keeps
// them) bucket by bucket, on workers goroutines: for each bucket number b, the values of bucket b
// of every list, sorted, go to fn(w, b, values) on worker w, and the lists' chunks back to their
// pools (pools[k] for lists[k]). A worker takes whole buckets, so what fn sees of a bucket does not
// depend on the schedule; ReadBuckets returns when every bucket is read.
func ReadBuckets(workers int, lists []*[Buckets]Chunks, pools []*Pool, fn func(w, b int, values []uint64)) {
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := range max(workers, 1) {
		wg.Go(func() {
			var all, tmp []uint64
			for {
				b := int(next.Add(1)) - 1
				if b >= Buckets {
					return
				}
				all = all[:0]
				for k, l := range lists {
					all = l[b].AppendTo(all, pools[k])
				}
				if len(all) < 256 {
					slices.Sort(all)
				} else {
					tmp = slices.Grow(tmp[:0], len(all))[:len(all)]
					RadixSort(all, tmp)
				}
				fn(w, b, all)
			}
		})
	}
	wg.Wait()
}

// CountShared sums, over the counters, the weights of each pair's entries by class (sums[class]).
// It returns, sorted, once each and packed a<<32 | b, the pairs for which keep(a, b, sums) holds.
// It releases the counters, and counts on workers goroutines, calling keep from all of them.
func CountShared(counters []*PairCounter, workers int, keep func(a, b int32, sums [Classes]int) bool) []uint64 {
	if len(counters) == 0 {
		return nil
	}
	db := counters[0].docBits
	lists := make([]*[Buckets]Chunks, len(counters))
	pools := make([]*Pool, len(counters))
	for k, pc := range counters {
		lists[k], pools[k] = &pc.buckets, pc.Pool
	}
	var out [Buckets][]uint64
	ReadBuckets(workers, lists, pools, func(_, b int, all []uint64) {
		var kept []uint64
		for s := 0; s < len(all); {
			pair := all[s] >> pairLow
			var sums [Classes]int
			e := s
			for ; e < len(all) && all[e]>>pairLow == pair; e++ {
				sums[all[e]&3] += int(all[e]>>2) & MaxPairWeight
			}
			a, bb := int32(pair>>db), int32(pair&(1<<db-1))
			if keep(a, bb, sums) {
				kept = append(kept, uint64(a)<<32|uint64(bb))
			}
			s = e
		}
		out[b] = kept
	})
	total := 0
	for _, o := range out {
		total += len(o)
	}
	pairs := make([]uint64, 0, total)
	for _, o := range out {
		pairs = append(pairs, o...)
	}
	return pairs
}
