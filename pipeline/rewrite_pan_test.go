package pipeline

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
)

const panObfDir = "../../shared/data/pan13-obf"

// TestRewriteCandidatesPAN measures the sentence keys as a candidate signal on PAN-13's
// rewritten plagiarism (../shared/data/pan13-obf): for rewriteCandidates' rule, and for 1 to 3
// shared keys, the candidate pairs per document and the share of the listed positive pairs of
// each sub-corpus that become candidates. It fails if rewriteCandidates finds fewer than the
// floors below.
func TestRewriteCandidatesPAN(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	f, err := os.Open(panObfDir + "/docs.jsonl.gz")
	if err != nil {
		t.Skip("../shared/data/pan13-obf is absent")
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{}
	opts.SetDefaults()
	z := newAnalyzer(&opts, ChooseBands(opts.Threshold, opts.NumPerm))
	num := map[string]int32{}
	keyDocs := map[uint32][]int32{}
	c := &corpus{opts: &opts}
	c.newPostings()
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var d struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		n := int32(len(num))
		num[d.ID] = n
		keys := z.analyze(d.Text).sentKeys
		c.sentPost.AddTagged(keys, uint32(n), sentenceTagBits)
		for k, kt := range keys {
			if k == 0 || kt>>32 != keys[k-1]>>32 {
				keyDocs[uint32(kt>>32)] = append(keyDocs[uint32(kt>>32)], n)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	shared := map[uint64]int{} // keys held by at most maxSentenceKeyDocs documents
	for _, docs := range keyDocs {
		if len(docs) > maxSentenceKeyDocs {
			continue
		}
		for x := range docs {
			for y := x + 1; y < len(docs); y++ {
				shared[uint64(docs[x])<<32|uint64(docs[y])]++
			}
		}
	}
	chosen := map[uint64]int{} // the pairs rewriteCandidates chooses
	c.docs = make([]docInfo, len(num))
	chosenPairs, _ := c.rewriteCandidates(newUnionFind(len(num)).roots())
	for _, p := range chosenPairs {
		chosen[p] = 1
	}
	types, err := os.ReadFile(panObfDir + "/pair_types.tsv")
	if err != nil {
		t.Fatal(err)
	}
	type listed struct {
		key uint64
		typ string
	}
	var pairs []listed
	for _, l := range strings.Split(strings.TrimSpace(string(types)), "\n") {
		f := strings.Fields(l)
		a, b := num[f[0]], num[f[1]]
		a, b = min(a, b), max(a, b)
		pairs = append(pairs, listed{uint64(a)<<32 | uint64(b), f[2]})
	}
	kinds := []string{"none", "random", "translation", "summary", "no-plagiarism"}
	for _, rule := range []struct {
		name  string
		count map[uint64]int
		min   int
	}{
		{"1 key", shared, 1}, {"2 keys", shared, 2}, {"3 keys", shared, 3},
		{"rewriteCandidates", chosen, 1},
	} {
		cands := 0
		for _, n := range rule.count {
			if n >= rule.min {
				cands++
			}
		}
		found, total := map[string]int{}, map[string]int{}
		for _, p := range pairs {
			total[p.typ]++
			if rule.count[p.key] >= rule.min {
				found[p.typ]++
			}
		}
		line := ""
		for _, k := range kinds {
			line += " " + k + " " + ratio(found[k], total[k])
		}
		t.Logf("%s: %d candidates, %.2f a document; pair recall:%s", rule.name, cands,
			float64(cands)/float64(len(num)), line)
		if rule.name == "rewriteCandidates" {
			for k, floor := range map[string]float64{"none": 0.96, "random": 0.80, "translation": 0.90} {
				if r := float64(found[k]) / float64(total[k]); r < floor {
					t.Errorf("%s: pair recall %.3f, want >= %.2f", k, r, floor)
				}
			}
		}
	}
}

func ratio(a, b int) string {
	if b == 0 {
		return "-"
	}
	return strings.TrimRight(strings.TrimRight(strconvF(float64(a)/float64(b)), "0"), ".")
}

func strconvF(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
