package index

// Boilerplate against the index. Run finds a source's boilerplate from the whole corpus (see
// package pipeline); against the index, the corpus is the indexed documents and the draft. A
// fingerprint is boilerplate of a source when Boilerplate (3) or more unrelated documents of that
// source hold it. Unrelated is judged from the LSH band keys: copies (near-duplicates) share
// about 4 of 35 band keys at Jaccard 0.5, and 94% of such pairs share two or more, against 3% of
// texts at Jaccard 0.2; so documents sharing two band keys (the keys of two bands) count as one. Only the first
// bpMaxCheck documents of a source are compared so; a source with more holding the fingerprint
// has it as boilerplate outright (one wire story reprinted ten times by the same outlet is rare;
// a newsletter box in thousands of its articles is not).
//
// Boilerplate makes no candidates, as in Run, and for a pair that shares boilerplate fingerprints
// pipeline.CompareWith is told which they are: it masks them as Run does. Jaccard and containment
// (and so the near-duplicate decision) are those of the whole texts, and coverage is a share of
// all their words, as in Run. Stock phrases are not detected against the index.

import (
	"encoding/binary"
	"slices"
	"sync"

	"github.com/neardup/neardup/pipeline"
)

// bpMaxCheck is how many documents of one source holding a fingerprint are compared to tell
// copies from unrelated documents.
const bpMaxCheck = 10

// draftEvidence is what Candidates learnt about a draft's fingerprints.
type draftEvidence struct {
	src    uint32              // the draft's source number (noSource when no indexed document has it)
	boiler map[uint32][]uint32 // draft fingerprint: the sources (ascending) whose boilerplate it is
	// recurring are the draft's fingerprints that recurringHolders or more live documents hold
	recurring []uint32
}

// bad reports whether fingerprint f is boilerplate of source a or b.
func (ev *draftEvidence) bad(f uint32, a, b uint32) bool {
	bs := ev.boiler[f]
	return len(bs) > 0 && (slices.Contains(bs, a) || slices.Contains(bs, b))
}

// sourceCounts is scratch space for boilerSources, kept for one draft: documents per source
// number, and what unrelated learnt. A draft's fingerprints come in runs held by the same
// documents (a recurring paragraph gives a dozen fingerprints with one posting list), so unrelated
// keeps each document's band keys and its answer for each set of documents: before, it
// read and sorted the band keys again, and compared them pairwise again, for every fingerprint:
// 0.79 s of 1.32 s in Related for 10 drafts of the bench kit's c100k, 0.13 s of 0.62 s now.
type sourceCounts struct {
	n        []int32
	touched  []uint32
	srcs     []uint32
	isBoiler []bool // by source number: scratch for candidates, all false between uses

	bands  map[uint32][]uint32 // a document's band keys
	groups map[string]bool     // unrelated's answer by its documents (and the draft)
	key    []byte
	// copies holds whether two documents (the draft is draftDoc) share two or more band keys,
	// by d1<<32|d2 (d1 < d2): the same documents meet again in the sets of many fingerprints,
	// whose answers groups cannot reuse when one document differs
	copies map[uint64]bool
	ids    []uint32
}

// draftDoc stands for the draft in sourceCounts.copies: no indexed document has its number.
const draftDoc = 1<<32 - 1

// boilerSources returns the sources, ascending, whose boilerplate a fingerprint held by the live
// documents docs (ascending) is, the draft counting as one more document of its source. When it
// returns some, sc.srcs[i] is the source number of docs[i].
func (r *Reader) boilerSources(docs []uint32, draftSrc uint32, draftBands []uint32, boilerplate int, sc *sourceCounts) []uint32 {
	if len(docs)+1 < boilerplate {
		return nil
	}
	r.countSources(docs, sc)
	var out []uint32
	for _, s := range sc.touched {
		indexed := int(sc.n[s])
		sc.n[s] = 0
		var ds []uint32 // its holders, when few enough to be compared and enough to count
		if indexed <= bpMaxCheck && indexed+1 >= boilerplate {
			for i, d := range docs {
				if sc.srcs[i] == s {
					ds = append(ds, d)
				}
			}
		}
		if r.isBoiler(indexed, ds, s == draftSrc, draftBands, boilerplate, sc) {
			out = append(out, s)
		}
	}
	sc.touched = sc.touched[:0]
	slices.Sort(out)
	return out
}

