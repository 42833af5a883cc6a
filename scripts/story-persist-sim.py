#!/usr/bin/env python3
"""Simulate an index that remembers each article's story from the night it was scanned: in a
later night's report, a story cluster that holds K or more indexed articles of one earlier
story (or all of it) takes in that story's other articles, each once. The result is a report
to score with scripts/night-eval.py.

    scripts/story-persist-sim.py EARLIER.jsonl NIGHT.jsonl OUT.jsonl [K]

EARLIER is the earlier night scanned alone (`neardup scan --format jsonl`), NIGHT the later
night's `scan --index` report, K 2 by default. Only the members change: enough for the story
figures, not a report to read.
"""
import collections
import json
import sys


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    earlier, night, out = sys.argv[1:4]
    k = int(sys.argv[4]) if len(sys.argv) == 5 else 2
    story, members = {}, {}
    with open(earlier) as f:
        for line in f:
            r = json.loads(line)
            if r.get('kind') in ('story', 'syndicated', 'exact'):
                ids = [m['id'] for m in r['members']]
                members[r['cluster']] = ids
                for i in ids:
                    story[i] = r['cluster']
    with open(night) as f:
        recs = [json.loads(line) for line in f]
    clustered = lambda r: r.get('kind') in ('story', 'syndicated', 'exact')
    placed = {m['id'] for r in recs if clustered(r) for m in r['members']}
    with open(out, 'w') as f:
        for r in recs:
            if clustered(r):
                ids = {m['id'] for m in r['members']}
                held = collections.Counter(story[i] for i in ids if i in story)
                for t, n in sorted(held.items()):
                    if n < k and n < len(members[t]):
                        continue
                    for j in members[t]:
                        if j not in ids and j not in placed:
                            r['members'].append({'id': j})
                            placed.add(j)
            f.write(json.dumps(r) + '\n')


if __name__ == '__main__':
    main()
