package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// sample is one generated corpus, decoded.
type sample struct {
	opts     Options
	stats    Stats
	raw      []byte
	truthRaw []byte
	articles []article
	truth    []pair
}

var samples = map[string]*sample{} // by fmt.Sprintf("%+v", opts)

// generate generates (once per options) and decodes a corpus from the small model.
func generate(t *testing.T, opts Options) *sample {
	t.Helper()
	key := fmt.Sprintf("%+v", opts)
	if s, ok := samples[key]; ok {
		return s
	}
	var out, truth bytes.Buffer
	stats, err := Generate(context.Background(), &out, &truth, small(t), opts)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", opts, err)
	}
	s := &sample{opts: opts, stats: stats, raw: out.Bytes(), truthRaw: truth.Bytes()}
	s.articles = readArticles(t, s.raw)
	s.truth = readTruth(t, s.truthRaw)
	samples[key] = s
	return s
}

func TestGenerateDeterministic(t *testing.T) {
	opts := Options{N: 300, Seed: 7}
	a := generate(t, opts)
	var out, truth bytes.Buffer
	if _, err := Generate(context.Background(), &out, &truth, small(t), opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), a.raw) || !bytes.Equal(truth.Bytes(), a.truthRaw) {
		t.Errorf("two runs with seed 7 wrote different bytes")
	}
	other := generate(t, Options{N: 300, Seed: 8})
	if bytes.Equal(other.raw, a.raw) {
		t.Errorf("seeds 7 and 8 wrote the same bytes")
	}
	same := 0
	for i := range other.articles {
		if other.articles[i].Text == a.articles[i].Text {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 7 and 8 wrote %d identical articles, want 0", same)
	}
}

func TestGenerateArticles(t *testing.T) {
	s := generate(t, Options{N: 2000, Seed: 1})
	if len(s.articles) != 2000 || s.stats.Articles != 2000 {
		t.Fatalf("wrote %d articles (Stats says %d), want 2000", len(s.articles), s.stats.Articles)
	}
	names := map[string]bool{}
	for _, src := range Sources(s.opts) {
		names[src.Name] = true
	}
	truncated := map[string]bool{}
	for _, p := range s.truth {
		if p.kind == Truncated {
			truncated[p.b] = true
		}
	}
	var counts, full []int
	prev := ""
	for i, a := range s.articles {
		if want := fmt.Sprintf("syn-%07d", i+1); a.ID != want {
			t.Fatalf("article %d has id %q, want %q", i+1, a.ID, want)
		}
		if !names[a.Source] || a.Title == "" || a.Text == "" {
			t.Errorf("%s: source %q, title %q, %d bytes of text: want a known source and some title and text", a.ID, a.Source, a.Title, len(a.Text))
		}
		if !strings.HasPrefix(a.Published, "2024-") || a.Published < prev {
			t.Errorf("%s: published %q after %q, want dates of 2024 in order", a.ID, a.Published, prev)
		}
		prev = a.Published
		if strings.Contains(a.Text, "\n\n\n") || strings.HasPrefix(a.Text, "\n") || strings.HasSuffix(a.Text, "\n") {
			t.Errorf("%s: paragraphs not separated by single blank lines: %q", a.ID, a.Text[:min(len(a.Text), 200)])
		}
		n := len(strings.Fields(a.Text))
		counts = append(counts, n)
		if !truncated[a.ID] {
			full = append(full, n)
			if n < 300 || n > 900 {
				t.Errorf("%s has %d words, want 300 to 900", a.ID, n)
			}
		}
	}
	slices.Sort(counts)
	slices.Sort(full)
	if median := full[len(full)/2]; median < 450 || median > 560 {
		t.Errorf("median words = %d, want about 500", median)
	}
	if counts[0] < 100 {
		t.Errorf("shortest article has %d words, want at least 100", counts[0])
	}
	want := Lengths{Min: counts[0], Median: counts[(len(counts)-1)/2], Max: counts[len(counts)-1]}
	if s.stats.Words != want {
		t.Errorf("Stats.Words = %+v, want %+v", s.stats.Words, want)
	}
}

func TestGenerateRates(t *testing.T) {
	s := generate(t, Options{N: 2000, Seed: 1})
	got := map[Kind]int{}
	for _, p := range s.truth {
		got[p.kind]++
	}
	tests := []struct {
		kind  Kind
		stats int
		rate  float64
	}{
		{Syndicated, s.stats.Syndicated, DefaultSyndicated},
		{Truncated, s.stats.Truncated, DefaultTruncated},
		{Rewrite, s.stats.Rewrite, DefaultRewrite},
	}
	for _, tt := range tests {
		want := tt.rate * 2000
		if n := got[tt.kind]; float64(n) < 0.75*want || float64(n) > 1.25*want || n != tt.stats {
			t.Errorf("%d %s pairs (Stats says %d), want about %.0f", n, tt.kind, tt.stats, want)
		}
	}
	if s.stats.Originals+len(s.truth) != 2000 {
		t.Errorf("%d originals and %d copies, want 2000 articles", s.stats.Originals, len(s.truth))
	}
}

