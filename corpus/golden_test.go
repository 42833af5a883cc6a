package corpus

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"testing"
)

// TestGenerateGolden pins the output of options that predate the news shapes (big stories,
// recurring paragraphs, digests, reruns, templates): with those off, every byte must stay as
// it was, since baselines measured on the 200,000-article corpus depend on it. The sums were
// computed with the code of commit b8cbfd8, before the shapes were added.
func TestGenerateGolden(t *testing.T) {
	tests := []struct {
		opts         Options
		corpus, pair string // sha256 of the articles and of the truth file
	}{
		{Options{N: 1000, Seed: 1},
			"ef781dfb04e7fa2d99b261a9adbcffab4b5832ecc9e159c2acc6868c1c0442f5",
			"b3224b2abb4535aab288d253eff101c43f22837d1fbb2652c9e4bc693f90ddd0"},
		{Options{N: 400, Seed: 9, Syndicated: 0.2, Rewrite: -1, BoilerplateShare: 0.5},
			"ca27cfd8b5fdd3735bf8b056bfaa901a769b55318f08a415c0a4a5740c5e6ce3",
			"9fe98551a78b6aee54523f187f3e49c0c70c5b1ee27e454c587b9ad1a341fd72"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("N=%d,seed=%d", tt.opts.N, tt.opts.Seed), func(t *testing.T) {
			var out, truth bytes.Buffer
			if _, err := Generate(context.Background(), &out, &truth, small(t), tt.opts); err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprintf("%x", sha256.Sum256(out.Bytes())); got != tt.corpus {
				t.Errorf("sha256 of the articles = %s, want %s", got, tt.corpus)
			}
			if got := fmt.Sprintf("%x", sha256.Sum256(truth.Bytes())); got != tt.pair {
				t.Errorf("sha256 of the truth file = %s, want %s", got, tt.pair)
			}
		})
	}
}
