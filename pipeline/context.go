package pipeline

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/shingle"
)

// Context similarity: how alike two documents are outside the text they share with other
// documents. Two outlets' rewrites of one story share names, places, numbers and topic words
// around the quote they both carry; two articles that carry the same standard paragraph, a
// newsletter box or a digest's sentence share nothing else. Shared passages cannot tell these
// apart by themselves (a quote in five outlets and a paragraph in five unrelated articles look
// alike); the rest of the texts can.
//
// Each document keeps a small coordinated sample of its words, in two strata: the nameSketch
// names and numbers (isName) with the smallest hashes, and the wordSketch other words with the
// smallest hashes (stop words and one-character tokens left out), each with the fingerprints that
// cover its first and last occurrence. Once the fingerprint postings are read, a word whose every
// sampled occurrence lies under a fingerprint that another group of documents also holds is
// dropped: it is in shared text. The rest is the document's own text, sampled; each word is
// weighted by its inverse document frequency, estimated from the samples. Two samples are
// compared stratum by stratum, below the smaller of the two thresholds of that stratum (the
// largest word hash either kept), where both hold every word of that kind they have; each
// stratum's weights are scaled by its sampling rate and the strata added up (sampleSimilarity):
// the weight of the words both keep over the smaller of the two weights is an estimate of the
// weighted containment of the smaller text's own words in the larger's. A digest's own words are
// its other items, so a story is not contained in them; a short brief's are mostly in a long
// feature on the same story.

// nameSketch is how many names and numbers a document's context sample holds, and wordSketch
// how many other words: 12 bytes each while the first pass runs, then 4. Outlets that tell one
// story in their own words share its names and little else, and a coordinated sample holds one
// of those names in both texts only if the name's hash is below both thresholds: the same few
// names for every pair of the story, so a story whose names hash high is missed by all its pairs.
// Names are about a fifth of a news text's distinct words (70 of 320): 32 of them are about half
// its names, where a single sample of 32 words took one word in eight. On the news corpus of
// 20,000 articles, outlet articles outside their story's cluster: 509 with the single sample of
// 32, 472 with 16 names and 16 other words, 331 with 16 and 32, 265 with 32 and 16.
const (
	nameSketch = 32
	wordSketch = 16
)

// minContextWords is how many of its own words each side must have in the compared range for a
// context similarity other than 0: fewer are no evidence either way.
const minContextWords = 12

// minOwnShare is the share of a document's context words that must be its own (not in text other
// groups of documents hold) for it to have a context: a text made of standard paragraphs and
// quotes, with a dateline and a byline of its own, has nothing to compare but those.
const minOwnShare = 0.25

// sketchEntry is a sampled word of a document, as the first pass keeps it.
type sketchEntry struct {
	word     uint32 // the top 32 bits of its TokenHash
	fp1, fp2 uint32 // fingerprints covering its first and last occurrence; 0 for none
}

// stopWords are left out of context samples: function words say nothing of what a text is about,
// and in a small corpus their document frequency cannot show it. Larger corpora weight the rest
// by document frequency.
var stopWords = func() *wordSet {
	m := new(wordSet)
	for _, w := range []string{
		// English
		"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
		"are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
		"but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
		"for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
		"herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
		"itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
		"off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
		"said", "same", "says", "she", "should", "so", "some", "such", "than", "that", "the", "their",
		"theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
		"through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when",
		"where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
		"yours", "yourself", "yourselves", "it's", "don't", "he's", "she's", "i'm", "we're",
		"they're", "there's", "that's", "told", "year", "years", "new", "one", "two", "like",
		"may", "might", "must", "per", "via", "yet", "still", "even", "much", "many",
		// Spanish, French, German, Portuguese, Italian: the commonest function words
		"el", "la", "los", "las", "de", "del", "en", "y", "que", "por", "para", "con", "una", "un",
		"es", "se", "al", "lo", "su", "sus", "le", "les", "des", "du", "et", "est", "pour", "dans",
		"qui", "sur", "pas", "der", "die", "das", "und", "ist", "den", "dem", "nicht", "mit", "von",
		"zu", "sich", "auf", "ein", "eine", "o", "os", "as", "do", "da", "em", "il", "di", "che",
		"non", "per",
	} {
		m.add(uint32(shingle.TokenHash(shingle.Normalize(w))>>32) &^ 1)
	}
	return m
}()

