package index

import (
	"fmt"
	"os"
)

// Stale reports whether the index at r's path has moved on since r was opened: a later commit
// (index add, remove), or another file in its place (compact replaces it). A long-lived reader,
// such as neardup serve's, calls it before each use and opens the index again when it is stale.
// It costs a stat and two small reads of the commit slots: unlike the file's modification time,
// which Linux keeps at the kernel tick, a commit always changes its slot's sequence number.
func (r *Reader) Stale() (bool, error) {
	if r.f == nil {
		return false, fmt.Errorf("index %s: reader closed", r.path)
	}
	now, err := os.Stat(r.path)
	if err != nil {
		return false, fmt.Errorf("stat %s: %w", r.path, err)
	}
	was, err := r.f.Stat()
	if err != nil {
		return false, fmt.Errorf("stat %s: %w", r.path, err)
	}
	if !os.SameFile(now, was) {
		return true, nil
	}
	var b [slotLen]byte
	for i := range 2 {
		if _, err := r.f.ReadAt(b[:], int64(slotOff+i*pageSize)); err != nil {
			return false, fmt.Errorf("read %s: %w", r.path, err)
		}
		// a torn slot is a commit being written: the other one is still the last commit
		if s := decodeSlot(b[:], i); s.valid && s.seq > r.slot.seq {
			return true, nil
		}
	}
	return false, nil
}
