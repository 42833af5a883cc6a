package pipeline

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/credit"
	"github.com/neardup/neardup/internal/postings"
	"github.com/neardup/neardup/shingle"
)

// Rewritten passages: text that two documents share in other words (synonyms swapped, clauses
// reordered, sentences split or merged, a round trip through machine translation), which
// verbatim fingerprints miss. The method follows Sanchez-Perez, Sidorov and Gelbukh (PAN 2014):
//
//  1. Each document is cut into sentences (at '.', '!', '?', ';' and line breaks between two
//     tokens, once a sentence holds minSentenceWords content words, and always at two line
//     breaks: a paragraph break); a sentence is the bag of its content words: stop words and a dateline out (datelineTokens), each word lightly stemmed (stem), so that "reported",
//     "reports" and "reporting" are one word.
//  2. Seeds: every pair of sentences, one from each document, whose tf-idf cosine and Dice
//     coefficient are both at least 0.33 (defaultRewrite), sharing two content words or more.
//     Idf is counted over the sentences of the two documents: a pair needs nothing global.
//  3. Extension: seeds are grouped, first by their order in one document, then in the other,
//     splitting a group where the next seed is more than gap sentences away, until nothing
//     splits. A group is the passage from its first to its last sentence on each side, kept if
//     the two stretches of text are alike as wholes (cosine at least 0.40: at SPS's 0.34,
//     same-topic texts gave detections on PAN-13's no-plagiarism pairs); else its seeds are
//     grouped again with a smaller gap.
//  4. Filtering: passages that overlap on either side keep the more similar one; passages
//     shorter than 100 bytes on either side are dropped (at 80, detections on no-plagiarism
//     pairs).
//
// Verbatim passages (align) are found first; a rewritten passage that they mostly cover is
// theirs, and one that holds them swallows them (mergeRewrites).
//
// Candidates: each sentence of four content words or more gives sentenceKeyBands keys; a pair
// of documents is compared sentence by sentence when they share keys of two sentences or more
// on each side, or two keys that they alone hold (rewriteCandidates). The first pass spools each
// document's sentences with its shingle hashes (appendSentenceRecord), so that comparing reads
// them back instead of cutting them from the text again.

// rewriteParams are the thresholds of rewritten passages; defaultRewrite holds the tuned ones.
type rewriteParams struct {
	seedCos, seedDice float64 // a sentence pair is a seed at or above both
	minShared         int     // and sharing this many distinct content words
	gap               int     // sentences between two seeds of one passage, at most
	valid             float64 // a passage's two sides' cosine, at least
	minBytes          int     // each side's length, at least
	// apartBytes is each side's length, at least, of a passage that touches none of the
	// verbatim passages of a pair that has some (apartRewrites)
	apartBytes int
	// covered is the share of a rewritten passage's words, on each side, that verbatim passages
	// must hold for it to be theirs (mergeRewrites)
	covered float64
	// joinBytes and joinVerbatimBytes are the widest gap, in bytes on each side, across which
	// two passages of a pair in the same order on both sides are one (joinPieces): when one of
	// them is rewritten, and when both are verbatim
	joinBytes, joinVerbatimBytes int
	// condensedBytes and spreadBytes join the pieces of a condensed rewrite (a summary), one of
	// them rewritten: at most condensedBytes apart on one side, at most spreadBytes on the
	// other, in either order there (joinPieces)
	condensedBytes, spreadBytes int
}

var defaultRewrite = rewriteParams{seedCos: 0.33, seedDice: 0.33, minShared: 2, gap: 4, valid: 0.40, minBytes: 100, apartBytes: 200, covered: 0.8,
	joinBytes: 3000, joinVerbatimBytes: 2000, condensedBytes: 50, spreadBytes: 6000}

// joinPieces joins the passages of a pair (spans in order of their start in a, with their
// similarities, 0 for verbatim, and whether each holds recurring text) that are pieces of one
// rewritten passage: two in a row whose sides both lie within a gap of each other, in the same
// order on both sides and apart on each (a quote one text prints twice is two passages, not one
// over all between): p's joinBytes when one is rewritten (a verbatim piece holding recurring
// text is then a sentence the rewrite kept: the text stays reported with its occurrences in
// its own record), joinVerbatimBytes when both are verbatim and neither holds recurring text
// (that stays a passage of its own). A rewrite keeps some sentences word for word and changes others past
// what the sentence seeds find, so one rewritten passage came out as several: on pan13-obf's
// rewritten cases, 1.19 detections a case. The joined passage's similarity is its pieces'
// mean by words, a verbatim piece's 1; it is rewritten if a piece is. Two pieces, one of them
// rewritten, are also one when they lie within condensedBytes of each other on one side and
// within spreadBytes on the other, in either order there: a summary, each of whose sentences
// condenses a stretch of the original (pan13-obf's summaries: 1.19 detections a case before,
// 1.13 after; plagdet 0.42 -> 0.47). Gaps are counted in bytes of the texts (tuned on the
// tuning half of pan13-obf, BENCHMARKS.md). A verbatim piece marked given (nil for none: a
// quote, or copy credited to its outlet, givenSpans) joins nothing: how a text gives its words
// is told of each passage, and a rewritten one is the writer's own.
func joinPieces(spans []span, sims []float64, recurring, given []bool, va, vb *docView, p rewriteParams) ([]span, []float64, []bool) {
	if len(spans) < 2 {
		return spans, sims, recurring
	}
	if sims == nil {
		sims = make([]float64, len(spans))
	}
	if recurring == nil {
		recurring = make([]bool, len(spans))
	}
	out, outSims, outRec := spans[:1], sims[:1], recurring[:1]
	weight := func(s span, sim float64) float64 { // a piece's similarity times its words
		if sim == 0 {
			sim = 1
		}
		return sim * float64(s.words())
	}
	sum, rewritten := weight(spans[0], sims[0]), sims[0] > 0 // of the passage being joined
	words := spans[0].words()
	isGiven := func(i int) bool { return given != nil && given[i] }
	lastGiven := isGiven(0) // the passage being joined is a given piece
	for i := 1; i < len(spans); i++ {
		m, q := &out[len(out)-1], spans[i]
		gap, ok := p.joinVerbatimBytes, !outRec[len(outRec)-1] && !recurring[i]
		if rewritten || sims[i] > 0 {
			gap, ok = p.joinBytes, true
		}
		ok = ok && !lastGiven && !isGiven(i)
		ga := va.token(q.a0).Start - va.token(m.a1).End
		gb := vb.token(q.b0).Start - vb.token(m.b1).End
		inOrder := ga >= 0 && ga <= gap && gb >= 0 && gb <= gap
		// a summary: its sentences follow one another, each condensing a stretch of the original
		// that may lie far from the last, or before it: the bytes between the two pieces on
		// each side, whichever comes first (0 when they overlap)
		da := max(0, ga, va.token(m.a0).Start-va.token(q.a1).End)
		db := max(0, gb, vb.token(m.b0).Start-vb.token(q.b1).End)
		condensed := (rewritten || sims[i] > 0) &&
			(da <= p.condensedBytes && db <= p.spreadBytes || db <= p.condensedBytes && da <= p.spreadBytes)
		if ok && (inOrder || condensed) {
			m.a0, m.a1, m.b0, m.b1 = min(m.a0, q.a0), max(m.a1, q.a1), min(m.b0, q.b0), max(m.b1, q.b1)
			sum += weight(q, sims[i])
			words += q.words()
			rewritten = rewritten || sims[i] > 0
			if rewritten {
				outSims[len(outSims)-1] = sum / float64(words)
				outRec[len(outRec)-1] = false // a rewritten passage is its pair's alone
			}
			continue
		}
		out, outSims, outRec = append(out, q), append(outSims, sims[i]), append(outRec, recurring[i])
		sum, rewritten, words = weight(q, sims[i]), sims[i] > 0, q.words()
		lastGiven = isGiven(i)
	}
	return out, outSims, outRec
}

