"""The pipeline: ingest -> clean -> store, then analyze and the corpus stages.

Per-article stages run on articles whose flag says they have not run yet;
corpus stages keep their fitted state in the store and see only new articles,
so tomorrow's files do not recompute the past. Each batch is one transaction.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import signal
from collections import Counter
from contextlib import nullcontext
from itertools import islice
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from khobor import codec
from khobor.clean import LineStats, clean_words
from khobor.errors import IngestError, IngestWarning, KhoborError
from khobor.ingest import FieldMapping, find_files, read_file
from khobor.model import Article, RawDoc
from khobor.store import Store

Progress = Callable[[str, int, int | None], None]  # (task, advance, total)


@dataclass
class IngestReport:
    files: int = 0
    skipped_files: int = 0
    documents: int = 0
    added: int = 0
    problems: list[IngestError] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)  # read and stored, but repaired

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
    report = IngestReport()
    for _ in ingest_steps(store, paths, report, mapping=mapping, batch_size=batch_size, on_progress=on_progress):
        pass
    return report


def ingest_steps(store: Store, paths: Iterable[str | Path], report: IngestReport, *, mapping: FieldMapping = FieldMapping(),
                 batch_size: int = 500, on_progress: Progress | None = None) -> Iterator[int]:
    """``ingest`` one committed batch at a time (yields how many articles it added), so that a run can analyze
    the first batches while it reads the next ones."""
    progress = on_progress or _noop
    found = list(find_files(paths))
    progress("ingest", 0, len(found))
    batch: list[Article] = []
    words: dict[str, str] = {}  # article id -> the words clean found in its body, for the search index
    problems: list[IngestError] = []
    finished: list[tuple[Path, int, int]] = []
    saved = store.get_state("line_stats")
    line_stats = LineStats.from_state(saved) if saved else LineStats()

    flushes = fresh = 0  # fresh: the articles of ``batch`` new to the store (not the sources of ones stored before)
    stored: set[str] = set()

    def flush(final: bool = False) -> int:
        nonlocal flushes, fresh
        flushes += 1
        fresh = 0
        with store.atomic():
            added = store.add_articles(batch, words=words)
            report.added += added
            store.record_problems([(p.source, p.reason) for p in problems])
            if final or flushes % 20 == 0:  # a heuristic cache: saving it every batch would cost O(n^2)
                line_stats.prune()  # lines seen once cannot be repeated boilerplate yet; keeps memory bounded
                store.put_state("line_stats", line_stats.to_state())
                # Files count as done only with their lines saved: after a kill, the next run reads
                # the others again, so its line statistics (and cleaning) are an uninterrupted run's.
                for path, documents, failed in finished:
                    store.record_file(path, documents, failed)
                finished.clear()
            checkpoint("ingest-commit")
        checkpoint("ingest")
        report.problems.extend(problems)
        batch.clear(), problems.clear(), words.clear()
        return added

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
        for doc, known in _counted_slices(store, read_file(item, mapping), line_stats, batch_size):
            if isinstance(doc, IngestWarning):
                report.warnings.append(doc)
                continue
            if isinstance(doc, IngestError):
                problems.append(doc)
                failed += 1
                continue
            if known or doc.id in stored:  # cleaned before: cleaning again could differ (line statistics grew)
                stored.add(doc.id)
                batch.append(Article(id=doc.id, source=doc.source, body=""))  # only its source is recorded
                documents += 1
                if len(batch) >= KNOWN_FLUSH * batch_size:  # (a file read again: its sources in bounded commits)
                    yield flush()
                continue
            try:
                article, body_words = clean_words(doc, line_stats=line_stats)  # lines repeated across an outlet's articles are boilerplate
            except Exception as error:  # one bad document must not sink the batch
                problems.append(IngestError(doc.source, f"could not be cleaned ({type(error).__name__}: {error})"))
                failed += 1
                continue
            if not article.body.strip():
                problems.append(IngestError(doc.source, "no article text left after cleaning"))
                failed += 1
                continue
            batch.append(article)
            words[article.id] = body_words
            stored.add(article.id)
            documents += 1
            fresh += 1
            if fresh >= batch_size:  # a batch of new articles: the run analyzes the first without reading the next
                yield flush()
        report.documents += documents
        finished.append((item, documents, failed))
        progress("ingest", 1, None)
    yield flush(final=True)


KNOWN_FLUSH = 4  # batches' worth of documents stored before (only their sources recorded) that one commit holds at most


def _counted_slices(store: Store, items, line_stats: LineStats, size: int):
    """(item, already stored?) for a file's items, its slices of ``size`` (those a Dask run cleans apart) each
    counted in ``line_stats`` before any of its documents is cleaned, and not the next slice: a slice's first pages
    are cleaned knowing the stories its later pages show appended too (counted once by id, so a document stored
    before, or counted before a kill, is not counted twice)."""
    items = iter(items)
    while chunk := list(islice(items, size)):
        for doc in chunk:
            if isinstance(doc, RawDoc):
                try:
                    line_stats.partial_fit([doc])
                except Exception:  # (cleaning it fails the same way, and says so)
                    pass
        yield from _with_known(store, chunk)


def _with_known(store: Store, items, size: int = 64):
    """(item, already stored?) pairs, one store query per ``size`` items (few: each may be an article of 512 KB)."""
    items = iter(items)
    while chunk := list(islice(items, size)):
        ids = [d.id if isinstance(d, RawDoc) else None for d in chunk]  # (a RawDoc's id hashes its text each time)
        known = store.existing_ids(i for i in ids if i is not None)
        for item, item_id in zip(chunk, ids):
            yield item, item_id is not None and item_id in known


_passed: Counter = Counter()


def checkpoint(stage: str) -> None:
    """Crash tests: ``KHOBOR_CRASH_AT=stage:n`` kills this process (SIGKILL, like a power cut) at the n-th pass here;
    ``stage:n:INT`` interrupts it instead, as Ctrl-C would."""
    wanted = os.environ.get("KHOBOR_CRASH_AT")
    if wanted:
        _passed[stage] += 1
        at, interrupt = (wanted[: -len(":INT")], True) if wanted.endswith(":INT") else (wanted, False)
        if at == f"{stage}:{_passed[stage]}":
            os.kill(os.getpid(), signal.SIGINT if interrupt else getattr(signal, "SIGKILL", signal.SIGTERM))


# -- later stages -------------------------------------------------------------

def _optional(module: str, name: str):
    """A stage's entry point if this install has it; stages that do not exist yet leave their fields empty."""
    if importlib.util.find_spec(module) is None:
        return None
    return getattr(importlib.import_module(module), name, None)


