package pipeline_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/internal/benchtext"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/shingle"
)

// storyTruth reads testdata/stories/NAME.truth.tsv: id, story, role.
func storyTruth(t *testing.T, name string) (story, role map[string]string) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "stories", name+".truth.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	story, role = map[string]string{}, map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		if n == 1 || len(f) < 3 {
			continue
		}
		story[f[0]], role[f[0]] = f[1], f[2]
	}
	return story, role
}

// boxes returns the paragraphs that three or more articles of one source carry: its newsletter
// box or footer.
func boxes(t *testing.T, path string) []string {
	t.Helper()
	bySource := map[string]map[string]int{}
	var ro input.ReadOptions
	err := input.Walk(t.Context(), []string{path}, nil, &ro, func(r input.Record) error {
		d, _, err := ro.Parse(r)
		if err != nil {
			t.Fatal(err)
		}
		if bySource[d.Source] == nil {
			bySource[d.Source] = map[string]int{}
		}
		for _, p := range strings.Split(d.Text, "\n\n") {
			bySource[d.Source][strings.TrimSpace(p)]++
		}
		return nil
	}, func(e *input.RecordError) { t.Fatal(e) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, paras := range bySource {
		for p, n := range paras {
			if n >= 3 && len(strings.Fields(p)) >= 8 {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

// clusterOf returns each member's cluster number.
func clusterOf(res *pipeline.Result) map[string]int {
	m := map[string]int{}
	for _, c := range res.Clusters {
		for _, mb := range c.Members {
			m[mb.ID] = c.Number
		}
	}
	return m
}

// eachReported calls f with every stretch of text a result reports, as document id's bytes start
// to end: the clusters' shared passages, the shared passages of documents in no story, and both
// sides of every pair's passages.
func eachReported(res *pipeline.Result, f func(id string, start, end int)) {
	add := func(sp pipeline.SharedPassage) {
		for _, o := range sp.Occurrences {
			f(o.ID, o.Start, o.End)
		}
	}
	for _, c := range res.Clusters {
		for _, sp := range c.Passages {
			add(sp)
		}
	}
	for _, sp := range res.Passages {
		add(sp)
	}
	for _, p := range res.Pairs {
		for _, q := range p.Passages {
			f(p.A, q.AStart, q.AEnd)
			f(p.B, q.BStart, q.BEnd)
		}
	}
}

// reported returns the text of every passage a result reports, as its documents wrote it
// (eachReported).
func reported(t *testing.T, res *pipeline.Result, docs map[string]string) []string {
	t.Helper()
	var out []string
	eachReported(res, func(id string, start, end int) { out = append(out, docs[id][start:end]) })
	return out
}

// noBoxes fails when a reported passage holds words of a box (eight or more in a row).
func noBoxes(t *testing.T, passages, boxes []string) {
	t.Helper()
	for _, box := range boxes {
		words := strings.Fields(shingle.Normalize(box))
		for _, p := range passages {
			norm := shingle.Normalize(p)
			for i := 0; i+8 <= len(words); i += 4 {
				if strings.Contains(norm, strings.Join(words[i:i+8], " ")) {
					t.Errorf("a reported passage holds the box %q: %q", clip(box), clip(p))
					return
				}
			}
		}
	}
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

// TestStoryOf30Outlets: one story told by 30 outlets, each its own rewrite quoting one or two
// of four quotes, four of them with a newsletter box they carry in all their articles, and 15
// unrelated articles of those outlets. One story cluster of the 30; each quote one verbatim
// shared passage with all its occurrences; no box text reported. With and without --rewrite:
// with it the outlets' rewrites of one another are rewritten passages besides (pairwise, and a
// quote may lie inside one).
func TestStoryOf30Outlets(t *testing.T) {
	for _, opts := range []pipeline.Options{{NoRewrite: true}, {}} {
		t.Run(fmt.Sprintf("rewrite=%v", opts.Rewrites()), func(t *testing.T) { testStoryOf30Outlets(t, opts) })
	}
}

func testStoryOf30Outlets(t *testing.T, opts pipeline.Options) {
	path := filepath.Join("..", "testdata", "stories", "outlets30.jsonl")
	story, _ := storyTruth(t, "outlets30")
	docs := texts(t, path)
	res := run(t, opts, path)
	if len(res.Clusters) != 1 {
		t.Fatalf("%d clusters, want 1", len(res.Clusters))
	}
	c := res.Clusters[0]
	for _, m := range c.Members {
		if story[m.ID] != "brennock-dam" {
			t.Errorf("member %s is of story %s", m.ID, story[m.ID])
		}
	}
	if len(c.Members) != 30 || c.Kind != pipeline.KindStory {
		t.Errorf("cluster of %d %s articles, want a story of 30", len(c.Members), c.Kind)
	}
	data, err := os.ReadFile(filepath.Join("..", "testdata", "stories", "outlets30.quotes.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, quote := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		q := shingle.Normalize(quote)
		var holders []string // the articles that quote it
		for id, text := range docs {
			if strings.Contains(shingle.Normalize(text), q) {
				holders = append(holders, id)
			}
		}
		slices.Sort(holders)
		var found []pipeline.SharedPassage
		for _, sp := range c.Passages {
			if sp.Match != pipeline.Rewritten && strings.Contains(shingle.Normalize(docs[sp.Occurrences[0].ID][sp.Occurrences[0].Start:sp.Occurrences[0].End]), q[:len(q)/2]) {
				found = append(found, sp)
			}
		}
		if len(found) != 1 {
			t.Errorf("quote %q: %d verbatim shared passages hold it, want 1", clip(quote), len(found))
			continue
		}
		var at []string
		for _, o := range found[0].Occurrences {
			at = append(at, o.ID)
			if !strings.Contains(shingle.Normalize(docs[o.ID][o.Start:o.End]), q) {
				t.Errorf("quote %q: the occurrence in %s is %q", clip(quote), o.ID, clip(docs[o.ID][o.Start:o.End]))
			}
		}
		slices.Sort(at)
		if !slices.Equal(at, holders) {
			t.Errorf("quote %q: occurrences in %v, want the %d articles that quote it: %v", clip(quote), at, len(holders), holders)
		}
	}
	noBoxes(t, reported(t, res, docs), boxes(t, path))
}

// TestStoryOneSourceCopies: one outlet copies passages of a wire story in five of its articles,
// which all carry its footer: the five copies are found and are one story with the original, and
// the footer is no passage.
func TestStoryOneSourceCopies(t *testing.T) {
	path := filepath.Join("..", "testdata", "stories", "one-source-copies.jsonl")
	_, role := storyTruth(t, "one-source-copies")
	docs := texts(t, path)
	res := run(t, pipeline.Options{}, path)
	cl := clusterOf(res)
	var original string
	for id, r := range role {
		if r == "original" {
			original = id
		}
	}
	copies := 0
	for id, r := range role {
		switch {
		case r == "copy":
			copies++
			if cl[id] == 0 || cl[id] != cl[original] {
				t.Errorf("copy %s: cluster %d, the original's %d", id, cl[id], cl[original])
			}
			if !slices.ContainsFunc(res.Pairs, func(p pipeline.Pair) bool {
				return (p.A == id || p.B == id) && (p.A == original || p.B == original) && p.Relation == pipeline.Reuse
			}) {
				t.Errorf("copy %s: not related to the original", id)
			}
		case r == "unrelated" && cl[id] != 0:
			t.Errorf("unrelated %s is in cluster %d", id, cl[id])
		}
	}
	if copies != 5 {
		t.Fatalf("%d copies in the truth, want 5", copies)
	}
	noBoxes(t, reported(t, res, docs), boxes(t, path))
}

// TestStoryDigest: a digest copies one sentence of each of three stories: three clusters, the
// digest in none, each listing it among its links, and a hub record for it linking all three.
// With a second digest of the series, which shares the first's template text and copies one
// sentence each from other articles of the same stories, the same: each digest is like every
// story it holds an item of, and must not join them for the other.
func TestStoryDigest(t *testing.T) {
	for _, name := range []string{"digest", "two-digests"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "stories", name+".jsonl")
			story, role := storyTruth(t, name)
			res := run(t, pipeline.Options{}, path)
			var digests []string
			for id, r := range role {
				if r == "digest" {
					digests = append(digests, id)
				}
			}
			slices.Sort(digests)
			if len(res.Clusters) != 3 {
				t.Fatalf("%d clusters, want 3", len(res.Clusters))
			}
			for _, c := range res.Clusters {
				s := story[c.Members[0].ID]
				for _, m := range c.Members {
					if story[m.ID] != s {
						t.Errorf("cluster %d holds %s (%s) and %s (%s)", c.Number, c.Members[0].ID, s, m.ID, story[m.ID])
					}
				}
				want := 0
				for id, st := range story {
					if st == s && role[id] != "digest" {
						want++
					}
				}
				if len(c.Members) != want {
					t.Errorf("cluster %d: %d members of story %s, want %d", c.Number, len(c.Members), s, want)
				}
				for _, digest := range digests {
					if !slices.ContainsFunc(c.Links, func(l pipeline.Link) bool { return l.ID == digest && l.Cluster == 0 }) {
						t.Errorf("cluster %d (%s) does not list the digest %s among its links", c.Number, s, digest)
					}
				}
			}
			for _, digest := range digests {
				i := slices.IndexFunc(res.Hubs, func(h pipeline.Hub) bool { return h.Member.ID == digest })
				if i < 0 {
					t.Fatalf("no hub record for the digest %s", digest)
				}
				linked := map[int]bool{}
				for _, l := range res.Hubs[i].Links {
					if l.Cluster == 0 && role[l.ID] != "digest" {
						t.Errorf("the digest %s links %s, in no cluster", digest, l.ID)
					}
					if l.Cluster != 0 {
						linked[l.Cluster] = true
					}
				}
				if len(linked) != 3 {
					t.Errorf("the digest %s links clusters %v, want the three", digest, linked)
				}
			}
		})
	}
}

// TestStorySameNames: two stories with the same people and places, each with its own quote, are
// two clusters.
func TestStorySameNames(t *testing.T) {
	path := filepath.Join("..", "testdata", "stories", "same-names.jsonl")
	story, _ := storyTruth(t, "same-names")
	res := run(t, pipeline.Options{}, path)
	if len(res.Clusters) != 2 {
		t.Fatalf("%d clusters, want 2", len(res.Clusters))
	}
	for _, c := range res.Clusters {
		for _, m := range c.Members {
			if story[m.ID] != story[c.Members[0].ID] {
				t.Errorf("cluster %d mixes stories %s and %s", c.Number, story[c.Members[0].ID], story[m.ID])
			}
		}
		if len(c.Members) != 3 {
			t.Errorf("cluster %d has %d members, want 3", c.Number, len(c.Members))
		}
	}
}

// TestRecurringPassage: a paragraph in six otherwise unrelated articles is reported once, as a
// shared passage of documents that are not one story, with all six occurrences, and makes no
// cluster and no pair; with --rewrite too, where its sentences make the six candidates of one
// another (rewriteOnly).
func TestRecurringPassage(t *testing.T) {
	for _, opts := range []pipeline.Options{{NoRewrite: true}, {}} {
		t.Run(fmt.Sprintf("rewrite=%v", opts.Rewrites()), func(t *testing.T) { testRecurringPassage(t, opts) })
	}
}

func testRecurringPassage(t *testing.T, opts pipeline.Options) {
	rng := rand.New(rand.NewPCG(5, 6))
	// a vocabulary large enough that unrelated articles share few rare words by chance, as
	// articles of real news do (5,000 words of equal frequency make every pair share a dozen)
	vocab := make([]string, 100000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x", rng.Uint32())
	}
	para := "The harbour board meets on the first Tuesday of every month in the old customs house. " +
		"Its minutes are published online within a week of each meeting, with every member's votes."
	var lines []string
	holders := map[string]bool{}
	for i := range 40 {
		var ps []string
		for range 4 + rng.IntN(4) {
			ws := make([]string, 30+rng.IntN(40))
			for k := range ws {
				ws[k] = vocab[rng.IntN(len(vocab))]
			}
			ps = append(ps, strings.Join(ws, " ")+".")
		}
		id := fmt.Sprintf("doc-%02d", i)
		if i%7 == 3 {
			at := rng.IntN(len(ps) + 1)
			ps = slices.Insert(ps, at, para)
			holders[id] = true
		}
		lines = append(lines, fmt.Sprintf(`{"id":%q,"source":"outlet-%d","text":%q}`, id, i%9, strings.Join(ps, "\n\n")))
	}
	path := filepath.Join(t.TempDir(), "docs.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	docs := texts(t, path)
	res := run(t, opts, path)
	if n := len(res.Pairs) + len(res.Hubs) + len(res.Linked); n != 0 {
		t.Errorf("%d pairs, %d hubs, %d linked documents, want none", len(res.Pairs), len(res.Hubs), len(res.Linked))
	}
	if len(res.Clusters) != 0 {
		t.Errorf("%d clusters, want none: %v", len(res.Clusters), res.Clusters[0].Members)
		for _, p := range res.Clusters[0].Pairs {
			t.Logf("%s ~ %s %s %s context %.3f containment %.3f", p.A, p.B, p.Relation, p.Story, p.Context, p.Containment)
		}
	}
	var found []pipeline.SharedPassage
	for _, sp := range res.Passages {
		o := sp.Occurrences[0]
		if strings.Contains(docs[o.ID][o.Start:o.End], "customs house") {
			found = append(found, sp)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d shared passages hold the paragraph, want 1", len(found))
	}
	at := map[string]bool{}
	for _, o := range found[0].Occurrences {
		at[o.ID] = true
		text := docs[o.ID][o.Start:o.End]
		if n := len(strings.Fields(text)); n < len(strings.Fields(para))-6 || !strings.Contains(para, strings.TrimSuffix(text, ".")) {
			t.Errorf("occurrence in %s: %q, want the paragraph", o.ID, text)
		}
	}
	if len(at) != len(holders) {
		t.Errorf("occurrences in %v, want the %d holders %v", at, len(holders), holders)
	}
	for id := range holders {
		if !at[id] {
			t.Errorf("no occurrence in %s", id)
		}
	}
}

// TestRecurringPassageWhole: a paragraph in six otherwise unrelated articles, one sentence of
// which six other articles carry too, is one occurrence in each of the six, the whole paragraph:
// not two pieces around the sentence (whose fingerprints are held by more documents, so they are
// not the paragraph's docset's). When the sentence is each article's own instead, it stays out:
// two occurrences in each, around it. With --rewrite the same: the shared sentences around each
// one's own seed no rewritten passage of every pair of the six (recurringSentences).
func TestRecurringPassageWhole(t *testing.T) {
	for _, rewrite := range []bool{false, true} {
		for _, own := range []bool{false, true} {
			t.Run(fmt.Sprintf("rewrite=%v/own sentence=%v", rewrite, own), func(t *testing.T) { testRecurringPassageWhole(t, own, rewrite) })
		}
	}
}

func testRecurringPassageWhole(t *testing.T, own, rewrite bool) {
	rng := rand.New(rand.NewPCG(9, 10))
	vocab := make([]string, 100000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%x", rng.Uint32())
	}
	words := func(n int) string {
		ws := make([]string, n)
		for k := range ws {
			ws[k] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(ws, " ")
	}
	s1 := "The harbour board meets on the first Tuesday of every month in the old customs house by the quay."
	s2 := "Its chairman, Elin Marsh, says every resident of the town may attend and speak."
	s3 := "Its minutes are published online within a week of each meeting, with every member's votes."
	var lines []string
	holders := map[string]bool{}
	for i := range 60 {
		var ps []string
		for range 4 + rng.IntN(4) {
			ps = append(ps, words(30+rng.IntN(40))+".")
		}
		id := fmt.Sprintf("doc-%02d", i)
		switch i % 10 {
		case 3:
			middle := s2
			if own {
				middle = words(10) + "."
			}
			ps = slices.Insert(ps, rng.IntN(len(ps)+1), s1+" "+middle+" "+s3)
			holders[id] = true
		case 6:
			ps = slices.Insert(ps, rng.IntN(len(ps)+1), s2)
		}
		lines = append(lines, fmt.Sprintf(`{"id":%q,"source":"outlet-%d","text":%q}`, id, i%11, strings.Join(ps, "\n\n")))
	}
	path := writeCorpus(t, strings.Join(lines, "\n")+"\n")
	docs := texts(t, path)
	res := run(t, pipeline.Options{NoRewrite: !rewrite}, path)
	var found *pipeline.SharedPassage
	for i, sp := range res.Passages {
		o := sp.Occurrences[0]
		if holders[o.ID] && strings.Contains(docs[o.ID][o.Start:o.End], "customs house") {
			found = &res.Passages[i]
		}
	}
	if found == nil {
		t.Fatal("no shared passage holds the paragraph")
	}
	seen := map[string]int{}
	for _, o := range found.Occurrences {
		seen[o.ID]++
		text := docs[o.ID][o.Start:o.End]
		switch {
		case !own && (!strings.Contains(text, "first Tuesday") || !strings.Contains(text, "Elin Marsh") || !strings.Contains(text, "published online")):
			t.Errorf("occurrence in %s: %q, want the whole paragraph", o.ID, text)
		case own && strings.Contains(text, "customs house") == strings.Contains(text, "published online"):
			t.Errorf("occurrence in %s: %q, want the paragraph's first or last sentence, not both", o.ID, text)
		}
	}
	want := 1
	if own {
		want = 2
	}
	for id := range holders {
		if seen[id] != want {
			t.Errorf("%s: %d occurrences, want %d", id, seen[id], want)
		}
	}
	if len(seen) != len(holders) {
		t.Errorf("occurrences in %v, want the %d holders", seen, len(holders))
	}
}

// quotedInParts writes a corpus of bg unrelated articles of made-up words, published over a
// year, and one story told by n outlets within a week: each its own text, with the story's names,
// quoting its own part (partWords words) of one long statement, outlet i's starting at word
// offset(i), so that (the parts shifting) no eight words of the statement are quoted by the same
// outlets as the next eight. It returns the file and the story's ids.
func quotedInParts(t *testing.T, bg, n, partWords int, offset func(i int) int) (string, []string) {
	return quotedInPartsOn(t, bg, n, partWords, offset, func(i int) string { return fmt.Sprintf("2025-06-%02d", 10+i%5) })
}

// quotedInPartsOn is quotedInParts with outlet i published on published(i).
func quotedInPartsOn(t *testing.T, bg, n, partWords int, offset func(i int) int, published func(i int) string) (string, []string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 11))
	words := madeUpWords(rng)
	names := []string{"Halvard Brennock", "Tarrow Valley", "Renata Okafor", "Millbridge", "Dunmore County", "Carrow Works"}
	last := 0
	for i := range n {
		last = max(last, offset(i))
	}
	statement := strings.Fields(words(partWords + last))
	storyWords := strings.Fields(words(len(names))) // one each name's outlets write beside it
	var out strings.Builder
	add := func(id, source, published, text string) {
		fmt.Fprintf(&out, "{\"id\":%q,\"source\":%q,\"published\":%q,\"text\":%q}\n", id, source, published, text)
	}
	var ids []string
	for i := range bg {
		add(fmt.Sprintf("bg%03d", i), fmt.Sprintf("paper%d", i%40), fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28), words(220))
	}
	for i := range n {
		var b strings.Builder
		b.WriteString(words(90))
		for k, name := range names {
			fmt.Fprintf(&b, "%s %s said %s. ", name, storyWords[k], words(10))
		}
		fmt.Fprintf(&b, "\n\n\"%s,\" %s said.\n\n", strings.Join(statement[offset(i):offset(i)+partWords], " "), names[2])
		b.WriteString(words(80))
		id := fmt.Sprintf("outlet%03d", i)
		ids = append(ids, id)
		add(id, fmt.Sprintf("outlet-%d", i), published(i), b.String())
	}
	return writeCorpus(t, out.String()), ids
}

// madeUpWords returns a function that writes n words of a made-up language (a vocabulary of
// 3,000 words), in sentences of twelve, one a paragraph.
func madeUpWords(rng *rand.Rand) func(n int) string {
	syllables := []string{"ka", "lo", "mi", "ren", "tas", "vo", "bri", "del", "sun", "gar", "pe", "tul", "nor", "ach", "iv", "zem"}
	vocab := make([]string, 3000)
	for i := range vocab {
		w := ""
		for range 2 + rng.IntN(2) {
			w += syllables[rng.IntN(len(syllables))]
		}
		vocab[i] = w
	}
	return func(n int) string {
		var b strings.Builder
		for i := range n {
			w := vocab[rng.IntN(len(vocab))]
			if i%12 == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			if i%12 == 11 {
				b.WriteString(".\n\n")
			} else {
				b.WriteString(" ")
			}
		}
		return b.String()
	}
}

// writeCorpus writes JSON Lines to a file of the test's and returns its path.
func writeCorpus(t *testing.T, jsonl string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := os.WriteFile(path, []byte(jsonl), 0o666); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestStoryQuotedInParts: a story whose outlets each quote their own part of one statement is one
// cluster, and no unrelated article joins it.
//   - 14 outlets, 18 words each, each two words on from the last's: each eight words of the
//     statement are quoted by a set of outlets of their own (fragments, in more than a few
//     articles: the phrases of many texts look so too). Two outlets share 16 words at most: fewer
//     than a passage too long for a stock phrase, enough between articles that tell one story
//     (minStory).
//   - 240 outlets among 3,000 other articles, 20 words each from one of 24 offsets a word apart:
//     each fingerprint of the statement is held by its own set of 100 to 160 outlets, every
//     docset of it a fragment in more than maxPairDocs documents. Such a fragment made no pairs
//     before (a phrase many texts use): 11 clusters held 85 of the outlets, the largest 20;
//     pairing each document with its context group's first only, 9 held 113, the largest 60.
func TestStoryQuotedInParts(t *testing.T) {
	tests := []struct {
		name             string
		bg, n, partWords int
		offset           func(i int) int
	}{
		{"14 outlets", 300, 14, 18, func(i int) int { return 2 * i }},
		{"240 outlets", 3000, 240, 20, func(i int) int { return i % 24 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, ids := quotedInParts(t, tt.bg, tt.n, tt.partWords, tt.offset)
			cl := clusterOf(run(t, pipeline.Options{}, path))
			for _, id := range ids {
				if cl[id] == 0 || cl[id] != cl[ids[0]] {
					t.Errorf("%s in cluster %d, want all %d outlets in one (the first's: %d)", id, cl[id], len(ids), cl[ids[0]])
				}
			}
			for id, c := range cl {
				if !strings.HasPrefix(id, "outlet") && c == cl[ids[0]] {
					t.Errorf("unrelated %s is in the story's cluster", id)
				}
			}
		})
	}
}

// TestStoryQuotedOverWeeks: the 240 outlets of TestStoryQuotedInParts, published over twelve
// weeks (two to three a day), each quoting its part of the statement: every one of them is in
// the report (a cluster's member or link, a hub, a linked document, or an occurrence of a shared
// passage), and no unrelated article is in their clusters. A story's quote parts are fragments,
// whose documents are grouped by context within storyDays of each group's first, up to four
// groups at once: once its first weeks had taken the four, a later outlet's fragments made no
// pairs, and 34 of the 240 were in no record.
func TestStoryQuotedOverWeeks(t *testing.T) {
	const n = 240
	start := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	path, ids := quotedInPartsOn(t, 3000, n, 20, func(i int) int { return i % 24 }, func(i int) string {
		return start.AddDate(0, 0, i*84/n).Format("2006-01-02")
	})
	res := run(t, pipeline.Options{}, path)
	in := map[string]bool{}
	for _, c := range res.Clusters {
		for _, m := range c.Members {
			in[m.ID] = true
		}
		for _, l := range c.Links {
			in[l.ID] = true
		}
	}
	for _, h := range slices.Concat(res.Hubs, res.Linked) {
		in[h.Member.ID] = true
	}
	for _, sp := range res.Passages {
		for _, o := range sp.Occurrences {
			in[o.ID] = true
		}
	}
	missing := 0
	for _, id := range ids {
		if !in[id] {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of the %d outlets are in no record", missing, n)
	}
	cl := clusterOf(res)
	story := map[int]bool{}
	for _, id := range ids {
		if cl[id] != 0 {
			story[cl[id]] = true
		}
	}
	for id, c := range cl {
		if !strings.HasPrefix(id, "outlet") && story[c] {
			t.Errorf("unrelated %s is in cluster %d, one of the story's", id, c)
		}
	}
}

// itemsOneCluster checks that the items of a series (ids) are all in one cluster (cl, clusterOf's),
// and that no other document (ids not "item...") is in any.
func itemsOneCluster(t *testing.T, cl map[string]int, items []string) {
	t.Helper()
	for _, id := range items {
		if cl[id] == 0 || cl[id] != cl[items[0]] {
			t.Errorf("%s in cluster %d, want every item in one (the first's: %d)", id, cl[id], cl[items[0]])
		}
	}
	for id, c := range cl {
		if !strings.HasPrefix(id, "item") {
			t.Errorf("%s is in cluster %d, want none", id, c)
		}
	}
}

// TestTemplateSeries: a source runs one template every day (a fixed text of 40 words with four
// figures changed: no near-duplicates) and carries its newsletter box in its other articles: the items are one
// cluster, as near-duplicates or one story, the box is reported nowhere, and the source's other
// articles are in no cluster. The box and the template are both text one source repeats; the
// template is most of each item, the box a small part of each article.
func TestTemplateSeries(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	words := madeUpWords(rng)
	template := strings.Fields(words(40))
	box := "Sign up for the Morning Ledger newsletter: the day's news from the valley in your inbox every weekday before seven. Unsubscribe at any time."
	var out strings.Builder
	add := func(id, source, published, text string) {
		fmt.Fprintf(&out, "{\"id\":%q,\"source\":%q,\"published\":%q,\"text\":%q}\n", id, source, published, text)
	}
	for i := range 300 {
		add(fmt.Sprintf("bg%03d", i), fmt.Sprintf("paper%d", i%40), fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28), words(220))
	}
	var items []string
	for i := range 8 {
		item := slices.Clone(template)
		for _, at := range []int{6, 16, 26, 35} {
			item[at] = fmt.Sprintf("%d.%d", 10+rng.IntN(90), rng.IntN(10))
		}
		id := fmt.Sprintf("item%d", i)
		items = append(items, id)
		add(id, "morning-ledger", fmt.Sprintf("2025-03-%02d", 1+i), strings.Join(item, " "))
	}
	for i := range 6 {
		add(fmt.Sprintf("ledger%d", i), "morning-ledger", fmt.Sprintf("2025-%02d-15", 2+i), words(200)+"\n\n"+box)
	}
	path := writeCorpus(t, out.String())
	res := run(t, pipeline.Options{}, path)
	cl := clusterOf(res)
	itemsOneCluster(t, cl, items)
	noBoxes(t, reported(t, res, texts(t, path)), []string{box})
}

// TestQuoteTrimmedEachWay: the outlets of one story, told over eight weeks, each quote their
// own stretch of one statement, cut where they like (ten words or more), among unrelated
// articles. Each eight words of the statement are held by their own set of outlets, so that
// most of its fingerprints are fragments: docsets of one. Every outlet is in the story's
// cluster, some (in no pair) joined by the quote alone; every outlet's quote is reported, and
// the quote is one shared passage with an occurrence in every outlet, each within its quote.
func TestQuoteTrimmedEachWay(t *testing.T) {
	const n = 60
	rng := rand.New(rand.NewPCG(5, 9))
	words := madeUpWords(rng)
	statement := strings.Fields(words(48))
	for i, w := range statement {
		statement[i] = strings.ToLower(strings.TrimRight(w, ".\n"))
	}
	names := []string{"Halvard Brennock", "Tarrow Valley", "Renata Okafor", "Millbridge", "Dunmore County"}
	var out strings.Builder
	add := func(id, source, published, text string) {
		fmt.Fprintf(&out, "{\"id\":%q,\"source\":%q,\"published\":%q,\"text\":%q}\n", id, source, published, text)
	}
	for i := range 600 {
		add(fmt.Sprintf("bg%03d", i), fmt.Sprintf("paper%d", i%40), fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28), words(200))
	}
	texts := map[string]string{}
	quote := map[string][2]int{} // each outlet's quote, in bytes of its text
	start := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	for i := range n {
		from := rng.IntN(len(statement) - 14)
		to := from + 14 + rng.IntN(len(statement)-from-14+1)
		var b strings.Builder
		b.WriteString(words(80))
		for _, name := range names {
			fmt.Fprintf(&b, "%s %s. ", name, words(8))
		}
		b.WriteString("\n\n\"")
		q0 := b.Len()
		b.WriteString(strings.Join(statement[from:to], " "))
		q1 := b.Len()
		fmt.Fprintf(&b, ",\" %s said.\n\n", names[2])
		b.WriteString(words(80))
		id := fmt.Sprintf("outlet%03d", i)
		texts[id], quote[id] = b.String(), [2]int{q0, q1}
		add(id, fmt.Sprintf("outlet-%d", i), start.AddDate(0, 0, i*56/n).Format("2006-01-02"), b.String())
	}
	res := run(t, pipeline.Options{}, writeCorpus(t, out.String()))
	// where each outlet's text is reported: a passage's occurrences, a pair's sides
	at := map[string][][2]int{}
	eachReported(res, func(id string, start, end int) { at[id] = append(at[id], [2]int{start, end}) })
	missing := 0
	for id, q := range quote {
		if !slices.ContainsFunc(at[id], func(s [2]int) bool { return s[0] < q[1] && s[1] > q[0] }) {
			missing++
			t.Logf("%s: its quote %q is reported nowhere", id, texts[id][q[0]:q[1]])
		}
	}
	if missing > 0 {
		t.Errorf("%d of the %d outlets' quotes are reported nowhere", missing, n)
	}
	// the quote is a shared passage of every outlet: each occurrence an outlet's, within its
	// quote (the attribution after it is the same in all)
	said := len(",\" Renata Okafor said.")
	var quoted []pipeline.SharedPassage
	for _, c := range res.Clusters {
		quoted = append(quoted, c.Passages...)
	}
	quoted = append(quoted, res.Passages...)
	quoted = slices.DeleteFunc(quoted, func(sp pipeline.SharedPassage) bool {
		return !slices.ContainsFunc(sp.Occurrences, func(o pipeline.Occurrence) bool {
			q, ok := quote[o.ID]
			return ok && o.Start < q[1] && o.End > q[0] && o.End-o.Start >= (q[1]-q[0])/2
		})
	})
	if len(quoted) == 0 {
		t.Fatalf("the quote is no shared passage")
	}
	// the pairs' passages that run on into the attribution are passages of their own
	// (groupPassages); the quote's is the one in the most outlets
	slices.SortStableFunc(quoted, func(x, y pipeline.SharedPassage) int { return len(y.Occurrences) - len(x.Occurrences) })
	holders := map[string]bool{}
	for _, o := range quoted[0].Occurrences {
		q, ok := quote[o.ID]
		if !ok || o.Start < q[0] || o.End > q[1]+said {
			t.Errorf("the quote's passage has %s %d-%d %q", o.ID, o.Start, o.End, clip(texts[o.ID][o.Start:o.End]))
		}
		holders[o.ID] = true
	}
	if len(holders) != n {
		t.Errorf("the quote's passage is in %d outlets, want all %d", len(holders), n)
	}
	// the outlets that joined the story by the quote alone, in no pair, are in its cluster
	cl := clusterOf(res)
	for id := range quote {
		if cl[id] == 0 || cl[id] != cl["outlet001"] {
			t.Errorf("%s in cluster %d, want outlet001's (%d)", id, cl[id], cl["outlet001"])
		}
	}
	if res.Stats.PassageJoins == 0 {
		t.Errorf("no outlet joined the story by its quote alone: the test no longer tests that")
	}
	// remade with one more article (neardup scan --index, which has no context: its stories may
	// differ), the outlets joined by the quote alone, in no pair, are in a story still, and the
	// quote's occurrence in each is reported
	paired := map[string]bool{}
	for _, p := range res.Pairs {
		paired[p.A], paired[p.B] = true, true
	}
	var members []pipeline.Member
	for i := range 600 {
		members = append(members, pipeline.Member{ID: fmt.Sprintf("bg%03d", i)})
	}
	for i := range n {
		members = append(members, pipeline.Member{ID: fmt.Sprintf("outlet%03d", i)})
	}
	members = append(members, pipeline.Member{ID: "indexed"})
	again, more, err := pipeline.StoriesAgain(res, members, res.Pairs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Stats.PassageJoins != res.Stats.PassageJoins {
		t.Errorf("again: %d outlets joined by the quote, want %d", again.Stats.PassageJoins, res.Stats.PassageJoins)
	}
	cl = clusterOf(again)
	at = map[string][][2]int{}
	eachReported(again, func(id string, start, end int) { at[id] = append(at[id], [2]int{start, end}) })
	for _, sp := range more {
		for _, o := range sp.Occurrences {
			at[o.ID] = append(at[o.ID], [2]int{o.Start, o.End})
		}
	}
	for id, q := range quote {
		if paired[id] {
			continue
		}
		if cl[id] == 0 {
			t.Errorf("again: %s, joined by the quote, is in no story", id)
		}
		if !slices.ContainsFunc(at[id], func(s [2]int) bool { return s[0] < q[1] && s[1] > q[0] }) {
			t.Errorf("again: %s's quote is reported nowhere", id)
		}
	}
}

// TestSeriesShortRuns: a source's series whose fixed text runs two to five words between its
// slots (a name, a figure, a place), and one run eight, over two months. Winnowing picks
// the fixed text's fingerprints by the slots around them, so each is held by some of the items
// (fragments), and the items, about different names and figures, are unalike in context: the
// series came out as several clusters, joined where slots happened to agree. Its items are one
// story, the fixed text reported, and nothing else of the source joins it.
func TestSeriesShortRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2))
	words := madeUpWords(rng)
	var out strings.Builder
	add := func(id, source, title, published, text string) {
		fmt.Fprintf(&out, "{\"id\":%q,\"source\":%q,\"title\":%q,\"published\":%q,\"text\":%q}\n", id, source, title, published, text)
	}
	for i := range 300 {
		add(fmt.Sprintf("bg%03d", i), fmt.Sprintf("paper%d", i%40), words(6), fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28), words(220))
	}
	var items []string
	for i := range 30 {
		id := fmt.Sprintf("item%02d", i)
		items = append(items, id)
		add(id, "harlow-ledger", benchtext.SeriesTitle(1+i), fmt.Sprintf("2025-03-%02d", 1+i), benchtext.SeriesItem(rng, 1+i))
	}
	for i := range 40 {
		add(fmt.Sprintf("ledger%02d", i), "harlow-ledger", words(5), fmt.Sprintf("2025-%02d-%02d", 1+i%12, 3+i%20), words(200))
	}
	path := writeCorpus(t, out.String())
	res := run(t, pipeline.Options{}, path)
	if res.Stats.Series != 1 || res.Stats.SeriesItems != len(items) {
		t.Errorf("%d series of %d articles, want 1 of %d", res.Stats.Series, res.Stats.SeriesItems, len(items))
	}
	for id, want := range map[string]string{"item00": "sale barn report march", "item29": "sale barn report march", "ledger00": "", "bg000": ""} {
		if got := res.Series(id); got != want {
			t.Errorf("Series(%s) = %q, want %q", id, got, want)
		}
	}
	cl := clusterOf(res)
	itemsOneCluster(t, cl, items)
	found := false
	for _, p := range reported(t, res, texts(t, path)) {
		found = found || strings.Contains(p, "settling the tally")
	}
	if !found {
		t.Error("the series' fixed text is not reported")
	}
}

// TestSeriesByTitle: a source's weekly column under one title (a fixed opening and closing
// paragraph around its own report, some 30% of each item) among the source's other articles,
// each of which, the column's items too, carries the source's newsletter box. The column's fixed
// text recurs in ten of the source's articles about different things, as the box does in all
// of them; the titles tell the two apart. The items are one story, their fixed text reported,
// the box not. When all the source's articles have one title, titles tell nothing, and the
// fixed text is the source's boilerplate as the box is: no two items are one story.
func TestSeriesByTitle(t *testing.T) {
	for _, oneTitle := range []bool{false, true} {
		t.Run(fmt.Sprintf("one title for all %v", oneTitle), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, 4))
			words := madeUpWords(rng)
			opening := "Welcome to Valley Markets, our weekly look at what the farm stands, the cattle sale barn and the grain elevator at Harlow Junction paid and charged in the seven days to Friday noon."
			closing := "Valley Markets is compiled each Friday from the sale barn's posted results and calls to growers. Corrections and tips go to the business desk at the number printed on page two."
			box := "Sign up for the Morning Ledger newsletter at the bottom of our home page and get the day's news from the valley in your inbox every weekday before seven."
			var out strings.Builder
			add := func(id, source, title, published, text string) {
				fmt.Fprintf(&out, "{\"id\":%q,\"source\":%q,\"title\":%q,\"published\":%q,\"text\":%q}\n", id, source, title, published, text)
			}
			for i := range 300 {
				add(fmt.Sprintf("bg%03d", i), fmt.Sprintf("paper%d", i%40), words(6), fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28), words(220))
			}
			title := func(s string) string {
				if oneTitle {
					return "Morning Ledger"
				}
				return s
			}
			var items []string
			for i := range 10 {
				id := fmt.Sprintf("item%d", i)
				items = append(items, id)
				add(id, "morning-ledger", title(fmt.Sprintf("Valley Markets: week %d", 10+i)), fmt.Sprintf("2025-%02d-%02d", 3+i/4, 1+7*(i%4)),
					opening+"\n\n"+words(200)+"\n\n"+closing+"\n\n"+box)
			}
			for i := range 12 {
				add(fmt.Sprintf("ledger%d", i), "morning-ledger", title(words(5)), fmt.Sprintf("2025-%02d-15", 1+i), words(200)+"\n\n"+box)
			}
			path := writeCorpus(t, out.String())
			res := run(t, pipeline.Options{}, path)
			cl := clusterOf(res)
			if want := map[bool][2]int{false: {1, 10}, true: {0, 0}}[oneTitle]; res.Stats.Series != want[0] || res.Stats.SeriesItems != want[1] {
				t.Errorf("%d series of %d articles, want %d of %d", res.Stats.Series, res.Stats.SeriesItems, want[0], want[1])
			}
			if oneTitle {
				for _, a := range items {
					for _, b := range items {
						if a < b && cl[a] != 0 && cl[a] == cl[b] {
							t.Errorf("%s and %s in cluster %d, want no two items of an untold series in one", a, b, cl[a])
						}
					}
				}
			} else {
				for _, id := range items {
					if cl[id] == 0 || cl[id] != cl[items[0]] {
						t.Errorf("%s in cluster %d, want every item in one (the first's: %d)", id, cl[id], cl[items[0]])
					}
				}
				found := false
				for _, p := range reported(t, res, texts(t, path)) {
					found = found || strings.Contains(p, "weekly look at what the farm stands")
				}
				if !found {
					t.Error("the column's fixed opening is not reported")
				}
			}
			for id, c := range cl {
				if !strings.HasPrefix(id, "item") {
					t.Errorf("%s is in cluster %d, want none", id, c)
				}
			}
			noBoxes(t, reported(t, res, texts(t, path)), []string{box})
		})
	}
}
