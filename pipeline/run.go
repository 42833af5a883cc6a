package pipeline

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"
	"unsafe"

	"github.com/neardup/neardup/internal/offheap"
	"github.com/neardup/neardup/internal/postings"
)

// ErrStrict is returned by Run when Options.Strict is set and a record is bad.
var ErrStrict = errors.New("pipeline: bad record in strict mode")

// docInfo is what a run keeps in memory of one document.
type docInfo struct {
	id, source, title, url string
	author                 string
	published              time.Time
	file                   string
	line                   int
	words                  int
	off                    int64 // text in the spool
	length                 int
	hoff                   int64   // shingle hashes in the hash spool, then token checkpoints, then sentences
	shingles               int32   // how many hashes
	fps                    int32   // how many fingerprints (with repeats)
	group                  int32   // first document of its exact-duplicate group (itself if none)
	src                    int32   // source number (corpus.sources); 0 for none
	size                   setSize // bounds of the size of the shingle set (analysis.size)
	sentBytes              int32   // the length of its sentence record in the hash spool (analysis.sentBytes)
}

// corpus is the state the first pass builds, owned by the collecting goroutine.
type corpus struct {
	opts *Options
	// checking is set for a Comparer's comparisons (a check), which report what a draft took as
	// it took it: rewritten passages take in nothing either text quotes or the draft credits
	// (givenSpans), nor verbatim pieces joined over the draft's own words, and need a reworded
	// sentence beyond the verbatim text
	checking bool
	bands    Bands
	docs     []docInfo
	ids      map[string]int
	exact    map[[2]uint64]int32
	// sources numbers the sources as first seen, from 1; sourceNum maps them back
	sources   []string
	sourceNum map[string]int32
	spool     *spool
	hashes    *spool // every document's shingle hashes, 8 bytes each, little-endian
	analyses  *spool // with Options.KeepAnalyses, every document's record (appendAnalyzed), else nil
	anBuf     []byte // the record being written
	// Postings packed as key<<32 | document: every band key, and every fingerprint, of the
	// first document of each exact-duplicate group. Run's corpus has them (newPostings); a
	// Comparer's has none: a List is 37 KB, and a corpus of four made for every pair compared
	// was 62 of the 109 GB allocated relating a night of 100,000 news articles with an index of
	// the 100,000 before (24 of its 220 CPU seconds collecting garbage).
	bandPost *postings.List
	fpPost   *postings.List
	// sentPost holds the sentence keys of rewritten passages (appendSentenceKeys, AddTagged), and rw, once
	// read, the pairs they make candidates of (sorted a<<32|b)
	sentPost *postings.List
	// copyPost holds a key for each sentence as written (appendSentenceKeysCopies), for rewriteCandidates
	// to tell the sentences two documents both hold from rewritten ones
	copyPost *postings.List
	rw       []uint64
	rwOnly   []uint64        // of rw, the pairs no other signal made candidates (rewriteOnly)
	mins     sketches        // every document's b-bit sketch (analysis.mins), in document order
	pool     *postings.Pool  // the postings' chunks, and then the pair lists'
	spill    *postings.Spill // the postings of reuse, until read, unless NoReuse
	ctx      contexts        // the context samples, unless NoReuse
	wt       *weigher        // word weights, once the first pass is over
	df       DFCounts        // the document frequencies of the documents filed, unless NoReuse
	shared   *fpBits         // fingerprints held by two or more groups of documents, once known
	// evMem holds the evidence's arrays (evidence: the docsets, the boilerplate, the sets of
	// fingerprints, shared's too) off the heap in Run, from the evidence stage to the end of
	// relate, when Run releases it (releaseEvidence); nil, the heap, elsewhere
	evMem *offheap.Arena
	// owned keeps the documents' own words once found (ownWords), for Run's aligning and
	// clustering; nil elsewhere (a Comparer's corpus grows between comparisons)
	owned *ownWords
	// storyPairs are the candidate pairs a story's docset made (textStory), a<<32 | b, sorted
	storyPairs []uint64
	// series is each document's source's template series (seriesKeys, series.go), 0 for none;
	// nil when no document has one
	series []int32
	stats  Stats
}

