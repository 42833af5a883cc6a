package pipeline

import "slices"

func sortUint32(s []uint32) { slices.Sort(s) }

// radixSort sorts s in place by its values, using tmp (grown if needed) as scratch; it returns
// the scratch for reuse. LSD radix with 16-bit digits: four passes over the packed
// (key<<32 | document) postings, several times faster than a comparison sort on millions of them.
func radixSort(s, tmp []uint64) []uint64 {
	if len(s) < 256 {
		slices.Sort(s)
		return tmp
	}
	if cap(tmp) < len(s) {
		tmp = make([]uint64, len(s))
	}
	tmp = tmp[:len(s)]
	src, dst := s, tmp
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, v := range src {
			count[(v>>shift)&0xffff]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, v := range src {
			d := (v >> shift) & 0xffff
			dst[count[d]] = v
			count[d]++
		}
		src, dst = dst, src
	}
	// four passes: the sorted data is back in s
	return tmp
}
