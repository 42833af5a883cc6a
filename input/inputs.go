package input

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// OpenError is an input that cannot be read at all: a path that does not exist, a file or
// directory that cannot be opened, "-" without a standard input. Unlike a bad record, it ends a
// run before any work: a typo in a nightly job's path must not pass for an empty night.
type OpenError struct {
	Input string     // as given
	Kind  RecordKind // RecordNotFound or RecordUnreadable
	Err   error
}

func (e *OpenError) Error() string { return fmt.Sprintf("input %s: %s", e.Input, e.Reason()) }

// Reason words the problem without naming the input: "no such file or directory", "cannot
// read: permission denied".
func (e *OpenError) Reason() string { return fileReason(e.Err) }

func (e *OpenError) Unwrap() error { return e.Err }

// Check checks that every input can be opened: "-" needs stdin, a file must open for
// reading, a directory must list. It reports every input that cannot, at once (errors.Join of
// *OpenError), and reads nothing: named pipes and devices are not opened, since opening one can
// block or consume what a later read needs.
func Check(inputs []string, stdin io.Reader) error {
	var errs []error
	bad := func(in string, err error) { errs = append(errs, &OpenError{Input: in, Kind: fileKind(err), Err: err}) }
	for _, in := range inputs {
		if in == "-" {
			if stdin == nil {
				bad(in, errors.New("no standard input"))
			}
			continue
		}
		fi, err := os.Stat(in)
		if err != nil {
			bad(in, err)
			continue
		}
		if !fi.IsDir() && !fi.Mode().IsRegular() {
			continue
		}
		f, err := os.Open(in)
		if err != nil {
			bad(in, err)
			continue
		}
		if fi.IsDir() {
			if _, err := f.ReadDir(1); err != nil && err != io.EOF {
				bad(in, err)
			}
		}
		f.Close()
	}
	return errors.Join(errs...)
}

// NoArticles is the warning (an error, for a strict run) about input in, which gave no document:
// of kind Empty, its File in, its Line 0.
func NoArticles(in string) *RecordError {
	reason := "no articles read from it"
	if fi, err := os.Stat(in); err == nil && fi.IsDir() {
		reason = "no articles read from it (a directory gives the .txt, .md, .html, .htm, .warc, .csv, .tsv, .rss and .atom files below it)"
	}
	return &RecordError{File: in, Kind: Empty, Reason: reason, Warning: true}
}
