package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestEachAnalyzed: a run that keeps its analyses gives back every document it read, in input
// order, with its text and the analysis Each gives it with the same options (an exact
// duplicate, a repeated id, a bad record and stdin among them), with and without rewritten
// passages; a run that does not, or a closed result, says so.
func TestEachAnalyzed(t *testing.T) {
	dir := t.TempDir()
	day := filepath.Join(dir, "day.jsonl")
	words := strings.Fields(`harbour council voted ferry island said fares Tuesday pier engineers
		reservoir cracks spillway board water towns lowered inspection concrete divers drone survey
		repairs budget county loan bills meeting residents landlord sirens warning system tested
		finance director councillors emergency cost million pounds week month timetable findings`)
	text := func(seed uint64) string {
		r := rand.New(rand.NewPCG(seed, 7))
		var b strings.Builder
		for i := range 160 {
			b.WriteString(words[r.IntN(len(words))])
			if i%12 == 11 {
				b.WriteString(". ")
			} else {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	lines := []string{
		`{"id":"a","source":"s1","title":"A","published":"2026-03-01T10:00:00Z","url":"https://x.example/a","author":"Jo Roe","text":` + jsonQuote(text(1)) + `}`,
		`{"id":"b","source":"s2","text":` + jsonQuote(text(1)) + `}`, // an exact duplicate of a
		`{"id":"c","text":` + jsonQuote(text(2)+" Extra words at the end of it.") + `}`,
		`not json`,
		`{"id":"a","text":"a repeated id"}`,
		`{"id":"d","source":"s1","published":"2026-03-02","text":` + jsonQuote(text(3)) + `}`,
	}
	if err := os.WriteFile(day, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdin := `{"id":"e","text":` + jsonQuote(text(4)) + `}` + "\n"
	for _, noRewrite := range []bool{false, true} {
		opts := Options{NoRewrite: noRewrite, KeepAnalyses: true, TempDir: dir}
		res, err := Run(context.Background(), []string{day, "-"}, strings.NewReader(stdin), opts)
		if err != nil {
			t.Fatal(err)
		}
		type got struct {
			Doc      Document
			Analysis Analysis
		}
		var fromRun, fromEach []got
		if err := res.EachAnalyzed(context.Background(), func(d Document, a Analysis) error {
			fromRun = append(fromRun, got{d, a})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		each := opts
		each.KeepAnalyses = false
		if _, err := Each(context.Background(), []string{day, "-"}, strings.NewReader(stdin), each, nil, func(it *Item[struct{}]) error {
			fromEach = append(fromEach, got{it.Doc, it.Analysis})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(fromRun) != 5 || len(fromRun) != len(fromEach) {
			t.Fatalf("rewrites %v: %d documents kept, Each gives %d; want 5", !noRewrite, len(fromRun), len(fromEach))
		}
		for i := range fromRun {
			r, e := fromRun[i], fromEach[i]
			if !r.Doc.Published.Equal(e.Doc.Published) {
				t.Errorf("document %d published %v, Each %v", i, r.Doc.Published, e.Doc.Published)
			}
			r.Doc.Published, e.Doc.Published = time.Time{}, time.Time{}
			if r.Doc != e.Doc {
				t.Errorf("document %d kept as\n%+v\nEach gives\n%+v", i, r.Doc, e.Doc)
			}
			// the exported fields and whether it holds its sentence keys; the rest is Run's own
			ra, ea := r.Analysis, e.Analysis
			if ra.Words != ea.Words || ra.Exact != ea.Exact || !slices.Equal(ra.BandKeys, ea.BandKeys) ||
				!slices.Equal(ra.Fingerprints, ea.Fingerprints) || !slices.Equal(ra.SentenceKeys, ea.SentenceKeys) ||
				!slices.Equal(ra.SentenceCopies, ea.SentenceCopies) || ra.WithSentenceKeys() != ea.WithSentenceKeys() {
				t.Errorf("rewrites %v: document %s: kept analysis\n%+v\ndiffers from Each's\n%+v", !noRewrite, r.Doc.ID, ra, ea)
			}
			if len(ra.Fingerprints) == 0 || !noRewrite && len(ra.SentenceKeys) == 0 {
				t.Errorf("document %s: %d fingerprints, %d sentence keys: the test compares nothing", r.Doc.ID, len(ra.Fingerprints), len(ra.SentenceKeys))
			}
		}
		stop := errors.New("stop")
		n := 0
		if err := res.EachAnalyzed(context.Background(), func(Document, Analysis) error { n++; return stop }); err != stop || n != 1 {
			t.Errorf("EachAnalyzed stopped by its function: %v after %d", err, n)
		}
		res.Close()
		if err := res.EachAnalyzed(context.Background(), func(Document, Analysis) error { return nil }); !errors.Is(err, ErrNoAnalyses) {
			t.Errorf("EachAnalyzed of a closed result: %v", err)
		}
	}
	res, err := Run(context.Background(), []string{day}, nil, Options{TempDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	if err := res.EachAnalyzed(context.Background(), func(Document, Analysis) error { return nil }); !errors.Is(err, ErrNoAnalyses) {
		t.Errorf("EachAnalyzed of a run that kept no analyses: %v", err)
	}
}

func jsonQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

// FuzzAnalyzedRecord: whatever the bytes of the analysis spool, reading them gives records or an
// error, never a panic; a record written reads back as it was.
func FuzzAnalyzedRecord(f *testing.F) {
	d := Document{ID: "a1", Source: "s", Title: "T", URL: "u", Author: "Jo", File: "f.jsonl", Line: 3,
		Published: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), Text: "some text"}
	a := Analysis{Words: 2, Exact: [2]uint64{1, 2}, BandKeys: []uint32{5, 6}, Fingerprints: []uint32{9, 3, 9},
		SentenceKeys: []uint64{1 << 40, 7}, SentenceCopies: []uint64{3}, withKeys: true}
	rec := appendAnalyzed(nil, &d, 17, &a)
	f.Add(rec)
	f.Add(append(rec, appendAnalyzed(nil, &Document{ID: "b"}, 0, &Analysis{})...))
	f.Add(rec[:len(rec)/2])
	ar := &analyzedReader{r: bufio.NewReader(bytes.NewReader(rec))}
	got, off, length, ga, err := ar.next()
	d.Text = ""
	if err != nil || off != 17 || length != len("some text") || !got.Published.Equal(d.Published) || got.ID != d.ID || got.Line != 3 ||
		!reflect.DeepEqual(ga.Fingerprints, a.Fingerprints) || !reflect.DeepEqual(ga.SentenceKeys, a.SentenceKeys) || !ga.withKeys {
		f.Fatalf("record read back as %+v, %d, %d, %+v, %v", got, off, length, ga, err)
	}
	if _, _, _, _, err := ar.next(); err != io.EOF {
		f.Fatalf("after the last record: %v, want io.EOF", err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ar := &analyzedReader{r: bufio.NewReader(bytes.NewReader(b))}
		for range 8 {
			if _, _, _, _, err := ar.next(); err != nil {
				return
			}
		}
	})
}
