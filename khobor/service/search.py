"""The search use case: the store's ranked search, plus the other spellings of a named entity.

The CLI and the web both search through here, so ``khobor search`` and ``/api/search`` find the same.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from khobor.store import SearchResult, Store
from khobor.store.terms import query_terms, stem, words


@dataclass
class VariantIndex:
    """Entity spellings by their stemmed words, so a query can pull in the other spellings.

    Built once per app and rebuilt when the entities table changes size.
    """

    size: int
    by_words: dict[tuple[str, ...], set[str]]
    by_surname: dict[str, set[str]]
    variants: dict[str, list[str]]

    @classmethod
    def build(cls, store: Store) -> "VariantIndex":
        by_words: dict[tuple[str, ...], set[str]] = defaultdict(set)
        by_surname: dict[str, set[str]] = defaultdict(set)
        variants: dict[str, list[str]] = {}
        for entity_id, kind, name, names in store.entity_spellings():
            spellings = list(dict.fromkeys([name, *names]))
            variants[entity_id] = spellings
            for v in spellings:
                key = tuple(stem(w) for w in words(v))
                if key:
                    by_words[key].add(entity_id)
                    if kind in ("PER", "PERSON") and len(key) > 1:
                        by_surname[key[-1]].add(entity_id)
        return cls(store.count("entities"), dict(by_words), dict(by_surname), variants)

    def entities_for(self, query: str) -> list[str]:
        key = tuple(query_terms(query))
        if not key:
            return []
        found = self.by_words.get(key) or (self.by_surname.get(key[0], set()) if len(key) == 1 else set())
        return sorted(found)

    def other_spellings(self, query: str) -> list[str]:
        key = tuple(query_terms(query))
        out: list[str] = []
        for entity_id in self.entities_for(query):
            for v in self.variants[entity_id]:
                if tuple(stem(w) for w in words(v)) != key:
                    out.append(v)
        return list(dict.fromkeys(out))


def search(store: Store, query: str, *, limit: int = 10, offset: int = 0, exact: bool = False, loose: bool = False,
           mark: tuple[str, str] = ("[", "]"), index: VariantIndex | None = None) -> tuple[SearchResult, list[str]]:
    """Ranked hits, and the other spellings searched too (none when ``exact``); ``index``: a VariantIndex to reuse."""
    spellings = [] if exact else (index or VariantIndex.build(store)).other_spellings(query)
    return store.search(query, limit=limit, offset=offset, extra_terms=spellings, mark=mark, loose=loose), spellings
