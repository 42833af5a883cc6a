package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// batchIndex makes an index of several segments whose documents share text in every way a
// lookup meets: a passage held by more documents than a batch copies (copyMax), passages a few
// hold, sentences reworded, and text of their own; and drafts that share some of it.
func batchIndex(t *testing.T) (*Reader, []pipeline.Document) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.ndx")
	common := article(7, 40) // held by all
	quote := article(8, 30)  // held by every third
	story := strings.Fields(article(9, 120))
	id := 0
	texts := map[int]string{}
	for range 6 { // six commits: segments of two levels (four merged, two not)
		var docs []pipeline.Document
		for range copyMax/4 + 4 {
			text := article(uint64(id+100), 60) + " " + common
			if id%3 == 0 {
				text += " " + quote
			}
			if id%5 == 0 { // the story's words, reordered a little: sentence keys, not passages
				w := slices.Clone(story)
				w[id%len(w)], w[(id+7)%len(w)] = w[(id+7)%len(w)], w[id%len(w)]
				text += ". " + strings.Join(w, " ")
			}
			texts[id] = text
			d := doc(fmt.Sprintf("d%03d", id), text)
			d.Source = fmt.Sprintf("outlet-%d", id%7)
			docs = append(docs, d)
			id++
		}
		addBatch(t, path, docs...)
	}
	r := openT(t, path)
	if len(r.m.segments) < 2 {
		t.Fatalf("%d segments: the test needs several", len(r.m.segments))
	}
	if !r.Params().Rewrite {
		t.Fatal("the index holds no sentence keys")
	}
	drafts := []pipeline.Document{
		doc("x-copy", texts[4]), // an indexed article's text
		doc("x-half", texts[10][:len(texts[10])/2]+" "+article(503, 50)), // half of one
		doc("x-quote", article(500, 80)+" "+quote),                       // the quote of a third of them
		doc("x-story", strings.Join(story, " ")+" "+article(501, 40)),    // the story, as first told
		doc("x-own", article(502, 90)),                                   // nothing shared
		doc("x-empty", ""),
	}
	return r, drafts
}

// TestResolveAsLookedUp: a batch's keys give the postings a lookup of each gives, in its order,
// stopped where the caller stops: for every key of every kind of every draft, for keys that are
// not the draft's (looked up), and whether a key's postings are copied into the batch or read in
// the index.
func TestResolveAsLookedUp(t *testing.T) {
	r, drafts := batchIndex(t)
	var opts pipeline.Options
	r.Params().Apply(&opts)
	z := pipeline.NewAnalyzer(opts)
	var as []pipeline.Analysis
	for _, d := range drafts {
		as = append(as, z.Analyze(d.Text))
	}
	b := r.Resolve(as)
	var copiedSeen, indexSeen bool
	for i, a := range as {
		ks := b.Of(i)
		keys := [postKinds][]uint32{postBands: a.BandKeys, postFPs: a.Fingerprints}
		for _, k := range a.SentenceKeys {
			keys[postSents] = append(keys[postSents], uint32(k>>32))
		}
		keys[postFPs] = append(keys[postFPs], 12345, 0) // not the draft's
		for kind, list := range keys {
			for _, key := range list {
				for _, stop := range []int{1, 3, 1 << 30} {
					var want, got []uint32
					r.postingsWhile(kind, key, func(n uint32) bool { want = append(want, n); return len(want) < stop })
					r.lookWhile(ks, kind, key, func(n uint32) bool { got = append(got, n); return len(got) < stop })
					if !slices.Equal(got, want) {
						t.Fatalf("%s, %s key %08x, stopping at %d: batch gives %v, lookup %v", drafts[i].ID, kindName[kind], key, stop, got, want)
					}
					if stop == 1<<30 {
						copiedSeen = copiedSeen || len(want) > 0 && len(want) <= copyMax
						indexSeen = indexSeen || len(want) > copyMax
					}
				}
			}
		}
	}
	if !copiedSeen || !indexSeen {
		t.Errorf("keys with postings copied: %v, read in the index: %v; the test needs both", copiedSeen, indexSeen)
	}
}

// TestRelateEach: relating in batches gives the matches of Related on each document alone, with
// or without a check's options, in one batch or in several, and collects in input order.
func TestRelateEach(t *testing.T) {
	r, drafts := batchIndex(t)
	var opts pipeline.Options
	r.Params().Apply(&opts)
	in := filepath.Join(t.TempDir(), "night.jsonl")
	var lines []string
	for _, d := range drafts {
		if d.Text == "" {
			continue // not a record
		}
		b, err := json.Marshal(map[string]string{"id": d.ID, "source": d.Source, "text": d.Text})
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// the same drafts as a run keeps them (RelateAnalyzed)
	kept := opts
	kept.KeepAnalyses = true
	run, err := pipeline.Run(context.Background(), []string{in}, nil, kept)
	if err != nil {
		t.Fatal(err)
	}
	defer run.Close()
	defer func() { batchSizeOf = batchSize }()
	for _, tc := range []struct {
		asScan   bool
		size     int // drafts a batch; 0: batchSize's
		analyzed bool
	}{{false, 0, false}, {true, 0, false}, {true, 2, false}, {false, 0, true}, {true, 2, true}} {
		asScan := tc.asScan
		batchSizeOf = batchSize
		if tc.size > 0 {
			batchSizeOf = func(int) int { return tc.size }
		}
		mo := func(it *Item) MatchOptions { return MatchOptions{AsScan: asScan, IndexedFirst: asScan} }
		var ids []string
		related, worked := 0, 0
		collect := func(it *Item) error {
			ids = append(ids, it.Doc.ID)
			want, err := r.Related(it.Doc, it.Analysis, opts, mo(it))
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(it.X.Matches, want) {
				t.Errorf("AsScan %v, batches of %d, analyzed %v, %s: matched %d, Related alone %d", asScan, tc.size, tc.analyzed, it.Doc.ID, len(it.X.Matches), len(want))
			}
			related += len(want)
			return nil
		}
		var mu sync.Mutex
		work := func(*Item) error { mu.Lock(); worked++; mu.Unlock(); return nil }
		var err error
		if tc.analyzed {
			err = r.RelateAnalyzed(context.Background(), run.EachAnalyzed, opts, mo, work, collect)
		} else {
			_, err = r.RelateEach(context.Background(), []string{in}, nil, opts, mo, work, collect)
		}
		if err != nil {
			t.Fatal(err)
		}
		if worked != len(ids) {
			t.Errorf("work ran for %d of %d drafts", worked, len(ids))
		}
		if want := []string{"x-copy", "x-half", "x-quote", "x-story", "x-own"}; !slices.Equal(ids, want) {
			t.Errorf("AsScan %v: collected %v, want %v", asScan, ids, want)
		}
		if related < len(drafts) {
			t.Errorf("AsScan %v: %d matches in all: the drafts share too little for the test", asScan, related)
		}
	}
}
