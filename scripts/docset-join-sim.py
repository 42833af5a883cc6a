#!/usr/bin/env python3
# docset-join-sim.py STORIES REPORT: what a docset join would do to story membership (BENCHMARKS
# session 28): a document in no story, holding shared passages ("kind":"passage" records) each
# with two or more occurrences in one cluster and more there than in no story, all pointing at
# one cluster, joins it. Prints B-cubed before and after, for documents in no record but a
# passage's (nopairs) and for those and the linked ones (nostory).
import json,collections,sys
stories, report = sys.argv[1], sys.argv[2]
story={}
for l in open(stories):
    if l.startswith('id\t'): continue
    i,s,r=l.rstrip('\n').split('\t'); story[i]=s
clus={}; kinds={}; passages=collections.defaultdict(list)
for l in open(report):
    r=json.loads(l)
    k=r.get('kind')
    if k in ('story','syndicated','exact') and 'members' in r:
        for m in r['members']: clus[m['id']]=r['cluster']
    if k in ('hub','linked'): kinds[r['member']['id']]=k
    if k=='passage':
        for o in r['occurrences']: passages[o['id']].append([o['id'] for o in r['occurrences']])
def bcubed(cl):
    # cl: id -> cluster label (singletons get own)
    lab={i:cl.get(i,'s'+i) for i in story}
    bycl=collections.defaultdict(list); byst=collections.defaultdict(list)
    for i in story: bycl[lab[i]].append(i); byst[story[i]].append(i)
    P=R=0
    for i in story:
        c=bycl[lab[i]]; s=byst[story[i]]
        same=sum(1 for j in c if story[j]==story[i])
        P+=same/len(c); R+=same/len(s)
    return P/len(story), R/len(story)
print('before', ['%.4f'%x for x in bcubed(clus)])
for mode in ('nopairs','nostory'):
    new=dict(clus); joined=0; wrong=0
    for i in story:
        if i in clus: continue
        if mode=='nopairs' and i in kinds: continue
        if mode=='nostory' and kinds.get(i)=='hub': continue
        votes=collections.Counter()
        for occ in passages.get(i,[]):
            c=collections.Counter(clus.get(o,'none') for o in occ if o!=i)
            best=[(n,k) for k,n in c.items() if k!='none']
            if not best: continue
            n,k=max(best)
            if n>=2 and n>c.get('none',0): votes[k]+=1
        if len(votes)==1:
            k=next(iter(votes)); new[i]=k; joined+=1
    # wrong joins: doc's story differs from the cluster's majority story
    maj={}
    byc=collections.defaultdict(list)
    for i,k in clus.items(): byc[k].append(story.get(i))
    for k,v in byc.items(): maj[k]=collections.Counter(v).most_common(1)[0][0]
    for i,k in new.items():
        if i not in clus and story[i]!=maj[k]: wrong+=1
    print(mode, 'joined', joined, 'wrong', wrong, ['%.4f'%x for x in bcubed(new)])
