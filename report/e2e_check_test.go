//go:build e2e

package report

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html/atom"
)

// TestBrowserCheck opens check's page in headless Chromium, as TestBrowser opens the scan
// report: #open-all opens every match beside the draft with each passage highlighted on both
// sides; #pN-a-K focuses passage K of match N on both sides; a click on a passage of the draft's
// list opens its match alone and focuses it; the draft's markup stays text. It saves a screenshot.
func TestBrowserCheck(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no browser at %s (install it with: apt-get install -y chromium; make e2e does): %v", chromiumPath, err)
	}
	drafts := checkDrafts(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "check.html")
	if err := os.WriteFile(path, renderCheck(t, drafts, Gate{FailOver: 0.1, On: true}), 0o644); err != nil {
		t.Fatal(err)
	}
	d := drafts[0]

	p := parsePage(t, chromium(t, "--virtual-time-budget=2000", "--dump-dom", "file://"+path+"#open-all"))
	if len(p.pairs) != len(d.Matches) {
		t.Fatalf("%d pairs in the DOM, want %d", len(p.pairs), len(d.Matches))
	}
	for _, det := range elements(p.root, atom.Details) {
		if _, open := attrOK(det, "open"); !open {
			t.Errorf("pair %s not opened by #open-all", attr(det, "data-pair"))
		}
		if len(elements(det, atom.Template)) != 0 {
			t.Errorf("pair %s: texts still in a <template>", attr(det, "data-pair"))
		}
	}
	got := map[string]string{}
	for _, m := range p.marks {
		got[fmt.Sprintf("p%d-%s-%d", m.pair, m.side, m.passage)] += m.text
	}
	for i, m := range d.Matches {
		for k, q := range inDraftOrder(m.Pair.Passages) {
			for side, want := range map[string]string{"a": q.AText, "b": q.BText} {
				if id := fmt.Sprintf("p%d-%s-%d", i+1, side, k+1); got[id] != want {
					t.Errorf("%s: highlighted %q, want %q", id, got[id], want)
				}
			}
		}
	}
	if n := len(elements(p.root, atom.Script)); n != 1 {
		t.Errorf("%d <script> elements in the DOM, want our 1", n)
	}
	if n := len(elements(p.root, atom.Img)); n != 0 {
		t.Errorf("%d <img> elements in the DOM, want 0", n)
	}
	if !strings.Contains(p.texts["p1-a"], "<script>alert(1)</script>") {
		t.Error("the draft's markup is not shown as text")
	}

	// #p1-a-K focuses passage K of the first match, on both sides
	k := len(d.Matches[0].Pair.Passages)
	p = parsePage(t, chromium(t, "--virtual-time-budget=2000", "--dump-dom", fmt.Sprintf("file://%s#p1-a-%d", path, k)))
	sides := map[string]bool{}
	for _, m := range elements(p.root, atom.Mark) {
		if hasClass(m, "focus") {
			if attr(m, "data-passage") != strconv.Itoa(k) {
				t.Errorf("mark of passage %s focused, want %d", attr(m, "data-passage"), k)
			}
			for pane := m.Parent; pane != nil; pane = pane.Parent {
				if attr(pane, "class") == "text" {
					sides[attr(pane, "data-side")] = true
				}
			}
		}
	}
	if !sides["a"] || !sides["b"] {
		t.Errorf("#p1-a-%d: focused on sides %v, want a and b", k, sides)
	}

	// a click on the last passage of the draft's list opens its match alone and focuses it
	href := fmt.Sprintf("#p%d-a-%d", len(d.Matches), len(d.Matches[len(d.Matches)-1].Pair.Passages))
	for i, dom := range clickOccurrence(t, path, href) {
		p := parsePage(t, dom)
		var open []string
		for _, det := range elements(p.root, atom.Details) {
			if _, ok := attrOK(det, "open"); ok {
				open = append(open, attr(det, "data-pair"))
			}
		}
		if want := []string{strconv.Itoa(len(d.Matches))}; !slices.Equal(open, want) {
			t.Errorf("click %d on %s: pairs open %v, want %v", i+1, href, open, want)
		}
		if m := byID(p.root)[href[1:]]; m == nil || !hasClass(m, "focus") {
			t.Errorf("click %d on %s: its mark is not in the DOM, or not focused", i+1, href)
		}
	}

	shots, err := os.MkdirTemp("", "neardup-e2e-check-")
	if err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(shots, "check-opened.png")
	chromium(t, "--virtual-time-budget=2000", "--screenshot="+png, "--window-size=1400,1800", "file://"+path+"#open-all")
	checkPNG(t, png, 1400, 1800)
	t.Logf("screenshot: %s", png)
	fmt.Println("screenshot:", png)
}