// seriesItems appends to items the live holders of fingerprint f of source src whose titles are
// of series (pipeline.SeriesTitle), and reports whether they are most of that source's live
// holders: then f is the fixed text of the series, which its items hold whatever they are about,
// not the source's boilerplate (pipeline's dropBoilerplate and joinSeries). Only an item of a
// series asks, reading the titles of its source's holders: at most maxSeriesHolders of them
// (text that more of a source's articles hold is its boilerplate), and no more once most are
// not the series'; the answer is kept for the night's other items of the series.
func (r *Reader) seriesItems(f uint32, src uint32, series string, items []uint32, ks *Keys) ([]uint32, bool, error) {
	key := seriesKey{f, src, series}
	if v, ok := r.series.Load(key); ok {
		found := v.([]uint32)
		return append(items, found...), found != nil, nil
	}
	var held []uint32
	for _, d := range r.holders(f, nil, ks) {
		if r.sourceOf(d) == src {
			held = append(held, d)
		}
	}
	var found []uint32
	if len(held) <= maxSeriesHolders {
		for k, d := range held {
			doc, err := r.Doc(d)
			if err != nil {
				return items, false, err
			}
			if pipeline.SeriesTitle(doc.Title) == series {
				found = append(found, d)
			} else if 2*(k+1-len(found)) >= len(held) {
				found = nil // half of them are not the series': it cannot be most
				break
			}
		}
		if 2*len(found) <= len(held) {
			found = nil
		}
	}
	r.series.Store(key, found)
	return append(items, found...), found != nil, nil
}

// seriesKey is what seriesItems keeps an answer by: a fingerprint, a source, a series.
type seriesKey struct {
	f, src uint32
	series string
}

// maxSeriesHolders is the most articles of its source holding a fingerprint whose titles
// seriesItems reads: a daily series' fixed text over three years.
const maxSeriesHolders = 1024

// isBoiler is the rule for one source: a fingerprint is its boilerplate when k or more of its
// documents hold it (indexed ones, and the draft when withDraft) and, if bpMaxCheck or fewer are
// indexed (holders), they and the draft (with its band keys draftBands) are unrelated.
func (r *Reader) isBoiler(indexed int, holders []uint32, withDraft bool, draftBands []uint32, k int, sc *sourceCounts) bool {
	n := indexed
	if withDraft {
		n++
	} else {
		draftBands = nil
	}
	return n >= k && (indexed > bpMaxCheck || r.unrelated(holders, draftBands, k, sc))
}

// countSources sets sc.srcs[i] to the source number of docs[i] (ascending), and sc.n[s] to
// how many of docs are of source s, for each s in sc.touched (the valid sources met, in order
// of meeting). The caller resets sc.n and sc.touched.
func (r *Reader) countSources(docs []uint32, sc *sourceCounts) {
	if len(sc.n) < len(r.m.sources) {
		sc.n = make([]int32, len(r.m.sources))
	}
	// docs ascend, so the chunks are walked along with them
	sc.srcs = slices.Grow(sc.srcs[:0], len(docs))[:len(docs)]
	ci := 0
	for i, d := range docs {
		for r.m.chunks[ci].first+r.m.chunks[ci].n <= d {
			ci++
		}
		c := &r.m.chunks[ci]
		s := binary.LittleEndian.Uint32(r.data[c.srcOff+4*uint64(d-c.first):])
		sc.srcs[i] = s
		if s == 0 || int(s) >= len(r.m.sources) {
			continue
		}
		if sc.n[s] == 0 {
			sc.touched = append(sc.touched, s)
		}
		sc.n[s]++
	}
}

