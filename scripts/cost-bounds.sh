#!/bin/bash
# cost-bounds.sh: issue 13's cost bounds, measured in alternated rounds (the host's speed drifts,
# so each ratio is of runs made side by side). One line per run: corpus, run, wall s, user s,
# system s, max RSS KB (GNU time); then, for each round, the bounds' ratios of that round's runs,
# with 200k's CPU time (user + system) against the base and --rewrite=false's wall time against
# it (the default without the rewritten passages of issue 15, which allowed them 1.5x of it).
#
#   the recurring-paragraph corpus (C20K, ../shared/bench's recipe): --no-reuse, --rewrite=false
#   and the default of NEARDUP; bound: the default within 2x --no-reuse's time and memory
#   the synthetic corpus (SYN, make corpus N=200000): the default and --rewrite=false of NEARDUP,
#   and BASE's default when BASE is set (a binary of b8cbfd8, built in a worktree); bound: the
#   default no slower than b8cbfd8's
#
# Environment: NEARDUP (bin/neardup), BASE (none), C20K (out/bench/c20k.jsonl), SYN
# (out/corpus/synthetic-200000.jsonl.gz), ROUNDS (3). A corpus that is absent is skipped, said so.
set -u
NEARDUP=${NEARDUP:-bin/neardup}
BASE=${BASE:-}
C20K=${C20K:-out/bench/c20k.jsonl}
SYN=${SYN:-out/corpus/synthetic-200000.jsonl.gz}
ROUNDS=${ROUNDS:-3}
TIME=/usr/bin/time
if [ ! -x "$TIME" ]; then
	echo "cost-bounds.sh: $TIME (GNU time) is needed for the peak memory" >&2
	exit 2
fi
if [ ! -x "$NEARDUP" ]; then
	echo "cost-bounds.sh: $NEARDUP is not an executable: make build, or set NEARDUP" >&2
	exit 2
fi
if [ -n "$BASE" ] && [ ! -x "$BASE" ]; then
	echo "cost-bounds.sh: BASE=$BASE is not an executable (a neardup binary of b8cbfd8)" >&2
	exit 2
fi
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
run() { # run CORPUS-LABEL RUN-LABEL BINARY FILE FLAGS...
	local corpus=$1 label=$2 bin=$3 file=$4
	shift 4
	"$TIME" -a -o "$LOG" -f "$corpus $label %e s %U u %S y %M KB" "$bin" scan --quiet "$@" --format jsonl -o /dev/null "$file" || { tail -n 2 "$LOG" >&2; exit 1; }
	tail -n 1 "$LOG"
}
if [ -f "$C20K" ]; then
	for _ in $(seq 1 "$ROUNDS"); do
		run c20k no-reuse "$NEARDUP" "$C20K" --no-reuse
		run c20k rewrite=false "$NEARDUP" "$C20K" --rewrite=false
		run c20k default "$NEARDUP" "$C20K"
	done
else
	echo "cost-bounds.sh: $C20K is absent (../shared/bench/README.md makes it): skipped" >&2
fi
if [ -f "$SYN" ]; then
	for _ in $(seq 1 "$ROUNDS"); do
		if [ -n "$BASE" ]; then
			run 200k base "$BASE" "$SYN"
		fi
		run 200k default "$NEARDUP" "$SYN"
		run 200k rewrite=false "$NEARDUP" "$SYN" --rewrite=false
	done
else
	echo "cost-bounds.sh: $SYN is absent (make corpus N=200000): skipped" >&2
fi
# the ratios, round by round: the n-th run of each kind makes round n
awk '
	{ n = ++seen[$1 " " $2]; k = $1 " " $2 " " n; wall[k] = $3; cpu[k] = $5 + $7; kb[k] = $9; if (n > rounds) rounds = n }
	END {
		for (r = 1; r <= rounds; r++) {
			line = ""
			if (("c20k default " r) in wall && ("c20k no-reuse " r) in wall)
				line = line sprintf(" c20k default/--no-reuse: time %.2f, memory %.2f;", wall["c20k default " r] / wall["c20k no-reuse " r], kb["c20k default " r] / kb["c20k no-reuse " r])
			if (("200k default " r) in wall && ("200k base " r) in wall)
				line = line sprintf(" 200k default/base: time %.2f, CPU %.2f;", wall["200k default " r] / wall["200k base " r], cpu["200k default " r] / cpu["200k base " r])
			if (("200k rewrite=false " r) in wall && ("200k base " r) in wall)
				line = line sprintf(" 200k --rewrite=false/base: time %.2f;", wall["200k rewrite=false " r] / wall["200k base " r])
			if (line != "")
				print "round " r ":" line
		}
	}' "$LOG"
