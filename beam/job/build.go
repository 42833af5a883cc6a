package job

import (
	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"

	"github.com/neardup/neardup/beam/cc"
)

// Outputs names the files the pipelines write (each one file, JSON Lines or tab-separated).
type Outputs struct {
	Members string // "SEQ\tmember JSON" per document
	Pairs   string // "SEQ_A\tSEQ_B\tpair JSON\tpieces\trecurring" per related pair (encodePair)
	Texts   string // [id, text] in JSON for documents of pairs with passages (repeats allowed)
	Bad     string // one line per skipped record or warning

	// the default mode's: the first pipeline's groups' first documents (encodeDoc), Corpus
	// (encodeCorpus), near-duplicate edges ("SEQ_A SEQ_B") and exact groups ("FIRST SEQ"); the groups of copies the driver
	// found ("SEQ LABEL"); the second pipeline's candidate pairs of the evidence, the groups'
	// firsts' own words for the hub rule ("SEQ\tJSON"), related pairs and texts
	Reps, Corpus, Near, Exact, Labels, Candidates, Own string
	Pairs2, Texts2                                     string
	// the docsets reported as shared passages of their own ("KEY\tJSON" of their documents'
	// sequence numbers, then "\tfragment" for a docset of one fingerprint, "\tstock" for a stock
	// phrase, which is not reported but asked by the bridge rule) and where they lie
	// ("KEY\tSEQ\tJSON" of [start, end, words, first token] each)
	Recurring, Located string
	// the first pipeline's series of a source's documents ("SEQ\tSERIES", series.go)
	Series string

	// Parts is how many files each output (but Labels, which the driver writes) is written in
	// (cc.WriteSharded; read them with cc.Shards): no one worker gathers a whole output.
	Parts int
}

// OutputsIn names the outputs in dir.
func OutputsIn(dir string) Outputs {
	f := func(name string) string { return cc.Join(dir, name) }
	return Outputs{Members: f("members"), Pairs: f("pairs"), Texts: f("texts"), Bad: f("bad"),
		Reps: f("reps"), Corpus: f("corpus"), Near: f("near"), Exact: f("exact"), Labels: f("labels"), Candidates: f("candidates"), Own: f("own"),
		Pairs2: f("pairs2"), Texts2: f("texts2"), Recurring: f("recurring"), Located: f("located"), Series: f("series"), Parts: 1}
}

// Build adds the scan of files (in input order) to the pipeline s belongs to: the whole scan
// with NoReuse; else its first part (BuildGroups).
func Build(s beam.Scope, files []string, cfg Config, out Outputs) {
	if !cfg.NoReuse {
		BuildGroups(s, files, cfg, out)
		return
	}
	s = s.Scope("neardup")
	enc := cfg.encode()
	docs, bad := read(s, files, enc) // and keep the first document of each id
	docs, members := beam.ParDo2(s, &analyseFn{Config: enc}, docs)
	// exact groups: the first document of each goes on
	reps, exactPairs, exactTexts, _ := beam.ParDo4(s, &exactFn{Config: enc}, beam.GroupByKey(s, beam.ParDo(s, keyByExact, docs)))

	hotKey, hotBlock := cfg.hot()
	candidates := func(s beam.Scope, keyed beam.PCollection, max int) beam.PCollection {
		direct, blocks := beam.ParDo2(s, &keyPairsFn{Max: max, HotKey: hotKey, HotBlock: hotBlock}, beam.GroupByKey(s, keyed))
		return beam.Flatten(s, direct, beam.ParDo(s, blockPairs, beam.Reshuffle(s, blocks)))
	}
	cands := candidates(s.Scope("band keys"), beam.ParDo(s, &bandKeysFn{}, reps, beam.SideInput{Input: twiceOf(s, reps, bandKeys)}), 0)
	// join each pair with its first document, then with its second, and compare
	bySeq := beam.ParDo(s, keyBySeq, reps)
	withFirst := beam.ParDo(s, joinFirst, beam.CoGroupByKey(s, bySeq, cands))
	pairs, texts := beam.ParDo2(s, &compareFn{Config: enc}, beam.CoGroupByKey(s, bySeq, withFirst))

	cc.WriteSharded(s, out.Members, out.Parts, members)
	cc.WriteSharded(s, out.Pairs, out.Parts, beam.Flatten(s, exactPairs, pairs))
	cc.WriteSharded(s, out.Texts, out.Parts, beam.Flatten(s, exactTexts, texts))
	cc.WriteSharded(s, out.Bad, out.Parts, bad)
}