// sentence is a stretch of a document's tokens, t0 to t1 inclusive, with its content words.
type sentence struct {
	t0, t1 int32
	w1     int32 // where its words end in the buffer they were appended to
	// words are its content-word keys (sentenceWord), repeats kept: in text order as cut,
	// sorted once indexed (sentenceIndex.build)
	words []uint32
}

// sentenceWord returns the key of a token's normalised form, and whether it is a content word.
// h is the token's shingle.TokenHash: a word that stemming leaves as it is keeps it as its key.
func sentenceWord(norm string, h uint64) (uint32, bool) {
	if len(norm) < 2 {
		return 0, false
	}
	if stopWords.has(uint32(h>>32) &^ 1) {
		return 0, false
	}
	if st := stem(norm); len(st) != len(norm) { // a prefix of it
		h = shingle.TokenHash(st)
	}
	return uint32(h >> 32), true
}

// stem strips the commonest English inflections from a lower-case word: plurals, -ing, -ed,
// -ly and a final y, so that the forms of a word compare alike. It is lighter than Porter's
// (no derivations: "nation" and "national" stay apart) and leaves other scripts as they are.
func stem(w string) string {
	if len(w) <= 3 || w[len(w)-1] >= 0x80 {
		return w
	}
	cut := func(suf string) bool {
		if n := len(w) - len(suf); n >= 3 && w[n:] == suf {
			w = w[:n]
			return true
		}
		return false
	}
	cut("'s")
	switch {
	case cut("ies"), cut("ied"): // "cities", "studied": as "city", "study" below
	case cut("sses"): // "glasses": as "glass" below
	case len(w) > 3 && w[len(w)-1] == 's' && !cut("ss") && !cut("us") && !cut("is"):
		w = w[:len(w)-1]
	}
	if cut("ing") || cut("ed") {
		if n := len(w); n >= 4 && w[n-1] == w[n-2] && w[n-1] != 'l' && w[n-1] != 's' {
			w = w[:n-1] // "stopped", "stopping" -> "stop"
		}
	} else {
		cut("ly")
	}
	if len(w) > 3 && (w[len(w)-1] == 'e' || w[len(w)-1] == 'y') {
		w = w[:len(w)-1] // "note", "noted", "notes"; "city", "cities"
	}
	return w
}

// wordCache remembers sentenceWord's answers by token hash (direct-mapped, 16,384 entries): a
// text's words are mostly common ones, and stemming and hashing the stem again was three fifths
// of cutting sentences (0.59 of 1.0 CPU seconds at 20,000 synthetic articles). An entry is 8
// bytes, the hash's low 32 bits and the answer (0 for no content word; a content word's key 0 is
// kept as 1), so that the table (128 KiB) stays in a core's cache: with 16-byte entries, reading
// one was a cache miss a token (wordCache.word 1.0 of 2.7 CPU seconds of cutting sentences at
// 200,000 synthetic articles). Two tokens alike in their top 14 and low 32 hash bits, one pair
// in 2^46, share an answer. One per goroutine.
type wordCache [1 << 14]struct{ h, w uint32 }

// word is sentenceWord(norm, h), remembered.
func (c *wordCache) word(norm string, h uint64) (uint32, bool) {
	e := &c[h>>50]
	if tag := uint32(h) | 1; e.h == tag {
		return e.w, e.w != 0
	}
	w, ok := sentenceWord(norm, h)
	e.h, e.w = uint32(h)|1, 0
	if ok {
		w = max(w, 1)
		e.w = w
	}
	return w, ok
}

// sentencesOf cuts a text's tokens into sentences, appending them to dst and their words to
// buf (which the sentences' words point into). hashes, if not nil, are the tokens'
// shingle.TokenHash, which hashing the shingles computed: then they are not hashed again. wc,
// if not nil, remembers the words' keys.
func sentencesOf(text string, toks []shingle.Token, hashes []uint64, dst []sentence, buf []uint32, wc *wordCache) ([]sentence, []uint32) {
	buf = buf[:0]
	first := len(dst)
	start, w0 := 0, 0 // the sentence's first token, and where its words start in buf
	dl := datelineTokens(text, toks)
	for i := range toks {
		var h uint64
		if hashes != nil {
			h = hashes[i]
		} else {
			h = shingle.TokenHash(toks[i].Norm)
		}
		var w uint32
		var ok bool
		if wc != nil {
			w, ok = wc.word(toks[i].Norm, h)
		} else {
			w, ok = sentenceWord(toks[i].Norm, h)
		}
		if ok && i >= dl {
			buf = append(buf, w)
		}
		end := i == len(toks)-1
		hard := end // a boundary no sentence runs on across
		if !end {
			// most gaps are one space, which ends nothing: no call for them
			if g0, g1 := toks[i].End, toks[i+1].Start; g1-g0 != 1 || text[g0] != ' ' {
				var lines int
				end, lines = gapBreaks(text[g0:g1])
				hard = lines >= hardLines
			}
		}
		if end && !hard && len(buf)-w0 < minSentenceWords {
			end = false // too few words to stand alone: the sentence runs on into the next
		}
		if end {
			w0 = len(buf)
			// words set below, once buf no longer moves: for now where they end
			dst = append(dst, sentence{t0: int32(start), t1: int32(i), w1: int32(len(buf))})
			start = i + 1
		}
	}
	k := int32(0)
	for s := first; s < len(dst); s++ {
		dst[s].words = buf[k:dst[s].w1:dst[s].w1]
		k = dst[s].w1
	}
	return dst, buf
}

// maxDatelineTokens and maxDatelineBytes bound how far into a text its dateline may run.
const (
	maxDatelineTokens = 16
	maxDatelineBytes  = 160
)

// datelineTokens returns how many of a text's first tokens are its dateline, which then give
// its first sentence no words: a place in capitals, perhaps a date and the outlets in
// parentheses, then a dash ("WASHINGTON (Reuters) -", "LONDON, March 3 (AP) —", "VALLEY
// VILLAGE, Calif. --"), all on the first line, every word outside the parentheses capitalised
// or a number. A dateline tells where and by whom, not what happened: two articles datelined
// from one town by outlets that name each other, each with its own first sentence, shared that
// sentence as a seed of a "rewritten" passage by the dateline's words, which the weighing, over
// the two texts alone, counts as rare.
func datelineTokens(text string, toks []shingle.Token) int {
	if len(toks) < 2 || !inCapitals(text[toks[0].Start:toks[0].End]) {
		return 0
	}
	depth := 0 // of parentheses, after token i
	for i := 0; i+1 < len(toks) && i < maxDatelineTokens && toks[i+1].Start <= maxDatelineBytes; i++ {
		if r, _ := utf8.DecodeRuneInString(text[toks[i].Start:]); depth == 0 && unicode.IsLower(r) {
			return 0 // "NASA said the launch - its third - ...": a sentence, not a dateline
		}
		gap := text[toks[i].End:toks[i+1].Start]
		if strings.ContainsAny(gap, "\n\r") {
			return 0
		}
		depth += strings.Count(gap, "(") - strings.Count(gap, ")")
		if depth == 0 && dashGap(gap) {
			return i + 1
		}
	}
	return 0
}

// inCapitals reports whether a word has two letters or more and no lower-case one.
func inCapitals(w string) bool {
	n := 0
	for _, r := range w {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsLetter(r):
			n++
		}
	}
	return n >= 2
}

// dashGap reports whether the text between two tokens holds a dash standing apart: " - ",
// " -- ", an en or em dash.
func dashGap(gap string) bool {
	if strings.ContainsAny(gap, "–—") {
		return true
	}
	i := strings.IndexByte(gap, '-')
	if i <= 0 {
		return false
	}
	j := i
	for j < len(gap) && gap[j] == '-' {
		j++
	}
	return j < len(gap) && (gap[i-1] == ' ' || gap[i-1] == '\t') && (gap[j] == ' ' || gap[j] == '\t')
}

// sortWords sorts a sentence's words: by insertion when there are few, as most sentences have
// (slices.Sort's entry cost was a quarter of cutting sentences). Only sentences indexed for
// alignment are sorted (sentenceIndex.build): the first pass's keys take the words as they come,
// and sorting every sentence there was 0.44 of its 2.5 CPU seconds of cutting sentences at
// 200,000 synthetic articles.
func sortWords(w []uint32) {
	if len(w) > 32 {
		slices.Sort(w)
		return
	}
	postings.InsertionSort(w)
}

