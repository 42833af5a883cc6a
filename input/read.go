package input

// The read stage has two halves so that the only sequential part of the pipeline stays cheap:
//
//   - Walk is sequential. It finds the inputs, splits JSON Lines into lines and reads whole files,
//     and hands out each as a Record (raw bytes, file and line). It never decodes JSON: one
//     bufio.Reader.ReadSlice per line and one copy of the line into Record.Data, so it keeps up
//     with the disk (see BenchmarkWalk).
//   - Parse is pure and runs on the worker goroutines: UTF-8 repair, JSON decoding, HTML text
//     extraction, validation.
//
// Memory stays bounded whatever the input: a JSON line is accumulated only up to
// MaxDocBytes+lineSlack bytes; past that, the rest of the line is counted and thrown away.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/neardup/neardup/internal/inflate"
)

// DefaultMaxDocBytes is the size limit of one record or document when ReadOptions.MaxDocBytes is 0.
const DefaultMaxDocBytes = 10 << 20

// lineSlack is how much longer than MaxDocBytes a JSON line may be: room for the JSON syntax, the
// escapes and the other fields around the text.
const lineSlack = 64 << 10

// readBufSize is the size of the line buffer. Lines shorter than this (nearly all articles) are
// copied once, straight from the buffer into Record.Data; 256 KiB measured no slower than 1 MiB.
const readBufSize = 256 << 10

// progressStep is how many input bytes pass between two calls of the progress callback.
const progressStep = 1 << 20

// Fields names the JSON fields of a JSON Lines record. The zero value means the defaults id, text,
// source, title, published, url, author; an empty name means that field's default.
type Fields struct {
	ID        string // the document's id, a string or a number; required; default "id"
	Text      string // the article text, a non-empty string; required; default "text"
	Source    string // the outlet; optional; default "source"
	Title     string // optional; default "title"
	Published string // RFC 3339 or YYYY-MM-DD; optional; default "published"
	URL       string // optional; default "url"
	Author    string // who wrote the article; optional; default "author"
}

// withDefaults returns f with every empty name replaced by its default.
func (f Fields) withDefaults() Fields {
	def := func(s, d string) string {
		if s == "" {
			return d
		}
		return s
	}
	return Fields{
		ID:        def(f.ID, "id"),
		Text:      def(f.Text, "text"),
		Source:    def(f.Source, "source"),
		Title:     def(f.Title, "title"),
		Published: def(f.Published, "published"),
		URL:       def(f.URL, "url"),
		Author:    def(f.Author, "author"),
	}
}

// Format is the format of a record's bytes.
type Format uint8

const (
	// FormatJSON is one JSON Lines record: a JSON object.
	FormatJSON Format = iota
	// FormatText is a plain text or Markdown file (.txt, .md).
	FormatText
	// FormatHTML is an HTML file (.html, .htm); its text is the visible text.
	FormatHTML
)

