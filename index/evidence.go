package index

// Boilerplate against the index. Run finds a source's boilerplate from the whole corpus (see
// package pipeline); against the index, the corpus is the indexed documents and the draft. A
// fingerprint is boilerplate of a source when Boilerplate (3) or more unrelated documents of that
// source hold it. Unrelated is judged from the LSH band keys: copies (near-duplicates) share
// about 4 of 35 band keys at Jaccard 0.5, and 94% of such pairs share two or more, against 3% of
// texts at Jaccard 0.2; so documents sharing two band keys count as one. Only the first
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
)

// bpMaxCheck is how many documents of one source holding a fingerprint are compared to tell
// copies from unrelated documents.
const bpMaxCheck = 10

// draftEvidence is what Candidates learnt about a draft's fingerprints.
type draftEvidence struct {
	src    uint32              // the draft's source number (noSource when no indexed document has it)
	boiler map[uint32][]uint32 // draft fingerprint: the sources (ascending) whose boilerplate it is
}

// bad reports whether fingerprint f is boilerplate of source a or b.
func (ev *draftEvidence) bad(f uint32, a, b uint32) bool {
	bs := ev.boiler[f]
	return len(bs) > 0 && (slices.Contains(bs, a) || slices.Contains(bs, b))
}

// sourceCounts is scratch space for boilerSources, kept for one draft: documents per source
// number, and what unrelated learnt. A draft's fingerprints come in runs held by the same
// documents (a recurring paragraph gives a dozen fingerprints with one posting list), so unrelated
// keeps each document's sorted band keys and its answer for each set of documents: before, it
// read and sorted the band keys again, and compared them pairwise again, for every fingerprint:
// 0.79 s of 1.32 s in Related for 10 drafts of the bench kit's c100k, 0.13 s of 0.62 s now.
type sourceCounts struct {
	n        []int32
	touched  []uint32
	srcs     []uint32
	isBoiler []bool // by source number: scratch for candidates, all false between uses

	bands      map[uint32][]uint32 // a document's band keys, sorted
	draftBands []uint32            // the draft's, sorted
	groups     map[string]bool     // unrelated's answer by its documents (and the draft)
	key        []byte
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
	if len(sc.n) < len(r.m.sources) {
		sc.n = make([]int32, len(r.m.sources))
	}
	// count the documents of each source: docs ascend, so the chunks are walked along with them
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
	var out []uint32
	for _, s := range sc.touched {
		indexed := int(sc.n[s])
		sc.n[s] = 0
		n := indexed
		var bands []uint32
		if s == draftSrc {
			bands = draftBands
			n++
		}
		if n < boilerplate {
			continue
		}
		if indexed <= bpMaxCheck { // few: are they copies of each other?
			var ds []uint32
			for i, d := range docs {
				if sc.srcs[i] == s {
					ds = append(ds, d)
				}
			}
			if !r.unrelated(ds, bands, boilerplate, sc) {
				continue
			}
		}
		out = append(out, s)
	}
	sc.touched = sc.touched[:0]
	slices.Sort(out)
	return out
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
			slices.Sort(bands)
			sc.bands[d] = bands
		}
		sets = append(sets, bands)
	}
	if draftBands != nil {
		if sc.draftBands == nil {
			sc.draftBands = sortedCopy(draftBands)
		}
		sets = append(sets, sc.draftBands)
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
				copies = sharesTwo(sets[i], sets[j])
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

func sortedCopy(s []uint32) []uint32 {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// sharesTwo reports whether two sorted slices have two or more values in common (a value
// repeated in both counts as often as it is in both).
func sharesTwo(a, b []uint32) bool {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			if n++; n == 2 {
				return true
			}
			i++
			j++
		}
	}
	return false
}
