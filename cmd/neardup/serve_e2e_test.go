//go:build e2e

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The articles the page's test indexes: prose of our own, four paragraphs each.
var e2eArticles = map[string]string{
	"harbour/ferry.txt": `Island ferry suspended after inspectors find cracked hull plates

The only ferry linking Marrow Island to the mainland was taken out of service on Tuesday after a routine inspection found cracks in three hull plates below the waterline, leaving about nine hundred residents without a regular crossing for at least a month.

The harbour authority said the vessel, which has made the forty-minute crossing four times a day since 1998, would go to the dry dock at Penhallow for repairs that could take five weeks. A chartered fishing boat will carry passengers twice a day, but it cannot take cars, freight or livestock.

Shopkeepers on the island said deliveries of fresh food had already stopped. The council has asked the regional government for an emergency grant to fly medicines and post across on a light aircraft that usually serves the summer trade.

Residents will meet the harbour master in the village hall on Thursday evening. The authority said a replacement hull would cost more than the ferry is worth and that the island's long-promised new vessel is still two years away.`,
	"valley/orchard.txt": `Late frost costs valley orchards half their apple crop

Growers across the upper valley lost roughly half of this year's apple blossom to a hard frost in the last week of April, the regional growers' cooperative said, and some orchards on lower ground lost almost all of it.

Temperatures fell to minus four degrees for several hours on two consecutive nights, just as the early varieties came into full bloom. Wind machines and sprinklers saved part of the crop on the larger farms, but most smaller growers have neither.

The cooperative expects the harvest to be the smallest in twenty years and has warned buyers that juice pressing may stop early in October. Seasonal pickers who come every autumn have been told to expect three weeks of work instead of eight.`,
	"city/library.txt": `City library to open on Sundays after readers' petition

The central library will open on Sunday afternoons from next month after more than four thousand residents signed a petition asking for longer hours, the city's culture committee decided on Monday.

The library will open from noon until five, staffed by volunteers from the friends' association alongside two paid librarians. The committee said the extra hours would cost about forty thousand a year, paid for by closing the branch reading room at the old station, which few people use.

Students were among the strongest supporters of the change, saying the building is the only quiet place in the centre with free internet and heating during the winter exam season.`,
}

