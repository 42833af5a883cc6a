package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/report"
)

const indexUsage = `Usage: neardup index COMMAND --index PATH [flags] [ARG...]

A persistent index of articles (one file): their metadata, compressed text and analysis, so that
neardup check and neardup scan --index compare new articles with every article indexed before.

Commands:
  add --index PATH [flags] INPUT...   add articles (same inputs and flags as scan); an id indexed
                                      before is replaced (--skip-existing keeps it); all or nothing;
                                      no stories: scan --index --add records the story of each
                                      article, for later nights' stories to continue
  remove --index PATH ID...           remove articles by id
  stats --index PATH                  what the index holds
  verify --index PATH [--deep]        check the index's integrity (exit status 1 on a problem)
  compact --index PATH                reclaim the space of removed and replaced articles; upgrade
                                      an index made by an older neardup

One writer at a time (add, remove, compact, scan --add): a second one fails at once, or waits
with --wait. Readers (check, scan --index, stats, verify) work while a writer runs, on the index
as of its last commit. neardup help index COMMAND gives a command's flags.

Examples:
  neardup index add --index news.ndx day.jsonl.gz      # add a night's articles: all or nothing
  neardup index stats --index news.ndx                 # what it holds
  neardup index remove --index news.ndx wire-0412      # take an article out
`

// indexCmd runs neardup index COMMAND.
func indexCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, indexUsage)
		return exitUsage
	}
	switch sub, rest := args[0], args[1:]; sub {
	case "add":
		return indexAdd(ctx, rest, stdin, stdout, stderr)
	case "remove":
		return indexRemove(rest, stdout, stderr)
	case "stats":
		return indexStats(rest, stdout, stderr)
	case "verify":
		return indexVerify(rest, stdout, stderr)
	case "compact":
		return indexCompact(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(rest) > 1 {
			fmt.Fprintf(stderr, "neardup help index %s: unexpected %q: usage: neardup help index [COMMAND]\n", rest[0], rest[1])
			return exitUsage
		}
		if len(rest) > 0 && slices.Contains([]string{"add", "remove", "stats", "verify", "compact"}, rest[0]) {
			return indexCmd(ctx, []string{rest[0], "-h"}, stdin, stdout, stdout) // help goes to stdout
		}
		if len(rest) > 0 {
			fmt.Fprintf(stderr, "neardup help index: unknown command %q\n\n%s", rest[0], indexUsage)
			return exitUsage
		}
		fmt.Fprint(stdout, indexUsage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "neardup index: unknown command %q\n\n%s", sub, indexUsage)
		return exitUsage
	}
}

// indexFlagSet makes the flag set of an index command, with --index.
func indexFlagSet(name, usage string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := newFlagSet(name, usage, stderr)
	path := fs.String("index", "", "the index `file`")
	return fs, path
}

// parseIndexFlags parses args; it returns an exit status and false when the command must stop.
func parseIndexFlags(fs *flag.FlagSet, path *string, args []string, stderr io.Writer) (int, bool) {
	if code, ok := parseFlags(fs, args); !ok {
		return code, false
	}
	if *path == "" {
		fmt.Fprintf(stderr, "neardup %s: --index PATH is required\n", fs.Name())
		return exitUsage, false
	}
	return exitOK, true
}

// useParams makes opts analyse as the index does. Flags given on the command line that disagree
// with the index are an error: the index's band keys and fingerprints depend on them. With
// chooseRewrite (a command that reads the index without adding to it), --rewrite is the
// command's own when given: whether to look for rewritten passages; the index's sentence keys
// (Params.Rewrite) find more of them, and without them fewer are found. It is the index's when
// not given.
func useParams(fs *flag.FlagSet, opts *pipeline.Options, p index.Params, path string, chooseRewrite bool) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	noRewrite := opts.NoRewrite
	if chooseRewrite {
		opts.NoRewrite = !p.Rewrite // no difference: the command's own, restored below
	}
	for _, d := range p.Differences(*opts) {
		name := strings.TrimPrefix(strings.Fields(d)[0], "--")
		name, _, _ = strings.Cut(name, "=")
		if given[name] {
			return fmt.Errorf("%s was built with other analysis options: %s; leave the flag out to use the index's", path, d)
		}
	}
	p.Apply(opts)
	if chooseRewrite && given["rewrite"] {
		opts.NoRewrite = noRewrite
	}
	return nil
}

