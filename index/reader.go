package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"os"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zstd"

	"github.com/neardup/neardup/pipeline"
)

// Reader is a consistent view of an index: the state of its last commit when it was opened. It
// takes no lock, so a writer may add to the index meanwhile; the reader does not see that. A
// Reader is safe for concurrent use.
type Reader struct {
	path    string
	f       *os.File
	ownFile bool
	data    []byte // the file up to the committed end, mapped
	unmap   func() error
	slot    slot
	slots   [2]slot
	version int // the file's format version: Version, or an older one (read only)
	m       *manifest
	removed []uint64 // bitmap of removed documents
	hot     hotCache // fingerprints held by many documents: what boilerSources learnt of them
	series  sync.Map // seriesKey: the holders seriesItems found items of the series, nil for none
}

// Doc is the metadata of an indexed document.
type Doc struct {
	N         uint32 // document number, in the order of adding
	ID        string
	Source    string
	Title     string
	URL       string
	Author    string    // "" when unknown (and in indexes of format version 1 and 2)
	Published time.Time // zero when unknown
	Where     string    // FILE:LINE it was read from when added
	Words     int       // tokens in the text
	Bytes     int       // length of the text
	// Story is the story the article was told in when added (Writer.SetStory: scan --index
	// --add names each night's story clusters), "" for none: an article added alone or in no
	// story, or by format version 4 or older
	Story string
}

// Open opens the index at path for reading.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s does not exist (neardup index add --index %s creates it)", ErrNotExist, path, path)
	}
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	r, err := newReader(path, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.ownFile = true
	return r, nil
}

// newReader reads the committed state of the index in f. It never writes to f.
func newReader(path string, f *os.File) (*Reader, error) {
	head := make([]byte, dataOff)
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	head = head[:n]
	version, err := checkHeader(path, head)
	if err != nil {
		return nil, err
	}
	if len(head) < dataOff {
		return nil, fmt.Errorf("%w: %s is truncated: %d bytes, shorter than its header", ErrCorrupt, path, len(head))
	}
	r := &Reader{path: path, f: f, version: version}
	r.slots[0] = decodeSlot(head[slotOff:], 0)
	r.slots[1] = decodeSlot(head[slotOff+pageSize:], 1)
	best := -1
	for i, s := range r.slots {
		if s.valid && (best < 0 || s.seq > r.slots[best].seq) {
			best = i
		}
	}
	if best < 0 {
		return nil, fmt.Errorf("%w: %s has no valid commit (slot 0: %s; slot 1: %s)", ErrCorrupt, path,
			r.slots[0].problem, r.slots[1].problem)
	}
	r.slot = r.slots[best]
	// the size is read after the slots: a commit made meanwhile only makes the file longer
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	if uint64(fi.Size()) < r.slot.end {
		return nil, fmt.Errorf("%w: %s is truncated: %d bytes, its last commit needs %d", ErrCorrupt, path, fi.Size(), r.slot.end)
	}
	if r.slot.end > uint64(maxMap) {
		return nil, fmt.Errorf("%w: %s: committed size %d is too large", ErrCorrupt, path, r.slot.end)
	}
	r.data, r.unmap, err = mapFile(f, int(r.slot.end))
	if err != nil {
		return nil, err
	}
	man := r.data[r.slot.manOff : r.slot.manOff+r.slot.manLen]
	if crc32.ChecksumIEEE(man) != r.slot.manCRC {
		r.unmap()
		return nil, fmt.Errorf("%w: %s: manifest of commit %d fails its checksum", ErrCorrupt, path, r.slot.seq)
	}
	r.m, err = decodeManifest(man, r.version)
	if err == nil {
		err = r.m.check(r.slot.end)
	}
	if err != nil {
		r.unmap()
		return nil, fmt.Errorf("%w: %s: manifest of commit %d: %v", ErrCorrupt, path, r.slot.seq, err)
	}
	r.removed = make([]uint64, (r.m.nextDoc+63)/64)
	for _, d := range r.m.removed {
		r.removed[d/64] |= 1 << (d % 64)
	}
	return r, nil
}

// maxMap bounds the mapped size (1 TiB), so that a corrupt slot cannot ask for more.
const maxMap = 1 << 40

// Close releases the reader.
func (r *Reader) Close() error {
	var err error
	if r.unmap != nil {
		err = r.unmap()
		r.unmap = nil
	}
	if r.ownFile && r.f != nil {
		if e := r.f.Close(); err == nil {
			err = e
		}
		r.f = nil
	}
	return err
}

// Path is the index's file.
func (r *Reader) Path() string { return r.path }

// Params are the analysis options the index was built with.
func (r *Reader) Params() Params { return r.m.params }

