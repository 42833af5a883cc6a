package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"

	"github.com/neardup/neardup/pipeline"
)

const (
	digestFile    = "../testdata/stories/digest.jsonl"
	outlets30File = "../testdata/stories/outlets30.jsonl"
)

// looseDocs writes three articles of three outlets that share one quote and nothing else (long
// texts around it, nothing alike): related pairs, but no story. It returns the directory.
func looseDocs(t testing.TB) string {
	t.Helper()
	long := func(seed int) string { return filler(seed) + " " + filler(seed+10) + " " + filler(seed+20) }
	files := map[string]string{}
	for i, outlet := range []string{"north-post", "valley-courier", "harbor-gazette"} {
		files[filepath.Join(outlet, "pier.txt")] = fmt.Sprintf("Headline %d\n\n%s %s %s", i, long(2*i+1), quote40, long(2*i+2))
	}
	return writeDocs(t, files)
}

// reworded writes an article and another outlet's rewording of it from end to end (words swapped,
// clauses reordered; no run of words long enough for a fingerprint), and an unrelated third. It
// returns the directory. Written for these tests.
func reworded(t testing.TB) string {
	t.Helper()
	return writeDocs(t, map[string]string{
		filepath.Join("sound-gazette", "ferry.txt"): "Ferry timetable cut\n\n" +
			"The Lennox Sound ferry company cancelled its winter timetable on Monday after two of its three boats failed safety inspections, " +
			"leaving the islands of Carra and Mull Beg with a single daily crossing. " +
			"Inspectors found corroded steering gear on both vessels and ordered repairs that the company says will take at least ten weeks. " +
			"Shopkeepers on Carra warned that fresh food deliveries would be cut in half and that the island school might have to close on stormy days. " +
			"The regional transport board has promised an emergency subsidy but has not said how large it will be.\n",
		filepath.Join("island-news", "ferries.txt"): "Islands left with one boat\n\n" +
			"Two of the three boats run by the Lennox Sound ferry company did not pass their safety inspections, so on Monday it scrapped the winter timetable, " +
			"and Carra and Mull Beg are left with one crossing a day. " +
			"Corroded steering gear was found on both ships by the inspectors, who ordered repairs the company expects to last ten weeks or more. " +
			"On Carra, shop owners said deliveries of fresh food would halve and the island school could be shut when storms hit. " +
			"An emergency subsidy has been promised by the regional transport board, which has not given its size.\n",
		filepath.Join("north-post", "pier.txt"): "Pier repairs\n\n" + filler(5) + " " + filler(6),
	})
}

func renderText(t testing.TB, res *pipeline.Result, opts TextOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Text(&buf, res, opts); err != nil {
		t.Fatalf("Text: %v", err)
	}
	return buf.String()
}