// read adds reading files and dropping repeated ids; it returns the documents and the bad
// records.
func read(s beam.Scope, files []string, enc string) (beam.PCollection, beam.PCollection) {
	refs := make([]FileRef, len(files))
	for i, f := range files {
		refs[i] = FileRef{Rank: i, Path: f}
	}
	docs, bad1 := beam.ParDo2(s, &readFn{Config: enc}, beam.Reshuffle(s, beam.CreateList(s, refs)))
	docs, bad2 := beam.ParDo2(s, firstOfID, beam.GroupByKey(s, beam.ParDo(s, keyByID, docs)))
	return docs, beam.Flatten(s, bad1, bad2)
}

// BuildGroups adds the default mode's first pipeline: reading, analysing, exact groups, and the
// near-duplicate edges among the groups' first documents (the LSH candidates verified), whose
// components the driver finds before BuildEvidence.
func BuildGroups(s beam.Scope, files []string, cfg Config, out Outputs) {
	s = s.Scope("neardup groups")
	enc := cfg.encode()
	docs, bad := read(s, files, enc)
	docs, members := beam.ParDo2(s, &analyseFn{Config: enc}, docs)
	corpus := beam.Combine(s, corpusFn{}, beam.ParDo(s, corpusOf, docs))
	series := beam.ParDo(s, sourceSeries, beam.GroupByKey(s, beam.ParDo(s, keyBySource, docs)))
	reps, exactPairs, exactTexts, exact := beam.ParDo4(s, &exactFn{Config: enc}, beam.GroupByKey(s, beam.ParDo(s, keyByExact, docs)))
	hotKey, hotBlock := cfg.hot()
	keyed := beam.ParDo(s, &bandKeysFn{}, reps, beam.SideInput{Input: twiceOf(s, reps, bandKeys)})
	direct, blocks := beam.ParDo2(s, &keyPairsFn{HotKey: hotKey, HotBlock: hotBlock}, beam.GroupByKey(s, keyed))
	cands := beam.Flatten(s, direct, beam.ParDo(s, blockPairs, beam.Reshuffle(s, blocks)))
	bySeq := beam.ParDo(s, keyBySeq, reps)
	withFirst := beam.ParDo(s, joinFirst, beam.CoGroupByKey(s, bySeq, cands))
	near := beam.ParDo(s, &verifyFn{Config: enc}, beam.CoGroupByKey(s, bySeq, withFirst))

	cc.WriteSharded(s, out.Members, out.Parts, members)
	cc.WriteSharded(s, out.Pairs, out.Parts, exactPairs)
	cc.WriteSharded(s, out.Texts, out.Parts, exactTexts)
	cc.WriteSharded(s, out.Bad, out.Parts, bad)
	cc.WriteSharded(s, out.Reps, out.Parts, beam.ParDo(s, encodeDoc, reps))
	cc.WriteSharded(s, out.Corpus, out.Parts, beam.ParDo(s, encodeCorpus, corpus))
	cc.WriteSharded(s, out.Near, out.Parts, near)
	cc.WriteSharded(s, out.Exact, out.Parts, exact)
	cc.WriteSharded(s, out.Series, out.Parts, series)
}