// gapBreaks reports whether the text between two tokens ends a sentence ('.', '!', '?', ';' or
// a line break) and how many line breaks it holds: "\n", "\r\n" and a lone "\r" (old Mac
// text) are one each, as are U+0085 and U+2028 (line separators); U+2029, a paragraph
// separator, counts as hardLines.
func gapBreaks(gap string) (end bool, lines int) {
	for k := 0; k < len(gap); k++ {
		switch c := gap[k]; {
		case c == '.' || c == '!' || c == '?' || c == ';':
			end = true
		case c == '\n' || c == '\r' && (k+1 == len(gap) || gap[k+1] != '\n'):
			end = true
			lines++
		case c == 0xc2 && k+1 < len(gap) && gap[k+1] == 0x85: // U+0085
			end = true
			lines++
		case c == 0xe2 && k+2 < len(gap) && gap[k+1] == 0x80 && (gap[k+2] == 0xa8 || gap[k+2] == 0xa9):
			end = true
			lines++
			if gap[k+2] == 0xa9 { // U+2029
				lines += hardLines - 1
			}
		}
	}
	return end, lines
}

// minSentenceWords is how many content words (repeats counted) a sentence needs before a
// boundary ('.', '!', '?', ';', a line break) ends it: a shorter one runs on into the next,
// except across a paragraph break (hardLines line breaks between two tokens, whatever else lies
// between them), which always ends one. Rewriting moves words across sentence
// boundaries (PAN-13's random obfuscation shuffles them through the whole passage) and splits
// sentences, so a short sentence of one text rarely matched one of the other, and a passage
// had too few seeds. Measured on pan13-obf with --rewrite (BENCHMARKS.md), plagdet of all on
// the tuning half / held out, running on across every boundary: cut at each (before)
// 0.8349 / 0.8471; at least 2 words 0.8430 / 0.8527, 3 0.8485 / 0.8638, 4 0.8639 / 0.8715, 5
// 0.8606 / 0.8673, 6 0.8527 / 0.8628, 8 0.8409 / 0.8405. Across paragraphs it split the
// documents holding a recurring paragraph by what came before it, each set under
// maxSentenceKeyDocs: c20k's sentence-key candidates went from 5,457 to 34,438. With
// paragraph breaks hard: 0.8631 / 0.8720 and 11,846 candidates (the same CPU); with every line
// break hard, 0.8410 / 0.8527 (PAN-13's texts wrap their lines).
const minSentenceWords = 4

// hardLines is how many line breaks between two tokens make a boundary that a sentence never
// runs on across (minSentenceWords): a blank line, a paragraph break.
const hardLines = 2

// sentenceKeyBands is how many keys a sentence gives, each the two least of its words under one
// hash: two sentences with half their words in common share a key with probability about a
// quarter each, so a rewritten passage of a few sentences shares several, and a rewritten
// sentence pair two or more of its eight (rewriteCandidates asks one such pair). Eight keys
// and that rule against four keys and none (pan13-obf, BENCHMARKS.md): rewrite candidates
// 25,862 -> 13,921, plagdet 0.821 -> 0.835; synthetic 20k: 11,054 -> 6,576 candidates, the same
// CPU, 15 MB more.
const sentenceKeyBands = 8

// keyMultipliers order a sentence's word hashes for each of its keys (appendSentenceKeys):
// odd numbers drawn with mix64 from the key's number.
var keyMultipliers = func() (m [sentenceKeyBands]uint64) {
	for b := range m {
		m[b] = mix64(uint64(b)+0x9e3779b97f4a7c15) | 1
	}
	return m
}()

// minKeyWords is how many distinct content words a sentence needs to give keys: shorter ones
// ("He left.") match too much.
const minKeyWords = 4

// sentenceTagBits is how many bits of its sentence's number (the low ones) each sentence key
// carries: enough for rewriteCandidates to tell the keys of two sentences apart (two sentences
// sixteen apart look like one, which only makes it stricter).
const sentenceTagBits = 4

// appendSentenceKeys appends the candidate keys of sentences (see sentenceKeyBands), each as
// key<<32 | tag, tag the low sentenceTagBits of its sentence's number, in the order of their
// sentences: unsorted, and repeated where two sentences with the same tag give one key (whoever
// needs them sorted and once sorts them: the postings' sort does for Run, whose
// rewriteCandidates drops the repeats; sorting each document's keys was 0.44 of the keys' 1.3
// CPU seconds at 200,000 synthetic articles).
func appendSentenceKeys(dst []uint64, ss []sentence) []uint64 {
	dst, _ = appendSentenceKeysCopies(dst, nil, ss)
	return dst
}

// appendSentenceKeysCopies is appendSentenceKeys, appending to copies too a key for each
// sentence that gives keys: the hash of its content words in order, key<<32 | tag, tag as for
// its keys. Two documents that hold one such key hold the same sentence (but for one pair of
// sentences in 2^32): rewriteCandidates leaves a pair that shares keys only in such sentences to
// the passage fingerprints. (A mix64 chain over the words, in a pass of its own, cost 0.3 CPU
// seconds at 200,000 synthetic articles; this multiplies the hashes the keys use anyway.)
func appendSentenceKeysCopies(dst, copies []uint64, ss []sentence) (keys, copied []uint64) {
	// room for every key at once: grown by append from nil, copying them was a sixth of the
	// keys' time (growslice 0.38 of 2.13 CPU seconds at 200,000 synthetic articles)
	dst = slices.Grow(dst, len(ss)*sentenceKeyBands)
	var buf [64]uint64
	words := buf[:0] // a sentence's words, hashed
	for i, s := range ss {
		if !distinctWords(s.words, minKeyWords) {
			continue
		}
		// each word hashed once (a repeat again: keyMins passes over it), then ordered under
		// each key's own odd multiplier (a bijection of the hashes, its top bits mixed from all
		// of theirs): a full mix64 per word and key cost twice as much (0.9 CPU seconds at
		// 20,000 synthetic articles)
		hashes := words[:0]
		h := uint64(len(s.words))
		for _, w := range s.words {
			x := mix64(uint64(w))
			hashes = append(hashes, x)
			h = (h ^ x) * 0x9e3779b97f4a7c15
		}
		words = hashes
		tag := uint64(i) & (1<<sentenceTagBits - 1)
		var m1, m2 [sentenceKeyBands]uint64
		keyMins(hashes, &m1, &m2)
		for b := range uint64(sentenceKeyBands) {
			dst = append(dst, mix64(m1[b]^m2[b]*31+b)>>32<<32|tag)
		}
		copies = append(copies, mix64(h)>>32<<32|tag)
	}
	return dst, copies
}

// distinctWords reports whether words holds n distinct ones or more (n at most minKeyWords).
func distinctWords(words []uint32, n int) bool {
	var seen [minKeyWords]uint32
	k := 0
	for _, w := range words {
		if !slices.Contains(seen[:k], w) {
			if seen[k] = w; k+1 >= n {
				return true
			}
			k++
		}
	}
	return n <= 0
}

// rspan is a rewritten passage in token numbers, with the similarity of its two sides.
type rspan struct {
	span
	sim float64
}

// sentenceIndex is a document's sentences as the aligner reads them, built once per document
// (docView.sentences) for all the pairs it is in: its vocabulary (the distinct content words,
// sorted) with the number of sentences holding each, each sentence's words as (vocabulary
// number, count), and for each word the sentences holding it.
type sentenceIndex struct {
	sents   []sentence
	vocab   []uint32
	df      []int32
	terms   []wterm // sentence s's are terms[tOff[s]:tOff[s+1]]
	tOff    []int32
	posts   []wterm // word v's sentences (as w) and counts: posts[pOff[v]:pOff[v+1]]
	pOff    []int32
	scratch []int32
}

// wterm is a word (or a sentence) number and a count.
type wterm struct{ w, tf int32 }

