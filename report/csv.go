package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/neardup/neardup/pipeline"
)

// CSVHeader names the columns of the CSV report, in order. Columns were only ever added at the
// end, so that a reader that takes them by position keeps working.
var CSVHeader = []string{"cluster", "a", "b", "relation", "jaccard", "containment", "coverage_a", "coverage_b",
	"passages", "longest_passage_words", "a_source", "b_source", "a_title", "b_title", "story", "context"}

// CSV writes one row per related pair, every pair of the result once (story edge or link, in
// input order: Result.Pairs), after a header row (CSVHeader). Fields are quoted as RFC 4180 says
// (encoding/csv; lines end in \n) and ratios have four decimals ("0.4134"). cluster is the
// cluster both documents are in, empty when they are not in one; passages counts the pair's
// passages; story says why the pair is a story edge ("copy", "own passages", "context",
// "substantial copy"), empty for a pair that only links; context is the similarity of the texts
// outside what they share, empty when it was not measured. Source and title are empty for a
// document that is neither in a cluster nor a hub (the result holds nothing more of it).
//
// Ids, sources and titles come from the input, and a spreadsheet runs a cell that starts with
// =, +, -, @, a tab or a carriage return as a formula (=HYPERLINK(…), =cmd|' /C calc'!A0): such
// a cell is written with a ' in front (the OWASP rule), which spreadsheets show as text and do
// not display. A reader that wants the value back drops a leading ' from those columns when
// the next character is one of these.
func CSV(w io.Writer, res *pipeline.Result) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("write csv header: %w", err)
	}
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
			p.Story, context)
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write csv pair %s ~ %s: %w", p.A, p.B, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return bw.Flush()
}

// inert returns a cell of input text that a spreadsheet will not run as a formula: with a '
// in front when it starts with =, +, -, @, a tab or a carriage return (OWASP, CSV injection).
func inert(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// resultMembers indexes the documents a result describes: the members of its clusters, and its
// hubs.
func resultMembers(res *pipeline.Result) map[string]pipeline.Member {
	idx := map[string]pipeline.Member{}
	for _, c := range res.Clusters {
		for _, m := range c.Members {
			idx[m.ID] = m
		}
	}
	for _, h := range res.Hubs {
		idx[h.Member.ID] = h.Member
	}
	return idx
}

// fixed4 formats a ratio with four decimals, rounded as JSON Lines rounds it.
func fixed4(x float64) string { return strconv.FormatFloat(round4(x), 'f', 4, 64) }
