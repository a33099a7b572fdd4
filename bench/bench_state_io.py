"""What a run pays for stage state before it does any work: load, save, and rewrite the groups.

    python bench/bench_state_io.py STORE.db [--repeat 3]

Works on a copy of STORE.db. For each stage: get_state + from_state, and to_state +
put_state (one transaction); then save_entities and save_events with nothing changed
(what every run ends with). Best of ``repeat``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import khobor  # noqa: E402


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from khobor.analyze.entities import EntityResolver
    from khobor.clean import LineStats
    from khobor.cluster.events import EventClusterer
    from khobor.cluster.stories import StoryLinker
    from khobor.dedup import Deduper

    stages = {"line_stats": LineStats, "entities": EntityResolver, "dedup": Deduper, "events": EventClusterer, "stories": StoryLinker}
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "copy.db")
        shutil.copy(args.store, db)
        with khobor.open(db) as store:
            print(f"{args.store}: {store.count()} articles, {store.count('entities')} entities, "
                  f"{store.count('events')} events, {store.count('stories')} stories; best of {args.repeat}")
            loaded, total = {}, 0.0
            for name, cls in stages.items():
                load, loaded[name] = best(lambda: cls.from_state(store.get_state(name)), args.repeat)

                def save():
                    with store.atomic():
                        store.put_state(name, loaded[name].to_state())
                saved, _ = best(save, args.repeat)
                total += load + saved
                print(f"{name:<11} load {1000 * load:8.1f} ms   save {1000 * saved:8.1f} ms")
            entities, _ = best(lambda: store.save_entities(loaded["entities"].entities_.values()), args.repeat)
            groups, _ = best(lambda: store.save_events(loaded["events"].events_.values(), loaded["stories"].stories_.values()), args.repeat)
            print(f"save_entities (unchanged) {1000 * entities:8.1f} ms")
            print(f"save_events (unchanged)   {1000 * groups:8.1f} ms")
            print(f"total                     {1000 * (total + entities + groups):8.1f} ms")


if __name__ == "__main__":
    main()
