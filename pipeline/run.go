package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"
)

// ErrStrict is returned by Run when Options.Strict is set and a record is bad.
var ErrStrict = errors.New("pipeline: bad record in strict mode")

// docInfo is what a run keeps in memory of one document.
type docInfo struct {
	id, source, title, url string
	published              time.Time
	file                   string
	line                   int
	words                  int
	off                    int64 // text in the spool
	length                 int
	group                  int32 // first document of its exact-duplicate group (itself if none)
	src                    int32 // source number (corpus.sources); 0 for none
}

// corpus is the state the first pass builds, owned by the collecting goroutine.
type corpus struct {
	opts  *Options
	bands Bands
	docs  []docInfo
	ids   map[string]int
	exact map[[2]uint64]int32
	// sources numbers the sources as first seen, from 1; sourceNum maps them back
	sources   []string
	sourceNum map[string]int32
	spool     *spool
	// Postings packed as key<<32 | document: every band key, and every fingerprint, of the
	// first document of each exact-duplicate group.
	bandPost postings
	fpPost   postings
	stats    Stats
}

// Run reads the inputs, finds exact duplicates, near-duplicates and (unless NoReuse) reuse, and
// returns the clusters of related documents. Records that cannot be read are reported through
// Options.OnRecordError and skipped, or with Strict end the run with an error wrapping ErrStrict.
func Run(ctx context.Context, inputs []string, stdin io.Reader, opts Options) (*Result, error) {
	start := time.Now()
	opts.SetDefaults()
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	sp, err := newSpool(opts.TempDir)
	if err != nil {
		return nil, err
	}
	keep := false
	defer func() {
		if !keep {
			sp.close()
		}
	}()
	c := &corpus{
		opts:  &opts,
		bands: ChooseBands(opts.Threshold, opts.NumPerm),
		ids:   make(map[string]int),
		exact: make(map[[2]uint64]int32),
		spool: sp,
		stats: Stats{SkipReasons: map[string]int{}, PairsBy: map[Relation]int{}},
	}
	c.stats.Bands = c.bands
	c.stats.BandProb = c.bands.Prob(opts.Threshold)
	t := time.Now()
	if err := c.read(ctx, inputs, stdin); err != nil {
		return nil, err
	}
	c.stage("read, tokenize, sign", t)
	res, err := c.relate(ctx)
	if err != nil {
		return nil, err
	}
	res.Stats.Elapsed = time.Since(start)
	ids := c.ids
	docs := c.docs
	res.texts = func(id string) (string, error) {
		i, ok := ids[id]
		if !ok {
			return "", fmt.Errorf("text of %q: no such document", id)
		}
		return sp.read(docs[i].off, docs[i].length)
	}
	res.close = func() error { sp.close(); return nil }
	keep = true
	return res, nil
}

func (c *corpus) stage(name string, since time.Time) {
	c.stats.Stages = append(c.stats.Stages, StageTime{Stage: name, Time: time.Since(since)})
}

// job is one record (or one read error) on its way through the first pass, numbered in input order.
type job struct {
	seq int
	rec Record
	err *RecordError
}

// parsed is a job's outcome.
type parsed struct {
	seq      int
	doc      Document
	a        analysis
	warnings []*RecordError
	err      *RecordError
}

