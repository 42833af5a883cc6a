package eval

import (
	"math"
	"sort"
)

// Options are the choices of one scoring. The zero value scores every reported pair against the
// truth, with exact groups expanded.
type Options struct {
	// Relation keeps only the reported pairs of this relation (exact, near-duplicate, reuse), for
	// pairs and passages alike. Default "": all. Exact groups are expanded only for "" and "exact".
	Relation string
	// Listed are the pairs that were labelled at all (PAN's pairs.tsv). Default nil: every pair
	// was, so every reported pair is scored.
	Listed []Pair
	// Role gives a document's role, "" for none. Default nil: documents have no roles, and every
	// unlisted reported pair is stray.
	Role func(id string) string
	// SameCluster applies score.py pairs' rule: a truth pair is found when both ids are members of
	// one cluster, and precision is found / listed pairs. Default false: the exact-group rule.
	SameCluster bool
}

// Result holds the figures of one scoring.
type Result struct {
	Truth          int  // distinct truth pairs (positives)
	Negatives      int  // distinct labelled pairs not in the truth: listed, or labelled "none"
	Reported       int  // distinct reported pairs: listed in the report, and implied by exact groups
	Scored         int  // reported pairs that are scored: labelled ones, or all without a list
	Found          int  // truth pairs reported
	FalsePositives int  // scored reported pairs not in the truth
	Stray          int  // unlisted reported pairs (of two different roles, when there are roles): not scored
	Ignored        int  // other unlisted reported pairs (same role, or no role): not scored
	Listed         bool // a list of labelled pairs was given

	Precision, Recall, F1 float64

	// StrayLabel names the roles of the listed pairs ("suspicious-source"), for the summary.
	StrayLabel string
	// Passages holds the character-level figures; nil when no truth case has offsets.
	Passages *PassageResult
}

// PassageResult holds PAN's character-level figures (see the package documentation).
type PassageResult struct {
	Cases      int // truth passages on pairs whose passages all have exact offsets
	Pairs      int // the pairs of those cases
	Detections int // reported passages on those pairs
	Detected   int // cases that some detection overlaps

	Precision, Recall, Granularity, Plagdet float64
}

// key is an unordered pair: a <= b.
type key struct{ a, b string }

func keyOf(a, b string) key {
	if b < a {
		a, b = b, a
	}
	return key{a, b}
}

