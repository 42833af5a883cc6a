package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/neardup/neardup/pipeline"
)

// TextOptions tunes the text report.
type TextOptions struct {
	Width    int  // columns to fit lines in; default 100
	Passages int  // passages quoted per pair, longest first; default 3
	Color    bool // ANSI colours (the caller decides: a terminal, and NO_COLOR unset)
	// Timestamp, if set, is printed as the report's first line ("generated ..."); reports are
	// otherwise free of timestamps, so that the same input gives the same bytes.
	Timestamp string
}

// Text writes a report for a terminal: per cluster its kind, members and pairs with their longest
// passages quoted, then totals. Singletons are counted, not listed.
func Text(w io.Writer, res *pipeline.Result, opts TextOptions) error {
	if opts.Width <= 0 {
		opts.Width = 100
	}
	if opts.Passages <= 0 {
		opts.Passages = 3
	}
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	relColor := map[pipeline.Relation]string{pipeline.Exact: "35", pipeline.NearDuplicate: "34", pipeline.Reuse: "33"}
	if opts.Timestamp != "" {
		fmt.Fprintf(bw, "generated %s\n\n", opts.Timestamp)
	}
	for i := range res.Clusters {
		c := &res.Clusters[i]
		if err := res.LoadTexts(c); err != nil {
			return err
		}
		fmt.Fprintf(bw, "%s: %s, %d articles, representative %s\n", paint("1", fmt.Sprintf("Cluster %d", c.Number)),
			c.Kind, len(c.Members), c.Representative)
		for _, m := range c.Members {
			line := "  - " + m.ID
			if m.Source != "" {
				line += "  [" + m.Source + "]"
			}
			if m.Indexed {
				line += "  (indexed)"
			}
			if d := Date(m.Published); d != "" {
				line += "  " + d
			}
			if m.Title != "" {
				line += "  " + quote(trimEnd(m.Title, opts.Width-utf8.RuneCountInString(line)-4))
			}
			fmt.Fprintln(bw, line)
		}
		for _, p := range c.Pairs {
			fmt.Fprintf(bw, "  %s: %s ~ %s\n", paint(relColor[p.Relation], string(p.Relation)), p.A, p.B)
			fmt.Fprintf(bw, "      jaccard %.2f, containment %.2f, coverage %.0f%% / %.0f%%, %d passage%s\n",
				p.Jaccard, p.Containment, 100*p.CoverageA, 100*p.CoverageB, len(p.Passages), plural(len(p.Passages)))
			if p.Relation == pipeline.Exact {
				continue
			}
			for _, q := range longest(p.Passages, opts.Passages) {
				line := trim(fmt.Sprintf("      %3d words: %s", q.Words, quote(oneLine(q.AText))), opts.Width)
				i := strings.Index(line, ":") + 1 // the word count, dimmed
				fmt.Fprintln(bw, paint("2", line[:i])+line[i:])
			}
		}
		res.DropTexts(c)
		fmt.Fprintln(bw)
	}
	s := res.Stats
	kinds := map[string]int{}
	for _, c := range res.Clusters {
		kinds[c.Kind]++
	}
	fmt.Fprintf(bw, "%d document%s: %d cluster%s (%d exact, %d syndicated, %d story), %d singleton%s; %d related pair%s (%d exact, %d near-duplicate, %d reuse)\n",
		s.Docs, plural(s.Docs), s.Clusters, plural(s.Clusters), kinds[pipeline.KindExact], kinds[pipeline.KindSyndicated], kinds[pipeline.KindStory],
		s.Singletons, plural(s.Singletons), s.Pairs, plural(s.Pairs), s.PairsBy[pipeline.Exact], s.PairsBy[pipeline.NearDuplicate], s.PairsBy[pipeline.Reuse])
	return bw.Flush()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// longest returns up to n passages, longest first (ties in text order).
func longest(ps []pipeline.Passage, n int) []pipeline.Passage {
	s := slices.Clone(ps)
	slices.SortStableFunc(s, func(x, y pipeline.Passage) int { return y.Words - x.Words })
	return s[:min(n, len(s))]
}

func quote(s string) string { return "\u201c" + s + "\u201d" }

// oneLine folds every run of white space into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// trimEnd shortens s to width runes (at least 10), ending in an ellipsis.
func trimEnd(s string, width int) string {
	width = max(width, 10)
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	return string([]rune(s)[:width-1]) + "…"
}

// trim shortens s to width runes with an ellipsis in the middle of a quote.
func trim(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	head := width*2/3 - 1
	tail := width - head - 1
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}
