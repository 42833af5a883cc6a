package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// writeOutput writes to stdout, or to path through a temporary file renamed into place, so that
// an interrupted or failed run leaves no partial file. A path that exists and is not a regular
// file (/dev/null, a named pipe, a terminal) is written to directly: renaming over it would
// replace the device or pipe with a file (run as root, -o /dev/null did). A symbolic link is
// written through: the file it leads to is replaced, in its own directory, and the link stays
// (renaming over the link replaced it with a file).
//
// A new file gets mode 0666 less the umask, as files made by other tools; a file replaced keeps
// its mode (it was 0600 either way, os.CreateTemp's). The temporary file is synced before the
// rename and its directory after, so that a crash leaves the old file or the new one, whole.
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	name := path // for errors: as the user wrote it
	fi, err := os.Lstat(path)
	if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if path, err = linkTarget(path); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		fi, err = os.Stat(path)
	}
	exists := err == nil
	if exists && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return fmt.Errorf("write %s: is a directory", name)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := write(f); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		return nil
	}
	dir := filepath.Dir(path)
	f, err := createTemp(dir, "."+filepath.Base(path)+".tmp-", 0o666) // the umask applies
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer os.Remove(f.Name()) // a no-op once renamed
	fail := func(err error) error {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if exists {
		if err := f.Chmod(fi.Mode().Perm()); err != nil {
			return fail(err)
		}
	}
	if err := write(f); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	syncDir(dir)
	return nil
}

// outputIsInput returns an error when path, the -o file, is one of the inputs given as files
// (the same file, however named: os.SameFile): the report would replace the articles it is made
// of, and a run that fails half-way would still have read them. An input that does not exist is
// left to CheckInputs.
func outputIsInput(path string, inputs []string) error {
	if path == "" || path == "-" {
		return nil
	}
	out, err := os.Stat(path)
	if err != nil || !out.Mode().IsRegular() {
		return nil
	}
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		if fi, err := os.Stat(in); err == nil && os.SameFile(fi, out) {
			return fmt.Errorf("-o %s is the input %s: the report would replace it", path, in)
		}
	}
	return nil
}

// linkTarget returns the path that the symbolic link path leads to, through any number of links:
// the file to replace. A link to a file that does not exist yet leads to the path to create.
func linkTarget(path string) (string, error) {
	for range 40 { // Linux gives up after 40 links (ELOOP)
		target, err := filepath.EvalSymlinks(path)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			return target, err
		}
		// a dangling link (or a missing directory on the way): follow it one step by hand,
		// relative to the directory it is in, as the system resolves it
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil // the path to create
		}
		next, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(next) {
			dir, err := filepath.EvalSymlinks(filepath.Dir(path))
			if err != nil {
				return "", err
			}
			next = filepath.Join(dir, next)
		}
		path = next
	}
	return "", errors.New("too many levels of symbolic links")
}

// createTemp creates a new file in dir named prefix and random digits, with mode perm less the
// umask (os.CreateTemp always makes 0600).
func createTemp(dir, prefix string, perm fs.FileMode) (*os.File, error) {
	for range 1000 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, fmt.Errorf("create a temporary file in %s: too many tries", dir)
}

// syncDir makes a rename in dir durable. Errors are ignored: not every system can sync a
// directory, and the rename itself succeeded.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