// build fills the index from x.sents.
func (x *sentenceIndex) build(hs *postings.HashSorter, scratch *[]uint64) {
	// each sentence's terms, their words numbered below: sorting every term as word<<32 | its
	// index numbers the vocabulary in one pass, where sorting the words and searching each took
	// two thirds of building (0.4 of 0.6 CPU seconds at 20,000 synthetic articles)
	x.terms, x.tOff = x.terms[:0], append(x.tOff[:0], 0)
	keys := (*scratch)[:0]
	for _, s := range x.sents {
		sortWords(s.words)
		for k := 0; k < len(s.words); {
			e := k + 1
			for e < len(s.words) && s.words[e] == s.words[k] {
				e++
			}
			keys = append(keys, uint64(s.words[k])<<32|uint64(len(x.terms)))
			x.terms = append(x.terms, wterm{0, int32(e - k)})
			k = e
		}
		x.tOff = append(x.tOff, int32(len(x.terms)))
	}
	hs.Sort(keys) // the words are hashes: a bucket sort
	*scratch = keys
	x.vocab, x.df = x.vocab[:0], x.df[:0]
	for k, key := range keys {
		if w := uint32(key >> 32); k == 0 || w != x.vocab[len(x.vocab)-1] {
			x.vocab = append(x.vocab, w)
			x.df = append(x.df, 0)
		}
		v := len(x.vocab) - 1
		x.terms[uint32(key)].w = int32(v)
		x.df[v]++
	}
	x.pOff = append(x.pOff[:0], make([]int32, len(x.vocab)+1)...)
	for v, n := range x.df {
		x.pOff[v+1] = x.pOff[v] + n
	}
	x.posts = append(x.posts[:0], make([]wterm, len(x.terms))...)
	fill := append(x.scratch[:0], x.pOff[:len(x.vocab)]...)
	for s := range x.sents {
		for _, t := range x.terms[x.tOff[s]:x.tOff[s+1]] {
			x.posts[fill[t.w]] = wterm{int32(s), t.tf}
			fill[t.w]++
		}
	}
	x.scratch = fill
}

// rewriter holds the scratch of rewriteAlign: one per goroutine.
type rewriter struct {
	mapA         []int32   // a's word v is b's word mapA[v], or -1
	idfA, idfB   []float64 // of each word of a and of b, over the two documents' sentences
	normA, normB []float64 // of each sentence's tf-idf vector
	dot          []float64 // of the current sentence of a with each sentence of b
	shared       []int32   // words the current sentence of a shares with each of b
	hits         []int32
	seeds        []seed
	accA, accB   []float64 // sums of the vectors of a stretch of sentences (cosine)
	logs         []float64 // idf by document frequency, as rewriteAlign finds them: 0 not yet
	weakA, weakB []bool    // rewriteAlign's, for extend
}

type seed struct{ i, j int32 }

// rewriteAlign finds the rewritten passages of two documents' sentences. skipA and skipB (nil
// for none) mark sentences that seed nothing: boilerplate. weakA and weakB (nil for none) mark
// sentences whose seeds alone make no passage: recurring text (recurringSentences).
func (rw *rewriter) rewriteAlign(xa, xb *sentenceIndex, skipA, skipB, weakA, weakB []bool, p rewriteParams) []rspan {
	if len(xa.sents) == 0 || len(xb.sents) == 0 {
		return nil
	}
	n := float64(len(xa.sents) + len(xb.sents))
	rw.mapA = grow(rw.mapA, len(xa.vocab))
	rw.idfA = grow(rw.idfA, len(xa.vocab))
	rw.idfB = grow(rw.idfB, len(xb.vocab))
	// idf(df), remembered for the small counts most words have (math.Log was half of the
	// pair's weighing): the same expression, so the same values
	rw.logs = grow(rw.logs, 64)
	clear(rw.logs)
	idf := func(df int32) float64 {
		if int(df) >= len(rw.logs) {
			return math.Log(n / float64(df))
		}
		if v := rw.logs[df]; v != 0 {
			return v
		}
		v := math.Log(n / float64(df))
		rw.logs[df] = v
		return v
	}
	for v, df := range xb.df {
		rw.idfB[v] = idf(df)
	}
	common := 0
	for v, k := 0, 0; v < len(xa.vocab); v++ {
		for k < len(xb.vocab) && xb.vocab[k] < xa.vocab[v] {
			k++
		}
		df := xa.df[v]
		rw.mapA[v] = -1
		if k < len(xb.vocab) && xb.vocab[k] == xa.vocab[v] {
			rw.mapA[v] = int32(k)
			df += xb.df[k]
			rw.idfB[k] = idf(df)
			common++
		}
		rw.idfA[v] = idf(df)
	}
	if common < p.minShared {
		return nil
	}
	norms := func(dst []float64, x *sentenceIndex, idf []float64) []float64 {
		dst = grow(dst, len(x.sents))
		for s := range x.sents {
			sum := 0.0
			for _, t := range x.terms[x.tOff[s]:x.tOff[s+1]] {
				w := float64(t.tf) * idf[t.w]
				sum += w * w
			}
			dst[s] = math.Sqrt(sum)
		}
		return dst
	}
	rw.normA = norms(rw.normA, xa, rw.idfA)
	rw.normB = norms(rw.normB, xb, rw.idfB)
	rw.dot = grow(rw.dot, len(xb.sents))
	rw.shared = grow(rw.shared, len(xb.sents))
	clear(rw.dot)
	clear(rw.shared)
	rw.seeds = rw.seeds[:0]
	for i := range xa.sents {
		if rw.normA[i] == 0 || skipA != nil && skipA[i] {
			continue
		}
		ta := xa.terms[xa.tOff[i]:xa.tOff[i+1]]
		rw.hits = rw.hits[:0]
		for _, t := range ta {
			k := rw.mapA[t.w]
			if k < 0 {
				continue
			}
			wa := float64(t.tf) * rw.idfA[t.w]
			for _, u := range xb.posts[xb.pOff[k]:xb.pOff[k+1]] {
				j := u.w
				if rw.shared[j] == 0 {
					rw.hits = append(rw.hits, j)
				}
				rw.shared[j]++
				rw.dot[j] += wa * float64(u.tf) * rw.idfB[k]
			}
		}
		for _, j := range rw.hits {
			nb := xb.tOff[j+1] - xb.tOff[j]
			cos := 0.0
			if rw.normB[j] > 0 {
				cos = rw.dot[j] / (rw.normA[i] * rw.normB[j])
			}
			dice := 2 * float64(rw.shared[j]) / float64(len(ta)+int(nb))
			if int(rw.shared[j]) >= p.minShared && cos >= p.seedCos && dice >= p.seedDice && (skipB == nil || !skipB[j]) {
				rw.seeds = append(rw.seeds, seed{int32(i), j})
			}
			rw.dot[j], rw.shared[j] = 0, 0
		}
	}
	if len(rw.seeds) == 0 {
		return nil
	}
	rw.accA = grow(rw.accA, len(xa.vocab))
	rw.accB = grow(rw.accB, len(xb.vocab))
	clear(rw.accA)
	clear(rw.accB)
	var out []rspan
	rw.weakA, rw.weakB = weakA, weakB
	rw.extend(slices.Clone(rw.seeds), xa, xb, p.gap, p, &out)
	return filterRewrites(out)
}

// rewords reports whether a seed can make a rewritten passage: not two sentences that weakA and
// weakB mark (recurringSentences). A rewritten passage needs one.
func (rw *rewriter) rewords(s seed) bool {
	return !(rw.weakA != nil && rw.weakA[s.i] && rw.weakB != nil && rw.weakB[s.j])
}

