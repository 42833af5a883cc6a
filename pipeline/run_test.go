package pipeline_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/reference"
	"github.com/neardup/neardup/report"
	"github.com/neardup/neardup/shingle"
)

// texts reads the documents of inputs as the pipeline does, by id.
func texts(t *testing.T, inputs ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	var ro input.ReadOptions
	err := input.Walk(context.Background(), inputs, nil, &ro, func(r input.Record) error {
		d, _, perr := ro.Parse(r)
		if perr != nil {
			t.Fatalf("parse: %v", perr)
		}
		out[d.ID] = d.Text
		return nil
	}, func(e *input.RecordError) { t.Fatalf("read: %v", e) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func run(t *testing.T, opts pipeline.Options, inputs ...string) *pipeline.Result {
	t.Helper()
	res, err := pipeline.Run(context.Background(), inputs, nil, opts)
	if err != nil {
		t.Fatalf("Run(%v): %v", inputs, err)
	}
	t.Cleanup(func() { res.Close() })
	for i := range res.Clusters {
		if err := res.LoadTexts(&res.Clusters[i]); err != nil {
			t.Fatal(err)
		}
	}
	return res
}

type pairKey struct{ a, b string }

func pairsOf(res *pipeline.Result) map[pairKey]pipeline.Pair {
	m := map[pairKey]pipeline.Pair{}
	for _, c := range res.Clusters {
		for _, p := range c.Pairs {
			a, b := p.A, p.B
			if b < a {
				a, b = b, a
			}
			m[pairKey{a, b}] = p
		}
	}
	return m
}

// checkPassages checks that every passage's text is its document's text at its offsets.
func checkPassages(t *testing.T, res *pipeline.Result, docs map[string]string) {
	t.Helper()
	for _, c := range res.Clusters {
		for _, p := range c.Pairs {
			for _, q := range p.Passages {
				if got := docs[p.A][q.AStart:q.AEnd]; got != q.AText {
					t.Errorf("%s [%d:%d] = %q, passage says %q", p.A, q.AStart, q.AEnd, got, q.AText)
				}
				if got := docs[p.B][q.BStart:q.BEnd]; got != q.BText {
					t.Errorf("%s [%d:%d] = %q, passage says %q", p.B, q.BStart, q.BEnd, got, q.BText)
				}
			}
		}
	}
}

// TestSample checks the bundled sample against its truth file: every listed pair related as
// listed, the boilerplate-only, stock-phrase-only and unrelated pairs not related at all.
func TestSample(t *testing.T) {
	const dir = "../testdata/sample"
	res := run(t, pipeline.Options{}, dir)
	got := pairsOf(res)
	f, err := os.Open("../testdata/sample.truth.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	positives := 0
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) < 3 {
			continue
		}
		a, b, want := fields[0], fields[1], fields[2]
		p, ok := got[pairKey{a, b}]
		switch {
		case want == "none" && ok:
			t.Errorf("%s ~ %s reported as %s (%s), want unrelated: %s", a, b, p.Relation, passagesText(p), fields[3])
		case want != "none" && !ok:
			t.Errorf("%s ~ %s not reported, want %s: %s", a, b, want, fields[3])
		case want != "none" && string(p.Relation) != want:
			t.Errorf("%s ~ %s reported as %s, want %s", a, b, p.Relation, want)
		}
		if want != "none" {
			positives++
		}
	}
	if len(got) != positives {
		t.Errorf("%d pairs reported, the truth file lists %d", len(got), positives)
	}
	// no passage holds the newsletter box or stands for the stock phrase alone
	for _, p := range got {
		for _, q := range p.Passages {
			if box := "Get the Morning Ledger in your inbox"; strings.Contains(q.AText, box) || strings.Contains(q.BText, box) {
				t.Errorf("%s ~ %s: a passage holds the newsletter box: %q", p.A, p.B, q.AText)
			}
		}
	}
	checkPassages(t, res, texts(t, dir))
}

func passagesText(p pipeline.Pair) string {
	var s []string
	for _, q := range p.Passages {
		s = append(s, fmt.Sprintf("%q", q.AText))
	}
	return strings.Join(s, ", ")
}

// TestSampleStockPhrase: with a lower --min-reuse-words the stock phrase alone would make pairs;
// the stock-phrase rules (no candidates from stock fingerprints alone, stock passages dropped)
// must still keep them apart.
func TestSampleStockPhrase(t *testing.T) {
	res := run(t, pipeline.Options{MinReuseWords: 10}, "../testdata/sample")
	for k, p := range pairsOf(res) {
		for _, q := range p.Passages {
			if strings.Contains(q.AText, "did not respond to several requests") && len(p.Passages) == 1 && p.Relation == pipeline.Reuse {
				t.Errorf("%v related by the stock phrase alone: %q", k, q.AText)
			}
		}
	}
}

// The seed articles (../shared/seeds) and the quotes they share.
const (
	seedsDir = "../../shared/seeds"
	s0       = "000_765c3db850085047.txt"
	s1       = "001_311500f7356b9e0f.txt"
	s2       = "002_7f1b1c770df0f563.txt"
	molars   = "he had a problem with his molars and instead of treating them, they took them out so he wouldn't fuss"
	door     = "You always have to keep the door open when it comes to human rights"
	joaquin  = "Joaquin asked me through verbal messages to fight for his return to Mexico"
)

// scanSeeds scans the seed articles with opts and checks what holds in every mode: one story
// cluster of the three; each pair that carries a quote reported with a passage holding it on
// both sides, and no passage holding the newsletter sign-up.
func scanSeeds(t *testing.T, opts pipeline.Options) *pipeline.Result {
	t.Helper()
	if _, err := os.Stat(seedsDir); err != nil {
		t.Skip("../shared/seeds is absent")
	}
	res := run(t, opts, seedsDir)
	if len(res.Clusters) != 1 || len(res.Clusters[0].Members) != 3 || res.Clusters[0].Kind != pipeline.KindStory {
		t.Fatalf("want one story cluster of 3 articles, got %+v", res.Clusters)
	}
	got := pairsOf(res)
	for k, quotes := range map[pairKey][]string{{s0, s1}: {molars, door}, {s0, s2}: {molars}, {s1, s2}: {molars, joaquin}} {
		p, ok := got[k]
		if !ok {
			t.Errorf("pair %v not reported", k)
			continue
		}
		for _, quote := range quotes {
			found := false
			for _, q := range p.Passages {
				found = found || strings.Contains(shingle.Normalize(q.AText), shingle.Normalize(quote)) &&
					strings.Contains(shingle.Normalize(q.BText), shingle.Normalize(quote))
			}
			if !found {
				t.Errorf("pair %v: no passage holds %q; passages: %s", k, quote, passagesText(p))
			}
		}
		for _, q := range p.Passages {
			if strings.Contains(q.AText, "Sign up") || strings.Contains(q.BText, "Sign up") {
				t.Errorf("pair %v: a passage holds the newsletter sign-up: %q", k, q.AText)
			}
		}
	}
	return res
}

// holding returns the documents whose occurrence of sp holds quote (compared normalised).
func holding(sp *pipeline.SharedPassage, docs map[string]string, quote string) []string {
	var at []string
	for _, o := range sp.Occurrences {
		if strings.Contains(shingle.Normalize(docs[o.ID][o.Start:o.End]), shingle.Normalize(quote)) {
			at = append(at, o.ID)
		}
	}
	return at
}

// TestSeeds is the acceptance test of the three El Chapo articles in ../shared/seeds, verbatim
// passages only (--rewrite=false); TestSeedsRewrite is the default's.
func TestSeeds(t *testing.T) {
	res := scanSeeds(t, pipeline.Options{NoRewrite: true})
	// the cluster reports each quote once, with its occurrences, and nothing of the newsletter box
	docs := texts(t, seedsDir)
	holders := map[string][]string{molars: {s0, s1, s2}, door: {s0, s1}, joaquin: {s1, s2}}
	for quote, want := range holders {
		n := 0
		for _, sp := range res.Clusters[0].Passages {
			if at := holding(&sp, docs, quote); len(at) > 0 {
				n++
				if fmt.Sprint(at) != fmt.Sprint(want) {
					t.Errorf("quote %q: occurrences in %v, want %v", quote, at, want)
				}
			}
		}
		if n != 1 {
			t.Errorf("quote %q: in %d shared passages, want 1", quote, n)
		}
	}
	noBoxes(t, reported(t, res, docs), []string{"Sign up to our Evening Headlines email for your daily guide to the latest news"})
	checkPassages(t, res, docs)
}

// TestSeedsRewrite is TestSeeds with rewritten passages looked for, as by default: one story cluster of the
// three articles; each quote held, on both sides, by a passage of every pair that carries it;
// the quote all three carry one verbatim shared passage with its three occurrences (the
// rewritten passages of a pair stay pairwise, and may hold a quote too); nothing of the
// newsletter box.
func TestSeedsRewrite(t *testing.T) {
	res := scanSeeds(t, pipeline.Options{})
	docs := texts(t, seedsDir)
	verbatim := 0
	for _, sp := range res.Clusters[0].Passages {
		if len(sp.Occurrences) == 3 && fmt.Sprint(holding(&sp, docs, molars)) == fmt.Sprint([]string{s0, s1, s2}) {
			verbatim++
		}
	}
	if verbatim != 1 {
		t.Errorf("the molars quote: %d shared passages with its three occurrences, want 1", verbatim)
	}
	noBoxes(t, reported(t, res, docs), []string{"Sign up to our Evening Headlines email for your daily guide to the latest news"})
	checkPassages(t, res, docs)
}

// TestRecallProperty plants edited copies at known Jaccard among random documents: at least 99%
// of the pairs at or above the threshold must be found (all of those 0.1 above it), and no pair
// below both thresholds may be reported.
func TestRecallProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x", rng.Uint32())
	}
	var docs []string
	for i := 0; i < 800; i++ {
		words := make([]string, 60+rng.IntN(200))
		for k := range words {
			words[k] = vocab[rng.IntN(len(vocab))]
		}
		docs = append(docs, strings.Join(words, " "))
		if i%2 == 1 { // an edited copy of the previous document: some words replaced
			copyWords := fields(docs[i-1])
			rate := rng.Float64() * 0.12
			for k := range copyWords {
				if rng.Float64() < rate {
					copyWords[k] = vocab[rng.IntN(len(vocab))]
				}
			}
			if rng.IntN(4) == 0 { // and sometimes cut short
				copyWords = copyWords[:len(copyWords)*(50+rng.IntN(50))/100]
			}
			docs[i] = strings.Join(copyWords, " ")
		}
	}
	var in bytes.Buffer
	for i, d := range docs {
		fmt.Fprintf(&in, `{"id":"d%03d","text":%q}`+"\n", i, d)
	}
	opts := pipeline.Options{NoReuse: true}
	res, err := pipeline.Run(context.Background(), []string{"-"}, &in, opts)
	if err != nil {
		t.Fatal(err)
	}
	got := pairsOf(res)
	ref := reference.Pairs(reference.Sets(docs, 5), pipeline.DefaultThreshold, 2)
	found, total := 0, 0
	for _, p := range ref {
		k := pairKey{fmt.Sprintf("d%03d", p.A), fmt.Sprintf("d%03d", p.B)}
		_, ok := got[k]
		total++
		if ok {
			found++
		} else if p.Jaccard >= pipeline.DefaultThreshold+0.1 {
			t.Errorf("pair %v at Jaccard %.3f not found", k, p.Jaccard)
		}
	}
	if total < 200 {
		t.Fatalf("only %d reference pairs: the test corpus is too easy", total)
	}
	if recall := float64(found) / float64(total); recall < 0.99 {
		t.Errorf("recall %.4f (%d of %d) < 0.99", recall, found, total)
	}
	for k, p := range got {
		if p.Jaccard < pipeline.DefaultThreshold && p.Containment < pipeline.DefaultContainment {
			t.Errorf("pair %v reported at Jaccard %.3f, containment %.3f", k, p.Jaccard, p.Containment)
		}
	}
	t.Logf("recall %d/%d", found, total)
}

