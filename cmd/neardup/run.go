package main

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// Exit statuses.
const (
	exitOK          = 0   // success
	exitFail        = 1   // a fatal error, or a bad record with --strict
	exitUsage       = 2   // bad command line
	exitInterrupted = 130 // cancelled by Ctrl-C (128 + SIGINT)
)

const usage = `neardup finds duplicate, syndicated and rewritten news articles and shows the passages they share.

Usage:
  neardup scan [flags] INPUT...   find exact duplicates, near-duplicates and reuse, and cluster them
  neardup index COMMAND ...       a persistent index of articles: add, remove, stats, verify, compact
  neardup check [flags] FILE|-... which indexed articles a draft shares passages with, and how much
  neardup serve --index FILE      the check as a local web service and page (POST /v1/check, GET /)
  neardup eval --truth FILE [flags] OUTPUT.jsonl
                                  score a JSON Lines report against labelled pairs (and passages)
  neardup help [COMMAND]          explain a command and its flags
  neardup --version               the version, as the build recorded it

INPUT is a JSON Lines file (.jsonl, .ndjson, optionally gzipped), a directory (every .txt, .md and
.html below it; the first sub-directory is the article's source; several directories named
together, as outlets/*/, are read as their parent is), a web archive (.warc, .warc.gz, .warc.zst),
a CSV or TSV file with a header, an RSS or Atom feed (.rss, .atom, .xml), or - for JSON Lines on
stdin.
Flags may come anywhere on the line; -- ends them.

Examples:
  neardup scan testdata/sample                          # a folder of articles: clusters on the terminal
  neardup scan --format html -o report.html articles/   # a page to read the copies side by side
  neardup index add --index news.ndx day.jsonl.gz       # then: neardup check --index news.ndx draft.md

Exit status: 0 success, 1 fatal error (or a bad record with --strict), 2 usage error, 3 a draft over
check --fail-over, 130 interrupted.
`

// run is main without the process: it parses args and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "scan":
		return scan(ctx, rest, stdin, stdout, stderr)
	case "eval":
		return evalCmd(ctx, rest, stdin, stdout, stderr)
	case "index":
		return indexCmd(ctx, rest, stdin, stdout, stderr)
	case "check":
		return check(ctx, rest, stdin, stdout, stderr)
	case "serve":
		return serve(ctx, rest, stdin, stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, version())
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(rest) > 1 && rest[0] != "index" { // help index COMMAND is index's to check
			fmt.Fprintf(stderr, "neardup help %s: unexpected %q: usage: neardup help [COMMAND]\n", rest[0], rest[1])
			return exitUsage
		}
		if len(rest) > 0 { // asked for: help goes to stdout, errors to stderr
			switch rest[0] {
			case "scan":
				return scan(ctx, []string{"-h"}, stdin, stdout, stdout)
			case "eval":
				return evalCmd(ctx, []string{"-h"}, stdin, stdout, stdout)
			case "index":
				return indexCmd(ctx, append([]string{"help"}, rest[1:]...), stdin, stdout, stderr)
			case "check":
				return check(ctx, []string{"-h"}, stdin, stdout, stdout)
			case "serve":
				return serve(ctx, []string{"-h"}, stdin, stdout, stdout)
			default:
				fmt.Fprintf(stderr, "neardup help: unknown command %q\n\n%s", rest[0], usage)
				return exitUsage
			}
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "neardup: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, word[:len(word)-1])
	}
	return fmt.Sprintf("%d %ss", n, word)
}
