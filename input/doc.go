// Package input reads articles: it finds the inputs, splits them into records and parses each
// record into a Document, reporting every bad record as a *RecordError with its kind. It sits
// below package pipeline, which runs the algorithm on what it reads, and imports nothing of
// neardup's above it.
//
// # Formats
//
// An input is a JSON Lines file (.jsonl, .ndjson; an object per line, its fields named by
// Fields), a CSV or TSV file (a header row names the columns, read as a JSON record's fields:
// csv.go), an RSS or Atom feed (an item per article: feed.go), a WARC file (a web crawl, each
// HTML response a page: warc.go), a .txt, .md, .html or .htm file (one document), a directory
// (the files below it, in lexical order of their paths), or "-" for standard input. Any of the
// streams may be gzipped or zstd-compressed, told by its first bytes (decompress.go). An HTML
// page gives its main text, without the site's chrome (article.go, with go-trafilatura), or all
// its visible text (html.go), with its title, author (author.go) and publication date
// (published.go); a page that is not UTF-8 is decoded from the charset it declares
// (charset.go). Files that look binary, or text in another encoding, are skipped with a kind of
// their own (binary.go).
//
// # Walk and Parse
//
// Reading has two halves so that the only sequential part of a run stays cheap. Walk is
// sequential: it lists and opens the inputs, splits JSON Lines into lines, reads whole files,
// and hands out each as a Record (raw bytes, file and line) in a deterministic order; it never
// decodes JSON, so it keeps up with the disk (BenchmarkWalk). Parse is pure and safe for
// concurrent use, so that a pool of workers can run it: UTF-8 repair, JSON decoding (a fast
// scanner, jsonscan.go, checked against encoding/json), HTML text extraction, validation. The
// only goroutines Walk starts decompress a stream ahead of the line splitting (gzip's inflater,
// zstd's decoder: decompress.go); they stop before the stream's file is closed.
//
// Memory stays bounded whatever the input: a JSON line is kept only up to MaxDocBytes plus
// 64 KiB, a file only up to MaxDocBytes; past that, the rest is counted and skipped.
//
// # Errors
//
// One bad record does not stop a read: it is reported as a *RecordError naming its file and
// line, with a RecordKind that summaries count it by and code switches on, and reading goes on.
// Some records are kept with a warning (repaired UTF-8, a date that does not parse). Check finds
// the inputs that cannot be opened at all, each an *OpenError, before anything is read.
package input