def _long_lived(run: Callable) -> Callable:
    """The run sets its stage state aside from the cycle collector only while it lasts (``Store.long_lived``)."""
    @functools.wraps(run)
    def running(store: Store, *args, **kwargs):
        with store.long_lived():
            return run(store, *args, **kwargs)
    return running


@_long_lived
def process(store: Store, *, on_progress: Progress | None = None, batch_size: int = 500,
            gazetteer: str | Path | None = None, workers: int | None = 1, executor: str = "process",
            scheduler: str | None = None, pool=None, arriving: Iterator[int] | None = None) -> dict[str, int]:
    """Run analyze and the corpus stages over everything they have not seen yet.

    ``gazetteer``: a user file of ``name<TAB>TYPE`` lines whose names the tagger must find.
    ``workers``: processes that analyze articles (1: in this process; None: one per core, but only when
    there are enough articles to repay starting them); ``executor`` "dask" runs them on a Dask cluster
    (``scheduler`` its address, else a local one); ``pool``: an executor already started (``early_executor``),
    used instead and closed by its owner; ``arriving``: the steps of an ingest still reading (``ingest_steps``),
    taken whenever fewer than a batch of articles wait, so the driver reads while the workers analyze (the
    batches are those of reading everything first). The store is written by this process only.

    Each analyzed batch is clustered as soon as it is stored, while the workers analyze the next one:
    the two stages share the machine instead of taking turns. The batches are the ones a run of the
    stages one after the other would cluster, so the result is the same.
    """
    progress = on_progress or _noop
    refill = None
    if arriving is not None:
        while not store.count(where=flag_unset("analyzed")) and next(arriving, None) is not None:
            pass
        refill = _refiller(arriving, progress, store.count(where=flag_unset("analyzed")),
                           store.count(where=flag_unset("clustered")))
    session = ClusterSession.open(store)
    if session is None or not store.count(where=flag_unset("analyzed")):
        done = {"analyzed": analyze_pending(store, progress, batch_size, gazetteer, workers=workers, executor=executor,
                                            scheduler=scheduler, pool=pool, refill=refill)}
        done["clustered"] = cluster_pending(store, progress, batch_size)
        return done
    done = {"analyzed": 0, "clustered": 0}
    progress("cluster", 0, store.count(where=flag_unset("clustered")))
    for batch in store.pending("clustered", batch_size, only_if="analyzed"):  # left by a run stopped between the stages
        session.add(batch, last=False)
        done["clustered"] += len(batch)
        progress("cluster", len(batch), None)
    for batch, last in analyzed_batches(store, progress, batch_size, gazetteer, workers=workers, executor=executor,
                                        scheduler=scheduler, pool=pool, refill=refill, idle=session.warm):
        done["analyzed"] += len(batch)
        session.add(batch, last=last)
        done["clustered"] += len(batch)
        progress("cluster", len(batch), None)
    return done


