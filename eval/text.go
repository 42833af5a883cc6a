package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// WriteText writes the figures in score.py's words: with a list of labelled pairs, its two
// "pairs:" lines; without a list or without offsets, score.py pairs' "pairs precision=..." line;
// with offsets, its "passages:" and "pan ..." lines. Then one summary line of every figure, as
// name=value fields after "eval:".
func (r Result) WriteText(w io.Writer) error {
	var b bytes.Buffer
	if r.Listed {
		fmt.Fprintf(&b, "pairs: %d reported among the %d other listed pairs (negatives or obfuscated reuse: labels not in this copy)\n",
			r.FalsePositives, r.Negatives)
		what := "pairs"
		if r.StrayLabel != "" {
			what = r.StrayLabel + " pairs"
		}
		fmt.Fprintf(&b, "pairs: %d/%d labelled reuse pairs reported; %d reported %s outside the corpus pair list (not scored)\n",
			r.Found, r.Truth, r.Stray, what)
	}
	if !r.Listed || r.Passages == nil {
		fmt.Fprintf(&b, "pairs precision=%.4f recall=%.4f f1=%.4f reported=%d truth=%d\n",
			r.Precision, r.Recall, r.F1, r.Reported, r.Truth)
	}
	if p := r.Passages; p != nil {
		fmt.Fprintf(&b, "passages: %d cases on %d pairs with exact offsets; %d detections\n", p.Cases, p.Pairs, p.Detections)
		fmt.Fprintf(&b, "pan precision=%.4f recall=%.4f granularity=%.4f plagdet=%.4f pair_recall=%.4f stray_pairs=%d\n",
			p.Precision, p.Recall, p.Granularity, p.Plagdet, r.Recall, r.Stray)
	}
	b.WriteString(r.Summary())
	b.WriteByte('\n')
	_, err := w.Write(b.Bytes())
	return err
}

// Summary is every figure on one line: "eval: pair_precision=0.9500 pair_recall=1.0000 ...".
func (r Result) Summary() string {
	s := fmt.Sprintf("eval: pair_precision=%.4f pair_recall=%.4f pair_f1=%.4f found=%d truth=%d false_positives=%d reported=%d stray=%d ignored=%d",
		r.Precision, r.Recall, r.F1, r.Found, r.Truth, r.FalsePositives, r.Reported, r.Stray, r.Ignored)
	if p := r.Passages; p != nil {
		s += fmt.Sprintf(" pan_precision=%.4f pan_recall=%.4f granularity=%.4f plagdet=%.4f cases=%d detections=%d",
			p.Precision, p.Recall, p.Granularity, p.Plagdet, p.Cases, p.Detections)
	}
	return s
}

// figure is a measure, written to JSON with four decimals like the text.
type figure float64

func (f figure) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(f), 'f', 4, 64), nil
}

// MarshalJSON writes the figures as one JSON object with snake_case names, measures rounded to
// four decimals; "passages" only when the truth has offsets.
func (r Result) MarshalJSON() ([]byte, error) {
	type passages struct {
		Cases       int    `json:"cases"`
		Pairs       int    `json:"pairs"`
		Detections  int    `json:"detections"`
		Detected    int    `json:"detected"`
		Precision   figure `json:"precision"`
		Recall      figure `json:"recall"`
		Granularity figure `json:"granularity"`
		Plagdet     figure `json:"plagdet"`
	}
	v := struct {
		Truth          int       `json:"truth_pairs"`
		Negatives      int       `json:"negative_pairs"`
		Reported       int       `json:"reported_pairs"`
		Scored         int       `json:"scored_pairs"`
		Found          int       `json:"found"`
		FalsePositives int       `json:"false_positives"`
		Stray          int       `json:"stray_pairs"`
		Ignored        int       `json:"ignored_pairs"`
		Precision      figure    `json:"precision"`
		Recall         figure    `json:"recall"`
		F1             figure    `json:"f1"`
		Passages       *passages `json:"passages,omitempty"`
	}{r.Truth, r.Negatives, r.Reported, r.Scored, r.Found, r.FalsePositives, r.Stray, r.Ignored,
		figure(r.Precision), figure(r.Recall), figure(r.F1), nil}
	if p := r.Passages; p != nil {
		v.Passages = &passages{p.Cases, p.Pairs, p.Detections, p.Detected,
			figure(p.Precision), figure(p.Recall), figure(p.Granularity), figure(p.Plagdet)}
	}
	return json.Marshal(v)
}