// grow returns s with length n, reusing its memory when it can (the contents are not kept).
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// extend groups seeds into passages with at most gap sentences between seeds, appending to out
// those whose sides are alike; the others are grouped again with a smaller gap.
func (rw *rewriter) extend(seeds []seed, xa, xb *sentenceIndex, gap int, p rewriteParams, out *[]rspan) {
	for _, g := range groupSeeds(seeds, gap) {
		if !slices.ContainsFunc(g, rw.rewords) {
			continue // recurring text or stock phrases alone, however grouped
		}
		i0, i1, j0, j1 := g[0].i, g[0].i, g[0].j, g[0].j
		for _, s := range g {
			i0, i1, j0, j1 = min(i0, s.i), max(i1, s.i), min(j0, s.j), max(j1, s.j)
		}
		sim := rw.cosine(xa, xb, i0, i1, j0, j1)
		if sim >= p.valid {
			*out = append(*out, rspan{span{int(xa.sents[i0].t0), int(xa.sents[i1].t1), int(xb.sents[j0].t0), int(xb.sents[j1].t1)}, sim})
			continue
		}
		if gap > 0 && len(g) > 1 {
			rw.extend(g, xa, xb, gap-1, p, out)
		}
	}
}

// groupSeeds splits seeds into groups, alternately by their order in a and in b, where two
// consecutive seeds are more than gap sentences apart, until no group splits.
func groupSeeds(seeds []seed, gap int) [][]seed {
	groups := [][]seed{seeds}
	for side := 0; ; side++ {
		var next [][]seed
		split := false
		for _, g := range groups {
			key := func(s seed) int32 { return s.i }
			if side%2 == 1 {
				key = func(s seed) int32 { return s.j }
			}
			slices.SortFunc(g, func(x, y seed) int {
				if key(x) != key(y) {
					return int(key(x) - key(y))
				}
				if x.i != y.i {
					return int(x.i - y.i)
				}
				return int(x.j - y.j)
			})
			s := 0
			for k := 1; k <= len(g); k++ {
				if k == len(g) || int(key(g[k])-key(g[k-1])) > gap+1 {
					if s > 0 || k < len(g) {
						split = true
					}
					next = append(next, g[s:k])
					s = k
				}
			}
		}
		groups = next
		if !split && side >= 1 {
			return groups
		}
	}
}