// TestPlantedPairs checks every planted pair for the relation its kind promises.
func TestPlantedPairs(t *testing.T) {
	s := generate(t, Options{N: 2000, Seed: 1})
	bp := boilerplates(s.opts)
	copies := map[string]int{}
	gaps := map[bool]int{}
	for _, p := range s.truth {
		ia, ib := index(p.a), index(p.b)
		if ia >= ib {
			t.Errorf("%s %s: the copy comes first", p.a, p.b)
			continue
		}
		gaps[ib-ia > 1]++
		copies[p.a]++
		a, b := s.articles[ia], s.articles[ib]
		if a.Source == b.Source {
			t.Errorf("%s %s: both from %s, want another outlet", p.a, p.b, a.Source)
		}
		wa := normWords(stripBoilerplate(a.Text, bp[a.Source]))
		wb := normWords(stripBoilerplate(b.Text, bp[b.Source]))
		full := jaccard(newSet(shingles(normWords(a.Text), 5)), newSet(shingles(normWords(b.Text), 5)))
		sa, sb := newSet(shingles(wa, 5)), newSet(shingles(wb, 5))
		switch p.kind {
		case Syndicated:
			if full < 0.7 {
				t.Errorf("%s %s syndicated: Jaccard %.2f, want at least 0.7", p.a, p.b, full)
			}
		case Truncated:
			if c := containment(sb, sa); c < 0.8 {
				t.Errorf("%s %s truncated: containment %.2f, want at least 0.8", p.a, p.b, c)
			}
			if run := longestRun(wb, wa); run < len(wb)*3/4 || run > len(wa)*81/100 {
				t.Errorf("%s %s truncated: longest shared run %d words of %d (original %d), want the copy's body and at most 80%% of the original", p.a, p.b, run, len(wb), len(wa))
			}
		case Rewrite:
			if run := longestRun(wb, wa); run < 15 {
				t.Errorf("%s %s rewrite: longest shared run %d words, want at least 15", p.a, p.b, run)
			}
			if full >= 0.3 {
				t.Errorf("%s %s rewrite: Jaccard %.2f, want under 0.3", p.a, p.b, full)
			}
		default:
			t.Errorf("%s %s: unknown kind %q", p.a, p.b, p.kind)
		}
	}
	if gaps[true] < gaps[false]*5 {
		t.Errorf("%d copies right after their original and %d later, want most later", gaps[false], gaps[true])
	}
	multi := 0
	for _, n := range copies {
		if n >= 3 {
			multi++
		}
	}
	if multi == 0 {
		t.Errorf("no article was copied 3 times or more, want some")
	}
}

// TestUnrelatedPairs checks that unrelated articles share no run of 15 words outside their
// outlets' boilerplate.
func TestUnrelatedPairs(t *testing.T) {
	s := generate(t, Options{N: 2000, Seed: 1})
	related := newUnionFind(len(s.articles))
	for _, p := range s.truth {
		related.union(index(p.a), index(p.b))
	}
	bp := boilerplates(s.opts)
	const n = 500
	docs := make([][]string, n)
	for i, a := range s.articles[:n] {
		docs[i] = normWords(stripBoilerplate(a.Text, bp[a.Source]))
	}
	pairs, examples := sharedRuns(docs, 15, func(i, j int) bool { return related.find(i) != related.find(j) })
	if len(pairs) > 0 {
		t.Errorf("%d unrelated pairs share a run of 15 words, want 0: %q", len(pairs), examples)
	}
}

