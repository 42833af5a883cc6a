package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// manyClusters returns a result of n clusters of varied sizes, with passage texts filled in (so
// that no spool is needed).
func manyClusters(n int) *pipeline.Result {
	res := &pipeline.Result{}
	for i := range n {
		c := pipeline.Cluster{Number: i + 1, Kind: pipeline.KindStory, Representative: fmt.Sprintf("d%d-0", i)}
		for m := range 2 + i%5 {
			c.Members = append(c.Members, pipeline.Member{ID: fmt.Sprintf("d%d-%d", i, m), Title: "Café «Zürich»\n", Words: 10 * m})
		}
		for m := 1; m < len(c.Members); m++ {
			text := strings.Repeat("quoted \"words\" ", 1+(i*7+m)%40)
			c.Pairs = append(c.Pairs, pipeline.Pair{A: c.Members[0].ID, B: c.Members[m].ID, Relation: pipeline.Reuse,
				Jaccard: float64(m) / 7, Passages: []pipeline.Passage{{AEnd: len(text), BEnd: len(text), Words: 2, AText: text, BText: text}}})
		}
		res.Clusters = append(res.Clusters, c)
	}
	return res
}

// TestJSONLOrder: clusters encoded on several goroutines come out in order, each line the
// cluster's own encoding, over more clusters than the writer's window.
func TestJSONLOrder(t *testing.T) {
	var got bytes.Buffer
	if err := JSONL(&got, manyClusters(1000)); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	res := manyClusters(1000) // encoding drops the texts it read
	for i := range res.Clusters {
		if err := encodeCluster(&want, res, &res.Clusters[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatal("JSONL differs from the clusters encoded one by one, in order")
	}
	lines := strings.Split(strings.TrimSuffix(got.String(), "\n"), "\n")
	if len(lines) != 1000 {
		t.Fatalf("%d lines, want 1000", len(lines))
	}
	var c struct{ Cluster int }
	if err := json.Unmarshal([]byte(lines[777]), &c); err != nil || c.Cluster != 778 {
		t.Fatalf("line 778 is cluster %d (%v)", c.Cluster, err)
	}
}

// failingWriter fails once more than limit bytes are written.
type failingWriter struct{ n, limit int }

var errFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	if w.n > w.limit {
		return 0, errFull
	}
	return len(p), nil
}

// TestJSONLWriteError: a write error ends the output with the error, wherever it happens, and
// leaves no encoder blocked (the test would hang).
func TestJSONLWriteError(t *testing.T) {
	for _, limit := range []int{0, 100 << 10, 1 << 20} {
		err := JSONL(&failingWriter{limit: limit}, manyClusters(2000))
		if !errors.Is(err, errFull) {
			t.Errorf("limit %d: error %v, want %v", limit, err, errFull)
		}
	}
	// a cluster that cannot be encoded (its texts cannot be read) ends it too
	res := manyClusters(2000)
	res.Clusters[1500].Pairs[0].Passages[0].AText = ""
	if err := JSONL(&bytes.Buffer{}, res); err == nil || !strings.Contains(err.Error(), "no texts") {
		t.Errorf("unreadable texts: error %v, want one saying the result has no texts", err)
	}
}

// TestReportsOfOneResult: one run's result written as JSON Lines and then as pairs (the
// clusters' pairs share their passages with Result.Pairs, and their texts and changes are made
// and dropped record by record) gives the pairs and the JSON Lines that fresh results give,
// and the pairs' passages carry their texts and the near-duplicates their changes.
func TestReportsOfOneResult(t *testing.T) {
	run := func() *pipeline.Result {
		res, err := pipeline.Run(context.Background(), []string{sampleDir}, nil, pipeline.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Close() })
		return res
	}
	write := func(f func(io.Writer, *pipeline.Result) error, res *pipeline.Result) string {
		var b bytes.Buffer
		if err := f(&b, res); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	both := run()
	jsonl, pairs := write(JSONL, both), write(Pairs, both)
	if again := write(JSONL, both); again != jsonl {
		t.Error("JSON Lines written again from the same result differ")
	}
	if want := write(JSONL, run()); jsonl != want {
		t.Error("JSON Lines differ from a fresh result's")
	}
	if want := write(Pairs, run()); pairs != want {
		t.Errorf("pairs written after the JSON Lines differ from a fresh result's:\n%s\nwant\n%s", pairs, want)
	}
	texts, changes := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(pairs), "\n") {
		var p struct {
			Relation string
			Changes  *jsonChanges
			Passages []struct {
				AText string `json:"a_text"`
			}
		}
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatal(err)
		}
		for _, q := range p.Passages {
			if q.AText != "" {
				texts++
			}
		}
		if p.Relation == "near-duplicate" && p.Changes != nil {
			changes++
		}
	}
	if texts == 0 || changes == 0 {
		t.Errorf("pairs with %d passage texts and %d near-duplicates' changes: want some of each", texts, changes)
	}
}
