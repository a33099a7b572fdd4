"""What a run pays for stage state before it does any work: load, save, and rewrite the groups.

    python bench/bench_state_io.py STORE.db [--repeat 3]

Works on a copy of STORE.db. For each stage: the whole state (get_state + from_state, to_state +
put_state, as an older khobor did every batch), then the state as rows (load_stage, and
save_stage with nothing changed: what a run pays now); then save_entities and save_events with
nothing changed (what every run used to end with). Best of ``repeat``.
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
            loaded, total, rows = {}, 0.0, 0.0
            for name, cls in stages.items():
                load, loaded[name] = best(lambda: cls.from_state(store.get_state(name)), args.repeat)

                def save():
                    with store.atomic():
                        store.put_state(name, loaded[name].to_state())
                saved, _ = best(save, args.repeat)
                total += load + saved
                line = f"{name:<11} whole: load {1000 * load:8.1f} ms   save {1000 * saved:8.1f} ms"
                if hasattr(cls, "from_parts"):
                    store.save_stage(name, loaded[name])  # as rows from here on (an older store's first run does this)
                    row_load, stage = best(lambda: store.load_stage(name, cls), args.repeat)
                    row_save, _ = best(lambda: store.save_stage(name, stage), args.repeat)
                    rows += row_load + row_save
                    line += f"   rows: load {1000 * row_load:8.1f} ms   save unchanged {1000 * row_save:8.1f} ms"
                print(line)
            entities, _ = best(lambda: store.save_entities(loaded["entities"].entities_.values()), args.repeat)
            groups, _ = best(lambda: store.save_events(loaded["events"].events_.values(), loaded["stories"].stories_.values()), args.repeat)
            print(f"save_entities (unchanged) {1000 * entities:8.1f} ms")
            print(f"save_events (unchanged)   {1000 * groups:8.1f} ms")
            print(f"total, whole states and group rewrites  {1000 * (total + entities + groups):8.1f} ms")
            print(f"total, states as rows (load + save)     {1000 * rows:8.1f} ms")


if __name__ == "__main__":
    main()