// BuildEvidence adds the default mode's second pipeline: the groups' first documents, each
// with its group of copies (out.Labels, written by the driver), the evidence's candidate pairs
// (Evidence), and comparing and aligning them and the near-duplicate pairs (pipeline.Compare).
func BuildEvidence(s beam.Scope, cfg Config, out Outputs) {
	s = s.Scope("neardup evidence")
	enc := cfg.encode()
	reps := beam.ParDo(s, decodeDoc, textio.Read(s, cc.Shards(out.Reps)))
	labels := beam.ParDo(s, parseLabel, textio.Read(s, out.Labels))
	series := beam.ParDo(s, parseSeries, textio.Read(s, cc.Shards(out.Series)))
	reps = beam.ParDo(s, withGroup, beam.CoGroupByKey(s, beam.ParDo(s, keyBySeq, reps), labels, series))
	corpus := beam.ParDo(s, decodeCorpus, textio.Read(s, cc.Shards(out.Corpus)))
	exact := beam.ParDo(s, parseLabel, textio.Read(s, cc.Shards(out.Exact))) // first: document
	ev := Evidence(s, cfg, reps, corpus, exact)
	cands, boiler, sets, stock := ev.Cands, ev.Boiler, ev.Sets, ev.Stock
	// the pairs to compare, each once, with how: the evidence's candidates and the near-duplicate
	// pairs, and the sentence keys' candidates (with rewritten passages)
	other := beam.Flatten(s, beam.ParDo(s, pairKeyOf, cands), beam.ParDo(s, storyKeyOf, ev.StoryCands),
		beam.ParDo(s, markPair, textio.Read(s, cc.Shards(out.Near))))
	var toCompare beam.PCollection
	if opts := cfg.Options(); opts.Rewrites() {
		keyed := beam.ParDo(s, &sentenceKeysFn{}, reps, beam.SideInput{Input: twiceOf(s, reps, sentenceKeys)})
		shares := beam.ParDo(s, sentenceKeyPairsFn{}, beam.GroupByKey(s, keyed))
		// the keys of sentences as written: which shared sentences are copies, not rewordings
		copyKeyed := beam.ParDo(s, &sentenceKeysFn{Copies: true}, reps, beam.SideInput{Input: twiceOf(s, reps, sentenceCopies)})
		copies := beam.ParDo(s, sentenceKeyPairsFn{Copies: true}, beam.GroupByKey(s, copyKeyed))
		rewrite := beam.ParDo(s, rewritePairs, beam.GroupByKey(s, beam.Flatten(s, shares, copies)))
		toCompare = beam.ParDo(s, modeOf, beam.CoGroupByKey(s, rewrite, other))
	} else {
		toCompare = beam.ParDo(s, verbatimOnly, beam.GroupByKey(s, other))
	}
	// comparing, locating and the own words read a document's text, not its keys and samples
	reps = beam.ParDo(s, slimDoc, reps)
	reps = beam.ParDo(s, withBoiler, beam.CoGroupByKey(s, beam.ParDo(s, keyBySeq, reps), boiler))
	bySeq := beam.ParDo(s, keyBySeq, reps)
	withFirst := beam.ParDo(s, joinFirstMode, beam.CoGroupByKey(s, bySeq, toCompare))
	pairs, texts := beam.ParDo2(s, &compareModeFn{Config: enc}, beam.CoGroupByKey(s, bySeq, withFirst),
		beam.SideInput{Input: sets}, beam.SideInput{Input: corpus}, beam.SideInput{Input: stock})
	cc.WriteSharded(s, out.Candidates, out.Parts, beam.ParDo(s, formatPair, cands))
	cc.WriteSharded(s, out.Own, out.Parts, beam.ParDo(s, &ownWordsFn{Config: enc}, reps, beam.SideInput{Input: sets}, beam.SideInput{Input: corpus}))
	found, foundTexts := beam.ParDo2(s, &locateFn{Config: enc}, beam.CoGroupByKey(s, bySeq, ev.ToLocate), beam.SideInput{Input: sets})
	cc.WriteSharded(s, out.Pairs2, out.Parts, pairs)
	cc.WriteSharded(s, out.Texts2, out.Parts, beam.Flatten(s, texts, foundTexts))
	cc.WriteSharded(s, out.Recurring, out.Parts, ev.Reported)
	cc.WriteSharded(s, out.Located, out.Parts, found)
}
