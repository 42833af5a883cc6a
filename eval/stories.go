package eval

import (
	"bytes"
	"fmt"
	"io"
	"slices"
)

// Stories maps each document id to the label of its story: documents with one label are one
// story, and a document whose label no other has is a story of its own.
type Stories map[string]string

// ReadStoriesFile reads a stories file from path (gzipped or not; "-" is stdin).
func ReadStoriesFile(path string, stdin io.Reader) (Stories, error) {
	return readFile(path, stdin, ReadStories)
}

// ReadStories reads a stories file: TSV of id and story label (more columns are ignored), one
// line a document, with an optional header line "id<TAB>story…"; # starts a comment. Every
// document of the corpus should be listed: those that are not take no part in the scores.
func ReadStories(r io.Reader, name string) (Stories, error) {
	s := Stories{}
	err := lines(r, func(n int, line []byte) error {
		if len(bytes.TrimSpace(line)) == 0 || line[0] == '#' {
			return nil
		}
		f := bytes.Split(line, []byte{'\t'})
		if len(f) < 2 {
			return fmt.Errorf("read %s line %d: want id and story separated by a tab", name, n)
		}
		id, story := string(f[0]), string(f[1])
		if n == 1 && id == "id" && story == "story" {
			return nil // the header
		}
		if _, dup := s[id]; dup {
			return fmt.Errorf("read %s line %d: id %q listed twice", name, n, id)
		}
		s[id] = story
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// StoryResult scores the clusters of a report as stories: B-cubed (Bagga and Baldwin 1998: for
// each document, the share of its cluster that is of its story, and of its story that is in its
// cluster, averaged over the documents) and pairwise (pairs of documents in one cluster against
// pairs in one story) precision, recall and F1. A document in no cluster is a cluster of its
// own; only the documents the stories file lists count.
type StoryResult struct {
	Docs, Stories, Clusters               int // documents scored, stories and clusters of two or more of them
	BCubedPrecision                       float64
	BCubedRecall                          float64
	BCubedF1                              float64
	PairPrecision                         float64
	PairRecall                            float64
	PairF1                                float64
	PairsFound, PairsReported, PairsTruth int
}

// ScoreStories scores the clusters of out against the stories.
func ScoreStories(out *Output, stories Stories) StoryResult {
	ids := make([]string, 0, len(stories))
	for id := range stories {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	// the cluster of each document: its number, or a label of its own
	cluster := func(id string) string {
		if c, ok := out.Cluster[id]; ok {
			return fmt.Sprintf("#%d", c)
		}
		return "doc:" + id
	}
	type cell struct{ c, s string }
	nc, ns, ncs := map[string]int{}, map[string]int{}, map[cell]int{}
	for _, id := range ids {
		c, s := cluster(id), stories[id]
		nc[c]++
		ns[s]++
		ncs[cell{c, s}]++
	}
	var res StoryResult
	res.Docs = len(ids)
	for _, n := range ns {
		if n > 1 {
			res.Stories++
		}
	}
	for _, n := range nc {
		if n > 1 {
			res.Clusters++
		}
	}
	pairs := func(n int) int { return n * (n - 1) / 2 }
	var p, r float64
	for k, n := range ncs {
		// each of the n documents of this cell has n of its cluster in its story
		p += float64(n) * float64(n) / float64(nc[k.c])
		r += float64(n) * float64(n) / float64(ns[k.s])
		res.PairsFound += pairs(n)
	}
	for _, n := range nc {
		res.PairsReported += pairs(n)
	}
	for _, n := range ns {
		res.PairsTruth += pairs(n)
	}
	if res.Docs > 0 {
		res.BCubedPrecision, res.BCubedRecall = p/float64(res.Docs), r/float64(res.Docs)
	}
	res.BCubedF1 = f1(res.BCubedPrecision, res.BCubedRecall)
	res.PairPrecision = ratio(res.PairsFound, res.PairsReported)
	res.PairRecall = ratio(res.PairsFound, res.PairsTruth)
	res.PairF1 = f1(res.PairPrecision, res.PairRecall)
	return res
}

// WriteText writes the story figures: one line of counts and one "stories:" summary line.
func (r StoryResult) WriteText(w io.Writer) error {
	_, err := fmt.Fprintf(w, "stories: %d documents, %d stories and %d clusters of two or more; pairs %d found of %d reported, %d in the truth\n%s\n",
		r.Docs, r.Stories, r.Clusters, r.PairsFound, r.PairsReported, r.PairsTruth, r.Summary())
	return err
}

// Summary is every story figure on one line, as name=value fields after "stories:".
func (r StoryResult) Summary() string {
	return fmt.Sprintf("stories: bcubed_precision=%.4f bcubed_recall=%.4f bcubed_f1=%.4f story_pair_precision=%.4f story_pair_recall=%.4f story_pair_f1=%.4f",
		r.BCubedPrecision, r.BCubedRecall, r.BCubedF1, r.PairPrecision, r.PairRecall, r.PairF1)
}
