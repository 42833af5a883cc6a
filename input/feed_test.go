package input

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// readFeed walks one feed file and parses its items: "id|url|title|source|published|text" per
// document, and the errors without the path.
func readFeed(t testing.TB, name string, data []byte) (docs, errs []string) {
	t.Helper()
	return parseFileTest(t, name, data, &ReadOptions{}, func(d Document) string {
		pub := ""
		if !d.Published.IsZero() {
			pub = d.Published.UTC().Format(time.RFC3339)
		}
		return strings.Join([]string{d.ID, d.URL, d.Title, d.Source, pub, d.Text}, "|")
	})
}

const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>The Harbour Gazette</title>
<link>https://harbour.example/</link>
<item>
  <title>Dredging to start in March</title>
  <link>https://harbour.example/news/1</link>
  <guid isPermaLink="false">hg-1</guid>
  <pubDate>Tue, 03 Feb 2026 07:30:00 +0100</pubDate>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>Work to deepen the channel will begin in March.</p><p>The dredgers will remove silt&nbsp;and sand.</p>]]></content:encoded>
</item>
<item>
  <title>Library reopens</title>
  <link>https://harbour.example/news/2</link>
  <dc:date>2026-01-14</dc:date>
  <description>&lt;p&gt;The library reopened on Saturday.&lt;/p&gt;</description>
</item>
<item>
  <title>Only a title</title>
  <link>https://harbour.example/news/3</link>
</item>
<item>
  <title>Odd date</title>
  <guid>hg-4</guid>
  <pubDate>sometime in spring</pubDate>
  <description>Text of four.</description>
</item>
</channel>
</rss>
`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Civic Post</title>
  <id>urn:civic</id>
  <entry>
    <title>Heat pump grants run out</title>
    <link rel="alternate" href="https://civic.example/a"/>
    <id>urn:civic:a</id>
    <published>2026-05-02T09:00:00Z</published>
    <content type="html">&lt;p&gt;A grant scheme has used up its budget.&lt;/p&gt;&lt;p&gt;Installers warned.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Rents rise</title>
    <link href="https://civic.example/b"/>
    <id>urn:civic:b</id>
    <updated>2026-01-29T10:00:00+01:00</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Average rents rose.</p><p>Tenants called for a cap.</p></div></content>
  </entry>
  <entry>
    <title>Plain</title>
    <id>urn:civic:c</id>
    <summary type="text">A plain summary, kept as it is.</summary>
  </entry>
</feed>
`

func TestFeedInput(t *testing.T) {
	tests := []struct {
		name, file, data string
		docs, errs       []string
	}{
		{
			name: "rss",
			file: "hg.rss",
			data: rssFeed,
			docs: []string{
				"hg-1|https://harbour.example/news/1|Dredging to start in March|The Harbour Gazette|2026-02-03T06:30:00Z|Work to deepen the channel will begin in March.\n\nThe dredgers will remove silt\u00a0and sand.",
				"https://harbour.example/news/2|https://harbour.example/news/2|Library reopens|The Harbour Gazette|2026-01-14T00:00:00Z|The library reopened on Saturday.",
				"hg-4||Odd date|The Harbour Gazette||Text of four.",
			},
			errs: []string{
				`:20: missing text`,
				`:24: unparseable published "sometime in spring" (want RFC 3339 or YYYY-MM-DD); ignored`,
			},
		},
		{
			name: "atom",
			file: "civic.atom",
			data: atomFeed,
			docs: []string{
				"urn:civic:a|https://civic.example/a|Heat pump grants run out|Civic Post|2026-05-02T09:00:00Z|A grant scheme has used up its budget.\n\nInstallers warned.",
				"urn:civic:b|https://civic.example/b|Rents rise|Civic Post|2026-01-29T09:00:00Z|Average rents rose.\n\nTenants called for a cap.",
				"urn:civic:c||Plain|Civic Post||A plain summary, kept as it is.",
			},
		},
		{
			name: "malformed",
			file: "bad.xml",
			data: "<rss><channel><title>X</title>\n<item><title>a</title><description>text one</description></item>\n<item><title>b</ti",
			errs: []string{":2: missing id", ":3: malformed XML: unexpected EOF"},
		},
		{
			name: "not a feed",
			file: "sitemap.xml",
			data: `<urlset><url><loc>https://a.example/</loc></url></urlset>`,
			errs: []string{":1: not an RSS or Atom feed: root element <urlset>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := readFeed(t, tt.file, []byte(tt.data))
			if !slices.Equal(docs, tt.docs) {
				t.Errorf("documents:\n%q\nwant\n%q", docs, tt.docs)
			}
			if !slices.Equal(errs, tt.errs) {
				t.Errorf("errors:\n%q\nwant\n%q", errs, tt.errs)
			}
		})
	}
}

func FuzzFeed(f *testing.F) {
	f.Add([]byte(rssFeed), false)
	f.Add([]byte(atomFeed), true)
	f.Add([]byte("<rss><channel><item><description>&lt;p"), false)
	f.Add([]byte(`<rss xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item><author>a@b.example (A B)</author><dc:creator>C</dc:creator><description>x</description></item></channel></rss>`), false)
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><author><name>Desk</name></author><entry><id>1</id><author><name> </name>x@y</author><content>t</content></entry></feed>`), true)
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xe9</title><item><guid>1</guid><description>caf\xe9</description></item></channel></rss>"), false)
	f.Fuzz(func(t *testing.T, data []byte, atom bool) {
		name := "f.rss"
		if atom {
			name = "f.atom"
		}
		_, errs := readFeed(t, name, data)
		for _, e := range errs {
			if !strings.HasPrefix(e, ":") {
				t.Errorf("error %q does not name the file", e)
			}
		}
	})
}

// TestFeedZstd: a zstd-compressed feed gives what the plain feed gives.
func TestFeedZstd(t *testing.T) {
	want, wantErrs := readFeed(t, "hg.rss", []byte(rssFeed))
	got, errs := readFeed(t, "hg.rss.zst", zstdBytes(t, []byte(rssFeed)))
	if !slices.Equal(got, want) || !slices.Equal(errs, wantErrs) || len(want) == 0 {
		t.Errorf("zstd feed: %q, %q; want %q, %q", got, errs, want, wantErrs)
	}
}
