"""Two stores of the same input, compared: a speed change must leave the output as it was.

    python bench/compare_stores.py A.db B.db

Compares article rows (the ingest time aside), the event and story partitions, copies, entities and
their links, and the event and story rows. Prints what differs and exits 1 if anything does.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import defaultdict


def _partition(con: sqlite3.Connection, column: str) -> set:
    groups = defaultdict(set)
    for article_id, group in con.execute(f"SELECT id, {column} FROM articles"):
        groups[group].add(article_id)
    return {frozenset(ids) for ids in groups.values()}


def _rows(con: sqlite3.Connection, query: str) -> dict:
    return {row[0]: row[1:] for row in con.execute(query)}


CHECKS = {
    "articles": "SELECT id, source, outlet, url, title, published_at, language, body, data, duplicate_of,"
                " event_id, story_id, analyzed, clustered FROM articles",
    "entities": "SELECT id, type, name, name_latin, variants, article_count, data FROM entities",
    "article_entities": "SELECT article_id || ' ' || entity_id, mentions FROM article_entities",
    "events": "SELECT id, story_id, title, start, \"end\", data FROM events",
    "stories": "SELECT id, title, start, \"end\", data FROM stories",
    "state_rows": "SELECT stage || ' ' || key, data FROM state_rows",
}


def compare(a: str, b: str) -> list[str]:
    ca, cb = sqlite3.connect(a), sqlite3.connect(b)
    problems = []
    for column in ("event_id", "story_id", "duplicate_of"):
        pa, pb = _partition(ca, column), _partition(cb, column)
        if pa != pb:
            problems.append(f"{column} partition: {len(pa ^ pb)} groups differ")
    for name, query in CHECKS.items():
        ra, rb = _rows(ca, query), _rows(cb, query)
        differ = sorted(k for k in ra.keys() | rb.keys() if ra.get(k) != rb.get(k))
        if differ:
            sample = differ[0]
            problems.append(f"{name}: {len(differ)} of {len(ra)} rows differ, e.g. {sample}: "
                            f"{json.dumps(ra.get(sample), default=str, ensure_ascii=False)[:300]} vs "
                            f"{json.dumps(rb.get(sample), default=str, ensure_ascii=False)[:300]}")
    return problems


def main() -> None:
    problems = compare(sys.argv[1], sys.argv[2])
    print("\n".join(problems) or "identical")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
