package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const tsv = "corpus\tdocs\tinput_mb\tmode\tworkers\trun\twall_s\trss_mb\tmb_s\tdocs_s\n" +
	"reuters21578\t19043\t15.8\tdefault\t2\t1\t3.10\t180.2\t5.10\t6143\n" +
	"synthetic-20000\t20000\t64.7\tdefault\t1\t1\t30.00\t200.0\t2.16\t667\n" +
	"synthetic-20000\t20000\t64.7\tdefault\t2\t1\t19.00\t210.0\t3.41\t1053\n" +
	"synthetic-20000\t20000\t64.7\tdefault\t2\t2\t19.50\t210.0\t3.32\t1026\n" +
	"synthetic-200000\t200000\t647.0\tdefault\t1\t1\t300.00\t900.0\t2.16\t667\n" +
	"synthetic-200000\t200000\t647.0\tdefault\t2\t1\t190.00\t950.0\t3.41\t1053\n"

func TestChart(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "scan.tsv"), filepath.Join(dir, "scaling.svg")
	if err := os.WriteFile(in, []byte(tsv), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if code := run([]string{"-o", out, in}, io.Discard, &stderr); code != exitOK {
		t.Fatalf("benchchart: exit %d: %s", code, stderr.String())
	}
	svg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, svg)
		}
	}
	s := string(svg)
	// two synthetic lines (1 and 2 workers) per panel; the Reuters point a square, named once per panel
	if n := strings.Count(s, "<polyline"); n != 4 {
		t.Errorf("%d polylines, want 4", n)
	}
	if n := strings.Count(s, "<circle"); n != 8 {
		t.Errorf("%d circles, want 8 (first runs of the synthetic corpora, in two panels)", n)
	}
	if n := strings.Count(s, "\">reuters21578</text>"); n != 2 {
		t.Errorf("reuters21578 named %d times, want 2", n)
	}
	for _, want := range []string{"throughput (MB/s of text)", "peak RSS (MB)", "default, 1 worker<", "default, 2 workers<", ">200k<"} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestChartErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.tsv")
	os.WriteFile(bad, []byte("corpus\tdocs\nx\t1\n"), 0o644)
	for _, args := range [][]string{{bad}, {filepath.Join(dir, "missing.tsv")}} {
		var stderr bytes.Buffer
		if code := run(args, io.Discard, &stderr); code != exitFail || stderr.Len() == 0 {
			t.Errorf("benchchart %q: exit %d, stderr %q; want %d and a message", args, code, stderr.String(), exitFail)
		}
	}
	if code := run(nil, io.Discard, io.Discard); code != exitUsage {
		t.Errorf("benchchart without a TSV: exit %d, want %d", code, exitUsage)
	}
}

func TestNiceStep(t *testing.T) {
	tests := []struct {
		max  float64
		want float64
	}{{200000, 50000}, {950, 200}, {5.1, 2}, {1, 0.2}, {0, 1}}
	for _, tc := range tests {
		if got := niceStep(tc.max, 5); got != tc.want {
			t.Errorf("niceStep(%v, 5) = %v, want %v", tc.max, got, tc.want)
		}
	}
}

func TestLabel(t *testing.T) {
	tests := map[float64]string{3 * 0.2: "0.6", 200000: "200k", 50000: "50k", 1500000: "1.5M", 950: "950", 0.4: "0.4", 0: "0"}
	for v, want := range tests {
		if got := label(v); got != want {
			t.Errorf("label(%v) = %q, want %q", v, got, want)
		}
	}
}
