#!/usr/bin/env bash
# bench-scan.sh: wall time, peak memory and throughput of `neardup scan` on whole corpora.
#
#   scripts/bench-scan.sh [CORPUS.jsonl.gz ...]
#
# Corpora: the arguments, else ../shared/data/reuters21578.jsonl.gz (when present) and
# $OUT/corpus/synthetic-N.jsonl.gz for each N in $SIZES (default 20000 100000 200000; made with
# cmd/corpus when missing, as `make corpus N=...` does). Each is scanned with --workers 1 and 2
# ($WORKERS), with and without --no-reuse, under /usr/bin/time -v; the run with the most workers
# is repeated. Every output must be byte-identical across --workers and across the two runs.
#
# Writes $OUT/bench/scan.tsv (one row per run: corpus, documents, input MB (the text, as
# neardup's summary counts it), mode, workers, run, wall seconds, peak RSS MB, MB/s, documents/s),
# prints it as a table with the memory per article, (RSS(largest) - RSS(smallest)) / (documents
# between them) over the synthetic corpora, and draws $OUT/bench/scaling.svg (cmd/benchchart).
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
NEARDUP=${NEARDUP:-bin/neardup} # the binary built and measured
OUT=${OUT:-out}
SIZES=${SIZES:-20000 100000 200000}
WORKERS=${WORKERS:-1 2}
SHARED=${SHARED:-../shared}
BENCH=$OUT/bench
TSV=$BENCH/scan.tsv
RUNS=$BENCH/runs
mkdir -p "$BENCH" "$RUNS"

if [ ! -x /usr/bin/time ]; then
	echo "installing /usr/bin/time (apt-get install -y time)" >&2
	sudo=
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get install -y time >/dev/null 2>&1 || { $sudo apt-get update >/dev/null && $sudo apt-get install -y time >/dev/null; }
fi

echo "building $NEARDUP" >&2
$GO build -o "$NEARDUP" ./cmd/neardup

corpora=("$@")
if [ ${#corpora[@]} -eq 0 ]; then
	[ -f "$SHARED/data/reuters21578.jsonl.gz" ] && corpora+=("$SHARED/data/reuters21578.jsonl.gz")
	for n in $SIZES; do
		c=$OUT/corpus/synthetic-$n.jsonl.gz
		if [ ! -f "$c" ]; then
			echo "making $c" >&2
			mkdir -p "$OUT/corpus"
			$GO run ./cmd/corpus -q -n "$n" -o "$c" -truth "$OUT/corpus/synthetic-$n.truth.tsv" >&2
		fi
		corpora+=("$c")
	done
fi

# seconds converts /usr/bin/time's h:mm:ss or m:ss.ss to seconds.
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"; }

printf 'corpus\tdocs\tinput_mb\tmode\tworkers\trun\twall_s\trss_mb\tmb_s\tdocs_s\n' >"$TSV"
status=0
maxw=$(tr ' ' '\n' <<<"$WORKERS" | sort -n | tail -1)
for input in "${corpora[@]}"; do
	label=$(basename "$input")
	label=${label%.gz}
	label=${label%.jsonl}
	for mode in default no-reuse; do
		flags=()
		[ "$mode" = no-reuse ] && flags=(--no-reuse)
		first=
		# every worker count once, then the most workers again
		for wr in $(for w in $WORKERS; do echo "$w:1"; done) "$maxw:2"; do
			w=${wr%:*}
			run=${wr#*:}
			out=$RUNS/$label-$mode-w$w-$run.jsonl
			echo "scan $label $mode --workers $w (run $run)" >&2
			rm -f "$out" # replacing an old report would count the freeing of its pages
			if ! /usr/bin/time -v -o "$RUNS/time.txt" "$NEARDUP" scan --format jsonl --workers "$w" "${flags[@]}" \
				-o "$out" "$input" 2>"$RUNS/stderr.txt"; then
				cat "$RUNS/stderr.txt" >&2
				echo "FAIL: neardup scan $label $mode --workers $w" >&2
				status=1
				continue
			fi
			summary=$(grep '^neardup: .* documents read' "$RUNS/stderr.txt" | tail -1 || true)
			docs=$(sed -n 's/^neardup: \([0-9]*\) documents\{0,1\} read.*/\1/p' <<<"$summary")
			mb=$(sed -n 's/.* read (\([0-9.]*\) MB).*/\1/p' <<<"$summary")
			wall=$(seconds "$(sed -n 's/.*Elapsed (wall clock) time.*): *//p' "$RUNS/time.txt")")
			rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$RUNS/time.txt")
			awk -v c="$label" -v d="$docs" -v mb="$mb" -v m="$mode" -v w="$w" -v r="$run" -v t="$wall" -v k="$rss" 'BEGIN {
				if (t <= 0) t = 0.01
				printf "%s\t%d\t%.1f\t%s\t%d\t%d\t%.2f\t%.1f\t%.2f\t%.0f\n", c, d, mb, m, w, r, t, k / 1024, mb / t, d / t
			}' >>"$TSV"
			if [ -z "$first" ]; then
				first=$out
			elif cmp -s "$first" "$out"; then
				rm -f "$out" # the same bytes: keep one copy
			else
				echo "FAIL: $label $mode: $out differs from $first" >&2
				status=1
			fi
		done
	done
done

echo
if command -v column >/dev/null; then column -t -s $'\t' "$TSV"; else cat "$TSV"; fi
echo
# memory per article: the smallest and largest synthetic corpora, most workers, first run
for mode in default no-reuse; do
	awk -F'\t' -v m="$mode" -v w="$maxw" 'NR > 1 && $1 ~ /^synthetic-/ && $4 == m && $5 == w && $6 == 1 {
		if (lo == "" || $2 < lod) { lo = $1; lod = $2; lor = $8 }
		if (hi == "" || $2 > hid) { hi = $1; hid = $2; hir = $8 }
	} END {
		if (hi != "" && hid > lod)
			printf "memory per article (%s, --workers %d): (%.1f MB - %.1f MB) / %d articles = %.0f bytes\n", m, w, hir, lor, hid - lod, (hir - lor) * 1048576 / (hid - lod)
	}' "$TSV"
done
if [ $status -eq 0 ]; then
	echo "outputs byte-identical across --workers ($WORKERS) and across two runs"
fi

$GO run ./cmd/benchchart -o "$BENCH/scaling.svg" "$TSV" && echo "chart: $BENCH/scaling.svg"
echo "table: $TSV"
exit $status