// noteNoSentenceKeys says on w, for a command that looks for rewritten passages in an index
// made without --rewrite, that only articles sharing verbatim text are compared.
func noteNoSentenceKeys(w io.Writer, cmd string, opts pipeline.Options, p index.Params, path string) {
	if opts.Rewrites() && !p.Rewrite {
		fmt.Fprintf(w, "neardup %s: note: %s was made without --rewrite and holds no sentence keys: rewritten passages are looked for only in indexed articles that share verbatim text with a new one\n", cmd, path)
	}
}

const indexAddUsage = `Usage: neardup index add --index PATH [flags] INPUT...

Adds the articles of INPUT (as for neardup scan: JSON Lines, directories, - for stdin) to the
index, creating it if needed; the analysis flags (--shingle, --num-perm, --window, --threshold,
--no-reuse, --html-text, --rewrite) are fixed when it is created. An id indexed before is
replaced. The batch is added whole or not at all: an interrupted or failed run leaves the index as
it was. With --rewrite the index holds each article's sentence keys too (half as much room
again on news articles), so that check finds a draft that rewords an article from end to end.
`

func indexAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs, path := indexFlagSet("index add", indexAddUsage, stderr)
	var opts pipeline.Options
	// only what reading and analysing use: matching happens in check and scan --index
	registerOptions(fs, &opts, append(append(slices.Clone(indexedParams), readFlags...), "workers")...)
	fs.Lookup("rewrite").Usage = "index each article's sentence keys too, so that check finds rewritten passages, " +
		"and drafts that reword an article from end to end; --rewrite=false makes an index two thirds the size"
	skip := fs.Bool("skip-existing", false, "keep an indexed article when one with the same id is added (default: replace it)")
	wait := fs.Bool("wait", false, "wait for another writer to finish instead of failing")
	noCompact := fs.Bool("no-compact", false, "do not compact the index after the batch, even when removed and replaced articles take more room than live ones (neardup index compact does it later)")
	quiet := fs.Bool("quiet", false, "print nothing but bad records and errors")
	if code, ok := parseIndexFlags(fs, path, args, stderr); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "neardup index add: no INPUT given (a .jsonl file, a directory, or - for stdin)")
		return exitUsage
	}
	if err := opts.Validate(); err != nil {
		printError(stderr, "index add", err)
		return exitUsage
	}
	// an INPUT that cannot be opened is fatal before the index is opened, or created
	if err := opts.CheckInputs(fs.Args(), stdin); err != nil {
		printError(stderr, "index add", err)
		return exitFail
	}
	start := time.Now()
	w, err := index.OpenWriter(*path, index.WriterOptions{Wait: *wait, Params: index.ParamsOf(opts), SkipExisting: *skip,
		NoCompact: *noCompact})
	if err != nil {
		printError(stderr, "index add", err)
		return exitFail
	}
	defer w.Close()
	if err := useParams(fs, &opts, w.Params(), *path, false); err != nil {
		printError(stderr, "index add", err)
		return exitUsage
	}
	shown := 0
	opts.OnRecordError = recordErrorPrinter(stderr, &shown)
	rs, err := w.AddInputs(ctx, fs.Args(), stdin, opts)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "neardup index add: interrupted; the index is as it was")
			return exitInterrupted
		}
		printError(stderr, "index add", fmt.Errorf("%w; the index is as it was", err))
		return exitFail
	}
	cs, err := commitBatch(w)
	if err != nil && !compactFailed(err, "index add", *path, stderr) {
		printError(stderr, "index add", err)
		return exitFail
	}
	if shown > errorLimit {
		fmt.Fprintf(stderr, "neardup index add: %d more bad records not named\n", shown-errorLimit)
	}
	if !*quiet {
		skipped := ""
		if rs.Skipped > 0 {
			skipped = fmt.Sprintf(", %d skipped (%s)", rs.Skipped, skipSummary(rs.SkipReasons))
		}
		fmt.Fprintf(stdout, "added %s to %s (%d replaced, %d kept as indexed before%s) in %s\n",
			plural(cs.Added, "article"), *path, cs.Replaced, cs.Skipped, skipped, time.Since(start).Round(time.Millisecond))
		fmt.Fprintf(stdout, "index: %s, %s%s\n", plural(cs.Docs, "article"), sizeOf(cs.Size, cs.Docs), compacted(cs))
	}
	return exitOK
}

