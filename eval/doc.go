// Package eval scores a neardup JSON Lines report against labelled pairs: pair-level precision,
// recall and F1, and, when the labels carry passage offsets, the character-level measures of
// PAN's text alignment task (Potthast, Stein, Barrón-Cedeño, Rosso: "An evaluation framework
// for plagiarism detection", COLING 2010). It computes exactly what ../shared/eval/score.py
// computes (its pan and pairs modes), so the two can be checked against each other line by
// line: TestAgainstScorePyRandom does so on random instances, TestAgainstScorePy on PAN-13.
// The command is neardup eval.
//
// # Inputs
//
// The report is read with ReadOutput: one cluster per line, its members and its pairs (a, b,
// relation, passages with a_start, a_end, b_start, b_end). A pair listed twice in the same order
// keeps its last listing, as score.py's dictionary does.
//
// The truth is read with ReadTruth, in one of two layouts, told apart by the first line:
//   - JSON Lines (PAN): {"a", "b"} with optional byte offsets "a_start", "a_end", "b_start",
//     "b_end" of one copied passage, and optional "anchored" (false: the offsets are approximate,
//     and the pair is scored at pair level only). One line per passage; a pair may have several.
//   - TSV: a, b and optional further columns, with an optional header ("a b kind"). A third
//     column "none" (testdata/sample.truth.tsv) marks a labelled negative, not a positive.
//
// The optional list of pairs that were labelled at all (PAN's pairs.tsv, read with ReadPairs)
// changes what a reported pair counts as: a reported pair on the list or in the truth is scored (a
// true or a false positive); one outside both is stray, counted but not scored, since it may be
// real reuse the list does not hold. Without a list every reported pair is scored. When documents
// have roles (PAN's "role" field: suspicious, source; read with ReadRoles, or inferred from id
// prefixes by PrefixRoles), only pairs of two different roles can be stray; other unlisted pairs
// are ignored, as score.py ignores source-source pairs.
//
// # Pair level
//
// A pair is unordered: (a, b) and (b, a) are one pair. The reported pairs R are the pairs listed
// in the report (of relation Options.Relation when given) and, as the output contract says, every
// pair of members of one exact group: the connected components of the pairs of relation "exact",
// which a report may list as a star around one member. Then, with T the truth pairs and S the
// reported pairs that are scored (on the list or in the truth; all of R without a list):
//
//	found     = |R ∩ T|
//	precision = found / |S|
//	recall    = found / |T|
//	F1        = 2·precision·recall / (precision + recall)
//
// Options.SameCluster applies score.py pairs' looser rule instead: a truth pair is also found
// when both its ids are members of one cluster, whatever relates them, and precision is found
// divided by the pairs the report lists, as score.py computes it (it can then exceed 1).
//
// # Character level (PAN)
//
// Over the cases (truth passages) of the pairs whose cases all have exact offsets, and the
// detections (reported passages) of those same pairs: a detection r and a case s overlap when
// they share at least one byte in document a and at least one in document b. With |x| the bytes
// of a passage in a plus those in b, and ⊓ the bytes two passages share in each document:
//
//	precision   = 1/|D| · Σ_{r ∈ D} |∪_{s ∈ S, s overlaps r} (s ⊓ r)| / |r|
//	recall      = 1/|S| · Σ_{s ∈ S} |∪_{r ∈ D, r overlaps s} (s ⊓ r)| / |s|
//	granularity = 1/|S_D| · Σ_{s ∈ S_D} |{r ∈ D : r overlaps s}|
//	plagdet     = F1(precision, recall) / log2(1 + granularity)
//
// where S are the cases, D the detections and S_D the cases that some detection overlaps
// (granularity is 1 when none is). Precision is 0 without detections, recall 0 without cases.
// Granularity counts how many pieces a true passage is reported in: 1 is perfect, and a passage
// reported in two halves gives 2, which divides plagdet by log2(3) = 1.58.
package eval
