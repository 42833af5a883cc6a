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
// rewritten plagiarism (../shared/data/pan13-obf): for each least number of shared keys, the
// candidate pairs per document and the share of the listed positive pairs of each sub-corpus
// that become candidates. It fails if the default finds fewer than the floors below.
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
	opts := Options{Rewrite: true}
	opts.SetDefaults()
	z := newAnalyzer(&opts, ChooseBands(opts.Threshold, opts.NumPerm))
	num := map[string]int32{}
	keyDocs := map[uint32][]int32{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var d struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		n := int32(len(num))
		num[d.ID] = n
		for _, k := range z.analyze(d.Text).sentKeys {
			keyDocs[k] = append(keyDocs[k], n)
		}
	}
	shared := map[uint64]int{}
	for _, docs := range keyDocs {
		if len(docs) > maxSentenceKeyDocs {
			continue
		}
		for x := range docs {
			for y := x + 1; y < len(docs); y++ {
				a, b := min(docs[x], docs[y]), max(docs[x], docs[y])
				shared[uint64(a)<<32|uint64(b)]++
			}
		}
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
	for minShared := 1; minShared <= 4; minShared++ {
		cands := 0
		for _, n := range shared {
			if n >= minShared {
				cands++
			}
		}
		found, total := map[string]int{}, map[string]int{}
		for _, p := range pairs {
			total[p.typ]++
			if shared[p.key] >= minShared {
				found[p.typ]++
			}
		}
		line := ""
		for _, k := range kinds {
			line += " " + k + " " + ratio(found[k], total[k])
		}
		t.Logf("shared keys >= %d: %d candidates, %.2f a document; pair recall:%s", minShared, cands,
			float64(cands)/float64(len(num)), line)
		if minShared == minSharedKeys {
			for k, floor := range map[string]float64{"none": 0.98, "random": 0.75, "translation": 0.88} {
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
