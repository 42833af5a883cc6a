package corpus

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// shapedOpts turns every news shape on, at rates that give a small corpus a few of each.
func shapedOpts(n int, seed uint64) Options {
	return Options{N: n, Seed: seed, Stories: 0.15, Recurring: 0.1, Digests: 0.02, SameNames: 0.03,
		Reruns: 0.02, Templates: 0.02}
}

// shaped is a generated corpus with its stories file and the generator that wrote it, whose
// plan holds what the output alone does not say (a big story's quotes and terms).
type shaped struct {
	*sample
	g       *generator
	stories []storyLine
	byID    map[string]int
	members map[string][]int // story label -> article indexes
}

// storyLine is one line of the stories file.
type storyLine struct {
	id, story string
	role      Role
}

var shapedSamples = map[string]*shaped{}

// generateShaped generates (once per options) with the stories file.
func generateShaped(t *testing.T, opts Options) *shaped {
	t.Helper()
	key := fmt.Sprintf("%+v", opts)
	if s, ok := shapedSamples[key]; ok {
		return s
	}
	var out, truth, stories bytes.Buffer
	o := opts
	o.EnsureDefaults()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	g := newGenerator(Output{Articles: &out, Truth: &truth, Stories: &stories}, small(t), o)
	if err := g.run(context.Background()); err != nil {
		t.Fatalf("generate %+v: %v", opts, err)
	}
	s := &shaped{
		sample:  &sample{opts: o, stats: g.snapshot(), raw: out.Bytes(), truthRaw: truth.Bytes()},
		g:       g,
		byID:    map[string]int{},
		members: map[string][]int{},
	}
	s.articles = readArticles(t, s.raw)
	s.truth = readTruth(t, s.truthRaw)
	lines := strings.Split(strings.TrimSuffix(stories.String(), "\n"), "\n")
	if lines[0] != "id\tstory\trole" {
		t.Fatalf("stories header = %q, want %q", lines[0], "id\tstory\trole")
	}
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		if len(f) != 3 {
			t.Fatalf("stories line %q: want 3 fields", l)
		}
		s.stories = append(s.stories, storyLine{f[0], f[1], Role(f[2])})
	}
	for i, a := range s.articles {
		s.byID[a.ID] = i
	}
	for i, l := range s.stories {
		s.members[l.story] = append(s.members[l.story], i)
	}
	shapedSamples[key] = s
	return s
}

func TestShapesDeterministic(t *testing.T) {
	for _, opts := range []Options{
		shapedOpts(600, 5),
		{N: 400, Seed: 2, Stories: 0.3, StoryOutletsMin: 3, StoryOutletsMax: 8},
		{N: 400, Seed: 2, Recurring: 0.5},
		{N: 400, Seed: 2, Reruns: 0.1, Templates: 0.1},
	} {
		t.Run(fmt.Sprintf("%+v", opts), func(t *testing.T) {
			var runs [2][3]bytes.Buffer
			for k := range runs {
				out := Output{Articles: &runs[k][0], Truth: &runs[k][1], Stories: &runs[k][2]}
				if _, err := GenerateOutput(context.Background(), out, small(t), opts); err != nil {
					t.Fatal(err)
				}
			}
			for f, name := range []string{"articles", "truth", "stories"} {
				if !bytes.Equal(runs[0][f].Bytes(), runs[1][f].Bytes()) {
					t.Errorf("two runs wrote different %s", name)
				}
			}
			other := opts
			other.Seed++
			var out bytes.Buffer
			if _, err := Generate(context.Background(), &out, nil, small(t), other); err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(out.Bytes(), runs[0][0].Bytes()) {
				t.Errorf("seeds %d and %d wrote the same articles", opts.Seed, other.Seed)
			}
		})
	}
}

