package corpus

import (
	"math"
	"math/rand/v2"
)

// Sentence and title limits, in words.
const (
	minSentenceWords = 4
	maxSentenceWords = 40
	maxSentenceToks  = 80 // a sentence still running after this many tokens is thrown away
	minTitleWords    = 5
	maxTitleWords    = 12
	minArticleWords  = 100

	// chains is how many sentences are drawn side by side (see step).
	chains = 16

	// softWords and endPressure (a chance scaled to 2^16) steer long sentences to an end.
	softWords   = 24
	endPressure = 1 << 14

	// giveUp is how many rejected sentences in a row make the writer take what it gets, so a
	// tiny or odd model cannot stall generation.
	giveUp = 1000
)

// writer draws sentences from a Model. It reuses its buffers, so a sentence costs no allocation.
type writer struct {
	m       *Model
	r       *rand.Rand
	src     *rand.PCG // r's source, called directly: one call gives all the bits of a draw
	backoff uint32    // chance (scaled to 2^16) of an order-1 draw at a context with several continuations
	sparse  uint32    // the same at a context with a single continuation
	chain   [chains]chain

	// Finished sentences wait in queues, in the order they finished: body sentences, and
	// short ones kept aside for titles.
	body, titles queue
	rejected     int    // sentences rejected in a row
	warmed       uint16 // sums the loads step issues early, so that the compiler keeps them
	out          []uint32
}

// chain is one sentence being drawn.
type chain struct {
	cur    *edge
	toks   []uint32
	words  int
	phrase phrase // the last tokens, to spot stock phrases
	stock  uint64 // 1 + the stock bit of the last phraseLen tokens, looked up at the next step; 0 for none
}

// queue is a FIFO of sentences.
type queue struct {
	toks  []uint32
	ends  []int // sentence k is toks[ends[k-1]:ends[k]] (from 0 for the first)
	words []int
	head  int
}

func (q *queue) len() int { return len(q.ends) - q.head }

func (q *queue) push(toks []uint32, words int) {
	q.toks = append(q.toks, toks...)
	q.ends = append(q.ends, len(q.toks))
	q.words = append(q.words, words)
}

// pop copies the oldest sentence into dst.
func (q *queue) pop(dst []uint32) ([]uint32, int) {
	from := 0
	if q.head > 0 {
		from = q.ends[q.head-1]
	}
	dst = append(dst[:0], q.toks[from:q.ends[q.head]]...)
	words := q.words[q.head]
	q.head++
	if q.head >= 64 && 2*q.head >= len(q.ends) {
		q.compact()
	}
	return dst, words
}

// compact drops the popped sentences.
func (q *queue) compact() {
	from := q.ends[q.head-1]
	q.toks = q.toks[:copy(q.toks, q.toks[from:])]
	n := copy(q.ends, q.ends[q.head:])
	for k := range n {
		q.ends[k] -= from
	}
	q.ends = q.ends[:n]
	q.words = q.words[:copy(q.words, q.words[q.head:])]
	q.head = 0
}

// newWriter returns a writer drawing from m with src (and r, which must draw from src).
func newWriter(m *Model, src *rand.PCG, r *rand.Rand, backoff, sparse float64) *writer {
	w := &writer{m: m, src: src, r: r, backoff: scaled(backoff), sparse: scaled(sparse)}
	for k := range w.chain {
		w.chain[k].cur = &m.start
	}
	return w
}

// scaled maps a probability to a threshold for 16 random bits.
func scaled(p float64) uint32 {
	return uint32(math.Round(p * (1 << 16)))
}

// sentence returns the next sentence of 4 to 40 words (tokens valid until the next call) and
// its word count.
func (w *writer) sentence() ([]uint32, int) {
	for w.body.len() == 0 {
		w.step()
	}
	var n int
	w.out, n = w.body.pop(w.out)
	return w.out, n
}

