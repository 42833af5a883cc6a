#!/usr/bin/env bash
# bench-compare.sh: the Go benchmarks of a base revision against the working tree, compared with
# benchstat.
#
#   scripts/bench-compare.sh BASE        # BASE: a commit, branch or tag (e.g. HEAD, main, HEAD~3)
#
# BASE is checked out in a temporary git worktree (removed afterwards) beside a link to ../shared,
# so benchmarks that read the evaluation data find it there too. Both trees run
#   go test -run '^$' -bench "$BENCH" -benchmem -count "$COUNT" ./...
# (BENCH=. and COUNT=6 by default; PKGS=./... selects packages), then benchstat prints the
# comparison; the raw results stay in $OUT/bench/ (old.txt, new.txt). benchstat is installed with
# go install golang.org/x/perf/cmd/benchstat@latest when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ]; then
	echo "usage: scripts/bench-compare.sh BASE (a commit, branch or tag)" >&2
	exit 2
fi
base=$1
GO=${GO:-go}
OUT=${OUT:-out}
BENCH=${BENCH:-.}
COUNT=${COUNT:-6}
PKGS=${PKGS:-./...}
read -ra pkgs <<<"$PKGS"
mkdir -p "$OUT/bench"
old=$OUT/bench/old.txt
new=$OUT/bench/new.txt

rev=$(git rev-parse --verify "$base^{commit}") || {
	echo "bench-compare: $base is not a commit" >&2
	exit 2
}

benchstat=$(command -v benchstat || true)
if [ -z "$benchstat" ]; then
	benchstat=$($GO env GOPATH)/bin/benchstat
	if [ ! -x "$benchstat" ]; then
		echo "installing benchstat (go install golang.org/x/perf/cmd/benchstat@latest)" >&2
		$GO install golang.org/x/perf/cmd/benchstat@latest
	fi
fi

tmp=$(mktemp -d)
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	git worktree remove --force "$tmp/neardup" >/dev/null 2>&1 || true
	git worktree prune >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT
git worktree add --detach --quiet "$tmp/neardup" "$rev"
[ -d ../shared ] && ln -s "$(cd ../shared && pwd)" "$tmp/shared"

echo "benchmarks of $base ($(git rev-parse --short "$rev")), $COUNT runs each" >&2
(cd "$tmp/neardup" && $GO test -run '^$' -bench "$BENCH" -benchmem -count "$COUNT" "${pkgs[@]}") | tee "$old" | grep -E '^(ok|FAIL|---)' >&2 || true
echo "benchmarks of the working tree, $COUNT runs each" >&2
$GO test -run '^$' -bench "$BENCH" -benchmem -count "$COUNT" "${pkgs[@]}" | tee "$new" | grep -E '^(ok|FAIL|---)' >&2 || true
if grep -q '^FAIL' "$old" "$new"; then
	echo "bench-compare: a benchmark failed (see $old and $new)" >&2
	status=1
else
	status=0
fi

echo
"$benchstat" "base=$old" "new=$new"
exit $status