// TestShapesOff checks that shapes turned off in any way (zero, negative, outlet bounds
// without stories) leave the output byte for byte as the defaults make it; TestGenerateGolden
// pins the defaults themselves.
func TestShapesOff(t *testing.T) {
	base := Options{N: 500, Seed: 4}
	want := generate(t, base)
	var stories bytes.Buffer
	for _, opts := range []Options{
		{N: 500, Seed: 4, Stories: -1, Recurring: -1, Digests: -1, SameNames: -1, Reruns: -1, Templates: -1},
		{N: 500, Seed: 4, StoryOutletsMin: 2, StoryOutletsMax: 3},
	} {
		var out, truth bytes.Buffer
		stories.Reset()
		if _, err := GenerateOutput(context.Background(), Output{Articles: &out, Truth: &truth, Stories: &stories}, small(t), opts); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.Bytes(), want.raw) || !bytes.Equal(truth.Bytes(), want.truthRaw) {
			t.Errorf("%+v: output differs from the defaults'", opts)
		}
	}
	// The stories file of a corpus without shapes: the components of the planted pairs.
	related := newUnionFind(500)
	for _, p := range want.truth {
		related.union(index(p.a), index(p.b))
	}
	lines := strings.Split(strings.TrimSpace(stories.String()), "\n")[1:]
	first := map[int]int{}
	for i := range lines {
		if _, ok := first[related.find(i)]; !ok {
			first[related.find(i)] = i
		}
	}
	for i, l := range lines {
		f := strings.Split(l, "\t")
		if want := articleID(first[related.find(i)]); f[1] != want {
			t.Fatalf("stories line %q: story %s, want %s", l, f[1], want)
		}
	}
}

// TestShapesTruth checks the stories file and the truth pairs against each other: labels are
// the first article of their story, pairs join articles of one story, roles fit.
func TestShapesTruth(t *testing.T) {
	s := generateShaped(t, shapedOpts(3000, 1))
	if len(s.stories) != len(s.articles) {
		t.Fatalf("%d stories lines for %d articles", len(s.stories), len(s.articles))
	}
	copiedFrom := map[string]bool{}
	for _, p := range s.truth {
		a, b := s.stories[index(p.a)], s.stories[index(p.b)]
		if a.story != b.story {
			t.Errorf("pair %s %s (%s) in stories %s and %s", p.a, p.b, p.kind, a.story, b.story)
		}
		if want := Role(p.kind); b.role != want {
			t.Errorf("%s: role %s, want %s (the pair's kind)", p.b, b.role, want)
		}
		copiedFrom[p.a] = true
	}
	roles := map[Role]int{}
	for i, l := range s.stories {
		roles[l.role]++
		if l.id != articleID(i) {
			t.Fatalf("stories line %d is %s", i+1, l.id)
		}
		if m := s.members[l.story]; articleID(m[0]) != l.story {
			t.Errorf("%s: labelled %s, want its story's first article %s", l.id, l.story, articleID(m[0]))
		}
		n := len(s.members[l.story])
		switch l.role {
		case RolePlain, RoleDigest:
			if n != 1 {
				t.Errorf("%s (%s) is in a story of %d, want one of its own", l.id, l.role, n)
			}
		case RoleOriginal:
			if !copiedFrom[l.id] {
				t.Errorf("%s is an original nothing was copied from", l.id)
			}
		case RoleOutlet, RoleTemplate:
			if n < 2 {
				t.Errorf("%s (%s) is alone in its story", l.id, l.role)
			}
		case RoleSyndicated, RoleTruncated, RoleRewrite, RoleRerun:
		default:
			t.Errorf("%s: unknown role %q", l.id, l.role)
		}
		if l.role == RolePlain && copiedFrom[l.id] {
			t.Errorf("%s was copied, want role original", l.id)
		}
	}
	st := s.stats
	for _, c := range []struct {
		role Role
		n    int
	}{
		{RoleOutlet, st.StoryArticles}, {RoleDigest, st.Digests}, {RoleRerun, st.Reruns}, {RoleTemplate, st.Templates},
		{RoleSyndicated, st.Syndicated}, {RoleTruncated, st.Truncated}, {RoleRewrite, st.Rewrite},
	} {
		if roles[c.role] != c.n {
			t.Errorf("%d articles of role %s, Stats says %d", roles[c.role], c.role, c.n)
		}
	}
	if roles[RoleOriginal]+roles[RolePlain] != st.Originals+st.SameNames {
		t.Errorf("%d originals and plain articles, want Stats' %d originals and %d same-names", roles[RoleOriginal]+roles[RolePlain], st.Originals, st.SameNames)
	}
}

