package corpus

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrNoText is returned when the training text holds no usable sentence.
var ErrNoText = errors.New("corpus: no usable training sentence")

// ErrVocabulary is returned when the training text has more distinct tokens than a Model can
// number (2^21, since three token ids are packed into one uint64 while training).
var ErrVocabulary = errors.New("corpus: vocabulary too large")

// Reserved token ids: the padding before a sentence and the end of a sentence.
const (
	bos = 0
	eos = 1

	idBits   = 21
	maxVocab = 1 << idBits
	idMask   = maxVocab - 1
)

// Model is a word-level Markov model of order 2 with a back-off to order 1, trained on prose.
// A state is a pair of consecutive tokens (a, b); its edges lead to the states (b, c) seen in
// training. Each state's edges form a Walker alias table, so drawing a token is one random
// number and one or two reads of adjacent memory, with no search, no hashing, no allocation and
// no branch that waits on memory, which the interleaved drawing of writer.step relies on. An
// edge carries the token it emits and the edge range of the state it leads to, so that nothing
// else is read. A Model is read-only once built and safe for concurrent use.
type Model struct {
	text    []byte   // token texts as rendered after another token (" word", ","), concatenated
	off     []uint32 // token t is text[off[t]:off[t+1]]; ids 0 and 1 are bos and eos
	isPunct []bool   // by token id: attaches to the token before it
	isWord  []uint8  // by token id: 1 for a word, 0 for punctuation (added without a branch)

	// edges holds the order-2 edges, grouped by state with the busiest states first, then the
	// order-1 edges, grouped by token in token order (which is frequency order).
	edges  []edge
	wordLo []uint32 // order-1 edges of token w are edges[wordLo[w]:wordLo[w+1]]
	start  edge     // leads to the state (bos, bos)
	stock  []uint64 // bitset of the hashes of stock phrases (phrase.go)

	info ModelInfo
}

// edge is one continuation c of a state (a, b): the token c and the edges [lo, hi) of the state
// (b, c) it leads to (empty after eos), with its slot in the state's alias table: a draw that
// lands on this edge keeps it when a 16-bit coin falls below thresh, else takes the edge alias.
// The high bit of tok (canEnd) marks that the state (b, c) can end its sentence, with its
// terminal edge first.
type edge struct {
	tok, lo, hi   uint32
	alias, thresh uint16
}

// Bits of edge.tok.
const (
	tokMask = idMask
	canEnd  = 1 << 31
)

// minEndShare is the share of a state's continuations that a terminal mark needs for the
// state to count as one that can end a sentence (edge.tok's canEnd).
const minEndShare = 0.1

// maxEdges bounds the continuations of one context, so that an alias fits 16 bits; beyond it
// the rarest are dropped. The Reuters corpus needs at most 11,115 (after "the").
const maxEdges = 1 << 16

// ModelInfo describes what a Model was trained on.
type ModelInfo struct {
	Documents  int // documents read
	Skipped    int // records that could not be read (malformed JSON Lines)
	Sentences  int // sentences kept after the prose filter
	Tokens     int // tokens in those sentences, punctuation included
	Vocabulary int // distinct tokens
	States     int // distinct order-2 contexts

	StockPhrases int // phrases of phraseLen tokens seen stockCount times or more, after which generation backs off
}

// Info describes the training text.
func (m *Model) Info() ModelInfo { return m.info }

// Trainer collects training sentences for a Model. The zero value is not ready: use NewTrainer.
type Trainer struct {
	ids       map[string]uint32
	words     []string
	sentences []uint32 // token ids, each sentence followed by eos
	info      ModelInfo
	tooLarge  bool
}

// NewTrainer returns an empty Trainer.
func NewTrainer() *Trainer {
	return &Trainer{ids: map[string]uint32{}, words: []string{"<s>", "</s>"}}
}

// Add adds one document's text. Its sentences that do not read as prose are ignored.
func (t *Trainer) Add(text string) {
	t.info.Documents++
	text = strings.ToValidUTF8(text, " ")
	for _, sent := range splitSentences(nil, text) {
		t.info.Sentences++
		t.info.Tokens += len(sent)
		for _, tok := range sent {
			t.sentences = append(t.sentences, t.intern(tok))
		}
		t.sentences = append(t.sentences, eos)
	}
}

// intern returns the id of tok, numbering it if new.
func (t *Trainer) intern(tok string) uint32 {
	if id, ok := t.ids[tok]; ok {
		return id
	}
	id := uint32(len(t.words))
	if id >= maxVocab {
		t.tooLarge = true
		return eos
	}
	tok = strings.Clone(tok) // not a slice of the whole document
	t.ids[tok] = id
	t.words = append(t.words, tok)
	return id
}