// String returns the format's name: "json", "text" or "html".
func (f Format) String() string {
	switch f {
	case FormatJSON:
		return "json"
	case FormatText:
		return "text"
	case FormatHTML:
		return "html"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// Record is one unit of raw input, before parsing: a JSON line or a whole file.
type Record struct {
	File   string // path as given (or "-" for stdin); for files found under a directory, that directory joined with ID
	Line   int    // 1-based line for JSON Lines; 0 for a whole file
	Data   []byte // the line (without newline) or the file's bytes; owned by the receiver
	Format Format
	ID     string // for files: path relative to the directory given, '/'-separated (a file given by name: its path)
	Source string // for files found under a directory: the first sub-directory of ID, or ""
	Input  int    // which of Walk's inputs it comes from (an index)
	// Archive is where in a WARC file the record was found (its ID is then the page's URI, its
	// Source the URI's host); nil for other input.
	Archive *Archive
}

// ReadOptions says how to read and parse input. The zero value (and a nil *ReadOptions) reads
// with the defaults.
type ReadOptions struct {
	// Fields names the JSON fields; the zero value means id, text, source, title, published, url,
	// author.
	Fields Fields
	// MaxDocBytes is the size limit of one document: a file, or the text of a JSON record, larger
	// than this is skipped with an error (a JSON line may be lineSlack = 64 KiB longer, for the
	// JSON around the text). 0 means DefaultMaxDocBytes (10 MiB).
	MaxDocBytes int
	// FollowSymlinks reads the files that symbolic links below a directory input point to; by
	// default they are skipped (a RecordSymlink error), so that a link cannot bring a file from
	// outside the tree into a report. An input named on the command line is always followed.
	FollowSymlinks bool
	// HTMLText says which text of an .html or .htm page is compared: its main text (HTMLMain,
	// the default: the article, as an extractor finds it) or all its visible text (HTMLAll).
	HTMLText HTMLText
	// Stdin is the format of the input "-": FormatJSON (JSON Lines, maybe gzipped: the
	// default), or FormatText or FormatHTML for one document, the whole of stdin, whose id is "-"
	// (a draft piped to neardup check).
	Stdin Format
}

// Validate reports every problem with the options at once, or nil.
func (o *ReadOptions) Validate() error {
	if o == nil {
		return nil
	}
	var errs []error
	if o.MaxDocBytes < 0 {
		errs = append(errs, fmt.Errorf("input: max doc bytes %d is negative", o.MaxDocBytes))
	}
	if o.Stdin != FormatJSON && o.Stdin != FormatText && o.Stdin != FormatHTML {
		errs = append(errs, fmt.Errorf("input: stdin format %v is not json, text or html", o.Stdin))
	}
	f := o.Fields.withDefaults()
	names := []struct{ role, name string }{
		{"id", f.ID}, {"text", f.Text}, {"source", f.Source},
		{"title", f.Title}, {"published", f.Published}, {"url", f.URL}, {"author", f.Author},
	}
	for i, a := range names {
		for _, b := range names[:i] {
			if a.name == b.name {
				errs = append(errs, fmt.Errorf("input: fields %s and %s are both read from JSON field %q", b.role, a.role, a.name))
			}
		}
	}
	return errors.Join(errs...)
}

// maxDocBytes returns the document size limit in effect.
func (o *ReadOptions) maxDocBytes() int {
	if o == nil || o.MaxDocBytes <= 0 {
		return DefaultMaxDocBytes
	}
	return o.MaxDocBytes
}

// fields returns the JSON field names in effect.
func (o *ReadOptions) fields() Fields {
	if o == nil {
		return Fields{}.withDefaults()
	}
	return o.Fields.withDefaults()
}

// overLimit is the reason given for a record or document that is too large.
func overLimit(n int64, limit int) string {
	return fmt.Sprintf("document of %d bytes is over the limit of %d bytes (--max-doc-bytes)", n, limit)
}

// Walk reads every input in order and calls emit for each record, in a deterministic order.
//
// An input is a path to a JSON Lines file (.jsonl or .ndjson, optionally gzipped: gzip is detected
// by its magic bytes, so .jsonl.gz, .ndjson.gz and a gzipped file without the suffix all work), a
// WARC, CSV, TSV, RSS, Atom or .xml feed file, a directory (every .txt, .md, .html, .htm, .warc,
// .csv, .tsv, .rss and .atom file below it, gzipped or not, recursively, in lexical order of
// their '/'-separated relative paths, each read as it would be if named; other files, .jsonl
// and .xml among them, are ignored; files and directories whose name starts with '.' are
// skipped, and symbolic links unless opts.FollowSymlinks), a .txt, .md, .html or .htm file, or
// "-" for JSON Lines (maybe gzipped) from stdin.
//
// Problems with one record or one file (an unreadable file, a line over the size limit, truncated
// or corrupt gzip, a path that does not exist, a file of an unknown type given explicitly, a
// symbolic link not followed, a JSON Lines file that is binary; Parse finds the binary .txt, .md
// and .html files) are
// passed to onErr (nil ignores them) as a *RecordError with file and line, and reading goes
// on with the next record or file. Empty and whitespace-only lines are skipped silently; a
// trailing "\r" is stripped.
//
// A cancelled ctx stops Walk with ctx.Err(); emit returning an error stops it with that error.
// progress, if non-nil, is called now and then (every MiB or so, and after each input) with the
// total input bytes consumed so far: the bytes read from disk, so compressed bytes for gzip files;
// a skipped file counts as consumed. opts may be nil.
func Walk(ctx context.Context, inputs []string, stdin io.Reader, opts *ReadOptions,
	emit func(Record) error, onErr func(*RecordError), progress func(bytes int64)) error {
	if onErr == nil {
		onErr = func(*RecordError) {}
	}
	w := &walker{
		ctx:      ctx,
		follow:   opts != nil && opts.FollowSymlinks,
		stdin:    FormatJSON,
		fields:   opts.fields(),
		maxDoc:   opts.maxDocBytes(),
		emit:     emit,
		onErr:    onErr,
		progress: progress,
	}
	w.lineLimit = w.maxDoc + lineSlack
	if opts != nil {
		w.stdin = opts.Stdin
	}
	defer func() {
		if w.zstd != nil {
			w.zstd.Close() // its goroutines
		}
	}()
	w.dirs = dirPlaces(inputs)
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		w.inputNum = i
		if err := w.input(in, stdin); err != nil {
			return err
		}
		w.flushProgress()
	}
	return nil
}

// walker holds Walk's state and the buffers it reuses from one input to the next.
type walker struct {
	ctx       context.Context
	follow    bool   // ReadOptions.FollowSymlinks
	stdin     Format // ReadOptions.Stdin
	fields    Fields // ReadOptions.Fields with defaults: the keys of the JSON records made of feed items
	inputNum  int    // the input being read: Record.Input
	maxDoc    int    // size limit of a whole file
	lineLimit int    // size limit of a JSON line
	emit      func(Record) error
	onErr     func(*RecordError)

	progress     func(int64)
	consumed     atomic.Int64 // input bytes read (or skipped) so far; added to by readAhead's goroutine too
	lastReported int64
	ahead        bool // a readAhead goroutine reads the input: countingReader only counts

	raw   *bufio.Reader // over the file as read from disk
	comp  compression   // of the JSON Lines being read
	gz    *inflate.Reader
	zstd  *zstd.Decoder
	unzip *bufio.Reader // over gz or zstd
	acc   []byte        // a line longer than the buffer, being put together

	digests map[string]bool // WARC-Payload-Digests of the WARC responses read so far
	inDir   bool            // reading a file found in a folder, whose links are not followed

	dirs map[string]dirPlace // the folders named, when several are: where each lies (dirPlaces)
}

// addProgress counts n more input bytes consumed.
func (w *walker) addProgress(n int64) {
	w.consumed.Add(n)
	w.reportProgress()
}

// reportProgress calls the progress callback if a step's worth of bytes was consumed since it
// was last called. Only the walker's goroutine calls it.
func (w *walker) reportProgress() {
	if c := w.consumed.Load(); w.progress != nil && c-w.lastReported >= progressStep {
		w.lastReported = c
		w.progress(c)
	}
}

// flushProgress reports the bytes consumed if any were not reported yet.
func (w *walker) flushProgress() {
	if c := w.consumed.Load(); w.progress != nil && c != w.lastReported {
		w.lastReported = c
		w.progress(c)
	}
}

// fail reports a problem with one record or file.
func (w *walker) fail(file string, line int, kind RecordKind, reason string) {
	w.onErr(&RecordError{File: file, Line: line, Kind: kind, Reason: reason})
}

// openInput opens a file read as a stream of records (JSON Lines, WARC, CSV, a feed), counting
// what is read from it as progress. done closes it and counts the rest of its size (a file cut
// short by an error still counts as consumed, so that the progress bar ends full). A file that
// cannot be opened is reported, and ok is false. A file found in a folder is opened as readFile
// opens it, not through a symbolic link unless links are followed (w.inDir).
func (w *walker) openInput(path string, size int64) (r io.Reader, done func(), ok bool) {
	flag := os.O_RDONLY
	if w.inDir && !w.follow {
		flag |= oNoFollow
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		if fi, lerr := os.Lstat(path); flag != os.O_RDONLY && lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			err = errSymlink
		}
		w.fail(path, 0, fileKind(err), fileReason(err))
		return nil, nil, false
	}
	start := w.consumed.Load()
	return &countingReader{r: f, w: w}, func() {
		f.Close()
		if rest := start + size - w.consumed.Load(); rest > 0 {
			w.addProgress(rest)
		}
	}, true
}