MIN_PARALLEL = 200  # fewer articles to analyze than this: starting workers (each loads the models) costs more than it saves


def early_executor(paths: Iterable[str | Path], gazetteer, workers: int | None, executor: str):
    """Workers started before ingest, so they load their models while this process reads the files
    (about two CPU-seconds each, otherwise waited for after ingest). None when the input looks too small to
    repay them (unless ``workers`` asks for them), or when the run will not use a local pool."""
    from khobor.executors.pool import PoolExecutor, repays_early_start

    if not repays_early_start(paths, workers, executor):
        return None
    if gazetteer:
        from khobor.lang.bn.gazetteer import load_user_gazetteer

        try:
            load_user_gazetteer(gazetteer)
        except OSError:
            return None  # named by the analyze stage, before any worker starts
    pool = _executor(MIN_PARALLEL, gazetteer, workers, executor, None)
    if not isinstance(pool, PoolExecutor):
        return None
    pool.warm()
    return pool


def _executor(pending: int, gazetteer, workers: int | None, executor: str, scheduler: str | None):
    from khobor.executors import Serial, make_executor

    if workers is None and executor != "dask" and pending < MIN_PARALLEL:
        return Serial(gazetteer)
    return make_executor(executor, workers, scheduler=scheduler, gazetteer=gazetteer)


@_long_lived
def analyze_pending(store: Store, progress: Progress, batch_size: int, gazetteer: str | Path | None = None, *,
                    workers: int | None = 1, executor: str = "process", scheduler: str | None = None, pool=None,
                    refill=None) -> int:
    return sum(len(batch) for batch, _ in analyzed_batches(store, progress, batch_size, gazetteer, workers=workers,
                                                           executor=executor, scheduler=scheduler, pool=pool, refill=refill))


def analyzed_batches(store: Store, progress: Progress, batch_size: int, gazetteer: str | Path | None = None, *,
                     workers: int | None = 1, executor: str = "process", scheduler: str | None = None, pool=None,
                     refill: Callable[[], bool] | None = None, idle: Callable[[], object] | None = None):
    """Analyze what is pending, batch by batch; yields (batch, is it the last?) once the batch is stored.
    ``idle()``: work to do while a pool's first results are awaited (``PoolExecutor.analyze_marked``)."""
    analyze = _optional("khobor.analyze", "analyze")
    Resolver = _optional("khobor.analyze.entities", "EntityResolver")
    if analyze is None or Resolver is None:
        return
    pending = store.count(where=flag_unset("analyzed"))
    if not pending:
        if store.count("entities") == 0 and (saved := store.get_state("entities")):  # an older khobor killed before its final save
            store.save_entities(Resolver.from_state(saved).entities_.values())
        return
    if gazetteer:
        from khobor.lang.bn.gazetteer import load_user_gazetteer

        try:
            load_user_gazetteer(gazetteer)  # read here, so a bad file is named before any worker starts
        except OSError as error:
            raise KhoborError(f"{gazetteer}: cannot read the gazetteer ({error.strerror or error})") from error
    progress("analyze", 0, pending)
    resolver = store.load_stage("entities", Resolver) or Resolver()
    aliased = set(resolver.aliases_)
    with nullcontext(pool) if pool else _executor(pending, gazetteer, workers, executor, scheduler) as running:
        todo = store.pending("analyzed", batch_size, refill=refill)
        marked = getattr(running, "analyze_marked", None)  # a pool knows the last batch without waiting for the next
        # entities resolved in input order (ids and merges are a serial run's); a pool's batch part by part as it comes
        for batch, last in (marked(todo, each=resolver.partial_fit, idle=functools.partial(_waiting, idle)) if marked else
                            _resolved(_marking_last(running.analyze_batches(todo)), resolver)):
            with store.atomic():  # flags, state and entity rows together: a batch writes what it changed
                _realias(store, resolver, batch, aliased)  # (before the aliased entities' links are deleted)
                store.update_articles(batch, analyzed=True)
                written, deleted = store.save_stage("entities", resolver).get("entities", ([], []))
                store.upsert_entities([resolver.entities_[i] for i in written if i in resolver.entities_], deleted)
                checkpoint("analyze-commit")
            checkpoint("analyze")
            progress("analyze", len(batch), None)
            yield batch, last