// draws holds one step's draw for each chain.
type draws struct {
	slot  [chains]uint32 // the edge drawn: first the alias slot, then the edge it stands for
	rowLo [chains]uint32 // where the slot's row starts
	coin  [chains]uint16
}

// step advances every chain by one token, in order, and queues the sentences that end.
//
// A draw is a cache miss into tens of megabytes of edges, and one chain waits on one miss at a
// time. So step works in passes over all chains: choose computes every chain's alias slot,
// load reads them all with nothing between the reads, so that the processor has every miss in
// flight at once, and advance moves the chains on, from cache. On the Reuters model
// (BenchmarkSentence) a kept token cost 370 ns with one chain, 160 with 8, 120 with 16.
func (w *writer) step() {
	var d draws
	w.choose(&d)
	w.load(&d)
	w.advance(&d)
}

// choose picks each chain's row (order 2, or order 1 when it backs off) and a slot in it.
// Branches on freshly loaded data are written as conditional moves.
func (w *writer) choose(d *draws) {
	m := w.m
	var stock [chains]uint64
	for k := range w.chain { // look up the stock phrases side by side
		if b := w.chain[k].stock; b != 0 {
			stock[k] = m.stock[(b-1)>>6] >> ((b - 1) & 63) & 1
		}
	}
	for k := range w.chain {
		e := w.chain[k].cur
		tok := e.tok & tokMask
		u := w.src.Uint64() // bits 32-63 choose the slot, 0-15 are the alias coin, 16-31 the back-off's
		lo, hi := e.lo, e.hi
		limit := w.backoff
		if hi-lo == 1 {
			limit = w.sparse
		}
		if stock[k] != 0 {
			limit = 1 << 16
		}
		if tok == bos {
			limit = 0 // the sentence start has no order-1 row
		}
		lo1, hi1 := m.wordLo[tok], m.wordLo[tok+1]
		if uint32(u>>16)&0xffff < limit {
			lo, hi = lo1, hi1
		}
		d.slot[k], d.rowLo[k], d.coin[k] = lo+uint32((u>>32)*uint64(hi-lo)>>32), lo, uint16(u)
	}
}

// load reads the chosen slots, all at once, then resolves their aliases.
func (w *writer) load(d *draws) {
	m := w.m
	var warmed uint16
	for _, s := range d.slot {
		warmed += m.edges[s].thresh // start the loads now, side by side; the values are not needed yet
	}
	for k, s := range d.slot { // the chosen edge may sit elsewhere in its row
		e := &m.edges[s]
		next := d.rowLo[k] + uint32(e.alias)
		if d.coin[k] < e.thresh {
			next = s
		}
		d.slot[k] = next
		warmed += m.edges[next].thresh
	}
	w.warmed += warmed
}

// advance moves each chain along its drawn edge and finishes the sentences that end or run too
// long. Past softWords words a sentence takes its state's terminal edge, when it has one, with
// chance endPressure: without that, a third of all draws went into sentences too long to keep.
func (w *writer) advance(d *draws) {
	m := w.m
	for k := range w.chain {
		c := &w.chain[k]
		next := d.slot[k]
		if c.words >= softWords && c.cur.tok&canEnd != 0 && uint32(w.src.Uint64()&0xffff) < endPressure {
			next = c.cur.lo
		}
		c.cur = &m.edges[next]
		tok := c.cur.tok & tokMask
		if tok == eos {
			w.finish(c, true)
			continue
		}
		c.toks = append(c.toks, tok)
		c.words += int(m.isWord[tok])
		c.stock = 0
		if c.phrase.push(tok) {
			c.stock = 1 + stockSlot(c.phrase.h)
		}
		if c.words > maxSentenceWords || len(c.toks) >= maxSentenceToks {
			w.finish(c, false)
		}
	}
}

