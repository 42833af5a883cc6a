package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/internal/postings"
	"github.com/neardup/neardup/shingle"
)

// The paragraph of TestRewrittenParagraph, and three rewordings of it: synonyms swapped,
// clauses reordered, sentences split. Written for this test.
const (
	rwIntro = "Residents of Harwick Bay gathered at the town hall on Thursday evening to hear the council's plans for the harbour. " +
		"The meeting ran for nearly three hours and the public gallery was full long before it began.\n\n"
	rwOutro = "\n\nThe council will publish the minutes of the meeting next week, and a second session is planned for the spring.\n"

	rwOriginal = "The Harwick Bay council voted on Tuesday to close the old fish market by the end of the year, " +
		"citing repair costs that engineers put at more than four million pounds. " +
		"Traders who have sold from the stalls for decades said they were given no warning and accused councillors of abandoning the waterfront. " +
		"Mayor Elena Prowse defended the decision, saying the roof was unsafe and that the money would be better spent on a new covered market near the station. " +
		"A petition opposing the closure has gathered eleven thousand signatures."

	rwSynonyms = "On Tuesday the council of Harwick Bay decided to shut the old fish market before the year ends, " +
		"pointing to repair bills that engineers estimated at over four million pounds. " +
		"Stallholders who have traded at the market for decades said nobody warned them and charged councillors with deserting the waterfront. " +
		"Mayor Elena Prowse stood by the vote, arguing that the roof was dangerous and the funds would be better used on a new covered market beside the station. " +
		"A petition against the closure has collected eleven thousand signatures."

	rwReordered = "Citing repair costs that engineers put at more than four million pounds, the Harwick Bay council voted on Tuesday to close the old fish market by the end of the year. " +
		"Accusing councillors of abandoning the waterfront, traders who have sold from the stalls for decades said they were given no warning. " +
		"Saying the roof was unsafe and that the money would be better spent on a new covered market near the station, Mayor Elena Prowse defended the decision. " +
		"Eleven thousand signatures have been gathered by a petition opposing the closure."

	rwSplit = "The Harwick Bay council voted on Tuesday. It decided to close the old fish market by the end of the year. " +
		"The reason was repair costs. Engineers put them at more than four million pounds. " +
		"Traders have sold from the stalls for decades. They said they were given no warning. They accused councillors of abandoning the waterfront. " +
		"Mayor Elena Prowse defended the decision. She said the roof was unsafe. The money would be better spent on a new covered market near the station, she said. " +
		"A petition opposes the closure. It has gathered eleven thousand signatures."
)

// TestRewrittenParagraph: a paragraph reworded three ways is found as one rewritten passage
// whose spans cover it in both texts.
func TestRewrittenParagraph(t *testing.T) {
	other := "Ferry services across the estuary were suspended for a second day as gales battered the coast. " +
		"The operator said sailings would resume once the wind dropped below forty knots.\n\n"
	a := Document{ID: "a", Source: "north-star", Text: rwIntro + rwOriginal + rwOutro}
	for _, tc := range []struct{ name, text string }{
		{"synonyms", rwSynonyms},
		{"reordered clauses", rwReordered},
		{"split sentences", rwSplit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := Document{ID: "b", Source: "east-post", Text: other + tc.text + "\n\nMore on this story as it develops.\n"}
			p, ok := CompareWith(a, b, Options{}, CompareOptions{})
			if !ok {
				t.Fatalf("CompareWith: not related, want reuse")
			}
			var rw []Passage
			for _, q := range p.Passages {
				if q.Match == Rewritten {
					rw = append(rw, q)
				}
			}
			if len(rw) != 1 {
				t.Fatalf("%d rewritten passages, want 1: %+v", len(rw), p.Passages)
			}
			q := rw[0]
			if q.Similarity <= 0 || q.Similarity > 1 {
				t.Errorf("similarity %g, want in (0, 1]", q.Similarity)
			}
			if q.AText != a.Text[q.AStart:q.AEnd] || q.BText != b.Text[q.BStart:q.BEnd] {
				t.Errorf("passage texts are not the slices of the texts at its offsets")
			}
			checkCovers(t, "a", a.Text, q.AStart, q.AEnd, rwOriginal)
			checkCovers(t, "b", b.Text, q.BStart, q.BEnd, tc.text)
		})
	}
}

// checkCovers fails unless bytes start to end of text cover the paragraph, but for its last
// character (a full stop), and little else.
func checkCovers(t *testing.T, side, text string, start, end int, para string) {
	t.Helper()
	p0 := strings.Index(text, para)
	p1 := p0 + len(para) - 1
	if start > p0 || end < p1 {
		t.Errorf("%s: passage %d-%d does not cover the paragraph %d-%d: %q", side, start, end, p0, p1, text[start:end])
	}
	if out := (p0 - start) + (end - p1); out > len(para)/10 {
		t.Errorf("%s: passage %d-%d reaches %d bytes beyond the paragraph %d-%d", side, start, end, out, p0, p1)
	}
}

