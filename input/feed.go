package input

// RSS and Atom feeds (.rss, .atom, .xml; gzipped or not): each item (RSS <item>, Atom <entry>)
// with content is an article. The feed is read as a token stream by encoding/xml, one item
// decoded at a time, so memory stays bounded by the largest item.
//
//   - text: content:encoded, else Atom content, else description, else Atom summary; HTML content
//     (RSS's, and Atom's of type html or xhtml) gives its visible text, as --html-text all reads
//     a page (an item's content is the article already: there is no chrome to remove).
//   - id: guid (RSS) or id (Atom), else the item's link; url: the link; title: the item's title;
//     source: the feed's own title; published: pubDate, published, dc:date or updated; author:
//     RSS author (the name of "jane@example.com (Jane Doe)"), Atom author's name, or
//     dc:creator, several joined by ", "; an Atom entry without one has its feed's.
//
// Each item becomes a JSON object with the field names in effect (--*-field), parsed by
// parseJSON like a JSON Lines record, so one parser decides what a valid article is; its Line is
// the line of the item's start tag.

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"
)

// isFeed reports whether a file name is an RSS or Atom feed's, gzipped or not.
func isFeed(name string) bool {
	lower := trimCompressed(name)
	return strings.HasSuffix(lower, ".rss") || strings.HasSuffix(lower, ".atom") || strings.HasSuffix(lower, ".xml")
}

// feedText is an element whose content may be text or markup.
type feedText struct {
	Type  string `xml:"type,attr"`
	Text  string `xml:",chardata"`
	Inner string `xml:",innerxml"`
}

// visible returns the text an item's element holds: HTML content's visible text, plain text
// with its white space collapsed.
func (t *feedText) visible() string {
	switch strings.ToLower(t.Type) {
	case "text", "text/plain":
		return strings.TrimSpace(t.Text)
	case "xhtml", "application/xhtml+xml":
		_, s := htmlText([]byte(t.Inner))
		return s
	}
	_, s := htmlText([]byte(t.Text)) // RSS and Atom "html": escaped (or CDATA) markup
	return s
}

