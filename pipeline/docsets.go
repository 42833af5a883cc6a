package pipeline

import (
	"slices"

	"github.com/spaolacci/murmur3"
	"unsafe"
)

// docsets gathers the fingerprints held by three or more groups of documents by the exact set of
// documents that hold them: a passage that recurs in the same documents yields one docset, weighed
// once, not once per fingerprint. One goroutine's; mergeDocsets joins them.
type docsets struct {
	index map[uint64]int32 // signature: docset number
	sigs  []uint64         // each docset's signature (murmur3 of its documents)
	off   []int32          // docset i's documents are docs[off[i]:off[i+1]]
	all   []int32
	fpOf  []uint64 // fingerprint<<32 | docset, in the order found
}

func newDocsets() *docsets { return &docsets{index: map[uint64]int32{}, off: []int32{0}} }

// add files fingerprint fp under the docset of docs (sorted, distinct).
func (s *docsets) add(fp uint32, docs []int32) {
	sig := murmur3.Sum64(unsafe.Slice((*byte)(unsafe.Pointer(&docs[0])), 4*len(docs)))
	i, ok := s.index[sig]
	if !ok {
		i = int32(len(s.sigs))
		s.index[sig] = i
		s.sigs = append(s.sigs, sig)
		s.all = append(s.all, docs...)
		s.off = append(s.off, int32(len(s.all)))
	}
	s.fpOf = append(s.fpOf, uint64(fp)<<32|uint64(i))
}

// docsetList is the docsets of a run, in the order of their signatures (so that it does not
// depend on which goroutine found them), each with its documents and fingerprints.
type docsetList struct {
	sigs  []uint64
	off   []int32
	all   []int32
	fpOff []int32 // docset i's fingerprints are fpAll[fpOff[i]:fpOff[i+1]], ascending
	fpAll []uint32
}

func (l *docsetList) docs(i int) []int32 { return l.all[l.off[i]:l.off[i+1]] }
func (l *docsetList) fps(i int) []uint32 { return l.fpAll[l.fpOff[i]:l.fpOff[i+1]] }

// mergeDocsets joins the docsets the goroutines found: one docset for one signature.
func mergeDocsets(parts []*docsets) *docsetList {
	type ref struct {
		sig     uint64
		part, i int32
	}
	nRefs, nDocs, nFps := 0, 0, 0
	for _, s := range parts {
		nRefs += len(s.sigs)
		nDocs += len(s.all)
		nFps += len(s.fpOf)
	}
	refs := make([]ref, 0, nRefs)
	for p, s := range parts {
		for i, sig := range s.sigs {
			refs = append(refs, ref{sig, int32(p), int32(i)})
		}
	}
	slices.SortFunc(refs, func(x, y ref) int {
		switch {
		case x.sig < y.sig:
			return -1
		case x.sig > y.sig:
			return 1
		}
		return int(x.part - y.part)
	})
	l := &docsetList{off: make([]int32, 1, nRefs+1), sigs: make([]uint64, 0, nRefs), all: make([]int32, 0, nDocs)}
	global := make([][]int32, len(parts)) // part's docset i is global[part][i]
	for p, s := range parts {
		global[p] = make([]int32, len(s.sigs))
	}
	for _, r := range refs {
		if n := len(l.sigs); n == 0 || l.sigs[n-1] != r.sig {
			s := parts[r.part]
			l.sigs = append(l.sigs, r.sig)
			l.all = append(l.all, s.all[s.off[r.i]:s.off[r.i+1]]...)
			l.off = append(l.off, int32(len(l.all)))
		}
		global[r.part][r.i] = int32(len(l.sigs) - 1)
	}
	// fingerprints by docset
	fps := make([]uint64, 0, nFps) // docset<<32 | fingerprint
	for p, s := range parts {
		for _, f := range s.fpOf {
			fps = append(fps, uint64(global[p][uint32(f)])<<32|f>>32)
		}
		s.fpOf = nil
	}
	sortPostings(fps)
	l.fpOff = make([]int32, len(l.sigs)+1)
	l.fpAll = make([]uint32, len(fps))
	for i, f := range fps {
		l.fpAll[i] = uint32(f)
		l.fpOff[f>>32+1]++
	}
	for i := range len(l.sigs) {
		l.fpOff[i+1] += l.fpOff[i]
	}
	return l
}
