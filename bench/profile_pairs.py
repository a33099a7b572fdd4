"""CPU of the events stage's pair features, on the analyzed articles of a store (lexical only: no embeddings).

    python bench/profile_pairs.py STORE.db [--batch 500] [--repeat 3] [--out EVENTS.json]

Runs ``EventClusterer(dense=False).partial_fit`` over the store's articles in input order, batch by batch,
and reports the CPU of the whole stage and of ``pair_features`` within it. ``--out`` writes each article's
event and the features of every pair compared, so two versions can be compared number for number.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from khobor.cluster import events as events_module  # noqa: E402
from khobor.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out")
    args = parser.parse_args()
    store = Store(args.store, read_only=True)
    articles = list(store.articles())
    store.close()
    original = events_module.pair_features
    spent = [0.0]
    seen: list = []

    def timed(a, b, idf, vectors=None):
        t0 = time.process_time()
        features = original(a, b, idf, vectors)
        spent[0] += time.process_time() - t0
        if args.out:
            seen.append([a.id, b.id, features])
        return features

    events_module.pair_features = timed
    best = (float("inf"), 0.0)
    for _ in range(args.repeat):
        spent[0] = 0.0
        seen.clear()
        for a in articles:
            a.event_id = None
        clusterer = events_module.EventClusterer(dense=False)
        t0 = time.process_time()
        for start in range(0, len(articles), args.batch):
            clusterer.partial_fit(articles[start:start + args.batch])
        best = min(best, (time.process_time() - t0, spent[0]))
    print(f"{len(articles)} articles: events stage {best[0]:.2f} s CPU, pair features {best[1]:.2f} s of it "
          f"(best of {args.repeat}), {len(clusterer.events_)} events, {len(seen) or '-'} pairs")
    if args.out:
        Path(args.out).write_text(json.dumps({"events": {a.id: a.event_id for a in articles}, "pairs": seen}, sort_keys=True))


if __name__ == "__main__":
    main()
