package eval

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadTruth(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Case
	}{
		{"PAN JSON Lines",
			`{"a": "source-document00955.txt", "b": "suspicious-document00044.txt", "a_start": 201, "a_end": 705, "b_start": 7309, "b_end": 7813, "anchored": true}
{"a": "s2", "b": "x2", "a_start": 1, "a_end": 2, "b_start": 3, "b_end": 4, "anchored": false}

{"a": 7, "b": "x3"}
`,
			[]Case{
				{A: "source-document00955.txt", B: "suspicious-document00044.txt", Passage: Passage{201, 705, 7309, 7813}, Offsets: true, Anchored: true, Line: 1},
				{A: "s2", B: "x2", Passage: Passage{1, 2, 3, 4}, Offsets: true, Line: 2},
				{A: "7", B: "x3", Anchored: true, Line: 4},
			}},
		{"TSV with header",
			"a\tb\tkind\narticle-000001\tarticle-000002\tsyndicated\r\narticle-000001\tarticle-000009\trewrite\n",
			[]Case{
				{A: "article-000001", B: "article-000002", Anchored: true, Label: "syndicated", Line: 2},
				{A: "article-000001", B: "article-000009", Anchored: true, Label: "rewrite", Line: 3},
			}},
		{"TSV without header, ids with spaces",
			"# comment\nnorth post/a b.txt\tc.txt\nx y 0.9\n",
			[]Case{
				{A: "north post/a b.txt", B: "c.txt", Anchored: true, Line: 2},
				{A: "x", B: "y", Anchored: true, Label: "0.9", Line: 3},
			}},
		{"TSV only the first line is a header", "a\tb\na\tb\n", []Case{{A: "a", B: "b", Anchored: true, Line: 2}}},
		{"empty", "\n\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadTruth(strings.NewReader(tc.in), "truth")
			if err != nil {
				t.Fatalf("ReadTruth: %v", err)
			}
			if !reflect.DeepEqual(got.Cases, tc.want) {
				t.Errorf("ReadTruth = %+v\n want %+v", got.Cases, tc.want)
			}
		})
	}
}

