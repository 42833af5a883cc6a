package index

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"math"
	"slices"
	"time"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
)

// Version is the format version this package writes. Version 2 added the HTML text
// (--html-text) to the params; version 3 the author to the records; version 4 the sentence keys
// of rewritten passages (--rewrite: Params.Rewrite, the records' keys, a fourth postings array
// in each segment, empty without it); version 5 the story of each record (Writer.SetStory),
// first, a fifth postings array of the stories, and texts compressed with zstd (textEncoder), not
// compress/flate. Versions from
// oldestVersion on are read as well: their records have no author, and a version 1 index has
// no HTML text recorded (Params.HTMLTextUnrecorded). Compact rewrites them as Version; a Writer
// refuses them, so that a file is never of two versions at once.
const Version = 5

// oldestVersion is the oldest format version this package reads.
const oldestVersion = 1

const (
	pageSize   = 4096
	slotOff    = pageSize // slot i at slotOff + i*pageSize
	dataOff    = 3 * pageSize
	headerLen  = 28 // magic, version, page size, crc
	slotLen    = 48
	mergeWidth = 4 // segments of one level merged together
)

var (
	magic     = [16]byte{'n', 'e', 'a', 'r', 'd', 'u', 'p', ' ', 'i', 'n', 'd', 'e', 'x', '\n', 0, 0}
	slotMagic = [8]byte{'c', 'o', 'm', 'm', 'i', 't', 0, 0}
)

// Errors a caller may test for with errors.Is.
var (
	ErrNotIndex = errors.New("index: not a neardup index")
	ErrVersion  = errors.New("index: unsupported format version")
	ErrCorrupt  = errors.New("index: corrupt")
	ErrLocked   = errors.New("index: locked by another writer")
	ErrNotExist = errors.New("index: no such index")
)

// Params are the analysis options an index is built with; they are fixed when it is created,
// since its band keys and fingerprints depend on them.
type Params struct {
	Shingle   int
	NumPerm   int
	Window    int
	Threshold float64
	Bands     pipeline.Bands
	NoReuse   bool
	// HTMLText is which text of an HTML page is indexed (--html-text): the article's main
	// text or its whole visible text. Documents of one index must be read alike, or a page
	// added one way and checked the other shares (or misses) its site's chrome.
	HTMLText input.HTMLText
	// HTMLTextUnrecorded is true for an index made by format version 1, which did not record
	// HTMLText: it is unknown, and pages are read with the --html-text given (HTMLText is then
	// HTMLMain and means nothing), until the first batch added records the one it was read
	// with (recordHTMLText).
	HTMLTextUnrecorded bool
	// Rewrite is whether the sentence keys of rewritten passages are indexed (--rewrite):
	// check finds a draft that rewords an indexed article from end to end by them.
	Rewrite bool
}

// recordHTMLText returns the params with used, the HTML text that a batch added to the index
// was read with, recorded if none was (an index made by format version 1): pages read one way
// are then in the index, and later batches must be read the same way (Differences).
func (p Params) recordHTMLText(used input.HTMLText) Params {
	if p.HTMLTextUnrecorded {
		p.HTMLText, p.HTMLTextUnrecorded = used, false
	}
	return p
}

// ParamsOf returns the params of options (defaults filled in).
func ParamsOf(opts pipeline.Options) Params {
	opts.SetDefaults()
	return Params{Shingle: opts.Shingle, NumPerm: opts.NumPerm, Window: opts.Window,
		Threshold: opts.Threshold, Bands: pipeline.ChooseBands(opts.Threshold, opts.NumPerm), NoReuse: opts.NoReuse,
		HTMLText: opts.Read.HTMLText, Rewrite: opts.Rewrites()}
}

// Apply sets the params' fields of opts (all but the HTML text when it is unrecorded).
func (p Params) Apply(opts *pipeline.Options) {
	opts.Shingle, opts.NumPerm, opts.Window, opts.Threshold, opts.NoReuse = p.Shingle, p.NumPerm, p.Window, p.Threshold, p.NoReuse
	opts.NoRewrite = !p.Rewrite
	if !p.HTMLTextUnrecorded {
		opts.Read.HTMLText = p.HTMLText
	}
}