// Score scores a report against a truth.
func Score(out *Output, truth *Truth, opts Options) Result {
	res := Result{Listed: opts.Listed != nil}
	positives := make(map[key]bool)
	negatives := make(map[key]bool)
	for _, c := range truth.Cases {
		if c.Negative() {
			negatives[keyOf(c.A, c.B)] = true
		} else {
			positives[keyOf(c.A, c.B)] = true
		}
	}
	var labelled map[key]bool // nil: every pair is labelled
	if opts.Listed != nil {
		labelled = make(map[key]bool, len(opts.Listed)+len(positives)+len(negatives))
		for _, p := range opts.Listed {
			labelled[keyOf(p.A, p.B)] = true
		}
		for k := range negatives {
			labelled[k] = true
		}
		for k := range positives {
			labelled[k] = true
		}
		if opts.Role != nil && len(opts.Listed) > 0 {
			if ra, rb := opts.Role(opts.Listed[0].A), opts.Role(opts.Listed[0].B); ra != "" && rb != "" {
				res.StrayLabel = ra + "-" + rb
			}
		}
	}
	res.Truth = len(positives)
	if labelled != nil {
		res.Negatives = len(labelled) - len(positives)
	} else {
		for k := range negatives {
			if !positives[k] {
				res.Negatives++
			}
		}
	}

	cross := func(a, b string) bool {
		if opts.Role == nil {
			return true
		}
		ra, rb := opts.Role(a), opts.Role(b)
		return ra != "" && rb != "" && ra != rb
	}
	// classify counts a reported pair as scored, stray or ignored.
	classify := func(k key) {
		res.Reported++
		switch {
		case labelled == nil || labelled[k]:
			res.Scored++
			if positives[k] {
				res.Found++
			} else {
				res.FalsePositives++
			}
		case cross(k.a, k.b):
			res.Stray++
		default:
			res.Ignored++
		}
	}

	explicit := make(map[key]bool, len(out.Pairs))
	for _, p := range out.Pairs {
		if opts.Relation == "" || p.Relation == opts.Relation {
			explicit[keyOf(p.A, p.B)] = true
		}
	}
	var groups exactGroups
	if !opts.SameCluster && (opts.Relation == "" || opts.Relation == "exact") {
		groups = newExactGroups(out.Pairs)
	}
	for k := range explicit {
		if !groups.same(k.a, k.b) {
			classify(k)
		}
	}
	groups.count(&res, labelled, positives, opts.Role, cross)

	if opts.SameCluster {
		res.Found = 0
		for k := range positives {
			ca, okA := out.Cluster[k.a]
			cb, okB := out.Cluster[k.b]
			if explicit[k] || okA && okB && ca == cb {
				res.Found++
			}
		}
	}
	res.Precision = ratio(res.Found, res.Scored)
	res.Recall = ratio(res.Found, res.Truth)
	res.F1 = f1(res.Precision, res.Recall)
	res.Passages = scorePassages(out, truth, opts.Relation)
	return res
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// exactGroups are the connected components of a report's exact pairs: union-find over ids.
type exactGroups map[string]string // id -> parent

func newExactGroups(pairs []Reported) exactGroups {
	g := make(exactGroups)
	for _, p := range pairs {
		if p.Relation != "exact" || p.A == p.B {
			continue
		}
		ra, rb := g.find(p.A), g.find(p.B)
		if ra != rb {
			if rb < ra { // the smaller id is the root: deterministic
				ra, rb = rb, ra
			}
			g[rb] = ra
		}
	}
	return g
}

func (g exactGroups) find(id string) string {
	p, ok := g[id]
	if !ok {
		g[id] = id
		return id
	}
	if p == id {
		return id
	}
	root := g.find(p)
	g[id] = root
	return root
}

// same reports whether a and b are distinct members of one exact group.
func (g exactGroups) same(a, b string) bool {
	if g == nil || a == b {
		return false
	}
	if _, ok := g[a]; !ok {
		return false
	}
	if _, ok := g[b]; !ok {
		return false
	}
	return g.find(a) == g.find(b)
}

// count adds the pairs implied by the exact groups to res without listing them (a group of n
// members implies n(n-1)/2 pairs, and wire copies can make n large).
func (g exactGroups) count(res *Result, labelled, positives map[key]bool, role func(string) string, cross func(a, b string) bool) {
	if g == nil {
		return
	}
	type tally struct {
		n           int
		roles       map[string]int
		unlisted    int // implied pairs not labelled
		unlistedX   int // of those, of two different roles
		withoutRole int
	}
	groups := make(map[string]*tally)
	for id := range g {
		root := g.find(id)
		t := groups[root]
		if t == nil {
			t = &tally{roles: make(map[string]int)}
			groups[root] = t
		}
		t.n++
		if role != nil {
			if r := role(id); r != "" {
				t.roles[r]++
			} else {
				t.withoutRole++
			}
		}
	}
	for _, t := range groups {
		pairs := t.n * (t.n - 1) / 2
		res.Reported += pairs
		t.unlisted, t.unlistedX = pairs, pairs
		if role != nil { // pairs of two different roles: all pairs among members with a role, less same-role pairs
			withRole := t.n - t.withoutRole
			t.unlistedX = withRole * (withRole - 1) / 2
			for _, m := range t.roles {
				t.unlistedX -= m * (m - 1) / 2
			}
		}
	}
	if labelled == nil {
		for _, t := range groups {
			res.Scored += t.n * (t.n - 1) / 2
			res.FalsePositives += t.n * (t.n - 1) / 2
		}
		for k := range positives {
			if g.same(k.a, k.b) {
				res.Found++
				res.FalsePositives--
			}
		}
		return
	}
	for k := range labelled {
		if !g.same(k.a, k.b) {
			continue
		}
		t := groups[g.find(k.a)]
		res.Scored++
		if positives[k] {
			res.Found++
		} else {
			res.FalsePositives++
		}
		t.unlisted--
		if cross(k.a, k.b) {
			t.unlistedX--
		}
	}
	for _, t := range groups {
		res.Stray += t.unlistedX
		res.Ignored += t.unlisted - t.unlistedX
	}
}

// scorePassages computes PAN's character-level measures, exactly as score.py's pan does.
func scorePassages(out *Output, truth *Truth, relation string) *PassageResult {
	withOffsets := false
	excluded := make(map[key]bool) // pairs with a case that lacks exact offsets
	for _, c := range truth.Cases {
		if c.Negative() {
			continue
		}
		withOffsets = withOffsets || c.Offsets
		if !c.Offsets || !c.Anchored {
			excluded[keyOf(c.A, c.B)] = true
		}
	}
	if !withOffsets {
		return nil
	}
	// Cases, each in the orientation of its pair's first case.
	orient := make(map[key]Pair)
	casesOf := make(map[key][]Passage)
	var cases []Passage
	var caseKeys []key
	for _, c := range truth.Cases {
		k := keyOf(c.A, c.B)
		if c.Negative() || excluded[k] {
			continue
		}
		o, ok := orient[k]
		if !ok {
			o = Pair{c.A, c.B}
			orient[k] = o
		}
		s := c.Passage
		if c.A != o.A {
			s = flip(s)
		}
		cases = append(cases, s)
		caseKeys = append(caseKeys, k)
		casesOf[k] = append(casesOf[k], s)
	}
	// Detections: the passages the report gives for those pairs, in the same orientation; the
	// pair as the truth orders it first, as score.py's passages_for looks it up.
	listed := make(map[Pair]int, len(out.Pairs))
	for i, p := range out.Pairs {
		if relation == "" || p.Relation == relation {
			listed[Pair{p.A, p.B}] = i
		}
	}
	keys := make([]key, 0, len(orient))
	for k := range orient {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].a != keys[j].a {
			return keys[i].a < keys[j].a
		}
		return keys[i].b < keys[j].b
	})
	detsOf := make(map[key][]Passage)
	var dets []Passage
	var detKeys []key
	for _, k := range keys {
		o := orient[k]
		var ps []Passage
		if i, ok := listed[o]; ok {
			ps = out.Pairs[i].Passages
		} else if i, ok := listed[Pair{o.B, o.A}]; ok {
			for _, q := range out.Pairs[i].Passages {
				ps = append(ps, flip(q))
			}
		}
		for _, r := range ps {
			dets = append(dets, r)
			detKeys = append(detKeys, k)
			detsOf[k] = append(detsOf[k], r)
		}
	}

	res := &PassageResult{Cases: len(cases), Pairs: len(orient), Detections: len(dets)}
	var recSum, precSum float64
	granSum := 0
	for i, s := range cases {
		var hits []Passage
		for _, r := range detsOf[caseKeys[i]] {
			if overlaps(s, r) {
				hits = append(hits, r)
			}
		}
		if len(hits) == 0 {
			continue
		}
		res.Detected++
		granSum += len(hits)
		if n := length(s); n > 0 {
			recSum += float64(covered(s, hits)) / float64(n)
		}
	}
	for i, r := range dets {
		var hits []Passage
		for _, s := range casesOf[detKeys[i]] {
			if overlaps(s, r) {
				hits = append(hits, s)
			}
		}
		if len(hits) == 0 {
			continue
		}
		if n := length(r); n > 0 {
			precSum += float64(covered(r, hits)) / float64(n)
		}
	}
	if len(cases) > 0 {
		res.Recall = recSum / float64(len(cases))
	}
	if len(dets) > 0 {
		res.Precision = precSum / float64(len(dets))
	}
	res.Granularity = 1
	if res.Detected > 0 {
		res.Granularity = float64(granSum) / float64(res.Detected)
	}
	res.Plagdet = f1(res.Precision, res.Recall) / math.Log2(1+res.Granularity)
	return res
}

