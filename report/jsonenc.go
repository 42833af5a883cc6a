package report

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"unicode/utf8"

	"github.com/neardup/neardup/pipeline"
)

// appendCluster appends the JSON line of a cluster (with its texts loaded) to b: byte for byte
// what encoding/json writes for the contract's structs (contract.go) with HTML escaping off,
// newline included, a few times faster (no reflection, and text without characters to escape is
// copied eight bytes at a time). TestAppendCluster and FuzzAppendString hold it to encoding/json.
func appendCluster(b []byte, c *pipeline.Cluster) ([]byte, error) {
	b = appendInt(b, `{"version":`, Version)
	b = appendInt(b, `,"cluster":`, c.Number)
	b = appendStr(b, `,"kind":`, c.Kind)
	b = appendStr(b, `,"representative":`, c.Representative)
	b = appendStr(b, `,"first":`, c.First)
	b = append(b, `,"spread":[`...)
	for i, id := range c.Spread {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, id)
	}
	b = append(b, `],"spread_rank":[`...)
	for i, r := range c.SpreadRank {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(r), 10)
	}
	b = append(b, ']')
	b = append(b, `,"members":[`...)
	for i, m := range c.Members {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(b, `{"id":`, m.ID)
		b = appendStr(b, `,"source":`, m.Source)
		b = appendStr(b, `,"title":`, m.Title)
		b = appendStr(b, `,"published":`, Date(m.Published))
		if m.URL != "" {
			b = appendStr(b, `,"url":`, m.URL)
		}
		if m.Author != "" {
			b = appendStr(b, `,"author":`, m.Author)
		}
		b = appendInt(b, `,"words":`, m.Words)
		if m.Indexed {
			b = append(b, `,"indexed":true`...)
		}
		if m.Earlier {
			b = append(b, `,"earlier":true`...)
		}
		if m.Hub {
			b = append(b, `,"hub":true`...)
		}
		b = append(b, '}')
	}
	b = append(b, `],"passages":[`...)
	for i := range c.Passages {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendShared(append(b, '{'), &c.Passages[i])
		b = append(b, '}')
	}
	b = append(b, `],"pairs":[`...)
	var err error
	for i := range c.Pairs {
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = appendClusterPair(b, &c.Pairs[i]); err != nil {
			return b, fmt.Errorf("encode cluster %d: %w", c.Number, err)
		}
	}
	b = append(b, `],"links":[`...)
	for i, l := range c.Links {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(b, `{"id":`, l.ID)
		b = appendInt(b, `,"cluster":`, l.Cluster)
		b = append(b, `,"pairs":[`...)
		for j := range l.Pairs {
			if j > 0 {
				b = append(b, ',')
			}
			if b, err = appendClusterPair(b, &l.Pairs[j]); err != nil {
				return b, fmt.Errorf("encode cluster %d: %w", c.Number, err)
			}
		}
		b = append(b, "]}"...)
	}
	return append(b, "]}\n"...), nil
}