// TestSameTopicNotRewritten: two articles on one topic, with the same names and numbers but
// their own reporting, share no rewritten passage and are not related.
func TestSameTopicNotRewritten(t *testing.T) {
	a := Document{ID: "a", Source: "north-star", Text: "Harwick Bay council to close fish market\n\n" +
		"The Harwick Bay council voted on Tuesday to close the old fish market by the end of the year. " +
		"Mayor Elena Prowse said the building had served the town for more than a century. " +
		"Engineers found cracks in the roof beams last spring, and the stalls have been covered with netting since. " +
		"Traders will be offered places at the Saturday market on Quay Street until a new site is chosen. " +
		"The council has not said what will happen to the building, which is listed. " +
		"Local historians want it turned into a museum of the fishing fleet."}
	b := Document{ID: "b", Source: "east-post", Text: "Fish market traders plan protest in Harwick Bay\n\n" +
		"Dozens of traders marched along the seafront in Harwick Bay on Saturday, carrying banners and crates of crabs. " +
		"Tom Hale, whose family has sold shellfish there since 1952, said business had halved since the netting went up. " +
		"Mayor Elena Prowse was not at the town hall when the march arrived, and her office declined to comment. " +
		"The organisers say they will keep marching every weekend until the council meets them. " +
		"A fundraising concert at the Anchor Inn raised two thousand pounds for a legal challenge. " +
		"Police said the march passed off peacefully."}
	p, ok := CompareWith(a, b, Options{}, CompareOptions{})
	if ok {
		t.Errorf("CompareWith: related as %s with %d passages, want unrelated: %+v", p.Relation, len(p.Passages), p.Passages)
	}
}

func TestStem(t *testing.T) {
	for _, tc := range [][]string{
		{"reported", "reports", "reporting", "report"},
		{"cities", "city"},
		{"notes", "note", "noted", "noting"},
		{"stopped", "stopping", "stop", "stops"},
	} {
		for _, w := range tc[1:] {
			if stem(w) != stem(tc[0]) {
				t.Errorf("stem(%q) = %q, stem(%q) = %q, want the same", w, stem(w), tc[0], stem(tc[0]))
			}
		}
	}
	for _, w := range []string{"bus", "a", "über", "日本"} {
		if got := stem(w); got != w {
			t.Errorf("stem(%q) = %q, want it unchanged", w, got)
		}
	}
}