// feedItem is one RSS item or Atom entry.
type feedItem struct {
	Title feedText `xml:"title"`
	Links []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
		Text string `xml:",chardata"`
	} `xml:"link"`
	GUID      string   `xml:"guid"`
	ID        string   `xml:"id"`
	PubDate   string   `xml:"pubDate"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	DCDate    string   `xml:"http://purl.org/dc/elements/1.1/ date"`
	Encoded   string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	Content   feedText `xml:"content"`
	Desc      feedText `xml:"description"`
	Summary   feedText `xml:"summary"`
	// RSS <author> (an e-mail address, maybe with the name) or Atom <author><name>; Dublin
	// Core's creator.
	Authors  []feedAuthor `xml:"author"`
	Creators []string     `xml:"http://purl.org/dc/elements/1.1/ creator"`
}

// feedAuthor is an RSS author (its text) or an Atom person (its name).
type feedAuthor struct {
	Name string `xml:"name"`
	Text string `xml:",chardata"`
}

// byline returns the author the element names.
func (a *feedAuthor) byline() string {
	if n := authorName(a.Name); n != "" {
		return n
	}
	return rssAuthor(a.Text)
}

// author returns the item's authors joined (see joinAuthors): its <author> elements, else its
// dc:creator elements, else the feed's (Atom: an entry without an author has its feed's). An
// RSS author that is an e-mail address alone gives way to a dc:creator, which names a person.
func (it *feedItem) author(inherited string) string {
	var names []string
	onlyAddresses := true
	for i := range it.Authors {
		n := it.Authors[i].byline()
		names = append(names, n)
		if n != "" && !isAddress(n) {
			onlyAddresses = false
		}
	}
	by := joinAuthors(names)
	if creators := joinAuthors(it.Creators); creators != "" && (by == "" || onlyAddresses) {
		return creators
	}
	if by != "" {
		return by
	}
	return inherited
}

// isAddress reports whether s is an e-mail address alone.
func isAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && !strings.ContainsAny(s, " <")
}

// feedDates are the date layouts of RSS (RFC 822, as written in the wild) and Atom (RFC 3339).
var feedDates = []string{time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700", time.RFC3339, time.DateOnly}

// feedDate returns a feed's date as RFC 3339 if it parses, else as it is (parseJSON warns).
func feedDate(s string) string {
	s = strings.TrimSpace(s)
	for _, l := range feedDates {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(time.RFC3339)
		}
	}
	return s
}

// link returns the item's link: RSS's text, or Atom's alternate (or first) href.
func (it *feedItem) link() string {
	for _, l := range it.Links {
		if s := strings.TrimSpace(l.Text); s != "" {
			return s
		}
	}
	for _, l := range it.Links {
		if l.Href != "" && (l.Rel == "" || l.Rel == "alternate") {
			return l.Href
		}
	}
	if len(it.Links) > 0 {
		return it.Links[0].Href
	}
	return ""
}

// feed reads an RSS or Atom feed.
func (w *walker) feed(path string, size int64) error {
	in, done, ok := w.openInput(path, size)
	if !ok {
		return nil
	}
	defer done()
	r, _, release, ok := w.maybeDecompress(path, in)
	if !ok {
		return nil
	}
	defer release()
	d := xml.NewDecoder(r)
	d.Strict = false // entities of HTML (&nbsp;) in feeds written by hand
	d.Entity = xml.HTMLEntity
	// A feed declaring a legacy encoding (<?xml ... encoding="ISO-8859-1"?>) is decoded from it,
	// but for text that is valid UTF-8, as a page is (charset.go).
	d.CharsetReader = feedCharsetReader
	var (
		depth     int
		root      string
		feedTitle string
		feedBy    []string // the Atom feed's authors
		n         int
	)
	fields := w.fields
	for {
		if n++; n%256 == 0 {
			if err := w.ctx.Err(); err != nil {
				return err
			}
			w.reportProgress()
		}
		tok, err := d.Token()
		if err == io.EOF {
			if root == "" {
				w.fail(path, 0, RecordUnknownType, "not an RSS or Atom feed: no root element")
			}
			return nil
		}
		if err != nil {
			line, _ := d.InputPos()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line = se.Line
			}
			w.fail(path, line, RecordMalformedFeed, "malformed XML: "+strings.TrimPrefix(xmlReason(err), "XML syntax error on line "))
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			name := t.Name.Local
			if depth == 1 {
				root = name
				if name != "rss" && name != "feed" && name != "RDF" {
					line, _ := d.InputPos()
					w.fail(path, line, RecordUnknownType, fmt.Sprintf("not an RSS or Atom feed: root element <%s>", name))
					return nil
				}
				continue
			}
			parentIsFeed := depth == 2 && root == "feed" || depth == 3 && root != "feed"
			switch {
			case name == "title" && parentIsFeed && feedTitle == "":
				var tt feedText
				if err := d.DecodeElement(&tt, &t); err != nil {
					continue // the next Token reports the syntax error
				}
				depth--
				feedTitle = collapseSpace([]byte(tt.visible()))
			case name == "author" && depth == 2 && root == "feed":
				var a feedAuthor
				if err := d.DecodeElement(&a, &t); err != nil {
					continue
				}
				depth--
				feedBy = append(feedBy, a.byline())
			case name == "item" || name == "entry":
				line, _ := d.InputPos()
				var it feedItem
				if err := d.DecodeElement(&it, &t); err != nil {
					var se *xml.SyntaxError
					if errors.As(err, &se) {
						line = se.Line
					}
					w.fail(path, line, RecordMalformedFeed, "malformed XML: "+xmlReason(err))
					return nil
				}
				depth--
				if err := w.feedItem(path, line, &it, feedTitle, joinAuthors(feedBy), fields); err != nil {
					return err
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}

// xmlReason words an encoding/xml error without the line (the record names it).
func xmlReason(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return se.Msg
	}
	return err.Error()
}

// feedItem emits one item as a JSON record.
func (w *walker) feedItem(path string, line int, it *feedItem, source, byline string, f Fields) error {
	text := ""
	switch {
	case strings.TrimSpace(it.Encoded) != "":
		_, text = htmlText([]byte(it.Encoded))
	case strings.TrimSpace(it.Content.Text+it.Content.Inner) != "":
		text = it.Content.visible()
	case strings.TrimSpace(it.Desc.Text) != "":
		text = it.Desc.visible()
	case strings.TrimSpace(it.Summary.Text+it.Summary.Inner) != "":
		text = it.Summary.visible()
	}
	link := it.link()
	id := strings.TrimSpace(it.GUID)
	if id == "" {
		id = strings.TrimSpace(it.ID)
	}
	if id == "" {
		id = link
	}
	date := it.PubDate
	for _, d := range []string{it.Published, it.DCDate, it.Updated} {
		if strings.TrimSpace(date) == "" {
			date = d
		}
	}
	obj := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			obj[k] = v
		}
	}
	set(f.Text, text)
	set(f.Title, collapseSpace([]byte(it.Title.visible())))
	set(f.ID, id)
	set(f.URL, link)
	set(f.Source, source)
	set(f.Published, feedDate(date))
	set(f.Author, it.author(byline))
	if len(text) > w.lineLimit {
		w.fail(path, line, RecordTooLarge, overLimit(int64(len(text)), w.maxDoc))
		return nil
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	return w.emit(Record{File: path, Line: line, Data: data, Format: FormatJSON, Input: w.inputNum})
}
