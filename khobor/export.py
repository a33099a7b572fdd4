"""Export articles, events, stories and entities as JSONL, CSV or Parquet.

The record shapes below are the public schema (documented in README.md);
fields whose stage has not run are present and empty, never missing.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from khobor.errors import ConfigError
from khobor.service import serialize
from khobor.store import Store

WHAT = ("articles", "events", "stories", "entities")
FORMATS = ("jsonl", "csv", "parquet")

ARTICLE_FIELDS = ("id", "source", "sources", "outlet", "url", "title", "published_at", "language", "body", "boilerplate",
                  "event_id", "story_id", "duplicate_of", "mentions", "times", "quotes")
EVENT_FIELDS = ("id", "story_id", "title", "article_ids", "start", "end")
STORY_FIELDS = ("id", "title", "event_ids", "start", "end")
ENTITY_FIELDS = ("id", "type", "name", "variants", "article_ids")


article_record = serialize.article  # the public name, kept for callers


def records(store: Store, what: str) -> Iterator[dict[str, Any]]:
    if what == "articles":
        sources = store.sources_by_article()
        for article in store.articles():
            yield article_record(article, sources.get(article.id))
    elif what == "events":
        for e in store.events():
            yield serialize.event(e)
    elif what == "stories":
        for s in store.stories():
            yield serialize.story(s)
    elif what == "entities":
        for e in store.entities():
            yield serialize.entity(e)
    else:
        raise ConfigError(f"cannot export {what!r}; choose one of {', '.join(WHAT)}")


FIELDS = {"articles": ARTICLE_FIELDS, "events": EVENT_FIELDS, "stories": STORY_FIELDS, "entities": ENTITY_FIELDS}


def export(store: Store, what: str, fmt: str, out: IO | str | None = None) -> int:
    """Write every record of ``what`` to ``out`` (a path, a file object, or stdout); returns the count."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rows = records(store, what)
    if fmt == "parquet":
        if out is None or not isinstance(out, str):
            raise ConfigError("parquet needs an output file: use -o FILE")
        return _parquet(rows, what, out)
    handle = open(out, "w", encoding="utf-8", newline="") if isinstance(out, str) else (out or sys.stdout)
    try:
        if fmt == "jsonl":
            count = 0
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
            return count
        writer = csv.DictWriter(handle, fieldnames=FIELDS[what])
        writer.writeheader()
        count = 0
        for row in rows:  # nested values become JSON text in their cell
            writer.writerow({k: csv_cell(json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
                             for k, v in row.items()})
            count += 1
        return count
    finally:
        if isinstance(out, str):
            handle.close()


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe.

    News text is untrusted: "=HYPERLINK(...)" in a headline must stay text
    when the export is opened in a spreadsheet (OWASP's CSV injection advice).
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _parquet(rows: Iterator[dict[str, Any]], what: str, path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    batch = list(rows)
    table = pa.Table.from_pylist(batch, schema=_arrow_schema(what)) if batch else _arrow_schema(what).empty_table()
    pq.write_table(table, path)
    return len(batch)


def _arrow_schema(what: str):
    import pyarrow as pa

    s, strings = pa.string(), pa.list_(pa.string())
    span = lambda *extra: pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), *extra]))  # noqa: E731
    if what == "articles":
        return pa.schema([
            ("id", s), ("source", s), ("sources", strings), ("outlet", s), ("url", s), ("title", s), ("published_at", s), ("language", s),
            ("body", s), ("boilerplate", strings), ("event_id", s), ("story_id", s), ("duplicate_of", s),
            ("mentions", span(("surface", s), ("type", s), ("entity_id", s))),
            ("times", span(("text", s), ("value", s))),
            ("quotes", span(("text", s), ("speaker", s))),
        ])
    if what == "events":
        return pa.schema([("id", s), ("story_id", s), ("title", s), ("article_ids", strings), ("start", s), ("end", s)])
    if what == "stories":
        return pa.schema([("id", s), ("title", s), ("event_ids", strings), ("start", s), ("end", s)])
    return pa.schema([("id", s), ("type", s), ("name", s), ("variants", strings), ("article_ids", strings)])