// unrelated reports whether docs and, if draftBands is not nil, the draft make k or more groups
// of copies: documents that share two or more LSH band keys are copies of each other. sc keeps
// what it learns for the next call of the same draft: each document's band keys, the answer for
// a set of documents, and whether two documents are copies (a recurring paragraph's
// fingerprints are held by sets of documents that differ by one or two, which meet the same
// pairs again).
func (r *Reader) unrelated(docs []uint32, draftBands []uint32, k int, sc *sourceCounts) bool {
	sc.key = sc.key[:0]
	for _, d := range docs {
		sc.key = binary.LittleEndian.AppendUint32(sc.key, d)
	}
	if draftBands != nil {
		sc.key = append(sc.key, 1)
	}
	if ok, found := sc.groups[string(sc.key)]; found {
		return ok
	}
	if sc.bands == nil {
		sc.bands, sc.groups, sc.copies = map[uint32][]uint32{}, map[string]bool{}, map[uint64]bool{}
	}
	var sets [][]uint32
	ids := append(sc.ids[:0], docs...)
	for _, d := range docs {
		bands, ok := sc.bands[d]
		if !ok {
			rec, err := r.record(d, partBandKeys)
			if err != nil {
				return false // a corrupt record: no evidence
			}
			bands = rec.bands
			sc.bands[d] = bands
		}
		sets = append(sets, bands)
	}
	if draftBands != nil {
		sets = append(sets, draftBands)
		ids = append(ids, draftDoc)
	}
	sc.ids = ids
	group := make([]int, len(sets))
	for i := range group {
		group[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		if group[x] != x {
			group[x] = find(group[x])
		}
		return group[x]
	}
	groups := len(sets)
	for i := 0; i < len(sets) && groups >= k; i++ { // fewer than k groups stay fewer
		for j := i + 1; j < len(sets) && groups >= k; j++ {
			if find(i) == find(j) {
				continue
			}
			key := uint64(ids[i])<<32 | uint64(ids[j]) // docs ascend, and the draft is last
			copies, ok := sc.copies[key]
			if !ok {
				copies = sameBands(sets[i], sets[j])
				sc.copies[key] = copies
			}
			if copies {
				group[find(j)] = find(i)
				groups--
			}
		}
	}
	sc.groups[string(sc.key)] = groups >= k
	return groups >= k
}

// sameBands reports whether two documents' band keys, in band order as
// pipeline.Signer.AppendBandKeys makes them, agree in two or more bands. Each key mixes in its
// band's number, so one band's key equal to another band's is a collision of 32-bit hashes,
// not a shared band: the keys are compared band by band, with no sorting (sorting each
// document's keys and intersecting them was a quarter of a long draft's check).
func sameBands(a, b []uint32) bool {
	n := 0
	for i := range min(len(a), len(b)) {
		if a[i] == b[i] {
			if n++; n == 2 {
				return true
			}
		}
	}
	return false
}

// A fingerprint held by many documents (a phrase of a thousand e-mails, a paragraph of a
// template) is looked up again by every draft that has it, and counting its holders by source
// was most of a long draft's check: of the bench kit's c100k, 4% of a long draft's fingerprints
// held 93% of the postings it read (26,000 documents each). What boilerSources learns of such a
// list that does not depend on the draft is kept by the Reader (the index does not change under
// it), and each later draft only decides its own source's part.

// hotMin is how many live holders make a fingerprint's list worth keeping (a variable for the
// tests); hotMaxBytes bounds the memory of the lists a Reader keeps (about: their slices'
// contents), after which it keeps no more.
var (
	hotMin      = 32
	hotMaxBytes = 64 << 20
)

// hotList is a fingerprint's holders, by source.
type hotList struct {
	n       int        // live holders
	k       int        // the boilerplate count the verdicts are for
	srcs    []uint32   // the holders' sources, ascending (source 0 and unknown ones left out)
	counts  []int32    // holders of each
	docs    [][]uint32 // the holders of each, when a draft may find it not boilerplate (else nil)
	verdict []bool     // whether the fingerprint is the source's boilerplate for a draft of another source
	other   []uint32   // holders without a known source, ascending; nil when more than hotMaxOther
	nOther  int
}

// bytes is about how much memory the list holds.
func (h *hotList) bytes() int {
	n := 64 + 33*len(h.srcs) + 4*len(h.other)
	for _, d := range h.docs {
		n += 4 * len(d)
	}
	return n
}

// hotMaxOther is how many holders without a source a hot list keeps.
const hotMaxOther = 1024

// hotCache is a Reader's hot lists, by fingerprint.
type hotCache struct {
	mu    sync.Mutex
	lists map[uint32]*hotList
	bytes int
}

func (c *hotCache) get(f uint32, k int) *hotList {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h := c.lists[f]; h != nil && h.k == k {
		return h
	}
	return nil
}

func (c *hotCache) put(f uint32, h *hotList) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lists == nil {
		c.lists = map[uint32]*hotList{}
	}
	if _, ok := c.lists[f]; !ok && c.bytes+h.bytes() <= hotMaxBytes {
		c.lists[f] = h
		c.bytes += h.bytes()
	}
}

