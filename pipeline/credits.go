package pipeline

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/neardup/neardup/credit"
)

// creditAsk is one span whose credit a report shows: where to write it.
type creditAsk struct {
	id         string
	start, end int
	dst        *credit.Kind
}

// fillCredits says, for every pair passage's two sides and every shared passage's occurrences
// in the result, how its article gives it (credit.Kind), reading each document's text and
// finding its paragraphs, quotes and credit lines once: a recurring passage puts one document
// in many records, and reading it again for each of them was most of the cost of writing the
// report (c20k: 9 of 23 CPU seconds). Documents are read on all cores; each writes only its own
// spans' fields, so the result does not depend on the order.
func (r *Result) fillCredits() error {
	if r.texts == nil {
		return nil // a result made by hand, its texts in it: its credits are as made
	}
	var asks []creditAsk
	pair := func(p *Pair) {
		for k := range p.Passages {
			q := &p.Passages[k]
			asks = append(asks, creditAsk{p.A, q.AStart, q.AEnd, &q.ACredit}, creditAsk{p.B, q.BStart, q.BEnd, &q.BCredit})
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
				asks = append(asks, creditAsk{o.ID, o.Start, o.End, &o.Credit})
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
	// Pairs listed in several records share their passages' arrays: one document's spans are
	// one group, so that a field is written by one goroutine however often it is listed. Groups
	// are in order of their documents' first ask (a stable sort of the asks by id cost c20k
	// 0.65 of its 0.82 serial CPU seconds here).
	at := make(map[string]int)
	var groups [][]creditAsk
	for _, a := range asks {
		g, ok := at[a.id]
		if !ok {
			g = len(groups)
			at[a.id] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], a)
	}
	var (
		wg   sync.WaitGroup
		errs = make([]error, len(groups))
		next = make(chan int)
	)
	for range min(runtime.GOMAXPROCS(0), max(1, len(groups))) {
		wg.Go(func() {
			for g := range next {
				text, err := r.Text(groups[g][0].id)
				if err != nil {
					errs[g] = fmt.Errorf("credits: %w", err)
					continue
				}
				t := credit.Read(text)
				for _, a := range groups[g] {
					*a.dst = t.Of(a.start, a.end)
				}
			}
		})
	}
	for g := range groups {
		next <- g
	}
	close(next)
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
	r.creditOnce.Do(func() { r.creditErr = r.fillCredits() })
	return r.creditErr
}
