package corpus

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// syntheticText returns n sentences of invented words, deterministic, varied enough that an
// order-2 model of them makes unrelated articles share almost nothing: the tests train on it
// so that they need no data from outside the repository.
func syntheticText(n int) string {
	r := rand.New(rand.NewPCG(42, 42))
	syll := []string{"ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "da", "pe", "ri", "go", "bu", "fa", "zi", "ho"}
	vocab := make([]string, 3000)
	for i := range vocab {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(syll[r.IntN(len(syll))])
		}
		vocab[i] = b.String()
	}
	var b strings.Builder
	for s := 0; s < n; s++ {
		words := 6 + r.IntN(25)
		for w := 0; w < words; w++ {
			u := r.Float64()
			word := vocab[int(u*u*float64(len(vocab)))] // common words first, as in Zipf
			if w == 0 {
				word = strings.ToUpper(word[:1]) + word[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(word)
			if w > 2 && w < words-2 && r.IntN(9) == 0 {
				b.WriteByte(',')
			}
		}
		b.WriteString(". ")
		if r.IntN(4) == 0 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

var (
	smallOnce  sync.Once
	smallModel *Model
	smallErr   error
)

// small returns a model trained on syntheticText.
func small(t testing.TB) *Model {
	t.Helper()
	smallOnce.Do(func() { smallModel, smallErr = Train(strings.NewReader(syntheticText(6000))) })
	if smallErr != nil {
		t.Fatalf("Train(synthetic text): %v", smallErr)
	}
	return smallModel
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // sentences, tokens joined by "|"
	}{
		{"plain", "The bank said it would buy the plant. Shares rose.",
			[]string{"The|bank|said|it|would|buy|the|plant|."}}, // "Shares rose." is too short
		{"abbreviations and numbers", "Acme Corp. said the U.S. unit sold 1,750 tonnes at 5.93 dlrs.",
			[]string{"Acme|Corp.|said|the|U.S.|unit|sold|1,750|tonnes|at|5.93|dollars|."}},
		{"reuters markup", "The dry period means the crop will be late.\n&\\tArrivals for the week ended were high.\n Reuter",
			[]string{"The|dry|period|means|the|crop|will|be|late|.", "Arrivals|for|the|week|ended|were|high|."}},
		{"quotes and brackets dropped", `He said "the <Lotus Development Corp> offer (CD) is fair," analysts noted.`,
			[]string{"He|said|the|Lotus|Development|Corp|offer|CD|is|fair|,|analysts|noted|."}},
		{"apostrophe repair", `The company"s chief said last week"s sales fell sharply.`,
			[]string{"The|company's|chief|said|last|week's|sales|fell|sharply|."}},
		{"dash becomes comma", "Prices fell - and some analysts said they would fall further.",
			[]string{"Prices|fell|,|and|some|analysts|said|they|would|fall|further|."}},
		{"unfinished sentence at a paragraph break", "This line has no stop at all\n\nBut this one is a sentence here.",
			[]string{"But|this|one|is|a|sentence|here|."}},
		{"table rejected", "Shr 10 cts vs 20 cts net 1,000 vs 2,000 revs 5.5 mln.", nil},
		{"capitals rejected", "THE BANK OF JAPAN SAID IT WOULD INTERVENE TODAY.", nil},
		{"lower-case start rejected", "and then the bank said it would buy.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range splitSentences(nil, tt.text) {
				got = append(got, strings.Join(s, "|"))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("splitSentences(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTrainFormats(t *testing.T) {
	text := syntheticText(200)
	want, err := Train(strings.NewReader(text))
	if err != nil {
		t.Fatalf("Train(plain) = %v", err)
	}
	var jsonl bytes.Buffer
	paras := strings.Split(text, "\n\n")
	for _, p := range paras {
		jsonl.WriteString(`{"id":"x","text":` + strconvQuote(p) + "}\n")
	}
	jsonl.WriteString("{not json\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(jsonl.Bytes())
	zw.Close()

	dir := t.TempDir()
	for i, p := range paras {
		name := filepath.Join(dir, "outlet", fmt.Sprintf("%03d.txt", i))
		if i%2 == 1 {
			name = strings.TrimSuffix(name, ".txt") + ".md"
		}
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "ignored.html"), []byte("<p>Ignored text that is long enough to count.</p>"), 0o644)

	tests := []struct {
		name    string
		train   func() (*Model, error)
		skipped int
	}{
		{"JSON Lines", func() (*Model, error) { return Train(bytes.NewReader(jsonl.Bytes())) }, 1},
		{"gzipped JSON Lines", func() (*Model, error) { return Train(bytes.NewReader(gz.Bytes())) }, 1},
		{"directory", func() (*Model, error) { return TrainFile(dir) }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := tt.train()
			if err != nil {
				t.Fatalf("train: %v", err)
			}
			got, w := m.Info(), want.Info()
			if got.Sentences != w.Sentences || got.Tokens != w.Tokens || got.Vocabulary != w.Vocabulary {
				t.Errorf("Info() = %+v, want the sentences, tokens and vocabulary of %+v", got, w)
			}
			if got.Skipped != tt.skipped {
				t.Errorf("Info().Skipped = %d, want %d", got.Skipped, tt.skipped)
			}
		})
	}
}

func TestTrainEmpty(t *testing.T) {
	for _, text := range []string{"", "no sentence here", "{\"text\": \"\"}\n"} {
		if _, err := Train(strings.NewReader(text)); !errors.Is(err, ErrNoText) {
			t.Errorf("Train(%q) error = %v, want ErrNoText", text, err)
		}
	}
	if _, err := TrainFile(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Errorf("TrainFile(missing) succeeded, want an error")
	}
}

// TestAliasTable checks that every edge is drawn with the probability of its weight, to within
// the 16-bit precision of the coin.
func TestAliasTable(t *testing.T) {
	tests := [][]uint64{
		{1},
		{1, 1},
		{3, 1},
		{1, 2, 3, 4, 5},
		{1000, 1, 1, 1, 1, 1, 1, 1},
		{7, 0, 7},
	}
	r := rand.New(rand.NewPCG(1, 1))
	big := make([]uint64, 500)
	for i := range big {
		big[i] = uint64(1 + r.IntN(50))
	}
	tests = append(tests, big)
	for _, weights := range tests {
		edges := make([]edge, len(weights))
		fillAlias(edges, weights)
		var total uint64
		for _, w := range weights {
			total += w
		}
		n := float64(len(weights))
		got := make([]float64, len(weights))
		for i, e := range edges {
			keep := float64(e.thresh) / 65536
			if e.thresh == 0xffff {
				keep = 1
			}
			got[i] += keep / n
			got[e.alias] += (1 - keep) / n
		}
		for i, w := range weights {
			want := float64(w) / float64(total)
			if d := got[i] - want; d > 1e-4 || d < -1e-4 {
				t.Errorf("weights %v: edge %d drawn with probability %.5f, want %.5f", weights[:min(8, len(weights))], i, got[i], want)
			}
		}
	}
}

func TestTrainDeterministic(t *testing.T) {
	text := syntheticText(500)
	a, err := Train(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Train(strings.NewReader(text))
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two models trained on the same text differ")
	}
}

// strconvQuote quotes s as a JSON string.
func strconvQuote(s string) string {
	var b []byte
	b = append(b, '"')
	b = appendEscaped(b, s)
	return string(append(b, '"'))
}
