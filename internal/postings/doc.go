// Package postings holds the packed lists of uint64 values a run keeps in memory, the memory
// they live in, and the sorts that read them back in order: the kernels under pipeline's
// candidate and evidence stages, which hold nothing of what the values mean.
//
//   - A List holds postings, key<<32 | document: a document's LSH band keys, fingerprints or
//     tagged sentence keys. They are kept in 256 buckets by the key's top byte, staged a cache
//     line per bucket and written to memory a line at a time (around the cache where the CPU has
//     AVX-512), and read a bucket at a time, each sorted on its own (SortByKey: the documents of
//     a key are already in order), on all cores (GroupsParallel), as each key's documents.
//   - A PairCounter holds document pairs packed with a weight and a class of entry, in buckets
//     by their top byte too; CountShared sorts (RadixSort) and sums each bucket on its own.
//   - Both keep their values in Chunks, lists of chunks that never move and grow by doubling up
//     to 512 KiB, so that no value is copied to grow a list. Chunks come from a Pool, which hands
//     out again the chunks a read list gives back (the fingerprint postings lend theirs to the
//     pairs reading them makes); a pool made by NewPool takes new chunks from memory outside the
//     garbage-collected heap, given back all at once by Release (arena.go).
//   - A List may keep its postings in a Spill instead, a temporary file: each bucket gathers a
//     chunk of 16 KiB and writes it out when full, and reading a bucket reads its chunks back.
//     A run's postings, all held at once at the end of reading, were its peak of memory.
//   - Sort sorts a slice of postings or pair keys in place, without the scratch copy a radix
//     sort needs; HashSorter sorts one document's hashes in about linear time.
//
// Every sort is tested against slices.Sort, and the lists against a map of what was added.
//
// Goroutines: the house rule is that only pipeline starts them. The parallel readers here
// (List.GroupsParallel, CountShared, Sort) are pipeline's, moved with the lists they read when
// the kernels left it (issue 17): each runs on the number of workers its caller gives, hands
// each worker whole buckets (so results do not depend on the schedule) and returns only when
// all of its goroutines have, so none outlives a call.
package postings
