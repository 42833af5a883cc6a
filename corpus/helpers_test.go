package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"hash/fnv"
	"strconv"
	"strings"
	"testing"
)

// article is one decoded output record.
type article struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Text      string `json:"text"`
}

// readArticles decodes JSON Lines, failing the test on a malformed record.
func readArticles(t *testing.T, b []byte) []article {
	t.Helper()
	var out []article
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var a article
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			t.Fatalf("record %d: %v: %.200s", len(out)+1, err, sc.Bytes())
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("scan: %v", err)
	}
	return out
}

// pair is one truth line.
type pair struct {
	a, b string
	kind Kind
}

// readTruth decodes the truth TSV, checking its header.
func readTruth(t *testing.T, b []byte) []pair {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) == 0 || lines[0] != "a\tb\tkind" {
		t.Fatalf("truth header = %q, want %q", lines[0], "a\tb\tkind")
	}
	var out []pair
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 3 {
			t.Fatalf("truth line %q: want 3 fields", l)
		}
		out = append(out, pair{f[0], f[1], Kind(f[2])})
	}
	return out
}

// index turns "syn-0000042" into 41.
func index(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "syn-"))
	return n - 1
}

// normWords splits text into lower-case words without surrounding punctuation, as a
// near-duplicate detector would.
func normWords(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		if w := strings.ToLower(strings.Trim(f, `.,;:?!"'()|`)); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// hashWords hashes a run of words.
func hashWords(words []string) uint64 {
	h := fnv.New64a()
	for _, w := range words {
		h.Write([]byte(w))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// shingles returns the hashes of every run of k words (one for a shorter text).
func shingles(words []string, k int) []uint64 {
	if len(words) < k {
		if len(words) == 0 {
			return nil
		}
		return []uint64{hashWords(words)}
	}
	out := make([]uint64, 0, len(words)-k+1)
	for i := 0; i+k <= len(words); i++ {
		out = append(out, hashWords(words[i:i+k]))
	}
	return out
}

// set is a shingle set.
type set map[uint64]bool

func newSet(hs []uint64) set {
	s := set{}
	for _, h := range hs {
		s[h] = true
	}
	return s
}

// jaccard is |a∩b| / |a∪b|.
func jaccard(a, b set) float64 {
	inter := 0
	for h := range a {
		if b[h] {
			inter++
		}
	}
	if u := len(a) + len(b) - inter; u > 0 {
		return float64(inter) / float64(u)
	}
	return 0
}

// containment is |a∩b| / |a|.
func containment(a, b set) float64 {
	inter := 0
	for h := range a {
		if b[h] {
			inter++
		}
	}
	if len(a) == 0 {
		return 0
	}
	return float64(inter) / float64(len(a))
}

// longestRun returns the length in words of the longest run of a found in b.
func longestRun(a, b []string) int {
	best := 0
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
				best = max(best, cur[j])
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	return best
}

// unionFind groups related articles.
type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) union(a, b int) { u[u.find(a)] = u.find(b) }
