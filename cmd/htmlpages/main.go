// Command htmlpages makes a folder of news pages for measuring HTML input: each article of a
// JSON Lines corpus (cmd/corpus) is put into one of the 30 pages of testdata/html in turn, in
// place of that page's article body, so the pages have the six site layouts' chrome around
// varied text.
//
//	go run ./cmd/corpus -n 20000 -o c.jsonl.gz -truth t.tsv
//	go run ./cmd/htmlpages -corpus c.jsonl.gz -o pages
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/klauspost/compress/gzip"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "htmlpages:", err)
		os.Exit(1)
	}
}

// template is a page of testdata/html split around its article body.
type template struct {
	head, tail string
	paraOpen   string // how the layout opens a paragraph: "<p>" or `<div class="para">`
	paraClose  string
}

// escape escapes text as scripts/html-eval-pages.py (Python's html.escape) wrote the pages.
var escape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;").Replace

func loadTemplates(dir string) ([]template, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.html"))
	if err != nil || len(paths) == 0 {
		return nil, fmt.Errorf("no pages in %s", dir)
	}
	sort.Strings(paths)
	var out []template
	for _, p := range paths {
		page, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		want, err := os.ReadFile(strings.TrimSuffix(p, ".html") + ".txt")
		if err != nil {
			return nil, err
		}
		paras := strings.Split(strings.TrimSpace(string(want)), "\n\n")
		first, last := escape(paras[0]), escape(paras[len(paras)-1])
		i := strings.Index(string(page), first)
		j := strings.LastIndex(string(page), last)
		if i < 0 || j < 0 {
			return nil, fmt.Errorf("%s: article body not found", p)
		}
		j += len(last)
		t := template{paraOpen: "<p>", paraClose: "</p>"}
		if strings.HasSuffix(string(page[:i]), `<div class="para">`) {
			t.paraOpen, t.paraClose = `<div class="para">`, "</div>"
		}
		t.head = string(page[:i-len(t.paraOpen)])
		t.tail = string(page[j+len(t.paraClose):])
		out = append(out, t)
	}
	return out, nil
}

func run(args []string) error {
	fs := flag.NewFlagSet("htmlpages", flag.ContinueOnError)
	corpus := fs.String("corpus", "", "JSON Lines corpus (gzipped or not) whose texts fill the pages")
	out := fs.String("o", "", "folder to write the pages into (created)")
	tdir := fs.String("templates", "testdata/html", "folder of the layout pages")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *corpus == "" || *out == "" {
		return errors.New("want -corpus and -o")
	}
	ts, err := loadTemplates(*tdir)
	if err != nil {
		return err
	}
	f, err := os.Open(*corpus)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReader(f)
	if strings.HasSuffix(*corpus, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return err
		}
		r = zr
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 64<<20)
	var n int
	var total int64
	for sc.Scan() {
		var a struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return fmt.Errorf("%s line %d: %w", *corpus, n+1, err)
		}
		t := ts[n%len(ts)]
		var b strings.Builder
		b.WriteString(t.head)
		for k, p := range strings.Split(strings.TrimSpace(a.Text), "\n\n") {
			if k > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(t.paraOpen + escape(strings.Join(strings.Fields(p), " ")) + t.paraClose)
		}
		b.WriteString(t.tail)
		n++
		total += int64(b.Len())
		if err := os.WriteFile(filepath.Join(*out, fmt.Sprintf("%06d.html", n)), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%d pages, %d bytes\n", n, total)
	return nil
}