// Model builds the model from the sentences added so far.
func (t *Trainer) Model() (*Model, error) {
	if t.tooLarge {
		return nil, fmt.Errorf("build model from %d tokens: %w", t.info.Tokens, ErrVocabulary)
	}
	if t.info.Sentences == 0 {
		return nil, ErrNoText
	}
	words, sentences := t.byFrequency()
	m := &Model{info: t.info, off: make([]uint32, 0, len(words)+1), isPunct: make([]bool, len(words)), isWord: make([]uint8, len(words))}
	for i, w := range words {
		m.off = append(m.off, uint32(len(m.text)))
		m.isPunct[i] = isPunct(w)
		if !m.isPunct[i] {
			m.text = append(m.text, ' ')
		}
		m.text = append(m.text, w...)
		if !m.isPunct[i] && i > eos {
			m.isWord[i] = 1
		}
	}
	m.off = append(m.off, uint32(len(m.text)))
	m.info.Vocabulary = len(words)
	states := newStates(trigrams(sentences))
	m.edges = states.layout(m.isTerminal)
	m.start.lo, m.start.hi = states.edgesOf(bos, bos)
	m.buildOrder1(newStates(bigrams(sentences)), states)
	m.markEnds()
	m.markStock(sentences)
	m.info.States = len(states.keys)
	return m, nil
}

// byFrequency renumbers the tokens by falling frequency (bos and eos keep 0 and 1), so that the
// order-1 edges of the common words sit together in memory, and returns the words and the
// sentences in the new numbering.
func (t *Trainer) byFrequency() ([]string, []uint32) {
	count := make([]int, len(t.words))
	for _, id := range t.sentences {
		count[id]++
	}
	order := make([]uint32, 0, len(t.words))
	for id := uint32(2); id < uint32(len(t.words)); id++ {
		order = append(order, id)
	}
	slices.SortStableFunc(order, func(a, b uint32) int { return count[b] - count[a] })
	order = append([]uint32{bos, eos}, order...)
	renum := make([]uint32, len(t.words))
	words := make([]string, len(t.words))
	for n, id := range order {
		renum[id] = uint32(n)
		words[n] = t.words[id]
	}
	sentences := make([]uint32, len(t.sentences))
	for i, id := range t.sentences {
		sentences[i] = renum[id]
	}
	return words, sentences
}

// pack3 packs three token ids into one sortable key.
func pack3(a, b, c uint32) uint64 {
	return uint64(a)<<(2*idBits) | uint64(b)<<idBits | uint64(c)
}

// trigrams returns every (a, b, c) of the padded sentences "bos bos w1 ... wn eos", sorted.
func trigrams(sentences []uint32) []uint64 {
	out := make([]uint64, 0, len(sentences)*11/10)
	a, b := uint32(bos), uint32(bos)
	for _, c := range sentences {
		out = append(out, pack3(a, b, c))
		a, b = b, c
		if c == eos {
			a, b = bos, bos
		}
	}
	slices.Sort(out)
	return out
}

// bigrams returns every (b, c) of the sentences "w1 ... wn eos", sorted.
func bigrams(sentences []uint32) []uint64 {
	out := make([]uint64, 0, len(sentences))
	b := uint32(bos)
	for _, c := range sentences {
		if b != bos {
			out = append(out, pack3(0, b, c))
		}
		b = c
		if c == eos {
			b = bos
		}
	}
	slices.Sort(out)
	return out
}

// states groups sorted n-grams by their context (all but the last token).
type states struct {
	keys  []uint64 // context of each state, sorted
	first []uint32 // continuations of state s are toks[first[s]:first[s+1]], counts alike
	toks  []uint32
	count []uint32
	lo    []uint32 // where layout put state s's edges
}

// newStates groups sorted packed n-grams.
func newStates(grams []uint64) *states {
	st := &states{}
	for i := 0; i < len(grams); {
		ctx := grams[i] >> idBits
		if len(st.keys) == 0 || st.keys[len(st.keys)-1] != ctx {
			st.keys = append(st.keys, ctx)
			st.first = append(st.first, uint32(len(st.toks)))
		}
		j := i + 1
		for j < len(grams) && grams[j] == grams[i] {
			j++
		}
		st.toks = append(st.toks, uint32(grams[i])&idMask)
		st.count = append(st.count, uint32(j-i))
		i = j
	}
	st.first = append(st.first, uint32(len(st.toks)))
	return st
}

// total is how often state s was seen.
func (st *states) total(s int) uint32 {
	var n uint32
	for _, c := range st.count[st.first[s]:st.first[s+1]] {
		n += c
	}
	return n
}

// layout returns the order-2 edges with the busiest states first and, within a state, the
// commonest continuations first: most draws then fall in a few megabytes of memory. The edges'
// target ranges are filled in.
func (st *states) layout(terminal func(uint32) bool) []edge {
	order := make([]int, len(st.keys))
	totals := make([]uint32, len(st.keys))
	for s := range order {
		order[s], totals[s] = s, st.total(s)
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(totals[b]) - int(totals[a]) })
	st.lo = make([]uint32, len(st.keys))
	edges := make([]edge, 0, len(st.toks))
	for _, s := range order {
		st.lo[s] = uint32(len(edges))
		edges = st.appendEdges(edges, s, terminal)
	}
	for s := range st.keys {
		b := uint32(st.keys[s]) & idMask
		for k := st.lo[s]; k < st.lo[s]+st.first[s+1]-st.first[s]; k++ {
			edges[k].lo, edges[k].hi = st.edgesOf(b, edges[k].tok)
		}
	}
	return edges
}