// input reads one input. It returns only errors that stop Walk.
func (w *walker) input(in string, stdin io.Reader) error {
	if in == "-" {
		if stdin == nil {
			w.fail(in, 0, RecordUnreadable, "no standard input")
			return nil
		}
		if w.stdin != FormatJSON {
			return w.stdinDocument(stdin)
		}
		return w.jsonl(in, &countingReader{r: stdin, w: w})
	}
	fi, err := os.Stat(in)
	if err != nil {
		w.fail(in, 0, fileKind(err), fileReason(err))
		return nil
	}
	if fi.IsDir() {
		return w.dir(in, w.dirs[in])
	}
	k := readKind(in, true)
	if k.kind == kindUnknown {
		w.fail(in, 0, RecordUnknownType, "unknown input type (want a directory, .jsonl or .ndjson, .csv, .tsv, .rss, .atom or .xml, maybe compressed (.gz, .zst), .txt, .md, .html, .htm, .warc, .warc.gz, .warc.zst, or - for stdin)")
		w.addProgress(fi.Size())
		return nil
	}
	return w.read(in, filepath.ToSlash(in), "", k, fi.Size(), false) // named: a link is followed
}

// read reads one file of a known kind: a stream of records, or one whole document with the
// given id and source. With noFollow (a file found in a folder, links not followed), a
// symbolic link at path is not read but reported.
func (w *walker) read(path, id, source string, k inputKind, size int64, noFollow bool) error {
	w.inDir = noFollow
	defer func() { w.inDir = false }()
	switch k.kind {
	case kindJSONL:
		r, done, ok := w.openInput(path, size)
		if !ok {
			return nil
		}
		defer done()
		return w.jsonl(path, r)
	case kindWARC:
		return w.warc(path, size)
	case kindTable:
		return w.table(path, size, k.comma)
	case kindFeed:
		return w.feed(path, size)
	}
	return w.file(path, id, source, k.format, size, noFollow)
}

// dir reads every matching file below root: its id is its path relative to root, its source the
// first sub-directory it lies in, unless root is one of several folders named (place).
func (w *walker) dir(root string, place dirPlace) error {
	files := listDir(root, w.follow, func(path string, err error) { w.fail(path, 0, fileKind(err), fileReason(err)) })
	for _, f := range files {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		id, source := f.rel, place.name
		if i := strings.IndexByte(f.rel, '/'); i >= 0 {
			source = f.rel[:i]
		}
		if place.prefix != "" {
			id = place.prefix + "/" + f.rel
		}
		if err := w.read(filepath.Join(root, filepath.FromSlash(f.rel)), id, source, f.kind, f.size, !w.follow); err != nil {
			return err
		}
	}
	return nil
}

// dirPlace is where a folder named with others lies: the ids of its files start with prefix,
// and a file directly in it has the source name.
type dirPlace struct {
	prefix, name string
}

// dirPlaces says where each folder among inputs lies, when there are several (a folder per
// outlet, as `scan sample/*/` names them): a file's id is its path relative to the folders'
// common parent, so that two outlets' story.txt are two documents, and a file directly in a
// named folder has the folder's name as its source, as when the parent is named. A file in a
// sub-directory keeps the sub-directory as its source (a folder per day, an outlet's folder in
// each). With one folder, nothing changes: its files' ids are relative to it, and a file directly
// in it has no source (a folder may hold many outlets' files). Paths are compared as written,
// made absolute, not as links resolve.
func dirPlaces(inputs []string) map[string]dirPlace {
	var dirs, abs []string
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		if fi, err := os.Stat(in); err != nil || !fi.IsDir() {
			continue
		}
		a, err := filepath.Abs(in)
		if err != nil {
			continue
		}
		dirs, abs = append(dirs, in), append(abs, a)
	}
	if len(dirs) < 2 {
		return nil
	}
	root := filepath.Dir(abs[0])
	for _, a := range abs[1:] {
		root = commonDir(root, filepath.Dir(a))
	}
	places := make(map[string]dirPlace, len(dirs))
	for i, in := range dirs {
		rel, err := filepath.Rel(root, abs[i])
		if err != nil || rel == "." {
			continue
		}
		rel = filepath.ToSlash(rel)
		places[in] = dirPlace{prefix: rel, name: path.Base(rel)}
	}
	return places
}

