package input

// WARC input (.warc, .warc.gz, .warc.zst: a web crawl, gzipped or zstd-compressed per record,
// whole, or not at all), read with
// github.com/nlnwa/gowarc/v3, streaming: one record at a time, its payload read up to
// MaxDocBytes (gowarc keeps a block of up to its memory limit in memory, larger ones in a
// temporary file), so memory stays bounded whatever the file's size.
//
// Each `response` record whose HTTP status is 2xx and whose Content-Type is HTML becomes an HTML
// Record: id the WARC-Target-URI, source the URI's host, the WARC-Date kept as the publication
// date of a page that gives none. A response whose WARC-Payload-Digest was seen before in the run
// is the same page fetched again: skipped and counted (RecordDuplicatePayload). Responses that
// are not HTML pages (images, scripts, redirects) are counted as RecordNotHTML; other record
// types (warcinfo, request, metadata, revisit) are not articles and are passed over silently.
// Problems name the file and the record's byte offset.
//
// gowarc reads gzip itself, member by member, and gives each record's offset in the file. It
// does not read zstd: a .warc.zst (told by its first bytes, a zstd frame or the skippable frame
// of a dictionary) is decoded here, as one stream, and gowarc reads the decoded WARC; a record's
// offset is then its offset in the decoded WARC. The IIPC's WARC-zstd compresses each record as
// a frame of its own with a dictionary, which the file carries first in a skippable frame
// (magic 0x184D2A5D), itself maybe zstd-compressed: it is read and handed to the decoder.

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/nlnwa/gowarc/v3"
)

// Archive says where a Record read from a WARC file was found.
type Archive struct {
	Offset int64     // the record's byte offset in the WARC file (of its gzip member, if gzipped)
	Date   time.Time // WARC-Date: when the page was fetched; the publication date of a page without one
	// ContentType is the HTTP response's Content-Type: its charset, if any, says how the page
	// is encoded (charset.go).
	ContentType string
}

// isWARC reports whether a file name is a WARC file's, gzipped, zstd-compressed or not.
func isWARC(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(lower, ".warc") || strings.HasSuffix(lower, ".warc.gz") || strings.HasSuffix(lower, ".warc.zst")
}

// dictFrameMagic is the magic number of the skippable frame that holds a WARC-zstd file's
// dictionary.
const dictFrameMagic = 0x184D2A5D

// maxWARCDict bounds a WARC-zstd dictionary (zstd's own tools make them of 110 KiB by default).
const maxWARCDict = 16 << 20

// isSkippableFrame reports whether b starts with the magic number of a zstd skippable frame
// (0x184D2A50 to 0x184D2A5F).
func isSkippableFrame(b []byte) bool {
	return len(b) >= 4 && binary.LittleEndian.Uint32(b)&^0xF == 0x184D2A50
}

// warcZstd returns a decoder of a zstd-compressed WARC read from br, with the dictionary of its
// first frame if that frame is a dictionary's; the reason is "" unless the dictionary is bad.
func warcZstd(br *bufio.Reader) (*zstd.Decoder, string) {
	opts := []zstd.DOption{zstd.WithDecoderConcurrency(4), zstd.WithDecoderMaxWindow(128 << 20)}
	head, _ := br.Peek(8)
	if len(head) == 8 && binary.LittleEndian.Uint32(head) == dictFrameMagic {
		n := binary.LittleEndian.Uint32(head[4:])
		if n > maxWARCDict {
			return nil, fmt.Sprintf("zstd dictionary of %d bytes (over %d)", n, maxWARCDict)
		}
		br.Discard(8)
		dict := make([]byte, n)
		if _, err := io.ReadFull(br, dict); err != nil {
			return nil, "zstd dictionary: truncated"
		}
		if bytes.HasPrefix(dict, zstdMagic) {
			d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxWARCDict))
			if err != nil {
				return nil, "zstd dictionary: " + err.Error()
			}
			dict, err = d.DecodeAll(dict, nil)
			d.Close()
			if err != nil {
				return nil, "zstd dictionary: " + err.Error()
			}
		}
		opts = append(opts, zstd.WithDecoderDicts(dict))
	}
	d, err := zstd.NewReader(br, opts...)
	if err != nil {
		return nil, "zstd dictionary: " + err.Error()
	}
	return d, ""
}

