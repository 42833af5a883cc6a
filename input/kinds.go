package input

import "fmt"

// RecordError is a problem with one input record. A run goes on without the record unless it
// is strict; Warning errors keep the record (for example repaired UTF-8).
type RecordError struct {
	File    string     // path, or "-" for stdin
	Line    int        // 1-based line, or 0 for a whole file
	Reason  string     // lower case, no trailing period: "malformed JSON: ..."
	Kind    RecordKind // what kind of problem, for summaries and for code to switch on
	Warning bool       // the record was kept (repaired); not counted as skipped
}

func (e *RecordError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// RecordKind says what kind of problem a RecordError is: summaries group skipped records by it
// (pipeline.Stats.SkipReasons), and code switches on it rather than on the wording of Reason.
type RecordKind string

// Kinds of skipped records: the words a summary counts them by.
const (
	RecordNotFound      RecordKind = "not found"            // a path that does not exist
	RecordUnreadable    RecordKind = "unreadable"           // permission denied, not a regular file, no stdin
	RecordUnknownType   RecordKind = "unknown type"         // a file given by name that is neither JSON Lines nor .txt, .md, .html
	RecordTooLarge      RecordKind = "over --max-doc-bytes" // a file, line or text over ReadOptions.MaxDocBytes
	RecordCorrupt       RecordKind = "corrupt or truncated" // a gzip stream or a read cut short
	RecordBinary        RecordKind = "binary"               // a file that looks binary: NUL bytes, or many control bytes
	RecordNotUTF8       RecordKind = "not UTF-8"            // a text file mostly not UTF-8 (a legacy encoding: KOI8-R, GBK, windows-1251), or UTF-16
	RecordSymlink       RecordKind = "symbolic link"        // a link under a directory, not followed (ReadOptions.FollowSymlinks)
	RecordMalformed     RecordKind = "malformed JSON"       // not JSON, or not a JSON object
	RecordMalformedRow  RecordKind = "malformed row"        // a CSV or TSV row that does not parse, or has not as many fields as the header
	RecordMalformedFeed RecordKind = "malformed feed"       // an RSS or Atom feed whose XML does not parse: the rest of it is not read
	RecordMissingID     RecordKind = "missing id"
	RecordMissingText   RecordKind = "missing text"
	RecordBadField      RecordKind = "bad field type" // an id that is not a string or a number, a text that is not a string
	RecordEmptyText     RecordKind = "empty text"
	// Kinds the first pass of a run finds once a record is parsed (pipeline.Each).
	RecordNoWords     RecordKind = "no words"     // a text without a word the tokenizer keeps
	RecordDuplicateID RecordKind = "duplicate id" // an id read before
	RecordRejected    RecordKind = "rejected"     // by a work hook (pipeline.Item.Skip)
	// WARC responses that are not articles by choice: counted, never fatal (ByPolicy).
	RecordNotHTML          RecordKind = "not an HTML page"  // an image, a script, a redirect, an error page
	RecordDuplicatePayload RecordKind = "duplicate payload" // a page whose WARC-Payload-Digest was read before
)

// Kinds of warnings: the record (or input) is kept.
const (
	RecordInvalidUTF8  RecordKind = "invalid UTF-8" // repaired: each bad byte became U+FFFD
	RecordFieldIgnored RecordKind = "field ignored" // an optional field of the wrong type, a date that does not parse
	RecordNoMainText   RecordKind = "no main text"  // an HTML page whose article was not found: its whole visible text is used
	// Empty is an INPUT that yielded no document at all (an empty file, a folder without
	// articles, a file whose every record was skipped): a warning, an error with
	// pipeline.Options.Strict. Its File is the input as given, its Line 0 (NoArticles).
	Empty RecordKind = "no articles in input"
)

// ByPolicy reports whether records of kind k are skipped because the options say so, not
// because they are bad: a symbolic link below a directory, not followed without
// ReadOptions.FollowSymlinks; a WARC response that is no HTML page, or a page fetched again.
// They are reported and counted as skipped, but pipeline.Options.Strict does not make them
// fatal: a folder with a link in it is not a bad input.
func (k RecordKind) ByPolicy() bool {
	return k == RecordSymlink || k == RecordNotHTML || k == RecordDuplicatePayload
}