// wordSet is a small set of word keys (low bit clear), by open addressing: one probe, most of
// the time, where a map lookup cost 7 ns.
type wordSet struct {
	slot [512]uint32 // key | 1 (never 0), 0 when empty
}

func (ws *wordSet) add(w uint32) {
	i := (w >> 7) & 511
	for ws.slot[i] != 0 && ws.slot[i] != w|1 {
		i = (i + 1) & 511
	}
	ws.slot[i] = w | 1
}

func (ws *wordSet) has(w uint32) bool {
	for i := (w >> 7) & 511; ; i = (i + 1) & 511 {
		switch ws.slot[i] {
		case 0:
			return false
		case w | 1:
			return true
		}
	}
}

// sampler draws a document's context sample; one per analyzer.
type sampler struct {
	buf    []uint64 // word<<32 | name<<31 | i, of the tokens gathered
	tmp    []uint64 // sortUnder's
	cover  []uint32 // the fingerprint covering buf's i
	cand   []int32  // the tokens that may be gathered
	others []sketchEntry
}

// sample returns the context sample of a document and its thresholds: its nameSketch names and
// numbers of smallest hash (each flagged, sorted), then its wordSketch other context words of
// smallest hash (sorted); each stratum's threshold is the largest word it kept when it is full,
// else the largest possible (every word of that kind in the text is in it). A word is a name if
// one of its occurrences is (isName); a name's fingerprints cover its first and last occurrence
// as a name, another word's its first and last occurrence. words are the token hashes of toks;
// fps are its fingerprints, in order of position, and k the tokens per shingle. dst is appended
// to.
//
// Words are hashes, spread evenly: the wordSketch smallest distinct words of n tokens lie under a
// cut of about wordSketch/n of the range (a few times that, for stop words and repeats), and the
// nameSketch smallest names, a fifth of a news text's distinct words, under about five times
// nameSketch/n. So every token under a low cut is gathered, and between it and a high cut only
// tokens written with a capital or a digit (a name's occurrences as a name are among them): 95
// in a synthetic news article of 530 words, where the single sample of 32 words gathered 61.
// Drawing the sample cost 1.5 CPU seconds at 200,000 articles, against 1.0 for the single
// sample. They are sorted and the words taken in order; in the rare text where too few of a kind
// lie under its cut (28 of the first 5,000 news articles), that cut is raised and the tokens
// gathered again.
func (s *sampler) sample(dst []sketchEntry, text string, words []uint64, toks []shingle.Token, fps []shingle.Shingle, k int) ([]sketchEntry, [2]uint32) {
	n := len(dst)
	const all = uint64(math.MaxUint32) + 1
	lo, hi := all, all
	if m := 4 * wordSketch; len(words) > m {
		lo = uint64(m) << 32 / uint64(len(words))
	}
	if m := 14 * nameSketch; len(words) > m {
		hi = uint64(m) << 32 / uint64(len(words))
	}
	hi = max(hi, lo)
	for {
		// the tokens gathered, in order, each with the fingerprint covering it (the last of fps
		// at or before it, when its shingle of k tokens reaches it): found walking fps along,
		// where marking every token cost 0.45 s at 200,000 articles, a binary search a token
		// 0.63, sorting the sample's tokens to walk fps once 0.45
		buf, cover := s.buf[:0], s.cover[:0]
		// the candidates first, in a loop without a branch: under hi, and under lo or written
		// with a capital (a quarter of the tokens between, at random: a branch on it was
		// mispredicted, and the sample cost a fifth more)
		cand := slices.Grow(s.cand[:0], len(words))[:len(words)]
		m := 0
		for i, wh := range words {
			w := wh >> 32
			cand[m] = int32(i)
			m += int(b2u(w < hi) & (b2u(w < lo) | capitals[text[toks[i].Start]]))
		}
		s.cand = cand
		j := 0 // the first fingerprint after token i
		for _, i := range cand[:m] {
			w, t := words[i]>>32, &toks[i]
			var name uint64 // an occurrence as a name: its key's bit 31, so that a word's sort last
			if capitals[text[t.Start]] != 0 && isName(text, *t) {
				name = 1 << 31
			} else if w >= lo {
				continue
			}
			if !contextWord(t.Norm, uint32(w)&^1) {
				continue
			}
			for j < len(fps) && fps[j].Pos <= int(i) {
				j++
			}
			var key uint32
			if j > 0 && int(i) < fps[j-1].Pos+k {
				key = uint32(fps[j-1].Hash)
			}
			buf = append(buf, (w&^1)<<32|name|uint64(len(cover)))
			cover = append(cover, key)
		}
		s.tmp = sortUnder(buf, hi, s.tmp) // by word, then as a name or not, then position
		s.buf, s.cover = buf, cover
		dst, others := dst[:n], s.others[:0]
		at := func(z int) uint32 { return cover[uint32(buf[z])&^(1<<31)] }
		for x := 0; x < len(buf) && (len(dst)-n < nameSketch || len(others) < wordSketch); {
			w := uint32(buf[x] >> 32)
			y := x + 1
			for y < len(buf) && uint32(buf[y]>>32) == w {
				y++
			}
			switch first := x; {
			case buf[y-1]&(1<<31) != 0: // a name: under hi, every occurrence as a name is gathered
				for buf[first]&(1<<31) == 0 {
					first++
				}
				if len(dst)-n < nameSketch {
					dst = append(dst, sketchEntry{word: w | 1, fp1: at(first), fp2: at(y - 1)})
				}
			case uint64(w) < lo && len(others) < wordSketch: // under lo, every occurrence is
				others = append(others, sketchEntry{word: w, fp1: at(x), fp2: at(y - 1)})
			}
			x = y
		}
		s.others = others
		namesDone, othersDone := len(dst)-n == nameSketch || hi == all, len(others) == wordSketch || lo == all
		if namesDone && othersDone {
			tau := [2]uint32{math.MaxUint32, math.MaxUint32}
			if len(dst)-n == nameSketch {
				tau[0] = dst[len(dst)-1].word | 1
			}
			if len(others) == wordSketch {
				tau[1] = others[len(others)-1].word | 1
			}
			return append(dst, others...), tau
		}
		if !othersDone {
			lo = min(4*lo, all)
		}
		if !namesDone {
			hi = min(4*hi, all)
		}
		hi = max(hi, lo)
	}
}

