package pipeline

import (
	"maps"
	"slices"
	"strings"
	"unicode"
)

// A source's template series: items of one source under one title ("HOG AND CATTLE SLAUGHTER
// GUESSTIMATES", "FED ADDS RESERVES VIA CUSTOMER REPURCHASES", a daily market report), each the
// series' fixed text with a few figures and names changed. The fixed text recurs in the source's
// articles as its boilerplate does, and is not boilerplate: the items are one story. What tells
// them apart is the title. A source's box, footer and byline are in articles of many titles; a
// series' text is in articles of one.
//
// A document's series is its source and its title (SeriesTitle) when that title is a series
// title of the source (IsSeries): two or more of the source's articles have it, and at most half
// of them (a source whose articles all have one title, a feed that titles every item with its
// name, tells nothing by its titles). Its text repeated in the source's articles is a series'
// when most of the articles holding it are of one series (dropBoilerplate); two articles of
// one series that share a verbatim passage are one story (verdict, edgeSeries); items of two
// series of one source are not one story by rewritten passages alone (twoSeries).

// SeriesTitle returns a title as series compare titles: its words of letters, lower-cased and
// joined by single spaces, figures and punctuation left out ("U.S. M-1 money supply rises 1.2
// billion dlrs" and "... falls 300 mln dlrs" differ by a word, "Daily report: March 3" and
// "Daily report: March 4" do not). "" when it has no letters.
func SeriesTitle(title string) string {
	var b strings.Builder
	word := false
	for _, r := range title {
		if !unicode.IsLetter(r) {
			word = false
			continue
		}
		if !word && b.Len() > 0 {
			b.WriteByte(' ')
		}
		word = true
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// IsSeries reports whether a (non-empty) series title held by titled of a source's articles
// (sourced: all of them, with a title or not) makes those articles a series: two or more of
// them, at most half of the source's.
func IsSeries(titled, sourced int) bool { return titled >= 2 && 2*titled <= sourced }

// SourceSeries returns the series of each of one source's documents, given all their titles
// (those of its exact duplicates too, as Run counts them): its SeriesTitle when that is a series
// title of the source (IsSeries), else "". Two documents of one source are items of one series
// when their series are equal and not "".
func SourceSeries(titles []string) []string {
	norm := make([]string, len(titles))
	titled := map[string]int{}
	for i, t := range titles {
		if norm[i] = SeriesTitle(t); norm[i] != "" {
			titled[norm[i]]++
		}
	}
	for i, t := range norm {
		if t != "" && !IsSeries(titled[t], len(titles)) {
			norm[i] = ""
		}
	}
	return norm
}

// seriesKeys returns each document's series (SourceSeries over each source's documents, numbered
// from 1; 0 for none), from the documents' sources (src, 0 for none) and titles, or nil when no
// document has one.
func seriesKeys(src []int32, title func(i int) string) []int32 {
	bySrc := map[int32][]int{}
	for i, s := range src {
		if s != 0 {
			bySrc[s] = append(bySrc[s], i)
		}
	}
	var series []int32
	n := int32(0)
	for _, s := range slices.Sorted(maps.Keys(bySrc)) {
		docs := bySrc[s]
		titles := make([]string, len(docs))
		for k, i := range docs {
			titles[k] = title(i)
		}
		num := map[string]int32{}
		for k, t := range SourceSeries(titles) {
			if t == "" {
				continue
			}
			if num[t] == 0 {
				n++
				num[t] = n
			}
			if series == nil {
				series = make([]int32, len(src))
			}
			series[docs[k]] = num[t]
		}
	}
	return series
}

// oneSeries returns the series that most of docs are items of, or 0 when none is: the text they
// all hold is that series' fixed text.
func oneSeries(series []int32, docs []int32) int32 {
	if series == nil {
		return 0
	}
	// a majority vote (Boyer-Moore), then a count
	cand, votes := int32(0), 0
	for _, d := range docs {
		switch s := series[d]; {
		case votes == 0:
			cand, votes = s, 1
		case s == cand:
			votes++
		default:
			votes--
		}
	}
	if cand == 0 {
		return 0
	}
	n := 0
	for _, d := range docs {
		if series[d] == cand {
			n++
		}
	}
	if 2*n > len(docs) {
		return cand
	}
	return 0
}

// twoSeries reports whether documents a and b are items of two series of one source: what their
// texts say alike in words of their own is the source's way with its items (a wire's rate
// tables: the FHLBB's discount notes and Sallie Mae's), not one story.
func (c *corpus) twoSeries(a, b int32) bool {
	return c.series != nil && c.series[a] != 0 && c.series[b] != 0 && c.series[a] != c.series[b] && c.docs[a].source == c.docs[b].source
}

// sameSeries reports whether documents a and b are items of one series.
func (c *corpus) sameSeries(a, b int32) bool { return inOneSeries(c.series, a, b) }

// inOneSeries reports whether documents a and b are items of one series, by each document's
// series (seriesKeys; nil when none has one).
func inOneSeries(series []int32, a, b int32) bool {
	return series != nil && series[a] != 0 && series[a] == series[b]
}