// Differences lists, as flag names with both values, where opts differs from the params.
func (p Params) Differences(opts pipeline.Options) []string {
	q := ParamsOf(opts)
	var d []string
	if q.Shingle != p.Shingle {
		d = append(d, fmt.Sprintf("--shingle %d (index: %d)", q.Shingle, p.Shingle))
	}
	if q.NumPerm != p.NumPerm {
		d = append(d, fmt.Sprintf("--num-perm %d (index: %d)", q.NumPerm, p.NumPerm))
	}
	if q.Window != p.Window {
		d = append(d, fmt.Sprintf("--window %d (index: %d)", q.Window, p.Window))
	}
	if q.Threshold != p.Threshold {
		d = append(d, fmt.Sprintf("--threshold %v (index: %v)", q.Threshold, p.Threshold))
	}
	if q.NoReuse != p.NoReuse {
		d = append(d, fmt.Sprintf("--no-reuse=%v (index: %v)", q.NoReuse, p.NoReuse))
	}
	if q.HTMLText != p.HTMLText && !p.HTMLTextUnrecorded {
		d = append(d, fmt.Sprintf("--html-text %v (index: %v)", q.HTMLText, p.HTMLText))
	}
	if q.Rewrite != p.Rewrite && q.NoReuse == p.NoReuse { // --no-reuse finds no rewritten passages either
		d = append(d, fmt.Sprintf("--rewrite=%v (index: %v)", q.Rewrite, p.Rewrite))
	}
	return d
}

func encodeHeader() []byte {
	b := make([]byte, pageSize)
	copy(b, magic[:])
	binary.LittleEndian.PutUint32(b[16:], Version)
	binary.LittleEndian.PutUint32(b[20:], pageSize)
	binary.LittleEndian.PutUint32(b[24:], crc32.ChecksumIEEE(b[:24]))
	return b
}

// checkHeader says whether b (the file's first bytes) is a header this package can read, and
// returns its format version.
func checkHeader(path string, b []byte) (int, error) {
	if len(b) < headerLen || !bytes.Equal(b[:16], magic[:]) {
		return 0, fmt.Errorf("%w: %s does not start with the index header (is it the right file?)", ErrNotIndex, path)
	}
	if crc32.ChecksumIEEE(b[:24]) != binary.LittleEndian.Uint32(b[24:]) {
		return 0, fmt.Errorf("%w: %s: header checksum mismatch", ErrCorrupt, path)
	}
	v := binary.LittleEndian.Uint32(b[16:])
	if v < oldestVersion || v > Version {
		what := "an older"
		if v > Version {
			what = "a newer"
		}
		return 0, fmt.Errorf("%w: %s has format version %d, made by %s neardup; this one reads versions %d to %d: "+
			"rebuild the index with neardup index add from the original articles (or use the neardup that made it)",
			ErrVersion, path, v, what, oldestVersion, Version)
	}
	if ps := binary.LittleEndian.Uint32(b[20:]); ps != pageSize {
		return 0, fmt.Errorf("%w: %s: page size %d, want %d", ErrCorrupt, path, ps, pageSize)
	}
	return int(v), nil
}

// errOldVersion is a Writer's error for an index of an older format version than Version.
func errOldVersion(path string, v int) error {
	return fmt.Errorf("%w: %s has format version %d, made by an older neardup: it can be read and checked against, "+
		"but not added to; neardup index compact --index %s rewrites it as version %d (no rebuild needed; "+
		"older neardups cannot read it then)", ErrVersion, path, v, path, Version)
}

// htmlTextUnrecorded is the manifest's HTML text of an index whose version 1 did not record it.
const htmlTextUnrecorded = 2

