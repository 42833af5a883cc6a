package pipeline

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/shingle"
)

// shared is a passage of the wire story (changes_test.go) that the documents below share.
var shared = wire[strings.Index(wire, "KESTREL BAY"):strings.Index(wire, "\n\nWork is due")]

// quote is the wire story's second paragraph.
var quote = wire[strings.Index(wire, "Authority chair"):strings.Index(wire, "\n\nFishing crews")]

// passagesOf is the one passage two texts share, located by its text (which both hold).
func passagesOf(t *testing.T, a, b, text string) []Passage {
	t.Helper()
	i, j := strings.Index(a, text), strings.Index(b, text)
	if i < 0 || j < 0 {
		t.Fatalf("the passage is not in both texts")
	}
	return []Passage{{AStart: i, AEnd: i + len(text), BStart: j, BEnd: j + len(text), Words: len(strings.Fields(text))}}
}

// recipe is text about something else, for a copy to set a passage into.
const recipe = `Slow-cooked lentils with cumin and roasted carrots make a cheap winter supper. Rinse the lentils, soften onions and garlic in olive oil, add cumin seeds and paprika, then simmer everything with stock for forty minutes while the carrots roast with honey and thyme until their edges caramelise. Season generously, stir through chopped parsley and lemon juice, and serve with warm flatbread and yoghurt. Leftovers freeze well for a month, and the flavour deepens overnight in the fridge.`

func TestOrigin(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }
	at := func(d, h int) time.Time { return time.Date(2024, 3, d, h, 0, 0, 0, time.FixedZone("", 3600)) }
	wireTail := wire[strings.Index(wire, "\n\nWork is due"):]
	for _, tc := range []struct {
		name     string
		a, b     Document
		passage  string // the text both share; "" for none
		origin   string // "a", "b" or ""
		by, rule string
	}{
		{"earlier date", Document{Published: day(3), Text: wire}, Document{Published: day(4), Text: wire}, shared, "a", ByPublished, ""},
		{"later date", Document{Published: day(5), Text: wire}, Document{Published: day(4), Text: wire}, shared, "b", ByPublished, ""},
		{"earlier time", Document{Published: at(4, 15), Text: wire}, Document{Published: at(4, 9), Text: wire}, shared, "b", ByPublished, ""},
		{"same day, a date alone: the text decides", Document{Published: day(4), Text: wire},
			Document{Published: at(4, 9), Text: "By Tom Reyes\n\nPORT ELLIS, March 4 (Coastline Daily) -\n\n" + wire}, shared, "a", ByText, "lead"},
		{"one date unknown: the text decides", Document{Text: "By Tom Reyes\n\nPORT ELLIS, March 4 (Coastline Daily) -\n\n" + wire},
			Document{Published: day(9), Text: wire}, shared, "b", ByText, "lead"},
		{"same text, no dates", Document{Text: wire}, Document{Text: wire}, shared, "", "", ""},
		{"no passages, no dates", Document{Text: wire}, Document{Text: recipe}, "", "", "", ""},
		{"names the other's outlet", Document{Source: "harbor-gazette", Text: wire},
			Document{Source: "valley-courier", Text: wire + "\n\nThis story first appeared in the Harbor Gazette."}, shared, "a", ByText, "names"},
		{"trimmed", Document{Text: wire}, Document{Text: wire[:strings.Index(wire, "\n\nFishing crews")]},
			wire[:strings.Index(wire, "\n\nFishing crews")], "a", ByText, "trimmed"},
		{"inserted into unrelated text", Document{Text: recipe[:200] + " " + quote + " " + recipe[200:]},
			Document{Text: wire}, quote, "b", ByText, "cohesion"},
		{"a paragraph of its own", Document{Text: "Council news in brief.\n\nThe budget vote is next week, councillors said.\n\n" +
			"Miriam Oduya said the work would let container ships of up to 9,000 units dock at the bay for the first time.\n\nParking charges rise in May."},
			Document{Text: wire}, "Miriam Oduya said the work would let container ships of up to 9,000 units dock at the bay for the first time.", "b", ByText, "inserted"},
		{"credited", Document{Text: wire + "\n\nReprinted with permission."}, Document{Text: wire + "\n\nMore news at six."},
			wire, "b", ByText, "credit"},
		{"lead only on one side", Document{Text: wire + wireTail}, Document{Text: "By Tom Reyes\n\nPORT ELLIS, March 4 (Coastline Daily) -\n\n" + wire + wireTail},
			shared, "a", ByText, "lead"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := tc.a, tc.b
			a.ID, b.ID = "A", "B"
			var ps []Passage
			if tc.passage != "" {
				ps = passagesOf(t, a.Text, b.Text, tc.passage)
			}
			want := Direction{By: tc.by, Rule: tc.rule}
			switch tc.origin {
			case "a":
				want.Origin = "A"
			case "b":
				want.Origin = "B"
			}
			if got := Origin(&a, &b, ps); got != want {
				t.Errorf("Origin(A, B) = %+v, want %+v", got, want)
			}
			// the same pair the other way round names the same document
			if got := Origin(&b, &a, swapped(ps)); got != want {
				t.Errorf("Origin(B, A) = %+v, want %+v", got, want)
			}
		})
	}
}

