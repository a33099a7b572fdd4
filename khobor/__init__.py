"""khobor: raw Bengali news text in, articles, events, stories and entities out.

    import khobor
    store = khobor.open("khobor.db")
    store.ingest(["news/"])
"""

from __future__ import annotations

from khobor.errors import ConfigError, IngestError, KhoborError, NotFittedError, StoreError
from khobor.model import Article, Entity, Event, Mention, Quote, RawDoc, Story, TimeExpr

# imported on first use: a worker process that only analyzes never needs the store (SQLAlchemy) or ingest
_LAZY = {"FieldMapping": "khobor.ingest", "SearchHit": "khobor.store", "SearchResult": "khobor.store", "Store": "khobor.store"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'khobor' has no attribute {name!r}")

__version__ = "0.1.0"
__all__ = [
    "Article", "ConfigError", "Entity", "Event", "FieldMapping", "IngestError", "KhoborError", "Mention",
    "NotFittedError", "Quote", "RawDoc", "SearchHit", "SearchResult", "Store", "Story", "StoreError",
    "TimeExpr", "open",
]


def open(path: str = "khobor.db", *, read_only: bool = False) -> Store:  # noqa: A001 - mirrors sqlite3.connect
    """Open (and create or migrate) a khobor store: a SQLite path or an SQLAlchemy URL."""
    from khobor.service.corpus import Corpus

    return Corpus(path, read_only=read_only)
