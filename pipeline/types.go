package pipeline

import (
	"fmt"
	"sync"
	"time"
	"unsafe"

	"github.com/neardup/neardup/credit"
	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/shingle"
)

// Document is one article as read from the input, with its text made valid UTF-8 (package
// input reads it). All byte offsets reported for a document index Text.
type Document = input.Document

// Relation is how two documents are related.
type Relation string

// The relations of a verified pair.
const (
	Exact         Relation = "exact"          // identical normalised token sequences
	NearDuplicate Relation = "near-duplicate" // Jaccard ≥ Threshold, or containment ≥ Containment (a truncated copy)
	Reuse         Relation = "reuse"          // shared passages of at least MinReuseWords words
)

// Match is how a passage's two sides match.
type Match string

// The matches of a passage.
const (
	Verbatim  Match = "verbatim"  // the same words in the same order, but for gaps of up to MaxGap words
	Rewritten Match = "rewritten" // the same sentences reworded: synonyms, clauses reordered, sentences split or merged
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
	// ACredit and BCredit say how each document gives the passage: as a quote, as copy it
	// credits to a wire or an outlet, or neither (package credit). Filled with the texts.
	ACredit, BCredit credit.Kind
	recurring        bool // its text recurs in other documents: reported with its docset (recurring.go)
	// Shared is the number of the shared passage (SharedPassage.Number) of the record that
	// reports the pair, that this passage is an occurrence of; 0 when not grouped.
	Shared int
	// Match says how the two sides match: Verbatim (the same words, but for a few changed
	// ones), or Rewritten (the same sentences in other words: rewrite.go). Similarity is how
	// alike the sides are, 0..1: 1 for verbatim passages, the tf-idf cosine of the two sides'
	// words for rewritten ones.
	Match      Match
	Similarity float64
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
	// Story says why the pair makes its documents one story: "copy" (exact or near-duplicate),
	// "own passages" (two or more passages that no other document holds), "context" (the rest
	// of the texts tell the same story), "substantial copy" (much of the smaller text is in the
	// larger), "quotes" (a document in no story shares two or more passages with two or more
	// members of one, or a passage that two or more of its members hold: storyGraph.joinByQuotes
	// and joinByQuote), "series" (two items of one template series of their source, series.go,
	// sharing a verbatim passage); "" for a pair that only links them.
	Story string
	// Context is the similarity of the two texts outside the text they share with others, 0..1,
	// when it was measured (reuse pairs); -1 when not.
	Context float64
	Cluster int // the cluster both documents are in; 0 when they are not in one
	// Origin is the id of the likely original of the two (A or B), "" when undecided; OriginBy
	// says what decided it (ByPublished, ByText) and OriginRule which text rule (origin.go).
	Origin, OriginBy, OriginRule string
	// Changes are the edits the later article made to the earlier, for a near-duplicate pair
	// (changes.go); nil for others. Run's are made with the texts, by Result.LoadTexts,
	// LoadPairTexts and LoadHubTexts (and Result.PairChanges); Direct's at once.
	Changes *Changes

	a, b int // document numbers, for ordering
	// madeChanges is set when loading the texts made Changes, which dropping them drops
	madeChanges bool
	// pieces are the pair's verbatim passages as aligned, when rewritten or joined passages took
	// some in: not listed, but grouped with the other occurrences of their text (groupPassages:
	// a quote several articles carry keeps every one of them), and the direction reads them
	// (directionPassages)
	pieces []Passage
}

// SharedPassage is one passage that several documents of a record share, with every place it
// occurs: reported once, however many pairs share it.
type SharedPassage struct {
	Number int // 1-based within the record that reports it
	Words  int // words of its longest occurrence
	// Match is Rewritten for a rewritten passage of one pair (its two sides, in other words),
	// else Verbatim
	Match       Match
	Occurrences []Occurrence
	// Text is the passage as its longest occurrence (the first of them) wrote it; filled by
	// Result.LoadTexts.
	Text string
}

// Occurrence is where a shared passage occurs: bytes Start to End of document ID's text.
type Occurrence struct {
	ID         string
	Start, End int
	Words      int
	// Text is the occurrence's text when it differs from the passage's (accents, quotes, a word
	// changed); filled by Result.LoadTexts.
	Text string
	// Credit says how document ID gives the passage (package credit); filled by
	// Result.LoadTexts.
	Credit credit.Kind

	doc  int32  // beside Credit, a byte: 72 bytes an occurrence, where an int made 80
	hash uint64 // of the text, when known: those alike need not be read back (0: unknown)
}