def _waiting(idle: Callable[[], object] | None) -> None:
    """What the driver does while it waits for a pool's first analysis: load what entity resolution reads on
    first use (``entities.warm_up``: the place index, romanizers, word clusters, ~0.9 CPU-s), then ``idle()`` (the
    later stages'), rather than inside the first batch."""
    warm_up = _optional("khobor.analyze.entities", "warm_up")
    if warm_up is not None:
        warm_up()
    if idle is not None:
        idle()


RENAMES = "entity_renames"  # acronym aliases the events stage has yet to apply: {"renames": {old: new}, "articles": [...]}


def _realias(store: Store, resolver, batch: list[Article], aliased: set[str], run_ids: set[str] | None = None) -> None:
    """Acronyms this batch aliased to their body (khobor/analyze/acronyms.py): the mentions earlier batches stored
    under an acronym's old id are rewritten, in those articles only (as a user merge does), and the events stage is
    left the renames to apply to their profiles before it next fits (in the store: a run killed between the stages
    still applies them). The resolver leads old ids on; without this the body's page missed nothing but an article's
    page, ``explain`` and the events stage still named an entity that no longer exists. ``run_ids``: the articles this
    run stored without writing their entity links yet (a Dask run writes them at its end); those of the body are read."""
    new = resolver.aliases_ - aliased
    if not new:
        return
    aliased |= new
    renames = {old: resolver.resolve_id(old) for old in new}
    in_batch = {a.id for a in batch}
    named = set(store.article_ids_for_entities(new))
    if run_ids:
        for body in set(renames.values()):  # (its articles hold the alias's: the text rename keeps those that name it)
            named.update(i for i in getattr(resolver.entities_.get(body), "article_ids", ()) if i in run_ids)
    earlier = store.rename_entities(sorted(named - in_batch), renames)
    for article in batch:
        _rename_in(article, renames)
    saved = store.get_state(RENAMES)
    pending = codec.loads(saved) if saved else {}
    merged = {old: resolver.resolve_id(new_id) for old, new_id in {**pending.get("renames", {}), **renames}.items()}
    articles = sorted(set(pending.get("articles", ())) | set(earlier))
    store.put_state(RENAMES, codec.dumps({"renames": merged, "articles": articles}))


def _rename_in(article: Article, renames: dict[str, str]) -> bool:
    """Point the article's mentions, quote speakers and event explanation at the renamed entities; did any change?"""
    changed = False
    for mention in article.mentions:
        if mention.entity_id in renames:
            mention.entity_id, changed = renames[mention.entity_id], True
    for quote in article.quotes:
        if quote.speaker_entity_id in renames:
            quote.speaker_entity_id, changed = renames[quote.speaker_entity_id], True
    why = article.extras.get("event_why")
    if why and set(why.get("shared_entities") or ()) & renames.keys():
        why["shared_entities"] = list(dict.fromkeys(renames.get(e, e) for e in why["shared_entities"]))
        changed = True
    return changed


def _refiller(arriving: Iterator[int], progress: Progress, analyze_total: int, cluster_total: int) -> Callable[[], bool]:
    """Take one more ingest step (False when the input is read), growing the progress bars' totals."""
    def refill() -> bool:
        nonlocal analyze_total, cluster_total
        added = next(arriving, None)
        if added is None:
            return False
        if added:
            analyze_total, cluster_total = analyze_total + added, cluster_total + added
            progress("analyze", 0, analyze_total)
            progress("cluster", 0, cluster_total)
        return True
    return refill


