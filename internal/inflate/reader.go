package inflate

import (
	"encoding/binary"
	"hash/crc32"
	"io"
)

// gzip header flags (RFC 1952 section 2.3.1).
const (
	flagText     = 1 << 0 // FTEXT: a hint, ignored
	flagHCRC     = 1 << 1
	flagExtra    = 1 << 2
	flagName     = 1 << 3
	flagComment  = 1 << 4
	flagReserved = 0xe0
)

// Reader decompresses a gzip stream. Concatenated members are read as one stream.
type Reader struct {
	d    decoder
	crc  uint32 // of the current member's output so far
	size uint32 // of the current member's output so far, mod 2^32
	err  error  // sticky
}

// NewReader reads the first gzip header from r and returns a Reader for the stream. An empty r
// gives io.EOF, as compress/gzip does.
func NewReader(r io.Reader) (*Reader, error) {
	z := new(Reader)
	if err := z.Reset(r); err != nil {
		return nil, err
	}
	return z, nil
}

// Reset makes z read a new gzip stream from r, reusing its buffers, and reads the first header.
func (z *Reader) Reset(r io.Reader) error {
	z.d.reset(r)
	z.crc, z.size = 0, 0
	z.err = z.readHeader()
	return z.err
}

// Read reads decompressed bytes. At the end of each member it checks the CRC-32 and size
// (ErrChecksum), then reads the next member's header: input that ends there gives io.EOF, input
// that is not a gzip member gives ErrHeader.
func (z *Reader) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := z.d.read(p)
		if n > 0 {
			z.crc = crc32.Update(z.crc, crc32.IEEETable, p[:n])
			z.size += uint32(n)
			return n, nil
		}
		if err == io.EOF {
			err = z.readTrailer()
			if err == nil {
				err = z.readHeader()
			}
		}
		if err != nil {
			z.err = err
			return 0, err
		}
	}
}

// readTrailer checks the CRC-32 and ISIZE that follow a member's DEFLATE data.
func (z *Reader) readTrailer() error {
	z.d.alignByte()
	var t [8]byte
	if err := z.readFull(t[:]); err != nil {
		return err
	}
	if binary.LittleEndian.Uint32(t[:4]) != z.crc || binary.LittleEndian.Uint32(t[4:]) != z.size {
		return ErrChecksum
	}
	z.crc, z.size = 0, 0
	return nil
}

// readFull reads len(p) byte-aligned bytes; a short read is io.ErrUnexpectedEOF.
func (z *Reader) readFull(p []byte) error {
	for i := range p {
		b, err := z.d.readByte()
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		p[i] = b
	}
	return nil
}

// readHeader reads a member header (RFC 1952 section 2.3) and starts its DEFLATE stream. Input
// that ends before the header's first byte gives io.EOF.
func (z *Reader) readHeader() error {
	h := [10]byte{0x1f, 0x8b, 8} // ID1, ID2, CM = deflate
	for i, want := range h[:3] {
		b, err := z.d.readByte()
		if err != nil {
			if i == 0 {
				return err // io.EOF: no (more) members
			}
			return noEOF(err)
		}
		if b != want {
			return ErrHeader
		}
	}
	if err := z.readFull(h[3:]); err != nil {
		return err
	}
	flg := h[3]
	if flg&flagReserved != 0 {
		return ErrHeader
	}
	crc := crc32.Update(0, crc32.IEEETable, h[:])
	if flg&flagExtra != 0 {
		var x [2]byte
		if err := z.readFull(x[:]); err != nil {
			return err
		}
		crc = crc32.Update(crc, crc32.IEEETable, x[:])
		for range binary.LittleEndian.Uint16(x[:]) {
			c, err := z.d.readByte()
			if err != nil {
				return noEOF(err)
			}
			crc = crc32.Update(crc, crc32.IEEETable, []byte{c})
		}
	}
	for _, f := range []byte{flagName, flagComment} {
		if flg&f == 0 {
			continue
		}
		for {
			c, err := z.d.readByte()
			if err != nil {
				return noEOF(err)
			}
			crc = crc32.Update(crc, crc32.IEEETable, []byte{c})
			if c == 0 {
				break
			}
		}
	}
	if flg&flagHCRC != 0 {
		var x [2]byte
		if err := z.readFull(x[:]); err != nil {
			return err
		}
		if binary.LittleEndian.Uint16(x[:]) != uint16(crc) {
			return ErrHeader
		}
	}
	z.d.startStream()
	return nil
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// RawReader decompresses a raw DEFLATE stream (RFC 1951). It stops at the end of the final
// block; input after it is ignored.
type RawReader struct {
	d decoder
}

// NewRawReader returns a RawReader reading from r.
func NewRawReader(r io.Reader) *RawReader {
	f := new(RawReader)
	f.Reset(r)
	return f
}

// Reset makes f read a new raw DEFLATE stream from r, reusing its buffers.
func (f *RawReader) Reset(r io.Reader) { f.d.reset(r) }

// Read reads decompressed bytes; io.EOF follows the final block.
func (f *RawReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return f.d.read(p)
}