// capitals has 1 for the first bytes of tokens that may be names as written (isName): a capital
// letter, a digit, or a letter beyond ASCII, which isName decodes.
var capitals = func() (t [256]uint8) {
	for c := range 256 {
		if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf {
			t[c] = 1
		}
	}
	return t
}()

// b2u is 1 for true, 0 for false, without a branch.
func b2u(b bool) uint8 {
	var u uint8
	if b {
		u = 1
	}
	return u
}

// sortUnder sorts keys, each word<<32 | i with word below cut, spread evenly: into 256 buckets by
// word, then by insertion, which has little left to do. It returns tmp, grown, for the next
// call. Sorting the hundred words under the cut with slices.Sort cost 0.3 s at 200,000 articles.
func sortUnder(keys []uint64, cut uint64, tmp []uint64) []uint64 {
	if len(keys) < 32 {
		slices.Sort(keys)
		return tmp
	}
	var count [257]int32
	bucket := func(k uint64) uint64 { return (k >> 32 << 8) / cut }
	for _, k := range keys {
		count[bucket(k)+1]++
	}
	for b := 1; b < len(count); b++ {
		count[b] += count[b-1]
	}
	tmp = slices.Grow(tmp[:0], len(keys))[:len(keys)]
	for _, k := range keys {
		b := bucket(k)
		tmp[count[b]] = k
		count[b]++
	}
	for i := 1; i < len(tmp); i++ {
		k := tmp[i]
		j := i
		for ; j > 0 && tmp[j-1] > k; j-- {
			tmp[j] = tmp[j-1]
		}
		tmp[j] = k
	}
	copy(keys, tmp)
	return tmp
}

// contextWord reports whether a token, of normalised form norm and word key w (the top 32 bits of
// its hash, low bit clear), can say what a text is about: not a stop word, nor a single letter or
// digit.
func contextWord(norm string, w uint32) bool {
	return len(norm) >= 2 && !stopWords.has(w)
}

