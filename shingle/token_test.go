package shingle

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/neardup/neardup/internal/benchtext"
)

func norms(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Norm
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		text string
		want string // normalised tokens joined by |
	}{
		{"", ""},
		{"   ,;  ", ""},
		{"Andrés Manuel López Obrador", "andres|manuel|lopez|obrador"},
		{"Andres Manuel Lopez Obrador", "andres|manuel|lopez|obrador"},
		{"José Refugio Rodríguez", "jose|refugio|rodriguez"},
		{"Joaquín “El Chapo” Guzmán", "joaquin|el|chapo|guzman"},
		{`Joaquin "El Chapo" Guzman`, "joaquin|el|chapo|guzman"},
		{"so he wouldn’t fuss", "so|he|wouldn't|fuss"},
		{"so he wouldn't fuss", "so|he|wouldn't|fuss"},
		{"he doesn\u02BCt", "he|doesn't"},
		{"Feb. 12, 2019", "feb|12|2019"},
		{"February 12, 2019,", "february|12|2019"},
		{"1,000 people paid $3.50.", "1,000|people|paid|3.50"},
		{"end. Next", "end|next"},
		{"Guzmán-Lopez", "guzman|lopez"},
		{"multi—billion multi–billion multi-billion", "multi|billion|multi|billion|multi|billion"},
		{"wait… what...", "wait|what"},
		{"'quoted' ’single’", "quoted|single"},
		{"rock 'n' roll", "rock|n|roll"},
		{"ＡＢＣ １２３", "abc|123"},
		{"ﬁnal", "final"},
		{"STRASSE Straße", "strasse|strasse"},
		{"ΣΊΣΥΦΟΣ σίσυφος", "σισυφοσ|σισυφοσ"},
		{"Москва́ Москва", "москва|москва"},
		{"東京都 in Japan", "東|京|都|in|japan"},
		{"ภาษาไทย", "ภ|า|ษ|า|ไ|ท|ย"},
		{"café\u0301", "cafe"},
		{"\u0301\u0301", ""},
		{"x\xffy", "x|y"},
		{"a\uFFFDb", "a|b"},
		{"e-mail me@example.com", "e|mail|me|example|com"},
		{"٣٤٥ عربي", "٣٤٥|عربي"},
	}
	for _, tt := range tests {
		got := strings.Join(norms(Tokenize(tt.text)), "|")
		if got != tt.want {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestTokenizeSpans checks that every token's span slices the original text to its raw form.
func TestTokenizeSpans(t *testing.T) {
	text := "Mexican president Andrés Manuel López Obrador said: “You always have to keep the door open.” " +
		"He wouldn’t — couldn't… 東京 ＡＢＣ 3.5% 1,000"
	raws := []string{"Mexican", "president", "Andrés", "Manuel", "López", "Obrador", "said", "You",
		"always", "have", "to", "keep", "the", "door", "open", "He", "wouldn’t", "couldn't", "東", "京",
		"ＡＢＣ", "3.5", "1,000"}
	toks := Tokenize(text)
	if len(toks) != len(raws) {
		t.Fatalf("Tokenize gave %d tokens %q, want %d", len(toks), norms(toks), len(raws))
	}
	for i, tok := range toks {
		if got := text[tok.Start:tok.End]; got != raws[i] {
			t.Errorf("token %d: text[%d:%d] = %q, want %q", i, tok.Start, tok.End, got, raws[i])
		}
	}
}

func TestNormalize(t *testing.T) {
	a := "“He had a problem with his molars and instead of treating them, they took them out so he wouldn’t fuss,”"
	b := `he had a problem with his molars and instead of treating them they took them out so he wouldn't fuss`
	if Normalize(a) != Normalize(b) {
		t.Errorf("Normalize(%q) = %q, want %q", a, Normalize(a), Normalize(b))
	}
	if got, want := Normalize("Joaquín asked…"), "joaquin asked"; got != want {
		t.Errorf("Normalize = %q, want %q", got, want)
	}
}

func TestTokenizeAllocs(t *testing.T) {
	text := strings.Repeat("The quick brown fox jumps over the lazy dog, said Reuters. ", 50)
	allocs := testing.AllocsPerRun(20, func() { Tokenize(text) })
	if allocs > 8 {
		t.Errorf("Tokenize of ASCII text: %v allocations, want at most 8 (none per token: the text has 550)", allocs)
	}
}

// naiveTokenize is the reference for FuzzTokenize: the rules of the package doc written plainly,
// rune by rune, with the full x/text normalisation for every word (no ASCII fast path).
func naiveTokenize(text string) []Token {
	type rr struct {
		r          rune
		start, end int
	}
	var rs []rr
	for i, r := range text { // invalid bytes come as RuneError
		_, size := utf8.DecodeRuneInString(text[i:])
		rs = append(rs, rr{r, i, i + size})
	}
	split := func(r rune) bool {
		return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai,
			unicode.Lao, unicode.Khmer, unicode.Myanmar) && (unicode.IsLetter(r) || unicode.IsNumber(r))
	}
	apos := func(r rune) bool { return strings.ContainsRune("'’‘ʼ′＇", r) }
	word := func(r rune) bool {
		if r == utf8.RuneError || r == 'ʼ' || split(r) {
			return false
		}
		return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
	}
	mark := func(r rune) bool { return r != utf8.RuneError && unicode.IsMark(r) }
	digit := func(r rune) bool { return unicode.IsDigit(r) }
	var out []Token
	emit := func(s, e int) {
		chain := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), runes.Map(unify), cases.Fold(), norm.NFKC)
		n, _, _ := transform.String(chain, text[s:e])
		if n != "" {
			out = append(out, Token{Start: s, End: e, Norm: n})
		}
	}
	for i := 0; i < len(rs); {
		switch {
		case split(rs[i].r):
			j := i + 1
			for j < len(rs) && mark(rs[j].r) && rs[j].r >= utf8.RuneSelf {
				j++
			}
			emit(rs[i].start, rs[j-1].end)
			i = j
		case word(rs[i].r):
			j := i + 1
			for j < len(rs) {
				if word(rs[j].r) {
					j++
					continue
				}
				if j+1 < len(rs) && word(rs[j+1].r) {
					if apos(rs[j].r) || ((rs[j].r == '.' || rs[j].r == ',') && digit(rs[j-1].r) && digit(rs[j+1].r)) {
						j += 2
						continue
					}
				}
				break
			}
			emit(rs[i].start, rs[j-1].end)
			i = j
		default:
			i++
		}
	}
	return out
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "López wouldn’t", "Feb. 12, 2019", "東京 3.5 1,000", "a\xffb",
		"\u0301x", "ʼaʼ", "'a'", "1.a", "a.1", "٣.٤", "ภาษา\u0e34", "ﬁ ＡＢ", "x''y", "1,,2",
		// Longer than the 64-byte blocks Tokenize reads ASCII in, with joiners and other
		// runes where the blocks meet.
		"Shares of the company's main unit rose 1,000.5 points to 3.5 dlrs, wouldn't they? " +
			"O'Neil said it's 2,345 mln, López said.",
		strings.Repeat("a", 63) + "'b 1" + strings.Repeat("2", 62) + ".3 é" + strings.Repeat("x", 61) + "東'y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := Tokenize(text)
		prev := 0
		for i, tok := range toks {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(text) {
				t.Fatalf("token %d span [%d,%d) out of order or range (prev end %d, len %d)", i, tok.Start, tok.End, prev, len(text))
			}
			if tok.Norm == "" {
				t.Fatalf("token %d %q has an empty Norm", i, text[tok.Start:tok.End])
			}
			if !utf8.ValidString(text[tok.Start:tok.End]) {
				t.Fatalf("token %d %q is not valid UTF-8", i, text[tok.Start:tok.End])
			}
			prev = tok.End
		}
		checkStretches(t, text, toks)
		want := naiveTokenize(text)
		if len(toks) != len(want) {
			t.Fatalf("Tokenize(%q) = %d tokens %q, naive reference %d %q", text, len(toks), norms(toks), len(want), norms(want))
		}
		for i := range toks {
			if toks[i] != want[i] {
				t.Fatalf("Tokenize(%q)[%d] = %+v, naive reference %+v", text, i, toks[i], want[i])
			}
		}
	})
}

