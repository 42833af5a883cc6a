// Package credit tells, for one place a passage occurs in an article, whether the article gives
// it as someone's words or as someone's copy: quoted speech (Quote), copy the article credits to
// a wire or an outlet (Credited), or neither (None). Credit belongs to an occurrence, not to a
// passage: one quote can be credited in one article and lifted in another.
//
// Read looks at an article's text once; Text.Of then classifies any span of it:
//
//   - Quote: at least two thirds of the span's words (shingle.Tokenize's words: a Chinese or
//     Japanese character is one) lie inside quotation marks. Marks of every language pair up:
//     “…” "…" '…' ‘…’ «…» »…« „…“ „…” ‚…‘ ‹…› ›…‹ 「…」 『…』. A quote ends at the end of its
//     paragraph if it is not closed before (the English habit of opening every paragraph of a
//     long quote and closing only the last gives one quote per paragraph); a straight ' counts
//     only at a word's edge (it is an apostrophe inside one: don't, l'homme), and ’ closes only a
//     quote opened by ‘ or ‚. So a quote that spans the passage and a passage inside a longer
//     quote are both quotes; a passage that quotes a few words of a longer narrative is not.
//   - Credited: the article credits a wire or an outlet, for the whole of it or for the
//     paragraph the span is in. For the whole: a dateline in one of its first three paragraphs
//     ("LONDON (Reuters) -", "WASHINGTON (AP) —", "Madrid, 3 mar (EFE).-", "МОСКВА, 5 мая. /ТАСС/.",
//     "【ワシントン共同】"), or a byline or trailer (a short paragraph among the first two or the
//     last three: "By Ana Ruiz, Associated Press", "Reporting by …; Editing by …", "© 2024 The
//     Associated Press", "Mit Material von dpa", "(avec AFP)", "（共同）"). For a paragraph: a
//     phrase that gives an outlet as the source ("according to the Associated Press", "told
//     Radio Formula", "Reuters reported", "según EFE", "berichtete die dpa", "a déclaré à l'AFP",
//     "сообщает ТАСС", "共同通信によると"). An outlet is a wire agency or a newspaper, broadcaster
//     or site named in a list, or a capitalised name with a word like Radio, Times, News, Zeitung
//     or Diario in it, or a name after "outlet", "newspaper", "broadcaster", "agency". People
//     are no outlet: "told reporters", "told Smith", "according to police" credit nothing.
//   - None: anything else.
//
// Quote is checked first: a quote in a wire story is a quote. The rules are measured on a
// labelled set written for the purpose (testdata/labelled.txt, TestLabelled): BENCHMARKS.md has
// the figures.
package credit