// isName reports whether a token is a name or a number as written: a capital letter not at the
// start of a sentence (or a line), or a digit. Names and numbers say most about which story a
// text tells, and IDF measured on a small corpus says little: they weigh nameWeight times more.
func isName(text string, t shingle.Token) bool {
	c := text[t.Start]
	switch {
	case c >= '0' && c <= '9':
		return true
	case c < utf8.RuneSelf && (c < 'A' || c > 'Z'):
		return false // most words: no capital
	case c >= utf8.RuneSelf:
		if r, _ := utf8.DecodeRuneInString(text[t.Start:]); !unicode.IsUpper(r) {
			return false
		}
	}
	for i := t.Start - 1; i >= 0; i-- {
		switch text[i] {
		case ' ', '\t', '"', '\'', '(', '[':
			continue
		case '.', '!', '?', '\n', '\r', ':':
			return false
		case 0x9c, 0x98: // the last byte of “ and ‘ (E2 80 9C, E2 80 98): skip the quote
			if i >= 2 && text[i-2] == 0xe2 && text[i-1] == 0x80 {
				i -= 2
				continue
			}
		}
		return true
	}
	return false
}

// nameWeight is how many times more a name or number weighs than another word of the same
// document frequency.
const nameWeight = 5

// contexts holds every document's context sample: first as the first pass drew them (entries),
// then, once shared text is known, as the document's own words with their weights (final).
type contexts struct {
	// entries holds the samples in chunks that never move (growing one slice of a hundred
	// megabytes copied it again and again: 1.8 of the collector's 7.4 s at 200,000 articles);
	// document i's are chunks[at[i]>>32][uint32(at[i]) : uint32(at[i])+n[i]]
	chunks [][]sketchEntry
	at     []uint64
	n      []uint8
	tau    [][2]uint32 // each document's thresholds: its names', its other words'
	// final: document i's own words, each word&^0xff | weight, in final[foff[i]:foff[i+1]]: its
	// names first (names[i] of them), then its other words, each sorted
	final []uint32
	foff  []uint32
	names []uint8
}

// sketchChunk is how many entries a chunk of contexts holds: 768 KiB.
const sketchChunk = 1 << 16

// add appends a document's sample; documents are added in order.
func (cx *contexts) add(e []sketchEntry, tau [2]uint32) {
	k := len(cx.chunks) - 1
	if k < 0 || cap(cx.chunks[k])-len(cx.chunks[k]) < len(e) {
		cx.chunks = append(cx.chunks, make([]sketchEntry, 0, sketchChunk))
		k++
	}
	cx.at = append(cx.at, uint64(k)<<32|uint64(len(cx.chunks[k])))
	cx.n = append(cx.n, uint8(len(e)))
	cx.chunks[k] = append(cx.chunks[k], e...)
	cx.tau = append(cx.tau, tau)
}

// entries returns document d's sample, as drawn.
func (cx *contexts) entries(d int) []sketchEntry {
	at := cx.at[d]
	from := uint32(at)
	return cx.chunks[at>>32][from : from+uint32(cx.n[d])]
}

// finishSample appends to dst a document's own sampled words (entries: its sample, in order),
// each word&^0xff | its weight (wt), leaving out those under fingerprints that shared says other
// documents hold; it returns them and how many are names. A function of its arguments alone:
// the document's sample, the flags of the fingerprints it names, the corpus's weights.
func finishSample(dst []uint32, entries []sketchEntry, shared func(fp uint32) bool, wt *weigher) ([]uint32, int) {
	names := 0
	for _, e := range entries {
		if e.fp1 == 0 || e.fp2 == 0 || !shared(e.fp1) || e.fp2 != e.fp1 && !shared(e.fp2) {
			dst = append(dst, e.word&^0xff|uint32(wt.weight(e.word)))
			if e.word&1 != 0 {
				names++
			}
		}
	}
	return dst, names
}