def _resolved(marked, resolver):
    """(batch, last) pairs with the batch's entities resolved."""
    for batch, last in marked:
        resolver.partial_fit(batch)
        yield batch, last


def _marking_last(batches):
    """(batch, is it the last?) pairs: the last batch's transaction also writes the stage's tables,
    so a kill cannot leave flags saying "done" beside tables that were never written."""
    batches = iter(batches)
    batch = next(batches, None)
    while batch is not None:
        following = next(batches, None)
        yield batch, following is None
        batch = following


@_long_lived
def cluster_pending(store: Store, progress: Progress, batch_size: int, *, stages: tuple | None = None) -> int:
    """Dedup, events and stories over new articles only; fitted state lives in the store.

    ``stages``: (dedup, events, stories) objects to use instead of the stored state (a Dask run passes
    ones holding decisions made on the cluster, khobor/executors/dask_run.py)."""
    session = ClusterSession.open(store, stages=stages)
    if session is None:
        return 0
    pending = store.count(where=flag_unset("clustered"))
    if not pending:
        session.recover()
        return 0
    progress("cluster", 0, pending)
    done = 0
    for batch, last in _marking_last(store.pending("clustered", batch_size)):
        session.add(batch, last=last)
        done += len(batch)
        progress("cluster", len(batch), None)
    return done


class ClusterSession:
    """The corpus stages (dedup, events, stories) of one run, fed batch by batch; each batch is one transaction."""

    def __init__(self, store: Store, kinds: list, stages: tuple | None = None):
        self.store, self.kinds = store, kinds  # (Deduper, EventClusterer, StoryLinker) classes
        self.dedup, self.events, self.stories = stages or (None, None, None)

    @classmethod
    def open(cls, store: Store, *, stages: tuple | None = None) -> "ClusterSession | None":
        """The stages as the store left them (None when this install lacks one); loaded on first use."""
        names = (("khobor.dedup", "Deduper"), ("khobor.cluster.events", "EventClusterer"), ("khobor.cluster.stories", "StoryLinker"))
        kinds = [_optional(module, name) for module, name in names]
        return None if None in kinds else cls(store, kinds, stages)

    def _load(self) -> None:
        if self.dedup is None:
            Deduper, Clusterer, Linker = self.kinds
            self.dedup = self.store.load_stage("dedup", Deduper) or Deduper()
            self.events = self.store.load_stage("events", Clusterer) or Clusterer()
            self.stories = self.store.load_stage("stories", Linker) or Linker()

    def warm(self) -> None:
        """Load the stages and the events stage's embedding engine before the first batch comes (a run calls this
        while it waits for the first analysis): ~0.4 CPU-s the driver would otherwise spend inside the first batch."""
        from khobor.cluster.crosslang import warm_up

        self._load()
        if self.events.embed is None:
            warm_up()

    def recover(self) -> None:
        """Write the groups an older khobor, killed before its final save, left only in the stage state."""
        _, Clusterer, Linker = self.kinds
        if self.store.count("events") == 0 and (saved := self.store.get_state("events")):
            stories = self.store.get_state("stories")
            save_groups(self.store, Clusterer.from_state(saved), Linker.from_state(stories) if stories else Linker())

    def _renames(self) -> bool:
        """Apply the entity renames the analyze stage left (``_realias``) to the events stage; were there any?"""
        from khobor.cluster.renames import rename_entities

        saved = self.store.get_state(RENAMES)
        pending = codec.loads(saved) if saved else {}
        if not pending.get("renames"):
            return False
        rename_entities(self.events, pending["renames"], pending["articles"])
        return True

    def add(self, batch: list[Article], *, last: bool) -> None:
        self._load()
        store, events, stories = self.store, self.events, self.stories
        renamed = self._renames()
        self.dedup.partial_fit(batch)
        events.partial_fit(batch)
        stories.drop_events(events.aliases_)
        touched = {a.event_id for a in batch if a.event_id}
        earlier = anchor_undated(store, batch, [events.events_[e] for e in touched if e in events.events_])
        earlier += regrouped(store, batch, events.moved_, earlier)
        stories.partial_fit(events.in_order(touched), batch)
        with store.atomic():  # flags, state and event/story rows together: a batch writes what it changed
            store.update_articles(earlier)
            store.update_articles(batch, clustered=True)
            if renamed:
                store.put_state(RENAMES, codec.dumps({}))
            save_stages(store, self.dedup, events, stories)
            if last:
                store.sync_story_ids()
            checkpoint("cluster-commit")
        checkpoint("cluster")