// newHotList summarises the live holders docs (ascending) of a fingerprint for boilerplate k.
func (r *Reader) newHotList(docs []uint32, k int, sc *sourceCounts) *hotList {
	r.countSources(docs, sc)
	h := &hotList{n: len(docs), k: k, srcs: slices.Clone(sc.touched)}
	slices.Sort(h.srcs)
	sc.touched = sc.touched[:0]
	h.counts, h.docs, h.verdict = make([]int32, len(h.srcs)), make([][]uint32, len(h.srcs)), make([]bool, len(h.srcs))
	// a source's holders are kept when a draft may find the fingerprint not its boilerplate
	// (fewer than k, or few enough to be compared): the candidates are among them
	keep := int32(max(bpMaxCheck, k-1))
	for j, s := range h.srcs {
		h.counts[j] = sc.n[s]
		sc.n[s] = int32(j) // now where the source is in h.srcs
	}
	for i, d := range docs {
		s := sc.srcs[i]
		if s == 0 || int(s) >= len(r.m.sources) {
			if h.nOther++; h.nOther <= hotMaxOther {
				h.other = append(h.other, d)
			}
			continue
		}
		if j := sc.n[s]; h.counts[j] <= keep {
			h.docs[j] = append(h.docs[j], d)
		}
	}
	if h.nOther > hotMaxOther {
		h.other = nil
	}
	for j, s := range h.srcs {
		sc.n[s] = 0
		indexed := int(h.counts[j])
		h.verdict[j] = r.isBoiler(indexed, h.docs[j], false, nil, k, sc)
	}
	return h
}

// hotBoilerSources is Reader.boilerSources for the list's fingerprint: the draft's own source
// is decided with the draft, the others as kept. It also returns how many holders are of none
// of those sources, and them, ascending, when there are at most max and the list has them all
// (ok false: it does not).
func (r *Reader) hotBoilerSources(h *hotList, draftSrc uint32, draftBands []uint32, max int, sc *sourceCounts) (out []uint32, kept int, docs []uint32, ok bool) {
	kept = h.n
	boiler := make([]bool, len(h.srcs))
	for j, s := range h.srcs {
		b := h.verdict[j]
		if s == draftSrc {
			indexed := int(h.counts[j])
			b = r.isBoiler(indexed, h.docs[j], true, draftBands, h.k, sc)
		}
		if b {
			boiler[j] = true
			out = append(out, s)
			kept -= int(h.counts[j])
		}
	}
	if kept > max {
		return out, kept, nil, true
	}
	if h.nOther > 0 && h.other == nil {
		return out, kept, nil, false
	}
	docs = append(docs, h.other...)
	for j := range h.srcs {
		if !boiler[j] {
			if h.docs[j] == nil {
				return out, kept, nil, false
			}
			docs = append(docs, h.docs[j]...)
		}
	}
	slices.Sort(docs)
	return out, kept, docs, true
}
