package index

import (
	"slices"

	"github.com/neardup/neardup/pipeline"
)

// Candidates returns the live documents that may be related to a document of analysis a and
// source src, in ascending order: those sharing one of its LSH band keys, and those sharing at
// least (MinReuseWords-Shingle+1)/Window of its fingerprints, and with opts.Rewrites() in an index
// that holds sentence keys, those sharing its sentence keys (rewriteCandidates). A fingerprint
// that is boilerplate of a document's source (see evidence.go) makes it no candidate, and
// fingerprints found in more than MaxPostings documents do not count. opts gives MinReuseWords,
// Boilerplate, MaxPostings and Rewrite; a must have been made with the index's params.
func (r *Reader) Candidates(a pipeline.Analysis, src string, opts pipeline.Options) []uint32 {
	c, _ := r.candidates(a, src, opts)
	return c
}

// rewriteCandidates returns the live documents that share sentence keys with a draft of analysis
// a as pipeline.RewriteCandidate asks, each key held by at most pipeline.MaxSentenceKeyDocs
// live documents: with opts.Rewrites(), in an index that holds sentence keys (Params.Rewrite).
func (r *Reader) rewriteCandidates(a pipeline.Analysis, opts pipeline.Options) []uint32 {
	if !opts.Rewrites() || !r.m.params.Rewrite || len(a.SentenceKeys) == 0 {
		return nil
	}
	tags := map[uint32][]uint64{} // the draft's tags of the keys each document shares
	var docs []uint32
	// the draft's keys come in the order of its sentences, some twice: sorted, each once
	keys := slices.Compact(slices.Sorted(slices.Values(a.SentenceKeys)))
	for i := 0; i < len(keys); {
		key := uint32(keys[i] >> 32)
		j := i + 1
		for j < len(keys) && uint32(keys[j]>>32) == key {
			j++
		}
		docs = docs[:0]
		r.postings(postSents, key, func(n uint32) {
			if r.live(n) && (len(docs) == 0 || docs[len(docs)-1] != n) {
				docs = append(docs, n)
			}
		})
		if len(docs) <= pipeline.MaxSentenceKeyDocs {
			for _, n := range docs {
				for _, k := range keys[i:j] {
					tags[n] = append(tags[n], k&(1<<pipeline.SentenceTagBits-1))
				}
			}
		}
		i = j
	}
	var out []uint32
	for n, ts := range tags {
		if pipeline.RewriteCandidate(ts) {
			out = append(out, n)
		}
	}
	return out
}

// holders appends the live documents holding fingerprint f to docs, ascending, once each.
func (r *Reader) holders(f uint32, docs []uint32) []uint32 {
	r.postings(postFPs, f, func(n uint32) {
		if r.live(n) && (len(docs) == 0 || docs[len(docs)-1] != n) {
			docs = append(docs, n)
		}
	})
	return docs
}

func (r *Reader) candidates(a pipeline.Analysis, src string, opts pipeline.Options) ([]uint32, *draftEvidence) {
	opts.SetDefaults()
	ev := &draftEvidence{src: r.sourceNum(src), boiler: map[uint32][]uint32{}}
	if src == "" {
		ev.src = 0
	}
	var out []uint32
	for _, k := range a.BandKeys {
		r.postings(postBands, k, func(n uint32) {
			if r.live(n) {
				out = append(out, n)
			}
		})
	}
	if !r.m.params.NoReuse && !opts.NoReuse && len(a.Fingerprints) > 0 {
		p := r.m.params
		minShared := max(1, (opts.MinReuseWords-p.Shingle+1)/p.Window)
		shared := map[uint32]int{}
		var docs []uint32
		var sc sourceCounts
		for _, f := range a.Fingerprints {
			h := r.hot.get(f, opts.Boilerplate)
			if h == nil {
				docs = r.holders(f, docs[:0])
				if len(docs) == 0 {
					continue
				}
				if len(docs) >= hotMin && len(docs)+1 >= opts.Boilerplate {
					h = r.newHotList(docs, opts.Boilerplate, &sc)
					r.hot.put(f, h)
				}
			}
			if h != nil { // a list held by many: what it says of boilerplate, kept
				bs, _, kept, ok := r.hotBoilerSources(h, ev.src, a.BandKeys, opts.MaxPostings, &sc)
				if ok {
					if len(bs) > 0 {
						ev.boiler[f] = bs
						if slices.Contains(bs, ev.src) {
							continue // as below
						}
					}
					for _, n := range kept {
						shared[n]++
					}
					continue
				}
				// its holders are not all kept: counted again below
				docs = r.holders(f, docs[:0])
			}
			bs := r.boilerSources(docs, ev.src, a.BandKeys, opts.Boilerplate, &sc)
			if len(bs) > 0 {
				ev.boiler[f] = bs
				if slices.Contains(bs, ev.src) {
					continue // the draft's own boilerplate: no evidence for it
				}
				// boilerSources left each document's source in sc.srcs: no search of its chunk;
				// and bs may hold dozens of sources, so they are marked rather than searched
				// (slices.Contains here was 0.93 s of 7.1 s in Related for 200 drafts)
				if len(sc.isBoiler) < len(r.m.sources) {
					sc.isBoiler = make([]bool, len(r.m.sources))
				}
				for _, s := range bs {
					sc.isBoiler[s] = true
				}
				kept := docs[:0]
				for i, n := range docs {
					if s := sc.srcs[i]; int(s) >= len(sc.isBoiler) || !sc.isBoiler[s] {
						kept = append(kept, n)
					}
				}
				for _, s := range bs {
					sc.isBoiler[s] = false
				}
				docs = kept
			}
			if len(docs) > opts.MaxPostings {
				continue
			}
			for _, n := range docs {
				shared[n]++
			}
		}
		for n, c := range shared {
			if c >= minShared {
				out = append(out, n)
			}
		}
	}
	out = append(out, r.rewriteCandidates(a, opts)...)
	slices.Sort(out)
	return slices.Compact(out), ev
}

