package index

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// addStories adds docs in one commit, setting the story of each id in stories (SetStory),
// and checks that SetStory reports an id the batch did not add.
func addStories(t *testing.T, path string, stories map[string]string, opts WriterOptions, docs ...pipeline.Document) CommitStats {
	t.Helper()
	var w *Writer
	cs := addBatchWith(t, path, opts, func(bw *Writer) {
		w = bw
		for id, s := range stories {
			if ok, err := w.SetStory(id, s); !ok || err != nil {
				t.Fatalf("SetStory(%q, %q) = %v, %v", id, s, ok, err)
			}
		}
		if ok, err := w.SetStory("not-in-the-batch", "s"); ok || err != nil {
			t.Errorf("SetStory of an id the batch did not add = %v, %v; want false", ok, err)
		}
	}, docs...)
	if _, err := w.SetStory(docs[0].ID, "late"); err == nil {
		t.Error("SetStory after Commit: no error")
	}
	return cs
}

// storyIDs returns the ids of StoryDocs(story).
func storyIDs(t *testing.T, r *Reader, story string) []string {
	t.Helper()
	docs, err := r.StoryDocs(story)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		if d.Story != story {
			t.Errorf("StoryDocs(%q) gives %s of story %q", story, d.ID, d.Story)
		}
		ids = append(ids, d.ID)
	}
	return ids
}

// TestStories: the stories set in a batch are stored with its records and found by StoryDocs,
// in document order, across batches and segments; a replaced or removed article leaves its
// story; an article added without one has none; Verify counts the stories' postings, and
// Compact and segment merges keep them.
func TestStories(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.ndx")
	addStories(t, path, map[string]string{"a1": "a1", "a2": "a1", "a4": "a4-story"}, WriterOptions{},
		doc("a1", article(1, 80)), doc("a2", article(2, 80)), doc("a3", article(3, 80)), doc("a4", article(4, 80)))
	// the next night: one more of story a1, a2 replaced in another, a3 told in a1's too; one
	// story set and then taken back
	addStories(t, path, map[string]string{"b1": "a1", "a2": "b-story", "b2": "", "b3": "a1"}, WriterOptions{NoCompact: true},
		doc("b1", article(11, 80)), doc("a2", article(12, 80)), doc("b2", article(13, 80)), doc("b3", article(14, 80)))
	w, err := OpenWriter(path, WriterOptions{NoCompact: true})
	if err != nil {
		t.Fatal(err)
	}
	z := pipeline.NewAnalyzer(pipeline.Options{})
	if _, err := w.Add(doc("c1", article(21, 80)), z.Analyze(article(21, 80))); err != nil {
		t.Fatal(err)
	}
	w.SetStory("c1", "a1")
	if ok, err := w.Remove("b3"); !ok || err != nil {
		t.Fatalf("Remove(b3) = %v, %v", ok, err)
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}

	check := func(when string) {
		t.Helper()
		r := openT(t, path)
		for story, want := range map[string][]string{
			"a1":       {"a1", "b1", "c1"},
			"a4-story": {"a4"},
			"b-story":  {"a2"},
			"":         nil,
			"none":     nil,
		} {
			if got := storyIDs(t, r, story); !slices.Equal(got, want) {
				t.Errorf("%s: StoryDocs(%q) = %q, want %q", when, story, got, want)
			}
		}
		for id, want := range map[string]string{"a1": "a1", "a2": "b-story", "a3": "", "b2": "", "c1": "a1"} {
			n, ok, err := r.Lookup(id)
			if !ok || err != nil {
				t.Fatalf("%s: Lookup(%q) = %v, %v", when, id, ok, err)
			}
			d, err := r.Doc(n)
			if err != nil || d.Story != want || d.ID != id || d.Title != "Title of "+id {
				t.Errorf("%s: Doc(%s) = %+v, %v; want story %q", when, id, d, err, want)
			}
		}
		if _, err := r.Verify(true); err != nil {
			t.Errorf("%s: Verify: %v", when, err)
		}
	}
	check("three commits")
	// the old a2's and b3's are removed, and still there
	if s := openT(t, path).Stats(); s.Postings[postStories] != 7 {
		t.Errorf("%d postings of stories, want 5 live and 2 removed", s.Postings[postStories])
	}
	if _, err := Compact(path, false); err != nil {
		t.Fatal(err)
	}
	check("compacted")
	if s := openT(t, path).Stats(); s.Postings[postStories] != 5 {
		t.Errorf("compacted: %d postings of stories, want the 5 live ones", s.Postings[postStories])
	}
}
