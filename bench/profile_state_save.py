"""CPU of saving each stage's state into a copy of a store when nothing changed, per row part.

    python bench/profile_state_save.py STORE.db [--repeat 3] [--batch-from OTHER.db --n 500]

A save after a batch should cost what the batch changed; a save that changed nothing shows what a
save pays for the size of the store alone (comparing, encoding or fingerprinting every item).
``--batch-from``: then the entity stage resolves ``--n`` articles of another store (as analyzed there)
and the save of that batch is timed, per part: what one analyze batch pays into a store of this size;
and the events and stories stages cluster those articles (under a new id where this store holds theirs:
then they are republications, joining the events they joined there), and the save of each is timed the
same way (what one cluster batch pays).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from khobor.analyze.entities import EntityResolver  # noqa: E402
from khobor.cluster.events import EventClusterer  # noqa: E402
from khobor.cluster.stories import StoryLinker  # noqa: E402
from khobor.dedup import Deduper  # noqa: E402
from khobor.store import Store  # noqa: E402
from khobor.store.state import StateRepository  # noqa: E402

STAGES = {"entities": EntityResolver, "dedup": Deduper, "events": EventClusterer, "stories": StoryLinker}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-from")
    parser.add_argument("--n", type=int, default=500)
    args = parser.parse_args()
    spent: dict[tuple[str, str], float] = defaultdict(float)
    save_part = StateRepository._save_part

    def timed(name, part, *rest):
        t0 = time.process_time()
        try:
            return save_part(name, part, *rest)
        finally:
            spent[name, part] += time.process_time() - t0

    StateRepository._save_part = staticmethod(timed)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copy(args.store, copy)
        store = Store(str(copy))
        for name, cls in STAGES.items():
            stage = store.load_stage(name, cls)
            if stage is None:
                continue
            t0 = time.process_time()
            for _ in range(args.repeat):
                store.save_stage(name, stage)
            print(f"{name:10s} save unchanged: {(time.process_time() - t0) / args.repeat * 1000:8.1f} ms CPU")
        for (name, part), seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"  {name:10s} {part:14s} {seconds / args.repeat * 1000:8.1f} ms")
        if args.batch_from:
            other = Store(args.batch_from, read_only=True)
            batch = [a for _, a in zip(range(args.n), other.articles())]
            other.close()
            resolver = store.load_stage("entities", EntityResolver)
            store.save_stage("entities", resolver)  # (a state saved whole by an older khobor is converted here)
            resolver.partial_fit(batch)
            spent.clear()
            t0 = time.process_time()
            store.save_stage("entities", resolver)
            print(f"entities   save after a batch of {len(batch)}: {(time.process_time() - t0) * 1000:8.1f} ms CPU")
            for (name, part), seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
                print(f"  {name:10s} {part:14s} {seconds * 1000:8.1f} ms")
            cluster_batch(store, args.batch_from, args.n, spent)
        store.close()


def cluster_batch(store: Store, other_path: str, n: int, spent: dict) -> None:
    """One cluster batch as the pipeline runs it, then the events and stories saves, timed per part."""
    events, stories = store.load_stage("events", EventClusterer), store.load_stage("stories", StoryLinker)
    if events is None or stories is None:
        return
    other = Store(other_path, read_only=True)
    batch = [a for _, a in zip(range(n), other.articles())]
    other.close()
    for article in batch:
        article.event_id = article.story_id = article.duplicate_of = None
        if article.id in events.members_:
            article.id = "again-" + article.id
    events.partial_fit(batch)
    stories.drop_events(events.aliases_)
    touched = {a.event_id for a in batch if a.event_id}
    stories.partial_fit([e for e in events.events_.values() if e.id in touched], batch)
    for event in events.events_.values():
        event.story_id = stories.event_story_.get(event.id, event.story_id)
    for name, stage in (("events", events), ("stories", stories)):
        spent.clear()
        t0 = time.process_time()
        store.save_stage(name, stage)
        print(f"{name:10s} save after a cluster batch of {len(batch)}: {(time.process_time() - t0) * 1000:8.1f} ms CPU")
        for (stage_name, part), seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"  {stage_name:10s} {part:14s} {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
