//go:build e2e

package report

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/neardup/neardup/pipeline"
)

// chromiumPath is where Debian's chromium package (apt-get install -y chromium) puts the browser.
const chromiumPath = "/usr/bin/chromium"

// chromiumFlags run the browser headless, without a sandbox (we run as root in CI containers) and
// without any traffic of its own: the report must not need the network, and must not get it.
var chromiumFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"}

// chromium runs the browser with a fresh profile and returns its standard output.
func chromium(t *testing.T, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args = append(append(append([]string{}, chromiumFlags...), "--user-data-dir="+t.TempDir()), args...)
	cmd := exec.CommandContext(ctx, chromiumPath, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

func writeReport(t *testing.T, dir, name string, res *pipeline.Result) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, renderHTML(t, res, HTMLOptions{Title: "neardup: sample"}), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBrowser opens the sample's report in headless Chromium: with every pair opened by the
// page's own script (#open-all), the DOM must hold a highlight for every passage on both sides,
// and the articles that quote script and onerror markup must show it as text. It then saves
// screenshots, kept for people to look at, and prints where.
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no browser at %s (install it with: apt-get install -y chromium; make e2e does): %v", chromiumPath, err)
	}
	res := scan(t, pipeline.Options{}, sampleDir)
	path := writeReport(t, t.TempDir(), "sample.html", res)

	dom := chromium(t, "--virtual-time-budget=2000", "--dump-dom", "file://"+path+"#open-all")
	p := parsePage(t, dom)
	if len(p.pairs) != res.Stats.Pairs {
		t.Fatalf("%d pairs in the DOM, want %d", len(p.pairs), res.Stats.Pairs)
	}
	// The script ran: every pair is open and its texts are DOM, not inert template content
	// (which parsePage would also read).
	for _, d := range elements(p.root, atom.Details) {
		if _, open := attrOK(d, "open"); !open {
			t.Errorf("pair %s not opened by #open-all", attr(d, "data-pair"))
		}
		if n := len(elements(d, atom.Template)); n != 0 {
			t.Errorf("pair %s: texts still in a <template>", attr(d, "data-pair"))
		}
	}
	checkPassages(t, res, p, res.Stats.Pairs)

	// The library articles' markup is text: no element came from it, and it reads as written.
	if n := len(elements(p.root, atom.Script)); n != 1 {
		t.Errorf("%d <script> elements in the DOM, want our 1", n)
	}
	if n := len(elements(p.root, atom.Img)); n != 0 {
		t.Errorf("%d <img> elements in the DOM, want 0", n)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s %s=%q> in the DOM", n.Data, a.Key, a.Val)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.root)
	xss := 0
	for id, text := range p.texts {
		if strings.Contains(text, "Tamsin Valley") {
			xss++
			for _, s := range xssPayloads {
				if !strings.Contains(text, s) {
					t.Errorf("pane %s does not show %q as text", id, s)
				}
			}
		}
	}
	if xss == 0 {
		t.Errorf("no pane shows the library articles")
	}

	// #pN-a-K opens pair N and focuses its passage K on both sides, as a click on a highlight does.
	n, k := busiestPair(res)
	dom = chromium(t, "--virtual-time-budget=2000", "--dump-dom", fmt.Sprintf("file://%s#p%d-a-%d", path, n, k))
	p = parsePage(t, dom)
	focused := map[string]int{}
	for _, m := range elements(p.root, atom.Mark) {
		if class := " " + attr(m, "class") + " "; strings.Contains(class, " focus ") {
			if attr(m, "data-passage") != strconv.Itoa(k) {
				t.Errorf("mark of passage %s focused, want only passage %d", attr(m, "data-passage"), k)
			}
			if !strings.Contains(class, " flash ") {
				t.Errorf("focused mark %q does not flash", textOf(m))
			}
			pane := m.Parent
			for pane != nil && attr(pane, "class") != "text" {
				pane = pane.Parent
			}
			if pane != nil {
				focused[attr(pane, "data-side")]++
			}
		}
	}
	if focused["a"] == 0 || focused["b"] == 0 {
		t.Errorf("#p%d-a-%d: focused marks by side %v, want some on a and b", n, k, focused)
	}

	// Screenshots: the report as it opens, and the library pair opened on its own page.
	shots, err := os.MkdirTemp("", "neardup-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	one := *res
	one.Clusters = nil
	for _, c := range res.Clusters {
		for _, m := range c.Members {
			if m.ID == "morning-ledger/library-website-defaced.txt" {
				one.Clusters = append(one.Clusters, c)
			}
		}
	}
	one.Stats.PairsBy = map[pipeline.Relation]int{}
	for _, c := range one.Clusters {
		for _, pr := range c.Pairs {
			one.Stats.PairsBy[pr.Relation]++
		}
	}
	pairPath := writeReport(t, shots, "library-pair.html", &one)
	for _, s := range []struct{ png, url string }{
		{"overview.png", "file://" + path},
		// #open-all rather than #pair-1: headless Chromium paints a scrolled viewport blank.
		{"pair-opened.png", "file://" + pairPath + "#open-all"},
	} {
		png := filepath.Join(shots, s.png)
		chromium(t, "--virtual-time-budget=2000", "--screenshot="+png, "--window-size=1400,1800", s.url)
		checkPNG(t, png, 1400, 1800)
		t.Logf("screenshot: %s", png)
		fmt.Println("screenshot:", png)
	}
}

// busiestPair returns the number of the pair with the most passages, and its last passage.
func busiestPair(res *pipeline.Result) (pair, passage int) {
	n, most := 0, 0
	for _, c := range res.Clusters {
		for _, p := range c.Pairs {
			if n++; len(p.Passages) > most {
				pair, most = n, len(p.Passages)
			}
		}
	}
	return pair, most
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func checkPNG(t *testing.T, path string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	if cfg.Width != w || cfg.Height != h {
		t.Errorf("screenshot %s is %dx%d, want %dx%d", path, cfg.Width, cfg.Height, w, h)
	}
}
