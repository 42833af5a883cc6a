package corpus

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// overlap measures the accidental overlap between the unrelated articles of a sample: pairs
// that share no planted relation (directly or through a chain of them) and whose shared text,
// if any, is not their outlets' boilerplate.
type overlap struct {
	articles int
	pairs    int // unrelated pairs
	run8     int // unrelated pairs sharing a run of 8 or more words
	run15    int // ... of 15 or more words
	maxJ     float64
	maxPair  [2]int
	examples []string // a few shared 8-word runs

	// The same with boilerplate left in: articles of one outlet share it by design.
	run8Boiler int
	maxJBoiler float64
}

// measureOverlap generates a sample and measures it.
func measureOverlap(t *testing.T, m *Model, opts Options) overlap {
	t.Helper()
	var out, truth bytes.Buffer
	if _, err := Generate(context.Background(), &out, &truth, m, opts); err != nil {
		t.Fatalf("Generate: %v", err)
	}
	arts := readArticles(t, out.Bytes())
	related := newUnionFind(len(arts))
	for _, p := range readTruth(t, truth.Bytes()) {
		related.union(index(p.a), index(p.b))
	}
	docs := make([][]string, len(arts))
	for i, a := range arts {
		docs[i] = normWords(stripBoilerplate(a.Text, boilerplates(opts)[a.Source]))
	}
	o := overlap{articles: len(arts)}
	unrelated := func(i, j int) bool { return related.find(i) != related.find(j) }
	for i := range arts {
		for j := i + 1; j < len(arts); j++ {
			if unrelated(i, j) {
				o.pairs++
			}
		}
	}
	pairs8, ex := sharedRuns(docs, 8, unrelated)
	o.run8, o.examples = len(pairs8), ex
	pairs15, _ := sharedRuns(docs, 15, unrelated)
	o.run15 = len(pairs15)
	o.maxJ, o.maxPair = maxJaccard(docs, 5, unrelated)
	for i, a := range arts {
		docs[i] = normWords(a.Text)
	}
	pairs8, _ = sharedRuns(docs, 8, unrelated)
	o.run8Boiler = len(pairs8)
	o.maxJBoiler, _ = maxJaccard(docs, 5, unrelated)
	return o
}

// boilerplates maps each outlet to its house text.
func boilerplates(opts Options) map[string]string {
	out := map[string]string{}
	for _, s := range Sources(opts) {
		out[s.Name] = s.Boilerplate
	}
	return out
}

// stripBoilerplate removes the paragraph that is exactly the outlet's boilerplate.
func stripBoilerplate(text, boiler string) string {
	if boiler == "" {
		return text
	}
	paras := bytes.Split([]byte(text), []byte("\n\n"))
	var keep [][]byte
	for _, p := range paras {
		if string(p) != boiler {
			keep = append(keep, p)
		}
	}
	return string(bytes.Join(keep, []byte("\n\n")))
}

// sharedRuns returns the unrelated pairs (i<j packed as i*len(docs)+j) sharing a run of at
// least n words, and a few of the runs.
func sharedRuns(docs [][]string, n int, unrelated func(i, j int) bool) (map[int]bool, []string) {
	post := map[uint64][]int{}
	for d, words := range docs {
		seen := map[uint64]bool{}
		for _, h := range shingles(words, n) {
			if !seen[h] {
				seen[h] = true
				post[h] = append(post[h], d)
			}
		}
	}
	pairs := map[int]bool{}
	for _, ds := range post {
		for a := range ds {
			for b := a + 1; b < len(ds); b++ {
				if unrelated(ds[a], ds[b]) {
					pairs[ds[a]*len(docs)+ds[b]] = true
				}
			}
		}
	}
	// Examples, in document order: the first shared run of each of the first pairs.
	var examples []string
	seen := map[int]bool{}
	for d, words := range docs {
		for k := 0; k+n <= len(words) && len(examples) < 12; k++ {
			for _, e := range post[hashWords(words[k:k+n])] {
				if e > d && unrelated(d, e) && !seen[d*len(docs)+e] {
					seen[d*len(docs)+e] = true
					examples = append(examples, fmt.Sprintf("syn-%07d/syn-%07d: %q", d+1, e+1, strings.Join(words[k:k+n], " ")))
				}
			}
		}
	}
	return pairs, examples
}

