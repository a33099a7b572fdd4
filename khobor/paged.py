"""A map of a loaded stage state whose items are read from the store when first asked for.

A stage keeps every event and story since the first, but a run adding a day of news asks
for the few near that day. The store lists the keys of such a part on load and reads an
item's page (the items saved together) the first time one of its keys is used, so a run
into a large store decodes what it touches, not the whole corpus (khobor/store/state.py).

``Paged`` is a dict holding the items read so far (``dict`` speed where a stage is busiest),
plus the keys still ``cold``. Every access by key reads the page first; anything that walks
the whole map (iteration, ``items()``, ``len`` aside) reads every page, so it is always right,
only slower. A whole-map walk in a run's own path is a bug in speed, counted in ``read_all``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

_MISSING = object()


SLOT = 1 << 10  # a key's place is page * SLOT + its index in the page (pages hold fewer items than this)
LATER = 1 << 62  # places of keys added since the load: after every loaded one, in the order they came


class Paged(dict):
    """``fetch(pages)`` returns the plain items of those pages; ``convert(key, plain)`` makes each an item.

    ``cold``: key -> its place (``page * SLOT + index``) for the keys not read yet; a place orders the keys as a
    wholly loaded dict would (pages in order), so what iterates the map sees the order it saw before."""

    __slots__ = ("cold", "fetch", "convert", "place", "next_place", "pages_read", "read_all")

    def __init__(self, warm: dict, cold: dict[str, int], fetch: Callable[[set[int]], dict], place: dict[str, int]):
        super().__init__(warm)
        self.cold = cold
        self.fetch = fetch
        self.convert: Callable[[str, Any], Any] | None = None
        self.place = place  # key -> its place, for the keys read (or added) so far
        self.next_place = LATER
        self.pages_read = 0
        self.read_all = 0

    def adopt(self, convert: Callable[[str, Any], Any]) -> "Paged":
        """Convert the items read so far, and every item read from now on, with ``convert``."""
        for key, value in dict.items(self):
            dict.__setitem__(self, key, convert(key, value))
        self.convert = convert
        return self

    def warm(self, keys: Iterable[str]) -> None:
        """Read the pages of those of ``keys`` not read yet."""
        cold = self.cold
        if cold:
            pages = {cold[k] // SLOT for k in keys if k in cold}
            if pages:
                self._read(pages)

    def warm_all(self) -> None:
        """Read every page, and put the items in the order a whole load gives (once)."""
        if not self.cold:
            return
        self.read_all += 1
        self._read({p // SLOT for p in self.cold.values()})
        place = self.place
        items = sorted(dict.items(self), key=lambda kv: place.get(kv[0], LATER))
        dict.clear(self)
        dict.update(self, items)

    def _read(self, pages: set[int]) -> None:
        self.pages_read += len(pages)
        found = self.fetch(pages)
        cold, place, convert = self.cold, self.place, self.convert
        for key in sorted((k for k in found if k in cold), key=cold.__getitem__):
            place[key] = cold.pop(key)
            value = found[key]
            dict.__setitem__(self, key, convert(key, value) if convert else value)

    def in_order(self, keys: Iterable[str]) -> list[str]:
        """Those of ``keys`` present, in the order iterating a wholly loaded map would give them."""
        place, cold = self.place, self.cold
        return sorted((k for k in keys if k in self), key=lambda k: place[k] if k in place else cold[k])

    def _read_key(self, key) -> None:
        self._read({self.cold[key] // SLOT})

    # -- by key: read its page first
    def __missing__(self, key):
        if key in self.cold:
            self._read_key(key)
            return dict.__getitem__(self, key)
        raise KeyError(key)

    def get(self, key, default=None):
        value = dict.get(self, key, _MISSING)
        if value is _MISSING:
            return self[key] if key in self.cold else default
        return value

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or key in self.cold

    def __setitem__(self, key, value) -> None:
        if key in self.cold:
            self._read_key(key)
        elif not dict.__contains__(self, key):
            self.place[key] = self.next_place
            self.next_place += 1
        dict.__setitem__(self, key, value)

    def __delitem__(self, key) -> None:
        if key in self.cold:
            self._read_key(key)
        dict.__delitem__(self, key)
        del self.place[key]

    def pop(self, key, *default):
        if key in self.cold:
            self._read_key(key)
        self.place.pop(key, None)
        return dict.pop(self, key, *default)

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *others, **more) -> None:
        for other in (*others, more):
            for key, value in (other.items() if hasattr(other, "items") else other):
                self[key] = value

    def __len__(self) -> int:
        return dict.__len__(self) + len(self.cold)

    # -- the whole map: every page read first
    def __iter__(self):
        self.warm_all()
        return dict.__iter__(self)

    def __reversed__(self):
        self.warm_all()
        return dict.__reversed__(self)

    def keys(self):
        self.warm_all()
        return dict.keys(self)

    def values(self):
        self.warm_all()
        return dict.values(self)

    def items(self):
        self.warm_all()
        return dict.items(self)

    def copy(self) -> dict:
        self.warm_all()
        return dict(dict.items(self))

    def __eq__(self, other) -> bool:
        self.warm_all()
        return dict.__eq__(self, other)

    __hash__ = None

    def clear(self) -> None:
        self.cold.clear()
        self.place.clear()
        dict.clear(self)

    def popitem(self):
        self.warm_all()
        key, value = dict.popitem(self)
        del self.place[key]
        return key, value

    def __reduce__(self):
        raise TypeError("a Paged map is read from its store; copy it with dict(...) first")


def converted(items: dict, convert: Callable[[str, Any], Any]) -> dict:
    """``items`` with each value made by ``convert(key, value)``: a ``Paged`` converts as it reads."""
    if isinstance(items, Paged):
        return items.adopt(convert)
    return {key: convert(key, value) for key, value in items.items()}


def warm(maps, keys) -> None:
    """Read the pages of ``keys`` in each of ``maps`` that is a ``Paged``: one query a map for the candidates of a
    decision, not one per page as each is asked for."""
    keys = list(keys)
    for items in maps:
        if isinstance(items, Paged):
            items.warm(keys)
