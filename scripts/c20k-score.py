#!/usr/bin/env python3
"""c20k-score.py PLANTED.tsv REPORT.jsonl: issue 13's figures on the recurring-paragraph corpus.

PLANTED.tsv is the planted truth of ../shared/bench's corpus recipe (id_a, id_b, ...); REPORT is
neardup scan --format jsonl. Prints the share of planted pairs listed in the report (as a pair of
a cluster, of a link, of a hub's or linked document's links) or with both documents in one
cluster, and the share of clusters that lie inside one planted group (a connected component of
the planted pairs: a base article and its copies). Targets: 0.99 and 0.99.
"""
import json
import sys


def main(truth, rep):
    planted, parent = [], {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    with open(truth) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2 or cols[0] == "id_a":
                continue
            planted.append((cols[0], cols[1]))
            parent[find(cols[0])] = find(cols[1])
    cluster_of, pairs, clusters = {}, set(), []
    with open(rep) as f:
        for line in f:
            r = json.loads(line)
            if "members" in r and r.get("cluster"):
                ids = [m["id"] for m in r["members"]]
                clusters.append(ids)
                for i in ids:
                    cluster_of[i] = r["cluster"]
            listed = list(r.get("pairs") or [])
            for link in r.get("links") or []:
                listed += link.get("pairs") or []
            if "a" in r and "b" in r:
                listed.append(r)
            for p in listed:
                pairs.add((p["a"], p["b"]))
                pairs.add((p["b"], p["a"]))
    found = sum(1 for a, b in planted if (a, b) in pairs or (a in cluster_of and cluster_of.get(a) == cluster_of.get(b)))
    pure = sum(1 for ids in clusters if len({find(i) for i in ids}) == 1)
    print(f"planted {found}/{len(planted)} = {found / max(1, len(planted)):.4f}; "
          f"clusters {len(clusters)}, inside one planted group {pure} = {pure / max(1, len(clusters)):.4f}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: c20k-score.py PLANTED.tsv REPORT.jsonl")
    main(sys.argv[1], sys.argv[2])