func TestPublishedOrder(t *testing.T) {
	day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		a, b time.Time
		want int
	}{
		{"unknown", time.Time{}, day, 0},
		{"both unknown", time.Time{}, time.Time{}, 0},
		{"same date", day, day, 0},
		{"next day", day, day.AddDate(0, 0, 1), -1},
		{"date and a time that day", day, day.Add(15 * time.Hour), 0},
		{"date and a time the day before", day, day.Add(-time.Hour), 1},
		{"two times", day.Add(9 * time.Hour), day.Add(15 * time.Hour), -1},
		{"two times, other zones, same instant", day.Add(9 * time.Hour), day.Add(9 * time.Hour).In(time.FixedZone("", 7200)), 0},
	} {
		if got := publishedOrder(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: publishedOrder(%v, %v) = %d, want %d", tc.name, tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSpread(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }
	m := func(id string, t time.Time) Member { return Member{ID: id, Published: t} }
	p := func(a, b, origin string) Pair { return Pair{A: a, B: b, Origin: origin} }
	for _, tc := range []struct {
		name    string
		members []Member
		pairs   []Pair
		first   string
		ids     []string
		rank    []int
	}{
		{"by date", []Member{m("c", day(6)), m("a", day(4)), m("b", day(5))}, nil, "a", []string{"a", "b", "c"}, []int{1, 2, 3}},
		{"same day, ordered by the text", []Member{m("a", day(4)), m("b", day(4)), m("c", day(5))},
			[]Pair{p("a", "b", "b")}, "b", []string{"b", "a", "c"}, []int{1, 2, 3}},
		{"same day, the text undecided: tied", []Member{m("a", day(4)), m("b", day(4)), m("c", day(5))},
			[]Pair{p("a", "b", "")}, "", []string{"a", "b", "c"}, []int{1, 1, 3}},
		{"tied after the first", []Member{m("a", day(3)), m("b", day(4)), m("c", day(4)), m("d", day(5))},
			nil, "a", []string{"a", "b", "c", "d"}, []int{1, 2, 2, 4}},
		{"no dates: a chain", []Member{m("c", time.Time{}), m("b", time.Time{}), m("a", time.Time{})},
			[]Pair{p("c", "b", "b"), p("b", "a", "a"), p("c", "a", "a")}, "a", []string{"a", "b", "c"}, []int{1, 2, 3}},
		{"no dates: a star", []Member{m("x", time.Time{}), m("y", time.Time{}), m("o", time.Time{})},
			[]Pair{p("x", "o", "o"), p("y", "o", "o")}, "o", []string{"o", "x", "y"}, []int{1, 2, 2}},
		{"undated after dated", []Member{m("u", time.Time{}), m("a", day(4))},
			[]Pair{p("u", "a", "u")}, "a", []string{"a", "u"}, []int{1, 2}},
		{"the text does not reorder dates", []Member{m("a", day(4)), m("b", day(5))},
			[]Pair{p("a", "b", "b")}, "a", []string{"a", "b"}, []int{1, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first, ids, rank := Spread(tc.members, tc.pairs)
			if first != tc.first || !slices.Equal(ids, tc.ids) || !slices.Equal(rank, tc.rank) {
				t.Errorf("Spread = %q, %q, %v; want %q, %q, %v", first, ids, rank, tc.first, tc.ids, tc.rank)
			}
		})
	}
}

func TestSentenceBreak(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string // the words that start a sentence
	}{
		{"It rained. Then it stopped.", []string{"It", "Then"}},
		{"At 9:05 a.m. Ferries sail.", []string{"At"}}, // an initial's stop never ends a sentence
		{"Mr. Oduya spoke. Dr. Reyes left.", []string{"Mr", "Dr"}},
		{"At 9:05 a.m. ferries sail.", []string{"At"}},
		{"The U.S. Senate voted.", []string{"The"}},
		{"Title\nBody text here.", []string{"Title", "Body"}},
		{`He said: "Go." "Now?" she asked.`, []string{"He", "Now"}},
		{"It cost 3.5 million. 40 jobs went.", []string{"It", "40"}},
	} {
		var got []string
		text := tc.text
		for i := 0; i < len(text); i++ {
			if (i == 0 || !isWordByte(text[i-1])) && isWordByte(text[i]) && sentenceBreak(text, i) {
				j := i
				for j < len(text) && isWordByte(text[j]) {
					j++
				}
				got = append(got, text[i:j])
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("sentences of %q start at %q, want %q", tc.text, got, tc.want)
		}
	}
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// TestSideOfScratch: a side measured in a scratch that measured a longer text before is measured
// as in a scratch of its own.
func TestSideOfScratch(t *testing.T) {
	long := strings.Repeat(recipe+"\n\n", 6) + wire
	short := recipe + "\n\n" + shared + "\n\nA closing line of the short article about the harbour."
	var sc sideScratch
	for _, text := range []string{long, short, long, short} {
		toks := shingle.Tokenize(text)
		i := strings.Index(text, shared)
		spans := []byteSpan{{i, i + len(shared)}}
		got, want := sideOf(text, spans, toks, "Harbour Wire", &sc), sideOf(text, spans, toks, "Harbour Wire", nil)
		if got.words != want.words || got.shared != want.shared || got.lead != want.lead || got.tail != want.tail ||
			got.paraIn != want.paraIn || got.cohere != want.cohere || got.near != want.near || got.names != want.names ||
			!slices.Equal(got.in, want.in) {
			t.Errorf("text of %d bytes: with a used scratch %+v, with its own %+v", len(text), got, want)
		}
	}
}
