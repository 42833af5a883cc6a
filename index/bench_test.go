package index

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
)

// benchDocs makes n generated articles of about 500 words; every tenth is a copy of the one
// before with a changed ending, and every tenth (shifted) shares a passage with an earlier one.
func benchDocs(n int) []pipeline.Document {
	docs := make([]pipeline.Document, n)
	for i := range docs {
		text := article(uint64(i), 500)
		switch {
		case i%10 == 1:
			text = strings.Join(strings.Fields(docs[i-1].Text)[:400], " ") + " " + article(uint64(i), 100)
		case i%10 == 5:
			text = article(uint64(i), 250) + " " + strings.Join(strings.Fields(docs[i-3].Text)[100:140], " ") + " " + article(uint64(i)+1e6, 200)
		}
		docs[i] = doc(fmt.Sprintf("d%07d", i), text)
	}
	return docs
}

// BenchmarkAdd: adding a batch of 2,000 analysed articles (compression, records, postings,
// commit with fsync). Analysis is not included: see pipeline's BenchmarkAnalyze.
func BenchmarkAdd(b *testing.B) {
	docs := benchDocs(2000)
	z := pipeline.NewAnalyzer(pipeline.Options{})
	as := make([]pipeline.Analysis, len(docs))
	var bytes int64
	for i, d := range docs {
		as[i] = z.Analyze(d.Text)
		bytes += int64(len(d.Text))
	}
	dir := b.TempDir()
	b.SetBytes(bytes)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		w, err := OpenWriter(filepath.Join(dir, fmt.Sprint(i)), WriterOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for k, d := range docs {
			if _, err := w.Add(d, as[k]); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := w.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkRelated: one draft against an index of 20,000 generated articles in 5 batches:
// analysis, candidates from the postings, and Compare with each candidate.
func BenchmarkRelated(b *testing.B) {
	path := filepath.Join(b.TempDir(), "x.ndx")
	docs := benchDocs(20000)
	for k := range 5 {
		addBatch(b, path, docs[k*4000:(k+1)*4000]...)
	}
	r := openT(b, path)
	var opts pipeline.Options
	r.Params().Apply(&opts)
	z := pipeline.NewAnalyzer(opts)
	b.ReportAllocs()
	b.ResetTimer()
	found := 0
	for i := range b.N {
		d := docs[(i*7919)%len(docs)]
		d.ID = "draft"
		ms, err := r.Related(d, z.Analyze(d.Text), opts, MatchOptions{})
		if err != nil {
			b.Fatal(err)
		}
		found += len(ms)
	}
	b.ReportMetric(float64(found)/float64(b.N), "matches/op")
}

// BenchmarkOpen: opening an index (as every neardup check does) of 20,000 articles.
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(b.TempDir(), "x.ndx")
	docs := benchDocs(20000)
	for k := range 5 {
		addBatch(b, path, docs[k*4000:(k+1)*4000]...)
	}
	b.ResetTimer()
	for range b.N {
		r, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

// BenchmarkCorpus is the measurement, run by hand on the synthetic corpus:
//
//	go run ./cmd/corpus -n 200000 -o out/corpus/synthetic-200000.jsonl.gz -truth out/corpus/synthetic-200000.truth.tsv
//	NEARDUP_BENCH_CORPUS=$PWD/out/corpus/synthetic-200000.jsonl.gz go test ./index -run '^$' -bench Corpus -benchtime 1x -timeout 2h
//
// It adds the corpus in 10 batches (as neardup index add does: read, parse, analyse and compress
// on GOMAXPROCS workers, then commit), logs the time of each batch and the index size per
// article, then checks 200 articles of the corpus (under new ids) against the index and logs the
// latency: analysis, candidates and Compare, and the same with opening the index, as each
// neardup check process does.
func BenchmarkCorpus(b *testing.B) {
	src := os.Getenv("NEARDUP_BENCH_CORPUS")
	if src == "" {
		b.Skip("set NEARDUP_BENCH_CORPUS to a JSON Lines corpus (see the comment)")
	}
	const batches = 10
	dir := b.TempDir()
	if d := os.Getenv("NEARDUP_BENCH_DIR"); d != "" {
		dir = d
	}
	files, drafts := splitCorpus(b, src, dir, batches, 200)
	path := filepath.Join(dir, "corpus.ndx")
	os.Remove(path)
	var times []time.Duration
	for k, f := range files {
		t := time.Now()
		w, err := OpenWriter(path, WriterOptions{})
		if err != nil {
			b.Fatal(err)
		}
		var opts pipeline.Options
		w.Params().Apply(&opts)
		rs, err := w.AddInputs(context.Background(), []string{f}, nil, opts)
		if err != nil {
			b.Fatal(err)
		}
		cs, err := w.Commit()
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t))
		fmt.Fprintf(os.Stderr, "batch %2d: %d articles in %v (%.0f articles/s); index %d articles, %.1f MB, %.2f KB per article, %d segments merged",
			k+1, rs.Docs, times[k].Round(time.Millisecond), float64(rs.Docs)/times[k].Seconds(), cs.Docs,
			float64(cs.Size)/1e6, float64(cs.Size)/1e3/float64(cs.Docs), cs.Merged)
		fmt.Fprintln(os.Stderr)
	}
	b.ReportMetric(times[0].Seconds(), "s/first-batch")
	b.ReportMetric(times[len(times)-1].Seconds(), "s/last-batch")
	b.ReportMetric(times[len(times)-1].Seconds()/times[0].Seconds(), "last/first")
	fi, _ := os.Stat(path)
	r, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	b.ReportMetric(float64(fi.Size())/float64(r.Len()), "bytes/article")
	st := r.Stats()
	fmt.Fprintf(os.Stderr, "index: %d articles, %.1f MB (%.0f bytes per article; texts %.1f MB uncompressed), postings %v, segment levels %v",
		r.Len(), float64(fi.Size())/1e6, float64(fi.Size())/float64(r.Len()), float64(st.TextBytes)/1e6, st.Postings, st.Segments)
	fmt.Fprintf(os.Stderr, " stored texts %.1f MB\n", float64(st.Stored)/1e6)

	var opts pipeline.Options
	r.Params().Apply(&opts)
	z := pipeline.NewAnalyzer(opts)
	var lat, withOpen []time.Duration
	matches := 0
	for _, d := range drafts {
		d.ID = "draft-" + d.ID
		t := time.Now()
		a := z.Analyze(d.Text)
		ms, err := r.Related(d, a, opts, MatchOptions{})
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		if lat[len(lat)-1] > 20*time.Millisecond {
			fmt.Fprintf(os.Stderr, "slow draft %s: %v, %d words, %d candidates, %d matches\n", d.ID, lat[len(lat)-1],
				a.Words, len(r.Candidates(a, d.Source, opts)), len(ms))
		}
		matches += len(ms)
		t = time.Now()
		r2, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r2.Related(d, z.Analyze(d.Text), opts, MatchOptions{}); err != nil {
			b.Fatal(err)
		}
		r2.Close()
		withOpen = append(withOpen, time.Since(t))
	}
	med, p99 := percentiles(lat)
	medO, p99O := percentiles(withOpen)
	b.ReportMetric(float64(med.Microseconds())/1e3, "ms/check-median")
	b.ReportMetric(float64(p99.Microseconds())/1e3, "ms/check-p99")
	fmt.Fprintf(os.Stderr, "check of %d drafts (%.1f matches each): median %v, p99 %v; with opening the index: median %v, p99 %v",
		len(drafts), float64(matches)/float64(len(drafts)), med, p99, medO, p99O)
	fmt.Fprintln(os.Stderr)
}

func percentiles(d []time.Duration) (median, p99 time.Duration) {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2], s[min(len(s)-1, len(s)*99/100)]
}

// splitCorpus copies the lines of a JSON Lines file (maybe gzipped) into n files of equal
// numbers of lines under dir, and returns them with ndrafts documents spread over the corpus.
func splitCorpus(b *testing.B, src, dir string, n, ndrafts int) ([]string, []pipeline.Document) {
	b.Helper()
	count := func() int {
		f, err := os.Open(src)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		rd := openMaybeGzip(b, f)
		sc := bufio.NewScanner(rd)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		k := 0
		for sc.Scan() {
			k++
		}
		if err := sc.Err(); err != nil {
			b.Fatal(err)
		}
		return k
	}
	total := count()
	per := (total + n - 1) / n
	every := max(1, total/ndrafts)
	f, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(openMaybeGzip(b, f))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var files []string
	var drafts []pipeline.Document
	var out *bufio.Writer
	var of *os.File
	for k := 0; sc.Scan(); k++ {
		if k%per == 0 {
			if out != nil {
				out.Flush()
				of.Close()
			}
			name := filepath.Join(dir, fmt.Sprintf("batch-%02d.jsonl", len(files)+1))
			of, err = os.Create(name)
			if err != nil {
				b.Fatal(err)
			}
			out = bufio.NewWriter(of)
			files = append(files, name)
		}
		out.Write(sc.Bytes())
		out.WriteByte('\n')
		if k%every == every/2 && len(drafts) < ndrafts {
			d, _, e := (*input.ReadOptions)(nil).Parse(input.Record{File: src, Line: k + 1, Data: slices.Clone(sc.Bytes())})
			if e == nil {
				drafts = append(drafts, d)
			}
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	out.Flush()
	of.Close()
	return files, drafts
}

func openMaybeGzip(b *testing.B, f *os.File) io.Reader {
	br := bufio.NewReaderSize(f, 1<<20)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			b.Fatal(err)
		}
		return zr
	}
	return br
}
