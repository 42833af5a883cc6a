package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/report"
)

// exitOverThreshold is check's exit status when a draft shares more than --fail-over of its
// words with one indexed article.
const exitOverThreshold = 3

const checkUsage = `Usage: neardup check --index PATH [flags] FILE|-...

A plagiarism check: for each draft, the indexed articles it shares passages with, by the share of
the draft's words inside those passages (its coverage), largest first, with the passages. A FILE
is a .txt, .md or .html draft, a JSON Lines file of drafts, or a directory of drafts; - reads JSON
Lines from stdin. An indexed article with the draft's own id is left out (the draft itself,
indexed earlier). Boilerplate is discounted against the index as scan discounts it; stock phrases
are not. The analysis (--threshold, --shingle, --num-perm, --window, --no-reuse) is the index's.

Exit status: 0, or 3 when --fail-over F is given and some draft shares more than F of its words
with one indexed article; 1 on an error, 2 on a usage error, 130 when interrupted.
`

// failOver is the --fail-over flag: a fraction, or off.
type failOver struct {
	v   float64
	set bool
}

func (f *failOver) String() string {
	if f == nil || !f.set {
		return "off"
	}
	return strconv.FormatFloat(f.v, 'f', -1, 64)
}

func (f *failOver) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v > 1 || math.IsNaN(v) {
		return errors.New("want a fraction from 0 to 1")
	}
	f.v, f.set = v, true
	return nil
}

func check(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", checkUsage, stderr)
	var opts pipeline.Options
	// not the analysis options, which the index fixes, nor those of a corpus (stock phrases,
	// spools): only what applies to comparing drafts with indexed articles
	registerOptions(fs, &opts, append([]string{"containment", "min-reuse-words", "min-passage", "max-gap",
		"boilerplate", "max-postings", "workers"}, readFlags...)...)
	path := fs.String("index", "", "the index `file` to check against (required)")
	format := fs.String("format", "text", "report `format`: text or jsonl")
	output := fs.String("o", "", "write the report to `FILE` (atomically) instead of stdout")
	passages := fs.Int("passages", 3, "`N` passages quoted per indexed article in the text report, longest first")
	var over failOver
	fs.Var(&over, "fail-over", "exit with status 3 when a draft shares more than this `fraction` (0-1) of its words with one indexed article")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case *path == "":
		fmt.Fprintln(stderr, "neardup check: --index PATH is required")
		return exitUsage
	case fs.NArg() == 0:
		fmt.Fprintln(stderr, "neardup check: no draft given (a .txt, .md, .html or .jsonl file, a directory, or - for stdin)")
		return exitUsage
	case *format != "text" && *format != "jsonl":
		fmt.Fprintf(stderr, "neardup check: --format %q: want text or jsonl\n", *format)
		return exitUsage
	}
	if err := opts.Validate(); err != nil {
		printError(stderr, "check", err)
		return exitUsage
	}
	if err := outputIsInput(*output, fs.Args()); err != nil {
		printError(stderr, "check", err)
		return exitUsage
	}
	if err := opts.CheckInputs(fs.Args(), stdin); err != nil {
		printError(stderr, "check", err)
		return exitFail
	}
	r, err := index.Open(*path)
	if err != nil {
		printError(stderr, "check", err)
		return exitFail
	}
	defer r.Close()
	if err := useParams(fs, &opts, r.Params(), *path); err != nil {
		printError(stderr, "check", err)
		return exitUsage
	}
	shown := 0
	opts.OnRecordError = recordErrorPrinter(stderr, &shown)
	drafts, overs := 0, 0
	err = writeOutput(*output, stdout, func(out io.Writer) error {
		bw := bufio.NewWriter(out)
		_, err := index.Each(ctx, fs.Args(), stdin, opts,
			func(it *index.Item) error {
				ms, err := r.Related(it.Doc, it.Analysis, opts, index.MatchOptions{
					Skip: func(d index.Doc) bool { return d.ID == it.Doc.ID }})
				it.X.Matches = ms
				return err
			},
			func(it *index.Item) error {
				drafts++
				isOver := over.set && len(it.X.Matches) > 0 && it.X.Matches[0].Pair.CoverageA > over.v
				if isOver {
					overs++
				}
				if *format == "jsonl" {
					return writeCheckJSON(bw, it, isOver, over.set)
				}
				return writeCheckText(bw, it, isOver, *passages)
			})
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "neardup check: interrupted")
			return exitInterrupted
		}
		printError(stderr, "check", err)
		return exitFail
	}
	if shown > errorLimit {
		fmt.Fprintf(stderr, "neardup check: %d more bad records not named\n", shown-errorLimit)
	}
	if over.set && overs > 0 {
		fmt.Fprintf(stderr, "neardup check: over --fail-over %s (that share of its words in passages of one indexed article): %d of %s\n",
			over.String(), overs, plural(drafts, "draft"))
		return exitOverThreshold
	}
	return exitOK
}

