package job

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/neardup/neardup/pipeline"
)

// A source's template series (pipeline.SourceSeries): the first pipeline groups every document
// (exact duplicates too, as neardup scan counts them) by its source and writes the series of
// each that is an item of one ("SEQ\tSERIES", out.Series); the second gives the groups' first
// documents theirs (withGroup), for the evidence's docsets (pipeline.EvidenceDoc) and the
// pairs' verdicts (pipeline.CompareOptions.SeriesA and SeriesB). A source's documents are one group: a title
// and a sequence number each, some 50 bytes a document.

func init() {
	beam.RegisterType(reflect.TypeOf((*titled)(nil)).Elem())
	register.Function2x0(keyBySource)
	register.Function3x0(sourceSeries)
	register.Function2x1(parseSeries)
	register.Emitter2[string, titled]()
	register.Iter1[titled]()
}

// titled is a document's place in the input and its title.
type titled struct {
	Seq   int64
	Title string
}

// keyBySource keys a document with a source by it.
func keyBySource(d Doc, emit func(string, titled)) {
	if d.Source != "" {
		emit(d.Source, titled{Seq: d.Seq, Title: d.Title})
	}
}

// sourceSeries writes the series of each of a source's documents that has one, "SEQ\tSERIES".
func sourceSeries(_ string, docs func(*titled) bool, emit func(string)) {
	var all []titled
	var t titled
	for docs(&t) {
		all = append(all, t)
	}
	slices.SortFunc(all, func(x, y titled) int { return cmp.Compare(x.Seq, y.Seq) })
	titles := make([]string, len(all))
	for i, t := range all {
		titles[i] = t.Title
	}
	for i, s := range pipeline.SourceSeries(titles) {
		if s != "" {
			emit(strconv.FormatInt(all[i].Seq, 10) + "\t" + s)
		}
	}
}

// parseSeries reads a line of sourceSeries.
func parseSeries(line string, emit func(int64, string)) error {
	seq, s, ok := strings.Cut(line, "\t")
	n, err := strconv.ParseInt(seq, 10, 64)
	if !ok || err != nil || s == "" {
		return fmt.Errorf("evidence: a series line between the pipelines: %q", line)
	}
	emit(n, s)
	return nil
}
