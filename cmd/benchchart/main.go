// Command benchchart draws the scaling chart of scripts/bench-scan.sh: throughput (MB/s) and peak
// RSS (MB) against corpus size (documents), one line per mode and worker count, as a
// self-contained SVG (no scripts, no fonts to fetch).
//
//	go run ./cmd/benchchart -o out/bench/scaling.svg out/bench/scan.tsv
//
// The TSV has a header naming at least corpus, docs, mode, workers, run, rss_mb and mb_s; only
// first runs (run 1) are drawn. Corpora named NAME-N (synthetic-20000, synthetic-200000) form one
// family whose points are joined by lines; any other corpus (reuters21578) is a lone marker.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchchart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the SVG to `FILE` (default stdout)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: benchchart [-o FILE] scan.tsv")
		return exitUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "benchchart: %v\n", err)
		return exitFail
	}
	points, err := readTSV(f, fs.Arg(0))
	f.Close()
	if err != nil {
		fmt.Fprintf(stderr, "benchchart: %v\n", err)
		return exitFail
	}
	svg := chart(points)
	if *out == "" {
		_, err = io.WriteString(stdout, svg)
	} else {
		err = os.WriteFile(*out, []byte(svg), 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "benchchart: %v\n", err)
		return exitFail
	}
	return exitOK
}

// point is one first run of the TSV.
type point struct {
	corpus, family, mode string
	workers              int
	docs, mbs, rss       float64
}

// setting names the mode and workers of a point, which choose its colour.
func (p point) setting() string {
	s := "s"
	if p.workers == 1 {
		s = ""
	}
	return fmt.Sprintf("%s, %d worker%s", p.mode, p.workers, s)
}

// series names the line a point belongs to: its family and setting.
func (p point) series() string { return p.family + " " + p.setting() }

// family is a corpus name without a trailing -N (synthetic-20000: synthetic).
func family(corpus string) string {
	if i := strings.LastIndexByte(corpus, '-'); i > 0 {
		if _, err := strconv.Atoi(corpus[i+1:]); err == nil {
			return corpus[:i]
		}
	}
	return corpus
}

func readTSV(r io.Reader, name string) ([]point, error) {
	sc := bufio.NewScanner(r)
	var col map[string]int
	var points []point
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		if col == nil {
			col = make(map[string]int)
			for i, h := range f {
				col[h] = i
			}
			for _, h := range []string{"corpus", "docs", "mode", "workers", "run", "rss_mb", "mb_s"} {
				if _, ok := col[h]; !ok {
					return nil, fmt.Errorf("read %s: no column %q in the header", name, h)
				}
			}
			continue
		}
		if len(f) < len(col) {
			return nil, fmt.Errorf("read %s line %d: %d fields, want %d", name, n, len(f), len(col))
		}
		if f[col["run"]] != "1" {
			continue
		}
		var p point
		p.corpus, p.mode = f[col["corpus"]], f[col["mode"]]
		p.family = family(p.corpus)
		var errs [4]error
		p.workers, errs[0] = strconv.Atoi(f[col["workers"]])
		p.docs, errs[1] = strconv.ParseFloat(f[col["docs"]], 64)
		p.mbs, errs[2] = strconv.ParseFloat(f[col["mb_s"]], 64)
		p.rss, errs[3] = strconv.ParseFloat(f[col["rss_mb"]], 64)
		if err := errors.Join(errs[:]...); err != nil {
			return nil, fmt.Errorf("read %s line %d: %w", name, n, err)
		}
		points = append(points, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(points) == 0 {
		return nil, fmt.Errorf("read %s: no first runs to draw", name)
	}
	return points, nil
}

// niceStep is a tick step of 1, 2 or 5 times a power of ten giving about n ticks up to max.
func niceStep(max float64, n int) float64 {
	if max <= 0 {
		return 1
	}
	raw := max / float64(n)
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw {
			return m * pow
		}
	}
	return 10 * pow
}

