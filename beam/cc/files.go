package cc

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// The driver's files: the edges it hands a pipeline and the outputs it reads back go through
// Beam's file systems, so that on a distributed runner they can lie where its workers read and
// write (gs://, s3://), not on the driver's disk. A path is a local one or a URL of a file
// system registered by import (local, memfs, gcs, s3).

// Join joins a folder and a name with "/", as the file systems name their files (filepath.Join
// would make "gs://bucket" "gs:/bucket").
func Join(dir, name string) string { return strings.TrimSuffix(dir, "/") + "/" + name }

// ReadLines calls fn with each non-empty line of the text file at path, a pipeline's output
// shard (lines of any length up to 1 GiB); a file that is not there is empty (an empty
// PCollection may leave none).
func ReadLines(path string, fn func(string) error) error {
	ctx := context.Background()
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	if found, err := fs.List(ctx, path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	} else if len(found) == 0 {
		return nil
	}
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
