// Package shingle turns text into the units neardup compares: normalised word tokens that keep
// their byte spans in the original text, hashed word shingles, winnowed fingerprints and
// sorted shingle sets.
//
// # Tokens
//
// A token is a maximal run of letters, digits and combining marks, of any script. Two kinds of
// character join a run instead of ending it: an apostrophe (', ’, ‘, ʼ, ′, ＇) between two word
// characters (wouldn’t is one token), and '.' or ',' between two digits (3.5 and 1,000 are one
// token each). Han, Hiragana, Katakana, Thai, Lao, Khmer and Myanmar characters are written
// without spaces between words, so each such character is a token of its own (with any combining
// marks that follow it). Everything else (spaces, punctuation, symbols, dashes, quotes, U+FFFD
// and invalid bytes) separates tokens and is never part of one.
//
// Each token records its byte span [Start, End) in the ORIGINAL text, so text[Start:End] is the
// word exactly as the source wrote it, and every passage reported later is an exact slice of the
// original. Its normalised form Norm is what is compared: NFKC compatibility forms, accents
// removed (NFKD, then combining marks dropped), case folded, apostrophes unified to ', so López
// and Lopez, wouldn’t and wouldn't, ﬁnal and final, ＡＢＣ and abc compare equal. Dashes,
// ellipses and quote marks are unified too ([Normalize] maps them), but they only separate tokens.
// ASCII text takes a fast path: 64 bytes at a time, 8 per operation, it finds which bytes belong
// to tokens and lower-cases them, with no allocation per token; only words with other
// characters go through golang.org/x/text transforms.
//
// # Shingles
//
// [Hashes] hashes every window of k consecutive tokens once: each token's Norm is hashed with
// murmur3 (fixed seed [Seed]), and the k token hashes of a window are hashed again with murmur3
// into one uint64, the shingle hash, the one currency of every later stage. A document shorter
// than k tokens yields one shingle of all its tokens, so short texts still compare with each other.
//
// # Winnowing
//
// [Winnow] selects fingerprints from the shingle hashes as in Schleimer, Wilkerson and Aiken,
// "Winnowing: local algorithms for document fingerprinting" (SIGMOD 2003): in every window of w
// consecutive shingle hashes the minimum is selected (the rightmost one on ties), and a position is
// recorded once however many windows select it. Two documents that share a run of w shingles
// (w+k-1 words) share at least one fingerprint, whatever the rest of them holds, and only about
// 2/(w+1) of the shingles are kept.
//
// # Sets
//
// A [Set] is the sorted, duplicate-free slice of a document's shingle hashes: Jaccard and
// containment of two documents are one merge of two sorted slices.
package shingle