// finish weights the sampled words (wt) and keeps, of each document, the words not in shared
// text: those with an occurrence under a fingerprint for which shared is false (or under none).
// It releases the entries.
func (cx *contexts) finish(shared func(fp uint32) bool, wt *weigher, workers int) {
	n := len(cx.tau)
	if n == 0 {
		return
	}
	cx.foff, cx.names = make([]uint32, n+1), make([]uint8, n)
	parts := make([][]uint32, workers)
	var wg sync.WaitGroup
	per := (n + workers - 1) / workers
	for w := range workers {
		lo, hi := w*per, min(n, (w+1)*per)
		if lo >= hi {
			continue
		}
		wg.Go(func() {
			// room for every entry at once: grown by append, the copies were 0.3 CPU seconds
			// of the 0.75 this costs at 200,000 articles
			m := 0
			for d := lo; d < hi; d++ {
				m += int(cx.n[d])
			}
			out := make([]uint32, 0, m)
			for d := lo; d < hi; d++ {
				var names int
				out, names = finishSample(out, cx.entries(d), shared, wt)
				cx.names[d] = uint8(names)
				cx.foff[d+1] = uint32(len(out)) // relative to the part, fixed below
			}
			parts[w] = out
		})
	}
	wg.Wait()
	total := 0
	for _, p := range parts {
		total += len(p)
	}
	cx.final = make([]uint32, 0, total)
	for w, p := range parts {
		lo, hi := w*per, min(n, (w+1)*per)
		base := uint32(len(cx.final))
		cx.final = append(cx.final, p...)
		for d := lo; d < hi; d++ {
			cx.foff[d+1] += base
		}
	}
	cx.chunks, cx.at, cx.n = nil, nil, nil
}

// Document frequencies are counted in a count-min sketch: two rows of 2^dfBits counters, each
// word counted in one counter of each row (by two parts of its hash), its frequency the smaller
// of its two counts. A rare word then reads as common only when both its counters are shared
// with common words: about one in 3,000 at 5,000 common words, where one row of 2^20 counters
// had it at one in 200; and two rows of 2^16 stay in the processor's cache, where 2^20 counters
// cost a cache miss a word (1.1 of 36 CPU seconds at 200,000 articles).
const dfBits = 16

// dfSlots returns a word's counter in each row, from the top 32 bits of its hash.
func dfSlots(word uint32) (uint32, uint32) {
	return word >> (32 - dfBits), (word >> 1) & (1<<dfBits - 1)
}

// dfSample is the share of documents whose words are counted: one in dfSample, chosen by a hash
// of the document's text (so the same whatever goroutine reads it), their counts multiplied by
// dfSample. What the weights must tell apart is a word in a handful of documents from one in
// thousands, which a sixteenth of the documents tells as well as all of them, for a sixteenth of
// the cost (counting every word of every document cost 2.5 of 34 CPU seconds at 200,000 articles).
const dfSample = 16

// counted reports whether the document of exact-duplicate hash exact is one whose words are
// counted.
func counted(exact [2]uint64) bool { return exact[1]%dfSample == 0 }

// appendDFSlots appends to dst the counters in which a document's context words (token hashes of
// toks, repeats and all) are counted, row<<dfBits | slot, each once and sorted. The analyzers
// find them; the corpus adds those of each document it keeps (DFCounts.Add), so that a record
// dropped for a repeated id counts no word.
func appendDFSlots(dst []uint32, words []uint64, toks []shingle.Token) []uint32 {
	n := len(dst)
	for i, h := range words {
		w := uint32(h>>32) &^ 1
		if !contextWord(toks[i].Norm, w) {
			continue
		}
		s0, s1 := dfSlots(w)
		dst = append(dst, s0, 1<<dfBits|s1)
	}
	slices.Sort(dst[n:])
	return append(dst[:n], slices.Compact(dst[n:])...)
}

// weigher weighs words by inverse document frequency (names and numbers nameWeight times more).
type weigher struct {
	df [2][]uint32 // the two rows of counts; nil for flatWeigher's
	n  int         // documents
	// byDF holds the weights of a word and of a name of each frequency up to len(byDF)-1
	byDF [][2]uint8
}

// newWeigher returns the weigher of n documents whose counted documents' counters add up to
// counts (nil rows: none counted).
func newWeigher(n int, counts DFCounts) *weigher {
	w := &weigher{n: n}
	for r := range w.df {
		w.df[r] = make([]uint32, 1<<dfBits)
		for i, c := range counts.Rows[r] {
			w.df[r][i] = dfSample * c
		}
	}
	w.byDF = make([][2]uint8, min(n, 1<<20)+1)
	for df := range w.byDF {
		w.byDF[df] = [2]uint8{idfWeight(uint32(df), n, false), idfWeight(uint32(df), n, true)}
	}
	return w
}