// TestTextStories renders corpora of stories, links, hubs and passages in no story, checks each
// cluster's section against the result (checkText), and looks for what each corpus is there to
// show.
func TestTextStories(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input func(testing.TB) string
		opts  TextOptions
		want  map[string]int // text → times it must occur
		check func(t *testing.T, res *pipeline.Result)
	}{
		{name: "sample", input: fixed(sampleDir), want: map[string]int{
			// the near-duplicates' passage and the quotes north-post took from them are apart
			"  1 shared passage:\n":                                  2,
			"  5 shared passages, the 3 most shared:\n":              1,
			"     29 words: “We were told nothing, not a letter":     1,
			"0 hubs, 0 linked, 4 singletons;":                        1,
			"8 story edges (4 copy, 2 own passages,\n  2 context)\n": 1, // the totals fit the width too
		}},
		{name: "digest", input: fixed(digestFile), opts: TextOptions{Width: 200}, want: map[string]int{
			"        in 3 articles: coastal-wire/saltmere-dockworkers-strike ¶4, saltmere-evening-news/picket-lines-go-up ¶3, freight-ledger/carriers-divert-from-saltmere ¶3\n": 1,
			"        in 2 articles: coastal-wire/saltmere-dockworkers-strike ¶2, morning-roundup/five-things-april-8 ¶2 (hub)\n":                                                 1,
			"  linked: morning-roundup/five-things-april-8 (hub), shares 1 passage\n":                                                                                            3,
			"Hubs: 1 document in no story that shares passages with several stories\n  - morning-roundup/five-things-april-8  [morning-roundup]":                                 1,
			"      shares 3 passages with clusters 1, 2, 3\n":                                                                                                                    1,
			", 1 hub, ": 1,
		}, check: func(t *testing.T, res *pipeline.Result) {
			if len(res.Hubs) != 1 {
				t.Fatalf("%d hubs, want the digest", len(res.Hubs))
			}
		}},
		{name: "digest-narrow", input: fixed(digestFile), want: map[string]int{
			// ids that do not fit are left out whole
			// ids that do not fit go on the next lines, up to three
			"        in 3 articles: coastal-wire/saltmere-dockworkers-strike ¶4,\n" +
				"                       saltmere-evening-news/picket-lines-go-up ¶3,\n" +
				"                       freight-ledger/carriers-divert-from-saltmere ¶3\n": 1,
		}},
		{name: "outlets30", input: fixed(outlets30File), want: map[string]int{
			"  4 shared passages, the 3 most shared:\n": 1,
			"    and 1 more passage\n":                  1,
		}, check: func(t *testing.T, res *pipeline.Result) {
			if len(res.Clusters) == 0 || len(res.Clusters[0].Pairs) <= 10 {
				t.Fatalf("want a cluster of more than 10 pairs")
			}
		}},
		{name: "outlets30-capped", input: fixed(outlets30File), opts: TextOptions{Passages: 1, Pairs: 2}, want: map[string]int{
			"  4 shared passages, the 1 most shared:\n": 1,
			"    and 3 more passages\n":                 1,
		}},
		{name: "loose", input: looseDocs, want: map[string]int{
			"Shared passages of documents in no story: 1\n": 1,
			"harbour board agreed on Tuesday night":         1,
			"        in 3 articles: harbor-gazette/pier.txt ¶2, north-post/pier.txt ¶2,\n" +
				"                       valley-courier/pier.txt ¶2\n": 1,
			"Linked: 2 documents in no story that share passages with others\n":                               1,
			"      shares 1 passage with north-post/pier.txt, valley-courier/pier.txt\n":                      1,
			"      shares 1 passage with valley-courier/pier.txt\n":                                           1,
			"0 clusters (0 exact, 0 syndicated, 0 story), 0 hubs, 2 linked, 0 singletons;\n  3 related pairs": 1,
		}, check: func(t *testing.T, res *pipeline.Result) {
			if len(res.Clusters) != 0 || len(res.Passages) != 1 {
				t.Fatalf("%d clusters and %d passages in no story, want 0 and 1", len(res.Clusters), len(res.Passages))
			}
			if len(res.Hubs) != 0 || len(res.Linked) != 2 {
				t.Fatalf("%d hubs and %d linked, want none (three articles sharing one paragraph compile nothing) and 2", len(res.Hubs), len(res.Linked))
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// verbatim passages only, which the counts above are of: the default report, with
			// rewritten passages, is cmd/neardup's golden files'
			res := scan(t, pipeline.Options{NoRewrite: true}, tc.input(t))
			if tc.check != nil {
				tc.check(t, res)
			}
			out := renderText(t, res, tc.opts)
			for s, n := range tc.want {
				if got := strings.Count(out, s); got != n {
					t.Errorf("%q occurs %d times, want %d", s, got, n)
				}
			}
			checkText(t, res, out, tc.opts)
			if t.Failed() {
				t.Logf("report:\n%s", out)
			}
		})
	}
}

func fixed(path string) func(testing.TB) string { return func(testing.TB) string { return path } }

