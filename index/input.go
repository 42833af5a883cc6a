package index

import (
	"context"
	"io"

	"github.com/neardup/neardup/pipeline"
)

// Extra is what the index's work hooks attach to a document of the first pass.
type Extra struct {
	Z       []byte  // the compressed text, if work set it
	Matches []Match // related indexed documents, if work set them
}

// Item is one document read by Each, with its analysis and the index's Extra.
type Item = pipeline.Item[Extra]

// ReadStats counts what Each read.
type ReadStats = pipeline.ReadStats

// Each is pipeline.Each, Run's first pass, with the index's Extra on every document: it reads and
// analyses the inputs on a worker pool, calls work on the workers and collect in input order.
func Each(ctx context.Context, inputs []string, stdin io.Reader, opts pipeline.Options,
	work func(*Item) error, collect func(*Item) error) (ReadStats, error) {
	return pipeline.Each(ctx, inputs, stdin, opts, work, collect)
}