// read is the first pass: a walker emits records in order, workers parse and analyze them, and
// this goroutine takes the results back in input order and files them. At most `window` records
// are in flight, so memory does not grow with a slow document.
func (c *corpus) read(ctx context.Context, inputs []string, stdin io.Reader) error {
	workers := c.opts.Workers
	window := 64 * workers
	jobs := make(chan job, window)
	results := make(chan parsed, window)
	tokens := make(chan struct{}, window)
	g, ctx := errgroup.WithContext(ctx)
	var bytesRead atomic.Int64

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
		err := Walk(ctx, inputs, stdin, &c.opts.Read,
			func(r Record) error { return send(job{rec: r}) },
			func(e *RecordError) {
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
	workersDone := make(chan struct{})
	var running atomic.Int32
	running.Store(int32(workers))
	for w := 0; w < workers; w++ {
		g.Go(func() error {
			defer func() {
				if running.Add(-1) == 0 {
					close(results)
					close(workersDone)
				}
			}()
			z := newAnalyzer(c.opts, c.bands)
			for j := range jobs {
				p := parsed{seq: j.seq, err: j.err}
				if j.err == nil {
					p.doc, p.warnings, p.err = c.opts.Read.Parse(j.rec)
					if p.err == nil {
						p.a = z.analyze(p.doc.Text)
					}
				}
				select {
				case results <- p:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		pending := make(map[int]parsed)
		next := 0
		lastProgress := time.Now()
		for p := range results {
			pending[p.seq] = p
			for {
				q, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				<-tokens
				if err := c.file(q); err != nil {
					return err
				}
			}
			if c.opts.Progress != nil && time.Since(lastProgress) > 100*time.Millisecond {
				lastProgress = time.Now()
				c.opts.Progress(Progress{Stage: "read", Bytes: bytesRead.Load(), Docs: len(c.docs)})
			}
		}
		if c.opts.Progress != nil {
			c.opts.Progress(Progress{Stage: "read", Bytes: bytesRead.Load(), Docs: len(c.docs)})
		}
		return nil
	})
	return g.Wait()
}

// reject reports a skipped record; in strict mode it ends the run.
func (c *corpus) reject(e *RecordError) error {
	c.stats.Skipped++
	c.stats.SkipReasons[reasonKind(e.Reason)]++
	if c.opts.OnRecordError != nil {
		c.opts.OnRecordError(e)
	}
	if c.opts.Strict {
		return fmt.Errorf("%w: %v", ErrStrict, e)
	}
	return nil
}

// reasonKind shortens a reason to its kind for the summary: the text before the first ':', '('
// or '"' ("duplicate id", "malformed JSON").
func reasonKind(reason string) string {
	for i, r := range reason {
		if r == ':' || r == '(' || r == '"' {
			return strings.TrimSpace(reason[:i])
		}
	}
	return reason
}

// file adds one parsed record to the corpus, in input order.
func (c *corpus) file(p parsed) error {
	if p.err != nil {
		return c.reject(p.err)
	}
	for _, w := range p.warnings {
		c.stats.Warnings++
		if c.opts.OnRecordError != nil {
			c.opts.OnRecordError(w)
		}
	}
	d := &p.doc
	if p.a.words == 0 {
		return c.reject(&RecordError{File: d.File, Line: d.Line, Reason: "no words in text"})
	}
	if first, dup := c.ids[d.ID]; dup {
		return c.reject(&RecordError{File: d.File, Line: d.Line,
			Reason: fmt.Sprintf("duplicate id %q: first read at %s", d.ID, c.where(first))})
	}
	n := len(c.docs)
	if n >= 1<<31-1 {
		return fmt.Errorf("more than %d documents: split the input", n)
	}
	off, err := c.spool.write(d.Text)
	if err != nil {
		return err
	}
	c.ids[d.ID] = n
	group, seen := c.exact[p.a.exact]
	if !seen {
		group = int32(n)
		c.exact[p.a.exact] = group
	}
	// sources are numbered as first seen, and each document shares its source's one string
	src := int32(0)
	if d.Source != "" {
		if c.sourceNum == nil {
			c.sourceNum, c.sources = map[string]int32{}, []string{""}
		}
		var ok bool
		if src, ok = c.sourceNum[d.Source]; !ok {
			src = int32(len(c.sources))
			c.sources = append(c.sources, d.Source)
			c.sourceNum[d.Source] = src
		}
		d.Source = c.sources[src]
	}
	c.docs = append(c.docs, docInfo{
		id: d.ID, source: d.Source, title: d.Title, url: d.URL, published: d.Published,
		file: d.File, line: d.Line, words: p.a.words, off: off, length: len(d.Text), group: group, src: src,
	})
	c.stats.Docs++
	c.stats.Bytes += int64(len(d.Text))
	if seen {
		return nil // an exact duplicate: its group's first document stands for it
	}
	for _, k := range p.a.bandKeys {
		c.bandPost.add(uint64(k)<<32 | uint64(n))
	}
	for _, k := range p.a.fps {
		c.fpPost.add(uint64(k)<<32 | uint64(n))
	}
	return nil
}

func (c *corpus) where(i int) string {
	d := &c.docs[i]
	if d.line > 0 {
		return fmt.Sprintf("%s:%d", d.file, d.line)
	}
	return d.file
}

// spool keeps document texts in a temporary file, so that memory holds only what comparing needs;
// only the documents of candidate pairs are read back.
type spool struct {
	f   *os.File
	off int64
}

func newSpool(dir string) (*spool, error) {
	f, err := os.CreateTemp(dir, "neardup-spool-*")
	if err != nil {
		return nil, fmt.Errorf("text spool: %w", err)
	}
	os.Remove(f.Name()) // unlinked: the file goes away with the process, even on a crash
	return &spool{f: f}, nil
}

func (s *spool) write(text string) (int64, error) {
	off := s.off
	n, err := s.f.WriteString(text)
	s.off += int64(n)
	if err != nil {
		return 0, fmt.Errorf("text spool: %w", err)
	}
	return off, nil
}

func (s *spool) read(off int64, n int) (string, error) {
	b := make([]byte, n)
	if _, err := s.f.ReadAt(b, off); err != nil {
		return "", fmt.Errorf("text spool: %w", err)
	}
	return string(b), nil
}

func (s *spool) close() { s.f.Close() }
