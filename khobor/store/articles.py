"""Articles and where they came from: rows, sources, ingested files, refused inputs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from khobor.model import Article
from khobor.store import schema
from khobor.store.db import IN_CHUNK, Database, JsonText, delete_in, now, select_in

# Columns of Article that have their own database column; the rest goes in `data`.
COLUMNS = ("id", "source", "outlet", "url", "title", "published_at", "language", "body",
           "duplicate_of", "event_id", "story_id")
A = schema.articles


class ArticleRepository:
    def __init__(self, db: Database, search_backend):
        self.db = db
        self.search_backend = search_backend

    def add(self, batch: list[Article], words: Mapping[str, str] | None = None) -> int:
        """Insert new articles (ids already stored are skipped, even by a writer at the same moment); returns how many were new."""
        if not batch:
            return 0
        unique: dict[str, Article] = {}
        for a in batch:
            unique.setdefault(a.id, a)
        with self.db.atomic() as conn:
            existing = self.existing_ids(unique)
            new = [a for a in unique.values() if a.id not in existing]
            added: list[tuple[int, Article]] = []
            if new:
                stamp = now()
                by_id = {a.id: a for a in new}
                inserted = conn.execute(self.db.insert(A).on_conflict_do_nothing(index_elements=["id"]).returning(A.c.seq, A.c.id),
                                        [row(a, stamp) for a in new]).all()
                added = [(seq, by_id[i]) for seq, i in inserted]
                self.search_backend.index(conn, added, words)
            conn.execute(self.db.insert(schema.sources).on_conflict_do_nothing(),
                         [{"source": a.source, "article_id": a.id} for a in batch])
        return len(added)

    def update(self, batch: list[Article], *, analyzed: bool | None = None, clustered: bool | None = None) -> None:
        """Rewrite each article's row (all but id, source and ingest time); one statement for the batch (executemany)."""
        if not batch:
            return
        flags = {name: int(value) for name, value in (("analyzed", analyzed), ("clustered", clustered)) if value is not None}
        params = []
        for article in batch:
            values = row(article, None)
            del values["source"]
            values["_id"] = values.pop("id")
            values.update(flags)
            params.append({"v_" + k: v for k, v in values.items()})
        names = [k[2:] for k in params[0] if k != "v__id"]
        statement = A.update().where(A.c.id == sa.bindparam("v__id")).values({k: sa.bindparam("v_" + k) for k in names})
        with self.db.atomic() as conn:
            conn.execute(statement, params)

    def rename_entities(self, article_ids: list[str], renames: dict[str, str]) -> list[str]:
        """Point these articles' stored mentions, quote speakers and event explanations at renamed entities; returns
        the ids of the articles that named one. Only their JSON annotations are read and written, as text (an entity
        id is a quoted hex string nothing else spells), not whole articles: an alias may touch thousands."""
        quoted = {json.dumps(old): json.dumps(new) for old, new in renames.items()}
        changed, params = [], []
        with self.db.atomic() as conn:
            for start in range(0, len(article_ids), IN_CHUNK):  # (a chunk at a time: the texts are not all held at once)
                query = sa.select(A.c.id, sa.cast(A.c.data, sa.Text)).where(A.c.id.in_(article_ids[start:start + IN_CHUNK]))
                for article_id, text in conn.execute(query):
                    new = text
                    for old, renamed in quoted.items():
                        if old in new:
                            new = new.replace(old, renamed)
                    if new != text:
                        changed.append(article_id)
                        params.append({"_id": article_id, "_data": JsonText(new)})
            if params:
                conn.execute(A.update().where(A.c.id == sa.bindparam("_id")).values(data=sa.bindparam("_data")), params)
        return changed

    def get(self, article_id: str) -> Article | None:
        with self.db.read() as conn:
            found = conn.execute(sa.select(A).where(A.c.id == article_id)).first()
            if found is None and len(article_id) >= 4:  # a unique prefix is enough, as with git
                prefix = article_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                rows = conn.execute(sa.select(A).where(A.c.id.like(prefix + "%", escape="\\")).limit(2)).all()
                found = rows[0] if len(rows) == 1 else None
        return article(found) if found is not None else None

    def get_many(self, ids: list[str]) -> list[Article]:
        """Whole articles by exact id, in the order of ``ids`` (missing ones left out)."""
        found: dict[str, Article] = {}
        with self.db.read() as conn:
            for r in select_in(conn, sa.select(A), A.c.id, ids):
                found[r.id] = article(r)
        return [found[i] for i in ids if i in found]

    def iterate(self, *, where: Any = None, after_seq: int = 0, batch_size: int = 1000) -> Iterator[Article]:
        """Articles in ingest order, streamed in batches so memory stays flat."""
        for rows in self.pages(where, after_seq, batch_size):
            yield from (article(r) for r in rows)

    def pages(self, where: Any, after_seq: int, batch_size: int,
              refill: Callable[[], bool] | None = None) -> Iterator[list[sa.Row]]:
        """Rows in store order, ``batch_size`` at a time. ``refill()`` stores more rows (False, having stored
        nothing, once it has no more): it is called while a page is short, so the pages are the ones a full store
        would give."""
        last = after_seq
        while True:
            query = sa.select(A).where(A.c.seq > last)
            if where is not None:
                query = query.where(where)
            with self.db.read() as conn:
                rows = conn.execute(query.order_by(A.c.seq).limit(batch_size)).all()
            if len(rows) < batch_size and refill is not None:
                if refill():
                    continue  # more stored: read the page again
                refill = None  # nothing more stored: the rows read are the last page (not read a second time)
            if not rows:
                return
            last = rows[-1].seq
            yield rows

    def pending(self, flag: str, batch_size: int = 500, *, only_if: str | None = None,
                refill: Callable[[], bool] | None = None) -> Iterator[list[Article]]:
        """Batches of articles whose `analyzed` or `clustered` flag is still 0 (and ``only_if``'s flag is not)."""
        where = schema.unset(flag) if only_if is None else sa.and_(schema.unset(flag), A.c[only_if] != sa.literal_column("0"))
        for rows in self.pages(where, 0, batch_size, refill):
            yield [article(r) for r in rows]

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        with self.db.read() as conn:
            found.update(r.id for r in select_in(conn, sa.select(A.c.id), A.c.id, ids))
        return found

    def has_source(self, source: str) -> str | None:
        with self.db.read() as conn:
            return conn.execute(sa.select(schema.sources.c.article_id).where(schema.sources.c.source == source)).scalar()

    def sources_by_article(self, article_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
        """Every place each article was found (the same text in two files or at two URLs is one article)."""
        s = schema.sources
        query = sa.select(s.c.article_id, s.c.source).order_by(s.c.source)
        out: dict[str, list[str]] = {}
        with self.db.read() as conn:
            if article_ids is None:
                rows = conn.execute(query).all()
            else:
                rows = select_in(conn, query, s.c.article_id, list(article_ids))
        for article_id, source in rows:
            out.setdefault(article_id, []).append(source)
        return out

    def record_file(self, path: Path, documents: int, problems: int) -> None:
        stat = path.stat()
        values = {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
                  "documents": documents, "problems": problems, "ingested_at": now()}
        with self.db.atomic() as conn:
            stmt = self.db.insert(schema.files).values(**values)
            conn.execute(stmt.on_conflict_do_update(index_elements=["path"], set_={k: stmt.excluded[k] for k in values if k != "path"}))

    def file_done(self, path: Path) -> bool:
        """True when this exact file (same size and mtime) was ingested completely before."""
        try:
            stat = path.stat()
        except OSError:
            return False
        with self.db.read() as conn:
            found = conn.execute(sa.select(schema.files).where(schema.files.c.path == str(path.resolve()))).first()
        return found is not None and found.size == stat.st_size and found.mtime_ns == stat.st_mtime_ns and found.problems == 0

    def record_problems(self, items: list[tuple[str, str]]) -> None:
        """Remember refused inputs; a source refused again keeps only its latest reason."""
        if items:
            with self.db.atomic() as conn:
                sources = sorted({s for s, _ in items})
                delete_in(conn, schema.problems.c.source, sources)
                conn.execute(schema.problems.insert(), [{"source": s, "reason": r, "seen_at": now()} for s, r in items])

    def sync_story_ids(self) -> None:
        """Each article takes the story of its event (stories can change after the article was placed).

        Only the articles whose story differs are rewritten, found from the (event_id, story_id) index
        and the events table: a run must not rewrite every stored article.
        """
        e = schema.events
        stale = (sa.select(A.c.event_id, e.c.story_id).select_from(A.outerjoin(e, e.c.id == A.c.event_id))
                 .where(A.c.event_id.is_not(None), A.c.story_id.is_distinct_from(e.c.story_id)).distinct())
        with self.db.atomic() as conn:
            changes = conn.execute(stale).all()
            for event_id, story_id in changes:
                conn.execute(A.update().where(A.c.event_id == event_id, A.c.story_id.is_distinct_from(story_id))
                             .values(story_id=story_id))

    def count(self, table: str = "articles", where: Any = None) -> int:
        t = schema.metadata.tables[table]
        query = sa.select(sa.func.count()).select_from(t)
        if where is not None:
            query = query.where(where)
        with self.db.read() as conn:
            return conn.execute(query).scalar_one()


_encode = json.JSONEncoder(default=str).encode  # ``json.dumps(value, default=str)``, its encoder made once, not per row


def row(article: Article, stamp: str | None) -> dict[str, Any]:
    """The articles row of an Article (``stamp``: its ingest time, for a new row)."""
    data = article.to_dict(shared=True)  # (encoded at once: no copy of its extras needed)
    out = {k: data.pop(k) for k in COLUMNS}
    out["data"] = JsonText(_encode(data))  # written once (what a dict's encoding would store)
    if stamp:
        out["ingested_at"] = stamp
    return out


def article(r: sa.Row) -> Article:
    data = dict(r.data)
    data.update({k: getattr(r, k) for k in COLUMNS})
    return Article.from_dict(data)
