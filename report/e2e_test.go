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
	"regexp"
	"slices"
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
	// (a pane is known by its document, not by what it shows: other articles of the library's
	// outlet name the library too, in the outlet's boilerplate)
	xss := 0
	for n, pr := range pairOrder(res) {
		for side, doc := range map[string]string{"a": pr.A, "b": pr.B} {
			want, err := res.Text(doc)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(want, xssPayloads[0]) {
				continue
			}
			xss++
			id := fmt.Sprintf("p%d-%s", n+1, side)
			for _, s := range xssPayloads {
				if !strings.Contains(p.texts[id], s) {
					t.Errorf("pane %s (%s) does not show %q as text", id, doc, s)
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

	// A click on an occurrence of a shared passage opens a pair that holds it and focuses the
	// passage there; so does a second click on it once the pair is closed again.
	occ, href := occurrenceLink(t, res, path)
	m := occHref.FindStringSubmatch(href)
	n, _ = strconv.Atoi(m[1])
	side := m[2]
	k, _ = strconv.Atoi(m[3])
	doc, err := res.Text(occ.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, dom := range clickOccurrence(t, path, href) {
		t.Run(fmt.Sprintf("click-%d", i+1), func(t *testing.T) {
			p := parsePage(t, dom)
			var open []string
			for _, d := range elements(p.root, atom.Details) {
				if _, ok := attrOK(d, "open"); ok {
					open = append(open, attr(d, "data-pair"))
				}
			}
			if !slices.Equal(open, []string{strconv.Itoa(n)}) {
				t.Errorf("%s: pairs open %v, want %d alone", href, open, n)
			}
			first := byID(p.root)[href[1:]]
			if first == nil || !hasClass(first, "focus") {
				t.Fatalf("%s: its mark is not in the DOM, or not focused", href)
			}
			focused := map[string]string{}
			for _, mk := range elements(p.root, atom.Mark) {
				if hasClass(mk, "focus") {
					if attr(mk, "data-passage") != strconv.Itoa(k) {
						t.Errorf("%s: mark of passage %s focused", href, attr(mk, "data-passage"))
					}
					pane := mk.Parent
					for pane != nil && attr(pane, "class") != "text" {
						pane = pane.Parent
					}
					if pane != nil {
						focused[attr(pane, "data-side")] += textOf(mk)
					}
				}
			}
			// the passage focused on the occurrence's side is in the occurrence
			if got := focused[side]; got == "" || !strings.Contains(doc[occ.Start:occ.End], got) {
				t.Errorf("%s: focused on side %s %q, not in the occurrence %q", href, side, got, doc[occ.Start:occ.End])
			}
			if len(focused) != 2 {
				t.Errorf("%s: focused marks on sides %v, want both", href, focused)
			}
		})
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

// occurrenceLink returns an occurrence of a cluster's shared passage whose link, in the report
// at path, goes to a pair's passage other than its first (so that focusing the first would not
// pass), and that link.
func occurrenceLink(t *testing.T, res *pipeline.Result, path string) (pipeline.Occurrence, string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	anchor := regexp.MustCompile(`^cluster-(\d+)-passage-(\d+)$`)
	for _, li := range elements(parsePage(t, b).root, atom.Li) {
		m := anchor.FindStringSubmatch(attr(li, "id"))
		if m == nil {
			continue
		}
		c, _ := strconv.Atoi(m[1])
		sp, _ := strconv.Atoi(m[2])
		for _, ul := range children(li, atom.Ul) {
			for i, o := range children(ul, atom.Li) {
				for _, a := range elements(o, atom.A) {
					if h := occHref.FindStringSubmatch(attr(a, "href")); h != nil && h[3] != "1" {
						return res.Clusters[c-1].Passages[sp-1].Occurrences[i], h[0]
					}
				}
			}
		}
	}
	t.Fatalf("no occurrence links to a passage other than its pair's first")
	return pipeline.Occurrence{}, ""
}

// clickOccurrence opens the report at path in a frame of a page of our own, next to it (with
// --allow-file-access-from-files the page's script may reach into the frame), clicks the link
// href there, then closes every pair and clicks it again (a link to the hash already current),
// and returns the report's DOM after each click.
func clickOccurrence(t *testing.T, path, href string) [][]byte {
	t.Helper()
	frame := filepath.Join(filepath.Dir(path), "click.html")
	page := `<!DOCTYPE html><meta charset="utf-8"><iframe id="f" src="` + filepath.Base(path) + `" width="1400" height="900"></iframe>
<pre id="dom-1"></pre><pre id="dom-2"></pre>
<script>
var f = document.getElementById("f"), href = ` + strconv.Quote(href) + `;
f.onload = function () {
  var d = f.contentDocument, a = d.querySelector('a.occ-link[href="' + href + '"]');
  a.click();
  setTimeout(function () {
    document.getElementById("dom-1").textContent = d.documentElement.outerHTML;
    d.querySelectorAll("details.pair").forEach(function (x) { x.open = false; });
    d.querySelectorAll("mark.focus").forEach(function (m) { m.classList.remove("focus"); });
    a.click();
    setTimeout(function () { document.getElementById("dom-2").textContent = d.documentElement.outerHTML; }, 500);
  }, 500);
};
</script>
`
	if err := os.WriteFile(frame, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	ids := byID(parsePage(t, chromium(t, "--allow-file-access-from-files", "--virtual-time-budget=3000", "--dump-dom", "file://"+frame)).root)
	var doms [][]byte
	for _, id := range []string{"dom-1", "dom-2"} {
		pre := ids[id]
		if pre == nil || textOf(pre) == "" {
			t.Fatalf("the frame's DOM was not dumped into #%s: did the click page's script run?", id)
		}
		doms = append(doms, []byte(textOf(pre)))
	}
	return doms
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
