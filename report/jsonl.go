package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/neardup/neardup/pipeline"
)

// Version of the JSON Lines output contract; bumped on any incompatible change.
const Version = 3

// round4 rounds to four decimal places, so that output does not depend on float noise.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// Date formats a publication time: YYYY-MM-DD for a date alone, RFC 3339 otherwise, "" if unknown.
func Date(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 && t.Location() == time.UTC:
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// JSONL writes the output contract: one JSON object per line, the clusters (version, cluster,
// kind, representative, members, shared passages with their occurrences, pairs, links), then
// the hubs (kind "hub"), the other documents in no story that share passages (kind "linked") and
// the shared passages of documents in no one story (kind "passage"). It sets res.Credits: each
// occurrence and pair's passage carries its credit.
func JSONL(w io.Writer, res *pipeline.Result) error {
	res.Credits = true // every occurrence and pair's passage says how its article gives it
	bw := bufio.NewWriterSize(w, 1<<16)
	// Records (the clusters, the hubs, the passages) are encoded on all cores (reading back and
	// encoding the passages' texts is most of the work of writing a large result) and written
	// in order by this goroutine, which hands out record i only once record i-window is
	// written: at most window records are held encoded, and the encoders never wait for the
	// writer, nor it for a batch's slowest record. Sixteen records a core are enough for that;
	// 256 held 17 MB of c20k's report and raised its peak memory by about as much.
	nc, nh, nl := len(res.Clusters), len(res.Hubs), len(res.Linked)
	n := nc + nh + nl + len(res.Passages)
	encode := func(b *bytes.Buffer, i int) error {
		switch {
		case i < nc:
			return encodeCluster(b, res, &res.Clusters[i])
		case i < nc+nh:
			return encodeHub(b, res, &res.Hubs[i-nc], "hub")
		case i < nc+nh+nl:
			return encodeHub(b, res, &res.Linked[i-nc-nh], "linked")
		}
		return encodePassage(b, res, &res.Passages[i-nc-nh-nl])
	}
	name := func(i int) string {
		switch {
		case i < nc:
			return fmt.Sprintf("cluster %d", res.Clusters[i].Number)
		case i < nc+nh:
			return "hub " + res.Hubs[i-nc].Member.ID
		case i < nc+nh+nl:
			return "linked document " + res.Linked[i-nc-nh].Member.ID
		}
		return fmt.Sprintf("shared passage %d", res.Passages[i-nc-nh-nl].Number)
	}
	window := 16 * runtime.GOMAXPROCS(0)
	type encoded struct {
		b   *bytes.Buffer
		err error
	}
	ring := make([]chan encoded, window)
	for i := range ring {
		ring[i] = make(chan encoded, 1)
	}
	var free sync.Pool
	jobs := make(chan int, window) // handed out ahead: an unbuffered hand-over a record parked a goroutine each
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				b, _ := free.Get().(*bytes.Buffer)
				if b == nil {
					b = new(bytes.Buffer)
				}
				b.Reset()
				err := encode(b, i)
				ring[i%window] <- encoded{b, err}
			}
		})
	}
	write := func(i int) error {
		e := <-ring[i%window]
		defer free.Put(e.b)
		if e.err != nil {
			return fmt.Errorf("%s: %w", name(i), e.err)
		}
		if _, err := bw.Write(e.b.Bytes()); err != nil {
			return fmt.Errorf("write %s: %w", name(i), err)
		}
		return nil
	}
	err := func() error {
		for i := 0; i < n; i++ {
			if i >= window {
				if err := write(i - window); err != nil {
					return err
				}
			}
			jobs <- i
		}
		for i := max(0, n-window); i < n; i++ {
			if err := write(i); err != nil {
				return err
			}
		}
		return nil
	}()
	close(jobs)
	wg.Wait() // a record handed out has an empty slot: no encoder is left blocked
	if err != nil {
		return err
	}
	return bw.Flush()
}

// Pairs writes every related pair of the result, story edge or link, one JSON object per line
// in the shape of the output contract's version 1 pairs (a, b, relation, jaccard, containment,
// coverage_a, coverage_b, passages with offsets and both texts) with version, story, context
// and cluster (when both documents are in one): for scorers and scripts that want pairs.
func Pairs(w io.Writer, res *pipeline.Result) error {
	res.Credits = true
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range res.Pairs {
		p := &res.Pairs[i]
		if err := res.LoadPairTexts(p); err != nil {
			return err
		}
		err := enc.Encode(pairJSON(p, true))
		pipeline.DropPairTexts(p)
		if err != nil {
			return fmt.Errorf("write pair %s ~ %s: %w", p.A, p.B, err)
		}
	}
	return bw.Flush()
}

// encodeHub writes one document in no story with its links (kind "hub" or "linked") as a JSON
// line to b, reading its passages' texts.
func encodeHub(b *bytes.Buffer, res *pipeline.Result, h *pipeline.Hub, kind string) error {
	if err := res.LoadHubTexts(h); err != nil {
		return err
	}
	defer func() {
		for j := range h.Links {
			for k := range h.Links[j].Pairs {
				pipeline.DropPairTexts(&h.Links[j].Pairs[k])
			}
		}
	}()
	return encodeJSON(b, hubJSON(h, kind))
}

// encodePassage writes one shared passage of documents in no story as a JSON line to b, reading
// its texts.
func encodePassage(b *bytes.Buffer, res *pipeline.Result, sp *pipeline.SharedPassage) error {
	if err := res.LoadPassageTexts(sp); err != nil {
		return err
	}
	defer pipeline.DropPassageTexts(sp)
	b.Write(appendPassageRecord(b.AvailableBuffer(), sp))
	return nil
}

// encodeJSON writes v as a JSON line to b, as the contract writes strings (no HTML escapes).
func encodeJSON(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// encodeCluster writes one cluster as a JSON line to b, reading its passages' texts.
func encodeCluster(b *bytes.Buffer, res *pipeline.Result, c *pipeline.Cluster) error {
	if err := res.LoadTexts(c); err != nil {
		return err
	}
	defer res.DropTexts(c)
	line, err := appendCluster(b.AvailableBuffer(), c)
	if err != nil {
		return err
	}
	b.Write(line)
	return nil
}
