package pipeline

import (
	"cmp"
	"hash/maphash"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/shingle"
)

// Changes are the edits the later of two near-duplicate articles made to the earlier: the
// sentences it added and removed, and the words it changed in the sentences both hold, each
// edit classed by what it touches.
type Changes struct {
	From, To     string   // the ids of the earlier article (the pair's origin, else A) and the later
	Added        []string // sentences of To that From has not
	Removed      []string // sentences of From that To has not
	Edits        []Edit   // words changed inside sentences both hold, in To's order
	WordsAdded   int      // words of To that From has not (added sentences included)
	WordsRemoved int      // words of From that To has not
	// Truncated is set when the lists hold fewer than there are (maxChangeItems, maxEdits), or a
	// stretch of text differed too much to be compared word by word (it counts as removed and
	// added).
	Truncated bool
}

// Edit is a change of words inside a sentence both articles hold.
type Edit struct {
	Kind     string // EditNumber, EditDate, EditName, EditNegation or EditWording
	From, To string // the words as each article wrote them; "" for words inserted or deleted
}

// Kinds of Edit, tested in this order: the first that fits names it.
const (
	EditNegation = "negation" // one side has more negating words (not, never, won't) than the other
	EditDate     = "date"     // a month or a weekday is changed, or a number next to one, or a year
	EditNumber   = "number"   // a number is changed
	EditName     = "name"     // a capitalised word inside a sentence (a person, a place, an organisation)
	EditWording  = "wording"  // anything else
)

// Caps that keep Changes small whatever the texts: the diff is word by word only where the
// texts are alike (between and inside their shared passages), and lists are cut.
const (
	maxChangeItems = 20      // sentences added, sentences removed
	maxEdits       = 50      // edits
	maxChangeBytes = 240     // the text of an item, cut between words
	maxDiffCells   = 1 << 18 // words × words of a stretch compared word by word
)

// DiffOp is a run of words of a word diff: the same in both texts ('='), only in the first
// ('-'), or only in the second ('+'), with its byte span in each text (empty in the text that
// lacks it, at the place it would be).
type DiffOp struct {
	Op                 byte
	FromStart, FromEnd int
	ToStart, ToEnd     int
}

// tokenOp is a DiffOp over token numbers.
type tokenOp struct {
	op     byte
	f0, f1 int
	t0, t1 int
}

// WordDiff compares two texts word by word (normalised words, as neardup compares them) and
// returns the runs of words they have in common and those only one has, in order. The passages
// the texts share (A's offsets into from, B's into to) anchor it: only the stretches between
// and inside them are compared word by word, and a stretch of more than maxDiffCells word pairs
// counts as removed and added whole, so that the cost stays bounded. Without passages the
// texts are compared whole, after their common start and end.
func WordDiff(from, to string, passages []Passage) []DiffOp {
	tf, tt := shingle.Tokenize(from), shingle.Tokenize(to)
	ops, _ := diffTokens(tf, tt, passages)
	return byteOps(ops, tf, tt, len(from), len(to))
}

// byteOps turns token runs into byte spans.
func byteOps(ops []tokenOp, tf, tt []shingle.Token, nf, nt int) []DiffOp {
	at := func(toks []shingle.Token, i, n int) int {
		if i < len(toks) {
			return toks[i].Start
		}
		return n
	}
	end := func(toks []shingle.Token, i0, i1, n int) int {
		if i1 > i0 {
			return toks[i1-1].End
		}
		return at(toks, i0, n)
	}
	out := make([]DiffOp, len(ops))
	for i, o := range ops {
		out[i] = DiffOp{Op: o.op, FromStart: at(tf, o.f0, nf), FromEnd: end(tf, o.f0, o.f1, nf),
			ToStart: at(tt, o.t0, nt), ToEnd: end(tt, o.t0, o.t1, nt)}
		if o.f1 == o.f0 {
			out[i].FromEnd = out[i].FromStart
		}
		if o.t1 == o.t0 {
			out[i].ToEnd = out[i].ToStart
		}
	}
	return out
}

