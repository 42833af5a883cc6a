package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/report"
)

// errorLimit is how many bad records are named on stderr before they are only counted.
const errorLimit = 100

// recordErrorPrinter names bad records and warnings on stderr as FILE:LINE: reason, up to
// errorLimit of them, with control characters escaped (a file name or an id is input, and
// stderr is often a terminal).
func recordErrorPrinter(stderr io.Writer, shown *int) func(*input.RecordError) {
	return func(e *input.RecordError) {
		if *shown++; *shown > errorLimit {
			return
		}
		msg := report.Printable(e.Error())
		switch {
		case e.Kind == input.Empty && e.Warning:
			fmt.Fprintf(stderr, "%s (warning)\n", msg)
		case e.Warning:
			fmt.Fprintf(stderr, "%s (warning: record kept)\n", msg)
		default:
			fmt.Fprintln(stderr, msg)
		}
	}
}

// printError prints err on stderr prefixed with the command's name, with control characters
// escaped: file names, ids and paths in errors come from the input and the command line, and
// stderr is often a terminal. Every error line of a command goes through it. A joined error
// (every input that cannot be opened) names one problem a line; a newline in any other error is
// shown escaped, so that a file name cannot start a line of its own.
func printError(stderr io.Writer, cmd string, err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			printError(stderr, cmd, e)
		}
		return
	}
	fmt.Fprintf(stderr, "neardup %s: %s\n", cmd, report.Printable(err.Error()))
}

// skipSummary words the skipped records by kind, most first: "3 over --max-doc-bytes, 1
// malformed JSON".
func skipSummary(reasons map[string]int) string {
	keys := sortedKeys(reasons)
	// most first; sortedKeys gave them in name order, which breaks ties
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && reasons[keys[j]] > reasons[keys[j-1]]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", reasons[k], k)
	}
	return strings.Join(parts, ", ")
}
