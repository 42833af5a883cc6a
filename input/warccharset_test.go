package input_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/neardup/neardup/internal/warctest"
)

// TestWARCCharset: a page in windows-1252 whose WARC response says so in its Content-Type
// (and nowhere in the page) is decoded; the same bytes without the charset are repaired.
func TestWARCCharset(t *testing.T) {
	body, err := charmap.Windows1252.NewEncoder().Bytes([]byte(`<html><head><title>Café</title></head><body><article><h1>Café</h1><p>` +
		strings.Repeat("The café on the quay reopened, its owner, José Núñez, said on Saturday. ", 8) + `</p></article></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "c.warc.gz")
	warctest.Write(t, path, []warctest.Page{
		{URI: "https://a.example/declared", ContentType: "text/html; charset=windows-1252", Status: 200, Body: body},
		{URI: "https://b.example/undeclared", ContentType: "text/html", Status: 200, Body: append([]byte("<!-- -->"), body...)},
	})
	docs, _ := walkWARC(t, path)
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	if !strings.Contains(docs[0].Text, "José Núñez") || docs[0].Title != "Café" {
		t.Errorf("declared page: title %q, text %q; want it decoded from windows-1252", docs[0].Title, docs[0].Text)
	}
	if !strings.Contains(docs[1].Text, "Jos\uFFFD N\uFFFD\uFFFDez") {
		t.Errorf("undeclared page: text %q; want it repaired", docs[1].Text)
	}
}