// diffTokens is WordDiff over tokens; capped reports that a stretch was too long to compare.
func diffTokens(tf, tt []shingle.Token, passages []Passage) (ops []tokenOp, capped bool) {
	// anchors: the passages as token ranges, in order on both sides
	type anchor struct{ f0, f1, t0, t1 int }
	var anchors []anchor
	tokAt := func(toks []shingle.Token, b int) int {
		i, _ := slices.BinarySearchFunc(toks, b, func(t shingle.Token, b int) int { return cmp.Compare(t.Start, b) })
		return i
	}
	for _, p := range passages {
		a := anchor{tokAt(tf, p.AStart), tokAt(tf, p.AEnd), tokAt(tt, p.BStart), tokAt(tt, p.BEnd)}
		if a.f1 > a.f0 && a.t1 > a.t0 {
			anchors = append(anchors, a)
		}
	}
	slices.SortFunc(anchors, func(x, y anchor) int { return cmp.Or(cmp.Compare(x.f0, y.f0), cmp.Compare(x.t0, y.t0)) })
	add := func(op byte, f0, f1, t0, t1 int) {
		if f1 == f0 && t1 == t0 {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].op == op && ops[n-1].f1 == f0 && ops[n-1].t1 == t0 {
			ops[n-1].f1, ops[n-1].t1 = f1, t1
			return
		}
		ops = append(ops, tokenOp{op, f0, f1, t0, t1})
	}
	d := lcsDiffPool.Get().(*lcsDiff) // its rows and masks reused from pair to pair
	defer lcsDiffPool.Put(d)
	d.from, d.to = slices.Grow(d.from[:0], len(tf))[:len(tf)], slices.Grow(d.to[:0], len(tt))[:len(tt)]
	stretch := func(f0, f1, t0, t1 int) {
		// the common start and end are found comparing the words, and only the words between
		// are numbered for ops (which finds no more in common at either end): a copy's
		// stretches are mostly equal, and numbering all their words was 85% of the word diff
		// at 200k synthetic articles
		p := 0
		for f0+p < f1 && t0+p < t1 && tf[f0+p].Norm == tt[t0+p].Norm {
			p++
		}
		add('=', f0, f0+p, t0, t0+p)
		f0, t0 = f0+p, t0+p
		s := 0
		for f1-s > f0 && t1-s > t0 && tf[f1-s-1].Norm == tt[t1-s-1].Norm {
			s++
		}
		f1, t1 = f1-s, t1-s
		if f1 > f0 && t1 > t0 {
			wordIDs(tf[f0:f1], tt[t0:t1], d.from[f0:f1], d.to[t0:t1])
		}
		if d.ops(f0, f1, t0, t1, add) {
			capped = true
		}
		add('=', f1, f1+s, t1, t1+s)
	}
	f, t := 0, 0
	for _, a := range anchors {
		if a.f0 < f || a.t0 < t {
			continue // out of order (a moved paragraph): compared as part of a stretch
		}
		stretch(f, a.f0, t, a.t0)
		stretch(a.f0, a.f1, a.t0, a.t1)
		f, t = a.f1, a.t1
	}
	stretch(f, len(tf), t, len(tt))
	return ops, capped
}

// wordIDs numbers the normalised words of tf and tt (into from and to, as long as them), the
// same word the same number (in order of first appearance), so that the word diff compares
// numbers: comparing the words' strings was 80% of its cost. The numbering table is an
// open-addressing one reused from pair to pair: a map made for each pair was 30% of the diff's
// time (BenchmarkDiffDocs), and half of direction's allocation at c20k.
func wordIDs(tf, tt []shingle.Token, from, to []int32) {
	wn := wordNumberPool.Get().(*wordNumbers)
	wn.reset(len(tf) + len(tt))
	for i, t := range tf {
		from[i] = wn.id(t.Norm)
	}
	for i, t := range tt {
		to[i] = wn.id(t.Norm)
	}
	clear(wn.words) // the strings are the callers': the pool keeps none of them alive
	wn.words = wn.words[:0]
	wordNumberPool.Put(wn)
}

