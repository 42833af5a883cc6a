//go:build race

package eval

// raceEnabled: the race detector slows the PAN-13 scan of TestAgainstScorePy twelvefold (6 s to
// 75 s), and adds nothing there: the pipeline's own tests run under it.
const raceEnabled = true