// Link is a document outside a cluster that shares passages with its members, with the pairs
// it is related to them by (none of them a story edge).
type Link struct {
	ID      string
	Cluster int // the cluster the linked document is in; 0 for none
	Pairs   []Pair
}

// Hub is a document in no cluster that shares passages with others, with its links: to
// clusters' members (each of those clusters lists it among its links too), or to documents in no
// cluster either (then the pair is listed once: under the one read first, or under the hub when
// only the other is one). Result.Hubs holds the hubs the rule found (a digest, a roundup);
// Result.Linked the rest.
type Hub struct {
	Member Member
	Links  []Link
}

// Member is a document of a cluster, without its text.
type Member struct {
	ID        string
	Source    string
	Title     string
	URL       string
	Author    string // "" when unknown
	Published time.Time
	Words     int    // tokens in the text
	Bytes     int    // length of the text
	Where     string // FILE:LINE it was read from
	Indexed   bool   // an article of the persistent index (scan --index), not of this run's input
	// Earlier is set for an indexed article that joined the cluster as an article of the earlier
	// story the cluster continues (JoinEarlier), in none of its pairs
	Earlier bool
	Hub     bool // the hub rule found it compiles several stories (a digest, a roundup)
}

// Cluster is one story: the connected component of the story edges among related pairs.
type Cluster struct {
	Number         int    // 1-based, in output order
	Kind           string // KindExact, KindSyndicated or KindStory
	Representative string // earliest published, else longest text, else first seen
	Members        []Member
	Pairs          []Pair          // the related pairs of members, story edges or not
	Passages       []SharedPassage // the passages members share, each once, with every occurrence
	Links          []Link          // documents outside that share passages with members
	// First is the member that appeared first ("" when several tie for it); Spread the
	// members' ids in order of appearance and SpreadRank the rank of each (equal for members
	// the evidence cannot order): see Spread.
	First      string
	Spread     []string
	SpreadRank []int
}

// Result is the outcome of a run. Close it when done: it keeps the texts of the documents in a
// temporary file, for reports that show them in full.
type Result struct {
	Clusters []Cluster // clusters of two or more documents, largest first
	// Hubs are the documents in no cluster that the hub rule found to compile several stories
	// (a digest, a roundup), in input order, each with its links.
	Hubs []Hub
	// Linked are the other documents in no cluster that share passages with others (a
	// standard paragraph, a quote in unrelated pieces), in input order, each with its links.
	Linked []Hub
	// Passages are the shared passages of documents that are not one story (no cluster holds
	// them all), each with every occurrence, in order of their first occurrence.
	Passages []SharedPassage
	// Pairs is every related pair, story edge or link, once, in input order. A pair of two
	// members of one cluster shares its Passages (their texts, credits and Shared numbers) with
	// its listing in the cluster's Pairs; a link's listings have passages of their own.
	Pairs []Pair
	Stats Stats
	// Credits makes the first call of LoadTexts, LoadPairTexts, LoadHubTexts or
	// LoadPassageTexts fill in every passage's credits (Passage.ACredit and BCredit,
	// Occurrence.Credit): that reads the whole text of every document a passage is in, once,
	// and a report that shows no credit need not. Set it before loading any texts.
	Credits    bool
	creditOnce sync.Once
	creditErr  error
	// changes is set when loading a near-duplicate pair's texts makes its Changes (Run's result,
	// unless NoReuse): made for every pair at once, they were the largest part of the result
	// after the occurrences (16 of 70 MB for the recurring-paragraph corpus's 3,180
	// near-duplicate pairs), held while the report was written, where a record needs only its own
	changes bool
	// joined are the documents (by number) that joined a story by a passage alone, in no pair
	// (joinByPassages), or in a small story that did (joinStories), ascending: the passages that
	// join them are reported with the story (placeJoined)
	joined                   []int32
	passageJoins, storyJoins int // the documents joinByPassages joined; the stories joinStories did

	texts func(id string) (string, error)
	ids   []string // the run's documents, in input order (IDs); nil for a result made otherwise
	wt    *weigher // the run's word weights (Weights); nil for none
	// series are the run's items of a source's template series, by id: their series (Series)
	series map[string]string
	// span reads bytes start to end of a text alone, where it can (nil: texts, sliced): a
	// passage in seventeen articles reads seventeen passages, not seventeen articles
	span func(id string, start, end int) (string, error)
	// textInto reads a text into buf, reusing it, where it can (nil: texts): credits read
	// every text once, and a new string for each was a fifth of what they allocate
	textInto func(id string, buf []byte) ([]byte, error)
	close    func() error
	// spool holds Run's texts, and analyses, with Options.KeepAnalyses, its documents' analyses
	// (EachAnalyzed); nil for other results
	spool, analyses *spool
}

