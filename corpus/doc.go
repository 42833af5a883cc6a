// Package corpus generates a deterministic synthetic news corpus with planted duplicates, to
// measure neardup's recall and precision at a scale no labelled corpus offers.
//
// # Output
//
// Generate writes N articles as JSON Lines, one record per line with the fields in this order:
//
//	{"id":"syn-0000001","source":"northfield-herald","title":"...","published":"2024-01-01","text":"..."}
//
// Ids count up from syn-0000001 in stream order; the dates run through 2024 in the same order,
// so a copy is never dated before its original. The text is paragraphs separated by blank
// lines. The truth file is TSV with the header "a	b	kind" and one line per planted pair: a is the
// id of the article copied, b that of the copy, kind one of syndicated, truncated, rewrite
// (and rerun, with Options.Reruns). Pairs are listed as planted (a copy of a syndicated copy
// names the copy it was made from): the articles of one story are the connected components of
// the pairs, and two syndicated copies of one original are near-duplicates of each other
// without a line of their own. GenerateOutput also writes the stories file, every article's
// story and role (see News shapes).
//
// # The language model
//
// Training text is cut into sentences of word and punctuation tokens (tokenize.go); sentences
// that do not read as prose (tables, all-capital lines, fragments) are dropped, and Reuters'
// newswire shorthand ("mln dlrs", "pct") is spelt out. The Model is a word-level Markov chain of
// order 2: a state is the pair of the last two tokens, and its edges are the tokens seen after
// that pair in training, weighted by count. Pure order 2 on a corpus of 2.5 million words
// copies long runs of its training sentences, so that unrelated articles would share long
// passages by chance; three back-offs to the order-1 model (the edges of the last token alone)
// break such runs:
//
//   - at any state, with chance Options.Backoff (default 0.05);
//   - at a state seen with a single continuation, where order 2 would copy the training text
//     word for word, with chance Options.SparseBackoff (default 0.8);
//   - always, after the last three tokens form a stock phrase: a trigram seen three times or
//     more in training (phrase.go). Stock phrases are how unrelated articles came to share runs
//     such as "filed a registration statement with the Securities and Exchange Commission".
//
// Measured on 2,000 articles from the Reuters model (go test ./corpus/ -run AccidentalOverlap
// -overlap -v), of some 2 million unrelated pairs, with each outlet's boilerplate removed: 7, 11,
// 7 and 2 pairs share a run of 8 or more words for seeds 1 to 4 (1 to 5.5 per 1,000 articles,
// mostly company and official names such as "Federal Reserve Board chairman Paul Volcker
// said"), none shares a run of 15, and the highest 5-word-shingle Jaccard between unrelated
// articles is 0.005 to 0.006. Without the stock-phrase back-off, 320 pairs shared a run of 8.
// With boilerplate left in, 39,416 pairs share a run of 8 (articles of one outlet share its
// boilerplate, and outlets' boilerplates share sentences such as "listen to our podcasts and get
// breaking news alerts") and the highest Jaccard is 0.071. The price is prose that reads like
// news only locally: grammatical for a few words at a time.
//
// # Speed
//
// A 200,000-article corpus is about 130 million token draws into a model of some 35 MB, so the
// cost is memory latency, not arithmetic (model.go, text.go). Each state's edges form a Walker
// alias table (one random number, one or two reads, no search); an edge carries the edge range
// of the state it leads to, so nothing else is read; states are laid out busiest first.
// Sixteen sentences are drawn side by side, and each step first computes every chain's slot,
// then loads them all, then resolves them, so that the processor keeps the cache misses of all
// chains in flight: a kept token cost 370 ns with one chain, 120 with sixteen
// (BenchmarkSentence). Past 24 words a sentence takes an edge to its end, with chance 1/4, when
// its state ends a tenth or more of its training sentences there: without that, a third of all
// draws went into sentences over 40 words, which are thrown away. The 200,000 articles (680 MB
// of JSON, 310 MB gzipped) take about 20 s on two cores with cmd/corpus compressing on the
// second, plus 4 s to train on Reuters, and some 250 MB of memory.
//
// # Articles
//
// An article's length is drawn log-normally around Options.MedianWords, within MinWords and
// MaxWords (300, 500 and 900 words by default; only truncated copies are shorter). Its body is
// paragraphs of one to four sentences, the lead paragraph one. It is written by one of
// Options.Sources invented outlets, with a title drawn from the model, and perhaps a byline and
// a dateline. A quarter of the outlets (Options.BoilerplateShare) have a house boilerplate of
// 30 to 60 words, a newsletter sign-up or a copyright notice made once per outlet, put before
// or after 90% of their articles. Boilerplate is not a relation: articles that share only
// their outlet's boilerplate are unrelated and have no truth line.
//
// # Planted relations
//
// Half of the originals (and a quarter of the syndicated copies) are kept in a pool of
// Options.Pool stories, replaced at random when it is full. Each article is, with the chances
// Options.Syndicated, Truncated and Rewrite (8%, 6%, 6%), a copy of a story drawn from the pool
// by another outlet, else an original; so a copy appears at a random later position (roughly
// exponential, a few thousand articles on average) and a story may be copied several times.
//
//   - syndicated: the original's body, verbatim, under a new title, a dateline and perhaps a
//     byline, with perhaps a credit line and the new outlet's boilerplate; these extras are
//     added only while the estimated 5-shingle Jaccard with the original stays at 0.75 or more.
//   - truncated: the first 35-80% of the original's body, cut at a paragraph end (or a sentence
//     end), under the original's title, perhaps with a "more at" line and boilerplate while the
//     estimated containment in the original stays at 0.8 or more.
//   - rewrite: new prose from the model on the same story (same dateline city) with 2-4
//     passages of the original, 15-40 words of whole sentences each and at most a fifth of the
//     original's words together, copied verbatim as paragraphs of their own at random places.
//
// # News shapes
//
// Copies alone make a corpus of pairs; a real day of news is also stories that many outlets
// cover in their own words, standard paragraphs that unrelated articles share, roundups that
// quote several stories, and wire items published over and over. Six options make these, each
// a share of the articles, all off by default (news.go, plan.go). Off, not one draw of the
// article stream moves and the output is byte for byte what it was before they existed
// (TestGenerateGolden); on, they draw from two streams of their own: one for the plan, which
// places every shaped article in the stream before the first is written, one for everything
// else, with a Markov writer of its own for their prose.
//
//   - Stories: big stories, each covered by StoryOutletsMin to StoryOutletsMax different
//     outlets (5 and 40 by default, log-uniform between, so most stories are small), one
//     article each, the first at a uniform position and the others within 1-3% of the corpus
//     after it, most of them early. A story has a dateline city, 9 to 15 terms (2-4 people,
//     1-2 organisations, a place, 2-3 figures, 3-5 topic words of middling frequency in the
//     model) and 2-4 quotes of 15-35 words, each said by one of its people. An article is fresh
//     prose of the usual length with 50-80% of the terms put in place of tokens of their kind
//     (weave.go: a run of capitalised words takes a name, a number and its units a figure, a
//     middling word a topic word; a person appears 2-4 times), and one or two quotes verbatim as
//     paragraphs of their own, one time in three trimmed to their first or last 60-90% of words
//     (12 at least). The articles of a story share nothing else: no run of 10 words outside the
//     quotes (TestBigStories, which passes on the Reuters model too).
//   - Recurring: standard paragraphs of 20-60 words (company blurbs, disclaimers, background),
//     one in the pool per 15 articles that carry one, put into articles of any outlet at a
//     random paragraph (originals, rewrites, big-story and same-names articles; not copies).
//     Not a relation: no truth line, no change of story.
//   - Digests: roundups by 3-5 digest outlets of their own (Source.Digest), 4-7 items, 3-6 of
//     them opening with one whole sentence of 15-35 words copied from a recent original or
//     big-story article (the last three days or so), each of a different story; a digest is a
//     story of its own.
//   - SameNames: fresh prose woven with the terms of a big story already begun, and maybe its
//     dateline, but none of its quotes: a story of its own, which shares names and nothing else.
//   - Reruns: an outlet publishes one of its 8 latest articles again, verbatim (4 in 10, one in
//     four retitled "REFILE-") or with its lead paragraph or one other paragraph new (perhaps
//     retitled "UPDATE 1-"). Planted with kind rerun, original first: one story.
//   - Templates: series of 20-60 items (the last series what is left), spread evenly over the
//     year, by 3-5 outlets: a fixed upper-case title, the dateline of a fixed city, and a fixed
//     text of 30-60 words from the model with 3-5 slots (figures, or names from a list of 4-8)
//     filled anew for every item. A series is one story; its items are not listed as pairs.
//
// Options.Stories, Digests, SameNames, Reruns and Templates together take at most 80% of the
// stream; the rest are originals and copies as before, at the planted rates of the base
// articles. With -stories 0.15 -recurring 0.1 -digests 0.01 -same-names 0.02 -reruns 0.01
// -templates 0.01 and the Reuters model, seed 1:
//
//	                                         20,000 articles    200,000 articles
//	big stories                              172                1,804
//	  articles per story, min/median/max     5 / 14 / 39        5 / 14 / 40 (mean 16.8)
//	  days from first to last article        median 6, max 11   median 6, max 11
//	recurring paragraphs in the pool         133                1,333
//	  stories carrying one, p10/median/p90   13 / 18 / 23       13 / 19 / 24
//	  articles carrying one or two           1,908              19,957
//	digests, sentences they copy             200, 822           2,000, 8,246
//	same-names articles                      400                4,000
//	reruns                                   200                2,000
//	template series, items                   7, 200             55, 2,000 (36 a series)
//	stories in all (stories file)            13,621             135,890
//	generation, two cores, gzip              1.2-1.9 s          11-14 s (10.9 s without shapes)
//
// The stories file (labels.go) gives every article a story, labelled by the id of the
// story's first article, and a role; it is what story clustering is scored against (B-cubed
// precision and recall). The truth file of pairs keeps its format and, with Reruns on, gains
// rerun lines.
//
// # Determinism
//
// Every random choice comes from PCG streams of Options.Seed (one for the outlets, one for the
// articles, and with the news shapes on one for their plan, one for the rest of their draws
// and one for the digest outlets), drawn in a fixed order by one goroutine; alias tables are
// built in integer arithmetic and no map is iterated where order matters. The same model,
// options and seed give the same bytes on every platform.
package corpus