func TestReadTruthNegative(t *testing.T) {
	got, err := ReadTruth(strings.NewReader("a\tb\trelation\tnote\nx\ty\tnone\tstock phrase only\nx\tz\treuse\tquote\n"), "t")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Cases) != 2 || !got.Cases[0].Negative() || got.Cases[1].Negative() {
		t.Errorf("ReadTruth = %+v, want x-y negative and x-z positive", got.Cases)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		read func() error
		want string
	}{
		{"truth: malformed JSON", func() error {
			_, err := ReadTruth(strings.NewReader("{\"a\":\"x\",\"b\":\"y\"}\n{\"a\":\n"), "truth.jsonl")
			return err
		}, "read truth.jsonl line 2"},
		{"truth: some offsets", func() error {
			_, err := ReadTruth(strings.NewReader(`{"a":"x","b":"y","a_start":1,"a_end":2}`), "truth.jsonl")
			return err
		}, "line 1: some offsets missing"},
		{"truth: offsets out of order", func() error {
			_, err := ReadTruth(strings.NewReader(`{"a":"x","b":"y","a_start":5,"a_end":2,"b_start":0,"b_end":1}`), "truth.jsonl")
			return err
		}, "out of order"},
		{"truth: missing id", func() error {
			_, err := ReadTruth(strings.NewReader(`{"a":"x"}`), "truth.jsonl")
			return err
		}, "missing id"},
		{"truth: TSV one column", func() error {
			_, err := ReadTruth(strings.NewReader("x\ty\nz\n"), "truth.tsv")
			return err
		}, "read truth.tsv line 2: want two ids"},
		{"pairs: one column", func() error {
			_, err := ReadPairs(strings.NewReader("x\n"), "pairs.tsv")
			return err
		}, "read pairs.tsv line 1"},
		{"output: malformed", func() error {
			_, err := ReadOutput(strings.NewReader("{\"version\":1}\nnot json\n"), "out.jsonl")
			return err
		}, "read out.jsonl line 2"},
		{"output: version", func() error {
			_, err := ReadOutput(strings.NewReader("{\"version\":4}\n"), "out.jsonl")
			if !errors.Is(err, ErrVersion) {
				return errors.New("not ErrVersion")
			}
			return err
		}, "unsupported output version 4"},
		{"roles: malformed", func() error {
			_, err := ReadRoles(strings.NewReader("{\"id\":1,\"role\":\"source\"}\n{\n"), "docs.jsonl")
			return err
		}, "read docs.jsonl line 2"},
		{"missing file", func() error {
			_, err := ReadTruthFile(filepath.Join(t.TempDir(), "missing"), nil)
			return err
		}, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestReadOutputV2 reads every record of output version 2: a cluster's pairs and its links'
// pairs, a hub's links' pairs, nothing of a shared passage, and pair lines with their cluster.
func TestReadOutputV2(t *testing.T) {
	in := `{"version":2,"cluster":1,"kind":"story","representative":"a","members":[{"id":"a"},{"id":"b"}],` +
		`"passages":[{"passage":1,"words":9,"text":"t","occurrences":[{"id":"a","start":1,"end":9,"words":9},{"id":"b","start":2,"end":10,"words":9}]}],` +
		`"pairs":[{"a":"a","b":"b","relation":"reuse","story":"context","passages":[{"passage":1,"a_start":1,"a_end":9,"b_start":2,"b_end":10,"words":9}]}],` +
		`"links":[{"id":"h","cluster":0,"pairs":[{"a":"a","b":"h","relation":"reuse","story":"","passages":[{"passage":1,"a_start":1,"a_end":9,"b_start":3,"b_end":11,"words":9}]}]}]}
{"version":2,"kind":"hub","member":{"id":"h"},"links":[{"id":"a","cluster":1,"pairs":[{"a":"a","b":"h","relation":"reuse","passages":[]}]},{"id":"x","cluster":0,"pairs":[{"a":"h","b":"x","relation":"reuse","passages":[]}]}]}
{"version":2,"kind":"passage","passage":1,"words":9,"text":"t","occurrences":[{"id":"x","start":0,"end":5,"words":9}]}
{"version":2,"a":"p","b":"q","relation":"near-duplicate","story":"copy","cluster":7,"passages":[{"a_start":0,"a_end":4,"b_start":0,"b_end":4,"words":1,"a_text":"x","b_text":"x"}]}
`
	got, err := ReadOutput(strings.NewReader(in), "out")
	if err != nil {
		t.Fatal(err)
	}
	want := &Output{
		Pairs: []Reported{
			{A: "a", B: "b", Relation: "reuse", Passages: []Passage{{1, 9, 2, 10}}},
			{A: "a", B: "h", Relation: "reuse", Passages: []Passage{}}, // the hub's listing, the last
			{A: "h", B: "x", Relation: "reuse", Passages: []Passage{}},
			{A: "p", B: "q", Relation: "near-duplicate", Passages: []Passage{{0, 4, 0, 4}}},
		},
		Cluster: map[string]int{"a": 1, "b": 1, "p": 7, "q": 7},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadOutput = %+v\nwant %+v", got, want)
	}
}

// TestReadOutputV3 reads the links of both kinds of documents in no story of output version 3:
// a hub's and a linked document's.
func TestReadOutputV3(t *testing.T) {
	in := `{"version":3,"cluster":1,"kind":"story","representative":"a","members":[{"id":"a"},{"id":"b","hub":true}],"passages":[],` +
		`"pairs":[{"a":"a","b":"b","relation":"reuse","story":"context","passages":[]}],"links":[]}
{"version":3,"kind":"hub","member":{"id":"h"},"links":[{"id":"a","cluster":1,"pairs":[{"a":"a","b":"h","relation":"reuse","passages":[]}]}]}
{"version":3,"kind":"linked","member":{"id":"x"},"links":[{"id":"y","cluster":0,"pairs":[{"a":"x","b":"y","relation":"reuse","passages":[{"a_start":0,"a_end":4,"b_start":5,"b_end":9,"words":1}]}]}]}
`
	got, err := ReadOutput(strings.NewReader(in), "out")
	if err != nil {
		t.Fatal(err)
	}
	want := &Output{
		Pairs: []Reported{
			{A: "a", B: "b", Relation: "reuse", Passages: []Passage{}},
			{A: "a", B: "h", Relation: "reuse", Passages: []Passage{}},
			{A: "x", B: "y", Relation: "reuse", Passages: []Passage{{0, 4, 5, 9}}},
		},
		Cluster: map[string]int{"a": 1, "b": 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadOutput = %+v\nwant %+v", got, want)
	}
}

func TestReadOutput(t *testing.T) {
	in := `{"version":1,"cluster":1,"kind":"story","members":[{"id":"a"},{"id":"b"},{"id":"c"}],"pairs":[` +
		`{"a":"a","b":"b","relation":"reuse","passages":[{"a_start":1,"a_end":9,"b_start":2,"b_end":10,"words":2,"a_text":"x","b_text":"y"}]},` +
		`{"a":"b","b":"c","relation":"near-duplicate","passages":[]}]}
{"version":1,"cluster":2,"kind":"exact","members":[{"id":"d"},{"id":"e"}],"pairs":[{"a":"d","b":"e","relation":"exact"},{"a":"a","b":"b","relation":"reuse"}]}
`
	got, err := ReadOutput(strings.NewReader(in), "out")
	if err != nil {
		t.Fatal(err)
	}
	want := &Output{
		Pairs: []Reported{
			{A: "a", B: "b", Relation: "reuse", Passages: []Passage{}}, // listed again: the last listing
			{A: "b", B: "c", Relation: "near-duplicate", Passages: []Passage{}},
			{A: "d", B: "e", Relation: "exact", Passages: []Passage{}},
		},
		Cluster: map[string]int{"a": 1, "b": 1, "c": 1, "d": 2, "e": 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadOutput = %+v\n want %+v", got, want)
	}
}

// TestReadFileGzip: every file may be gzipped, whatever its name.
func TestReadFileGzip(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte("{\"id\":\"source-1\",\"role\":\"source\",\"text\":\"t\"}\n{\"id\":2,\"role\":\"suspicious\"}\n{\"id\":3,\"text\":\"no role\"}"))
	zw.Close()
	path := filepath.Join(t.TempDir(), "docs.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadRolesFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"source-1": "source", "2": "suspicious"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ReadRolesFile = %v, want %v", got, want)
	}
	pairs, err := ReadPairsFile("-", strings.NewReader("suspicious-1\tsource-2\n\nsuspicious-1 source-3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []Pair{{"suspicious-1", "source-2"}, {"suspicious-1", "source-3"}}; !reflect.DeepEqual(pairs, want) {
		t.Errorf("ReadPairsFile(stdin) = %v, want %v", pairs, want)
	}
}
