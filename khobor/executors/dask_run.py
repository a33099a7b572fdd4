"""`khobor run --executor dask`: every stage that can run apart runs on the Dask workers.

- **ingest, clean, analyze**: each file is read on a worker and stays there; the driver counts each
  document's line hashes in input order (as a single run's line statistics would) and sends back,
  for parts of ``batch_size`` documents, which of their lines were repeated when they were read; a worker
  cleans and analyzes its part. The driver stores the parts in input order and resolves entities.
- **near-duplicates**: MinHash band keys shuffled by key (``dask_dedup``), rows numbered as a single
  run numbers them (batch after batch, each in publication order), so the copies are a single run's.
- **events**: clustered per time block in parallel, merged across block borders (``dask_events``).
- **stories and the store write**: in the driver. The block decisions are replayed through the events
  stage itself (a choice per report given, not searched for), so the stored events, their explanations
  and the saved state are what later runs build on, as after a single run.

A store that already holds dedup or events state (a later run adding to it) clusters the new
articles in the driver, as a single run does: the distributed search is for an archive's first run.
"""

from __future__ import annotations

from collections import Counter, deque
from pathlib import Path

from khobor.clean.boilerplate import APPENDED_MIN_DOCS, add_page, shows_run_on
from khobor.cluster.events import EventClusterer, _event_id
from khobor.cluster.pairs import Idf
from khobor.dedup import Deduper
from khobor.errors import IngestError, IngestWarning
from khobor.executors import dask_ingest
from khobor.executors.dask import DaskExecutor


class KnownCopies(Deduper):
    """A Deduper fitted elsewhere (the band shuffle): ``partial_fit`` links the copies it already found."""

    def __init__(self, fitted: Deduper, found: dict[str, tuple[str, str, float]]):
        super().__init__(**fitted.get_params())
        self.__dict__.update({k: v for k, v in fitted.__dict__.items() if k.endswith("_")})
        self.found = found

    def partial_fit(self, articles: list) -> "KnownCopies":
        for article in articles:
            if article.id in self.found:
                original, how, score = self.found[article.id]
                article.duplicate_of = original
                article.extras["duplicate_why"] = {"how": how, "score": round(float(score), 3)}
        return self


class Replayed(EventClusterer):
    """The events stage with each report's choice given (the time blocks' decision) instead of searched for.

    Everything else is the stage's own: profiles, copies confirmed on their opening, term weights, the
    events' dates and explanations, the saved state. ``decided``: article id -> its (merged) block event;
    ``whys``: article id -> why it joined there.
    """

    def __init__(self, decided: dict[str, str], whys: dict[str, dict], **params):
        super().__init__(**params)
        self.decided, self.whys = decided, whys
        self.opened: dict[str, str] = {}  # block event -> the event id it has here
        self.late_: set[str] = set()  # reports decided here, not by the blocks

    def _choose(self, prof):
        group = self.decided.get(prof.id)
        if self._late(prof):  # decided here, as a single run decides it (see ``_late``)
            self.late_.add(prof.id)
            target, why = EventClusterer._choose(self, prof)
            self.opened.setdefault(group, target or _event_id(prof.id))
            return target, why
        why = dict(self.whys.get(prof.id) or {"decided_by": "new", "score": 0.0})
        if why.get("decided_by") == "duplicate" and why.get("matched_article"):  # a copy by its opening: checked again here
            why["decided_by"] = "lexical"
            why.pop("duplicate_of", None), why.pop("lead_containment", None)
        if why.get("decided_by") == "new":  # the earlier event it continues: looked for here, where the last
            why.pop("related_event", None), why.pop("story_score", None)  # two weeks are all in view (a block sees 3 days)
            idf = Idf(self.df_, self.n_docs_)
            related = self._storyline(prof, self._keys(prof, idf), idf)
            if related is not None:
                why["related_event"], why["story_score"] = related
        target = self.opened.get(group)
        target = self.aliases_.get(target, target)
        if target is None or target not in self.events_:
            self.opened[group] = _event_id(prof.id)
            return None, why
        return target, why

    def _late(self, prof) -> bool:
        """An undated report (compared with every event still in the index), or one so far behind the newest one
        seen that an event it could join may be one a single run has closed (``keep_days``): which events the
        index still holds is a matter of the single run's whole history (closed events leave it lazily), which
        no time block has, but this replay has. Both are rare in an archive read in date order."""
        return prof.day is None or prof.day < self.latest_day_ - self.keep_days + self.window_days

    def _join_other_language(self, event_id, prof, why):
        if prof.id in self.late_:
            return super()._join_other_language(event_id, prof, why)
        return event_id  # the blocks merged languages already: their decision is in ``decided``


