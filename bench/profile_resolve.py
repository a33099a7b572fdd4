"""CPU of entity resolution as a run's driver does it, on the analyzed articles of a store.

    python bench/profile_resolve.py STORE.db [--batch 500] [--repeat 3] [--cprofile 25] [--out IDS.json]

Reads the store's articles in input order (their mentions and quotes as analyze left them), clears the
entity ids, and times ``EntityResolver.partial_fit`` batch by batch in a fresh resolver (the gazetteer's
place index built beforehand: a process builds it once). ``--out`` writes every mention's entity id and
every quote's speaker id, so two versions of the resolver can be compared id for id.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from khobor.analyze.entities import EntityResolver  # noqa: E402
from khobor.lang.bn.gazetteer import place_index  # noqa: E402
from khobor.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cprofile", type=int, default=0)
    parser.add_argument("--out")
    args = parser.parse_args()
    store = Store(args.store, read_only=True)
    articles = list(store.articles())
    store.close()
    t0 = time.process_time()
    place_index()
    print(f"place index: {time.process_time() - t0:.2f} s CPU")
    best, first = float("inf"), None
    for _ in range(args.repeat):
        for a in articles:
            for m in a.mentions:
                m.entity_id = None
            for q in a.quotes:
                q.speaker_entity_id = None
        resolver = EntityResolver()
        t0 = time.process_time()
        if args.cprofile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        for start in range(0, len(articles), args.batch):
            resolver.partial_fit(articles[start:start + args.batch])
        if args.cprofile:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.cprofile)
        best = min(best, time.process_time() - t0)
        first = best if first is None else first
    print(f"{len(articles)} articles, {sum(len(a.mentions) for a in articles)} mentions: resolve {first:.2f} s CPU "
          f"the first time (as a run: memos empty), {best:.2f} at best of {args.repeat}; {len(resolver.entities_)} entities")
    if args.out:
        ids = {a.id: [[m.surface, m.entity_id] for m in a.mentions] + [[q.speaker, q.speaker_entity_id] for q in a.quotes]
               for a in articles}
        Path(args.out).write_text(json.dumps(ids, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
