package shingle

import (
	"slices"
	"strings"
	"testing"
)

// Text in Spanish, German, French, Russian, Arabic, Chinese and Japanese, written for these
// tests: how each is tokenised and normalised. The expected forms are today's; a change to them
// changes shingle hashes, so it needs a new index format version.
func TestTokenizeLanguages(t *testing.T) {
	tests := []struct {
		lang, text string
		want       []string
	}{
		{"es", "El alcalde, José López, dijo: «La obra empezará en marzo».",
			[]string{"el", "alcalde", "jose", "lopez", "dijo", "la", "obra", "empezara", "en", "marzo"}},
		{"de", "Die Straße wird gesperrt, sagte Bürgermeisterin Müller: „Wir haben keine Wahl.“",
			[]string{"die", "strasse", "wird", "gesperrt", "sagte", "burgermeisterin", "muller", "wir", "haben", "keine", "wahl"}},
		{"fr", "Le maire a déclaré : « Les travaux commenceront en mars. » C’était prévu.",
			[]string{"le", "maire", "a", "declare", "les", "travaux", "commenceront", "en", "mars", "c'etait", "prevu"}},
		{"ru", "Мэр заявил: «Ремонт моста начнётся в марте». Ещё ёлка.",
			[]string{"мэр", "заявил", "ремонт", "моста", "начнется", "в", "марте", "еще", "елка"}},
		// Harakat, hamza seats and the alif's hamza are combining marks once decomposed: dropped.
		{"ar", "قال رئيس البلدية: «ستبدأ الأعمال في مارس». مُدَرِّسَة مدرسة",
			[]string{"قال", "رييس", "البلدية", "ستبدا", "الاعمال", "في", "مارس", "مدرسة", "مدرسة"}},
		// Han characters are a token each; the full-width punctuation separates.
		{"zh", "市长说：“大桥的维修工程将于三月开始。”「港口」",
			[]string{"市", "长", "说", "大", "桥", "的", "维", "修", "工", "程", "将", "于", "三", "月", "开", "始", "港", "口"}},
		// Kana too, one a token; half-width katakana is made full-width (NFKC). The voicing marks
		// (dakuten) are combining marks once decomposed, so べ compares as へ: a known loss.
		{"ja", "市長は「橋の工事は三月に始まる」と述べた。ﾃｽﾄ",
			[]string{"市", "長", "は", "橋", "の", "工", "事", "は", "三", "月", "に", "始", "ま", "る", "と", "述", "へ", "た", "テ", "ス", "ト"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			toks := Tokenize(tt.text)
			var got []string
			for _, tk := range toks {
				got = append(got, tk.Norm)
				// Every token is an exact slice of the text, quotes never part of one.
				if raw := tt.text[tk.Start:tk.End]; strings.ContainsAny(raw, "«»„“”‘‚「」『』：:。") {
					t.Errorf("token %q holds a quotation mark or punctuation", raw)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestFoldingLanguages: spellings that compare equal (same normalised tokens), in each language.
func TestFoldingLanguages(t *testing.T) {
	for _, tc := range []struct{ lang, a, b string }{
		{"es", "José López inauguró el puente", "Jose Lopez inauguro el puente"},
		{"es quotes", "«La obra empezará en marzo»", "\"La obra empezará en marzo\""},
		{"de", "Die Straße über den Fluß", "Die Strasse uber den Fluss"},
		{"de quotes", "„Wir haben keine Wahl“", "»Wir haben keine Wahl«"},
		{"fr", "L’église a été rénovée", "L'eglise a ete renovee"},
		{"fr quotes", "« Les travaux commenceront »", "“Les travaux commenceront”"},
		{"ru", "Ещё одна ёлка на площади", "Еще одна елка на площади"},
		{"ru quotes", "«Ремонт начнётся в марте»", "„Ремонт начнется в марте“"},
		{"ar", "مُدَرِّسَةٌ فِي المَدْرَسَةِ", "مدرسة في المدرسة"},
		{"ar quotes", "«ستبدأ الأعمال في مارس»", "\"ستبدأ الأعمال في مارس\""},
		{"zh quotes", "“大桥将于三月开始维修”", "「大桥将于三月开始维修」"},
		{"ja width", "ﾃｽﾄの結果", "テストの結果"},
		{"ja quotes", "「橋の工事は三月に始まる」", "『橋の工事は三月に始まる』"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			if a, b := Normalize(tc.a), Normalize(tc.b); a != b {
				t.Errorf("Normalize(%q) = %q, Normalize(%q) = %q; want equal", tc.a, a, tc.b, b)
			}
		})
	}
}

// TestCJKShingles: two Chinese (and Japanese) texts that share a sentence share the shingles of
// that sentence, one character a word; texts that share nothing share no shingle.
func TestCJKShingles(t *testing.T) {
	for _, tc := range []struct {
		lang, shared, a, b, other string
	}{
		{"zh", "大桥的维修工程将于三月开始", "市长周二表示，", "据港务局消息，", "今年的苹果收成比往年少三分之一。"},
		{"ja", "橋の工事は三月に始まる", "市長は火曜日に、", "港湾局によると、", "今年のりんごの収穫は例年より少ない。"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			set := func(s string) Set { return NewSet(Hashes(Tokenize(s), 5)) }
			a, b, o := set(tc.a+tc.shared+"。"), set(tc.b+tc.shared+"。"), set(tc.other)
			common := func(x, y Set) int {
				n := 0
				for _, h := range x {
					if _, ok := slices.BinarySearch(y, h); ok {
						n++
					}
				}
				return n
			}
			// A shared run of n characters holds n-4 shingles of 5.
			if got, want := common(a, b), len([]rune(tc.shared))-4; got < want {
				t.Errorf("texts sharing %q share %d shingles, want at least %d", tc.shared, got, want)
			}
			if got := common(a, o); got != 0 {
				t.Errorf("unrelated texts share %d shingles, want 0", got)
			}
		})
	}
}