// checkText checks each section of a text report against the result: per cluster, its shared
// passages quoted once each (the most shared first, up to the cap) with the number of articles
// they occur in, one line per pair up to the cap, and one per link; the hubs; the passages in no
// story; and that no line of a cluster is wider than the width, in terminal columns.
func checkText(t *testing.T, res *pipeline.Result, out string, opts TextOptions) {
	t.Helper()
	width, capPassages, capPairs := 100, 3, 10
	if opts.Width > 0 {
		width = opts.Width
	}
	if opts.Passages > 0 {
		capPassages = opts.Passages
	}
	if opts.Pairs > 0 {
		capPairs = opts.Pairs
	}
	sections := strings.Split(strings.TrimSuffix(out, "\n"), "\n\n")
	want := len(res.Clusters) + 1
	if len(res.Hubs) > 0 {
		want++
	}
	if len(res.Linked) > 0 {
		want++
	}
	if len(res.Passages) > 0 {
		want++
	}
	if len(sections) != want {
		t.Fatalf("%d sections, want %d", len(sections), want)
	}
	for i := range res.Clusters {
		c := &res.Clusters[i]
		sec := sections[i]
		if head := fmt.Sprintf("Cluster %d: %s, %d articles, ", c.Number, c.Kind, len(c.Members)); !strings.HasPrefix(sec, head) {
			t.Errorf("cluster %d: section starts %q, want %q", c.Number, firstLine(sec), head)
		}
		checkQuoted(t, fmt.Sprintf("cluster %d", c.Number), sec, c.Passages, capPassages, res)
		pairLines := 0
		for _, line := range strings.Split(sec, "\n") {
			if strings.HasPrefix(line, "    ") && strings.Contains(line, " jaccard ") {
				pairLines++
			}
			if n := runewidth.StringWidth(line); n > width {
				t.Errorf("cluster %d: line of %d columns, wider than %d: %q", c.Number, n, width, line)
			}
		}
		if want := min(len(c.Pairs), capPairs); pairLines != want {
			t.Errorf("cluster %d: %d pair lines, want %d", c.Number, pairLines, want)
		}
		more := fmt.Sprintf("    and %d more pair", len(c.Pairs)-capPairs)
		if got := strings.Contains(sec, more); got != (len(c.Pairs) > capPairs) {
			t.Errorf("cluster %d: %q shown %v, want %v", c.Number, more, got, !got)
		}
		if got, want := strings.Count(sec, "\n  linked: "), min(len(c.Links), capPairs); got != want {
			t.Errorf("cluster %d: %d links, want %d", c.Number, got, want)
		}
	}
	rest := sections[len(res.Clusters):]
	for _, kind := range []struct {
		heading string
		hubs    []pipeline.Hub
	}{{"Hubs: ", res.Hubs}, {"Linked: ", res.Linked}} {
		if len(kind.hubs) == 0 {
			continue
		}
		sec := rest[0]
		rest = rest[1:]
		if !strings.HasPrefix(sec, kind.heading) {
			t.Errorf("section %q, want %q", firstLine(sec), kind.heading)
		}
		for _, h := range kind.hubs {
			if !strings.Contains(sec, "\n  - "+h.Member.ID+"  ") {
				t.Errorf("%s%s not listed", kind.heading, h.Member.ID)
			}
		}
		if got := strings.Count(sec, "\n      shares "); got != len(kind.hubs) {
			t.Errorf("%s%d say what they share, want %d", kind.heading, got, len(kind.hubs))
		}
	}
	if len(res.Passages) > 0 {
		checkQuoted(t, "passages in no story", rest[0], res.Passages, capPassages, res)
		rest = rest[1:]
	}
	if !strings.HasPrefix(rest[0], fmt.Sprintf("%d document", res.Stats.Docs)) {
		t.Errorf("last section %q, want the totals", rest[0])
	}
}