// Len is the number of live documents.
func (r *Reader) Len() int { return int(r.m.live) }

// live reports whether document n exists and is not removed.
func (r *Reader) live(n uint32) bool {
	return n < r.m.nextDoc && r.removed[n/64]&(1<<(n%64)) == 0
}

// record decodes document n's record, up to part.
func (r *Reader) record(n uint32, upTo part) (record, error) {
	b, err := r.recordBytes(n)
	if err != nil {
		return record{}, err
	}
	rec, err := decodeRecord(b, upTo, r.version)
	if err != nil {
		return rec, fmt.Errorf("%w: %s: record of document %d: %v", ErrCorrupt, r.path, n, err)
	}
	return rec, nil
}

func (r *Reader) recordBytes(n uint32) ([]byte, error) {
	if n >= r.m.nextDoc {
		return nil, fmt.Errorf("%w: %s: no document %d", ErrCorrupt, r.path, n)
	}
	c := r.chunkOf(n)
	i := uint64(n - c.first)
	lo := uint64(binary.LittleEndian.Uint32(r.data[c.tableOff+4*i:]))
	hi := uint64(binary.LittleEndian.Uint32(r.data[c.tableOff+4*i+4:]))
	if lo > hi || hi > c.recsLen {
		return nil, fmt.Errorf("%w: %s: record table of document %d out of range", ErrCorrupt, r.path, n)
	}
	return r.data[c.recsOff+lo : c.recsOff+hi], nil
}

// chunkOf returns the chunk of document n < nextDoc.
func (r *Reader) chunkOf(n uint32) *chunk {
	cs := r.m.chunks
	return &cs[sort.Search(len(cs), func(i int) bool { return cs[i].first+cs[i].n > n })]
}

// sourceOf returns the source number of document n < nextDoc (an index into m.sources, or
// noSource if the table is corrupt).
func (r *Reader) sourceOf(n uint32) uint32 {
	c := r.chunkOf(n)
	v := binary.LittleEndian.Uint32(r.data[c.srcOff+4*uint64(n-c.first):])
	if int(v) >= len(r.m.sources) {
		return noSource
	}
	return v
}

// sourceNum returns the number of a source name, or noSource if no indexed document has it.
func (r *Reader) sourceNum(name string) uint32 {
	for i, s := range r.m.sources {
		if s == name {
			return uint32(i)
		}
	}
	return noSource
}

// noSource is the number of a source that no indexed document has.
const noSource = 1<<32 - 1

func (rec *record) docOf(n uint32) Doc {
	return Doc{N: n, ID: rec.doc.ID, Source: rec.doc.Source, Title: rec.doc.Title, URL: rec.doc.URL,
		Author: rec.doc.Author, Published: rec.doc.Published, Where: rec.where, Words: rec.words, Bytes: rec.length,
		Story: rec.story}
}

// Doc returns the metadata of document n.
func (r *Reader) Doc(n uint32) (Doc, error) {
	rec, err := r.record(n, partMeta)
	if err != nil {
		return Doc{}, err
	}
	return rec.docOf(n), nil
}

// Analysis returns the stored analysis of document n. Its SentenceKeys (in an index made with
// Rewrite) carry no tags, which are not stored: every key's is 0, so they tell nothing of which
// sentence gave them (pipeline.RewriteCandidate, asked of them, says no).
func (r *Reader) Analysis(n uint32) (pipeline.Analysis, error) {
	rec, err := r.record(n, partAll)
	if err != nil {
		return pipeline.Analysis{}, err
	}
	a := pipeline.Analysis{Words: rec.words, Exact: rec.exact, BandKeys: rec.bands, Fingerprints: rec.fps}
	for _, k := range rec.sents { // the keys without their sentences' tags, which are not stored
		a.SentenceKeys = append(a.SentenceKeys, uint64(k)<<32)
	}
	return a, nil
}

var flateReaders sync.Pool

// Text returns the text of document n, decompressed and checked against its checksum.
func (r *Reader) Text(n uint32) (string, error) {
	rec, err := r.record(n, partMeta)
	if err != nil {
		return "", err
	}
	return r.text(n, &rec)
}

// textDecoder reads the texts of format version 5 on (textEncoder); DecodeAll is safe for
// concurrent use. A frame may ask for no more memory than the largest text a record can give.
var textDecoder = sync.OnceValue(func() *zstd.Decoder {
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)), zstd.WithDecoderMaxMemory(1<<31),
		zstd.IgnoreChecksum(true))
	if err != nil {
		panic(err) // only for options out of range
	}
	return dec
})

