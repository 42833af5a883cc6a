package index

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"

	"github.com/neardup/neardup/pipeline"
)

// Report is what Verify found.
type Report struct {
	Docs     int      // live documents
	Removed  int      // removed documents whose bytes are not reclaimed yet
	Segments int      // postings segments
	Postings int      // postings of live documents
	Problems []string // empty when the index is sound
	Notes    []string // facts that are no problem (an unused commit slot torn by a crash)
}

// maxProblems is how many problems Verify lists before it stops looking.
const maxProblems = 20

// Verify checks the integrity of the index r: the checksums of every section, that every
// document's record decodes and its text decompresses to its length and checksum, that ids are
// unique among live documents, that every posting points to an existing document of its
// segment's range (live, or removed and not yet merged away), that the postings of every live
// document are exactly its band keys, fingerprints and id, and that the counts agree. With deep,
// it also analyses every text again (with the index's params) and compares with the stored
// analysis. The error is nil when r is sound; else it wraps ErrCorrupt and names the problems.
func (r *Reader) Verify(deep bool) (Report, error) {
	rep := Report{Docs: r.Len(), Removed: len(r.m.removed), Segments: len(r.m.segments)}
	bad := func(format string, args ...any) bool {
		rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...))
		return len(rep.Problems) < maxProblems
	}
	for _, s := range r.slots {
		if s.slotIndex != r.slot.slotIndex && !s.valid && !s.emptyOrZero {
			rep.Notes = append(rep.Notes, fmt.Sprintf("commit slot %d is unused: %s", s.slotIndex, s.problem))
		}
	}
	for i, c := range r.m.chunks {
		h := crc32.NewIEEE()
		h.Write(r.data[c.recsOff : c.recsOff+c.recsLen])
		h.Write(r.data[c.tableOff : c.tableOff+4*uint64(c.n+1)])
		h.Write(r.data[c.srcOff : c.srcOff+4*uint64(c.n)])
		if h.Sum32() != c.crc {
			if !bad("chunk %d (documents %d-%d): records fail their checksum", i, c.first, c.first+c.n-1) {
				return r.verdict(rep)
			}
		}
		prev := uint32(0)
		for k := uint32(0); k <= c.n; k++ {
			v := binary.LittleEndian.Uint32(r.data[c.tableOff+4*uint64(k):])
			if v < prev || uint64(v) > c.recsLen || (k == c.n && uint64(v) != c.recsLen) {
				if !bad("chunk %d: record table out of order at %d", i, k) {
					return r.verdict(rep)
				}
				break
			}
			prev = v
		}
	}
	// postings: count and an order-independent sum of every posting of a live document, per
	// segment and array, to compare with what the records say they must be
	type tally struct {
		n   int
		sum uint64
	}
	have := make([][postKinds]tally, len(r.m.segments))
	for i := range r.m.segments {
		s := &r.m.segments[i]
		for kind, sec := range s.sections() {
			b := r.data[sec.off : sec.off+8*sec.n]
			if crc32.ChecksumIEEE(b) != sec.crc {
				if !bad("segment %d: %s postings fail their checksum", i, kindName[kind]) {
					return r.verdict(rep)
				}
			}
			f := r.data[sec.fence : sec.fence+4*fences(sec.n)]
			prev := uint64(0)
			for j := 0; j < len(b); j += 8 {
				v := binary.LittleEndian.Uint64(b[j:])
				if k := j / 8; k%fenceStep == 0 && binary.LittleEndian.Uint32(f[4*(k/fenceStep):]) != uint32(v>>32) {
					if !bad("segment %d: %s fence %d is not the key of posting %d", i, kindName[kind], k/fenceStep, k) {
						return r.verdict(rep)
					}
				}
				d := uint32(v)
				switch {
				case j > 0 && v < prev:
					if !bad("segment %d: %s postings out of order at entry %d", i, kindName[kind], j/8) {
						return r.verdict(rep)
					}
				case d < s.first || d >= s.end:
					if !bad("segment %d: %s posting points to document %d, outside its documents %d-%d",
						i, kindName[kind], d, s.first, s.end-1) {
						return r.verdict(rep)
					}
				case r.live(d):
					have[i][kind].n++
					have[i][kind].sum += mix64(v)
				}
				prev = v
			}
		}
	}
	want := make([][postKinds]tally, len(r.m.segments))
	var post [postKinds][]uint64 // one document's
	ids := make(map[string]uint32, r.Len())
	var z *pipeline.Analyzer
	if deep {
		var opts pipeline.Options
		r.m.params.Apply(&opts)
		z = pipeline.NewAnalyzer(opts)
	}
	seg := 0
	var textBytes uint64
	for d := uint32(0); d < r.m.nextDoc; d++ {
		for r.m.segments[seg].end <= d {
			seg++
		}
		rec, err := r.record(d, partAll)
		if err != nil {
			if !bad("document %d: %v", d, err) {
				return r.verdict(rep)
			}
			continue
		}
		if !r.live(d) {
			continue
		}
		if prev, dup := ids[rec.doc.ID]; dup {
			if !bad("documents %d and %d have the same id %q", prev, d, rec.doc.ID) {
				return r.verdict(rep)
			}
		}
		ids[rec.doc.ID] = d
		if src := r.sourceOf(d); src == noSource || r.m.sources[src] != rec.doc.Source {
			if !bad("document %d (%s): source table says another source than its record", d, rec.doc.ID) {
				return r.verdict(rep)
			}
		}
		text, err := r.text(d, &rec)
		if err != nil {
			if !bad("document %d (%s): %v", d, rec.doc.ID, err) {
				return r.verdict(rep)
			}
			continue
		}
		textBytes += uint64(len(text))
		if deep {
			a := z.Analyze(text)
			if a.Words != rec.words || a.Exact != rec.exact || !slices.Equal(a.BandKeys, rec.bands) ||
				!slices.Equal(a.Fingerprints, rec.fps) || !slices.Equal(sentenceKeys(a), rec.sents) {
				if !bad("document %d (%s): stored analysis differs from the text's", d, rec.doc.ID) {
					return r.verdict(rep)
				}
			}
		}
		t := &want[seg]
		for kind := range post {
			post[kind] = post[kind][:0]
		}
		rec.appendPostings(&post, d)
		for kind, ps := range post {
			for _, v := range ps {
				t[kind].n++
				t[kind].sum += mix64(v)
			}
		}
	}
	for i := range want {
		for kind := range want[i] {
			h, w := have[i][kind], want[i][kind]
			rep.Postings += h.n
			if h != w {
				if !bad("segment %d: %d %s postings of live documents, the records call for %d (or different ones)",
					i, h.n, kindName[kind], w.n) {
					return r.verdict(rep)
				}
			}
		}
	}
	if len(ids) != r.Len() {
		bad("%d live documents found, the manifest says %d", len(ids), r.Len())
	}
	if len(rep.Problems) == 0 && textBytes != r.m.textBytes {
		bad("live texts hold %d bytes, the manifest says %d", textBytes, r.m.textBytes)
	}
	return r.verdict(rep)
}

var kindName = [postKinds]string{"band key", "fingerprint", "id", "sentence key", "story"}

func (r *Reader) verdict(rep Report) (Report, error) {
	if len(rep.Problems) == 0 {
		return rep, nil
	}
	more := ""
	if len(rep.Problems) >= maxProblems {
		more = "\n  (stopped looking)"
	}
	return rep, fmt.Errorf("%w: %s: %d problem(s):\n  %s%s", ErrCorrupt, r.path, len(rep.Problems),
		strings.Join(rep.Problems, "\n  "), more)
}

// mix64 is the splitmix64 finaliser.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