func writeCheckText(w io.Writer, it *index.Item, isOver bool, passages int) error {
	d := &it.Doc
	mark := ""
	if isOver {
		mark = "  OVER --fail-over"
	}
	if len(it.X.Matches) == 0 {
		_, err := fmt.Fprintf(w, "%s (%d words): shares no passage with an indexed article\n\n", report.Printable(d.ID), it.Analysis.Words)
		return err
	}
	fmt.Fprintf(w, "%s (%d words): shares passages with %s; up to %.0f%% of its words%s\n", report.Printable(d.ID), it.Analysis.Words,
		plural(len(it.X.Matches), "indexed article"), 100*it.X.Matches[0].Pair.CoverageA, mark)
	for _, m := range it.X.Matches {
		p := &m.Pair
		line := fmt.Sprintf("  %3.0f%%  %s  %s", 100*p.CoverageA, p.Relation, report.Printable(m.Doc.ID))
		if m.Doc.Source != "" {
			line += "  [" + report.Printable(m.Doc.Source) + "]"
		}
		if dt := report.Date(m.Doc.Published); dt != "" {
			line += "  " + dt
		}
		if m.Doc.Title != "" {
			line += "  \u201c" + report.Printable(m.Doc.Title) + "\u201d"
		}
		fmt.Fprintln(w, line)
		fmt.Fprintf(w, "        jaccard %.2f, containment %.2f, %.0f%% of the indexed article, %s\n",
			p.Jaccard, p.Containment, 100*p.CoverageB, plural(len(p.Passages), "passage"))
		ps := slices.Clone(p.Passages)
		slices.SortStableFunc(ps, func(x, y pipeline.Passage) int { return y.Words - x.Words })
		for _, q := range ps[:min(passages, len(ps))] {
			fmt.Fprintf(w, "        %3d words: \u201c%s\u201d\n", q.Words, report.Shorten(report.Printable(strings.Join(strings.Fields(q.AText), " ")), quoteRunes))
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

// quoteRunes is the most of a passage the text report quotes: its start and its end, cut
// between words.
const quoteRunes = 160

type checkPassage struct {
	DraftStart   int    `json:"draft_start"`
	DraftEnd     int    `json:"draft_end"`
	IndexedStart int    `json:"indexed_start"`
	IndexedEnd   int    `json:"indexed_end"`
	Words        int    `json:"words"`
	DraftText    string `json:"draft_text"`
	IndexedText  string `json:"indexed_text"`
}

type checkMatch struct {
	ID              string         `json:"id"`
	Source          string         `json:"source"`
	Title           string         `json:"title"`
	Published       string         `json:"published"`
	URL             string         `json:"url,omitempty"`
	Words           int            `json:"words"`
	Relation        string         `json:"relation"`
	Jaccard         float64        `json:"jaccard"`
	Containment     float64        `json:"containment"`
	CoverageDraft   float64        `json:"coverage_draft"`
	CoverageIndexed float64        `json:"coverage_indexed"`
	Passages        []checkPassage `json:"passages"`
}

type checkDraft struct {
	Version     int          `json:"version"`
	Draft       string       `json:"draft"`
	Words       int          `json:"words"`
	MaxCoverage float64      `json:"max_coverage"`
	Over        *bool        `json:"over,omitempty"` // with --fail-over
	Matches     []checkMatch `json:"matches"`
}

// writeCheckJSON writes one JSON line per draft: the draft's id and words, and its matches with
// their passages; offsets are bytes into the draft's text and the indexed article's text.
func writeCheckJSON(w io.Writer, it *index.Item, isOver, failSet bool) error {
	cd := checkDraft{Version: report.Version, Draft: it.Doc.ID, Words: it.Analysis.Words, Matches: []checkMatch{}}
	if failSet {
		cd.Over = &isOver
	}
	for _, m := range it.X.Matches {
		p := &m.Pair
		cm := checkMatch{ID: m.Doc.ID, Source: m.Doc.Source, Title: m.Doc.Title, Published: report.Date(m.Doc.Published),
			URL: m.Doc.URL, Words: m.Doc.Words, Relation: string(p.Relation), Jaccard: round4(p.Jaccard),
			Containment: round4(p.Containment), CoverageDraft: round4(p.CoverageA), CoverageIndexed: round4(p.CoverageB),
			Passages: make([]checkPassage, len(p.Passages))}
		for i, q := range p.Passages {
			cm.Passages[i] = checkPassage{DraftStart: q.AStart, DraftEnd: q.AEnd, IndexedStart: q.BStart, IndexedEnd: q.BEnd,
				Words: q.Words, DraftText: q.AText, IndexedText: q.BText}
		}
		cd.Matches = append(cd.Matches, cm)
		cd.MaxCoverage = max(cd.MaxCoverage, cm.CoverageDraft)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(cd)
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
