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
	c, _, _ := r.candidates(a, src, "", opts, false, nil, nil) // no series: no document is read
	return c.docs
}

// candidates are the documents that may be related to a draft, and what made each one.
type candidates struct {
	docs  []uint32 // all of them, ascending
	other []uint32 // those an LSH band key or fingerprints made, ascending
	keys  []uint32 // those sentence keys made, ascending
}

// mode is how a scan compares document n for rewritten passages, by what made it a candidate
// (pipeline.SentenceMode).
func (c *candidates) mode(n uint32) pipeline.SentenceMode {
	_, other := slices.BinarySearch(c.other, n)
	_, keys := slices.BinarySearch(c.keys, n)
	switch {
	case !keys:
		return pipeline.NoSentences
	case !other:
		return pipeline.SentencesOnly
	}
	return pipeline.SentencesToo
}

// rewriteCandidates returns the live documents that share sentence keys with a draft of analysis
// a as pipeline.RewriteCandidate asks, each key held by at most pipeline.MaxSentenceKeyDocs
// live documents: with opts.Rewrites(), in an index that holds sentence keys (Params.Rewrite).
// asScan asks as much of them as the index can of scan's rule (pipeline.SentencePairsAlike),
// which needs the sentences of both sides: three keys or more (scan's rule asks two sentences on
// each side and two keys from one pair of them or one from each of three pairs), or two keys
// that no other indexed document holds; night's documents (copies of the night's articles,
// indexed before) hold none of its keys.
func (r *Reader) rewriteCandidates(a pipeline.Analysis, opts pipeline.Options, asScan bool, night func(n uint32) bool, ks *Keys) []uint32 {
	if !opts.Rewrites() || !r.m.params.Rewrite || len(a.SentenceKeys) == 0 {
		return nil
	}
	// for each key a document shares, each of the draft's tags of it: doc<<32 | tag, bit 31 set
	// on the first tag of a key the document alone holds (a map of each document's tags was 7 of
	// the 19 CPU seconds of these candidates relating a night of 100,000 news articles with an
	// index of the 100,000 before)
	var shared []uint64
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
		// a key held by more than MaxSentenceKeyDocs makes no candidates: its documents past
		// the first one more are not read (relating a night of 100,000 news articles with an
		// index of the 100,000 before: 256 -> 245 CPU seconds)
		r.lookWhile(ks, postSents, key, func(n uint32) bool {
			if r.live(n) && (len(docs) == 0 || docs[len(docs)-1] != n) && !(asScan && night != nil && night(n)) {
				docs = append(docs, n)
			}
			return len(docs) <= pipeline.MaxSentenceKeyDocs
		})
		if len(docs) <= pipeline.MaxSentenceKeyDocs {
			for _, n := range docs {
				for x, k := range keys[i:j] {
					v := uint64(n)<<32 | k&(1<<pipeline.SentenceTagBits-1)
					if x == 0 && len(docs) == 1 {
						v |= 1 << 31
					}
					shared = append(shared, v)
				}
			}
		}
		i = j
	}
	slices.Sort(shared)
	var out []uint32
	var tags []uint64 // one document's
	for x := 0; x < len(shared); {
		n := uint32(shared[x] >> 32)
		tags = tags[:0]
		alone := 0
		for ; x < len(shared) && uint32(shared[x]>>32) == n; x++ {
			tags = append(tags, shared[x]&(1<<pipeline.SentenceTagBits-1))
			alone += int(shared[x] >> 31 & 1)
		}
		if pipeline.RewriteCandidate(tags) && (!asScan || len(tags) >= 3 || alone >= 2) {
			out = append(out, n)
		}
	}
	return out
}

// holders appends the live documents holding fingerprint f to docs, ascending, once each (ks, if
// not nil, says where f's postings lie).
func (r *Reader) holders(f uint32, docs []uint32, ks *Keys) []uint32 {
	r.look(ks, postFPs, f, func(n uint32) {
		if r.live(n) && (len(docs) == 0 || docs[len(docs)-1] != n) {
			docs = append(docs, n)
		}
	})
	return docs
}

