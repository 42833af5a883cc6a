package pipeline

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	synth "github.com/neardup/neardup/corpus"
)

// The direction figures of BENCHMARKS.md: go test ./pipeline -run TestDirectionAccuracy -direction
// (needs ../shared/data; about a minute).
var (
	directionEval = flag.Bool("direction", false, "measure the direction of pairs on the synthetic corpus and PAN-13 (TestDirectionAccuracy)")
	directionN    = flag.Int("direction-n", 5000, "articles of the synthetic corpus for -direction")
	directionSeed = flag.Uint64("direction-seed", 3, "seed of the synthetic corpus for -direction")
)

// directionTally counts, over labelled pairs (base, copy), what the report named as origin.
type directionTally struct {
	pairs, found, right, wrong, undecided int
	byPublished, byText, textRight        int
	rules                                 map[string][2]int // per text rule: right, wrong
}

func (d *directionTally) add(p *Pair, base string) {
	d.found++
	switch {
	case p.Origin == "":
		d.undecided++
	case p.Origin == base:
		d.right++
	default:
		d.wrong++
	}
	switch p.OriginBy {
	case ByPublished:
		d.byPublished++
	case ByText:
		d.byText++
		if d.rules == nil {
			d.rules = map[string][2]int{}
		}
		r := d.rules[p.OriginRule]
		if p.Origin == base {
			d.textRight++
			r[0]++
		} else {
			r[1]++
		}
		d.rules[p.OriginRule] = r
	}
}

func (d *directionTally) String() string {
	pct := func(n, of int) string {
		if of == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
	}
	s := fmt.Sprintf("%d labelled, %d reported; of these: base named origin %s, copy named %s, undecided %s; by published %d, by text %d (right %s)",
		d.pairs, d.found, pct(d.right, d.found), pct(d.wrong, d.found), pct(d.undecided, d.found),
		d.byPublished, d.byText, pct(d.textRight, d.byText))
	for _, r := range []string{"names", "cohesion", "inserted", "trimmed", "credit", "lead"} {
		if c, ok := d.rules[r]; ok {
			s += fmt.Sprintf("; %s %d/%d", r, c[0], c[0]+c[1])
		}
	}
	return s
}

