package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/report"
)

// exitOverThreshold is check's exit status when a draft shares more than --fail-over of its
// words with one indexed article.
const exitOverThreshold = 3

const checkUsage = `Usage: neardup check --index PATH [flags] FILE|-...

A plagiarism check: for each draft, the indexed articles it shares passages with, by the share of
the draft's words inside those passages (its coverage), largest first, each with the passages in
the order the draft reads them: line and paragraph, words, and whether the draft gives them as a
quote, as copy it credits to a wire or an outlet ("(Reuters) -", "according to the Associated
Press", "told Radio Formula"), or neither (uncredited). A FILE is a .txt, .md or .html draft, a
JSON Lines file of drafts, or a directory of drafts; - reads one plain-text draft from stdin
(--stdin-format jsonl for JSON Lines records). An indexed article with the draft's own id is left
out (the draft itself, indexed earlier). Boilerplate is discounted against the index as scan
discounts it; stock phrases are not. The analysis (--threshold, --shingle, --num-perm, --window,
--no-reuse) is the index's.

--rewrite finds rewritten passages too: reworded, reordered or split sentences of an indexed
article, marked "rewritten" with their similarity. They count in the coverage and the gate as
verbatim ones do. It is the default with an index made by index add --rewrite, which holds the
sentence keys that find a draft reworded from end to end; in an index made without, only the
articles that share verbatim text with a draft (passages of --min-reuse-words, or most of their
text) are compared.

Every draft gets its result. A draft that cannot be checked (a file that is missing, unreadable,
empty or does not parse, a bad JSON Lines record) is an error naming its file and line, never
"no match": it is reported in the output and on stderr, and makes the exit status 1.

--fail-over F gates on the uncredited share: a draft is over it when more than the fraction F of
its words lie in passages of one indexed article that it neither quotes nor credits
(--count-credited counts every shared passage).

Exit status: 2 on a usage error (before any work); else 1 if a draft could not be checked (or
another error); else 3 if a draft is over --fail-over; else 0. 130 when interrupted.
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
		"boilerplate", "max-postings", "rewrite", "workers"}, readFlags...)...)
	fs.Lookup("rewrite").Usage = "find rewritten passages too (reworded, reordered, split sentences), not only verbatim ones " +
		"(default: the index's: on unless index add --rewrite=false made it)"
	fs.Lookup("rewrite").DefValue = "" // the index's, said above
	path := fs.String("index", "", "the index `file` to check against (required)")
	format := fs.String("format", "text", "report `format`: text, jsonl or html")
	output := fs.String("o", "", "write the report to `FILE` (atomically) instead of stdout")
	passages := fs.Int("passages", 5, "`N` passages quoted per indexed article in the text report, in draft order (0: all)")
	stdinFormat := fs.String("stdin-format", "text", "the `format` of -: text or html (one draft) or jsonl (records, as a .jsonl file gives them)")
	countCredited := fs.Bool("count-credited", false, "--fail-over counts quoted and credited passages too, not only uncredited ones")
	var over failOver
	fs.Var(&over, "fail-over", "exit with status 3 when a draft has more than this `fraction` (0-1) of its words in uncredited passages of one indexed article")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	stdins := 0
	for _, a := range fs.Args() {
		if a == "-" {
			stdins++
		}
	}
	switch {
	case *path == "":
		fmt.Fprintln(stderr, "neardup check: --index PATH is required")
		return exitUsage
	case fs.NArg() == 0:
		fmt.Fprintln(stderr, "neardup check: no draft given (a .txt, .md, .html or .jsonl file, a directory, or - for stdin)")
		return exitUsage
	case *format != "text" && *format != "jsonl" && *format != "html":
		fmt.Fprintf(stderr, "neardup check: --format %q: want text, jsonl or html\n", *format)
		return exitUsage
	case *passages < 0:
		fmt.Fprintf(stderr, "neardup check: --passages %d: want 0 (all) or more\n", *passages)
		return exitUsage
	case stdins > 1:
		fmt.Fprintln(stderr, "neardup check: - is given more than once: stdin can be read once")
		return exitUsage
	}
	switch *stdinFormat {
	case "text":
		opts.Read.Stdin = input.FormatText
	case "html":
		opts.Read.Stdin = input.FormatHTML
	case "jsonl":
		opts.Read.Stdin = input.FormatJSON
	default:
		fmt.Fprintf(stderr, "neardup check: --stdin-format %q: want text, html or jsonl\n", *stdinFormat)
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
	// A draft that cannot be opened is a draft not checked, reported first; the others are
	// checked all the same.
	var unopened []*input.RecordError
	inputs := fs.Args()
	if err := input.Check(inputs, stdin); err != nil {
		bad := map[string]bool{}
		for _, e := range unwrapAll(err) {
			var ie *input.OpenError
			if errors.As(e, &ie) {
				bad[ie.Input] = true
				printError(stderr, "check", ie) // named even when the index cannot be read
				unopened = append(unopened, &input.RecordError{File: ie.Input, Kind: ie.Kind, Reason: ie.Reason()})
			} else {
				printError(stderr, "check", e)
				return exitFail
			}
		}
		inputs = slices.DeleteFunc(slices.Clone(inputs), func(in string) bool { return bad[in] })
	}
	r, err := index.Open(*path)
	if err != nil {
		printError(stderr, "check", err)
		return exitFail
	}
	defer r.Close()
	if err := useParams(fs, &opts, r.Params(), *path, true); err != nil {
		printError(stderr, "check", err)
		return exitUsage
	}
	noteNoSentenceKeys(stderr, "check", opts, r.Params(), *path)
	gate := report.Gate{FailOver: over.v, On: over.set, CountCredited: *countCredited}
	shown := 0
	printRecord := recordErrorPrinter(stderr, &shown)
	checked, failed, overs := 0, 0, 0
	err = writeOutput(*output, stdout, func(out io.Writer) error {
		bw := bufio.NewWriter(out)
		var page *report.CheckHTML
		if *format == "html" {
			page = report.NewCheckHTML(bw, report.CheckHTMLOptions{Gate: gate})
		}
		write := func(d *report.Draft) error {
			if d.Err != nil {
				failed++
			} else {
				checked++
				if gate.Over(d) {
					overs++
				}
			}
			switch *format {
			case "jsonl":
				return report.CheckJSONL(bw, d, gate)
			case "html":
				return page.Write(d)
			}
			return report.CheckText(bw, d, report.CheckTextOptions{Gate: gate, Passages: *passages})
		}
		for _, e := range unopened {
			if err := write(&report.Draft{Err: e}); err != nil {
				return err
			}
		}
		var writeErr error
		var failedFiles []string // of the drafts not checked: an input empty for that is not one more
		opts.OnRecordError = func(e *input.RecordError) {
			if e.Kind == input.Empty {
				if slices.ContainsFunc(failedFiles, func(f string) bool { return f == e.File || strings.HasPrefix(f, e.File+"/") }) {
					return // its drafts were named: it gave none for that
				}
				e2 := *e
				e2.Warning = false // no draft in an input is a draft not checked
				e = &e2
			}
			printRecord(e)
			if e.Warning || writeErr != nil {
				return // a record kept, with a warning
			}
			failedFiles = append(failedFiles, e.File)
			writeErr = write(&report.Draft{Err: e})
		}
		if len(inputs) > 0 {
			_, err := index.Each(ctx, inputs, stdin, opts,
				func(it *index.Item) error {
					ms, err := r.Related(it.Doc, it.Analysis, opts, index.MatchOptions{KeepText: *format == "html", Direct: true,
						Skip: func(d index.Doc) bool { return d.ID == it.Doc.ID }})
					it.X.Matches = ms
					return err
				},
				func(it *index.Item) error {
					if writeErr != nil {
						return writeErr
					}
					return write(draftOf(it))
				})
			if err == nil {
				err = writeErr
			}
			if err == nil {
				err = ctx.Err()
			}
			if err != nil {
				return err
			}
		}
		if page != nil {
			if err := page.Close(); err != nil {
				return err
			}
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
	if failed > 0 {
		fmt.Fprintf(stderr, "neardup check: %d of %s could not be checked (named above)\n", failed, plural(checked+failed, "draft"))
		return exitFail
	}
	if overs > 0 {
		what := "uncredited passages"
		if *countCredited {
			what = "passages"
		}
		fmt.Fprintf(stderr, "neardup check: over --fail-over %s (that share of its words in %s of one indexed article): %d of %s\n",
			over.String(), what, overs, plural(checked, "draft"))
		return exitOverThreshold
	}
	return exitOK
}

// draftOf is a checked draft as the report renders it.
func draftOf(it *index.Item) *report.Draft {
	d := &report.Draft{Doc: it.Doc, Words: it.Analysis.Words}
	for _, m := range it.X.Matches {
		d.Matches = append(d.Matches, report.Match{Member: pipeline.Member{ID: m.Doc.ID, Source: m.Doc.Source,
			Title: m.Doc.Title, URL: m.Doc.URL, Author: m.Doc.Author, Published: m.Doc.Published, Words: m.Doc.Words, Bytes: m.Doc.Bytes,
			Where: m.Doc.Where, Indexed: true}, Text: m.Text, Pair: m.Pair})
	}
	return d
}

// unwrapAll returns the errors joined in err (errors.Join), or err alone.
func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