// TestBrowserServe starts neardup serve on an index of our articles, pastes in the page a draft
// that copies two paragraphs of one of them, submits it with the keyboard, and checks from the
// DOM that the source, its coverage and both passages, highlighted in the draft and in the
// source, appear as the JSON answer gives them; that the page asked nothing of any other server;
// and that axe-core finds no violation. It saves a screenshot under out/.
func TestBrowserServe(t *testing.T) {
	const chromiumPath = "/usr/bin/chromium"
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("no browser at %s (make e2e installs it): %v", chromiumPath, err)
	}
	axePath := os.Getenv("NEARDUP_AXE")
	if axePath == "" {
		axePath = "../../out/e2e/node_modules/axe-core/axe.min.js"
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Skipf("no axe-core (make e2e installs it under out/e2e, or set NEARDUP_AXE): %v", err)
	}

	dir := t.TempDir()
	for name, text := range e2eArticles {
		path := filepath.Join(dir, "in", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	idx := filepath.Join(dir, "news.ndx")
	if code, _, errs := cli(t, "", "index", "add", "--quiet", "--index", idx, filepath.Join(dir, "in")); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	paras := strings.Split(e2eArticles["harbour/ferry.txt"], "\n\n")
	draft := "Marrow Island cut off as ferry fails inspection\n\nOur reporter spent the day at the harbour, where the mood was grim and the queue for the fishing boat was long before dawn.\n\n" +
		paras[1] + "\n\nOne shopkeeper said she had never seen the shelves so empty in thirty years of trading.\n\n" + paras[2] +
		"\n\nThe council meets again next week.\n"

	base, stop := startServe(t, idx)
	defer stop()

	// what the page must show: the answer of the API for the same draft
	status, body := post(t, base+"/v1/check", "text/plain", []byte(draft))
	if status != 200 {
		t.Fatalf("POST /v1/check: %d %s", status, body)
	}
	var want struct {
		MaxCoverage float64 `json:"max_coverage"`
		Matches     []struct {
			ID, Title     string
			CoverageDraft float64 `json:"coverage_draft"`
			Passages      []struct {
				DraftText   string `json:"draft_text"`
				IndexedText string `json:"indexed_text"`
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatal(err)
	}
	if len(want.Matches) != 1 || want.Matches[0].ID != "harbour/ferry.txt" || len(want.Matches[0].Passages) != 2 {
		t.Fatalf("the API finds %s, want harbour/ferry.txt with two passages", body)
	}
	m := want.Matches[0]

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromiumPath), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1400, 1800),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	var mu sync.Mutex
	var requests []string
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	}))
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatalf("Chromium: %v", err)
	}
	ctx, cancel = context.WithTimeout(ctx, 2*time.Minute) // a bound on the test, not an assertion
	defer cancel()
	summary := chromedp.CSS("#result details.pair > summary")
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("draft")),
		// every violation of the page's policy from here on (a style attribute moved in, say)
		chromedp.Evaluate[chromedp.Void](`window.cspViolations = []; document.addEventListener("securitypolicyviolation",
			e => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sample)); undefined`),
		chromedp.SetValue(chromedp.ID("draft"), draft),
		// submit with the keyboard, then open the pair with it: its summary, then Enter
		chromedp.Focus(chromedp.ID("submit")),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(summary),
		chromedp.Focus(summary),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#result details.pair[open] .text[data-side="b"] mark`)),
	)
	if err != nil {
		t.Fatalf("the page in Chromium: %v", err)
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	marks := func(side string) []string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](marksJS(side)))
		if err != nil {
			t.Fatalf("marks: %v", err)
		}
		return v
	}
	source := text("#result table.members tbody tr td:nth-child(3) a")
	shared := text("#result table.members tbody tr td:nth-child(1)")
	statusText := text("#status")
	marksA, marksB := marks("a"), marks("b")
	if source != m.Title {
		t.Errorf("the page names the source %q, want %q", source, m.Title)
	}
	if wantPct := fmt.Sprintf("%.0f%%", 100*m.CoverageDraft); shared != wantPct {
		t.Errorf("the page gives its coverage as %q, want %q", shared, wantPct)
	}
	if !strings.Contains(statusText, "1 indexed article share") {
		t.Errorf("the status says %q", statusText)
	}
	for i, q := range m.Passages {
		if at(marksA, i) != q.DraftText {
			t.Errorf("passage %d highlighted in the draft: %q, want %q", i+1, at(marksA, i), q.DraftText)
		}
		if at(marksB, i) != q.IndexedText {
			t.Errorf("passage %d highlighted in the source: %q, want %q", i+1, at(marksB, i), q.IndexedText)
		}
	}
	if w, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#result .bar > span").style.width`)); err != nil || !strings.HasSuffix(w, "%") {
		t.Errorf("the coverage bar's width is %q (%v), want a percentage", w, err)
	}
	if len(marksA) != len(m.Passages) {
		t.Errorf("%d passages highlighted in the draft, want %d", len(marksA), len(m.Passages))
	}

	// content-visibility: auto leaves what is below the window unpainted in a full-page shot
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll(".cluster, details.pair").forEach(e => e.style.contentVisibility = "visible");
		new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join("..", "..", "out", "serve-e2e.png")
	if err := os.MkdirAll(filepath.Dir(shot), 0o755); err == nil {
		if err := os.WriteFile(shot, png, 0o644); err != nil {
			t.Fatal(err)
		}
		abs, _ := filepath.Abs(shot)
		t.Logf("screenshot: %s", abs)
	}

	// axe-core, injected into the page with the results shown and the pair open
	type violation struct {
		ID, Impact, Help string
		Nodes            []struct{ Target []any }
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+"\n;true")); err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](`axe.run(document).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	for _, v := range violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target...))
		}
		t.Errorf("axe-core: %s (%s): %s: %s", v.ID, v.Impact, v.Help, strings.Join(where, "; "))
	}

	// upload: the same paragraphs in an HTML file, chosen in the file input
	htmlDraft := filepath.Join(dir, "draft.html")
	page := "<!DOCTYPE html><html><head><title>Ferry</title></head><body><article><h1>Marrow Island cut off</h1>\n<p>" +
		paras[1] + "</p>\n<p>A line of the reporter's own, about the queue at the harbour.</p>\n<p>" + paras[2] + "</p></article></body></html>\n"
	if err := os.WriteFile(htmlDraft, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("clear")),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{htmlDraft}),
	)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("status").textContent.startsWith("Loaded draft.html")`)); err != nil {
		t.Fatalf("upload: the page never said the file was loaded: %v (status %q)", err, text("#status"))
	}
	if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("format").value + " " + document.getElementById("draft-id").value`)); got != "html draft.html" {
		t.Errorf("after the upload, format and id are %q, want html and the file's name", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("submit")),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS("#result table.members")),
	)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	// the new result's text as written (textContent): its clusters have content-visibility:
	// auto, and the rendered text (innerText, chromedp.Text) of one not painted yet was empty
	// now and then on a loaded CI machine
	written := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(`+strconv.Quote(sel)+`) || {textContent: ""}).textContent`))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	if got := written("#result table.members tbody tr td:nth-child(3) a"); got != m.Title {
		t.Errorf("the uploaded HTML draft: the page names the source %q, want %q", got, m.Title)
	}
	if got := written("#result ul.passages"); strings.Count(got, "words") != 2 {
		t.Errorf("the uploaded HTML draft: passages %q, want two", got)
	}

	if v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.cspViolations`)); err != nil || len(v) > 0 {
		t.Errorf("the page broke its Content-Security-Policy: %q (%v)", v, err)
	}

	mu.Lock()
	for _, u := range requests {
		if !strings.HasPrefix(u, base+"/") {
			t.Errorf("the page asked %s, beyond the server", u)
		}
	}
	mu.Unlock()
}

// marksJS returns the text of each passage highlighted on one side of the first pair, by passage
// number (a passage's marks joined).
func marksJS(side string) string {
	return `(() => { const by = []; document.querySelectorAll('#result details.pair .text[data-side="` + side + `"] mark[data-passage]').forEach(m => {
		const n = Number(m.dataset.passage) - 1; by[n] = (by[n] || "") + m.textContent; }); return by; })()`
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// startServe runs neardup serve on a free loopback port; stop ends it as SIGINT does.
func startServe(t *testing.T, idx string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--index", idx, "--addr", "127.0.0.1:0"}, nil, io.Discard, pw)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatal("serve printed nothing")
	}
	addr := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(lines.Text())
	if addr == nil {
		t.Fatalf("serve printed %q", lines.Text())
	}
	logged := make(chan struct{})
	go func() {
		defer close(logged)
		for lines.Scan() {
			t.Log(lines.Text())
		}
	}()
	return "http://" + addr[1], func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("serve exited %d", code)
		}
		<-logged
	}
}
