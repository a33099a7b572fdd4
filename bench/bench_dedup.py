"""Dedup of N pseudo-articles: khobor's Deduper vs datasketch MinHashLSH (default num_perm=128).

    python bench/bench_dedup.py [--n 100000] [--datasketch-n 100000] [--sample 2000]

Corpus: pseudo-articles recombined from real Bengali news sentences (see
bench/corpus.py) plus injected near-duplicates (a copy trimmed at the end, a
word changed, boilerplate lines around it). Ground truth: exact Jaccard of word
3-shingle sets >= 0.5 for every pair involving a random sample of articles
(candidates = articles sharing >= 2 source sentences, a superset of all pairs
that can reach 0.5). Both methods get the same token lists' text; datasketch
uses MinHashLSH(threshold=0.5, num_perm=128) and update_batch, its fast path;
its LSH candidates are taken as its answer (that is how it is used).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import CORPUS_NOTE, real_sentences  # noqa: E402

from khobor.clean.normalize import normalize  # noqa: E402
from khobor.dedup import Deduper, tokens  # noqa: E402
from khobor.model import Article  # noqa: E402

BOILER = ["আরও পড়ুন", "মন্তব্য করুন", "সর্বশেষ", "জনপ্রিয়", "ফেসবুকে শেয়ার করুন", "বিজ্ঞাপন", "এই বিভাগের আরও খবর"]


def pseudo_articles_with_copies(n: int, dup_rate: float = 0.05, seed: int = 7, days: int = 365) -> tuple[list[Article], list[list[int]]]:
    """Articles a0..a{n-1} and, for each, the ids of the real sentences it was built from."""
    rng = random.Random(seed)
    pool = [normalize(s) for s in real_sentences()]
    start = dt.datetime(2024, 1, 1)
    articles, built = [], []
    for i in range(n):
        if built and rng.random() < dup_rate:
            src = rng.randrange(len(built))
            ids = built[src][: max(3, len(built[src]) - rng.randint(0, 2))]
            body = [pool[k] for k in ids]
            j = rng.randrange(len(body))
            words = body[j].split()
            if len(words) > 3:
                words[rng.randrange(len(words))] = rng.choice(["এবং", "তবে", "আরও", "সম্প্রতি"])
                body[j] = " ".join(words)
            body = [rng.choice(BOILER)] + body + rng.sample(BOILER, 2)
            when = dt.datetime.fromisoformat(articles[src].published_at) + dt.timedelta(minutes=rng.randint(1, 600))
        else:
            ids = rng.sample(range(len(pool)), rng.randint(6, 18))
            body = [pool[k] for k in ids]
            when = start + dt.timedelta(minutes=int(i * days * 1440 / n))
        built.append(ids)
        articles.append(Article(id=f"a{i}", source=f"bench/{i}", body="\n\n".join(body), title=body[0][:60], published_at=when.isoformat()))
    return articles, built


def shingle_set(text: str) -> set[str]:
    w = tokens(text)
    return {" ".join(w[i:i + 3]) for i in range(max(1, len(w) - 2))}


def truth_pairs(articles, built, sample, threshold, limit):
    """Exact-Jaccard pairs (i, j), i in sample, j < limit."""
    by_sentence = defaultdict(list)
    for idx, ids in enumerate(built[:limit]):
        for s in set(ids):
            by_sentence[s].append(idx)
    cache: dict[int, set] = {}
    get = lambda k: cache.setdefault(k, shingle_set(articles[k].body))  # noqa: E731
    pairs = set()
    for i in sample:
        counts = defaultdict(int)
        for s in set(built[i]):
            for j in by_sentence[s]:
                counts[j] += 1
        for j, c in counts.items():
            if j != i and c >= 2:
                a, b = get(i), get(j)
                if len(a & b) / len(a | b) >= threshold:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def score(pred: set, truth: set, sample: set) -> dict:
    pred = {p for p in pred if p[0] in sample or p[1] in sample}
    tp = len(pred & truth)
    precision = tp / len(pred) if pred else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "pairs": len(pred)}


def khobor_pairs(articles, limit, **params):
    batch = [Article(id=a.id, source=a.source, body=a.body, title=a.title, published_at=a.published_at) for a in articles[:limit]]
    t = time.perf_counter()
    Deduper(**params).partial_fit(batch)
    elapsed = time.perf_counter() - t
    index = {a.id: n for n, a in enumerate(batch)}
    groups = defaultdict(list)
    for n, a in enumerate(batch):
        groups[index[a.duplicate_of] if a.duplicate_of else n].append(n)
    pairs = {(min(x, y), max(x, y)) for g in groups.values() for x in g for y in g if x < y}
    return pairs, elapsed


def datasketch_pairs(articles, limit, threshold):
    from datasketch import MinHash, MinHashLSH

    t = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    pairs = set()
    for n, a in enumerate(articles[:limit]):
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in shingle_set(a.body)])
        for other in lsh.query(m):
            pairs.add((other, n))
        lsh.insert(n, m)
    return pairs, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--datasketch-n", type=int, default=100_000)
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args()
    print(CORPUS_NOTE + "; plus injected near-duplicates (5%: trimmed end, one word changed, boilerplate around)")
    articles, built = pseudo_articles_with_copies(args.n)
    limit = min(args.datasketch_n, args.n)
    rng = random.Random(1)
    sample = set(rng.sample(range(limit), min(args.sample, limit)))
    truth = truth_pairs(articles, built, sample, args.threshold, limit)
    print(f"articles {args.n}; compared on the first {limit}; ground truth: {len(truth)} pairs with exact Jaccard >= {args.threshold} touching {len(sample)} sampled articles")

    ours_j, t_ours_j = khobor_pairs(articles, limit, containment=1.01)
    ours, t_ours = khobor_pairs(articles, limit)
    theirs, t_theirs = datasketch_pairs(articles, limit, args.threshold)
    rows = [("khobor Deduper, Jaccard only", t_ours_j, score(ours_j, truth, sample)),
            ("khobor Deduper, default (Jaccard or containment)", t_ours, score(ours, truth, sample)),
            ("datasketch MinHashLSH num_perm=128", t_theirs, score(theirs, truth, sample))]
    for name, seconds, s in rows:
        print(f"{name:50s} {seconds:8.2f} s  {limit / seconds:9.0f} art/s  P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}")
    print(f"speed-up vs datasketch: Jaccard-only {t_theirs / t_ours_j:.1f}x, default {t_theirs / t_ours:.1f}x (target >= 5x at equal or better F1)")
    if args.n > limit:
        _, t_full = khobor_pairs(articles, args.n)
        print(f"khobor Deduper default on all {args.n}: {t_full:.2f} s ({args.n / t_full:.0f} art/s)")


if __name__ == "__main__":
    main()