// TestSentenceBoundaries: a boundary ends a sentence only once it holds minSentenceWords
// content words; a shorter one runs on into the next, but never across a paragraph break, and
// the last sentence ends with the text however short it is.
func TestSentenceBoundaries(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // each sentence's text, from its first token to its last
	}{
		{"", nil},
		{"He left.", []string{"He left"}},
		{"The minister raised taxes sharply. Voters protested outside parliament all week.",
			[]string{"The minister raised taxes sharply", "Voters protested outside parliament all week"}},
		// "He left." has one content word: it runs on, as does "Then rain." into the last
		{"He left. The minister raised taxes sharply. Then rain. Voters protested outside parliament.",
			[]string{"He left. The minister raised taxes sharply", "Then rain. Voters protested outside parliament"}},
		// four content words are enough, stop words do not count
		{"Farmers sold cattle early; and then it was over for them. Prices fell.",
			[]string{"Farmers sold cattle early", "and then it was over for them. Prices fell"}},
		{"Police closed roads\nnear the river bridge\ntoday.",
			[]string{"Police closed roads\nnear the river bridge", "today"}},
		// a paragraph break ends a sentence however short
		{"He left.\n\nThe minister raised taxes sharply. Then rain.\n\nVoters protested outside parliament.",
			[]string{"He left", "The minister raised taxes sharply", "Then rain", "Voters protested outside parliament"}},
		// line breaks of other systems: "\r\n" is one, a lone "\r" too, U+2028 and U+0085 are
		// lines, U+2029 a paragraph
		{"Police closed roads\r\nnear the river bridge\r\ntoday.",
			[]string{"Police closed roads\r\nnear the river bridge", "today"}},
		{"Police closed roads\rnear the river bridge\rtoday.",
			[]string{"Police closed roads\rnear the river bridge", "today"}},
		{"Police closed roads\u2028near the river bridge\u0085today.",
			[]string{"Police closed roads\u2028near the river bridge", "today"}},
		{"He left.\r\n\r\nThe minister raised taxes sharply. Then rain.\r\rVoters protested outside parliament.",
			[]string{"He left", "The minister raised taxes sharply", "Then rain", "Voters protested outside parliament"}},
		{"He left.\u2029The minister raised taxes sharply. Then rain.\u2028\u2028Voters protested outside parliament.",
			[]string{"He left", "The minister raised taxes sharply", "Then rain", "Voters protested outside parliament"}},
		{"He left\u2029the minister raised taxes sharply",
			[]string{"He left", "the minister raised taxes sharply"}},
	} {
		var tz shingle.Tokenizer
		toks := tz.Tokenize(tc.text)
		ss, _ := sentencesOf(tc.text, toks, nil, nil, nil, nil)
		var got []string
		for _, x := range ss {
			got = append(got, tc.text[toks[x.t0].Start:toks[x.t1].End])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("sentencesOf(%q):\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

// TestSentenceRecord: the sentences read back from the spooled record are those cut from the
// text, word for word and token for token.
func TestSentenceRecord(t *testing.T) {
	wc := new(wordCache) // shared by the texts, asked twice each: cold, then remembering
	for _, text := range []string{
		"",
		"One.",
		rwIntro + rwOriginal + rwOutro,
		rwSplit,
		"No stop at the end; twice; three times\nand a line with nothing but the and of",
		"Zürich's cafés opened early. 東京 は 晴れ. Prices rose 4.5% on Tuesday!",
	} {
		var tz shingle.Tokenizer
		toks := tz.Tokenize(text)
		want, _ := sentencesOf(text, toks, nil, nil, nil, nil)
		hashes := make([]uint64, len(toks))
		for i, tok := range toks {
			hashes[i] = shingle.TokenHash(tok.Norm)
		}
		for range 2 {
			if given, _ := sentencesOf(text, toks, hashes, nil, nil, wc); !sameSentences(given, want) {
				t.Errorf("sentencesOf(%q) with the token hashes given and a word cache differs from without", text)
			}
		}
		rec := appendSentenceRecord(nil, want)
		got, _, err := decodeSentences(rec, nil, nil)
		if err != nil {
			t.Fatalf("decodeSentences(record of %q): %v", text, err)
		}
		if len(got) != len(want) {
			t.Fatalf("decodeSentences(record of %q): %d sentences, want %d", text, len(got), len(want))
		}
		for s := range want {
			if got[s].t0 != want[s].t0 || got[s].t1 != want[s].t1 || !slices.Equal(got[s].words, want[s].words) {
				t.Errorf("%q sentence %d: got tokens %d-%d words %v, want %d-%d %v", text, s,
					got[s].t0, got[s].t1, got[s].words, want[s].t0, want[s].t1, want[s].words)
			}
		}
	}
}

// FuzzDecodeSentences: any bytes decode without a panic, either to an error or to sentences
// that cover tokens 0 to n-1 in order and encode to a record that decodes to them again.
func FuzzDecodeSentences(f *testing.F) {
	var tz shingle.Tokenizer
	text := rwIntro + rwOriginal
	ss, _ := sentencesOf(text, tz.Tokenize(text), nil, nil, nil, nil)
	f.Add(appendSentenceRecord(nil, ss))
	f.Add([]byte{})
	f.Add([]byte{0x01, 0x00})
	f.Add([]byte{0x02, 0x01, 1, 2, 3})
	f.Fuzz(func(t *testing.T, rec []byte) {
		got, _, err := decodeSentences(rec, nil, nil)
		if err != nil {
			return
		}
		next := int32(0)
		for s, x := range got {
			if x.t0 != next || x.t1 < x.t0 {
				t.Fatalf("sentence %d: tokens %d-%d, want from %d on", s, x.t0, x.t1, next)
			}
			next = x.t1 + 1
		}
		again, _, err := decodeSentences(appendSentenceRecord(nil, got), nil, nil)
		if err != nil {
			t.Fatalf("decode(encode(decoded)): %v", err)
		}
		if len(again) != len(got) {
			t.Fatalf("decode(encode(decoded)): %d sentences, want %d", len(again), len(got))
		}
		for s := range got {
			if again[s].t0 != got[s].t0 || again[s].t1 != got[s].t1 || !slices.Equal(again[s].words, got[s].words) {
				t.Fatalf("decode(encode(decoded)) sentence %d differs", s)
			}
		}
	})
}

// TestApartRewrites: a short rewritten passage is dropped when the pair shares verbatim
// passages elsewhere, and kept when it touches one, is long enough, or the pair has none.
func TestApartRewrites(t *testing.T) {
	text := strings.Repeat("word ", 200)
	var tz shingle.Tokenizer
	v := &docView{text: text, toks: slices.Clone(tz.Tokenize(text))} // 5 bytes a token
	short := rspan{span: span{a0: 100, a1: 119, b0: 100, b1: 119}}   // 99 bytes a side
	long := rspan{span: span{a0: 100, a1: 159, b0: 100, b1: 159}}    // 299 bytes a side
	far := []span{{a0: 0, a1: 30, b0: 0, b1: 30}}
	near := []span{{a0: 110, a1: 140, b0: 110, b1: 140}}
	for _, tc := range []struct {
		name     string
		r        rspan
		verbatim []span
		kept     bool
	}{
		{"short, no verbatim passage", short, nil, true},
		{"short, apart from a verbatim passage", short, far, false},
		{"short, touching a verbatim passage", short, near, true},
		{"long, apart from a verbatim passage", long, far, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := apartRewrites([]rspan{tc.r}, tc.verbatim, v, v, 200)
			if kept := len(got) == 1; kept != tc.kept {
				t.Errorf("apartRewrites: kept %v, want %v", kept, tc.kept)
			}
		})
	}
}

func sameSentences(x, y []sentence) bool {
	if len(x) != len(y) {
		return false
	}
	for s := range x {
		if x[s].t0 != y[s].t0 || x[s].t1 != y[s].t1 || !slices.Equal(x[s].words, y[s].words) {
			return false
		}
	}
	return true
}

// TestJoinPieces: the pieces of one rewritten passage are joined across gaps (wider when a
// piece is rewritten), in the same order on both sides and apart on each; a verbatim piece holding recurring text
// joins only a rewritten neighbour; a given piece (a quote, credited copy) joins nothing; the
// joined similarity is the pieces' mean by words.
func TestJoinPieces(t *testing.T) {
	text := strings.Repeat("word ", 2000)
	var tz shingle.Tokenizer
	v := &docView{text: text, toks: slices.Clone(tz.Tokenize(text))} // 5 bytes a token
	// 100, 20, 6 and 400 tokens
	p := rewriteParams{joinBytes: 500, joinVerbatimBytes: 100, condensedBytes: 30, spreadBytes: 2000}
	sp := func(a0, a1, b0, b1 int) span { return span{a0, a1, b0, b1} }
	tests := []struct {
		name      string
		spans     []span
		sims      []float64
		recurring []bool
		want      []span
		wantSims  []float64
		given     []bool
	}{
		{"verbatim pieces close", []span{sp(0, 49, 0, 49), sp(60, 99, 60, 99)}, nil, nil,
			[]span{sp(0, 99, 0, 99)}, []float64{0}, nil},
		{"verbatim pieces too far", []span{sp(0, 49, 0, 49), sp(80, 99, 80, 99)}, nil, nil,
			[]span{sp(0, 49, 0, 49), sp(80, 99, 80, 99)}, []float64{0, 0}, nil},
		{"a rewritten piece reaches further", []span{sp(0, 49, 0, 49), sp(120, 169, 130, 179)}, []float64{0, 0.5}, nil,
			[]span{sp(0, 169, 0, 179)}, []float64{0.75}, nil},
		{"out of order on b", []span{sp(0, 49, 200, 249), sp(60, 99, 0, 39)}, []float64{0.6, 0.6}, nil,
			[]span{sp(0, 49, 200, 249), sp(60, 99, 0, 39)}, []float64{0.6, 0.6}, nil},
		{"recurring verbatim pieces stay apart", []span{sp(0, 49, 0, 49), sp(60, 99, 60, 99)}, nil, []bool{false, true},
			[]span{sp(0, 49, 0, 49), sp(60, 99, 60, 99)}, []float64{0, 0}, nil},
		{"a recurring piece in a rewrite joins it", []span{sp(0, 49, 0, 49), sp(60, 99, 60, 99), sp(110, 159, 110, 159)},
			[]float64{0.5, 0, 0.5}, []bool{false, true, false},
			[]span{sp(0, 159, 0, 159)}, []float64{(0.5*50 + 40 + 0.5*50) / 140}, nil},
		{"a summary: next to each other on b, apart on a", []span{sp(0, 49, 0, 49), sp(300, 349, 52, 99)}, []float64{0.5, 0.5}, nil,
			[]span{sp(0, 349, 0, 99)}, []float64{0.5}, nil},
		{"a summary: next to each other on a, before on b", []span{sp(0, 49, 300, 349), sp(52, 99, 0, 39)}, []float64{0.5, 0.5}, nil,
			[]span{sp(0, 99, 0, 349)}, []float64{0.5}, nil},
		{"a summary: the same with a and b swapped", []span{sp(0, 39, 52, 99), sp(300, 349, 0, 49)}, []float64{0.5, 0.5}, nil,
			[]span{sp(0, 349, 0, 99)}, []float64{0.5}, nil},
		{"a summary: a piece just before a long one on b", []span{sp(0, 49, 1000, 1449), sp(52, 99, 900, 997)}, []float64{0.5, 0.5}, nil,
			[]span{sp(0, 99, 900, 1449)}, []float64{0.5}, nil},
		{"a summary too spread", []span{sp(0, 49, 0, 49), sp(500, 549, 52, 99)}, []float64{0.5, 0.5}, nil,
			[]span{sp(0, 49, 0, 49), sp(500, 549, 52, 99)}, []float64{0.5, 0.5}, nil},
		{"verbatim pieces next to each other on b only", []span{sp(0, 49, 0, 49), sp(300, 349, 52, 99)}, nil, nil,
			[]span{sp(0, 49, 0, 49), sp(300, 349, 52, 99)}, []float64{0, 0}, nil},
		{"three passages, two joined", []span{sp(0, 9, 0, 9), sp(500, 549, 500, 549), sp(560, 599, 560, 599)}, nil, nil,
			[]span{sp(0, 9, 0, 9), sp(500, 599, 500, 599)}, []float64{0, 0}, nil},
		{"pieces on the same words of a stay apart (a quote b prints twice)", []span{sp(0, 49, 0, 49), sp(0, 49, 60, 109)}, nil, nil,
			[]span{sp(0, 49, 0, 49), sp(0, 49, 60, 109)}, []float64{0, 0}, nil},
		{"verbatim pieces overlapping on b stay apart", []span{sp(0, 49, 0, 49), sp(60, 99, 40, 79)}, nil, nil,
			[]span{sp(0, 49, 0, 49), sp(60, 99, 40, 79)}, []float64{0, 0}, nil},
		{"a given piece in a rewrite stays apart", []span{sp(0, 49, 0, 49), sp(60, 99, 60, 99), sp(110, 159, 110, 159)},
			[]float64{0.5, 0, 0.5}, nil,
			[]span{sp(0, 49, 0, 49), sp(60, 99, 60, 99), sp(110, 159, 110, 159)}, []float64{0.5, 0, 0.5}, []bool{false, true, false}},
		{"a given piece first stays apart", []span{sp(0, 49, 0, 49), sp(60, 99, 60, 99), sp(110, 159, 110, 159)},
			[]float64{0, 0.5, 0.5}, nil,
			[]span{sp(0, 49, 0, 49), sp(60, 159, 60, 159)}, []float64{0, 0.5}, []bool{true, false, false}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, sims, _ := joinPieces(slices.Clone(tc.spans), slices.Clone(tc.sims), slices.Clone(tc.recurring), tc.given, v, v, p)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("joinPieces: %v, want %v", got, tc.want)
			}
			for i := range sims {
				if math.Abs(sims[i]-tc.wantSims[i]) > 1e-9 {
					t.Errorf("similarity %d: %v, want %v", i, sims[i], tc.wantSims[i])
				}
			}
		})
	}
}

