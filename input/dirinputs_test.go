package input_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/internal/warctest"
)

// TestWalkDirRecordFiles checks that WARC, CSV, TSV, RSS and Atom files found in a folder are
// read by their extension as when named on the command line (gzipped too), in path order among
// the whole-file documents, with errors naming the file found; .jsonl and .xml in a folder are
// not read, and a link to a table is not followed.
func TestWalkDirRecordFiles(t *testing.T) {
	dir := t.TempDir()
	gz := func(s string) string {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.String()
	}
	files := map[string]string{
		"a/story.txt":    "A story in a text file.",
		"b/table.csv":    "id,text,source\nc1,\"First row, quoted\",csv-outlet\nc2,Second row,csv-outlet\nc3\n",
		"b/table.tsv.gz": gz("id\ttext\nt1\tA tab-separated row\n"),
		"c/feed.rss":     `<rss><channel><title>Feed One</title><item><guid>r1</guid><description>An item of the RSS feed</description></item></channel></rss>`,
		"c/feed.atom":    `<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom One</title><entry><id>a1</id><content>An entry of the Atom feed</content></entry></feed>`,
		"c/sitemap.xml":  `<urlset><url><loc>https://x.example/</loc></url></urlset>`,
		"d/report.jsonl": `{"version":1,"cluster":1}` + "\n",
		"d/report.csv":   "cluster,kind,a,b\n1,exact,x,y\n",
		"e/notes.pdf":    "not read",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "w"), 0o755); err != nil {
		t.Fatal(err)
	}
	warctest.Write(t, filepath.Join(dir, "w", "crawl.warc.gz"), []warctest.Page{
		{URI: "https://w.example/2026/05/01/one", ContentType: "text/html", Status: 200, Body: []byte("<html><title>W</title><article><p>A page of the crawl in a folder.</p></article></html>")},
	})
	if err := os.Symlink(filepath.Join(dir, "b", "table.csv"), filepath.Join(dir, "b", "link.csv")); err != nil {
		t.Skip("no symbolic links here:", err)
	}

	var got, errs []string
	err := input.Walk(context.Background(), []string{dir}, nil, nil, func(r input.Record) error {
		rel, _ := filepath.Rel(dir, r.File)
		id := r.ID
		if r.Format == input.FormatJSON {
			id = "(json)"
		}
		got = append(got, fmt.Sprintf("%s:%d %v %s", filepath.ToSlash(rel), r.Line, r.Format, id))
		return nil
	}, func(e *input.RecordError) {
		rel, _ := filepath.Rel(dir, e.File)
		errs = append(errs, fmt.Sprintf("%s:%d %s: %s", filepath.ToSlash(rel), e.Line, e.Kind, e.Reason))
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a/story.txt:0 text a/story.txt",
		"b/table.csv:2 json (json)",
		"b/table.csv:3 json (json)",
		"b/table.tsv.gz:2 json (json)",
		"c/feed.atom:1 json (json)",
		"c/feed.rss:1 json (json)",
		"w/crawl.warc.gz:0 html https://w.example/2026/05/01/one",
	}
	if !slices.Equal(got, want) {
		t.Errorf("records:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	wantErrs := []string{
		"b/link.csv:0 symbolic link: symbolic link not followed (--follow-symlinks reads the file it points to)",
		"b/table.csv:4 malformed row: malformed row: 1 fields, the header has 3",
		`d/report.csv:1 missing id: header has no "id" column (the id; --id-field names it): the file is not read`,
	}
	if !slices.Equal(errs, wantErrs) {
		t.Errorf("errors:\n%s\nwant\n%s", strings.Join(errs, "\n"), strings.Join(wantErrs, "\n"))
	}

	// What a folder gives is what the same files named give.
	var named []string
	for _, f := range []string{"b/table.csv", "b/table.tsv.gz", "c/feed.atom", "c/feed.rss", "w/crawl.warc.gz"} {
		err := input.Walk(context.Background(), []string{filepath.Join(dir, filepath.FromSlash(f))}, nil, nil, func(r input.Record) error {
			named = append(named, fmt.Sprintf("%s:%d %q", f, r.Line, r.Data))
			return nil
		}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
	}
	var inDir []string
	input.Walk(context.Background(), []string{dir}, nil, nil, func(r input.Record) error {
		if r.Format != input.FormatText {
			rel, _ := filepath.Rel(dir, r.File)
			inDir = append(inDir, fmt.Sprintf("%s:%d %q", filepath.ToSlash(rel), r.Line, r.Data))
		}
		return nil
	}, nil, nil)
	if !slices.Equal(named, inDir) {
		t.Errorf("records of the files named:\n%s\nin the folder:\n%s", strings.Join(named, "\n"), strings.Join(inDir, "\n"))
	}

	// With --follow-symlinks the link is read like the table it points to.
	n := 0
	input.Walk(context.Background(), []string{dir}, nil, &input.ReadOptions{FollowSymlinks: true}, func(r input.Record) error {
		if strings.HasSuffix(r.File, "link.csv") {
			n++
		}
		return nil
	}, nil, nil)
	if n != 2 {
		t.Errorf("--follow-symlinks: %d records from link.csv, want 2", n)
	}
}