// checkQuoted checks that a section quotes the most shared of sps, each once, from its longest
// occurrence, followed by the number of articles it is in.
func checkQuoted(t *testing.T, what, sec string, sps []pipeline.SharedPassage, capPassages int, res *pipeline.Result) {
	t.Helper()
	lines := strings.Split(sec, "\n")
	quoted := 0
	prevDocs := 1 << 30
	for i, line := range lines {
		if !strings.Contains(line, " words: “") {
			continue
		}
		quoted++
		sp := quotedPassage(t, line, sps, res)
		if sp == nil {
			t.Errorf("%s: %q quotes no passage's longest occurrence", what, line)
			continue
		}
		docs := map[string]bool{}
		for _, o := range sp.Occurrences {
			docs[o.ID] = true
		}
		if len(docs) > prevDocs {
			t.Errorf("%s: passage in %d articles after one in %d: not most shared first", what, len(docs), prevDocs)
		}
		prevDocs = len(docs)
		in := fmt.Sprintf("        in %d article", len(docs))
		if i+1 == len(lines) || !strings.HasPrefix(lines[i+1], in) {
			t.Errorf("%s: %q not followed by %q", what, line, in)
		}
		if strings.Count(sec, strings.SplitN(line, "…", 2)[0]) != 1 {
			t.Errorf("%s: %q quoted more than once", what, line)
		}
	}
	if want := min(len(sps), capPassages); quoted != want {
		t.Errorf("%s: %d passages quoted, want %d", what, quoted, want)
	}
}

