// The API of github.com/markusmobius/go-htmldate that go-trafilatura compiles against, without
// its date parser: neardup's go.mod replaces the real module with this one. See doc.go.
module github.com/markusmobius/go-htmldate

go 1.26.0

require golang.org/x/net v0.62.0