// Run reads the inputs, finds exact duplicates, near-duplicates and (unless NoReuse) reuse, and
// returns the clusters of related documents. Records that cannot be read are reported through
// Options.OnRecordError and skipped, or with Strict end the run with an error wrapping ErrStrict.
func Run(ctx context.Context, inputs []string, stdin io.Reader, opts Options) (*Result, error) {
	start := time.Now()
	opts.SetDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	// the postings sort them, and groups drops repeats; kept analyses (EachAnalyzed) are given back
	// as an Analyzer gives them, sorted on the reading workers, not on Run's one collecting
	// goroutine (appendAnalyzed)
	opts.rawFingerprints = !opts.KeepAnalyses
	// Keeping the shingle hashes on disk costs a write of every document's (8 bytes a word),
	// which pays when many documents are read back: with reuse, every document of a candidate
	// pair is, once to verify and once to align (half the corpus at 200k synthetic articles).
	// With NoReuse only the LSH candidates are, and the write costs about what it saves.
	opts.spoolShingles = !opts.NoReuse
	sp, err := newSpool(opts.TempDir, "text spool")
	if err != nil {
		return nil, err
	}
	keep := false
	defer func() {
		if !keep {
			sp.close()
		}
	}()
	var asp *spool
	if opts.KeepAnalyses {
		if asp, err = newSpool(opts.TempDir, "analysis spool"); err != nil {
			return nil, err
		}
		defer func() {
			if !keep {
				asp.close()
			}
		}()
	}
	var hsp *spool
	if opts.spoolShingles {
		if hsp, err = newSpool(opts.TempDir, "hash spool"); err != nil {
			return nil, err
		}
		defer hsp.close() // comparing is over when Run returns
	}
	c := &corpus{
		opts:     &opts,
		bands:    ChooseBands(opts.Threshold, opts.NumPerm),
		ids:      make(map[string]int),
		exact:    make(map[[2]uint64]int32),
		spool:    sp,
		hashes:   hsp,
		analyses: asp,
		stats:    Stats{SkipReasons: map[string]int{}, PairsBy: map[Relation]int{}},
	}
	c.newPostings()
	c.stats.Bands = c.bands
	c.mins.k = c.bands.Bands * c.bands.Rows
	c.stats.BandProb = c.bands.Prob(opts.Threshold)
	// the postings' chunks, off the heap (postings.NewPool), until every list made of them is read
	c.pool = postings.NewPool()
	c.bandPost.Pool, c.fpPost.Pool, c.sentPost.Pool, c.copyPost.Pool = c.pool, c.pool, c.pool, c.pool
	defer c.releaseChunks() // if relate did not get that far
	if !opts.NoReuse {
		// the postings that reuse adds (fingerprints, sentence keys) in a file of their own until
		// they are read: all of them at once were the run's peak of memory (postings.Spill). The
		// band keys, a few per document and read first, stay in memory.
		if c.spill, err = postings.NewSpill(opts.TempDir, "postings spill"); err != nil {
			return nil, err
		}
		defer c.spill.Close()
		c.fpPost.Spill, c.sentPost.Spill, c.copyPost.Spill = c.spill, c.spill, c.spill
		// the evidence, held through aligning, where the heap peaked, until the recurring
		// passages are made: off the heap it counts once, not twice (the collector's growth).
		// c20k's peak RSS 161-164 -> 154-158 MB, now the evidence stage's
		if !opts.keepEvidence {
			c.evMem = new(offheap.Arena)
			if opts.mapAllEvidence {
				c.evMem.Min = 1
			}
			defer c.releaseEvidence()
		}
	}
	t := time.Now()
	if err := c.read(ctx, inputs, stdin); err != nil {
		return nil, err
	}
	if err := sp.seal(); err != nil {
		return nil, err
	}
	if err := c.spill.Err(); err != nil {
		return nil, err
	}
	if hsp != nil {
		if err := hsp.seal(); err != nil {
			return nil, err
		}
	}
	if asp != nil {
		if err := asp.seal(); err != nil {
			return nil, err
		}
	}
	c.stage("read, tokenize, sign", t)
	res, err := c.relate(ctx)
	if err != nil {
		return nil, err
	}
	res.Stats.Elapsed = time.Since(start)
	res.wt = c.wt
	ids := c.ids
	res.ids = make([]string, len(c.docs)) // each once: Each skips an id read again
	for i := range c.docs {
		res.ids[i] = c.docs[i].id
		if c.series != nil && c.series[i] != 0 {
			if res.series == nil {
				res.series = map[string]string{}
			}
			res.series[c.docs[i].id] = SeriesTitle(c.docs[i].title)
		}
	}
	// where each text lies in the spool, all the readers below need of the documents' table
	// (the members carry the rest): the table, grown by doubling, was 5.2 MB at c20k held
	// while the report was written
	type spooled struct {
		off    int64
		length int
	}
	docs := make([]spooled, len(c.docs))
	for i := range c.docs {
		docs[i] = spooled{c.docs[i].off, c.docs[i].length}
	}
	// doc finds a document of the run by id, for the readers below
	doc := func(id string) (*spooled, error) {
		i, ok := ids[id]
		if !ok {
			return nil, fmt.Errorf("text of %q: no such document", id)
		}
		return &docs[i], nil
	}
	res.texts = func(id string) (string, error) {
		d, err := doc(id)
		if err != nil {
			return "", err
		}
		return sp.read(d.off, d.length)
	}
	res.span = func(id string, start, end int) (string, error) {
		d, err := doc(id)
		if err != nil {
			return "", err
		}
		if err := checkSpan(id, d.length, start, end); err != nil {
			return "", err
		}
		return sp.read(d.off+int64(start), end-start)
	}
	res.textInto = func(id string, buf []byte) ([]byte, error) {
		d, err := doc(id)
		if err != nil {
			return nil, err
		}
		return sp.readInto(buf, d.off, d.length)
	}
	res.spool, res.analyses = sp, asp
	res.close = func() error {
		sp.close()
		if asp != nil {
			asp.close()
		}
		return nil
	}
	// the near-duplicate pairs' changes are made with the texts these read (without reuse, no
	// passages anchor them: none)
	res.changes = !opts.NoReuse
	keep = true
	return res, nil
}