// slot is a commit slot: where the manifest of commit seq is, and the file's committed end.
type slot struct {
	seq         uint64
	manOff      uint64
	manLen      uint64
	manCRC      uint32
	end         uint64
	valid       bool
	problem     string // why it is not valid
	slotIndex   int
	emptyOrZero bool // never written
}

func (s slot) encode() []byte {
	b := make([]byte, slotLen)
	copy(b, slotMagic[:])
	binary.LittleEndian.PutUint64(b[8:], s.seq)
	binary.LittleEndian.PutUint64(b[16:], s.manOff)
	binary.LittleEndian.PutUint64(b[24:], s.manLen)
	binary.LittleEndian.PutUint32(b[32:], s.manCRC)
	binary.LittleEndian.PutUint64(b[36:], s.end)
	binary.LittleEndian.PutUint32(b[44:], crc32.ChecksumIEEE(b[:44]))
	return b
}

func decodeSlot(b []byte, i int) slot {
	s := slot{slotIndex: i}
	if len(b) < slotLen {
		s.problem = "short"
		return s
	}
	if bytes.Equal(b[:slotLen], make([]byte, slotLen)) {
		s.problem, s.emptyOrZero = "never written", true
		return s
	}
	if !bytes.Equal(b[:8], slotMagic[:]) {
		s.problem = "bad magic"
		return s
	}
	if crc32.ChecksumIEEE(b[:44]) != binary.LittleEndian.Uint32(b[44:]) {
		s.problem = "checksum mismatch (torn write)"
		return s
	}
	s.seq = binary.LittleEndian.Uint64(b[8:])
	s.manOff = binary.LittleEndian.Uint64(b[16:])
	s.manLen = binary.LittleEndian.Uint64(b[24:])
	s.manCRC = binary.LittleEndian.Uint32(b[32:])
	s.end = binary.LittleEndian.Uint64(b[36:])
	if s.manOff < dataOff || s.manOff+s.manLen > s.end || s.manLen > 1<<40 {
		s.problem = "manifest out of range"
		return s
	}
	s.valid = true
	return s
}

// section is one postings array of a segment.
type section struct {
	off   uint64 // file offset
	n     uint64 // entries of 8 bytes
	crc   uint32 // of the entries
	fence uint64 // file offset of the fences: the key of every fenceStep-th entry, uint32 each
}

// fenceStep is how many postings a fence stands for: 256 entries are 2 KiB, so a lookup reads
// the fences (kept in memory by the page cache) and then one or two pages of postings, instead of
// some 20 pages of a binary search over the whole array (measured: the first lookups of a check
// took 15 ms in page faults alone on a 1.2 GB index).
const fenceStep = 256

// fences is the number of fences of n postings.
func fences(n uint64) uint64 { return (n + fenceStep - 1) / fenceStep }

// segment holds the postings of documents [first, end).
type segment struct {
	level      int
	first, end uint32
	bands, fps section
	ids        section
	sents      section // empty without Params.Rewrite, and in format versions before 4
	stories    section // empty in format versions before 5
}

func (s *segment) sections() [postKinds]*section {
	return [postKinds]*section{&s.bands, &s.fps, &s.ids, &s.sents, &s.stories}
}

// bytes is the segment's size on disk.
func (s *segment) bytes() uint64 {
	return 8 * (s.bands.n + s.fps.n + s.ids.n + s.sents.n + s.stories.n)
}

// chunk holds the documents of one batch: [first, first+n).
type chunk struct {
	first, n           uint32
	seq                uint64
	textsOff, textsLen uint64
	recsOff, recsLen   uint64
	tableOff           uint64
	srcOff             uint64 // n uint32 source numbers
	crc                uint32 // of records, table and sources
}

// CommitLog is one commit in the index's history.
type CommitLog struct {
	Seq                      uint64
	Time                     time.Time
	Added, Replaced, Removed int
	Live                     int // live documents after the commit
}

