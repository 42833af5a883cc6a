// Package htmldate stands in for github.com/markusmobius/go-htmldate v1.9.1 in neardup's build
// (go.mod: replace github.com/markusmobius/go-htmldate => ./internal/htmldate).
//
// Why: go-trafilatura imports go-htmldate for its Options types, and go-htmldate imports
// go-dateparser, whose package init builds the date data of 210 locales: about 0.2 s and 78 MB
// allocated at the start of every neardup process, HTML read or not (GODEBUG=inittrace=1). Go
// has no way to link a package without running its init, and go-trafilatura has no build tag
// or sub-package without it, so the module is replaced by this one: the same exported API that
// go-trafilatura uses, and no date finding. neardup calls go-trafilatura with
// HtmlDateMode Disabled and finds the publication date itself (input/published.go), so it
// behaves the same whether this stand-in or the real module is linked (as it is in a program
// that imports neardup's pipeline package without this replace directive).
package htmldate

import (
	"errors"
	"time"

	"golang.org/x/net/html"
)

// Options mirrors go-htmldate's Options, less DateParserConfig (a go-dateparser type).
type Options struct {
	ExtractTime         bool
	UseOriginalDate     bool
	URL                 string
	MinDate             time.Time
	MaxDate             time.Time
	EnableLog           bool
	SkipExtensiveSearch bool
	DeferUrlExtractor   bool
}

// Result mirrors go-htmldate's Result.
type Result struct {
	DateTime    time.Time
	HasTime     bool
	HasTimezone bool
	SrcString   string
}

// IsZero reports whether no date was found.
func (r Result) IsZero() bool { return r.DateTime.IsZero() }

// Format formats the date with layout.
func (r Result) Format(layout string) string { return r.DateTime.Format(layout) }

// ErrNotLinked is what FromDocument returns: this stand-in finds no dates.
var ErrNotLinked = errors.New("htmldate: date finding is not linked into this build")

// FromDocument finds nothing: see the package comment.
func FromDocument(doc *html.Node, opts Options) (Result, error) { return Result{}, ErrNotLinked }