class DaskRun:
    """One `khobor run` on a Dask cluster: ``ingest`` then ``process``, the store written by this process only."""

    def __init__(self, store, *, workers: int | None = None, scheduler: str | None = None,
                 gazetteer: str | Path | None = None, block_days: float = 7.0, min_reports: int = 50):
        self.store, self.gazetteer, self.block_days, self.min_reports = store, gazetteer, block_days, min_reports
        if gazetteer:
            from khobor.errors import KhoborError
            from khobor.lang.bn.gazetteer import load_user_gazetteer

            try:
                load_user_gazetteer(gazetteer)  # read here, so a bad file is named before any worker starts
            except OSError as error:
                raise KhoborError(f"{gazetteer}: cannot read the gazetteer ({error.strerror or error})") from error
        self.executor = DaskExecutor(workers=workers, scheduler=scheduler, gazetteer=gazetteer)
        self.client = self.executor.client

    def close(self) -> None:
        self.executor.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ ingest, clean, analyze
    def ingest(self, paths, *, mapping=None, batch_size: int = 500, on_progress=None):
        """Read, clean and analyze every new document of ``paths`` on the workers; store them in input order."""
        from khobor import pipeline
        from khobor.clean import LineStats
        from khobor.ingest import FieldMapping, find_files

        store, progress = self.store, on_progress or pipeline._noop
        mapping = mapping or FieldMapping()
        if store.count(where=pipeline.flag_unset("analyzed")):  # left by an interrupted run: analyzed first, as a single run would
            self._analyze_pending(progress, batch_size)
        report = pipeline.IngestReport()
        found = list(find_files(paths))
        progress("ingest", 0, len(found))
        files = []
        self._unrecorded: list = []  # problems of reading, stored with the next part
        for item in found:
            if isinstance(item, IngestError):
                report.problems.append(item)
                self._unrecorded.append(item)
            else:
                report.files += 1
                if store.file_done(item):
                    report.skipped_files += 1
                else:
                    files.append(item)
        saved = store.get_state("line_stats")
        stats = LineStats.from_state(saved) if saved else LineStats()
        from khobor.analyze.entities import EntityResolver

        resolver = store.load_stage("entities", EntityResolver) or EntityResolver()  # (as a run reads it: parts saved as they change)
        self._aliased = set(resolver.aliases_)
        self._flushes = self._in_batch = 0
        planned: set[str] = set()  # ids of documents sent to be cleaned (stored, failed, or still on a worker)
        self._stored_ok: set[str] = set()  # ids stored as articles by this run
        parts: deque = deque()  # (file, its last part?, future, ids to store only if no earlier part stored them)
        counts = {}
        for path, docs in self._read_ahead(files, mapping):
            # the file is cut into slices of ``batch_size`` on the worker that read it: the line hashes of each
            # slice and its cleaning and analysis can run anywhere, moving that slice only, and the driver plans
            # the first slice while the others are hashed
            n = self.client.submit(len, docs, pure=False).result()
            slices = [self.client.submit(dask_ingest.take, docs, lo, lo + batch_size, pure=False) for lo in range(0, n, batch_size)]
            metas = [self.client.submit(dask_ingest.line_keys, s, pure=False) for s in slices]
            del docs  # the whole file leaves its worker once it is sliced
            counts[path] = [0, 0]
            if not slices:
                parts.append((path, True, self.client.submit(dask_ingest.clean_and_analyze, [], [], pure=False), set()))
            for j, (items, meta) in enumerate(zip(slices, metas)):
                plan, counted, maybe = self._plan(meta.result(), stats, planned, batch_size, report)
                counts[path][1] += counted[1]
                parts.append((path, j == len(slices) - 1, self.client.submit(dask_ingest.clean_and_analyze, items, plan, pure=False), maybe))
                while len(parts) > 2 * self.executor.workers:
                    self._store_part(*parts.popleft(), resolver, report, counts, progress)
        while parts:
            self._store_part(*parts.popleft(), resolver, report, counts, progress)
        stats.prune()
        with store.atomic():
            store.record_problems([(p.source, p.reason) for p in self._unrecorded])
            store.put_state("line_stats", stats.to_state())
            for path, (documents, failed) in counts.items():
                store.record_file(path, documents, failed)
        return report

    def _read_ahead(self, files: list, mapping):
        """(file, future of its items) in input order, a few files read ahead of the one being planned (not all
        at once: an archive's files would all sit in the workers' memory)."""
        ahead, queue, rest = 2 * self.executor.workers, deque(), iter(files)
        while True:
            while len(queue) < ahead and (path := next(rest, None)) is not None:
                queue.append((path, self.client.submit(dask_ingest.read_docs, str(path), mapping, pure=False)))
            if not queue:
                return
            yield queue.popleft()

    def _plan(self, meta: list[tuple], stats, planned: set, batch_size: int, report) -> tuple[list, list, set]:
        """Count one slice's lines in input order, the whole slice before any of it is planned, as a single run's
        ingest does (pruned where it prunes); returns (index, repeated lines or None) for each document,
        [documents, problems] of the slice, and the ids whose earlier copy is still being cleaned: stored only if
        that copy was not (a single run cleans a text again when its earlier copy was emptied by cleaning)."""
        known = self.store.existing_ids(m[1] for m in meta if m[0] == "doc")
        for m in meta:
            if m[0] == "doc" and m[1] not in stats.seen_:
                _, doc_id, outlet, keys, opener, sentences = m
                stats.seen_.add(doc_id)
                stats.docs_[outlet] += 1
                counts = stats.counts_.setdefault(outlet, Counter())
                stats.run_ons_[outlet] += shows_run_on(keys, opener, counts, stats.openers_.get(outlet, {}))
                counts.update(keys)
                add_page(stats.page_sets_.setdefault(outlet, {}), sentences, doc_id)
                if opener:  # (as LineStats.partial_fit: an outlet with no long line has no openers entry)
                    stats.openers_.setdefault(outlet, Counter()).update(opener)
        plan, counted, index, maybe = [], [0, 0], -1, set()
        for m in meta:
            if m[0] == "problem":
                index += 1
                if isinstance(m[1], IngestWarning):
                    report.warnings.append(m[1])
                else:
                    report.problems.append(m[1])
                    self._unrecorded.append(m[1])
                    counted[1] += 1
                continue
            index += 1
            _, doc_id, outlet, keys, opener, sentences = m
            if doc_id in known or doc_id in self._stored_ok:
                plan.append((index, None))
            else:
                line_counts, openers = stats.counts_.get(outlet, Counter()), stats.openers_.get(outlet, Counter())
                run_on, sets = stats.runs_on(outlet), stats.page_sets_.get(outlet, {})
                plan.append((index, frozenset(k for k in keys if line_counts[k] >= stats.min_docs),
                             frozenset(k for k in keys if line_counts[k] >= APPENDED_MIN_DOCS),
                             frozenset(k for k in keys if line_counts[k] >= 2),
                             frozenset(k for k in keys if openers[k] >= 1), run_on,
                             {k: sets[k] for k in sentences if k in sets} if run_on else {}))
                if doc_id in planned:
                    maybe.add(doc_id)
            planned.add(doc_id)
            self._in_batch += 1
            # where a single run's ingest commits a batch, and every 20th prunes (a document that then fails
            # to clean counts here but not there: prune points may differ by one; rare, and only after 20 batches;
            # pruning drops lines seen once, which no plan above asks about)
            if self._in_batch >= batch_size:
                self._in_batch = 0
                self._flushes += 1
                if self._flushes % 20 == 0:
                    stats.prune()
        return plan, counted, maybe

    def _store_part(self, path, last: bool, future, maybe: set, resolver, report, counts: dict, progress) -> None:
        from khobor import pipeline
        from khobor.model import Article

        results = future.result()
        for n, r in enumerate(results):
            if not isinstance(r, IngestError) and r.body:
                if r.id in maybe and r.id in self._stored_ok:  # an earlier copy was stored: this one is a source of it
                    results[n] = Article(id=r.id, source=r.source, body="")
                else:
                    self._stored_ok.add(r.id)
        batch = [r for r in results if not isinstance(r, IngestError)]
        problems = [r for r in results if isinstance(r, IngestError)]
        fresh = [a for a in batch if a.body]
        counts[path][0] += len(batch)
        counts[path][1] += len(problems)
        report.documents += len(batch)
        report.problems.extend(problems)
        resolver.partial_fit(fresh)  # in input order: entity ids and merges are a single run's
        with self.store.atomic():
            report.added += self.store.add_articles(batch)
            self.store.record_problems([(p.source, p.reason) for p in self._unrecorded + problems])
            self._unrecorded.clear()
            pipeline._realias(self.store, resolver, fresh, self._aliased, self._stored_ok)  # as a single run's batches
            self.store.update_articles(fresh, analyzed=True)
            written, deleted = self.store.save_stage("entities", resolver).get("entities", ([], []))  # what this part changed
            self.store.upsert_entities([resolver.entities_[i] for i in written if i in resolver.entities_], deleted)
            pipeline.checkpoint("analyze-commit")
        pipeline.checkpoint("analyze")
        progress("analyze", len(fresh), None)
        if last:
            progress("ingest", 1, None)

    def _analyze_pending(self, progress, batch_size: int) -> int:
        """Articles stored but not analyzed (an interrupted run's), on this cluster, through the usual stage."""
        from khobor import pipeline

        return pipeline.analyze_pending(self.store, progress, batch_size, self.gazetteer, executor="dask",
                                        workers=self.executor.workers, scheduler=self.client.scheduler_info()["address"])

    # ------------------------------------------------------------------ corpus stages
    def process(self, *, batch_size: int = 500, on_progress=None) -> dict[str, int]:
        """Copies, events and stories of everything not clustered yet (see the module docstring for where)."""
        from khobor import pipeline

        store, progress = self.store, on_progress or pipeline._noop
        analyzed = self._analyze_pending(progress, batch_size)
        if any(store.get_state(name) for name in ("dedup", "events")):
            return {"analyzed": analyzed, "clustered": pipeline.cluster_pending(store, progress, batch_size)}
        pending = store.count(where=pipeline.flag_unset("clustered"))
        if not pending:
            return {"analyzed": analyzed, "clustered": 0}
        stages = self.decide_stored(batch_size, pending)
        return {"analyzed": analyzed, "clustered": pipeline.cluster_pending(store, progress, batch_size, stages=stages)}

    def decide(self, batches: list[list]) -> tuple:
        """The distributed decisions for ``batches`` (a single run's), as the stage objects that replay them."""
        return self._decide(lambda: iter(batches), sum(len(b) for b in batches))

    def decide_stored(self, batch_size: int, pending: int) -> tuple:
        """``decide`` for the store's articles not clustered yet, read batch by batch (the copies first,
        then the events, twice): this process never holds every article of the run at once."""
        return self._decide(lambda: self.store.pending("clustered", batch_size), pending)

    def _decide(self, read, total: int) -> tuple:
        from khobor.cluster.stories import StoryLinker
        from khobor.dedup import Deduper, section_page
        from khobor.executors.dask_dedup import fit_parts
        from khobor.executors.dask_events import decide_stream

        size = min(5000, max(500, -(-total // (2 * self.executor.workers))))  # at least two parts per worker
        parts, part, row = [], [], 0
        for batch in read():  # the Deduper's rows: batch after batch, each in publication order
            for a in sorted(batch, key=lambda a: a.published_at or "\uffff"):
                part.append((a.id, row, "" if section_page(a) else a.body, a.published_at))  # (compared with nothing)
                row += 1
            if len(part) >= size:
                parts.append(self.client.scatter(part, hash=False))
                part = []
        if part or not parts:
            parts.append(self.client.scatter(part, hash=False))
        found, deduper = fit_parts(parts, params=Deduper().get_params(), scheduler=self.client)
        del parts
        known = KnownCopies(deduper, found)

        def linked():  # these copies serve the decisions only (read twice there; the replay reads them again)
            for batch in read():
                known.partial_fit(batch)
                yield batch

        decided, whys, _ = decide_stream(linked, block_days=self.block_days, min_reports=self.min_reports,
                                         scheduler=self.client)
        return KnownCopies(deduper, found), Replayed(decided, whys), StoryLinker()
