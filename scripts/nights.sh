#!/bin/bash
# The nightly job measured by nights (make nights N=20000): the news corpus of N articles split by
# date into two nights (scripts/split-nights.py), the first added to a new index by
# `neardup scan --index IDX --add` (which records each article's story), the second scanned
# against it, timed, and its story pairs scored against the truth (scripts/night-eval.py): the
# pairs of two of the night's articles, and the cross pairs of a night's article with an
# indexed one. Files in $OUT/nights/N/.
set -euo pipefail
: "${NEARDUP:?the neardup binary}" "${OUT:=out}" "${N:=20000}"
corpus=$OUT/corpus/news-$N.jsonl.gz
stories=$OUT/corpus/news-$N.stories.tsv
[ -f "$corpus" ] && [ -f "$stories" ] || { echo "$corpus or $stories missing: make news N=$N" >&2; exit 1; }
dir=$OUT/nights/$N
mkdir -p "$dir"
if [ ! -f "$dir/n2.jsonl.gz" ] || [ "$corpus" -nt "$dir/n2.jsonl.gz" ]; then
	python3 scripts/split-nights.py "$corpus" "$dir/n1.jsonl.gz" "$dir/n2.jsonl.gz"
fi
rm -f "$dir/n.ndx"
echo "the first night, added by scan --index --add:"
"$NEARDUP" scan --quiet --index "$dir/n.ndx" --add --format jsonl -o "$dir/n1.report.jsonl" "$dir/n1.jsonl.gz"
echo "the second night, against the index:"
/usr/bin/time -f "  %e s, %U s user, %S s system, peak RSS %M KB" \
	"$NEARDUP" scan -v --index "$dir/n.ndx" --format jsonl -o "$dir/n2.report.jsonl" "$dir/n2.jsonl.gz" 2>&1 |
	grep -E "^neardup: index|^  [0-9.]+ s,"
python3 scripts/night-eval.py "$stories" "$dir/n2.jsonl.gz" "$dir/n2.report.jsonl"
