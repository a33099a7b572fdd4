"""Stage state: each stage's fitted data, as the bytes its ``to_state`` wrote (khobor/codec.py).

Corrections (entity merges and splits, event moves) are kept here too: they change
the stages' state, which later runs start from.

A stage whose state names ``ROWS`` (the parts that grow with the corpus: entities, events,
signature chunks) is stored split: its ``state`` row holds the rest, and each item of those
parts is one ``state_rows`` row. Saving compares each item with what this process last read
or wrote and writes only the items that changed. A part whose stage lists the items it changed
in place (``codec.Rows.touched``: dirty tracking) compares only those and the added ones, so a
batch costs what it changed, not the size of the store. A state saved whole by an older khobor is read once and saved split.

A part its stage marks ``lazy`` also keeps, per page, the list of its keys (a ``KEYS`` row): on load only those
lists are read, and the part comes back as a ``khobor.paged.Paged`` that reads a page when one of its keys is
first asked for. A run into years of news then decodes the events and stories near its own days, not all of them.
"""

from __future__ import annotations

import sqlalchemy as sa

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice

from khobor.errors import StoreError
from khobor import codec
from khobor.paged import SLOT, Paged
from khobor.store import schema
from khobor.store.db import Database, delete_in, now, select_in


ROWS = codec.ROWS
SEP = "\x1f"  # between part name and item key in state_rows.key


KEYS = "\x1e"  # before a lazy part's name: the row listing one page's keys
PAGE = 64  # items per row: fewer rows to read and decode one by one, at most this many items rewritten for one change


class _Part:
    """Where each item of one row part is stored (its page, in insertion order) and what was saved there."""

    def __init__(self) -> None:
        self.page = PAGE  # items a new page takes (``codec.Rows.page``; pages written before keep theirs)
        self.where: dict[str, int] = {}  # item key -> page
        self.pages: dict[int, dict[str, None]] = {}  # page -> its item keys, in order
        self.page_hash: dict[int, int] = {}  # page -> hash of the bytes stored for it
        self.marks: dict[str, object] = {}  # item key -> its fingerprint when saved (fingerprinted parts)
        self.listed: dict[int, int] = {}  # page -> hash of its stored list of keys (lazy parts)
        self.last = -1  # the highest page number used

    def extend(self, items: list[str]) -> set[int]:
        """Place each of ``items`` in order on the last page, then on new ones of ``page`` items; returns the pages used."""
        used: set[int] = set()
        start = 0
        while start < len(items):
            if self.last < 0 or len(self.pages.get(self.last, ())) >= self.page:
                self.last += 1
            page = self.pages.setdefault(self.last, {})
            share = items[start:start + self.page - len(page)]
            page.update(dict.fromkeys(share))
            self.where.update(dict.fromkeys(share, self.last))
            used.add(self.last)
            start += len(share)
        return used


def _in_order(items: dict, new: set) -> list:
    """The ``new`` keys of ``items`` in its order. Keys added since the last save are most often its last ones
    (a dict keeps insertion order): then only they are read, not every key of a part that grows with the corpus.
    (A ``Paged`` part's keys here are those read or added: new keys are among them, and its unread pages stay so.)"""
    keys = dict.keys(items) if isinstance(items, dict) else items
    tail = list(islice(reversed(keys), len(new))) if isinstance(items, dict) else []
    if tail and new.issuperset(tail):
        tail.reverse()
        return tail
    return [item for item in keys if item in new]


def _rehome(state: _Part, changed: list[str], dirty: set[int], listing: set[int]) -> None:
    """Move the changed items of pages fuller than the part's page size (written before the part had one) to pages
    of their own size: a store written by an older khobor then rewrites its large page once, not on every save.
    (Not for a lazy part, whose places are the order a whole load gives: its older pages keep their size.)"""
    moved = [item for item in changed if len(state.pages[state.where[item]]) > state.page]
    for item in moved:
        page = state.where.pop(item)
        del state.pages[page][item]
        dirty.add(page)
        listing.add(page)
    if moved:
        used = state.extend(moved)
        dirty |= used
        listing |= used


def _differing(items, marks: dict) -> list:
    """The (key, value) items whose value is not the one in ``marks`` (a plain loop: no call per item)."""
    mark = marks.get
    return [(k, v) for k, v in items.items() if mark(k) != v]