// TestShapesRates checks that each shape takes about the share of articles asked for.
func TestShapesRates(t *testing.T) {
	s := generateShaped(t, shapedOpts(3000, 1))
	st, n := s.stats, 3000.0
	tests := []struct {
		name  string
		got   int
		share float64
	}{
		{"big-story articles", st.StoryArticles, 0.15},
		{"articles with recurring paragraphs", st.Recurring, 0.1},
		{"digests", st.Digests, 0.02},
		{"same-names articles", st.SameNames, 0.03},
		{"reruns", st.Reruns, 0.02},
		{"template items", st.Templates, 0.02},
	}
	for _, tt := range tests {
		if want := tt.share * n; math.Abs(float64(tt.got)-want) > 0.2*want {
			t.Errorf("%d %s, want about %.0f", tt.got, tt.name, want)
		}
	}
	if st.Stories < 3 || st.TemplateSeries < 1 || st.RecurringPool != 20 {
		t.Errorf("%d big stories, %d template series, %d recurring paragraphs: want several, one or more, and 3000*0.1/15 = 20",
			st.Stories, st.TemplateSeries, st.RecurringPool)
	}
}

// quoted reports whether text holds k or more consecutive words of q verbatim, as its first or
// last words or the whole of it but its final punctuation.
func quoted(text, q string, k int) bool {
	if strings.Contains(text, strings.TrimRight(q, ".?!")) {
		return true
	}
	f := strings.Fields(q)
	return strings.Contains(text, strings.Join(f[:k], " ")) || strings.Contains(text, strings.Join(f[len(f)-k:], " "))
}

// TestBigStories checks every big story: one article per outlet within a few percent of the
// corpus, each quoting the story verbatim and naming its people, and sharing nothing else with
// the others.
func TestBigStories(t *testing.T) {
	s := generateShaped(t, shapedOpts(3000, 1))
	bp := boilerplates(s.opts)
	for _, st := range s.g.plan.stories {
		if !st.begun {
			t.Errorf("story at %v never begun", st.pos)
			continue
		}
		label := articleID(st.pos[0])
		if got := s.members[label]; len(got) < len(st.pos) {
			t.Errorf("story %s: %d articles labelled, %d planned", label, len(got), len(st.pos))
		}
		if spread := st.pos[len(st.pos)-1] - st.pos[0]; spread > max(int(storyWindowMax*3000), 3*len(st.pos)) {
			t.Errorf("story %s spread over %d articles", label, spread)
		}
		if n := len(st.terms); n < 8 || n > 15 {
			t.Errorf("story %s has %d terms, want 8-15", label, n)
		}
		outlets := map[string]bool{}
		var bodies [][]string
		for _, i := range st.pos {
			a := s.articles[i]
			if s.stories[i].role != RoleOutlet {
				t.Errorf("%s: role %s, want outlet", a.ID, s.stories[i].role)
			}
			if outlets[a.Source] {
				t.Errorf("story %s: two articles by %s", label, a.Source)
			}
			outlets[a.Source] = true
			nq := 0
			for _, q := range st.quotes {
				if quoted(a.Text, q.text, minQuoteKept) {
					nq++
				}
			}
			if nq < 1 || nq > 2 {
				t.Errorf("%s quotes %d of its story's quotes, want 1 or 2", a.ID, nq)
			}
			terms, person := 0, 0
			for _, tm := range st.terms {
				if c := strings.Count(a.Text, tm.text); c > 0 {
					terms++
					if tm.person {
						person = max(person, c)
					}
				}
			}
			if terms*10 < len(st.terms)*5 || person < 2 {
				t.Errorf("%s names %d of %d terms, a person at most %d times; want half or more, a person twice or more", a.ID, terms, len(st.terms), person)
			}
			// The prose outside the quotes, boilerplate and recurring paragraphs is its own.
			var keep []string
			for _, p := range strings.Split(stripBoilerplate(a.Text, bp[a.Source]), "\n\n") {
				if !strings.Contains(p, `"`) && !slices.Contains(s.g.recurring, p) {
					keep = append(keep, p)
				}
			}
			bodies = append(bodies, normWords(strings.Join(keep, "\n\n")))
		}
		for x := range bodies {
			for y := x + 1; y < len(bodies); y++ {
				if run := longestRun(bodies[x], bodies[y]); run >= 10 {
					t.Errorf("story %s: %s and %s share a run of %d words outside quotes", label, articleID(st.pos[x]), articleID(st.pos[y]), run)
				}
			}
		}
	}
}