// appendShared appends the members of a shared passage (its texts loaded): passage, words,
// text, occurrences.
func appendShared(b []byte, sp *pipeline.SharedPassage) []byte {
	b = appendInt(b, `"passage":`, sp.Number)
	b = appendInt(b, `,"words":`, sp.Words)
	b = appendStr(b, `,"match":`, sharedMatch(sp))
	b = appendStr(b, `,"text":`, sp.Text)
	b = append(b, `,"occurrences":[`...)
	for k, o := range sp.Occurrences {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendStr(b, `{"id":`, o.ID)
		b = appendInt(b, `,"start":`, o.Start)
		b = appendInt(b, `,"end":`, o.End)
		b = appendInt(b, `,"words":`, o.Words)
		if o.Text != "" {
			b = appendStr(b, `,"text":`, o.Text)
		}
		b = appendStr(b, `,"credit":`, o.Credit.String())
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendPassageRecord appends the JSON line of a shared passage of documents in no story (its
// texts loaded): what encoding/json writes for passageJSON, as appendCluster does for clusters.
func appendPassageRecord(b []byte, sp *pipeline.SharedPassage) []byte {
	b = appendInt(b, `{"version":`, Version)
	b = append(b, `,"kind":"passage",`...)
	b = appendShared(b, sp)
	return append(b, "}\n"...)
}

// appendClusterPair appends a pair of a cluster record: its figures and its passages by reference.
func appendClusterPair(b []byte, p *pipeline.Pair) ([]byte, error) {
	b = appendStr(b, `{"a":`, p.A)
	b = appendStr(b, `,"b":`, p.B)
	b = appendStr(b, `,"relation":`, string(p.Relation))
	b = appendStr(b, `,"story":`, p.Story)
	fs := []struct {
		key string
		v   float64
	}{{`,"jaccard":`, p.Jaccard}, {`,"containment":`, p.Containment},
		{`,"coverage_a":`, p.CoverageA}, {`,"coverage_b":`, p.CoverageB}, {`,"context":`, p.Context}}
	if p.Context < 0 {
		fs = fs[:4]
	}
	var err error
	for _, f := range fs {
		b = append(b, f.key...)
		if b, err = appendFloat(b, round4(f.v)); err != nil {
			return b, fmt.Errorf("pair %s ~ %s: %w", p.A, p.B, err)
		}
	}
	b = appendStr(b, `,"origin":`, p.Origin)
	b = appendStr(b, `,"origin_by":`, p.OriginBy)
	if p.Changes != nil {
		b = appendChanges(append(b, `,"changes":`...), p.Changes)
	}
	b = append(b, `,"passages":[`...)
	for k, q := range p.Passages {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendInt(b, `{"passage":`, q.Shared)
		b = appendInt(b, `,"a_start":`, q.AStart)
		b = appendInt(b, `,"a_end":`, q.AEnd)
		b = appendInt(b, `,"b_start":`, q.BStart)
		b = appendInt(b, `,"b_end":`, q.BEnd)
		b = appendInt(b, `,"words":`, q.Words)
		b = appendStr(b, `,"match":`, matchOf(q))
		b = append(b, `,"similarity":`...)
		var err error
		if b, err = appendFloat(b, similarityOf(q)); err != nil {
			return b, fmt.Errorf("pair %s ~ %s: %w", p.A, p.B, err)
		}
		b = appendStr(b, `,"a_credit":`, q.ACredit.String())
		b = appendStr(b, `,"b_credit":`, q.BCredit.String())
		b = append(b, '}')
	}
	return append(b, "]}"...), nil
}

// appendChanges appends the changes of a near-duplicate pair as an object.
func appendChanges(b []byte, ch *pipeline.Changes) []byte {
	b = appendStr(b, `{"from":`, ch.From)
	b = appendStr(b, `,"to":`, ch.To)
	b = appendInt(b, `,"words_added":`, ch.WordsAdded)
	b = appendInt(b, `,"words_removed":`, ch.WordsRemoved)
	strs := func(key string, ss []string) {
		b = append(b, key...)
		for i, s := range ss {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		b = append(b, ']')
	}
	strs(`,"added":[`, ch.Added)
	strs(`,"removed":[`, ch.Removed)
	b = append(b, `,"edits":[`...)
	for i, e := range ch.Edits {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendStr(b, `{"kind":`, e.Kind)
		b = appendStr(b, `,"from":`, e.From)
		b = appendStr(b, `,"to":`, e.To)
		b = append(b, '}')
	}
	b = append(b, ']')
	if ch.Truncated {
		b = append(b, `,"truncated":true`...)
	}
	return append(b, '}')
}

// appendStr appends key (the field's name, quoted, with what comes before it) and s as a string.
func appendStr(b []byte, key, s string) []byte { return appendString(append(b, key...), s) }

// appendInt appends key and n.
func appendInt(b []byte, key string, n int) []byte {
	return strconv.AppendInt(append(b, key...), int64(n), 10)
}

// appendFloat appends f as encoding/json writes a float64: the shortest decimal that reads back
// as f, in exponent form (e-7, not e-07) below 1e-6 or from 1e21. NaN and infinities are errors.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, fmt.Errorf("unsupported value: %s", strconv.FormatFloat(f, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string as encoding/json writes it with HTML escaping off:
// quote, backslash and control characters escaped (\n, \r, \t, \b, \f by name, others as \u00XX),
// invalid UTF-8 as \ufffd, and U+2028 and U+2029 as \u2028 and \u2029.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// eight bytes at a time while none needs a look (quote, backslash, control or non-ASCII),
		// then straight to the first that does
		if i+8 <= len(s) {
			m := special8(load64(s, i))
			if m == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(m) >> 3
		}
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// load64 returns the eight bytes of s from i, little-endian (the compiler makes it one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// special8 returns a mask with the high bit set of the first byte of w (the lowest) that needs
// escaping or decoding: non-ASCII, below 0x20, a quote or a backslash; and maybe of later bytes
// too (a borrow in the subtractions can set those), zero if there is none.
func special8(w uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zero := func(v uint64) uint64 { return (v - ones) &^ v & highs } // where a byte of v is 0
	below20 := (w - 0x20*ones) &^ w & highs
	return w&highs | below20 | zero(w^'"'*ones) | zero(w^'\\'*ones)
}