var wordNumberPool = sync.Pool{New: func() any { return new(wordNumbers) }}

// wordNumbers numbers strings in order of first appearance: linear probing over slots, each the
// string's hash in its high 32 bits and its number + 1 in its low ones (0: empty).
type wordNumbers struct {
	slots []uint64
	words []string
}

var wordSeed = maphash.MakeSeed()

// reset empties the table for up to n strings, at most half full.
func (wn *wordNumbers) reset(n int) {
	size := 1 << bits.Len(uint(2*n+1))
	if cap(wn.slots) < size {
		wn.slots = make([]uint64, size)
	} else {
		wn.slots = wn.slots[:size]
		clear(wn.slots)
	}
	wn.words = wn.words[:0]
}

func (wn *wordNumbers) id(w string) int32 {
	h := maphash.String(wordSeed, w)
	tag := h &^ (1<<32 - 1)
	mask := uint64(len(wn.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := wn.slots[i]
		if s == 0 {
			wn.words = append(wn.words, w)
			wn.slots[i] = tag | uint64(len(wn.words))
			return int32(len(wn.words) - 1)
		}
		if s&^(1<<32-1) == tag && wn.words[uint32(s)-1] == w {
			return int32(uint32(s) - 1)
		}
	}
}

var lcsDiffPool = sync.Pool{New: func() any { return new(lcsDiff) }}

// lcsDiff is the word diff of two token lists, their words as numbers (wordIDs), with the
// memory it reuses from stretch to stretch.
type lcsDiff struct {
	from, to []int32
	rows     []uint64 // rows of the bit-parallel table (lcsRows)
	masks    []uint64 // per word of the stretch's to side, the columns that hold it
	local    []int32  // word number -> its mask's number in the stretch, -1 if none
}

// ops compares tokens f0..f1 of from with t0..t1 of to by their longest common subsequence and
// hands the runs to add, after their common start and end; a stretch too long to compare is
// removed and added whole, and ops returns true.
//
// The runs are those of the classic table of longest common subsequences of suffixes, l[i][j]
// for from's f0+i.. and to's t0+j..: from (0, 0), a match is taken when the words are the
// same, else a word of from is dropped when l[i+1][j] >= l[i][j+1], else a word of to is
// added. The table is held as bit vectors (lcsRows), 64 columns a word: filling it cell by cell
// was most of the word diff's cost (94 million cells on c20k).
func (d *lcsDiff) ops(f0, f1, t0, t1 int, add func(op byte, f0, f1, t0, t1 int)) bool {
	a, b := d.from, d.to
	p := 0
	for f0+p < f1 && t0+p < t1 && a[f0+p] == b[t0+p] {
		p++
	}
	add('=', f0, f0+p, t0, t0+p)
	f0, t0 = f0+p, t0+p
	s := 0
	for f1-s > f0 && t1-s > t0 && a[f1-s-1] == b[t1-s-1] {
		s++
	}
	defer add('=', f1-s, f1, t1-s, t1)
	f1, t1 = f1-s, t1-s
	n, m := f1-f0, t1-t0
	switch {
	case n == 0 || m == 0:
		add('-', f0, f1, t0, t0)
		add('+', f1, f1, t0, t1)
		return false
	case n*m > maxDiffCells:
		add('-', f0, f1, t0, t0)
		add('+', f1, f1, t0, t1)
		return true
	}
	af, bt := a[f0:f1], b[t0:t1]
	w := d.lcsRows(af, bt)
	// l(i, j) is l[i][j]: the zeros of row n-i among its first m-j bits
	l := func(i, j int) int {
		row, c := d.rows[(n-i)*w:(n-i+1)*w], m-j
		z := 0
		for k := 0; k < c>>6; k++ {
			z += 64 - bits.OnesCount64(row[k])
		}
		if r := c & 63; r > 0 {
			z += r - bits.OnesCount64(row[c>>6]&(1<<r-1))
		}
		return z
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && af[i] == bt[j]:
			add('=', f0+i, f0+i+1, t0+j, t0+j+1)
			i, j = i+1, j+1
		case i < n && (j == m || l(i+1, j) >= l(i, j+1)):
			add('-', f0+i, f0+i+1, t0+j, t0+j)
			i++
		default:
			add('+', f0+i, f0+i, t0+j, t0+j+1)
			j++
		}
	}
	return false
}