// TestSameNames checks that articles reusing a big story's names quote none of it and are
// stories of their own.
func TestSameNames(t *testing.T) {
	s := generateShaped(t, shapedOpts(3000, 1))
	found := 0
	for i, kind := range s.g.plan.kind {
		if kind != slotSameNames {
			continue
		}
		a := s.articles[i]
		var named *bigStory
		for _, st := range s.g.plan.stories {
			if st.begun && st.pos[0] < i && strings.Contains(a.Text, st.terms[0].text) {
				named = st
			}
			for _, q := range st.quotes {
				if st.begun && quoted(a.Text, q.text, minQuoteKept) {
					t.Errorf("%s quotes story %s", a.ID, articleID(st.pos[0]))
				}
			}
		}
		if named == nil {
			// terms[0] is a person, but an article may name others only
			for _, st := range s.g.plan.stories {
				for _, tm := range st.terms {
					if st.begun && st.pos[0] < i && tm.person && strings.Contains(a.Text, tm.text) {
						named = st
					}
				}
			}
		}
		if named == nil {
			t.Errorf("%s names no person of an earlier big story", a.ID)
		}
		if l := s.stories[i]; l.story != a.ID || (l.role != RolePlain && l.role != RoleOriginal) {
			t.Errorf("%s: story %s, role %s; want its own, plain (or original, when re-run)", a.ID, l.story, l.role)
		}
		found++
	}
	if found != s.stats.SameNames || found == 0 {
		t.Errorf("%d same-names articles, Stats says %d", found, s.stats.SameNames)
	}
}

// TestDigests checks that each digest opens 3-6 items with a sentence of 15-35 words copied
// whole from a recent article, each of a different story.
func TestDigests(t *testing.T) {
	s := generateShaped(t, shapedOpts(3000, 1))
	bp := boilerplates(s.opts)
	window := max(64, 3000*recentDays/366) * 3 // the ring holds originals and big-story articles only
	for i, l := range s.stories {
		if l.role != RoleDigest {
			continue
		}
		a := s.articles[i]
		if src := Sources(s.opts); !src[slices.IndexFunc(src, func(x Source) bool { return x.Name == a.Source })].Digest {
			t.Errorf("%s: digest by %s, not a digest outlet", a.ID, a.Source)
		}
		items := strings.Split(stripBoilerplate(a.Text, bp[a.Source]), "\n\n")
		if len(items) < minDigestItems || len(items) > maxDigestItems {
			t.Errorf("%s has %d items, want 4-7", a.ID, len(items))
		}
		copied := map[string]bool{}
		for _, item := range items {
			f := strings.Fields(item)
			for j := max(0, i-window); j < i; j++ {
				b := s.articles[j]
				k := 0 // the most leading words of item in b
				for k < len(f) && strings.Contains(b.Text, strings.Join(f[:k+1], " ")) {
					k++
				}
				if k < minQuoteWords {
					continue
				}
				// A whole sentence: the copy ends at a sentence end (and may seem to run on when
				// the next words happen to match).
				whole := false
				for j := minQuoteWords; j <= min(k, maxQuoteWords); j++ {
					whole = whole || strings.ContainsAny(f[j-1][len(f[j-1])-1:], ".?!")
				}
				if !whole {
					t.Errorf("%s copies %d words from %s, want a whole sentence of 15-35", a.ID, k, b.ID)
				}
				if st := s.stories[j].story; copied[st] || st == l.story {
					t.Errorf("%s copies from story %s twice (or its own)", a.ID, st)
				} else {
					copied[st] = true
				}
				break
			}
		}
		if len(copied) < minDigestCopies || len(copied) > maxDigestCopies {
			t.Errorf("%s copies from %d stories, want 3-6", a.ID, len(copied))
		}
	}
}

