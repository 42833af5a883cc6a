#!/usr/bin/env python3
"""Story pairs of a night's report against the truth: the pairs of one true story that involve
one of the night's articles, split into those of two of the night's articles and the cross
pairs (one article indexed on an earlier night). A pair is found when both articles are members
of one reported story cluster (kinds story, syndicated, exact).

    scripts/night-eval.py STORIES.tsv NIGHT.jsonl.gz REPORT.jsonl...

STORIES.tsv is cmd/corpus's -stories-truth (id, story, role); NIGHT the night's input (its ids);
each REPORT a `neardup scan [--index X] --format jsonl` report.
"""
import collections
import gzip
import itertools
import json
import sys


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    stories, night = sys.argv[1], sys.argv[2]
    with gzip.open(night, 'rt') if night.endswith('.gz') else open(night) as f:
        tonight = {json.loads(line)['id'] for line in f if line.strip()}
    by = collections.defaultdict(list)
    with open(stories) as f:
        for line in f:
            fields = line.rstrip('\n').split('\t')
            if fields[0] != 'id':
                by[fields[1]].append(fields[0])
    truth = set()
    for ds in by.values():
        for a, b in itertools.combinations(sorted(ds), 2):
            if a in tonight or b in tonight:
                truth.add((a, b))
    for report in sys.argv[3:]:
        found = set()
        with open(report) as f:
            for line in f:
                r = json.loads(line)
                if r.get('kind') not in ('story', 'syndicated', 'exact'):
                    continue
                ids = sorted(m['id'] for m in r['members'])
                for a, b in itertools.combinations(ids, 2):
                    if a in tonight or b in tonight:
                        found.add((a, b))
        for name, both in (('night', True), ('cross', False)):
            t = {p for p in truth if (p[0] in tonight and p[1] in tonight) == both}
            g = {p for p in found if (p[0] in tonight and p[1] in tonight) == both}
            print(f'{report} {name} pairs: truth {len(t)} found {len(g)} '
                  f'precision {len(g & t) / max(1, len(g)):.4f} recall {len(g & t) / max(1, len(t)):.4f}')


if __name__ == '__main__':
    main()