// cosine is the tf-idf cosine of sentences i0..i1 of a and j0..j1 of b, each stretch as one bag
// of words.
func (rw *rewriter) cosine(xa, xb *sentenceIndex, i0, i1, j0, j1 int32) float64 {
	ta := xa.terms[xa.tOff[i0]:xa.tOff[i1+1]]
	tb := xb.terms[xb.tOff[j0]:xb.tOff[j1+1]]
	for _, t := range ta {
		rw.accA[t.w] += float64(t.tf) * rw.idfA[t.w]
	}
	for _, t := range tb {
		rw.accB[t.w] += float64(t.tf) * rw.idfB[t.w]
	}
	na, nb, dot := 0.0, 0.0, 0.0
	for _, t := range ta {
		if x := rw.accA[t.w]; x != 0 {
			na += x * x
			if k := rw.mapA[t.w]; k >= 0 {
				dot += x * rw.accB[k]
			}
			rw.accA[t.w] = 0 // counted once
		}
	}
	for _, t := range tb {
		if x := rw.accB[t.w]; x != 0 {
			nb += x * x
			rw.accB[t.w] = 0
		}
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// filterRewrites resolves overlaps (on either side, the more similar passage stays; alike, the
// longer), returning the passages kept in order of their start in a.
func filterRewrites(rs []rspan) []rspan {
	slices.SortStableFunc(rs, func(x, y rspan) int {
		if x.sim != y.sim {
			if x.sim > y.sim {
				return -1
			}
			return 1
		}
		return (y.a1 - y.a0 + y.b1 - y.b0) - (x.a1 - x.a0 + x.b1 - x.b0)
	})
	var kept []rspan
	for _, r := range rs {
		ok := true
		for _, q := range kept {
			if r.a0 <= q.a1 && q.a0 <= r.a1 || r.b0 <= q.b1 && q.b0 <= r.b1 {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, r)
		}
	}
	slices.SortFunc(kept, func(x, y rspan) int { return x.a0 - y.a0 })
	return kept
}

// sentences returns the view's sentences, indexed, found once for all the pairs the view is in:
// read back from the hash spool when the first pass wrote them there (docInfo.sentBytes), else
// cut from its text, which load reads (false if it could not: the caller has the error).
// Reading them back spares tokenizing, stemming and hashing the whole text again, and reading
// the text at all for the pairs that share no rewritten passage, which at 200,000 synthetic
// articles are almost all.
func (c *corpus) sentences(v *docView, sc *alignScratch, load func(*docView) bool) (*sentenceIndex, error) {
	if v.sentDone {
		return &v.sx, nil
	}
	if d := &c.docs[v.i]; c.hashes != nil && d.sentBytes > 0 {
		off := d.hoff + int64(spooledLen(int(d.shingles))+4*checkpoints(d.words))
		var err error
		if sc.sbuf, err = c.hashes.readInto(sc.sbuf, off, int(d.sentBytes)); err != nil {
			return nil, err
		}
		if v.sx.sents, v.swords, err = decodeSentences(sc.sbuf, v.sx.sents[:0], v.swords); err != nil {
			return nil, fmt.Errorf("%s: %w", c.where(int(v.i)), err)
		}
	} else {
		if !load(v) {
			return nil, nil
		}
		v.wholeTokens()
		v.sx.sents, v.swords = sentencesOf(v.text, v.toks, nil, v.sx.sents[:0], v.swords, nil)
	}
	v.sx.build(&sc.hs, &sc.skeys)
	v.sentDone = true
	return &v.sx, nil
}

// errSentenceRecord is returned for a sentence record that does not decode: a spool that was
// changed under the run.
var errSentenceRecord = errors.New("pipeline: malformed sentence record in the hash spool")

// appendSentenceRecord appends the spooled form of a document's sentences (all of its tokens, in
// order): for each, its number of tokens and of content words as uvarints, then its words (the
// keys of sentenceWord, in text order), 4 bytes each, little-endian. About 2.5 bytes a token of
// English news, against 4.1 for the hashes spooled before it.
func appendSentenceRecord(dst []byte, ss []sentence) []byte {
	for _, s := range ss {
		dst = binary.AppendUvarint(dst, uint64(s.t1-s.t0+1))
		dst = binary.AppendUvarint(dst, uint64(len(s.words)))
		for _, w := range s.words {
			dst = binary.LittleEndian.AppendUint32(dst, w)
		}
	}
	return dst
}

// decodeSentences decodes a record of appendSentenceRecord, appending the sentences to dst and
// their words to buf, as sentencesOf does.
func decodeSentences(rec []byte, dst []sentence, buf []uint32) ([]sentence, []uint32, error) {
	buf = buf[:0]
	first := len(dst)
	t := int64(0)
	for len(rec) > 0 {
		toks, n := binary.Uvarint(rec)
		if n <= 0 || toks == 0 || toks > math.MaxInt32 {
			return dst, buf, errSentenceRecord
		}
		rec = rec[n:]
		words, n := binary.Uvarint(rec)
		if n <= 0 || words > uint64(len(rec)-n)/4 {
			return dst, buf, errSentenceRecord
		}
		rec = rec[n:]
		for k := range int(words) {
			buf = append(buf, binary.LittleEndian.Uint32(rec[4*k:]))
		}
		rec = rec[4*words:]
		if t+int64(toks) > math.MaxInt32 {
			return dst, buf, errSentenceRecord
		}
		dst = append(dst, sentence{t0: int32(t), t1: int32(t + int64(toks) - 1), w1: int32(len(buf))})
		t += int64(toks)
	}
	k := int32(0)
	for s := first; s < len(dst); s++ {
		dst[s].words = buf[k:dst[s].w1:dst[s].w1]
		k = dst[s].w1
	}
	return dst, buf, nil
}

// longRewrites drops, in place, the rewritten passages shorter than minBytes on either side. The
// views must be loaded (not lazy).
func longRewrites(rs []rspan, va, vb *docView, minBytes int) []rspan {
	kept := rs[:0]
	for _, r := range rs {
		if va.token(r.a1).End-va.token(r.a0).Start >= minBytes && vb.token(r.b1).End-vb.token(r.b0).Start >= minBytes {
			kept = append(kept, r)
		}
	}
	return kept
}

// apartRewrites drops, in place, the rewritten passages that touch none of the verbatim
// passages of a pair that has some and are shorter than minBytes on either side. The views must
// be loaded (not lazy). Where two texts share text word for word, a short stretch elsewhere that
// is alike only in other words is more often two writers on one topic than a rewrite: of the
// rewritten passages found on PAN-13's verbatim pairs, five of seven lay outside the labelled
// cases, four of them under 200 bytes on one side (precision 0.9489, under make eval's floor
// of 0.95; 0.9568 with this rule). On pan13-obf it costs nothing (plagdet 0.736 -> 0.738).
func apartRewrites(rs []rspan, verbatim []span, va, vb *docView, minBytes int) []rspan {
	if len(verbatim) == 0 {
		return rs
	}
	kept := rs[:0]
	for _, r := range rs {
		touches := false
		for _, v := range verbatim {
			if v.a0 <= r.a1 && r.a0 <= v.a1 || v.b0 <= r.b1 && r.b0 <= v.b1 {
				touches = true
				break
			}
		}
		if touches || va.token(r.a1).End-va.token(r.a0).Start >= minBytes && vb.token(r.b1).End-vb.token(r.b0).Start >= minBytes {
			kept = append(kept, r)
		}
	}
	return kept
}

// sentenceMask marks the sentences of which half the tokens or more lie under masked shingles
// (mask, nil for none; k words a shingle): boilerplate. It returns nil when none is.
func sentenceMask(x *sentenceIndex, mask []bool, k int) []bool {
	if mask == nil {
		return nil
	}
	var out []bool
	for s, st := range x.sents {
		masked := 0
		for t := int(st.t0); t <= int(st.t1); t++ {
			for p := max(0, t-k+1); p <= t && p < len(mask); p++ {
				if mask[p] {
					masked++
					break
				}
			}
		}
		if 2*masked >= int(st.t1-st.t0+1) {
			if out == nil {
				out = make([]bool, len(x.sents))
			}
			out[s] = true
		}
	}
	return out
}

// recurringSentences marks the sentences of which half the tokens or more lie in verbatim passages
// of the pair that hold recurring text (spans with recurring set, on side a or on side b; the
// caller marks the stock phrases alignment dropped so too), or returns nil when none does:
// rewriteAlign keeps no rewritten passage all of whose seeds pair two such sentences. (Stock
// phrases: on the news corpus of 20,000 articles two articles of different stories, which share
// only a template's trailer, "Editing by …; additional reporting by … did not respond to a
// request for comment", were related by a "rewritten" passage of similarity 1.) That text is reported once with all its occurrences, and seeds of it alone
// made a rewrite of whatever lay between two such sentences: a paragraph that six unrelated
// articles carry, with a sentence of each one's own in its middle, was a rewritten passage in
// each of the fifteen pairs (pairwise, so reported fifteen times). Measured on pan13-obf with
// --rewrite, tuning half, plagdet: with these sentences seeding nothing at all, random 0.8543 ->
// 0.8498 and translation 0.8591 -> 0.8497 (rewritten passages cut where a source sentence that
// three suspicious documents copy word for word lies inside them); with passages dropped when a
// seed's sentence on either side is marked, translation 0.8537; on both sides, as here, every
// kind as before or better (whole corpus: none 0.9707 -> 0.9715, all 0.8754 -> 0.8756).
func recurringSentences(x *sentenceIndex, spans []span, recurring []bool, sideA bool) []bool {
	var iv [][2]int
	for k, s := range spans {
		switch {
		case !recurring[k]:
		case sideA:
			iv = append(iv, [2]int{s.a0, s.a1})
		default:
			iv = append(iv, [2]int{s.b0, s.b1})
		}
	}
	if len(iv) == 0 {
		return nil
	}
	var marked []bool
	slices.SortFunc(iv, func(x, y [2]int) int { return x[0] - y[0] })
	k := 0
	for s, st := range x.sents {
		t0, t1 := int(st.t0), int(st.t1)
		for k < len(iv) && iv[k][1] < t0 {
			k++
		}
		in := 0
		for j := k; j < len(iv) && iv[j][0] <= t1; j++ {
			in += max(0, min(t1, iv[j][1])-max(t0, iv[j][0])+1)
		}
		if 2*in >= t1-t0+1 {
			if marked == nil {
				marked = make([]bool, len(x.sents))
			}
			marked[s] = true
		}
	}
	return marked
}

// givenSpans marks the verbatim spans (sims[k] == 0; sims nil for all verbatim) of a pair whose
// texts are loaded that a's text gives as someone else's words: a quote in both (a quote in one
// text only is quoted copy, which a rewrite may take in), or copy a credits to its outlet in its
// paragraph (package credit; ta and tb are the texts, read, with no credit of the whole article:
// a dateline credits every passage, and would keep every one apart). In a check
// (corpus.checking; a is the draft) a rewritten passage takes them in neither when it is found
// (mergeRewrites) nor when its pieces are joined (joinPieces): a draft that credits one
// paragraph to the paper it took it from, quotes the paper's quote and rewords the sentence
// between them was one uncredited rewritten passage over all three, the draft over --fail-over
// 0.3. Not in a scan, whose rewritten passages tell how far a rewrite reaches. Measured on
// pan13-obf with --rewrite, plagdet of summary and all: scan keeping apart a quote in both or
// copy either text credits (datelines included) 0.4654 -> 0.3463 and 0.8754 -> 0.8494
// (granularity 1.13 -> 1.53), so scan does not; check (the 913 suspicious documents against an
// index of the sources made with --rewrite) 0.4694 -> 0.3492 and 0.8858 -> 0.8592 so, and
// with the rule here (BENCHMARKS.md).
func givenSpans(spans []span, sims []float64, va, vb *docView, ta, tb *credit.Text) []bool {
	out := make([]bool, len(spans))
	for k, s := range spans {
		if sims != nil && sims[k] > 0 {
			continue
		}
		ka := ta.Of(va.token(s.a0).Start, va.token(s.a1).End)
		kb := tb.Of(vb.token(s.b0).Start, vb.token(s.b1).End)
		out[k] = ka == credit.Quote && kb == credit.Quote || ka == credit.Credited
	}
	return out
}

// minRecurringFPs is how many recurring fingerprints make a passage hold recurring text: about
// MinReuseWords words of it (three fingerprints, one in every four shingles), more than a stock
// phrase.
const minRecurringFPs = 3

// holdsRecurring reports whether a passage holds text that three or more groups of documents
// hold (a copy and its original are one group; minRecurringFPs of its fingerprints): a quote
// several outlets carry, reported once with every occurrence. (Any recurring fingerprint, or
// text held by a third document of the same group, cut PAN-13's rewritten passages into
// pieces: granularity 1.26 to 1.45 on the tuning half, against 1.15.)
func (ev *evidence) holdsRecurring(fpsA []shingle.Shingle, loA, hiA int, setB *shingleTable,
	fpsB []shingle.Shingle, loB, hiB int, setA *shingleTable) bool {
	if ev == nil || ev.recurring == nil {
		return false
	}
	n, _ := sharedIn(fpsA, loA, hiA, setB, fpsB, loB, hiB, setA, ev.recurring.has)
	return n >= minRecurringFPs
}

// mergeRewrites combines verbatim passages with rewritten ones. A rewritten passage whose words
// the verbatim passages overlapping it mostly hold on either side (covered) is theirs (a rewritten
// passage spreads on one side when that text says the same again elsewhere): it is dropped, and the verbatim passages it holds, if several, become one passage
// from the first to the last (rewritten between them), no wider. Otherwise it takes in the
// verbatim passages it overlaps (words left as they were in a rewrite), spanning them, but for
// those holding recurring text (recurring[k]: text a third group of documents holds too,
// reported once with all its occurrences): they stay passages of their own, and the rewritten
// passage is cut around them (pieces shorter than minWords on either side are dropped). It
// returns the passages in order of their start in a, and the similarity of each: 0 for a
// verbatim one.
func mergeRewrites(verbatim []span, recurring []bool, rs []rspan, covered float64, minWords int) ([]span, []float64) {
	if len(rs) == 0 {
		return verbatim, nil
	}
	gone := make([]bool, len(verbatim))
	var out []rspan
	for _, r := range rs {
		var in, cut []int
		ca, cb := 0, 0
		for k, v := range verbatim {
			oa := min(v.a1, r.a1) - max(v.a0, r.a0) + 1
			ob := min(v.b1, r.b1) - max(v.b0, r.b0) + 1
			if oa > 0 && ob > 0 {
				ca, cb = ca+oa, cb+ob
			}
			switch {
			case (oa > 0 || ob > 0) && recurring[k]:
				cut = append(cut, k)
			case oa > 0 && ob > 0:
				in = append(in, k)
			}
		}
		if float64(ca) >= covered*float64(r.a1-r.a0+1) || float64(cb) >= covered*float64(r.b1-r.b0+1) {
			// mostly verbatim: the verbatim passages it holds, as one passage if several, no
			// wider (its other sentences, alike on their own, are often not the copy's)
			if len(in) < 2 || len(cut) > 0 {
				continue
			}
			h := verbatim[in[0]]
			for _, k := range in {
				v := verbatim[k]
				h.a0, h.a1, h.b0, h.b1 = min(h.a0, v.a0), max(h.a1, v.a1), min(h.b0, v.b0), max(h.b1, v.b1)
				gone[k] = true
			}
			out = append(out, rspan{h, r.sim})
			continue
		}
		for _, k := range in {
			v := verbatim[k]
			r.a0, r.a1, r.b0, r.b1 = min(r.a0, v.a0), max(r.a1, v.a1), min(r.b0, v.b0), max(r.b1, v.b1)
		}
		pieces := []rspan{r}
		for _, k := range cut {
			v := verbatim[k]
			var next []rspan
			for _, q := range pieces {
				if q.a1 < v.a0 && q.b1 < v.b0 || q.a0 > v.a1 && q.b0 > v.b1 {
					next = append(next, q) // clear of v
					continue
				}
				before, after := q, q
				before.a1, before.b1 = min(q.a1, v.a0-1), min(q.b1, v.b0-1)
				after.a0, after.b0 = max(q.a0, v.a1+1), max(q.b0, v.b1+1)
				for _, x := range [2]rspan{before, after} {
					if x.a1-x.a0+1 >= minWords && x.b1-x.b0+1 >= minWords {
						next = append(next, x)
					}
				}
			}
			pieces = next
		}
		for _, q := range pieces {
			for _, k := range in {
				v := verbatim[k]
				if v.a0 <= q.a1 && q.a0 <= v.a1 {
					gone[k] = true
				}
			}
		}
		out = append(out, pieces...)
	}
	spans := make([]span, 0, len(verbatim)+len(out))
	sims := make([]float64, 0, cap(spans))
	for k, v := range verbatim {
		if !gone[k] {
			spans, sims = append(spans, v), append(sims, 0)
		}
	}
	for _, r := range out {
		spans, sims = append(spans, r.span), append(sims, r.sim)
	}
	order := make([]int, len(spans))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return spans[x].a0 - spans[y].a0 })
	ss, ws := make([]span, len(spans)), make([]float64, len(spans))
	for i, k := range order {
		ss[i], ws[i] = spans[k], sims[k]
	}
	return ss, ws
}