func flip(p Passage) Passage { return Passage{p.BStart, p.BEnd, p.AStart, p.AEnd} }

// length is the bytes of a passage in a plus those in b.
func length(p Passage) int { return (p.AEnd - p.AStart) + (p.BEnd - p.BStart) }

// overlaps reports whether two passages share at least one byte in a and one in b.
func overlaps(s, r Passage) bool {
	return min(s.AEnd, r.AEnd)-max(s.AStart, r.AStart) > 0 && min(s.BEnd, r.BEnd)-max(s.BStart, r.BStart) > 0
}

// covered is the bytes of p, in a and in b, that the union of others covers (others all overlap p).
func covered(p Passage, others []Passage) int {
	as := make([][2]int, len(others))
	bs := make([][2]int, len(others))
	for i, q := range others {
		as[i] = [2]int{max(p.AStart, q.AStart), min(p.AEnd, q.AEnd)}
		bs[i] = [2]int{max(p.BStart, q.BStart), min(p.BEnd, q.BEnd)}
	}
	return unionLen(as) + unionLen(bs)
}

// unionLen is the length of the union of byte ranges [start, end).
func unionLen(spans [][2]int) int {
	sort.Slice(spans, func(i, j int) bool {
		if spans[i][0] != spans[j][0] {
			return spans[i][0] < spans[j][0]
		}
		return spans[i][1] < spans[j][1]
	})
	total := 0
	curS, curE, open := 0, 0, false
	for _, sp := range spans {
		switch {
		case !open:
			curS, curE, open = sp[0], sp[1], true
		case sp[0] > curE:
			total += curE - curS
			curS, curE = sp[0], sp[1]
		default:
			curE = max(curE, sp[1])
		}
	}
	if open {
		total += curE - curS
	}
	return total
}
