"""Candidate article pairs for hand labelling (gold pairs and caveat ids left out).

    python bench/labels/candidates.py [--data ../shared/data/real-news-dev] [--n 450] [--seed 7] > candidates.jsonl
    python bench/labels/candidates.py --copies > candidates-copies.jsonl   (extra copy candidates)

Char n-gram TF-IDF neighbours within +-3 days per language, near-identical titles on different days,
shared rare title words within +-2 days, and Bengali-English pairs within +-2 days sharing rare numbers
or names. Output is deterministic (sorted before seeded sampling). event-pairs-own.jsonl was labelled by
reading both headlines and opening paragraphs of a sample drawn by an earlier version of this script.
"""
import argparse
import gzip
import json
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import datetime

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

D = str(__import__("pathlib").Path(__file__).resolve().parents[3] / "shared" / "data" / "real-news-dev") + "/"
BN_DIG = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")


def norm(s):
    return unicodedata.normalize("NFC", s or "").replace("\u200c", "").replace("\u200d", "")


def load():
    arts = []
    for f in ("munt-dev.jsonl.gz", "miraz.jsonl.gz"):
        with gzip.open(D + f, "rt", encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                a["src"] = f.split(".")[0]
                try:
                    a["dt"] = datetime.fromisoformat(a["published"]).replace(tzinfo=None)
                except Exception:
                    a["dt"] = None
                arts.append(a)
    return arts


def lead(a, n=400):
    t = a["text"] or ""
    if a["outlet"] == "financial_express":
        t = t.split("\n\n")[0]
    return t[:n]


def days(a, b):
    return abs((a["dt"] - b["dt"]).total_seconds()) / 86400


def main():
    global D
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=450)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--copies", action="store_true", help="print extra copy candidates instead")
    ap.add_argument("--data", default=D, help="the real-news-dev folder")
    args = ap.parse_args()
    D = args.data.rstrip("/") + "/"
    rng = random.Random(args.seed)

    arts = [a for a in load() if a["dt"] is not None]
    caveat = {l.split("\t")[0] for l in open(D + "caveat-ids.txt") if not l.startswith("#") and l.strip()}
    gold = set()
    for l in open(D + "gold-pairs.jsonl"):
        g = json.loads(l)
        gold.add(frozenset((g["a"], g["b"])))
    arts = [a for a in arts if a["id"] not in caveat]
    byid = {a["id"]: a for a in arts}

    cands = {}  # frozenset -> dict

    def add(a, b, kind, sim):
        if a["id"] == b["id"] or a["src"] != b["src"]:
            return
        k = frozenset((a["id"], b["id"]))
        if k in gold:
            return
        if k not in cands or cands[k]["sim"] < sim:
            cands[k] = {"a": a["id"], "b": b["id"], "kind": kind, "sim": round(float(sim), 3)}

    # --- same-language TF-IDF neighbours within +-3 days
    for lang in ("bn", "en"):
        sub = [a for a in arts if a["language"] == lang]
        docs = [norm(a["title"] + " " + lead(a)) for a in sub]
        X = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2).fit_transform(docs)
        S = (X @ X.T).toarray()
        ts = np.array([a["dt"].timestamp() for a in sub])
        near = np.abs(ts[:, None] - ts[None, :]) <= 3 * 86400
        S2 = np.where(near, S, -1)
        np.fill_diagonal(S2, -1)
        for i in range(len(sub)):
            for j in np.argsort(-S2[i])[:4]:
                if S2[i, j] > 0.08:
                    add(sub[i], sub[j], f"tfidf-{lang}", S2[i, j])
        # bulletins: near-identical titles on different days
        T = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform([norm(a["title"]) for a in sub])
        ST = (T @ T.T).toarray()
        for i in range(len(sub)):
            for j in range(i + 1, len(sub)):
                if ST[i, j] > 0.6 and sub[i]["dt"].date() != sub[j]["dt"].date() and days(sub[i], sub[j]) <= 40:
                    add(sub[i], sub[j], f"bulletin-{lang}", S[i, j])
        # distinctive shared title word within +-2 days
        toks = [set(w for w in re.findall(r"[\w\u0980-\u09ff]+", norm(a["title"]).lower()) if len(w) >= 4) for a in sub]
        df = Counter(w for t in toks for w in t)
        idx = defaultdict(list)
        for i, t in enumerate(toks):
            for w in t:
                if 2 <= df[w] <= 6:
                    idx[w].append(i)
        for w, ii in sorted(idx.items()):
            for x in ii:
                for y in ii:
                    if x < y and days(sub[x], sub[y]) <= 2:
                        add(sub[x], sub[y], f"titleword-{lang}", S[x, y])

    # --- Bengali <-> English: rare shared numbers or transliterated names within +-2 days
    names = []
    for l in open(D + "name-pairs.tsv").read().splitlines()[1:]:
        p = l.split("\t")
        names.append((p[1], norm(p[2])))

    def nums(a):
        s = norm(a["title"] + " " + lead(a, 1500)).translate(BN_DIG).replace(",", "")
        out = set()
        for n in re.findall(r"\d+(?:\.\d+)?", s):
            v = float(n)
            if ("." not in n and v <= 31) or (1900 <= v <= 2030):
                continue  # dates, days and years carry no signal
            out.add(n)
        return out

    bn = [a for a in arts if a["language"] == "bn" and a["src"] == "munt-dev"]
    en = [a for a in arts if a["language"] == "en"]
    numdf = Counter(n for a in bn + en for n in nums(a))
    ncache = {a["id"]: {n for n in nums(a) if numdf[n] <= 12} for a in bn + en}
    ents = {}
    for a in bn + en:
        s = norm(a["title"] + " " + lead(a, 1500))
        ents[a["id"]] = {i for i, (e, b) in enumerate(names) if (e in s if a["language"] == "en" else b in s)}
    entdf = Counter(i for v in ents.values() for i in v)
    import math
    xl = []
    for a in bn:
        for b in en:
            if days(a, b) > 2:
                continue
            sn = ncache[a["id"]] & ncache[b["id"]]
            se = ents[a["id"]] & ents[b["id"]]
            score = sum(1 / math.log(1 + numdf[n]) for n in sn) + sum(1.5 / math.log(1 + entdf[i]) for i in se)
            if len(sn) >= 2 or (se and min(entdf[i] for i in se) <= 40) or len(se) >= 2:
                xl.append((score, a, b))
    xl.sort(key=lambda x: (-x[0], x[1]["id"], x[2]["id"]))
    seen = Counter()
    xsel = []
    for sc, a, b in xl:
        if seen[a["id"]] >= 2 or seen[b["id"]] >= 2:
            continue
        seen[a["id"]] += 1
        seen[b["id"]] += 1
        xsel.append((sc, a, b))
    for sc, a, b in xsel:
        add(a, b, "xlang", sc)

    # --- sampling: spread over similarity, weight the middle
    allc = sorted(cands.values(), key=lambda c: (c["a"], c["b"]))  # deterministic order
    out = []
    xc = [c for c in allc if c["kind"] == "xlang"]
    rng.shuffle(xc)
    xc.sort(key=lambda c: (-c["sim"], c["a"], c["b"]))
    out += xc[:60] + rng.sample(xc[60:], min(30, len(xc[60:])))
    rest = [c for c in allc if c["kind"] != "xlang"]
    bins = [(0, 0.15, 40), (0.15, 0.25, 80), (0.25, 0.4, 120), (0.4, 0.6, 80), (0.6, 1.01, 40)]
    for lo, hi, k in bins:
        pool = [c for c in rest if lo <= c["sim"] < hi]
        rng.shuffle(pool)
        # round-robin over kinds/sources to keep diversity; limit per-day concentration
        perday = Counter()
        picked = []
        for c in pool:
            d = byid[c["a"]]["dt"].date()
            if perday[d] >= max(3, k // 6):
                continue
            perday[d] += 1
            picked.append(c)
            if len(picked) >= k:
                break
        out += picked
    out = out[: args.n]
    rng.shuffle(out)
    for c in out:
        a, b = byid[c["a"]], byid[c["b"]]
        c.update({"oa": a["outlet"], "ob": b["outlet"], "la": a["language"], "lb": b["language"],
                  "da": a["published"][:16], "db": b["published"][:16]})
        print(json.dumps(c, ensure_ascii=False))
    print(f"total candidates {len(allc)}, xlang {len(xc)}, sampled {len(out)}", file=sys.stderr)




def copies(n=25, seed=7):
    """Extra pass: same-language pairs within 3 days whose leads share many 5-word shingles (copy candidates)."""
    rng = random.Random(seed)
    arts = [a for a in load() if a["dt"] is not None]
    caveat = {l.split("\t")[0] for l in open(D + "caveat-ids.txt") if not l.startswith("#") and l.strip()}
    gold = {frozenset((g["a"], g["b"])) for g in map(json.loads, open(D + "gold-pairs.jsonl"))}
    arts = [a for a in arts if a["id"] not in caveat]

    def sh(a):
        w = norm(a["title"] + " " + lead(a, 1200)).split()
        return {" ".join(w[i:i + 5]) for i in range(len(w) - 4)}

    S = {a["id"]: sh(a) for a in arts}
    out = []
    for i, a in enumerate(arts):
        for b in arts[i + 1:]:
            if a["language"] != b["language"] or a["src"] != b["src"] or days(a, b) > 3:
                continue
            if frozenset((a["id"], b["id"])) in gold:
                continue
            x, y = S[a["id"]], S[b["id"]]
            if not x or not y:
                continue
            c = len(x & y) / min(len(x), len(y))
            if c >= 0.2:
                out.append({"a": a["id"], "b": b["id"], "kind": "shingle", "sim": round(c, 3)})
    rng.shuffle(out)
    out.sort(key=lambda c: (-c["sim"], c["a"], c["b"]))
    return out[:n]


if __name__ == "__main__":
    if "--copies" in sys.argv:
        for c in copies():
            print(json.dumps(c, ensure_ascii=False))
    else:
        main()
