#!/bin/sh
# Makes index/testdata/v1.ndx, v2.ndx and v3.ndx, the indexes of format versions 1 to 3 that
# TestOldVersions reads, with the neardup that wrote those versions: 212f800 (the last commit
# of version 1), 12f1923 (version 2, main before version 3) and 7b26268 (version 3, main before
# version 4). Run from the repository's root; it builds them in out/old-index/ (git worktrees,
# removed at the end).
set -eu
root=$(pwd)
out=$root/out/old-index
mkdir -p "$out"
for v in 1:212f800 2:12f1923 3:7b26268; do
	n=${v%%:*} commit=${v#*:}
	git worktree add --detach "$out/src-v$n" "$commit" >/dev/null
	(cd "$out/src-v$n" && go build -o "$out/neardup-v$n" ./cmd/neardup)
	git worktree remove --force "$out/src-v$n"
	rm -f "$root/index/testdata/v$n.ndx"
	# from index/testdata, so that each record's place is "old-articles.jsonl:LINE"
	(cd "$root/index/testdata" && "$out/neardup-v$n" index add --index "v$n.ndx" old-articles.jsonl)
done
