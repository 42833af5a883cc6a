// Package pipeline holds neardup's result types (Document, Pair, Passage, Cluster, Result) and the
// stages that produce them: read, sign, candidates, verify, align, cluster, and Run, their
// composition.
//
// # Stages
//
// Run makes two passes. The first streams the input: Walk reads records in order (it only splits
// lines and files), a pool of Workers goroutines parses each record and analyses its text (tokenize,
// shingle, MinHash signature, LSH band keys, winnowed fingerprints: all pure functions of one
// document), and one collecting goroutine takes the results back in input order, so that every
// later decision is deterministic. At most 64·Workers records are in flight. The collector spools
// each text to an unlinked temporary file (and, unless NoReuse, its shingle hashes to another, so
// that the documents read back for comparing are not hashed again, with the byte offset of every
// 32nd token, so that aligning tokenizes only the stretches of text a passage's ends or a gap
// lie in) and keeps in memory only the document's metadata, its
// band keys and its fingerprints, packed as key<<32|document into two postings lists held in 256
// buckets by the key's top byte, each a list of chunks that never move (keys are 32 of the hashes'
// bits: a rare collision only adds a candidate, which verification drops; postings wait in a
// cache line per bucket and go to memory a line at a time). Exact duplicates (the same sequence of normalised tokens, found by a
// 128-bit murmur3 hash of the shingle sequence) are collapsed: only the first of each group is
// compared further.
//
// The second pass works on the postings. Each bucket in turn is gathered, radix-sorted by key (the
// documents of a key are already in order) and read, on all cores, which groups the documents that
// share an LSH band key: the LSH candidates. Each candidate is verified on Workers goroutines, in a fixed
// order of pairs, by reading both back from the spools and computing the exact Jaccard and
// containment of their 5-word shingle sets; a pair is a near-duplicate when Jaccard ≥ Threshold, or
// containment ≥ Containment and the smaller text has at least MinPassage words (a truncated copy).
//
// # LSH bands
//
// ChooseBands picks b bands of r rows, b·r ≤ NumPerm, for recall rather than balance: every
// candidate is verified exactly, so a false candidate costs a few microseconds while a missed pair
// is lost. Among the choices under which a pair at exactly the threshold becomes a candidate with
// probability 1-(1-t^r)^b ≥ 0.99, it takes the one with the least false-candidate area ∫₀ᵗ P.
// At 0.5 and 128 permutations that is 35 bands of 3 rows (P(0.5) = 0.991); datasketch's balanced
// 25×5 gives 0.55. Only the b·r slots the bands use are computed.
//
// # Reuse, boilerplate and stock phrases
//
// Rewritten stories share only some passages, so their Jaccard is low; the fingerprints find them.
// Winnowing with window Window guarantees that any passage of Window+Shingle-1 words (8 by default)
// shared by two documents yields a shared fingerprint. The fingerprint postings are read once, each
// fingerprint with the documents that hold it, and those documents' exact and near-duplicate groups
// (copies of one story count once). Two kinds of shared text are not evidence:
//
//   - Boilerplate: a fingerprint found in Boilerplate (3) or more unrelated documents (distinct
//     groups) of the SAME source is that source's boilerplate: a newsletter box, a copyright footer.
//     Text repeated across many articles of one outlet that otherwise differ is the outlet's, not a
//     story's. It makes no candidate pair for that source's documents, and in any pair with a
//     document of that source the shingles between consecutive boilerplate fingerprints are masked
//     before alignment. Documents without a source get no such rule.
//   - Stock phrases: a short passage (under 2·MinReuseWords words) at least half of whose shared
//     fingerprints are found in StockDocs (4) or more unrelated documents is a stock phrase ("did
//     not respond to requests for comment") and is dropped: a phrase in many documents that share
//     nothing else around it. The fingerprints of both documents are pooled (the verdict must not
//     depend on the pair's order, and a short passage holds few on either side), and only those
//     both documents hold count: template text with a number changed ("Civilians 205 (as of
//     2004)" against "Civilians 495") is still template text, whatever the changed word's
//     fingerprints.
//
// A wire story reprinted by many outlets is neither: it appears once per source, and its passages
// are long and come with much more shared text. A plain document-frequency cut-off would drop it.
// Fingerprints in more than MaxPostings documents make no candidates (their pairs would be
// quadratic in number; copies that share them are near-duplicates and found by LSH).
//
// Candidate pairs must share at least (MinReuseWords-Shingle+1)/Window fingerprints, the number any
// passage of MinReuseWords words is guaranteed to yield, so no pair that could be reuse is lost.
// Frequencies are counted exactly from the sorted postings, not estimated.
//
// # Alignment
//
// For each candidate and each near-duplicate, align finds the shared passages: the shingles both
// documents hold (found by looking each distinct shingle of one up in a hash table of the
// other's, which also counts the shared ones for the exact Jaccard; boilerplate masked; a shingle
// repeated more than 16 times is matched at its first 16 places) form runs
// along diagonals (consecutive shingles at the same offset in both); runs merge into passages
// across gaps of at most MaxGap words, where a gap of equal length on both sides (substitutions)
// counts only the words that differ; passages shorter than MinPassage words are dropped, and so
// are echoes (a passage mostly inside a longer one, made by a phrase the text repeats; on one side
// only when it is short, under MinReuseWords words, or at most half as long as the passage it lies
// in: a long passage copied twice is as long as its first copy). Token spans
// map back to byte offsets in both original texts, so Passage.AText is exactly
// a.Text[AStart:AEnd]. Coverage is the share of a document's words inside passages. A pair that
// is not a near-duplicate is Reuse when its passages add up to MinReuseWords words.
//
// # Clusters
//
// Related pairs (exact, near-duplicate, reuse) are joined with union-find. A cluster's kind is
// story if it holds a reuse pair, syndicated if it holds a near-duplicate, else exact; its
// representative is the member published first, else the longest, else the first read. Clusters
// are numbered largest first, ties by their first member in input order.
package pipeline
