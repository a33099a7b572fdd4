"""A safe codec for stage state: plain data in, plain data out, nothing ever run.

Stage state used to be pickled, and loading a pickle runs whatever code the
file names, so a store received from someone else could take over the machine.
This codec writes MessagePack with a few extension tags for the containers the
stages use (tuple, set, Counter, defaultdict, deque), numeric numpy arrays (raw
bytes plus dtype and shape, never object dtype) and the dataclasses of
``khobor.model``, rebuilt by field name from a fixed registry. Loading imports
nothing and calls no function named by the data; an unknown tag, class, field
or dtype is refused with a ``StoreError``.
"""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

import msgpack
import numpy as np
import zstandard

from khobor import model
from khobor.errors import StoreError

MAGIC = b"KHBS"  # every encoded value starts with this, then one byte: PLAIN or ZSTD
PLAIN, ZSTD = b"\x01", b"\x02"
# States past this size are zstd-compressed (level 1): names and terms repeat a lot, so
# stage states shrink about 3x for ~30 ms per 4 MB, and every batch rewrites them.
COMPRESS_ABOVE = 64 * 1024

TUPLE, SET, FROZENSET, COUNTER, DEFAULTDICT, DEQUE, NDARRAY, NPSCALAR, DATACLASS = range(1, 10)

# The only classes that can be rebuilt; a name not here is refused.
CLASSES: dict[str, type] = {c.__name__: c for c in (model.RawDoc, model.Mention, model.TimeExpr, model.Quote,
                                                     model.Article, model.Entity, model.Event, model.Story)}
FIELDS = {name: tuple(f.name for f in fields(cls)) for name, cls in CLASSES.items()}
# defaultdict factories by name, both ways.
FACTORIES: dict[str, Any] = {"list": list, "int": int, "float": float, "set": set, "dict": dict,
                             "Counter": Counter, "deque": deque}
FACTORY_NAMES = {v: k for k, v in FACTORIES.items()}
DTYPE = re.compile(r"[<>|=]?[biufc]\d{1,2}")  # bool, integers, floats, complex: nothing that holds objects


def dumps(obj: Any) -> bytes:
    """Encode plain data; raises TypeError naming anything it cannot encode safely."""
    try:
        with paused_gc():
            packed = _pack(obj)
    except OverflowError as error:
        raise TypeError(f"cannot encode an integer outside 64 bits ({error})") from error
    if len(packed) > COMPRESS_ABOVE:
        return MAGIC + ZSTD + zstandard.ZstdCompressor(level=1).compress(packed)
    return MAGIC + PLAIN + packed


