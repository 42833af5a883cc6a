package input

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// extractionPage is one page of testdata/html with its expected main text and metadata.
type extractionPage struct {
	name             string // layout/NN
	html             []byte
	want             string // expected main text
	title, published string // expected metadata
}

func loadExtractionSet(t testing.TB) []extractionPage {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "html", "*", "*.html"))
	if err != nil || len(paths) < 30 {
		t.Fatalf("testdata/html: %d pages, %v; want at least 30", len(paths), err)
	}
	sort.Strings(paths)
	var pages []extractionPage
	for _, p := range paths {
		stem := strings.TrimSuffix(p, ".html")
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(stem + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		meta, err := os.ReadFile(stem + ".meta")
		if err != nil {
			t.Fatal(err)
		}
		pg := extractionPage{name: filepath.Base(filepath.Dir(p)) + "/" + filepath.Base(stem), html: src, want: string(want)}
		for _, line := range strings.Split(string(meta), "\n") {
			k, v, _ := strings.Cut(line, ": ")
			switch k {
			case "title":
				pg.title = v
			case "published":
				pg.published = v
			}
		}
		pages = append(pages, pg)
	}
	return pages
}

// words returns the lower-cased words of s (runs of letters and digits), counted.
func words(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		m[w]++
	}
	return m
}

// wordPR returns the precision and recall of got's words against want's, as multisets.
func wordPR(got, want string) (p, r float64) {
	g, w := words(got), words(want)
	var ng, nw, common int
	for k, n := range g {
		ng += n
		common += min(n, w[k])
	}
	for _, n := range w {
		nw += n
	}
	if ng > 0 {
		p = float64(common) / float64(ng)
	}
	if nw > 0 {
		r = float64(common) / float64(nw)
	}
	return p, r
}

// TestHTMLExtraction measures the main text of testdata/html against the expected text written
// for each page, per layout (go test -run HTMLExtraction -v prints the table of BENCHMARKS.md),
// and holds the floors below.
func TestHTMLExtraction(t *testing.T) {
	pages := loadExtractionSet(t)
	type agg struct {
		n, titles, dates int
		p, r             float64
		pAll             float64
	}
	by := map[string]*agg{}
	var layouts []string
	total := &agg{}
	var elapsed time.Duration
	for _, pg := range pages {
		layout, _, _ := strings.Cut(pg.name, "/")
		a := by[layout]
		if a == nil {
			a = &agg{}
			by[layout] = a
			layouts = append(layouts, layout)
		}
		start := time.Now()
		doc, warns, rerr := (&ReadOptions{}).Parse(Record{File: pg.name + ".html", Data: pg.html, Format: FormatHTML})
		elapsed += time.Since(start)
		if rerr != nil || len(warns) > 0 {
			t.Fatalf("%s: Parse: %v, warnings %v", pg.name, rerr, warns)
		}
		if !strings.Contains(doc.Text, "\n\n") {
			t.Errorf("%s: no paragraph break in the main text %q", pg.name, doc.Text)
		}
		p, r := wordPR(doc.Text, pg.want)
		_, all := htmlText(pg.html)
		pAll, _ := wordPR(all, pg.want)
		for _, x := range []*agg{a, total} {
			x.n++
			x.p += p
			x.r += r
			x.pAll += pAll
			if doc.Title == pg.title {
				x.titles++
			}
			if !doc.Published.IsZero() && doc.Published.Format(time.DateOnly) == pg.published {
				x.dates++
			}
		}
		if r < 0.9 {
			t.Logf("%s: recall %.3f\ngot:\n%s\nwant:\n%s", pg.name, r, doc.Text, pg.want)
		}
	}
	row := func(name string, a *agg) {
		t.Logf("| %-8s | %2d | %.3f | %.3f | %.3f | %d/%d | %d/%d |", name, a.n, a.p/float64(a.n), a.r/float64(a.n), a.pAll/float64(a.n), a.titles, a.n, a.dates, a.n)
	}
	t.Logf("| layout   | pages | precision | recall | precision of --html-text all | titles | dates |")
	for _, l := range layouts {
		row(l, by[l])
	}
	row("all", total)
	t.Logf("%.0f pages/s (%.2f ms a page, one goroutine, Parse whole)", float64(total.n)/elapsed.Seconds(), elapsed.Seconds()*1000/float64(total.n))
	// Floors: below the figures measured when the extractor was wired (BENCHMARKS.md).
	if p := total.p / float64(total.n); p < 0.95 {
		t.Errorf("mean word precision %.3f, want at least 0.95", p)
	}
	if r := total.r / float64(total.n); r < 0.99 {
		t.Errorf("mean word recall %.3f, want at least 0.99", r)
	}
	if total.dates < total.n {
		t.Errorf("publication dates %d/%d right, want all", total.dates, total.n)
	}
}

// TestMainTextSlices checks that the main text is written as htmlText writes text (valid UTF-8,
// trimmed, paragraphs separated by one blank line) and that each of its paragraphs is one of the
// page's visible text (--html-text all): extraction drops blocks, it does not rewrite them.
func TestMainTextSlices(t *testing.T) {
	for _, pg := range loadExtractionSet(t) {
		doc, _, rerr := (&ReadOptions{}).Parse(Record{File: pg.name, Data: pg.html, Format: FormatHTML})
		if rerr != nil {
			t.Fatal(rerr)
		}
		if !utf8.ValidString(doc.Text) || doc.Text != strings.TrimSpace(doc.Text) || strings.Contains(doc.Text, "\n\n\n") {
			t.Errorf("%s: main text %q: invalid UTF-8, untrimmed or with more than one blank line", pg.name, doc.Text)
		}
		_, all := htmlText(pg.html)
		for _, para := range strings.Split(doc.Text, "\n\n") {
			if !strings.Contains(all, para) {
				t.Errorf("%s: paragraph %q is not in the visible text", pg.name, para)
			}
		}
	}
}