// commitBatch commits a writer's batch; tests make its compaction fail.
var commitBatch = (*index.Writer).Commit

// compactFailed reports whether err says the batch was committed and only the compaction after
// it failed; if so it warns on stderr. The batch is in the index: exit status 0, so that a job
// that retries on failure does not add it again.
func compactFailed(err error, cmd, path string, stderr io.Writer) bool {
	var ce *index.CompactError
	if !errors.As(err, &ce) {
		return false
	}
	printError(stderr, cmd, fmt.Errorf("warning: the batch is committed, but compacting %s after it failed: %w "+
		"(run neardup index compact --index %s to reclaim the space)", path, ce.Err, path))
	return true
}

func compacted(cs index.CommitStats) string {
	if cs.Compact {
		return " (compacted)"
	}
	return ""
}

// sizeOf formats a file size, and per article.
func sizeOf(size int64, docs int) string {
	s := fmt.Sprintf("%.1f MB", float64(size)/1e6)
	if docs > 0 {
		s += fmt.Sprintf(" (%.1f KB per article)", float64(size)/1e3/float64(docs))
	}
	return s
}

const indexRemoveUsage = `Usage: neardup index remove --index PATH [--wait] ID...

Removes the articles with these ids, in one commit. Exit status 1 if some id is not indexed (the
others are removed all the same).
`

func indexRemove(args []string, stdout, stderr io.Writer) int {
	fs, path := indexFlagSet("index remove", indexRemoveUsage, stderr)
	wait := fs.Bool("wait", false, "wait for another writer to finish instead of failing")
	if code, ok := parseIndexFlags(fs, path, args, stderr); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "neardup index remove: no ID given")
		return exitUsage
	}
	if _, err := os.Stat(*path); err != nil {
		printError(stderr, "index remove", err)
		return exitFail
	}
	w, err := index.OpenWriter(*path, index.WriterOptions{Wait: *wait})
	if err != nil {
		printError(stderr, "index remove", err)
		return exitFail
	}
	defer w.Close()
	var missing []string
	for _, id := range fs.Args() {
		ok, err := w.Remove(id)
		if err != nil {
			printError(stderr, "index remove", err)
			return exitFail
		}
		if !ok {
			missing = append(missing, id)
		}
	}
	cs, err := w.Commit()
	if err != nil {
		printError(stderr, "index remove", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "removed %s from %s; index: %s, %s%s\n", plural(cs.Removed, "article"), *path,
		plural(cs.Docs, "article"), sizeOf(cs.Size, cs.Docs), compacted(cs))
	if len(missing) > 0 {
		printError(stderr, "index remove", fmt.Errorf("not in the index: %s", strings.Join(missing, ", ")))
		return exitFail
	}
	return exitOK
}

const indexStatsUsage = `Usage: neardup index stats --index PATH

Prints what the index holds: articles, size, analysis options, postings and recent commits.
`

