#!/usr/bin/env bash
# eval.sh: the body of `make eval`. Measures neardup on every evaluation data set present beside
# the checkout (../shared) and compares the figures with the floors in testdata/eval-floors.
#
#   scripts/eval.sh            # OUT=out, GO=go, NEARDUP=bin/neardup, FLOORS=testdata/eval-floors
#
# Data sets (each skipped with a message when absent):
#   reuters    go test -run TestReutersRecall ./pipeline/: near-duplicate recall and precision
#              against the exact reference, LSH only and default
#   synthetic  out/corpus/synthetic-20000.jsonl.gz (made with cmd/corpus when missing): planted
#              pairs recall by kind (syndicated, truncated, rewrite) with neardup eval
#   news       out/corpus/news-20000.jsonl.gz (made with cmd/corpus when missing, as make news
#              N=20000 makes it): story membership of the default scan's clusters, B-cubed and
#              story pairs, with neardup eval --stories
#   newsbig    out/corpus/newsbig-20000.jsonl.gz (as make news-big N=20000 makes it): the same,
#              with stories of up to 300 outlets
#   k400       out/corpus/stories400-20000.jsonl.gz: the same, stories of 400 outlets each
#              among 1,000, told over up to seven weeks (their later articles, their quote)
#   pan13      ../shared/data/pan13: neardup eval and score.py pan on the same scan --format
#              pairs report (score.py reads pairs, not contract version 2's clusters); their
#              figures must agree, and neardup eval must score the --format jsonl report alike
#   pan13-obf  ../shared/data/pan13-obf: scan --format pairs (rewritten passages, the default) scored by sub-corpus with
#              score_pan_types.py (plagdet of each kind and of all; detections on no-plagiarism
#              pairs)
#   seeds      go test -run TestSeeds ./pipeline/
# The two corpora need ../shared/data/reuters21578.jsonl.gz, their training text.
# Figures go to $OUT/eval/figures as "name value" lines. The exit status is 1 when a figure is
# below its floor, a test fails, a scorer's output lacks a figure or the PAN scorers disagree; a
# floor whose figure was not measured (data absent) is reported and skipped.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

GO=${GO:-go}
NEARDUP=${NEARDUP:-bin/neardup} # the binary built and measured
OUT=${OUT:-out}
FLOORS=${FLOORS:-testdata/eval-floors}
SHARED=${SHARED:-../shared}
DIR=$OUT/eval
FIGURES=$DIR/figures
mkdir -p "$DIR"
: >"$FIGURES"
status=0
start=$SECONDS

fail() { echo "FAIL: $*"; status=1; }
figure() { echo "$1 $2" >>"$FIGURES"; }
section() { printf '\n== %s\n' "$*"; }
# field NAME LINE: the value of NAME=VALUE in LINE
field() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -1; }

echo "building $NEARDUP"
if ! $GO build -o "$NEARDUP" ./cmd/neardup; then
	echo "FAIL: build"
	exit 1
fi
if ! "$NEARDUP" eval -h >/dev/null 2>&1; then
	echo "FAIL: $NEARDUP has no eval command (cmd/neardup/run.go needs: case \"eval\": return evalCmd(ctx, rest, stdin, stdout, stderr))"
	exit 1
fi

