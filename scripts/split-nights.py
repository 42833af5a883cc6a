#!/usr/bin/env python3
"""Split a corpus (JSON Lines, gzipped or not) into two nights by publication date: its articles
in order of publication (ties in input order), those published before the median date in the
first file and the rest in the second, each gzipped.

    scripts/split-nights.py out/corpus/news-20000.jsonl.gz out/s31/n1.jsonl.gz out/s31/n2.jsonl.gz

Then (scripts/nights.sh, make nights): neardup scan --index n.ndx --add n1.jsonl.gz; neardup scan --index n.ndx --format jsonl -o R
n2.jsonl.gz; scripts/night-eval.py out/corpus/news-20000.stories.tsv n2.jsonl.gz R.
"""
import gzip
import json
import sys


def opener(path, mode):
    return gzip.open(path, mode) if path.endswith('.gz') else open(path, mode)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, first, second = sys.argv[1:]
    with opener(src, 'rt') as f:
        lines = [line for line in f if line.strip()]
    dated = sorted(((json.loads(line).get('published', ''), line) for line in lines), key=lambda x: x[0])
    mid = dated[len(dated) // 2][0]
    n = [0, 0]
    with gzip.open(first, 'wt', compresslevel=3) as a, gzip.open(second, 'wt', compresslevel=3) as b:
        for date, line in dated:
            later = date >= mid
            (b if later else a).write(line if line.endswith('\n') else line + '\n')
            n[later] += 1
    print(f'{first}: {n[0]} articles before {mid}; {second}: {n[1]} from it', file=sys.stderr)


if __name__ == '__main__':
    main()
