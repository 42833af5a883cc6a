package inflate

import "math/bits"

// Decode table entry layout: see doc.go.
const (
	fSub  = 1 << 12 // subtable pointer
	fEOB  = 1 << 13 // end of block
	fBad  = 1 << 14 // invalid codeword or symbol
	fExc  = 1 << 15 // any of the three above
	fLit  = 1 << 31 // literal byte
	bad   = fBad | fExc
	maxCL = 15 // longest codeword

	litRootBits   = 11
	litTableSize  = 4096 // >= 2342, the most an 11-bit root needs for 288 symbols of up to 15 bits
	distRootBits  = 8
	distTableSize = 512 // >= 402, the most an 8-bit root needs for 32 symbols
	clRootBits    = 7   // code length codes are at most 7 bits: no subtables
)

var (
	lengthBase  = [29]uint32{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint32{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint32{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint32{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}

	// Order in which code length code lengths are sent (RFC 1951 section 3.2.7).
	clOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

	// Templates: each symbol's entry before its codeword length is added (entry = tmpl + len*0x101).
	// Bits 0-7 hold the extra bit count, so adding the length makes them the bits to consume.
	litTmpl  [288]uint32
	distTmpl [32]uint32
	clTmpl   [19]uint32

	// The fixed Huffman codes (RFC 1951 section 3.2.6), built once.
	fixedLit  [litTableSize]uint32
	fixedDist [distTableSize]uint32
)

func init() {
	for s := range litTmpl {
		switch {
		case s < 256:
			litTmpl[s] = fLit | uint32(s)<<16
		case s == 256:
			litTmpl[s] = fEOB | fExc
		case s < 286:
			litTmpl[s] = lengthBase[s-257]<<16 | lengthExtra[s-257]
		default:
			litTmpl[s] = bad
		}
	}
	for s := range distTmpl {
		if s < 30 {
			distTmpl[s] = distBase[s]<<16 | distExtra[s]
		} else {
			distTmpl[s] = bad
		}
	}
	for s := range clTmpl {
		clTmpl[s] = uint32(s) << 16
	}
	var lens [288]uint8
	for s := range lens {
		switch {
		case s < 144:
			lens[s] = 8
		case s < 256:
			lens[s] = 9
		case s < 280:
			lens[s] = 7
		default:
			lens[s] = 8
		}
	}
	build(fixedLit[:], litRootBits, lens[:], litTmpl[:])
	for s := range 32 {
		lens[s] = 5
	}
	build(fixedDist[:], distRootBits, lens[:32], distTmpl[:])
}

// build fills table with a root of 1<<root entries followed by subtables for the canonical
// Huffman code whose codeword lengths are lens (0: symbol unused). It reports whether the code is
// acceptable by compress/flate's rules: complete, empty, or a single 1-bit codeword. Codewords
// that an incomplete code leaves unassigned decode to invalid entries.
func build(table []uint32, root uint, lens []uint8, tmpl []uint32) bool {
	var count [maxCL + 1]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	left := 1
	n := 0
	for l := 1; l <= maxCL; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return false // over-subscribed
		}
		n += count[l]
	}
	if left != 0 {
		if n > 1 || (n == 1 && count[1] != 1) {
			return false // incomplete
		}
		for i := range 1 << root {
			table[i] = bad
		}
		if n == 0 {
			return true
		}
	}

	// Sort symbols by (length, symbol): canonical order.
	var offs [maxCL + 2]int
	for l := 1; l <= maxCL; l++ {
		offs[l+1] = offs[l] + count[l]
	}
	var sorted [288]uint16
	for s, l := range lens {
		if l != 0 {
			sorted[offs[l]] = uint16(s)
			offs[l]++
		}
	}
	var next [maxCL + 1]int // next canonical codeword of each length
	code := 0
	for l := 1; l <= maxCL; l++ {
		code = (code + count[l-1]) << 1
		if l == 1 {
			code = 0
		}
		next[l] = code
	}

	rootMask := 1<<root - 1
	free := 1 << root // next free subtable slot
	prefix, subStart, subBits := -1, 0, uint(0)
	for _, s := range sorted[:n] {
		l := uint(lens[s])
		rev := int(bits.Reverse16(uint16(next[l])) >> (16 - l))
		next[l]++
		if l <= root {
			e := tmpl[s] + uint32(l)*0x101
			for i := rev; i < 1<<root; i += 1 << l {
				table[i] = e
			}
			count[l]--
			continue
		}
		if p := rev & rootMask; p != prefix {
			// A new subtable, sized for this codeword and the longer ones sharing its prefix
			// (they follow it in canonical order).
			sb := l - root
			room := 1 << sb
			for sb+root < maxCL {
				room -= count[sb+root]
				if room <= 0 {
					break
				}
				sb++
				room <<= 1
			}
			if free+1<<sb > len(table) {
				return false // cannot happen for a complete code; be safe
			}
			prefix, subStart, subBits = p, free, sb
			free += 1 << sb
			table[p] = uint32(subStart)<<16 | fSub | fExc | uint32(sb)<<8 | uint32(root)
		}
		ll := l - root
		e := tmpl[s] + uint32(ll)*0x101
		for i := rev >> root; i < 1<<subBits; i += 1 << ll {
			table[subStart+i] = e
		}
		count[l]--
	}
	return true
}
