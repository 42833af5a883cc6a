package job

import (
	"path/filepath"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
)

// Outputs names the files a pipeline writes (each one file, JSON Lines or tab-separated).
type Outputs struct {
	Members string // "SEQ\tmember JSON" per document
	Pairs   string // "SEQ_A\tSEQ_B\tpair JSON" per related pair (encodePair)
	Texts   string // [id, text] in JSON for documents of pairs with passages (repeats allowed)
	Bad     string // one line per skipped record or warning
}

// OutputsIn names the outputs in dir.
func OutputsIn(dir string) Outputs {
	return Outputs{Members: filepath.Join(dir, "members"), Pairs: filepath.Join(dir, "pairs"),
		Texts: filepath.Join(dir, "texts"), Bad: filepath.Join(dir, "bad")}
}

// Build adds the scan of files (in input order) to the pipeline s belongs to.
func Build(s beam.Scope, files []string, cfg Config, out Outputs) {
	s = s.Scope("neardup")
	enc := cfg.encode()
	refs := make([]FileRef, len(files))
	for i, f := range files {
		refs[i] = FileRef{Rank: i, Path: f}
	}
	// read, and keep the first document of each id
	docs, bad1 := beam.ParDo2(s, &readFn{Config: enc}, beam.Reshuffle(s, beam.CreateList(s, refs)))
	docs, bad2 := beam.ParDo2(s, firstOfID, beam.GroupByKey(s, beam.ParDo(s, keyByID, docs)))
	docs, members := beam.ParDo2(s, &analyseFn{Config: enc}, docs)
	// exact groups: the first document of each goes on
	reps, exactPairs, exactTexts := beam.ParDo3(s, &exactFn{Config: enc}, beam.GroupByKey(s, beam.ParDo(s, keyByExact, docs)))

	hotKey, hotBlock := cfg.hot()
	candidates := func(s beam.Scope, keyed beam.PCollection, max int) beam.PCollection {
		direct, blocks := beam.ParDo2(s, &keyPairsFn{Max: max, HotKey: hotKey, HotBlock: hotBlock}, beam.GroupByKey(s, keyed))
		return beam.Flatten(s, direct, beam.ParDo(s, blockPairs, beam.Reshuffle(s, blocks)))
	}
	cands := candidates(s.Scope("band keys"), beam.ParDo(s, &bandKeysFn{}, reps), 0)
	if !cfg.NoReuse {
		fp := candidates(s.Scope("fingerprints"), beam.ParDo(s, &fingerprintsFn{}, reps), cfg.Options().MaxPostings)
		cands = beam.Flatten(s, cands, fp)
	}
	// join each pair with its first document, then with its second, and compare
	bySeq := beam.ParDo(s, keyBySeq, reps)
	withFirst := beam.ParDo(s, joinFirst, beam.CoGroupByKey(s, bySeq, cands))
	pairs, texts := beam.ParDo2(s, &compareFn{Config: enc}, beam.CoGroupByKey(s, bySeq, withFirst))

	textio.Write(s, out.Members, members)
	textio.Write(s, out.Pairs, beam.Flatten(s, exactPairs, pairs))
	textio.Write(s, out.Texts, beam.Flatten(s, exactTexts, texts))
	textio.Write(s, out.Bad, beam.Flatten(s, bad1, bad2))
}
