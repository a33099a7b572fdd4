"""Load test of `khobor serve`: p50/p95 per page at 1, 10 and 50 concurrent clients on a big store.

The store: pseudo-articles recombined from real Bengali news sentences (see
corpus.py), 100,000 by default. Events, stories, entities and duplicates are
synthesized directly (the clustering and analysis stages are not run: on
100,000 articles they would take far longer than the measurement), with
realistic shapes: events of 1-12 reports on one day, stories of 1-40 events
over two months, a quarter of the later reports in an event are copies of its
first, and 5,000 entities named 2-6 times per article with a long-tailed
popularity (the most named is in a third of all articles), each mention a real
span of the body. The store is kept between runs (rebuilt when the size differs).

The server is `khobor serve` in a subprocess, on 127.0.0.1 only (optionally
`--workers N`). This process drives it with threads, one keep-alive httpx
client each, cycling through a fixed mix of pages and their JSON twins; entity
pages are picked in proportion to how often the entity is named (as if a
reader clicked a name in an article). Each level runs for a bounded time and
number of requests, after an untimed warm-up. Printed per endpoint: requests, errors, p50 and p95 ms;
per level: requests/s.

    python bench/bench_serve_load.py [--n 100000] [--workers 1] [--clients 1,10,50] [--seconds 15] [--warmup 10]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search_latency import OUTLETS, free_port, percentiles  # noqa: E402
from corpus import CORPUS_NOTE, real_sentences  # noqa: E402

import khobor  # noqa: E402
from khobor.model import Article, Entity, Event, Mention, Story  # noqa: E402
from khobor.store import schema  # noqa: E402
from khobor.store.terms import words  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ENTITIES = 5_000
DAY0 = 1672531200  # 2023-01-01


def _stamp(day: int, seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+06:00", time.gmtime(DAY0 + day * 86400 + seconds))


def build(db: Path, pool: list[str], n: int, seed: int = 7) -> None:
    """Write n articles with their events, stories, entities and duplicates (see the module docstring)."""
    rng = random.Random(seed)
    started = time.perf_counter()
    vocab = sorted({w for s in pool[:5000] for w in words(s) if len(w) > 3})
    entities = []
    for k in range(ENTITIES):
        kind = ("PER", "ORG", "LOC")[k % 3]
        name = " ".join(rng.sample(vocab, 2 if kind == "PER" else 1))
        entities.append(Entity(id=f"ent{k:05d}", type=kind, name=name, variants=[name]))
    weights = list(itertools.accumulate(1 / (k + 1) ** 1.05 for k in range(ENTITIES)))
    links: dict[str, list[str]] = {e.id: [] for e in entities}
    events: list[Event] = []
    stories: list[Story] = []
    batch: list[Article] = []
    made = 0
    with khobor.open(str(db)) as store:
        while made < n:
            story = Story(id=f"st{len(stories):06d}", event_ids=[])
            base = rng.randrange(700)
            for _ in range(min(40, 1 + int(rng.expovariate(1 / 6)))):
                if made >= n:
                    break
                day = base + rng.randrange(60)
                event = Event(id=f"ev{len(events):07d}", article_ids=[], start=_stamp(day, 0)[:10], end=_stamp(day, 0)[:10],
                              story_id=story.id, explanation={"shared_terms": rng.sample(vocab, 2)})
                first: Article | None = None
                for _ in range(min(12, 1 + int(rng.expovariate(1 / 2.5)))):
                    if made >= n:
                        break
                    article_id = f"p{made:07d}"
                    if first is not None and rng.random() < 0.25:
                        body, title, dup, mentions = first.body, first.title, first.id, first.mentions
                    else:
                        picked = sorted(set(rng.choices(range(ENTITIES), cum_weights=weights, k=rng.randint(2, 6))))
                        lead, mentions = "", []
                        for e in (entities[i] for i in picked):
                            mentions.append(Mention(len(lead), len(lead) + len(e.name), e.name, e.type, e.id))
                            lead += e.name + " "
                        rest = "\n\n".join(" ".join(rng.sample(pool, rng.randint(1, 3))) for _ in range(rng.randint(3, 5)))
                        body, title, dup = lead + rest, rng.choice(pool)[:120], None
                    for m in mentions:
                        links[m.entity_id].append(article_id)
                    article = Article(id=article_id, source=f"pseudo/{made}", body=body, title=title, outlet=rng.choice(OUTLETS),
                                      language="en" if made % 5 == 0 else "bn",
                                      published_at=_stamp(day, rng.randrange(86400)), mentions=mentions, duplicate_of=dup,
                                      event_id=event.id, story_id=story.id)
                    first = first or article
                    event.article_ids.append(article_id)
                    batch.append(article)
                    made += 1
                event.title = first.title
                events.append(event)
                story.event_ids.append(event.id)
                story.title = story.title or event.title
            story.start = min(events[-len(story.event_ids):], key=lambda e: e.start).start
            story.end = max(events[-len(story.event_ids):], key=lambda e: e.end).end
            stories.append(story)
            if len(batch) >= 2000:
                store.add_articles(batch)
                batch = []
                print(f"\r  built {made:,} articles ({time.perf_counter() - started:.0f} s)", end="", file=sys.stderr)
        store.add_articles(batch)
        for e in entities:
            e.article_ids = links[e.id]
        store.save_entities(entities)
        store.save_events(events, stories)
    print(f"\r  built {n:,} articles, {len(events):,} events, {len(stories):,} stories, {ENTITIES:,} entities "
          f"in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def targets(db: Path, pool: list[str], seed: int = 3) -> list[tuple[str, str]]:
    """(endpoint name, URL) pairs: a fixed, shuffled mix of every page and its JSON twin."""
    rng = random.Random(seed)
    with khobor.open(str(db), read_only=True) as store, store.engine.connect() as conn:
        stories = list(conn.execute(sa.select(schema.stories.c.id)).scalars())
        events = list(conn.execute(sa.select(schema.events.c.id)).scalars())
        articles = list(conn.execute(sa.select(schema.articles.c.id)).scalars())
        named = conn.execute(sa.select(schema.entities.c.id, schema.entities.c.article_count)).all()
    entity_ids, counts = [r[0] for r in named], [r[1] for r in named]
    searched = [w for s in rng.sample(pool, 200) for w in words(s) if len(w) > 3]
    pick = {
        "story": lambda: rng.choice(stories), "event": lambda: rng.choice(events), "article": lambda: rng.choice(articles),
        "entity": lambda: rng.choices(entity_ids, weights=counts)[0], "word": lambda: rng.choice(searched),
        "page": lambda: rng.choice([1, 1, 1, 2, 3, 10]),
        "outlet": lambda: rng.choice(OUTLETS), "lang": lambda: rng.choice(["en", "bn"]),
        "from": lambda: rng.choice(["2023-03-01", "2023-06-01", "2023-09-01"]),
    }
    routes = [
        ("/", "/?page={page}&lang={lang}"), ("/ filtered", "/?outlet={outlet}&date_from={from}&lang={lang}"),
        ("/stories/{id}", "/stories/{story}?lang={lang}"), ("/events/{id}", "/events/{event}?lang={lang}"),
        ("/entities", "/entities?page={page}"), ("/entities/{id}", "/entities/{entity}?lang={lang}"),
        ("/articles/{id}", "/articles/{article}?lang={lang}"), ("/api/home", "/api/home?page={page}"),
        ("/search", "/search?q={word}"), ("/api/stories", "/api/stories?page={page}"), ("/api/stories/{id}", "/api/stories/{story}"),
        ("/api/events/{id}", "/api/events/{event}"), ("/api/entities", "/api/entities?page={page}"),
        ("/api/entities/{id}", "/api/entities/{entity}"), ("/api/articles/{id}", "/api/articles/{article}"),
        ("/api/search", "/api/search?q={word}"),
    ]
    out = []
    for _ in range(300):
        for name, pattern in routes:
            out.append((name, pattern.format(**{k: f() for k, f in pick.items() if "{" + k + "}" in pattern})))
    rng.shuffle(out)
    return out


def drive(base: str, urls: list[tuple[str, str]], clients: int, seconds: float, limit: int) -> tuple[dict, float]:
    """Run `clients` threads until `seconds` pass or `limit` requests are done: ({endpoint: [(ms, ok)]}, elapsed s)."""
    results: dict[str, list[tuple[float, bool]]] = {}
    lock = threading.Lock()
    counter = itertools.count()
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            while time.perf_counter() < deadline:
                i = next(counter)
                if i >= limit:
                    return
                name, url = urls[(offset * 97 + i) % len(urls)]
                t = time.perf_counter()
                try:
                    ok = http.get(url).status_code == 200
                except httpx.HTTPError:
                    ok = False
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    results.setdefault(name, []).append((ms, ok))

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles in the store")
    parser.add_argument("--workers", type=int, default=1, help="server processes (khobor serve --workers)")
    parser.add_argument("--clients", default="1,10,50", help="concurrency levels, comma-separated")
    parser.add_argument("--seconds", type=float, default=15, help="longest time per level")
    parser.add_argument("--requests", type=int, default=3000, help="most requests per level")
    parser.add_argument("--warmup", type=float, default=10, help="untimed seconds of light load first")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--db", type=Path, default=None, help="where to keep the store (default: the temp dir)")
    args = parser.parse_args()
    if not (args.data / "ner-rifat1493").is_dir():
        sys.exit(f"{args.data}: the shared NER data is not there; nothing to build the store from")
    db = args.db or Path(tempfile.gettempdir()) / f"khobor-bench-serve-{args.n}.db"
    pool = list(real_sentences(args.data))
    if db.exists():
        with khobor.open(str(db), read_only=True) as store:
            if store.count() != args.n or store.count("events") == 0:
                db.unlink()
    if not db.exists():
        build(db, pool, args.n)
    with khobor.open(str(db)) as store:  # a store built by an older khobor gets the current schema
        counts = {t: store.count(t) for t in ("articles", "events", "stories", "entities")}
    print(CORPUS_NOTE + "; events, stories, entities and duplicates synthesized, not clustered")
    print(f"store: {db} ({db.stat().st_size / 1e6:.0f} MB; " + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + ")")

    urls = targets(db, pool)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", "from khobor.cli import main; main()", "serve", "--db", str(db), "--host", "127.0.0.1",
                               "--port", str(port), "--workers", str(args.workers)],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/api/stories", timeout=60)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        # warm-up, not timed: page cache, templates, the search spelling index, and the entity pages the
        # server prepares in the background at start
        drive(base, urls, 2, args.warmup, 1000)
        print(f"server: khobor serve --workers {args.workers} on 127.0.0.1 ({os.cpu_count()} CPUs); "
              f"each level at most {args.seconds:.0f} s or {args.requests} requests")
        for clients in (int(c) for c in args.clients.split(",")):
            results, elapsed = drive(base, urls, clients, args.seconds, args.requests)
            total = sum(len(v) for v in results.values())
            errors = sum(1 for v in results.values() for _, ok in v if not ok)
            print(f"\n{clients} client{'s' if clients > 1 else ''}: {total} requests in {elapsed:.1f} s = "
                  f"{total / elapsed:.1f} requests/s, {errors} errors")
            print(f"  {'endpoint':<22} {'n':>5} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8}")
            for name in sorted(results):
                times = [ms for ms, _ in results[name]]
                p50, p95 = percentiles(times)
                bad = sum(1 for _, ok in results[name] if not ok)
                print(f"  {name:<22} {len(times):>5} {bad:>6} {p50:>8.1f} {p95:>8.1f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
