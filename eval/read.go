package eval

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ErrVersion is returned for a report line of an output format version this package does not know.
var ErrVersion = errors.New("eval: unsupported output version")

// Pair is two document ids, in the order a file gave them. Scoring treats (A, B) and (B, A) as
// one pair.
type Pair struct{ A, B string }

// Passage is a passage shared by documents a and b: byte offsets [AStart, AEnd) into a's text
// and [BStart, BEnd) into b's.
type Passage struct{ AStart, AEnd, BStart, BEnd int }

// Case is one line of a truth file: a labelled pair and, when Offsets, the passage it shares.
type Case struct {
	A, B     string
	Passage  Passage
	Offsets  bool   // Passage was given (all four offsets present)
	Anchored bool   // the offsets are exact (PAN's "anchored"; true when absent)
	Label    string // the TSV's third column or the JSON "kind"; "none" marks a negative
	Line     int    // 1-based line in the truth file
}

// Negative reports whether the case labels its pair as unrelated.
func (c Case) Negative() bool { return strings.EqualFold(c.Label, "none") }

// Truth is a truth file: its cases in file order.
type Truth struct {
	Cases []Case
}

// Reported is one pair of a report.
type Reported struct {
	A, B     string
	Relation string
	Passages []Passage
}

// Output is what the scorer reads of a neardup JSON Lines report.
type Output struct {
	// Pairs in file order: of clusters (members' pairs, then their links'), of the links of
	// hubs and other documents in no story, and
	// of pair lines (--format pairs). A pair listed again in the same order replaces the earlier
	// listing in place (as score.py's dictionary does).
	Pairs []Reported
	// Cluster maps each member id to the number of its cluster (the last one, if listed twice).
	Cluster map[string]int
}

// open opens path ("-" is stdin), gunzipping it when it starts with gzip's magic bytes.
func open(path string, stdin io.Reader) (io.Reader, func() error, error) {
	var r io.Reader = stdin
	closeFn := func() error { return nil }
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		r, closeFn = f, f.Close
	}
	br := bufio.NewReaderSize(r, 1<<16)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			closeFn()
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		return zr, closeFn, nil
	}
	return br, closeFn, nil
}

// readFile opens path (gzipped or not; "-" is stdin) and passes it to read.
func readFile[T any](path string, stdin io.Reader, read func(io.Reader, string) (T, error)) (T, error) {
	r, closeFn, err := open(path, stdin)
	if err != nil {
		var zero T
		return zero, err
	}
	defer closeFn()
	return read(r, path)
}

// lines calls fn with each line of r (without its line ending, any length) and its 1-based number.
func lines(r io.Reader, fn func(n int, line []byte) error) error {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 1<<16)
	}
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			line = bytes.TrimRight(line, "\r\n")
			if ferr := fn(n, line); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// ReadOutputFile reads a neardup JSON Lines report from path ("-" is stdin; gzipped or not).
func ReadOutputFile(path string, stdin io.Reader) (*Output, error) {
	return readFile(path, stdin, ReadOutput)
}

