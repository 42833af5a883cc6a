package pipeline

import (
	"runtime"
	"slices"
	"sync"
)

func sortUint32(s []uint32) { slices.Sort(s) }

// sortPostings sorts packed postings (key<<32 | document) or pair keys in place, without the
// scratch copy an LSD radix sort needs (the fingerprint postings are the largest thing a run
// holds: a copy would double peak memory). An American flag pass on the top byte splits s into
// 256 buckets in place, which are then sorted on all cores.
func sortPostings(s []uint64) {
	if len(s) < 1<<16 {
		slices.Sort(s)
		return
	}
	var count, start, next [256]int
	for _, v := range s {
		count[v>>56]++
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
			d := v >> 56
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
			for b := range buckets {
				slices.Sort(s[start[b] : start[b]+count[b]])
			}
		})
	}
	wg.Wait()
}
