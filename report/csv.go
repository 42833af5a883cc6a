package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/neardup/neardup/pipeline"
)

// CSVHeader names the columns of the CSV report, in order.
var CSVHeader = []string{"cluster", "a", "b", "relation", "jaccard", "containment", "coverage_a", "coverage_b",
	"passages", "longest_passage_words", "a_source", "b_source", "a_title", "b_title"}

// CSV writes one row per related pair, clusters and pairs in report order, after a header row
// (CSVHeader). Fields are quoted as RFC 4180 says (encoding/csv; lines end in \n), ratios have four
// decimals ("0.4134"), and passages counts the pair's shared passages.
func CSV(w io.Writer, res *pipeline.Result) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("write csv header: %w", err)
	}
	row := make([]string, len(CSVHeader))
	for _, c := range res.Clusters {
		members := memberIndex(c)
		for _, p := range c.Pairs {
			longest := 0
			for _, q := range p.Passages {
				longest = max(longest, q.Words)
			}
			a, b := members[p.A], members[p.B]
			row = append(row[:0], strconv.Itoa(c.Number), p.A, p.B, string(p.Relation),
				fixed4(p.Jaccard), fixed4(p.Containment), fixed4(p.CoverageA), fixed4(p.CoverageB),
				strconv.Itoa(len(p.Passages)), strconv.Itoa(longest), a.Source, b.Source, a.Title, b.Title)
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("write csv cluster %d: %w", c.Number, err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return bw.Flush()
}

// fixed4 formats a ratio with four decimals, rounded as JSON Lines rounds it.
func fixed4(x float64) string { return strconv.FormatFloat(round4(x), 'f', 4, 64) }
