#!/usr/bin/env python3
# cluster-join-sim.py STORIES REPORT [MAXSIZE]: simulates a lead for issue 13 on a scan's JSONL
# report: a small story cluster (MAXSIZE members or fewer, 8 by default) whose passage records
# point at one larger cluster (two or more of that cluster's documents hold the passage, more
# than documents in no story, and no passage of it points at another cluster) joins it. Prints
# story-pair precision and recall (as neardup eval --stories) before and after, and how many
# joins put a cluster with the story most of the larger one's members tell (truth: STORIES, the
# id<TAB>story[<TAB>role] file cmd/corpus writes). Measured in session 29 (BENCHMARKS.md).
import json,collections,sys
stories, report = sys.argv[1], sys.argv[2]; maxsize=int(sys.argv[3]) if len(sys.argv)>3 else 8
truth={}
for l in open(stories):
    if l.startswith('id\t'): continue
    p=l.rstrip('\n').split('\t'); truth[p[0]]=p[1]
clus={}; size=collections.Counter(); kind={}; passages=[]
for l in open(report):
    r=json.loads(l)
    k=r.get('kind')
    if k in ('story','syndicated','exact'):
        for m in r['members']: clus[m['id']]=r['cluster']
        size[r['cluster']]=len(r['members']); kind[r['cluster']]=k
    elif k=='passage':
        passages.append(sorted(set(o['id'] for o in r['occurrences'])))
def pairs_metrics(cl):
    # story pairs precision/recall
    byc=collections.defaultdict(list)
    for d,c in cl.items(): byc[c].append(d)
    tp=fp=0
    for c,ds in byc.items():
        for i in range(len(ds)):
            for j in range(i+1,len(ds)):
                if truth.get(ds[i])==truth.get(ds[j]): tp+=1
                else: fp+=1
    bys=collections.Counter(truth.values()); tot=sum(n*(n-1)//2 for n in bys.values())
    return tp/(tp+fp), tp/tot
print('before', pairs_metrics(clus))
point=collections.defaultdict(set); bad=set()
for ds in passages:
    cs=collections.Counter(clus.get(d) for d in ds)
    for S in set(c for c in cs if c and kind[c]=='story' and size[c]<=maxsize):
        other=collections.Counter({c:n for c,n in cs.items() if c and c!=S})
        none=cs.get(None,0)
        if not other: continue
        T,n=other.most_common(1)[0]
        if n>=2 and n>none and size[T]>size[S]: point[S].add(T)
        elif n>=2: bad.add(S)
new=dict(clus); joins=0; right=0
for S,Ts in point.items():
    if len(Ts)!=1 or S in bad: continue
    T=next(iter(Ts)); joins+=1
    mS=[d for d,c in clus.items() if c==S]; mT=[d for d,c in clus.items() if c==T]
    if collections.Counter(truth[d] for d in mS).most_common(1)[0][0]==collections.Counter(truth[d] for d in mT).most_common(1)[0][0]: right+=1
    for d in mS: new[d]=T
print('joins',joins,'right',right,'after',pairs_metrics(new))
