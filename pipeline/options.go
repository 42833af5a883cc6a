package pipeline

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/neardup/neardup/input"
)

// Defaults of Options, tuned on Reuters-21578, PAN-13 and the synthetic corpus (see BENCHMARKS.md).
const (
	DefaultThreshold     = 0.5
	DefaultContainment   = 0.8
	DefaultShingle       = 5
	DefaultNumPerm       = 128
	DefaultWindow        = 4 // winnowing window: with 5-word shingles, any shared 8 words surface
	DefaultMinPassage    = 8
	DefaultMaxGap        = 3
	DefaultMinReuseWords = 15
	DefaultBoilerplate   = 3
	DefaultStockDocs     = 4
	DefaultMaxPostings   = 1000

	// MinCandidateProb is the probability, required of the chosen LSH bands, that a pair at
	// exactly the threshold becomes a candidate.
	MinCandidateProb = 0.99
)

// Options configures Run. The zero value works: every zero field takes its default.
type Options struct {
	Threshold   float64 // Jaccard of 5-shingle sets at or above which a pair is a near-duplicate; default 0.5
	Containment float64 // containment at or above which a pair is a near-duplicate (a truncated copy); default 0.8
	Shingle     int     // words per shingle; default 5
	NumPerm     int     // MinHash permutations; default 128
	Workers     int     // goroutines for the per-document and per-pair stages; default GOMAXPROCS
	Strict      bool    // any skipped record is fatal, but one skipped by policy (input.RecordKind.ByPolicy: a link not followed)
	NoReuse     bool    // find exact and near-duplicates only: no fingerprints, passages or reuse
	// NoRewrite finds verbatim passages only. By default rewritten passages (reworded,
	// reordered, split sentences: rewrite.go) are found too, at about a third more time and a
	// fifth more memory (BENCHMARKS.md, "Rewritten passages"); NoReuse leaves them out as well.
	NoRewrite     bool
	Window        int    // winnowing window in shingles; default 4 (Window+Shingle-1 = 8 words surface)
	MinPassage    int    // shortest passage reported, in words; default 8
	MaxGap        int    // words by which two runs may be apart and still merge into one passage; default 3
	MinReuseWords int    // words of shared passages that make a pair reuse; default 15
	Boilerplate   int    // a fingerprint in this many unrelated articles of one source is its boilerplate; default 3
	StockDocs     int    // a short passage whose fingerprints are all in this many unrelated articles is a stock phrase; default 4
	MaxPostings   int    // fingerprints in more articles than this make no candidates (LSH still finds copies); default 1000
	TempDir       string // where the text and hash spools and the postings spill are written; default os.TempDir()
	// KeepAnalyses has Run keep each document's analysis in a spool beside its text, for
	// Result.EachAnalyzed to give them back without reading the inputs again (neardup scan
	// --index relates the night's articles to the index with them).
	KeepAnalyses bool

	Read input.ReadOptions // input fields and limits

	// OnRecordError, if set, is called for every skipped record and every warning, in input order.
	OnRecordError func(*input.RecordError)
	// Progress, if set, is called now and then from one goroutine with the work done so far.
	Progress func(Progress)

	// onEvidence, for tests, is called with the groups of copies (unionFind.roots), and the
	// candidate pairs and the evidence the evidence stage found. Its arrays are unmapped when
	// Run returns (corpus.evMem) unless keepEvidence is set: then they are on the heap.
	onEvidence   func(root []int32, cands []uint64, ev *evidence)
	keepEvidence bool
	// mapAllEvidence, for tests, maps every array of the evidence outside the heap, small ones
	// too (offheap.Arena.Min)
	mapAllEvidence bool
	// noPrefilter turns the filter before verification off (prefilter.go): for tests that
	// show it changes no result.
	noPrefilter bool
	// forgetOwn has Run find a document's own words again for each pair that asks (no
	// corpus.owned): for the test that shows keeping them changes no result.
	forgetOwn bool
	// rawFingerprints, set by Run, has Each leave Analysis.Fingerprints in text order with
	// repeats: Run's postings sort them all at once, so sorting each document's is wasted.
	rawFingerprints bool
	// spoolShingles, set by Run, has Each hand over every document's shingle hashes
	// (Analysis.shingles) for Run to keep on disk beside the text, so that reading a document
	// back for comparing does not hash it again.
	spoolShingles bool
	// scanHashes, set by CompareWith for CompareOptions.AsScan, cuts shingle hashes to the 32
	// bits Run spools, so that a pair's sets, and so its Jaccard and containment, are Run's: two
	// shingles whose hashes agree in those bits count as one there (on a synthetic corpus of
	// 1,200 articles, one pair shared 6 shingles so and 5 in fact: Jaccard 0.0051 against 0.0043)
	scanHashes bool
	// checked, set by Options.CheckInputs, are inputs that input.Check passed: Each does not
	// check them again.
	checked []string
	// rewriteAsked is set by --rewrite given true (rewriteFlag): with NoReuse, an error.
	rewriteAsked bool
}

