"""Errors khobor raises on purpose.

    KhoborError
     ├── IngestError      a source could not be read as news text (.source, .reason)
     ├── IngestWarning    a source was read, but not perfectly (.source, .reason): reported, not refused
     ├── StoreError       the database refused or is not a khobor store
     ├── ConfigError      a bad option or field mapping
     └── NotFittedError   a corpus stage used before it has seen any data (.stage)
"""

from __future__ import annotations


class KhoborError(Exception):
    """Root of every error khobor raises on purpose."""


class IngestError(KhoborError):
    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self):
        """Pickled as its two arguments: a Dask worker sends refused documents back to the driver (the default
        would call the class with the one joined message, and unpickling would fail the whole run)."""
        return type(self), (self.source, self.reason)


class IngestWarning(KhoborError):
    """Not a refusal: the source was stored, and the user should know what was repaired."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    __reduce__ = IngestError.__reduce__


class StoreError(KhoborError):
    pass


class StoreBusyError(StoreError):
    """Another process is writing to the store and did not finish within the wait."""


class ConfigError(KhoborError):
    pass


class NotFittedError(KhoborError, ValueError, AttributeError):
    def __init__(self, stage: str):
        super().__init__(f"{stage} has not been fitted yet")
        self.stage = stage

    def __reduce__(self):
        return type(self), (self.stage,)


# SQLite's words for a file that is not (or no longer) a readable database.
_DAMAGE = ("database disk image is malformed", "file is not a database", "malformed database schema")


def damaged_store_handler(path: str):
    """An SQLAlchemy ``handle_error`` listener: a damaged SQLite file becomes one StoreError naming it."""

    def handle(context) -> None:
        reason = str(context.original_exception)
        if any(words in reason for words in _DAMAGE):
            raise StoreError(f"{path}: the store is damaged ({reason}). Restore it from a backup, or move it "
                             "aside and run `khobor run` on your input again to rebuild it "
                             f"(`sqlite3 {path} .recover` may save what is left).") from context.original_exception

    return handle
