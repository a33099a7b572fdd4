"""Entities and which articles name them.

An entity's articles are its ``article_entities`` links, not a list inside its row: a name in a quarter of the
store's articles (বাংলাদেশ) then costs a run the links it adds, not a rewrite of its whole list for every batch
that names it. (A row written by an older khobor may still hold that list in ``data``; it is not read.)"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa

from khobor.model import Entity
from khobor.store import schema
from khobor.store.db import IN_CHUNK, Database, delete_in, select_in, sync_rows

E, AE = schema.entities, schema.article_entities


class EntityRepository:
    def __init__(self, db: Database):
        self.db = db

    def save(self, entities: Iterable[Entity]) -> None:
        """Make the entity rows and links equal ``entities``, writing only the rows and links that changed."""
        entities = {e.id: e for e in entities}
        with self.db.atomic() as conn:
            touched = sync_rows(conn, E, {i: _row(e) for i, e in entities.items()})
            stored: dict[str, set[str]] = defaultdict(set)
            for article_id, entity_id in conn.execute(sa.select(AE.c.article_id, AE.c.entity_id)):
                stored[entity_id].add(article_id)
            relink = sorted(set(touched) | {i for i, e in entities.items() if set(e.article_ids) != stored.get(i, set())}
                            | (stored.keys() - entities.keys()))
            delete_in(conn, AE.c.entity_id, relink)
            links = [{"article_id": a, "entity_id": i} for i in relink if i in entities for a in sorted(set(entities[i].article_ids))]
            if links:
                conn.execute(AE.insert(), links)

    def upsert(self, entities: Iterable[Entity], deleted: Iterable[str] = (), *, relink: Iterable[str] = ()) -> None:
        """Write these entities' rows and links and delete the ``deleted`` ones; other rows are left as they are
        (a batch passes only what it changed: the cost follows the batch, not the store). ``relink``: entities
        whose links are all written again."""
        entities = {e.id: e for e in entities}
        rows = {i: _row(e) for i, e in entities.items()}
        with self.db.atomic() as conn:
            # Fitting only appends to an entity's articles: add the links past the stored count (a hot name's
            # thousands of links are not rewritten for each batch); an entity that lost articles is relinked whole.
            stored = dict(select_in(conn, sa.select(E.c.id, E.c.article_count), E.c.id, list(rows)))
            relink = set(deleted) | (set(relink) & set(rows)) | {i for i, r in rows.items()
                                     if stored.get(i, 0) > r["article_count"] or r["article_count"] != len(entities[i].article_ids)}
            delete_in(conn, AE.c.entity_id, sorted(relink))
            delete_in(conn, E.c.id, sorted(set(rows) | set(deleted)))
            if rows:
                conn.execute(E.insert(), list(rows.values()))
            links = [{"article_id": a, "entity_id": i} for i, e in entities.items()
                     for a in (e.article_ids if i in relink else e.article_ids[stored.get(i, 0):])]
            if links:
                conn.execute(self.db.insert(AE).on_conflict_do_nothing(), links)

    def list(self, *, type: str | None = None, limit: int | None = None, ids: Iterable[str] | None = None) -> list[Entity]:
        """Entities, most reported first; ``ids``: only these (their rows and links alone)."""
        query = sa.select(E).order_by(E.c.article_count.desc(), E.c.name)
        if type:
            query = query.where(E.c.type == type)
        if limit:
            query = query.limit(limit)
        with self.db.read() as conn:
            if ids is None:
                rows = list(conn.execute(query))
            else:
                wanted = sorted(set(ids))
                rows = select_in(conn, query, E.c.id, wanted)
                if len(wanted) > IN_CHUNK:  # (chunks read apart: in one order again)
                    rows.sort(key=lambda r: (-r.article_count, r.name))
            links = self._links(conn, [r.id for r in rows], every=ids is None and not type and not limit)
        return [entity(r, links.get(r.id, [])) for r in rows]

    @staticmethod
    def _links(conn, ids: list[str], every: bool) -> dict[str, list[str]]:
        """Each entity's article ids, sorted (``every``: the entities are all there are, read in one pass)."""
        found: dict[str, list[str]] = defaultdict(list)
        query = sa.select(AE.c.entity_id, AE.c.article_id).order_by(AE.c.entity_id, AE.c.article_id)
        for entity_id, article_id in conn.execute(query) if every else select_in(conn, query, AE.c.entity_id, ids):
            found[entity_id].append(article_id)
        return found

    def spellings(self) -> list[tuple[str, str, str, list[str]]]:
        """(id, type, name, variants) of every entity: what search needs to find other spellings, without the article lists."""
        with self.db.read() as conn:
            return [(r.id, r.type, r.name, list(r.variants)) for r in conn.execute(sa.select(E.c.id, E.c.type, E.c.name, E.c.variants))]

    def article_ids(self, entity_ids: Iterable[str]) -> list[str]:
        with self.db.read() as conn:
            return sorted(set(conn.execute(sa.select(AE.c.article_id).where(AE.c.entity_id.in_(list(entity_ids)))).scalars()))


def _row(e: Entity) -> dict:
    return {"id": e.id, "type": e.type, "name": e.name, "name_latin": e.name_latin, "variants": list(e.variants),
            "article_count": len(set(e.article_ids)), "data": dict(e.extras)}


def entity(r: sa.Row, article_ids: list[str]) -> Entity:
    extras = {k: v for k, v in r.data.items() if k != "article_ids"}
    return Entity(id=r.id, type=r.type, name=r.name, name_latin=r.name_latin, variants=list(r.variants),
                  article_ids=article_ids, extras=extras)
