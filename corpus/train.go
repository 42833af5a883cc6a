package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// maxLine bounds one JSON Lines record while training.
const maxLine = 64 << 20

// Train builds a Model from r, which holds JSON Lines records with a "text" field (one document
// each) or else plain text (one document); either may be gzipped. Malformed records are skipped
// and counted in ModelInfo.Skipped.
func Train(r io.Reader) (*Model, error) {
	t := NewTrainer()
	if err := t.Read(r); err != nil {
		return nil, err
	}
	return t.Model()
}

// TrainFile builds a Model from a file read as Train reads it, or from a directory, where every
// .txt and .md file below it (in lexical order) is one plain-text document.
func TrainFile(path string) (*Model, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("train: %w", err)
	}
	t := NewTrainer()
	if info.IsDir() {
		err = t.addDir(path)
	} else {
		err = t.addFile(path)
	}
	if err != nil {
		return nil, err
	}
	m, err := t.Model()
	if err != nil {
		return nil, fmt.Errorf("train on %s: %w", path, err)
	}
	return m, nil
}

// addFile adds the documents of one file.
func (t *Trainer) addFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	defer f.Close()
	if err := t.Read(f); err != nil {
		return fmt.Errorf("train on %s: %w", path, err)
	}
	return nil
}

// addDir adds every .txt and .md file below dir as one document.
func (t *Trainer) addDir(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("train: %w", err)
		}
		ext := strings.ToLower(filepath.Ext(path))
		if d.IsDir() || (ext != ".txt" && ext != ".md") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("train: %w", err)
		}
		t.Add(string(b))
		return nil
	})
}

// Read adds the documents of r: JSON Lines records with a "text" field, or else one plain-text
// document; either may be gzipped.
func (t *Trainer) Read(r io.Reader) error {
	br := bufio.NewReaderSize(r, 1<<16)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("open gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<16)
	}
	if isJSONLines(br) {
		return t.readJSONLines(br)
	}
	b, err := io.ReadAll(br)
	if err != nil {
		return fmt.Errorf("read text: %w", err)
	}
	t.Add(string(b))
	return nil
}

// isJSONLines reports whether the first non-blank byte of br opens a JSON object.
func isJSONLines(br *bufio.Reader) bool {
	for n := 1; n <= 4096; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			return false
		}
		c := b[n-1]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			if err != nil {
				return false
			}
			continue
		}
		return c == '{'
	}
	return false
}

// readJSONLines adds the "text" field of every record.
func (t *Trainer) readJSONLines(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), maxLine)
	var rec struct {
		Text string `json:"text"`
	}
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		rec.Text = ""
		if err := json.Unmarshal(b, &rec); err != nil {
			t.info.Skipped++
			continue
		}
		t.Add(rec.Text)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read JSON Lines line %d: %w", line+1, err)
	}
	return nil
}
