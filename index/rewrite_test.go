package index

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// The article of TestRewriteKeys and a draft that rewords it from end to end, keeping no run of
// words long enough for a fingerprint. Written for this test.
const (
	ferryArticle = "The Lennox Sound ferry company cancelled its winter timetable on Monday after two of its three boats failed safety inspections, " +
		"leaving the islands of Carra and Mull Beg with a single daily crossing. " +
		"Inspectors found corroded steering gear on both vessels and ordered repairs that the company says will take at least ten weeks. " +
		"Shopkeepers on Carra warned that fresh food deliveries would be cut in half and that the island school might have to close on stormy days. " +
		"The regional transport board has promised an emergency subsidy but has not said how large it will be."
	ferryDraft = "Two of the three boats run by the Lennox Sound ferry company did not pass their safety inspections, so on Monday it scrapped the winter timetable, " +
		"and Carra and Mull Beg are left with one crossing a day. " +
		"Corroded steering gear was found on both ships by the inspectors, who ordered repairs the company expects to last ten weeks or more. " +
		"On Carra, shop owners said deliveries of fresh food would halve and the island school could be shut when storms hit. " +
		"An emergency subsidy has been promised by the regional transport board, which has not given its size."
)

// TestRewriteKeys: an index made looking for rewritten passages (the default) holds each
// article's sentence keys, which Verify checks (deep: against the text analysed again) and
// Compact keeps; a draft that rewords an article from end to end finds it there as a rewritten
// passage, and not in an index made with NoRewrite, where it shares no verbatim passage with it.
func TestRewriteKeys(t *testing.T) {
	docs := []pipeline.Document{doc("ferry-1", ferryArticle)}
	for i := range 8 {
		docs = append(docs, doc("other-"+string(rune('a'+i)), article(uint64(i+50), 220)))
	}
	draft := pipeline.Document{ID: "draft", Text: ferryDraft}
	related := func(path string, rewrite bool) []Match {
		t.Helper()
		r := openT(t, path)
		var opts pipeline.Options
		r.Params().Apply(&opts)
		opts.NoRewrite = !rewrite
		ms, err := r.Related(draft, pipeline.NewAnalyzer(opts).Analyze(draft.Text), opts, MatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}
	for _, rewrite := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "x.ndx")
		opts := pipeline.Options{NoRewrite: !rewrite}
		w, err := OpenWriter(path, WriterOptions{Params: ParamsOf(opts)})
		if err != nil {
			t.Fatal(err)
		}
		w.Params().Apply(&opts)
		z := pipeline.NewAnalyzer(opts)
		for _, d := range docs {
			if _, err := w.Add(d, z.Analyze(d.Text)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		r := openT(t, path)
		st := r.Stats()
		if r.Params().Rewrite != rewrite || (st.Postings[postSents] > 0) != rewrite {
			t.Errorf("rewrite %v: Params.Rewrite %v, %d sentence-key postings", rewrite, r.Params().Rewrite, st.Postings[postSents])
		}
		verifyT(t, path)
		ms := related(path, true)
		switch {
		case !rewrite && len(ms) != 0:
			t.Errorf("without sentence keys: %d matches, want none (no verbatim passage is shared)", len(ms))
		case rewrite && (len(ms) != 1 || ms[0].Doc.ID != "ferry-1" || len(ms[0].Pair.Passages) == 0 ||
			ms[0].Pair.Passages[0].Match != pipeline.Rewritten || ms[0].Pair.CoverageA < 0.8):
			t.Errorf("with sentence keys: matches %+v, want ferry-1 by a rewritten passage covering the draft", ms)
		}
		if !rewrite {
			continue
		}
		if ms := related(path, false); len(ms) != 0 {
			t.Errorf("with sentence keys, not asked for rewritten passages: %d matches, want none", len(ms))
		}
		// an analysis without sentence keys is refused, not stored without them
		w, err = OpenWriter(path, WriterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Add(doc("plain-1", ferryArticle), pipeline.NewAnalyzer(pipeline.Options{NoRewrite: true}).Analyze(ferryArticle)); err == nil ||
			!strings.Contains(err.Error(), "without sentence keys") {
			t.Errorf("Add of an analysis made with NoRewrite: %v, want an error", err)
		}
		w.Close()
		if _, err := Compact(path, false); err != nil {
			t.Fatal(err)
		}
		r = openT(t, path)
		if got := r.Stats().Postings; got != st.Postings {
			t.Errorf("after Compact: postings %v, want %v", got, st.Postings)
		}
		verifyT(t, path)
		if ms := related(path, true); len(ms) != 1 || ms[0].Doc.ID != "ferry-1" {
			t.Errorf("after Compact: %d matches, want ferry-1", len(ms))
		}
		n, _, _ := r.Lookup("ferry-1")
		a, err := r.Analysis(n)
		want := pipeline.NewAnalyzer(opts).Analyze(ferryArticle)
		if err != nil || !slices.Equal(sentenceKeys(a), sentenceKeys(want)) || len(want.SentenceKeys) == 0 {
			t.Errorf("Analysis(ferry-1): sentence keys %d, want the text's %d (%v)", len(a.SentenceKeys), len(sentenceKeys(want)), err)
		}
	}
}

// TestRewriteCandidatesBounds: a sentence key held by more than pipeline.MaxSentenceKeyDocs live
// articles makes no candidates, one of removed articles counts none of them, and keys from one
// sentence of the draft are not enough.
func TestRewriteCandidatesBounds(t *testing.T) {
	opts := pipeline.Options{}
	z := pipeline.NewAnalyzer(opts)
	draft := z.Analyze(ferryDraft)
	build := func(copies int) string {
		path := filepath.Join(t.TempDir(), "x.ndx")
		w, err := OpenWriter(path, WriterOptions{Params: ParamsOf(opts)})
		if err != nil {
			t.Fatal(err)
		}
		for i := range copies {
			d := doc("f"+strings.Repeat("x", i), ferryArticle)
			if _, err := w.Add(d, z.Analyze(d.Text)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, tc := range []struct {
		copies, removed, want int
	}{
		{pipeline.MaxSentenceKeyDocs, 0, pipeline.MaxSentenceKeyDocs},
		{pipeline.MaxSentenceKeyDocs + 1, 0, 0},
		{pipeline.MaxSentenceKeyDocs + 1, 1, pipeline.MaxSentenceKeyDocs}, // the removed one is not held
		{1, 1, 0},
	} {
		path := build(tc.copies)
		if tc.removed > 0 {
			w, err := OpenWriter(path, WriterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for i := range tc.removed {
				if ok, err := w.Remove("f" + strings.Repeat("x", i)); !ok || err != nil {
					t.Fatalf("Remove: %v, %v", ok, err)
				}
			}
			if _, err := w.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		r := openT(t, path)
		if got := len(r.rewriteCandidates(draft, opts, false, nil, nil)); got != tc.want {
			t.Errorf("%d copies, %d removed: %d candidates, want %d", tc.copies, tc.removed, got, tc.want)
		}
	}
	// the keys of the draft's first sentence alone
	first := draft
	first.SentenceKeys = nil
	for _, k := range draft.SentenceKeys {
		if k&(1<<pipeline.SentenceTagBits-1) == 0 {
			first.SentenceKeys = append(first.SentenceKeys, k)
		}
	}
	r := openT(t, build(1))
	if len(first.SentenceKeys) == 0 || len(r.rewriteCandidates(first, opts, false, nil, nil)) != 0 || len(r.rewriteCandidates(draft, opts, false, nil, nil)) != 1 {
		t.Errorf("one sentence's %d keys: %d candidates, want none (all its keys: %d, want 1)", len(first.SentenceKeys),
			len(r.rewriteCandidates(first, opts, false, nil, nil)), len(r.rewriteCandidates(draft, opts, false, nil, nil)))
	}
}

// TestRewriteCandidatesAsScan: for scan --index, sentence keys make a candidate of an indexed
// article by three keys or more from two of the draft's sentences, or by two keys that no other
// indexed article holds; a check takes two keys from two sentences.
func TestRewriteCandidatesAsScan(t *testing.T) {
	opts := pipeline.Options{}
	z := pipeline.NewAnalyzer(opts)
	held := map[uint32]bool{}
	for _, k := range z.Analyze(ferryArticle).SentenceKeys {
		held[uint32(k>>32)] = true
	}
	bySentence := map[uint64][]uint64{} // the draft's keys that the article holds, by sentence tag
	var tags []uint64
	for _, k := range pipeline.NewAnalyzer(opts).Analyze(ferryDraft).SentenceKeys {
		tag := k & (1<<pipeline.SentenceTagBits - 1)
		if held[uint32(k>>32)] && !slices.Contains(bySentence[tag], k) {
			if len(bySentence[tag]) == 0 {
				tags = append(tags, tag)
			}
			bySentence[tag] = append(bySentence[tag], k)
		}
	}
	slices.SortFunc(tags, func(x, y uint64) int { return len(bySentence[y]) - len(bySentence[x]) })
	if len(tags) < 2 || len(bySentence[tags[0]]) < 2 {
		t.Fatalf("the draft shares keys with the article from %d sentences (%v): want two, one with two keys", len(tags), bySentence)
	}
	two := pipeline.Analysis{SentenceKeys: []uint64{bySentence[tags[0]][0], bySentence[tags[1]][0]}}
	three := pipeline.Analysis{SentenceKeys: []uint64{bySentence[tags[0]][0], bySentence[tags[0]][1], bySentence[tags[1]][0]}}
	oneSentence := pipeline.Analysis{SentenceKeys: bySentence[tags[0]]}
	for _, tc := range []struct {
		name          string
		copies        int // of the article in the index: with two, no key is held by one alone
		a             pipeline.Analysis
		check, asScan int
	}{
		{"two keys, two sentences, two copies", 2, two, 2, 0},
		{"three keys, two sentences, two copies", 2, three, 2, 2},
		{"keys of one sentence, two copies", 2, oneSentence, 0, 0},
		{"two keys that one article alone holds", 1, two, 1, 1},
	} {
		path := filepath.Join(t.TempDir(), "x.ndx")
		w, err := OpenWriter(path, WriterOptions{Params: ParamsOf(opts)})
		if err != nil {
			t.Fatal(err)
		}
		for i := range tc.copies {
			d := doc("f"+strings.Repeat("x", i), ferryArticle)
			if _, err := w.Add(d, z.Analyze(d.Text)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		r := openT(t, path)
		if got := len(r.rewriteCandidates(tc.a, opts, false, nil, nil)); got != tc.check {
			t.Errorf("%s: a check's candidates %d, want %d", tc.name, got, tc.check)
		}
		if got := len(r.rewriteCandidates(tc.a, opts, true, nil, nil)); got != tc.asScan {
			t.Errorf("%s: scan's candidates %d, want %d", tc.name, got, tc.asScan)
		}
	}
}

// TestCandidatesMode: scan --index compares a candidate for rewritten passages as scan decides
// from what made it one: sentence keys alone, rewritten passages only; other signals alone,
// verbatim ones only; both, both.
func TestCandidatesMode(t *testing.T) {
	c := candidates{docs: []uint32{1, 2, 3}, other: []uint32{1, 3}, keys: []uint32{2, 3}}
	for _, tc := range []struct {
		n    uint32
		want pipeline.SentenceMode
	}{
		{1, pipeline.NoSentences},
		{2, pipeline.SentencesOnly},
		{3, pipeline.SentencesToo},
	} {
		if got := c.mode(tc.n); got != tc.want {
			t.Errorf("mode(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
}
