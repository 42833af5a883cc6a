package input

// CSV and TSV input (.csv, .tsv; gzipped or not): a header row names the columns, and each row
// after it is one article, its columns read as the fields of a JSON Lines record (--id-field and
// the other --*-field flags name them). Each row is turned into a JSON object, so that one parser
// (parseJSON) decides what a valid article is and words every problem; a record's Line is the
// row's first line in the file (a quoted field may span lines). Rows are read one at a time with
// encoding/csv; a row over MaxDocBytes+lineSlack bytes is skipped.

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// isTable reports whether a file name is a CSV or TSV file's, gzipped or not, and its separator.
func isTable(name string) (rune, bool) {
	lower := trimCompressed(name)
	switch {
	case strings.HasSuffix(lower, ".csv"):
		return ',', true
	case strings.HasSuffix(lower, ".tsv"):
		return '\t', true
	}
	return 0, false
}

// table reads a CSV or TSV file.
func (w *walker) table(path string, size int64, comma rune) error {
	in, done, ok := w.openInput(path, size)
	if !ok {
		return nil
	}
	defer done()
	r, comp, closeZ, ok := w.maybeDecompress(path, in)
	if !ok {
		return nil
	}
	defer closeZ()
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // checked here, to word it
	cr.LazyQuotes = true    // a stray quote in a title is common and harmless
	cr.ReuseRecord = true
	if comma == '\t' {
		cr.LazyQuotes = false
	}
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil // an empty file: the input is reported as empty
		}
		var pe *csv.ParseError
		if !errors.As(err, &pe) { // the file, not the CSV: a read or decompression error
			w.fail(path, 0, RecordCorrupt, decompressReason(comp, err))
			return nil
		}
		w.fail(path, 1, RecordMalformedRow, "header: "+csvReason(err))
		return nil
	}
	header = append([]string(nil), header...)
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	}
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
	}
	// A table without the id or text column holds no articles (a report of neardup's own
	// --format csv, a spreadsheet in a folder): one error for the file, not one a row.
	for _, need := range []struct {
		kind       RecordKind
		role, name string
	}{{RecordMissingID, "id", w.fields.ID}, {RecordMissingText, "text", w.fields.Text}} {
		if !slices.Contains(header, need.name) {
			w.fail(path, 1, need.kind, fmt.Sprintf("header has no %q column (the %s; --%s-field names it): the file is not read", need.name, need.role, need.role))
			return nil
		}
	}
	for n := 0; ; n++ {
		if n%64 == 0 {
			if err := w.ctx.Err(); err != nil {
				return err
			}
			w.reportProgress()
		}
		row, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				w.fail(path, pe.StartLine, RecordMalformedRow, csvReason(err))
				continue
			}
			w.fail(path, 0, RecordCorrupt, decompressReason(comp, err))
			return nil
		}
		line, _ := cr.FieldPos(0) // a row read without error has a field
		if len(row) != len(header) {
			w.fail(path, line, RecordMalformedRow, fmt.Sprintf("malformed row: %d fields, the header has %d", len(row), len(header)))
			continue
		}
		obj := make(map[string]string, len(row))
		size := 0
		for i, v := range row {
			if header[i] != "" {
				obj[header[i]] = v
			}
			size += len(v)
		}
		if size > w.lineLimit {
			w.fail(path, line, RecordTooLarge, overLimit(int64(size), w.maxDoc))
			continue
		}
		data, err := json.Marshal(obj)
		if err != nil { // strings only: cannot fail
			return err
		}
		if err := w.emit(Record{File: path, Line: line, Data: data, Format: FormatJSON, Input: w.inputNum}); err != nil {
			return err
		}
	}
}

// csvReason words a csv.ParseError without its position (the record names the line).
func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "malformed row: " + pe.Err.Error()
	}
	return err.Error()
}

// maybeDecompress returns r, decompressed if it starts with the gzip or zstd magic bytes, its
// compression, and a function to release it; ok is false when the header is bad (reported).
func (w *walker) maybeDecompress(path string, r io.Reader) (_ io.Reader, c compression, release func(), ok bool) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, _ := br.Peek(4)
	switch c = sniff(magic); c {
	case compGzip:
		zr, err := gzip.NewReader(br)
		if err != nil {
			w.fail(path, 0, RecordCorrupt, gzipReason(err))
			return nil, c, nil, false
		}
		return zr, c, func() { zr.Close() }, true
	case compZstd:
		// Its goroutines read the file: the caller reports progress (reportProgress).
		w.ahead = true
		zr, err := newZstd(br)
		if err != nil {
			w.ahead = false
			w.fail(path, 0, RecordCorrupt, decompressReason(c, err))
			return nil, c, nil, false
		}
		return zr, c, func() {
			zr.Close() // waits for its goroutines
			w.ahead = false
		}, true
	}
	return br, c, func() {}, true
}
