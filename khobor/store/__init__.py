"""The store: the only stateful thing in khobor.

SQLite by default (one file, WAL, no server); any SQLAlchemy URL works for the
tables, so a PostgreSQL backend only needs its own ``search``. Every write goes
through ``atomic()``: a batch is in the database whole or not at all, which is
what makes a killed ingest safe to run again.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.dialects import postgresql, sqlite

from khobor.errors import StoreError, damaged_store_handler
from khobor.model import Article, Entity, Event, Story
from khobor.store import codec, schema
from khobor.store.terms import TOKEN, fts_match, fts_phrase, index_terms, query_terms, stem, words

MIGRATIONS = Path(__file__).parent / "migrations"
# Columns of Article that have their own database column; the rest goes in `data`.
_COLUMNS = ("id", "source", "outlet", "url", "title", "published_at", "language", "body",
            "duplicate_of", "event_id", "story_id")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(slots=True)
class SearchHit:
    id: str
    source: str
    title: str | None
    outlet: str | None
    published_at: str | None
    snippet: str
    score: float


@dataclass(slots=True)
class SearchResult:
    total: int
    results: list[SearchHit] = field(default_factory=list)


def _url(path_or_url: str, read_only: bool) -> str:
    if "://" in path_or_url:
        return path_or_url
    path = Path(path_or_url)
    if read_only:
        if not path.exists():
            raise StoreError(f"{path}: no such store (run `khobor run PATH` first)")
        # A store in a read-only file or folder cannot get the -wal/-shm files SQLite wants even for
        # reading; opened immutable it needs none (nothing else can be writing it there).
        writable = os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)
        return f"sqlite:///file:{path.resolve()}?mode=ro{'' if writable else '&immutable=1'}&uri=true"
    return f"sqlite:///{path}"


class Store:
    """A khobor database. Open with ``khobor.open(path)``."""

    def __init__(self, path: str = "khobor.db", *, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        self.engine = sa.create_engine(_url(str(path), read_only))
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "handle_error", damaged_store_handler(str(path)))
        self._conn: sa.Connection | None = None
        self._locked = False
        if read_only:
            self._check_schema()
        elif self._version() != self._head():
            with self.writer():  # two processes creating one store at once must not both migrate it
                self.migrate()

    # -- lifecycle -----------------------------------------------------------
    def migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    @staticmethod
    def _head() -> str:
        from alembic.script import ScriptDirectory

        return ScriptDirectory(str(MIGRATIONS)).get_current_head()

    def _version(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        except sa.exc.DBAPIError:
            return None

    def _check_schema(self) -> None:
        """A read-only store cannot be migrated: refuse an old or foreign database clearly."""
        head = self._head()
        try:
            with self.engine.connect() as conn:
                version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        except sa.exc.DBAPIError as error:
            raise StoreError(f"{self.path}: not a khobor store ({error.orig})") from error
        if version != head:
            raise StoreError(f"{self.path}: store schema {version}, this khobor needs {head}; "
                             "run `khobor ingest` or `khobor run` on it once to upgrade")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def atomic(self) -> Iterator[sa.Connection]:
        """One transaction; nested calls share it (savepoints would add nothing here)."""
        if self._conn is not None:
            yield self._conn
            return
        with self.engine.begin() as conn:
            self._conn = conn
            try:
                yield conn
            finally:
                self._conn = None

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        if self._conn is not None:
            yield self._conn
        else:
            with self.engine.connect() as conn:
                yield conn

    def _insert(self, table: sa.Table):
        dialect = sqlite if self.is_sqlite else postgresql
        return dialect.insert(table)

    @contextmanager
    def writer(self, *, timeout: float | None = None, on_wait=None) -> Iterator[None]:
        """Be the only process writing this store (re-entrant); others wait up to ``timeout`` s (see store/lock.py)."""
        database = self.engine.url.database if self.is_sqlite else None
        if self._locked or self.read_only or not database or database == ":memory:":
            yield
            return
        from khobor.store.lock import writer_lock

        with writer_lock(database, timeout=timeout, on_wait=on_wait):
            self._locked = True
            try:
                yield
            finally:
                self._locked = False

    # -- the verbs the CLI mirrors (pipeline imported late: it imports Store) --
    def ingest(self, paths, *, mapping=None, batch_size: int = 500, on_progress=None):
        """Read files into the store; returns an IngestReport (bad files listed, not raised)."""
        from khobor import pipeline
        from khobor.ingest import FieldMapping

        with self.writer():
            return pipeline.ingest(self, paths, mapping=mapping or FieldMapping(), batch_size=batch_size, on_progress=on_progress)

    def process(self, *, on_progress=None, gazetteer=None, batch_size: int = 500) -> dict[str, int]:
        """Run analyze and the corpus stages over articles they have not seen."""
        from khobor import pipeline

        with self.writer():
            return pipeline.process(self, on_progress=on_progress, gazetteer=gazetteer, batch_size=batch_size)

    def summary(self, top: int = 5) -> dict[str, Any]:
        return {
            "articles": self.count(),
            "duplicates": self.count(where=schema.articles.c.duplicate_of.is_not(None)),
            "events": self.count("events"),
            "stories": self.count("stories"),
            "entities": self.count("entities"),
            "problems": self.count("problems"),
            "top_entities": [(e.name, e.type, len(e.article_ids)) for e in self.entities(limit=top)],
        }

    # -- articles ------------------------------------------------------------
    def has_source(self, source: str) -> str | None:
        with self._read() as conn:
            return conn.execute(sa.select(schema.sources.c.article_id).where(schema.sources.c.source == source)).scalar()

    def sources_by_article(self, article_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
        """Every place each article was found (the same text in two files or at two URLs is one article)."""
        query = sa.select(schema.sources.c.article_id, schema.sources.c.source).order_by(schema.sources.c.source)
        out: dict[str, list[str]] = {}
        with self._read() as conn:
            if article_ids is None:
                rows = conn.execute(query).all()
            else:
                ids = list(article_ids)
                rows = [r for start in range(0, len(ids), 500)
                        for r in conn.execute(query.where(schema.sources.c.article_id.in_(ids[start:start + 500])))]
        for article_id, source in rows:
            out.setdefault(article_id, []).append(source)
        return out

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        with self._read() as conn:
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                found.update(conn.execute(sa.select(schema.articles.c.id).where(schema.articles.c.id.in_(chunk))).scalars())
        return found

    def add_articles(self, batch: list[Article]) -> int:
        """Insert new articles (ids already stored are skipped); returns how many were new."""
        if not batch:
            return 0
        with self.atomic() as conn:
            unique = _unique(batch)
            existing = self.existing_ids(a.id for a in unique)
            new = [a for a in unique if a.id not in existing]
            if new:
                stamp = now()
                conn.execute(schema.articles.insert(), [_row(a, stamp) for a in new])
                if self.is_sqlite:
                    a = schema.articles.c
                    seqs = dict(conn.execute(sa.select(a.id, a.seq).where(a.id.in_([x.id for x in new]))).all())
                    conn.execute(sa.text("INSERT INTO articles_fts(rowid, title, terms) VALUES (:seq, :title, :terms)"),
                                 [_fts_row(x, seqs[x.id]) for x in new])
            conn.execute(self._insert(schema.sources).on_conflict_do_nothing(),
                         [{"source": a.source, "article_id": a.id} for a in batch])
        return len(new)

    def update_articles(self, batch: list[Article], *, analyzed: bool | None = None, clustered: bool | None = None) -> None:
        with self.atomic() as conn:
            for article in batch:
                values = {k: v for k, v in _row(article, None).items() if k not in ("id", "source", "ingested_at")}
                if analyzed is not None:
                    values["analyzed"] = int(analyzed)
                if clustered is not None:
                    values["clustered"] = int(clustered)
                conn.execute(schema.articles.update().where(schema.articles.c.id == article.id).values(**values))

    def record_file(self, path: Path, documents: int, problems: int) -> None:
        stat = path.stat()
        row = {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
               "documents": documents, "problems": problems, "ingested_at": now()}
        with self.atomic() as conn:
            stmt = self._insert(schema.files).values(**row)
            conn.execute(stmt.on_conflict_do_update(index_elements=["path"], set_={k: stmt.excluded[k] for k in row if k != "path"}))

    def file_done(self, path: Path) -> bool:
        """True when this exact file (same size and mtime) was ingested completely before."""
        try:
            stat = path.stat()
        except OSError:
            return False
        with self._read() as conn:
            row = conn.execute(sa.select(schema.files).where(schema.files.c.path == str(path.resolve()))).first()
        return row is not None and row.size == stat.st_size and row.mtime_ns == stat.st_mtime_ns and row.problems == 0

    def record_problems(self, items: list[tuple[str, str]]) -> None:
        """Remember refused inputs; a source refused again keeps only its latest reason."""
        if items:
            with self.atomic() as conn:
                sources = sorted({s for s, _ in items})
                for start in range(0, len(sources), 500):
                    conn.execute(schema.problems.delete().where(schema.problems.c.source.in_(sources[start:start + 500])))
                conn.execute(schema.problems.insert(), [{"source": s, "reason": r, "seen_at": now()} for s, r in items])

    def article(self, article_id: str) -> Article | None:
        with self._read() as conn:
            row = conn.execute(sa.select(schema.articles).where(schema.articles.c.id == article_id)).first()
            if row is None and len(article_id) >= 4:  # a unique prefix is enough, as with git
                rows = conn.execute(sa.select(schema.articles).where(schema.articles.c.id.like(article_id + "%")).limit(2)).all()
                row = rows[0] if len(rows) == 1 else None
        return _article(row) if row is not None else None

    def articles(self, *, where: Any = None, after_seq: int = 0, batch_size: int = 1000) -> Iterator[Article]:
        """Articles in ingest order, streamed in batches so memory stays flat."""
        for rows in self._pages(where, after_seq, batch_size):
            yield from (_article(r) for r in rows)

    def _pages(self, where: Any, after_seq: int, batch_size: int) -> Iterator[list[sa.Row]]:
        last = after_seq
        while True:
            query = sa.select(schema.articles).where(schema.articles.c.seq > last)
            if where is not None:
                query = query.where(where)
            with self._read() as conn:
                rows = conn.execute(query.order_by(schema.articles.c.seq).limit(batch_size)).all()
            if not rows:
                return
            last = rows[-1].seq
            yield rows

    def pending(self, flag: str, batch_size: int = 500) -> Iterator[list[Article]]:
        """Batches of articles whose `analyzed` or `clustered` flag is still 0."""
        column = schema.articles.c[flag]
        for rows in self._pages(column == 0, 0, batch_size):
            yield [_article(r) for r in rows]

    def count(self, table: str = "articles", where: Any = None) -> int:
        t = schema.metadata.tables[table]
        query = sa.select(sa.func.count()).select_from(t)
        if where is not None:
            query = query.where(where)
        with self._read() as conn:
            return conn.execute(query).scalar_one()

    # -- entities, events, stories -------------------------------------------
    def save_entities(self, entities: Iterable[Entity]) -> None:
        """Make the entity rows equal ``entities``, writing only the rows that changed (and their links)."""
        rows = {}
        for e in entities:
            ids = sorted(set(e.article_ids))
            rows[e.id] = {"id": e.id, "type": e.type, "name": e.name, "name_latin": e.name_latin, "variants": list(e.variants),
                          "article_count": len(ids), "data": {"article_ids": ids, **e.extras}}
        with self.atomic() as conn:
            changed = self._sync_rows(conn, schema.entities, rows)
            self._delete_in(conn, schema.article_entities.c.entity_id, changed)
            links = [{"article_id": a, "entity_id": i} for i in changed if i in rows for a in rows[i]["data"]["article_ids"]]
            if links:
                conn.execute(schema.article_entities.insert(), links)

    def _sync_rows(self, conn: sa.Connection, table: sa.Table, rows: dict[str, dict]) -> list[str]:
        """Delete stored rows that are gone or differ from ``rows``, insert the new versions; returns the ids touched.

        JSON columns are compared as the text the column stores (decoding every stored row
        would cost more than rewriting them all).
        """
        is_json = [isinstance(c.type, sa.JSON) for c in table.columns]
        query = sa.select(*[sa.cast(c, sa.Text).label(c.name) if j else c for c, j in zip(table.columns, is_json)])
        stored = {r.id: tuple(r) for r in conn.execute(query)}
        names = [c.name for c in table.columns]

        def as_stored(row: dict) -> tuple:
            return tuple(json.dumps(row[n]) if j else row[n] for n, j in zip(names, is_json))

        changed = [i for i, row in rows.items() if stored.get(i) != as_stored(row)]
        touched = changed + [i for i in stored if i not in rows]
        self._delete_in(conn, table.c.id, touched)
        if changed:
            conn.execute(table.insert(), [rows[i] for i in changed])
        return touched

    @staticmethod
    def _delete_in(conn: sa.Connection, column: sa.Column, values: list[str]) -> None:
        for start in range(0, len(values), 500):
            conn.execute(column.table.delete().where(column.in_(values[start:start + 500])))

    def article_ids_for_entities(self, entity_ids: Iterable[str]) -> list[str]:
        t = schema.article_entities
        with self._read() as conn:
            return sorted(set(conn.execute(sa.select(t.c.article_id).where(t.c.entity_id.in_(list(entity_ids)))).scalars()))

    def entities(self, *, type: str | None = None, limit: int | None = None) -> list[Entity]:
        query = sa.select(schema.entities).order_by(schema.entities.c.article_count.desc(), schema.entities.c.name)
        if type:
            query = query.where(schema.entities.c.type == type)
        if limit:
            query = query.limit(limit)
        with self._read() as conn:
            return [_entity(r) for r in conn.execute(query)]

    def save_events(self, events: Iterable[Event], stories: Iterable[Story]) -> None:
        """Make the event and story rows equal these, writing only the rows that changed."""
        event_rows = {e.id: {"id": e.id, "story_id": e.story_id, "title": e.title, "start": e.start, "end": e.end,
                             "data": {"article_ids": e.article_ids, "explanation": e.explanation}} for e in events}
        story_rows = {s.id: {"id": s.id, "title": s.title, "start": s.start, "end": s.end,
                             "data": {"event_ids": s.event_ids, **s.extras}} for s in stories}
        with self.atomic() as conn:
            self._sync_rows(conn, schema.events, event_rows)
            self._sync_rows(conn, schema.stories, story_rows)

    def sync_story_ids(self) -> None:
        """Each article takes the story of its event (stories can change after the article was placed)."""
        a, e = schema.articles, schema.events
        story = sa.select(e.c.story_id).where(e.c.id == a.c.event_id).scalar_subquery()
        with self.atomic() as conn:
            conn.execute(a.update().where(a.c.event_id.is_not(None)).values(story_id=story))

    def events(self) -> list[Event]:
        with self._read() as conn:
            rows = conn.execute(sa.select(schema.events).order_by(schema.events.c.start, schema.events.c.id)).all()
        return [Event(id=r.id, title=r.title, article_ids=r.data.get("article_ids", []), start=r.start, end=r.end,
                      story_id=r.story_id, explanation=r.data.get("explanation", {})) for r in rows]

    def stories(self) -> list[Story]:
        with self._read() as conn:
            rows = conn.execute(sa.select(schema.stories).order_by(schema.stories.c.end.desc(), schema.stories.c.id)).all()
        return [Story(id=r.id, title=r.title, event_ids=r.data.get("event_ids", []), start=r.start, end=r.end,
                      extras={k: v for k, v in r.data.items() if k != "event_ids"}) for r in rows]

    # -- stage state ---------------------------------------------------------
    def get_state(self, name: str) -> bytes | None:
        """A stage's saved state, as the bytes its ``to_state`` wrote.

        States in the codec's format are returned as they are; a pickle (an older
        khobor's, or planted by someone) is refused unread, with what to do.
        """
        with self._read() as conn:
            data = conn.execute(sa.select(schema.state.c.data).where(schema.state.c.name == name)).scalar()
        if data is None:
            return None
        data = bytes(data)
        if data.startswith(codec.MAGIC):
            return data
        if data[:1] == b"\x80":
            raise StoreError(f"{self.path}: the saved {name!r} stage state is a Python pickle (from an older khobor, "
                             "or put there by someone else); khobor no longer loads pickles, since loading one can run "
                             f"any code hidden in the file. Run `khobor rebuild --db {self.path}` to recompute every stage "
                             "from the stored articles (entity merges/splits and event moves made before are not kept).")
        raise StoreError(f"{self.path}: the saved {name!r} stage state is not in khobor's format "
                         f"(starts with {data[:8]!r}); run `khobor rebuild --db {self.path}` to recompute it")

    def put_state(self, name: str, value: bytes) -> None:
        """Save a stage's ``to_state`` bytes (the codec's)."""
        if not isinstance(value, (bytes, bytearray)):
            raise TypeError(f"state {name!r} must be bytes from the stage's to_state, not {type(value).__name__}")
        row = {"name": name, "data": bytes(value), "updated_at": now()}
        with self.atomic() as conn:
            stmt = self._insert(schema.state).values(**row)
            conn.execute(stmt.on_conflict_do_update(index_elements=["name"], set_={"data": stmt.excluded.data, "updated_at": stmt.excluded.updated_at}))

    def reset_stages(self) -> None:
        """Forget every stage's state and output so the next ``process`` recomputes them from the stored articles."""
        a = schema.articles
        with self.atomic() as conn:
            for table in (schema.state, schema.entities, schema.article_entities, schema.events, schema.stories):
                conn.execute(table.delete())
            conn.execute(a.update().values(analyzed=0, clustered=0, duplicate_of=None, event_id=None, story_id=None))

    # -- search --------------------------------------------------------------
    def search(self, query: str, *, limit: int = 10, offset: int = 0, extra_terms: Iterable[str] = (),
               date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
               entity: str | None = None, mark: tuple[str, str] = ("[", "]")) -> SearchResult:
        """Ranked full-text search; inflected forms match (লাভরভ finds লাভরভের).

        ``extra_terms`` are other spellings OR-ed with the query (the entity-aware
        search passes the variants of a matching entity); the filters narrow by
        publication date (ISO, inclusive), outlet and entity id.
        """
        terms = query_terms(query)
        if not terms:
            return SearchResult(total=0)
        if not self.is_sqlite:
            raise StoreError("full-text search is implemented for SQLite stores only so far")
        extra_terms = list(extra_terms)
        alternatives = [p for p in (fts_phrase(x) for x in extra_terms) if p]
        match = "(" + ") OR (".join([fts_match(terms), *alternatives]) + ")" if alternatives else fts_match(terms)
        where, params = ["articles_fts MATCH :m"], {"m": match, "limit": limit, "offset": offset}
        if date_from:
            where.append("a.published_at >= :date_from")
            params["date_from"] = date_from
        if date_to:
            where.append("a.published_at < :date_to")
            params["date_to"] = date_to + "\uffff"  # the whole last day, whatever the time and zone
        if outlet:
            where.append("a.outlet = :outlet")
            params["outlet"] = outlet
        if entity:
            where.append("a.id IN (SELECT article_id FROM article_entities WHERE entity_id = :entity)")
            params["entity"] = entity
        rank = "bm25(articles_fts, 3.0, 1.0)"  # title words weigh three times body words
        hits = f"SELECT rowid AS r, {rank} AS rank FROM articles_fts WHERE articles_fts MATCH :m"
        columns = "f.rank, a.id, a.source, a.title, a.outlet, a.published_at, a.body"
        if len(where) == 1:  # no filter: rank inside the index, join only the page's rows
            count_sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :m"
            page_sql = (f"SELECT {columns} FROM ({hits} ORDER BY rank, r LIMIT :limit OFFSET :offset) f "
                        "CROSS JOIN articles a ON a.seq = f.r ORDER BY f.rank, f.r")
        else:  # CROSS JOIN keeps the index search outermost: run once, then filter its hits by key
            filtered = f"FROM ({hits}) f CROSS JOIN articles a ON a.seq = f.r WHERE " + " AND ".join(where[1:])
            count_sql = "SELECT count(*) " + filtered
            page_sql = f"SELECT {columns} {filtered} ORDER BY f.rank, f.r LIMIT :limit OFFSET :offset"
        with self._read() as conn:
            total = conn.execute(sa.text(count_sql), params).scalar_one()
            rows = conn.execute(sa.text(page_sql), params).all()
        wanted = set(terms) | {stem(w) for x in extra_terms for w in words(x)}
        hits = [SearchHit(r.id, r.source, r.title, r.outlet, r.published_at, snippet(r.body, wanted, mark=mark),
                          round(-r.rank, 4)) for r in rows]
        return SearchResult(total=total, results=hits)