func fields(s string) []string { return strings.Fields(s) }

// TestDeterministic: the same input gives byte-identical output, with one worker or several.
func TestDeterministic(t *testing.T) {
	var outs []string
	for _, w := range []int{1, 2, 3, 1} {
		res := run(t, pipeline.Options{Workers: w}, "../testdata/sample")
		var b bytes.Buffer
		if err := report.JSONL(&b, res); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b.String())
	}
	for i := 1; i < len(outs); i++ {
		if outs[i] != outs[0] {
			t.Fatalf("run %d differs from run 0", i)
		}
	}
}

// TestLoadTexts: Run keeps passages as offsets; LoadTexts fills their texts and DropTexts empties them.
func TestLoadTexts(t *testing.T) {
	res, err := pipeline.Run(context.Background(), []string{"../testdata/sample"}, nil, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	c := &res.Clusters[0]
	q := c.Pairs[0].Passages[0]
	if q.AText != "" || q.BText != "" {
		t.Fatalf("Run filled passage texts: %q", q.AText)
	}
	if err := res.LoadTexts(c); err != nil {
		t.Fatal(err)
	}
	q = c.Pairs[0].Passages[0]
	ta, _ := res.Text(c.Pairs[0].A)
	if q.AText == "" || q.AText != ta[q.AStart:q.AEnd] {
		t.Errorf("LoadTexts: AText %q, want the slice of the text", q.AText)
	}
	res.DropTexts(c)
	if c.Pairs[0].Passages[0].AText != "" {
		t.Error("DropTexts left the text")
	}
}

// TestPrefilterChangesNothing: the filter before verification drops only pairs verification
// rejects, so reports are byte-identical with it and without, with reuse and without; on a corpus
// of recurring paragraphs, where most LSH candidates are false, it drops some.
func TestPrefilterChangesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 16))
	paras := make([]string, 40)
	for i := range paras {
		words := make([]string, 25+rng.IntN(20))
		for k := range words {
			words[k] = fmt.Sprintf("w%x", rng.Uint32()%5000)
		}
		paras[i] = strings.Join(words, " ")
	}
	var in bytes.Buffer
	var prev []string
	for i := 0; i < 300; i++ {
		var doc []string
		if i%3 == 2 { // an edited copy of the previous document
			doc = slices.Clone(prev)
			doc[rng.IntN(len(doc))] = paras[rng.IntN(len(paras))]
		} else {
			for range 4 + rng.IntN(6) {
				doc = append(doc, paras[rng.IntN(len(paras))])
			}
		}
		prev = doc
		fmt.Fprintf(&in, `{"id":"d%03d","text":%q}`+"\n", i, strings.Join(doc, "\n\n"))
	}
	corpus := in.Bytes()
	for _, noReuse := range []bool{false, true} {
		for _, input := range []string{"-", "../testdata/sample"} {
			var outs [2]string
			var dropped int
			for k, opts := range []pipeline.Options{{NoReuse: noReuse}, pipeline.WithoutPrefilter(pipeline.Options{NoReuse: noReuse})} {
				res, err := pipeline.Run(context.Background(), []string{input}, bytes.NewReader(corpus), opts)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := report.JSONL(&b, res); err != nil {
					t.Fatal(err)
				}
				outs[k] = b.String()
				if k == 0 {
					dropped = res.Stats.Prefiltered
					t.Logf("%s, NoReuse %v: %d of %d LSH candidates dropped, %d pairs", input, noReuse, dropped, res.Stats.LSHCandidates, res.Stats.Pairs)
				}
				res.Close()
			}
			if outs[0] != outs[1] {
				t.Errorf("%s, NoReuse %v: the report differs with the filter and without", input, noReuse)
			}
			if input == "-" && dropped == 0 {
				t.Errorf("NoReuse %v: the filter dropped no candidate of the recurring paragraphs", noReuse)
			}
		}
	}
}