// Match is an indexed document related to a draft.
type Match struct {
	Doc  Doc
	Pair pipeline.Pair // A is the draft, B the indexed document (or the other way with IndexedFirst)
	Text string        // the indexed document's text, with MatchOptions.KeepText
}

// MatchOptions tunes Related.
type MatchOptions struct {
	// IndexedFirst makes the indexed document A of each pair and the draft B (for clusters, where
	// A is read first); by default the draft is A.
	IndexedFirst bool
	// Skip, if set, leaves out the indexed documents for which it returns true (the draft itself,
	// indexed earlier under the same id).
	Skip func(Doc) bool
	// KeepText keeps each related indexed document's text in its Match (for a report that shows
	// it beside the draft).
	KeepText bool
	// Direct sets each pair's likely origin and, for a near-duplicate, its changes
	// (pipeline.Direct).
	Direct bool
}

// Related verifies every candidate of the draft (see Candidates) as pipeline.CompareWith does,
// with one pipeline.Comparer for the draft (the boilerplate of their sources masked as Run masks
// it), and returns
// the related ones, by the share of the draft's words inside shared passages, largest first (ties
// by document number). opts must hold the index's params (Params.Apply).
func (r *Reader) Related(draft pipeline.Document, a pipeline.Analysis, opts pipeline.Options, mo MatchOptions) ([]Match, error) {
	var out []Match
	cands, ev := r.candidates(a, draft.Source, opts)
	var cm *pipeline.Comparer // the draft's side of every comparison, made once
	for _, n := range cands {
		if mo.Skip != nil {
			meta, err := r.Doc(n)
			if err != nil {
				return nil, err
			}
			if mo.Skip(meta) {
				continue
			}
		}
		doc, meta, err := r.Document(n)
		if err != nil {
			return nil, err
		}
		var bad func(uint32) bool
		if len(ev.boiler) > 0 {
			stored, err := r.Analysis(n)
			if err != nil {
				return nil, err
			}
			sn := r.sourceOf(n)
			bad = func(f uint32) bool { return ev.bad(f, ev.src, sn) }
			if stored.Exact == a.Exact || !sharesAny(stored.Fingerprints, ev, bad) {
				bad = nil // copies, or no boilerplate between them: Compare as they are
			}
		}
		if cm == nil {
			cm = pipeline.NewComparer(draft, opts)
		}
		co := pipeline.CompareOptions{Boilerplate: bad, Direct: mo.Direct}
		var p pipeline.Pair
		var ok bool
		if mo.IndexedFirst {
			p, ok = cm.CompareReversed(doc, co)
		} else {
			p, ok = cm.Compare(doc, co)
		}
		if !ok {
			continue
		}
		m := Match{Doc: meta, Pair: p}
		if mo.KeepText {
			m.Text = doc.Text
		}
		out = append(out, m)
	}
	cov := func(m Match) float64 {
		if mo.IndexedFirst {
			return m.Pair.CoverageB
		}
		return m.Pair.CoverageA
	}
	slices.SortStableFunc(out, func(x, y Match) int {
		switch cx, cy := cov(x), cov(y); {
		case cx > cy:
			return -1
		case cx < cy:
			return 1
		}
		return 0
	})
	return out, nil
}

// sharesAny reports whether some fingerprint of fps (sorted) is a draft fingerprint for which bad
// holds.
func sharesAny(fps []uint32, ev *draftEvidence, bad func(uint32) bool) bool {
	for f := range ev.boiler {
		if _, found := slices.BinarySearch(fps, f); found && bad(f) {
			return true
		}
	}
	return false
}
