package credit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// item is one labelled passage of testdata/labelled.txt.
type item struct {
	line       int // of its label
	label      Kind
	lang, note string
	text       string
	start, end int
}

// readLabelled parses the labelled set: items between lines "===", each a line "label lang
// note" and an article with its passage between ⟦ and ⟧.
func readLabelled(t testing.TB, path string) []item {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var items []item
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		if lines[i] != "===" || i+1 >= len(lines) || lines[i+1] == "" {
			continue
		}
		head := strings.Fields(lines[i+1])
		if len(head) < 2 {
			t.Fatalf("%s:%d: want a line \"label lang note\"", path, i+2)
		}
		it := item{line: i + 2, lang: head[1], note: strings.Join(head[2:], " ")}
		if err := it.label.UnmarshalText([]byte(head[0])); err != nil || it.label == 0 {
			t.Fatalf("%s:%d: label %q is not quote, credited or none", path, it.line, head[0])
		}
		j := i + 2
		for j < len(lines) && lines[j] != "===" {
			j++
		}
		body := strings.TrimRight(strings.Join(lines[i+2:j], "\n"), "\n")
		a, b := strings.Index(body, "⟦"), strings.Index(body, "⟧")
		if a < 0 || b < a || strings.Count(body, "⟦") != 1 || strings.Count(body, "⟧") != 1 {
			t.Fatalf("%s:%d: want one passage between ⟦ and ⟧", path, it.line)
		}
		it.text = body[:a] + body[a+len("⟦"):b] + body[b+len("⟧"):]
		it.start, it.end = a, b-len("⟦")
		items = append(items, it)
		i = j - 1
	}
	return items
}

// TestLabelled measures Of on the labelled set: precision and recall of "credited" (a quote or
// credited copy, against none), and the accuracy of the three kinds. It fails below the floors
// BENCHMARKS.md reports, and lists the items it gets wrong with -v.
func TestLabelled(t *testing.T) {
	for _, set := range []struct {
		file  string
		min   int
		floor float64
	}{{"labelled.txt", 100, 0.9}, {"heldout.txt", 20, 0.8}} {
		t.Run(set.file, func(t *testing.T) {
			items := readLabelled(t, filepath.Join("testdata", set.file))
			if len(items) < set.min {
				t.Fatalf("%d labelled items, want at least %d", len(items), set.min)
			}
			score(t, set.file, items, set.floor)
		})
	}
}

// score prints precision and recall of "credited" on items, and fails below floor.
func score(t *testing.T, name string, items []item, floor float64) {
	var tp, fp, fn, tn, right int
	perLang := map[string][2]int{}
	for _, it := range items {
		got := Of(it.text, it.start, it.end)
		if got == it.label {
			right++
		} else {
			t.Logf("line %d (%s, %s): %s, labelled %s: %q", it.line, it.lang, it.note, got, it.label, it.text[it.start:it.end])
		}
		l := perLang[it.lang]
		l[1]++
		if got == it.label {
			l[0]++
		}
		perLang[it.lang] = l
		switch {
		case got.IsCredited() && it.label.IsCredited():
			tp++
		case got.IsCredited():
			fp++
		case it.label.IsCredited():
			fn++
		default:
			tn++
		}
	}
	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(tp+fn)
	summary := fmt.Sprintf("%d passages (%d quote or credited, %d none): precision of credited %.3f (%d/%d), recall %.3f (%d/%d); kind right %d/%d (%.3f)",
		len(items), tp+fn, fp+tn, precision, tp, tp+fp, recall, tp, tp+fn, right, len(items), float64(right)/float64(len(items)))
	for _, lang := range []string{"en", "es", "de", "fr", "ru", "ja"} {
		summary += fmt.Sprintf("; %s %d/%d", lang, perLang[lang][0], perLang[lang][1])
	}
	t.Log(summary)
	fmt.Printf("credit %s: %s\n", name, summary) // printed for BENCHMARKS.md, with or without -v
	if precision < floor || recall < floor {
		t.Errorf("precision %.3f, recall %.3f: want both at least %.2f", precision, recall, floor)
	}
}

