package index

// Each is pipeline.Run's first pass (read, parse, analyse on a worker pool, results in input
// order) with a hook for per-document work, which pipeline does not export. It belongs in
// package pipeline, the one package that should start goroutines; it is here until it moves.

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/neardup/neardup/pipeline"
)

// Item is one document read by Each, with its analysis.
type Item struct {
	Doc      pipeline.Document
	Analysis pipeline.Analysis
	Z        []byte  // the compressed text, if work set it
	Matches  []Match // related indexed documents, if work set them
	// Skip, set by work, drops the document as a bad record with this reason (after the records
	// before it, in input order).
	Skip string
}

// ReadStats counts what Each read.
type ReadStats struct {
	Docs        int            // documents passed to collect
	Bytes       int64          // bytes of their texts
	Skipped     int            // records skipped
	SkipReasons map[string]int // skipped records by reason
	Warnings    int            // records kept with a warning
}

// Each reads the inputs as pipeline.Run does (the same inputs, read options and record errors,
// through opts.OnRecordError in input order; with opts.Strict the first bad record ends it with
// an error wrapping pipeline.ErrStrict), analyses each document with opts on opts.Workers
// goroutines, calls work (if not nil) on those goroutines, and calls collect for each document
// in input order, from one goroutine. Records with no words, or with an id read before, are
// skipped as Run skips them. At most 64·Workers documents are in flight.
func Each(ctx context.Context, inputs []string, stdin io.Reader, opts pipeline.Options,
	work func(*Item) error, collect func(*Item) error) (ReadStats, error) {
	opts.SetDefaults()
	st := ReadStats{SkipReasons: map[string]int{}}
	if err := opts.Validate(); err != nil {
		return st, err
	}
	type job struct {
		seq int
		rec pipeline.Record
		err *pipeline.RecordError
	}
	type result struct {
		seq   int
		item  *Item
		warns []*pipeline.RecordError
		err   *pipeline.RecordError
	}
	window := 64 * opts.Workers
	jobs := make(chan job, window)
	results := make(chan result, window)
	tokens := make(chan struct{}, window)
	g, ctx := errgroup.WithContext(ctx)

	g.Go(func() error {
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
		err := pipeline.Walk(ctx, inputs, stdin, &opts.Read,
			func(r pipeline.Record) error { return send(job{rec: r}) },
			func(e *pipeline.RecordError) {
				if sendErr == nil {
					sendErr = send(job{err: e})
				}
			}, nil)
		if err == nil {
			err = sendErr
		}
		return err
	})
	var running atomic.Int32
	running.Store(int32(opts.Workers))
	for range opts.Workers {
		g.Go(func() error {
			defer func() {
				if running.Add(-1) == 0 {
					close(results)
				}
			}()
			z := pipeline.NewAnalyzer(opts)
			for j := range jobs {
				res := result{seq: j.seq, err: j.err}
				if j.err == nil {
					doc, warns, err := opts.Read.Parse(j.rec)
					res.warns, res.err = warns, err
					if err == nil {
						res.item = &Item{Doc: doc, Analysis: z.Analyze(doc.Text)}
						if work != nil && res.item.Analysis.Words > 0 {
							if err := work(res.item); err != nil {
								return err
							}
						}
					}
				}
				select {
				case results <- res:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		seen := map[string]string{} // id: where it was read
		reject := func(e *pipeline.RecordError) error {
			st.Skipped++
			st.SkipReasons[reasonKind(e.Reason)]++
			if opts.OnRecordError != nil {
				opts.OnRecordError(e)
			}
			if opts.Strict {
				return fmt.Errorf("%w: %v", pipeline.ErrStrict, e)
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
				return reject(&pipeline.RecordError{File: d.File, Line: d.Line, Reason: "no words in text"})
			case dup:
				return reject(&pipeline.RecordError{File: d.File, Line: d.Line,
					Reason: fmt.Sprintf("duplicate id %q: first read at %s", d.ID, first)})
			case r.item.Skip != "":
				return reject(&pipeline.RecordError{File: d.File, Line: d.Line, Reason: r.item.Skip})
			}
			seen[d.ID] = d.Where()
			st.Docs++
			st.Bytes += int64(len(d.Text))
			return collect(r.item)
		}
		pending := map[int]result{}
		next := 0
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
		}
		return nil
	})
	return st, g.Wait()
}

// reasonKind shortens a reason to its kind for a summary, as pipeline does: the text before the
// first ':', '(' or '"'.
func reasonKind(reason string) string {
	for i, r := range reason {
		if r == ':' || r == '(' || r == '"' {
			return strings.TrimSpace(reason[:i])
		}
	}
	return reason
}