// newPostings gives the corpus its lists of postings, empty, for a run's first pass.
func (c *corpus) newPostings() {
	c.bandPost, c.fpPost, c.sentPost, c.copyPost = new(postings.List), new(postings.List), new(postings.List), new(postings.List)
}

func (c *corpus) stage(name string, since time.Time) {
	c.stats.Stages = append(c.stats.Stages, StageTime{Stage: name, Time: time.Since(since)})
	c.stageDone(c.stats.Stages[len(c.stats.Stages)-1])
}

// read is the first pass (Each): documents are filed in input order.
func (c *corpus) read(ctx context.Context, inputs []string, stdin io.Reader) error {
	st, err := Each(ctx, inputs, stdin, *c.opts, nil, c.file)
	c.stats.Docs, c.stats.Bytes, c.stats.Warnings = st.Docs, st.Bytes, st.Warnings
	c.stats.Skipped, c.stats.SkipReasons = st.Skipped, st.SkipReasons
	return err
}

// file adds one document to the corpus, in input order.
func (c *corpus) file(it *Item[struct{}]) error {
	d, a := &it.Doc, &it.Analysis
	n := len(c.docs)
	if n >= postings.MaxDocs {
		return fmt.Errorf("more than %d documents: split the input", postings.MaxDocs-1)
	}
	off, err := c.spool.write(d.Text)
	if err != nil {
		return err
	}
	if c.analyses != nil {
		c.anBuf = appendAnalyzed(c.anBuf[:0], d, off, a)
		if _, err := c.analyses.writeBytes(c.anBuf); err != nil {
			return err
		}
	}
	var hoff int64
	nsh := a.nsh
	if h := a.shingles; h != nil {
		if hoff, err = c.hashes.writeBytes(h); err != nil {
			return err
		}
		shingleBufs.Put(&h)
		a.shingles = nil
	}
	c.ids[d.ID] = n
	c.df.Add(a.dfSlots)
	group, seen := c.exact[a.Exact]
	if !seen {
		group = int32(n)
		c.exact[a.Exact] = group
	}
	// sources are numbered as first seen, and each document shares its source's one string
	src := int32(0)
	if d.Source != "" {
		if c.sourceNum == nil {
			c.sourceNum, c.sources = map[string]int32{}, []string{""}
		}
		var ok bool
		if src, ok = c.sourceNum[d.Source]; !ok {
			src = int32(len(c.sources))
			c.sources = append(c.sources, d.Source)
			c.sourceNum[d.Source] = src
		}
		d.Source = c.sources[src]
	}
	// doubling: append grows a large slice by a quarter, and each copy of these (pointers
	// and all, under the collector's write barriers) cost 0.5 of the serial goroutine's 4.4 CPU
	// seconds at 200,000 articles
	c.docs = append(grow2(c.docs, 1), docInfo{
		id: d.ID, source: d.Source, title: d.Title, url: d.URL, author: d.Author, published: d.Published,
		file: d.File, line: d.Line, words: a.Words, off: off, length: len(d.Text), group: group, src: src,
		hoff: hoff, shingles: nsh, fps: int32(len(a.Fingerprints)), size: a.size, sentBytes: a.sentBytes,
	})
	c.mins.add(a.mins)
	if !c.opts.NoReuse {
		c.ctx.add(a.sketch, a.tau)
	}
	if seen {
		return nil // an exact duplicate: its group's first document stands for it
	}
	c.bandPost.AddDoc(a.BandKeys, uint32(n))
	c.fpPost.AddDoc(a.Fingerprints, uint32(n))
	c.sentPost.AddTagged(a.SentenceKeys, uint32(n), sentenceTagBits)
	c.copyPost.AddTagged(a.SentenceCopies, uint32(n), sentenceTagBits)
	return nil
}

