package pipeline

import (
	"context"
	"slices"
	"testing"
)

// TestStageOrder: Run reports the end of every stage, in Stats.Stages order, each naming the
// next (a progress display shows it while it runs: after reading, a 76k-article scan showed
// nothing for 11 s). It fails when a stage is added to Run or renamed without stageOrder.
func TestStageOrder(t *testing.T) {
	for _, noReuse := range []bool{false, true} {
		var ends []Progress
		var stages []string // every Stage reported, in order
		opts := Options{NoReuse: noReuse, Workers: 2, Progress: func(p Progress) {
			if p.Finished {
				ends = append(ends, p)
			}
			if len(stages) == 0 || stages[len(stages)-1] != p.Stage {
				stages = append(stages, p.Stage)
			}
		}}
		res, err := Run(context.Background(), []string{"../testdata/sample"}, nil, opts)
		if err != nil {
			t.Fatal(err)
		}
		res.Close()
		var names []string
		for _, s := range res.Stats.Stages {
			names = append(names, s.Stage)
		}
		var ended []string
		for i, e := range ends {
			ended = append(ended, e.Stage)
			next := ""
			if i+1 < len(ends) {
				next = ends[i+1].Stage
			}
			if e.Next != next {
				t.Errorf("NoReuse %v: the end of %q names %q next, but %q came (update stageOrder in progress.go)", noReuse, e.Stage, e.Next, next)
			}
		}
		if !slices.Equal(ended, names) {
			t.Errorf("NoReuse %v: ends reported %q, Stats.Stages %q", noReuse, ended, names)
		}
		if !slices.Contains(stages, "read") || !slices.Contains(stages, "verify") {
			t.Errorf("NoReuse %v: stages reported %q, want read and verify among them", noReuse, stages)
		}
	}
}
