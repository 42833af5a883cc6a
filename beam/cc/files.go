package cc

import (
	"bufio"
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// The driver's files: the edges it hands a pipeline and the outputs it reads back go through
// Beam's file systems, so that on a distributed runner they can lie where its workers read and
// write (gs://, s3://), not on the driver's disk. A path is a local one or a URL of a file
// system registered by import (local, memfs, gcs, s3).

// Join joins a folder and a name with "/", as the file systems name their files (filepath.Join
// would make "gs://bucket" "gs:/bucket").
func Join(dir, name string) string { return strings.TrimSuffix(dir, "/") + "/" + name }

// ReadLines calls fn with each non-empty line of the text files that path matches (a file, or a
// glob such as Shards' of a sharded output), in the order of their names (lines of any length
// up to 1 GiB); a file that is not there is empty.
func ReadLines(path string, fn func(string) error) error {
	ctx := context.Background()
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	found, err := fs.List(ctx, path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	slices.Sort(found)
	for _, name := range found {
		if err := readLines(ctx, fs, name, fn); err != nil {
			return err
		}
	}
	return nil
}

func readLines(ctx context.Context, fs filesystem.Interface, path string, fn func(string) error) error {
	f, err := fs.OpenRead(ctx, path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<30)
	for sc.Scan() {
		if sc.Text() == "" {
			continue
		}
		if err := fn(sc.Text()); err != nil {
			return err
		}
	}
	return sc.Err()
}

// WriteLines writes the file at path with write.
func WriteLines(path string, write func(w *bufio.Writer) error) error {
	ctx := context.Background()
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	f, err := fs.OpenWrite(ctx, path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	if err := write(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// RemoveAll removes the folder dir and what it holds, two levels deep (a run's folder and its
// pipelines' folders): a local folder with os.RemoveAll, another file system's files one by one
// where it can remove them.
func RemoveAll(ctx context.Context, dir string) error {
	if !strings.Contains(dir, "://") {
		return os.RemoveAll(dir)
	}
	fs, err := filesystem.New(ctx, dir)
	if err != nil {
		return err
	}
	defer fs.Close()
	rm, ok := fs.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("%s: its file system cannot remove files", dir)
	}
	for _, glob := range []string{Join(dir, "*"), Join(dir, "*/*")} {
		files, err := fs.List(ctx, glob)
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := rm.Remove(ctx, f); err != nil {
				return err
			}
		}
	}
	return nil
}

// Shards is the glob of the files WriteSharded writes under prefix.
func Shards(prefix string) string { return prefix + "-*-of-*" }

// WriteSharded writes the lines of col (strings) to n files prefix-SSSSS-of-NNNNN (Shards), each
// line to the shard its hash picks, every shard written even if empty, so that no one worker
// gathers a whole output (textio.Write gathers its file into one element) and a reader of
// Shards(prefix) finds the files. A retried shard is written again whole: the same lines.
func WriteSharded(s beam.Scope, prefix string, n int, col beam.PCollection) {
	s = s.Scope("WriteSharded")
	n = max(n, 1)
	all := make([]int, n)
	for k := range all {
		all[k] = k
	}
	keyed := beam.ParDo(s, &shardKeyFn{N: n}, col)
	empty := beam.ParDo(s, emptyShard, beam.CreateList(s, all))
	beam.ParDo0(s, &writeShardFn{Prefix: prefix, N: n}, beam.GroupByKey(s, beam.Flatten(s, keyed, empty)))
}

// shardKeyFn keys a line by its shard.
type shardKeyFn struct{ N int }

func (f *shardKeyFn) ProcessElement(line string) (int, string) {
	h := fnv.New32a()
	h.Write([]byte(line))
	return int(h.Sum32() % uint32(f.N)), line
}

// emptyShard is shard k's empty line, so that every shard has a group and a file.
func emptyShard(k int) (int, string) { return k, "" }

// writeShardFn writes a shard's lines (the empty one left out).
type writeShardFn struct {
	Prefix string
	N      int
}

func (f *writeShardFn) ProcessElement(k int, lines func(*string) bool) error {
	path := fmt.Sprintf("%s-%05d-of-%05d", f.Prefix, k, f.N)
	return WriteLines(path, func(w *bufio.Writer) error {
		var l string
		for lines(&l) {
			if l != "" {
				w.WriteString(l)
				w.WriteByte('\n')
			}
		}
		return nil
	})
}
