package input

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// readTable walks one CSV or TSV file and parses its records: "id|title|text|source" per
// document, and the errors.
func readTable(t testing.TB, name string, data []byte, ro *ReadOptions) (docs, errs []string) {
	t.Helper()
	return parseFileTest(t, name, data, ro, func(d Document) string {
		return d.ID + "|" + d.Title + "|" + d.Text + "|" + d.Source
	})
}

// parseFileTest writes data to a file called name, walks it and parses its records: line(d) for
// each document, and the errors and warnings without the path.
func parseFileTest(t testing.TB, name string, data []byte, ro *ReadOptions, line func(Document) string) (docs, errs []string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	err := Walk(context.Background(), []string{path}, nil, ro, func(r Record) error {
		d, warns, rerr := ro.Parse(r)
		for _, w := range warns {
			errs = append(errs, strings.TrimPrefix(w.Error(), path))
		}
		if rerr != nil {
			errs = append(errs, strings.TrimPrefix(rerr.Error(), path))
			return nil
		}
		docs = append(docs, line(d))
		return nil
	}, func(e *RecordError) { errs = append(errs, strings.TrimPrefix(e.Error(), path)) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return docs, errs
}

func gz(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

func TestTableInput(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		ro         ReadOptions
		docs, errs []string
	}{
		{
			name: "csv with quotes and a multi-line field",
			file: "a.csv",
			data: []byte("id,title,text,source\n1,\"Ferry, fares\",\"Fares rise.\n\nA new paragraph, with \"\"quotes\"\".\",gazette\n2,Bridge,Bridge opens.,\n"),
			docs: []string{"1|Ferry, fares|Fares rise.\n\nA new paragraph, with \"quotes\".|gazette", "2|Bridge|Bridge opens.|"},
		},
		{
			name: "tsv",
			file: "a.tsv",
			data: []byte("id\ttext\nx\tOne text.\ny\tTwo text.\n"),
			docs: []string{"x||One text.|", "y||Two text.|"},
		},
		{
			name: "gzipped, with a byte order mark and CRLF",
			file: "a.csv.gz",
			data: gz("\uFEFFid,text\r\n7,Seven.\r\n"),
			docs: []string{"7||Seven.|"},
		},
		{
			name: "zstd, a TSV",
			file: "a.tsv.zst",
			data: zstdBytes(t, []byte("id\ttext\n8\tEight.\n")),
			docs: []string{"8||Eight.|"},
		},
		{
			name: "zstd cut short",
			file: "cut.csv.zst",
			data: zstdBytes(t, []byte("id,text\n8,Eight.\n"))[:12],
			errs: []string{": zstd: unexpected end of data (file truncated?)"},
		},
		{
			name: "field flags",
			file: "b.csv",
			data: []byte("guid,body,headline\ng1,Body one.,Head one\n"),
			ro:   ReadOptions{Fields: Fields{ID: "guid", Text: "body", Title: "headline"}},
			docs: []string{"g1|Head one|Body one.|"},
		},
		{
			name: "bad rows named by line",
			file: "c.csv",
			data: []byte("id,text\n1,ok\n2\n3,\n\"4\",\"multi\nline\"\n5,a,b\n,no id\n"),
			docs: []string{"1||ok|", "4||multi\nline|"},
			errs: []string{
				":3: malformed row: 1 fields, the header has 2",
				":4: empty text",
				":7: malformed row: 3 fields, the header has 2",
				":8: missing id",
			},
		},
		{
			name: "no text column",
			file: "d.csv",
			data: []byte("id,body\n1,x\n2,y\n"),
			errs: []string{`:1: header has no "text" column (the text; --text-field names it): the file is not read`},
		},
		{
			name: "no id column, renamed",
			file: "d.csv",
			ro:   ReadOptions{Fields: Fields{ID: "guid"}},
			data: []byte("id,text\n1,x\n"),
			errs: []string{`:1: header has no "guid" column (the id; --id-field names it): the file is not read`},
		},
		{
			name: "a report of neardup's own --format csv",
			file: "report.csv",
			data: []byte("cluster,kind,a,b,relation\n1,exact,x,y,exact\n"),
			errs: []string{`:1: header has no "id" column (the id; --id-field names it): the file is not read`},
		},
		{
			name: "empty file",
			file: "e.csv",
			data: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := readTable(t, tt.file, tt.data, &tt.ro)
			if !slices.Equal(docs, tt.docs) {
				t.Errorf("documents:\n%q\nwant\n%q", docs, tt.docs)
			}
			if !slices.Equal(errs, tt.errs) {
				t.Errorf("errors:\n%q\nwant\n%q", errs, tt.errs)
			}
		})
	}
}

func FuzzCSVInput(f *testing.F) {
	f.Add([]byte("id,title,text\n1,\"a, b\",\"x\ny\"\n2,c\n"), false)
	f.Add([]byte("id\ttext\n1\tx\"y\n"), true)
	f.Add([]byte("\"id,text\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, tsv bool) {
		name := "f.csv"
		if tsv {
			name = "f.tsv"
		}
		_, errs := readTable(t, name, data, &ReadOptions{})
		for _, e := range errs {
			if !strings.HasPrefix(e, ":") {
				t.Errorf("error %q does not name the file and line", e)
			}
		}
	})
}