func indexStats(args []string, stdout, stderr io.Writer) int {
	fs, path := indexFlagSet("index stats", indexStatsUsage, stderr)
	if code, ok := parseIndexFlags(fs, path, args, stderr); !ok {
		return code
	}
	r, err := index.Open(*path)
	if err != nil {
		printError(stderr, "index stats", err)
		return exitFail
	}
	defer r.Close()
	s := r.Stats()
	p := s.Params
	fmt.Fprintf(stdout, "index %s (format version %d, commit %d)\n", s.Path, s.Version, s.Seq)
	fmt.Fprintf(stdout, "  articles: %d (%.1f MB of text, %.1f MB stored compressed); %d removed or replaced, not yet reclaimed\n",
		s.Docs, float64(s.TextBytes)/1e6, float64(s.Stored)/1e6, s.Removed)
	fmt.Fprintf(stdout, "  size: %s; %.1f MB reclaimable by neardup index compact\n", sizeOf(s.Size, s.Docs), float64(s.DeadBytes)/1e6)
	reuse := "passage fingerprints (window " + fmt.Sprint(p.Window) + ")"
	if p.NoReuse {
		reuse = "no passage fingerprints (--no-reuse)"
	}
	if p.Rewrite {
		reuse += "; sentence keys of rewritten passages (--rewrite)"
	}
	pages := fmt.Sprintf("HTML pages' %s text (--html-text %v)", map[input.HTMLText]string{input.HTMLMain: "main", input.HTMLAll: "whole visible"}[p.HTMLText], p.HTMLText)
	if p.HTMLTextUnrecorded {
		pages = "HTML pages' text not recorded (made by format version 1): --html-text applies, and the next index add records its own"
	}
	fmt.Fprintf(stdout, "  analysis: %d-word shingles, %d permutations, threshold %v: %d bands of %d rows; %s; %s\n",
		p.Shingle, p.NumPerm, p.Threshold, p.Bands.Bands, p.Bands.Rows, reuse, pages)
	if s.Version != index.Version {
		authors := "its articles have no author and no story; "
		if s.Version >= 3 {
			authors = "its articles have no story; "
		}
		fmt.Fprintf(stdout, "  format version %d: read as it is; %sneardup index compact upgrades it to version %d before anything is added\n", s.Version, authors, index.Version)
	}
	sents := ""
	if p.Rewrite {
		sents = fmt.Sprintf(", %d sentence keys", s.Postings[3])
	}
	if s.Postings[4] > 0 {
		sents += fmt.Sprintf(", %d stories' articles", s.Postings[4])
	}
	fmt.Fprintf(stdout, "  postings: %d band keys, %d fingerprints, %d ids%s in %s (levels %v)\n",
		s.Postings[0], s.Postings[1], s.Postings[2], sents, plural(len(s.Segments), "segment"), s.Segments)
	h := s.History
	if len(h) > 10 {
		fmt.Fprintf(stdout, "  last 10 of %d commits:\n", len(h))
		h = h[len(h)-10:]
	} else if len(h) > 0 {
		fmt.Fprintln(stdout, "  commits:")
	}
	for _, c := range h {
		fmt.Fprintf(stdout, "    %4d  %s  +%d added (%d replaced), -%d removed: %d articles\n",
			c.Seq, c.Time.Format(time.RFC3339), c.Added, c.Replaced, c.Removed, c.Live)
	}
	return exitOK
}

const indexVerifyUsage = `Usage: neardup index verify --index PATH [--deep]

Checks the index: checksums, every text decompresses to its length and checksum, every posting
points to a document, every live article's postings are present, the counts agree. Exit status 1
on a problem, with the problems on stderr.
`