func TestOf(t *testing.T) {
	tests := []struct {
		name string
		text string // the passage between ⟦ and ⟧
		want Kind
	}{
		{"empty span", "No words here ⟦⟧ at all.", None},
		{"inside quotes", `He said “⟦one two three four five six⟧” then left.`, Quote},
		{"half quoted is not a quote", `⟦one two three “four five six”⟧`, None},
		{"two thirds quoted", `⟦one “two three four five six”⟧`, Quote},
		{"German closes with the English opener", `Er sagte: „⟦eins zwei drei vier⟧“ und ging.`, Quote},
		{"after a German quote closes", `„Eins zwei“, sagte er, ⟦und dann ging er nach Hause zurück⟧.`, None},
		{"reversed guillemets", `Sie sagte: »⟦eins zwei drei vier⟧« und ging.`, Quote},
		{"apostrophe is no closer", `‘⟦Don’t go there, it’s not safe,⟧’ he said.`, Quote},
		{"apostrophe opens nothing", `⟦The workers’ union met the owners’ lawyers today⟧.`, None},
		{"unclosed quote runs to the paragraph's end", "“Start\n\n⟦no quote here in this paragraph at all⟧", None},
		{"dateline credits the whole", "PARIS (Reuters) - First.\n\nSecond.\n\n⟦Third paragraph of the wire story⟧.", Credited},
		{"dateline only in the first paragraphs", "One.\n\nTwo.\n\nThree.\n\nPARIS (Reuters) - Four.\n\n⟦Five six seven eight⟧.", None},
		{"credit in another paragraph", "The figures, Reuters reported, were high.\n\n⟦Exports fell by a fifth this year⟧.", None},
		{"credit in the same paragraph", "⟦Exports fell by a fifth this year⟧, Reuters reported.", Credited},
		{"a long passage through a crediting paragraph", "⟦One two three four five six.\n\nSeven, Reuters reported.\n\nEight nine ten eleven twelve⟧.", None},
		{"most words in the crediting paragraph", "⟦One two.\n\nThree four five six seven, Reuters reported⟧.", Credited},
		{"a line is a paragraph without blank lines", "Reuters reported it.\n⟦Exports fell by a fifth this year⟧.", None},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := strings.Index(tt.text, "⟦"), strings.Index(tt.text, "⟧")
			text := tt.text[:a] + tt.text[a+len("⟦"):b] + tt.text[b+len("⟧"):]
			start, end := a, b-len("⟦")
			if got := Of(text, start, end); got != tt.want {
				t.Errorf("Of(%q, %d, %d) = %s, want %s", text, start, end, got, tt.want)
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"", ""},
		{"one", "one"},
		{"one\ntwo", "one|two"},
		{"one\nline\n\ntwo\n \nthree\n", "one\nline|two|three"},
		{"\n\n  a  \n\n", "a"},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range paragraphs(tt.text) {
			got = append(got, tt.text[p[0]:p[1]])
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("paragraphs(%q) = %q, want %q", tt.text, g, tt.want)
		}
	}
}

// FuzzRead holds Read and Of to their shape on any bytes: no panic, quoted spans ascending,
// disjoint and inside the text, a kind of the three for any span.
// ofWalk is Text.Of as first written, walking every paragraph and word from the start to the
// span instead of searching for its first: Of must answer as it does.
func ofWalk(t *Text, start, end int) Kind {
	start, end = max(0, min(start, len(t.text))), max(0, min(end, len(t.text)))
	words, quoted, credited := 0, 0, 0
	for i, p := range t.paras {
		if p[1] <= start {
			continue
		}
		if p[0] >= end {
			break
		}
		t.look(i)
		q := 0
		quotes := t.quotes[i]
		for _, w := range t.words[i] {
			ws, we := w[0], w[1]
			if we <= start {
				continue
			}
			if ws >= end {
				break
			}
			words++
			for q < len(quotes) && quotes[q][1] <= ws {
				q++
			}
			if q < len(quotes) && quotes[q][0] <= ws {
				quoted++
			}
			if t.credit[i] {
				credited++
			}
		}
	}
	switch {
	case words == 0:
		return None
	case float64(quoted) >= quoteShare*float64(words):
		return Quote
	case 2*credited >= words || t.Whole():
		return Credited
	}
	return None
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{"", "“a”", "„a“ »b« «c» 「d」 'e' \"f\" ‘g’ ‚h‘ ‹i› ›j‹ 『k』", "LONDON (Reuters) - x\n\ny",
		"\xff“\xfe", "By A, Associated Press\n\nx", "a\n\n\n“b\n\n”c"} {
		f.Add(s, 0, len(s))
		f.Add(s, 2, len(s)-1)
	}
	f.Add("“A quoted line,” he said.\n\nReuters reported the rest of it.\n\nAnd a last line.", 10, 60)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		tx := Read(text)
		tx.Of(0, len(text)) // looks at every paragraph
		last := 0
		for i := range tx.paras {
			for _, q := range tx.quotes[i] {
				if q[0] < last || q[1] <= q[0] || q[1] > len(text) {
					t.Fatalf("Read(%q): quotes %v not ascending, disjoint and inside", text, tx.quotes)
				}
				last = q[1]
			}
		}
		for _, p := range tx.paras {
			if p[0] >= p[1] || p[1] > len(text) {
				t.Fatalf("Read(%q): paragraph %v", text, p)
			}
		}
		switch k := tx.Of(start, end); k {
		case Quote, Credited, None:
			if ref := ofWalk(tx, start, end); k != ref {
				t.Fatalf("Read(%q).Of(%d, %d) = %s, walking every paragraph and word %s", text, start, end, k, ref)
			}
		default:
			t.Fatalf("Of = %q", k)
		}
		if utf8.ValidString(text) && tx.Of(0, len(text)) != Of(text, 0, len(text)) {
			t.Fatal("Of differs from Read(text).Of")
		}
		if got, want := paragraphs(text), paragraphsByByte(text); !slices.Equal(got, want) {
			t.Fatalf("paragraphs(%q) = %v, read byte by byte %v", text, got, want)
		}
		var reused Text // after another text, asked last paragraph first
		reused.Reset("“Open quote\n\nLONDON (Reuters) - " + text)
		reused.Of(0, len(text))
		reused.Reset(text)
		for i := len(tx.paras) - 1; i >= 0; i-- {
			p := tx.paras[i]
			if got, want := reused.Of(p[0], p[1]), Read(text).Of(p[0], p[1]); got != want {
				t.Fatalf("Read(%q): paragraph %v: reused Text %s, new %s", text, p, got, want)
			}
		}
	})
}

