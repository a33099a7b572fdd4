"""Events (reports of one happening) and stories (events that belong together)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from khobor.model import Event, Story
from khobor.store import schema
from khobor.store.db import Database, delete_in, sync_rows


class EventRepository:
    def __init__(self, db: Database):
        self.db = db

    def save(self, events: Iterable[Event]) -> None:
        """Make the event rows equal ``events``, writing only the rows that changed."""
        rows = {e.id: _event_row(e) for e in events}
        with self.db.atomic() as conn:
            sync_rows(conn, schema.events, rows)

    def upsert(self, events: Iterable[Event], deleted: Iterable[str] = ()) -> None:
        """Write these events' rows and delete the ``deleted`` ones, leaving the others (what a batch changed)."""
        upsert(self.db, schema.events, {e.id: _event_row(e) for e in events}, deleted)

    def list(self) -> list[Event]:
        t = schema.events
        with self.db.read() as conn:
            rows = conn.execute(sa.select(t).order_by(t.c.start.asc().nulls_first(), t.c.id)).all()  # NULL first, as SQLite puts it
        return [Event(id=r.id, title=r.title, article_ids=r.data.get("article_ids", []), start=r.start, end=r.end,
                      story_id=r.story_id, explanation=r.data.get("explanation", {})) for r in rows]


class StoryRepository:
    def __init__(self, db: Database):
        self.db = db

    def save(self, stories: Iterable[Story]) -> None:
        """Make the story rows equal ``stories``, writing only the rows that changed."""
        rows = {s.id: _story_row(s) for s in stories}
        with self.db.atomic() as conn:
            sync_rows(conn, schema.stories, rows)

    def upsert(self, stories: Iterable[Story], deleted: Iterable[str] = ()) -> None:
        """Write these stories' rows and delete the ``deleted`` ones, leaving the others."""
        upsert(self.db, schema.stories, {s.id: _story_row(s) for s in stories}, deleted)

    def list(self) -> list[Story]:
        t = schema.stories
        with self.db.read() as conn:
            rows = conn.execute(sa.select(t).order_by(t.c.end.desc().nulls_last(), t.c.id)).all()
        return [_story(r) for r in rows]

    def get(self, story_id: str) -> Story | None:
        """One story by its id (its row alone: a store's stories hold long timelines)."""
        with self.db.read() as conn:
            row = conn.execute(sa.select(schema.stories).where(schema.stories.c.id == story_id)).first()
        return _story(row) if row is not None else None


def _story(r: sa.Row) -> Story:
    return Story(id=r.id, title=r.title, event_ids=r.data.get("event_ids", []), start=r.start, end=r.end,
                 extras={k: v for k, v in r.data.items() if k != "event_ids"})


def _event_row(e: Event) -> dict:
    return {"id": e.id, "story_id": e.story_id, "title": e.title, "start": e.start, "end": e.end,
            "data": {"article_ids": e.article_ids, "explanation": e.explanation}}


def _story_row(s: Story) -> dict:
    return {"id": s.id, "title": s.title, "start": s.start, "end": s.end, "data": {"event_ids": s.event_ids, **s.extras}}


def upsert(db: Database, table: sa.Table, rows: dict[str, dict], deleted: Iterable[str]) -> None:
    with db.atomic() as conn:
        delete_in(conn, table.c.id, sorted(set(rows) | set(deleted)))
        if rows:
            conn.execute(table.insert(), list(rows.values()))