// appendEdges appends the edges of state s with their alias table, the commonest first. A
// terminal punctuation mark comes first of all when it ends at least minEndShare of the state's
// sentences: the state is then one where a long sentence may be steered to its end.
func (st *states) appendEdges(edges []edge, s int, terminal func(uint32) bool) []edge {
	lo, hi := st.first[s], st.first[s+1]
	order := make([]uint32, 0, hi-lo)
	var total, ends uint32
	for k := lo; k < hi; k++ {
		order = append(order, k)
		total += st.count[k]
		if terminal(st.toks[k]) {
			ends = max(ends, st.count[k])
		}
	}
	promote := float64(ends) >= minEndShare*float64(total)
	slices.SortStableFunc(order, func(a, b uint32) int {
		if ta, tb := promote && terminal(st.toks[a]), promote && terminal(st.toks[b]); ta != tb {
			if ta {
				return -1
			}
			return 1
		}
		return int(st.count[b]) - int(st.count[a])
	})
	if len(order) > maxEdges {
		order = order[:maxEdges]
	}
	weights := make([]uint64, len(order))
	start := len(edges)
	for i, k := range order {
		edges = append(edges, edge{tok: st.toks[k]})
		weights[i] = uint64(st.count[k])
	}
	fillAlias(edges[start:], weights)
	return edges
}

// fillAlias builds a Walker alias table over edges with the given weights (Vose's method, in
// integers so that every platform builds the same table): slot i keeps edge i with probability
// thresh/65536 and otherwise gives edge alias; each slot is drawn with probability 1/n.
func fillAlias(edges []edge, weights []uint64) {
	n := uint64(len(edges))
	var total uint64
	for _, w := range weights {
		total += w
	}
	// Scaled so that a fair slot holds exactly total.
	scaled := make([]uint64, n)
	var small, large []int
	for i, w := range weights {
		scaled[i] = w * n
		if scaled[i] < total {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		edges[s].thresh = uint16(scaled[s] << 16 / total)
		edges[s].alias = uint16(l)
		scaled[l] -= total - scaled[s]
		if scaled[l] < total {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	// What is left holds a full slot (up to rounding): it always keeps its own edge.
	for _, i := range append(small, large...) {
		edges[i].thresh = 0xffff
		edges[i].alias = uint16(i)
	}
}

// edgesOf returns the edge range of the state (b, c), empty when c ends the sentence.
func (st *states) edgesOf(b, c uint32) (uint32, uint32) {
	c &= tokMask
	if c == eos {
		return 0, 0
	}
	s, ok := slices.BinarySearch(st.keys, uint64(b)<<idBits|uint64(c))
	if !ok {
		return 0, 0 // unreachable: every (b, c) with c != eos is followed by something
	}
	return st.lo[s], st.lo[s] + st.first[s+1] - st.first[s]
}

// buildOrder1 fills the order-1 edges from the bigram states, in token order (which is
// frequency order), with target ranges among the order-2 states.
func (m *Model) buildOrder1(uni, order2 *states) {
	m.wordLo = make([]uint32, len(m.isPunct)+1)
	w := 0
	for s, key := range uni.keys {
		b := int(key & idMask)
		for ; w <= b; w++ {
			m.wordLo[w] = uint32(len(m.edges))
		}
		start := len(m.edges)
		m.edges = uni.appendEdges(m.edges, s, m.isTerminal)
		for k := start; k < len(m.edges); k++ {
			m.edges[k].lo, m.edges[k].hi = order2.edgesOf(uint32(b), m.edges[k].tok)
		}
	}
	for ; w < len(m.wordLo); w++ {
		m.wordLo[w] = uint32(len(m.edges))
	}
}

// isTerminal reports whether token t ends a sentence (. ? !).
func (m *Model) isTerminal(t uint32) bool {
	if !m.isPunct[t] {
		return false
	}
	c := m.text[m.off[t+1]-1]
	return c == '.' || c == '?' || c == '!'
}

// markEnds sets canEnd on every edge into a state whose first edge is terminal punctuation.
func (m *Model) markEnds() {
	for k := range m.edges {
		e := &m.edges[k]
		if e.hi > e.lo && m.isTerminal(m.edges[e.lo].tok&tokMask) {
			e.tok |= canEnd
		}
	}
}

// word returns the text of token t as rendered after another token: a word with a space
// before it, punctuation without.
func (m *Model) word(t uint32) []byte { return m.text[m.off[t]:m.off[t+1]] }

// pick draws one of edges with probability proportional to its weight, from the random bits
// u: the high 32 choose a slot, the low 16 are the coin.
// The choice is a conditional move, not a branch: a branch on a coin that waits for a cache
// miss is mispredicted half the time and throws away the work of the other chains.
func pick(u uint64, edges []edge) *edge {
	i := (u >> 32) * uint64(len(edges)) >> 32
	e := &edges[i]
	j := uint64(e.alias)
	if uint16(u) < e.thresh {
		j = i
	}
	return &edges[j]
}