// lcsRows fills d.rows with the bit-parallel table of longest common subsequences of the
// reversed sequences (Crochemore, Iliopoulos, Pinzon and Reid 2001): row r, of w words, is the
// vector V after r words of reversed a, whose zero bits below c count the longest common
// subsequence of a's last r words and b's last c words. It returns w.
func (d *lcsDiff) lcsRows(a, b []int32) int {
	n, m := len(a), len(b)
	w := (m + 63) >> 6
	// masks: bit c of a word's mask is set when b's c-th word from the end is that word
	if len(d.local) < len(d.from)+len(d.to) {
		d.local = make([]int32, len(d.from)+len(d.to))
		for k := range d.local {
			d.local[k] = -1
		}
	}
	d.masks = d.masks[:0]
	for c := range m {
		x := b[m-1-c]
		k := d.local[x]
		if k < 0 {
			k = int32(len(d.masks) / w)
			d.local[x] = k
			d.masks = append(d.masks, make([]uint64, w)...)
		}
		d.masks[int(k)*w+c>>6] |= 1 << (c & 63)
	}
	d.rows = slices.Grow(d.rows[:0], (n+1)*w)[:(n+1)*w]
	row := d.rows[:w]
	for k := range row {
		row[k] = ^uint64(0) // the bits past m are never read, and carries run only upward
	}
	for r := 1; r <= n; r++ {
		prev, cur := d.rows[(r-1)*w:r*w], d.rows[r*w:(r+1)*w]
		k := d.local[a[n-r]]
		if k < 0 {
			copy(cur, prev) // a word b has not: the row does not change
			continue
		}
		mask := d.masks[int(k)*w : int(k+1)*w]
		var carry uint64
		for q := range w {
			v := prev[q]
			u := v & mask[q]
			var sum uint64
			sum, carry = bits.Add64(v, u, carry)
			cur[q] = sum | (v &^ u)
		}
	}
	for c := range m { // leave local as it was found, for the next stretch
		d.local[b[c]] = -1
	}
	return w
}

// Diff returns the changes that to made to from, two near-duplicate articles, with the
// passages they share (A's offsets into from.Text, B's into to.Text) anchoring the word diff.
func Diff(from, to *Document, passages []Passage) *Changes {
	tf, tt := shingle.Tokenize(from.Text), shingle.Tokenize(to.Text)
	return diffDocs(from.ID, to.ID, from.Text, to.Text, tf, tt, passages)
}