def anchor_undated(store: Store, batch: list[Article], events) -> list[Article]:
    """Resolve the relative dates ("শনিবার", "গত মাসে") of undated reports on their event's date.

    Returns the already-stored articles that were re-anchored (the batch is updated in place).
    """
    from khobor.analyze.times import find_times, parse_anchor

    in_batch = {a.id: a for a in batch}
    earlier: list[Article] = []
    for event in events:
        anchor = parse_anchor(event.start)
        if anchor is None:
            continue
        for article_id in event.article_ids:
            article = in_batch.get(article_id)
            if article is None:
                article = store.article(article_id)
                if article is None or article.extras.get("times_anchor") == event.start:
                    continue
                earlier.append(article)
            if article.published_at:
                continue
            article.times = find_times(article.body, anchor)
            article.extras["times_anchor"] = event.start
    return [a for a in earlier if not a.published_at]


def regrouped(store: Store, batch: list[Article], moved: dict[str, str], loaded: list[Article]) -> list[Article]:
    """Stored articles whose event was merged into another by this batch, with their new event set."""
    in_batch = {a.id for a in batch}
    known = {a.id: a for a in loaded}
    changed = []
    for article_id, event_id in moved.items():
        if article_id in in_batch:
            continue
        article = known.get(article_id) or store.article(article_id)
        if article is not None:
            article.event_id = event_id
            if article_id not in known:
                changed.append(article)
    return changed


def save_stages(store: Store, dedup, events, stories) -> None:
    """Save the three stages' state (``dedup`` None: the other two) and the event and story rows they changed (one
    transaction, the caller's)."""
    for event_id in list(events.unsaved()):  # (the events saved now: the others keep their stored story until they change)
        if (event := events.events_.get(event_id)) is not None:
            event.story_id = stories.event_story_.get(event_id, event.story_id)
    if dedup is not None:
        store.save_stage("dedup", dedup)
    changed_events, gone_events = store.save_stage("events", events).get("events", ([], []))
    changed_stories, gone_stories = store.save_stage("stories", stories).get("stories_", ([], []))
    store.upsert_groups([events.events_[i] for i in changed_events if i in events.events_],
                        [stories.stories_[i] for i in changed_stories if i in stories.stories_],
                        deleted_events=gone_events, deleted_stories=gone_stories)


def save_groups(store: Store, events, stories) -> None:
    """Write events and stories, and give every article its event's current story."""
    for event in events.events_.values():
        event.story_id = stories.event_story_.get(event.id, event.story_id)
    with store.atomic():
        store.save_events(events.events_.values(), stories.stories_.values())
        store.sync_story_ids()


def flag_unset(flag: str):
    from khobor.store.schema import unset

    return unset(flag)  # a literal 0: the store's partial index answers it without reading every article


# -- user corrections to entities (kept in the resolver state, so re-runs respect them) --

def _resolver(store: Store):
    """The stored resolver, its parts read as a run reads them: the correction's save then writes only what it changed."""
    from khobor.analyze.entities import EntityResolver

    resolver = store.load_stage("entities", EntityResolver)
    if resolver is None:
        raise KhoborError("no entities yet: run `khobor run PATH` first")
    return resolver