// releaseChunks returns the memory of the postings' and pair lists' chunks (Pool.Release): once
// they are read, and before the stages that hold most else, so that the two never add up.
func (c *corpus) releaseChunks() {
	if c.pool == nil {
		return
	}
	c.pool.Release()
	c.pool, c.bandPost.Pool, c.fpPost.Pool, c.sentPost.Pool, c.copyPost.Pool = nil, nil, nil, nil, nil
}

// releaseEvidence unmaps the evidence's arrays (evMem) once relate is over: nothing reads the
// evidence after it, and the result holds none of it (its passages are copies).
func (c *corpus) releaseEvidence() {
	c.shared = nil // fingerprints off the heap: asked by nothing after relate
	c.evMem.Release()
	c.evMem = nil
}

func (c *corpus) where(i int) string {
	d := &c.docs[i]
	if d.line > 0 {
		return fmt.Sprintf("%s:%d", d.file, d.line)
	}
	return d.file
}

// spool keeps document texts (or, in a second spool, their shingle hashes) in a temporary file,
// so that memory holds only what comparing needs; only the documents of candidate pairs are read
// back. Texts are written through a buffer, which
// seal flushes once the first pass is over. (Mapping the file instead of reading it would spare
// a system call per text, but every page read would count in the process's resident memory.)
type spool struct {
	name string // for errors: "text spool", "hash spool"
	f    *os.File
	w    *bufio.Writer
	off  int64
}

func newSpool(dir, name string) (*spool, error) {
	f, err := os.CreateTemp(dir, "neardup-spool-*")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	os.Remove(f.Name()) // unlinked: the file goes away with the process, even on a crash
	return &spool{name: name, f: f, w: bufio.NewWriterSize(f, spoolBuffer)}, nil
}

// spoolBuffer is the size of a spool's write buffer: small enough to stay in a core's cache until
// the kernel copies it out. With 1 MiB the copy read it back from memory: writing 1,000 MB to
// ext4 took 0.54-0.99 s of system time with dd bs=1M and 0.24-0.32 s with 64K or 256K, and at
// 200,000 synthetic articles with --rewrite (1.3 GB spooled) a run's system time was 4.7-5.9 s
// with 1 MiB and 3.2-4.2 s with 64 KiB (three alternated runs each).
const spoolBuffer = 1 << 16

// write appends text and returns its offset.
func (s *spool) write(text string) (int64, error) { return s.wrote(s.w.WriteString(text)) }

// writeBytes appends b and returns its offset.
func (s *spool) writeBytes(b []byte) (int64, error) { return s.wrote(s.w.Write(b)) }

// wrote accounts for n bytes just written and returns where they start.
func (s *spool) wrote(n int, err error) (int64, error) {
	off := s.off
	s.off += int64(n)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", s.name, err)
	}
	return off, nil
}

// seal ends writing: it flushes the buffer, so that everything written can be read back.
func (s *spool) seal() error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return nil
}

// readInto reads n bytes at off into dst, grown as needed, and returns it.
func (s *spool) readInto(dst []byte, off int64, n int) ([]byte, error) {
	dst = slices.Grow(dst[:0], n)[:n]
	if _, err := s.f.ReadAt(dst, off); err != nil {
		return nil, fmt.Errorf("%s: %w", s.name, err)
	}
	return dst, nil
}

func (s *spool) read(off int64, n int) (string, error) {
	if n == 0 {
		return "", nil
	}
	b := make([]byte, n)
	if _, err := s.f.ReadAt(b, off); err != nil {
		return "", fmt.Errorf("%s: %w", s.name, err)
	}
	return unsafe.String(&b[0], n), nil // b is never written again
}

func (s *spool) close() { s.f.Close() }