// decodeText decompresses a text of format version 5 on, of length bytes.
func decodeText(z []byte, length int) ([]byte, error) {
	var h zstd.Header
	if err := h.Decode(z); err != nil {
		return nil, err
	}
	if h.HasFCS && h.FrameContentSize != uint64(length) {
		return nil, fmt.Errorf("%d bytes, want %d", h.FrameContentSize, length)
	}
	buf, err := textDecoder().DecodeAll(z, make([]byte, 0, length))
	if err == nil && len(buf) != length {
		err = fmt.Errorf("%d bytes, want %d", len(buf), length)
	}
	return buf, err
}

// inflateText decompresses a text of format versions 1 to 4 (compress/flate), of length bytes.
func inflateText(z []byte, length int) ([]byte, error) {
	src := bytes.NewReader(z)
	fr, _ := flateReaders.Get().(io.ReadCloser)
	if fr == nil {
		fr = flate.NewReader(src)
	} else {
		fr.(flate.Resetter).Reset(src, nil)
	}
	defer flateReaders.Put(fr)
	buf := make([]byte, length+1) // one more, to notice a longer text
	m, err := io.ReadFull(fr, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	if err == nil && m != length {
		err = fmt.Errorf("%d bytes or more, want %d", m, length)
	}
	return buf[:m], err
}

func (r *Reader) text(n uint32, rec *record) (string, error) {
	if rec.textOff < dataOff || rec.textLen > uint64(len(r.data)) || rec.textOff > uint64(len(r.data))-rec.textLen ||
		rec.length < 0 || rec.length > 1<<31 {
		return "", fmt.Errorf("%w: %s: text of document %d out of range", ErrCorrupt, r.path, n)
	}
	z := r.data[rec.textOff : rec.textOff+rec.textLen]
	var buf []byte
	var err error
	if r.version >= 5 {
		buf, err = decodeText(z, rec.length)
	} else {
		buf, err = inflateText(z, rec.length)
	}
	if err != nil {
		return "", fmt.Errorf("%w: %s: text of document %d: %v", ErrCorrupt, r.path, n, err)
	}
	if crc32.ChecksumIEEE(buf) != rec.textCRC {
		return "", fmt.Errorf("%w: %s: text of document %d fails its checksum", ErrCorrupt, r.path, n)
	}
	return string(buf), nil
}

// Document returns document n with its text, as pipeline.Compare takes it.
func (r *Reader) Document(n uint32) (pipeline.Document, Doc, error) {
	rec, err := r.record(n, partMeta)
	if err != nil {
		return pipeline.Document{}, Doc{}, err
	}
	text, err := r.text(n, &rec)
	if err != nil {
		return pipeline.Document{}, Doc{}, err
	}
	d := rec.doc
	d.Text = text
	d.File = r.path
	return d, rec.docOf(n), nil
}

// Postings kinds: the arrays of a segment.
const (
	postBands = iota
	postFPs
	postIDs
	postSents   // sentence keys (Params.Rewrite; none before format version 4)
	postStories // the stories of the articles added by scan --index --add (none before version 5)
	postKinds   // how many
)

// postings calls fn for every document in the postings of key in array kind, live or not, in
// ascending order of document.
func (r *Reader) postings(kind int, key uint32, fn func(doc uint32)) {
	r.postingsWhile(kind, key, func(doc uint32) bool { fn(doc); return true })
}

// postingsWhile is postings, stopping when fn returns false: for a caller that needs no more of
// a key's documents than a few (a sentence key held by more than pipeline.MaxSentenceKeyDocs
// makes no candidates, and one set phrase is held by thousands).
func (r *Reader) postingsWhile(kind int, key uint32, fn func(doc uint32) bool) {
	for i := range r.m.segments {
		b, f, n := r.section(i, kind)
		for k := firstPosting(b, f, n, key); k < n; k++ {
			v := binary.LittleEndian.Uint64(b[8*k:])
			if uint32(v>>32) != key {
				break
			}
			if !fn(uint32(v)) {
				return
			}
		}
	}
}

// section returns segment i's postings of a kind (8 bytes each, key<<32 | doc, ascending), their
// fences and how many postings there are.
func (r *Reader) section(i, kind int) (b, f []byte, n int) {
	sec := r.m.segments[i].sections()[kind]
	return r.data[sec.off : sec.off+8*sec.n], r.data[sec.fence : sec.fence+4*fences(sec.n)], int(sec.n)
}

// postingKey returns the key of posting k of b.
func postingKey(b []byte, k int) uint32 { return uint32(binary.LittleEndian.Uint64(b[8*k:]) >> 32) }

// firstPosting returns the index of the first of the n postings b (8 bytes each, key<<32 | doc,
// ascending) whose key is at least key, or n, with f their fences (the key of every fenceStep-th
// posting, 4 bytes each). The fences, which the page cache keeps, are searched for the first
// block whose first key is at least key: the first posting of key is in the block before it, or
// is its first. In that block the keys, hashes spread evenly between the fences around it, put
// the posting about where key lies between them: one read there, and a walk to it of a few
// postings in one or two cache lines, where a binary search of the block read 8 postings each
// in a line of its own (relating a night of 100,000 news articles with an index of the 100,000
// before: 28 CPU seconds of 245 in the binary search, 18 in the one read now, most of it the
// miss of an index page, and 245 -> 237 CPU seconds in all).
func firstPosting(b, f []byte, n int, key uint32) int {
	nf := len(f) / 4
	fence := func(j int) uint32 { return binary.LittleEndian.Uint32(f[4*j:]) }
	keyAt := func(k int) uint32 { return postingKey(b, k) }
	j := sort.Search(nf, func(j int) bool { return fence(j) >= key })
	lo := max(0, j-1) * fenceStep
	hi := min(n, j*fenceStep+1)
	if hi-lo <= 1 {
		return lo + sort.Search(hi-lo, func(k int) bool { return keyAt(lo+k) >= key })
	}
	// the keys of postings lo and hi-1 are fences: kLo < key <= kHi (or key beyond the last)
	kLo, kHi := uint64(fence(lo/fenceStep)), uint64(math.MaxUint32)
	if j < nf {
		kHi = uint64(fence(j))
	}
	k := lo
	if uint64(key) > kLo && kHi > kLo {
		k = lo + int((uint64(key)-kLo)*uint64(hi-1-lo)/(kHi-kLo))
		k = min(max(k, lo), hi-1)
	}
	if keyAt(k) >= key {
		for k > lo && keyAt(k-1) >= key {
			k--
		}
		return k
	}
	for k < hi && keyAt(k) < key {
		k++
	}
	return k
}

// Lookup returns the number of the live document with the given id.
func (r *Reader) Lookup(id string) (uint32, bool, error) {
	var found uint32
	ok := false
	var err error
	r.postings(postIDs, idKey(id), func(n uint32) {
		if ok || err != nil || !r.live(n) {
			return
		}
		rec, e := r.record(n, partMeta)
		if e != nil {
			err = e
			return
		}
		if rec.doc.ID == id {
			found, ok = n, true
		}
	})
	return found, ok, err
}

// StoryDocs returns the live documents added in the given story (Doc.Story), in order of
// document number; none for "".
func (r *Reader) StoryDocs(story string) ([]Doc, error) {
	if story == "" {
		return nil, nil
	}
	var docs []Doc
	var err error
	r.postings(postStories, idKey(story), func(n uint32) {
		if err != nil || !r.live(n) {
			return
		}
		rec, e := r.record(n, partMeta)
		if e != nil {
			err = e
			return
		}
		if rec.story == story { // not another story of the same key
			docs = append(docs, rec.docOf(n))
		}
	})
	return docs, err
}

// EachDoc calls fn for every live document, in order of document number.
func (r *Reader) EachDoc(fn func(Doc) error) error {
	for n := uint32(0); n < r.m.nextDoc; n++ {
		if !r.live(n) {
			continue
		}
		d, err := r.Doc(n)
		if err != nil {
			return err
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// Stats describes an index.
type Stats struct {
	Path      string
	Version   int // the file's format version
	Params    Params
	Docs      int            // live documents
	Removed   int            // removed or replaced documents whose bytes are not reclaimed yet
	Size      int64          // bytes of the committed file
	DeadBytes int64          // bytes no commit needs any more (reclaimed by Compact)
	TextBytes int64          // bytes of the live documents' texts, uncompressed
	Stored    int64          // bytes of all stored texts, compressed (live and removed)
	Postings  [postKinds]int // postings: band keys, fingerprints, ids, sentence keys, stories (of live and removed documents)
	Segments  []int          // level of each postings segment
	Seq       uint64         // number of the last commit
	History   []CommitLog
}

// Stats describes the index.
func (r *Reader) Stats() Stats {
	s := Stats{Path: r.path, Version: r.version, Params: r.m.params, Docs: r.Len(), Removed: len(r.m.removed),
		Size: int64(r.slot.end), DeadBytes: int64(r.m.deadBytes), TextBytes: int64(r.m.textBytes),
		Seq: r.slot.seq, History: r.m.history}
	for _, c := range r.m.chunks {
		s.Stored += int64(c.textsLen)
	}
	for i := range r.m.segments {
		sg := &r.m.segments[i]
		s.Segments = append(s.Segments, sg.level)
		for k, sec := range sg.sections() {
			s.Postings[k] += int(sec.n)
		}
	}
	return s
}