func TestHTMLTextFlag(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want HTMLText
		ok   bool
	}{{"main", HTMLMain, true}, {"all", HTMLAll, true}, {"", 0, false}, {"Main", 0, false}} {
		var h HTMLText
		err := h.Set(tc.in)
		if (err == nil) != tc.ok || (tc.ok && (h != tc.want || h.String() != tc.in)) {
			t.Errorf("Set(%q) = %v, %v; want %v, ok %v", tc.in, h, err, tc.want, tc.ok)
		}
	}
}

// TestDropBaselineEcho is the regression test for go-trafilatura's baseline extraction, which
// repeats a small page's text as one more paragraph.
func TestDropBaselineEcho(t *testing.T) {
	for _, tc := range []struct{ in, title, want string }{
		{"a line\n\na line", "", "a line"},
		{"one.\n\ntwo.\n\none.two.", "", "one.\n\ntwo."},
		{"One\n\nTwo\n\nT & UOneTwo", "T & U", "One\n\nTwo"},
		{"One\n\nTwo\n\nT & UOneTwo", "", "One\n\nTwo\n\nT & UOneTwo"},
		{"one.\n\ntwo.", "", "one.\n\ntwo."},
		{"single", "", "single"},
	} {
		if got := dropBaselineEcho(tc.in, tc.title); got != tc.want {
			t.Errorf("dropBaselineEcho(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMainTextFallback(t *testing.T) {
	// A page too small for an article: the visible text, with a warning.
	doc, warns, rerr := (&ReadOptions{}).Parse(Record{File: "x.html", Data: []byte("<p>just a line</p>"), Format: FormatHTML})
	if rerr != nil {
		t.Fatal(rerr)
	}
	if doc.Text != "just a line" {
		t.Errorf("text %q, want %q", doc.Text, "just a line")
	}
	if len(warns) > 1 || (len(warns) == 1 && warns[0].Kind != RecordNoMainText) {
		t.Errorf("warnings %v", warns)
	}
}

func BenchmarkHTMLPages(b *testing.B) {
	pages := loadExtractionSet(b)
	var size int64
	for _, pg := range pages {
		size += int64(len(pg.html))
	}
	for _, mode := range []HTMLText{HTMLMain, HTMLAll} {
		b.Run(mode.String(), func(b *testing.B) {
			o := &ReadOptions{HTMLText: mode}
			b.SetBytes(size)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for _, pg := range pages {
					o.Parse(Record{File: "p.html", Data: pg.html, Format: FormatHTML})
				}
			}
			b.ReportMetric(float64(b.N*len(pages))/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

func FuzzMainText(f *testing.F) {
	f.Add([]byte(`<html><head><title>T</title></head><body><article><h1>T</h1><p>One two three.</p><p>Four.</p></article><footer>x</footer></body></html>`))
	f.Add([]byte("<p>a\n\nb</p><p>a b</p>"))
	f.Add([]byte("<div><div><div><p>\xff</p></div>"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		fixed, _ := repairUTF8(doc)
		a, ok := mainText(fixed, "")
		if !ok {
			return
		}
		if !utf8.ValidString(a.text) || !utf8.ValidString(a.title) || !utf8.ValidString(a.author) {
			t.Fatalf("mainText(%q): invalid UTF-8 in %q, %q, %q", doc, a.title, a.author, a.text)
		}
		if a.text != strings.TrimSpace(a.text) || !hasNonSpace(a.text) || strings.Contains(a.text, "\n\n\n") {
			t.Errorf("mainText(%q) = %q: untrimmed, empty or more than one blank line", doc, a.text)
		}
	})
}

// TestRestoreBreaks is the regression test for go-trafilatura's baseline extraction, which
// runs an <article>'s paragraphs together: "evening.Work".
func TestRestoreBreaks(t *testing.T) {
	page := []byte(`<html><head><title>Chunked</title></head><body><article><p>The council agreed the budget for the harbour works on Tuesday evening.</p><p>Work starts in the spring and should take two years.</p></article></body></html>`)
	doc, _, rerr := (&ReadOptions{}).Parse(Record{File: "small.html", Data: page, Format: FormatHTML})
	if rerr != nil {
		t.Fatal(rerr)
	}
	want := "The council agreed the budget for the harbour works on Tuesday evening.\n\nWork starts in the spring and should take two years."
	if doc.Text != want {
		t.Errorf("main text of a small page = %q, want %q", doc.Text, want)
	}
	for _, tc := range []struct{ text, visible, want string }{
		{"a b.c d", "x\n\na b.\n\nc d\n\ny", "a b.\n\nc d"},
		{"kept\n\nrun.together", "kept\n\nrun.\n\ntogether", "kept\n\nrun.\n\ntogether"},
		{"nowhere", "something else", "nowhere"},
		{"three weeks", "for three\u00a0weeks.", "three weeks"}, // white space only: left
		{"a b.c", "a\u00a0b.\n\nc", "a\u00a0b.\n\nc"},
		{"é\uFFFDü.ß", "é\uFFFD\nü.\n\nß", "é\uFFFD\nü.\n\nß"},
	} {
		if got := restoreBreaks(tc.text, tc.visible); got != tc.want {
			t.Errorf("restoreBreaks(%q, %q) = %q, want %q", tc.text, tc.visible, got, tc.want)
		}
	}
}
