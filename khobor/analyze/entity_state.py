"""Saving and loading an ``EntityResolver``: its parameters, overrides, entities and name index (a mix-in of it)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from khobor.analyze.names import NameKey
from khobor.model import Entity

ARTICLE_CHUNK = 16  # article ids a stored chunk holds (see ``_ArticleChunks``, ``_ArticleTails``)


class EntityState:
    """The resolver's state as store rows (``state_parts``) or codec bytes, and back."""

    # Parts kept one row per item in the store (khobor/store/state.py): a batch rewrites only the entities,
    # name keys and index buckets it changed. The index is saved too: rebuilding it on load (place and
    # loose-spelling keys of every variant) was the part of a run that grew with the store.
    def state_parts(self) -> dict[str, Any]:
        """Parameters, overrides, entities and their name index; the growing parts as ``codec.Rows``.

        Fingerprints: an entity's counts and extras, a bucket's entity ids, a set's members (an acronym aliased to
        its body's id changes them in place, at the same length); corrections are saved through ``to_state``,
        compared byte for byte.
        """
        from khobor import codec

        self._batch = None  # (the reports resolved so far are stored with this state: none is looked back at again)
        return {
            "params": {"link_short_names": self.link_short_names, "min_ratio": self.min_ratio},
            "merges": dict(self.merges_),
            "aliases": sorted(self.aliases_),
            "splits": [dict(s) for s in self.splits_],
            # touched: the keys fitting changed (the store compares only those, and empties the sets once saved)
            "entities": codec.Rows(self.entities_, _entity_row, _entity_mark, self._touched["entities"]),
            # an entity's article ids apart from its row, cut in chunks: a name in a quarter of the store's articles
            # rewrote its whole list in every batch that named it; now its last chunk
            **self._article_index().parts(self.entities_, self._touched["entities"]),
            "keys": codec.Rows(self._variant_keys, _key_fields, _present, self._touched["keys"]),  # name keys, so loading does not recompute them
            "buckets": codec.Rows(self._keys, lambda b: [[_key_fields(k), i] for k, i in b], _bucket_mark, self._touched["buckets"]),
            **{name: codec.Rows(getattr(self, "_" + name), sorted, _set_mark, self._touched[name])
               for name in ("last_word", "prefixes", "places", "place_entities")},
        }

    def _article_index(self) -> "_ArticleIndex":
        """What was saved of the article ids (none known: every entity's chunks are compared at the next save)."""
        if getattr(self, "_articles_saved", None) is None:
            self._articles_saved = _ArticleIndex({})
            self._articles_saved.reordered.update(self.entities_)
        return self._articles_saved

    def to_state(self) -> bytes:
        """Codec bytes (never pickle) of ``state_parts``."""
        from khobor import codec

        return codec.dumps(codec.plain_parts(self.state_parts()))

    @classmethod
    def from_state(cls, state: bytes) -> "EntityResolver":
        """Rebuild a resolver (with its index) from ``to_state`` output."""
        from khobor import codec

        return cls.from_parts(codec.loads(state))

    @classmethod
    def from_parts(cls, state: dict[str, Any]) -> "EntityResolver":
        """Rebuild a resolver from ``state_parts`` (or an older whole state, whose index is built again)."""
        from khobor import codec

        resolver = cls(**state.get("params", {}))
        resolver.merges_ = dict(state.get("merges", {}))
        resolver.aliases_ = set(state.get("aliases", ()))  # (none in a store of an older khobor)
        resolver.splits_ = [dict(s) for s in state.get("splits", [])]
        with codec.paused_gc():
            resolver._variant_keys = {v: _key_from(f) for v, f in state.get("keys", {}).items()}
            rows = state.get("entities", [])
            if isinstance(rows, dict):
                rows = [[i, *row] for i, row in rows.items()]
            chunked = chunked_article_ids(state)
            for row in rows:
                entity = Entity(*row)
                if entity.id in chunked or entity.article_ids is None:  # (inline lists: saved by an older khobor)
                    entity.article_ids = chunked.get(entity.id, [])
                resolver.entities_[entity.id] = entity
            if chunked:  # what is stored of the article ids: the next save compares only what changes from here
                resolver._articles_saved = _ArticleIndex(resolver.entities_)
            if "buckets" in state:
                known: dict[tuple, NameKey] = {}  # one NameKey object per key, shared by its buckets
                resolver._keys = {b: [(known.setdefault(tuple(map(_frozen, f)), _key_from(f)), i) for f, i in bucket]
                                  for b, bucket in state["buckets"].items()}
                for name in ("last_word", "prefixes", "places", "place_entities"):
                    setattr(resolver, "_" + name, {k: set(v) for k, v in state.get(name, {}).items()})
                return resolver
            for entity in resolver.entities_.values():
                for variant in entity.variants:
                    key = resolver._key_of(variant)
                    if key is not None:
                        resolver._index(key, entity.id, entity.type)
        return resolver


def _key_fields(key: NameKey | None) -> list | None:
    return None if key is None else [list(key.words), key.skeleton, key.roman, key.marked, key.vowels, key.latin, key.acronym,
                                     key.translated]