func indexVerify(args []string, stdout, stderr io.Writer) int {
	fs, path := indexFlagSet("index verify", indexVerifyUsage, stderr)
	deep := fs.Bool("deep", false, "also analyse every text again and compare with the stored analysis (slower)")
	if code, ok := parseIndexFlags(fs, path, args, stderr); !ok {
		return code
	}
	r, err := index.Open(*path)
	if err != nil {
		printError(stderr, "index verify", err)
		return exitFail
	}
	defer r.Close()
	rep, err := r.Verify(*deep)
	for _, n := range rep.Notes {
		printError(stderr, "index verify", errors.New("note: "+n))
	}
	if err != nil {
		printError(stderr, "index verify", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "%s: ok: %s, %s, %d postings of live articles; %d removed not yet reclaimed\n",
		*path, plural(rep.Docs, "article"), plural(rep.Segments, "segment"), rep.Postings, rep.Removed)
	return exitOK
}

const indexCompactUsage = `Usage: neardup index compact --index PATH [--wait]

Rewrites the index without removed and replaced articles (add does it by itself when they take
more room than the live ones), in the current format version: an index made by an older neardup
is upgraded (no rebuild; its articles keep no author, which it did not store). Readers that have
the index open keep reading the old file.
`

func indexCompact(args []string, stdout, stderr io.Writer) int {
	fs, path := indexFlagSet("index compact", indexCompactUsage, stderr)
	wait := fs.Bool("wait", false, "wait for another writer to finish instead of failing")
	if code, ok := parseIndexFlags(fs, path, args, stderr); !ok {
		return code
	}
	if _, err := os.Stat(*path); err != nil {
		printError(stderr, "index compact", err)
		return exitFail
	}
	cs, err := index.Compact(*path, *wait)
	if err != nil {
		printError(stderr, "index compact", err)
		return exitFail
	}
	upgraded := ""
	if cs.Upgraded != 0 {
		upgraded = fmt.Sprintf(" (upgraded from format version %d to %d)", cs.Upgraded, index.Version)
	}
	fmt.Fprintf(stdout, "compacted %s: %s, %s%s\n", *path, plural(cs.Docs, "article"), sizeOf(cs.Size, cs.Docs), upgraded)
	return exitOK
}

// scanIndex holds scan's index flags: --index, --add and their companions.
type scanIndex struct {
	fs           *flag.FlagSet
	path         string
	add          bool
	wait         bool
	skipExisting bool
	noCompact    bool
}

// addScanIndexFlags registers scan's --index, --add, --wait and --skip-existing on fs.
func addScanIndexFlags(fs *flag.FlagSet) *scanIndex {
	ix := &scanIndex{fs: fs}
	fs.StringVar(&ix.path, "index", "", "also relate the articles with those of the index `file`, marking indexed members")
	fs.BoolVar(&ix.add, "add", false, "with --index: add the articles to the index in the same run (all or nothing), each with the story it is in, for later nights to continue")
	fs.BoolVar(&ix.wait, "wait", false, "with --add: wait for another index writer to finish instead of failing")
	fs.BoolVar(&ix.skipExisting, "skip-existing", false, "with --add: keep an indexed article when one with the same id is added")
	fs.BoolVar(&ix.noCompact, "no-compact", false, "with --add: do not compact the index after the batch")
	return ix
}

// check reports a usage error in the index flags.
func (ix *scanIndex) check() error {
	if ix.path == "" && (ix.add || ix.wait || ix.skipExisting || ix.noCompact) {
		return errors.New("--add, --wait, --skip-existing and --no-compact need --index PATH")
	}
	return nil
}

// newArticle is an article of the scan, as relating it to the index sees it.
type newArticle struct {
	member  pipeline.Member
	matches []index.Match
}

// scanWithIndex is scan with --index: it runs pipeline.Run on the inputs, keeping each
// article's analysis, then relates each article with the indexed ones as check does, and merges those pairs and the indexed articles into Run's clusters (union-find;
// indexed members first, by index order, then the new ones in input order; clusters renumbered
// as Run numbers them). Indexed articles with the id of a new one are left out: the new one is
// the same article, or replaces it. With --add the articles are added to the index in the same
// run, as one batch; the related indexed articles are those indexed before it.
func scanWithIndex(ctx context.Context, inputs []string, stdin io.Reader, opts pipeline.Options, ix *scanIndex,
	prog *progress, stderr io.Writer) (*pipeline.Result, error) {
	var (
		r *index.Reader
		w *index.Writer
	)
	if ix.add {
		var err error
		w, err = index.OpenWriter(ix.path, index.WriterOptions{Wait: ix.wait, Params: index.ParamsOf(opts),
			SkipExisting: ix.skipExisting, NoCompact: ix.noCompact})
		if err != nil {
			return nil, err
		}
		defer w.Close()
		r = w.Snapshot()
	} else {
		var err error
		r, err = index.Open(ix.path)
		if err != nil {
			return nil, err
		}
		defer r.Close()
	}
	if err := useParams(ix.fs, &opts, r.Params(), ix.path, !ix.add); err != nil {
		return nil, err
	}
	noteNoSentenceKeys(stderr, "scan", opts, r.Params(), ix.path)
	start := time.Now()
	// the run keeps each article's analysis, with which the articles are related to the index
	// below: read and analysed again, they were 0.9 of the 13.5 CPU seconds of a night of 10,000
	// news articles, and stdin had to be copied to be read twice
	opts.KeepAnalyses = true
	res, err := pipeline.Run(ctx, inputs, stdin, opts)
	if err != nil {
		return nil, err
	}
	prog.begin("relating with the index")
	ok := false
	defer func() {
		if !ok {
			res.Close()
		}
	}()
	second := opts
	second.OnRecordError, second.Progress = nil, nil
	// the night's articles indexed before (scanned again after --add): as the night's, not as
	// other articles holding its text (index.MatchOptions.Night)
	night := map[uint32]bool{}
	for _, id := range res.IDs() {
		n, ok, err := r.Lookup(id)
		if err != nil {
			return nil, err
		}
		if ok {
			night[n] = true
		}
	}
	var isNight func(n uint32) bool
	if len(night) > 0 {
		isNight = func(n uint32) bool { return night[n] }
	}
	var arts []newArticle
	wt := res.Weights() // the pairs with indexed articles weighed as the night's
	err = r.RelateAnalyzed(ctx, res.EachAnalyzed, second,
		func(it *index.Item) index.MatchOptions {
			return index.MatchOptions{IndexedFirst: true, AsScan: true, Night: isNight, Weights: wt,
				Series: res.Series(it.Doc.ID), Skip: func(d index.Doc) bool { return d.ID == it.Doc.ID }}
		},
		func(it *index.Item) error {
			if w != nil {
				it.X.Z = index.Compress(it.Doc.Text)
			}
			return nil
		},
		func(it *index.Item) error {
			d := &it.Doc
			arts = append(arts, newArticle{member: pipeline.Member{ID: d.ID, Source: d.Source, Title: d.Title, URL: d.URL,
				Author: d.Author, Published: d.Published, Words: it.Analysis.Words, Bytes: len(d.Text), Where: d.Where()}, matches: it.X.Matches})
			if w != nil {
				_, err := w.AddCompressed(it.Doc, it.Analysis, it.X.Z)
				return err
			}
			return nil
		})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	indexed, pairs, earlier, storyOf, err := mergeIndexed(res, arts, r)
	if err != nil {
		return nil, err
	}
	added := ""
	if w != nil {
		// each of the night's articles in a story is remembered in it, for later nights
		for id, story := range pipeline.StoryNames(res, storyOf) {
			if _, err := w.SetStory(id, story); err != nil {
				return nil, err
			}
		}
		cs, err := commitBatch(w)
		if err != nil && !compactFailed(err, "scan", ix.path, stderr) {
			return nil, err
		}
		added = fmt.Sprintf("; added %s (%d replaced): %s, %s%s", plural(cs.Added, "article"), cs.Replaced,
			plural(cs.Docs, "article"), sizeOf(cs.Size, cs.Docs), compacted(cs))
	}
	prog.end(fmt.Sprintf("%s, %s", plural(indexed, "indexed article"), plural(pairs, "pair")))
	if q := ix.fs.Lookup("quiet"); q == nil || q.Value.String() != "true" {
		joined := ""
		if earlier > 0 {
			joined = fmt.Sprintf(", and %s of the earlier stories the night's continue", plural(earlier, "indexed article"))
		}
		fmt.Fprintf(stderr, "neardup: index %s: %s related to this run's articles by %s%s in %s%s\n", report.Printable(ix.path),
			plural(indexed, "indexed article"), plural(pairs, "pair"), joined, time.Since(start).Round(time.Millisecond), added)
	}
	ok = true
	return res, nil
}

// mergeIndexed adds the pairs of the new articles with indexed ones, and those indexed articles,
// to res, and makes its stories anew with pipeline.StoriesAgain: indexed members first, by index
// order, then the new ones in input order. It returns how many indexed articles and pairs it
// added, how many indexed articles joined the story they were told in on an earlier night
// (pipeline.StoriesAgain, with the stories that two or more of the related indexed articles were
// told in), and the story of each indexed member (index.Doc.Story).
func mergeIndexed(res *pipeline.Result, arts []newArticle, r *index.Reader) (int, int, int, func(id string) string, error) {
	newIDs := make(map[string]bool, len(arts))
	for _, a := range arts {
		newIDs[a.member.ID] = true
	}
	// indexed articles related to some new one, by document number
	var docs []uint32
	byDoc := map[uint32]index.Doc{}
	var more []pipeline.Pair
	for _, a := range arts {
		for _, m := range a.matches {
			if newIDs[m.Doc.ID] {
				continue // the new article is the indexed one, or replaces it
			}
			if _, seen := byDoc[m.Doc.N]; !seen {
				byDoc[m.Doc.N] = m.Doc
				docs = append(docs, m.Doc.N)
			}
			more = append(more, m.Pair)
		}
	}
	stories := map[string]string{}
	storyOf := func(id string) string { return stories[id] }
	if len(docs) == 0 {
		return 0, 0, 0, storyOf, nil
	}
	slices.Sort(docs)
	texts := map[string]string{}
	for _, n := range docs {
		t, err := r.Text(n)
		if err != nil {
			return 0, 0, 0, nil, err
		}
		texts[byDoc[n].ID] = t
	}
	if err := directIndexed(res, arts, byDoc, texts, more); err != nil {
		return 0, 0, 0, nil, err
	}
	members := make([]pipeline.Member, 0, len(docs)+len(arts))
	var earlier []string // the members' stories
	held := map[string]int{}
	for _, n := range docs {
		d := byDoc[n]
		members = append(members, indexedMember(d))
		earlier = append(earlier, d.Story)
		if d.Story != "" {
			stories[d.ID] = d.Story
			held[d.Story]++
		}
	}
	for _, a := range arts {
		members = append(members, a.member)
		earlier = append(earlier, "")
	}
	// the other articles of an earlier story that MinEarlier or more related ones were told in:
	// it may be one of the night's stories, which takes them in
	for _, story := range slices.Sorted(maps.Keys(held)) {
		if held[story] < pipeline.MinEarlier {
			continue
		}
		told, err := r.StoryDocs(story)
		if err != nil {
			return 0, 0, 0, nil, err
		}
		for _, d := range told {
			if _, related := byDoc[d.N]; related || newIDs[d.ID] {
				continue
			}
			members = append(members, indexedMember(d))
			earlier = append(earlier, story)
			stories[d.ID] = story
		}
	}
	merged, carried, err := pipeline.StoriesAgain(res, members, append(slices.Clone(res.Pairs), more...), earlier)
	if err != nil {
		return 0, 0, 0, nil, err
	}
	indexed := map[string]bool{}
	for _, n := range docs {
		indexed[byDoc[n].ID] = true
	}
	res.Clusters, res.Hubs, res.Linked, res.Pairs = merged.Clusters, merged.Hubs, merged.Linked, merged.Pairs
	related := map[string]bool{} // in a pair or a story (one joined by a passage is in no pair)
	for _, p := range res.Pairs {
		related[p.A], related[p.B] = true, true
	}
	for _, cl := range res.Clusters {
		for _, m := range cl.Members {
			related[m.ID] = true
		}
	}
	// the run's shared passages stay; those of pairs with an indexed article join them
	for _, sp := range merged.Passages {
		if slices.ContainsFunc(sp.Occurrences, func(o pipeline.Occurrence) bool { return indexed[o.ID] }) {
			res.Passages = append(res.Passages, sp)
		}
	}
	res.Passages = append(res.Passages, carried...) // a story's passage, by which the run joined an article to it
	for i := range res.Passages {
		res.Passages[i].Number = i + 1
	}
	st := &res.Stats
	st.Pairs, st.PairsBy, st.Edges, st.Hubs, st.Linked, st.HubRule, st.Bridges, st.Digests, st.Compilers = merged.Stats.Pairs, merged.Stats.PairsBy, merged.Stats.Edges, merged.Stats.Hubs, merged.Stats.Linked, merged.Stats.HubRule, merged.Stats.Bridges, merged.Stats.Digests, merged.Stats.Compilers
	st.PassageJoins, st.StoryJoins = merged.Stats.PassageJoins, merged.Stats.StoryJoins
	st.Clusters = len(res.Clusters)
	in := 0 // the run's documents in some related pair or story
	for _, a := range arts {
		if related[a.member.ID] {
			in++
		}
	}
	st.Singletons = len(arts) - in
	res.WithTexts(func(id string) (string, error) {
		if t, ok := texts[id]; ok {
			return t, nil
		}
		return "", fmt.Errorf("text of %q: no such document", id)
	})
	joined := 0
	for _, cl := range res.Clusters {
		for _, m := range cl.Members {
			if m.Earlier {
				joined++
			}
		}
	}
	return len(docs), len(more), joined, storyOf, nil
}

// directIndexed gives the pairs of new articles with indexed ones their direction and changes
// (pipeline.Direct), as Run gave the run's own pairs: texts holds the indexed articles' texts,
// the new ones' are read back from res.
func directIndexed(res *pipeline.Result, arts []newArticle, byDoc map[uint32]index.Doc, texts map[string]string, pairs []pipeline.Pair) error {
	docs := map[string]*pipeline.Document{}
	for _, a := range arts {
		docs[a.member.ID] = &pipeline.Document{ID: a.member.ID, Source: a.member.Source, Published: a.member.Published}
	}
	for _, d := range byDoc {
		if _, ok := docs[d.ID]; !ok {
			docs[d.ID] = &pipeline.Document{ID: d.ID, Source: d.Source, Published: d.Published, Text: texts[d.ID]}
		}
	}
	doc := func(id string) (*pipeline.Document, error) {
		d, ok := docs[id]
		if !ok {
			return nil, fmt.Errorf("text of %q: no such document", id)
		}
		if _, indexed := texts[id]; !indexed && d.Text == "" {
			t, err := res.Text(id)
			if err != nil {
				return nil, err
			}
			d.Text = t
		}
		return d, nil
	}
	for i := range pairs {
		a, err := doc(pairs[i].A)
		if err != nil {
			return err
		}
		b, err := doc(pairs[i].B)
		if err != nil {
			return err
		}
		pipeline.Direct(&pairs[i], a, b)
	}
	return nil
}

// indexedMember is an indexed article as a member of the run's clusters.
func indexedMember(d index.Doc) pipeline.Member {
	return pipeline.Member{ID: d.ID, Source: d.Source, Title: d.Title, URL: d.URL, Author: d.Author, Published: d.Published,
		Words: d.Words, Bytes: d.Bytes, Where: d.Where, Indexed: true}
}
