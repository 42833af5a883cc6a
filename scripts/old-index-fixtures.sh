#!/bin/sh
# Makes index/testdata/v1.ndx to v4.ndx, the indexes of format versions 1 to 4 that
# TestOldVersions reads, with the neardup that wrote those versions: 212f800 (the last commit
# of version 1), 12f1923 (version 2, main before version 3), 7b26268 (version 3, main before
# version 4) and 5fe6e29 (version 4, main before version 5). Run from the repository's root,
# naming the versions to make (all four by default: `scripts/old-index-fixtures.sh 4` makes
# v4.ndx alone); it builds them in out/old-index/ (git worktrees, removed at the end).
set -eu
root=$(pwd)
out=$root/out/old-index
mkdir -p "$out"
want=${*:-1 2 3 4}
for v in 1:212f800 2:12f1923 3:7b26268 4:5fe6e29; do
	n=${v%%:*} commit=${v#*:}
	case " $want " in *" $n "*) ;; *) continue ;; esac
	git worktree add --detach "$out/src-v$n" "$commit" >/dev/null
	(cd "$out/src-v$n" && go build -o "$out/neardup-v$n" ./cmd/neardup)
	git worktree remove --force "$out/src-v$n"
	rm -f "$root/index/testdata/v$n.ndx"
	# from index/testdata, so that each record's place is "old-articles.jsonl:LINE"
	(cd "$root/index/testdata" && "$out/neardup-v$n" index add --index "v$n.ndx" old-articles.jsonl)
done