// textIn returns the text of document id, in *buf (grown as needed) when the result can read
// it there: the string is valid only until *buf is used again.
func (r *Result) textIn(id string, buf *[]byte) (string, error) {
	if r.textInto == nil {
		return r.Text(id)
	}
	b, err := r.textInto(id, *buf)
	if err != nil {
		return "", err
	}
	*buf = b
	return unsafe.String(unsafe.SliceData(b), len(b)), nil
}

// IDs returns the ids of the documents the run read, in input order (none for a result that
// Run did not make).
func (r *Result) IDs() []string { return r.ids }

// Series returns the series (SourceSeries: the SeriesTitle of its title) of the run's document
// id among its source's documents, "" when it is no item of one (or the run had --no-reuse,
// which tells no series): neardup scan --index relates a night's item to the indexed items of
// its series by it (index.MatchOptions.Series).
func (r *Result) Series(id string) string { return r.series[id] }

// Text returns the full text of a document of the result (as compared: for HTML input, the
// extracted text), read back from the run's temporary spool.
func (r *Result) Text(id string) (string, error) {
	if r.texts == nil {
		return "", fmt.Errorf("text of %q: result has no texts", id)
	}
	return r.texts(id)
}

// LoadTexts fills in the texts of a cluster of the result: of its pairs' and links' passages
// (AText, BText) and of its shared passages (Text, and each occurrence's Text when it differs),
// reading them back from the spool. Reports load one cluster at a time and DropTexts after. It
// may run for different clusters at once (Text is safe for concurrent use).
func (r *Result) LoadTexts(c *Cluster) error {
	if err := r.credits(); err != nil {
		return err
	}
	lt := r.textLoader()
	defer lt.done()
	for i := range c.Pairs {
		if err := lt.pair(&c.Pairs[i]); err != nil {
			return err
		}
	}
	for i := range c.Links {
		for j := range c.Links[i].Pairs {
			if err := lt.pair(&c.Links[i].Pairs[j]); err != nil {
				return err
			}
		}
	}
	for i := range c.Passages {
		if err := lt.shared(&c.Passages[i]); err != nil {
			return err
		}
	}
	return nil
}

// LoadPassageTexts fills in the texts of a shared passage of the result (Result.Passages).
func (r *Result) LoadPassageTexts(sp *SharedPassage) error {
	if err := r.credits(); err != nil {
		return err
	}
	return r.textLoader().shared(sp)
}

// LoadPairTexts fills in the passage texts of a pair of the result.
func (r *Result) LoadPairTexts(p *Pair) error {
	if err := r.credits(); err != nil {
		return err
	}
	lt := r.textLoader()
	defer lt.done()
	return lt.pair(p)
}

// LoadHubTexts fills in the passage texts of a hub's links.
func (r *Result) LoadHubTexts(h *Hub) error {
	if err := r.credits(); err != nil {
		return err
	}
	lt := r.textLoader()
	defer lt.done()
	for i := range h.Links {
		for j := range h.Links[i].Pairs {
			if err := lt.pair(&h.Links[i].Pairs[j]); err != nil {
				return err
			}
		}
	}
	return nil
}

// textLoader reads texts back for one record, each document once.
type textLoader struct {
	r     *Result
	texts map[string]string
	toks  map[string][]shingle.Token // of the texts, for the pairs' changes, until done
	tzs   []*shingle.Tokenizer       // whose memory toks are in
}

// tokenizers lend their memory to the text loaders of the records being written: a new
// tokenization of every text of a cluster record was a fifth of the changes' CPU time at
// 200,000 synthetic articles (0.2 of 1.37 CPU s).
var tokenizers = sync.Pool{New: func() any { return new(shingle.Tokenizer) }}

// done gives back the tokenizers' memory: the tokens are no longer asked for.
func (lt *textLoader) done() {
	for _, tz := range lt.tzs {
		tokenizers.Put(tz)
	}
	lt.tzs, lt.toks = nil, nil
}

func (r *Result) textLoader() *textLoader {
	return &textLoader{r: r, texts: map[string]string{}}
}