func TestBoilerplate(t *testing.T) {
	s := generate(t, Options{N: 2000, Seed: 1})
	sources := Sources(s.opts)
	with := 0
	for _, src := range sources {
		if src.Boilerplate == "" {
			continue
		}
		with++
		if n := len(strings.Fields(src.Boilerplate)); n < 30 || n > 60 {
			t.Errorf("%s: boilerplate of %d words, want 30 to 60: %q", src.Name, n, src.Boilerplate)
		}
		if !strings.Contains(src.Boilerplate, src.Display) {
			t.Errorf("%s: boilerplate does not name the outlet: %q", src.Name, src.Boilerplate)
		}
	}
	if with != 10 {
		t.Errorf("%d of 40 outlets have boilerplate, want 10", with)
	}
	carried, total := 0, 0
	for _, a := range s.articles {
		for _, src := range sources {
			if src.Name != a.Source || src.Boilerplate == "" {
				continue
			}
			total++
			at := strings.HasSuffix(a.Text, "\n\n"+src.Boilerplate)
			if src.Prepend {
				at = strings.HasPrefix(a.Text, src.Boilerplate+"\n\n")
			}
			if at {
				carried++
			} else if strings.Contains(a.Text, src.Boilerplate) {
				t.Errorf("%s: boilerplate of %s in the wrong place", a.ID, src.Name)
			}
		}
	}
	if share := float64(carried) / float64(total); share < 0.75 || share > 0.95 {
		t.Errorf("%d of %d articles of outlets with boilerplate carry it, want most (about 90%%)", carried, total)
	}
	if s.stats.WithBoilerplate != carried {
		t.Errorf("Stats.WithBoilerplate = %d, want %d", s.stats.WithBoilerplate, carried)
	}
}

func TestGenerateNoRelations(t *testing.T) {
	s := generate(t, Options{N: 200, Seed: 3, Syndicated: -1, Truncated: -1, Rewrite: -1, BoilerplateShare: -1})
	if len(s.truth) != 0 || s.stats.Originals != 200 || s.stats.WithBoilerplate != 0 {
		t.Errorf("with no relations and no boilerplate: %d truth lines, %d originals, %d with boilerplate; want 0, 200, 0",
			len(s.truth), s.stats.Originals, s.stats.WithBoilerplate)
	}
}

func TestGenerateErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Generate(ctx, &bytes.Buffer{}, nil, small(t), Options{N: 10}); !errors.Is(err, context.Canceled) {
		t.Errorf("Generate(canceled) error = %v, want context.Canceled", err)
	}
	if _, err := Generate(context.Background(), &bytes.Buffer{}, nil, nil, Options{}); !errors.Is(err, ErrNilModel) {
		t.Errorf("Generate(nil model) error = %v, want ErrNilModel", err)
	}
	if _, err := Generate(context.Background(), failWriter{}, nil, small(t), Options{N: 100}); err == nil {
		t.Errorf("Generate(failing writer) succeeded, want an error")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want []string // substrings of the error, one per problem
	}{
		{"zero value", Options{}, nil},
		{"rates", Options{Syndicated: 0.5, Truncated: 0.3, Rewrite: 0.2}, []string{"at most 0.9"}},
		{"share above 1", Options{Backoff: 1.5}, []string{"Backoff = 1.5"}},
		{"word order", Options{MinWords: 600, MedianWords: 500}, []string{"in that order"}},
		{"several at once", Options{N: -1, Sources: 1, Pool: -3}, []string{"N = -1", "Sources = 1", "Pool = -3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.opts
			o.EnsureDefaults()
			err := o.Validate()
			if len(tt.want) == 0 {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want errors %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestQueueCompacts is the regression test for the title queue, which was never empty and so
// never reset: it grew by a sentence per article.
func TestQueueCompacts(t *testing.T) {
	var q queue
	next, want := 0, 0
	for i := 0; i < 10000; i++ {
		for range 1 + i%3 {
			q.push([]uint32{uint32(next), uint32(next)}, 2)
			next++
		}
		for q.len() > 1 {
			got, words := q.pop(nil)
			if len(got) != 2 || got[0] != uint32(want) || words != 2 {
				t.Fatalf("pop = %v (%d words), want [%d %d] (2 words)", got, words, want, want)
			}
			want++
		}
	}
	if len(q.ends) > 200 || len(q.toks) > 400 {
		t.Errorf("queue of %d sentences keeps %d slots and %d tokens, want it compacted", q.len(), len(q.ends), len(q.toks))
	}
}

// TestStatsWords checks the word counts Stats reports against the text, for every kind.
func TestStatsWords(t *testing.T) {
	s := generate(t, Options{N: 300, Seed: 7})
	var counts []int
	for _, a := range s.articles {
		counts = append(counts, len(strings.Fields(a.Text)))
	}
	slices.Sort(counts)
	want := Lengths{Min: counts[0], Median: counts[(len(counts)-1)/2], Max: counts[len(counts)-1]}
	if s.stats.Words != want {
		t.Errorf("Stats.Words = %+v, want %+v", s.stats.Words, want)
	}
	if int64(len(s.raw)) != s.stats.Bytes {
		t.Errorf("Stats.Bytes = %d, want %d", s.stats.Bytes, len(s.raw))
	}
}