// TestSentenceIndexBuild holds sentenceIndex.build to the plain way of building it: the
// vocabulary sorted, each sentence's words numbered by searching it, document frequencies and
// postings counted from those numbers. One index and one sorter serve all the texts, as an
// aligner's do.
func TestSentenceIndexBuild(t *testing.T) {
	var (
		x     sentenceIndex
		hs    postings.HashSorter
		keys  []uint64
		words []uint32
	)
	for _, text := range []string{
		"",
		rwIntro + rwOriginal + rwOutro,
		rwSplit + " " + rwOriginal,
		strings.Repeat("The mayor said the mayor's budget was the mayor's own. ", 40),
		"Zürich's cafés opened early. 東京 は 晴れ. Prices rose 4.5% on Tuesday!",
	} {
		var tz shingle.Tokenizer
		x.sents, words = sentencesOf(text, tz.Tokenize(text), nil, x.sents[:0], words, nil)
		x.build(&hs, &keys)
		var vocab []uint32
		for _, s := range x.sents {
			vocab = append(vocab, s.words...)
		}
		slices.Sort(vocab)
		vocab = slices.Compact(vocab)
		if !slices.Equal(x.vocab, vocab) {
			t.Errorf("%.30q: vocabulary %v, want %v", text, x.vocab, vocab)
			continue
		}
		df := make([]int32, len(vocab))
		var terms []wterm
		for _, s := range x.sents {
			for k := 0; k < len(s.words); {
				e := k + 1
				for e < len(s.words) && s.words[e] == s.words[k] {
					e++
				}
				v, _ := slices.BinarySearch(vocab, s.words[k])
				terms = append(terms, wterm{int32(v), int32(e - k)})
				df[v]++
				k = e
			}
		}
		if !slices.Equal(x.terms, terms) || !slices.Equal(x.df, df) {
			t.Errorf("%.30q: terms %v df %v, want %v and %v", text, x.terms, x.df, terms, df)
		}
		for v := range vocab {
			for _, p := range x.posts[x.pOff[v]:x.pOff[v+1]] {
				found := false
				for _, tm := range x.terms[x.tOff[p.w]:x.tOff[p.w+1]] {
					found = found || tm == wterm{int32(v), p.tf}
				}
				if !found {
					t.Errorf("%.30q: word %d posted in sentence %d with count %d, which lacks it", text, v, p.w, p.tf)
				}
			}
		}
	}
}

