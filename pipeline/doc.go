// Package pipeline holds neardup's result types (Document, Pair, Passage, Cluster, Result) and the
// stages that produce them from what package input reads: sign, candidates, verify, align,
// cluster, and Run, their composition.
//
// # Stages
//
// Run makes two passes. The first streams the input: input.Walk reads records in order (it only
// splits lines and files), a pool of Workers goroutines parses each record and analyses its text (tokenize,
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
// cache line per bucket and go to memory a line at a time: package internal/postings holds
// these lists, the memory they live in and the sorts that read them). Exact duplicates (the same sequence of normalised tokens, found by a
// 128-bit murmur3 hash of the shingle sequence) are collapsed: only the first of each group is
// compared further.
//
// The second pass works on the postings. Each bucket in turn is gathered, radix-sorted by key (the
// documents of a key are already in order) and read, on all cores, which groups the documents that
// share an LSH band key: the LSH candidates. A filter first drops those whose b-bit MinHash sketches
// (one byte of each signature slot, kept in memory with bounds of each shingle set's size) agree on far
// fewer slots than a pair at either threshold would (prefilter.go): 78% of them at c20k, none that
// verification keeps. Each remaining candidate is verified on Workers goroutines, in a fixed
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
// # Shared text: own, recurring, boilerplate, stock
//
// Rewritten stories share only some passages, so their Jaccard is low; the fingerprints find them.
// Winnowing with window Window guarantees that any passage of Window+Shingle-1 words (8 by default)
// shared by two documents yields a shared fingerprint. The fingerprint postings are read once, each
// fingerprint with the documents that hold it and those documents' exact and near-duplicate groups
// (copies of one story count once). What a fingerprint is evidence of depends on who holds it:
//
//   - Held by two groups: the pair's own text. Its pairs are counted at once.
//   - Held by three or more groups: recurring text, gathered into docsets (docsets.go): the
//     fingerprints held by exactly the same documents, which a passage that recurs yields as one
//     set, weighed once, not once per fingerprint. A docset of two or more fingerprints held by at
//     most StockDocs documents still counts as its documents' own (a source passage copied into
//     three essays); a larger one is recurring text; a docset of one fingerprint is a fragment,
//     whose pairs are all counted when it is in at most fragmentDocs (5) documents. In more (up
//     to 64), it is mostly a phrase many texts use, but also a part of a quote that outlets
//     quote in parts on one story: its pairs are counted among documents alike in context
//     (candidateContext) and published within storyDays (14) of their group's first, at most
//     four groups open at once (a group whose first is more than storyDays from a document that
//     joins none closes, and the document opens one: a story told over weeks); in more than 64,
//     each document's with the first groupHeads (8) of its group. Fragments alone make a
//     candidate pair at 2·MinReuseWords words, or at minStory fingerprints (half way to
//     MinReuseWords) between documents that tell one story (storyContext). The pairs of another
//     docset are counted for all its documents when it has at most 64, else within each of its
//     context groups, each document's with the group's first groupHeads, so that no work is
//     quadratic in the documents sharing a passage. The items of a source's template series
//     (series.go) that hold most of a docset are one context group whatever their contexts and
//     dates (joinSeries): its text is the series' fixed text; two of them sharing any text are a
//     candidate pair; and such a docset is no stock phrase.
//   - Boilerplate: a docset held by Boilerplate (3) or more documents of one source that are
//     about different things (context groups at boilerContext, twice storyContext: a local
//     outlet's articles share its town's names) is that source's boilerplate: a newsletter box, a
//     footer. It is no evidence for that source's documents and is masked out of their passages.
//     Unless a document of another source that came out before all of them holds it too, and that
//     source does not itself repeat it (copiedFrom): then the source is re-running someone's text
//     (a site that runs wire copy several times a day; students answering from one source text),
//     which is reuse. Nor is text that is a substantial share (substantialCopy) of most of the
//     source's documents that hold it: the fixed text of a template series, whose items are
//     copies (mostlyTemplate); nor text most of whose holders are items of one of the source's
//     series, which its titles tell (series.go: a weekly column's fixed opening and closing).
//     Documents without a source get no such rule.
//   - Stock phrases: a short passage (under MinReuseWords words) whose shared fingerprints are
//     mostly in StockDocs (4) or more groups is stock ("did not respond to requests for comment").
//     A longer one (under 2·MinReuseWords) is stock when its docset is held by StockDocs or more
//     groups and fewer than half the pairs of its first eight documents are alike in context
//     (lazyStock: at twice the corpus's background similarity, at least stockContext): a phrase
//     texts about different things use. A quote that many outlets carry on one story has most of
//     its pairs alike, however many the outlets, and is evidence. The test runs only when a
//     passage asks. The fingerprints of both documents are pooled (the verdict must not depend on
//     the pair's order) and only those both hold count: template text with a number changed is
//     still template text.
//
// A pair is a candidate when it shares at least (MinReuseWords-Shingle+1)/Window fingerprints of
// its own (the number any passage of MinReuseWords words is guaranteed to yield); or enough shared
// text of any class and either 40% of the smaller document's fingerprints (a copy made of standard
// paragraphs is still a copy) or a sample context similarity of at least candidateContext.
// Fingerprints in more than MaxPostings documents make no candidates. Frequencies are counted
// exactly from the sorted postings, not estimated.
//
// # Context
//
// Shared passages cannot tell a quote five outlets carry from a paragraph five unrelated
// articles carry; the rest of the texts can (context.go). The first pass keeps, for each
// document, a coordinated sample of its words in two strata, the 32 names and numbers of
// smallest hash and the 16 other words of smallest hash (stop words and single characters left
// out), with the fingerprints covering each word's first and last occurrence, and counts
// document frequencies in a count-min sketch over one document in 16. Once the postings are
// read, a sampled word under text other groups hold is dropped: what is left is the document's
// own text. Words weigh their IDF squared (names and numbers five times more); two samples are
// compared stratum by stratum below the smaller of their thresholds, each stratum's weights
// divided by its sampling rate (names are sampled at a higher rate than other words), and the
// shared weight over the smaller side's is the context similarity, an estimate of the weighted
// containment of the smaller text's own words in the larger's. Pairs that are related
// get it computed exactly from their own words (ownWords).
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
// # Stories
//
// A related pair (exact, near-duplicate, reuse) is a story edge when its evidence says the two
// documents tell one story (story.go, verdict): a copy (exact or near-duplicate); two or more
// passages, MinReuseWords words together, of the pair's own text; a context similarity of at
// least storyContext (0.08: the rest of the texts are alike, so the quote they share is a
// story's), or of storyDocsetContext (0.04) when a story's docset paired them (textStory: a
// verbatim passage in more than maxPairDocs documents, 70% of which are one context group), or
// of rewriteContext (0.4) when all they share is rewritten passages (articles on one beat say
// the same things in words of their own), each published within storyDays (14) of each other
// when both dates are known; or a containment of 0.4 or more. Every other related
// pair is a link: reported, never merging. A hub (a digest, a roundup, a live blog) shares different passages with several
// stories that are otherwise unrelated: when a document's neighbours fall into two or more groups
// (by the edges among them, and by a balanced context similarity, the own words both hold over
// the larger side's, so that a second digest that holds a little of each story joins none: at
// storyContext, or at storyDocsetContext for two that share one passage of the document's with
// groupHeads or more other neighbours each, a story's quote that hundreds of outlets carry), two
// or more of which came out before it (or share with it text that an earlier document, none of
// its neighbours, held before it), it keeps its reuse edges only to a group that outweighs
// every other two to one in shared words, and to groups it has a copy in (hubRule). It is
// decided twice: a neighbour found a hub in the first round joins no others by context in the
// second. The rule looks only at a document, its neighbours and the edges among them, so that
// it can run as two distributed passes; the stories are then the connected components of the
// remaining edges (Stories does the same for a run's pairs and an index's). A document the rule
// left in no story whose related documents all turn out to be one story (its neighbours' groups
// joined by others' edges) gets its edges back and joins it (rejoinHubs, a second round), and a
// document in a story whose dropped edges all lead into that story gets them back and is no
// hub. An edge by context whose only shared text is recurring text that neither story's other
// documents hold (a standard paragraph), between two documents with other neighbours and none
// in common, bridges two stories and is dropped (bridgeRule). A document whose story edges
// reach one story and whose links reach two or more others, each by a passage of its text only
// that story's members share with it, is a hub too unless its own story outweighs the others two
// to one (digestRule, on the components of the edges left: a second round). So is a document of
// a compiler, a source at least 5 of whose related documents, and 5% of them, are hubs in no story
// (a newsletter), whose story has no copy of it and which shares passages with two or more
// documents outside that story (compilerRule, on the same round, after digestRule). A
// document the rule found is reported as a hub, in no story or marked in the one it keeps; so is a document in
// no story whose links (no story edges, so the rule did not weigh them) reach two or more stories
// by different passages, each held by one story's members alone (compilations): a standard
// paragraph held by many makes no hub. Other documents in no story with links are linked.
//
// Each cluster reports its shared passages once (groupPassages): the two sides of a pair passage
// are occurrences of one passage, and two occurrences in one document that overlap by half the
// longer are one place. Recurring text whose documents are not all in one cluster is located in
// each of them from its docset (recurring.go) and reported as a passage of its own, with every
// occurrence. Docsets whose text overlaps in most of their documents are one passage
// (chainDocsets): a quote each outlet trims its own way is fragments end to end, each held by its
// own set of outlets, and is reported once, each outlet's occurrence the part it quotes. A
// cluster's kind is story if it holds a reuse pair, syndicated if it holds a
// near-duplicate, else exact; its representative is the member published first, else the longest,
// else the first read. Clusters are numbered largest first, ties by their first member in input
// order.
//
// # Direction and changes
//
// Once the clusters are made, every related pair is given its likely original (direction.go,
// Origin in origin.go): the one published earlier when both dates are known and differ (a date
// alone compares by day), else the one the texts point to. The text rules look at how each
// document holds the passages the two share (origin_features.go, sideOf) and are tried in order,
// the first that tells deciding: the document that names the other's source outside the shared
// text is the copy (names); the one whose words near the passages (40 content words either side
// of each) are the passages' own words, 0.05 more often than in the other, is the original: the
// other set them into unrelated text (cohesion); passages standing as paragraphs of their own in
// one and running on inside paragraphs in the other were set into the first (inserted); a
// document that starts with the shared text and goes on past it by 30 words and 15% is the
// original of one that stops within 10% of its words of it and is mostly that text (trimmed); a
// document that says it was published elsewhere ("reprinted", "courtesy of") is the copy
// (credit); one with 5 words or more more before the first passage is the copy (lead). The
// rules and their thresholds are measured, not assumed: BENCHMARKS.md, "Direction", gives the
// share each gets right on the synthetic corpus and PAN-13 (TestDirectionAccuracy).
//
// A cluster's spread (Spread) orders its members by date, those of one day by their pairs'
// directions (each counts the pairs it is the original of, less those it is the copy of), those
// without a date last, ordered the same way; members that this does not order share a rank.
//
// A near-duplicate pair also gets the changes its later document made to the earlier
// (changes.go, Diff): a word diff anchored on the pair's passages (only the stretches between and
// inside them are compared, by longest common subsequence, a stretch of more than 2^18 word
// pairs counting as removed and added whole), from which whole sentences added and removed are
// listed, and the other changed runs classed as a negation, a date, a number, a name or wording.
// Lists are capped (20 sentences each way, 50 edits, 240 bytes an item).
package pipeline
