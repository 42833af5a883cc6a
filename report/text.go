package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/neardup/neardup/pipeline"
)

// TextOptions tunes the text report. The zero value works.
type TextOptions struct {
	Width int // columns to fit lines in (a terminal's width); default 100
	// Passages caps the shared passages quoted per cluster, and those of documents in no story,
	// most shared first; default 3.
	Passages int
	// Pairs caps the pairs listed per cluster, and its linked documents, in report order; default
	// 10 (a story of 30 outlets has up to 435 pairs).
	Pairs int
	Color bool // ANSI colours (the caller decides: a terminal, and NO_COLOR unset)
	// Timestamp, if set, is printed as the report's first line ("generated ..."); reports are
	// otherwise free of timestamps, so that the same input gives the same bytes.
	Timestamp string
}

// Text writes a report for a terminal. Per cluster: its kind and members; its shared passages,
// each quoted once with the articles it occurs in; one line per pair (relation, why it is a
// story edge, Jaccard, coverage); and the documents outside it that share passages with it.
// Then the hubs, the shared passages of documents in no story, and totals. Singletons are
// counted, not listed.
func Text(w io.Writer, res *pipeline.Result, opts TextOptions) error {
	if opts.Width <= 0 {
		opts.Width = 100
	}
	if opts.Passages <= 0 {
		opts.Passages = 3
	}
	if opts.Pairs <= 0 {
		opts.Pairs = 10
	}
	t := &textWriter{w: bufio.NewWriter(w), opts: opts, where: placesOf(res), res: res, texts: map[string]string{}}
	if opts.Timestamp != "" {
		fmt.Fprintf(t.w, "generated %s\n\n", opts.Timestamp)
	}
	for i := range res.Clusters {
		c := &res.Clusters[i]
		if err := withTexts(res, c, func() error { return t.cluster(c) }); err != nil {
			return err
		}
		clear(t.texts)
		fmt.Fprintln(t.w)
	}
	t.hubs(res.Hubs, "Hubs")
	t.hubs(res.Linked, "Linked")
	if err := t.loose(res); err != nil {
		return err
	}
	t.totals(res)
	return t.w.Flush()
}

// textWriter writes one text report.
type textWriter struct {
	w     *bufio.Writer
	opts  TextOptions
	where places
	res   *pipeline.Result
	texts map[string]string // the texts read for the section being written, to locate passages in
}

// text returns the text of document id, read once per section.
func (t *textWriter) text(id string) (string, error) {
	if s, ok := t.texts[id]; ok {
		return s, nil
	}
	s, err := t.res.Text(id)
	if err != nil {
		return "", err
	}
	t.texts[id] = s
	return s, nil
}

// located is document id, with where in it the occurrences of sp lie: "a.txt ¶3", "a.txt ¶3 ¶7"
// (see position). It reads the document's text back: an error doing so is returned.
func (t *textWriter) located(sp *pipeline.SharedPassage, id string) (string, error) {
	s := Printable(id)
	text, err := t.text(id)
	if err != nil || text == "" {
		return s, err
	}
	for _, o := range sp.Occurrences {
		if o.ID == id {
			s += " " + position(text, o.Start)
		}
	}
	return s, nil
}

var relColor = map[pipeline.Relation]string{pipeline.Exact: "35", pipeline.NearDuplicate: "34", pipeline.Reuse: "33"}

