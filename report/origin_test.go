package report

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

// wireStory is a wire story of our own, and outletRewrite an outlet's run of it a day later: a
// number, a name and a date changed, a negation added, a sentence added, its own byline.
const wireStory = `Harbour authority approves Kestrel Bay dredging

KESTREL BAY, March 4 - The Kestrel Bay harbour authority on Tuesday approved a plan to dredge the northern channel, a project expected to cost 42 million dollars over three years.

Authority chair Miriam Oduya said the work would let container ships of up to 9,000 units dock at the bay for the first time. "This is the decision the port has waited a decade for," she said.

Fishing crews have warned that the dredging will disturb the oyster beds south of the channel. The authority said it would monitor the beds every month while the work goes on.

Engineers will survey the channel floor before any dredger arrives, and the authority will publish their findings.

Work is due to start in September.`

var outletRewrite = func() string {
	s := strings.Replace(wireStory, "42 million", "45 million", 1)
	s = strings.Replace(s, "Miriam Oduya", "Miriam Adeyemi", 1)
	s = strings.Replace(s, "the dredging will disturb", "the dredging will not disturb", 1)
	s = strings.Replace(s, "in September", "in October", 1)
	s = strings.Replace(s, "goes on.\n", "goes on. Local divers have offered to help with the surveys.\n", 1)
	return strings.Replace(s, "Harbour authority approves Kestrel Bay dredging\n", "Kestrel Bay dredging approved\nBy Tom Reyes, Coastline Daily\n", 1)
}()

// TestOriginAndChanges runs the wire story and its rewrite through a scan, the rewrite read
// first: the JSON Lines report names the wire story as origin (by date), the cluster's spread
// starts with it, and the pair's changes are the rewrite's edits; the HTML report shows them.
func TestOriginAndChanges(t *testing.T) {
	dir := t.TempDir()
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, d := range []map[string]string{
		{"id": "coastline/dredging", "source": "coastline-daily", "published": "2024-03-05", "text": outletRewrite},
		{"id": "wire/dredging", "source": "wire", "published": "2024-03-04", "text": wireStory},
	} {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(path, in.Bytes(), 0o666); err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Run(context.Background(), []string{path}, nil, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	var out bytes.Buffer
	if err := JSONL(&out, res); err != nil {
		t.Fatal(err)
	}
	var rec struct {
		First      string
		Spread     []string
		SpreadRank []int `json:"spread_rank"`
		Pairs      []struct {
			Relation string
			Origin   string
			OriginBy string `json:"origin_by"`
			Changes  *jsonChanges
		}
	}
	if err := json.Unmarshal(bytes.SplitN(out.Bytes(), []byte("\n"), 2)[0], &rec); err != nil {
		t.Fatal(err)
	}
	if rec.First != "wire/dredging" || !reflect.DeepEqual(rec.Spread, []string{"wire/dredging", "coastline/dredging"}) ||
		!reflect.DeepEqual(rec.SpreadRank, []int{1, 2}) {
		t.Errorf("first %q, spread %q %v; want the wire story first", rec.First, rec.Spread, rec.SpreadRank)
	}
	if len(rec.Pairs) != 1 {
		t.Fatalf("%d pairs, want 1:\n%s", len(rec.Pairs), out.String())
	}
	p := rec.Pairs[0]
	if p.Relation != "near-duplicate" || p.Origin != "wire/dredging" || p.OriginBy != "published" {
		t.Errorf("pair %s, origin %q by %q; want a near-duplicate, origin wire/dredging by published", p.Relation, p.Origin, p.OriginBy)
	}
	want := &jsonChanges{From: "wire/dredging", To: "coastline/dredging", WordsAdded: 19, WordsRemoved: 6,
		Added:   []string{"By Tom Reyes, Coastline Daily", "Local divers have offered to help with the surveys."},
		Removed: []string{},
		Edits: []jsonEdit{{"wording", "Harbour authority approves", ""}, {"wording", "", "approved"},
			{"number", "42", "45"}, {"name", "Oduya", "Adeyemi"}, {"negation", "", "not"}, {"date", "September", "October"}}}
	if !reflect.DeepEqual(p.Changes, want) {
		t.Errorf("changes\n%+v\nwant\n%+v", p.Changes, want)
	}
	out.Reset()
	if err := HTML(&out, res, HTMLOptions{}); err != nil {
		t.Fatal(err)
	}
	page := out.String()
	for _, s := range []string{`<span class="orig"`, `<del>42</del> → <ins>45</ins>`, `<span class="badge e-negation">negation</span> <ins>not</ins>`,
		`<ins>Local divers have offered to help with the surveys.</ins>`, `Order of appearance`} {
		if !strings.Contains(page, s) {
			t.Errorf("the HTML report lacks %q", s)
		}
	}
}