// dfPrior is documents in which no word occurs, added to the corpus: it keeps the weights of a
// small corpus (a story and a few others) from calling the story's own words common.
const dfPrior = 100

// weight returns the weight of a word key (the top 32 bits of its hash, low bit set for a name or
// number): the square of its inverse document frequency ln((N+dfPrior)/(df+1)), times
// nameWeight for a name, scaled to 1..255 (a name in 2 of 200,000 documents weighs 250).
// Squared, because what two texts that tell different stories share by chance are words of
// middling frequency, many of them, and what two texts of one story share are a few rare ones:
// on the synthetic news corpus, pairs that share a quote against pairs that share a standard
// paragraph, the square finds 90% of the first at 1% of the second, where the plain IDF finds
// 82% (BENCHMARKS.md).
func (w *weigher) weight(word uint32) uint8 {
	if w.df[0] == nil { // flatWeigher's: every word alike
		return w.byDF[0][word&1]
	}
	s0, s1 := dfSlots(word &^ 1)
	df := min(w.df[0][s0], w.df[1][s1])
	if int(df) < len(w.byDF) {
		return w.byDF[df][word&1]
	}
	return idfWeight(df, w.n, word&1 != 0)
}

// idfWeight is the weight of a word in df of n documents (see weight).
func idfWeight(df uint32, n int, name bool) uint8 {
	idf := math.Log(float64(n+dfPrior) / float64(df+1))
	x := 0.38 * idf * idf
	if name {
		x *= nameWeight
	}
	return uint8(min(max(math.Round(x), 1), 255))
}

// sample returns document d's sample, once finished.
func (cx *contexts) sample(d int32) wordSample {
	from, to := cx.foff[d], cx.foff[d+1]
	mid := from + uint32(cx.names[d])
	return wordSample{names: cx.final[from:mid], others: cx.final[mid:to], tau: cx.tau[d]}
}

// similarity returns the context similarity of documents a and b, in 0..1 (see above), from
// their samples.
func (cx *contexts) similarity(a, b int32) float64 {
	if cx.final == nil {
		return 0
	}
	return sampleSimilarity(cx.sample(a), cx.sample(b))
}

// background returns the lower quartile of the context similarity of pairs of documents drawn at
// random (up to 2,000, by a fixed seed, among those with a context of their own): what texts
// that tell different stories share by chance in this corpus. It is 0 for fewer than 8 such
// documents. In a small corpus the weights are flat and the chance is higher (0.03 for the
// bundled sample against 0.01 for the synthetic news corpus).
func (cx *contexts) background() float64 {
	var with []int32
	for d := range len(cx.tau) {
		if cx.foff[d+1]-cx.foff[d] >= minContextWords {
			with = append(with, int32(d))
		}
	}
	var sims []float64
	for _, p := range backgroundPairs(len(with)) {
		sims = append(sims, cx.similarity(with[p[0]], with[p[1]]))
	}
	return lowerQuartile(sims)
}

