package report

import (
	"fmt"
	"strings"

	"github.com/neardup/neardup/pipeline"
)

// spreadShown is how many of a cluster's members its spread line names.
const spreadShown = 12

// originArrow is the mark between a pair's ids in the text report: → when A is the likely
// origin, ← when B is, ~ when undecided.
func originArrow(p pipeline.Pair) string {
	switch p.Origin {
	case "":
		return "~"
	case p.A:
		return "→"
	}
	return "←"
}

// spreadLine is a cluster's order of appearance for the text report: "spread: a → b = c → d",
// members of one rank joined by "=" (tied: the same day, and the texts do not order them), the
// first spreadShown of them; "" for a cluster without a spread.
func spreadLine(c *pipeline.Cluster) string {
	if len(c.Spread) < 2 {
		return ""
	}
	var b strings.Builder
	b.WriteString("  spread: ")
	n := min(len(c.Spread), spreadShown)
	for i := range n {
		if i > 0 {
			if c.SpreadRank[i] == c.SpreadRank[i-1] {
				b.WriteString(" = ")
			} else {
				b.WriteString(" → ")
			}
		}
		b.WriteString(Printable(c.Spread[i]))
	}
	if more := len(c.Spread) - n; more > 0 {
		fmt.Fprintf(&b, " … and %d more", more)
	}
	if c.First == "" {
		b.WriteString("  (first undecided)")
	}
	return b.String()
}

// htmlSpreadItem is a member in a cluster's order of appearance, with the mark before it: "→"
// after an earlier rank, "=" beside a member of the same rank, "" for the first.
type htmlSpreadItem struct {
	ID, Sep string
}

// spreadItems is a cluster's order of appearance for the HTML report, and whether its first
// place is undecided.
func spreadItems(c *pipeline.Cluster) ([]htmlSpreadItem, bool) {
	if len(c.Spread) < 2 {
		return nil, false
	}
	items := make([]htmlSpreadItem, len(c.Spread))
	for i, id := range c.Spread {
		items[i].ID = id
		switch {
		case i == 0:
		case c.SpreadRank[i] == c.SpreadRank[i-1]:
			items[i].Sep = "="
		default:
			items[i].Sep = "→"
		}
	}
	return items, c.First == ""
}

// htmlChanges are the changes of a near-duplicate pair with its word diff.
type htmlChanges struct {
	From, To                 string
	Undecided                bool // the origin is unknown: From is A
	Edits                    []pipeline.Edit
	Added, Removed           []string
	WordsAdded, WordsRemoved int
	Truncated                bool
	Diff                     []diffSegment
}

// diffSegment is a piece of the word diff: text both hold (Op ""), text only the later has
// ("ins"), or text only the earlier has ("del").
type diffSegment struct {
	Text, Op string
}

// changesView is the changes ch of pair p (texts: A's and B's) with the word diff from the
// earlier text to the later, as the later reads with what it removed put back, struck out; nil
// for a pair without changes.
func changesView(p *pipeline.Pair, ch *pipeline.Changes, texts [2]string) *htmlChanges {
	if ch == nil {
		return nil
	}
	from, to := texts[0], texts[1]
	passages := p.Passages
	if ch.From == p.B && ch.From != p.A {
		from, to = to, from
		passages = make([]pipeline.Passage, len(p.Passages))
		for i, q := range p.Passages {
			passages[i] = pipeline.Passage{AStart: q.BStart, AEnd: q.BEnd, BStart: q.AStart, BEnd: q.AEnd, Words: q.Words}
		}
	}
	hc := &htmlChanges{From: ch.From, To: ch.To, Undecided: p.Origin == "", Edits: ch.Edits, Added: ch.Added,
		Removed: ch.Removed, WordsAdded: ch.WordsAdded, WordsRemoved: ch.WordsRemoved, Truncated: ch.Truncated}
	at := 0 // in to
	push := func(text, op string) {
		if text == "" {
			return
		}
		if n := len(hc.Diff); n > 0 && hc.Diff[n-1].Op == op {
			hc.Diff[n-1].Text += text
			return
		}
		hc.Diff = append(hc.Diff, diffSegment{Text: text, Op: op})
	}
	for _, o := range pipeline.WordDiff(from, to, passages) {
		if o.ToStart > at {
			push(to[at:o.ToStart], "")
			at = o.ToStart
		}
		switch o.Op {
		case '=':
			push(to[o.ToStart:o.ToEnd], "")
			at = o.ToEnd
		case '+':
			push(to[o.ToStart:o.ToEnd], "ins")
			at = o.ToEnd
		case '-':
			push(from[o.FromStart:o.FromEnd], "del")
			push(" ", "")
		}
	}
	push(to[at:], "")
	return hc
}
