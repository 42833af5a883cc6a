package pipeline

import (
	"encoding/binary"
	"slices"
	"sync"

	"github.com/spaolacci/murmur3"

	"github.com/neardup/neardup/internal/postings"
	"github.com/neardup/neardup/shingle"
)

// analysis is what the first pass keeps of one document: everything later stages need except
// the text, which is spooled to disk.
type analysis struct {
	words      int           // tokens
	exact      [2]uint64     // murmur3-128 of the shingle hash sequence: equal for exact duplicates
	bandKeys   []uint32      // one per LSH band
	fps        []uint32      // winnowed fingerprints, low 32 bits of their shingle hashes, sorted and deduplicated (unless Options.rawFingerprints)
	shingles   []byte        // with Options.spoolShingles, the spooled form (appendSpooled), then with Options.Rewrites the sentence record (from shingleBufs)
	nsh        int32         // how many shingle hashes shingles holds
	sketch     []sketchEntry // the context sample (context.go), unless NoReuse
	tau        [2]uint32     // its thresholds: names', other words'
	mins       []byte        // the low byte of each signature slot: the sketch the filter before verification reads (prefilter.go)
	size       setSize       // bounds of the size of the shingle set, as verification counts it
	sentKeys   []uint64      // the sentences' candidate keys for rewritten passages, with their sentences' tags (appendSentenceKeys), with Options.Rewrites
	sentCopies []uint64      // a key per sentence as written, with its tag (appendSentenceKeysCopies), with Options.Rewrites
	// sentBytes is the length of the sentence record (appendSentenceRecord) at the end of
	// shingles, with Options.Rewrites
	sentBytes int32
	// dfSlots are its counters in the document-frequency sketch (row<<dfBits | slot, sorted)
	// when its words are counted (counted)
	dfSlots []uint32
	// winnowed is how many fingerprints winnowing chose, repeats included (len(fps) with
	// Options.rawFingerprints): the count the evidence's rules read (Analysis.Winnowed)
	winnowed int32
}

// tokenCheckpoint is how many tokens lie between two checkpoints: the byte offsets, spooled with
// the shingle hashes, of tokens tokenCheckpoint, 2·tokenCheckpoint, … of a document. Tokenizing
// may start again at any token's first byte, so a view finds the tokens it needs (a passage's
// ends, a gap's words) by tokenizing the stretch between two checkpoints, not the whole text.
const tokenCheckpoint = 32

// maxDocBytes is the longest text a document may have: checkpoints are 32-bit offsets.
const maxDocBytes = 1<<32 - 1

// checkpoints returns how many token checkpoints a document of that many words has.
func checkpoints(words int) int { return max(words-1, 0) / tokenCheckpoint }

// shingleBufs recycles the buffers of analysis.shingles: Run's collector gives each back once it
// has written it to disk.
var shingleBufs sync.Pool

// analyzer holds one goroutine's reusable state for analyze.
type analyzer struct {
	opts   *Options
	signer *Signer
	tz     shingle.Tokenizer
	sh     []shingle.Shingle
	fp     []shingle.Shingle
	words  []uint64 // token hashes, for the context sample
	sk     []sketchEntry
	smp    sampler
	buf    []byte
	hs     postings.HashSorter
	seen   []uint64 // a bitmap of the shingles seen, for the size of the set
	sents  []sentence
	swords []uint32
	wc     *wordCache // sentencesOf's, made when first needed
}

func newAnalyzer(opts *Options, bands Bands) *analyzer {
	return &analyzer{opts: opts, signer: NewSigner(bands)}
}