def loads(data: bytes) -> Any:
    """Decode what ``dumps`` wrote; anything else is a StoreError, never code run."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise StoreError(f"stage state must be bytes, not {type(data).__name__}")
    data = bytes(data)
    kind = data[len(MAGIC):len(MAGIC) + 1]
    if not data.startswith(MAGIC) or kind not in (PLAIN, ZSTD):
        raise StoreError(f"stage state is not in khobor's state format (starts with {data[:8]!r})")
    try:
        body = data[len(MAGIC) + 1:]
        if kind == ZSTD:
            body = zstandard.ZstdDecompressor().decompress(body)
        with paused_gc():
            return _unpack(body)
    except StoreError:
        raise
    except RecursionError as error:
        raise StoreError("stage state is nested too deeply") from error
    except Exception as error:  # msgpack's own errors for truncated or malformed data
        raise StoreError(f"stage state is corrupt ({type(error).__name__}: {error})") from error


@dataclass
class Rows:
    """A part of a stage's state that grows with the corpus, kept by the store as one row per item
    (khobor/store/state.py) so that a batch writes only the items it changed.

    ``plain`` turns an item into plain data; ``fingerprint`` is a cheap value that changes whenever the
    item does as the stage fits (None: compare the encoded item itself, always right but slower).
    ``touched``: the keys of the items the stage changed in place since its last save, kept by the stage in
    a set that the store empties once it has saved them; only those are compared, so a save costs what the
    batch changed, not the size of the state (added and deleted keys are found whether listed or not).
    None: the stage does not keep count, and every item is compared.
    """

    items: Mapping[str, Any]
    plain: Callable[[Any], Any] | None = None
    fingerprint: Callable[[Any], Any] | None = None
    touched: set[str] | None = None
    lazy: bool = False  # loaded as a ``khobor.paged.Paged``: its items read when first asked for (needs ``touched``)
    page: int | None = None  # items a stored row holds (None: the store's default); for large items read or changed few at a time

    def as_plain(self) -> dict[str, Any]:
        return {k: self.plain(v) for k, v in self.items.items()} if self.plain else dict(self.items)


ROWS = "__rows__"  # in a state's plain form: the names of its parts kept as rows


def same(value: Any) -> Any:
    """Fingerprint of a scalar item (a count, an id): the value itself."""
    return value


def seq_hash(value: Any) -> Any:
    """Fingerprint of a list, tuple or deque of scalars; an unhashable item makes it differ every time (always saved)."""
    try:
        return hash(tuple(value))
    except TypeError:
        return object()


def items_hash(value: Mapping) -> Any:
    """Fingerprint of a dict or Counter of scalars, in its order; as ``seq_hash`` for anything unhashable."""
    try:
        return hash(tuple(value.items()))
    except TypeError:
        return object()


def plain_parts(parts: dict[str, Any]) -> dict[str, Any]:
    """A stage's ``state_parts`` as plain data (what ``to_state`` encodes and ``from_parts`` reads)."""
    with paused_gc():
        out = {k: v.as_plain() if isinstance(v, Rows) else v for k, v in parts.items()}
    rows = [k for k, v in parts.items() if isinstance(v, Rows)]
    return {ROWS: rows, **out} if rows else out


def dumps_item(obj: Any) -> bytes:
    """One item of a split state (khobor/store/state.py): bare MessagePack, no header, never compressed
    (items are small and many; the caller pauses the cycle collector around a loop of them)."""
    try:
        return _pack(obj)
    except OverflowError as error:
        raise TypeError(f"cannot encode an integer outside 64 bits ({error})") from error


def loads_item(data: bytes) -> Any:
    """Decode what ``dumps_item`` wrote; anything else is a StoreError, never code run."""
    try:
        return _unpack(data)
    except StoreError:
        raise
    except RecursionError as error:
        raise StoreError("stage state is nested too deeply") from error
    except Exception as error:
        raise StoreError(f"stage state is corrupt ({type(error).__name__}: {error})") from error


def counter(items: dict) -> Counter:
    """``Counter(items)`` for a plain dict, without ``Counter.__init__``'s Python-level type checks and update:
    a loaded events state builds three per event (0.4 of 0.75 CPU-s of its rebuilding at 100k articles)."""
    out = Counter.__new__(Counter)
    dict.update(out, items)
    return out