// maxSentenceKeyDocs bounds the documents a sentence key makes candidates of: a key in more is
// a set phrase, no sign of a rewrite.
const maxSentenceKeyDocs = 16

// rewriteCandidates returns the pairs of documents of different near-duplicate groups (each
// document's group's root in group: unionFind.roots) that share sentence keys of two sentences
// or more on each side (as their tags tell them apart), two or more of them from one pair of
// sentences or one each from minKeyPairs pairs of sentences or more (as far as their tags
// tell), or two keys that no third document holds, sorted a<<32|b; and copied, the pairs whose
// shared keys all lie in sentences both hold as written (sentencesCopied), sorted. It consumes
// the sentence postings.
//
// Three sentence pairs of one key each are a rewrite whose sentences kept few words in common
// each (PAN-13's random obfuscation): on pan13-obf they raise the candidates 2.3 times (15,160
// -> 34,834, 3.7 -> 8.5 a document) and pair recall (random 0.817 -> 0.849, translation 0.916
// -> 0.942), plagdet 0.835 -> 0.840; on the synthetic corpus's Markov text they are rare
// (20,000 articles: 3% more candidates, the same report).
//
// A pair of sentences sharing two keys of eight is a rewrite far more often than chance: on the
// synthetic corpus's Markov text most pairs sharing keys share one key a sentence pair, so with
// eight keys a sentence (sentenceKeyBands) and this rule a corpus has fewer candidates than with
// four keys and without it, and finds more rewrites (pan13-obf pair recall, detections: random
// 0.740 -> 0.765, translation 0.832 -> 0.877).
//
// Two keys were enough before, but on a corpus of Markov text (the synthetic one, whose
// sentences recombine Reuters' word pairs) chance keeps giving one sentence of a document two
// keys in common with one sentence of another: at 20,000 articles, 1.97 candidate pairs a
// document, against 0.74 with this rule (pair recall of its planted rewrites 1.0 and 0.99). On
// PAN-13's rewritten plagiarism it keeps 83% of the candidates (7.95 -> 6.61 a document) and
// loses a little pair recall (random 0.773 -> 0.739, translation 0.892 -> 0.862): one sentence
// rewritten into one, with nothing else alike around it, is often chance.
func (c *corpus) rewriteCandidates(group []int32) (pairs, copied []uint64) {
	if !c.opts.Rewrites() {
		return nil, nil
	}
	const tagMask = 1<<sentenceTagBits - 1
	// on all cores: each worker adds the pairs of the keys it reads to its own lists, and the
	// lists' buckets are read together (a pair's entries all lie in one bucket of each)
	workers := max(1, c.opts.Workers)
	ents := make([]*tagPairs, workers)
	alone := make([][]uint64, workers) // a<<32 | b for each key of two documents
	for w := range ents {
		ents[w] = newTagPairs(len(c.docs), c.pool)
	}
	// two documents of one near-duplicate group make no candidate, and are passed over at once,
	// not after their entries were stored, sorted and read (copies share nearly all their keys:
	// at 200,000 synthetic articles 3.0 of 37.7 million entries)
	// pairUp adds the pairs of documents of other groups among a key's documents docs (sorted
	// by sortedTags), with their sentences' tags and mark, and returns how many documents hold it
	pairUp := func(w int, docs []int32, mark uint64) int {
		n := distinctDocs(docs)
		if n < 2 || n > maxSentenceKeyDocs {
			return n
		}
		for x := range docs {
			a, ta := uint64(uint32(docs[x])>>sentenceTagBits), uint64(uint32(docs[x])&tagMask)
			for y := x + 1; y < len(docs); y++ {
				b, tb := uint64(uint32(docs[y])>>sentenceTagBits), uint64(uint32(docs[y])&tagMask)
				if group[a] != group[b] { // and so a != b
					ents[w].add(a, b, mark|ta<<sentenceTagBits|tb)
				}
			}
		}
		return n
	}
	c.sentPost.GroupsParallel(workers, func(w int, _ uint32, docs []int32) {
		// docs are doc<<sentenceTagBits | tag, in document order (postings.List.AddTagged)
		docs = sortedTags(docs)
		a, b := uint32(docs[0])>>sentenceTagBits, uint32(docs[len(docs)-1])>>sentenceTagBits
		if pairUp(w, docs, 0) == 2 && group[a] != group[b] {
			alone[w] = append(alone[w], uint64(a)<<32|uint64(b))
		}
	})
	// the sentences two documents hold as written, for the same documents' pairs (a sentence
	// held by more than maxSentenceKeyDocs gives no key in fewer)
	if ents[0].copies() {
		c.copyPost.GroupsParallel(workers, func(w int, _ uint32, docs []int32) {
			pairUp(w, sortedTags(docs), copyTag)
		})
	}
	found := make([][]uint64, workers)
	copies := make([][]uint64, workers)
	eachTagPair(ents, workers, func(w int, a, b uint64, tags []uint64) {
		// a pair of one entry, one key shared (32.5 of the 33.4 million pairs at 200,000
		// synthetic articles: keys of up to maxSentenceKeyDocs documents pair them all), is no
		// candidate (sentencePairsAlike asks two sentences on each side), and one of one
		// sentence as written drops nothing (a pair of c.rw shares two keys or more): such
		// pairs do not come here (eachTagPair)
		tags, cs := splitCopies(tags)
		if sentencesCopied(tags, cs) {
			copies[w] = append(copies[w], a<<32|b)
		}
		if sentencePairsAlike(tags) {
			found[w] = append(found[w], a<<32|b)
		}
	})
	pairs = countPairs(slices.Concat(alone...), 2)
	pairs = append(pairs, slices.Concat(found...)...)
	return sortUnique64(pairs), sortUnique64(slices.Concat(copies...))
}

