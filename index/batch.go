package index

import (
	"context"
	"encoding/binary"
	"io"
	"slices"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/neardup/neardup/internal/postings"
	"github.com/neardup/neardup/pipeline"
)

// Batch is where the postings of a batch of drafts' keys lie in an index, found for all of them
// at once by Resolve, so that Related, given a draft's part of it (Batch.Of, MatchOptions.Keys),
// looks none of them up. A draft's keys looked up one at a time each cost a search of the fences
// and a read of a posting at a place of its own in the index, which a large index has in no
// cache: relating a night of 100,000 news articles with an index of the 100,000 before spent 62
// of its 241 CPU seconds finding postings, most of it waiting for memory. The batch's keys,
// sorted, are found in one pass along each section of postings, and each draft keeps its own
// keys, sorted, with where their postings lie: a lookup is a search of a few hundred keys.
//
// A Batch answers only in the Reader that resolved it; it is read-only and safe for concurrent
// use.
type Batch struct {
	r *Reader
	// per kind: every draft's distinct keys, sorted, one draft after another (draft d's are
	// keys[off[d]:off[d+1]]), and per segment where the postings of each lie (n 0: none); nil
	// for a kind not resolved
	keys  [postKinds][]uint32
	off   [postKinds][]int
	spans [postKinds][][]postSpan
	docs  [postKinds][]uint32 // the postings of keys held by copyMax documents or fewer, copied
}

// postSpan is a key's postings in one segment's section: entries start to start+n; or, with
// copied set in n, docs[start:start+n&^copied] of the batch.
type postSpan struct{ start, n uint32 }

// copied marks a postSpan whose postings are copied into the batch: those of a key held by
// copyMax documents or fewer, most keys, are read where the batch is found, in order, and not
// each in a page of the index of its own (reading them there was 10.7 of the 13 CPU seconds of
// the lookups relating a night of 100,000 news articles with an index of the 100,000 before).
const (
	copied  = 1 << 31
	copyMax = 32
)

// Keys is where the postings of one draft's keys lie (Batch.Of).
type Keys struct {
	r     *Reader
	keys  [postKinds][]uint32
	spans [postKinds][][]postSpan // per kind, per segment, as keys
	docs  [postKinds][]uint32     // the batch's
}

// Resolve finds where the postings of every band key, fingerprint and sentence key of the
// analyses lie in the index, for Related on the drafts they are of (Batch.Of). The kinds are
// resolved on goroutines of their own.
func (r *Reader) Resolve(as []pipeline.Analysis) *Batch {
	b := &Batch{r: r}
	var wg sync.WaitGroup
	for _, kind := range []int{postBands, postFPs, postSents} {
		wg.Go(func() { r.resolveKind(b, kind, as) })
	}
	wg.Wait()
	return b
}

// resolveKind resolves the keys of one kind (see Resolve): each draft's keys, sorted and once,
// are tagged with their place in the batch and sorted by key, and the postings of each key are
// found walking along each segment's section, each key searched for from where the one before it
// was (a batch's keys lie close together: a few postings apart, or a block of fences).
func (r *Reader) resolveKind(b *Batch, kind int, as []pipeline.Analysis) {
	var keys []uint32
	off := make([]int, 1, len(as)+1)
	for i := range as {
		k0 := len(keys)
		switch kind {
		case postBands:
			keys = append(keys, as[i].BandKeys...)
		case postFPs:
			keys = append(keys, as[i].Fingerprints...)
		case postSents:
			for _, k := range as[i].SentenceKeys {
				keys = append(keys, uint32(k>>32))
			}
		}
		dk := keys[k0:]
		slices.Sort(dk)
		keys = keys[:k0+len(slices.Compact(dk))]
		off = append(off, len(keys))
	}
	tagged := make([]uint64, len(keys))
	for i, k := range keys {
		tagged[i] = uint64(k)<<32 | uint64(i)
	}
	postings.SortByKey(tagged, make([]uint64, len(tagged)))
	spans := make([][]postSpan, len(r.m.segments))
	var docs []uint32
	for i := range r.m.segments {
		sp := make([]postSpan, len(keys))
		pb, f, n := r.section(i, kind)
		keyAt := func(k int) uint32 { return postingKey(pb, k) }
		p := 0
		for x := 0; x < len(tagged) && p < n; {
			key := uint32(tagged[x] >> 32)
			y := x + 1
			for y < len(tagged) && uint32(tagged[y]>>32) == key {
				y++
			}
			if p = seekPosting(pb, f, n, p, key); p < n && keyAt(p) == key {
				e := p + 1
				for e < n && keyAt(e) == key {
					e++
				}
				s := postSpan{uint32(p), uint32(e - p)}
				if e-p <= copyMax {
					s = postSpan{uint32(len(docs)), uint32(e-p) | copied}
					for k := p; k < e; k++ {
						docs = append(docs, uint32(binary.LittleEndian.Uint64(pb[8*k:])))
					}
				}
				for _, t := range tagged[x:y] {
					sp[uint32(t)] = s
				}
				p = e
			}
			x = y
		}
		spans[i] = sp
	}
	b.keys[kind], b.off[kind], b.spans[kind], b.docs[kind] = keys, off, spans, docs
}

