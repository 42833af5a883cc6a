package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/neardup/neardup/pipeline"
)

// WriterOptions configures OpenWriter. The zero value works.
type WriterOptions struct {
	// Wait makes OpenWriter wait for another writer to finish; by default it fails at once with
	// an error wrapping ErrLocked.
	Wait bool
	// Params are the analysis options of a new index (default: ParamsOf the zero Options); an
	// existing index keeps its own, but for one whose HTML text is not recorded (made by format
	// version 1): the first commit that adds documents records Params.HTMLText, the --html-text
	// they were read with (see recordHTMLText).
	Params Params
	// SkipExisting keeps an indexed document when one with the same id is added; by default the
	// new one replaces it.
	SkipExisting bool
	// NoCompact stops Commit from compacting the index when dead bytes outnumber live ones.
	NoCompact bool

	anyVersion bool // open an index of an older format version too (Compact upgrades it)
}

// Writer adds one batch of documents to an index, and removes documents, atomically: nothing is
// visible to readers until Commit, and a crash before Commit leaves the index as it was. A Writer
// holds the index's writer lock until Close. It is not safe for concurrent use.
type Writer struct {
	path string
	f    *os.File
	opts WriterOptions
	r    *Reader   // the committed state
	m    *manifest // the next manifest, built up
	app  appender
	seq  uint64

	first     uint32 // first document of the batch
	textsOff  uint64
	recs      encoder
	table     []uint32
	srcs      []uint32          // source number of each document of the batch
	srcNum    map[string]uint32 // source numbers of m.sources
	batchIDs  map[string]uint32
	removedBy map[uint32]bool     // removed by this batch
	post      [postKinds][]uint64 // postings of the batch: bands, fps, ids, sentence keys (stories: Commit)
	stories   map[uint32]string   // the stories of the batch's documents that have one (SetStory)
	stats     CommitStats
	done      bool
}

// CommitStats counts what a commit changed and what the index holds after it.
type CommitStats struct {
	Added    int // documents added (including replacements)
	Replaced int // indexed documents replaced by a new one with the same id
	Skipped  int // documents not added: their id was indexed and SkipExisting is set
	Removed  int // documents removed
	Merged   int // segments merged
	Compact  bool
	Upgraded int   // Compact: the older format version the index was rewritten from; 0 if it was current
	Docs     int   // live documents after the commit
	Size     int64 // bytes of the index file after the commit
	Seq      uint64
}

// AddResult says what Add did with a document.
type AddResult int

// What Add did.
const (
	Added    AddResult = iota // a new id
	Replaced                  // replaced the indexed document with the same id
	Skipped                   // kept the indexed document with the same id (SkipExisting)
)

// OpenWriter opens the index at path for writing, creating it when it does not exist. It takes
// the writer lock: a second writer fails with an error wrapping ErrLocked, or waits with
// opts.Wait. A file that is not a readable index is refused and left untouched.
func OpenWriter(path string, opts WriterOptions) (*Writer, error) {
	if opts.Params == (Params{}) {
		opts.Params = ParamsOf(pipeline.Options{})
	}
	for {
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if errors.Is(err, fs.ErrNotExist) {
			if err := create(path, opts.Params); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("open index: %w", err)
		}
		if err := lockFile(f, opts.Wait); err != nil {
			f.Close()
			if errors.Is(err, ErrLocked) {
				return nil, fmt.Errorf("%w: %s is being written by another process (index add, index remove or scan --add); "+
					"try again when it is done, or pass --wait", ErrLocked, path)
			}
			return nil, err
		}
		// a compaction may have renamed a new file over the one we waited for
		if same, err := sameFile(f, path); err != nil || !same {
			f.Close()
			if err != nil {
				return nil, fmt.Errorf("open index: %w", err)
			}
			continue
		}
		w, err := newWriter(path, f, opts)
		if err != nil {
			f.Close()
			return nil, err
		}
		removeStaleTemps(path)
		return w, nil
	}
}

// create makes an empty index at path: written in full to a temporary file, then linked into
// place, so that no one ever sees a half-made index; if another process made one first, that
// one stays.
func create(path string, p Params) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+createSuffix+"*")
	if err != nil {
		return fmt.Errorf("create index: %w", err)
	}
	defer os.Remove(tmp.Name())
	tmp.Chmod(0o644) // CreateTemp makes it private; an index is as readable as any output
	m := &manifest{params: p, sources: []string{""}}
	if err := writeFresh(tmp, m, 1); err != nil {
		tmp.Close()
		return fmt.Errorf("create index %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("create index %s: %w", path, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create index %s: %w", path, err)
	}
	return syncDir(filepath.Dir(path))
}

