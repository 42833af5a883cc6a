package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/internal/postings"

	synth "github.com/neardup/neardup/corpus"
)

// evidenceByStages finds the candidate pairs of the evidence stage from the exported stage
// functions alone, as a runner without Run's postings does: documents grouped by fingerprint,
// fingerprints of three groups or more by their documents (docsets), each pair's shared text
// summed. docs are the corpus in input order, root each one's group of copies.
func evidenceByStages(t *testing.T, opts Options, docs []Document, root []int32, run *evidence) []uint64 {
	t.Helper()
	z := NewAnalyzer(opts)
	an := make([]Analysis, len(docs))
	post := map[uint32][]int32{} // fingerprint: its documents, ascending
	seen := map[[2]uint64]int{}  // exact hash: the first document of its group
	var counts DFCounts
	for i, d := range docs {
		an[i] = z.Analyze(d.Text)
		counts.Add(an[i].DFSlots())
		if _, ok := seen[an[i].Exact]; ok {
			continue // an exact duplicate: its group's first stands for it
		}
		seen[an[i].Exact] = i
		for _, fp := range an[i].Fingerprints {
			post[fp] = append(post[fp], int32(i))
		}
	}
	type docset struct {
		fps  []uint32
		docs []int32
	}
	docsets := map[string]*docset{}
	sums := map[[2]int32]*[postings.Classes]int{}
	add := func(a, b int32, w, class int) {
		s := sums[[2]int32{a, b}]
		if s == nil {
			s = new([postings.Classes]int)
			sums[[2]int32{a, b}] = s
		}
		s[class] += min(w, postings.MaxPairWeight)
	}
	var shared []uint32
	for fp, ds := range post {
		if len(ds) < 2 {
			continue
		}
		groups := make([]int64, len(ds))
		for k, d := range ds {
			groups[k] = int64(root[d])
		}
		fc := ClassifyFingerprint(opts, groups)
		if fc.Shared {
			shared = append(shared, fp)
		}
		switch {
		case fc.Recurring:
			key := fmt.Sprint(ds)
			if docsets[key] == nil {
				docsets[key] = &docset{docs: ds}
			}
			docsets[key].fps = append(docsets[key].fps, fp)
		case fc.Pairs:
			for x, a := range ds {
				for _, b := range ds[x+1:] {
					add(a, b, 1, TextOwn)
				}
			}
		}
	}
	set := NewFingerprintSet(shared)
	w := NewWeights(len(docs), counts)
	ev := make([]EvidenceDoc, len(docs))
	for i, d := range docs {
		ev[i] = EvidenceDoc{Source: d.Source, Group: int64(root[i]), Published: d.Published,
			Fingerprints: an[i].Winnowed(), Context: FinishContext(an[i].ContextSample(), set.Has, w)}
	}
	// each source's series, from the titles of all its documents (a runner's aggregate by source)
	bySource := map[string][]int{}
	for i, d := range docs {
		if d.Source != "" {
			bySource[d.Source] = append(bySource[d.Source], i)
		}
	}
	for _, is := range bySource {
		titles := make([]string, len(is))
		for k, i := range is {
			titles[k] = docs[i].Title
		}
		for k, s := range SourceSeries(titles) {
			ev[is[k]].Series = s
		}
	}
	// the background similarity, over every document with a context (an exact duplicate with
	// its first's), and the stock-phrase test of each short docset, against Run's
	var with []int
	for i := range docs {
		if ev[seen[an[i].Exact]].Context.HasContext() {
			with = append(with, seen[an[i].Exact])
		}
	}
	var sims []float64
	for _, p := range BackgroundPairs(len(with)) {
		sims = append(sims, ContextSimilarity(ev[with[p[0]]].Context, ev[with[p[1]]].Context))
	}
	together := StockTogether(sims)
	if together != run.together {
		t.Errorf("stock test's similarity %v, Run's %v", together, run.together)
	}
	short, stock := 0, 0
	for _, s := range docsets {
		slices.Sort(s.fps)
		local := make([]EvidenceDoc, len(s.docs))
		for k, d := range s.docs {
			local[k] = ev[d]
		}
		boiler, st := DocsetEvidence(opts, s.fps, local)
		for _, x := range st {
			add(s.docs[x.A], s.docs[x.B], x.Weight, x.Class)
		}
		if len(s.fps) < StockFingerprints(opts) {
			short++
			got := DocsetStock(opts, local, boiler, together)
			if got {
				stock++
			}
			if want := run.isStockFP(s.fps[0]); got != want {
				t.Errorf("docset of %v: stock %v, Run %v", s.docs, got, want)
			}
		}
	}
	t.Logf("%d short docsets, %d stock", short, stock)
	var cands []uint64
	for p, s := range sums {
		if IsCandidate(opts, ev[p[0]], ev[p[1]], *s) {
			cands = append(cands, uint64(p[0])<<32|uint64(p[1]))
		}
	}
	slices.Sort(cands)
	return cands
}

