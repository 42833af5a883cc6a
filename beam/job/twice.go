package job

import (
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// Keys held by one document: most of an archive's text is its own, so most of the passage
// fingerprints, sentence keys and band keys that the GroupByKeys would collect are held by one
// document and make no pair. prism holds every element of a shuffle in memory (20,000 synthetic
// articles: 86% of its heap was its engine's elements and their keys' state), and any runner
// moves them over the network. A sketch of the keys documents hold (Twice, one element, a side
// input) lets each document send only the keys that another document may hold too: a key of one
// document is left out unless another key shares its slot, and a key of two documents or more is
// never left out, so that every group of two documents or more is whole and the results do not
// change.

func init() {
	beam.RegisterType(reflect.TypeOf((*Twice)(nil)).Elem())
	register.Combiner2[Twice, []uint32](&twiceFn{})
	register.Function1x1(fingerprintKeys)
	register.Function1x1(bandKeys)
	register.Function1x1(sentenceKeys)
	register.Function1x1(sentenceCopies)
	register.Iter1[Twice]()
}

// twiceBits is the sketch's slots, as a power of two: 2^25 slots take 4 MB a bitmap, and a key of
// one document shares its slot with another key held by a few million (the fingerprints of
// 20,000 articles) about one time in ten.
const twiceBits = 25

// Twice is the sketch: Once has the slot of every key some document holds, Twice the slot of
// every key two documents or more hold (and of keys that share a slot with another).
type Twice struct{ Once, Twice []uint64 }

func twiceSlot(k uint32) uint32 { return k * 0x9E3779B1 >> (32 - twiceBits) }

// Has reports whether key k may be held by two documents or more: false only for a key of one
// document or none.
func (t *Twice) Has(k uint32) bool {
	s := twiceSlot(k)
	return t.Twice != nil && t.Twice[s/64]&(1<<(s%64)) != 0
}

// twiceFn makes the sketch of documents' keys, each document's a list of its keys (each once).
type twiceFn struct{}

func (twiceFn) CreateAccumulator() Twice { return Twice{} }

func (twiceFn) AddInput(a Twice, keys []uint32) Twice {
	if a.Once == nil {
		a = Twice{make([]uint64, 1<<twiceBits/64), make([]uint64, 1<<twiceBits/64)}
	}
	for _, k := range keys {
		s := twiceSlot(k)
		w, bit := s/64, uint64(1)<<(s%64)
		a.Twice[w] |= a.Once[w] & bit
		a.Once[w] |= bit
	}
	return a
}

func (twiceFn) MergeAccumulators(a, b Twice) Twice {
	if a.Once == nil {
		return b
	}
	if b.Once == nil {
		return a
	}
	for w := range a.Once {
		a.Twice[w] |= b.Twice[w] | a.Once[w]&b.Once[w]
		a.Once[w] |= b.Once[w]
	}
	return a
}

// fingerprintKeys, bandKeys, sentenceKeys and sentenceCopies are a document's keys of each
// kind, each once.
func fingerprintKeys(d Doc) []uint32 { return d.Fingerprints } // sorted and unique (Analysis)

func bandKeys(d Doc) []uint32 { return uniqueKeys(slices.Clone(d.BandKeys)) }

func sentenceKeys(d Doc) []uint32 { return taggedKeys(d.SentenceKeys) }

func sentenceCopies(d Doc) []uint32 { return taggedKeys(d.SentenceCopies) }

// taggedKeys returns the keys of key<<32 | tag values, each once.
func taggedKeys(tagged []uint64) []uint32 {
	keys := make([]uint32, len(tagged))
	for i, k := range tagged {
		keys[i] = uint32(k >> 32)
	}
	return uniqueKeys(keys)
}

func uniqueKeys(keys []uint32) []uint32 {
	slices.Sort(keys)
	return slices.Compact(keys)
}

// twiceOf adds the sketch of the keys docs hold (keys gives a document's) to the pipeline.
func twiceOf(s beam.Scope, docs beam.PCollection, keys any) beam.PCollection {
	return beam.Combine(s, twiceFn{}, beam.ParDo(s, keys, docs))
}

// readTwice reads the sketch side input once per worker.
func readTwice(t **Twice, side func(*Twice) bool) {
	if *t == nil {
		*t = new(Twice)
		side(*t)
	}
}