// TestSentencePairsAlike: the candidate rule on the sentence tags of the keys two documents
// share (ta<<4 | tb for each key).
func TestSentencePairsAlike(t *testing.T) {
	tag := func(a, b uint64) uint64 { return a<<4 | b }
	tests := []struct {
		name string
		tags []uint64
		want bool
	}{
		{"none", nil, false},
		{"one key", []uint64{tag(1, 2)}, false},
		{"two keys of one sentence pair, one sentence a side", []uint64{tag(1, 2), tag(1, 2)}, false},
		{"two keys of one pair and one of another", []uint64{tag(1, 2), tag(1, 2), tag(3, 5)}, true},
		{"one key each of two sentence pairs", []uint64{tag(1, 2), tag(3, 5)}, false},
		{"one key each of three sentence pairs", []uint64{tag(1, 2), tag(3, 5), tag(4, 7)}, true},
		{"three pairs, one sentence of a", []uint64{tag(1, 2), tag(1, 5), tag(1, 7)}, false},
		{"three pairs, one sentence of b", []uint64{tag(1, 2), tag(3, 2), tag(4, 2)}, false},
		{"three pairs over two sentences a side", []uint64{tag(1, 2), tag(1, 5), tag(3, 5)}, true},
		{"tags 0 and 15", []uint64{tag(0, 15), tag(15, 0), tag(0, 0)}, true},
	}
	for _, tt := range tests {
		if got := sentencePairsAlike(tt.tags); got != tt.want {
			t.Errorf("%s: sentencePairsAlike(%x) = %v, want %v", tt.name, tt.tags, got, tt.want)
		}
	}
}

