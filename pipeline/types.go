package pipeline

import (
	"fmt"
	"time"
)

// Document is one article as read from the input, with its text made valid UTF-8.
// All byte offsets reported for a document index Text.
type Document struct {
	ID        string    // unique within a run; from the id field, or the path relative to the input directory
	Source    string    // outlet; from the source field, or the first sub-directory; may be empty
	Title     string    // optional
	URL       string    // optional
	Published time.Time // zero when unknown
	Text      string    // the text compared; for .html files, the extracted visible text

	File string // where the document was read: a path, or "-" for stdin
	Line int    // line number in File for JSON Lines (1-based); 0 for a whole file
}

// Where names the document's place in the input as FILE:LINE (or FILE for a whole file).
func (d *Document) Where() string {
	if d.Line > 0 {
		return fmt.Sprintf("%s:%d", d.File, d.Line)
	}
	return d.File
}

// RecordError is a problem with one input record. The run goes on without the record
// unless it is strict; Warning errors keep the record (for example repaired UTF-8).
type RecordError struct {
	File    string // path, or "-" for stdin
	Line    int    // 1-based line, or 0 for a whole file
	Reason  string // lower case, no trailing period: "malformed JSON: ..."
	Warning bool   // the record was kept (repaired); not counted as skipped
}

func (e *RecordError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// Relation is how two documents are related.
type Relation string

// The relations of a verified pair.
const (
	Exact         Relation = "exact"          // identical normalised token sequences
	NearDuplicate Relation = "near-duplicate" // Jaccard ≥ Threshold, or containment ≥ Containment (a truncated copy)
	Reuse         Relation = "reuse"          // shared passages of at least MinReuseWords words
)

// Kinds of cluster.
const (
	KindExact      = "exact"      // exact duplicates only
	KindSyndicated = "syndicated" // exact and near-duplicates
	KindStory      = "story"      // at least one reuse pair: rewrites of one story
)

// Passage is a stretch of text that two documents share. Offsets are bytes into each document's
// Text: AText == a.Text[AStart:AEnd], exactly as document a wrote it.
type Passage struct {
	AStart, AEnd int
	BStart, BEnd int
	Words        int // words of the passage in document a
	// The passage's text in each document. Run leaves them empty, so that memory does not grow
	// with the text of every related pair: Result.LoadTexts fills a cluster's when it is needed.
	AText, BText string
}

// Pair is a verified pair of related documents; A comes before B in the input.
type Pair struct {
	A, B        string // document ids
	Relation    Relation
	Jaccard     float64 // exact Jaccard of the two shingle sets
	Containment float64 // share of the smaller shingle set found in the larger
	CoverageA   float64 // share of A's words inside shared passages
	CoverageB   float64 // share of B's words inside shared passages
	Passages    []Passage

	a, b int // document numbers, for ordering
}

// Member is a document of a cluster, without its text.
type Member struct {
	ID        string
	Source    string
	Title     string
	URL       string
	Published time.Time
	Words     int    // tokens in the text
	Bytes     int    // length of the text
	Where     string // FILE:LINE it was read from
	Indexed   bool   // an article of the persistent index (scan --index), not of this run's input
}

// Cluster is a group of related documents: the connected component of their related pairs.
type Cluster struct {
	Number         int    // 1-based, in output order
	Kind           string // KindExact, KindSyndicated or KindStory
	Representative string // earliest published, else longest text, else first seen
	Members        []Member
	Pairs          []Pair
}

// Result is the outcome of a run. Close it when done: it keeps the texts of the documents in a
// temporary file, for reports that show them in full.
type Result struct {
	Clusters []Cluster // clusters of two or more documents, largest first
	Stats    Stats

	texts func(id string) (string, error)
	close func() error
}

// Text returns the full text of a document of the result (as compared: for HTML input, the
// extracted text), read back from the run's temporary spool.
func (r *Result) Text(id string) (string, error) {
	if r.texts == nil {
		return "", fmt.Errorf("text of %q: result has no texts", id)
	}
	return r.texts(id)
}

// LoadTexts fills in the AText and BText of every passage of a cluster of the result, reading
// the texts back from the spool. Reports load one cluster at a time and DropTexts after. It may
// run for different clusters at once (Text is safe for concurrent use).
func (r *Result) LoadTexts(c *Cluster) error {
	texts := map[string]string{}
	text := func(id string) (string, error) {
		if t, ok := texts[id]; ok {
			return t, nil
		}
		t, err := r.Text(id)
		texts[id] = t
		return t, err
	}
	for i := range c.Pairs {
		p := &c.Pairs[i]
		if len(p.Passages) == 0 || p.Passages[0].AText != "" {
			continue
		}
		ta, err := text(p.A)
		if err != nil {
			return err
		}
		tb, err := text(p.B)
		if err != nil {
			return err
		}
		for k := range p.Passages {
			q := &p.Passages[k]
			if q.AEnd > len(ta) || q.BEnd > len(tb) {
				return fmt.Errorf("passage %d of %s ~ %s: offsets beyond the texts", k, p.A, p.B)
			}
			q.AText, q.BText = ta[q.AStart:q.AEnd], tb[q.BStart:q.BEnd]
		}
	}
	return nil
}

// DropTexts empties the passage texts of a cluster that LoadTexts filled.
func (r *Result) DropTexts(c *Cluster) {
	for i := range c.Pairs {
		for k := range c.Pairs[i].Passages {
			c.Pairs[i].Passages[k].AText, c.Pairs[i].Passages[k].BText = "", ""
		}
	}
}

// WithTexts makes Text fall back on more for the documents the run did not read: articles of a
// persistent index that neardup scan --index adds to the clusters.
func (r *Result) WithTexts(more func(id string) (string, error)) {
	own := r.texts
	r.texts = func(id string) (string, error) {
		if own != nil {
			if t, err := own(id); err == nil {
				return t, nil
			}
		}
		return more(id)
	}
}

// Close releases the texts of the result. It is safe to call more than once.
func (r *Result) Close() error {
	if r.close == nil {
		return nil
	}
	err := r.close()
	r.close, r.texts = nil, nil
	return err
}

// Stats counts what a run read and found.
type Stats struct {
	Docs        int            // documents read and compared
	Bytes       int64          // bytes of their texts
	Skipped     int            // records skipped
	SkipReasons map[string]int // skipped records by reason
	Warnings    int            // records kept with a warning (e.g. invalid UTF-8 repaired)

	Bands         Bands   // the LSH banding used
	BandProb      float64 // probability that a pair at the threshold becomes a candidate
	ExactGroups   int     // groups of exact duplicates
	LSHCandidates int     // candidate pairs from LSH
	FPCandidates  int     // candidate pairs from shared passage fingerprints
	Boilerplate   int     // fingerprints found to be some source's boilerplate
	StockPhrases  int     // passages dropped as stock phrases
	Pairs         int     // related pairs reported
	PairsBy       map[Relation]int
	Clusters      int
	Singletons    int // documents related to no other
	Stages        []StageTime
	Elapsed       time.Duration
}