// maxJaccard returns the highest k-shingle Jaccard among unrelated pairs, and the pair.
func maxJaccard(docs [][]string, k int, unrelated func(i, j int) bool) (float64, [2]int) {
	n := len(docs)
	sets := make([]map[uint64]bool, n)
	post := map[uint64][]int{}
	for d, words := range docs {
		sets[d] = map[uint64]bool{}
		for _, h := range shingles(words, k) {
			if !sets[d][h] {
				sets[d][h] = true
				post[h] = append(post[h], d)
			}
		}
	}
	inter := make([]int32, n*n)
	for _, ds := range post {
		for a := range ds {
			for b := a + 1; b < len(ds); b++ {
				inter[ds[a]*n+ds[b]]++
			}
		}
	}
	best, pair := 0.0, [2]int{}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			c := int(inter[i*n+j])
			if c == 0 || !unrelated(i, j) {
				continue
			}
			if jac := float64(c) / float64(len(sets[i])+len(sets[j])-c); jac > best {
				best, pair = jac, [2]int{i + 1, j + 1}
			}
		}
	}
	return best, pair
}

var overlapFlag = flag.Bool("overlap", false, "measure accidental overlap on the Reuters model (about 10 s)")

// TestAccidentalOverlap measures, on the Reuters model, how much unrelated generated articles
// share by chance: go test ./corpus/ -run AccidentalOverlap -overlap -v. It logs the figures
// and fails only when they leave the range that a near-duplicate detector can live with.
// NEARDUP_OVERLAP_N, NEARDUP_SEED, NEARDUP_BACKOFF and NEARDUP_SPARSE override the sample
// size, seed and back-offs for tuning.
func TestAccidentalOverlap(t *testing.T) {
	if !*overlapFlag {
		t.Skip("trains on the Reuters corpus: run with -overlap")
	}
	m := reuters(t)
	opts := Options{N: 2000, Seed: 1}
	if v, err := strconv.Atoi(os.Getenv("NEARDUP_OVERLAP_N")); err == nil {
		opts.N = v
	}
	if v, err := strconv.Atoi(os.Getenv("NEARDUP_SEED")); err == nil {
		opts.Seed = uint64(v)
	}
	if v, err := strconv.ParseFloat(os.Getenv("NEARDUP_BACKOFF"), 64); err == nil {
		opts.Backoff = v
	}
	if v, err := strconv.ParseFloat(os.Getenv("NEARDUP_SPARSE"), 64); err == nil {
		opts.SparseBackoff = v
	}
	t.Logf("model: %+v", m.Info())
	o := measureOverlap(t, m, opts)
	t.Logf("%d articles, %d unrelated pairs: %d share an 8-word run (%.1f per 1000 articles), %d a 15-word run; "+
		"highest 5-shingle Jaccard %.3f (syn-%07d, syn-%07d)",
		o.articles, o.pairs, o.run8, 1000*float64(o.run8)/float64(o.articles), o.run15, o.maxJ, o.maxPair[0], o.maxPair[1])
	t.Logf("with boilerplate left in: %d pairs share an 8-word run, highest Jaccard %.3f", o.run8Boiler, o.maxJBoiler)
	for _, e := range o.examples {
		t.Logf("  %s", e)
	}
	if o.maxJ >= 0.1 {
		t.Errorf("highest Jaccard between unrelated articles = %.3f, want < 0.1", o.maxJ)
	}
	if perK := 1000 * float64(o.run8) / float64(o.articles); perK > 20 {
		t.Errorf("%.1f unrelated pairs per 1000 articles share an 8-word run, want at most 20", perK)
	}
	if o.run15 > 0 {
		t.Errorf("%d unrelated pairs share a 15-word run, want 0", o.run15)
	}
}