func diffDocs(idF, idT, textF, textT string, tf, tt []shingle.Token, passages []Passage) *Changes {
	ops, capped := diffTokens(tf, tt, passages)
	ch := &Changes{From: idF, To: idT, Truncated: capped}
	// which tokens each side lacks
	delF, insT := make([]bool, len(tf)), make([]bool, len(tt))
	for _, o := range ops {
		switch o.op {
		case '-':
			for i := o.f0; i < o.f1; i++ {
				delF[i] = true
			}
			ch.WordsRemoved += o.f1 - o.f0
		case '+':
			for j := o.t0; j < o.t1; j++ {
				insT[j] = true
			}
			ch.WordsAdded += o.t1 - o.t0
		}
	}
	// whole sentences added or removed
	inAdded := wholeSentences(textT, tt, insT, func(s string) { ch.Added = appendItem(ch, ch.Added, s) })
	inRemoved := wholeSentences(textF, tf, delF, func(s string) { ch.Removed = appendItem(ch, ch.Removed, s) })
	// edits: the runs between two equal runs, without the words of whole sentences
	for k := 0; k < len(ops); {
		if ops[k].op == '=' {
			k++
			continue
		}
		var fw, tw []int // token numbers deleted, inserted
		for ; k < len(ops) && ops[k].op != '='; k++ {
			o := ops[k]
			for i := o.f0; i < o.f1; i++ {
				if !inRemoved[i] {
					fw = append(fw, i)
				}
			}
			for j := o.t0; j < o.t1; j++ {
				if !inAdded[j] {
					tw = append(tw, j)
				}
			}
		}
		if len(fw) == 0 && len(tw) == 0 {
			continue
		}
		if len(ch.Edits) == maxEdits {
			ch.Truncated = true
			continue
		}
		prev := "" // the word before the edit, in to
		if len(tw) > 0 && tw[0] > 0 {
			prev = tt[tw[0]-1].Norm
		} else if len(fw) > 0 && fw[0] > 0 {
			prev = tf[fw[0]-1].Norm
		}
		ch.Edits = append(ch.Edits, Edit{
			Kind: editKind(textF, textT, tf, tt, fw, tw, prev),
			From: cutItem(spanText(textF, tf, fw)), To: cutItem(spanText(textT, tt, tw)),
		})
	}
	return ch
}

// appendItem appends a sentence to a list of ch, or marks ch truncated when it is full.
func appendItem(ch *Changes, list []string, s string) []string {
	if len(list) == maxChangeItems {
		ch.Truncated = true
		return list
	}
	return append(list, cutItem(s))
}

// wholeSentences finds the sentences of a text all of whose words are marked (only in that
// text), hands each to found, and returns which tokens are in one. Only the runs of marked
// words are looked at (a sentence wholly marked lies inside one).
func wholeSentences(text string, toks []shingle.Token, marked []bool, found func(string)) []bool {
	in := make([]bool, len(toks))
	breakAt := func(k int) bool { return k == len(toks) || sentenceBreak(text, toks[k].Start) }
	for i := 0; i < len(toks); {
		if !marked[i] {
			i++
			continue
		}
		j := i
		for j < len(toks) && marked[j] {
			j++
		}
		// the run i..j: the sentences that start and end inside it
		k := i
		for k < j && !breakAt(k) {
			k++
		}
		for k < j {
			m := k + 1
			for m < j && !breakAt(m) {
				m++
			}
			if !breakAt(m) { // m == j, and the sentence goes on past the run
				break
			}
			for x := k; x < m; x++ {
				in[x] = true
			}
			found(strings.TrimSpace(text[sentenceOpen(text, toks[k].Start):sentenceStop(text, toks[m-1].End)]))
			k = m
		}
		i = j
	}
	return in
}

// sentenceBreak reports whether a sentence starts at the word at byte i: after a line break, or
// after a full stop, a question or exclamation mark and a space, at a capital or a digit (so
// that "a.m." and "U.S." do not end one).
func sentenceBreak(text string, i int) bool {
	space := false
	for j := i - 1; j >= 0; {
		r, n := utf8.DecodeLastRuneInString(text[:j+1])
		switch {
		case r == '\n' || r == '\r':
			return true
		case r == ' ' || r == '\t' || r == '\u00a0':
			space = true
		case strings.ContainsRune(`"'([“‘«¿¡`, r):
		case r == '.' || r == '!' || r == '?' || r == '…':
			if !space || r == '.' && abbreviation(text[:j]) {
				return false
			}
			first, _ := utf8.DecodeRuneInString(text[i:])
			return unicode.IsUpper(first) || unicode.IsDigit(first)
		default:
			return false
		}
		j -= n
	}
	return true
}

