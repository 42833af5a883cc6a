package pipeline

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/neardup/neardup/input"
)

// Item is one document of the first pass: the document, its analysis, and X, whatever the
// caller's work hook computes for it on a worker goroutine (a compressed text, index matches).
type Item[X any] struct {
	Doc      Document
	Analysis Analysis
	// Skip, set by the work hook, drops the document as a bad record with this reason.
	Skip string
	X    X
}

// ReadStats counts what Each read.
type ReadStats struct {
	Docs        int            // documents passed to collect
	Bytes       int64          // bytes of their texts
	Skipped     int            // records skipped
	SkipReasons map[string]int // skipped records by kind (input.RecordKind)
	Warnings    int            // records kept with a warning
}

// Each is the first pass of Run, for any consumer: it reads the inputs in order, parses and
// analyses each document on opts.Workers goroutines (calling work, if not nil, there too), and
// calls collect for each document in input order, from one goroutine. Bad records go to
// opts.OnRecordError in input order and are skipped (with opts.Strict the first ends the pass
// with an error wrapping ErrStrict): records that cannot be read or parsed, texts with no words,
// ids read before. Records skipped by policy (input.RecordKind.ByPolicy: a symbolic link not followed)
// are reported and counted the same way, but are no error with opts.Strict. At most 64·Workers records are in flight, so memory does not grow with a slow
// document. opts.Progress, if set, is called now and then with the bytes and documents read.
//
// An input that cannot be opened at all (input.Check) ends Each before it reads anything, with
// an *input.OpenError; inputs that opts.CheckInputs passed are not checked again. An input that
// gives no document is reported at the end as a warning of kind input.Empty, an error with
// opts.Strict.
func Each[X any](ctx context.Context, inputs []string, stdin io.Reader, opts Options,
	work func(*Item[X]) error, collect func(*Item[X]) error) (ReadStats, error) {
	opts.SetDefaults()
	st := ReadStats{SkipReasons: map[string]int{}}
	if err := opts.Validate(); err != nil {
		return st, err
	}
	if !slices.Equal(opts.checked, inputs) { // else Options.CheckInputs did
		if err := input.Check(inputs, stdin); err != nil {
			return st, err
		}
	}
	type job struct {
		seq int
		rec input.Record
		err *input.RecordError
	}
	type result struct {
		seq   int
		input int // of the record
		item  *Item[X]
		warns []*input.RecordError
		err   *input.RecordError
	}
	window := 64 * opts.Workers
	jobs := make(chan job, window)
	results := make(chan result, window)
	tokens := make(chan struct{}, window)
	g, ctx := errgroup.WithContext(ctx)
	var bytesRead atomic.Int64

	g.Go(func() error { // the walker: records in input order
		defer close(jobs)
		seq := 0
		send := func(j job) error {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			j.seq = seq
			seq++
			select {
			case jobs <- j:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		var sendErr error
		err := input.Walk(ctx, inputs, stdin, &opts.Read,
			func(r input.Record) error { return send(job{rec: r}) },
			func(e *input.RecordError) {
				if sendErr == nil {
					sendErr = send(job{err: e})
				}
			},
			func(n int64) { bytesRead.Store(n) })
		if err == nil {
			err = sendErr
		}
		return err
	})
	var running atomic.Int32
	running.Store(int32(opts.Workers))
	for range opts.Workers { // the workers: parse, analyse, work
		g.Go(func() error {
			defer func() {
				if running.Add(-1) == 0 {
					close(results)
				}
			}()
			z := newAnalyzer(&opts, ChooseBands(opts.Threshold, opts.NumPerm))
			for j := range jobs {
				r := result{seq: j.seq, input: j.rec.Input, err: j.err}
				if j.err == nil {
					doc, warns, err := opts.Read.Parse(j.rec)
					r.warns, r.err = warns, err
					if err == nil {
						a := z.analyze(doc.Text)
						r.item = &Item[X]{Doc: doc, Analysis: Analysis{Words: a.words, Exact: a.exact,
							BandKeys: a.bandKeys, Fingerprints: a.fps, shingles: a.shingles, nsh: a.nsh, sketch: a.sketch, tau: a.tau,
							mins: a.mins, size: a.size, SentenceKeys: a.sentKeys, SentenceCopies: a.sentCopies, sentBytes: a.sentBytes, dfSlots: a.dfSlots,
							withKeys: z.opts.Rewrites()}}
						if work != nil && a.words > 0 {
							if err := work(r.item); err != nil {
								return err
							}
						}
					}
				}
				select {
				case results <- r:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	g.Go(func() error { // the collector: results back in input order
		seen := map[string]int32{} // id: index in where of the document that has it
		type loc struct {
			file string // shared by the documents of one file
			line int
		}
		var where []loc
		docsOf := make([]int, len(inputs)) // documents collected, per input
		reject := func(e *input.RecordError) error {
			st.Skipped++
			st.SkipReasons[string(e.Kind)]++
			if opts.OnRecordError != nil {
				opts.OnRecordError(e)
			}
			if opts.Strict && !e.Kind.ByPolicy() {
				return fmt.Errorf("%w: %v", ErrStrict, e)
			}
			return nil
		}
		file := func(r result) error {
			if r.err != nil {
				return reject(r.err)
			}
			for _, w := range r.warns {
				st.Warnings++
				if opts.OnRecordError != nil {
					opts.OnRecordError(w)
				}
			}
			d := &r.item.Doc
			switch first, dup := seen[d.ID]; {
			case r.item.Analysis.Words == 0:
				return reject(&input.RecordError{File: d.File, Line: d.Line, Kind: input.RecordNoWords, Reason: "no words in text"})
			case dup:
				return reject(&input.RecordError{File: d.File, Line: d.Line, Kind: input.RecordDuplicateID,
					Reason: fmt.Sprintf("duplicate id %q: first read at %s", d.ID, (&Document{File: where[first].file, Line: where[first].line}).Where())})
			case r.item.Skip != "":
				return reject(&input.RecordError{File: d.File, Line: d.Line, Kind: input.RecordRejected, Reason: r.item.Skip})
			}
			seen[d.ID] = int32(len(where))
			where = append(where, loc{d.File, d.Line})
			st.Docs++
			st.Bytes += int64(len(d.Text))
			docsOf[r.input]++
			return collect(r.item)
		}
		pending := map[int]result{}
		next := 0
		last := time.Now()
		for r := range results {
			pending[r.seq] = r
			for {
				q, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				<-tokens
				if err := file(q); err != nil {
					return err
				}
			}
			if opts.Progress != nil && time.Since(last) > 100*time.Millisecond {
				last = time.Now()
				opts.Progress(Progress{Stage: "read", Bytes: bytesRead.Load(), Docs: st.Docs})
			}
		}
		if opts.Progress != nil {
			opts.Progress(Progress{Stage: "read", Bytes: bytesRead.Load(), Docs: st.Docs})
		}
		if ctx.Err() != nil {
			return nil // cut short: the inputs were not all read
		}
		for i, in := range inputs {
			if docsOf[i] > 0 {
				continue
			}
			e := input.NoArticles(in)
			if opts.Strict {
				e.Warning = false
				return reject(e)
			}
			st.Warnings++
			if opts.OnRecordError != nil {
				opts.OnRecordError(e)
			}
		}
		return nil
	})
	return st, g.Wait()
}