// Rewrites reports whether o finds rewritten passages: unless NoRewrite or NoReuse.
func (o *Options) Rewrites() bool { return !o.NoRewrite && !o.NoReuse }

// rewriteFlag is --rewrite, NoRewrite inverted: a boolean flag whose default is true.
type rewriteFlag struct{ o *Options }

func (f rewriteFlag) String() string   { return strconv.FormatBool(f.o != nil && !f.o.NoRewrite) }
func (f rewriteFlag) IsBoolFlag() bool { return true }

func (f rewriteFlag) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want true or false")
	}
	f.o.NoRewrite, f.o.rewriteAsked = !v, v
	return nil
}

// Progress is the state of a run, for a progress bar. Run reports the read stage ("read") as it
// goes, pairs done in the verify and align stages, and the end of every stage (Finished).
type Progress struct {
	Stage string // "read", "verify", "align"; when Finished, the stage's name as in Stats.Stages
	Bytes int64  // input bytes consumed (read stage)
	Docs  int    // documents read (read stage)
	Done  int    // pairs done (verify and align stages)
	Total int    // pairs to do (verify and align stages)

	// Finished says Stage is over, after Took; Next is the stage Run starts now ("" when Run
	// is done), for a spinner to name while it gives no counts.
	Finished bool
	Took     time.Duration
	Next     string
}

// SetDefaults replaces every zero field by its default.
func (o *Options) SetDefaults() {
	def := func(p *int, v int) {
		if *p == 0 {
			*p = v
		}
	}
	if o.Threshold == 0 {
		o.Threshold = DefaultThreshold
	}
	if o.Containment == 0 {
		o.Containment = DefaultContainment
	}
	def(&o.Shingle, DefaultShingle)
	def(&o.NumPerm, DefaultNumPerm)
	def(&o.Workers, runtime.GOMAXPROCS(0))
	def(&o.Window, DefaultWindow)
	def(&o.MinPassage, DefaultMinPassage)
	def(&o.MaxGap, DefaultMaxGap)
	def(&o.MinReuseWords, DefaultMinReuseWords)
	def(&o.Boilerplate, DefaultBoilerplate)
	def(&o.StockDocs, DefaultStockDocs)
	def(&o.MaxPostings, DefaultMaxPostings)
	def(&o.Read.MaxDocBytes, input.DefaultMaxDocBytes)
}

