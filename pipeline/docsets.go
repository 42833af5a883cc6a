package pipeline

import (
	"slices"
	"unsafe"

	"github.com/spaolacci/murmur3"

	"github.com/neardup/neardup/internal/offheap"
	"github.com/neardup/neardup/internal/postings"
)

// docsets gathers the fingerprints held by three or more groups of documents by the exact set of
// documents that hold them: a passage that recurs in the same documents yields one docset, weighed
// once, not once per fingerprint. One goroutine's; mergeDocsets joins them. Its arrays grow in
// mem (nil: the heap), which its owner releases once they are merged: garbage then, on the heap
// they made it grow to twice what was live at the evidence stage's peak.
type docsets struct {
	index sigTable // signature: docset number
	sigs  []uint64 // each docset's signature (murmur3 of its documents)
	off   []int32  // docset i's documents are docs[off[i]:off[i+1]]
	all   []int32
	fpOf  []uint64 // fingerprint<<32 | docset, in the order found
	mem   *offheap.Arena
}

func newDocsets(mem *offheap.Arena) *docsets {
	return &docsets{off: append(offheap.Grow[int32](mem, nil, 1), 0), mem: mem}
}

// add files fingerprint fp under the docset of docs (sorted, distinct).
func (s *docsets) add(fp uint32, docs []int32) {
	sig := murmur3.Sum64(unsafe.Slice((*byte)(unsafe.Pointer(&docs[0])), 4*len(docs)))
	i, ok := s.index.getOrPut(sig, int32(len(s.sigs)))
	if !ok {
		s.sigs = append(offheap.Grow(s.mem, s.sigs, 1), sig)
		s.all = append(offheap.Grow(s.mem, s.all, len(docs)), docs...)
		s.off = append(offheap.Grow(s.mem, s.off, 1), int32(len(s.all)))
	}
	s.fpOf = append(offheap.Grow(s.mem, s.fpOf, 1), uint64(fp)<<32|uint64(i))
}

// grow2 makes room in s for n more elements, doubling its capacity when it must grow. append
// grows a large slice by a quarter, copying it again and again: 0.6 s of the docsets' 1.2 at
// 200,000 articles.
func grow2[T any](s []T, n int) []T {
	if len(s)+n <= cap(s) {
		return s
	}
	return slices.Grow(s, max(n, cap(s), 256))
}

// docsetList is the docsets of a run, in the order of their signatures (so that it does not
// depend on which goroutine found them), each with its documents and fingerprints. Its arrays are
// of their exact size (c20k: 11.6 MB as grown for the docsets before their merging, 7.9 at the
// exact size) and, in Run, off the heap: they are held from the evidence stage to the recurring
// passages, through aligning, where the heap peaks.
type docsetList struct {
	off   []int32 // docset i's documents are all[off[i]:off[i+1]]; len(off)-1 docsets
	all   []int32
	fpOff []int32 // docset i's fingerprints are fpAll[fpOff[i]:fpOff[i+1]], ascending
	fpAll []uint32
}

// len returns how many docsets l holds.
func (l *docsetList) len() int { return len(l.off) - 1 }

func (l *docsetList) docs(i int) []int32 { return l.all[l.off[i]:l.off[i+1]] }
func (l *docsetList) fps(i int) []uint32 { return l.fpAll[l.fpOff[i]:l.fpOff[i+1]] }

// mergeDocsets joins the docsets the goroutines found: one docset for one signature. Its arrays
// come from mem (nil: the heap).
func mergeDocsets(parts []*docsets, mem *offheap.Arena) *docsetList {
	type ref struct {
		sig     uint64
		part, i int32
	}
	nRefs, nFps := 0, 0
	for _, s := range parts {
		nRefs += len(s.sigs)
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
	// the docsets and their documents, counted first: a docset that several goroutines found
	// is one
	nSets, nDocs := 0, 0
	for k, r := range refs {
		if k == 0 || refs[k-1].sig != r.sig {
			s := parts[r.part]
			nSets++
			nDocs += int(s.off[r.i+1] - s.off[r.i])
		}
	}
	l := &docsetList{off: offheap.Make[int32](mem, 1, nSets+1), all: offheap.Make[int32](mem, 0, nDocs)}
	global := make([][]int32, len(parts)) // part's docset i is global[part][i]
	for p, s := range parts {
		global[p] = make([]int32, len(s.sigs))
	}
	for k, r := range refs {
		if k == 0 || refs[k-1].sig != r.sig {
			s := parts[r.part]
			l.all = append(l.all, s.all[s.off[r.i]:s.off[r.i+1]]...)
			l.off = append(l.off, int32(len(l.all)))
		}
		global[r.part][r.i] = int32(l.len() - 1)
	}
	// fingerprints by docset
	fps := make([]uint64, 0, nFps) // docset<<32 | fingerprint
	for p, s := range parts {
		for _, f := range s.fpOf {
			fps = append(fps, uint64(global[p][uint32(f)])<<32|f>>32)
		}
		s.fpOf = nil
	}
	postings.Sort(fps)
	l.fpOff = offheap.Make[int32](mem, l.len()+1, 0)
	l.fpAll = offheap.Make[uint32](mem, len(fps), 0)
	for i, f := range fps {
		l.fpAll[i] = uint32(f)
		l.fpOff[f>>32+1]++
	}
	for i := range l.len() {
		l.fpOff[i+1] += l.fpOff[i]
	}
	return l
}

// sigTable maps docset signatures to numbers by open addressing, growing at half full: a third
// of the cost of a map, for the 760,000 docsets of 200,000 articles. A signature and its number
// share a slot (one cache miss a probe, where two arrays cost two), and a small table grows
// fourfold (fewer rehashes, each a cache miss an entry).
type sigTable struct {
	slots []sigSlot // key 0 for empty (a signature of 0 is kept aside)
	n     int
	zero  int32 // the number of the signature 0, plus one; 0 for none
}

type sigSlot struct {
	key uint64
	val int32
}

// getOrPut returns the number of sig and true, or files sig under v and returns v and false.
func (t *sigTable) getOrPut(sig uint64, v int32) (int32, bool) {
	if sig == 0 {
		if t.zero != 0 {
			return t.zero - 1, true
		}
		t.zero = v + 1
		return v, false
	}
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		grow := 4
		if len(old) >= 1<<20 {
			grow = 2
		}
		t.slots = make([]sigSlot, max(1024, grow*len(old)))
		for _, e := range old {
			if e.key != 0 {
				t.slots[t.slot(e.key)] = e
			}
		}
	}
	i := t.slot(sig)
	if e := &t.slots[i]; e.key == sig {
		return e.val, true
	}
	t.slots[i] = sigSlot{sig, v}
	t.n++
	return v, false
}

// slot returns where sig is in the table, or the empty slot where it goes.
func (t *sigTable) slot(sig uint64) uint64 {
	mask := uint64(len(t.slots) - 1)
	i := sig & mask
	for t.slots[i].key != 0 && t.slots[i].key != sig {
		i = (i + 1) & mask
	}
	return i
}
