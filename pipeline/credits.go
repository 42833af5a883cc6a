package pipeline

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/neardup/neardup/credit"
)

// creditAsk is one span of a document whose credit a report shows: where to write it.
type creditAsk struct {
	start, end uint32 // clamped to 0..MaxUint32, as Of clamps them to the text (at most maxDocBytes)
	dst        *credit.Kind
}

// eachCreditAsk calls f for every span whose credit a report shows: both sides of every pair
// passage (the pairs, the clusters' pairs and links, the hubs' and linked documents' links) and
// every occurrence of a shared passage, in the order of the result.
func (r *Result) eachCreditAsk(f func(id string, start, end int, dst *credit.Kind)) {
	pair := func(p *Pair) {
		for k := range p.Passages {
			q := &p.Passages[k]
			f(p.A, q.AStart, q.AEnd, &q.ACredit)
			f(p.B, q.BStart, q.BEnd, &q.BCredit)
		}
	}
	links := func(ls []Link) {
		for i := range ls {
			for j := range ls[i].Pairs {
				pair(&ls[i].Pairs[j])
			}
		}
	}
	shared := func(ps []SharedPassage) {
		for i := range ps {
			for j := range ps[i].Occurrences {
				o := &ps[i].Occurrences[j]
				f(o.ID, o.Start, o.End, &o.Credit)
			}
		}
	}
	for i := range r.Pairs {
		pair(&r.Pairs[i])
	}
	for i := range r.Clusters {
		c := &r.Clusters[i]
		for j := range c.Pairs {
			pair(&c.Pairs[j])
		}
		links(c.Links)
		shared(c.Passages)
	}
	for _, hs := range [][]Hub{r.Hubs, r.Linked} {
		for i := range hs {
			links(hs[i].Links)
		}
	}
	shared(r.Passages)
}

// fillCredits says, for every pair passage's two sides and every shared passage's occurrences
// in the result, how its article gives it (credit.Kind), reading each document's text and
// finding its paragraphs, quotes and credit lines once: a recurring passage puts one document
// in many records, and reading it again for each of them was most of the cost of writing the
// report (c20k: 9 of 23 CPU seconds). Documents are read on all cores; each writes only its own
// spans' fields, so the result does not depend on the order.
//
// The spans are grouped by document in one array, counted first and then placed (a counting
// sort, documents in order of their first span): building a list per document, and the list
// of every span before it, held 25 of the 55 MB that c20k's report added to the live heap.
func (r *Result) fillCredits() error {
	if r.texts == nil {
		return nil // a result made by hand, its texts in it: its credits are as made
	}
	// Pairs listed in several records share their passages' arrays: one document's spans are
	// one group, so that a field is written by one goroutine however often it is listed.
	at := make(map[string]int32)
	var ids []string
	var ends []int // group g's spans end at ends[g] in asks; first counts, then starts
	r.eachCreditAsk(func(id string, _, _ int, _ *credit.Kind) {
		g, ok := at[id]
		if !ok {
			g = int32(len(ids))
			at[id] = g
			ids = append(ids, id)
			ends = append(ends, 0)
		}
		ends[g]++
	})
	n := 0
	for g, k := range ends {
		ends[g] = n // group g's next span goes here
		n += k
	}
	asks := make([]creditAsk, n)
	r.eachCreditAsk(func(id string, start, end int, dst *credit.Kind) {
		g := at[id]
		asks[ends[g]] = creditAsk{offset32(start), offset32(end), dst}
		ends[g]++
	})
	at = nil
	var (
		wg   sync.WaitGroup
		errs = make([]error, len(ids))
		// the next group to take: handed out by a channel, each group parked and woke a
		// goroutine, and the credits of 200,000 synthetic articles took 1.8 s on two cores at
		// 150%; taken from a counter, 1.0 s
		next atomic.Int64
	)
	for range min(runtime.GOMAXPROCS(0), max(1, len(ids))) {
		wg.Go(func() {
			var (
				buf []byte
				t   credit.Text // one for all the goroutine's texts, and one text buffer
			)
			for {
				g := int(next.Add(1)) - 1
				if g >= len(ids) {
					return
				}
				text, err := r.textIn(ids[g], &buf)
				if err != nil {
					errs[g] = fmt.Errorf("credits: %w", err)
					continue
				}
				t.Reset(text)
				from := 0
				if g > 0 {
					from = ends[g-1]
				}
				for _, a := range asks[from:ends[g]] {
					*a.dst = t.Of(int(a.start), int(a.end))
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err // the first group's, whatever the order they were read in
		}
	}
	return nil
}

// credits fills in the result's credits once, when Credits asks for them.
func (r *Result) credits() error {
	if !r.Credits {
		return nil
	}
	r.creditOnce.Do(func() {
		r.creditErr = r.fillCredits()
		// the spans asked about, and the heap the stages before the report grew, handed back
		// before the report is written, whose heap grows to twice the result: c20k's peak RSS
		// 132-139 -> 133-134 MB (four alternated runs each)
		debug.FreeOSMemory()
	})
	return r.creditErr
}

// offset32 is a byte offset clamped to 0..MaxUint32, a creditAsk's: 16 bytes an ask, where ints
// made 24 (c20k's report asks 300,000 spans, all held until each is answered).
func offset32(x int) uint32 { return uint32(max(0, min(x, math.MaxUint32))) }
