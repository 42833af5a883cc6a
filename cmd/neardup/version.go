package main

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// version describes the binary from its build info: "neardup v1.2.0 (3f2a1c9e0b4d, 2025-05-01T10:00:00Z)
// go1.26.8 linux/amd64"; a build from a work tree says "(devel)", and "modified" when it had
// uncommitted changes. Builds made with -buildvcs=false carry no revision.
func version() string {
	bi, _ := debug.ReadBuildInfo()
	return versionOf(bi)
}

// versionOf is version for build info bi, which may be nil.
func versionOf(bi *debug.BuildInfo) string {
	v, rev, when, modified := "(devel)", "", "", false
	if bi != nil {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value[:min(12, len(s.Value))]
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	var b strings.Builder
	b.WriteString("neardup " + v)
	if rev != "" {
		b.WriteString(" (" + rev)
		if when != "" {
			b.WriteString(", " + when)
		}
		if modified {
			b.WriteString(", modified")
		}
		b.WriteString(")")
	}
	b.WriteString(" " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH)
	return b.String()
}
