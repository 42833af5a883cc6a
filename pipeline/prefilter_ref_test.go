package pipeline

import (
	"bufio"
	"context"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/neardup/neardup/internal/postings"
	"github.com/neardup/neardup/shingle"
)

// TestPrefilterReference measures the filter on a corpus against a reference list of pairs:
// NEARDUP_PREFILTER_CORPUS names the corpus, NEARDUP_PREFILTER_PAIRS a TSV whose first two
// columns are the ids of a pair (the bench kit's exact pairs, or a planted truth). For the LSH
// candidates and for the reference pairs, it counts those the filter drops, and those of them
// whose exact Jaccard or containment (of the sets verification compares) passes: a pair lost.
// It reports the least margin, in standard deviations, of the pairs that pass.
func TestPrefilterReference(t *testing.T) {
	path, pairsPath := os.Getenv("NEARDUP_PREFILTER_CORPUS"), os.Getenv("NEARDUP_PREFILTER_PAIRS")
	if path == "" {
		t.Skip("NEARDUP_PREFILTER_CORPUS not set")
	}
	opts := Options{NoReuse: true}
	opts.SetDefaults()
	opts.spoolShingles = true // sets of the low 32 bits, as verification's are with reuse
	type doc struct {
		mins []byte
		size setSize
		set  shingle.Set
		keys []uint32
	}
	var docs []doc
	ids := map[string]int{}
	var hs postings.HashSorter
	_, err := Each(context.Background(), []string{path}, nil, opts, nil, func(it *Item[struct{}]) error {
		a := &it.Analysis
		var sh []shingle.Shingle
		for k := range int(a.nsh) {
			sh = append(sh, shingle.Shingle{Hash: uint64(uint32(a.shingles[4*k]) | uint32(a.shingles[4*k+1])<<8 |
				uint32(a.shingles[4*k+2])<<16 | uint32(a.shingles[4*k+3])<<24)})
		}
		ids[it.Doc.ID] = len(docs)
		docs = append(docs, doc{mins: a.mins, size: a.size, set: appendSet(nil, sh, &hs), keys: a.BandKeys})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p := newPrefilter(&opts)
	minMargin := math.Inf(1)
	check := func(a, b int) (dropped, lost bool) {
		da, db := &docs[a], &docs[b]
		if len(da.mins) == 0 || len(db.mins) == 0 {
			return false, false
		}
		inter := da.set.Intersect(db.set)
		na, nb := len(da.set), len(db.set)
		j := float64(inter) / float64(na+nb-inter)
		c := float64(inter) / float64(min(na, nb))
		pass := j >= opts.Threshold || (c >= opts.Containment && min(na, nb) >= p.minSet)
		for _, x := range []struct {
			n int
			s setSize
		}{{na, da.size}, {nb, db.size}} {
			if x.n < int(x.s.lo) || x.n > int(x.s.hi) {
				t.Errorf("set size %d out of its bounds %+v", x.n, x.s)
			}
		}
		dropped = !p.keep(da.mins, db.mins, da.size, db.size)
		if pass {
			m := 0
			for i := range da.mins {
				if da.mins[i] == db.mins[i] {
					m++
				}
			}
			k := float64(len(da.mins))
			need := p.neededJaccard(da.size, db.size)
			pb := need + (1-need)/256
			minMargin = min(minMargin, (float64(m)-k*pb)/math.Sqrt(k*pb*(1-pb)))
		}
		return dropped, dropped && pass
	}
	// the LSH candidates
	byKey := map[uint32][]int{}
	for i, d := range docs {
		for _, k := range d.keys {
			byKey[k] = append(byKey[k], i)
		}
	}
	var cands []uint64
	for _, ds := range byKey {
		for x := range ds {
			for y := x + 1; y < len(ds); y++ {
				cands = append(cands, uint64(ds[x])<<32|uint64(ds[y]))
			}
		}
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)
	for _, z := range []float64{3, 4, 6} { // other margins, for comparison
		q, n := p, 0
		q.z = z
		for _, pr := range cands {
			a, b := &docs[pr>>32], &docs[pr&0xffffffff]
			if !q.keep(a.mins, b.mins, a.size, b.size) {
				n++
			}
		}
		t.Logf("with a margin of %.0f sd, %d candidates dropped", z, n)
	}
	nDropped, nLost := 0, 0
	for _, pr := range cands {
		d, l := check(int(pr>>32), int(pr&0xffffffff))
		if d {
			nDropped++
		}
		if l {
			nLost++
			t.Errorf("candidate %d, %d dropped but passes verification", pr>>32, pr&0xffffffff)
		}
	}
	t.Logf("%d documents; LSH candidates %d, dropped %d (%.1f%%), of which pass verification %d; least margin of a passing candidate %.2f sd",
		len(docs), len(cands), nDropped, 100*float64(nDropped)/float64(max(len(cands), 1)), nLost, minMargin)
	if pairsPath == "" {
		return
	}
	f, err := os.Open(pairsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	ref, refDropped, refLost := 0, 0, 0
	minMargin = math.Inf(1)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 2 {
			continue
		}
		a, okA := ids[fs[0]]
		b, okB := ids[fs[1]]
		if !okA || !okB {
			continue // a header
		}
		ref++
		d, l := check(a, b)
		if d {
			refDropped++
		}
		if l {
			refLost++
			t.Errorf("reference pair %s, %s dropped but passes verification", fs[0], fs[1])
		}
	}
	t.Logf("reference pairs %d: dropped %d (verification rejects them all too: %v), lost %d; least margin of a passing pair %.2f sd",
		ref, refDropped, refLost == 0, refLost, minMargin)
}