def snippet(body: str, stems: set[str], width: int = 160, mark: tuple[str, str] = ("[", "]")) -> str:
    """A window of ``body`` around the first matching word, matches wrapped in ``mark``.

    Words are read only up to the end of that window: stemming a whole body for every hit was most of
    a search's time.
    """
    spans: list[tuple[int, int]] = []
    start = end = 0
    for m in TOKEN.finditer(body):
        if spans and m.start() >= end:
            break
        word = m.group().casefold()
        if word in stems or _stem_cached(word) in stems:
            if not spans:
                start = max(0, m.start() - width // 3)
                start = body.rfind(" ", 0, start) + 1 if start else 0
                end = min(len(body), start + width)
            spans.append((m.start(), m.end()))
    if not spans:
        return body[:width].replace("\n", " ")
    out, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(body[cursor:s])
        out.append(mark[0] + body[s:e] + mark[1])
        cursor = e
    out.append(body[cursor:end])
    text = "".join(out).replace("\n", " ")
    return ("…" if start else "") + text + ("…" if end < len(body) else "")


_stem_cached = functools.lru_cache(maxsize=200_000)(stem)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    except Exception:  # read-only connections cannot switch the journal mode
        pass
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _unique(batch: list[Article]) -> list[Article]:
    seen: dict[str, Article] = {}
    for article in batch:
        seen.setdefault(article.id, article)
    return list(seen.values())


def _row(article: Article, stamp: str | None) -> dict[str, Any]:
    data = article.to_dict()
    row = {k: data.pop(k) for k in _COLUMNS}
    row["data"] = json.loads(json.dumps(data, ensure_ascii=False, default=str))
    if stamp:
        row["ingested_at"] = stamp
    return row


def _fts_row(article: Article, seq: int) -> dict[str, Any]:
    return {"seq": seq, "title": index_terms(article.title or ""), "terms": index_terms(article.body)}


def _article(row: sa.Row) -> Article:
    data = dict(row.data)
    data.update({k: getattr(row, k) for k in _COLUMNS})
    return Article.from_dict(data)


def _entity(row: sa.Row) -> Entity:
    extras = {k: v for k, v in row.data.items() if k != "article_ids"}
    return Entity(id=row.id, type=row.type, name=row.name, name_latin=row.name_latin, variants=list(row.variants),
                  article_ids=row.data.get("article_ids", []), extras=extras)

