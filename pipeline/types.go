package pipeline

import (
	"fmt"
	"time"
)

// Document is one article as read from the input, with its text made valid UTF-8.
// All byte offsets reported for a document index Text.
type Document struct {
	ID        string    // unique within a run; from the id field, or the path relative to the input directory
	Source    string    // outlet; from the source field, or the first sub-directory; may be empty
	Title     string    // optional
	URL       string    // optional
	Published time.Time // zero when unknown
	Text      string    // the text compared; for .html files, the extracted visible text

	File string // where the document was read: a path, or "-" for stdin
	Line int    // line number in File for JSON Lines (1-based); 0 for a whole file
}

// Where names the document's place in the input as FILE:LINE (or FILE for a whole file).
func (d *Document) Where() string {
	if d.Line > 0 {
		return fmt.Sprintf("%s:%d", d.File, d.Line)
	}
	return d.File
}

// RecordError is a problem with one input record. The run goes on without the record
// unless it is strict; Warning errors keep the record (for example repaired UTF-8).
type RecordError struct {
	File    string // path, or "-" for stdin
	Line    int    // 1-based line, or 0 for a whole file
	Reason  string // lower case, no trailing period: "malformed JSON: ..."
	Warning bool   // the record was kept (repaired); not counted as skipped
}

func (e *RecordError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}