// readJSONL reads a JSON Lines file as Run does: a repeated id's document is dropped; no
// record may be bad.
func readJSONL(t *testing.T, path string) []Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []Document
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<26)
	var ro input.ReadOptions
	ids := map[string]bool{}
	for line := 1; sc.Scan(); line++ {
		d, _, bad := ro.Parse(input.Record{File: path, Line: line, Data: bytes.Clone(sc.Bytes()), Format: input.FormatJSON})
		if bad != nil {
			t.Fatalf("%v", bad)
		}
		if !ids[d.ID] {
			ids[d.ID] = true
			docs = append(docs, d)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return docs
}

// storyCorpora writes the corpora the tests of whole runs use and returns their paths by name:
// "stories", the story corpora of testdata/stories in one file (boilerplate, quotes in many
// outlets, a digest, one source's copies), and with ../shared (and without -short) "news", a
// news-shaped corpus generated from Reuters-21578 with opts, and "news2", "news3", … with more.
func storyCorpora(t *testing.T, opts synth.Options, more ...synth.Options) map[string]string {
	t.Helper()
	dir := t.TempDir()
	var all bytes.Buffer
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "stories", "*.jsonl"))
	if len(files) < 5 {
		t.Fatalf("%d story corpora", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	corpora := map[string]string{"stories": filepath.Join(dir, "stories.jsonl")}
	if err := os.WriteFile(corpora["stories"], all.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	reuters := filepath.Join("..", "..", "shared", "data", "reuters21578.jsonl.gz")
	if _, err := os.Stat(reuters); err != nil || testing.Short() {
		t.Logf("%s: not found or -short: the story corpora only", reuters)
		return corpora
	}
	model, err := synth.TrainFile(reuters)
	if err != nil {
		t.Fatal(err)
	}
	for k, o := range append([]synth.Options{opts}, more...) {
		var arts bytes.Buffer
		if _, err := synth.GenerateOutput(context.Background(), synth.Output{Articles: &arts}, model, o); err != nil {
			t.Fatal(err)
		}
		name := "news"
		if k > 0 {
			name = fmt.Sprintf("news%d", k+1)
		}
		corpora[name] = filepath.Join(dir, name+".jsonl")
		if err := os.WriteFile(corpora[name], arts.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return corpora
}

// TestEvidenceStagesMatchRun checks that the exported evidence stages, composed as a runner
// without a corpus in memory composes them, find the candidate pairs Run's evidence finds: on
// the story corpora of testdata/stories (boilerplate, quotes in many outlets, a digest, one
// source's copies), and with ../shared on a news-shaped corpus generated from Reuters-21578.
func TestEvidenceStagesMatchRun(t *testing.T) {
	// news2: stories of 300 outlets each among 1,000, told over weeks, whose quotes are fragments
	// held in groups that close in time (groupFew)
	corpora := storyCorpora(t, synth.Options{N: 3000, Seed: 7, Stories: 0.15, Recurring: 0.1, Digests: 0.01,
		SameNames: 0.02, Reruns: 0.01, Templates: 0.01},
		synth.Options{N: 3000, Seed: 11, Sources: 1000, Stories: 0.5, StoryOutletsMin: 300, StoryOutletsMax: 300})
	if p := os.Getenv("ZZ_CORPUS"); p != "" {
		corpora = map[string]string{"zz": p}
	}
	for name, path := range corpora {
		t.Run(name, func(t *testing.T) {
			var root []int32
			var want []uint64
			var ev *evidence
			opts := Options{Workers: 2, onEvidence: func(r []int32, c []uint64, e *evidence) {
				root, want, ev = slices.Clone(r), slices.Clone(c), e
			}, keepEvidence: true} // ev is read after Run
			res, err := Run(context.Background(), []string{path}, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			res.Close()
			docs := readJSONL(t, path)
			if len(root) != len(docs) {
				t.Fatalf("Run numbered %d documents, the file holds %d", len(root), len(docs))
			}
			if len(want) == 0 {
				t.Fatal("Run's evidence found no candidate pair")
			}
			got := evidenceByStages(t, opts, docs, root, ev)
			if !slices.Equal(got, want) {
				t.Errorf("the stages found %d candidate pairs, Run %d; first differences: %s", len(got), len(want),
					firstDiffs(docs, got, want))
			}
			t.Logf("%d documents, %d candidate pairs", len(docs), len(want))
		})
	}
}

// firstDiffs names a few pairs that one list holds and the other does not.
func firstDiffs(docs []Document, got, want []uint64) string {
	var out []string
	name := func(p uint64) string { return docs[p>>32].ID + "~" + docs[uint32(p)].ID }
	for _, p := range got {
		if _, ok := slices.BinarySearch(want, p); !ok && len(out) < 5 {
			out = append(out, "+"+name(p))
		}
	}
	for _, p := range want {
		if _, ok := slices.BinarySearch(got, p); !ok && len(out) < 10 {
			out = append(out, "-"+name(p))
		}
	}
	return strings.Join(out, " ")
}

// TestRepeatedIDsCountNoWords checks that records dropped for a repeated id leave the result as
// it is: their words count in no document frequency (the weights of the context similarity),
// as on a runner that drops them before analysing.
func TestRepeatedIDsCountNoWords(t *testing.T) {
	story, err := os.ReadFile(filepath.Join("..", "testdata", "stories", "outlets30.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	others := readJSONL(t, filepath.Join("..", "testdata", "stories", "digest.jsonl"))
	ids := readJSONL(t, filepath.Join("..", "testdata", "stories", "outlets30.jsonl"))
	// other texts under the story's ids, many times over: enough of them that their words,
	// counted, would change the weights
	var repeats bytes.Buffer
	for k := range 20 {
		for i, d := range others {
			fmt.Fprintf(&repeats, "{\"id\": %q, \"source\": %q, \"text\": %q}\n", ids[(k+i)%len(ids)].ID, d.Source, d.Text)
		}
	}
	path := filepath.Join(t.TempDir(), "day.jsonl") // one name: members name their file
	var results [2]*Result
	for k, data := range [][]byte{story, append(slices.Clone(story), repeats.Bytes()...)} {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		dropped := 0
		res, err := Run(context.Background(), []string{path}, nil, Options{Workers: 2,
			OnRecordError: func(*input.RecordError) { dropped++ }})
		if err != nil {
			t.Fatal(err)
		}
		defer res.Close()
		if k == 1 && dropped != 20*len(others) {
			t.Fatalf("%d records dropped, want %d", dropped, 20*len(others))
		}
		results[k] = res
	}
	if len(results[0].Clusters) == 0 || len(results[0].Clusters[0].Pairs) == 0 {
		t.Fatal("no story found")
	}
	if !reflect.DeepEqual(results[0].Clusters, results[1].Clusters) {
		t.Errorf("records dropped for repeated ids changed the clusters: %d pairs in the first, %d with them",
			len(results[0].Clusters[0].Pairs), len(results[1].Clusters[0].Pairs))
	}
}

// TestAddRecurring checks the driver's half of the recurring passages (Result.AddRecurring):
// a docset whose documents are one story's is left to its pairs, one found in one document only
// is no shared passage, the passages are numbered in order of their first occurrence, a pair's
// before a docset's at the same place, and docsets that overlap in most of their documents are
// one passage (chainDocsets): a quote's fragments, which no docset holds two of.
func TestAddRecurring(t *testing.T) {
	members := []Member{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}, {ID: "e"}}
	// a and b one story; d and e a loose pair with one passage of their own
	pairs := []Pair{
		{A: "a", B: "b", Relation: NearDuplicate, Story: "copy", Passages: []Passage{{AStart: 0, AEnd: 50, BStart: 0, BEnd: 50, Words: 9}}},
		{A: "d", B: "e", Relation: Reuse, Passages: []Passage{{AStart: 10, AEnd: 60, BStart: 5, BEnd: 55, Words: 9}}},
	}
	// s0 to s6 (members 5 to 11) one story of seven, whose quote c, d and e carry too
	var story []int
	for i := range 7 {
		members = append(members, Member{ID: fmt.Sprintf("s%d", i)})
		story = append(story, 5+i)
		if i > 0 {
			pairs = append(pairs, Pair{A: fmt.Sprintf("s%d", i-1), B: fmt.Sprintf("s%d", i), Relation: NearDuplicate, Story: "copy",
				Passages: []Passage{{AStart: 0, AEnd: 50, BStart: 0, BEnd: 50, Words: 9}}})
		}
	}
	at := func(doc, start int) DocsetLocation { // eight words of five bytes each
		return DocsetLocation{Doc: doc, Located: Located{Start: start, End: start + 40, Words: 8, Token: start / 5}}
	}
	// piece is a fragment's piece: the five words from token tok
	piece := func(doc, tok int) DocsetLocation {
		return DocsetLocation{Doc: doc, Located: Located{Start: 5 * tok, End: 5*tok + 25, Words: 5, Token: tok}}
	}
	// fragment is a fragment of docs, each with its piece at token tok
	fragment := func(tok int, docs ...int) RecurringDocset {
		ds := RecurringDocset{Docs: docs, Fragment: true}
		for _, d := range docs {
			ds.Found = append(ds.Found, piece(d, tok))
		}
		return ds
	}
	with := func(more ...int) []int { return append(slices.Clone(story), more...) }
	// the story's quote, tokens 100 to 111, that c, d and e trim their own way: c and d hold its
	// first fragment (with the story), c, d and e the second, d and e the third
	quote := []RecurringDocset{fragment(100, with(2, 3)...), fragment(103, with(2, 3, 4)...), fragment(107, with(3, 4)...)}
	quoteWant := "c@500 d@500 e@515 s0@500 s1@500 s2@500 s3@500 s4@500 s5@500 s6@500"
	tests := []struct {
		name    string
		docsets []RecurringDocset
		want    []string // each passage: its occurrences "id@start"
		wantErr bool
	}{
		{"none", nil, []string{"d@10 e@5"}, false},
		{"one story's", []RecurringDocset{{Docs: []int{0, 1}, Found: []DocsetLocation{at(0, 100), at(1, 100)}}},
			[]string{"d@10 e@5"}, false},
		{"a story's and others", []RecurringDocset{{Docs: []int{0, 1, 2}, Found: []DocsetLocation{at(0, 100), at(1, 90), at(2, 0)}}},
			[]string{"a@100 b@90 c@0", "d@10 e@5"}, false},
		{"a stock phrase: not reported", []RecurringDocset{{Docs: []int{0, 1, 2}, Found: []DocsetLocation{at(0, 100), at(1, 90), at(2, 0)}, Stock: true}},
			[]string{"d@10 e@5"}, false},
		{"in one document only", []RecurringDocset{{Docs: []int{2, 3, 4}, Found: []DocsetLocation{at(2, 0), at(2, 300)}}},
			[]string{"d@10 e@5"}, false},
		{"twice in a document", []RecurringDocset{{Docs: []int{2, 3}, Found: []DocsetLocation{at(2, 0), at(2, 300), at(3, 7)}}},
			[]string{"c@0 c@300 d@7", "d@10 e@5"}, false},
		{"at a pair's place", []RecurringDocset{{Docs: []int{3, 4}, Found: []DocsetLocation{at(3, 10), at(4, 200)}}},
			[]string{"d@10 e@5", "d@10 e@200"}, false},
		{"a story's quote trimmed each way: one passage", quote, []string{quoteWant, "d@10 e@5"}, false},
		{"a fragment alone: too short", quote[1:2], []string{"d@10 e@5"}, false},
		{"a quote only the story carries: its pairs'", []RecurringDocset{fragment(100, story...), fragment(103, story...)},
			[]string{"d@10 e@5"}, false},
		{"a fragment twice in a row in the story's documents: its pairs'", []RecurringDocset{func() RecurringDocset {
			ds := fragment(100, story...)
			for _, d := range story {
				ds.Found = append(ds.Found, piece(d, 104))
			}
			return ds
		}()}, []string{"d@10 e@5"}, false},
		{"fragments of no story: a phrase", []RecurringDocset{fragment(100, 0, 1, 2, 3, 4, 5), fragment(103, 0, 1, 2, 3, 4, 5)},
			[]string{"d@10 e@5"}, false},
		{"overlapping in too few documents: apart", []RecurringDocset{
			{Docs: []int{0, 1, 2, 3, 4}, Found: []DocsetLocation{at(0, 100), at(1, 100), at(2, 100), at(3, 100), at(4, 100)}},
			{Docs: []int{0, 2, 3, 4}, Found: []DocsetLocation{at(0, 130), at(2, 300), at(3, 300), at(4, 300)}},
		}, []string{"a@100 b@100 c@100 d@100 e@100", "a@130 c@300 d@300 e@300", "d@10 e@5"}, false},
		{"no such document", []RecurringDocset{{Docs: []int{2, 99}}}, nil, true},
		{"found past a text's end", []RecurringDocset{{Docs: []int{2, 3},
			Found: []DocsetLocation{at(2, 0), {Doc: 3, Located: Located{Start: 0, End: 1 << 33, Words: 8}}}}}, nil, true},
		{"found backwards", []RecurringDocset{{Docs: []int{2, 3},
			Found: []DocsetLocation{at(2, 0), {Doc: 3, Located: Located{Start: 50, End: 10, Words: 8}}}}}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Stories(members, slices.Clone(pairs), nil)
			if err != nil {
				t.Fatal(err)
			}
			err = res.AddRecurring(Options{}, members, tt.docsets)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want one: %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			var got []string
			for i, sp := range res.Passages {
				if sp.Number != i+1 {
					t.Errorf("passage %d numbered %d", i+1, sp.Number)
				}
				var occ []string
				for _, o := range sp.Occurrences {
					occ = append(occ, fmt.Sprintf("%s@%d", o.ID, o.Start))
				}
				got = append(got, strings.Join(occ, " "))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("passages %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDocsetReported checks which docsets are reported as shared passages of their own, and for
// which of their documents.
func TestDocsetReported(t *testing.T) {
	short := make([]uint32, StockFingerprints(Options{})-1) // a docset short enough to be a stock phrase
	long := make([]uint32, StockFingerprints(Options{}))
	tests := []struct {
		name    string
		fps     []uint32
		sources []string
		boiler  []string
		stock   bool
		want    []int
	}{
		{"reported", short, []string{"x", "y", "z"}, nil, false, []int{0, 1, 2}},
		{"a fragment of a few", []uint32{7}, []string{"x", "y", "z"}, nil, false, nil},
		{"a fragment of many", []uint32{7}, []string{"t", "u", "v", "w", "x", "y", "z"}, nil, false, []int{0, 1, 2, 3, 4, 5, 6}},
		{"a fragment of many, a stock phrase", []uint32{7}, []string{"t", "u", "v", "w", "x", "y", "z"}, nil, true, nil},
		{"a fragment of a few once boilerplate is out", []uint32{7}, []string{"t", "u", "v", "w", "x", "x", "x"}, []string{"x"}, false, nil},
		{"boilerplate of a source left out", short, []string{"x", "y", "x", "z"}, []string{"x"}, false, []int{1, 3}},
		{"boilerplate of all but one", short, []string{"x", "y", "x"}, []string{"x"}, false, nil},
		{"a stock phrase", short, []string{"x", "y", "z"}, nil, true, nil},
		{"too long for a stock phrase", long, []string{"x", "y", "z"}, nil, true, []int{0, 1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DocsetReported(Options{}, tt.fps, tt.sources, tt.boiler, tt.stock)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestStoriesJoined checks the driver's half of joining a story by a passage alone
// (StoriesJoined, joinByPassages, then AddRecurring's placeJoined): an article j in no story (in
// no pair, or linked to the story) that holds the quote of a story s0-s3 joins it, and the
// story's shared passage lists j's occurrence; unless the story's articles holding the quote are
// copies of one, articles in no story hold it as much, j holds another story's text too (held
// by more than half as many copy groups as the story's) or is linked to another story, j's run
// of it is shorter than a passage, or j's words around it are about something else.
func TestStoriesJoined(t *testing.T) {
	members, num := testMembers("s0", "s1", "s2", "s3", "j", "u0", "u1", "u2", "t0", "t1")
	pair := func(a, b string, rel Relation, story string) Pair {
		return Pair{A: a, B: b, Relation: rel, Story: story, Passages: []Passage{{AStart: 0, AEnd: 50, BStart: 0, BEnd: 50, Words: 9}}}
	}
	// s0-s3 one story by its context edges; t0 and t1 another
	told := []Pair{pair("s0", "s1", Reuse, "context"), pair("s1", "s2", Reuse, "context"), pair("s2", "s3", Reuse, "context"),
		pair("t0", "t1", Reuse, "context")}
	// s0-s3 copies of one article
	copied := []Pair{pair("s0", "s1", NearDuplicate, "copy"), pair("s1", "s2", NearDuplicate, "copy"), pair("s2", "s3", NearDuplicate, "copy"),
		pair("t0", "t1", Reuse, "context")}
	// a docset at byte at of each holder: eight words of five bytes, words of them in j
	docset := func(at, words int, holders ...string) RecurringDocset {
		return testDocset(num, "j", at, words, holders...)
	}
	quote := docset(100, 8, "s0", "s1", "s2", "j")
	tests := []struct {
		name    string
		pairs   []Pair
		docsets []RecurringDocset
		context float64 // of j with the others
		joins   bool
		record  bool // j's quote is a passage record, not the story's (nowhere when neither)
	}{
		{"joins", told, []RecurringDocset{quote}, 0.3, true, false},
		{"its context at the bar", told, []RecurringDocset{quote}, passageJoinContext, true, false},
		{"its context under the bar", told, []RecurringDocset{quote}, passageJoinContext - 0.01, false, true},
		{"held by copies of one article", copied, []RecurringDocset{quote}, 0.3, false, true},
		{"held by two of the story", told, []RecurringDocset{docset(100, 8, "s0", "s1", "j")}, 0.3, true, false},
		{"held as much in no story", told, []RecurringDocset{docset(100, 8, "s0", "s1", "j", "u0", "u1")}, 0.3, false, true},
		{"held in no story too, less", told, []RecurringDocset{docset(100, 8, "s0", "s1", "s2", "j", "u0")}, 0.3, true, true},
		{"another story's text too", told, []RecurringDocset{quote, docset(300, 8, "t0", "t1", "j")}, 0.3, false, true},
		// the story's copy groups that hold j's text outnumber the other's twice (joinDominance)
		{"another story's text, outweighed twice", told, []RecurringDocset{docset(100, 8, "s0", "s1", "s2", "s3", "j"), docset(300, 8, "t0", "t1", "j")}, 0.3, true, false},
		{"a story's text and a phrase of no story", told, []RecurringDocset{quote, docset(300, 8, "u0", "u1", "j")}, 0.3, true, false},
		{"too short in it", told, []RecurringDocset{docset(100, 5, "s0", "s1", "s2", "j")}, 0.3, false, false},
		// linked (a pair that is no story edge): to the story it joins, or to another
		{"linked to the story", append(slices.Clone(told), pair("j", "s3", Reuse, "")), []RecurringDocset{quote}, 0.3, true, false},
		{"linked to another story", append(slices.Clone(told), pair("j", "t0", Reuse, "")), []RecurringDocset{quote}, 0.3, false, true},
		// seven words and, overlapping them in j, a fragment: too few of the story hold it for
		// it to be located (storyFragment), so j would hold no passage the report shows
		{"a passage only with a fragment few hold", told, []RecurringDocset{docset(100, 7, "s0", "s1", "s2", "j"), func() RecurringDocset {
			ds := docset(125, 5, "s0", "s1", "j")
			ds.Fragment = true
			return ds
		}()}, 0.3, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			context := func(a, b string) float64 {
				switch {
				case a == "j" || b == "j":
					return tt.context
				case a[0] == 'u' || b[0] == 'u': // about something else
					return 0
				}
				return 0.5
			}
			res, err := StoriesJoined(Options{}, members, slices.Clone(tt.pairs), context, tt.docsets)
			if err != nil {
				t.Fatal(err)
			}
			if err := res.AddRecurring(Options{}, members, tt.docsets); err != nil {
				t.Fatal(err)
			}
			cluster := map[string]int{}
			for _, c := range res.Clusters {
				for _, m := range c.Members {
					cluster[m.ID] = c.Number
				}
			}
			joined := cluster["j"] != 0 && cluster["j"] == cluster["s0"]
			if joined != tt.joins || cluster["j"] != 0 && !joined {
				t.Fatalf("j in cluster %d, s0 in %d: joined %v, want %v", cluster["j"], cluster["s0"], joined, tt.joins)
			}
			if want := b2i(tt.joins); res.Stats.PassageJoins != want {
				t.Errorf("Stats.PassageJoins %d, want %d", res.Stats.PassageJoins, want)
			}
			linked := slices.ContainsFunc(tt.pairs, func(p Pair) bool { return p.A == "j" || p.B == "j" })
			if want := 3 + b2i(!tt.joins && !linked); res.Stats.Singletons != want { // u0-u2, and j unless in a pair or a story
				t.Errorf("Stats.Singletons %d, want %d", res.Stats.Singletons, want)
			}
			// where j's occurrence of the quote is reported
			checkSharedNumbers(t, res)
			inStory, inRecord := quoteReported(t, res, "j", 100, cluster["s0"])
			if want := tt.joins && !tt.record; inStory != want {
				t.Errorf("j's quote among the story's passages: %v, want %v", inStory, want)
			}
			if inRecord != tt.record {
				t.Errorf("j's quote a passage record: %v, want %v", inRecord, tt.record)
			}
		})
	}
}

// TestStoriesJoinedStory: a small story joins the larger one its recurring text points at
// (joinStories), by each condition: its docsets point at one larger story, held by two or
// more of its copy groups, more than by documents in no story, and twice as many of them as the
// copy groups of other stories its docsets point at; a passage in one of its articles,
// near that story's holders in context. Its quote is then one of the story's passages, with the
// occurrence in the small story; otherwise a passage record.
func TestStoriesJoinedStory(t *testing.T) {
	type shape struct{ big, small int } // the stories' articles: b0…, p0…
	var ids []string
	num := map[string]int{}
	add := func(id string) {
		if _, ok := num[id]; !ok {
			num[id] = len(ids)
			ids = append(ids, id)
		}
	}
	chain := func(prefix string, n int, rel Relation, story string) []Pair {
		var ps []Pair
		for i := 1; i < n; i++ {
			a, b := fmt.Sprintf("%s%d", prefix, i-1), fmt.Sprintf("%s%d", prefix, i)
			// each pair shares text of its own, at byte 1000
			ps = append(ps, Pair{A: a, B: b, Relation: rel, Story: story, Passages: []Passage{{AStart: 1000, AEnd: 1050, BStart: 1000, BEnd: 1050, Words: 9}}})
		}
		return ps
	}
	// a docset at byte at of each holder, eight words (words in p0)
	docset := func(at, words int, holders ...string) RecurringDocset {
		return testDocset(num, "p0", at, words, holders...)
	}
	for _, prefix := range []string{"b", "p"} {
		for i := range SmallStory + 2 {
			add(fmt.Sprintf("%s%d", prefix, i))
		}
	}
	for _, id := range []string{"t0", "t1", "t2", "u0", "u1"} {
		add(id)
	}
	members := make([]Member, len(ids))
	for i, id := range ids {
		members[i] = Member{ID: id}
	}
	told := func(s shape) []Pair {
		return append(append(chain("b", s.big, Reuse, "context"), chain("p", s.small, Reuse, "context")...), chain("t", 3, Reuse, "context")...)
	}
	copied := func(s shape) []Pair { // b0-b1 copies, the rest of b another story's
		ps := append(chain("b", 2, NearDuplicate, "copy"), chain("p", s.small, Reuse, "context")...)
		return append(ps, chain("t", 3, Reuse, "context")...)
	}
	two := shape{5, 2}
	quote := func() RecurringDocset { return docset(100, 8, "b0", "b1", "b2", "p0") }
	tests := []struct {
		name    string
		shape   shape
		pairs   []Pair
		docsets func() []RecurringDocset
		context float64 // of the small story's articles with the big one's
		joins   bool
		record  bool // when joined, p0's quote is a passage record (articles in no story hold it), not the story's
	}{
		{"joins", two, told(two), func() []RecurringDocset { return []RecurringDocset{quote()} }, 0.3, true, false},
		{"its context at the bar", two, told(two), func() []RecurringDocset { return []RecurringDocset{quote()} }, passageJoinContext, true, false},
		{"its context under the bar", two, told(two), func() []RecurringDocset { return []RecurringDocset{quote()} }, passageJoinContext - 0.01, false, false},
		{"the most a small story has", shape{SmallStory + 2, SmallStory}, told(shape{SmallStory + 2, SmallStory}), func() []RecurringDocset { return []RecurringDocset{quote()} }, 0.3, true, false},
		{"one article more", shape{SmallStory + 2, SmallStory + 1}, told(shape{SmallStory + 2, SmallStory + 1}), func() []RecurringDocset { return []RecurringDocset{quote()} }, 0.3, false, false},
		{"held by copies of one article", two, copied(two), func() []RecurringDocset { return []RecurringDocset{docset(100, 8, "b0", "b1", "p0")} }, 0.3, false, false},
		{"held as much in no story", two, told(two), func() []RecurringDocset { return []RecurringDocset{docset(100, 8, "b0", "b1", "u0", "u1", "p0")} }, 0.3, false, false},
		{"held in no story too, less", two, told(two), func() []RecurringDocset { return []RecurringDocset{docset(100, 8, "b0", "b1", "b2", "u0", "p0")} }, 0.3, true, true},
		{"another story's text too", two, told(two), func() []RecurringDocset {
			return []RecurringDocset{quote(), docset(300, 8, "t0", "t1", "p1")}
		}, 0.3, false, false},
		// the big story's copy groups that hold the small one's text outnumber the other's
		// twice (joinDominance)
		{"another story's text, outweighed twice", two, told(two), func() []RecurringDocset {
			return []RecurringDocset{docset(100, 8, "b0", "b1", "b2", "b3", "b4", "p0"), docset(300, 8, "t0", "t1", "p1")}
		}, 0.3, true, false},
		{"another story's text, held as much in no story", two, told(two), func() []RecurringDocset {
			return []RecurringDocset{quote(), docset(300, 8, "t0", "t1", "u0", "u1", "p1")}
		}, 0.3, true, false},
		{"a story no larger", shape{2, 2}, told(shape{2, 2}), func() []RecurringDocset { return []RecurringDocset{docset(100, 8, "b0", "b1", "p0")} }, 0.3, false, false},
		{"too short in it", two, told(two), func() []RecurringDocset { return []RecurringDocset{docset(100, 5, "b0", "b1", "b2", "p0")} }, 0.3, false, false},
		// seven words and, overlapping them in p0, a fragment: too few of the two stories hold
		// it for it to be located (storyFragment), so p0 would hold no passage the report shows
		{"a passage only with a fragment few hold", two, told(two), func() []RecurringDocset {
			ds := docset(125, 5, "b0", "b1", "p0")
			ds.Fragment = true
			return []RecurringDocset{docset(100, 7, "b0", "b1", "b2", "p0"), ds}
		}, 0.3, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			context := func(a, b string) float64 {
				switch {
				case a[0] == 'u' || b[0] == 'u': // about something else
					return 0
				case (a[0] == 'p') != (b[0] == 'p') && (a[0] == 'b' || b[0] == 'b'):
					return tt.context
				}
				return 0.5
			}
			docsets := tt.docsets()
			res, err := StoriesJoined(Options{}, members, slices.Clone(tt.pairs), context, docsets)
			if err != nil {
				t.Fatal(err)
			}
			if err := res.AddRecurring(Options{}, members, docsets); err != nil {
				t.Fatal(err)
			}
			cluster := map[string]int{}
			for _, c := range res.Clusters {
				for _, m := range c.Members {
					cluster[m.ID] = c.Number
				}
			}
			if cluster["p0"] == 0 || cluster["b0"] == 0 {
				t.Fatalf("p0 in cluster %d, b0 in %d: both should be in stories", cluster["p0"], cluster["b0"])
			}
			joined := cluster["p0"] == cluster["b0"]
			if joined != tt.joins {
				t.Fatalf("p0 in cluster %d, b0 in %d: joined %v, want %v", cluster["p0"], cluster["b0"], joined, tt.joins)
			}
			if joined && cluster["p1"] != cluster["p0"] {
				t.Errorf("p1 in cluster %d, p0 in %d: the small story joins whole", cluster["p1"], cluster["p0"])
			}
			if want := b2i(tt.joins); res.Stats.StoryJoins != want || res.Stats.PassageJoins != 0 {
				t.Errorf("Stats.StoryJoins %d, PassageJoins %d, want %d, 0", res.Stats.StoryJoins, res.Stats.PassageJoins, want)
			}
			// remade with one more article (neardup scan --index), the small story joins again
			// by the passage that joined it, which is reported with the story
			again, more, err := StoriesAgain(res, append(slices.Clone(members), Member{ID: "indexed"}), res.Pairs, nil)
			if err != nil {
				t.Fatal(err)
			}
			if again.Stats.StoryJoins != res.Stats.StoryJoins {
				t.Errorf("again: %d stories joined, want %d", again.Stats.StoryJoins, res.Stats.StoryJoins)
			}
			for _, c := range again.Clusters {
				if slices.ContainsFunc(c.Members, func(m Member) bool { return m.ID == "p0" }) {
					in := slices.ContainsFunc(c.Members, func(m Member) bool { return m.ID == "b0" })
					quoted := slices.ContainsFunc(c.Passages, func(sp SharedPassage) bool {
						return slices.ContainsFunc(sp.Occurrences, func(o Occurrence) bool { return o.ID == "p0" && o.Start == 100 })
					})
					if in != tt.joins || tt.joins && !tt.record && !quoted {
						t.Errorf("again: p0 with b0 %v (want %v), its quote the story's passage %v", in, tt.joins, quoted)
					}
				}
			}
			if len(more) != 0 { // a passage record stays run's, which its caller reports
				t.Errorf("again: %d passages returned apart, want none", len(more))
			}
			// where p0's occurrence of the docset at byte 100 is reported, if it is a passage
			if docsets[0].Found[len(docsets[0].Found)-1].Words < 8 {
				return
			}
			checkSharedNumbers(t, res)
			inStory, inRecord := quoteReported(t, res, "p0", 100, cluster["b0"])
			if want := tt.joins && !tt.record; inStory != want {
				t.Errorf("p0's quote among the story's passages: %v, want %v", inStory, want)
			}
			if want := tt.record || !tt.joins; inRecord != want {
				t.Errorf("p0's quote a passage record: %v, want %v", inRecord, want)
			}
		})
	}
}

// TestStoriesJoinedAfterStories: an article linked to two parts of one story (a reuse pair with
// a member of each, no story edge) joins nothing while they are two (joinByPassages asks no
// article linked to two stories); once the small part joins the larger (joinStories), it is
// linked to one story, and joins it by the quote it holds with two of its articles, as any
// article linked to one story would. Linked to a story that joins none, it stays apart.
func TestStoriesJoinedAfterStories(t *testing.T) {
	members, num := testMembers("b0", "b1", "b2", "b3", "b4", "p0", "p1", "t0", "t1", "j")
	pair := func(a, b string, story string) Pair {
		return Pair{A: a, B: b, Relation: Reuse, Story: story, Passages: []Passage{{AStart: 1000, AEnd: 1050, BStart: 1000, BEnd: 1050, Words: 9}}}
	}
	// b0-b4 one story, p0-p1 a small one, t0-t1 another; p0 holds b's quote, so p joins b
	stories := []Pair{pair("b0", "b1", "context"), pair("b1", "b2", "context"), pair("b2", "b3", "context"), pair("b3", "b4", "context"),
		pair("p0", "p1", "context"), pair("t0", "t1", "context")}
	docsets := func() []RecurringDocset {
		return []RecurringDocset{
			testDocset(num, "p0", 100, 8, "b0", "b1", "b2", "p0"),
			testDocset(num, "j", 300, 8, "b3", "b4", "j"), // the quote j holds with two of b
		}
	}
	tests := []struct {
		name   string
		linked []string // the articles j is in a reuse pair with
		joins  bool
	}{
		{"linked to both parts of a story", []string{"b4", "p1"}, true},
		{"linked to the story alone", []string{"b4"}, true},
		{"linked to the story and another", []string{"b4", "t1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pairs := slices.Clone(stories)
			for _, id := range tt.linked {
				pairs = append(pairs, pair(id, "j", ""))
			}
			context := func(a, b string) float64 { return 0.3 }
			res, err := StoriesJoined(Options{}, members, pairs, context, docsets())
			if err != nil {
				t.Fatal(err)
			}
			cluster := map[string]int{}
			for _, c := range res.Clusters {
				for _, m := range c.Members {
					cluster[m.ID] = c.Number
				}
			}
			if cluster["p0"] == 0 || cluster["p0"] != cluster["b0"] || res.Stats.StoryJoins != 1 {
				t.Fatalf("p0 in cluster %d, b0 in %d, %d stories joined: the small story should join", cluster["p0"], cluster["b0"], res.Stats.StoryJoins)
			}
			joined := cluster["j"] != 0 && cluster["j"] == cluster["b0"]
			if joined != tt.joins || cluster["j"] != 0 && !joined {
				t.Errorf("j in cluster %d, b0 in %d: joined %v, want %v", cluster["j"], cluster["b0"], joined, tt.joins)
			}
			if want := b2i(tt.joins); res.Stats.PassageJoins != want {
				t.Errorf("Stats.PassageJoins %d, want %d", res.Stats.PassageJoins, want)
			}
			// the same from the pairs of a run (neardup scan --index)
			again, _, err := StoriesAgain(res, slices.Clone(members), res.Pairs, nil)
			if err != nil {
				t.Fatal(err)
			}
			if again.Stats.PassageJoins != res.Stats.PassageJoins {
				t.Errorf("again: %d articles joined by a passage, want %d", again.Stats.PassageJoins, res.Stats.PassageJoins)
			}
		})
	}
}

// checkSharedNumbers fails t when a cluster's shared passages are not numbered 1, 2, … in order,
// or a passage of one of its pairs refers to none of them.
func checkSharedNumbers(t *testing.T, res *Result) {
	t.Helper()
	for _, c := range res.Clusters {
		for i, sp := range c.Passages {
			if sp.Number != i+1 {
				t.Errorf("cluster %d's passage %d numbered %d", c.Number, i+1, sp.Number)
			}
		}
		for _, p := range c.Pairs {
			for _, q := range p.Passages {
				if q.Shared < 1 || q.Shared > len(c.Passages) {
					t.Errorf("cluster %d's pair %s~%s refers to passage %d of %d", c.Number, p.A, p.B, q.Shared, len(c.Passages))
				}
			}
		}
	}
}

// quoteReported reports whether document id's occurrence at byte start is among a cluster's
// shared passages, failing t unless that cluster is story (its number) and the passage has
// three occurrences or more (the story's holders too), and whether a passage record holds it.
func quoteReported(t *testing.T, res *Result, id string, start, story int) (inStory, inRecord bool) {
	t.Helper()
	holds := func(sp SharedPassage) bool {
		return slices.ContainsFunc(sp.Occurrences, func(o Occurrence) bool { return o.ID == id && o.Start == start })
	}
	for _, c := range res.Clusters {
		for _, sp := range c.Passages {
			if holds(sp) {
				inStory = true
				if c.Number != story || len(sp.Occurrences) < 3 {
					t.Errorf("%s's quote is cluster %d's passage of %d occurrences, want the story's (%d) with its holders", id, c.Number, len(sp.Occurrences), story)
				}
			}
		}
	}
	for _, sp := range res.Passages {
		inRecord = inRecord || holds(sp)
	}
	return inStory, inRecord
}

// testMembers returns a member of each id, in order, and each id's number (its index).
func testMembers(ids ...string) ([]Member, map[string]int) {
	num := map[string]int{}
	members := make([]Member, len(ids))
	for i, id := range ids {
		members[i], num[id] = Member{ID: id}, i
	}
	return members, num
}

// testDocset returns a docset of holders (documents by id: num) at byte at of each: eight words of
// five bytes, words of them in document one.
func testDocset(num map[string]int, one string, at, words int, holders ...string) RecurringDocset {
	var ds RecurringDocset
	for _, id := range holders {
		w := 8
		if id == one {
			w = words
		}
		ds.Docs = append(ds.Docs, num[id])
		ds.Found = append(ds.Found, DocsetLocation{Doc: num[id], Located: Located{Start: at, End: at + 5*w, Words: w, Token: at / 5}})
	}
	return ds
}

// TestDocsetStockSeries: a short docset whose documents are about different things is a stock
// phrase; one held mostly by the items of a template series is that series' fixed text, which
// its items hold whatever they are about (lazyStock), and is not.
func TestDocsetStockSeries(t *testing.T) {
	var opts Options
	opts.SetDefaults()
	tests := []struct {
		name   string
		series []string // each document's series ("" for none), one source's documents
		want   bool
	}{
		{"no series", []string{"", "", "", "", "", "", "", ""}, true},
		{"one series", []string{"daily", "daily", "daily", "daily", "daily", "daily", "daily", "daily"}, false},
		{"mostly one series", []string{"daily", "daily", "daily", "daily", "daily", "", "", "weekly"}, false},
		{"half one series", []string{"daily", "daily", "daily", "daily", "", "", "", ""}, true},
		{"two series", []string{"daily", "daily", "daily", "daily", "weekly", "weekly", "weekly", "weekly"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := make([]EvidenceDoc, len(tt.series))
			for i, s := range tt.series {
				// each its own group of copies, no two alike in context (empty samples)
				docs[i] = EvidenceDoc{Source: "ledger", Group: int64(i), Fingerprints: 100, Series: s}
			}
			if got := DocsetStock(opts, docs, nil, 0.1); got != tt.want {
				t.Errorf("DocsetStock(series %q) = %v, want %v", tt.series, got, tt.want)
			}
		})
	}
}
