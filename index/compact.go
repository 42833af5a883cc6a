package index

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// Compact rewrites the index at path without its removed documents, dead segments and old
// manifests, with all postings in one segment, in format Version: an index of an older version
// is upgraded (its documents without authors). It takes the writer lock (waiting for it with
// wait). The new file replaces the old one by a rename, so readers that have the old one open go
// on reading it; a crash leaves the old one in place.
func Compact(path string, wait bool) (CommitStats, error) {
	w, err := OpenWriter(path, WriterOptions{Wait: wait, anyVersion: true})
	if err != nil {
		return CommitStats{}, err
	}
	defer w.Close()
	w.done = true
	size, err := compactFile(w.r)
	if err != nil {
		return CommitStats{}, err
	}
	cs := CommitStats{Compact: true, Docs: w.r.Len(), Size: size, Seq: w.r.slot.seq + 1}
	if w.r.version != Version {
		cs.Upgraded = w.r.version
	}
	return cs, nil
}

// compact compacts the index after the writer's commit.
func (w *Writer) compact() (int64, error) {
	r, err := newReader(w.path, w.f)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	return compactFile(r)
}

// createTemp is os.CreateTemp; tests make it fail, as a full disk would.
var createTemp = os.CreateTemp

// compactFile writes the live documents of r to a new file and renames it over r's path. The
// caller holds the writer lock on r's file.
func compactFile(r *Reader) (int64, error) {
	tmp, err := createTemp(filepath.Dir(r.path), "."+filepath.Base(r.path)+compactSuffix+"*")
	if err != nil {
		return 0, fmt.Errorf("compact: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	defer tmp.Close()
	if fi, err := r.f.Stat(); err == nil {
		tmp.Chmod(fi.Mode().Perm())
	}
	app := appender{f: tmp}
	app.write(encodeHeader())
	app.write(make([]byte, 2*pageSize))
	m := &manifest{params: r.m.params, history: r.m.history, sources: []string{""}}
	srcNum := map[string]uint32{"": 0}
	var srcs []uint32
	level := 0
	for _, s := range r.m.segments {
		level = max(level, s.level+1)
	}
	c := chunk{seq: r.slot.seq + 1, textsOff: app.off}
	var recs encoder
	var table []uint32
	var post [postKinds][]uint64
	n := uint32(0)
	for d := uint32(0); d < r.m.nextDoc; d++ {
		if !r.live(d) {
			continue
		}
		rec, err := r.record(d, partAll)
		if err != nil {
			return 0, err
		}
		if rec.textOff < dataOff || rec.textOff+rec.textLen > uint64(len(r.data)) {
			return 0, fmt.Errorf("%w: %s: text of document %d out of range", ErrCorrupt, r.path, d)
		}
		z := r.data[rec.textOff : rec.textOff+rec.textLen]
		if r.version < 5 {
			// compress/flate then, zstd now (textEncoder): the text read back and written anew
			text, err := r.text(d, &rec)
			if err != nil {
				return 0, err
			}
			z = Compress(text)
			rec.textLen = uint64(len(z))
		}
		rec.textOff = app.off
		app.write(z)
		table = append(table, uint32(len(recs.b)))
		rec.encode(&recs)
		src, ok := srcNum[rec.doc.Source]
		if !ok {
			src = uint32(len(m.sources))
			m.sources = append(m.sources, rec.doc.Source)
			srcNum[rec.doc.Source] = src
		}
		srcs = append(srcs, src)
		rec.appendPostings(&post, n)
		m.textBytes += uint64(rec.length)
		n++
	}
	m.nextDoc, m.live = n, uint64(n)
	if n > 0 {
		app.align()
		c.n, c.textsLen = n, app.off-c.textsOff
		writeChunk(&app, &c, recs.b, table, srcs)
		m.chunks = []chunk{c}
		for kind := range post {
			slices.Sort(post[kind])
		}
		m.segments = []segment{writeSegment(&app, &memSegment{level: level, first: 0, end: n, post: post})}
	}
	if err := commitManifest(tmp, &app, m, r.slot.seq+1); err != nil {
		return 0, fmt.Errorf("compact %s: %w", r.path, err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("compact %s: %w", r.path, err)
	}
	if err := os.Rename(tmp.Name(), r.path); err != nil {
		return 0, fmt.Errorf("compact %s: %w", r.path, err)
	}
	syncDir(filepath.Dir(r.path))
	return int64(app.off), nil
}
