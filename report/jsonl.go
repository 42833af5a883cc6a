package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/neardup/neardup/pipeline"
)

// Version of the JSON Lines output contract; bumped on any incompatible change.
const Version = 1

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

// JSONL writes one JSON object per cluster, as in the output contract: version, cluster, kind,
// representative, members and pairs with their passages.
func JSONL(w io.Writer, res *pipeline.Result) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	// Clusters are encoded on all cores (encoding the passages' texts is most of the work of
	// writing a large result) and written in order by this goroutine, which hands out cluster i
	// only once cluster i-window is written: at most window clusters are held encoded, and the
	// encoders never wait for the writer, nor it for a batch's slowest cluster.
	const window = 256
	type encoded struct {
		b   *bytes.Buffer
		err error
	}
	ring := make([]chan encoded, window)
	for i := range ring {
		ring[i] = make(chan encoded, 1)
	}
	var free sync.Pool
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range jobs {
				b, _ := free.Get().(*bytes.Buffer)
				if b == nil {
					b = new(bytes.Buffer)
				}
				b.Reset()
				err := encodeCluster(b, res, &res.Clusters[i])
				ring[i%window] <- encoded{b, err}
			}
		})
	}
	write := func(i int) error {
		e := <-ring[i%window]
		defer free.Put(e.b)
		if e.err != nil {
			return e.err
		}
		if _, err := bw.Write(e.b.Bytes()); err != nil {
			return fmt.Errorf("write cluster %d: %w", res.Clusters[i].Number, err)
		}
		return nil
	}
	err := func() error {
		n := len(res.Clusters)
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
	wg.Wait() // a cluster handed out has an empty slot: no encoder is left blocked
	if err != nil {
		return err
	}
	return bw.Flush()
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
