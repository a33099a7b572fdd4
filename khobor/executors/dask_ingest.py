"""What a Dask worker runs for `khobor run --executor dask`: read a file, then clean and analyze parts of it.

Cleaning needs to know which lines of an article were already seen in earlier articles of its outlet
(repeated lines are boilerplate). A worker reports each document's line hashes; the driver counts them
in input order, a whole slice of a file before any of it is cleaned, exactly as a single run does, and sends
back for each document the lines that count as repeated then. So a worker cleans with a single run's knowledge and no shared state.
"""

from __future__ import annotations

from pathlib import Path

from khobor.clean import LineStats, clean
from khobor.clean.boilerplate import line_key
from khobor.errors import IngestError, IngestWarning
from khobor.ingest import FieldMapping, read_file
from khobor.model import RawDoc


def read_docs(path: str, mapping: FieldMapping) -> list:
    """Every document (RawDoc), warning and problem of one file, in file order; kept on the worker."""
    return list(read_file(Path(path), mapping))


def take(items: list, lo: int, hi: int) -> list:
    """``items[lo:hi]``: the documents of one part, so only they travel to the worker that cleans it."""
    return items[lo:hi]


def line_keys(items: list) -> list[tuple]:
    """What the driver needs of each item: ("doc", id, outlet, line hashes, its opener's hash if any, its long lines'
    sentence hashes), or the warning or problem itself."""
    out = []
    for item in items:
        if isinstance(item, RawDoc):
            stats = LineStats().partial_fit([item])  # the stage's own line hashing (HTML extracted first)
            (outlet, keys), = stats.counts_.items()
            out.append(("doc", item.id, outlet, list(keys), list(stats.openers_.get(outlet, ())),
                        list(stats.page_sets_.get(outlet, ()))))
        elif isinstance(item, (IngestError, IngestWarning)):
            out.append(("problem", item))
    return out


class Repeated:
    """The line statistics one document needs: which of its lines were repeated when it was read."""

    def __init__(self, keys: frozenset, appended: frozenset = frozenset(), seen: frozenset = frozenset(),
                 openers: frozenset = frozenset(), run_on: bool = False, page_sets: dict | None = None):
        self.keys, self.appended, self.seen, self.openers, self.run_on = keys, appended, seen, openers, run_on
        self.page_sets = page_sets or {}

    def is_repeated(self, outlet: str | None, text: str) -> bool:
        return line_key(text) in self.keys

    def is_appended(self, outlet: str | None, text: str) -> bool:
        return line_key(text) in self.appended

    def is_seen(self, outlet: str | None, text: str) -> bool:
        return line_key(text) in self.seen

    def is_opener(self, outlet: str | None, text: str) -> bool:
        return line_key(text) in self.openers

    def runs_on(self, outlet: str | None) -> bool:
        return self.run_on

    def page_set(self, outlet: str | None, text: str) -> int:
        return self.page_sets.get(line_key(text), 0)


def clean_and_analyze(items: list, plan: list[tuple]) -> list:
    """For each (index into ``items``, then the ``Repeated`` sets: repeated lines, lines so repeated they are appended
    furniture, lines seen in another article, other pages' openers, whether the outlet runs stories on and then its sentences' page sets) of ``plan``: the cleaned and analyzed Article, or
    the IngestError saying why it could not be cleaned. ``None`` for repeated lines means the document is stored
    already: only its source is recorded, as a single run does."""
    from khobor.executors.work import analyze_chunk
    from khobor.model import Article

    out, fresh = [], []
    for index, repeated, *rest in plan:
        doc = items[index]
        if repeated is None:
            out.append(Article(id=doc.id, source=doc.source, body=""))
            continue
        try:
            article = clean(doc, line_stats=Repeated(repeated, *rest))
        except Exception as error:  # one bad document must not sink the part
            out.append(IngestError(doc.source, f"could not be cleaned ({type(error).__name__}: {error})"))
            continue
        if not article.body.strip():
            out.append(IngestError(doc.source, "no article text left after cleaning"))
            continue
        out.append(article)
        fresh.append(article)
    analyze_chunk(fresh)
    return out
