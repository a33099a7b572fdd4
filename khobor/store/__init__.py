"""The store: the only stateful thing in khobor.

``Store`` is the facade the pipeline, the CLI and the web call; it delegates to
the database (db.py: engine, migrations, per-thread transactions, the writer
lock), a repository per aggregate (articles, entities, events and stories, stage
state) and one search interface with a backend per database (search.py).
SQLite by default; ``postgresql://`` URLs run the same code and migrations.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from khobor.model import Article, Entity, Event, Story
from khobor.store import schema
from khobor.store import search as _search
from khobor.store.articles import ArticleRepository
from khobor.store.articles import article as _article  # noqa: F401 - the web's queries build Articles from rows
from khobor.store.articles import row as _row  # noqa: F401
from khobor.store.db import MIGRATIONS, Database, now  # noqa: F401
from khobor.store.entities import EntityRepository
from khobor.store.events import EventRepository, StoryRepository
from khobor.store.search import SearchHit, SearchResult, snippet  # noqa: F401
from khobor import codec
from khobor.store.state import ROWS, StateRepository


# Allocations between two young collections while a run lasts (Python's default is 700). A run makes millions of
# objects that live for a batch or for good, and few cycles: at 700 the driver of a --workers 2 dev run spent
# ~1.3 CPU-s in ~1,900 young, ~160 middle and 10 full collections (the full ones 0.76 s, walking whatever was not
# frozen yet); at 20,000, 0.5 CPU-s in 55 and 1 and none. Garbage without cycles is freed at once either way.
RUN_GC_YOUNG = 20_000


class Store:
    """A khobor database. Open with ``khobor.open(path_or_url)``."""

    def __init__(self, path: str = "khobor.db", *, read_only: bool = False):
        self.path = str(path)
        self.read_only = read_only
        self.db = Database(self.path, read_only=read_only)
        self.engine = self.db.engine
        self.search_backend = _search.backend_for(self.db.dialect)
        self.articles_repo = ArticleRepository(self.db, self.search_backend)
        self.entities_repo = EntityRepository(self.db)
        self.events_repo = EventRepository(self.db)
        self.stories_repo = StoryRepository(self.db)
        self.state_repo = StateRepository(self.db)
        self._long_lived = 0  # depth of the runs (``long_lived``) now setting stage state aside from the collector
        self.db.open()

    # -- lifecycle -----------------------------------------------------------
    def migrate(self) -> None:
        self.db.migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def long_lived(self) -> Iterator[None]:
        """While a run lasts, the stage state it loads and grows is set aside from the cycle collector (``gc.freeze``
        after each load and save): it is millions of long-lived objects, and each full pass of the collector walked
        them all. ``gc.freeze`` is process-wide, so the run gives everything back when it ends; a program that froze
        objects of its own is left as it was (the run freezes nothing then: unfreezing would thaw theirs too).
        The collector also runs less often meanwhile (``RUN_GC_YOUNG``), and its thresholds are restored after."""
        mine = self._long_lived > 0 or gc.get_freeze_count() == 0
        outermost = mine and not self._long_lived
        thresholds = gc.get_threshold()
        if outermost:
            gc.set_threshold(max(thresholds[0], RUN_GC_YOUNG), *thresholds[1:])
        self._long_lived += mine
        try:
            yield
        finally:
            self._long_lived -= mine
            if mine and not self._long_lived:
                gc.unfreeze()
            if outermost:
                gc.set_threshold(*thresholds)

    def _set_aside(self) -> None:
        if self._long_lived:
            gc.freeze()

    @property
    def is_sqlite(self) -> bool:
        return self.db.is_sqlite

    def atomic(self):
        """One transaction (per thread); nested calls share it."""
        return self.db.atomic()

    def writer(self, *, timeout: float | None = None, on_wait=None):
        """Be the only process writing this store (re-entrant); others wait up to ``timeout`` s."""
        return self.db.writer(timeout=timeout, on_wait=on_wait)

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self.db.read() as conn:
            yield conn

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
        return self.articles_repo.has_source(source)

    def sources_by_article(self, article_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
        return self.articles_repo.sources_by_article(article_ids)

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        return self.articles_repo.existing_ids(ids)

    def add_articles(self, batch: list[Article], *, words: Mapping[str, str] | None = None) -> int:
        """Insert new articles (ids already stored are skipped); returns how many were new. ``words``: article id ->
        the words ``clean_words`` found in its body, which the search index then need not find again."""
        return self.articles_repo.add(batch, words)

    def update_articles(self, batch: list[Article], *, analyzed: bool | None = None, clustered: bool | None = None) -> None:
        self.articles_repo.update(batch, analyzed=analyzed, clustered=clustered)

    def rename_entities(self, article_ids: list[str], renames: dict[str, str]) -> list[str]:
        """Point the stored annotations of these articles at renamed entities (old id -> new); returns those changed."""
        return self.articles_repo.rename_entities(article_ids, renames)

    def record_file(self, path: Path, documents: int, problems: int) -> None:
        self.articles_repo.record_file(path, documents, problems)

    def file_done(self, path: Path) -> bool:
        return self.articles_repo.file_done(path)

    def record_problems(self, items: list[tuple[str, str]]) -> None:
        self.articles_repo.record_problems(items)

    def article(self, article_id: str) -> Article | None:
        """One article by id or unique prefix."""
        return self.articles_repo.get(article_id)

    def articles(self, *, where: Any = None, after_seq: int = 0, batch_size: int = 1000) -> Iterator[Article]:
        """Articles in ingest order, streamed in batches so memory stays flat."""
        return self.articles_repo.iterate(where=where, after_seq=after_seq, batch_size=batch_size)

    def pending(self, flag: str, batch_size: int = 500, *, only_if: str | None = None,
                refill: Callable[[], bool] | None = None) -> Iterator[list[Article]]:
        """Batches of articles whose ``flag`` is unset (and, with ``only_if``, whose other flag is set);
        ``refill()`` stores more articles while a batch is short (a run still reading its input)."""
        return self.articles_repo.pending(flag, batch_size, only_if=only_if, refill=refill)

    def count(self, table: str = "articles", where: Any = None) -> int:
        return self.articles_repo.count(table, where)

    # -- entities, events, stories -------------------------------------------
    def save_entities(self, entities: Iterable[Entity]) -> None:
        self.entities_repo.save(entities)

    def upsert_entities(self, entities: Iterable[Entity], deleted: Iterable[str] = (), *, relink: Iterable[str] = ()) -> None:
        """Write only these entities (and delete ``deleted``): what one batch changed. ``relink``: entities whose
        article links are written anew (a correction moved articles between them), not only those added at the end."""
        self.entities_repo.upsert(entities, deleted, relink=relink)

    def article_ids_for_entities(self, entity_ids: Iterable[str]) -> list[str]:
        return self.entities_repo.article_ids(entity_ids)

    def entity_spellings(self) -> list[tuple[str, str, str, list[str]]]:
        """(id, type, name, variants) of every entity."""
        return self.entities_repo.spellings()

    def entities(self, *, type: str | None = None, limit: int | None = None, ids: Iterable[str] | None = None) -> list[Entity]:
        return self.entities_repo.list(type=type, limit=limit, ids=ids)

    def save_events(self, events: Iterable[Event], stories: Iterable[Story]) -> None:
        """Make the event and story rows equal these, writing only the rows that changed."""
        with self.atomic():
            self.events_repo.save(events)
            self.stories_repo.save(stories)

    def upsert_groups(self, events: Iterable[Event], stories: Iterable[Story], *, deleted_events: Iterable[str] = (),
                      deleted_stories: Iterable[str] = ()) -> None:
        """Write only these events and stories (and delete the deleted ones): what one batch changed."""
        with self.atomic():
            self.events_repo.upsert(events, deleted_events)
            self.stories_repo.upsert(stories, deleted_stories)

    def sync_story_ids(self) -> None:
        self.articles_repo.sync_story_ids()

    def events(self) -> list[Event]:
        return self.events_repo.list()

    def stories(self) -> list[Story]:
        return self.stories_repo.list()

    def story(self, story_id: str) -> Story | None:
        return self.stories_repo.get(story_id)

    # -- stage state ---------------------------------------------------------
    def get_state(self, name: str) -> bytes | None:
        """A stage's whole state as ``to_state`` bytes (assembled from its rows when stored split)."""
        return self.state_repo.get_whole(name)

    def put_state(self, name: str, value: bytes) -> None:
        """Save ``to_state`` bytes (split into rows, changed rows only, when the stage keeps rows)."""
        self.state_repo.put_whole(name, value)

    def load_stage(self, name: str, cls, **options):
        """The stage saved under ``name`` rebuilt by ``cls.from_parts`` (no whole-state bytes in between), or None."""
        # Decoding and building make millions of objects, none of them garbage: no collection meanwhile, and in a run
        # they are set aside before the collector is back (enabled, it would walk them all at its next pass: 0.7 CPU-s
        # of a run into 100k articles, 0.17 at 10k). Seconds of later passes per run at 100k otherwise, growing with it.
        with codec.paused_gc():
            parts = self.state_repo.get_parts(name)
            if parts is None:
                return None
            stage = cls.from_parts(parts, **options)
            if ROWS in parts:
                self.state_repo.remember(name, stage.state_parts())
            del parts
            self._set_aside()
        return stage

    def save_stage(self, name: str, stage, *, afresh: bool = False) -> Mapping[str, tuple[list[str], list[str]]]:
        """Save a stage's ``state_parts()``, writing only the rows that changed; returns (written, deleted) keys per part.
        ``afresh``: write every row again, in this khobor's layout (a store an older khobor wrote, once)."""
        if afresh:
            self.state_repo.forget(name)
        parts = stage.state_parts()
        if not any(isinstance(v, codec.Rows) for v in parts.values()):
            self.state_repo.put_whole(name, codec.dumps(parts))
            return {}
        changes = self.state_repo.put_parts(name, parts)
        # What a stage keeps grows batch by batch and lives on, like a loaded state: set aside too (full passes walked
        # all of it every few batches). Garbage is still freed by reference counts; only cycles wait for the run's end.
        self._set_aside()
        return changes

    def reset_stages(self) -> None:
        self.state_repo.reset()

    # -- search --------------------------------------------------------------
    def search(self, query: str, *, limit: int = 10, offset: int = 0, extra_terms: Iterable[str] = (),
               date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
               entity: str | None = None, mark: tuple[str, str] = ("[", "]"), loose: bool = False) -> SearchResult:
        """Ranked full-text search; inflected forms match (লাভরভ finds লাভরভের).

        ``extra_terms`` are other spellings OR-ed with the query (the entity-aware
        search passes the variants of a matching entity); the filters narrow by
        publication date (ISO, inclusive), outlet and entity id. ``loose``: also find stored words spelled
        like a query word (PostgreSQL, pg_trgm: জয়শংকর finds জয়শঙ্কর), ranked after the spelling as written.
        """
        return _search.search(self.db, self.search_backend, query, limit=limit, offset=offset, extra_terms=extra_terms,
                              date_from=date_from, date_to=date_to, outlet=outlet, entity=entity, mark=mark, loose=loose)