func TestSentencesCopied(t *testing.T) {
	tag := func(a, b uint64) uint64 { return a<<sentenceTagBits | b }
	tests := []struct {
		name         string
		tags, copies []uint64
		want         bool
	}{
		{"no copies", []uint64{tag(1, 2), tag(3, 4)}, nil, false},
		{"every pair a copy", []uint64{tag(1, 2), tag(1, 2), tag(3, 4)}, []uint64{tag(3, 4), tag(1, 2)}, true},
		{"one pair reworded", []uint64{tag(1, 2), tag(3, 5)}, []uint64{tag(1, 2), tag(3, 4)}, false},
		{"copies of other sentences only", []uint64{tag(1, 2)}, []uint64{tag(2, 1)}, false},
		{"keys in no sentence pair, a copy", nil, []uint64{tag(0, 15)}, true},
	}
	for _, tt := range tests {
		if got := sentencesCopied(tt.tags, tt.copies); got != tt.want {
			t.Errorf("%s: sentencesCopied(%x, %x) = %v, want %v", tt.name, tt.tags, tt.copies, got, tt.want)
		}
	}
	all := []uint64{tag(1, 2), copyTag | tag(3, 4), tag(5, 6), copyTag | tag(7, 8)}
	keys, copies := splitCopies(all)
	slices.Sort(keys)
	slices.Sort(copies)
	if !slices.Equal(keys, []uint64{tag(1, 2), tag(5, 6)}) || !slices.Equal(copies, []uint64{tag(3, 4), tag(7, 8)}) {
		t.Errorf("splitCopies: keys %x, copies %x", keys, copies)
	}
}

