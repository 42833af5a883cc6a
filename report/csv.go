package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/neardup/neardup/pipeline"
)

// CSVHeader names the columns of the CSV report, in order. Columns were only ever added at the
// end, so that a reader that takes them by position keeps working.
var CSVHeader = []string{"cluster", "a", "b", "relation", "jaccard", "containment", "coverage_a", "coverage_b",
	"passages", "longest_passage_words", "a_source", "b_source", "a_title", "b_title", "story", "context",
	"origin", "origin_by"}

// CSV writes one row per related pair, every pair of the result once (story edge or link, in
// input order: Result.Pairs), after a header row (CSVHeader). Fields are quoted as RFC 4180 says
// (as encoding/csv quotes them; lines end in \n) and ratios have four decimals ("0.4134"). cluster is the
// cluster both documents are in, empty when they are not in one; passages counts the pair's
// passages; story says why the pair is a story edge ("copy", "own passages", "context",
// "substantial copy", "quotes", "series"), empty for a pair that only links; context is the similarity of the texts
// outside what they share, empty when it was not measured. Source and title are empty for a
// document that is neither in a cluster nor a hub (the result holds nothing more of it).
//
// Ids, sources and titles come from the input, and a spreadsheet runs a cell that starts with
// =, +, -, @, a tab or a carriage return as a formula (=HYPERLINK(…), =cmd|' /C calc'!A0): such
// a cell is written with a ' in front (the OWASP rule), which spreadsheets show as text and do
// not display, unless it is a plain number (-7, +3.5, -1e3: an id can be one). A reader that
// wants the value back drops a leading ' from those columns when the next character is one of
// these. A cell in which one of them follows a ';' or a ',' is quoted, so that a spreadsheet that
// splits on ';' (as many do where ',' is the decimal mark) keeps it whole rather than starting a
// cell, and a formula, there.
func CSV(w io.Writer, res *pipeline.Result) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	writeCSVRow(bw, CSVHeader)
	members := resultMembers(res)
	row := make([]string, len(CSVHeader))
	for i := range res.Pairs {
		p := &res.Pairs[i]
		longest := 0
		for _, q := range p.Passages {
			longest = max(longest, q.Words)
		}
		cluster, context := "", ""
		if p.Cluster != 0 {
			cluster = strconv.Itoa(p.Cluster)
		}
		if p.Context >= 0 {
			context = fixed4(p.Context)
		}
		a, b := members[p.A], members[p.B]
		row = append(row[:0], cluster, inert(p.A), inert(p.B), string(p.Relation),
			fixed4(p.Jaccard), fixed4(p.Containment), fixed4(p.CoverageA), fixed4(p.CoverageB),
			strconv.Itoa(len(p.Passages)), strconv.Itoa(longest), inert(a.Source), inert(b.Source), inert(a.Title), inert(b.Title),
			p.Story, context, inert(p.Origin), p.OriginBy)
		writeCSVRow(bw, row)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// formulaStart holds the characters that make a spreadsheet read a cell as a formula when it
// starts with one (OWASP, CSV injection).
const formulaStart = "=+-@\t\r"

// inert returns a cell of input text that a spreadsheet will not run as a formula: with a '
// in front when it starts with =, +, -, @, a tab or a carriage return, unless it is a plain
// number, which a spreadsheet reads as a number (-7, +3.5, -1e3).
func inert(s string) string {
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 && !plainNumber(s) {
		return "'" + s
	}
	return s
}

// plainNumber reports whether s is a decimal number, signed or not, maybe with an exponent:
// strconv.ParseFloat takes it, and it has no letters but e (ParseFloat also takes "-Inf",
// "NaN" and "-0x1p3", which a spreadsheet does not).
func plainNumber(s string) bool {
	if strings.Trim(s, "0123456789+-.eE") != "" {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// formulaAfterSeparator reports whether a formula character follows a ';' or a ',' in s, maybe
// after spaces: where a spreadsheet that splits on it would start a cell that is a formula.
func formulaAfterSeparator(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ';' && s[i] != ',' {
			continue
		}
		rest := strings.TrimLeft(s[i+1:], " ")
		if rest != "" && strings.IndexByte(formulaStart, rest[0]) >= 0 {
			return true
		}
	}
	return false
}

// writeCSVRow writes one row as encoding/csv writes it (RFC 4180, a line ending in \n), but for
// one more field it quotes: one with a formula character after a ';' or ','
// (formulaAfterSeparator). Errors stay in w, for its Flush.
func writeCSVRow(w *bufio.Writer, row []string) {
	for i, field := range row {
		if i > 0 {
			w.WriteByte(',')
		}
		if !csvNeedsQuotes(field) && !formulaAfterSeparator(field) {
			w.WriteString(field)
			continue
		}
		w.WriteByte('"')
		w.WriteString(strings.ReplaceAll(field, `"`, `""`))
		w.WriteByte('"')
	}
	w.WriteByte('\n')
}

// csvNeedsQuotes is encoding/csv's rule: a field is quoted when it holds a comma, a quote, a CR
// or an LF, starts with a space, or is \. (which Postgres would take for the end of data).
func csvNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` || strings.ContainsAny(field, ",\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

// resultMembers indexes the documents a result describes: the members of its clusters, and the
// documents in no cluster with links (hubs and the others).
func resultMembers(res *pipeline.Result) map[string]pipeline.Member {
	idx := map[string]pipeline.Member{}
	for _, c := range res.Clusters {
		for _, m := range c.Members {
			idx[m.ID] = m
		}
	}
	for _, hs := range [][]pipeline.Hub{res.Hubs, res.Linked} {
		for _, h := range hs {
			idx[h.Member.ID] = h.Member
		}
	}
	return idx
}

// fixed4 formats a ratio with four decimals, rounded as JSON Lines rounds it.
func fixed4(x float64) string { return strconv.FormatFloat(round4(x), 'f', 4, 64) }
