//go:build race

package credit

// raceEnabled: the race detector slows the expressions of TestPrefilters some twentyfold, and
// they share nothing between goroutines: under it the test tries fewer texts (prefilterTexts).
const raceEnabled = true