def _rewrite_mentions(store: Store, resolver, entity_ids: set[str], remap: Callable) -> None:
    """Point the stored mentions of the touched entities at their new ids, then save everything."""
    ids = store.article_ids_for_entities(entity_ids)
    articles = [a for a in (store.article(i) for i in ids) if a is not None]
    touched: set[str] = set()
    for article in articles:
        for mention in article.mentions:
            if mention.entity_id in entity_ids:
                mention.entity_id = remap(mention)
                touched.add(mention.entity_id)
        for quote in article.quotes:
            if quote.speaker_entity_id in entity_ids:
                quote.speaker_entity_id = resolver.resolve_id(quote.speaker_entity_id)
    touched |= {resolver.resolve_id(e) for e in entity_ids}
    touched = {e for e in touched if e in resolver.entities_}
    for entity_id in touched:  # membership follows the rewritten mentions
        entity = resolver.entities_[entity_id]
        here = {a.id for a in articles if any(m.entity_id == entity_id for m in a.mentions)}
        entity.article_ids = sorted((set(entity.article_ids) - set(ids)) | here)
    resolver.corrected(touched)
    with store.atomic():
        store.update_articles(articles)
        written, deleted = store.save_stage("entities", resolver).get("entities", ([], []))
        changed = {*written, *touched}
        store.upsert_entities([resolver.entities_[i] for i in changed if i in resolver.entities_], deleted, relink=changed)


def merge_entities(store: Store, keep_id: str, other_id: str) -> str:
    resolver = _resolver(store)
    for entity_id in (keep_id, other_id):
        if resolver.resolve_id(entity_id) not in resolver.entities_:
            raise KhoborError(f"no entity {entity_id!r}")
    survivor = resolver.merge(keep_id, other_id)
    _rewrite_mentions(store, resolver, {keep_id, other_id}, lambda m: resolver.resolve_id(m.entity_id))
    return survivor


def split_entity(store: Store, entity_id: str, variants: list[str]) -> str:
    from khobor.analyze.names import name_keys
    from khobor.clean.normalize import normalize

    resolver = _resolver(store)
    if resolver.resolve_id(entity_id) not in resolver.entities_:
        raise KhoborError(f"no entity {entity_id!r}")
    new_id = resolver.split(entity_id, [normalize(v) for v in variants])
    forms = set(next(s["variants"] for s in reversed(resolver.splits_) if s["id"] == new_id))

    def moves(mention) -> bool:
        return mention.surface in forms or bool({" ".join(k.words) for k in name_keys(mention.surface)} & forms)

    _rewrite_mentions(store, resolver, {entity_id}, lambda m: new_id if moves(m) else resolver.resolve_id(m.entity_id))
    return new_id


# -- user corrections to events (kept in the clusterer's overrides) --------------

def _groups(store: Store):
    from khobor.cluster.events import EventClusterer
    from khobor.cluster.stories import StoryLinker

    events = store.load_stage("events", EventClusterer)  # (read as a run reads it: the save writes only what changed)
    if events is None:
        raise KhoborError("no events yet: run `khobor run PATH` first")
    return events, store.load_stage("stories", StoryLinker) or StoryLinker()


def _regroup(store: Store, events, stories, article_ids: list[str]) -> None:
    """Store the moved articles' new events, link any new event into a story, save what changed."""
    articles = [a for a in (store.article(i) for i in article_ids) if a is not None]
    for article in articles:
        member = events.members_.get(article.id)
        article.event_id = member["event"] if member else article.event_id
        article.extras["event_why"] = {"decided_by": "user"}
    touched = {a.event_id for a in articles}
    members = [a for e in touched for a in (store.article(i) for i in events.events_[e].article_ids) if a is not None]
    stories.partial_fit(events.in_order(touched), members)
    with store.atomic():
        store.update_articles(articles)
        save_stages(store, None, events, stories)
        store.sync_story_ids()


def move_article(store: Store, article_id: str, event_id: str) -> str:
    events, stories = _groups(store)
    article = store.article(article_id)
    if article is None:
        raise KhoborError(f"no article {article_id!r}")
    if event_id not in events.events_:
        raise KhoborError(f"no event {event_id!r}")
    events.move(article.id, event_id)
    _regroup(store, events, stories, [article.id])
    return event_id


def split_event(store: Store, event_id: str, article_ids: list[str]) -> str:
    events, stories = _groups(store)
    if event_id not in events.events_:
        raise KhoborError(f"no event {event_id!r}")
    ids = []
    for given in article_ids:
        article = store.article(given)
        if article is None or article.id not in events.events_[event_id].article_ids:
            raise KhoborError(f"article {given!r} is not in event {event_id}")
        ids.append(article.id)
    new_id = events.split(event_id, ids)
    _regroup(store, events, stories, ids)
    return new_id
