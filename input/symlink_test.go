package input

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const article = "The ferry to the island stopped running on Monday after engineers found the pier unsafe."

// TestWalkDirSymlinks: a link below a directory input is not followed unless FollowSymlinks
// (ln -s /etc/passwd d/leak.txt put /etc/passwd in the report).
func TestWalkDirSymlinks(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"outside/secret.txt": "secret", "tree/o/a.txt": "a"})
	if err := os.Symlink(filepath.Join(dir, "outside", "secret.txt"), filepath.Join(dir, "tree", "o", "leak.txt")); err != nil {
		t.Skip(err)
	}
	root := filepath.Join(dir, "tree")
	for _, tt := range []struct {
		follow   bool
		ids      []string
		errKinds []RecordKind
	}{
		{false, []string{"o/a.txt"}, []RecordKind{RecordSymlink}},
		{true, []string{"o/a.txt", "o/leak.txt"}, nil},
	} {
		res := walk(t, []string{root}, nil, &ReadOptions{FollowSymlinks: tt.follow})
		var ids []string
		for _, r := range res.recs {
			ids = append(ids, r.ID)
		}
		var kinds []RecordKind
		for _, e := range res.errs {
			kinds = append(kinds, e.Kind)
			if !strings.Contains(e.Error(), "leak.txt: symbolic link not followed") {
				t.Errorf("error %q", e)
			}
		}
		if !slices.Equal(ids, tt.ids) || !slices.Equal(kinds, tt.errKinds) {
			t.Errorf("FollowSymlinks %v: read %q, errors %v; want %q, %v", tt.follow, ids, kinds, tt.ids, tt.errKinds)
		}
		size, _ := (&ReadOptions{FollowSymlinks: tt.follow}).InputSize([]string{root})
		if want := int64(len("a")) + map[bool]int64{false: 0, true: int64(len("secret"))}[tt.follow]; size != want {
			t.Errorf("FollowSymlinks %v: InputSize = %d, want %d", tt.follow, size, want)
		}
	}
}

// TestFileReplacedByLink: a file listed under a directory and replaced by a symbolic link before
// it is opened is not read through the link (O_NOFOLLOW): it is reported as a link not
// followed. A file named as an input is read through a link.
func TestFileReplacedByLink(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"secret.txt": "secret", "tree/a.txt": article})
	path := filepath.Join(dir, "tree", "a.txt")
	// as dir would list it, then the swap
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "secret.txt"), path); err != nil {
		t.Skip(err)
	}
	for _, tt := range []struct {
		noFollow bool
		read     bool
	}{{true, false}, {false, true}} {
		var recs []Record
		var errs []*RecordError
		w := &walker{ctx: context.Background(), maxDoc: DefaultMaxDocBytes,
			emit:  func(r Record) error { recs = append(recs, r); return nil },
			onErr: func(e *RecordError) { errs = append(errs, e) }}
		if err := w.file(path, "a.txt", "", FormatText, int64(len(article)), tt.noFollow); err != nil {
			t.Fatal(err)
		}
		if got := len(recs) == 1; got != tt.read {
			t.Errorf("noFollow %v: read %v, want %v", tt.noFollow, got, tt.read)
		}
		if !tt.read && (len(errs) != 1 || errs[0].Kind != RecordSymlink || !strings.Contains(errs[0].Error(), "a.txt: symbolic link not followed")) {
			t.Errorf("noFollow %v: errors %v, want the link reported", tt.noFollow, errs)
		}
	}
}