// checkStretches checks that tokenizing may start at any token's first byte and stop at another
// token's first byte (or the end of the text): the stretch's tokens are those of the whole text,
// offset. The pipeline tokenizes only the stretches between checkpoints it needs.
func checkStretches(t *testing.T, text string, toks []Token) {
	t.Helper()
	for i := range toks {
		for _, j := range []int{i + 1, i + 2, i + 5, len(toks)} {
			if j > len(toks) || j == len(toks) && i%8 != 0 && j-i > 5 { // to the end from some
				continue
			}
			from, to := toks[i].Start, len(text)
			if j < len(toks) {
				to = toks[j].Start
			}
			got := Tokenize(text[from:to])
			if len(got) != j-i {
				t.Fatalf("Tokenize(%q) of %q (tokens %d to %d) = %d tokens %q, want %d", text[from:to], text, i, j, len(got), norms(got), j-i)
			}
			for k, g := range got {
				w := toks[i+k]
				if g.Start+from != w.Start || g.End+from != w.End || g.Norm != w.Norm {
					t.Fatalf("Tokenize(%q) of %q: token %d is %+v at %d, want %+v", text[from:to], text, k, g, from, w)
				}
			}
		}
	}
}

// TestTokenStretches: checkStretches on the texts of the sample corpus and on every text
// FuzzTokenize starts from (through its seed corpus, which go test runs).
func TestTokenStretches(t *testing.T) {
	files, err := filepath.Glob("../testdata/sample/*/*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample articles: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkStretches(t, string(b), Tokenize(string(b)))
	}
}

