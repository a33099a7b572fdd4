"""Two stores of the same input, compared: a speed change must leave the output as it was.

    python bench/compare_stores.py A.db B.db

Compares article rows (the ingest time aside), the event and story partitions, copies, entities and
their links, the event and story rows, and the stages' state rows item by item (decoded: a page's bytes
depend on set order, which varies from run to run). Prints what differs and exits 1 if anything does.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import defaultdict

import numpy as np

from khobor import codec
from khobor.analyze.entity_state import chunked_article_ids
from khobor.cluster.stories import STORYLINE_PREFIXES
from khobor.store.state import KEYS, SEP


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
    # (an older khobor kept an entity's article ids in its row too; the links are compared below)
    "entities": "SELECT id, type, name, name_latin, variants, article_count, json_remove(data, '$.article_ids') FROM entities",
    "article_entities": "SELECT article_id || ' ' || entity_id, mentions FROM article_entities",
    "events": "SELECT id, story_id, title, start, \"end\", data FROM events",
    "stories": "SELECT id, title, start, \"end\", data FROM stories",
}


def _plain(value):
    """A state value with its order-free parts sorted (sets are stored in iteration order, which varies run to run)."""
    if isinstance(value, np.ndarray):
        return ("array", str(value.dtype), value.shape, value.tobytes())
    if isinstance(value, dict):
        return ("dict", sorted((repr(_plain(k)), _plain(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return ("seq", sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items)
    return value


def _state(con: sqlite3.Connection) -> dict:
    """Every stage's row parts, page by page merged into one item -> value map per (stage, part). (A lazy part's lists
    of keys are an index of its pages, left out: a store of an older khobor has none.)"""
    merged: dict = defaultdict(dict)
    for stage, key, data in con.execute("SELECT stage, key, data FROM state_rows"):
        if not key.startswith(KEYS):
            merged[(stage, key.split(SEP)[0])].update(codec.loads_item(data))
    # an entity's article ids as one list in its row, whether stored there (an older khobor) or in chunks beside
    tails = merged.pop(("entities", "article_tails"), None)
    if tails is not None:
        ids = chunked_article_ids({"article_tails": tails, "article_chunks": merged.pop(("entities", "article_chunks"), {})})
        for entity_id, row in merged[("entities", "entities")].items():
            row[4] = ids.get(entity_id, [])
    return merged


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
    sa, sb = _state(ca), _state(cb)
    _storyline_postings_only(sa, sb)
    for part in sorted(sa.keys() | sb.keys()):
        ia, ib = sa.get(part, {}), sb.get(part, {})
        if ia.keys() != ib.keys():
            problems.append(f"state {part}: {len(ia.keys() ^ ib.keys())} items only in one store")
        differ = [k for k in ia.keys() & ib.keys() if _plain(ia[k]) != _plain(ib[k])]
        loose = [k for k in differ if sorted(map(repr, _flat(ia[k]))) != sorted(map(repr, _flat(ib[k])))]
        if differ:
            problems.append(f"state {part}: {len(differ)} items differ ({len(loose)} beyond the order of a list), e.g. {differ[0]}")
    return problems


def _storyline_postings_only(*states: dict) -> None:
    """When one store's story postings hold profile terms and entity keys and the other's do not (an older khobor kept
    them without topic linking, which alone reads them), compare the storyline keys' postings only."""
    postings = [state.get(("stories", "postings_"), {}) for state in states]
    topical = [any(key[:2] not in STORYLINE_PREFIXES for key in found) for found in postings]
    if any(topical) and not all(topical):
        for found in postings:
            for key in [key for key in found if key[:2] not in STORYLINE_PREFIXES]:
                del found[key]


def _flat(value) -> list:
    plain = _plain(value)
    return plain[1] if isinstance(plain, tuple) and plain[:1] in (("seq",), ("dict",)) else [plain]


def main() -> None:
    problems = compare(sys.argv[1], sys.argv[2])
    print("\n".join(problems) or "identical")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
