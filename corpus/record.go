package corpus

import (
	"fmt"
	"strconv"
)

// Output format: one JSON object per line, fields in this order,
//
//	{"id":"syn-0000001","source":"northfield-herald","title":"...","published":"2024-01-01","text":"..."}
//
// where text is paragraphs separated by blank lines. Records are written by hand rather than with
// encoding/json: the text is escaped in one pass straight into a reused buffer, without
// reflection or a second copy (the tests decode every record with encoding/json).

// Stats describes what Generate wrote.
type Stats struct {
	Articles        int     // records written
	Originals       int     // articles not derived from an earlier one (the news shapes' aside)
	Syndicated      int     // planted syndicated pairs
	Truncated       int     // planted truncated pairs
	Rewrite         int     // planted rewrite pairs
	WithBoilerplate int     // articles carrying their outlet's house text
	Words           Lengths // words per article (whitespace-separated), all articles
	FullWords       Lengths // the same without truncated copies (and their re-runs), digests and template items
	Bytes           int64   // bytes of JSON Lines written (before any compression)

	// The news shapes.
	Stories         int // big stories begun
	StoryArticles   int // their articles, one per outlet
	Recurring       int // articles carrying one or two recurring paragraphs
	RecurringPool   int // standard paragraphs in the pool they are drawn from
	Digests         int // digest articles
	DigestSentences int // sentences they copied from other stories' articles
	SameNames       int // articles reusing a big story's names without its quotes
	Reruns          int // planted re-run pairs
	Templates       int // template items
	TemplateSeries  int // template series begun
}

// Lengths summarises a distribution of word counts.
type Lengths struct {
	Min, Median, Max int
}

// draft is an article ready to write.
type draft struct {
	src       int
	title     string
	pre       []string // paragraphs before the body
	body      []byte   // paragraphs
	inserts   []insert // paragraphs placed into the body
	post      []string // paragraphs after the body
	words     int      // words of all of it
	truncated bool     // a truncated copy, which may be shorter than MinWords
	short     bool     // a digest, template item or re-run of a truncated copy: may be under MinWords
	role      role     // for the stories file
}

// emit writes d as article i.
func (g *generator) emit(i int, d *draft) error {
	t := g.text[:0]
	pre, body, post := d.pre, d.body, d.post
	for _, p := range pre {
		t = append(append(t, p...), "\n\n"...)
	}
	last := 0
	for _, in := range d.inserts {
		if in.at >= len(body) { // after the last paragraph
			t = append(append(append(t, body[last:]...), "\n\n"...), in.text...)
			last = len(body)
			continue
		}
		t = append(append(append(t, body[last:in.at]...), in.text...), "\n\n"...)
		last = in.at
	}
	t = append(t, body[last:]...)
	for _, p := range post {
		t = append(append(t, "\n\n"...), p...)
	}
	g.text = t

	l := append(g.line[:0], `{"id":"`...)
	l = append(l, articleID(i)...)
	l = append(l, `","source":"`...)
	l = appendEscaped(l, g.sources[d.src].Name)
	l = append(l, `","title":"`...)
	l = appendEscaped(l, d.title)
	l = append(l, `","published":"`...)
	l = append(l, g.days[g.day(i)]...)
	l = append(l, `","text":"`...)
	l = appendEscaped(l, t)
	l = append(l, "\"}\n"...)
	g.line = l
	if _, err := g.out.Write(l); err != nil {
		return fmt.Errorf("write %s: %w", articleID(i), err)
	}
	g.count(d.words, d.truncated || d.short, len(l))
	if g.labels != nil {
		g.labels.role[i] = d.role
	}
	g.keepPrinted(i, d)
	return nil
}

// count adds one article to the statistics; short ones count apart from FullWords.
func (g *generator) count(words int, short bool, bytes int) {
	g.stats.Articles++
	g.stats.Bytes += int64(bytes)
	words = min(words, len(g.hist)-1)
	g.hist[words]++
	if !short {
		g.histFull[words]++
	}
}

// snapshot returns the statistics so far.
func (g *generator) snapshot() Stats {
	s := g.stats
	s.Words = summarise(g.hist)
	s.FullWords = summarise(g.histFull)
	return s
}

// summarise reads min, median and max from a histogram.
func summarise(hist []int) Lengths {
	total := 0
	for _, n := range hist {
		total += n
	}
	if total == 0 {
		return Lengths{}
	}
	var l Lengths
	seen, first := 0, true
	for w, n := range hist {
		if n == 0 {
			continue
		}
		if first {
			l.Min, first = w, false
		}
		if seen < (total+1)/2 && seen+n >= (total+1)/2 {
			l.Median = w
		}
		seen += n
		l.Max = w
	}
	return l
}

// wordCount counts whitespace-separated words, as strings.Fields would for ASCII space.
func wordCount[T string | []byte](t T) int {
	n, in := 0, false
	for i := 0; i < len(t); i++ {
		c := t[i]
		space := c == ' ' || c == '\n' || c == '\t' || c == '\r'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// appendEscaped appends s as the inside of a JSON string: quotes, backslashes and control
// characters escaped, everything else (valid UTF-8 from training) as is.
func appendEscaped[T string | []byte](dst []byte, s T) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\r':
			dst = append(dst, '\\', 'r')
		default:
			dst = append(dst, `\u00`...)
			dst = strconv.AppendUint(dst, uint64(c>>4), 16)
			dst = strconv.AppendUint(dst, uint64(c&0xf), 16)
		}
		start = i + 1
	}
	return append(dst, s[start:]...)
}