// TestCopiedSentencesNotCompared: ten articles from ten sources, each on its own subject, carry
// one standard paragraph word for word, and one more rewords it. The pairs of the ten share
// sentence keys only in sentences they hold as written: they are left to the passage
// fingerprints (which report the paragraph once, with its ten occurrences), not compared for
// rewritten passages; the rewording is still found.
func TestCopiedSentencesNotCompared(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 17))
	syllables := []string{"ka", "lo", "mi", "ren", "tu", "sa", "vo", "dri", "pel", "gor", "na", "ste", "qui", "bar", "fen", "ul"}
	word := func() string {
		var b strings.Builder
		for range 3 + rng.IntN(2) {
			b.WriteString(syllables[rng.IntN(len(syllables))])
		}
		return b.String()
	}
	own := func() string { // a paragraph of words no other article uses, in sentences
		var b strings.Builder
		for range 10 {
			for k := range 14 {
				if k > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(word())
			}
			b.WriteString(". ")
		}
		return b.String()
	}
	var lines []string
	texts := map[string]string{}
	add := func(id, text string) {
		texts[id] = text
		j, err := json.Marshal(map[string]string{"id": id, "source": "outlet-" + id, "text": text})
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(j))
	}
	const holders = 10
	for i := range holders {
		add(fmt.Sprintf("h%02d", i), own()+"\n\n"+rwOriginal+"\n\n"+own())
	}
	add("rewording", own()+"\n\n"+rwSynonyms+"\n\n"+own())
	path := filepath.Join(t.TempDir(), "docs.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), []string{path}, nil, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.RewriteCopied == 0 {
		t.Errorf("no candidate of the sentence keys left to the fingerprints (%d candidates)", res.Stats.RewriteCandidates)
	}
	found := false
	for _, p := range res.Pairs {
		if p.A != "rewording" && p.B != "rewording" {
			continue
		}
		if slices.ContainsFunc(p.Passages, func(q Passage) bool { return q.Match == Rewritten }) {
			found = true
		}
	}
	if !found {
		t.Errorf("the rewording shares no rewritten passage with a holder: %d pairs", len(res.Pairs))
	}
	held := 0 // occurrences of the passage that holds the paragraph's fourth sentence
	for _, sp := range res.Passages {
		o := sp.Occurrences[0]
		if strings.Contains(texts[o.ID][o.Start:o.End], "Mayor Elena Prowse defended the decision") {
			held = max(held, len(sp.Occurrences))
		}
	}
	if held != holders {
		t.Errorf("the paragraph is reported with %d occurrences, want %d", held, holders)
	}
}

// TestTagPairs: pairs of two entries or more and their tags come back as added, with copyTag up
// to 2^27 documents, and without it (8 bits of tags) beyond, where two document numbers and 9
// bits do not fit in 64; a pair of one entry does not.
func TestTagPairs(t *testing.T) {
	for _, tt := range []struct {
		docs   int
		copies bool
		tags   uint64
	}{
		{1000, true, copyTag | 0xab},
		{1 << 27, true, copyTag | 0x1f},
		{1<<27 + 1, false, 0xab},
		{postings.MaxDocs, false, 0xff},
	} {
		tp := newTagPairs(tt.docs, nil)
		if tp.copies() != tt.copies {
			t.Errorf("%d documents: copies() = %v, want %v", tt.docs, tp.copies(), tt.copies)
		}
		a, b := uint64(tt.docs/2), uint64(tt.docs-1)
		tp.add(a, b, tt.tags)
		tp.add(a, b, 0x12)
		tp.add(a, b-1, 0x34) // a pair of one entry: passed over
		n := 0
		eachTagPair([]*tagPairs{tp}, 1, func(_ int, ga, gb uint64, tags []uint64) {
			n++
			slices.Sort(tags)
			if ga != a || gb != b || !slices.Equal(tags, []uint64{0x12, tt.tags}) {
				t.Errorf("%d documents: got %d, %d, %x; want %d, %d, [12 %x]", tt.docs, ga, gb, tags, a, b, tt.tags)
			}
		})
		if n != 1 {
			t.Errorf("%d documents: %d pairs, want 1", tt.docs, n)
		}
	}
}

// TestDatelineTokens: a dateline is a place in capitals, perhaps a date and outlets in
// parentheses, then a dash on the first line; anything else is no dateline.
func TestDatelineTokens(t *testing.T) {
	for _, tc := range []struct {
		text string
		want string // the dateline's words, as the text has them
	}{
		{"WASHINGTON (Reuters) - Officials met on Tuesday.", "WASHINGTON (Reuters"},
		{"LONDON, March 3 (AP) — Prices rose.", "LONDON, March 3 (AP"},
		{"VALLEY VILLAGE,  Calif. -- Shaken like salt, ladybugs tumbled.", "VALLEY VILLAGE,  Calif"},
		{"HARROW CROSS (Brindle Wire via Lyle Bridge Courier) - Engineers have ordered the reservoir lowered.", "HARROW CROSS (Brindle Wire via Lyle Bridge Courier"},
		{"  PARIS—The minister resigned.", "PARIS"},
		{"SÃO PAULO (Folha) – Chuva forte.", "SÃO PAULO (Folha"},
		{"The market - as ever - fell.", ""},                        // no capitals
		{"NASA said the launch - its third - was delayed.", ""},     // a sentence in capitals' wake
		{"WASHINGTON\n\nOfficials met - briefly - on Tuesday.", ""}, // the dash is not on the first line
		{"UN-backed talks resumed in Geneva.", ""},                  // a hyphen in a word
		{"A - B", ""}, // a one-letter word
		{"BRUSSELS (AP - Europe) officials met.", ""}, // the dash inside the parentheses
		{"WASHINGTON", ""},
		{"", ""},
		{"ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN ELEVEN TWELVE THIRTEEN FOURTEEN FIFTEEN SIXTEEN SEVENTEEN - too far.", ""},
	} {
		var tz shingle.Tokenizer
		toks := tz.Tokenize(tc.text)
		n := datelineTokens(tc.text, toks)
		got := ""
		if n > 0 {
			got = tc.text[toks[0].Start:toks[n-1].End]
		}
		if got != tc.want {
			t.Errorf("datelineTokens(%q) = %d tokens, %q; want %q", tc.text, n, got, tc.want)
		}
	}
}

