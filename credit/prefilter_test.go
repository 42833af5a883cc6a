package credit

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLiteral(t *testing.T) {
	tests := []struct{ entry, want string }{
		{`Reuters`, `Reuters`},
		{`(?:The )?New York Times`, `New York Times`},
		{`Frankfurter Allgemeinen?`, `Frankfurter Allgemeine`},
		{`Süddeutschen? Zeitung`, `Süddeutsche`},
		{`Интерфакс\p{L}*`, `Интерфакс`},
		{`РИА "Новости"`, `РИА "Новости"`},
		{`(?:Die )?Zeit`, `Zeit`},
	}
	for _, tt := range tests {
		if got := literal(tt.entry); got != tt.want {
			t.Errorf("literal(%q) = %q, want %q", tt.entry, got, tt.want)
		}
	}
}

// checkPrefilters fails when an expression matches s and its test said it could not.
func checkPrefilters(t *testing.T, s string) {
	t.Helper()
	if (beforeOutlet.MatchString(s) || outletBeforeRE.MatchString(s)) && !mayNameOutlet(s) {
		t.Errorf("an outlet expression matches %q, mayNameOutlet says it cannot", s)
	}
	if bylineRE.MatchString(s) && !mayBeByline(s) {
		t.Errorf("bylineRE matches %q, mayBeByline says it cannot", s)
	}
}

// labelledParagraphs are the paragraphs of the labelled sets, markers removed.
func labelledParagraphs(t testing.TB) []string {
	var out []string
	for _, name := range []string{"labelled.txt", "heldout.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.NewReplacer("⟦", "", "⟧", "").Replace(string(b))
		for _, p := range strings.Split(text, "\n") {
			if p = strings.TrimSpace(p); p != "" && p != "===" && !strings.HasPrefix(p, "#") {
				out = append(out, p)
			}
		}
	}
	return out
}

// TestPrefilters runs the tests against their expressions on the labelled paragraphs (and the
// windows the phrases cut from them) and on phrases built from every name of the lists, in
// the places the expressions look for them.
func TestPrefilters(t *testing.T) {
	var texts []string
	for _, p := range labelledParagraphs(t) {
		texts = append(texts, p)
		for i := 0; i < len(p); i += 7 {
			texts = append(texts, p[i:min(len(p), i+windowBytes)], p[max(0, i-windowBefore):i])
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	spellings := func(entry string) []string { // ways an entry is written: with and without its optional parts
		full := strings.NewReplacer(`(?:`, ``, `)?`, ``, `\p{L}*`, `ом`, `n?`, `n`).Replace(entry)
		bare := literal(entry)
		return []string{full, bare}
	}
	var names []string
	for _, l := range [][]string{agencies, outlets, mediaWords, describers} {
		for _, e := range l {
			names = append(names, spellings(e)...)
		}
	}
	for _, n := range names {
		texts = append(texts,
			" "+n, " the "+n, " to "+n+" on Monday", " la "+n+" X", "Juan "+n+" Radio", n+", ",
			"the newspaper "+n+", ", "By Ana Ruiz, "+n, "(c) 2024 "+n, n+" contributed", "— "+n+" / "+n+")",
			"Source: "+n, "con información de "+n, "« "+n+" »", "„"+n+"“ ")
	}
	for range 5000 { // random phrases of names, describers, articles and marks
		var b strings.Builder
		for range 1 + r.IntN(5) {
			switch r.IntN(6) {
			case 0:
				b.WriteString(pick(names))
			case 1:
				b.WriteString(pick([]string{" ", ", ", " (", ") ", " — ", "«", "»", "„", "“", "”", "\"", " / ", ". "}))
			case 2:
				b.WriteString(pick([]string{"the ", "la ", "der ", "au ", "to ", "with ", "by ", "From ", "Radio ", "News "}))
			case 3:
				b.WriteString(pick([]string{"Ana", "Mexican", "told", "reported", "said", "copyright 2023", "ſource: ", "this ſtory was published by"}))
			default:
				b.WriteString(pick([]string{" ", "  ", ", "}))
			}
		}
		texts = append(texts, b.String())
	}
	matched := 0
	for _, s := range texts {
		checkPrefilters(t, s)
		if beforeOutlet.MatchString(s) || outletBeforeRE.MatchString(s) || bylineRE.MatchString(s) {
			matched++
		}
	}
	t.Logf("%d of %d texts match an expression", matched, len(texts))
	if matched < len(texts)/20 {
		t.Fatalf("only %d of %d texts match an expression: the test tries too few that do", matched, len(texts))
	}
}

func FuzzPrefilters(f *testing.F) {
	for _, p := range labelledParagraphs(f)[:40] {
		f.Add(p)
	}
	f.Add(" the newspaper El Sol, ")
	f.Add("ſource: AP")
	f.Fuzz(func(t *testing.T, s string) { checkPrefilters(t, s) })
}