// writeFresh writes the header, whatever app holds, then manifest m as commit seq, to a new file.
func writeFresh(f *os.File, m *manifest, seq uint64, parts ...[]byte) error {
	app := appender{f: f, off: 0}
	app.write(encodeHeader())
	app.write(make([]byte, 2*pageSize))
	for _, p := range parts {
		app.write(p)
	}
	return commitManifest(f, &app, m, seq)
}

// commitManifest appends the manifest, syncs, writes the commit slot of seq and syncs again.
func commitManifest(f *os.File, app *appender, m *manifest, seq uint64) error {
	app.align()
	man := m.encode()
	off := app.off
	app.write(man)
	if err := app.flush(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	s := slot{seq: seq, manOff: off, manLen: uint64(len(man)), manCRC: crc32.ChecksumIEEE(man), end: app.off}
	if _, err := f.WriteAt(s.encode(), slotOff+int64(seq%2)*pageSize); err != nil {
		return fmt.Errorf("write commit: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil // not all systems can open a directory: nothing more to do
	}
	defer d.Close()
	d.Sync()
	return nil
}

func newWriter(path string, f *os.File, opts WriterOptions) (*Writer, error) {
	r, err := newReader(path, f)
	if err != nil {
		return nil, err
	}
	if r.version != Version && !opts.anyVersion {
		r.Close()
		return nil, errOldVersion(path, r.version)
	}
	fi, err := f.Stat()
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	// what a crashed writer left past the committed end is garbage: no commit refers to it
	if uint64(fi.Size()) > r.slot.end {
		if err := f.Truncate(int64(r.slot.end)); err != nil {
			r.Close()
			return nil, fmt.Errorf("truncate %s to its last commit: %w", path, err)
		}
	}
	m := *r.m
	m.chunks = slices.Clone(m.chunks)
	m.segments = slices.Clone(m.segments)
	m.removed = slices.Clone(m.removed)
	m.history = slices.Clone(m.history)
	m.sources = slices.Clone(m.sources)
	srcNum := make(map[string]uint32, len(m.sources))
	for i, src := range m.sources {
		srcNum[src] = uint32(i)
	}
	w := &Writer{srcNum: srcNum, path: path, f: f, opts: opts, r: r, m: &m, seq: r.slot.seq + 1,
		app: appender{f: f, off: r.slot.end}, first: m.nextDoc,
		batchIDs: map[string]uint32{}, removedBy: map[uint32]bool{}}
	w.app.align()
	w.textsOff = w.app.off
	return w, nil
}

// Snapshot is the index as of its last commit, for lookups while the batch is being added: it
// never sees the batch. It is valid until Close.
func (w *Writer) Snapshot() *Reader { return w.r }

// Params are the index's analysis options: documents added must be analysed with them.
func (w *Writer) Params() Params { return w.m.params }

// Add adds a document and its analysis, made with the index's params, to the batch (an analysis
// without sentence keys for an index that holds them is an error). The text
// is compressed here; AddCompressed takes it compressed (by Compress, on another goroutine).
func (w *Writer) Add(doc pipeline.Document, a pipeline.Analysis) (AddResult, error) {
	return w.AddCompressed(doc, a, Compress(doc.Text))
}

// AddCompressed is Add with the text already compressed by Compress.
func (w *Writer) AddCompressed(doc pipeline.Document, a pipeline.Analysis, z []byte) (AddResult, error) {
	if w.done {
		return 0, errors.New("index: add after commit or close")
	}
	if prev, dup := w.batchIDs[doc.ID]; dup && !w.removedBy[prev] {
		return 0, fmt.Errorf("index: id %q added twice in one batch", doc.ID)
	}
	if w.m.params.Rewrite && !a.WithSentenceKeys() {
		// it would be stored without its sentence keys, and never found by them
		return 0, fmt.Errorf("index: %q: analysed without sentence keys (NoRewrite), but the index holds them (analyse with its Params: Apply)", doc.ID)
	}
	res := Added
	old, ok, err := w.r.Lookup(doc.ID)
	if err != nil {
		return 0, err
	}
	if ok && !w.removedBy[old] {
		if w.opts.SkipExisting {
			w.stats.Skipped++
			return Skipped, nil
		}
		if err := w.removeDoc(old); err != nil {
			return 0, err
		}
		w.stats.Replaced++
		res = Replaced
	}
	if w.m.nextDoc == 1<<32-1 {
		return 0, errors.New("index: full (2³²-1 documents)")
	}
	n := w.m.nextDoc
	w.m.nextDoc++
	rec := record{doc: doc, where: doc.Where(), words: a.Words, length: len(doc.Text),
		textCRC: crc32.ChecksumIEEE([]byte(doc.Text)), exact: a.Exact, textOff: w.app.off, textLen: uint64(len(z)),
		bands: a.BandKeys, fps: a.Fingerprints}
	if w.m.params.Rewrite {
		rec.sents = sentenceKeys(a)
	}
	rec.doc.Text, rec.doc.File, rec.doc.Line = "", "", 0
	w.app.write(z)
	src, ok := w.srcNum[doc.Source]
	if !ok {
		src = uint32(len(w.m.sources))
		w.m.sources = append(w.m.sources, doc.Source)
		w.srcNum[doc.Source] = src
	}
	w.srcs = append(w.srcs, src)
	w.table = append(w.table, uint32(len(w.recs.b)))
	rec.encode(&w.recs)
	if len(w.recs.b) > 1<<32-1 {
		return 0, errors.New("index: batch too large (over 4 GiB of records): split it")
	}
	rec.appendPostings(&w.post, n)
	w.batchIDs[doc.ID] = n
	w.m.live++
	w.m.textBytes += uint64(len(doc.Text))
	w.stats.Added++
	if err := w.app.err; err != nil {
		return 0, err
	}
	return res, nil
}

// SetStory records the story that the document with the given id, added in this batch, was told
// in (scan --index --add: the story cluster of the night that holds it, named by one of its
// articles), for Reader.StoryDocs to find its articles later; "" for none. It reports whether
// the batch added a document with that id.
func (w *Writer) SetStory(id, story string) (bool, error) {
	if w.done {
		return false, errors.New("index: story set after commit or close")
	}
	n, ok := w.batchIDs[id]
	if !ok || w.removedBy[n] {
		return false, nil
	}
	if w.stories == nil {
		w.stories = map[uint32]string{}
	}
	if story == "" {
		delete(w.stories, n)
	} else {
		w.stories[n] = story
	}
	return true, nil
}

// withStories puts the stories set (SetStory) in the batch's records, encoded with none (the
// story is a record's first field, an empty string its one byte 0), and their postings with the
// batch's.
func (w *Writer) withStories() error {
	if len(w.stories) == 0 {
		return nil
	}
	var recs encoder
	recs.b = make([]byte, 0, len(w.recs.b)+len(w.stories)*24)
	for i, off := range w.table {
		end := uint32(len(w.recs.b))
		if i+1 < len(w.table) {
			end = w.table[i+1]
		}
		b := w.recs.b[off:end]
		w.table[i] = uint32(len(recs.b))
		n := w.first + uint32(i)
		if s, ok := w.stories[n]; ok && !w.removedBy[n] {
			recs.string(s)
			b = b[1:] // the empty story
			w.post[postStories] = append(w.post[postStories], storyPosting(s, n))
		}
		recs.b = append(recs.b, b...)
	}
	if len(recs.b) > 1<<32-1 {
		return errors.New("index: batch too large (over 4 GiB of records): split it")
	}
	w.recs = recs
	return nil
}

// Remove removes the document with the given id (committed, or added in this batch); it reports
// whether there was one.
func (w *Writer) Remove(id string) (bool, error) {
	if w.done {
		return false, errors.New("index: remove after commit or close")
	}
	if n, ok := w.batchIDs[id]; ok && !w.removedBy[n] {
		w.removedBy[n] = true
		w.m.live--
		w.stats.Removed++
		return true, nil
	}
	n, ok, err := w.r.Lookup(id)
	if err != nil || !ok || w.removedBy[n] {
		return false, err
	}
	if err := w.removeDoc(n); err != nil {
		return false, err
	}
	w.stats.Removed++
	return true, nil
}

// removeDoc marks committed document n removed and counts its bytes as dead.
func (w *Writer) removeDoc(n uint32) error {
	b, err := w.r.recordBytes(n)
	if err != nil {
		return err
	}
	rec, err := w.r.record(n, partAll)
	if err != nil {
		return err
	}
	w.removedBy[n] = true
	w.m.live--
	// its record, text and postings (merges drop them)
	stories := 0
	if rec.story != "" {
		stories = 1
	}
	w.m.deadBytes += uint64(len(b)) + rec.textLen + 4 + 8*uint64(len(rec.bands)+len(rec.fps)+1+len(rec.sents)+stories)
	w.m.textBytes -= min(w.m.textBytes, uint64(rec.length))
	return nil
}

// Commit writes the batch and makes it visible, atomically, then releases the writer (Close is
// still safe to call). See the package documentation for the order of writes.
func (w *Writer) Commit() (CommitStats, error) {
	if w.done {
		return CommitStats{}, errors.New("index: commit after commit or close")
	}
	w.done = true
	n := w.m.nextDoc - w.first
	var pending *memSegment
	if n > 0 {
		if err := w.withStories(); err != nil {
			return w.stats, w.fail(err)
		}
		// the chunk: texts are written; now the records, their table and their sources
		c := chunk{first: w.first, n: n, seq: w.seq, textsOff: w.textsOff, textsLen: w.app.off - w.textsOff}
		writeChunk(&w.app, &c, w.recs.b, w.table, w.srcs)
		w.m.chunks = append(w.m.chunks, c)
		pending = &memSegment{first: w.first, end: w.m.nextDoc}
		for k := range w.post {
			slices.Sort(w.post[k])
			pending.post[k] = w.post[k]
		}
		w.post = [postKinds][]uint64{}
	}
	// removals
	for d := range w.removedBy {
		w.m.removed = append(w.m.removed, d)
	}
	slices.Sort(w.m.removed)
	w.m.removed = slices.Compact(w.m.removed)
	if err := w.writeSegments(pending); err != nil {
		return w.stats, w.fail(err)
	}
	if w.stats.Added > 0 {
		w.m.params = w.m.params.recordHTMLText(w.opts.Params.HTMLText)
	}
	w.m.deadBytes += w.r.slot.manLen // the previous manifest
	w.m.history = append(w.m.history, CommitLog{Seq: w.seq, Time: time.Now().UTC(), Added: w.stats.Added,
		Replaced: w.stats.Replaced, Removed: w.stats.Removed, Live: int(w.m.live)})
	if len(w.m.history) > maxHistory {
		w.m.history = slices.Delete(w.m.history, 0, len(w.m.history)-maxHistory)
	}
	if err := commitManifest(w.f, &w.app, w.m, w.seq); err != nil {
		return w.stats, w.fail(err)
	}
	w.stats.Seq = w.seq
	w.stats.Docs = int(w.m.live)
	w.stats.Size = int64(w.app.off)
	if !w.opts.NoCompact && w.m.deadBytes > w.app.off-w.m.deadBytes {
		size, err := w.compact()
		if err != nil {
			w.Close()
			return w.stats, &CompactError{Path: w.path, Err: err}
		}
		w.stats.Compact, w.stats.Size = true, size
	}
	return w.stats, w.Close()
}

// CompactError is Commit's error when the batch was committed but compacting the index after
// it failed (a full disk): the index holds the batch, and only the space of removed and replaced
// articles is not reclaimed yet. A caller must not add the batch again; Compact (or the next
// commit) retries the compaction. The CommitStats returned with it are the commit's.
type CompactError struct {
	Path string
	Err  error
}

func (e *CompactError) Error() string {
	return fmt.Sprintf("index: %s: batch committed, but compacting the index after it failed: %v", e.Path, e.Err)
}

func (e *CompactError) Unwrap() error { return e.Err }

// Temporary files beside an index at path: "."+base+suffix+random digits, as os.CreateTemp
// names them. A writer killed while compacting leaves one as large as the index.
const (
	compactSuffix = ".compact-" // a compaction's new file; only a writer holding the lock makes one
	createSuffix  = ".new-"     // a new empty index, before it is linked into place (no lock held)
)

// staleCreateAge is how old a creation's temporary file must be to be stale: creating one takes
// milliseconds, and another process may be creating the index right now, without the lock.
const staleCreateAge = time.Hour

// removeStaleTemps removes the temporary files that killed writers of the index at path left:
// every compaction's (the caller holds the writer lock, so no compaction runs), and a creation's
// over staleCreateAge old. Only names of the index's own pattern are touched; errors are ignored
// (the files are only wasted space).
func removeStaleTemps(path string) {
	dir, base := filepath.Dir(path), "."+filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		var stale bool
		switch {
		case isTempName(name, base+compactSuffix):
			stale = true
		case isTempName(name, base+createSuffix):
			fi, err := e.Info()
			stale = err == nil && time.Since(fi.ModTime()) > staleCreateAge
		}
		if stale && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// isTempName reports whether name is prefix followed by the digits os.CreateTemp puts in place
// of its "*".
func isTempName(name, prefix string) bool {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok || rest == "" {
		return false
	}
	for _, c := range rest {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// maxHistory is how many commits the history keeps.
const maxHistory = 1000

func (w *Writer) fail(err error) error {
	w.Close()
	return fmt.Errorf("index: commit to %s: %w (the index is as it was before this batch)", w.path, err)
}

// Close releases the writer lock; an uncommitted batch is dropped (what it wrote past the
// committed end is cut off by the next writer).
func (w *Writer) Close() error {
	w.done = true
	if w.f == nil {
		return nil
	}
	err := w.r.Close()
	if e := w.f.Close(); err == nil {
		err = e
	}
	w.f = nil
	return err
}

// memSegment is a segment not yet written: the new batch's postings, or a merge's output.
type memSegment struct {
	level      int
	first, end uint32
	post       [postKinds][]uint64
}

// writeSegments appends the batch's segment, merging it with the last segments while the last
// mergeWidth of them share a level; merges drop the postings of removed documents.
func (w *Writer) writeSegments(pending *memSegment) error {
	if pending == nil {
		return nil
	}
	segs := w.m.segments
	for {
		k := len(segs) - (mergeWidth - 1)
		if k < 0 {
			break
		}
		same := true
		for _, s := range segs[k:] {
			same = same && s.level == pending.level
		}
		if !same {
			break
		}
		// merge segs[k:] and pending
		merged := &memSegment{level: pending.level + 1, first: segs[k].first, end: pending.end}
		dropped := uint64(0)
		for kind := range merged.post {
			var runs [][]byte
			for i := range segs[k:] {
				sec := segs[k+i].sections()[kind]
				runs = append(runs, w.r.data[sec.off:sec.off+8*sec.n])
			}
			var d int
			merged.post[kind], d = w.mergePostings(runs, pending.post[kind])
			dropped += uint64(d)
		}
		for i := range segs[k:] {
			w.m.deadBytes += segs[k+i].bytes()
		}
		w.m.deadBytes -= min(w.m.deadBytes, 8*dropped) // counted when their documents were removed
		w.stats.Merged += len(segs) - k + 1
		segs = segs[:k]
		pending = merged
	}
	w.m.segments = append(segs, writeSegment(&w.app, pending))
	return w.app.err
}

// writeChunk appends a chunk's records, their table of offsets (closed here with the records'
// length) and its source numbers, and fills in c.
func writeChunk(app *appender, c *chunk, recs []byte, table, srcs []uint32) {
	app.align()
	c.recsOff, c.recsLen = app.off, uint64(len(recs))
	app.write(recs)
	table = append(table, uint32(len(recs)))
	tb := make([]byte, 4*len(table))
	for i, v := range table {
		binary.LittleEndian.PutUint32(tb[4*i:], v)
	}
	c.tableOff = app.off
	app.write(tb)
	sb := make([]byte, 4*len(srcs))
	for i, v := range srcs {
		binary.LittleEndian.PutUint32(sb[4*i:], v)
	}
	c.srcOff = app.off
	app.write(sb)
	h := crc32.NewIEEE()
	h.Write(recs)
	h.Write(tb)
	h.Write(sb)
	c.crc = h.Sum32()
}

// writeSegment appends a segment's postings arrays.
func writeSegment(app *appender, m *memSegment) segment {
	app.align()
	s := segment{level: m.level, first: m.first, end: m.end}
	for kind, sec := range s.sections() {
		post := m.post[kind]
		sec.off, sec.n = app.off, uint64(len(post))
		b := make([]byte, 8*len(post))
		for i, v := range post {
			binary.LittleEndian.PutUint64(b[8*i:], v)
		}
		sec.crc = crc32.ChecksumIEEE(b)
		app.write(b)
		sec.fence = app.off
		f := make([]byte, 4*fences(sec.n))
		for i := 0; i < len(post); i += fenceStep {
			binary.LittleEndian.PutUint32(f[4*(i/fenceStep):], uint32(post[i]>>32))
		}
		app.write(f)
		app.align()
	}
	return s
}

// mergePostings merges sorted runs (on disk, 8 bytes each) and a sorted in-memory run, dropping
// the postings of removed documents; it returns how many of those it dropped from the disk runs.
// There are at most mergeWidth runs: picking the least head each time is as fast as a heap.
func (w *Writer) mergePostings(runs [][]byte, mem []uint64) ([]uint64, int) {
	total := len(mem)
	for _, r := range runs {
		total += len(r) / 8
	}
	out := make([]uint64, 0, total)
	dropped := 0
	for {
		best := -1
		var v uint64
		for i, r := range runs {
			if len(r) > 0 {
				if h := binary.LittleEndian.Uint64(r); best < 0 || h < v {
					best, v = i, h
				}
			}
		}
		if len(mem) > 0 && (best < 0 || mem[0] < v) {
			best, v = len(runs), mem[0]
		}
		if best < 0 {
			break
		}
		if best == len(runs) {
			mem = mem[1:]
		} else {
			runs[best] = runs[best][8:]
		}
		switch {
		case !w.isRemoved(uint32(v)):
			out = append(out, v)
		case best < len(runs):
			dropped++
		}
	}
	return out, dropped
}

func (w *Writer) isRemoved(n uint32) bool {
	return w.removedBy[n] || (n < w.r.m.nextDoc && !w.r.live(n))
}

// appender writes at the end of the file through a buffer; the first error sticks.
type appender struct {
	f   *os.File
	off uint64 // logical end, including the buffer
	buf []byte
	err error
}

// appendBuf is the size of the append buffer (a variable so that tests can make it small).
var appendBuf = 1 << 20

func (a *appender) write(b []byte) {
	if a.err == nil {
		if len(a.buf)+len(b) > appendBuf {
			a.flush()
		}
		if len(b) > appendBuf {
			_, a.err = a.f.WriteAt(b, int64(a.off))
		} else {
			a.buf = append(a.buf, b...)
		}
	}
	a.off += uint64(len(b))
}

// align pads to a multiple of 8 bytes.
func (a *appender) align() {
	if r := a.off % 8; r != 0 {
		a.write(make([]byte, 8-r))
	}
}

func (a *appender) flush() error {
	if a.err == nil && len(a.buf) > 0 {
		start := int64(a.off) - int64(len(a.buf))
		_, a.err = a.f.WriteAt(a.buf, start)
		a.buf = a.buf[:0]
	}
	if a.err != nil {
		return fmt.Errorf("write: %w", a.err)
	}
	return nil
}

// textEncoder compresses the texts of format version 5 on: zstd at its default level, which
// makes them as small as compress/flate at level 1 did (versions 1 to 4; the 64 MB of the news
// corpus of 20,000 articles: 34.6 against 35.0 MB) and reads them back three times as fast (0.23
// against 0.64 s), for every indexed article a check or a night compares; the record's CRC-32
// checks the text, so the frames carry no checksum. EncodeAll is safe for concurrent use.
var textEncoder = sync.OnceValue(func() *zstd.Encoder {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderCRC(false),
		zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)), zstd.WithLowerEncoderMem(true))
	if err != nil {
		panic(err) // only for options out of range
	}
	return enc
})

// Compress compresses a text as the index stores it. It is safe for concurrent use.
func Compress(text string) []byte {
	return textEncoder().EncodeAll([]byte(text), make([]byte, 0, len(text)/2+64))
}

// AddInputs reads, analyses and compresses the documents of inputs on opts.Workers goroutines
// (see Each) and adds them to the batch in input order. opts must hold the index's params
// (Params.Apply); its record errors and Strict apply as in pipeline.Run.
func (w *Writer) AddInputs(ctx context.Context, inputs []string, stdin io.Reader, opts pipeline.Options) (ReadStats, error) {
	return Each(ctx, inputs, stdin, opts,
		func(it *Item) error { it.X.Z = Compress(it.Doc.Text); return nil },
		func(it *Item) error {
			_, err := w.AddCompressed(it.Doc, it.Analysis, it.X.Z)
			return err
		})
}