// TestDatelineNoWords: a dateline gives its sentence no words; the sentence still starts at the
// text's start.
func TestDatelineNoWords(t *testing.T) {
	const text = "HARROW CROSS (Brindle Wire) - Engineers lowered the reservoir behind the dam."
	var tz shingle.Tokenizer
	toks := tz.Tokenize(text)
	ss, _ := sentencesOf(text, toks, nil, nil, nil, nil)
	if len(ss) != 1 || ss[0].t0 != 0 {
		t.Fatalf("sentences %+v, want one from the first token", ss)
	}
	without, _ := sentencesOf(text[strings.Index(text, "Engineers"):], tz.Tokenize(text[strings.Index(text, "Engineers"):]), nil, nil, nil, nil)
	if !slices.Equal(ss[0].words, without[0].words) {
		t.Errorf("words %v, want those of the sentence without its dateline %v", ss[0].words, without[0].words)
	}
}

// TestDatelineNotRewritten: two articles of one story datelined from each other's towns, by
// outlets that name each other ("HARROW CROSS (Brindle Wire via Lyle Bridge Courier) -", "LYLE
// BRIDGE (Valley Evening Post via Harrow Cross Herald) -"), each with its own first paragraph,
// share the wire's background paragraphs word for word and nothing in other words: their
// first sentences, alike by the datelines' names, made a rewritten passage of 212 words over
// both first paragraphs and the background.
func TestDatelineNotRewritten(t *testing.T) {
	var a, b Document
	for _, f := range []string{"night1.jsonl", "night2.jsonl"} {
		for _, d := range readJSONL(t, filepath.Join("..", "testdata", "nights", f)) {
			switch d.ID {
			case "lyle-bridge-courier/dam-cracks":
				a = d
			case "harrow-cross-herald/dam-repair-cost":
				b = d
			}
		}
	}
	if a.Text == "" || b.Text == "" {
		t.Fatal("testdata/nights lacks the Courier's or the Herald's article")
	}
	p, ok := CompareWith(a, b, Options{}, CompareOptions{})
	if !ok {
		t.Fatal("CompareWith: not related, want reuse by the background paragraphs")
	}
	const background = "The Harrow Cross dam was finished in 1958"
	found := false
	for _, q := range p.Passages {
		if q.Match == Rewritten {
			t.Errorf("rewritten passage of %d words, similarity %.2f: %q", q.Words, q.Similarity, q.AText)
		}
		found = found || strings.HasPrefix(q.AText, background) && strings.HasPrefix(q.BText, background)
	}
	if !found {
		t.Errorf("no passage from the background paragraphs on both sides: %+v", p.Passages)
	}
}

// FuzzDateline: on any text, a dateline is none or the first tokens up to a dash on the first
// line, and sentencesOf cuts the same sentences as without it.
func FuzzDateline(f *testing.F) {
	f.Add("WASHINGTON (Reuters) - Officials met on Tuesday.")
	f.Add("LONDON, March 3 (AP) — Prices rose.")
	f.Add("NASA said the launch - its third - was delayed.")
	f.Add("A (B - C) - D")
	f.Add("ÉÉ ((( - x")
	f.Fuzz(func(t *testing.T, text string) {
		var tz shingle.Tokenizer
		toks := tz.Tokenize(text)
		n := datelineTokens(text, toks)
		if n < 0 || n > maxDatelineTokens || n > 0 && n >= len(toks) {
			t.Fatalf("%d dateline tokens of %d", n, len(toks))
		}
		if n > 0 {
			if !inCapitals(text[toks[0].Start:toks[0].End]) {
				t.Fatalf("dateline %q starts with no word in capitals", text[:toks[n-1].End])
			}
			if strings.ContainsAny(text[toks[0].Start:toks[n].Start], "\n\r") {
				t.Fatalf("dateline %q runs over a line", text[:toks[n].Start])
			}
			if !dashGap(text[toks[n-1].End:toks[n].Start]) {
				t.Fatalf("dateline %q ends at no dash", text[:toks[n].Start])
			}
		}
		ss, _ := sentencesOf(text, toks, nil, nil, nil, nil)
		next := int32(0)
		for s, x := range ss {
			if x.t0 != next || x.t1 < x.t0 {
				t.Fatalf("sentence %d: tokens %d-%d, want from %d on", s, x.t0, x.t1, next)
			}
			next = x.t1 + 1
		}
		if int(next) != len(toks) {
			t.Fatalf("sentences end at token %d of %d", next, len(toks))
		}
	})
}
