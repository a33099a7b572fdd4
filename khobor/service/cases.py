"""What a user asks for, one function each: the CLI calls these in one line (the web calls the same
searches, reads and corrections), so neither reads tables of its own.

Each takes an open store. Writing use cases hold the store's writer lock, so a run, a rebuild and
a correction never interleave.
"""

from __future__ import annotations

import re

from khobor import pipeline
from khobor.errors import KhoborError
from khobor.ingest import FieldMapping
from khobor.model import Article, Entity
from khobor.service.corrections import correct as _correct
from khobor.service.search import search  # noqa: F401 - a use case of its own
from khobor.store import Store


def tell_waits(notify) -> None:
    """``notify(store, holder)`` is called when a writing use case waits for another process's writer lock."""
    from khobor.store import lock

    lock.default_on_wait = notify


def ingest(store: Store, paths, *, mapping: FieldMapping, batch_size: int = 500, on_progress=None) -> pipeline.IngestReport:
    """Read files into the store (bad inputs listed in the report, not raised)."""
    with store.writer():
        return pipeline.ingest(store, paths, mapping=mapping, batch_size=batch_size, on_progress=on_progress)


def run(store: Store, paths, *, mapping: FieldMapping, batch_size: int = 500, gazetteer=None, workers=None,
        executor: str = "process", scheduler=None, on_progress=None, on_ingested=None) -> tuple[pipeline.IngestReport, dict]:
    """Ingest, then every stage over what is new; returns the ingest report and the store's summary.
    ``on_ingested(report)`` is told as soon as the files are read, before the stages run."""
    with store.writer():
        if executor == "dask":  # every stage that can run apart runs on the cluster (docs/scale.md)
            from khobor.executors.dask_run import DaskRun

            with DaskRun(store, workers=workers, scheduler=scheduler, gazetteer=gazetteer) as on_dask:
                report = on_dask.ingest(paths, mapping=mapping, batch_size=batch_size, on_progress=on_progress)
                if on_ingested:
                    on_ingested(report)
                on_dask.process(batch_size=batch_size, on_progress=on_progress)
            return report, store.summary()
        paths = list(paths)
        pool = pipeline.early_executor(paths, gazetteer, workers, executor)  # loads its models while we read
        if pool is None:
            report = ingest(store, paths, mapping=mapping, batch_size=batch_size, on_progress=on_progress)
            if on_ingested:
                on_ingested(report)
            pipeline.process(store, on_progress=on_progress, gazetteer=gazetteer, batch_size=batch_size,
                             workers=workers, executor=executor, scheduler=scheduler)
            return report, store.summary()
        with pool:  # the workers analyze the first batches while the next ones are read
            report = pipeline.IngestReport()
            steps = pipeline.ingest_steps(store, paths, report, mapping=mapping, batch_size=batch_size,
                                          on_progress=on_progress)
            pipeline.process(store, on_progress=on_progress, gazetteer=gazetteer, batch_size=batch_size,
                             workers=workers, executor=executor, pool=pool, arriving=steps)
            for _ in steps:  # read already when anything was analyzed; this reads what is left otherwise
                pass
            if on_ingested:
                on_ingested(report)
        return report, store.summary()


def rebuild(store: Store, *, gazetteer=None, workers=None, executor: str = "process", scheduler=None,
            on_progress=None) -> dict[str, int]:
    """Forget every stage's state and recompute it from the stored articles."""
    with store.writer():  # no run may write between the reset and the recompute
        store.reset_stages()
        return pipeline.process(store, on_progress=on_progress, gazetteer=gazetteer, workers=workers,
                                executor=executor, scheduler=scheduler)


def show(store: Store, article_id: str) -> Article:
    """One article by id or unique prefix."""
    article = store.article(article_id)
    if article is None:
        raise KhoborError(f"no article {article_id!r}")
    return article


def explain(store: Store, article_id: str) -> tuple[Article, str]:
    """The article and, in words, why it is in its event (entity ids named)."""
    from khobor.cluster.events import explain as explain_event

    article = show(store, article_id)
    why = article.extras.get("event_why") or {}
    story_why = _story_why(store, article)
    named = [*why.get("shared_entities", ()), *_ENTITY_ID.findall(story_why)]  # entity ids both explanations name
    names = {e.id: e.name for e in store.entities(ids=named)} if named else {}
    if why.get("shared_entities"):
        article.extras["event_why"] = {**why, "shared_entities": [names.get(e, e) for e in why["shared_entities"]]}
    story_why = _ENTITY_ID.sub(lambda m: names.get(m.group(0), m.group(0)), story_why)  # entity ids named: their names for readers
    return article, " ".join(filter(None, [explain_event(article), story_why]))


_ENTITY_ID = re.compile(r"\be[0-9a-f]{12}\b")


def _story_why(store: Store, article: Article) -> str:
    """Why the article's event is in its story, in the words the story stage wrote on its timeline (entity ids)."""
    story = store.story(article.story_id) if article.story_id else None
    entry = next((x for x in (story.extras.get("timeline") or []) if x.get("event_id") == article.event_id), None) if story else None
    return (entry or {}).get("why", "")


def entities(store: Store, *, type: str | None = None, top: int | None = None, ids=None) -> list[Entity]:
    """Entities, most reported first (only ``ids`` when given)."""
    return store.entities(type=type, ids=ids) if ids else store.entities(type=type, limit=top)


def correct(store: Store, name: str, target: str, value) -> dict:
    """One correction (move_article, split_event, merge_entities, split_entity), under the writer lock."""
    with store.writer():
        return _correct(store, name, target, value)


def cluster_rows(store: Store) -> list[tuple[str, str, str | None]]:
    """(id, source, event id) of every article, to score events against gold labels."""
    return [(a.id, a.source, a.event_id) for a in store.articles()]


def pair_rows(store: Store) -> list[dict]:
    """Every article with the places it was found and its groups, to score labelled pairs."""
    sources = store.sources_by_article()
    return [{"id": a.id, "sources": [a.source, *sources.get(a.id, ())], "event_id": a.event_id, "story_id": a.story_id,
             "duplicate_of": a.duplicate_of, "language": a.language, "title": a.title} for a in store.articles()]
