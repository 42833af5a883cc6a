package reference

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// bruteForce compares every pair of sets directly.
func bruteForce(texts []string, k int, minJ, minC float64) []Pair {
	sets := Sets(texts, k)
	var out []Pair
	for a := range sets {
		for b := a + 1; b < len(sets); b++ {
			in := map[uint64]bool{}
			for _, h := range sets[a] {
				in[h] = true
			}
			n := 0
			for _, h := range sets[b] {
				if in[h] {
					n++
				}
			}
			if n == 0 {
				continue
			}
			p := pair(sets, a, b, n)
			if p.Jaccard >= minJ || p.Containment >= minC {
				out = append(out, p)
			}
		}
	}
	return out
}

func TestPairsMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	vocab := strings.Fields("the mayor said ferry island pier repairs council money winter ice boats lake town")
	for trial := 0; trial < 30; trial++ {
		var texts []string
		for i := 0; i < 25; i++ {
			var b strings.Builder
			for w := 0; w < 5+rng.IntN(40); w++ {
				b.WriteString(vocab[rng.IntN(len(vocab))] + " ")
			}
			texts = append(texts, b.String())
		}
		texts = append(texts, texts[3], texts[4][:len(texts[4])/2]) // a copy and a truncated copy
		for _, th := range [][2]float64{{0, 0}, {0.5, 2}, {2, 0.8}, {0.3, 0.9}} {
			got := Pairs(Sets(texts, 3), th[0], th[1])
			want := bruteForce(texts, 3, th[0], th[1])
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("trial %d thresholds %v: Pairs = %v\nbrute force = %v", trial, th, got, want)
			}
		}
	}
}

func TestPairsKnown(t *testing.T) {
	texts := []string{
		"one two three four five six seven",
		"one two three four five six eight",
		"nine ten eleven twelve thirteen",
	}
	got := Pairs(Sets(texts, 5), 0, 0)
	if len(got) != 1 || got[0].A != 0 || got[0].B != 1 || got[0].Shared != 2 || got[0].Jaccard != 0.5 {
		t.Errorf("Pairs = %+v, want one pair 0-1 sharing 2 shingles at Jaccard 0.5", got)
	}
}
