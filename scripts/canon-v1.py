#!/usr/bin/env python3
"""Print a neardup JSON Lines report in the shape of output version 1, keys sorted, so that
reports of binaries before and after the fields added since (version 3: first, spread,
spread_rank, pairs' origin, origin_by, origin_rule, changes, story, context, cluster, members'
hub, empty links and passages) can be compared with cmp:

    scripts/canon-v1.py old.jsonl > a; scripts/canon-v1.py new.jsonl > b; cmp a b
"""
import json
import sys

for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    r.pop("version", None)
    for k in ("links", "passages"):
        if r.get(k) == []:
            r.pop(k)
    for k in ("first", "spread", "spread_rank"):
        r.pop(k, None)
    for m in r.get("members", []):
        m.pop("hub", None)
    for p in r.get("pairs", []):
        for k in ("origin", "origin_by", "origin_rule", "changes", "story", "context", "cluster"):
            p.pop(k, None)
    print(json.dumps(r, sort_keys=True, ensure_ascii=False))
