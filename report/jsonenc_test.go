package report

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/pipeline"
)

// jsonString is encoding/json's encoding of s, HTML escaping off, without the newline.
func jsonString(t testing.TB, s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain words", `a "quoted" \ back`, "tab\tnew\nline\rcr\bbs\fff\x00\x01\x1f\x7f",
		"<b>&amp;</b>", "São Cristóvão’s pier", "line\u2028sep\u2029para", "bad \xff\xfe utf-8 \xe2\x80", "12345678\"",
		"1234567\n", "eight ok!" + strings.Repeat("x", 30) + "é" + strings.Repeat("y", 13) + "\x19"} {
		if got, want := string(appendString(nil, s)), jsonString(t, s); got != want {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "a\"b\\c\n\x00", "\xff\u2028é", strings.Repeat("abcdefg\x1f", 3)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendString(nil, s)), jsonString(t, s); got != want {
			t.Fatalf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func TestAppendFloat(t *testing.T) {
	for _, f := range []float64{0, 1, 0.5, 0.1234, 1e-4, 1e-6, 9.99e-7, 1e-7, 1.5e-10, 1e20, 1e21, 1.25e22, -0.25, -3e-9, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		got, err := appendFloat(nil, f)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(f)
		if string(got) != string(want) {
			t.Errorf("appendFloat(%g) = %s, want %s", f, got, want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := appendFloat(nil, f); err == nil {
			t.Errorf("appendFloat(%g): no error", f)
		}
	}
}

// TestAppendCluster holds the hand-written encoder to encoding/json's encoding of the contract's
// structs, on random clusters with awkward strings, optional fields set and unset, and no pairs
// or passages.
func TestAppendCluster(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	words := []string{"", "plain", "quote \"", "back\\slash", "new\nline", "ctrl\x01", "é ü ñ", "bad\xff", "sep\u2028", "<&>", "a longer run of plain words"}
	str := func() string {
		var sb strings.Builder
		for range rng.IntN(4) {
			sb.WriteString(words[rng.IntN(len(words))])
		}
		return sb.String()
	}
	for trial := range 500 {
		c := pipeline.Cluster{Number: trial, Kind: str(), Representative: str(), First: str()}
		for k := range rng.IntN(4) {
			c.Spread = append(c.Spread, str())
			c.SpreadRank = append(c.SpreadRank, k+rng.IntN(2))
		}
		for range rng.IntN(4) {
			m := pipeline.Member{ID: str(), Source: str(), Title: str(), Words: rng.IntN(1000), Indexed: rng.IntN(2) == 0, Earlier: rng.IntN(4) == 0}
			if rng.IntN(2) == 0 {
				m.URL = "https://example.org/" + str()
			}
			if rng.IntN(2) == 0 {
				m.Author = str()
			}
			if rng.IntN(2) == 0 {
				m.Published = time.Date(2024, 3, 1+rng.IntN(20), rng.IntN(2)*13, 0, 0, 0, time.UTC)
			}
			c.Members = append(c.Members, m)
		}
		for range rng.IntN(3) {
			p := pipeline.Pair{A: str(), B: str(), Relation: pipeline.Relation(str()), Jaccard: rng.Float64(),
				Containment: rng.Float64(), CoverageA: float64(rng.IntN(2)), CoverageB: rng.Float64() * 1e-5,
				Origin: str(), OriginBy: str()}
			if rng.IntN(2) == 0 {
				ch := &pipeline.Changes{From: str(), To: str(), WordsAdded: rng.IntN(100), WordsRemoved: rng.IntN(100),
					Truncated: rng.IntN(2) == 0}
				for range rng.IntN(3) {
					ch.Added = append(ch.Added, str())
				}
				for range rng.IntN(3) {
					ch.Removed = append(ch.Removed, str())
				}
				for range rng.IntN(3) {
					ch.Edits = append(ch.Edits, pipeline.Edit{Kind: str(), From: str(), To: str()})
				}
				p.Changes = ch
			}
			for range rng.IntN(3) {
				p.Passages = append(p.Passages, pipeline.Passage{AStart: rng.IntN(100), AEnd: rng.IntN(1e6),
					BStart: rng.IntN(100), BEnd: rng.IntN(1e6), Words: rng.IntN(500), AText: str(), BText: str()})
			}
			c.Pairs = append(c.Pairs, p)
		}
		for k := range rng.IntN(3) {
			sp := pipeline.SharedPassage{Number: k + 1, Words: rng.IntN(300), Text: str()}
			for range rng.IntN(4) {
				o := pipeline.Occurrence{ID: str(), Start: rng.IntN(1000), End: rng.IntN(1e5), Words: rng.IntN(300)}
				if rng.IntN(3) == 0 {
					o.Text = str()
				}
				sp.Occurrences = append(sp.Occurrences, o)
			}
			c.Passages = append(c.Passages, sp)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(toJSON(&c)); err != nil {
			t.Fatal(err)
		}
		got, err := appendCluster(nil, &c)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Fatalf("cluster %d:\n got %s\nwant %s", trial, got, want.String())
		}
		for k := range c.Passages {
			want.Reset()
			if err := enc.Encode(passageJSON(&c.Passages[k])); err != nil {
				t.Fatal(err)
			}
			if got := appendPassageRecord(nil, &c.Passages[k]); string(got) != want.String() {
				t.Fatalf("passage record:\n got %s\nwant %s", got, want.String())
			}
		}
	}
	c := pipeline.Cluster{Pairs: []pipeline.Pair{{Jaccard: math.NaN()}}}
	if _, err := appendCluster(nil, &c); err == nil {
		t.Error("a NaN Jaccard encoded without error")
	}
}

// BenchmarkAppendCluster: the hand-written encoder against encoding/json, on clusters of the
// size near-duplicate pairs make (two texts of 3 KB a passage).
func BenchmarkAppendCluster(b *testing.B) {
	text := strings.Repeat("The council said on Tuesday that the \"ferry\" would resume.\n", 50)
	c := pipeline.Cluster{Number: 1, Kind: "syndicated", Representative: "a",
		Members: []pipeline.Member{{ID: "a", Title: "Ferry"}, {ID: "b", Title: "Ferry"}},
		Pairs: []pipeline.Pair{{A: "a", B: "b", Relation: pipeline.NearDuplicate, Jaccard: 0.9,
			Passages: []pipeline.Passage{{AEnd: len(text), BEnd: len(text), Words: 500, AText: text, BText: text}}}}}
	b.Run("hand", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf, _ = appendCluster(buf[:0], &c)
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("encoding/json", func(b *testing.B) {
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.Encode(toJSON(&c))
		}
		b.SetBytes(int64(buf.Len()))
	})
}
