package inflate

import (
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"unsafe"
)

// Errors. ErrCorrupt is wrapped with the offset in the compressed stream where it was found.
// ErrHeader and ErrChecksum are compress/gzip's values (as in klauspost/compress/gzip), so
// callers that test for those keep working.
var (
	ErrCorrupt  = errors.New("inflate: corrupt input")
	ErrHeader   = gzip.ErrHeader   // invalid gzip header, or trailing data that is not a member
	ErrChecksum = gzip.ErrChecksum // CRC-32 or ISIZE mismatch
)

const (
	windowSize = 1 << 15   // DEFLATE's history
	outSize    = 256 << 10 // fresh output per fill: the window and it stay in a 1 MiB L2
	winEnd     = windowSize + outSize
	winSlack   = 16 // 16-byte match copies may write up to 15 bytes past the match
	inSize     = 256 << 10
	maxMatch   = 258

	// inMargin is the input the fast loop needs at the top of an iteration: two refills of at
	// most 7 bytes each, and an 8-byte load after them.
	inMargin = 32
)

// Block decoding states.
const (
	stHeader = iota
	stStored
	stHuffman
	stDone
)

// decoder inflates one raw DEFLATE stream after another (one per gzip member) from buffered
// input into a window that the caller drains with read.
type decoder struct {
	src    io.Reader
	srcErr error // first error from src; io.EOF at its end
	in     []byte
	ip     int   // next unread byte of in
	iend   int   // end of buffered input
	inBase int64 // offset of in[0] in the compressed stream

	bitbuf uint64 // bits not yet consumed, LSB first; bits above bitcnt belong to in[ip]
	bitcnt uint

	win    []byte // history and output; winEnd+winSlack bytes
	rpos   int    // next byte to hand to the caller
	wpos   int    // next byte to decode
	histLo int    // first byte of this stream's history

	state  int
	final  bool // the current block is the last one
	stored int  // bytes left in the current stored block
	litMin uint // bits compress/flate wants before it decodes a literal/length symbol
	lt     *[litTableSize]uint32
	dt     *[distTableSize]uint32
	err    error // sticky

	lit  [litTableSize]uint32
	dist [distTableSize]uint32
}

func (d *decoder) reset(r io.Reader) {
	if d.in == nil {
		d.in = make([]byte, inSize)
		d.win = make([]byte, winEnd+winSlack)
	}
	d.src, d.srcErr = r, nil
	d.ip, d.iend, d.inBase = 0, 0, 0
	d.bitbuf, d.bitcnt = 0, 0
	d.rpos, d.wpos = 0, 0
	d.startStream()
}

// startStream prepares for a new DEFLATE stream whose history starts at the current output.
func (d *decoder) startStream() {
	d.histLo = d.wpos
	d.state, d.final, d.err = stHeader, false, nil
}

func (d *decoder) corrupt() error { return d.corruptAt(d.ip, d.bitcnt) }

// corruptAt reports corrupt input at the byte holding the next unread bit.
func (d *decoder) corruptAt(ip int, bitcnt uint) error {
	return fmt.Errorf("%w at byte %d", ErrCorrupt, d.inBase+int64(ip)-int64((bitcnt+7)/8))
}

// eofErr is the error for input that ran out mid-stream.
func (d *decoder) eofErr() error {
	if d.srcErr == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return d.srcErr
}

// normalize hands the whole unused bytes of the bit buffer back to the input.
func (d *decoder) normalize() {
	d.ip -= int(d.bitcnt >> 3)
	d.bitcnt &= 7
	d.bitbuf &= 1<<d.bitcnt - 1
}

// moreInput compacts the input buffer and reads until it holds inMargin bytes or the source
// fails. Call it only after normalize and while d.srcErr is nil.
func (d *decoder) moreInput() {
	if d.ip > 0 {
		d.inBase += int64(d.ip)
		d.iend = copy(d.in, d.in[d.ip:d.iend])
		d.ip = 0
	}
	for empty := 0; d.iend < inMargin; {
		n, err := d.src.Read(d.in[d.iend:])
		d.iend += n
		if err != nil {
			d.srcErr = err
			return
		}
		if n == 0 {
			if empty++; empty == 100 {
				d.srcErr = io.ErrNoProgress
				return
			}
		}
	}
}

