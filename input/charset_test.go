package input

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// latin1Page is an article in windows-1252 bytes, with head before the body.
func latin1Page(t testing.TB, head string) []byte {
	t.Helper()
	page := `<html><head>` + head + `<title>Café reopens</title></head><body>
<p>The café on the harbour reopened on Saturday after a winter of repairs, its owner, José Núñez, said.</p>
<p>“We kept the old façade,” he said – the tiles were laid in 1908 – “and the prices, nearly.”</p>
</body></html>`
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLegacyCharset: a page in windows-1252 that says so (by meta charset, http-equiv or the
// WARC response's Content-Type) is decoded, not repaired; one that is valid UTF-8 stays UTF-8
// whatever it declares; one that declares nothing is repaired, with a warning.
func TestLegacyCharset(t *testing.T) {
	const want = "José Núñez"
	utf8Page := []byte(`<html><head><meta charset="iso-8859-1"><title>Café reopens</title></head><body><p>The café reopened, its owner, José Núñez, said.</p></body></html>`)
	asciiPage := []byte("<html><head><title>Harbour</title></head><body><p>The harbour caf\xe9 reopened on Saturday.</p></body></html>")
	koi8, _ := charmap.KOI8R.NewEncoder().Bytes([]byte(`<html><head><meta charset="koi8-r"></head><body><p>Кафе в гавани открылось в субботу, сказал его владелец Иван Петров.</p></body></html>`))
	tests := []struct {
		name        string
		data        []byte
		contentType string // the WARC response's
		want        string // in the text
		warn        bool   // repaired, with a warning
	}{
		{"meta charset", latin1Page(t, `<meta charset="windows-1252">`), "", want, false},
		{"meta charset iso-8859-1", latin1Page(t, `<meta charset=ISO-8859-1>`), "", want, false},
		{"http-equiv", latin1Page(t, `<meta http-equiv="Content-Type" content="text/html; charset=latin1">`), "", want, false},
		{"content type", latin1Page(t, ``), "text/html; charset=windows-1252", want, false},
		{"content type over meta", latin1Page(t, `<meta charset="utf-8">`), "text/html; charset=iso-8859-1", want, false},
		{"valid UTF-8 under a stale meta", utf8Page, "text/html; charset=iso-8859-1", want, false},
		{"koi8-r", koi8, "", "Иван Петров", false},
		{"undeclared", latin1Page(t, ``), "", "Jos\uFFFD N\uFFFD\uFFFDez", true},
		{"declared utf-8", latin1Page(t, `<meta charset="utf-8">`), "", "Jos\uFFFD N\uFFFD\uFFFDez", true},
		{"unknown label", latin1Page(t, `<meta charset="x-no-such">`), "", "Jos\uFFFD N\uFFFD\uFFFDez", true},
		// An ASCII page with one stray byte under a Content-Type of UTF-16 (whose pairs of bytes
		// would be CJK letters) or x-user-defined is repaired, not decoded.
		{"stray byte under utf-16le", asciiPage, "text/html; charset=utf-16le", "The harbour caf\uFFFD reopened on Saturday.", true},
		{"stray byte under utf-16be", asciiPage, "text/html; charset=utf-16be", "The harbour caf\uFFFD reopened on Saturday.", true},
		{"stray byte under x-user-defined", asciiPage, "text/html; charset=x-user-defined", "The harbour caf\uFFFD reopened on Saturday.", true},
	}
	for _, tt := range tests {
		for _, mode := range []HTMLText{HTMLMain, HTMLAll} {
			t.Run(tt.name+"/"+mode.String(), func(t *testing.T) {
				r := Record{File: "p.html", Data: tt.data, Format: FormatHTML}
				if tt.contentType != "" {
					r = Record{File: "c.warc", Data: tt.data, Format: FormatHTML, ID: "https://x.example/p",
						Archive: &Archive{Offset: 0, Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ContentType: tt.contentType}}
				}
				ro := &ReadOptions{HTMLText: mode}
				doc, warns, err := ro.Parse(r)
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if !strings.Contains(doc.Text, tt.want) {
					t.Errorf("text %q does not hold %q", doc.Text, tt.want)
				}
				repaired := false
				for _, w := range warns {
					repaired = repaired || w.Kind == RecordInvalidUTF8
				}
				if repaired != tt.warn {
					t.Errorf("repaired = %v (warnings %v), want %v", repaired, warns, tt.warn)
				}
				if tt.want == want && !tt.warn && doc.Title != "Café reopens" && mode == HTMLAll {
					t.Errorf("title %q, want %q", doc.Title, "Café reopens")
				}
			})
		}
	}
}

func TestDeclaredEncoding(t *testing.T) {
	tests := []struct {
		head, contentType, want string
	}{
		{`<meta charset="windows-1252">`, "", "windows-1252"},
		{`<meta charset="latin1">`, "", "windows-1252"},
		{`<meta http-equiv="content-type" content="text/html; charset=iso-8859-15">`, "", "iso-8859-15"},
		{`<meta content="text/html; charset=iso-8859-1">`, "", ""}, // content without http-equiv declares nothing
		{`<meta charset="utf-8">`, "", ""},
		{`<meta charset="utf-16le">`, "", ""}, // a meta cannot declare UTF-16: UTF-8
		{``, "text/html; charset=Shift_JIS", "shift_jis"},
		{``, "text/html", ""},
		{`<meta charset="iso-2022-kr">`, "", ""}, // the standard's "replacement": no text
		// Encodings that would not keep an ASCII page's text: repaired as UTF-8 instead.
		{``, "text/html; charset=utf-16", ""},
		{``, "text/html; charset=utf-16le", ""},
		{``, "text/html; charset=UTF-16BE", ""},
		{``, "text/html; charset=x-user-defined", ""},
		{`<meta charset="x-user-defined">`, "", ""},

		{``, "", ""},
		{"\xef\xbb\xbf<meta charset=windows-1252>", "", ""}, // a UTF-8 byte order mark wins
	}
	for _, tt := range tests {
		page := []byte(tt.head + "<p>caf\xe9</p>")
		_, got := declaredEncoding(page, tt.contentType)
		if got != tt.want {
			t.Errorf("declaredEncoding(%q, %q) = %q, want %q", page, tt.contentType, got, tt.want)
		}
	}
}

// FuzzDecodeDeclared: whatever the bytes and Content-Type, decodeDeclared returns valid UTF-8
// or the page itself, a page that is valid UTF-8 comes back unchanged, and the page's ASCII
// bytes come back in order (asciiKept).
func FuzzDecodeDeclared(f *testing.F) {
	f.Add([]byte(`<meta charset="windows-1252"><p>caf`+"\xe9"+`</p>`), "")
	f.Add([]byte("<p>caf\xe9</p>"), "text/html; charset=koi8-r")
	f.Add([]byte("<meta http-equiv=content-type content='text/html;charset=shift_jis'>\x82\xa0\x82"), "")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "")
	f.Add([]byte("<p>café</p>"), "text/html; charset=iso-8859-1")
	f.Add([]byte("<p>The harbour caf\xe9 reopened.</p>"), "text/html; charset=utf-16le")
	f.Add([]byte("<p>The harbour caf\xe9 reopened.</p>"), "text/html; charset=utf-16be")
	f.Add([]byte("<p>\x82A \x81\x30\x81\x30 \x8f\xa1A</p>"), "text/html; charset=gb18030")
	f.Fuzz(func(t *testing.T, page []byte, contentType string) {
		out, name := decodeDeclared(page, contentType)
		switch {
		case name == "" && string(out) != string(page):
			t.Errorf("decodeDeclared(%q, %q) changed the page without naming an encoding", page, contentType)
		case name != "" && !utf8.Valid(out):
			t.Errorf("decodeDeclared(%q, %q) = %q (%s): not valid UTF-8", page, contentType, out, name)
		case utf8.Valid(page) && name != "":
			t.Errorf("decodeDeclared(%q, %q) decoded valid UTF-8 as %s", page, contentType, name)
		case !asciiKept(page, out):
			t.Errorf("decodeDeclared(%q, %q) = %q (%s): lost the page's ASCII", page, contentType, out, name)
		}
	})
}

// asciiKept reports whether out holds, in order, every ASCII byte of page that a legacy
// encoding cannot take into a multi-byte letter: those not right after a non-ASCII byte (a
// Shift_JIS, Big5, GBK or EUC-KR letter's second byte may be ASCII, a gb18030 one's second and
// fourth). A page with an ESC byte, which shifts ISO-2022-JP out of ASCII, is not checked.
func asciiKept(page, out []byte) bool {
	if bytes.IndexByte(page, 0x1b) >= 0 {
		return true
	}
	j := 0
	for i, c := range page {
		if c >= utf8.RuneSelf || i > 0 && page[i-1] >= utf8.RuneSelf {
			continue
		}
		k := bytes.IndexByte(out[j:], c)
		if k < 0 {
			return false
		}
		j += k + 1
	}
	return true
}

// TestFeedCharset: a feed that declares a legacy encoding in its XML declaration is decoded
// from it, but for text that is valid UTF-8, as a page is; one that declares UTF-16 is read as
// UTF-8 (repaired).
func TestFeedCharset(t *testing.T) {
	feed := func(encoding, channel, title, text string) []byte {
		return []byte(`<?xml version="1.0" encoding="` + encoding + `"?>
<rss version="2.0"><channel><title>` + channel + `</title>
<item><guid>c1</guid><title>` + title + `</title><description>` + text + `</description></item>
</channel></rss>`)
	}
	latin1, err := charmap.ISO8859_1.NewEncoder().Bytes(feed("ISO-8859-1", "Le Café", "Réouverture", "Le café du port a rouvert samedi."))
	if err != nil {
		t.Fatal(err)
	}
	koi8, err := charmap.KOI8R.NewEncoder().Bytes(feed("KOI8-R", "Гавань", "Кафе", "Кафе в гавани открылось."))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"ISO-8859-1", latin1, "c1||Réouverture|Le Café||Le café du port a rouvert samedi."},
		{"KOI8-R", koi8, "c1||Кафе|Гавань||Кафе в гавани открылось."},
		{"valid UTF-8 under ISO-8859-1", feed("ISO-8859-1", "Le Café", "Réouverture", "Le café du port a rouvert samedi."),
			"c1||Réouverture|Le Café||Le café du port a rouvert samedi."},
		// read as UTF-8 up to the first byte that is not, then as declared
		{"UTF-8, then windows-1252", feed("windows-1252", "Le Café", "Réouverture", "Le caf\xe9 du port a rouvert samedi."),
			"c1||Réouverture|Le Café||Le café du port a rouvert samedi."},
		{"valid UTF-8 under UTF-16", feed("UTF-16", "Le Café", "Réouverture", "Le café du port a rouvert samedi."),
			"c1||Réouverture|Le Café||Le café du port a rouvert samedi."},
		{"a stray byte under UTF-16", feed("UTF-16", "Harbour", "Reopened", "The harbour caf\xe9 reopened."),
			"c1||Reopened|Harbour||The harbour caf\uFFFD reopened."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := readFeed(t, "c.rss", tt.data)
			if len(docs) != 1 || docs[0] != tt.want || len(errs) != 0 {
				t.Errorf("feed %q: %q, errors %q; want %q", tt.data, docs, errs, tt.want)
			}
		})
	}
}