# make_corpus CORPUS TRUTH [STORIES] -- ARGS...: runs cmd/corpus -q ARGS, writing the corpus, its
# planted pairs and, given STORIES, every article's story. They are written under temporary names
# and renamed once all are complete, the corpus last, so that an interrupted or failed run leaves
# no partial corpus for the next run to measure.
make_corpus() {
	local outs=() flags=(-o -truth -stories-truth) args=() tmps=() i
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		outs+=("$1")
		shift
	done
	shift
	for i in "${!outs[@]}"; do
		tmps+=("${outs[i]%/*}/tmp$$-${outs[i]##*/}") # same extension: .gz is gzipped
		args+=("${flags[i]}" "${tmps[i]}")
	done
	echo "making ${outs[0]}"
	mkdir -p "${outs[0]%/*}"
	if ! $GO run ./cmd/corpus -q "$@" "${args[@]}"; then
		rm -f "${tmps[@]}"
		fail "cmd/corpus $*"
		return 1
	fi
	for ((i = ${#outs[@]} - 1; i >= 0; i--)); do
		mv "${tmps[i]}" "${outs[i]}" || {
			rm -f "${tmps[@]}"
			fail "mv ${tmps[i]} ${outs[i]}"
			return 1
		}
	done
}
trap 'rm -f "$OUT"/corpus/tmp$$-*' EXIT

# neardup_eval PREFIX ARGS...: runs neardup eval, keeps its output in EVAL_OUT and records the
# figures of its summary line: PREFIX_pair_precision, _pair_recall, _pair_f1, _stray and, with
# passages, PREFIX_precision, _recall, _granularity, _plagdet.
EVAL_OUT=
neardup_eval() {
	local prefix=$1 summary name v
	shift
	if ! EVAL_OUT=$("$NEARDUP" eval "$@"); then
		fail "neardup eval $*"
		return 1
	fi
	summary=$(grep '^eval:' <<<"$EVAL_OUT")
	for name in pair_precision pair_recall pair_f1 stray pan_precision pan_recall granularity plagdet; do
		v=$(field "$name" "$summary")
		[ -n "$v" ] && figure "${prefix}_${name#pan_}" "$v"
	done
	return 0
}

# ---- Reuters-21578
section "Reuters-21578: near-duplicate recall and precision against the exact reference"
if [ -f "$SHARED/data/reuters21578.jsonl.gz" ]; then
	log=$($GO test -count 1 -run '^TestReutersRecall$' -v ./pipeline/ 2>&1)
	rc=$?
	grep -E 'Reuters-21578|^(--- |FAIL|ok)' <<<"$log"
	[ $rc -eq 0 ] || fail "TestReutersRecall"
	# "Reuters-21578, LSH only (--no-reuse): near-duplicate recall 0.9987 (...), precision 1.0000 (...)"
	while IFS= read -r line; do
		case "$line" in
		*"--no-reuse"*) name=reuters_noreuse ;;
		*) name=reuters ;;
		esac
		figure "${name}_recall" "$(sed -n 's/.*recall \([0-9.]*\).*/\1/p' <<<"$line")"
		figure "${name}_precision" "$(sed -n 's/.*precision \([0-9.]*\).*/\1/p' <<<"$line")"
	done < <(grep -o 'Reuters-21578, .*' <<<"$log")
else
	echo "skipped: $SHARED/data/reuters21578.jsonl.gz is absent"
fi

# ---- synthetic corpus
section "synthetic corpus (20,000 articles): planted pairs recall by kind"
corpus=$OUT/corpus/synthetic-20000.jsonl.gz
truth=$OUT/corpus/synthetic-20000.truth.tsv
if [ ! -f "$SHARED/data/reuters21578.jsonl.gz" ]; then
	# the corpus is a Markov model of Reuters-21578; trained on the 12 sample articles instead it
	# is a different, degenerate corpus (every phrase in hundreds of articles), so no floor applies
	echo "skipped: the synthetic corpus is trained on $SHARED/data/reuters21578.jsonl.gz, which is absent"
	corpus=/nonexistent truth=/nonexistent
elif [ ! -f "$corpus" ] || [ ! -f "$truth" ]; then
	make_corpus "$corpus" "$truth" -- -n 20000
fi
if [ -f "$corpus" ] && [ -f "$truth" ]; then
	report=$DIR/synthetic-20000.jsonl
	if "$NEARDUP" scan --format jsonl -o "$report" "$corpus"; then
		rm -f "$DIR"/synthetic-truth-*.tsv
		# split the truth by its kind column (a b kind, with a header)
		awk -F'\t' -v dir="$DIR" 'NR == 1 && $1 == "a" { next } NF >= 3 { print > (dir "/synthetic-truth-" $3 ".tsv") }' "$truth"
		for t in "$DIR"/synthetic-truth-*.tsv; do
			[ -f "$t" ] || continue
			kind=${t##*/synthetic-truth-}
			kind=${kind%.tsv}
			echo "-- $kind"
			if neardup_eval "synthetic_$kind" --truth "$t" "$report"; then
				grep '^eval:' <<<"$EVAL_OUT"
			fi
		done
		echo "-- all planted pairs (the truth lists original-copy pairs only: two copies of one story related"
		echo "   to each other count as false positives here)"
		neardup_eval synthetic --truth "$truth" "$report" && grep '^eval:' <<<"$EVAL_OUT"
	else
		fail "neardup scan $corpus"
	fi
else
	echo "skipped: no synthetic corpus"
fi

# ---- news corpora
# news_stories PREFIX NAME TITLE -- CORPUS-FLAGS...: story membership of the default scan of
# $OUT/corpus/NAME.jsonl.gz (made with cmd/corpus and CORPUS-FLAGS when missing), against its
# stories file; figures PREFIX_bcubed_precision and so on
news_stories() {
	local prefix=$1 name=$2 title=$3
	shift 4
	section "$title: story membership"
	local corpus=$OUT/corpus/$name.jsonl.gz truth=$OUT/corpus/$name.truth.tsv stories=$OUT/corpus/$name.stories.tsv
	if [ ! -f "$SHARED/data/reuters21578.jsonl.gz" ]; then
		# trained on Reuters-21578, as the synthetic corpus
		echo "skipped: the news corpus is trained on $SHARED/data/reuters21578.jsonl.gz, which is absent"
		return
	fi
	if [ ! -f "$corpus" ] || [ ! -f "$stories" ]; then
		make_corpus "$corpus" "$truth" "$stories" -- "$@" || return
	fi
	local report=$DIR/$name.jsonl out summary v field_name
	if ! "$NEARDUP" scan --format jsonl -o "$report" "$corpus"; then
		fail "neardup scan $corpus"
	elif ! out=$("$NEARDUP" eval --stories "$stories" "$report"); then
		fail "neardup eval --stories $stories $report"
	else
		echo "$out"
		# "stories: bcubed_precision=0.9932 bcubed_recall=0.9536 ... story_pair_recall=0.7685 ..."
		summary=$(grep '^stories: bcubed_' <<<"$out")
		for field_name in bcubed_precision bcubed_recall story_pair_precision story_pair_recall; do
			v=$(field "$field_name" "$summary")
			if [ -n "$v" ]; then
				figure "${prefix}_$field_name" "$v"
			else
				fail "neardup eval --stories printed no $field_name"
			fi
		done
	fi
}
# the shapes of make news (Makefile): big stories covered by 5 to 40 outlets, recurring
# paragraphs, digests, same names in new prose, reruns, template series
news_stories news news-20000 "news corpus (20,000 articles)" -- -n 20000 -stories 0.15 -recurring 0.1 \
	-digests 0.01 -same-names 0.02 -reruns 0.01 -templates 0.01
# the same shapes with stories of 5 to 300 outlets among 400 (make news-big)
news_stories newsbig newsbig-20000 "news corpus with stories of up to 300 outlets (20,000 articles)" -- \
	-n 20000 -sources 400 -story-outlets 5,300 -stories 0.3 -recurring 0.1 -digests 0.01 -same-names 0.02 \
	-reruns 0.01 -templates 0.01

# stories of 400 outlets each among 1,000, half the articles: a story told over weeks, its
# quote trimmed by each outlet its own way (fragments), its members' contexts low
news_stories k400 stories400-20000 "stories of 400 outlets among 1,000 (20,000 articles)" -- \
	-n 20000 -sources 1000 -stories 0.5 -story-outlets 400,400

# ---- PAN-13
section "PAN-13 text alignment: neardup eval and score.py pan"
pan=$SHARED/data/pan13
if [ -f "$pan/docs.jsonl.gz" ] && [ -f "$pan/truth.jsonl" ] && [ -f "$pan/pairs.tsv" ]; then
	# scored from --format pairs, which both scorers read (score.py does not read contract
	# version 2's clusters, whose pairs refer to their passages)
	report=$DIR/pan13.pairs.jsonl
	panargs=(--truth "$pan/truth.jsonl" --pairs "$pan/pairs.tsv" --docs "$pan/docs.jsonl.gz")
	if "$NEARDUP" scan --format pairs -o "$report" "$pan/docs.jsonl.gz"; then
		echo "-- neardup eval"
		neardup_eval pan "${panargs[@]}" "$report"
		ours=$EVAL_OUT
		echo "$ours"
		if command -v python3 >/dev/null && [ -f "$SHARED/eval/score.py" ]; then
			echo "-- score.py pan"
			if theirs=$(python3 "$SHARED/eval/score.py" pan "$report" "$pan"); then
				echo "$theirs"
				if [ "$theirs" != "$(head -n "$(wc -l <<<"$theirs")" <<<"$ours")" ]; then
					fail "neardup eval and score.py disagree on PAN-13"
				else
					echo "neardup eval and score.py agree"
				fi
			else
				fail "score.py pan"
			fi
		else
			echo "score.py or python3 absent: not compared"
		fi
		# the same scan as clusters (--format jsonl, contract version 2): neardup eval must find
		# there the pairs and passages it found in the pairs report
		echo "-- neardup eval on the --format jsonl report"
		if ! "$NEARDUP" scan --format jsonl -o "$DIR/pan13.jsonl" "$pan/docs.jsonl.gz"; then
			fail "neardup scan --format jsonl $pan/docs.jsonl.gz"
		elif ! clusters=$("$NEARDUP" eval "${panargs[@]}" "$DIR/pan13.jsonl"); then
			fail "neardup eval $DIR/pan13.jsonl"
		elif [ "$clusters" != "$ours" ]; then
			echo "$clusters"
			fail "neardup eval scores PAN-13's --format jsonl and --format pairs reports differently"
		else
			echo "the same figures"
		fi
	else
		fail "neardup scan --format pairs $pan/docs.jsonl.gz"
	fi
else
	echo "skipped: $pan is absent"
fi

# ---- PAN-13 with rewriting (issue 15)
section "PAN-13 with every kind of rewriting: scan (rewritten passages by default), score_pan_types.py"
obf=$SHARED/data/pan13-obf
if [ -f "$obf/docs.jsonl.gz" ] && [ -f "$obf/pair_types.tsv" ] && command -v python3 >/dev/null &&
	[ -f "$SHARED/eval/score_pan_types.py" ]; then
	report=$DIR/pan13-obf.pairs.jsonl
	if ! "$NEARDUP" scan --format pairs -o "$report" "$obf/docs.jsonl.gz"; then
		fail "neardup scan --format pairs $obf/docs.jsonl.gz"
	elif ! out=$(python3 "$SHARED/eval/score_pan_types.py" "$report" "$obf"); then
		fail "score_pan_types.py"
	else
		echo "$out"
		# "type pairs pos cases dets negdet pairrec negpairs prec rec gran plagdet": one line a kind
		for kind in none random translation summary all; do
			v=$(awk -v k="$kind" '$1 == k { print $NF }' <<<"$out")
			if [ -n "$v" ]; then
				figure "obf_${kind//-/_}_plagdet" "$v"
			else
				fail "score_pan_types.py printed no line for $kind"
			fi
		done
		figure obf_negative_detections "$(awk '$1 == "no-plagiarism" { print $5 }' <<<"$out")"
	fi
else
	echo "skipped: $obf, python3 or $SHARED/eval/score_pan_types.py is absent"
fi

# ---- seeds
section "seeds: the three El Chapo articles"
if [ -d "$SHARED/seeds" ]; then
	log=$($GO test -count 1 -run '^TestSeeds$' -v ./pipeline/ 2>&1)
	rc=$?
	grep -E '^(--- |FAIL|ok|    )' <<<"$log"
	if [ $rc -eq 0 ] && grep -q -- '--- PASS: TestSeeds' <<<"$log"; then
		figure seeds_pass 1
	else
		figure seeds_pass 0
		fail "TestSeeds"
	fi
else
	echo "skipped: $SHARED/seeds is absent"
fi

# ---- floors
section "floors ($FLOORS)"
if [ -f "$FLOORS" ]; then
	# "name value": the figure must be at least value; "name value max": at most value; an optional
	# "target=T" names the issue's target, printed beside the figure (not gated: the floor is).
	printf '%-32s %8s  %-7s %-8s %-8s %s\n' figure value bound limit target check
	while read -r name floor rest; do
		case "$name" in '' | '#'*) continue ;; esac
		bound=floor
		case "$rest" in max*) bound=ceiling ;; esac
		target=$(printf '%s' "$rest" | sed -n 's/.*target=\([^ ]*\).*/\1/p')
		value=$(awk -v n="$name" '$1 == n { v = $2 } END { print v }' "$FIGURES")
		if [ -z "$value" ]; then
			printf '%-32s %8s  %-7s %-8s %-8s not measured\n' "$name" "-" "$bound" "$floor" "${target:--}"
		elif awk -v v="$value" -v f="$floor" -v b="$bound" 'BEGIN { exit !(b == "floor" ? v + 0 < f + 0 : v + 0 > f + 0) }'; then
			printf '%-32s %8s  %-7s %-8s %-8s FAIL\n' "$name" "$value" "$bound" "$floor" "${target:--}"
			status=1
		else
			printf '%-32s %8s  %-7s %-8s %-8s ok\n' "$name" "$value" "$bound" "$floor" "${target:--}"
		fi
	done <"$FLOORS"
else
	echo "no floors file: figures not checked"
fi

echo
echo "figures in $FIGURES; $((SECONDS - start)) s"
if [ $status -ne 0 ]; then
	echo "eval: FAIL"
else
	echo "eval: ok"
fi
exit $status