def _entity_row(e: Entity) -> list:
    return [e.type, e.name, e.name_latin, e.variants, None, e.extras]  # (the article ids: ``_ArticleIndex.parts``)


class _ArticleTails(Mapping):
    """Each entity's last ``len % ARTICLE_CHUNK`` article ids, one item an entity: the end of a list, where it grows."""

    def __init__(self, entities: dict[str, Entity]):
        self.entities = entities

    def __getitem__(self, entity_id: str) -> list[str]:
        ids = self.entities[entity_id].article_ids
        return ids[len(ids) - len(ids) % ARTICLE_CHUNK:]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entities)

    def __len__(self) -> int:
        return len(self.entities)


class _ArticleChunks(Mapping):
    """Each entity's full chunks of ``ARTICLE_CHUNK`` article ids, one item each, keyed "entity id, space, chunk
    number" and read from the entities as they are: a batch adds the chunks an entity filled, and those are saved.
    The keys are ``keys`` (kept by ``_ArticleIndex``), not made again from every entity at each save."""

    def __init__(self, entities: dict[str, Entity], keys: set[str]):
        self.entities, self.chunk_keys = entities, keys

    def __getitem__(self, key: str) -> list[str]:
        entity_id, _, number = key.rpartition(" ")
        entity = self.entities.get(entity_id)
        start = int(number) * ARTICLE_CHUNK if number.isdigit() else -1
        if entity is None or start < 0 or start + ARTICLE_CHUNK > len(entity.article_ids):
            raise KeyError(key)
        return entity.article_ids[start:start + ARTICLE_CHUNK]

    def __iter__(self) -> Iterator[str]:
        return iter(self.chunk_keys)

    def __len__(self) -> int:
        return len(self.chunk_keys)

    def keys(self):
        return self.chunk_keys


def _chunk_keys(entity_id: str, start: int, count: int) -> list[str]:
    """The keys of an entity's full chunks from the one holding its ``start``-th article id."""
    return [f"{entity_id} {k:06d}" for k in range(start // ARTICLE_CHUNK, count // ARTICLE_CHUNK)]


class _ArticleIndex:
    """What the resolver saved of its entities' article ids: each entity's count at the last save and the keys of all
    full chunks. A save then compares the chunks from an entity's last count on (a list only grows at its end, but
    for ``reordered`` entities: one that lost an article to a namesake, a correction), and finds new and gone chunks
    in a set, not by making every key again."""

    def __init__(self, entities: dict[str, Entity]):
        self.counts = {i: len(e.article_ids) for i, e in entities.items()}
        self.keys = {key for i, n in self.counts.items() for key in _chunk_keys(i, 0, n)}
        self.reordered: set[str] = set()

    def parts(self, entities: dict[str, Entity], touched: set[str]) -> dict:
        from khobor import codec

        compared: set[str] = set()
        gone = [i for i in self.counts if i not in entities]  # (merged into another)
        for entity_id in touched | self.reordered | set(gone):
            saved = self.counts.pop(entity_id, 0)
            entity = entities.get(entity_id)
            count = len(entity.article_ids) if entity is not None else 0
            since = 0 if entity_id in self.reordered or count < saved else saved
            self.keys.difference_update(_chunk_keys(entity_id, count, saved))  # (chunks of a list that got shorter)
            if entity is not None:
                self.counts[entity_id] = count
                changed = _chunk_keys(entity_id, since, count)
                self.keys.update(changed)
                compared.update(changed)
        self.reordered.clear()
        return {"article_chunks": codec.Rows(_ArticleChunks(entities, self.keys), list, None, compared),
                "article_tails": codec.Rows(_ArticleTails(entities), list, codec.seq_hash, {e for e in touched if e in entities})}


def chunked_article_ids(state: dict[str, Any]) -> dict[str, list[str]]:
    """Each entity's article ids put back together from ``_ArticleIndex.parts`` (none in a state of an older khobor)."""
    tails = state.get("article_tails")
    if tails is None:
        return {}
    chunks = state.get("article_chunks", {})
    found: dict[str, list[str]] = {}
    for key in sorted(chunks):  # (an entity's chunks in order: their numbers are zero-padded)
        found.setdefault(key.rpartition(" ")[0], []).extend(chunks[key])
    for entity_id, tail in tails.items():
        found.setdefault(entity_id, []).extend(tail)
    return found


def _entity_mark(e: Entity) -> tuple:
    """What tells a saved entity row from a changed one. Its extras whole (hashed from their codec bytes): resolving
    a report adds to more of them than the type counts (a namesake found, the people and districts named beside a
    person, an employer, a role), and an entity whose only change was such an addition was not saved, so a run
    resumed from the store resolved later reports without it (5 of 11,846 dev entities differed from a clean run's)."""
    from khobor import codec

    return e.id, e.type, e.name, len(e.variants), len(e.article_ids), hash(codec.dumps(e.extras))


def _bucket_mark(bucket: list) -> tuple:
    return tuple(entity_id for _, entity_id in bucket)


def _set_mark(members: set) -> tuple:
    return len(members), hash(frozenset(members))


def _present(_value: Any) -> bool:
    return True


def _key_from(fields: list | None) -> NameKey | None:
    return None if not fields else NameKey(tuple(fields[0]), *fields[1:])


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