// analyze tokenizes, shingles, signs and fingerprints one text. It is a pure function of the text
// and the options (the analyzer only lends buffers).
func (z *analyzer) analyze(text string) analysis {
	toks := z.tz.Tokenize(text)
	var a analysis
	a.words = len(toks)
	if z.opts.NoReuse {
		z.sh = shingle.AppendHashes(z.sh[:0], toks, z.opts.Shingle)
	} else {
		z.sh, z.words = shingle.AppendHashesWords(z.sh[:0], z.words[:0], toks, z.opts.Shingle)
	}
	if len(z.sh) == 0 {
		return a
	}
	// exact duplicates have the same token sequence, so the same shingle sequence: hashing the
	// shingles spares hashing every token a second time
	z.buf = slices.Grow(z.buf[:0], 8*len(z.sh))
	for _, sh := range z.sh {
		z.buf = binary.LittleEndian.AppendUint64(z.buf, sh.Hash)
	}
	a.exact[0], a.exact[1] = murmur3.Sum128WithSeed(z.buf, shingle.Seed)
	if !z.opts.NoReuse && counted(a.exact) {
		a.dfSlots = appendDFSlots(nil, z.words, toks)
	}
	sig := z.signer.Sign(z.sh)
	a.bandKeys = z.signer.AppendBandKeys(make([]uint32, 0, z.signer.bands.Bands), sig)
	a.mins = appendMinBytes(make([]byte, 0, len(sig)), sig)
	a.size, z.seen = sizeOf(z.sh, z.seen)
	if !z.opts.NoReuse {
		z.fp = shingle.AppendWinnow(z.fp[:0], z.sh, z.opts.Window)
	}
	if z.opts.Rewrites() {
		if z.wc == nil {
			z.wc = new(wordCache)
		}
		var hashes []uint64 // the token hashes, which hashing the shingles gave
		if len(z.words) == len(toks) {
			hashes = z.words
		}
		z.sents, z.swords = sentencesOf(text, toks, hashes, z.sents[:0], z.swords, z.wc)
		a.sentKeys, a.sentCopies = appendSentenceKeysCopies(nil, nil, z.sents)
	}
	if z.opts.spoolShingles {
		// the spooled form (spooled): the low 32 bits of each hash, which is all that comparing
		// needs (a false match of two shingles of two texts is one in four billion), the
		// fingerprints as a bitmap of positions, and the token checkpoints, in a buffer the
		// collector hands back once it is written
		var buf []byte
		if b, _ := shingleBufs.Get().(*[]byte); b != nil {
			buf = (*b)[:0]
		}
		a.shingles, a.nsh = appendSpooled(buf, z.sh, z.fp, toks), int32(len(z.sh))
		if z.opts.Rewrites() {
			// and the sentences, which comparing reads back rather than tokenizing, stemming
			// and hashing the text again (appendSentenceRecord)
			n := len(a.shingles)
			a.shingles = appendSentenceRecord(a.shingles, z.sents)
			a.sentBytes = int32(len(a.shingles) - n)
		}
	}
	if !z.opts.NoReuse {
		z.sk, a.tau = z.smp.sample(z.sk[:0], text, z.words, toks, z.fp, z.opts.Shingle)
		a.sketch = slices.Clone(z.sk)
		a.winnowed = int32(len(z.fp))
		a.fps = make([]uint32, 0, len(z.fp))
		for _, f := range z.fp {
			a.fps = append(a.fps, uint32(f.Hash))
		}
		if !z.opts.rawFingerprints {
			a.fps = sortUnique32(a.fps, &z.hs)
		}
	}
	return a
}

// sortUnique32 sorts s (hashes) in place with hs and removes duplicates.
func sortUnique32(s []uint32, hs *postings.HashSorter) []uint32 {
	hs.Sort32(s)
	if len(s) < 2 {
		return s
	}
	out := s[:1]
	for _, v := range s[1:] {
		if v != out[len(out)-1] {
			out = append(out, v)
		}
	}
	return out
}

// appendSpooled appends to buf the spooled form of a document: the low 32 bits of each shingle
// hash, little-endian; a bitmap of the positions of the fingerprints (one bit a shingle, from
// the low bit of the first byte); the byte offsets of the token checkpoints, 4 bytes each.
func appendSpooled(buf []byte, sh, fps []shingle.Shingle, toks []shingle.Token) []byte {
	n := len(sh)
	buf = slices.Grow(buf, 4*n+(n+7)/8+4*checkpoints(len(toks)))
	for _, x := range sh {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(x.Hash))
	}
	bits := len(buf)
	buf = buf[:bits+(n+7)/8]
	clear(buf[bits:])
	for _, f := range fps {
		buf[bits+f.Pos/8] |= 1 << (f.Pos % 8)
	}
	for k := tokenCheckpoint; k < len(toks); k += tokenCheckpoint {
		buf = binary.LittleEndian.AppendUint32(buf, uint32(toks[k].Start))
	}
	return buf
}

// spooledLen is the length of the spooled form of n shingles, without the checkpoints.
func spooledLen(n int) int { return 4*n + (n+7)/8 }

// spooledShingles is the number of shingles whose spooled form, without the checkpoints, is size
// bytes long.
func spooledShingles(size int) int {
	n := 8 * size / 33 // 4 bytes and a bit each, and up to 7 bits more
	for spooledLen(n) < size {
		n++
	}
	return n
}