// need makes the bit buffer hold at least n <= 57 bits.
func (d *decoder) need(n uint) error {
	for d.bitcnt < n {
		if d.ip == d.iend {
			if d.srcErr != nil {
				return d.eofErr()
			}
			d.normalize()
			d.moreInput()
			continue
		}
		d.bitbuf |= uint64(d.in[d.ip]) << (d.bitcnt & 63)
		d.ip++
		d.bitcnt += 8
	}
	return nil
}

// fillBits puts as many bits as it can, up to 57 or more, into the bit buffer.
func (d *decoder) fillBits() {
	for d.bitcnt <= 56 {
		if d.ip == d.iend {
			if d.srcErr != nil {
				return
			}
			d.normalize()
			d.moreInput()
			continue
		}
		d.bitbuf |= uint64(d.in[d.ip]) << (d.bitcnt & 63)
		d.ip++
		d.bitcnt += 8
	}
}

func (d *decoder) drop(n uint) {
	d.bitbuf >>= n & 63
	d.bitcnt -= n
}

// readByte reads a byte-aligned input byte (bit buffer empty).
func (d *decoder) readByte() (byte, error) {
	for d.ip == d.iend {
		if d.srcErr != nil {
			return 0, d.srcErr
		}
		d.moreInput()
	}
	b := d.in[d.ip]
	d.ip++
	return b, nil
}

// alignByte discards the bits up to the next byte boundary and empties the bit buffer.
func (d *decoder) alignByte() {
	d.drop(d.bitcnt & 7)
	d.normalize()
}

// read hands out decoded bytes, decoding more when none are left. It returns io.EOF once the
// stream's final block has ended and all its bytes were read.
func (d *decoder) read(p []byte) (int, error) {
	for d.rpos == d.wpos {
		if d.err != nil {
			return 0, d.err
		}
		d.err = d.fill()
	}
	n := copy(p, d.win[d.rpos:d.wpos])
	d.rpos += n
	return n, nil
}