func (r *Reader) candidates(a pipeline.Analysis, src, series string, opts pipeline.Options, asScan bool, night func(n uint32) bool, ks *Keys) (candidates, *draftEvidence, error) {
	opts.SetDefaults()
	ev := &draftEvidence{src: r.sourceNum(src), boiler: map[uint32][]uint32{}}
	if src == "" {
		ev.src = 0
	}
	var out []uint32
	for _, k := range a.BandKeys {
		r.look(ks, postBands, k, func(n uint32) {
			if r.live(n) {
				out = append(out, n)
			}
		})
	}
	if !r.m.params.NoReuse && !opts.NoReuse && len(a.Fingerprints) > 0 {
		p := r.m.params
		minShared := max(1, (opts.MinReuseWords-p.Shingle+1)/p.Window)
		shared := map[uint32]int{}
		var docs, held, items []uint32
		var sc sourceCounts
		// ofSeries says whether f, which bs says is boilerplate of the draft's source, is the
		// fixed text of the draft's series (seriesItems), and then takes the source out of bs
		// and the items into items
		ofSeries := func(f uint32, bs []uint32) ([]uint32, error) {
			if series == "" || !slices.Contains(bs, ev.src) {
				return bs, nil
			}
			var ok bool
			var err error
			if items, ok, err = r.seriesItems(f, ev.src, series, items, ks); err != nil || !ok {
				return bs, err
			}
			return slices.DeleteFunc(bs, func(s uint32) bool { return s == ev.src }), nil
		}
		for _, f := range a.Fingerprints {
			h := r.hot.get(f, opts.Boilerplate)
			if h == nil {
				docs = r.holders(f, docs[:0], ks)
				if len(docs) == 0 {
					continue
				}
				if len(docs) >= hotMin && len(docs)+1 >= opts.Boilerplate {
					h = r.newHotList(docs, opts.Boilerplate, &sc)
					r.hot.put(f, h)
				}
			}
			if asScan && r.recurring(f, h, docs, night, &held, ks) {
				ev.recurring = append(ev.recurring, f)
			}
			if h != nil { // a list held by many: what it says of boilerplate, kept
				bs, _, kept, ok := r.hotBoilerSources(h, ev.src, a.BandKeys, opts.MaxPostings, &sc)
				if ok {
					var err error
					if bs, err = ofSeries(f, bs); err != nil {
						return candidates{}, nil, err
					}
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
				docs = r.holders(f, docs[:0], ks)
			}
			bs, err := ofSeries(f, r.boilerSources(docs, ev.src, a.BandKeys, opts.Boilerplate, &sc))
			if err != nil {
				return candidates{}, nil, err
			}
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
		// the items of the draft's series that hold its fixed text, however little of it: two
		// items of one series are a candidate by any text they share, as in Run (isCandidate)
		out = append(out, items...)
	}
	slices.Sort(out)
	c := candidates{other: slices.Compact(out), keys: r.rewriteCandidates(a, opts, asScan, night, ks)}
	slices.Sort(c.keys)
	c.docs = slices.Concat(c.other, c.keys)
	slices.Sort(c.docs)
	c.docs = slices.Compact(c.docs)
	return c, ev, nil
}

// recurring reports whether fingerprint f of a draft, with hot list h (nil: none) or else live
// holders docs, is held by recurringHolders live indexed documents or more, those night says are
// copies of the night's articles (nil: none) left out; held is scratch.
func (r *Reader) recurring(f uint32, h *hotList, docs []uint32, night func(n uint32) bool, held *[]uint32, ks *Keys) bool {
	if night == nil {
		if h != nil {
			return h.n >= recurringHolders
		}
		return len(docs) >= recurringHolders
	}
	if h != nil {
		*held = r.holders(f, (*held)[:0], ks)
		docs = *held
	}
	n := 0
	for _, d := range docs {
		if !night(d) {
			if n++; n >= recurringHolders {
				return true
			}
		}
	}
	return false
}

// recurringHolders is how many live indexed documents must hold a fingerprint of a draft for
// scan --index to take it for recurring text, not the pair's own (CompareOptions.Recurring): a
// scan's recurring text is held by three groups of copies or more, and the index does not know
// which of its holders are copies of one another, so one holder more is asked (the draft, the
// indexed article compared, and two others would be three groups if none were copies). Without
// it, text that many indexed articles hold made "own passages" story edges: on the news corpus of
// 20,000 split by date, 25 of the 300 such edges between the night's articles and indexed ones
// joined two stories. With 2 holders: cross story pairs 0.9724 / 0.8020; with 3, 0.9725 / 0.8064.
const recurringHolders = 3

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
	// Night, with AsScan, says which indexed documents are copies of the night's articles
	// (scan --index of articles added before): they hold the night's text, but as the night's
	// articles, not as other documents, so they count neither as holders of recurring text nor
	// of sentence keys. Nil: none is.
	Night func(n uint32) bool
	// AsScan relates the draft as `neardup scan` relates two articles, for `scan --index`: each
	// pair is compared as scan compares one (pipeline.CompareOptions.AsScan), for rewritten
	// passages as scan decides from what made it a candidate (pipeline.SentenceMode), with the
	// draft's text that recurringHolders or more indexed documents hold as recurring text, and
	// sentence keys make a candidate as far as the index can tell by scan's rule
	// (rewriteCandidates). A check (the default) compares every document whose keys the draft
	// shares from two of its sentences, and all of them for rewritten passages: recall is what a
	// check is for, and it checks one draft.
	AsScan bool
	// Weights, with AsScan, weigh the words of each pair's context (pipeline.CompareOptions.Weights):
	// the night's (pipeline.Result.Weights), so that a pair of the night and the index is one
	// story by the rest of its texts as two of the night's articles are. Nil: every word alike.
	Weights *pipeline.Weights
	// Series, with AsScan, is the draft's template series among the night's articles of its
	// source (pipeline.Result.Series), "" for none: the text that most of the indexed articles
	// of its source holding it hold under the series' title is the series' fixed text, not the
	// source's boilerplate, and those items are candidates by it and compared as items of one
	// series (pipeline.CompareOptions.SeriesA and SeriesB), as two items of a scan are.
	Series string
	// Keys, if set, is where the postings of the draft's keys lie, resolved with those of other
	// drafts (Reader.Resolve of this Reader, given the draft's analysis; Batch.Of): then none of
	// them is looked up. The answer is the same.
	Keys *Keys
}

// Related verifies every candidate of the draft (see Candidates) as pipeline.CompareWith does,
// with one pipeline.Comparer for the draft (the boilerplate of their sources masked as Run masks
// it), and returns
// the related ones, by the share of the draft's words inside shared passages, largest first (ties
// by document number). opts must hold the index's params (Params.Apply).
func (r *Reader) Related(draft pipeline.Document, a pipeline.Analysis, opts pipeline.Options, mo MatchOptions) ([]Match, error) {
	var out []Match
	series := ""
	if mo.AsScan && draft.Source != "" {
		series = mo.Series
	}
	cands, ev, err := r.candidates(a, draft.Source, series, opts, mo.AsScan, mo.Night, mo.Keys)
	if err != nil {
		return nil, err
	}
	var cm *pipeline.Comparer // the draft's side of every comparison, made once
	defer func() {
		if cm != nil {
			cm.Release()
		}
	}()
	var recurring *pipeline.FingerprintSet // with AsScan, the draft's text that many others hold
	for _, n := range cands.docs {
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
			stored, err := r.record(n, partFPs)
			if err != nil {
				return nil, err
			}
			sn := r.sourceOf(n)
			bad = func(f uint32) bool { return ev.bad(f, ev.src, sn) }
			if stored.exact == a.Exact || !sharesAny(stored.fps, ev, bad) {
				bad = nil // copies, or no boilerplate between them: Compare as they are
			}
		}
		if cm == nil {
			if mo.AsScan {
				cm = pipeline.NewScanComparer(draft, opts)
			} else {
				cm = pipeline.NewComparer(draft, opts)
			}
		}
		co := pipeline.CompareOptions{Boilerplate: bad, Direct: mo.Direct}
		if mo.AsScan {
			co.AsScan, co.Sentences = true, cands.mode(n)
			if recurring == nil {
				set := pipeline.NewFingerprintSet(ev.recurring)
				recurring = &set
			}
			co.Recurring = recurring
			co.Weights = mo.Weights
			if series != "" && meta.Source == draft.Source && pipeline.SeriesTitle(meta.Title) == series {
				co.SeriesA, co.SeriesB = series, series // two items of one series (verdict)
			}
		}
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