// maxWARCMemBytes is how much of a record's block gowarc keeps in memory; a larger block goes to
// a temporary file. News pages are well under it.
const maxWARCMemBytes = 4 << 20

// warc reads the HTML responses of a WARC file.
func (w *walker) warc(path string, size int64) error {
	in, done, ok := w.openInput(path, size)
	if !ok {
		return nil
	}
	defer done()
	br := bufio.NewReaderSize(in, 64<<10)
	src := io.Reader(br)
	if head, _ := br.Peek(4); sniff(head) == compZstd || isSkippableFrame(head) {
		w.ahead = true // the decoder's goroutines read the file: the loop below reports progress
		defer func() { w.ahead = false }()
		d, reason := warcZstd(br)
		if d == nil {
			w.fail(path, 0, RecordCorrupt, "record at offset 0: "+reason)
			return nil
		}
		defer d.Close()
		src = d
	}
	r, err := gowarc.NewWarcFileReaderFromStream(src, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore),
		gowarc.WithBlockErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
		gowarc.WithBufferMaxMemBytes(maxWARCMemBytes),
	)
	if err != nil {
		w.fail(path, 0, RecordUnreadable, "cannot read: "+err.Error())
		return nil
	}
	defer r.Close()
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		rec, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// The framing is lost: what follows cannot be found.
			w.fail(path, 0, RecordCorrupt, fmt.Sprintf("record at offset %d: %s; the rest of the file is not read", rec.Offset, warcReason(err)))
			rec.Close()
			return nil
		}
		rerr := w.warcRecord(path, rec)
		rec.Close()
		if rerr != nil {
			return rerr
		}
		w.reportProgress()
	}
}

// httpHead parses the status line and header fields of an HTTP response; hdr is nil if they
// do not parse.
func httpHead(b []byte) (code int, hdr http.Header) {
	tr := textproto.NewReader(bufio.NewReader(bytes.NewReader(b)))
	line, err := tr.ReadLine()
	if err != nil {
		return 0, nil
	}
	proto, rest, _ := strings.Cut(line, " ")
	status, _, _ := strings.Cut(strings.TrimLeft(rest, " "), " ")
	code, err = strconv.Atoi(status)
	if !strings.HasPrefix(proto, "HTTP/") || err != nil || len(status) != 3 {
		return 0, nil
	}
	h, err := tr.ReadMIMEHeader()
	if err != nil && len(h) == 0 {
		return 0, nil
	}
	return code, http.Header(h)
}

// codings returns the transfer codings of Transfer-Encoding header values, lower case, in the
// order they were applied ("identity" dropped).
func codings(values []string) []string {
	var out []string
	for _, v := range values {
		for c := range strings.SplitSeq(v, ",") {
			if c = strings.ToLower(strings.TrimSpace(c)); c != "" && c != "identity" {
				out = append(out, c)
			}
		}
	}
	return out
}

// dechunk undoes chunked transfer encoding. Some crawlers store the payload decoded but keep
// the Transfer-Encoding header: a payload that does not start with a chunk-size line (hex
// digits, maybe extensions, then CRLF or LF) is taken as it is, as warcio does. A chunked
// payload cut short or malformed later gives a read error.
func dechunk(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	line, _ := br.Peek(64)
	n := 0
	for n < len(line) && isHexDigit(line[n]) {
		n++
	}
	rest := line[n:]
	if i := bytes.IndexByte(rest, '\n'); n == 0 || i < 0 || !(i == 0 || rest[0] == '\r' || rest[0] == ';' || rest[0] == ' ' || rest[0] == '\t') {
		return br
	}
	return &chunkErrReader{httputil.NewChunkedReader(br)}
}

// chunkErrReader marks the errors of a chunked payload as chunkError.
type chunkErrReader struct{ r io.Reader }

func (c *chunkErrReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil && err != io.EOF {
		err = &chunkError{err}
	}
	return n, err
}

// chunkError is an error in the chunked transfer encoding of a payload.
type chunkError struct{ err error }

