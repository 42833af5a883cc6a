package pipeline_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
)

// TestSiteChromeNotShared scans three pages of one site layout with different articles: with
// the main text (the default) they share nothing; with --html-text all, the site's chrome
// (cookie banner, newsletter box, footer...) makes them share passages.
func TestSiteChromeNotShared(t *testing.T) {
	for _, layout := range []string{"harbour", "ledger", "civic"} {
		t.Run(layout, func(t *testing.T) {
			dir := t.TempDir()
			for _, n := range []string{"01", "02", "03"} {
				src, err := os.ReadFile(filepath.Join("..", "testdata", "html", layout, n+".html"))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, n+".html"), src, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, mode := range []input.HTMLText{input.HTMLMain, input.HTMLAll} {
				var opts pipeline.Options
				opts.Read.HTMLText = mode
				res := run(t, opts, dir)
				related := len(res.Clusters) + len(res.Hubs) + len(res.Passages) + len(res.Pairs)
				switch {
				case mode == input.HTMLMain && related != 0:
					t.Errorf("--html-text main: %d clusters, %d hubs, %d passages, %d pairs; want none", len(res.Clusters), len(res.Hubs), len(res.Passages), len(res.Pairs))
					for _, p := range res.Passages {
						t.Logf("passage %+v", p)
					}
				case mode == input.HTMLAll && len(res.Passages)+len(res.Pairs) == 0:
					t.Errorf("--html-text all: no shared passage or pair; want the site chrome shared")
				}
			}
		})
	}
}