// blind rewrites JSON Lines articles with the published field dropped, the ids renamed (a
// random name, so that names say nothing of roles) and the lines shuffled (so that reading
// order says nothing either); it returns the new name of each id.
func blind(t *testing.T, in io.Reader, out io.Writer, seed uint64) map[string]string {
	rng := rand.New(rand.NewPCG(seed, 99))
	var recs []map[string]any
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	perm := rng.Perm(len(recs))
	enc := json.NewEncoder(out)
	for _, i := range perm {
		m := recs[i]
		id := fmt.Sprint(m["id"])
		names[id] = fmt.Sprintf("doc-%016x", rng.Uint64())
		m["id"] = names[id]
		delete(m, "published")
		delete(m, "role")
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

func runFile(t *testing.T, path string) *Result {
	res, err := Run(context.Background(), []string{path}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Close() })
	return res
}

func pairIndex(res *Result) map[[2]string]*Pair {
	m := make(map[[2]string]*Pair, len(res.Pairs))
	for i := range res.Pairs {
		p := &res.Pairs[i]
		m[[2]string{p.A, p.B}], m[[2]string{p.B, p.A}] = p, p
	}
	return m
}

func TestDirectionAccuracy(t *testing.T) {
	if !*directionEval {
		t.Skip("run with -direction")
	}
	data := filepath.Join("..", "..", "shared", "data")
	if _, err := os.Stat(data); err != nil {
		t.Skipf("no evaluation data: %v", err)
	}
	dir := t.TempDir()
	t.Run("synthetic", func(t *testing.T) {
		model, err := synth.TrainFile(filepath.Join(data, "reuters21578.jsonl.gz"))
		if err != nil {
			t.Fatal(err)
		}
		var arts, truth bytes.Buffer
		if _, err := synth.GenerateOutput(context.Background(), synth.Output{Articles: &arts, Truth: &truth}, model,
			synth.Options{N: *directionN, Seed: *directionSeed}); err != nil {
			t.Fatal(err)
		}
		type planted struct{ base, copy, kind string }
		var plants []planted
		for _, line := range strings.Split(strings.TrimSpace(truth.String()), "\n")[1:] {
			f := strings.Split(line, "\t")
			plants = append(plants, planted{f[0], f[1], f[2]})
		}
		plain := filepath.Join(dir, "synthetic.jsonl")
		if err := os.WriteFile(plain, arts.Bytes(), 0o666); err != nil {
			t.Fatal(err)
		}
		blindPath := filepath.Join(dir, "synthetic-blind.jsonl")
		var blinded bytes.Buffer
		names := blind(t, bytes.NewReader(arts.Bytes()), &blinded, *directionSeed)
		if err := os.WriteFile(blindPath, blinded.Bytes(), 0o666); err != nil {
			t.Fatal(err)
		}
		for _, v := range []struct {
			name  string
			path  string
			names map[string]string
		}{{"with published", plain, nil}, {"without published, shuffled, renamed", blindPath, names}} {
			res := runFile(t, v.path)
			idx := pairIndex(res)
			tallies := map[string]*directionTally{}
			for _, p := range plants {
				base, cp := p.base, p.copy
				if v.names != nil {
					base, cp = v.names[base], v.names[cp]
				}
				for _, k := range []string{"all", p.kind} {
					if tallies[k] == nil {
						tallies[k] = &directionTally{}
					}
					tallies[k].pairs++
					if q, ok := idx[[2]string{base, cp}]; ok {
						tallies[k].add(q, base)
					}
				}
			}
			// clusters: the first named is no planted copy
			copies := map[string]bool{}
			for _, p := range plants {
				c := p.copy
				if v.names != nil {
					c = v.names[c]
				}
				copies[c] = true
			}
			clusters, firstNamed, firstOriginal := 0, 0, 0
			for _, c := range res.Clusters {
				clusters++
				if c.First != "" {
					firstNamed++
					if !copies[c.First] {
						firstOriginal++
					}
				}
			}
			fmt.Printf("synthetic %d articles, seed %d, %s:\n", *directionN, *directionSeed, v.name)
			for _, k := range []string{"all", "syndicated", "truncated", "rewrite"} {
				if tl := tallies[k]; tl != nil {
					fmt.Printf("  %-10s %v\n", k, tl)
				}
			}
			fmt.Printf("  clusters %d: first named in %d, of which no planted copy %d (%.1f%%)\n",
				clusters, firstNamed, firstOriginal, 100*float64(firstOriginal)/float64(max(1, firstNamed)))
		}
	})
	t.Run("pan13", func(t *testing.T) {
		path := filepath.Join(data, "pan13", "docs.jsonl.gz")
		f, err := os.Open(path)
		if err != nil {
			t.Skip(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		var raw bytes.Buffer
		if _, err := io.Copy(&raw, zr); err != nil {
			t.Fatal(err)
		}
		roles := map[string]string{}
		sc := bufio.NewScanner(bytes.NewReader(raw.Bytes()))
		sc.Buffer(nil, 1<<26)
		for sc.Scan() {
			var d struct{ ID, Role string }
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				t.Fatal(err)
			}
			roles[d.ID] = d.Role
		}
		var blinded bytes.Buffer
		names := blind(t, bytes.NewReader(raw.Bytes()), &blinded, 5)
		blindPath := filepath.Join(dir, "pan13-blind.jsonl")
		if err := os.WriteFile(blindPath, blinded.Bytes(), 0o666); err != nil {
			t.Fatal(err)
		}
		role := map[string]string{} // by new name
		for id, n := range names {
			role[n] = roles[id]
		}
		// labelled pairs: the truth's (source, suspicious) pairs
		labelled := map[[2]string]bool{}
		tb, err := os.ReadFile(filepath.Join(data, "pan13", "truth.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(tb)), "\n") {
			var c struct{ A, B string }
			if err := json.Unmarshal([]byte(line), &c); err != nil {
				t.Fatal(err)
			}
			labelled[[2]string{names[c.A], names[c.B]}] = true
		}
		res := runFile(t, blindPath)
		idx := pairIndex(res)
		var all, lab directionTally
		for i := range res.Pairs {
			p := &res.Pairs[i]
			src := ""
			switch {
			case role[p.A] == "source" && role[p.B] == "suspicious":
				src = p.A
			case role[p.B] == "source" && role[p.A] == "suspicious":
				src = p.B
			default:
				continue
			}
			all.pairs++
			all.add(p, src)
		}
		for pr := range labelled {
			lab.pairs++
			if p, ok := idx[pr]; ok {
				lab.add(p, pr[0])
			}
		}
		fmt.Printf("PAN-13 dev, shuffled and renamed (no published):\n  reported source~suspicious pairs: %v\n  truth pairs: %v\n", &all, &lab)
	})
}
