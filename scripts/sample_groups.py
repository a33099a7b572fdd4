"""Random multi-report events and multi-event stories from a store, for checking by hand.

    python scripts/sample_groups.py --db khobor.db [--events 20] [--stories 20] [--seed 0]

Per event: its reports (language, date, outlet, COPY when a copy, headline); per story: its events
(first day, number of reports, headline). Read each and count how many tell one happening (events)
or one storyline (stories); the figures numbers cannot give.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import khobor  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="khobor.db")
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--stories", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--shown", type=int, default=6, help="reports or events printed per group")
    args = parser.parse_args()
    with khobor.open(args.db, read_only=True) as store:
        articles = {a.id: a for a in store.articles()}
        events = {e.id: e for e in store.events()}
        stories = store.stories()
    rng = random.Random(args.seed)
    multi = [e for e in events.values() if len(e.article_ids) > 1]
    print(f"multi-report events: {len(multi)} of {len(events)}")
    for n, event in enumerate(rng.sample(multi, min(args.events, len(multi))), 1):
        print(f"\n[event {n}] {len(event.article_ids)} reports  {event.id}")
        for article_id in event.article_ids[: args.shown]:
            a = articles[article_id]
            copy = "COPY " if a.duplicate_of else ""
            print(f"    {a.language or '?'} {(a.published_at or 'no date')[:10]} {a.outlet or '-':16} {copy}{(a.title or '')[:80]}")
    linked = [s for s in stories if len(s.event_ids) > 1]
    print(f"\nmulti-event stories: {len(linked)} of {len(stories)}")
    for n, story in enumerate(rng.sample(linked, min(args.stories, len(linked))), 1):
        print(f"\n[story {n}] {len(story.event_ids)} events  {story.id}")
        for event_id in story.event_ids[: args.shown]:
            if event := events.get(event_id):
                print(f"    {(event.start or 'no date')[:10]} n={len(event.article_ids)} {(event.title or '')[:80]}")


if __name__ == "__main__":
    main()