// FuzzUTF8First: utf8First, fed one byte at a time or all at once, gives what a naive reference
// gives: the input up to its first byte that is not UTF-8, then the rest decoded.
func FuzzUTF8First(f *testing.F) {
	encodings := []string{"windows-1252", "koi8-r", "shift_jis", "gb18030", "big5", "euc-kr", "euc-jp", "iso-2022-jp"}
	f.Add([]byte("caf\xc3\xa9 caf\xe9"), uint8(0))
	f.Add([]byte("\xe2\x80\x94 \x82\xa0\x82"), uint8(2))
	f.Add([]byte("\xef\xbf\xbd\x81\x30\x81\x30"), uint8(3))
	f.Add([]byte("\xc3"), uint8(0))
	f.Add([]byte("ok \x1b$B$\\\x1b(B \xff"), uint8(7))
	f.Fuzz(func(t *testing.T, in []byte, which uint8) {
		label := encodings[int(which)%len(encodings)]
		e, _ := charset.Lookup(label)
		i := 0
		for i < len(in) {
			r, size := utf8.DecodeRune(in[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		rest, err := e.NewDecoder().Bytes(in[i:])
		if err != nil {
			t.Fatal(err)
		}
		want := string(in[:i]) + string(rest)
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(in)
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			got, err := io.ReadAll(transform.NewReader(r, &utf8First{legacy: e.NewDecoder()}))
			if err != nil || string(got) != want {
				t.Errorf("utf8First(%q, %s) one byte at a time %v = %q, %v; want %q", in, label, oneByte, got, err, want)
			}
		}
	})
}
