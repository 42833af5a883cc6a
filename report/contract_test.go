package report

import "github.com/neardup/neardup/pipeline"

// The structs of the JSON Lines output contract (DESIGN.md): encoding/json's encoding of a
// cluster in them, with HTML escaping off, is by definition the line appendCluster writes, and
// the tests hold appendCluster to it.

type jsonMember struct {
	ID        string `json:"id"`
	Source    string `json:"source"`
	Title     string `json:"title"`
	Published string `json:"published"`
	URL       string `json:"url,omitempty"`
	Words     int    `json:"words"`
	Indexed   bool   `json:"indexed,omitempty"`
}

type jsonPassage struct {
	AStart int    `json:"a_start"`
	AEnd   int    `json:"a_end"`
	BStart int    `json:"b_start"`
	BEnd   int    `json:"b_end"`
	Words  int    `json:"words"`
	AText  string `json:"a_text"`
	BText  string `json:"b_text"`
}

type jsonPair struct {
	A           string        `json:"a"`
	B           string        `json:"b"`
	Relation    string        `json:"relation"`
	Jaccard     float64       `json:"jaccard"`
	Containment float64       `json:"containment"`
	CoverageA   float64       `json:"coverage_a"`
	CoverageB   float64       `json:"coverage_b"`
	Passages    []jsonPassage `json:"passages"`
}

type jsonCluster struct {
	Version        int          `json:"version"`
	Cluster        int          `json:"cluster"`
	Kind           string       `json:"kind"`
	Representative string       `json:"representative"`
	Members        []jsonMember `json:"members"`
	Pairs          []jsonPair   `json:"pairs"`
}

// toJSON is a cluster in the structs of the output contract, whose encoding by encoding/json
// defines the JSON line appendCluster writes.
func toJSON(c *pipeline.Cluster) jsonCluster {
	jc := jsonCluster{Version: Version, Cluster: c.Number, Kind: c.Kind, Representative: c.Representative,
		Members: make([]jsonMember, len(c.Members)), Pairs: make([]jsonPair, len(c.Pairs))}
	for i, m := range c.Members {
		jc.Members[i] = jsonMember{ID: m.ID, Source: m.Source, Title: m.Title, Published: Date(m.Published),
			URL: m.URL, Words: m.Words, Indexed: m.Indexed}
	}
	for i, p := range c.Pairs {
		jp := jsonPair{A: p.A, B: p.B, Relation: string(p.Relation), Jaccard: round4(p.Jaccard),
			Containment: round4(p.Containment), CoverageA: round4(p.CoverageA), CoverageB: round4(p.CoverageB),
			Passages: make([]jsonPassage, len(p.Passages))}
		for k, q := range p.Passages {
			jp.Passages[k] = jsonPassage{AStart: q.AStart, AEnd: q.AEnd, BStart: q.BStart, BEnd: q.BEnd,
				Words: q.Words, AText: q.AText, BText: q.BText}
		}
		jc.Pairs[i] = jp
	}
	return jc
}
