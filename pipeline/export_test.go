package pipeline

import "sync"

// WithoutPrefilter returns the options with the filter before verification turned off.
func WithoutPrefilter(o Options) Options {
	o.noPrefilter = true
	return o
}

// CreditReads fills in the result's credits (Result.Credits) and returns how many times each
// document's text was read to do it.
func CreditReads(r *Result) (map[string]int, error) {
	own := r.texts
	var mu sync.Mutex
	reads := map[string]int{}
	r.texts = func(id string) (string, error) {
		mu.Lock()
		reads[id]++
		mu.Unlock()
		return own(id)
	}
	ownInto := r.textInto
	if ownInto != nil {
		r.textInto = func(id string, buf []byte) ([]byte, error) {
			mu.Lock()
			reads[id]++
			mu.Unlock()
			return ownInto(id, buf)
		}
	}
	defer func() { r.texts, r.textInto = own, ownInto }()
	r.Credits = true
	return reads, r.credits()
}

// WithEvidenceMapped returns the options with every array of the evidence mapped outside the
// heap, however small (Options.mapAllEvidence).
func WithEvidenceMapped(o Options) Options {
	o.mapAllEvidence = true
	return o
}

// WithEvidenceOnHeap returns the options with the evidence's arrays on the heap (Options.keepEvidence),
// where Run otherwise maps them outside it and unmaps them when it returns.
func WithEvidenceOnHeap(o Options) Options {
	o.keepEvidence = true
	return o
}