func (t *textWriter) paint(code, s string) string {
	if !t.opts.Color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (t *textWriter) cluster(c *pipeline.Cluster) error {
	t.fit(fmt.Sprintf("%s: %s, %d articles, representative %s", t.paint("1", fmt.Sprintf("Cluster %d", c.Number)),
		c.Kind, len(c.Members), Printable(c.Representative)), "    ")
	for _, m := range c.Members {
		t.member("  - ", m)
	}
	if line := spreadLine(c); line != "" {
		t.fit(line, "      ")
	}
	if line := joinedLine(c); line != "" {
		t.fit(line, "      ")
	}
	if line := joinedPartsLine(c); line != "" {
		t.fit(line, "      ")
	}
	if n := len(c.Passages); n > 0 {
		head := fmt.Sprintf("  %d shared passage%s:", n, plural(n))
		if n > t.opts.Passages {
			head = fmt.Sprintf("  %d shared passages, the %d most shared:", n, t.opts.Passages)
		}
		fmt.Fprintln(t.w, head)
		if err := t.passages(c.Passages, c.Number, memberSet(c.Members)); err != nil {
			return err
		}
	}
	fmt.Fprintf(t.w, "  %d pair%s:\n", len(c.Pairs), plural(len(c.Pairs)))
	t.pairs(c.Pairs)
	for i, l := range c.Links {
		if i == t.opts.Pairs {
			n := len(c.Links) - i
			fmt.Fprintf(t.w, "  and %d more linked document%s\n", n, plural(n))
			break
		}
		n := linkPassages(l)
		line := fmt.Sprintf("  linked: %s%s, shares %d passage%s", Printable(l.ID), t.where.label(l.ID, c.Number), n, plural(n))
		if len(l.Pairs) > 1 {
			line += fmt.Sprintf(" with %d members", len(l.Pairs))
		}
		t.fit(line, "    ")
	}
	return nil
}

// fit writes line, broken between words where it is wider than opts.Width (fitWords), the lines
// after the first indented by indent.
func (t *textWriter) fit(line, indent string) {
	fmt.Fprintln(t.w, fitWords(line, t.opts.Width, indent))
}

// member writes a member's line: id, source, author, date, and as much of its title as fits.
func (t *textWriter) member(prefix string, m pipeline.Member) {
	line := prefix + Printable(m.ID)
	if m.Source != "" {
		line += "  [" + Printable(m.Source) + "]"
	}
	if m.Author != "" {
		line += "  by " + Printable(m.Author)
	}
	switch {
	case m.Earlier:
		line += "  (indexed, earlier in this story)"
	case m.Indexed:
		line += "  (indexed)"
	}
	if m.Hub {
		line += "  (hub)"
	}
	if d := Date(m.Published); d != "" {
		line += "  " + d
	}
	title := Printable(m.Title)
	indent := strings.Repeat(" ", len(prefix)+4)
	room := t.opts.Width - columns(line) - 4 // two spaces and the quotes
	line = fitWords(line, t.opts.Width, indent)
	switch {
	case title == "":
	case columns(title) <= room:
		line += "  " + quote(title)
	default: // a title that does not fit goes on a line of its own, whole if it can
		line += "\n" + indent + quote(trimEnd(title, t.opts.Width-len(prefix)-6))
	}
	fmt.Fprintln(t.w, line)
}

// passages quotes the most shared of sps (opts.Passages of them), each with the articles it
// occurs in, located in those shown (listLines of them); cluster is the number of the cluster
// they are of, 0 for none, and members its members (nil for none): a cluster's passages held by
// most of its members come first (the articles outside it are labelled with where they are).
func (t *textWriter) passages(sps []pipeline.SharedPassage, cluster int, members map[string]bool) error {
	order := mostShared(sps, members)
	for _, i := range order[:min(len(order), t.opts.Passages)] {
		sp := &sps[i]
		line := Shorten(fmt.Sprintf("    %3d words: %s", sp.Words, quote(Printable(oneLine(passageText(sp))))), t.opts.Width)
		k := strings.Index(line, ":") + 1 // the word count, dimmed
		fmt.Fprintln(t.w, t.paint("2", line[:k])+line[k:])
		ids, occ := spread(sp)
		lo, hi := wordRange(sp)
		head := fmt.Sprintf("in %d article%s", len(ids), plural(len(ids)))
		var more []string
		if occ > len(ids) {
			more = append(more, fmt.Sprintf("%d times", occ))
		}
		if lo != hi {
			more = append(more, fmt.Sprintf("%d–%d words", lo, hi))
		}
		if sp.Match == pipeline.Rewritten { // its two sides are the same sentences in other words
			more = append(more, "rewritten")
		}
		if more != nil {
			head += " (" + strings.Join(more, ", ") + ")"
		}
		var err error
		item := func(j int) string { // read back only for the articles the list shows
			s, e := t.located(sp, ids[j])
			err = cmp.Or(err, e)
			return s + t.where.label(ids[j], cluster)
		}
		fmt.Fprintln(t.w, wrapList("        "+head+": ", len(ids), item, t.opts.Width, listLines))
		if err != nil {
			return err
		}
	}
	if n := len(sps) - t.opts.Passages; n > 0 {
		fmt.Fprintf(t.w, "    and %d more passage%s\n", n, plural(n))
	}
	return nil
}

// pairs writes one line per pair, up to opts.Pairs of them, with the columns aligned.
func (t *textWriter) pairs(ps []pipeline.Pair) {
	shown := ps[:min(len(ps), t.opts.Pairs)]
	relW, whyW, context := 0, 0, false
	for _, p := range shown {
		relW = max(relW, len(p.Relation))
		whyW = max(whyW, len(storyReason(p)))
		context = context || p.Context >= 0
	}
	for _, p := range shown {
		rel := string(p.Relation)
		// the units a line that does not fit breaks between: A stays with the ~
		units := []string{"    " + t.paint(relColor[p.Relation], rel) + strings.Repeat(" ", relW-len(rel)),
			fmt.Sprintf("  %-*s", whyW, storyReason(p)), fmt.Sprintf("  jaccard %.2f", p.Jaccard),
			fmt.Sprintf("  coverage %3.0f%% / %3.0f%%", 100*p.CoverageA, 100*p.CoverageB)}
		switch {
		case p.Context >= 0:
			units = append(units, fmt.Sprintf("  context %.2f", p.Context))
		case context:
			units = append(units, strings.Repeat(" ", len("  context 0.00")))
		}
		units = append(units, "  "+Printable(p.A)+" "+originArrow(p), " "+Printable(p.B))
		if p.OriginBy != "" {
			units = append(units, " ("+p.OriginBy+")")
		}
		fmt.Fprintln(t.w, fitUnits(units, t.opts.Width, "      "))
	}
	if n := len(ps) - len(shown); n > 0 {
		fmt.Fprintf(t.w, "    and %d more pair%s\n", n, plural(n))
	}
}

// storyReason is why a pair is a story edge, or "(link)" for a pair that only links.
func storyReason(p pipeline.Pair) string {
	if p.Story == "" {
		return "(link)"
	}
	return p.Story
}

// hubs lists documents in no cluster that share passages with others, under heading: one line
// for the document, one for what it shares with whom. The hubs (a digest, a roundup) come
// first, then the other documents with links.
func (t *textWriter) hubs(hubs []pipeline.Hub, heading string) {
	if len(hubs) == 0 {
		return
	}
	verb := "share"
	if len(hubs) == 1 {
		verb = "shares"
	}
	what := "passages with others"
	if heading == "Hubs" {
		what = "passages with several stories"
	}
	t.fit(fmt.Sprintf("%s: %d document%s in no story that %s %s", t.paint("1", heading),
		len(hubs), plural(len(hubs)), verb, what), "  ")
	for _, h := range hubs {
		m := h.Member
		m.Hub = false // the heading says it
		t.member("  - ", m)
		var clusters, docs []string
		seen := map[int]bool{}
		for _, l := range h.Links {
			switch {
			case l.Cluster == 0:
				docs = append(docs, Printable(l.ID))
			case !seen[l.Cluster]:
				seen[l.Cluster] = true
				clusters = append(clusters, strconv.Itoa(l.Cluster))
			}
		}
		n := hubPassages(h)
		head := fmt.Sprintf("      shares %d passage%s with ", n, plural(n))
		var items []string
		if len(clusters) > 0 {
			items = append(items, "cluster"+plural(len(clusters))+" "+clusters[0])
			items = append(items, clusters[1:]...)
		}
		items = append(items, docs...)
		fmt.Fprintln(t.w, fitList(head, items, t.opts.Width))
	}
	fmt.Fprintln(t.w)
}

// loose quotes the most shared of the shared passages of documents in no story.
func (t *textWriter) loose(res *pipeline.Result) error {
	sps := res.Passages
	if len(sps) == 0 {
		return nil
	}
	fmt.Fprintf(t.w, "%s: %d\n", t.paint("1", "Shared passages of documents in no story"), len(sps))
	// only the passages quoted need their texts
	order := mostShared(sps, nil)
	var quoted []*pipeline.SharedPassage
	for _, i := range order[:min(len(order), t.opts.Passages)] {
		quoted = append(quoted, &sps[i])
	}
	if err := withPassageTexts(res, quoted, func() error { return t.passages(sps, 0, nil) }); err != nil {
		return err
	}
	clear(t.texts)
	fmt.Fprintln(t.w)
	return nil
}

// withTexts runs f with the texts of cluster c loaded, and leaves them as it found them: a
// report does not change the result it renders, whose caller may have loaded them.
func withTexts(res *pipeline.Result, c *pipeline.Cluster, f func() error) error {
	if textsLoaded(c) {
		return f()
	}
	defer res.DropTexts(c)
	if err := res.LoadTexts(c); err != nil {
		return err
	}
	return f()
}

// textsLoaded reports whether every text that LoadTexts fills in is there.
func textsLoaded(c *pipeline.Cluster) bool {
	pairs := func(ps []pipeline.Pair) bool {
		for _, p := range ps {
			if len(p.Passages) > 0 && p.Passages[0].AText == "" {
				return false
			}
		}
		return true
	}
	for _, sp := range c.Passages {
		if len(sp.Occurrences) > 0 && sp.Text == "" {
			return false
		}
	}
	for _, l := range c.Links {
		if !pairs(l.Pairs) {
			return false
		}
	}
	return pairs(c.Pairs)
}

// withPassageTexts runs f with the texts of the shared passages sps loaded, and leaves them as it
// found them.
func withPassageTexts(res *pipeline.Result, sps []*pipeline.SharedPassage, f func() error) error {
	for _, sp := range sps {
		if sp.Text != "" || len(sp.Occurrences) == 0 {
			continue
		}
		defer pipeline.DropPassageTexts(sp)
		if err := res.LoadPassageTexts(sp); err != nil {
			return err
		}
	}
	return f()
}

// edgeReasons are the reasons for a story edge, in the order the totals list them.
var edgeReasons = []string{"copy", "own passages", "context", "substantial copy", "quotes", "series"}

func (t *textWriter) totals(res *pipeline.Result) {
	s := res.Stats
	kinds := map[string]int{}
	for _, c := range res.Clusters {
		kinds[c.Kind]++
	}
	keys := slices.Clone(edgeReasons)
	for _, r := range slices.Sorted(maps.Keys(s.Edges)) {
		if !slices.Contains(keys, r) {
			keys = append(keys, r) // a reason added since
		}
	}
	edges, reasons := 0, []string{}
	for _, r := range keys {
		if n := s.Edges[r]; n > 0 {
			edges += n
			reasons = append(reasons, fmt.Sprintf("%d %s", n, r))
		}
	}
	why := ""
	if edges > 0 {
		why = " (" + strings.Join(reasons, ", ") + ")"
	}
	line := fmt.Sprintf("%d document%s: %d cluster%s (%d exact, %d syndicated, %d story), %d hub%s, %d linked, %d singleton%s; "+
		"%d related pair%s (%d exact, %d near-duplicate, %d reuse), %d story edge%s%s",
		s.Docs, plural(s.Docs), s.Clusters, plural(s.Clusters), kinds[pipeline.KindExact], kinds[pipeline.KindSyndicated],
		kinds[pipeline.KindStory], len(res.Hubs), plural(len(res.Hubs)), len(res.Linked), s.Singletons, plural(s.Singletons),
		s.Pairs, plural(s.Pairs), s.PairsBy[pipeline.Exact], s.PairsBy[pipeline.NearDuplicate], s.PairsBy[pipeline.Reuse],
		edges, plural(edges), why)
	fmt.Fprintln(t.w, fitUnits(phrases(line), t.opts.Width, "  "))
}

// places says where each document of a result is: the cluster it is in, or that it is a hub.
type places struct {
	cluster map[string]int // cluster number
	hub     map[string]int // hub number, from 1
	linked  map[string]int // number among the other documents in no story with links, from 1
}

func placesOf(res *pipeline.Result) places {
	p := places{cluster: map[string]int{}, hub: map[string]int{}, linked: map[string]int{}}
	for _, c := range res.Clusters {
		for _, m := range c.Members {
			p.cluster[m.ID] = c.Number
		}
	}
	for i, h := range res.Hubs {
		p.hub[h.Member.ID] = i + 1
	}
	for i, h := range res.Linked {
		p.linked[h.Member.ID] = i + 1
	}
	return p
}

// label names where document id is, seen from cluster home: "" when it is in home, else
// " (cluster N)", " (hub)", or " (no story)".
func (p places) label(id string, home int) string {
	switch c := p.cluster[id]; {
	case c == home && c != 0:
		return ""
	case c != 0:
		return fmt.Sprintf(" (cluster %d)", c)
	case p.hub[id] != 0:
		return " (hub)"
	case home == 0:
		return ""
	}
	return " (no story)"
}

// mostShared returns the indexes of sps, the passage in the most of members first (when
// members is not nil: a cluster's, so that its quotes come before a standard paragraph one of
// its members shares with linked articles), then in the most documents, then the longest.
func mostShared(sps []pipeline.SharedPassage, members map[string]bool) []int {
	order := make([]int, len(sps))
	docs := make([]int, len(sps))
	in := make([]int, len(sps))
	for i := range sps {
		order[i] = i
		ids, _ := spread(&sps[i])
		docs[i], in[i] = len(ids), inMembers(ids, members)
	}
	slices.SortStableFunc(order, func(x, y int) int {
		return cmp.Or(in[y]-in[x], docs[y]-docs[x], sps[y].Words-sps[x].Words)
	})
	return order
}

// memberSet returns the ids of members.
func memberSet(members []pipeline.Member) map[string]bool {
	set := make(map[string]bool, len(members))
	for _, m := range members {
		set[m.ID] = true
	}
	return set
}

// joinedLine says which members are in none of the cluster's pairs: they joined the story by
// its recurring text alone (the shared passages show where they hold it); "" for none. The
// indexed articles of the earlier story the cluster continues are in no pair either: they say
// so on their own lines (member).
func joinedLine(c *pipeline.Cluster) string {
	paired := pairedIDs(c)
	var ids []string
	for _, m := range c.Members {
		if !paired[m.ID] && !m.Earlier {
			ids = append(ids, Printable(m.ID))
		}
	}
	if len(ids) == 0 {
		return ""
	}
	const most = 5
	more := ""
	if len(ids) > most {
		more = fmt.Sprintf(" and %d more", len(ids)-most)
		ids = ids[:most]
	}
	return fmt.Sprintf("  joined by a shared passage alone (in no pair): %s%s", strings.Join(ids, ", "), more)
}

// joinedPartsLine says which members' pairs relate them to each other and to none of the
// cluster's largest group of members related by its pairs (joinedParts): a small story that
// joined the larger one by the recurring text both hold (its occurrences are among the shared
// passages); "" for none. Each part's members are listed together, parts apart by "; ".
func joinedPartsLine(c *pipeline.Cluster) string {
	const most = 5
	var parts []string
	listed, total := 0, 0
	for _, part := range joinedParts(c) {
		total += len(part)
		var ids []string
		for _, id := range part[:min(len(part), most-listed)] {
			ids = append(ids, Printable(id))
		}
		listed += len(ids)
		if len(ids) > 0 {
			parts = append(parts, strings.Join(ids, ", "))
		}
	}
	if total == 0 {
		return ""
	}
	more := ""
	if total > listed {
		more = fmt.Sprintf(" and %d more", total-listed)
	}
	return fmt.Sprintf("  joined by a shared passage, with pairs of their own: %s%s", strings.Join(parts, "; "), more)
}

// joinedParts returns the parts of cluster c's members that its pairs relate (connected
// components), but the largest (the first of equal ones) and members in no pair: each a part of
// two or more members, its ids in the members' order, the parts in the order of their first.
func joinedParts(c *pipeline.Cluster) [][]string {
	part := map[string]string{} // member: another of its part (union-find by id)
	var find func(id string) string
	find = func(id string) string {
		p, ok := part[id]
		if !ok || p == id {
			return id
		}
		r := find(p)
		part[id] = r
		return r
	}
	for _, p := range c.Pairs {
		if a, b := find(p.A), find(p.B); a != b {
			part[b] = a
		}
	}
	index := map[string]int{} // root: its part in parts
	var parts [][]string
	for _, m := range c.Members {
		r := find(m.ID)
		k, ok := index[r]
		if !ok {
			k = len(parts)
			index[r] = k
			parts = append(parts, nil)
		}
		parts[k] = append(parts[k], m.ID)
	}
	main := 0
	for k := range parts {
		if len(parts[k]) > len(parts[main]) {
			main = k
		}
	}
	out := parts[:0]
	for k, p := range parts {
		if k != main && len(p) >= 2 {
			out = append(out, p)
		}
	}
	return out
}

// pairedIDs returns the ids of a cluster's members in some pair of it: the others joined by a
// shared passage alone.
func pairedIDs(c *pipeline.Cluster) map[string]bool {
	paired := make(map[string]bool, len(c.Members))
	for _, p := range c.Pairs {
		paired[p.A], paired[p.B] = true, true
	}
	return paired
}

// inMembers counts the ids in members (0 for none).
func inMembers(ids []string, members map[string]bool) int {
	n := 0
	for _, id := range ids {
		if members[id] {
			n++
		}
	}
	return n
}

// spread returns the documents a shared passage occurs in, in order of first occurrence, and
// the number of its occurrences.
func spread(sp *pipeline.SharedPassage) (ids []string, occurrences int) {
	seen := make(map[string]bool, len(sp.Occurrences))
	for _, o := range sp.Occurrences {
		if !seen[o.ID] {
			seen[o.ID] = true
			ids = append(ids, o.ID)
		}
	}
	return ids, len(sp.Occurrences)
}

// wordRange returns the fewest and most words of a shared passage's occurrences.
func wordRange(sp *pipeline.SharedPassage) (lo, hi int) {
	for i, o := range sp.Occurrences {
		if i == 0 || o.Words < lo {
			lo = o.Words
		}
		hi = max(hi, o.Words)
	}
	return lo, hi
}

// passageText is the text of a shared passage's longest occurrence (the first of them), so that
// the quote is the passage its word count counts; SharedPassage.Text is the first occurrence's.
func passageText(sp *pipeline.SharedPassage) string {
	for _, o := range sp.Occurrences {
		if o.Words == sp.Words {
			if o.Text != "" {
				return o.Text
			}
			break
		}
	}
	return sp.Text
}

// linkPassages counts the cluster's shared passages that a linked document shares with it.
func linkPassages(l pipeline.Link) int {
	seen := map[int]bool{}
	n := 0
	for _, p := range l.Pairs {
		for _, q := range p.Passages {
			if q.Shared == 0 || !seen[q.Shared] {
				seen[q.Shared] = true
				n++
			}
		}
	}
	return n
}

// hubPassages counts the places in a hub's text that it shares with others.
func hubPassages(h pipeline.Hub) int {
	seen := map[[2]int]bool{}
	for _, l := range h.Links {
		for _, p := range l.Pairs {
			for _, q := range p.Passages {
				span := [2]int{q.BStart, q.BEnd}
				if p.A == h.Member.ID {
					span = [2]int{q.AStart, q.AEnd}
				}
				seen[span] = true
			}
		}
	}
	return len(seen)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// listLines is how many lines a passage's list of articles takes at most.
const listLines = 3

// wrapList writes prefix and then the n items, comma separated, on up to maxLines lines of width
// columns (continuation lines indented under the first item), each item whole (the first of a
// line even if it is wider); when some do not fit, the last line ends in "and N more". item(i)
// makes the i-th item; it is called once for each, in order, and not for those after the first
// that does not fit.
func wrapList(prefix string, count int, item func(int) string, width, maxLines int) string {
	if count == 0 {
		return prefix
	}
	indent := strings.Repeat(" ", columns(prefix))
	lines := [][]string{nil}
	n, placed := columns(prefix), 0
	for i := range count {
		it := item(i)
		cur := &lines[len(lines)-1]
		switch {
		case len(*cur) == 0:
			n += columns(it)
		case n+2+columns(it) < width: // and room for a comma after it
			n += 2 + columns(it)
		case len(lines) < maxLines:
			lines = append(lines, nil)
			cur = &lines[len(lines)-1]
			n = len(indent) + columns(it)
		default:
			goto full
		}
		*cur = append(*cur, it)
		placed++
	}
full:
	width0 := func(k int) int { // of line k as it stands
		w := len(indent)
		for j, it := range lines[k] {
			w += columns(it)
			if j > 0 {
				w += 2
			}
		}
		return w
	}
	suffix := ""
	if placed < count {
		k := len(lines) - 1
		for { // make room on the last line for the count of the rest
			suffix = fmt.Sprintf("and %d more", count-placed)
			if len(lines[k]) == 0 || width0(k)+2+columns(suffix) <= width || len(lines[k]) == 1 && k == 0 {
				break
			}
			lines[k] = lines[k][:len(lines[k])-1]
			placed--
		}
	}
	var b strings.Builder
	b.WriteString(prefix)
	for k, l := range lines {
		if k > 0 {
			b.WriteString(",\n" + indent)
		}
		b.WriteString(strings.Join(l, ", "))
	}
	if suffix != "" {
		if len(lines[len(lines)-1]) > 0 {
			b.WriteString(", ")
		}
		b.WriteString(suffix)
	}
	return b.String()
}

// fitList writes prefix and then as many whole items, comma separated, as fit in width columns
// (at least one), ending in "…" when some are left out.
func fitList(prefix string, items []string, width int) string {
	var b strings.Builder
	b.WriteString(prefix)
	n := columns(prefix)
	for i, it := range items {
		sep := ", "
		if i == 0 {
			sep = ""
		}
		w := columns(sep + it)
		room := 0
		if i+1 < len(items) {
			room = columns(", …")
		}
		if i > 0 && n+w+room > width {
			b.WriteString(", …")
			break
		}
		b.WriteString(sep + it)
		n += w
	}
	return b.String()
}

func quote(s string) string { return "\u201c" + s + "\u201d" }

// oneLine folds every run of white space into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
