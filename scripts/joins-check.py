#!/usr/bin/env python3
# joins-check.py STORIES REF NEW: checks the joins of a scan's JSONL report (NEW) against an
# earlier one of the same corpus (REF), with the truth cmd/corpus writes (STORIES: id<TAB>story
# [<TAB>role]). Prints:
#   - the members of NEW's clusters in no pair of theirs, and how many have no occurrence in a
#     reported passage (the cluster's or a passage record): 0 when every joined article's text
#     is reported;
#   - the clusters of NEW made of parts of two or more of REF's clusters (a small story joined to
#     a larger one): how many have a passage, the cluster's or a record, with occurrences in both
#     parts (bridged), and how many put the smaller part with the story most of the larger part's
#     members tell (right).
# Used in session 30 (BENCHMARKS.md) on news-20000, newsbig-20000, stories400-20000 and their
# 200,000-article versions.
import collections
import json
import sys


def load(path):
    cluster, records, passages = {}, [], []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            kind = r.get("kind")
            if kind in ("story", "syndicated", "exact"):
                for m in r["members"]:
                    cluster[m["id"]] = r["cluster"]
                records.append(r)
            elif kind == "passage":
                passages.append({o["id"] for o in r["occurrences"]})
    return cluster, records, passages


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: joins-check.py STORIES REF NEW")
    stories, ref, new = sys.argv[1:]
    truth = {}
    with open(stories) as f:
        for line in f:
            if line.startswith("id\t"):
                continue
            p = line.rstrip("\n").split("\t")
            truth[p[0]] = p[1]
    before, _, _ = load(ref)
    after, records, passages = load(new)
    held = set().union(*passages) if passages else set()

    unpaired = missing = 0
    for r in records:
        paired = {x for p in r.get("pairs", []) for x in (p["a"], p["b"])}
        here = {o["id"] for p in r.get("passages", []) for o in p["occurrences"]}
        for m in r["members"]:
            if m["id"] in paired:
                continue
            unpaired += 1
            if m["id"] not in here and m["id"] not in held:
                missing += 1
                print("no reported occurrence:", r["cluster"], m["id"])
    print(f"members in no pair: {unpaired}, without a reported occurrence: {missing}")

    byc = {r["cluster"]: r for r in records}
    parts = collections.defaultdict(lambda: collections.defaultdict(set))
    for d, c in after.items():
        parts[c][before.get(d)].add(d)
    joins = bridged = right = 0
    for c, ps in sorted(parts.items()):
        if len(ps) < 2:
            continue
        members = set().union(*ps.values())
        big = max(ps, key=lambda k: (len(ps[k]), k is not None))
        story = collections.Counter(truth.get(d) for d in ps[big]).most_common(1)[0][0]
        for k, ds in ps.items():
            if k == big or k is None or len(ds) < 2:
                continue  # the larger part, or articles in no story before (a document join)
            joins += 1
            rest = members - ds
            texts = [{o["id"] for o in p["occurrences"]} for p in byc[c].get("passages", [])] + passages
            if any(t & ds and t & rest for t in texts):
                bridged += 1
            else:
                print("no passage bridging cluster", c, "and its part", sorted(ds))
            if collections.Counter(truth.get(d) for d in ds).most_common(1)[0][0] == story:
                right += 1
            else:
                print("wrong join: cluster", c, "part", sorted(ds))
    print(f"story joins: {joins}, bridged {bridged}, right {right}")


if __name__ == "__main__":
    main()
