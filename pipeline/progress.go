package pipeline

// stageOrder lists the stages of Run (Stats.Stages) in the order they run, so that the end of
// one can name the next for a progress display. Reuse-only stages are skipped with NoReuse.
// TestStageOrder fails when a stage is added or renamed without this list.
var stageOrder = []struct {
	name      string
	reuseOnly bool
}{
	{"read, tokenize, sign", false},
	{"LSH candidates", false},
	{"verify", false},
	{"passage candidates", true},
	{"align", true},
	{"cluster", false},
	{"direction", false},
	{"recurring passages", true},
}

// nextStage returns the stage of Run that follows stage, or "" for the last one (or one it does
// not know).
func nextStage(stage string, noReuse bool) string {
	for i, s := range stageOrder {
		if s.name != stage {
			continue
		}
		for _, t := range stageOrder[i+1:] {
			if !t.reuseOnly || !noReuse {
				return t.name
			}
		}
		return ""
	}
	return ""
}

// stageDone tells Options.Progress that a stage is over, and which starts now.
func (c *corpus) stageDone(st StageTime) {
	if c.opts.Progress != nil {
		c.opts.Progress(Progress{Stage: st.Stage, Finished: true, Took: st.Time, Next: nextStage(st.Stage, c.opts.NoReuse)})
	}
}
