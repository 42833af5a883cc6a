package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neardup/neardup/index"
	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/internal/benchtext"
	"github.com/neardup/neardup/pipeline"
	"github.com/neardup/neardup/report"
)

// cli runs a neardup command line in this process: index and check directly, until run
// dispatches them, the rest through run.
func cli(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx := context.Background()
	switch args[0] {
	case "index":
		code = indexCmd(ctx, args[1:], strings.NewReader(stdin), &out, &errb)
	case "check":
		code = check(ctx, args[1:], strings.NewReader(stdin), &out, &errb)
	default:
		code = run(ctx, args, strings.NewReader(stdin), &out, &errb)
	}
	return code, out.String(), errb.String()
}

// TestHelperProcess is neardup itself when the crash test starts this test binary with
// NEARDUP_HELPER set (as os/exec's tests do): the test binary is the binary under test.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("NEARDUP_HELPER") != "1" {
		t.Skip("run by the tests that start neardup as a process")
	}
	args := strings.Split(os.Getenv("NEARDUP_ARGS"), "\x1f")
	var code int
	switch args[0] {
	case "index":
		code = indexCmd(context.Background(), args[1:], os.Stdin, os.Stdout, os.Stderr)
	case "check":
		code = check(context.Background(), args[1:], os.Stdin, os.Stdout, os.Stderr)
	default:
		code = run(context.Background(), args, os.Stdin, os.Stdout, os.Stderr)
	}
	os.Exit(code)
}

// neardupProcess returns the command that runs neardup with args in another process.
func neardupProcess(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "NEARDUP_HELPER=1", "NEARDUP_ARGS="+strings.Join(args, "\x1f")) // unit separator: no NUL in the environment
	return cmd
}

// words is a fixed vocabulary of made-up words for generated articles.
var words = func() []string {
	r := rand.New(rand.NewPCG(3, 4))
	syl := []string{"ba", "ko", "li", "me", "nu", "ro", "sa", "te", "vi", "zo", "gra", "pli", "an", "ex", "ur"}
	seen := map[string]bool{}
	var out []string
	for len(out) < 4000 {
		w := ""
		for range 2 + r.IntN(3) {
			w += syl[r.IntN(len(syl))]
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}()

func genText(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 5))
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.IntN(len(words))]
	}
	return strings.Join(ws, " ") + "."
}