func TestTokenizerReuse(t *testing.T) {
	var tz Tokenizer
	texts := []string{"López wouldn’t go", "", "a much longer text than the first one, with more words in it", "Feb. 12, 2019"}
	for round := 0; round < 2; round++ {
		for _, text := range texts {
			got := strings.Join(norms(tz.Tokenize(text)), "|")
			want := strings.Join(norms(Tokenize(text)), "|")
			if got != want {
				t.Errorf("Tokenizer.Tokenize(%q) = %q, want %q", text, got, want)
			}
		}
	}
	long := strings.Repeat("word ", 100)
	tz.Tokenize(long)
	if allocs := testing.AllocsPerRun(10, func() { tz.Tokenize(long) }); allocs != 0 {
		t.Errorf("Tokenizer.Tokenize allocates %v times once warm, want 0", allocs)
	}
}

// BenchmarkTokenize measures tokenizing alone, with a reused Tokenizer.
func BenchmarkTokenize(b *testing.B) {
	texts := benchTexts(b)
	b.SetBytes(benchtext.Bytes(texts))
	b.ReportAllocs()
	var tz Tokenizer
	for b.Loop() {
		for _, t := range texts {
			tz.Tokenize(t)
		}
	}
}

// TestTokenizeRandom compares Tokenize with the naive reference on random texts of the
// characters that decide token boundaries, long enough to cross several of the 64-byte blocks
// that appendTokens reads ASCII in: stretches of ASCII and stretches with other runes, thin or
// dense, so that appendTokens goes from one way of tokenizing to the other.
func TestTokenizeRandom(t *testing.T) {
	ascii := []string{"a", "z", "A", "Z", "q", "0", "9", "7", "'", ".", ",", " ", "\n", "-", "\x00", "\x7f",
		"@", "[", "`", "{", "/", ":", "ab", "12", "x'y", "3.5", "1,000"} // with the bytes around each range
	other := []string{"é", "É", "’", "ʼ", "東", "\u0301", "\xff", "\xe6\x9d", "ﬁ", "٣", "—", "ภ",
		"ﷺ"} // ﷺ: 3 bytes, 33 normalised
	rng := rand.New(rand.NewPCG(7, 8))
	var tz Tokenizer // reused: its memory holds the texts before
	for trial := 0; trial < 3000; trial++ {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			n := b.Len() + rng.IntN(100)
			if trial%10 == 0 {
				n += rng.IntN(1000)
			}
			other1in := []int{0, 2, 10, 50}[rng.IntN(4)] // 0: ASCII only
			for b.Len() < n {
				if other1in > 0 && rng.IntN(other1in) == 0 {
					b.WriteString(other[rng.IntN(len(other))])
				} else {
					b.WriteString(ascii[rng.IntN(len(ascii))])
				}
			}
		}
		text := b.String()
		got, want := Tokenize(text), naiveTokenize(text)
		if !slices.Equal(got, want) {
			t.Fatalf("Tokenize(%q) = %q, naive reference %q", text, norms(got), norms(want))
		}
		if got := tz.Tokenize(text); !slices.Equal(got, want) {
			t.Fatalf("Tokenizer.Tokenize(%q) = %q, naive reference %q", text, norms(got), norms(want))
		}
	}
}
