package pipeline

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// The analyses Run keeps (Options.KeepAnalyses): each document's metadata, where its text lies
// in the text spool, and its analysis, one record after another in input order, in a spool of
// their own. neardup scan --index relates the night's articles to the index with them (read
// and analysed again, they were 0.9 of the 13.5 CPU seconds of a night of 10,000 news articles).

// appendAnalyzed appends the record of a document, its text at off in the text spool, and its
// analysis. Its Fingerprints are delta-coded in their order (Run keeps them sorted and unique
// when it keeps analyses: rawFingerprints).
func appendAnalyzed(b []byte, d *Document, off int64, a *Analysis) []byte {
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, s := range [...]string{d.ID, d.Source, d.Title, d.URL, d.Author, d.File} {
		str(s)
	}
	b = binary.AppendUvarint(b, uint64(d.Line))
	if d.Published.IsZero() {
		b = binary.AppendUvarint(b, 0)
	} else {
		t, _ := d.Published.MarshalBinary() // fails only for zone offsets that are not whole minutes
		b = binary.AppendUvarint(b, uint64(len(t)))
		b = append(b, t...)
	}
	b = binary.AppendUvarint(b, uint64(off))
	b = binary.AppendUvarint(b, uint64(len(d.Text)))
	b = binary.AppendUvarint(b, uint64(a.Words))
	b = binary.LittleEndian.AppendUint64(b, a.Exact[0])
	b = binary.LittleEndian.AppendUint64(b, a.Exact[1])
	if a.withKeys {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(a.BandKeys)))
	for _, k := range a.BandKeys {
		b = binary.LittleEndian.AppendUint32(b, k)
	}
	b = binary.AppendUvarint(b, uint64(len(a.Fingerprints)))
	prev := uint32(0)
	for _, f := range a.Fingerprints {
		b = binary.AppendUvarint(b, uint64(f-prev))
		prev = f
	}
	for _, ks := range [...][]uint64{a.SentenceKeys, a.SentenceCopies} {
		b = binary.AppendUvarint(b, uint64(len(ks)))
		for _, k := range ks {
			b = binary.LittleEndian.AppendUint64(b, k)
		}
	}
	return b
}

// analyzedReader reads the records appendAnalyzed wrote.
type analyzedReader struct {
	r   *bufio.Reader
	buf []byte
	err error
}

func (ar *analyzedReader) uvarint() uint64 {
	if ar.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(ar.r)
	ar.err = err
	return v
}

func (ar *analyzedReader) bytes(n uint64) []byte {
	if ar.err != nil {
		return nil
	}
	if n <= 1<<16 {
		ar.buf = slices.Grow(ar.buf[:0], int(n))[:n]
		_, ar.err = io.ReadFull(ar.r, ar.buf)
		return ar.buf
	}
	// a length that the bytes after it need not hold (a spool cut short): the buffer grows as
	// they are read, not to the length at once
	b, err := io.ReadAll(io.LimitReader(ar.r, int64(min(n, 1<<40))))
	if err == nil && uint64(len(b)) != n {
		err = io.ErrUnexpectedEOF
	}
	ar.buf, ar.err = b, err
	return b
}

// fixed reads a little-endian integer of size bytes (4 or 8).
func (ar *analyzedReader) fixed(size int) uint64 {
	if ar.err != nil {
		return 0
	}
	var b [8]byte
	if _, ar.err = io.ReadFull(ar.r, b[:size]); ar.err != nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b[:])
}

func (ar *analyzedReader) string() string { return string(ar.bytes(ar.uvarint())) }

// next reads the next record: a document without its text, where the text lies, and its
// analysis. It returns io.EOF after the last.
func (ar *analyzedReader) next() (d Document, off int64, length int, a Analysis, err error) {
	if _, err := ar.r.Peek(1); err != nil {
		return d, 0, 0, a, err
	}
	d.ID, d.Source, d.Title, d.URL, d.Author, d.File = ar.string(), ar.string(), ar.string(), ar.string(), ar.string(), ar.string()
	d.Line = int(ar.uvarint())
	if t := ar.bytes(ar.uvarint()); len(t) > 0 && ar.err == nil {
		ar.err = d.Published.UnmarshalBinary(t)
	}
	off, length = int64(ar.uvarint()), int(ar.uvarint())
	a.Words = int(ar.uvarint())
	if e := ar.bytes(17); ar.err == nil {
		a.Exact = [2]uint64{binary.LittleEndian.Uint64(e), binary.LittleEndian.Uint64(e[8:])}
		a.withKeys = e[16] == 1
	}
	// counts are read element by element, the slices grown as they come: a count the bytes after
	// it do not hold costs no more memory than those bytes
	for n := ar.uvarint(); n > 0 && ar.err == nil; n-- {
		a.BandKeys = append(a.BandKeys, uint32(ar.fixed(4)))
	}
	prev := uint32(0)
	for n := ar.uvarint(); n > 0 && ar.err == nil; n-- {
		prev += uint32(ar.uvarint())
		a.Fingerprints = append(a.Fingerprints, prev)
	}
	for _, ks := range [...]*[]uint64{&a.SentenceKeys, &a.SentenceCopies} {
		for n := ar.uvarint(); n > 0 && ar.err == nil; n-- {
			*ks = append(*ks, ar.fixed(8))
		}
	}
	if ar.err != nil {
		if errors.Is(ar.err, io.EOF) {
			ar.err = io.ErrUnexpectedEOF
		}
		return d, 0, 0, a, ar.err
	}
	return d, off, length, a, nil
}

// ErrNoAnalyses is EachAnalyzed's error for a result whose run did not keep its analyses.
var ErrNoAnalyses = errors.New("pipeline: the run kept no analyses (Options.KeepAnalyses), or its result is closed")

// EachAnalyzed calls fn with every document of the run, its text read back, and the analysis
// Run made of it (Fingerprints sorted and unique, as an Analyzer gives them), in input order: as
// Each with the run's options would give them, without reading and analysing the inputs again.
// The run must have kept them (Options.KeepAnalyses); the result must be open. fn's error, or
// ctx's, stops it.
func (r *Result) EachAnalyzed(ctx context.Context, fn func(Document, Analysis) error) error {
	if r.analyses == nil {
		return ErrNoAnalyses
	}
	ar := &analyzedReader{r: bufio.NewReaderSize(io.NewSectionReader(r.analyses.f, 0, r.analyses.off), 1<<16)}
	var text []byte
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		d, off, length, a, err := ar.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: record %d: %w", r.analyses.name, n+1, err)
		}
		if text, err = r.spool.readInto(text, off, length); err != nil {
			return err
		}
		d.Text = string(text)
		if err := fn(d, a); err != nil {
			return err
		}
	}
}