// TestChangesMadeWithTexts: Run's near-duplicate pairs get their Changes when a report loads
// their texts (as Diff makes them, from the original to the copy), and lose them when the texts
// are dropped; PairChanges makes them without keeping them; with NoReuse there are none.
func TestChangesMadeWithTexts(t *testing.T) {
	body := "The harbour authority approved the dredging of the northern channel on Monday, after " +
		"two years of surveys and objections from the fishing cooperative. The work will start in " +
		"September and cost 42 million, the authority said in a statement. Engineer Mary Oduya said " +
		"the channel had silted up faster than any model predicted, and that ships of the largest " +
		"class had been turned away twice this year. "
	copied := strings.Replace(strings.Replace(body, "42 million", "45 million", 1), "Oduya", "Adeyemi", 1) +
		"Local divers have offered to help with the surveys."
	var b strings.Builder
	for _, d := range []struct{ id, date, text string }{
		{"copy", "2026-03-02", copied}, {"wire", "2026-03-01", body},
		{"other", "2026-03-01", "Rain is expected across the region for the rest of the week, forecasters said."},
	} {
		fmt.Fprintf(&b, `{"id":%q,"published":%q,"text":%q}`+"\n", d.id, d.date, d.text)
	}
	path := writeCorpus(t, b.String())
	res, err := pipeline.Run(context.Background(), []string{path}, nil, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	if len(res.Pairs) != 1 || len(res.Clusters) != 1 || len(res.Clusters[0].Pairs) != 1 {
		t.Fatalf("%d pairs, %d clusters; want one pair in one cluster", len(res.Pairs), len(res.Clusters))
	}
	p, listed := &res.Pairs[0], &res.Clusters[0].Pairs[0]
	if p.Relation != pipeline.NearDuplicate || p.Origin != "wire" {
		t.Fatalf("pair %s ~ %s: %s, origin %q; want a near-duplicate whose origin is wire", p.A, p.B, p.Relation, p.Origin)
	}
	if p.Changes != nil || listed.Changes != nil {
		t.Fatal("changes made before the texts were loaded")
	}
	want := pipeline.Diff(&pipeline.Document{ID: "wire", Text: body}, &pipeline.Document{ID: "copy", Text: copied}, swap(p.Passages))
	if want.To != "copy" || want.WordsAdded == 0 || len(want.Edits) == 0 {
		t.Fatalf("Diff gives %+v: no test", want)
	}
	got, err := res.PairChanges(p)
	if err != nil || !reflect.DeepEqual(got, want) || p.Changes != nil {
		t.Errorf("PairChanges: %+v, %v (kept: %v); want %+v, not kept", got, err, p.Changes != nil, want)
	}
	if err := res.LoadPairTexts(p); err != nil || !reflect.DeepEqual(p.Changes, want) {
		t.Errorf("LoadPairTexts: changes %+v, %v; want %+v", p.Changes, err, want)
	}
	pipeline.DropPairTexts(p)
	if p.Changes != nil {
		t.Error("DropPairTexts kept the changes it made")
	}
	if err := res.LoadTexts(&res.Clusters[0]); err != nil || !reflect.DeepEqual(listed.Changes, want) {
		t.Errorf("LoadTexts: changes %+v, %v; want %+v", listed.Changes, err, want)
	}
	res.DropTexts(&res.Clusters[0])
	if listed.Changes != nil {
		t.Error("DropTexts kept the changes it made")
	}
	// changes set by hand (Direct's, an index's) are the pair's own: dropping the texts keeps them
	listed.Changes = want
	res.DropTexts(&res.Clusters[0])
	if listed.Changes != want {
		t.Error("DropTexts dropped changes it did not make")
	}

	plain := run(t, pipeline.Options{NoReuse: true}, path)
	for _, p := range plain.Clusters[0].Pairs {
		if p.Relation != pipeline.NearDuplicate || p.Changes != nil {
			t.Errorf("NoReuse: pair %s ~ %s %s, changes %v; want a near-duplicate without", p.A, p.B, p.Relation, p.Changes)
		}
	}
}

// swap returns passages with their sides exchanged.
func swap(ps []pipeline.Passage) []pipeline.Passage {
	out := make([]pipeline.Passage, len(ps))
	for i, q := range ps {
		out[i] = pipeline.Passage{AStart: q.BStart, AEnd: q.BEnd, BStart: q.AStart, BEnd: q.AEnd, Words: q.Words}
	}
	return out
}

// TestEvidenceOffHeap: the evidence's arrays outside the heap, unmapped when Run returns, give
// the reports they give on the heap, with one worker or several, on the story corpora (quotes
// many outlets carry, sign-up boxes, digests) together: every docset, boilerplate table and set
// of fingerprints is read from that memory, and whatever read it after it was unmapped would
// crash the test or change the report.
func TestEvidenceOffHeap(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "stories", "*.jsonl"))
	if len(files) < 5 {
		t.Fatalf("%d story corpora", len(files))
	}
	report1 := func(opts pipeline.Options) (string, pipeline.Stats) {
		res := run(t, opts, files...)
		var b bytes.Buffer
		if err := report.JSONL(&b, res); err != nil {
			t.Fatal(err)
		}
		return b.String(), res.Stats
	}
	heap, st := report1(pipeline.WithEvidenceOnHeap(pipeline.Options{Workers: 2}))
	if st.Docsets == 0 || st.Boilerplate == 0 {
		t.Fatalf("the corpora gave %d docsets and %d boilerplate fingerprints: the evidence is not exercised", st.Docsets, st.Boilerplate)
	}
	for _, w := range []int{1, 2, 3} {
		// every array mapped, however small: these corpora's are under offheap.DefaultMin
		if off, _ := report1(pipeline.WithEvidenceMapped(pipeline.Options{Workers: w})); off != heap {
			t.Errorf("%d workers: the report with the evidence off the heap differs from the one on it", w)
		}
	}
}