// ReadOutput reads a neardup JSON Lines report, of output version 1 (one cluster a line), 2
// (clusters, hubs and shared passages; or one pair a line, as scan --format pairs writes) or 3
// (hubs apart from the other documents in no story with links); name is used in error messages.
func ReadOutput(r io.Reader, name string) (*Output, error) {
	type jsonPassage struct {
		AStart int `json:"a_start"`
		AEnd   int `json:"a_end"`
		BStart int `json:"b_start"`
		BEnd   int `json:"b_end"`
	}
	type jsonPair struct {
		A        string        `json:"a"`
		B        string        `json:"b"`
		Relation string        `json:"relation"`
		Passages []jsonPassage `json:"passages"`
	}
	type jsonLink struct {
		Pairs []jsonPair `json:"pairs"`
	}
	type jsonRecord struct {
		Version *int   `json:"version"`
		Kind    string `json:"kind"`
		Cluster *int   `json:"cluster"`
		Members []struct {
			ID string `json:"id"`
		} `json:"members"`
		Pairs []jsonPair `json:"pairs"`
		Links []jsonLink `json:"links"`
		// a pair line
		A        *string       `json:"a"`
		B        string        `json:"b"`
		Relation string        `json:"relation"`
		Passages []jsonPassage `json:"passages"`
	}
	out := &Output{Cluster: make(map[string]int)}
	index := make(map[Pair]int) // ordered (a, b) -> position in out.Pairs
	add := func(p jsonPair) {
		rp := Reported{A: p.A, B: p.B, Relation: p.Relation, Passages: make([]Passage, len(p.Passages))}
		for i, q := range p.Passages {
			rp.Passages[i] = Passage(q)
		}
		k := Pair{p.A, p.B}
		if i, ok := index[k]; ok {
			out.Pairs[i] = rp
			return
		}
		index[k] = len(out.Pairs)
		out.Pairs = append(out.Pairs, rp)
	}
	err := lines(r, func(n int, line []byte) error {
		if len(bytes.TrimSpace(line)) == 0 {
			return nil
		}
		var c jsonRecord
		if err := json.Unmarshal(line, &c); err != nil {
			return fmt.Errorf("read %s line %d: %w", name, n, err)
		}
		if c.Version != nil && (*c.Version < 1 || *c.Version > 3) {
			return fmt.Errorf("read %s line %d: %w %d", name, n, ErrVersion, *c.Version)
		}
		if c.A != nil && c.Members == nil { // a pair line
			add(jsonPair{A: *c.A, B: c.B, Relation: c.Relation, Passages: c.Passages})
			if c.Cluster != nil {
				for _, id := range []string{*c.A, c.B} {
					if _, ok := out.Cluster[id]; !ok {
						out.Cluster[id] = *c.Cluster
					}
				}
			}
			return nil
		}
		for _, p := range c.Pairs {
			add(p)
		}
		for _, l := range c.Links {
			for _, p := range l.Pairs {
				add(p)
			}
		}
		if c.Cluster != nil {
			for _, m := range c.Members {
				out.Cluster[m.ID] = *c.Cluster
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReadTruthFile reads a truth file from path (gzipped or not; "-" is stdin).
func ReadTruthFile(path string, stdin io.Reader) (*Truth, error) {
	return readFile(path, stdin, ReadTruth)
}

// ReadTruth reads a truth file, JSON Lines or TSV (see the package documentation): it is JSON
// Lines when its first line that is neither blank nor a # comment starts with '{'.
func ReadTruth(r io.Reader, name string) (*Truth, error) {
	type jsonCase struct {
		A        json.RawMessage `json:"a"`
		B        json.RawMessage `json:"b"`
		AStart   *int            `json:"a_start"`
		AEnd     *int            `json:"a_end"`
		BStart   *int            `json:"b_start"`
		BEnd     *int            `json:"b_end"`
		Anchored *bool           `json:"anchored"`
		Kind     string          `json:"kind"`
	}
	t := &Truth{}
	format := "" // "json" or "tsv", set by the first line
	err := lines(r, func(n int, line []byte) error {
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) == 0 || trimmed[0] == '#' {
			return nil
		}
		first := format == ""
		if first {
			format = "tsv"
			if trimmed[0] == '{' {
				format = "json"
			}
		}
		if format == "tsv" {
			p, ok, err := tsvPair(line, first)
			if err != nil {
				return lineError(name, n, err)
			}
			if !ok {
				return nil // the header
			}
			c := Case{A: p.A, B: p.B, Anchored: true, Line: n}
			if f := splitTSV(string(line)); len(f) > 2 {
				c.Label = f[2]
			}
			t.Cases = append(t.Cases, c)
			return nil
		}
		var j jsonCase
		if err := json.Unmarshal(trimmed, &j); err != nil {
			return fmt.Errorf("read %s line %d: %w", name, n, err)
		}
		c := Case{Anchored: j.Anchored == nil || *j.Anchored, Label: j.Kind, Line: n}
		var err error
		if c.A, err = jsonID(j.A); err == nil {
			c.B, err = jsonID(j.B)
		}
		if err != nil {
			return lineError(name, n, err)
		}
		switch offs := []*int{j.AStart, j.AEnd, j.BStart, j.BEnd}; {
		case offs[0] != nil && offs[1] != nil && offs[2] != nil && offs[3] != nil:
			c.Passage, c.Offsets = Passage{*j.AStart, *j.AEnd, *j.BStart, *j.BEnd}, true
			if c.Passage.AStart > c.Passage.AEnd || c.Passage.BStart > c.Passage.BEnd || c.Passage.AStart < 0 || c.Passage.BStart < 0 {
				return lineError(name, n, fmt.Errorf("offsets out of order: %v", c.Passage))
			}
		case offs[0] != nil || offs[1] != nil || offs[2] != nil || offs[3] != nil:
			return lineError(name, n, errors.New("some offsets missing: give a_start, a_end, b_start and b_end, or none"))
		}
		t.Cases = append(t.Cases, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

func lineError(name string, n int, err error) error {
	return fmt.Errorf("read %s line %d: %w", name, n, err)
}

// jsonID is an id given as a JSON string or number.
func jsonID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", errors.New("missing id")
	}
	if raw[0] == '"' {
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	}
	var num json.Number
	if err := json.Unmarshal(raw, &num); err != nil {
		return "", fmt.Errorf("id %s: not a string or number", raw)
	}
	return num.String(), nil
}

// splitTSV splits a line at tabs, or at runs of spaces when it holds no tab.
func splitTSV(line string) []string {
	if strings.Contains(line, "\t") {
		return strings.Split(line, "\t")
	}
	return strings.Fields(line)
}

// tsvPair parses one TSV line; first says whether it is the first line, which may be a header
// (ok false then).
func tsvPair(line []byte, first bool) (p Pair, ok bool, err error) {
	f := splitTSV(string(line))
	if len(f) < 2 || f[0] == "" || f[1] == "" {
		return p, false, errors.New("want two ids separated by a tab")
	}
	if first && isHeader(f[0], f[1]) {
		return p, false, nil
	}
	return Pair{f[0], f[1]}, true, nil
}

func isHeader(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	return (a == "a" || a == "id_a" || a == "a_id" || a == "id1") && (b == "b" || b == "id_b" || b == "b_id" || b == "id2")
}

// ReadPairsFile reads a list of labelled pairs from path (gzipped or not; "-" is stdin).
func ReadPairsFile(path string, stdin io.Reader) ([]Pair, error) {
	return readFile(path, stdin, ReadPairs)
}

// ReadPairs reads a list of pairs: TSV, two ids per line (further columns ignored), an optional
// header, blank lines and # comments skipped.
func ReadPairs(r io.Reader, name string) ([]Pair, error) {
	var ps []Pair
	first := true
	err := lines(r, func(n int, line []byte) error {
		if t := bytes.TrimSpace(line); len(t) == 0 || t[0] == '#' {
			return nil
		}
		p, ok, err := tsvPair(line, first)
		first = false
		if err != nil {
			return lineError(name, n, err)
		}
		if ok {
			ps = append(ps, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ps, nil
}

// ReadRolesFile reads the roles of documents from a neardup JSON Lines input (gzipped or not):
// the "role" field of each record by its "id". Records without a role are left out.
func ReadRolesFile(path string, stdin io.Reader) (map[string]string, error) {
	return readFile(path, stdin, ReadRoles)
}

// ReadRoles reads the "role" field of each JSON Lines record by its "id" (string or number).
func ReadRoles(r io.Reader, name string) (map[string]string, error) {
	roles := make(map[string]string)
	err := lines(r, func(n int, line []byte) error {
		if len(bytes.TrimSpace(line)) == 0 {
			return nil
		}
		var rec struct {
			ID   json.RawMessage `json:"id"`
			Role string          `json:"role"`
		}
		if err := json.Unmarshal(line, &rec); err != nil {
			return fmt.Errorf("read %s line %d: %w", name, n, err)
		}
		if rec.Role == "" {
			return nil
		}
		id, err := jsonID(rec.ID)
		if err != nil {
			return lineError(name, n, err)
		}
		roles[id] = rec.Role
		return nil
	})
	if err != nil {
		return nil, err
	}
	return roles, nil
}

// PrefixRoles infers roles from ids when every pair of the list has an id of one prefix first
// and an id of another second, as PAN's pairs.tsv lists (suspicious-document…, source-document…):
// the role of an id is then its prefix, the text before its first '-', if it is one of those two.
// It returns nil when the list does not have that shape.
func PrefixRoles(listed []Pair) func(id string) string {
	prefix := func(id string) string {
		if i := strings.IndexByte(id, '-'); i > 0 {
			return id[:i]
		}
		return ""
	}
	if len(listed) == 0 {
		return nil
	}
	first, second := prefix(listed[0].A), prefix(listed[0].B)
	if first == "" || second == "" || first == second {
		return nil
	}
	for _, p := range listed {
		if prefix(p.A) != first || prefix(p.B) != second {
			return nil
		}
	}
	return func(id string) string {
		if p := prefix(id); p == first || p == second {
			return p
		}
		return ""
	}
}