@contextmanager
def paused_gc():
    """No cycle collection while building many small acyclic objects: each pass walks the whole heap
    (measured: decoding a 3.9 MB entity state took 0.56 s with it, 0.19 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _pack(obj: Any) -> bytes:
    return msgpack.packb(obj, default=_default, use_bin_type=True, strict_types=True)


def _unpack(data: bytes) -> Any:
    return msgpack.unpackb(data, ext_hook=_ext, raw=False, strict_map_key=False, use_list=True)


def _default(obj: Any) -> msgpack.ExtType:
    """Tags for what MessagePack has no type for (strict_types sends subclasses such as Counter here too)."""
    kind = type(obj)
    if kind is tuple:
        return msgpack.ExtType(TUPLE, _pack(list(obj)))
    if kind is set:
        return msgpack.ExtType(SET, _pack(list(obj)))
    if kind is frozenset:
        return msgpack.ExtType(FROZENSET, _pack(list(obj)))
    if kind is Counter:
        return msgpack.ExtType(COUNTER, _pack(dict(obj)))
    if kind is defaultdict:
        name = FACTORY_NAMES.get(obj.default_factory)
        if name is None:
            raise TypeError(f"cannot encode a defaultdict of {obj.default_factory!r}")
        return msgpack.ExtType(DEFAULTDICT, _pack([name, dict(obj)]))
    if kind is deque:
        return msgpack.ExtType(DEQUE, _pack([obj.maxlen, list(obj)]))
    if isinstance(obj, (np.ndarray, np.generic)) and not DTYPE.fullmatch(obj.dtype.str):
        raise TypeError(f"cannot encode numpy values of dtype {obj.dtype} (only bool and numbers)")
    if kind is np.ndarray:
        return msgpack.ExtType(NDARRAY, _pack([obj.dtype.str, list(obj.shape), obj.tobytes()]))
    if isinstance(obj, np.generic):
        return msgpack.ExtType(NPSCALAR, _pack([obj.dtype.str, obj.tobytes()]))
    if is_dataclass(obj) and CLASSES.get(kind.__name__) is kind:
        return msgpack.ExtType(DATACLASS, _pack([kind.__name__, {f: getattr(obj, f) for f in FIELDS[kind.__name__]}]))
    raise TypeError(f"cannot encode {kind.__module__}.{kind.__qualname__} in stage state")


def _ext(code: int, data: bytes) -> Any:
    value = _unpack(data)
    if code == TUPLE:
        return tuple(_list(value, "tuple"))
    if code == SET:
        return set(_list(value, "set"))
    if code == FROZENSET:
        return frozenset(_list(value, "frozenset"))
    if code == COUNTER:
        return counter(_dict(value, "Counter"))
    if code == DEFAULTDICT:
        name, items = _pair(value, "defaultdict")
        if name not in FACTORIES:
            raise StoreError(f"stage state has a defaultdict of unknown kind {name!r}")
        out = defaultdict(FACTORIES[name])
        out.update(_dict(items, "defaultdict"))
        return out
    if code == DEQUE:
        maxlen, items = _pair(value, "deque")
        if maxlen is not None and (type(maxlen) is not int or maxlen < 0):
            raise StoreError(f"stage state has a deque with a bad maxlen {maxlen!r}")
        return deque(_list(items, "deque"), maxlen)
    if code == NDARRAY:
        if not isinstance(value, list) or len(value) != 3:
            raise StoreError("stage state has a malformed array")
        dtype, shape, raw = value
        dtype = _check_dtype(dtype)
        if not isinstance(shape, list) or not all(type(n) is int and n >= 0 for n in shape) or not isinstance(raw, bytes):
            raise StoreError("stage state has a malformed array")
        if int(np.prod(shape, dtype=np.int64)) * dtype.itemsize != len(raw):
            raise StoreError(f"stage state has an array of shape {shape} whose data is {len(raw)} bytes")
        return np.frombuffer(bytearray(raw), dtype=dtype).reshape(shape)
    if code == NPSCALAR:
        dtype, raw = _pair(value, "numpy scalar")
        dtype = _check_dtype(dtype)
        if not isinstance(raw, bytes) or len(raw) != dtype.itemsize:
            raise StoreError("stage state has a malformed numpy scalar")
        return np.frombuffer(raw, dtype=dtype)[0]
    if code == DATACLASS:
        name, values = _pair(value, "record")
        cls = CLASSES.get(name) if isinstance(name, str) else None
        if cls is None:
            raise StoreError(f"stage state names a class khobor does not rebuild: {name!r}")
        values = _dict(values, name)
        unknown = set(values) - set(FIELDS[name])
        if unknown:
            raise StoreError(f"stage state has unknown fields for {name}: {sorted(map(str, unknown))}")
        return cls(**values)
    raise StoreError(f"stage state has an unknown tag {code} (written by a newer khobor, or not by khobor)")


def _check_dtype(name: Any) -> np.dtype:
    if not isinstance(name, str) or not DTYPE.fullmatch(name):
        raise StoreError(f"stage state has an array of a type khobor does not load: {name!r}")
    return np.dtype(name)


def _list(value: Any, what: str) -> list:
    if not isinstance(value, list):
        raise StoreError(f"stage state has a malformed {what}")
    return value


def _dict(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise StoreError(f"stage state has a malformed {what}")
    return value


def _pair(value: Any, what: str) -> list:
    if not isinstance(value, list) or len(value) != 2:
        raise StoreError(f"stage state has a malformed {what}")
    return value