// abbreviation reports whether text ends in a word that a full stop after it does not end a
// sentence with: an initial (J. Smith, U.S.) or a title (Mr., Dr., Gen.).
func abbreviation(text string) bool {
	i := len(text)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		if !unicode.IsLetter(r) {
			break
		}
		i -= n
	}
	w := strings.ToLower(text[i:])
	return utf8.RuneCountInString(w) == 1 || titles[w]
}

var titles = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gen": true,
	"gov": true, "sen": true, "rep": true, "prof": true, "lt": true, "col": true, "sgt": true, "capt": true}

// sentenceOpen extends a sentence's first word back over its opening quotes and brackets.
func sentenceOpen(text string, start int) int {
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:start])
		if !strings.ContainsRune(`"'([“‘«¿¡`, r) {
			break
		}
		start -= n
	}
	return start
}

// sentenceStop extends a sentence's last word to its closing punctuation and quotes.
func sentenceStop(text string, end int) int {
	for end < len(text) {
		r, n := utf8.DecodeRuneInString(text[end:])
		if !strings.ContainsRune(`.!?"')]”’»…`, r) {
			break
		}
		end += n
	}
	return end
}

// spanText is the text from the first to the last of some tokens (in order), as written.
func spanText(text string, toks []shingle.Token, ix []int) string {
	if len(ix) == 0 {
		return ""
	}
	return text[toks[ix[0]].Start:toks[ix[len(ix)-1]].End]
}

// cutItem cuts s to maxChangeBytes, between words, with an ellipsis.
func cutItem(s string) string {
	if len(s) <= maxChangeBytes {
		return strings.Clone(s) // not a slice of the text, which it would keep in memory
	}
	cut := strings.LastIndexByte(s[:maxChangeBytes], ' ')
	if cut <= 0 {
		cut = maxChangeBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + "…"
}

// negations are words that negate what they stand in.
var negations = map[string]bool{"not": true, "no": true, "never": true, "none": true, "nobody": true,
	"nothing": true, "neither": true, "nor": true, "cannot": true, "without": true}

func negates(norm string) bool { return negations[norm] || strings.HasSuffix(norm, "n't") }

var months = map[string]bool{"january": true, "february": true, "march": true, "april": true,
	"june": true, "july": true, "august": true, "september": true, "october": true, "november": true,
	"december": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "monday": true,
	"tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "today": true, "yesterday": true, "tomorrow": true}

// editKind classes an edit: fw the tokens of from it removes, tw those of to it puts in, prev the
// word before it.
func editKind(textF, textT string, tf, tt []shingle.Token, fw, tw []int, prev string) string {
	count := func(toks []shingle.Token, ix []int, f func(string) bool) int {
		n := 0
		for _, i := range ix {
			if f(toks[i].Norm) {
				n++
			}
		}
		return n
	}
	digit := func(s string) bool { return strings.ContainsAny(s, "0123456789") }
	year := func(s string) bool {
		return len(s) == 4 && (strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")) && digit(s)
	}
	switch {
	case count(tf, fw, negates) != count(tt, tw, negates):
		return EditNegation
	case count(tf, fw, func(s string) bool { return months[s] || year(s) })+count(tt, tw, func(s string) bool { return months[s] || year(s) }) > 0,
		months[prev] && count(tf, fw, digit)+count(tt, tw, digit) > 0:
		return EditDate
	case count(tf, fw, digit)+count(tt, tw, digit) > 0:
		return EditNumber
	}
	for _, i := range fw {
		if isName(textF, tf[i]) {
			return EditName
		}
	}
	for _, j := range tw {
		if isName(textT, tt[j]) {
			return EditName
		}
	}
	return EditWording
}