// Of returns where the postings of the keys of draft i (the i-th analysis given Resolve) lie.
func (b *Batch) Of(i int) *Keys {
	k := &Keys{r: b.r}
	for kind := range postKinds {
		if b.off[kind] == nil {
			continue // not resolved
		}
		lo, hi := b.off[kind][i], b.off[kind][i+1]
		k.keys[kind], k.docs[kind] = b.keys[kind][lo:hi:hi], b.docs[kind]
		k.spans[kind] = make([][]postSpan, len(b.spans[kind]))
		for s, sp := range b.spans[kind] {
			k.spans[kind][s] = sp[lo:hi:hi]
		}
	}
	return k
}

// seekNear is how many postings seekPosting walks before it searches the fences.
const seekNear = 16

// seekPosting returns firstPosting(b, f, n, key) for a key no smaller than those of the postings
// before from: walking from there when it is near, else searching.
func seekPosting(b, f []byte, n, from int, key uint32) int {
	for k := from; k < min(n, from+seekNear); k++ {
		if postingKey(b, k) >= key {
			return k
		}
	}
	if from+seekNear >= n {
		return n
	}
	return max(from+seekNear, firstPosting(b, f, n, key))
}

// lookWhile is postingsWhile, answered from a draft's keys k (nil: none) when key is one of
// them, of a kind resolved.
func (r *Reader) lookWhile(k *Keys, kind int, key uint32, fn func(doc uint32) bool) {
	if k == nil || k.spans[kind] == nil {
		r.postingsWhile(kind, key, fn)
		return
	}
	if k.r != r {
		panic("index: Keys used with a Reader other than the one that resolved them")
	}
	j, found := slices.BinarySearch(k.keys[kind], key)
	if !found {
		r.postingsWhile(kind, key, fn) // not the draft's: looked up
		return
	}
	for i, sp := range k.spans[kind] {
		s := sp[j]
		if s.n&copied != 0 {
			for _, d := range k.docs[kind][s.start : s.start+s.n&^copied] {
				if !fn(d) {
					return
				}
			}
			continue
		}
		if s.n == 0 {
			continue
		}
		pb, _, _ := r.section(i, kind)
		for x := range int(s.n) {
			if !fn(uint32(binary.LittleEndian.Uint64(pb[8*(int(s.start)+x):]))) {
				return
			}
		}
	}
}

// look is postings, answered from a draft's keys k as lookWhile is.
func (r *Reader) look(k *Keys, kind int, key uint32, fn func(doc uint32)) {
	r.lookWhile(k, kind, key, func(doc uint32) bool { fn(doc); return true })
}

// relateBatch is the most documents RelateEach relates with one Batch, and relateBatchMin the
// fewest (but for the last batch). The more, the closer together their keys lie in the index:
// relating a night of 100,000 news articles with an index of the 100,000 before took 94 s in
// batches of 1,024 and 85 s in batches of 4,096 (115 s one at a time, in the same run). A batch
// and its keys hold a few tens of MB, which a small index does not repay: the night of 10,000
// against the 10,000 before took the same time in batches of 1,024 and of 4,096, and peaked at
// 266 against 370 MB (one at a time, 222 MB; the night of 100,000 peaked at 1.89-1.95 GB in all
// three ways, the night's scan's peak). So a batch is a 24th of the index's articles, within
// those bounds (batchSize).
const (
	relateBatch    = 4096
	relateBatchMin = 256
)