// Validate reports every problem with the options at once.
func (o *Options) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if o.Threshold <= 0 || o.Threshold > 1 {
		bad("--threshold %v: must be in (0, 1]", o.Threshold)
	}
	if o.Containment <= 0 || o.Containment > 1 {
		bad("--containment %v: must be in (0, 1]", o.Containment)
	}
	if o.Shingle < 1 || o.Shingle > 32 {
		bad("--shingle %d: must be 1 to 32 words", o.Shingle)
	}
	if o.NumPerm < 1 || o.NumPerm > 1024 {
		bad("--num-perm %d: must be 1 to 1024", o.NumPerm)
	}
	if o.Workers < 1 {
		bad("--workers %d: must be at least 1", o.Workers)
	}
	if o.Window < 1 {
		bad("--window %d: must be at least 1", o.Window)
	}
	if o.MinPassage < 1 {
		bad("--min-passage %d: must be at least 1", o.MinPassage)
	}
	if o.MaxGap < 0 {
		bad("--max-gap %d: must not be negative", o.MaxGap)
	}
	if o.MinReuseWords < 1 {
		bad("--min-reuse-words %d: must be at least 1", o.MinReuseWords)
	}
	if o.rewriteAsked && o.NoReuse {
		bad("--rewrite finds rewritten passages, which --no-reuse leaves out: give one of them")
	}
	if o.Boilerplate < 2 {
		bad("--boilerplate %d: must be at least 2", o.Boilerplate)
	}
	if o.StockDocs < 2 {
		bad("--stock-docs %d: must be at least 2", o.StockDocs)
	}
	// the reading options: the fields (two roles read from one JSON field: the text taken for
	// the id) and the stdin format, every problem listed; the size limit is checked here, with
	// the flag's name, and not again
	ro := o.Read
	if ro.MaxDocBytes < 1 || ro.MaxDocBytes > maxDocBytes {
		bad("--max-doc-bytes %d: must be positive and at most %d (4 GiB)", ro.MaxDocBytes, maxDocBytes)
		ro.MaxDocBytes = 0
	}
	if err := ro.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// RegisterFlags binds the options onto fs, with their defaults and help.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	o.SetDefaults()
	fs.Float64Var(&o.Threshold, "threshold", o.Threshold, "Jaccard of `J` (5-word shingle sets) or more makes two articles near-duplicates")
	fs.Float64Var(&o.Containment, "containment", o.Containment, "containment of `C` or more (share of the shorter article found in the longer) makes a near-duplicate: a truncated copy")
	fs.IntVar(&o.Shingle, "shingle", o.Shingle, "`words` per shingle")
	fs.IntVar(&o.NumPerm, "num-perm", o.NumPerm, "MinHash `permutations`; LSH bands and rows are chosen from it and the threshold")
	fs.IntVar(&o.Workers, "workers", o.Workers, "worker `goroutines`: the default is the number of cores")
	fs.BoolVar(&o.Strict, "strict", false, "stop at the first bad record (exit status 1) instead of skipping it; a symbolic link in a folder, not followed, is skipped all the same")
	fs.BoolVar(&o.NoReuse, "no-reuse", false, "find exact and near-duplicates only: no passage fingerprints, passages or reuse pairs")
	fs.Var(rewriteFlag{o}, "rewrite", "find rewritten passages too (reworded, reordered, split sentences), not only verbatim ones; --rewrite=false finds verbatim passages only, in about three quarters of the time")
	fs.IntVar(&o.Window, "window", o.Window, "winnowing window in `shingles`: any shared passage of window+shingle-1 words surfaces")
	fs.IntVar(&o.MinPassage, "min-passage", o.MinPassage, "shortest shared passage reported, in `words`")
	fs.IntVar(&o.MaxGap, "max-gap", o.MaxGap, "runs of shared words at most `N` words apart merge into one passage (a changed word, a dropped clause)")
	fs.IntVar(&o.MinReuseWords, "min-reuse-words", o.MinReuseWords, "shared passages adding up to `N` words make a pair reuse (one long quote is enough, one stock phrase is not)")
	fs.IntVar(&o.Boilerplate, "boilerplate", o.Boilerplate, "text found in `N` or more otherwise unrelated articles of one source is that source's boilerplate and never evidence")
	fs.IntVar(&o.StockDocs, "stock-docs", o.StockDocs, "a short passage found in `N` or more otherwise unrelated articles is a stock phrase and never evidence")
	fs.IntVar(&o.MaxPostings, "max-postings", o.MaxPostings, "a fingerprint in more than `N` articles makes no candidate pairs (near-duplicates still come from LSH)")
	fs.IntVar(&o.Read.MaxDocBytes, "max-doc-bytes", o.Read.MaxDocBytes, "skip documents over `N` bytes")
	fs.BoolVar(&o.Read.FollowSymlinks, "follow-symlinks", false, "in a directory INPUT, read the files symbolic links point to (by default links are skipped: they can reach outside the tree)")
	fs.Var(&o.Read.HTMLText, "html-text", "which text of an HTML page is compared (`main|all`): main, the article as a main-text extractor finds it; all, the whole visible text, site chrome included")
	fs.StringVar(&o.Read.Fields.ID, "id-field", "id", "JSON field of the article id (a string or a number)")
	fs.StringVar(&o.Read.Fields.Text, "text-field", "text", "JSON field of the article text")
	fs.StringVar(&o.Read.Fields.Source, "source-field", "source", "JSON field of the outlet")
	fs.StringVar(&o.Read.Fields.Title, "title-field", "title", "JSON field of the title")
	fs.StringVar(&o.Read.Fields.Published, "published-field", "published", "JSON field of the publication date (RFC 3339 or YYYY-MM-DD)")
	fs.StringVar(&o.Read.Fields.URL, "url-field", "url", "JSON field of the URL")
	fs.StringVar(&o.Read.Fields.Author, "author-field", "author", "JSON field of the author (a string, or a list of strings)")
	fs.StringVar(&o.TempDir, "tmpdir", "", "`dir` for the temporary files of texts, shingle hashes and postings (default: $TMPDIR)")
}

// StageTime is the wall time of one stage of a run.
type StageTime struct {
	Stage string
	Time  time.Duration
}

// CheckInputs is input.Check for a command that checks its inputs early, before work of
// its own (opening or creating an index): when they pass, o remembers them, and Each (so Run)
// given o and the same inputs does not check them again.
func (o *Options) CheckInputs(inputs []string, stdin io.Reader) error {
	if err := input.Check(inputs, stdin); err != nil {
		return err
	}
	o.checked = slices.Clone(inputs)
	return nil
}
