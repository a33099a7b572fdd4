"""Stage state: each stage's fitted data, as the bytes its ``to_state`` wrote (khobor/codec.py).

Corrections (entity merges and splits, event moves) are kept here too: they change
the stages' state, which later runs start from.
"""

from __future__ import annotations

import sqlalchemy as sa

from khobor.errors import StoreError
from khobor import codec
from khobor.store import schema
from khobor.store.db import Database, now


class StateRepository:
    def __init__(self, db: Database):
        self.db = db

    def get(self, name: str) -> bytes | None:
        """A stage's saved state; a pickle (an older khobor's, or planted by someone) is refused unread, with what to do."""
        with self.db.read() as conn:
            data = conn.execute(sa.select(schema.state.c.data).where(schema.state.c.name == name)).scalar()
        if data is None:
            return None
        data = bytes(data)
        if data.startswith(codec.MAGIC):
            return data
        where = self.db.name
        if data[:1] == b"\x80":
            raise StoreError(f"{where}: the saved {name!r} stage state is a Python pickle (from an older khobor, "
                             "or put there by someone else); khobor no longer loads pickles, since loading one can run "
                             f"any code hidden in the file. Run `khobor rebuild --db {where}` to recompute every stage "
                             "from the stored articles (entity merges/splits and event moves made before are not kept).")
        raise StoreError(f"{where}: the saved {name!r} stage state is not in khobor's format "
                         f"(starts with {data[:8]!r}); run `khobor rebuild --db {where}` to recompute it")

    def put(self, name: str, value: bytes) -> None:
        if not isinstance(value, (bytes, bytearray)):
            raise TypeError(f"state {name!r} must be bytes from the stage's to_state, not {type(value).__name__}")
        values = {"name": name, "data": bytes(value), "updated_at": now()}
        with self.db.atomic() as conn:
            stmt = self.db.insert(schema.state).values(**values)
            conn.execute(stmt.on_conflict_do_update(index_elements=["name"], set_={"data": stmt.excluded.data, "updated_at": stmt.excluded.updated_at}))

    def reset(self) -> None:
        """Forget every stage's state and output so the next ``process`` recomputes them from the stored articles."""
        a = schema.articles
        with self.db.atomic() as conn:
            for table in (schema.state, schema.entities, schema.article_entities, schema.events, schema.stories):
                conn.execute(table.delete())
            conn.execute(a.update().values(analyzed=0, clustered=0, duplicate_of=None, event_id=None, story_id=None))