// fill decodes until the output is nearly full, the stream ends, or an error. It is called when
// the caller has read all output.
func (d *decoder) fill() error {
	if d.wpos > winEnd-outSize/2 {
		shift := d.wpos - windowSize
		copy(d.win, d.win[shift:d.wpos])
		d.wpos -= shift
		d.rpos -= shift
		d.histLo = max(d.histLo-shift, 0)
	}
	for d.wpos <= winEnd-maxMatch {
		var err error
		switch d.state {
		case stHeader:
			err = d.blockHeader()
		case stStored:
			err = d.storedData()
		case stHuffman:
			err = d.huffman()
		case stDone:
			if d.wpos > d.rpos {
				return nil
			}
			return io.EOF
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) endBlock() {
	if d.final {
		d.state = stDone
	} else {
		d.state = stHeader
	}
}

func (d *decoder) blockHeader() error {
	if err := d.need(3); err != nil {
		return err
	}
	d.final = d.bitbuf&1 != 0
	typ := d.bitbuf >> 1 & 3
	d.drop(3)
	switch typ {
	case 0:
		d.drop(d.bitcnt & 7)
		if err := d.need(32); err != nil {
			return err
		}
		n, nn := d.bitbuf&0xffff, d.bitbuf>>16&0xffff
		if n != nn^0xffff {
			return d.corrupt()
		}
		d.drop(32)
		d.stored = int(n)
		d.state = stStored
	case 1:
		d.lt, d.dt, d.litMin = &fixedLit, &fixedDist, 7
		d.state = stHuffman
	case 2:
		if err := d.dynamicTables(); err != nil {
			return err
		}
		d.state = stHuffman
	default:
		return d.corrupt()
	}
	return nil
}

func (d *decoder) storedData() error {
	d.normalize() // the bit count is a multiple of 8: this empties the bit buffer
	for d.stored > 0 {
		if d.wpos == winEnd {
			return nil
		}
		if d.ip == d.iend {
			if d.srcErr != nil {
				return d.eofErr()
			}
			d.moreInput()
			continue
		}
		n := min(d.stored, winEnd-d.wpos, d.iend-d.ip)
		copy(d.win[d.wpos:], d.in[d.ip:d.ip+n])
		d.wpos += n
		d.ip += n
		d.stored -= n
	}
	d.endBlock()
	return nil
}

func (d *decoder) dynamicTables() error {
	if err := d.need(14); err != nil {
		return err
	}
	nlit := int(d.bitbuf&31) + 257
	ndist := int(d.bitbuf>>5&31) + 1
	nclen := int(d.bitbuf>>10&15) + 4
	d.drop(14)
	if nlit > 286 || ndist > 30 {
		return d.corrupt()
	}
	var lens [286 + 30]uint8
	for _, s := range clOrder[:nclen] {
		if err := d.need(3); err != nil {
			return err
		}
		lens[s] = uint8(d.bitbuf & 7)
		d.drop(3)
	}
	var cl [1 << clRootBits]uint32
	if !build(cl[:], clRootBits, lens[:19], clTmpl[:]) {
		return d.corrupt()
	}
	lens = [286 + 30]uint8{}
	n := nlit + ndist
	for i := 0; i < n; {
		d.fillBits()
		e := cl[d.bitbuf&(1<<clRootBits-1)]
		if e&fBad != 0 {
			return d.corrupt()
		}
		if uint(e&0xff) > d.bitcnt {
			return d.eofErr()
		}
		d.drop(uint(e & 0xff))
		sym := e >> 16
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var val uint8
		switch sym {
		case 16:
			if i == 0 {
				return d.corrupt()
			}
			if err := d.need(2); err != nil {
				return err
			}
			rep, val = 3+int(d.bitbuf&3), lens[i-1]
			d.drop(2)
		case 17:
			if err := d.need(3); err != nil {
				return err
			}
			rep = 3 + int(d.bitbuf&7)
			d.drop(3)
		default:
			if err := d.need(7); err != nil {
				return err
			}
			rep = 11 + int(d.bitbuf&127)
			d.drop(7)
		}
		if i+rep > n {
			return d.corrupt()
		}
		for range rep {
			lens[i] = val
			i++
		}
	}
	if !build(d.lit[:], litRootBits, lens[:nlit], litTmpl[:]) ||
		!build(d.dist[:], distRootBits, lens[nlit:n], distTmpl[:]) {
		return d.corrupt()
	}
	minLen := uint(maxCL)
	for _, l := range lens[:nlit] {
		if l != 0 {
			minLen = min(minLen, uint(l))
		}
	}
	d.lt, d.dt, d.litMin = &d.lit, &d.dist, max(minLen, uint(lens[256]))
	return nil
}

// extra returns the extra bits of the symbol whose entry is e, from the bit buffer as it was
// before the entry's bits were consumed.
func extra(saved uint64, e uint32) int {
	return int(uint32(saved&(1<<(e&63)-1)) >> (e >> 8 & 15))
}

// refill tops the bit buffer up to at least 56 bits with one 8-byte load at ip, the fast
// loop's refill (see doc.go). The caller guarantees ip+8 <= len of the buffer at inp.
func refill(inp unsafe.Pointer, ip int, bitbuf uint64, bitcnt uint) (int, uint64, uint) {
	// Safe: the fast loop runs only while ip <= iend-inMargin and refills at most twice before
	// checking again, so the 8 bytes lie within the buffered input.
	bitbuf |= binary.LittleEndian.Uint64((*[8]byte)(unsafe.Add(inp, ip))[:]) << (bitcnt & 63)
	return ip + int((63-bitcnt)>>3), bitbuf, bitcnt | 56
}

// copy16 copies 16 bytes from p+src to p+dst. The caller guarantees both are within the buffer.
func copy16(p unsafe.Pointer, dst, src int) {
	*(*[16]byte)(unsafe.Add(p, dst)) = *(*[16]byte)(unsafe.Add(p, src))
}

// carefulSymbol decodes the careful loop's next symbol of table (rootBits wide at its root, its
// length a power of two) from the bits held: its entry, the bits before its extra bits (for
// extra), and the buffer and count after it. A bad entry comes back unconsumed; ok is false when
// its bits are not all there (the stream is truncated).
func carefulSymbol(table []uint32, rootBits uint, bitbuf uint64, bitcnt uint) (e uint32, saved, buf uint64, cnt uint, ok bool) {
	e = table[bitbuf&(1<<rootBits-1)]
	n := uint(0)
	if e&fSub != 0 {
		n = rootBits
		e = table[(e>>16+uint32(bitbuf>>rootBits)&(1<<(e>>8&15)-1))&uint32(len(table)-1)]
	}
	if e&fBad != 0 {
		return e, 0, bitbuf, bitcnt, true
	}
	if n+uint(e&0xff) > bitcnt {
		return e, 0, bitbuf, bitcnt, false
	}
	saved = bitbuf >> n
	return e, saved, saved >> (e & 63), bitcnt - n - uint(e&0xff), true
}

// huffman decodes the current Huffman block until it ends, the output is nearly full, or an
// error. The hot state lives in locals; see doc.go for the fast and careful loops.
func (d *decoder) huffman() error {
	in := d.in
	ip, iend := d.ip, d.iend
	win := d.win
	op, histLo := d.wpos, d.histLo
	bitbuf, bitcnt := d.bitbuf, d.bitcnt
	lt, dt := d.lt, d.dt
	// The fast loop addresses in and win through these, without bounds checks; its margins
	// (inMargin bytes of input, maxMatch+winSlack bytes of output) keep every access in range.
	inp := unsafe.Pointer(unsafe.SliceData(in))
	wp := unsafe.Pointer(unsafe.SliceData(win))
	// No closures or defers here: a captured local cannot stay in a register.
	var err error
loop:
	for {
		// Fast loop: room for a maximal match (plus copy slack) and inMargin bytes of input.
		// e is always the next literal/length entry, looked up as soon as its bits are known
		// to be in the buffer (at least 11 of them), so the lookup overlaps the work before it.
		var e uint32
		if ip <= iend-inMargin {
			// The first lookup peeks at the bits the refill below will bring in. Committing
			// that refill here instead could move ip past the margin the careful loop tests,
			// which would then wait for input forever (TestRoundTrip, level -2, read1).
			_, peek, _ := refill(inp, ip, bitbuf, bitcnt)
			e = lt[peek&(1<<litRootBits-1)]
		}
		for op <= winEnd-maxMatch && ip <= iend-inMargin {
			// bitcnt >= 56 after this; the bits e was looked up with are unchanged.
			ip, bitbuf, bitcnt = refill(inp, ip, bitbuf, bitcnt)
			saved := bitbuf
			bitbuf >>= e & 63
			bitcnt -= uint(e & 0xff)
			if int32(e) < 0 {
				// Up to three literals from one refill: 3 x 11 bits. Each entry is consumed
				// before its kind is tested; a length or subtable pointer consumes its own bits
				// as it would anyway.
				*(*byte)(unsafe.Add(wp, op)) = byte(e >> 16)
				e = lt[bitbuf&(1<<litRootBits-1)]
				saved = bitbuf
				bitbuf >>= e & 63
				bitcnt -= uint(e & 0xff)
				if int32(e) >= 0 {
					op++
				} else {
					*(*byte)(unsafe.Add(wp, op+1)) = byte(e >> 16)
					e = lt[bitbuf&(1<<litRootBits-1)]
					saved = bitbuf
					bitbuf >>= e & 63
					bitcnt -= uint(e & 0xff)
					if int32(e) < 0 {
						*(*byte)(unsafe.Add(wp, op+2)) = byte(e >> 16)
						op += 3
						e = lt[bitbuf&(1<<litRootBits-1)] // 56-33 bits left
						continue
					}
					op += 2
				}
			}
			// At most 2 literals and a root entry (33 bits), or a subtable's first 11 bits.
			if e&fExc != 0 {
				if e&fSub != 0 {
					e = lt[(e>>16+uint32(bitbuf)&(1<<(e>>8&15)-1))&(litTableSize-1)]
					saved = bitbuf
					bitbuf >>= e & 63
					bitcnt -= uint(e & 0xff)
					if int32(e) < 0 {
						*(*byte)(unsafe.Add(wp, op)) = byte(e >> 16)
						op++
						e = lt[bitbuf&(1<<litRootBits-1)] // 56-22-15 bits left
						continue
					}
				}
				if e&fExc != 0 {
					if e&fEOB != 0 {
						d.endBlock()
						break loop
					}
					err = d.corruptAt(ip, bitcnt+uint(e&0xff))
					break loop
				}
			}
			// At most 22 bits of literals and 20 of length consumed: 14 left, enough for the
			// distance root. The refill then makes room for the distance (28 bits) and the
			// next literal/length lookup (11).
			length := int(e>>16) + extra(saved, e)
			e = dt[bitbuf&(1<<distRootBits-1)]
			ip, bitbuf, bitcnt = refill(inp, ip, bitbuf, bitcnt)
			saved = bitbuf
			bitbuf >>= e & 63
			bitcnt -= uint(e & 0xff)
			if e&fExc != 0 {
				if e&fSub == 0 {
					err = d.corruptAt(ip, bitcnt+uint(e&0xff))
					break loop
				}
				e = dt[(e>>16+uint32(bitbuf)&(1<<(e>>8&15)-1))&(distTableSize-1)]
				saved = bitbuf
				bitbuf >>= e & 63
				bitcnt -= uint(e & 0xff)
				if e&fExc != 0 {
					err = d.corruptAt(ip, bitcnt+uint(e&0xff))
					break loop
				}
			}
			dist := int(e>>16) + extra(saved, e)
			if dist > op-histLo {
				err = d.corruptAt(ip, bitcnt)
				break loop
			}
			e = lt[bitbuf&(1<<litRootBits-1)] // 56-28 bits left

			// Safe: op <= winEnd-maxMatch, so the match ends by winEnd and a move that starts
			// before its end writes at most winSlack-1 bytes past it; src >= histLo >= 0.
			src := op - dist
			end := op + length
			switch {
			case dist >= 16:
				// The source stays 16 bytes behind the destination: 16-byte moves never read
				// bytes this copy has yet to write.
				copy16(wp, op, src)
				for op+16 < end {
					op += 16
					src += 16
					copy16(wp, op, src)
				}
			case dist >= 8:
				for op < end {
					*(*[8]byte)(unsafe.Add(wp, op)) = *(*[8]byte)(unsafe.Add(wp, src))
					op += 8
					src += 8
				}
			case dist == 1:
				v := uint64(*(*byte)(unsafe.Add(wp, src))) * 0x0101010101010101
				for op < end {
					binary.LittleEndian.PutUint64((*[8]byte)(unsafe.Add(wp, op))[:], v)
					op += 8
				}
			default:
				for op < end {
					*(*byte)(unsafe.Add(wp, op)) = *(*byte)(unsafe.Add(wp, src))
					op++
					src++
				}
			}
			op = end
		}

		// Careful loop: one symbol at a time.
		if op > winEnd-maxMatch {
			break // output full
		}
		if iend-ip < inMargin && d.srcErr == nil {
			d.ip, d.iend, d.bitbuf, d.bitcnt = ip, iend, bitbuf, bitcnt
			d.normalize()
			d.moreInput()
			ip, iend, bitbuf, bitcnt = d.ip, d.iend, d.bitbuf, d.bitcnt
			continue
		}
		if iend-ip >= inMargin {
			continue
		}
		// The source has ended: the bits above bitcnt are zero.
		for bitcnt <= 56 && ip < iend {
			bitbuf |= uint64(in[ip]) << (bitcnt & 63)
			ip++
			bitcnt += 8
		}
		if bitcnt < d.litMin {
			err = d.eofErr()
			break
		}
		e, saved, buf, cnt, ok := carefulSymbol(lt[:], litRootBits, bitbuf, bitcnt)
		if e&fBad != 0 {
			err = d.corruptAt(ip, bitcnt)
			break loop
		}
		if !ok {
			err = d.eofErr()
			break
		}
		bitbuf, bitcnt = buf, cnt
		if int32(e) < 0 {
			win[op] = byte(e >> 16)
			op++
			continue
		}
		if e&fEOB != 0 {
			d.endBlock()
			break
		}
		length := int(e>>16) + extra(saved, e)

		e, saved, buf, cnt, ok = carefulSymbol(dt[:], distRootBits, bitbuf, bitcnt)
		if e&fBad != 0 {
			err = d.corruptAt(ip, bitcnt)
			break loop
		}
		if !ok {
			err = d.eofErr()
			break
		}
		bitbuf, bitcnt = buf, cnt
		dist := int(e>>16) + extra(saved, e)
		if dist > op-histLo {
			err = d.corruptAt(ip, bitcnt)
			break loop
		}
		for i := range length {
			win[op+i] = win[op-dist+i]
		}
		op += length
	}
	d.ip, d.iend, d.wpos, d.bitbuf, d.bitcnt = ip, iend, op, bitbuf, bitcnt
	return err
}
