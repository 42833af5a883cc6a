package input

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
	Author    string    // who wrote it (a byline, or several names as the input gives them); optional
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