// TestReruns checks that a re-run is its outlet's own earlier article, whole or with one
// paragraph new.
func TestReruns(t *testing.T) {
	s := generateShaped(t, shapedOpts(3000, 1))
	n := 0
	for _, p := range s.truth {
		if p.kind != Rerun {
			continue
		}
		n++
		a, b := s.articles[index(p.a)], s.articles[index(p.b)]
		if a.Source != b.Source || index(p.a) >= index(p.b) {
			t.Errorf("rerun %s %s: by %s and %s, want the same outlet, later", p.a, p.b, a.Source, b.Source)
		}
		pa, pb := strings.Split(a.Text, "\n\n"), strings.Split(b.Text, "\n\n")
		diff := 0
		for k := range min(len(pa), len(pb)) {
			if pa[k] != pb[k] {
				diff++
			}
		}
		if len(pa) != len(pb) || diff > 1 {
			t.Errorf("rerun %s %s: %d and %d paragraphs, %d changed; want one at most", p.a, p.b, len(pa), len(pb), diff)
		}
	}
	if n == 0 || n != s.stats.Reruns {
		t.Errorf("%d rerun pairs, Stats says %d", n, s.stats.Reruns)
	}
}

// TestTemplates checks that the items of a series come from one outlet under one title, and
// differ in their slots only.
func TestTemplates(t *testing.T) {
	s := generateShaped(t, shapedOpts(3000, 1))
	for _, sr := range s.g.plan.series {
		if !sr.begun {
			continue
		}
		label := articleID(sr.first)
		items := s.members[label]
		if len(items) != sr.items {
			t.Errorf("series %s: %d items labelled, %d planned", label, len(items), sr.items)
		}
		if k := len(sr.slots); k < minTemplateSlots || k > maxTemplateSlots {
			t.Errorf("series %s has %d slots, want 3-5", label, k)
		}
		fixed := wordCount(strings.Join(sr.parts, " ")) + len(sr.slots)
		if fixed < minTemplateWords-maxTemplateSlots*2 || fixed > maxTemplateWords {
			t.Errorf("series %s: about %d words, want 30-60", label, fixed)
		}
		first := s.articles[items[0]]
		for _, i := range items {
			a := s.articles[i]
			if s.stories[i].role != RoleTemplate || a.Source != first.Source || a.Title != first.Title {
				t.Errorf("%s: role %s, by %s under %q; want a template item by %s under %q", a.ID, s.stories[i].role, a.Source, a.Title, first.Source, first.Title)
			}
			for _, part := range sr.parts {
				if !strings.Contains(a.Text, part) {
					t.Errorf("%s lacks its template's text %q", a.ID, part)
				}
			}
		}
	}
}