// label formats a tick value: 200000 as 200k, 1.5 as 1.5.
func label(v float64) string {
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 10, 64), 64) // 3*0.2 is 0.6
	switch {
	case v >= 1e6 && math.Mod(v, 1e5) == 0:
		return strconv.FormatFloat(v/1e6, 'f', -1, 64) + "M"
	case v >= 1e3 && math.Mod(v, 100) == 0:
		return strconv.FormatFloat(v/1e3, 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"}

const (
	panelW, panelH = 460, 300 // plot area of one panel
	marginL        = 70
	marginT        = 50
	gap            = 110 // between the panels
	legendH        = 22  // per legend row
)

// chart draws the two panels side by side and a legend below them.
func chart(points []point) string {
	var names []string
	color := map[string]string{} // setting -> colour
	lone := map[string]bool{}    // corpora outside a family
	for _, p := range points {
		if _, ok := color[p.setting()]; !ok {
			color[p.setting()] = ""
			names = append(names, p.setting())
		}
		if p.family == p.corpus {
			lone[p.corpus] = true
		}
	}
	sort.Strings(names)
	for i, n := range names {
		color[n] = palette[i%len(palette)]
	}
	width := marginL + 2*panelW + gap + 30
	height := marginT + panelH + 60 + legendH*(len(names)+1) + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="22" font-size="15" font-weight="bold">neardup scan: throughput and peak memory against corpus size</text>`+"\n", marginL)
	panel(&b, points, color, marginL, "throughput (MB/s of text)", func(p point) float64 { return p.mbs })
	panel(&b, points, color, marginL+panelW+gap, "peak RSS (MB)", func(p point) float64 { return p.rss })
	y := marginT + panelH + 60
	for _, n := range names {
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>`, marginL, y-4, marginL+24, y-4, color[n])
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", marginL+32, y, html.EscapeString(n))
		y += legendH
	}
	shapes := "● a corpus family (NAME-N, joined by lines)"
	if len(lone) > 0 {
		shapes += "; □ another corpus"
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#555">%s</text>`+"\n", marginL, y, html.EscapeString(shapes))
	b.WriteString("</svg>\n")
	return b.String()
}

// panel draws one plot of value against documents at x0: axes, ticks, a line per family series
// and the points, each labelled with its corpus on hover (title).
func panel(b *strings.Builder, points []point, color map[string]string, x0 int, title string, value func(point) float64) {
	maxX, maxY := 0.0, 0.0
	for _, p := range points {
		maxX, maxY = math.Max(maxX, p.docs), math.Max(maxY, value(p))
	}
	stepX, stepY := niceStep(maxX, 5), niceStep(maxY, 5)
	topX, topY := math.Ceil(maxX/stepX)*stepX, math.Ceil(maxY/stepY)*stepY
	if topY == 0 {
		topY = 1
	}
	if topX == 0 {
		topX = 1
	}
	px := func(v float64) float64 { return float64(x0) + v/topX*panelW }
	py := func(v float64) float64 { return float64(marginT+panelH) - v/topY*panelH }
	fmt.Fprintf(b, `<text x="%d" y="%d" font-weight="bold">%s</text>`+"\n", x0, marginT-12, html.EscapeString(title))
	for v := 0.0; v <= topY+stepY/2; v += stepY {
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`, x0, py(v), x0+panelW, py(v))
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", x0-6, py(v)+4, label(v))
	}
	for v := 0.0; v <= topX+stepX/2; v += stepX {
		fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`, px(v), marginT, px(v), marginT+panelH)
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", px(v), marginT+panelH+16, label(v))
	}
	fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#444"/>`+"\n", x0, marginT, panelW, panelH)
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle">documents</text>`+"\n", x0+panelW/2, marginT+panelH+36)

	named := map[string]bool{}
	bySeries := map[string][]point{}
	var names []string
	for _, p := range points {
		if _, ok := bySeries[p.series()]; !ok {
			names = append(names, p.series())
		}
		bySeries[p.series()] = append(bySeries[p.series()], p)
	}
	sort.Strings(names)
	for _, n := range names {
		ps := bySeries[n]
		sort.Slice(ps, func(i, j int) bool { return ps[i].docs < ps[j].docs })
		if len(ps) > 1 {
			var coords []string
			for _, p := range ps {
				coords = append(coords, fmt.Sprintf("%.1f,%.1f", px(p.docs), py(value(p))))
			}
			fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(coords, " "), color[ps[0].setting()])
		}
		for _, p := range ps {
			c := color[p.setting()]
			tip := html.EscapeString(fmt.Sprintf("%s, %s, %d workers: %s", p.corpus, p.mode, p.workers, label(math.Round(value(p)*10)/10)))
			if p.family != p.corpus { // a family member: a dot
				fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"><title>%s</title></circle>`+"\n", px(p.docs), py(value(p)), c, tip)
			} else { // a lone corpus: a hollow square, named
				fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="8" height="8" fill="white" stroke="%s" stroke-width="2"><title>%s</title></rect>`+"\n",
					px(p.docs)-4, py(value(p))-4, c, tip)
				if !named[p.corpus] {
					named[p.corpus] = true
					x, anchor := px(p.docs)+7, "start"
					if x > float64(x0)+0.7*panelW { // near the right edge: name it on the left
						x, anchor = px(p.docs)-7, "end"
					}
					fmt.Fprintf(b, `<text x="%.1f" y="%.1f" font-size="10" fill="#555" text-anchor="%s">%s</text>`+"\n",
						x, py(value(p))-6, anchor, html.EscapeString(p.corpus))
				}
			}
		}
	}
}