// commonDir returns the deepest directory that holds both a and b, absolute and clean.
func commonDir(a, b string) string {
	for {
		rel, err := filepath.Rel(a, b)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return a // b is a or lies below it
		}
		up := filepath.Dir(a)
		if up == a {
			return a
		}
		a = up
	}
}

// file reads one whole file of the given size (as listed) and emits it. With noFollow, a
// symbolic link at path is not read but reported (RecordSymlink): a file listed under a
// directory may have been replaced by a link since.
func (w *walker) file(path, id, source string, format Format, size int64, noFollow bool) error {
	defer w.addProgress(size)
	if size > int64(w.maxDoc) {
		w.fail(path, 0, RecordTooLarge, overLimit(size, w.maxDoc))
		return nil
	}
	data, err := readFile(path, size, w.maxDoc, noFollow)
	if err != nil {
		var big *tooBigError
		if errors.As(err, &big) {
			w.fail(path, 0, RecordTooLarge, overLimit(big.n, w.maxDoc))
		} else {
			w.fail(path, 0, fileKind(err), fileReason(err))
		}
		return nil
	}
	return w.emit(Record{File: path, Data: data, Format: format, ID: id, Source: source, Input: w.inputNum})
}

// stdinDocument reads the whole of stdin as one document of format w.stdin, id "-". Empty
// stdin gives no record (the input is then reported empty).
func (w *walker) stdinDocument(stdin io.Reader) error {
	data, err := io.ReadAll(io.LimitReader(&countingReader{r: stdin, w: w}, int64(w.maxDoc)+1))
	switch {
	case err != nil:
		w.fail("-", 0, RecordCorrupt, fileReason(err))
		return nil
	case len(data) > w.maxDoc:
		w.fail("-", 0, RecordTooLarge, fmt.Sprintf("standard input is over the limit of %d bytes (--max-doc-bytes)", w.maxDoc))
		return nil
	case len(data) == 0:
		return nil
	}
	return w.emit(Record{File: "-", Data: data, Format: w.stdin, ID: "-", Input: w.inputNum})
}

// tooBigError is a file that grew over the limit while it was read.
type tooBigError struct{ n int64 }

func (e *tooBigError) Error() string { return fmt.Sprintf("file of at least %d bytes", e.n) }

// readFile reads a whole file, allocating once when its size is as listed, and stops with a
// *tooBigError when it has more than limit bytes. With noFollow it opens the file with O_NOFOLLOW
// where the system has it, and a symbolic link at path is errSymlink: between
// listing a directory and opening one of its files, the file can be replaced by a link.
func readFile(path string, size int64, limit int, noFollow bool) ([]byte, error) {
	flag := os.O_RDONLY
	if noFollow {
		flag |= oNoFollow
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		if fi, lerr := os.Lstat(path); noFollow && lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return nil, errSymlink
		}
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if fi.Size() > size {
		size = fi.Size()
	}
	// One byte more than the size, so that reaching EOF needs no second allocation.
	buf := make([]byte, 0, min(size, int64(limit))+1)
	for {
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > limit {
			return nil, &tooBigError{n: int64(len(buf))}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // the file grew: let append pick the capacity
		}
	}
}

// fileReason words a file system error for a RecordError, without repeating the path.
func fileReason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, errSymlink):
		return err.Error()
	}
	return "cannot read: " + err.Error()
}

// errSymlink is a symbolic link below a directory input, not followed.
var errSymlink = errors.New("symbolic link not followed (--follow-symlinks reads the file it points to)")

// fileKind is the kind of a file system error: not found, or unreadable.
func fileKind(err error) RecordKind {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return RecordNotFound
	case errors.Is(err, errSymlink):
		return RecordSymlink
	}
	return RecordUnreadable
}

// countingReader counts the bytes read through it as consumed input.
type countingReader struct {
	r io.Reader
	w *walker
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.w.consumed.Add(int64(n))
	if !c.w.ahead { // else read on readAhead's goroutine: the walker reports (lines)
		c.w.reportProgress()
	}
	return n, err
}

// jsonl reads JSON Lines from r, decompressing them if they start with the gzip or zstd magic
// bytes.
func (w *walker) jsonl(name string, r io.Reader) error {
	if w.raw == nil {
		w.raw = bufio.NewReaderSize(r, readBufSize)
	} else {
		w.raw.Reset(r)
	}
	defer w.raw.Reset(nil) // drop the reference to the file
	magic, _ := w.raw.Peek(4)
	w.comp = sniff(magic)
	defer func() { w.comp = compNone }()
	var src io.Reader
	switch w.comp {
	case compNone:
		return w.linesOf(name, w.raw)
	case compGzip:
		var err error
		if w.gz == nil {
			w.gz, err = inflate.NewReader(w.raw)
		} else {
			err = w.gz.Reset(w.raw)
		}
		if err != nil {
			w.fail(name, 0, RecordCorrupt, gzipReason(err))
			return nil
		}
		// Inflated on a goroutine of its own, ahead of the line splitting.
		w.ahead = true // before the goroutine starts reading
		a, stop := readAhead(w.gz)
		defer func() {
			stop()
			w.ahead = false
		}()
		src = a
	case compZstd:
		// The decoder reads and decodes ahead on its goroutines.
		w.ahead = true // before they start reading
		var err error
		if w.zstd == nil {
			w.zstd, err = newZstd(w.raw)
		} else {
			err = w.zstd.Reset(w.raw)
		}
		if err != nil {
			w.ahead = false
			w.fail(name, 0, RecordCorrupt, decompressReason(compZstd, err))
			return nil
		}
		defer func() {
			w.zstd.Reset(nil) // stops them; the decoder is kept for the next file
			w.ahead = false
		}()
		src = w.zstd
	}
	if w.unzip == nil {
		w.unzip = bufio.NewReaderSize(src, readBufSize)
	} else {
		w.unzip.Reset(src)
	}
	defer w.unzip.Reset(nil)
	return w.linesOf(name, w.unzip)
}

