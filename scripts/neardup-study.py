#!/usr/bin/env python3
"""A measurement prototype for issue 13 part 3 (near-duplicates that survive crops and rotations),
not product code: it shows, with Python's imagehash, what the Swift implementation should do.

Stage 1 — candidates: a pHash of the whole picture and of 27 crops (3×3 positions at 90, 80 and
70 % of each side); a pair's distance is the least between one picture's whole hash and the
other's crops, either way round. Stage 2 — verification: the matched crop and the other picture,
grey at 48×48, correlated (NCC) over rotations of −3…3°, three scales and small shifts, also
without each edge band of a quarter (a caption bar), keeping the best.

Measured on 80 hard pairs (scripts/make-hard-pairs.sh /tmp/hard <10 corpus photos>) against every
pair of distinct corpus photos: positives at most 12 bits apart and correlated ≥ 0.865; distinct
photos at least 16 bits apart and correlated ≤ 0.603. Unknown: real bursts (the same scene seconds
apart), which the corpus lacks.

usage: neardup-study.py   (reads /tmp/hard and ../shared/corpus/images/photos; needs imagehash)
"""
import imagehash, os, itertools, numpy as np
from PIL import Image, ImageOps
C='/work/shared/corpus/images/photos'
def load(p): return ImageOps.exif_transpose(Image.open(p)).convert('L')
def rects(w,h):
    out=[(0,0,w,h)]
    for s in (0.9,0.8,0.7):
        for ax in (0,0.5,1):
            for ay in (0,0.5,1):
                cw,ch=w*s,h*s; x=(w-cw)*ax; y=(h-ch)*ay; out.append((x,y,x+cw,y+ch))
    return out
def grid(im): return [imagehash.phash(im.crop(r)) for r in rects(*im.size)]
def best(A,B,GA,GB):
    # returns (dist, which, rect)
    c=[(GA[i]-GB[0],'A',rects(*A.size)[i]) for i in range(len(GA))]+[(GA[0]-GB[i],'B',rects(*B.size)[i]) for i in range(len(GB))]
    return min(c,key=lambda t:t[0])
def ncc(a,b):
    a=a-a.mean(); b=b-b.mean(); d=np.sqrt((a*a).sum()*(b*b).sum()); return float((a*b).sum()/d) if d else 0
def verify(A,B,which,r):
    X=(A.crop(r) if which=='A' else A); Y=(B if which=='A' else B.crop(r))
    N=48
    y=np.asarray(Y.resize((N,N),Image.BILINEAR),dtype=float)
    bestv=-1
    for ang in (-3,-2,-1,0,1,2,3):
        Xr=X.rotate(ang,resample=Image.BILINEAR,expand=False)
        w,h=Xr.size
        for s in (1.0,0.94,0.88):
            for dx in (-0.03,0,0.03):
                for dy in (-0.03,0,0.03):
                    cw,ch=w*s,h*s; x0=(w-cw)/2+dx*w; y0=(h-ch)/2+dy*h
                    x=np.asarray(Xr.crop((x0,y0,x0+cw,y0+ch)).resize((N,N),Image.BILINEAR),dtype=float)
                    k=N//4
                    for (xs,ys) in ((x,y),(x[:-k],y[:-k]),(x[k:],y[k:]),(x[:,:-k],y[:,:-k]),(x[:,k:],y[:,k:])):
                        bestv=max(bestv,ncc(xs,ys))
    return bestv
names=sorted(set(f.split('-')[0] for f in os.listdir('/tmp/hard')))
res={}
for f in sorted(os.listdir('/tmp/hard')):
    n,t=f[:-4].split('-',1); A=load(os.path.join(C,n+'.jpg')); B=load(os.path.join('/tmp/hard',f))
    d,w,r=best(A,B,grid(A),grid(B)); v=verify(A,B,w,r); res.setdefault(t,[]).append((int(d),round(v,3)))
for t,v in res.items(): print(t, sorted(v))
allp=[os.path.join(C,f) for f in sorted(os.listdir(C)) if f.lower().endswith('.jpg') and not f.startswith('landscape')]
G={p:grid(load(p)) for p in allp}; L={p:load(p) for p in allp}
neg=[]
for a,b in itertools.combinations(allp,2):
    d,w,r=best(L[a],L[b],G[a],G[b])
    if d<=20: neg.append((int(d),round(verify(L[a],L[b],w,r),3),os.path.basename(a),os.path.basename(b)))
print('negatives within 20 bits:', sorted(neg,key=lambda x:-x[1])[:15])