// writeJSONL writes n generated articles with ids prefix0, prefix1, ... to path.
func writeJSONL(t *testing.T, path, prefix string, n, wordsEach int) {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	for i := range n {
		enc.Encode(map[string]string{"id": fmt.Sprintf("%s%d", prefix, i), "source": "gen",
			"text": genText(uint64(len(prefix))<<32|uint64(i), wordsEach)})
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sha(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestIndexCommands(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "sample.ndx")
	code, out, errs := cli(t, "", "index", "add", "--index", idx, "../../testdata/sample")
	if code != exitOK || !strings.Contains(out, "added 12 articles") || !strings.Contains(out, "index: 12 articles") {
		t.Fatalf("index add: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	code, out, _ = cli(t, "", "index", "add", "--index", idx, "--skip-existing", "../../testdata/sample")
	if code != exitOK || !strings.Contains(out, "added 0 articles") || !strings.Contains(out, "12 kept") {
		t.Errorf("index add --skip-existing: exit %d, %s", code, out)
	}
	code, out, _ = cli(t, "", "index", "stats", "--index", idx)
	for _, want := range []string{"articles: 12", "35 bands of 3 rows", fmt.Sprintf("format version %d", index.Version), "HTML pages' main text (--html-text main)"} {
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("index stats: exit %d, lacks %q:\n%s", code, want, out)
		}
	}
	code, out, errs = cli(t, "", "index", "verify", "--index", idx, "--deep")
	if code != exitOK || !strings.Contains(out, "ok: 12 articles") {
		t.Errorf("index verify: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli(t, "", "index", "remove", "--index", idx, "north-post/water-main-burst.txt", "no/such.txt")
	if code != exitFail || !strings.Contains(out, "removed 1 article") || !strings.Contains(errs, "not in the index: no/such.txt") {
		t.Errorf("index remove: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = cli(t, "", "index", "compact", "--index", idx)
	if code != exitOK || !strings.Contains(out, "11 articles") {
		t.Errorf("index compact: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := cli(t, "", "index", "verify", "--index", idx); code != exitOK {
		t.Errorf("verify after remove and compact: exit %d\n%s%s", code, out, errs)
	}
	// the analysis options are the index's
	if code, _, errs := cli(t, "", "index", "add", "--index", idx, "--shingle", "4", "../../testdata/sample"); code != exitUsage ||
		!strings.Contains(errs, "--shingle 4 (index: 5)") {
		t.Errorf("index add --shingle 4 to a 5-shingle index: exit %d, %s", code, errs)
	}
}

func TestIndexUsageErrors(t *testing.T) {
	tests := [][]string{
		{"index"},
		{"index", "frobnicate"},
		{"index", "add", "x.jsonl"},
		{"index", "add", "--index", "x.ndx"},
		{"index", "remove", "--index", "x.ndx"},
		{"index", "stats"},
		{"index", "add", "--index", "x.ndx", "--threshold", "2", "x.jsonl"},
		{"check", "x.txt"},
		{"check", "--index", "x.ndx"},
		{"check", "--index", "x.ndx", "--format", "pdf", "x.txt"},
		{"check", "--index", "x.ndx", "--fail-over", "1.5", "x.txt"},
	}
	for _, args := range tests {
		code, _, stderr := cli(t, "", args...)
		if code != exitUsage || stderr == "" {
			t.Errorf("neardup %q: exit %d, want %d; stderr %q", args, code, exitUsage, stderr)
		}
	}
}

func TestIndexAddIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "x.ndx")
	good := filepath.Join(dir, "good.jsonl")
	writeJSONL(t, good, "g", 20, 80)
	if code, _, errs := cli(t, "", "index", "add", "--index", idx, good); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	before := sha(t, idx)
	bad := filepath.Join(dir, "bad.jsonl")
	writeJSONL(t, bad, "b", 20, 80)
	f, _ := os.OpenFile(bad, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("{\"id\": \"broken\", \"text\":\n")
	f.Close()
	code, _, errs := cli(t, "", "index", "add", "--index", idx, "--strict", bad)
	if code != exitFail || !strings.Contains(errs, "the index is as it was") {
		t.Errorf("--strict with a bad record: exit %d, %s", code, errs)
	}
	if sha(t, idx) != before {
		t.Error("a failed batch changed the index file")
	}
	// without --strict the bad record is named and skipped, the rest added
	code, out, errs := cli(t, "", "index", "add", "--index", idx, bad)
	if code != exitOK || !strings.Contains(out, "added 20 articles") || !strings.Contains(errs, "bad.jsonl:21: malformed JSON") {
		t.Errorf("index add with a bad record: exit %d\n%s%s", code, out, errs)
	}
}

func TestIndexForeignFiles(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "x.ndx")
	good := filepath.Join(dir, "good.jsonl")
	writeJSONL(t, good, "g", 30, 100)
	if code, _, errs := cli(t, "", "index", "add", "--index", idx, good); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	valid, _ := os.ReadFile(idx)
	rnd := make([]byte, 50000)
	for i := range rnd {
		rnd[i] = byte(i*7919 + i>>3)
	}
	files := map[string][]byte{
		"notes.txt":     []byte("Remember to buy milk.\n"),
		"random.bin":    rnd,
		"truncated.ndx": valid[:len(valid)/2],
	}
	draft := filepath.Join(dir, "draft.txt")
	os.WriteFile(draft, []byte(genText(1, 50)), 0o644)
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		before := sha(t, p)
		for _, args := range [][]string{
			{"index", "stats", "--index", p},
			{"index", "verify", "--index", p},
			{"index", "add", "--index", p, good},
			{"index", "remove", "--index", p, "g1"},
			{"index", "compact", "--index", p},
			{"check", "--index", p, draft},
		} {
			code, _, errs := cli(t, "", args...)
			if code != exitFail || !strings.Contains(errs, "index") || strings.Contains(errs, "panic") {
				t.Errorf("%s: neardup %s: exit %d, stderr %q", name, args[:2], code, errs)
			}
		}
		if sha(t, p) != before {
			t.Errorf("%s was modified", name)
		}
	}
	code, _, errs := cli(t, "", "check", "--index", filepath.Join(dir, "missing.ndx"), draft)
	if code != exitFail || !strings.Contains(errs, "does not exist") {
		t.Errorf("check of a missing index: exit %d, %s", code, errs)
	}
}

// TestIndexCrash kills an index add with SIGKILL while it writes a large batch: the index must
// open, pass verify and hold exactly the batches before it; meanwhile a check works, a second
// writer is refused, and one that waits gets its turn when the killed one's lock goes.
func TestIndexCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts neardup processes; a few seconds")
	}
	dir := t.TempDir()
	idx := filepath.Join(dir, "x.ndx")
	first := filepath.Join(dir, "first.jsonl")
	writeJSONL(t, first, "first-", 200, 150)
	if code, _, errs := cli(t, "", "index", "add", "--index", idx, first); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	committed, _ := os.Stat(idx)
	big := filepath.Join(dir, "big.jsonl")
	writeJSONL(t, big, "big-", 10000, 200) // some 2 s of work on 2 cores, more with -race
	later := filepath.Join(dir, "later.jsonl")
	writeJSONL(t, later, "later-", 50, 150)

	add := neardupProcess("index", "add", "--index", idx, "--workers", "2", big)
	var addErr bytes.Buffer
	add.Stderr = &addErr
	if err := add.Start(); err != nil {
		t.Fatal(err)
	}
	defer add.Process.Kill()
	exited := make(chan error, 1)
	go func() { exited <- add.Wait() }()
	for writing := false; !writing; {
		select {
		case err := <-exited: // addErr is whole once Wait has returned
			t.Fatalf("index add ended (%v) before it was seen writing the batch; stderr: %s", err, addErr.String())
		case <-time.After(5 * time.Millisecond):
		}
		fi, err := os.Stat(idx)
		writing = err == nil && fi.Size() > committed.Size()+1<<20 // the first MB of the batch's texts is in the file
	}
	// a reader works while the writer runs, on the last commit
	if code, out, errs := cli(t, "", "check", "--index", idx, "--format", "jsonl", first); code != exitOK ||
		strings.Count(out, "\n") != 200 {
		t.Errorf("check during index add: exit %d, %d lines; %s", code, strings.Count(out, "\n"), errs)
	}
	// a second writer is refused, one that waits gets its turn
	if code, _, errs := cli(t, "", "index", "add", "--index", idx, later); code != exitFail || !strings.Contains(errs, "--wait") {
		t.Errorf("second writer: exit %d, %s", code, errs)
	}
	waited := make(chan string, 1)
	go func() {
		var out, errb bytes.Buffer
		code := indexCmd(context.Background(), []string{"add", "--index", idx, "--wait", later}, nil, &out, &errb)
		waited <- fmt.Sprintf("exit %d: %s%s", code, out.String(), errb.String())
	}()
	time.Sleep(50 * time.Millisecond)
	if err := add.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := <-exited
	if ws, ok := add.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("index add was not killed mid-batch (it finished first: %v); make the batch bigger", err)
	}
	got := <-waited
	if !strings.HasPrefix(got, "exit 0") {
		t.Fatalf("waiting writer: %s", got)
	}
	code, out, errs := cli(t, "", "index", "verify", "--index", idx, "--deep")
	if code != exitOK {
		t.Fatalf("verify after kill -9: exit %d\n%s%s", code, out, errs)
	}
	r, err := index.Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Len() != 250 {
		t.Errorf("after kill -9: %d articles, want 250: the first batch and the waiting one, none of the killed", r.Len())
	}
	for _, id := range []string{"first-0", "first-199", "later-49"} {
		if _, ok, err := r.Lookup(id); !ok || err != nil {
			t.Errorf("%s lost: %v", id, err)
		}
	}
	if _, ok, _ := r.Lookup("big-0"); ok {
		t.Error("part of the killed batch is in the index")
	}
}

// sampleJSONL writes the sample's articles to two JSON Lines files, ids and sources kept: the
// ones whose id matches old to old.jsonl, the rest to new.jsonl.
func sampleJSONL(t *testing.T, dir string, old func(id string) bool) (oldPath, newPath string) {
	t.Helper()
	var ob, nb bytes.Buffer
	err := input.Walk(context.Background(), []string{"../../testdata/sample"}, nil, nil, func(rec input.Record) error {
		d, _, e := (*input.ReadOptions)(nil).Parse(rec)
		if e != nil {
			return e
		}
		b := &nb
		if old(d.ID) {
			b = &ob
		}
		return json.NewEncoder(b).Encode(map[string]string{"id": d.ID, "source": d.Source, "title": d.Title, "text": d.Text})
	}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	oldPath, newPath = filepath.Join(dir, "old.jsonl"), filepath.Join(dir, "new.jsonl")
	os.WriteFile(oldPath, ob.Bytes(), 0o644)
	os.WriteFile(newPath, nb.Bytes(), 0o644)
	return oldPath, newPath
}

func TestScanWithIndex(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "x.ndx")
	oldPath, newPath := sampleJSONL(t, dir, func(id string) bool {
		return strings.HasPrefix(id, "harbor-gazette/") || strings.HasPrefix(id, "morning-ledger/")
	})
	if code, _, errs := cli(t, "", "index", "add", "--index", idx, oldPath); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	newText, _ := os.ReadFile(newPath)
	scanJSON := func(inputs []string, stdin string, add bool) (string, *pipeline.Result) {
		t.Helper()
		fs := newScanFlagSet()
		ix := addScanIndexFlags(fs)
		args := append([]string{"--index", idx, "--quiet"}, inputs...)
		if add {
			args = append([]string{"--add"}, args...)
		}
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		var errb bytes.Buffer
		res, err := scanWithIndex(context.Background(), fs.Args(), strings.NewReader(stdin), pipeline.Options{}, ix, nil, &errb)
		if err != nil {
			t.Fatalf("scanWithIndex: %v", err)
		}
		defer res.Close()
		var out bytes.Buffer
		if err := report.JSONL(&out, res); err != nil {
			t.Fatal(err)
		}
		return out.String(), res
	}
	got, res := scanJSON([]string{newPath}, "", false)
	again, _ := scanJSON([]string{"-"}, string(newText), false)
	if got != again {
		t.Errorf("scan --index of a file and of the same on stdin differ:\n%s\n%s", got, again)
	}
	// every related pair of the truth file with one article indexed and one new must be there
	indexedIDs := map[string]bool{}
	pairs := map[[2]string]pipeline.Relation{}
	for _, c := range res.Clusters {
		for _, m := range c.Members {
			if m.Where != "" && strings.HasPrefix(m.Where, oldPath) {
				indexedIDs[m.ID] = true
			}
		}
		for _, p := range c.Pairs {
			pairs[[2]string{p.A, p.B}] = p.Relation
			pairs[[2]string{p.B, p.A}] = p.Relation
		}
	}
	truth, err := os.ReadFile("../../testdata/sample.truth.tsv")
	if err != nil {
		t.Fatal(err)
	}
	isOld := func(id string) bool {
		return strings.HasPrefix(id, "harbor-gazette/") || strings.HasPrefix(id, "morning-ledger/")
	}
	for _, line := range strings.Split(strings.TrimSpace(string(truth)), "\n")[1:] {
		f := strings.Split(line, "\t")
		a, b, rel := f[0], f[1], pipeline.Relation(f[2])
		if rel == "none" || isOld(a) == isOld(b) {
			continue
		}
		if got, ok := pairs[[2]string{a, b}]; !ok || got != rel {
			t.Errorf("pair %s ~ %s: %q, want %q", a, b, got, rel)
		}
		for _, id := range []string{a, b} {
			if isOld(id) && !indexedIDs[id] {
				t.Errorf("%s is not a member from the index", id)
			}
		}
	}
	// the pairs with an indexed article are directed as a scan of all the articles directs them,
	// near-duplicates with their changes, and every cluster is ordered
	whole, err := pipeline.Run(context.Background(), []string{oldPath, newPath}, nil, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer whole.Close()
	origins := map[[2]string]string{}
	for _, p := range whole.Pairs {
		origins[[2]string{p.A, p.B}], origins[[2]string{p.B, p.A}] = p.Origin, p.Origin
	}
	for _, c := range res.Clusters {
		if len(c.Spread) != len(c.Members) {
			t.Errorf("cluster %d: spread %q of %d members", c.Number, c.Spread, len(c.Members))
		}
		for _, p := range c.Pairs {
			if indexedIDs[p.A] == indexedIDs[p.B] {
				continue
			}
			if want := origins[[2]string{p.A, p.B}]; p.Origin != want || (p.Relation == pipeline.NearDuplicate) != (p.Changes != nil) {
				t.Errorf("pair %s ~ %s: origin %q, changes %v; want %q as a scan of all finds, and changes for a near-duplicate",
					p.A, p.B, p.Origin, p.Changes != nil, want)
			}
		}
	}
	if f, ok := reflect.TypeOf(pipeline.Member{}).FieldByName("Indexed"); ok && f.Type.Kind() == reflect.Bool {
		if !strings.Contains(got, `"indexed":true`) {
			t.Errorf("pipeline.Member has Indexed but the JSON marks no member")
		}
	}
	// --add: the new articles join the index in the same run; scanning them again relates them
	// to the old ones, not to themselves
	added, _ := scanJSON([]string{newPath}, "", true)
	if added != got {
		t.Errorf("scan --index --add reported other clusters than scan --index")
	}
	r, err := index.Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() != 12 {
		t.Errorf("after scan --add: %d articles, want 12", r.Len())
	}
	r.Close()
	if again, _ := scanJSON([]string{newPath}, "", false); again != got {
		t.Errorf("scan --index after --add: the new articles matched themselves:\n%s\nwant\n%s", again, got)
	}
}

// newScanFlagSet is a flag set with scan's analysis flags and --quiet, as scan.go makes it.
func newScanFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("scan", flag.ContinueOnError)
	var opts pipeline.Options
	opts.RegisterFlags(fs)
	fs.Bool("quiet", false, "")
	return fs
}

// TestIndexHTMLText: --html-text is fixed when an index is created, like the analysis flags: a
// draft checked against the index is read as the indexed pages were (whole visible text: the
// site's chrome is shared; main text: nothing is), and index add with the other value refuses.
func TestIndexHTMLText(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if err := os.Mkdir(site, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"01", "02", "03"} {
		b, err := os.ReadFile("../../testdata/html/harbour/" + n + ".html")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(site, n+".html"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	draft := "../../testdata/html/harbour/04.html"
	for _, tc := range []struct {
		mode    string
		matches bool // the draft shares the site's chrome with indexed pages
	}{{"all", true}, {"main", false}} {
		idx := filepath.Join(dir, tc.mode+".ndx")
		if code, _, errs := cli(t, "", "index", "add", "--quiet", "--index", idx, "--html-text", tc.mode, site); code != exitOK {
			t.Fatalf("index add --html-text %s: exit %d: %s", tc.mode, code, errs)
		}
		code, out, _ := cli(t, "", "index", "stats", "--index", idx)
		if want := "(--html-text " + tc.mode + ")"; code != exitOK || !strings.Contains(out, want) {
			t.Errorf("index stats of an index made with --html-text %s: exit %d, lacks %q:\n%s", tc.mode, code, want, out)
		}
		code, out, errs := cli(t, "", "check", "--index", idx, "--format", "jsonl", draft)
		if got := !strings.Contains(out, `"matches":[]`); code != exitOK || got != tc.matches {
			t.Errorf("check against the --html-text %s index: exit %d, matches %v, want %v:\n%s%s", tc.mode, code, got, tc.matches, out, errs)
		}
	}
	code, _, errs := cli(t, "", "index", "add", "--index", filepath.Join(dir, "all.ndx"), "--html-text", "main", site)
	if want := "--html-text main (index: all)"; code != exitUsage || !strings.Contains(errs, want) {
		t.Errorf("index add --html-text main to an all index: exit %d, want %d and %q: %s", code, exitUsage, want, errs)
	}
}

// TestScanOutletFolders checks that the sample's outlet folders named one by one
// (`neardup scan testdata/sample/*/`) are read as the sample is: the same ids, sources and
// report; and that a nightly run over folders named so (two outlets indexed, the other four
// scanned against them) makes the ferry story of four and no story of the Morning Ledger's
// unrelated articles, which share only its newsletter box (its boilerplate, once the folder is
// its source).
func TestScanOutletFolders(t *testing.T) {
	const sample = "../../testdata/sample"
	entries, err := os.ReadDir(sample)
	if err != nil {
		t.Fatal(err)
	}
	var outlets []string
	for _, e := range entries {
		if e.IsDir() {
			outlets = append(outlets, filepath.Join(sample, e.Name())+"/")
		}
	}
	if len(outlets) < 4 {
		t.Fatalf("%d outlet folders in %s", len(outlets), sample)
	}
	code, whole, errs := cli(t, "", "scan", "--quiet", "--format", "jsonl", sample)
	if code != exitOK {
		t.Fatalf("scan %s: %s", sample, errs)
	}
	code, each, errs := cli(t, "", append([]string{"scan", "--quiet", "--format", "jsonl"}, outlets...)...)
	if code != exitOK {
		t.Fatalf("scan of the outlet folders: %s", errs)
	}
	if each != whole {
		t.Errorf("scan of the outlet folders differs from scan %s:\n%s\nwant\n%s", sample, each, whole)
	}

	idx := filepath.Join(t.TempDir(), "x.ndx")
	if code, _, errs := cli(t, "", append([]string{"index", "add", "--index", idx}, outlets[:2]...)...); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	code, night, errs := cli(t, "", append([]string{"scan", "--quiet", "--format", "jsonl", "--index", idx}, outlets[2:]...)...)
	if code != exitOK {
		t.Fatalf("scan --index: %s", errs)
	}
	var stories [][]string
	for line := range strings.Lines(night) {
		var rec struct {
			Kind    string
			Members []struct{ ID, Source string }
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if rec.Kind != "story" {
			continue
		}
		var ids []string
		for _, m := range rec.Members {
			ids = append(ids, m.ID)
			if dir, _, _ := strings.Cut(m.ID, "/"); m.Source != dir {
				t.Errorf("member %s has source %q, want its folder's name", m.ID, m.Source)
			}
		}
		stories = append(stories, ids)
	}
	ferry := []string{"coastline-daily/ferry-service-cut.txt", "harbor-gazette/island-ferry-suspended.txt",
		"north-post/island-residents-stranded.txt", "valley-courier/island-ferry-halted.html"}
	found := false
	for _, ids := range stories {
		if slices.Contains(ids, "morning-ledger/regatta-upset.txt") || slices.Contains(ids, "morning-ledger/allotment-rain-tanks.txt") {
			t.Errorf("a story of the Morning Ledger's unrelated articles: %v", ids)
		}
		found = found || slices.Equal(ids, ferry)
	}
	if !found {
		t.Errorf("stories %v: no ferry story of %v", stories, ferry)
	}
}

// TestScanIndexEarlierStory: a night scanned against an index whose earlier night was added by
// scan --index --add takes into its story the earlier article that shares no passage with it but
// was told in the story it continues (testdata/nights); an index made by index add remembers no
// story, and the article is reported nowhere. The second night, added in turn, is remembered in
// the first night's story.
func TestScanIndexEarlierStory(t *testing.T) {
	const (
		night1  = "../../testdata/nights/night1.jsonl"
		night2  = "../../testdata/nights/night2.jsonl"
		gazette = "amberford-gazette/river-runs-high"
	)
	dir := t.TempDir()
	scanned, added := filepath.Join(dir, "scanned.ndx"), filepath.Join(dir, "added.ndx")
	if code, _, errs := cli(t, "", "scan", "--quiet", "--index", scanned, "--add", "-o", filepath.Join(dir, "night1.txt"), night1); code != exitOK {
		t.Fatalf("scan --index --add: %s", errs)
	}
	if code, _, errs := cli(t, "", "index", "add", "--index", added, night1); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	type member struct {
		ID               string
		Indexed, Earlier bool
	}
	night := func(idx string) map[string]member {
		t.Helper()
		code, out, errs := cli(t, "", "scan", "--quiet", "--format", "jsonl", "--index", idx, night2)
		if code != exitOK {
			t.Fatalf("scan --index %s: %s", idx, errs)
		}
		if strings.Count(out, `"kind":"story"`) != 1 {
			t.Fatalf("scan --index %s: want one story:\n%s", idx, out)
		}
		ms := map[string]member{}
		for line := range strings.Lines(out) {
			var rec struct {
				Kind    string
				Members []member
			}
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatal(err)
			}
			if rec.Kind == "story" {
				for _, m := range rec.Members {
					ms[m.ID] = m
				}
			}
		}
		return ms
	}
	got := night(scanned)
	want := map[string]member{
		"brindle-wire/dam-cracks":             {"brindle-wire/dam-cracks", true, false},
		"lyle-bridge-courier/dam-cracks":      {"lyle-bridge-courier/dam-cracks", true, false},
		gazette:                               {gazette, true, true},
		"valley-evening-post/dam-repair-cost": {"valley-evening-post/dam-repair-cost", false, false},
		"harrow-cross-herald/dam-repair-cost": {"harrow-cross-herald/dam-repair-cost", false, false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the night's story against the index scan --add made:\n%v\nwant\n%v", got, want)
	}
	code, text, _ := cli(t, "", "scan", "--quiet", "--index", scanned, night2)
	if code != exitOK || !strings.Contains(text, gazette+"  [amberford-gazette]  (indexed, earlier in this story)") ||
		strings.Contains(text, "joined by a shared passage alone") {
		t.Errorf("text report: exit %d:\n%s", code, text)
	}
	got = night(added)
	delete(want, gazette)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the night's story against the index index add made:\n%v\nwant\n%v", got, want)
	}

	// the second night, added, is remembered in the first night's story
	if code, _, errs := cli(t, "", "scan", "--quiet", "--index", scanned, "--add", "-o", filepath.Join(dir, "night2.txt"), night2); code != exitOK {
		t.Fatalf("scan --index --add of the second night: %s", errs)
	}
	r, err := index.Open(scanned)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	docs, err := r.StoryDocs("brindle-wire/dam-cracks")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	if wantIDs := []string{"brindle-wire/dam-cracks", "lyle-bridge-courier/dam-cracks", gazette,
		"valley-evening-post/dam-repair-cost", "harrow-cross-herald/dam-repair-cost"}; !slices.Equal(ids, wantIDs) {
		t.Errorf("the story's indexed articles: %q, want %q", ids, wantIDs)
	}
}

// TestScanIndexWeighsAsNight: scan --index weighs the context of a pair of the night and the
// index with the night's word weights, as scan weighs two of the night's articles. Two articles of
// different stories, one indexed and one of the night, share a disclaimer and otherwise only the
// market words that every article of both nights holds: weighed alike, those words made the pair
// one story by its context (0.46 against the bar of 0.08, pipeline's TestCompareWithWeights), so
// that each night's false cross-night pairs were a story's members with an article it did not
// tell (the news corpus of 20,000 articles split by date: cross-night precision 0.9754).
func TestScanIndexWeighsAsNight(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	dir := t.TempDir()
	write := func(name, last string) string {
		var b strings.Builder
		for i := range 300 {
			d := map[string]string{"id": fmt.Sprintf("%s-%03d", name, i), "source": fmt.Sprintf("outlet-%d", i%40), "text": benchtext.MarketArticle(rng, 9)}
			if i == 299 {
				d["id"], d["text"] = last, benchtext.MarketArticle(rng, 9)+"\n\n"+benchtext.Disclaimer
			}
			line, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(line)
			b.WriteByte('\n')
		}
		path := filepath.Join(dir, name+".jsonl")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	night1, night2 := write("n1", "indexed-disclaimer"), write("n2", "night-disclaimer")
	idx := filepath.Join(dir, "n.ndx")
	if code, _, errs := cli(t, "", "scan", "--quiet", "--index", idx, "--add", "-o", filepath.Join(dir, "n1.txt"), night1); code != exitOK {
		t.Fatalf("scan --index --add: %s", errs)
	}
	code, out, errs := cli(t, "", "scan", "--quiet", "--format", "pairs", "--index", idx, night2)
	if code != exitOK {
		t.Fatalf("scan --index: %s", errs)
	}
	found := false
	for line := range strings.Lines(out) {
		var p struct {
			A, B, Relation, Story string
			Context               float64
		}
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatal(err)
		}
		if p.A == "indexed-disclaimer" && p.B == "night-disclaimer" {
			found = true
			if p.Relation != "reuse" || p.Story != "" {
				t.Errorf("the disclaimer's pair: %s, story %q, context %.3f; want a link: reuse, no story", p.Relation, p.Story, p.Context)
			}
		}
	}
	if !found {
		t.Errorf("no pair of the two articles that share the disclaimer:\n%s", out)
	}
}

// TestScanIndexSeries: a source's template series over two nights, the first added by index add
// (no stories told): scan --index of the second puts the night's items and the indexed ones in
// one story, as a scan of both nights does. The index takes the series' fixed text, which many
// of the source's indexed articles hold, for its boilerplate unless it knows the night's item is
// of that series (pipeline.Result.Series, index.MatchOptions.Series).
func TestScanIndexSeries(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2))
	dir := t.TempDir()
	day := 0
	write := func(name string) string {
		var b strings.Builder
		add := func(d map[string]string) {
			line, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(line)
			b.WriteByte('\n')
		}
		for i := range 200 {
			add(map[string]string{"id": fmt.Sprintf("%s-bg%03d", name, i), "source": fmt.Sprintf("outlet-%d", i%20), "title": fmt.Sprintf("%s %d", name, i),
				"text": benchtext.MarketArticle(rng, 9)})
		}
		for i := range 20 {
			add(map[string]string{"id": fmt.Sprintf("%s-ledger%02d", name, i), "source": "harlow-ledger", "title": fmt.Sprintf("%s ledger %d", name, i),
				"text": benchtext.MarketArticle(rng, 9)})
		}
		for range 15 {
			day++
			add(map[string]string{"id": fmt.Sprintf("item%02d", day), "source": "harlow-ledger", "title": benchtext.SeriesTitle(day),
				"text": benchtext.SeriesItem(rng, day)})
		}
		path := filepath.Join(dir, name+".jsonl")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	night1, night2 := write("n1"), write("n2")
	idx := filepath.Join(dir, "n.ndx")
	if code, _, errs := cli(t, "", "index", "add", "--quiet", "--index", idx, night1); code != exitOK {
		t.Fatalf("index add: %s", errs)
	}
	code, out, errs := cli(t, "", "scan", "--quiet", "--format", "jsonl", "--index", idx, night2)
	if code != exitOK {
		t.Fatalf("scan --index: %s", errs)
	}
	clusters := map[string]int{} // item: its cluster
	for line := range strings.Lines(out) {
		var r struct {
			Cluster int
			Kind    string
			Members []struct{ ID string }
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		if r.Kind != "story" && r.Kind != "syndicated" {
			continue
		}
		for _, m := range r.Members {
			if !strings.HasPrefix(m.ID, "item") {
				t.Errorf("%s in cluster %d, want only the series' items in clusters", m.ID, r.Cluster)
			}
			clusters[m.ID] = r.Cluster
		}
	}
	for i := 1; i <= day; i++ {
		id := fmt.Sprintf("item%02d", i)
		if c := clusters[id]; c == 0 || c != clusters["item16"] {
			t.Errorf("%s in cluster %d, want every item in one (item16's: %d)", id, c, clusters["item16"])
		}
	}
}