// distinctDocs counts the documents of docs (doc<<sentenceTagBits | tag, by document).
func distinctDocs(docs []int32) int {
	n := 0
	for k := range docs {
		if k == 0 || uint32(docs[k])>>sentenceTagBits != uint32(docs[k-1])>>sentenceTagBits {
			n++
		}
	}
	return n
}

// splitCopies moves the entries of tags marked copyTag to its end, in place, and returns the
// others (the shared keys' tags) and those (the pairs of sentences both documents hold as
// written), unmarked.
func splitCopies(tags []uint64) (keys, copies []uint64) {
	n := 0
	for i, t := range tags {
		if t&copyTag == 0 {
			tags[n], tags[i] = tags[i], tags[n]
			n++
		}
	}
	copies = tags[n:]
	for i := range copies {
		copies[i] &^= copyTag
	}
	return tags[:n], copies
}

// sentencesCopied reports whether every pair of sentences that shares keys (tags, as in
// sentencePairsAlike) is a pair of one sentence as written (copies: their tags), so that
// nothing was reworded. Shared wording is the passage fingerprints' to judge (text that
// recurs, boilerplate, a stock phrase, or a candidate), and the sentence keys, which look for
// rewording, leave such a pair to them. Without this, any two of the up to maxSentenceKeyDocs
// documents that carry one standard paragraph were a candidate, compared for rewritten passages
// that are not there: work quadratic in the documents sharing a passage. On the
// recurring-paragraph corpus (c20k) 10,177 of the 11,846 candidates are such pairs: 20,748 ->
// 10,571 pairs aligned, the run 4.2 -> 3.8 s; 56 links of two articles in no common story are
// lost (standard paragraphs that one of the two carries reordered or with words changed, found
// as rewritten passages), no planted pair. News corpus of 20,000: 2,899 fewer compared, one
// link lost (a newsletter box); pan13-obf: 41 fewer, its figures the same.
func sentencesCopied(tags, copies []uint64) bool {
	if len(copies) == 0 {
		return false
	}
	var copied [1 << (2 * sentenceTagBits)]bool
	for _, t := range copies {
		copied[t] = true
	}
	for _, t := range tags {
		if !copied[t] {
			return false
		}
	}
	return true
}

// sortedTags sorts each document's tags in docs (doc<<sentenceTagBits | tag, in document order,
// a document's tags in the order it added them: the order of its sentences) and drops repeated
// ones, in place: a key two sentences with the same tag gave counts once. Most keys come once
// from each document.
func sortedTags(docs []int32) []int32 {
	for k := 1; k < len(docs); k++ {
		if uint32(docs[k])>>sentenceTagBits == uint32(docs[k-1])>>sentenceTagBits {
			// doc<<sentenceTagBits | tag is below 1<<31: ordered as numbers, by document
			// first; the documents are in order already, so only runs move
			slices.Sort(docs)
			return slices.Compact(docs)
		}
	}
	return docs
}

// sentencePairsAlike reports whether the keys two documents share make them a candidate pair
// (rewriteCandidates): tags holds, for each shared key, its sentences' tags in the two
// documents, ta<<4 | tb. The keys must come from two sentences or more on each side, and two of
// them from one pair of sentences or one each from minKeyPairs pairs or more.
func sentencePairsAlike(tags []uint64) bool {
	const tagMask = 1<<sentenceTagBits - 1
	var tagsA, tagsB uint16
	var keys [1 << (2 * sentenceTagBits)]uint8 // keys shared, by pair of sentence tags
	twice := false
	pairs := 0 // sentence pairs sharing keys
	for _, t := range tags {
		tagsA |= 1 << (t >> 4 & tagMask)
		tagsB |= 1 << (t & tagMask)
		if keys[t&0xff] == 0 {
			pairs++
		}
		keys[t&0xff]++
		twice = twice || keys[t&0xff] >= 2
	}
	return bits.OnesCount16(tagsA) >= 2 && bits.OnesCount16(tagsB) >= 2 && (twice || pairs >= minKeyPairs)
}

// minKeyPairs is how many pairs of sentences, each sharing a key, make a candidate when no
// pair shares two (rewriteCandidates).
const minKeyPairs = 3

// tagPairs collects pairs of documents a < b with 9 bits each (their keys' tags, and copyTag
// for the key of a sentence both hold as written; 8 bits and no copyTag above 2^27 documents),
// packed a<<(docBits+tagBits) | b<<tagBits | tags, in
// buckets by the top byte, in chunks from a pool: those the sentence postings give back as
// groups reads them, so that the pairs (34.7 million at 200,000 synthetic articles) take little
// memory beyond the postings', where one slice grown by append took up to twice theirs.
type tagPairs struct {
	pool    *postings.Pool
	docBits uint
	tagBits uint // tagPairBits, or one fewer (no copyTag) where two documents and they do not fit
	shift   uint
	buckets [postings.Buckets]postings.Chunks
}

func newTagPairs(n int, pool *postings.Pool) *tagPairs {
	db := uint(bits.Len(uint(max(n-1, 1))))
	tb := uint(tagPairBits)
	if 2*db+tb > 64 { // over 2^27 documents (postings.MaxDocs is 2^28)
		tb--
	}
	return &tagPairs{pool: pool, docBits: db, tagBits: tb, shift: uint(max(int(2*db+tb)-8, 8))}
}

// tagPairBits is the bits of an entry's tags (tagPairs); copyTag marks the entry of a sentence
// that both documents hold as written.
const (
	tagPairBits = 2*sentenceTagBits + 1
	copyTag     = 1 << (2 * sentenceTagBits)
)

// copies reports whether entries may carry copyTag: for up to 2^27 documents.
func (t *tagPairs) copies() bool { return t.tagBits == tagPairBits }

func (t *tagPairs) add(a, b, tags uint64) {
	v := a<<(t.docBits+t.tagBits) | b<<t.tagBits | tags
	t.buckets[v>>t.shift].Add(v, t.pool)
}

// eachTagPair calls fn on workers goroutines with each pair that the lists hold (lists made
// alike by newTagPairs) in two entries or more, and the tags of all its entries in them; worker
// w calls fn(w, ...) for the pairs of the buckets it takes, in order within a bucket. It
// releases the pairs. A pair of one entry shares one key, which makes no candidate
// (rewriteCandidates): passed over before its tags are gathered and fn is called, it was 32.5 of
// the 33.4 million pairs at 200,000 synthetic articles.
func eachTagPair(lists []*tagPairs, workers int, fn func(w int, a, b uint64, tags []uint64)) {
	if len(lists) == 0 {
		return
	}
	db, tb := lists[0].docBits, lists[0].tagBits
	buckets := make([]*[postings.Buckets]postings.Chunks, len(lists))
	pools := make([]*postings.Pool, len(lists))
	for k, t := range lists {
		buckets[k], pools[k] = &t.buckets, t.pool
	}
	tags := make([][]uint64, max(workers, 1))
	postings.ReadBuckets(workers, buckets, pools, func(w, _ int, all []uint64) {
		for s := 0; s < len(all); {
			pair := all[s] >> tb
			e := s + 1
			for e < len(all) && all[e]>>tb == pair {
				e++
			}
			if e-s >= 2 {
				tags[w] = tags[w][:0]
				for _, v := range all[s:e] {
					tags[w] = append(tags[w], v&(1<<tb-1))
				}
				fn(w, pair>>db, pair&(1<<db-1), tags[w])
			}
			s = e
		}
	})
}