func (lt *textLoader) text(id string) (string, error) {
	if t, ok := lt.texts[id]; ok {
		return t, nil
	}
	t, err := lt.r.Text(id)
	if err != nil {
		return "", err // not kept: asked again, it is an error again
	}
	lt.texts[id] = t
	return t, nil
}

// tokens returns document id's text and its tokens.
func (lt *textLoader) tokens(id string) (string, []shingle.Token, error) {
	t, err := lt.text(id)
	if err != nil {
		return "", nil, err
	}
	if lt.toks == nil {
		lt.toks = map[string][]shingle.Token{}
	}
	toks, ok := lt.toks[id]
	if !ok {
		tz := tokenizers.Get().(*shingle.Tokenizer)
		lt.tzs = append(lt.tzs, tz)
		toks = tz.Tokenize(t)
		lt.toks[id] = toks
	}
	return t, toks, nil
}

// changes makes p's Changes, if the result makes them with the texts and p is a near-duplicate
// pair without them: the edits its later article made to the earlier (A's to B's when neither
// is known to be the original), as Direct makes them.
func (lt *textLoader) changes(p *Pair) error {
	if !lt.r.changes || p.Relation != NearDuplicate || p.Changes != nil {
		return nil
	}
	ta, toksA, err := lt.tokens(p.A)
	if err != nil {
		return err
	}
	tb, toksB, err := lt.tokens(p.B)
	if err != nil {
		return err
	}
	p.Changes, p.madeChanges = pairChanges(p.A, p.B, p.Origin, ta, tb, toksA, toksB, p.Passages), true
	return nil
}

// PairChanges returns the Changes of a pair of the result: p.Changes, or those loading its texts
// makes (LoadPairTexts), made from the texts and not kept.
func (r *Result) PairChanges(p *Pair) (*Changes, error) {
	if p.Changes != nil || !r.changes || p.Relation != NearDuplicate {
		return p.Changes, nil
	}
	q := *p
	lt := r.textLoader()
	defer lt.done()
	if err := lt.changes(&q); err != nil {
		return nil, err
	}
	return q.Changes, nil
}

// span returns bytes start to end of a text: from the texts read for the record, else read
// alone.
func (lt *textLoader) span(id string, start, end int) (string, error) {
	t, ok := lt.texts[id]
	if !ok && lt.r.span != nil {
		return lt.r.span(id, start, end)
	}
	if !ok {
		var err error
		if t, err = lt.text(id); err != nil {
			return "", err
		}
	}
	return slice(id, t, start, end)
}

// slice returns bytes start to end of document id's text t, or an error naming the document
// when they lie outside it.
func slice(id, t string, start, end int) (string, error) {
	if err := checkSpan(id, len(t), start, end); err != nil {
		return "", err
	}
	return t[start:end], nil
}

// checkSpan says whether bytes start to end lie in document id's text of n bytes.
func checkSpan(id string, n, start, end int) error {
	if start < 0 || start > end || end > n {
		return fmt.Errorf("%s: offsets %d to %d beyond the text", id, start, end)
	}
	return nil
}

func (lt *textLoader) pair(p *Pair) error {
	if err := lt.changes(p); err != nil {
		return err
	}
	if len(p.Passages) == 0 || p.Passages[0].AText != "" {
		return nil
	}
	ta, err := lt.text(p.A)
	if err != nil {
		return err
	}
	tb, err := lt.text(p.B)
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
	return nil
}

func (lt *textLoader) shared(sp *SharedPassage) error {
	if sp.Text != "" || len(sp.Occurrences) == 0 {
		return nil
	}
	longest := 0
	for i := range sp.Occurrences {
		if sp.Occurrences[i].Words > sp.Occurrences[longest].Words {
			longest = i
		}
	}
	read := func(o *Occurrence) (string, error) {
		t, err := lt.span(o.ID, o.Start, o.End)
		if err != nil {
			return "", fmt.Errorf("shared passage %d: %w", sp.Number, err)
		}
		return t, nil
	}
	l := &sp.Occurrences[longest]
	text, err := read(l)
	if err != nil {
		return err
	}
	for i := range sp.Occurrences {
		o := &sp.Occurrences[i]
		if i == longest || o.hash != 0 && o.hash == l.hash && o.End-o.Start == len(text) {
			continue // the same text
		}
		t, err := read(o)
		if err != nil {
			return err
		}
		if t != text {
			o.Text = t
		}
	}
	sp.Text = text
	return nil
}