// backgroundPairs returns the pairs background compares among n documents with a context (their
// positions among them, in input order): up to 2,000 drawn by a fixed seed, none of a document
// with itself; none for fewer than 8.
func backgroundPairs(n int) [][2]int {
	if n < 8 {
		return nil
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var pairs [][2]int
	for range min(2000, n*(n-1)/2) {
		a, b := rng.IntN(n), rng.IntN(n)
		if a != b {
			pairs = append(pairs, [2]int{a, b})
		}
	}
	return pairs
}

// lowerQuartile returns the lower quartile of sims (sorted in place), 0 for none.
func lowerQuartile(sims []float64) float64 {
	if len(sims) == 0 {
		return 0
	}
	slices.Sort(sims)
	return sims[len(sims)/4]
}

// wordSample is a document's context sample, finished: its own names and numbers and its own
// other words, each sorted (word&^0xff | weight), and the threshold of each stratum (names',
// other words').
type wordSample struct {
	names, others []uint32
	tau           [2]uint32
}

// sampleSimilarity estimates the context similarity of two documents from their samples: the
// weighted containment of the smaller text's own words in the larger's. Each stratum is compared
// below the smaller of its two thresholds, where both samples hold every word of that kind they
// have: a share rate of the range of words, so that the weight each side has there, and the
// weight both hold, divided by rate, estimate the stratum's in the whole texts
// (Horvitz-Thompson). The strata's estimates are added up, and the shared weight divided by the
// smaller side's. Names are sampled at a higher rate than other words (a fifth of a news text's
// words, half its sample): counted as drawn, they would weigh more than they do in the texts.
// The threshold word itself is left out (the k-1 words below the k-th smallest hash, over its
// hash, estimate the number of words without bias; the k words, over it, by k/(k-1) too many,
// which differs between strata of different sizes). It is 0 when either side has fewer than
// minContextWords words in the compared ranges.
func sampleSimilarity(a, b wordSample) float64 {
	var o [2]wordOverlap
	var end [2]int64 // each stratum's range, below the smaller threshold: its rate is end/2^24
	for s := range 2 {
		end[s] = 1 << 24 // every key
		if tau := min(a.tau[s], b.tau[s]); tau != math.MaxUint32 {
			end[s] = int64(tau >> 8)
		}
		if s == 0 {
			o[s] = overlap(a.names, b.names, uint32(end[s]))
		} else {
			o[s] = overlap(a.others, b.others, uint32(end[s]))
		}
	}
	if o[0].na+o[1].na < minContextWords || o[0].nb+o[1].nb < minContextWords {
		return 0
	}
	// dividing each stratum's weights by its rate is, but for a factor common to all, multiplying
	// them by the other's end (an empty range holds nothing to scale)
	f0, f1 := max(end[1], 1), max(end[0], 1)
	inter := int64(o[0].inter)*f0 + int64(o[1].inter)*f1
	sa := int64(o[0].sa)*f0 + int64(o[1].sa)*f1
	sb := int64(o[0].sb)*f0 + int64(o[1].sb)*f1
	return float64(inter) / float64(min(sa, sb))
}

// contextSimilarity returns the weighted containment of the smaller of two sets of weighted words
// (sorted, word&^0xff | weight) in the larger: the weight both hold (the smaller of the two
// weights of each word) over the smaller total. It is 0 when either side has fewer than
// minContextWords words.
func contextSimilarity(wa, wb []uint32) float64 {
	o, ok := ownOverlap(wa, wb)
	if !ok {
		return 0
	}
	return float64(o.inter) / float64(min(o.sa, o.sb))
}

// ownOverlap compares two sets of weighted words whole; ok is false when either side has fewer
// than minContextWords words (no evidence either way).
func ownOverlap(wa, wb []uint32) (o wordOverlap, ok bool) {
	o = overlap(wa, wb, 1<<24)
	return o, o.na >= minContextWords && o.nb >= minContextWords
}

// wordOverlap is what two sets of weighted words hold in a range: each side's weight and number
// of words, and the weight both hold.
type wordOverlap struct {
	sa, sb, inter, na, nb int
}

// overlap compares two sets of weighted words (sorted, word&^0xff | weight), counting only the
// words whose key (their top 24 bits) is below end (1<<24 for all). The merge takes a side's word
// by arithmetic rather than by branches: which of two sampled words comes first is a coin toss
// that a branch predictor loses half the time, and the evidence stage makes millions of these
// comparisons (BenchmarkOverlap).
func overlap(wa, wb []uint32, end uint32) wordOverlap {
	var o wordOverlap
	i, j := 0, 0
	for i < len(wa) && j < len(wb) {
		x, y := wa[i]>>8, wb[j]>>8
		if min(x, y) >= end {
			return o
		}
		ta, tb := b2i(x <= y), b2i(y <= x)
		wx, wy := int(wa[i]&0xff), int(wb[j]&0xff)
		o.sa += wx * ta
		o.na += ta
		i += ta
		o.sb += wy * tb
		o.nb += tb
		j += tb
		o.inter += min(wx, wy) * (ta & tb)
	}
	for ; i < len(wa) && wa[i]>>8 < end; i++ {
		o.sa += int(wa[i] & 0xff)
		o.na++
	}
	for ; j < len(wb) && wb[j]>>8 < end; j++ {
		o.sb += int(wb[j] & 0xff)
		o.nb++
	}
	return o
}

// b2i is 1 for true, 0 for false (a SETcc, no branch).
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