// linesOf reads the JSON Lines of br, unless its start says it is no text at all.
func (w *walker) linesOf(name string, br *bufio.Reader) error {
	sample, _ := br.Peek(binarySample)
	if kind, reason, ok := binaryJSONL(sample); ok {
		w.fail(name, 0, kind, reason)
		return nil
	}
	return w.lines(name, br)
}

// gzipReason words an error met while reading a (maybe gzipped) stream.
func gzipReason(err error) string {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "gzip: unexpected end of data (file truncated?)"
	case errors.Is(err, gzip.ErrChecksum):
		return "gzip: checksum mismatch (file corrupt)"
	case errors.Is(err, gzip.ErrHeader):
		return "gzip: invalid header (file corrupt, or data after the end of the gzip stream)"
	case errors.Is(err, inflate.ErrCorrupt), errors.As(err, &corrupt):
		return "gzip: corrupt data: " + err.Error()
	}
	return "read error: " + err.Error()
}

// lines splits br into lines and emits each non-blank one, reporting (and skipping) lines over
// w.lineLimit bytes without keeping them in memory.
func (w *walker) lines(name string, br *bufio.Reader) error {
	var (
		lineNo  int
		total   int  // bytes of the current line so far, without its "\n"
		long    bool // the current line did not fit in br's buffer: see w.acc
		discard bool // the current line is over the limit: only counted
		last    byte // the current line's last byte so far
	)
	w.acc = w.acc[:0]
	for {
		frag, err := br.ReadSlice('\n')
		complete := err == nil // ReadSlice returns a nil error if and only if frag ends in '\n'
		if complete {
			frag = frag[:len(frag)-1]
		}
		if !complete && err != bufio.ErrBufferFull && err != io.EOF {
			// A read error: the partial line, if any, is lost.
			w.fail(name, lineNo+1, RecordCorrupt, decompressReason(w.comp, err))
			return nil
		}
		if len(frag) > 0 {
			last = frag[len(frag)-1]
		}
		total += len(frag)
		line := frag
		if !complete || long {
			// Part of a line longer than the buffer, or its end.
			long = true
			if !discard {
				if total > w.lineLimit+1 { // +1: room for a "\r" that will be stripped
					discard = true
					w.acc = w.acc[:0]
				} else {
					w.acc = append(w.acc, frag...)
				}
			}
			line = w.acc
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && total == 0 && !long {
			return nil // the end of the input, at the start of a line
		}
		// The line is complete (or ends the input).
		lineNo++
		n := total
		if last == '\r' && n > 0 {
			n--
		}
		switch {
		case n > w.lineLimit:
			w.fail(name, lineNo, RecordTooLarge, overLimit(int64(n), w.maxDoc))
		case !blank(line[:n]):
			data := make([]byte, n)
			copy(data, line)
			if err := w.emit(Record{File: name, Line: lineNo, Data: data, Format: FormatJSON, Input: w.inputNum}); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		total, long, discard, last = 0, false, false, 0
		w.acc = w.acc[:0]
		if lineNo%64 == 0 {
			if err := w.ctx.Err(); err != nil {
				return err
			}
			w.reportProgress()
		}
	}
}

// blank reports whether b holds only JSON white space (space, tab, CR, LF).
func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// isJSONL reports whether a file name says JSON Lines: .jsonl or .ndjson, maybe followed by .gz
// or .zst.
func isJSONL(name string) bool {
	lower := trimCompressed(name)
	return strings.HasSuffix(lower, ".jsonl") || strings.HasSuffix(lower, ".ndjson")
}

// fileFormat returns the format of a whole-file document by its extension.
func fileFormat(name string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".md":
		return FormatText, true
	case ".html", ".htm":
		return FormatHTML, true
	}
	return 0, false
}

// inputKind says how a file is read, by its name.
type inputKind struct {
	kind   uint8
	comma  rune   // kindTable: the separator
	format Format // kindWhole: the document's format
}

const (
	kindUnknown uint8 = iota
	kindWhole         // one document: .txt, .md, .html, .htm
	kindJSONL         // .jsonl, .ndjson
	kindWARC          // .warc
	kindTable         // .csv, .tsv
	kindFeed          // .rss, .atom, and .xml when named
)

// readKind returns how a file is read, by its name, the same for a file named on the command
// line (named) and one found in a folder, except for two kinds read only when named: JSON Lines
// (in a folder, .jsonl is as likely a report of neardup's own, whose lines are no articles) and
// .xml (in a folder more often a sitemap or a configuration file than a feed).
func readKind(name string, named bool) inputKind {
	switch {
	case isJSONL(name):
		if !named {
			return inputKind{}
		}
		return inputKind{kind: kindJSONL}
	case isWARC(name):
		return inputKind{kind: kindWARC}
	}
	if comma, ok := isTable(name); ok {
		return inputKind{kind: kindTable, comma: comma}
	}
	if isFeed(name) && (named || !strings.HasSuffix(trimCompressed(name), ".xml")) {
		return inputKind{kind: kindFeed}
	}
	if f, ok := fileFormat(name); ok {
		return inputKind{kind: kindWhole, format: f}
	}
	return inputKind{}
}

// dirFile is one matching file found under a directory.
type dirFile struct {
	rel  string // '/'-separated path relative to the directory
	size int64
	kind inputKind
}

// listDir returns the matching files below root sorted by relative path. Problems (an unreadable
// directory, a matching name that is not a regular file, a symbolic link when follow is false)
// go to onErr, which may be nil.
func listDir(root string, follow bool, onErr func(path string, err error)) []dirFile {
	report := func(rel string, err error) {
		if onErr != nil {
			onErr(filepath.Join(root, filepath.FromSlash(rel)), err)
		}
	}
	var files []dirFile
	// os.DirFS follows a symbolic link at the root (filepath.WalkDir would not) and gives
	// '/'-separated relative paths.
	_ = fs.WalkDir(os.DirFS(root), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			report(rel, err)
			if d != nil && d.IsDir() && rel != "." {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		k := readKind(d.Name(), false)
		if k.kind == kindUnknown {
			return nil
		}
		var fi fs.FileInfo
		if d.Type()&fs.ModeSymlink != 0 {
			if !follow {
				report(rel, errSymlink)
				return nil
			}
			fi, err = os.Stat(filepath.Join(root, filepath.FromSlash(rel)))
		} else {
			fi, err = d.Info()
		}
		if err != nil {
			report(rel, err)
			return nil
		}
		if !fi.Mode().IsRegular() {
			// Opening a named pipe would block.
			report(rel, errors.New("not a regular file"))
			return nil
		}
		files = append(files, dirFile{rel: rel, size: fi.Size(), kind: k})
		return nil
	})
	// fs.WalkDir's order is lexical per directory, which is not the lexical order of whole paths
	// ("a/b.txt" comes before "a-c.txt" there).
	slices.SortFunc(files, func(a, b dirFile) int { return strings.Compare(a.rel, b.rel) })
	return files
}

// Size returns the total size in bytes of the inputs (files on disk, summed over
// directories' matching files) for a progress bar's total, and false when it cannot be known
// (an input is "-", stdin). Paths that do not exist count 0, as Walk consumes nothing from them.
// It counts what Walk reads with the default ReadOptions; ReadOptions.InputSize, with o's.
func Size(inputs []string) (int64, bool) { return (*ReadOptions)(nil).InputSize(inputs) }

// InputSize is the package's Size for what Walk reads with these options (symbolic links
// followed or not); o may be nil.
func (o *ReadOptions) InputSize(inputs []string) (int64, bool) {
	follow := o != nil && o.FollowSymlinks
	var total int64
	for _, in := range inputs {
		if in == "-" {
			return 0, false
		}
		fi, err := os.Stat(in)
		if err != nil {
			continue
		}
		if fi.IsDir() {
			for _, f := range listDir(in, follow, nil) {
				total += f.size
			}
			continue
		}
		total += fi.Size()
	}
	return total, true
}

// Parse turns one record into a Document. It is pure (no I/O) and safe for concurrent use; o
// may be nil.
//
// It returns the document and warnings about it (the record is kept: invalid UTF-8 repaired, an
// unparseable published date ignored...), or an error (the record is skipped). Warnings and the
// error name the record's File and Line.
func (o *ReadOptions) Parse(r Record) (Document, []*RecordError, *RecordError) {
	p := parser{r: r}
	var doc Document
	switch r.Format {
	case FormatJSON:
		doc = o.parseJSON(&p)
	case FormatText, FormatHTML:
		doc = o.parseFile(&p)
	default:
		p.fail(RecordUnknownType, fmt.Sprintf("unknown record format %v", r.Format))
	}
	if p.err != nil {
		return Document{}, p.warns, p.err
	}
	doc.File, doc.Line = r.File, r.Line
	return doc, p.warns, nil
}

// parser collects the warnings and the error about one record.
type parser struct {
	r     Record
	warns []*RecordError
	err   *RecordError
}

func (p *parser) warn(kind RecordKind, reason string) {
	p.warns = append(p.warns, &RecordError{File: p.r.File, Line: p.r.Line, Kind: kind, Reason: p.where() + reason, Warning: true})
}

func (p *parser) fail(kind RecordKind, reason string) {
	p.err = &RecordError{File: p.r.File, Line: p.r.Line, Kind: kind, Reason: p.where() + reason}
}

// where names a WARC record's offset and URI at the start of a reason; "" for other records.
func (p *parser) where() string {
	if p.r.Archive == nil {
		return ""
	}
	return fmt.Sprintf("record at offset %d: %s: ", p.r.Archive.Offset, p.r.ID)
}

// utf8BOM is the byte order mark some editors put at the start of UTF-8 files.
var utf8BOM = []byte("\uFEFF")

// validUTF8 returns b with each byte that is not part of a valid UTF-8 sequence replaced by
// U+FFFD, the way encoding/json decodes them, warning with their count.
func (p *parser) validUTF8(b []byte) []byte {
	fixed, n := repairUTF8(b)
	if n > 0 {
		p.warn(RecordInvalidUTF8, fmt.Sprintf("invalid UTF-8: %d bytes replaced with U+FFFD", n))
	}
	return fixed
}

// repairUTF8 returns b with each byte that is not part of a valid UTF-8 sequence (where
// utf8.DecodeRune returns RuneError with size 1) replaced by U+FFFD, and how many there were.
// It returns b itself when it is valid.
func repairUTF8(b []byte) ([]byte, int) {
	if utf8.Valid(b) {
		return b, 0
	}
	out := make([]byte, 0, len(b)+len(b)/8)
	n := 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			out = append(out, b[i])
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			out = append(out, "\uFFFD"...)
			n++
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out, n
}

// parseJSON decodes one JSON Lines record.
func (o *ReadOptions) parseJSON(p *parser) Document {
	var doc Document
	limit := o.maxDocBytes()
	if len(p.r.Data) > limit+lineSlack {
		p.fail(RecordTooLarge, overLimit(int64(len(p.r.Data)), limit))
		return doc
	}
	data := p.validUTF8(p.r.Data)
	data = bytes.TrimPrefix(data, utf8BOM)

	fields, fast := scanObject(data, nil)
	if !fast { // encoding/json decides, and words any error
		var m map[string]json.RawMessage
		if err := json.Unmarshal(data, &m); err != nil {
			var syntax *json.SyntaxError
			var typ *json.UnmarshalTypeError
			switch {
			case errors.As(err, &syntax):
				p.fail(RecordMalformed, "malformed JSON: "+syntax.Error())
			case errors.As(err, &typ) && typ.Field == "":
				p.fail(RecordMalformed, "JSON value is not an object (got "+typ.Value+")")
			default:
				p.fail(RecordMalformed, "malformed JSON: "+strings.TrimPrefix(err.Error(), "json: "))
			}
			return doc
		}
		if m == nil {
			p.fail(RecordMalformed, "JSON value is not an object (got null)")
			return doc
		}
		for k, v := range m {
			fields = append(fields, rawField{[]byte(k), v})
		}
	}
	f := o.fields()
	named := func(role, field string) string {
		if role == field {
			return role
		}
		return fmt.Sprintf("%s (field %q)", role, field)
	}

	switch raw := get(fields, f.ID); {
	case isNull(raw):
		p.fail(RecordMissingID, "missing "+named("id", f.ID))
		return doc
	case raw[0] == '"':
		s, _ := unquote(raw)
		if strings.TrimSpace(s) == "" {
			p.fail(RecordMissingID, "missing "+named("id", f.ID))
			return doc
		}
		doc.ID = s
	case raw[0] == '-' || '0' <= raw[0] && raw[0] <= '9':
		doc.ID = string(raw) // the number's literal text: 1e3 stays "1e3"
	default:
		p.fail(RecordBadField, named("id", f.ID)+" must be a string or a number")
		return doc
	}

	raw := get(fields, f.Text)
	if isNull(raw) {
		p.fail(RecordMissingText, "missing "+named("text", f.Text))
		return doc
	}
	text, ok := unquote(raw)
	if !ok {
		p.fail(RecordBadField, named("text", f.Text)+" must be a string")
		return doc
	}
	if len(text) > limit {
		p.fail(RecordTooLarge, overLimit(int64(len(text)), limit))
		return doc
	}
	if !hasNonSpace(text) {
		p.fail(RecordEmptyText, "empty "+named("text", f.Text))
		return doc
	}
	doc.Text = text

	optional := func(role, field string) string {
		raw := get(fields, field)
		if isNull(raw) {
			return ""
		}
		s, ok := unquote(raw)
		if !ok {
			p.warn(RecordFieldIgnored, named(role, field)+" is not a string; ignored")
		}
		return s
	}
	doc.Source = optional("source", f.Source)
	doc.Title = optional("title", f.Title)
	doc.URL = optional("url", f.URL)
	if raw := get(fields, f.Author); !isNull(raw) {
		a, ok := jsonAuthor(raw)
		if !ok {
			p.warn(RecordFieldIgnored, named("author", f.Author)+" is not a string or a list of strings; ignored")
		}
		doc.Author = a
	}
	if raw := get(fields, f.Published); !isNull(raw) {
		s, ok := unquote(raw)
		t, err := parseDate(s)
		switch {
		case !ok:
			p.warn(RecordFieldIgnored, fmt.Sprintf("unparseable %s %s (want a string: RFC 3339 or YYYY-MM-DD); ignored", named("published", f.Published), clip(string(raw))))
		case err != nil:
			p.warn(RecordFieldIgnored, fmt.Sprintf("unparseable %s %q (want RFC 3339 or YYYY-MM-DD); ignored", named("published", f.Published), clip(s)))
		default:
			doc.Published = t
		}
	}
	return doc
}

// parseDate parses an RFC 3339 time or a YYYY-MM-DD date (midnight UTC). An empty string is the
// zero time.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}

// clip shortens s for an error message.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

// isNull reports whether a field is absent or JSON null.
func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// unquote decodes a JSON string value; ok is false if raw is not a string. raw comes from a
// decoded (so valid) JSON document with valid UTF-8, so a string without escapes is its bytes
// between the quotes, exactly as encoding/json would decode it, without a second pass.
//
// A string with escapes (nearly every text has "\n") is decoded here in one pass too, as
// encoding/json's unquote does it, lone or unpaired surrogates becoming U+FFFD: json.Unmarshal
// checked the value again first and cost 8% of the first pass's CPU. Anything that is not a
// valid JSON string (a bad or cut escape) gives ok false; FuzzUnquote checks the agreement.
func unquote(raw json.RawMessage) (s string, ok bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	in := raw[1 : len(raw)-1]
	i := bytes.IndexByte(in, '\\')
	if i < 0 {
		return string(in), true
	}
	// hex4 is the value of the \uXXXX escape at the start of b, or -1.
	hex4 := func(b []byte) rune {
		if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
			return -1
		}
		var r rune
		for _, c := range b[2:6] {
			switch {
			case '0' <= c && c <= '9':
				c -= '0'
			case 'a' <= c && c <= 'f':
				c -= 'a' - 10
			case 'A' <= c && c <= 'F':
				c -= 'A' - 10
			default:
				return -1
			}
			r = r<<4 | rune(c)
		}
		return r
	}
	var b strings.Builder
	b.Grow(len(in)) // an escape never decodes longer than it is written: one allocation
	for {
		b.Write(in[:i])
		in = in[i:]
		if len(in) < 2 {
			return "", false // the closing quote was escaped
		}
		switch c := in[1]; c {
		case '"', '\\', '/':
			b.WriteByte(c)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := hex4(in)
			if r < 0 {
				return "", false
			}
			in = in[4:] // with the 2 below, past the escape
			if 0xd800 <= r && r < 0xe000 {
				// As utf16.DecodeRune: a high surrogate and a low one make a pair; any other
				// surrogate is U+FFFD, and what follows it is decoded on its own.
				if r2 := hex4(in[2:]); r < 0xdc00 && 0xdc00 <= r2 && r2 < 0xe000 {
					r = 0x10000 + (r-0xd800)<<10 + (r2 - 0xdc00)
					in = in[6:]
				} else {
					r = utf8.RuneError
				}
			}
			b.WriteRune(r)
		default:
			return "", false
		}
		in = in[2:]
		if i = bytes.IndexByte(in, '\\'); i < 0 {
			b.Write(in)
			return b.String(), true
		}
	}
}

