package main

import (
	"bytes"
	"embed"
	"fmt"
	"net/http"
	"path"
	"strings"

	"github.com/neardup/neardup/report"
)

// The page at / and its script and style sheet, embedded. It shows check's results as check's
// HTML page does (report.CheckHTML): the server answers a draft with that page (format=html), and
// the page's script moves its results in, with the report's style sheet and script served beside
// it as files, so that the page's policy can allow scripts and styles from the server alone.
//
//go:embed serve/index.html serve/page.js serve/page.css
var pageFS embed.FS

// pageCSP is the page's Content-Security-Policy: nothing from anywhere but the server itself,
// no inline script or style.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

type asset struct {
	contentType string
	body        []byte
}

// pageAssets are the page's files by name ("" is the page): its own, and report.css and report.js,
// the style sheets and the script of check's HTML page.
func pageAssets() (map[string]asset, error) {
	out := map[string]asset{}
	for name, typ := range map[string]string{"index.html": "text/html; charset=utf-8",
		"page.js": "text/javascript; charset=utf-8", "page.css": "text/css; charset=utf-8"} {
		b, err := pageFS.ReadFile("serve/" + name)
		if err != nil {
			return nil, err
		}
		if name == "index.html" {
			name = ""
		}
		out[name] = asset{typ, b}
	}
	var page bytes.Buffer
	c := report.NewCheckHTML(&page, report.CheckHTMLOptions{})
	if err := c.Close(); err != nil {
		return nil, err
	}
	var css []string
	for rest := page.String(); ; {
		_, after, ok := strings.Cut(rest, "<style>")
		if !ok {
			break
		}
		in, tail, ok := strings.Cut(after, "</style>")
		if !ok {
			break
		}
		css, rest = append(css, in), tail
	}
	_, after, _ := strings.Cut(page.String(), "<script>")
	js, _, ok := strings.Cut(after, "</script>")
	if len(css) == 0 || !ok {
		return nil, fmt.Errorf("serve: check's page has no style or script")
	}
	out["report.css"] = asset{"text/css; charset=utf-8", []byte(strings.Join(css, "\n"))}
	out["report.js"] = asset{"text/javascript; charset=utf-8", []byte(js)}
	return out, nil
}

// asset serves the page (/) and its files (/assets/NAME).
func (s *server) asset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	a, ok := s.assets[name]
	if !ok || (name != "" && path.Base(name) != name) {
		s.fail(w, http.StatusNotFound, "no such file: %s", r.URL.Path)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
	w.Write(a.body)
}
