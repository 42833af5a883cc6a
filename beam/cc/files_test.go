package cc

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
)

// TestWriteSharded writes lines in shards, fewer lines than shards too (empty shards are written),
// and reads them back with ReadLines and the Shards glob: the same lines, and every shard.
func TestWriteSharded(t *testing.T) {
	for _, tc := range []struct{ lines, shards int }{{1000, 7}, {2, 5}, {0, 3}} {
		t.Run(fmt.Sprintf("%d lines in %d", tc.lines, tc.shards), func(t *testing.T) {
			var want []string
			for i := range tc.lines {
				want = append(want, fmt.Sprintf("line %d", i))
			}
			prefix := filepath.Join(t.TempDir(), "out")
			p, s := beam.NewPipelineWithRoot()
			WriteSharded(s, prefix, tc.shards, beam.CreateList(s, append([]string{}, want...)))
			if _, err := beam.Run(context.Background(), "prism", p); err != nil {
				t.Fatal(err)
			}
			files, err := filepath.Glob(Shards(prefix))
			if err != nil || len(files) != tc.shards {
				t.Fatalf("%d files (%v), want %d", len(files), err, tc.shards)
			}
			var got []string
			if err := ReadLines(Shards(prefix), func(l string) error { got = append(got, l); return nil }); err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("read %d lines back, wrote %d", len(got), len(want))
			}
		})
	}
}