// paragraphsByByte is paragraphs as it was first written, reading byte by byte: the reference
// FuzzRead holds it to.
func paragraphsByByte(text string) [][2]int {
	blank := strings.Contains(text, "\n\n") || strings.Contains(text, "\n\r\n") || hasBlankLine(text)
	var out [][2]int
	start := 0
	add := func(a, b int) {
		for a < b && isSpaceByte(text[a]) {
			a++
		}
		for b > a && isSpaceByte(text[b-1]) {
			b--
		}
		if a < b {
			out = append(out, [2]int{a, b})
		}
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' {
			continue
		}
		if !blank {
			add(start, i)
			start = i + 1
			continue
		}
		j := i + 1
		for j < len(text) && text[j] != '\n' && isSpaceByte(text[j]) {
			j++
		}
		if j < len(text) && text[j] == '\n' {
			add(start, i)
			start = j + 1
			i = j
		}
	}
	add(start, len(text))
	return out
}

// TestReset checks that a Text reused for text after text (Reset) classifies every span as a
// new one does, its paragraphs looked at from the last to the first: each paragraph's words
// and quotes are kept in arrays shared by the paragraphs, where a quote could run into the
// span of the paragraph looked at before it.
func TestReset(t *testing.T) {
	items := readLabelled(t, filepath.Join("testdata", "labelled.txt"))
	texts := []string{
		"“One two three.\n\nFour five” six seven.\n\n“Eight nine ten eleven,” he said.",
		"PARIS (Reuters) - First.\n\nSecond “quoted words here” too.\n\nThird, the AP reported.",
		"No paragraphs, “a quote” and words.",
	}
	for _, it := range items {
		texts = append(texts, it.text)
	}
	var reused Text
	for i, text := range texts {
		paras := paragraphs(text)
		// spans: each paragraph, each pair of neighbouring paragraphs, the whole text, last first
		var spans [][2]int
		for k := len(paras) - 1; k >= 0; k-- {
			spans = append(spans, paras[k])
			if k > 0 {
				spans = append(spans, [2]int{paras[k-1][0], paras[k][1]})
			}
		}
		spans = append(spans, [2]int{0, len(text)})
		reused.Reset(text)
		for _, s := range spans {
			want := Read(text).Of(s[0], s[1])
			if got := reused.Of(s[0], s[1]); got != want {
				t.Errorf("text %d, bytes %d-%d: reused Text gives %s, a new one %s", i, s[0], s[1], got, want)
			}
		}
	}
}

// TestKindText: each kind is written as the contract's name, in JSON too, and read back; the zero
// Kind is ""; a name that is no kind, or a Kind beyond them, is an error.
func TestKindText(t *testing.T) {
	for _, tt := range []struct {
		k    Kind
		name string
	}{{0, ""}, {None, "none"}, {Quote, "quote"}, {Credited, "credited"}} {
		if got := tt.k.String(); got != tt.name {
			t.Errorf("Kind(%d).String() = %q, want %q", uint8(tt.k), got, tt.name)
		}
		j, err := json.Marshal(struct{ C Kind }{tt.k})
		if want := `{"C":"` + tt.name + `"}`; err != nil || string(j) != want {
			t.Errorf("json.Marshal(%d) = %s, %v; want %s", uint8(tt.k), j, err, want)
		}
		var back struct{ C Kind }
		if err := json.Unmarshal(j, &back); err != nil || back.C != tt.k {
			t.Errorf("json.Unmarshal(%s) = %d, %v; want %d", j, uint8(back.C), err, uint8(tt.k))
		}
	}
	var k Kind
	if err := k.UnmarshalText([]byte("quoted")); err == nil {
		t.Errorf(`UnmarshalText("quoted") = %d, no error`, uint8(k))
	}
	if _, err := Kind(9).MarshalText(); err == nil {
		t.Error("Kind(9).MarshalText(): no error")
	}
	if s := Kind(9).String(); s != "credit.Kind(9)" {
		t.Errorf("Kind(9).String() = %q", s)
	}
}
