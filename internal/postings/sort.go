package postings

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"unsafe"
)

// Sort sorts packed postings (key<<32 | document) or pair keys in place, without the
// scratch copy an LSD radix sort needs (the fingerprint postings are the largest thing a run
// holds: a copy would double peak memory). An American flag pass on the top byte in use (pair
// keys of 200,000 documents use 50 bits, so their top byte is always 0) splits s into 256 buckets
// in place, which are then sorted on all cores.
func Sort(s []uint64) {
	if len(s) < 1<<16 {
		slices.Sort(s)
		return
	}
	var high uint64
	for _, v := range s {
		high |= v
	}
	shift := uint(max(bits.Len64(high), 8) - 8)
	var count, start, next [256]int
	for _, v := range s {
		count[v>>shift]++
	}
	sum := 0
	for b := range count {
		start[b], next[b] = sum, sum
		sum += count[b]
	}
	for b := range count {
		end := start[b] + count[b]
		for next[b] < end {
			v := s[next[b]]
			d := v >> shift
			if int(d) == b {
				next[b]++
				continue
			}
			s[next[b]], s[next[d]] = s[next[d]], v
			next[d]++
		}
	}
	buckets := make(chan int, 256)
	for b := range count {
		buckets <- b
	}
	close(buckets)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Go(func() {
			var tmp []uint64
			for b := range buckets {
				bucket := s[start[b] : start[b]+count[b]]
				if len(bucket) < 256 {
					slices.Sort(bucket)
					continue
				}
				tmp = slices.Grow(tmp[:0], len(bucket))[:len(bucket)]
				RadixSort(bucket, tmp)
			}
		})
	}
	wg.Wait()
}

// HashSorter sorts slices of hash values (uniformly distributed, as murmur3 makes them) in about
// linear time: one counting pass places each value in the bucket of its top bits, about one value
// per bucket, and insertion sort orders the few values of each bucket. Values that are not
// uniform only make buckets larger: a bucket over insertionMax values is sorted with
// slices.Sort, so the worst case stays O(n log n). It keeps its scratch space: one per goroutine.
type HashSorter struct {
	tmp    []uint64
	tmp32  []uint32
	counts []int32
}

const insertionMax = 24

// Sort sorts s in place.
func (hs *HashSorter) Sort(s []uint64) { hs.tmp, hs.counts = bucketSort(s, hs.tmp, hs.counts) }

// Sort32 sorts s in place.
func (hs *HashSorter) Sort32(s []uint32) { hs.tmp32, hs.counts = bucketSort(s, hs.tmp32, hs.counts) }

// bucketSort is HashSorter's Sort; it returns the scratch slices, maybe grown.
func bucketSort[T uint32 | uint64](s, tmp []T, counts []int32) ([]T, []int32) {
	n := len(s)
	if n <= insertionMax {
		InsertionSort(s)
		return tmp, counts
	}
	b := bits.Len(uint(n)) // 2^b buckets: between n and 2n
	shift := 8*int(unsafe.Sizeof(s[0])) - b
	if cap(counts) < 1<<b+1 {
		counts = make([]int32, 1<<b+1)
	}
	cs := counts[:1<<b+1]
	clear(cs)
	for _, v := range s {
		cs[v>>shift+1]++
	}
	for i := 1; i < len(cs); i++ {
		cs[i] += cs[i-1]
	}
	if cap(tmp) < n {
		tmp = make([]T, n)
	}
	t := tmp[:n]
	// cs[k] is now the start of bucket k; place the values, moving each start past them
	for _, v := range s {
		k := v >> shift
		t[cs[k]] = v
		cs[k]++
	}
	// cs[k] is now the end of bucket k. Values are out of order only within their bucket:
	// with small buckets one insertion sort over all of them costs about one move per value.
	largest, start := 0, 0
	for k := 0; k < 1<<b; k++ {
		largest = max(largest, int(cs[k])-start)
		start = int(cs[k])
	}
	if largest <= insertionMax {
		InsertionSort(t)
	} else {
		start = 0
		for k := 0; k < 1<<b; k++ {
			end := int(cs[k])
			if end-start > 1 {
				slices.Sort(t[start:end])
			}
			start = end
		}
	}
	copy(s, t)
	return tmp, counts
}

// InsertionSort sorts s by insertion: for the few elements of a bucket, or of a sentence's
// words, where a general sort's setup costs more than the sort.
func InsertionSort[T uint32 | uint64](s []T) {
	for i := 1; i < len(s); i++ {
		v, j := s[i], i
		for j > 0 && s[j-1] > v {
			s[j] = s[j-1]
			j--
		}
		s[j] = v
	}
}

// SortByKey sorts packed postings (key<<32 | document) by key, keeping the order of postings with
// equal keys: when they were added in document order, that sorts them fully. It is an LSD radix
// sort through tmp (len(tmp) ≥ len(s)) on the key in digits of 12, 12 and 8 bits, skipping the
// digits that are the same in every posting: a bucket of postings shares its key's top byte, so
// two passes sort it, where sorting by bytes takes three. Ten times faster than slices.Sort on a
// chunk of a million postings.
func SortByKey(s, tmp []uint64) {
	if len(s) < 2 {
		return
	}
	var count0, count1 [1 << 12]int
	var count2 [1 << 8]int
	var diff uint64
	for _, v := range s { // the histograms of all three digits in one pass
		diff |= v ^ s[0]
		count0[v>>32&0xfff]++
		count1[v>>44&0xfff]++
		count2[v>>56]++
	}
	src, dst := s, tmp[:len(s)]
	for _, d := range []struct {
		shift uint
		mask  uint64
		count []int
	}{{32, 0xfff, count0[:]}, {44, 0xfff, count1[:]}, {56, 0xff, count2[:]}} {
		if diff>>d.shift&d.mask == 0 {
			continue // every key has the same digit here
		}
		c := d.count
		sum := 0
		for b := range c {
			c[b], sum = sum, sum+c[b]
		}
		for _, v := range src {
			b := v >> d.shift & d.mask
			dst[c[b]] = v
			c[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}

// RadixSort sorts s through tmp (len(tmp) ≥ len(s)): an LSD radix sort on the bytes that are not
// the same in every value. Pair keys (a<<32 | b) of 200,000 documents vary in five bytes.
func RadixSort(s, tmp []uint64) {
	if len(s) < 2 {
		return
	}
	var count [8][256]int
	var diff uint64
	// the histograms, written out: this loop is half the sort
	for _, v := range s {
		diff |= v ^ s[0]
		count[0][byte(v)]++
		count[1][byte(v>>8)]++
		count[2][byte(v>>16)]++
		count[3][byte(v>>24)]++
		count[4][byte(v>>32)]++
		count[5][byte(v>>40)]++
		count[6][byte(v>>48)]++
		count[7][byte(v>>56)]++
	}
	src, dst := s, tmp[:len(s)]
	for d := 0; d < 8; d++ {
		if byte(diff>>(8*d)) == 0 {
			continue // every value has the same byte here
		}
		c := &count[d]
		sum := 0
		for b := range c {
			c[b], sum = sum, sum+c[b]
		}
		shift := uint(8 * d)
		for _, v := range src {
			b := byte(v >> shift)
			dst[c[b]] = v
			c[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}
