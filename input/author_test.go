package input

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAuthorName(t *testing.T) {
	long := strings.Repeat("Ana María López-Ferreira ", 12) // 300 bytes
	tests := []struct{ in, want string }{
		{"", ""},
		{"  Jane   Doe\n", "Jane Doe"},
		{"Jane\tDoe\u200b", "Jane Doe"},
		{"Jane\x1b[2JDoe", "Jane[2JDoe"}, // control characters dropped: a byline, not a terminal command
		{"José Núñez", "José Núñez"},
		{"山田太郎", "山田太郎"},
		{long, strings.TrimRight(long[:strings.LastIndexByte(long[:maxAuthorBytes+1], ' ')], " ")},
		{strings.Repeat("x", 250), strings.Repeat("x", maxAuthorBytes)},
		{strings.Repeat("é", 150), strings.Repeat("é", maxAuthorBytes/2)},
	}
	for _, tt := range tests {
		if got := authorName(tt.in); got != tt.want {
			t.Errorf("authorName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := authorName(tt.in); len(got) > maxAuthorBytes {
			t.Errorf("authorName(%q) = %q: over %d bytes", tt.in, got, maxAuthorBytes)
		}
	}
}

func TestJoinAuthors(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"", "  "}, ""},
		{[]string{"Jane Doe"}, "Jane Doe"},
		{[]string{"Jane Doe", " John  Roe "}, "Jane Doe, John Roe"},
		{[]string{"Jane Doe", "jane doe", "John Roe"}, "Jane Doe, John Roe"},
	}
	for _, tt := range tests {
		if got := joinAuthors(tt.in); got != tt.want {
			t.Errorf("joinAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRSSAuthor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"jane@example.com (Jane Doe)", "Jane Doe"},
		{"Jane Doe <jane@example.com>", "Jane Doe"},
		{"jane@example.com", "jane@example.com"},
		{"Jane Doe", "Jane Doe"},
		{"  Jane (Janey) Doe ", "Jane (Janey) Doe"}, // parentheses without an address are the name's
		{"jane@example.com ()", "jane@example.com ()"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := rssAuthor(tt.in); got != tt.want {
			t.Errorf("rssAuthor(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestJSONAuthor: the author field of JSON Lines records (and of CSV rows, which are read as
// such records), under its default name and another.
func TestJSONAuthor(t *testing.T) {
	tests := []struct {
		name, line, field string
		want              string
		warn              string
	}{
		{"string", `{"id":1,"text":"t","author":"Jane Doe"}`, "", "Jane Doe", ""},
		{"spaces", `{"id":1,"text":"t","author":"  Jane\n Doe "}`, "", "Jane Doe", ""},
		{"list", `{"id":1,"text":"t","author":["Jane Doe","John Roe"]}`, "", "Jane Doe, John Roe", ""},
		{"empty list", `{"id":1,"text":"t","author":[]}`, "", "", ""},
		{"null", `{"id":1,"text":"t","author":null}`, "", "", ""},
		{"absent", `{"id":1,"text":"t"}`, "", "", ""},
		{"number", `{"id":1,"text":"t","author":7}`, "", "", `author is not a string or a list of strings; ignored`},
		{"object", `{"id":1,"text":"t","author":{"name":"Jane"}}`, "", "", `author is not a string or a list of strings; ignored`},
		{"renamed", `{"id":1,"text":"t","author":"no","byline":"Jane Doe"}`, "byline", "Jane Doe", ""},
		{"renamed, bad", `{"id":1,"text":"t","byline":[1]}`, "byline", "", `author (field "byline") is not a string or a list of strings; ignored`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ro := &ReadOptions{Fields: Fields{Author: tt.field}}
			doc, warns, err := ro.Parse(Record{File: "f.jsonl", Line: 3, Data: []byte(tt.line), Format: FormatJSON})
			if err != nil {
				t.Fatalf("Parse(%s): %v", tt.line, err)
			}
			if doc.Author != tt.want {
				t.Errorf("Parse(%s).Author = %q, want %q", tt.line, doc.Author, tt.want)
			}
			var got string
			if len(warns) > 0 {
				got = warns[0].Reason
				if warns[0].File != "f.jsonl" || warns[0].Line != 3 {
					t.Errorf("warning %v does not name f.jsonl:3", warns[0])
				}
			}
			if got != tt.warn || len(warns) > 1 {
				t.Errorf("Parse(%s) warnings %v, want %q", tt.line, warns, tt.warn)
			}
		})
	}
	if err := (&ReadOptions{Fields: Fields{Author: "title"}}).Validate(); err == nil || !strings.Contains(err.Error(), "title and author") {
		t.Errorf("Validate of --author-field title: %v, want the two fields named", err)
	}
}

// walkAuthors walks the inputs with opts and returns each document's "id: author".
func walkAuthors(t *testing.T, ro *ReadOptions, paths ...string) (got []string) {
	t.Helper()
	err := Walk(context.Background(), paths, nil, ro, func(r Record) error {
		d, _, rerr := ro.Parse(r)
		if rerr != nil {
			t.Errorf("Parse: %v", rerr)
			return nil
		}
		got = append(got, d.ID+": "+d.Author)
		return nil
	}, func(e *RecordError) { t.Errorf("record error: %v", e) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestCSVAuthor(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.csv")
	csv := "id,text,author,writer\n1,one,Jane Doe,X\n2,two,,Y\n3,three,\"Roe, John\",Z\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []string{"1: Jane Doe", "2: ", "3: Roe, John"}
	if got := walkAuthors(t, nil, path); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("authors %q, want %q", got, want)
	}
	want = []string{"1: X", "2: Y", "3: Z"}
	if got := walkAuthors(t, &ReadOptions{Fields: Fields{Author: "writer"}}, path); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("authors with --author-field writer: %q, want %q", got, want)
	}
}

func TestFeedAuthor(t *testing.T) {
	const rss = `<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Gazette</title>
<item><guid>r1</guid><author>jane@example.com (Jane Doe)</author><description>one</description></item>
<item><guid>r2</guid><dc:creator>John Roe</dc:creator><dc:creator>Ana Ruiz</dc:creator><description>two</description></item>
<item><guid>r3</guid><author>kim@example.com</author><dc:creator>Kim Lee</dc:creator><description>three</description></item>
<item><guid>r4</guid><description>four</description></item>
<item><guid>r5</guid><author>Lee Park</author><dc:creator>Someone Else</dc:creator><description>five</description></item>
</channel></rss>`
	const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Civic</title><id>urn:c</id>
<author><name>Civic Desk</name></author>
<entry><id>a1</id><author><name>Jane Doe</name><email>jane@example.com</email></author><author><name>John Roe</name></author><content>one</content></entry>
<entry><id>a2</id><content>two</content></entry>
</feed>`
	tests := []struct {
		name, file, data string
		want             []string
	}{
		{"rss", "f.rss", rss, []string{"r1: Jane Doe", "r2: John Roe, Ana Ruiz", "r3: Kim Lee", "r4: ", "r5: Lee Park"}},
		{"atom", "f.atom", atom, []string{"a1: Jane Doe, John Roe", "a2: Civic Desk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			if got := walkAuthors(t, nil, path); strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("authors %q, want %q", got, tt.want)
			}
		})
	}
}

// TestHTMLAuthor: the main text's byline is the document's author; --html-text all has none,
// and takes the page's date as the main text does.
func TestHTMLAuthor(t *testing.T) {
	page := `<!doctype html><html><head><title>Ferry fares to rise</title>
<meta name="author" content="Marta Lindqvist">
<meta property="article:published_time" content="2026-03-04T08:15:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry fares to rise</h1>
<p>Fares on the island ferry will rise by eight percent from April, the operator said on Tuesday, blaming fuel costs and a new crew agreement.</p>
<p>Season tickets for residents will be frozen until the end of the year, after a petition signed by more than two thousand islanders.</p>
<p>The council said it would ask the operator to publish its accounts before the next fare review in the autumn.</p>
</article><footer>Copyright The Island Post</footer></body></html>`
	for _, tt := range []struct {
		mode       HTMLText
		wantAuthor string
	}{{HTMLMain, "Marta Lindqvist"}, {HTMLAll, ""}} {
		ro := &ReadOptions{HTMLText: tt.mode}
		doc, _, err := ro.Parse(Record{File: "p.html", Data: []byte(page), Format: FormatHTML})
		if err != nil {
			t.Fatalf("%v: %v", tt.mode, err)
		}
		if doc.Author != tt.wantAuthor {
			t.Errorf("--html-text %v: author %q, want %q", tt.mode, doc.Author, tt.wantAuthor)
		}
		if got := doc.Published.UTC().Format("2006-01-02T15:04"); got != "2026-03-04T08:15" {
			t.Errorf("--html-text %v: published %s, want 2026-03-04T08:15", tt.mode, got)
		}
	}
}
