package pipeline

import "testing"

func TestChooseBands(t *testing.T) {
	tests := []struct {
		threshold float64
		numPerm   int
		want      Bands
	}{
		{0.5, 128, Bands{35, 3}},
	}
	for _, tt := range tests {
		got := ChooseBands(tt.threshold, tt.numPerm)
		if tt.want.Bands != 0 && got != tt.want {
			t.Errorf("ChooseBands(%v, %d) = %+v, want %+v", tt.threshold, tt.numPerm, got, tt.want)
		}
	}
	for _, th := range []float64{0.2, 0.3, 0.5, 0.7, 0.9, 0.95} {
		for _, n := range []int{32, 64, 128, 256} {
			b := ChooseBands(th, n)
			if b.Bands*b.Rows > n {
				t.Errorf("ChooseBands(%v, %d) = %+v uses more than %d permutations", th, n, b, n)
			}
			if p := b.Prob(th); p < MinCandidateProb {
				t.Errorf("ChooseBands(%v, %d) = %+v: probability at the threshold %v < %v", th, n, b, p, MinCandidateProb)
			}
			if again := ChooseBands(th, n); again != b {
				t.Errorf("ChooseBands(%v, %d) not deterministic: %+v then %+v", th, n, b, again)
			}
		}
	}
	// datasketch's balanced 25x5 finds only about half of the pairs at 0.5
	if p := (Bands{25, 5}).Prob(0.5); p > 0.56 || p < 0.54 {
		t.Errorf("Prob of 25x5 at 0.5 = %v, want about 0.55", p)
	}
}