// manifest is the state of the index at one commit.
type manifest struct {
	params    Params
	sources   []string // source names by number; 0 is ""
	nextDoc   uint32
	live      uint64
	deadBytes uint64
	textBytes uint64
	chunks    []chunk
	segments  []segment
	removed   []uint32 // ascending
	history   []CommitLog
}

func (m *manifest) encode() []byte {
	var e encoder
	p := m.params
	e.uvarint(uint64(p.Shingle))
	e.uvarint(uint64(p.NumPerm))
	e.uvarint(uint64(p.Window))
	e.uvarint(uint64(p.Bands.Bands))
	e.uvarint(uint64(p.Bands.Rows))
	e.u64(math.Float64bits(p.Threshold))
	e.bool(p.NoReuse)
	if p.HTMLTextUnrecorded {
		e.uvarint(htmlTextUnrecorded)
	} else {
		e.uvarint(uint64(p.HTMLText))
	}
	e.bool(p.Rewrite)
	e.uvarint(uint64(len(m.sources)))
	for _, src := range m.sources {
		e.string(src)
	}
	e.uvarint(uint64(m.nextDoc))
	e.uvarint(m.live)
	e.uvarint(m.deadBytes)
	e.uvarint(m.textBytes)
	e.uvarint(uint64(len(m.chunks)))
	for _, c := range m.chunks {
		for _, v := range []uint64{uint64(c.first), uint64(c.n), c.seq, c.textsOff, c.textsLen, c.recsOff, c.recsLen, c.tableOff, c.srcOff, uint64(c.crc)} {
			e.uvarint(v)
		}
	}
	e.uvarint(uint64(len(m.segments)))
	for i := range m.segments {
		s := &m.segments[i]
		e.uvarint(uint64(s.level))
		e.uvarint(uint64(s.first))
		e.uvarint(uint64(s.end))
		for _, sec := range s.sections() {
			e.uvarint(sec.off)
			e.uvarint(sec.n)
			e.uvarint(uint64(sec.crc))
			e.uvarint(sec.fence)
		}
	}
	e.uvarint(uint64(len(m.removed)))
	prev := uint32(0)
	for _, d := range m.removed {
		e.uvarint(uint64(d - prev))
		prev = d
	}
	e.uvarint(uint64(len(m.history)))
	for _, h := range m.history {
		e.uvarint(h.Seq)
		e.uvarint(uint64(h.Time.Unix()))
		e.uvarint(uint64(h.Added))
		e.uvarint(uint64(h.Replaced))
		e.uvarint(uint64(h.Removed))
		e.uvarint(uint64(h.Live))
	}
	return e.b
}