func (e *chunkError) Error() string { return "chunked transfer encoding: " + e.err.Error() }
func (e *chunkError) Unwrap() error { return e.err }

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// warcReason words a gowarc or gzip error.
func warcReason(err error) string {
	var chunk *chunkError
	if errors.As(err, &chunk) {
		return "chunked transfer encoding: " + warcReason(chunk.err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) ||
		errors.Is(err, zstd.ErrCRCMismatch) || errors.Is(err, zstd.ErrMagicMismatch) {
		return "truncated or corrupt"
	}
	if errors.Is(err, zstd.ErrUnknownDictionary) {
		return "zstd frame compressed with a dictionary the file does not hold"
	}
	return err.Error()
}

// warcRecord emits one record of a WARC file if it is an HTML page.
func (w *walker) warcRecord(path string, rec gowarc.Record) error {
	wr := rec.WarcRecord
	if wr == nil || wr.Type() != gowarc.Response {
		return nil
	}
	at := func(kind RecordKind, reason string) {
		w.fail(path, 0, kind, fmt.Sprintf("record at offset %d: %s", rec.Offset, reason))
	}
	h := wr.WarcHeader()
	uri := strings.Trim(h.Get(gowarc.WarcTargetURI), "<>")
	if uri == "" {
		at(RecordMissingID, "response without WARC-Target-URI")
		return nil
	}
	block, ok := wr.Block().(gowarc.HttpResponseBlock)
	if !ok {
		at(RecordNotHTML, uri+": not an HTTP response")
		return nil
	}
	// Status and headers as the crawler stored them: gowarc reads them with http.ReadResponse,
	// which takes Transfer-Encoding out of the header and fails (status 0) on codings it does
	// not know.
	code, hdr := httpHead(block.ProtocolHeaderBytes())
	if hdr == nil {
		code = block.HttpStatusCode()
		if h := block.HttpHeader(); h != nil {
			hdr = *h
		}
	}
	if code < 200 || code > 299 {
		at(RecordNotHTML, fmt.Sprintf("%s: HTTP status %d", uri, code))
		return nil
	}
	ctype := ""
	if hdr != nil {
		ctype = hdr.Get("Content-Type")
	}
	if mt, _, _ := mime.ParseMediaType(ctype); mt != "text/html" && mt != "application/xhtml+xml" {
		at(RecordNotHTML, fmt.Sprintf("%s: content type %q", uri, ctype))
		return nil
	}
	digest := h.Get(gowarc.WarcPayloadDigest)
	if digest == "" {
		digest = block.PayloadDigest()
	}
	if digest != "" {
		if w.digests == nil {
			w.digests = map[string]bool{}
		}
		if w.digests[digest] {
			at(RecordDuplicatePayload, uri+": payload "+digest+" seen before")
			return nil
		}
		w.digests[digest] = true
	}
	payload, err := block.PayloadBytes()
	if err != nil {
		at(RecordCorrupt, uri+": "+warcReason(err))
		return nil
	}
	if hdr != nil {
		// Transfer codings first (the last applied is the first undone), then the content's.
		for _, c := range slices.Backward(codings(hdr.Values("Transfer-Encoding"))) {
			switch c {
			case "chunked":
				payload = dechunk(payload)
			case "gzip", "x-gzip":
				zr, err := gzip.NewReader(payload)
				if err != nil {
					at(RecordCorrupt, uri+": gzip transfer encoding: "+warcReason(err))
					return nil
				}
				defer zr.Close()
				payload = zr
			default:
				at(RecordCorrupt, fmt.Sprintf("%s: unsupported transfer encoding %q", uri, c))
				return nil
			}
		}
		if strings.EqualFold(strings.TrimSpace(hdr.Get("Content-Encoding")), "gzip") {
			zr, err := gzip.NewReader(payload)
			if err != nil {
				at(RecordCorrupt, uri+": gzip content: "+warcReason(err))
				return nil
			}
			defer zr.Close()
			payload = zr
		}
	}
	data, err := io.ReadAll(io.LimitReader(payload, int64(w.maxDoc)+1))
	if err != nil {
		at(RecordCorrupt, uri+": "+warcReason(err))
		return nil
	}
	if len(data) > w.maxDoc {
		at(RecordTooLarge, uri+": "+fmt.Sprintf("page over the limit of %d bytes (--max-doc-bytes)", w.maxDoc))
		return nil
	}
	var host string
	if u, err := url.Parse(uri); err == nil {
		host = u.Hostname()
	}
	date, _ := wr.Date()
	return w.emit(Record{File: path, Data: data, Format: FormatHTML, ID: uri, Source: host, Input: w.inputNum,
		Archive: &Archive{Offset: rec.Offset, Date: date, ContentType: ctype}})
}
