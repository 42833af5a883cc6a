package report

import (
	"github.com/neardup/neardup/pipeline"
)

// The structs of the JSON Lines output contract, version 3 (README, "Output"): encoding/json's
// encoding of a record in them, with HTML escaping off, is by definition its line. Clusters, the
// bulk of a report, are written by a hand-written encoder (appendCluster) that the tests hold to
// encoding/json's bytes, as are the records of shared passages (appendPassageRecord); hubs and
// pairs are encoded by encoding/json itself.

type jsonMember struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Title     string `json:"title"`
	Published string `json:"published"`
	URL       string `json:"url,omitempty"`
	Author    string `json:"author,omitempty"`
	Words     int    `json:"words"`
	Indexed   bool   `json:"indexed,omitempty"`
	Earlier   bool   `json:"earlier,omitempty"`
	Hub       bool   `json:"hub,omitempty"`
}

// jsonPassageRef is a passage of a pair in a cluster record: its offsets, and the number of the
// cluster's shared passage that holds its text.
type jsonPassageRef struct {
	Passage int `json:"passage"`
	AStart  int `json:"a_start"`
	AEnd    int `json:"a_end"`
	BStart  int `json:"b_start"`
	BEnd    int `json:"b_end"`
	Words   int `json:"words"`
	// Match is how the two sides match: "verbatim" or "rewritten"; Similarity how alike they
	// are, 0..1 (1 for verbatim)
	Match      string  `json:"match"`
	Similarity float64 `json:"similarity"`
	ACredit    string  `json:"a_credit"` // how a gives it: quote, credited or none (package credit)
	BCredit    string  `json:"b_credit"`
}

// jsonPassage is a passage of a pair with both texts: in pair records and hub records.
type jsonPassage struct {
	AStart int `json:"a_start"`
	AEnd   int `json:"a_end"`
	BStart int `json:"b_start"`
	BEnd   int `json:"b_end"`
	Words  int `json:"words"`
	// as in jsonPassageRef
	Match      string  `json:"match"`
	Similarity float64 `json:"similarity"`
	AText      string  `json:"a_text"`
	BText      string  `json:"b_text"`
	ACredit    string  `json:"a_credit"`
	BCredit    string  `json:"b_credit"`
}

// similarityOf is a passage's similarity, rounded: 1 for a verbatim one.
func similarityOf(q pipeline.Passage) float64 {
	if q.Match != pipeline.Rewritten {
		return 1
	}
	return round4(q.Similarity)
}

// sharedMatch names how a shared passage's occurrences match: "verbatim" when the pipeline did
// not say.
func sharedMatch(sp *pipeline.SharedPassage) string {
	if sp.Match == "" {
		return string(pipeline.Verbatim)
	}
	return string(sp.Match)
}

// matchOf names how a passage matches: "verbatim" when the pipeline did not say.
func matchOf(q pipeline.Passage) string {
	if q.Match == "" {
		return string(pipeline.Verbatim)
	}
	return string(q.Match)
}

// jsonPairFigures are the fields every pair has.
type jsonPairFigures struct {
	A           string       `json:"a"`
	B           string       `json:"b"`
	Relation    string       `json:"relation"`
	Story       string       `json:"story"`
	Jaccard     float64      `json:"jaccard"`
	Containment float64      `json:"containment"`
	CoverageA   float64      `json:"coverage_a"`
	CoverageB   float64      `json:"coverage_b"`
	Context     *float64     `json:"context,omitempty"`
	Origin      string       `json:"origin"`
	OriginBy    string       `json:"origin_by"`
	Changes     *jsonChanges `json:"changes,omitempty"`
}

// jsonChanges are the edits the later article of a near-duplicate pair made to the earlier.
type jsonChanges struct {
	From         string     `json:"from"`
	To           string     `json:"to"`
	WordsAdded   int        `json:"words_added"`
	WordsRemoved int        `json:"words_removed"`
	Added        []string   `json:"added"`
	Removed      []string   `json:"removed"`
	Edits        []jsonEdit `json:"edits"`
	Truncated    bool       `json:"truncated,omitempty"`
}