// quotedPassage finds the passage of sps that a line quotes: the quote's start is its longest
// occurrence's, read from the document.
func quotedPassage(t *testing.T, line string, sps []pipeline.SharedPassage, res *pipeline.Result) *pipeline.SharedPassage {
	t.Helper()
	q := line[strings.Index(line, "“")+len("“"):]
	q = strings.SplitN(q, "…", 2)[0]
	q = strings.TrimSuffix(q, "”")
	for i := range sps {
		sp := &sps[i]
		longest := sp.Occurrences[0]
		for _, o := range sp.Occurrences {
			if o.Words > longest.Words {
				longest = o
			}
		}
		text, err := res.Text(longest.ID)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprintf("%d words:", sp.Words) == strings.TrimSpace(line[:strings.Index(line, "“")]) &&
			strings.HasPrefix(oneLine(text[longest.Start:longest.End]), q) {
			return sp
		}
	}
	return nil
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

// TestTextColorAndTimestamp: colours change nothing but escapes, and a timestamp adds one line.
func TestTextColorAndTimestamp(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input func(testing.TB) string
		want  []string // escapes the coloured report must hold
	}{
		{"sample", fixed(sampleDir), []string{"\x1b[33mreuse\x1b[0m", "\x1b[34mnear-duplicate\x1b[0m", "\x1b[1mCluster 1\x1b[0m"}},
		{"digest", fixed(digestFile), []string{"\x1b[1mHubs\x1b[0m"}},
		{"loose", looseDocs, []string{"\x1b[1mShared passages of documents in no story\x1b[0m", " words:\x1b[0m"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := pipeline.Run(t.Context(), []string{tc.input(t)}, nil, pipeline.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer res.Close()
			plain := renderText(t, res, TextOptions{})
			color := renderText(t, res, TextOptions{Color: true})
			stamped := renderText(t, res, TextOptions{Timestamp: "2026-11-22T01:00:00Z"})
			if strings.Contains(plain, "\x1b[") {
				t.Error("plain text report holds ANSI escapes")
			}
			for _, s := range tc.want {
				if !strings.Contains(color, s) {
					t.Errorf("coloured report lacks %q", s)
				}
			}
			stripped := strings.NewReplacer("\x1b[0m", "", "\x1b[1m", "", "\x1b[2m", "", "\x1b[33m", "", "\x1b[34m", "", "\x1b[35m", "").Replace(color)
			if stripped != plain {
				t.Error("the coloured report differs from the plain one beyond its escapes")
			}
			if !strings.HasPrefix(stamped, "generated 2026-11-22T01:00:00Z\n\n") || strings.TrimPrefix(stamped, "generated 2026-11-22T01:00:00Z\n\n") != plain {
				t.Error("--timestamp should add one line and change nothing else")
			}
		})
	}
}

// TestReportsLeaveTexts: a report loads the texts it needs and leaves the result as it found it:
// texts its caller loaded stay, texts it loaded go.
func TestReportsLeaveTexts(t *testing.T) {
	loaded := func(res *pipeline.Result) (yes, no int) {
		count := func(ok bool) {
			if ok {
				yes++
			} else {
				no++
			}
		}
		for _, c := range res.Clusters {
			for _, sp := range c.Passages {
				count(sp.Text != "")
			}
			for _, p := range c.Pairs {
				count(p.Passages[0].AText != "")
			}
		}
		for _, sp := range res.Passages {
			count(sp.Text != "")
		}
		return yes, no
	}
	reports := map[string]func(*pipeline.Result) error{
		"text": func(res *pipeline.Result) error { return Text(&bytes.Buffer{}, res, TextOptions{}) },
		"html": func(res *pipeline.Result) error { return HTML(&bytes.Buffer{}, res, HTMLOptions{}) },
	}
	for name, render := range reports {
		for _, input := range []string{digestFile, looseDocs(t)} {
			t.Run(name+"/"+filepath.Base(input), func(t *testing.T) {
				res := scan(t, pipeline.Options{}, input) // every text loaded
				if err := render(res); err != nil {
					t.Fatal(err)
				}
				if yes, no := loaded(res); no != 0 || yes == 0 {
					t.Errorf("after the report, %d texts loaded and %d not, want all", yes, no)
				}
				bare, err := pipeline.Run(t.Context(), []string{input}, nil, pipeline.Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer bare.Close()
				if err := render(bare); err != nil {
					t.Fatal(err)
				}
				if yes, no := loaded(bare); yes != 0 || no == 0 {
					t.Errorf("after the report, %d texts loaded and %d not, want none", yes, no)
				}
			})
		}
	}
}

func TestFitList(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		items  []string
		width  int
		want   string
	}{
		{"in: ", nil, 20, "in: "},
		{"in: ", []string{"a", "b", "c"}, 20, "in: a, b, c"},
		{"in: ", []string{"a", "b", "c"}, 11, "in: a, b, c"}, // exactly the width
		{"in: ", []string{"a", "b", "c"}, 10, "in: a, …"},    // "in: a, b, …" would be 11
		{"in: ", []string{"aaaaaaaaaa", "b"}, 8, "in: aaaaaaaaaa, …"},
		{"in: ", []string{"aaaaaaaaaa"}, 8, "in: aaaaaaaaaa"}, // the first always, whole
		{"→ ", []string{"é", "ü"}, 7, "→ é, ü"},               // runes, not bytes
	} {
		if got := fitList(tc.prefix, tc.items, tc.width); got != tc.want {
			t.Errorf("fitList(%q, %q, %d) = %q, want %q", tc.prefix, tc.items, tc.width, got, tc.want)
		}
	}
}

// TestTextEscapes: escape sequences in ids, sources, titles and texts are shown escaped; they
// reached the terminal ("\x1b[2J" cleared it, "\x1b]0;…\x07" set its title).
func TestTextEscapes(t *testing.T) {
	text := "the ferry to the island stopped running on Monday after the pier was found unsafe by engineers \u001b[31m in red"
	quoted, _ := json.Marshal(text)
	in := fmt.Sprintf(`{"id":"\u001b[2Jone","source":"wire\u202e","title":"\u001b]0;pwned\u0007 Ferry","text":%s}`+"\n"+
		`{"id":"two\u009b","source":"wire","title":"Ferry","text":%s}`+"\n", quoted, quoted)
	path := filepath.Join(t.TempDir(), "evil.jsonl")
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	res := scan(t, pipeline.Options{}, path)
	out := renderText(t, res, TextOptions{Width: 200})
	if i := strings.IndexFunc(out, func(r rune) bool { return r != '\n' && unsafeRune(r) }); i >= 0 {
		t.Errorf("control character %q in the report:\n%s", out[i:min(i+8, len(out))], out)
	}
	for _, want := range []string{`\x1b[2Jone`, `[wire\u202e]`, `“\x1b]0;pwned\x07 Ferry”`, `two\u009b`, `\x1b[31m in red`} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestWrapList(t *testing.T) {
	for _, tc := range []struct {
		items []string
		width int
		lines int
		want  string
	}{
		{nil, 20, 3, "in: "},
		{[]string{"a", "b", "c"}, 20, 3, "in: a, b, c"},
		{[]string{"aaaa", "bbbb", "cccc"}, 12, 3, "in: aaaa,\n    bbbb,\n    cccc"},
		{[]string{"aaaa", "bbbb", "cccc", "dddd", "eeee"}, 20, 2, "in: aaaa, bbbb,\n    cccc, and 2 more"},
		{[]string{"a", "b", "c", "d", "e", "f"}, 18, 1, "in: a, and 5 more"},
		{[]string{"aaaaaaaaaaaaaaaaaaaa", "b"}, 10, 1, "in: aaaaaaaaaaaaaaaaaaaa, and 1 more"}, // the first item always
		{[]string{"aaaaaaaaaaaaaaaaaaaa"}, 10, 1, "in: aaaaaaaaaaaaaaaaaaaa"},
		{[]string{"é", "ü"}, 9, 1, "in: é, ü"}, // runes, not bytes
	} {
		got := wrapList("in: ", len(tc.items), func(i int) string { return tc.items[i] }, tc.width, tc.lines)
		if got != tc.want {
			t.Errorf("wrapList(%q, %d, %d) =\n%s\nwant\n%s", tc.items, tc.width, tc.lines, got, tc.want)
		}
		for _, l := range strings.Split(got, "\n") {
			if n := utf8.RuneCountInString(l); n > tc.width && !strings.Contains(l, "aaaaaaaaaaaaaaaaaaaa") {
				t.Errorf("wrapList(%q, %d, %d): line %q is wider", tc.items, tc.width, tc.lines, l)
			}
		}
	}
}

// TestTextWidthColumns: at --width 60, no line of the text report is wider than 60 terminal
// columns, titles in Chinese and Japanese (two columns a character) included. Cluster headers,
// linked lines, pair lines, the hubs' heading and the totals ignored the width, and titles and
// quotes were measured in runes, so that a title of 30 characters fitted in 30 columns.
func TestTextWidthColumns(t *testing.T) {
	titles := []string{
		"港湾労働者が自動クレーン導入に抗議してストライキ、港の機能が全面的に停止",
		"罢工开始后每个大门都出现了纠察线，码头工人要求就自动化进行谈判",
		"Saltmere 罢工关闭集装箱码头，承运商纷纷改道前往其他港口",
	}
	data, err := os.ReadFile(digestFile)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		m["title"] = titles[i%len(titles)]
		// ids of 30 columns or so: a list of articles keeps each id whole, even over the width
		_, m["id"], _ = strings.Cut(m["id"].(string), "/")
		out, _ := json.Marshal(m)
		b.Write(append(out, '\n'))
	}
	path := filepath.Join(t.TempDir(), "cjk.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res := scan(t, pipeline.Options{}, path)
	if len(res.Clusters) == 0 || len(res.Hubs) == 0 {
		t.Fatalf("%d clusters, %d hubs: want the digest's stories and hub", len(res.Clusters), len(res.Hubs))
	}
	for _, color := range []bool{false, true} {
		out := renderText(t, res, TextOptions{Width: 60, Color: color})
		if !strings.Contains(out, "港湾労働者") || !strings.Contains(out, "  linked: ") {
			t.Errorf("color %v: the report lacks the titles or the links:\n%s", color, out)
		}
		plain := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out, "")
		for _, line := range strings.Split(plain, "\n") {
			if w := runewidth.StringWidth(line); w > 60 {
				t.Errorf("color %v: line of %d columns, wider than 60: %q", color, w, line)
			}
		}
		if !color {
			checkText(t, res, out, TextOptions{Width: 60})
		}
		if t.Failed() {
			t.Logf("report:\n%s", out)
			break
		}
	}
}

// TestTextReadsShownTexts: a passage's list of articles reads back the texts of the articles it
// shows (to say where the passage sits in each), not of all of them: it read every one, 40 here,
// to show six. An error reading a text back is returned; it was dropped, and the article shown
// without its place.
func TestTextReadsShownTexts(t *testing.T) {
	const n = 40
	quote := "the harbour board agreed on Tuesday night to spend on the pier"
	var occ []pipeline.Occurrence
	var members []pipeline.Member
	texts := map[string]string{}
	for i := range n {
		id := fmt.Sprintf("outlet-%02d/pier-repairs.txt", i)
		texts[id] = "Headline\n\nA first paragraph.\n\n" + quote + "\n"
		start := len("Headline\n\nA first paragraph.\n\n")
		occ = append(occ, pipeline.Occurrence{ID: id, Start: start, End: start + len(quote), Words: 12})
		members = append(members, pipeline.Member{ID: id})
	}
	result := func(where string, texts func(string) (string, error)) *pipeline.Result {
		sp := pipeline.SharedPassage{Number: 1, Words: 12, Text: quote, Occurrences: occ}
		res := &pipeline.Result{Stats: pipeline.Stats{Docs: n}}
		if where == "cluster" {
			res.Clusters = []pipeline.Cluster{{Number: 1, Kind: pipeline.KindStory, Representative: members[0].ID,
				Members: members, Passages: []pipeline.SharedPassage{sp}}}
		} else {
			res.Passages = []pipeline.SharedPassage{sp}
		}
		res.WithTexts(texts)
		return res
	}
	for _, where := range []string{"cluster", "no story"} {
		read := map[string]int{}
		res := result(where, func(id string) (string, error) {
			read[id]++
			return texts[id], nil
		})
		out := renderText(t, res, TextOptions{})
		if !strings.Contains(out, "in 40 articles: outlet-00/pier-repairs.txt ¶3, ") || !strings.Contains(out, " more\n") {
			t.Fatalf("%s: the list is not as expected:\n%s", where, out)
		}
		shown := 0
		for id, k := range read {
			if k > 1 {
				t.Errorf("%s: %s read %d times", where, id, k)
			}
			if strings.Contains(out, id+" ¶3") {
				shown++
			}
		}
		if len(read) > shown+1 { // the first that does not fit is made, then left out
			t.Errorf("%s: %d texts read back for %d articles shown", where, len(read), shown)
		}

		bad := errors.New("spool: read error")
		res = result(where, func(string) (string, error) { return "", bad })
		if err := Text(io.Discard, res, TextOptions{}); !errors.Is(err, bad) {
			t.Errorf("%s: Text with texts that cannot be read back = %v, want %v", where, err, bad)
		}
	}
}

// TestMostShared: a cluster's passages held by the most of its members come first, before a
// standard paragraph that one member shares with more articles outside it; passages of no
// cluster go by how many articles hold them.
func TestMostShared(t *testing.T) {
	occ := func(ids ...string) []pipeline.Occurrence {
		var out []pipeline.Occurrence
		for _, id := range ids {
			out = append(out, pipeline.Occurrence{ID: id})
		}
		return out
	}
	sps := []pipeline.SharedPassage{
		{Number: 1, Words: 30, Occurrences: occ("a", "x", "y", "z", "w")}, // a footer: one member, four outside
		{Number: 2, Words: 20, Occurrences: occ("a", "b", "c")},           // the story's quote
		{Number: 3, Words: 40, Occurrences: occ("b", "c")},
	}
	members := map[string]bool{"a": true, "b": true, "c": true}
	for _, tt := range []struct {
		name    string
		members map[string]bool
		want    []int
	}{
		{"a cluster's", members, []int{1, 2, 0}},
		{"no cluster's", nil, []int{0, 1, 2}},
	} {
		if got := mostShared(sps, tt.members); !slices.Equal(got, tt.want) {
			t.Errorf("%s: mostShared = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestJoinedLine: the members in none of a cluster's pairs (joined by a passage alone) are named,
// at most five.
func TestJoinedLine(t *testing.T) {
	members := testMembers
	pair := []pipeline.Pair{{A: "a", B: "b"}}
	tests := []struct {
		name string
		c    pipeline.Cluster
		want string
	}{
		{"all in pairs", pipeline.Cluster{Members: members("a", "b"), Pairs: pair}, ""},
		{"one joined", pipeline.Cluster{Members: members("a", "b", "c"), Pairs: pair},
			"  joined by a shared passage alone (in no pair): c"},
		{"seven joined", pipeline.Cluster{Members: members("a", "b", "c", "d", "e", "f", "g", "h", "i"), Pairs: pair},
			"  joined by a shared passage alone (in no pair): c, d, e, f, g and 2 more"},
		{"an unprintable id", pipeline.Cluster{Members: members("a", "b", "x\x1by"), Pairs: pair},
			"  joined by a shared passage alone (in no pair): " + Printable("x\x1by")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := joinedLine(&tt.c); got != tt.want {
				t.Errorf("joinedLine = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestJoinedPartsLine: the members whose pairs relate them to none of the cluster's largest group
// of paired members (a small story that joined it by a passage) are named, part by part.
func TestJoinedPartsLine(t *testing.T) {
	members := testMembers
	pairs := func(ab ...string) []pipeline.Pair {
		var ps []pipeline.Pair
		for i := 0; i+1 < len(ab); i += 2 {
			ps = append(ps, pipeline.Pair{A: ab[i], B: ab[i+1]})
		}
		return ps
	}
	tests := []struct {
		name string
		c    pipeline.Cluster
		want string
	}{
		{"one part", pipeline.Cluster{Members: members("a", "b", "c"), Pairs: pairs("a", "b", "b", "c")}, ""},
		{"a member in no pair is no part", pipeline.Cluster{Members: members("a", "b", "c"), Pairs: pairs("a", "b")}, ""},
		{"a small story", pipeline.Cluster{Members: members("a", "d", "b", "c", "e"), Pairs: pairs("a", "b", "b", "c", "d", "e")},
			"  joined by a shared passage, with pairs of their own: d, e"},
		{"the larger part listed last", pipeline.Cluster{Members: members("d", "e", "a", "b", "c"), Pairs: pairs("a", "b", "b", "c", "d", "e")},
			"  joined by a shared passage, with pairs of their own: d, e"},
		{"equal parts: the first is the main", pipeline.Cluster{Members: members("a", "b", "c", "d"), Pairs: pairs("a", "b", "c", "d")},
			"  joined by a shared passage, with pairs of their own: c, d"},
		{"two small parts", pipeline.Cluster{Members: members("a", "b", "c", "d", "e", "f", "g"),
			Pairs: pairs("a", "b", "c", "d", "e", "f", "f", "g")}, "  joined by a shared passage, with pairs of their own: a, b; c, d"},
		{"more than five", pipeline.Cluster{Members: members("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"),
			Pairs: pairs("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "j", "k", "k", "l")},
			"  joined by a shared passage, with pairs of their own: a, b; c, d; e and 3 more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := joinedPartsLine(&tt.c); got != tt.want {
				t.Errorf("joinedPartsLine = %q, want %q", got, tt.want)
			}
		})
	}
}

// testMembers returns members of ids, in order.
func testMembers(ids ...string) []pipeline.Member {
	var ms []pipeline.Member
	for _, id := range ids {
		ms = append(ms, pipeline.Member{ID: id})
	}
	return ms
}