// finish queues the sentence of c if it is acceptable (or the writer has given up being
// choosy) and starts c on a new one. Sentences of title length go to the titles while they
// are short of two.
func (w *writer) finish(c *chain, ended bool) {
	ok := ended && c.words >= minSentenceWords
	switch {
	case ok && c.words >= minTitleWords && c.words <= maxTitleWords && w.titles.len() < 2:
		w.titles.push(c.toks, c.words)
	case ok || w.rejected >= giveUp:
		w.body.push(c.toks, c.words)
		w.rejected = 0
	default:
		w.rejected++
	}
	c.cur, c.toks, c.words, c.phrase, c.stock = &w.m.start, c.toks[:0], 0, phrase{}, 0
}

// appendTokens renders toks into dst: words separated by spaces, punctuation attached to the
// word before it.
func (w *writer) appendTokens(dst []byte, toks []uint32) []byte {
	if len(toks) == 0 {
		return dst
	}
	first := w.m.word(toks[0])
	if first[0] == ' ' {
		first = first[1:]
	}
	dst = append(dst, first...)
	for _, t := range toks[1:] {
		dst = append(dst, w.m.word(t)...)
	}
	return dst
}

// title draws a headline: a short sentence without its final punctuation (or the first words
// of a long one, when the model makes no short ones).
func (w *writer) title() string {
	for tries := 0; w.titles.len() == 0 && tries < giveUp; tries++ {
		w.step()
	}
	var toks []uint32
	if w.titles.len() > 0 {
		toks, _ = w.titles.pop(w.out)
	} else {
		toks, _ = w.sentence()
	}
	words := 0
	for i, t := range toks {
		if !w.m.isPunct[t] {
			words++
		}
		if words > maxTitleWords {
			toks = toks[:i]
			break
		}
	}
	for len(toks) > 1 && w.m.isPunct[toks[len(toks)-1]] {
		toks = toks[:len(toks)-1]
	}
	w.out = toks
	return string(w.appendTokens(nil, toks))
}

// span is one sentence of an article body.
type span struct {
	start, end int32 // bytes of the body
	words      int32
	para       bool // the sentence opens a paragraph
}

// body is article prose: paragraphs separated by blank lines, sentences by spaces.
type body struct {
	text  []byte
	sents []span
	words int
}

func (b *body) reset() {
	b.text, b.sents, b.words = b.text[:0], b.sents[:0], 0
}

// paraSentences is how many sentences a paragraph after the first holds, drawn uniformly:
// news paragraphs are short.
var paraSentences = []int{1, 2, 2, 2, 3, 3, 4}

// fillTries bounds the sentences fill throws away for being too long to fit.
const fillTries = 50

// fill draws sentences into b until it holds at least target words, never more than max.
func (w *writer) fill(b *body, target, max int) {
	b.reset()
	left := 1 // sentences left in the current paragraph; the lead paragraph has one
	misses := 0
	for b.words < target && misses < fillTries {
		toks, n := w.sentence()
		if b.words+n > max {
			misses++
			continue
		}
		open := len(b.sents) == 0 || left == 0
		if open && len(b.sents) > 0 {
			left = paraSentences[w.r.IntN(len(paraSentences))]
			b.text = append(b.text, "\n\n"...)
		} else if !open {
			b.text = append(b.text, ' ')
		}
		start := len(b.text)
		b.text = w.appendTokens(b.text, toks)
		b.sents = append(b.sents, span{start: int32(start), end: int32(len(b.text)), words: int32(n), para: open})
		b.words += n
		left--
	}
}

// length draws an article length: log-normal around median, clamped to [min, max]. A spread of
// 0.3 puts about 5% of articles at the minimum and 3% at the maximum for 300/500/900.
func length(r *rand.Rand, min, median, max int) int {
	n := int(float64(median) * math.Exp(0.3*r.NormFloat64()))
	return clamp(n, min, max)
}

func clamp(n, lo, hi int) int {
	if n < lo {
		return lo
	}
	if n > hi {
		return hi
	}
	return n
}