// TestRecurring checks that the standard paragraphs recur in unrelated articles, about 10 to
// 30 times each, as paragraphs of their own.
func TestRecurring(t *testing.T) {
	s := generateShaped(t, Options{N: 3000, Seed: 2, Recurring: 0.1})
	if len(s.truth) != s.stats.Syndicated+s.stats.Truncated+s.stats.Rewrite {
		t.Errorf("%d truth lines, want only the planted copies", len(s.truth))
	}
	uses := map[string]int{}
	carriers := 0
	for _, a := range s.articles {
		n := 0
		for _, p := range strings.Split(a.Text, "\n\n") {
			if slices.Contains(s.g.recurring, p) {
				uses[p]++
				n++
			}
		}
		if n > 2 {
			t.Errorf("%s carries %d recurring paragraphs, want at most 2", a.ID, n)
		}
		if n > 0 {
			carriers++
		}
	}
	for _, p := range s.g.recurring {
		if w := wordCount(p); w < minRecurring || w > maxRecurring {
			t.Errorf("recurring paragraph of %d words, want 20-60: %q", w, p)
		}
	}
	total := 0
	for _, n := range uses {
		total += n
	}
	if mean := float64(total) / float64(len(s.g.recurring)); mean < 10 || mean > 30 || len(uses) < len(s.g.recurring)*9/10 {
		t.Errorf("%d of %d recurring paragraphs used, %.1f times on average; want nearly all, 10-30 times", len(uses), len(s.g.recurring), mean)
	}
	if carriers != s.stats.Recurring {
		t.Errorf("%d articles carry a recurring paragraph, Stats says %d", carriers, s.stats.Recurring)
	}
}

func TestShapesValidate(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"all on", shapedOpts(100, 1), nil},
		{"outlet bounds ignored without stories", Options{StoryOutletsMin: 50, StoryOutletsMax: 3}, nil},
		{"too many slots", Options{Stories: 0.5, Digests: 0.2, Templates: 0.2}, []string{"at most 0.8"}},
		{"share above 1", Options{Recurring: 1.5}, []string{"Recurring = 1.5"}},
		{"outlet bounds", Options{Stories: 0.1, StoryOutletsMin: 9, StoryOutletsMax: 4}, []string{"StoryOutletsMin 9"}},
		{"more outlets than sources", Options{Stories: 0.1, StoryOutletsMax: 50}, []string{"StoryOutletsMax = 50"}},
		{"same names alone", Options{SameNames: 0.1}, []string{"SameNames = 0.1 needs Stories"}},
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

// TestShapesLengths checks that articles of every role keep to MinWords and MaxWords, but for
// the short ones: truncated copies (and their re-runs), digests and template items.
func TestShapesLengths(t *testing.T) {
	s := generateShaped(t, shapedOpts(3000, 1))
	rerunOf := map[int]int{}
	for _, p := range s.truth {
		if p.kind == Rerun {
			rerunOf[index(p.b)] = index(p.a)
		}
	}
	short := func(i int) bool {
		switch s.stories[i].role {
		case RoleTruncated, RoleDigest, RoleTemplate:
			return true
		}
		return false
	}
	for i, a := range s.articles {
		n := len(strings.Fields(a.Text))
		isShort := short(i)
		if orig, ok := rerunOf[i]; ok {
			isShort = short(orig)
		}
		if n > 900 || (!isShort && n < 300) {
			t.Errorf("%s (%s) has %d words, want 300 to 900", a.ID, s.stories[i].role, n)
		}
	}
}

// TestPlanStoryRemainder is the regression test for the last big story of a plan, which took
// one more outlet than StoryOutletsMax to leave no story of one article: with the maximum at
// Sources, it indexed past the outlets.
func TestPlanStoryRemainder(t *testing.T) {
	for _, want := range []int{81, 80, 79, 42} {
		o := Options{N: 1000, Stories: float64(want) / 1000, StoryOutletsMin: 40, StoryOutletsMax: 40}
		o.EnsureDefaults()
		if err := o.Validate(); err != nil {
			t.Fatal(err)
		}
		p := newPlan(rand.New(rand.NewPCG(1, 2)), &o)
		total := 0
		for _, st := range p.stories {
			if n := len(st.pos); n < 2 || n > 40 || len(st.outlets) != n {
				t.Errorf("%d articles: a story of %d articles by %d outlets, want 2 to 40, one each", want, n, len(st.outlets))
			}
			total += len(st.pos)
		}
		if total != want {
			t.Errorf("planned %d big-story articles, want %d", total, want)
		}
	}
}