// decodeManifest decodes a manifest of format version v.
func decodeManifest(b []byte, v int) (*manifest, error) {
	d := decoder{b: b}
	m := &manifest{}
	p := &m.params
	p.Shingle = d.int()
	p.NumPerm = d.int()
	p.Window = d.int()
	p.Bands.Bands = d.int()
	p.Bands.Rows = d.int()
	p.Threshold = math.Float64frombits(d.u64())
	p.NoReuse = d.bool()
	if v < 2 {
		p.HTMLTextUnrecorded = true
	} else {
		switch h := d.uvarint(); {
		case h == htmlTextUnrecorded && v >= 3:
			p.HTMLTextUnrecorded = true
		case h > uint64(input.HTMLAll) && d.err == nil:
			return nil, fmt.Errorf("unknown HTML text %d", h)
		default:
			p.HTMLText = input.HTMLText(h)
		}
	}
	if v >= 4 {
		p.Rewrite = d.bool()
	}
	n := d.count(1)
	m.sources = make([]string, n)
	for i := range m.sources {
		m.sources[i] = d.string()
	}
	m.nextDoc = d.u32()
	m.live = d.uvarint()
	m.deadBytes = d.uvarint()
	m.textBytes = d.uvarint()
	n = d.count(10)
	m.chunks = make([]chunk, n)
	for i := range m.chunks {
		c := &m.chunks[i]
		c.first, c.n, c.seq = d.u32(), d.u32(), d.uvarint()
		c.textsOff, c.textsLen, c.recsOff, c.recsLen, c.tableOff = d.uvarint(), d.uvarint(), d.uvarint(), d.uvarint(), d.uvarint()
		c.srcOff, c.crc = d.uvarint(), d.u32()
	}
	kinds := postKinds
	switch {
	case v < 4:
		kinds = postSents // no sentence keys, no stories
	case v < 5:
		kinds = postStories // no stories
	}
	n = d.count(3 + 4*kinds)
	m.segments = make([]segment, n)
	for i := range m.segments {
		s := &m.segments[i]
		s.level, s.first, s.end = d.int(), d.u32(), d.u32()
		secs := s.sections()
		for _, sec := range secs[:kinds] {
			sec.off, sec.n, sec.crc, sec.fence = d.uvarint(), d.uvarint(), d.u32(), d.uvarint()
		}
		for _, sec := range secs[kinds:] { // arrays of later versions: empty
			*sec = section{off: dataOff, fence: dataOff}
		}
	}
	n = d.count(1)
	m.removed = make([]uint32, n)
	prev := uint32(0)
	for i := range m.removed {
		prev += d.u32()
		m.removed[i] = prev
	}
	n = d.count(6)
	m.history = make([]CommitLog, n)
	for i := range m.history {
		h := &m.history[i]
		h.Seq = d.uvarint()
		h.Time = time.Unix(int64(d.uvarint()), 0).UTC()
		h.Added, h.Replaced, h.Removed, h.Live = d.int(), d.int(), d.int(), d.int()
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, fmt.Errorf("%d bytes left over", len(d.b))
	}
	return m, nil
}

// check validates the manifest against a file of committed length end: every section inside the
// data area, chunks and segments covering [0, nextDoc) in order, removals in range and ascending.
func (m *manifest) check(end uint64) error {
	p := m.params
	if p.Shingle < 1 || p.Shingle > 32 || p.NumPerm < 1 || p.NumPerm > 1024 || p.Window < 1 ||
		p.Bands.Bands < 1 || p.Bands.Rows < 1 || p.Bands.Bands*p.Bands.Rows > p.NumPerm ||
		!(p.Threshold > 0 && p.Threshold <= 1) {
		return fmt.Errorf("bad params %+v", p)
	}
	in := func(off, n uint64) bool { return off >= dataOff && n <= end && off <= end-n }
	next := uint32(0)
	for i, c := range m.chunks {
		if c.first != next || c.n == 0 {
			return fmt.Errorf("chunk %d starts at document %d, want %d", i, c.first, next)
		}
		next += c.n
		if !in(c.textsOff, c.textsLen) || !in(c.recsOff, c.recsLen) || !in(c.tableOff, 4*uint64(c.n+1)) || !in(c.srcOff, 4*uint64(c.n)) {
			return fmt.Errorf("chunk %d out of the file", i)
		}
	}
	if len(m.sources) == 0 || m.sources[0] != "" {
		return errors.New("source 0 is not the empty source")
	}
	if next != m.nextDoc {
		return fmt.Errorf("chunks hold %d documents, want %d", next, m.nextDoc)
	}
	next = 0
	for i := range m.segments {
		s := &m.segments[i]
		if s.first != next || s.end <= s.first {
			return fmt.Errorf("segment %d covers documents %d-%d, want from %d", i, s.first, s.end, next)
		}
		next = s.end
		for _, sec := range s.sections() {
			if sec.n > end/8 || !in(sec.off, 8*sec.n) || sec.off%8 != 0 || !in(sec.fence, 4*fences(sec.n)) {
				return fmt.Errorf("segment %d out of the file", i)
			}
		}
	}
	if next != m.nextDoc {
		return fmt.Errorf("segments cover %d documents, want %d", next, m.nextDoc)
	}
	for i, d := range m.removed {
		if d >= m.nextDoc || (i > 0 && d <= m.removed[i-1]) {
			return fmt.Errorf("removed document %d out of order or range", d)
		}
	}
	if m.live != uint64(m.nextDoc)-uint64(len(m.removed)) {
		return fmt.Errorf("%d live documents, want %d - %d removed", m.live, m.nextDoc, len(m.removed))
	}
	return nil
}