// batchSize is how many documents RelateEach relates with one Batch, in an index of indexed live
// documents (see relateBatch).
func batchSize(indexed int) int { return min(relateBatch, max(relateBatchMin, indexed/24)) }

// batchSizeOf is batchSize, which tests replace to relate a few drafts in several batches.
var batchSizeOf = batchSize

// RelateEach reads the inputs as Each does and relates each document to the index as Related
// does, with the MatchOptions mo gives for it, and sets its X.Matches; collect gets the documents
// in input order, as in Each, and work runs on the reading workers. The documents are related in
// batches (batchSize) on opts.Workers goroutines, each batch's keys resolved at once (Resolve),
// so that the matches are those of Related on each document alone.
func (r *Reader) RelateEach(ctx context.Context, inputs []string, stdin io.Reader, opts pipeline.Options,
	mo func(*Item) MatchOptions, work, collect func(*Item) error) (ReadStats, error) {
	opts.SetDefaults()
	var st ReadStats
	err := r.relateBatches(ctx, opts, mo, nil, collect, func(add func(*Item) error) error {
		var err error
		st, err = Each(ctx, inputs, stdin, opts, work, add)
		return err
	})
	return st, err
}

// RelateAnalyzed is RelateEach for the documents a run kept with their analyses
// (pipeline.Options.KeepAnalyses), which each gives in input order (pipeline.Result.EachAnalyzed):
// they are not read and analysed again. work runs on the relating workers, before Related.
func (r *Reader) RelateAnalyzed(ctx context.Context, each func(context.Context, func(pipeline.Document, pipeline.Analysis) error) error,
	opts pipeline.Options, mo func(*Item) MatchOptions, work, collect func(*Item) error) error {
	opts.SetDefaults()
	return r.relateBatches(ctx, opts, mo, work, collect, func(add func(*Item) error) error {
		return each(ctx, func(d pipeline.Document, a pipeline.Analysis) error {
			return add(&Item{Doc: d, Analysis: a})
		})
	})
}

// relateBatches relates the documents that feed adds, in batches (batchSize), each batch's keys
// resolved at once (Resolve) and its documents related on opts.Workers goroutines, each after
// work (nil: none); collect gets them in the order they were added.
func (r *Reader) relateBatches(ctx context.Context, opts pipeline.Options, mo func(*Item) MatchOptions, work, collect func(*Item) error,
	feed func(add func(*Item) error) error) error {
	size := batchSizeOf(r.Len())
	var batch []*Item
	relate := func() error {
		if len(batch) == 0 {
			return nil
		}
		as := make([]pipeline.Analysis, len(batch))
		for i, it := range batch {
			as[i] = it.Analysis
		}
		b := r.Resolve(as)
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(opts.Workers)
		errs := make([]error, len(batch))
		for i, it := range batch {
			g.Go(func() error {
				if err := gctx.Err(); err != nil {
					return err
				}
				if work != nil {
					if errs[i] = work(it); errs[i] != nil {
						return errs[i]
					}
				}
				o := mo(it)
				o.Keys = b.Of(i)
				ms, err := r.Related(it.Doc, it.Analysis, opts, o)
				it.X.Matches, errs[i] = ms, err
				return err
			})
		}
		if err := g.Wait(); err != nil {
			for _, e := range errs {
				if e != nil {
					return e // the first document's in input order, whatever the workers' order
				}
			}
			return err
		}
		for i, it := range batch {
			batch[i] = nil // collected: its text and analysis are garbage when collect is done
			if err := collect(it); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	err := feed(func(it *Item) error {
		batch = append(batch, it)
		if len(batch) < size {
			return nil
		}
		return relate()
	})
	if err == nil {
		err = relate()
	}
	return err
}
