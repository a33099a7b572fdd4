"""The pipeline: ingest -> clean -> store, then analyze and the corpus stages.

Per-article stages run on articles whose flag says they have not run yet;
corpus stages keep their fitted state in the store and see only new articles,
so tomorrow's files do not recompute the past. Each batch is one transaction.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from khobor.clean import LineStats, clean
from khobor.errors import IngestError
from khobor.ingest import FieldMapping, find_files, read_file
from khobor.model import Article
from khobor.store import Store

Progress = Callable[[str, int, int | None], None]  # (task, advance, total)


@dataclass
class IngestReport:
    files: int = 0
    skipped_files: int = 0
    documents: int = 0
    added: int = 0
    problems: list[IngestError] = field(default_factory=list)

    @property
    def already_stored(self) -> int:
        return self.documents - self.added

    @property
    def partial(self) -> bool:
        return bool(self.problems)


def _noop(task: str, advance: int, total: int | None) -> None:
    pass


def ingest(store: Store, paths: Iterable[str | Path], *, mapping: FieldMapping = FieldMapping(),
           batch_size: int = 500, on_progress: Progress | None = None) -> IngestReport:
    """Read every file under ``paths`` into the store; bad files are reported, not fatal."""
    progress = on_progress or _noop
    report = IngestReport()
    found = list(find_files(paths))
    progress("ingest", 0, len(found))
    batch: list[Article] = []
    problems: list[IngestError] = []
    finished: list[tuple[Path, int, int]] = []
    saved = store.get_state("line_stats")
    line_stats = LineStats.from_state(saved) if saved else LineStats()

    flushes = 0

    def flush(final: bool = False) -> None:
        nonlocal flushes
        flushes += 1
        with store.atomic():
            report.added += store.add_articles(batch)
            if final or flushes % 20 == 0:  # a heuristic cache: saving it every batch would cost O(n^2)
                store.put_state("line_stats", line_stats.to_state())
            store.record_problems([(p.source, p.reason) for p in problems])
            for path, documents, failed in finished:
                store.record_file(path, documents, failed)
        report.problems.extend(problems)
        batch.clear(), problems.clear(), finished.clear()

    for item in found:
        if isinstance(item, IngestError):
            problems.append(item)
            progress("ingest", 1, None)
            continue
        report.files += 1
        if store.file_done(item):
            report.skipped_files += 1
            progress("ingest", 1, None)
            continue
        documents = failed = 0
        for doc in read_file(item, mapping):
            if isinstance(doc, IngestError):
                problems.append(doc)
                failed += 1
                continue
            try:
                line_stats.partial_fit([doc])  # lines repeated across an outlet's articles are boilerplate
                article = clean(doc, line_stats=line_stats)
            except Exception as error:  # one bad document must not sink the batch
                problems.append(IngestError(doc.source, f"could not be cleaned ({type(error).__name__}: {error})"))
                failed += 1
                continue
            if not article.body.strip():
                problems.append(IngestError(doc.source, "no article text left after cleaning"))
                failed += 1
                continue
            batch.append(article)
            documents += 1
            if len(batch) >= batch_size:
                flush()
        report.documents += documents
        finished.append((item, documents, failed))
        progress("ingest", 1, None)
    flush(final=True)
    return report


# -- later stages -------------------------------------------------------------

def _optional(module: str):
    """A stage module if it is part of this install; stages that do not exist yet leave their fields empty."""
    return importlib.import_module(module) if importlib.util.find_spec(module) else None


def process(store: Store, *, on_progress: Progress | None = None, batch_size: int = 500) -> dict[str, int]:
    """Run analyze and the corpus stages over everything not yet processed."""
    progress = on_progress or _noop
    done = {"analyzed": 0, "clustered": 0}
    analyze = _optional("khobor.analyze.pipeline_stage")
    if analyze is not None:
        pending = store.count(where=store_flag("analyzed"))
        progress("analyze", 0, pending)
        for batch in store.pending("analyzed", batch_size):
            analyze.run(store, batch)
            done["analyzed"] += len(batch)
            progress("analyze", len(batch), None)
    corpus = _optional("khobor.cluster.pipeline_stage")
    if corpus is not None:
        pending = store.count(where=store_flag("clustered"))
        progress("cluster", 0, pending)
        for batch in store.pending("clustered", batch_size):
            corpus.run(store, batch)
            done["clustered"] += len(batch)
            progress("cluster", len(batch), None)
    return done


def store_flag(flag: str):
    from khobor.store.schema import articles

    return articles.c[flag] == 0
