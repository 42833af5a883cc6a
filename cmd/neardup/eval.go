package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/neardup/neardup/eval"
)

const evalUsage = `Usage: neardup eval [--truth FILE [--pairs FILE] [--docs DOCS]] [--stories FILE] [flags] OUTPUT.jsonl

Scores a neardup report (scan --format jsonl or --format pairs; - for stdin) against labelled
pairs (--truth): pair-level precision, recall and F1, and, when the truth gives passage offsets,
PAN's character-level precision, recall, granularity and plagdet. The figures are those of the
project's reference scorer, score.py (pan and pairs), printed in its words, then one "eval:"
summary line.
With --stories, also scores the clusters as stories: B-cubed and pairwise precision, recall and
F1 against a TSV of id and story label (cmd/corpus -stories-truth writes one), on a "stories:"
line.

--truth is JSON Lines ({"a","b"} with optional a_start, a_end, b_start, b_end and anchored, as
PAN-13's truth.jsonl) or TSV (a, b, optional columns, optional header; a third column "none"
marks a negative). --pairs lists the pairs labelled at all (TSV, as PAN-13's pairs.tsv):
reported pairs outside it and the truth are stray, counted but not scored. --docs is the corpus
(JSON Lines): its "role" fields tell which unlisted pairs are stray (two different roles).
`

// evalCmd is neardup eval: it scores a report and prints the figures on stdout.
func evalCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("eval", evalUsage, stderr)
	truthPath := fs.String("truth", "", "labelled pairs: JSON Lines or TSV `FILE`")
	storiesPath := fs.String("stories", "", "story of every document: TSV `FILE` of id and story label")
	pairsPath := fs.String("pairs", "", "the pairs labelled at all: TSV `FILE`; others reported are stray, not scored")
	docsPath := fs.String("docs", "", "the corpus, JSON Lines `FILE` (.gz too): document roles from its \"role\" field")
	relation := fs.String("relation", "", "score only reported pairs of this `relation`: exact, near-duplicate or reuse")
	asJSON := fs.Bool("json", false, "print the figures as one JSON object")
	sameCluster := fs.Bool("same-cluster", false, "score.py pairs' rule: two members of one cluster count as reported")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	switch {
	case fs.NArg() != 1:
		fmt.Fprintln(stderr, "neardup eval: want one OUTPUT.jsonl (a report of neardup scan --format jsonl, or - for stdin)")
		return exitUsage
	case *truthPath == "" && *storiesPath == "":
		fmt.Fprintln(stderr, "neardup eval: --truth FILE or --stories FILE is required")
		return exitUsage
	case *truthPath == "" && (*pairsPath != "" || *docsPath != "" || *relation != "" || *sameCluster):
		fmt.Fprintln(stderr, "neardup eval: --pairs, --docs, --relation and --same-cluster score against --truth FILE")
		return exitUsage
	case *relation != "" && *relation != "exact" && *relation != "near-duplicate" && *relation != "reuse":
		fmt.Fprintf(stderr, "neardup eval: --relation %q: want exact, near-duplicate or reuse\n", *relation)
		return exitUsage
	}
	stdins := 0
	for _, path := range []string{*truthPath, *storiesPath, *pairsPath, *docsPath, fs.Arg(0)} {
		if path == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		fmt.Fprintln(stderr, "neardup eval: only one of the files can be - (stdin)")
		return exitUsage
	}

	fail := func(err error) int {
		printError(stderr, "eval", err)
		return exitFail
	}
	var stories eval.Stories
	if *storiesPath != "" {
		var err error
		if stories, err = eval.ReadStoriesFile(*storiesPath, stdin); err != nil {
			return fail(err)
		}
	}
	var truth *eval.Truth
	opts := eval.Options{Relation: *relation, SameCluster: *sameCluster}
	if *truthPath != "" {
		var err error
		if truth, err = eval.ReadTruthFile(*truthPath, stdin); err != nil {
			return fail(err)
		}
		if *pairsPath != "" {
			if opts.Listed, err = eval.ReadPairsFile(*pairsPath, stdin); err != nil {
				return fail(err)
			}
			if opts.Listed == nil {
				opts.Listed = []eval.Pair{} // an empty list is a list
			}
			opts.Role = eval.PrefixRoles(opts.Listed)
		}
		if *docsPath != "" {
			roles, err := eval.ReadRolesFile(*docsPath, stdin)
			if err != nil {
				return fail(err)
			}
			if len(roles) > 0 { // else roles stay inferred from the pair list, if they can be
				opts.Role = func(id string) string { return roles[id] }
			}
		}
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "neardup eval: interrupted")
		return exitInterrupted
	}
	out, err := eval.ReadOutputFile(fs.Arg(0), stdin)
	if err != nil {
		return fail(err)
	}
	if truth != nil {
		res := eval.Score(out, truth, opts)
		if *asJSON {
			data, err := json.Marshal(res)
			if err != nil {
				return fail(err)
			}
			if _, err := fmt.Fprintf(stdout, "%s\n", data); err != nil {
				return fail(err)
			}
		} else if err := res.WriteText(stdout); err != nil {
			return fail(err)
		}
	}
	if stories != nil {
		sr := eval.ScoreStories(out, stories)
		if *asJSON {
			data, err := json.Marshal(sr)
			if err != nil {
				return fail(err)
			}
			if _, err := fmt.Fprintf(stdout, "%s\n", data); err != nil {
				return fail(err)
			}
		} else if err := sr.WriteText(stdout); err != nil {
			return fail(err)
		}
	}
	return exitOK
}
