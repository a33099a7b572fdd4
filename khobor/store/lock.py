"""One writer at a time: an advisory lock file beside a SQLite store (PostgreSQL: an advisory lock, see db.py).

Two `khobor run` on one store at once would both read "not stored yet" and
insert the same articles; the loser's whole batch failed. The writer lock
makes the second wait for the first (and say so). The operating system drops
the lock when its holder dies, even by kill -9, so a killed run never leaves
the store locked.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from khobor.errors import StoreBusyError

DEFAULT_TIMEOUT = 1800.0  # seconds; a long run on a big corpus takes minutes
# Called as on_wait(store_path, holder) when a writer has to wait and its caller gave no on_wait:
# the CLI sets it so that every wait is announced, including one while a store is being opened.
default_on_wait: Callable[[str, str], None] | None = None


def lock_timeout() -> float:
    value = os.environ.get("KHOBOR_LOCK_TIMEOUT")
    try:
        return float(value) if value else DEFAULT_TIMEOUT
    except ValueError:
        from khobor.errors import ConfigError

        raise ConfigError(f"KHOBOR_LOCK_TIMEOUT={value!r}: expected a number of seconds") from None


@contextmanager
def writer_lock(store_path: str | os.PathLike, *, timeout: float | None = None,
                on_wait: Callable[[str, str], None] | None = None) -> Iterator[None]:
    """Hold the store's writer lock; wait up to ``timeout`` seconds for another writer to finish.

    ``on_wait(store_path, holder)`` is called once if the lock is taken (holder: who, as far as known).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no advisory locks on this platform: SQLite's own locking only
        yield
        return
    path = Path(f"{store_path}.lock")
    timeout = lock_timeout() if timeout is None else timeout
    handle = open(path, "a+")
    try:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(path)
                notify = on_wait or default_on_wait
                if not told and notify is not None:
                    notify(str(store_path), holder)
                    told = True
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"{store_path}: another khobor process ({holder}) is writing to this store; gave up after "
                        f"{timeout:g} s. Run again when it has finished (or set KHOBOR_LOCK_TIMEOUT to wait longer)."
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _holder(path: Path) -> str:
    try:
        return path.read_text().strip() or "pid unknown"
    except OSError:
        return "pid unknown"
