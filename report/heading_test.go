package report

import (
	"bytes"
	"slices"
	"strconv"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/neardup/neardup/pipeline"
)

// TestHeadingOrder: in the check page and in the scan report, with every pair's body in place
// (as opening the pair puts it), no heading is more than one level below the heading before
// it: axe-core's heading-order. The check page had h4 sections under each draft's h2, and the
// scan report a near-duplicate's "What changed" as an h5 under the pairs' h2.
func TestHeadingOrder(t *testing.T) {
	pages := []struct {
		name string
		out  []byte
	}{
		{"check", renderCheck(t, checkDrafts(t), Gate{})},
		{"scan", renderHTML(t, scan(t, pipeline.Options{}, sampleDir), HTMLOptions{})},
	}
	for _, pg := range pages {
		levels := headingLevels(parsePage(t, pg.out).root)
		if !slices.Contains(levels, 3) || len(levels) < 4 {
			t.Errorf("%s page: headings %v: too few to tell", pg.name, levels)
		}
		if pg.name == "scan" && !bytes.Contains(pg.out, []byte("What changed")) {
			t.Errorf("%s page: no pair says what changed", pg.name)
		}
		for i := 1; i < len(levels); i++ {
			if levels[i] > levels[i-1]+1 {
				t.Errorf("%s page: heading %d is h%d after an h%d (headings %v)", pg.name, i+1, levels[i], levels[i-1], levels)
				break
			}
		}
	}
}

// headingLevels returns the levels of the headings under n, in document order (template
// contents included), an aria-level overriding the element's.
func headingLevels(n *html.Node) []int {
	var out []int
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				level := int(n.Data[1] - '0')
				if v, err := strconv.Atoi(attr(n, "aria-level")); err == nil {
					level = v
				}
				out = append(out, level)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}