// hasNonSpace reports whether s has a character that is not white space.
func hasNonSpace(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) }) >= 0
}

// parseFile makes a document of a whole .txt, .md or .html file.
func (o *ReadOptions) parseFile(p *parser) Document {
	var doc Document
	limit := o.maxDocBytes()
	if len(p.r.Data) > limit {
		p.fail(RecordTooLarge, overLimit(int64(len(p.r.Data)), limit))
		return doc
	}
	if kind, reason, ok := binaryStart(p.r.Data); ok {
		p.fail(kind, reason)
		return doc
	}
	data := p.r.Data
	if p.r.Format == FormatHTML {
		contentType := ""
		if p.r.Archive != nil {
			contentType = p.r.Archive.ContentType
		}
		data, _ = decodeDeclared(data, contentType) // charset.go
	}
	data, n := repairUTF8(data)
	if mostlyInvalid(n, len(p.r.Data)) {
		p.fail(RecordNotUTF8, notUTF8Reason)
		return doc
	}
	if n > 0 {
		p.warn(RecordInvalidUTF8, fmt.Sprintf("invalid UTF-8: %d bytes replaced with U+FFFD", n))
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	doc.ID, doc.Source = p.r.ID, p.r.Source
	if doc.ID == "" {
		doc.ID = filepath.ToSlash(p.r.File)
	}
	if p.r.Format == FormatHTML {
		o.parseHTML(p, data, &doc)
		if a := p.r.Archive; a != nil {
			doc.URL = p.r.ID
			if doc.Published.IsZero() {
				doc.Published = a.Date
			}
		}
	} else {
		doc.Text = string(data)
		name := p.r.File
		if name == "" {
			name = p.r.ID
		}
		doc.Title = textTitle(doc.Text, strings.EqualFold(filepath.Ext(name), ".md"))
	}
	if !hasNonSpace(doc.Text) {
		p.fail(RecordEmptyText, "empty text")
	}
	return doc
}

// parseHTML fills doc's title, text and publication date from an HTML page, and with the main
// text its author; a page whose main text is not found gives its whole visible text, with a
// warning.
func (o *ReadOptions) parseHTML(p *parser, data []byte, doc *Document) {
	pageURL := ""
	if p.r.Archive != nil {
		pageURL = p.r.ID
	}
	if o == nil || o.HTMLText == HTMLMain {
		a, ok := mainText(data, pageURL)
		doc.Published = a.published
		if ok {
			doc.Title, doc.Text, doc.Author = a.title, a.text, authorName(a.author)
			return
		}
		doc.Title, doc.Text = htmlText(data)
		if hasNonSpace(doc.Text) { // else the page is skipped as empty: no warning besides
			p.warn(RecordNoMainText, "no main text found: the whole visible text is used")
		}
		return
	}
	doc.Title, doc.Text = htmlText(data)
	doc.Published = pageDate(data, pageURL)
}

// maxTitleBytes is the longest first line taken as a text file's title; a longer one is a
// paragraph, not a title.
const maxTitleBytes = 200

// textTitle returns the first non-empty line of text, trimmed (and for Markdown without its
// leading '#' marks), or "" if it is over maxTitleBytes.
func textTitle(text string, markdown bool) string {
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if markdown {
			line = strings.TrimSpace(strings.TrimLeft(line, "#"))
		}
		if len(line) > maxTitleBytes {
			return ""
		}
		return line
	}
	return ""
}