type jsonEdit struct {
	Kind string `json:"kind"`
	From string `json:"from"`
	To   string `json:"to"`
}

// jsonClusterPair is a pair in a cluster record: figures, and passages by reference.
type jsonClusterPair struct {
	jsonPairFigures
	Passages []jsonPassageRef `json:"passages"`
}

type jsonOccurrence struct {
	ID     string `json:"id"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Words  int    `json:"words"`
	Text   string `json:"text,omitempty"`
	Credit string `json:"credit"` // how document ID gives it: quote, credited or none
}

type jsonShared struct {
	Passage     int              `json:"passage"`
	Words       int              `json:"words"`
	Match       string           `json:"match"` // "verbatim", or "rewritten": a pair's sides in other words
	Text        string           `json:"text"`
	Occurrences []jsonOccurrence `json:"occurrences"`
}

type jsonLink struct {
	ID      string            `json:"id"`
	Cluster int               `json:"cluster"`
	Pairs   []jsonClusterPair `json:"pairs"`
}

type jsonCluster struct {
	Version        int               `json:"version"`
	Cluster        int               `json:"cluster"`
	Kind           string            `json:"kind"`
	Representative string            `json:"representative"`
	First          string            `json:"first"`
	Spread         []string          `json:"spread"`
	SpreadRank     []int             `json:"spread_rank"`
	Members        []jsonMember      `json:"members"`
	Passages       []jsonShared      `json:"passages"`
	Pairs          []jsonClusterPair `json:"pairs"`
	Links          []jsonLink        `json:"links"`
}

// jsonPair is a pair with its passages' texts: one line of --format pairs, and the pairs of a
// hub's links.
type jsonPair struct {
	Version *int `json:"version,omitempty"`
	jsonPairFigures
	Cluster  *int          `json:"cluster,omitempty"`
	Passages []jsonPassage `json:"passages"`
}

type jsonHubLink struct {
	ID      string     `json:"id"`
	Cluster int        `json:"cluster"`
	Pairs   []jsonPair `json:"pairs"`
}

// jsonHub is a document in no cluster that shares passages with others.
type jsonHub struct {
	Version int           `json:"version"`
	Kind    string        `json:"kind"` // "hub" or "linked"
	Member  jsonMember    `json:"member"`
	Links   []jsonHubLink `json:"links"`
}

// jsonPassageRecord is a shared passage of documents that are not one story.
type jsonPassageRecord struct {
	Version int    `json:"version"`
	Kind    string `json:"kind"` // "passage"
	jsonShared
}

func jsonMemberOf(m pipeline.Member) jsonMember {
	return jsonMember{ID: m.ID, Source: m.Source, Title: m.Title, Published: Date(m.Published),
		URL: m.URL, Author: m.Author, Words: m.Words, Indexed: m.Indexed, Earlier: m.Earlier, Hub: m.Hub}
}

func figures(p *pipeline.Pair) jsonPairFigures {
	f := jsonPairFigures{A: p.A, B: p.B, Relation: string(p.Relation), Story: p.Story, Jaccard: round4(p.Jaccard),
		Containment: round4(p.Containment), CoverageA: round4(p.CoverageA), CoverageB: round4(p.CoverageB)}
	if p.Context >= 0 {
		c := round4(p.Context)
		f.Context = &c
	}
	f.Origin, f.OriginBy = p.Origin, p.OriginBy
	if ch := p.Changes; ch != nil {
		jc := &jsonChanges{From: ch.From, To: ch.To, WordsAdded: ch.WordsAdded, WordsRemoved: ch.WordsRemoved,
			Added: nonNil(ch.Added), Removed: nonNil(ch.Removed), Edits: make([]jsonEdit, len(ch.Edits)), Truncated: ch.Truncated}
		for i, e := range ch.Edits {
			jc.Edits[i] = jsonEdit{Kind: e.Kind, From: e.From, To: e.To}
		}
		f.Changes = jc
	}
	return f
}

// nonNil is s, or an empty list for nil: the contract writes [] for none, never null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func clusterPair(p *pipeline.Pair) jsonClusterPair {
	jp := jsonClusterPair{jsonPairFigures: figures(p), Passages: make([]jsonPassageRef, len(p.Passages))}
	for k, q := range p.Passages {
		jp.Passages[k] = jsonPassageRef{Passage: q.Shared, AStart: q.AStart, AEnd: q.AEnd, BStart: q.BStart, BEnd: q.BEnd, Words: q.Words,
			Match: matchOf(q), Similarity: similarityOf(q), ACredit: q.ACredit.String(), BCredit: q.BCredit.String()}
	}
	return jp
}

func shared(sp *pipeline.SharedPassage) jsonShared {
	js := jsonShared{Passage: sp.Number, Words: sp.Words, Match: sharedMatch(sp), Text: sp.Text, Occurrences: make([]jsonOccurrence, len(sp.Occurrences))}
	for i, o := range sp.Occurrences {
		js.Occurrences[i] = jsonOccurrence{ID: o.ID, Start: o.Start, End: o.End, Words: o.Words, Text: o.Text, Credit: o.Credit.String()}
	}
	return js
}

// toJSON is a cluster (its texts loaded) in the structs of the output contract.
func toJSON(c *pipeline.Cluster) jsonCluster {
	jc := jsonCluster{Version: Version, Cluster: c.Number, Kind: c.Kind, Representative: c.Representative,
		First: c.First, Spread: nonNil(c.Spread), SpreadRank: nonNil(c.SpreadRank),
		Members: make([]jsonMember, len(c.Members)), Passages: make([]jsonShared, len(c.Passages)),
		Pairs: make([]jsonClusterPair, len(c.Pairs)), Links: make([]jsonLink, len(c.Links))}
	for i, m := range c.Members {
		jc.Members[i] = jsonMemberOf(m)
	}
	for i := range c.Passages {
		jc.Passages[i] = shared(&c.Passages[i])
	}
	for i := range c.Pairs {
		jc.Pairs[i] = clusterPair(&c.Pairs[i])
	}
	for i, l := range c.Links {
		jl := jsonLink{ID: l.ID, Cluster: l.Cluster, Pairs: make([]jsonClusterPair, len(l.Pairs))}
		for j := range l.Pairs {
			jl.Pairs[j] = clusterPair(&l.Pairs[j])
		}
		jc.Links[i] = jl
	}
	return jc
}

// pairJSON is a pair (its texts loaded) with its texts; with version set, a line of its own.
func pairJSON(p *pipeline.Pair, line bool) jsonPair {
	jp := jsonPair{jsonPairFigures: figures(p), Passages: make([]jsonPassage, len(p.Passages))}
	if line {
		v, cl := Version, p.Cluster
		jp.Version = &v
		if cl != 0 {
			jp.Cluster = &cl
		}
	}
	for k, q := range p.Passages {
		jp.Passages[k] = jsonPassage{AStart: q.AStart, AEnd: q.AEnd, BStart: q.BStart, BEnd: q.BEnd,
			Words: q.Words, Match: matchOf(q), Similarity: similarityOf(q), AText: q.AText, BText: q.BText,
			ACredit: q.ACredit.String(), BCredit: q.BCredit.String()}
	}
	return jp
}

func hubJSON(h *pipeline.Hub, kind string) jsonHub {
	jh := jsonHub{Version: Version, Kind: kind, Member: jsonMemberOf(h.Member), Links: make([]jsonHubLink, len(h.Links))}
	for i, l := range h.Links {
		jl := jsonHubLink{ID: l.ID, Cluster: l.Cluster, Pairs: make([]jsonPair, len(l.Pairs))}
		for j := range l.Pairs {
			jl.Pairs[j] = pairJSON(&l.Pairs[j], false)
		}
		jh.Links[i] = jl
	}
	return jh
}

func passageJSON(sp *pipeline.SharedPassage) jsonPassageRecord {
	return jsonPassageRecord{Version: Version, Kind: "passage", jsonShared: shared(sp)}
}