def _list_keys(part: str, state: _Part, lazy: bool, pages: set[int], write: dict, delete: list) -> None:
    """Write the key list of each of ``pages`` (and of every page not listed yet) of a lazy part; a part no longer
    lazy drops its lists."""
    if not lazy:
        delete.extend(f"{KEYS}{part}{SEP}{page:08d}" for page in state.listed)
        state.listed.clear()
        return
    if len(state.listed) < len(state.pages):
        pages = pages | (state.pages.keys() - state.listed.keys())
    for page in pages:
        keys = state.pages.get(page)
        if not keys:
            continue  # (an emptied page: its list is deleted with it)
        data = codec.dumps_item(list(keys))
        digest = hash(data)
        if state.listed.get(page) != digest:
            state.listed[page] = digest
            write[f"{KEYS}{part}{SEP}{page:08d}"] = data


class Changes(Mapping):
    """What a save changed: per row part, (keys written or added, sorted; keys deleted). A part's keys are sorted when
    it is asked for: a run asks for three parts of the thirty it saves (sorting them all was 0.14 CPU-s a dev run)."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[list, list, list]] = {}  # part -> (changed, added, gone), from ``_save_part``
        self._sorted: dict[str, tuple[list[str], list[str]]] = {}

    def __getitem__(self, part: str) -> tuple[list[str], list[str]]:
        done = self._sorted.get(part)
        if done is None:
            changed, added, gone = self.found[part]
            done = self._sorted[part] = (sorted(set(changed) | set(added)), gone)
        return done

    def __iter__(self) -> Iterator[str]:
        return iter(self.found)

    def __len__(self) -> int:
        return len(self.found)


class StateRepository:
    def __init__(self, db: Database):
        self.db = db
        self._saved: dict[str, dict[str, _Part]] = {}  # stage -> row part -> what is stored

    def get_parts(self, name: str, lazy: bool = True) -> dict | None:
        """A stage's state as plain data (split parts put back together), or None if it has none.

        ``lazy``: a part stored with its pages' key lists comes back as a ``Paged`` that reads its pages when asked
        (else, and for a part stored before its stage listed keys, every item is read now)."""
        head = self.get(name)
        if head is None:
            return None
        parts = codec.loads(head)
        if not isinstance(parts, dict) or ROWS not in parts:
            return parts  # saved whole (an older khobor, or a stage that is small)
        known = {part: _Part() for part in parts[ROWS]}
        for part in known:
            parts[part] = {}
        r = schema.state_rows
        with self.db.read() as conn:
            keys = list(conn.execute(sa.select(r.c.key).where(r.c.stage == name)).scalars())  # (the index alone)
        listed = {key[1:] for key in keys if key.startswith(KEYS)}
        unread = listed if lazy else set()  # the pages not read now
        wanted = [key for key in keys if not key.startswith(KEYS) and key.partition(SEP)[0] in known and key not in unread]
        wanted += [KEYS + key for key in listed if key.partition(SEP)[0] in known]
        lazy_parts = {key.partition(SEP)[0] for key in unread}
        cold: dict[str, dict[str, int]] = {}  # lazy part -> key -> its place, for the items not read
        place: dict[str, dict[str, int]] = {}  # lazy part -> key -> its place, for the items read now
        with codec.paused_gc():
            for key, data in sorted(self._read_rows(name, wanted)):  # by code point, on any database
                is_list = key.startswith(KEYS)
                part, _, page = (key[1:] if is_list else key).partition(SEP)
                items = codec.loads_item(data)
                if not isinstance(items, list if is_list else dict):
                    raise StoreError(f"{self.db.name}: the saved {name!r} stage state has a malformed row {key!r}")
                page = int(page)
                state = known[part]
                if is_list:
                    state.listed[page] = hash(bytes(data))
                    if key[1:] not in unread:
                        continue  # (its page is read now)
                state.pages[page] = dict.fromkeys(items)
                state.where.update(dict.fromkeys(items, page))
                state.last = max(state.last, page)
                if is_list:
                    cold.setdefault(part, {}).update(zip(items, range(page * SLOT, page * SLOT + len(items))))
                else:
                    parts[part].update(items)
                    state.page_hash[page] = hash(bytes(data))
                    if part in lazy_parts:  # (a page stored before its stage listed keys: read now)
                        place.setdefault(part, {}).update(zip(items, range(page * SLOT, page * SLOT + len(items))))
            for part, keys_cold in cold.items():
                parts[part] = Paged(parts[part], keys_cold, self._fetcher(name, part), place.get(part, {}))
        self._saved[name] = known
        return parts

    def _read_rows(self, name: str, keys: list[str]) -> list:
        r = schema.state_rows
        with self.db.read() as conn:
            return select_in(conn, sa.select(r.c.key, r.c.data).where(r.c.stage == name), r.c.key, keys)

    def _fetcher(self, name: str, part: str):
        """What a ``Paged`` part calls to read pages: their items, as stored (and noted as read, for the next save)."""

        def fetch(pages: set[int]) -> dict:
            wanted = [f"{part}{SEP}{page:08d}" for page in sorted(pages)]
            rows = sorted(self._read_rows(name, wanted))
            if len(rows) != len(wanted):
                gone = sorted(set(wanted) - {key for key, _ in rows})
                raise StoreError(f"{self.db.name}: the {name!r} stage state lost rows since it was loaded ({gone[:3]}); "
                                 "was the store rebuilt meanwhile? Run again.")
            state = self._saved.get(name, {}).get(part)
            found: dict = {}
            with codec.paused_gc():
                for key, data in rows:
                    items = codec.loads_item(data)
                    if not isinstance(items, dict):
                        raise StoreError(f"{self.db.name}: the saved {name!r} stage state has a malformed row {key!r}")
                    found.update(items)
                    if state is not None:
                        state.page_hash[int(key.partition(SEP)[2])] = hash(bytes(data))
            return found

        return fetch

    def put_parts(self, name: str, parts: dict) -> Mapping[str, tuple[list[str], list[str]]]:
        """Save a stage's state, writing only the pages of items that changed.

        Row parts are ``codec.Rows`` (or, in a plain state, the dicts that ``parts[ROWS]`` names).
        Returns, per row part, (keys written or added, keys deleted) as far as this process can tell
        (a part without fingerprints reports the items of the pages it rewrote).
        """
        rows = {k: v if isinstance(v, codec.Rows) else codec.Rows(v) for k, v in parts.items()
                if isinstance(v, codec.Rows) or k in parts.get(ROWS, ())}
        head = {ROWS: list(rows), **{k: v for k, v in parts.items() if k not in rows and k != ROWS}}  # one layout, whichever way in
        known = self._saved.get(name)
        stale: list[str] = []
        if known is None:  # not read by this process: write everything afresh
            for group in rows.values():
                if isinstance(group.items, Paged):
                    group.items.warm_all()
            r = schema.state_rows
            with self.db.read() as conn:
                stale = list(conn.execute(sa.select(r.c.key).where(r.c.stage == name)).scalars())
            known = {}
        write: dict[str, bytes] = {}
        delete: list[str] = []
        changes = Changes()
        with codec.paused_gc():
            for part, group in rows.items():
                state = known.setdefault(part, _Part())
                changes.found[part] = self._save_part(name, part, group, state, write, delete)
        with self.db.atomic() as conn:
            self.db.on_rollback(lambda: self._saved.pop(name, None))
            self.put(name, codec.dumps(head))
            self._delete_rows(conn, name, set(stale) | set(delete) | set(write))
            if write:
                conn.execute(schema.state_rows.insert(), [{"stage": name, "key": k, "data": d} for k, d in write.items()])
        self._saved[name] = known
        return changes

    @staticmethod
    def _save_part(name: str, part: str, group: codec.Rows, state: _Part, write: dict, delete: list) -> tuple[list, list, list]:
        """(keys changed, keys added, keys deleted) of one row part, the pages to write put in ``write``."""
        items, plain, fingerprint = group.items, group.plain, group.fingerprint
        if group.lazy and group.touched is None:
            raise TypeError(f"state {name!r} part {part!r}: a lazy part must list the items its stage changes (touched)")
        cold = items.cold if isinstance(items, Paged) else {}
        present = dict.keys(items) if isinstance(items, dict) else items.keys()  # (a Paged's items read or added)
        dirty: set[int] = set()
        added: list[str] = []
        state.page = group.page or PAGE
        new = present - state.where.keys()
        for item in new:
            if not isinstance(item, str):  # (a key may hold U+001F: the part name never does, and is split off first)
                raise TypeError(f"state {name!r} part {part!r}: item keys must be strings, not {item!r}")
        if new:
            added = _in_order(items, new)
            dirty.update(state.extend(added))
        # (the keys of ``where`` are now those of ``items`` and the gone ones: none gone when the counts agree, as they
        # mostly do, and the whole part is not walked again to find them)
        gone = list(state.where.keys() - present - cold.keys()) if len(state.where) > len(items) else []
        for item in gone:
            page = state.where.pop(item)
            del state.pages[page][item]
            state.marks.pop(item, None)
            dirty.add(page)
        listing = set(dirty)  # the pages whose keys changed (their lists rewritten if lazy)
        changed: list[str] = []
        touched = group.touched
        where = state.where  # (its keys are now those of ``items``)
        if touched is not None:  # the stage says which items it changed: compare only those
            candidates = [item for item in touched if item in where and item not in new] if new else \
                [item for item in touched if item in where]
            candidates += added
            touched.clear()
        if fingerprint is not None:
            marks = state.marks
            marked = marks.get
            if touched is not None:
                for item in candidates:
                    mark = items[item] if fingerprint is codec.same else fingerprint(items[item])
                    if marked(item) != mark:
                        marks[item] = mark
                        dirty.add(where[item])
                        changed.append(item)
            else:
                if fingerprint is codec.same:  # counts and ids: compared as they are, no fingerprint call per item
                    pairs = _differing(items, marks)
                else:
                    pairs = zip(items, map(fingerprint, items.values()))
                for item, mark in pairs:
                    if marked(item) != mark:
                        marks[item] = mark
                        dirty.add(where[item])
                        changed.append(item)
        elif touched is not None:
            dirty.update(where[item] for item in candidates)
        if group.page is not None and changed and not group.lazy:  # (a lazy part's items keep their places: its order)
            _rehome(state, changed, dirty, listing)
        pack = codec.dumps_item
        for page in (dirty if fingerprint is not None or touched is not None else list(state.pages)):
            keys = state.pages.get(page)
            key = f"{part}{SEP}{page:08d}"
            if not keys:
                state.pages.pop(page, None)
                state.page_hash.pop(page, None)
                delete.append(key)
                if state.listed.pop(page, None) is not None:
                    delete.append(KEYS + key)
                continue
            data = pack({k: plain(items[k]) for k in keys} if plain else {k: items[k] for k in keys})
            digest = hash(data)
            if state.page_hash.get(page) != digest:
                state.page_hash[page] = digest
                write[key] = data
                if fingerprint is None:
                    changed.extend(keys)
        _list_keys(part, state, group.lazy, listing, write, delete)
        return changed, added, gone

    def forget(self, name: str) -> None:
        """Forget what is stored for ``name``: its next save writes every row afresh."""
        self._saved.pop(name, None)

    def remember(self, name: str, parts: dict) -> None:
        """After loading a stage: note its items' fingerprints as saved, so the next save compares by them.

        Only for parts whose stage does not list the items it changes: a listed (touched) item with no
        fingerprint noted counts as changed, and its page is rewritten only if its bytes differ. Taking
        every item's fingerprint at load cost a pass over the whole state (0.5 s at 100k articles)."""
        known = self._saved.get(name)
        if known is None:
            return
        with codec.paused_gc():
            for part, group in parts.items():
                if isinstance(group, codec.Rows) and group.fingerprint is not None and group.touched is None and part in known:
                    fingerprint = group.fingerprint
                    known[part].marks = {item: fingerprint(value) for item, value in group.items.items()}

    def _delete_rows(self, conn, name: str, keys: Iterable[str]) -> None:
        r = schema.state_rows
        delete_in(conn, r.c.key, list(keys), r.c.stage == name)

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

    def get_whole(self, name: str) -> bytes | None:
        """A stage's state as one ``to_state``-style value, whether it is stored whole or split."""
        parts = self.get_parts(name, lazy=False)
        return None if parts is None else codec.dumps(parts)

    def put_whole(self, name: str, value: bytes) -> None:
        """Save ``to_state`` bytes: split into rows if the state names ``ROWS``, else whole (dropping any rows)."""
        if not isinstance(value, (bytes, bytearray)):
            raise TypeError(f"state {name!r} must be bytes from the stage's to_state, not {type(value).__name__}")
        parts = codec.loads(value) if bytes(value[:len(codec.MAGIC)]) == codec.MAGIC else None  # (else refused when read)
        if isinstance(parts, dict) and ROWS in parts:
            self.put_parts(name, parts)
            return
        with self.db.atomic() as conn:
            self.put(name, value)
            conn.execute(schema.state_rows.delete().where(schema.state_rows.c.stage == name))
        self._saved.pop(name, None)

    def reset(self) -> None:
        """Forget every stage's state and output so the next ``process`` recomputes them from the stored articles."""
        a = schema.articles
        with self.db.atomic() as conn:
            for table in (schema.state, schema.state_rows, schema.entities, schema.article_entities, schema.events, schema.stories):
                conn.execute(table.delete())
            self._saved.clear()
            conn.execute(a.update().values(analyzed=0, clustered=0, duplicate_of=None, event_id=None, story_id=None))