// record is a document as stored.
type record struct {
	doc     pipeline.Document // without Text, File and Line
	where   string
	words   int
	length  int // text bytes
	textCRC uint32
	exact   [2]uint64
	textOff uint64
	textLen uint64 // compressed
	bands   []uint32
	fps     []uint32
	sents   []uint32 // sentence keys (Params.Rewrite), sorted, unique; none before version 4
	story   string   // the story it was added in (Writer.SetStory), "" for none; none before version 5
}

// encode appends the record in the layout of format Version.
func (r *record) encode(e *encoder) {
	e.string(r.story) // first: Commit sets it in a record encoded before (withStories)
	e.string(r.doc.ID)
	e.string(r.doc.Source)
	e.string(r.doc.Title)
	e.string(r.doc.URL)
	e.string(r.doc.Author)
	e.string(r.where)
	if r.doc.Published.IsZero() {
		e.uvarint(0)
	} else {
		t, _ := r.doc.Published.MarshalBinary() // fails only for zone offsets that are not whole minutes
		e.uvarint(uint64(len(t)))
		e.b = append(e.b, t...)
	}
	e.uvarint(uint64(r.words))
	e.uvarint(uint64(r.length))
	e.fixed32(r.textCRC)
	e.u64(r.exact[0])
	e.u64(r.exact[1])
	e.uvarint(r.textOff)
	e.uvarint(r.textLen)
	e.uvarint(uint64(len(r.bands)))
	for _, k := range r.bands {
		e.fixed32(k)
	}
	e.uvarint(uint64(len(r.fps)))
	prev := uint32(0)
	for _, f := range r.fps {
		e.uvarint(uint64(f - prev))
		prev = f
	}
	e.uvarint(uint64(len(r.sents)))
	prev = 0
	for _, k := range r.sents {
		e.uvarint(uint64(k - prev))
		prev = k
	}
}

// appendPostings appends the record's postings, as document n, to post: its band keys,
// fingerprints, id, sentence keys and story.
func (r *record) appendPostings(post *[postKinds][]uint64, n uint32) {
	for _, k := range r.bands {
		post[postBands] = append(post[postBands], uint64(k)<<32|uint64(n))
	}
	for _, k := range r.fps {
		post[postFPs] = append(post[postFPs], uint64(k)<<32|uint64(n))
	}
	post[postIDs] = append(post[postIDs], uint64(idKey(r.doc.ID))<<32|uint64(n))
	for _, k := range r.sents {
		post[postSents] = append(post[postSents], uint64(k)<<32|uint64(n))
	}
	if r.story != "" {
		post[postStories] = append(post[postStories], storyPosting(r.story, n))
	}
}

// storyPosting is the posting of document n in a story.
func storyPosting(story string, n uint32) uint64 { return uint64(idKey(story))<<32 | uint64(n) }

// sentenceKeys returns the distinct keys of an analysis's sentence keys (their tags dropped),
// sorted: what a record stores.
func sentenceKeys(a pipeline.Analysis) []uint32 {
	if len(a.SentenceKeys) == 0 {
		return nil
	}
	ks := make([]uint32, len(a.SentenceKeys))
	for i, k := range a.SentenceKeys { // in the order of their sentences
		ks[i] = uint32(k >> 32)
	}
	slices.Sort(ks)
	return slices.Compact(ks)
}

// part says how much of a record to decode.
type part int

const (
	partMeta     part = iota // the metadata: everything but band keys and fingerprints
	partBands                // and the band keys
	partAll                  // and the fingerprints and sentence keys
	partBandKeys             // the band keys, and of the metadata only what is not a string
	partFPs                  // the fingerprints, and of the rest only what is not a string or a band key
)