// DropTexts empties the texts of a cluster that LoadTexts filled.
func (r *Result) DropTexts(c *Cluster) {
	for i := range c.Pairs {
		dropPair(&c.Pairs[i])
	}
	for i := range c.Links {
		for j := range c.Links[i].Pairs {
			dropPair(&c.Links[i].Pairs[j])
		}
	}
	for i := range c.Passages {
		DropPassageTexts(&c.Passages[i])
	}
}

// DropPassageTexts empties the texts of a shared passage.
func DropPassageTexts(sp *SharedPassage) {
	sp.Text = ""
	for i := range sp.Occurrences {
		sp.Occurrences[i].Text = ""
	}
}

// DropPairTexts empties the passage texts of a pair that LoadPairTexts or LoadHubTexts filled,
// and drops the Changes they made.
func DropPairTexts(p *Pair) { dropPair(p) }

func dropPair(p *Pair) {
	for k := range p.Passages {
		p.Passages[k].AText, p.Passages[k].BText = "", ""
	}
	if p.madeChanges {
		p.Changes, p.madeChanges = nil, false
	}
}

// WithTexts makes Text fall back on more for the documents the run did not read: articles of a
// persistent index that neardup scan --index adds to the clusters.
func (r *Result) WithTexts(more func(id string) (string, error)) {
	own, ownSpan := r.texts, r.span
	r.textInto = nil // Text, which falls back on more
	r.texts = func(id string) (string, error) {
		if own != nil {
			if t, err := own(id); err == nil {
				return t, nil
			}
		}
		return more(id)
	}
	r.span = func(id string, start, end int) (string, error) {
		if ownSpan != nil {
			if t, err := ownSpan(id, start, end); err == nil {
				return t, nil
			}
		}
		t, err := more(id)
		if err != nil {
			return "", err
		}
		return slice(id, t, start, end)
	}
}

// Close releases the texts of the result. It is safe to call more than once.
func (r *Result) Close() error {
	if r.close == nil {
		return nil
	}
	err := r.close()
	r.close, r.texts, r.span, r.textInto, r.spool, r.analyses = nil, nil, nil, nil, nil, nil
	return err
}

// Stats counts what a run read and found.
type Stats struct {
	Docs        int            // documents read and compared
	Bytes       int64          // bytes of their texts
	Skipped     int            // records skipped
	SkipReasons map[string]int // skipped records by kind (input.RecordKind)
	Warnings    int            // records kept with a warning (e.g. invalid UTF-8 repaired)

	Bands         Bands   // the LSH banding used
	BandProb      float64 // probability that a pair at the threshold becomes a candidate
	ExactGroups   int     // groups of exact duplicates
	LSHCandidates int     // candidate pairs from LSH
	Prefiltered   int     // of these, dropped before verification by their b-bit sketches
	FPCandidates  int     // candidate pairs from shared passage fingerprints
	// StoryCandidates is how many of them a story's docset made (storyShare): story evidence at
	// a lower context bar
	StoryCandidates int
	// RewriteCandidates is how many pairs share sentence keys (rewrite.go), aligned for
	// rewritten passages
	RewriteCandidates int
	// RewriteCopied is how many of them no other signal found and share keys only in sentences
	// both hold as written: left to the passage fingerprints, not compared (sentencesCopied)
	RewriteCopied int
	Docsets       int // sets of documents holding the same recurring text (three or more groups)
	Boilerplate   int // fingerprints found to be some source's boilerplate
	Series        int // sources' series told by their titles (series.go)
	SeriesItems   int // documents that are items of one
	StockPhrases  int // passages dropped as stock phrases
	Pairs         int // related pairs reported
	PairsBy       map[Relation]int
	Edges         map[string]int // story edges by reason
	Hubs          int            // hubs in no cluster (Result.Hubs)
	Linked        int            // other documents in no cluster related to others (Result.Linked)
	HubRule       int            // documents whose story edges to several stories the hub rule dropped
	Bridges       int            // story edges between two stories by text neither holds that the bridge rule dropped
	Digests       int            // documents in a story that the digest rule found compilations by their links (counted in HubRule too)
	Compilers     int            // documents in a story that the compiler rule found compilations by their source's (counted in HubRule too)
	Clusters      int
	Singletons    int // documents related to no other and in no story
	// PassageJoins is how many documents in no story (in no pair, or linked) joined a story by a
	// passage its members hold (joinByPassages)
	PassageJoins int
	// StoryJoins is how many small stories joined the larger one their recurring text points at
	// (joinStories)
	StoryJoins int
	Stages     []StageTime
	Elapsed    time.Duration
}
