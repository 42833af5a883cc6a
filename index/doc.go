// Package index is neardup's persistent index: one file that holds articles (metadata and
// compressed text), their analyses (LSH band keys, passage fingerprints) and the postings that
// map band keys, fingerprints and ids back to articles, so that a draft or a night's batch can be
// compared with every article indexed before without reading them again.
//
// # Why a file format of our own
//
// The access pattern is: append a batch of tens of thousands of articles (about 245 postings each:
// 35 band keys, some 210 fingerprints, one id) atomically, and look up a few hundred keys per
// draft while a writer may be running in another process. Measured on this machine (2 cores,
// batches of 925,000 random postings inserted sorted in one transaction): SQLite through
// modernc.org/sqlite (WAL) took 4.6 µs per posting and 14 bytes each; bbolt 2.6 to 3.1 µs and
// 75 bytes each (random inserts split pages); that is 13 to 23 s for the 4.9 million postings of
// 20,000 articles, more than reading and analysing them. Appending them as one sorted array took
// 0.03 µs per posting (0.1 s a batch, flat over 10 batches), and 185 lookups in 10 such arrays a
// median 3 ms. bbolt also locks its file, so that another process cannot open it to read while a
// writer runs. So postings are immutable sorted arrays, appended, as in codesearch and zoekt,
// inside one append-only file with a pair of commit slots (as bbolt has) for atomicity.
//
// # On-disk layout
//
// All integers are little-endian. The file is never modified below its committed end, except the
// two commit slots; everything else is appended.
//
//	offset 0      header page (4096 bytes), written once when the file is created:
//	              magic "neardup index\n\x00\x00" (16 bytes), format version (uint32, now 4),
//	              page size (uint32, 4096), CRC-32 (IEEE) of the 24 bytes before it.
//	offset 4096   commit slot 0 (one page, 48 bytes used)
//	offset 8192   commit slot 1
//	offset 12288  data: sections appended by commits, each starting on an 8-byte boundary.
//
// A commit slot is: "commit\x00\x00", sequence number (uint64), manifest offset and length
// (uint64 each), CRC-32 of the manifest (uint32), committed end of the file (uint64), CRC-32 of
// the 44 bytes before it. The valid slot with the highest sequence number is the index's state;
// commit n+1 overwrites the slot of commit n-1, so a torn slot write leaves the other intact.
//
// The manifest (uvarints unless said otherwise) describes the whole state:
//
//	params    shingle, num-perm, window, bands, rows, threshold (uint64 float bits), no-reuse (byte),
//	          html-text (0 main, 1 all; since version 2; 2 from version 3 on: not recorded, an
//	          index made by version 1 and compacted, but not added to, since), rewrite (byte,
//	          since version 4: sentence keys indexed)
//	sources   count; the source names (length and bytes), numbered from 0, which is ""
//	counts    next document number, live documents, dead bytes, live text bytes (uncompressed)
//	chunks    count; per chunk: first document, documents, commit sequence, texts offset and
//	          length, records offset and length, table offset, sources offset, CRC-32 of
//	          records, table and sources
//	segments  count; per segment: level, first document, end document (exclusive), and for each of
//	          its postings arrays (band keys, fingerprints, ids, since version 4 sentence keys, since version 5 stories):
//	          offset, entries, CRC-32, offset of its fences
//	removed   count; document numbers, delta-coded, ascending: replaced or removed documents
//	history   count; per commit: sequence, Unix time, added, replaced, removed, live after
//
// A chunk holds the documents of one batch, numbered from its first document: their texts, each
// compressed alone with zstd at its default level (since version 5; compress/flate at level 1
// before: both 1.8 times smaller on the news corpus, zstd read back three times as fast), then
// one record per document, then a table of len+1 uint32 offsets of
// the records (relative to the first), then one uint32 source number per document, so that the
// sources of a fingerprint's documents are counted without decoding records. A record is: story (since version 5), id, source, title, url, author (since version 3), where (each a uvarint length and bytes),
// published (uvarint length and time.MarshalBinary bytes, 0 when unknown), words, text length,
// CRC-32 of the text (uint32), the exact-duplicate hash (16 bytes), the compressed text's offset
// and length, the band keys (count, then uint32 each), the fingerprints and the sentence keys
// (each a count, then delta-coded ascending uvarints; no sentence keys without --rewrite).
//
// A segment holds postings of a contiguous range of documents, in four arrays of uint64
// key<<32|document sorted ascending: band key, fingerprint, id key (the upper 32 bits of the
// FNV-1a hash of the id; collisions are resolved by reading the records) and sentence key
// (empty without --rewrite), each followed by its
// fences: the key (uint32) of every 256th entry, so that a lookup binary-searches the fences and
// then reads one 2 KiB block of postings. Segments partition the document numbers, in order. Each
// batch adds a segment of level 0; when the last four segments share a level they are merged into
// one of the next level, dropping the postings of removed documents, so a lookup searches O(log n)
// segments and each posting is rewritten O(log n) times.
//
// # Older versions
//
// Versions 1 to 3 are read as they are, without a rebuild: their segments have no sentence keys
// (version 4; an index made by default holds them), records of versions 1 and 2 no author, and a
// version 1 manifest has no html-text (Params.HTMLTextUnrecorded: pages are read with the
// --html-text given, and the first batch added after the upgrade records the one it was read
// with, so that later batches are read alike). A file is never of two versions: a Writer
// refuses an older one, and Compact rewrites it, whole, as the current version (the one-step
// upgrade that index add's error names).
// testdata/v1.ndx, v2.ndx and v3.ndx were made by the neardup of those versions (see
// testdata/README.md) and are read back by TestOldVersions.
//
// # Commits, crashes and concurrency
//
// A writer takes an exclusive flock on the file (or fails at once, unless told to wait), cuts off
// whatever a crashed writer left past the committed end, appends the batch's chunk, its segment,
// any merged segment and the new manifest, fsyncs, then writes the other commit slot and fsyncs
// again. A crash before the slot is written leaves the previous commit in force: a batch is
// added whole or not at all. Readers take no lock: they read the slots, map the file up to the
// committed end and never see what a writer appends after it, so a check runs while a batch is
// added. Replacing and removing documents only marks them removed; merges drop their postings and
// Compact rewrites the file without them (into a new file renamed over the old one, so that
// readers holding the old one keep a consistent view; a writer waiting for the lock notices the
// rename and opens the new file). A writer compacts on its own when dead bytes exceed live ones;
// if that compaction fails, the batch stays committed (Commit returns a *CompactError). A
// compaction killed before its rename leaves its new file beside the index ("."+name+".compact-"
// and digits); the next writer, holding the lock, removes it.
//
// # Matching
//
// A draft's candidates are the indexed documents that share one of its LSH band keys, or at least
// (MinReuseWords-Shingle+1)/Window of its fingerprints, the number a shared passage of
// MinReuseWords words is guaranteed to yield (see package pipeline); fingerprints found in more
// than MaxPostings documents make no candidates. Looking for rewritten passages (Options.Rewrites) in
// an index made with them (Params.Rewrite), the documents whose sentence keys the draft shares
// from two of its sentences or more are candidates too, each key held by at most
// pipeline.MaxSentenceKeyDocs live documents (pipeline.RewriteCandidate). Boilerplate is told from the index as Run tells
// it from its corpus (a fingerprint held by Boilerplate or more unrelated documents of one source;
// see evidence.go): it makes no candidates, and a pair that shares some is compared with it masked.
// Every candidate is verified and aligned with pipeline.Compare. Stock phrases are not discounted
// against indexed articles: telling them from a syndicated story needs the near-duplicate groups
// of the whole index.
package index