// decodeRecord decodes a record of format version v, up to part.
func decodeRecord(b []byte, upTo part, v int) (record, error) {
	d := decoder{b: b}
	var r record
	// unrelated reads the band keys of a few thousand records per draft: with their strings
	// copied, reading them took 0.62 s of Related's 7.1 s for 200 drafts of c100k; 0.40 s not
	// Related reads the fingerprints of every candidate whose source has boilerplate: with the
	// strings, band keys and sentence keys decoded too, 5.0 of the 164 CPU seconds relating a
	// night of 100,000 news articles with an index of the 100,000 before
	skim := upTo == partBandKeys || upTo == partFPs
	str := func() string {
		if skim {
			d.bytes()
			return ""
		}
		return d.string()
	}
	if v >= 5 {
		r.story = str()
	}
	r.doc.ID = str()
	r.doc.Source = str()
	r.doc.Title = str()
	r.doc.URL = str()
	if v >= 3 {
		r.doc.Author = str()
	}
	r.where = str()
	if t := d.bytes(); len(t) > 0 && d.err == nil {
		if err := r.doc.Published.UnmarshalBinary(t); err != nil {
			return r, fmt.Errorf("published: %w", err)
		}
	}
	r.words = d.int()
	r.length = d.int()
	r.textCRC = d.fixed32()
	r.exact[0] = d.u64()
	r.exact[1] = d.u64()
	r.textOff = d.uvarint()
	r.textLen = d.uvarint()
	if upTo == partMeta {
		return r, d.err
	}
	n := d.count(4)
	if upTo == partFPs {
		for range n {
			d.fixed32()
		}
	} else {
		r.bands = make([]uint32, n)
		for i := range r.bands {
			r.bands[i] = d.fixed32()
		}
	}
	if upTo == partBands || upTo == partBandKeys {
		return r, d.err
	}
	n = d.count(1)
	r.fps = make([]uint32, n)
	prev := uint32(0)
	for i := range r.fps {
		prev += d.u32()
		r.fps[i] = prev
	}
	if upTo == partFPs {
		return r, d.err
	}
	if v >= 4 {
		n = d.count(1)
		r.sents = make([]uint32, n)
		prev = 0
		for i := range r.sents {
			prev += d.u32()
			r.sents[i] = prev
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("%d bytes left over", len(d.b))
	}
	return r, d.err
}

// idKey is the posting key of an id: 32 bits of its FNV-1a hash (stable across runs and machines).
func idKey(id string) uint32 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return uint32(h.Sum64() >> 32)
}

// encoder appends the encodings of values to b.
type encoder struct{ b []byte }

func (e *encoder) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) u64(v uint64)     { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *encoder) fixed32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v) }
func (e *encoder) string(s string)  { e.uvarint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// decoder reads values from b; the first problem sticks in err and later reads return zeros, so
// corrupt input gives an error, never a panic.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("truncated or corrupt %s", what)
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) u32() uint32 {
	v := d.uvarint()
	if v > math.MaxUint32 {
		d.fail("32-bit value")
		return 0
	}
	return uint32(v)
}

func (d *decoder) int() int {
	v := d.uvarint()
	if v > math.MaxInt32 {
		d.fail("count")
		return 0
	}
	return int(v)
}

// count reads a count of items that take at least min bytes each, so that a corrupt count cannot
// make a huge allocation.
func (d *decoder) count(min int) int {
	n := d.int()
	if n*min > len(d.b) {
		d.fail("count")
		return 0
	}
	return n
}

func (d *decoder) u64() uint64 {
	if len(d.b) < 8 {
		d.fail("uint64")
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *decoder) fixed32() uint32 {
	if len(d.b) < 4 {
		d.fail("uint32")
		return 0
	}
	v := binary.LittleEndian.Uint32(d.b)
	d.b = d.b[4:]
	return v
}

func (d *decoder) bool() bool {
	if len(d.b) < 1 {
		d.fail("bool")
		return false
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v != 0
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail("string")
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string { return string(d.bytes()) }
