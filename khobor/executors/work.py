"""What a worker process runs: load the models once, then analyze chunks of articles.

Kept apart from the executors so that a worker (and the fork server that loads its models) imports only
this and the analyzers.
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
import threading
import time
from operator import attrgetter
from pathlib import Path

_tagger = None  # this worker's tagger, set by ``pool_worker_init``


def make_tagger(gazetteer: str | Path | None):
    """A tagger that also knows the user's names; None means the shared default one."""
    if not gazetteer:
        return None
    from khobor.analyze.ner import NerTagger
    from khobor.lang.bn.gazetteer import load_user_gazetteer

    return NerTagger(user_gazetteer=load_user_gazetteer(gazetteer))


def limit_threads() -> None:
    """One BLAS/OpenMP thread per worker: the pool already keeps every core busy, and nested thread
    pools on a shared machine cost several times the CPU."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def worker_init(gazetteer: str | Path | None) -> None:
    """Load the models once per worker (the English one and the place index too, so no chunk pays for them);
    in a fork of the fork server they are already loaded (``preload``), and only a user gazetteer's tagger is made."""
    global _tagger
    limit_threads()
    from khobor.analyze.english import english_nlp
    from khobor.analyze.ner import default_tagger
    from khobor.lang.bn.gazetteer import place_index

    _tagger = make_tagger(gazetteer)
    default_tagger()
    english_nlp()
    place_index()  # built on first use otherwise: half a second inside the first batch, which the driver waits for


# Two short reports written for the warm-up, one in each language, with a date, a place and a quote.
_WARM_UP = ("ঢাকা, ১২ মার্চ — রাজশাহীতে বৃহস্পতিবার নতুন সেতুর কাজ শুরু হয়েছে। “কাজ আগামী বছর শেষ হবে,” প্রকল্প পরিচালক করিম আহমেদ বলেন।",
            "DHAKA, March 12 — Work on a new bridge in Rajshahi began on Thursday. \"It will be finished next year,\" "
            "project director Karim Ahmed told reporters at the Roads Ministry.")


def warm_up() -> None:
    """Analyze two short reports once, so that what the analyzers build on first use (patterns compiled, tables
    read, the English pipeline's first pass) is built here: the fork server does it once before it forks, instead
    of every worker inside its first chunk (~0.15 CPU-s a worker). Only memos that never change a result are
    filled (the same tokens, the same tags)."""
    from khobor.model import Article

    analyze_chunk([Article(id=f"warm-up-{n}", source="warm-up", body=body) for n, body in enumerate(_WARM_UP)])


def exit_with_parent(every: float = 0.5) -> None:
    """End this worker when the driver dies (killed, power cut in a test): an orphan would wait for work forever.
    Watched through multiprocessing's pipe from the driver (at its end when the driver is gone, even while it is
    not yet reaped), not as this process's parent: a worker forked by the fork server has that for a parent, and
    the fork server waits for its workers."""
    import multiprocessing
    from multiprocessing.connection import wait

    driver = multiprocessing.parent_process()
    parent = os.getppid()

    def watch() -> None:
        if driver is not None:
            wait([driver.sentinel])
        else:
            while os.getppid() == parent:
                time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


WORKER_NICE = 5  # below the driver: its batches are the run's serial path, the workers' work is not
_lowered = False  # this process already runs at WORKER_NICE (a fork of the fork server inherits it)


def lower_priority() -> None:
    """Run WORKER_NICE below the driver, once (``os.nice`` adds to what a process already has)."""
    global _lowered
    if not _lowered and hasattr(os, "nice"):
        os.nice(WORKER_NICE)
    _lowered = True


def pool_worker_init(gazetteer: str | Path | None) -> None:
    """Initializer of a pool process: Ctrl-C is the driver's to handle (it stops the pool), not each worker's.
    A worker yields the CPU to the driver (a lower priority): the driver resolves and clusters one batch after
    another and the whole run waits on it, while the workers analyze ahead and only need the cores it leaves."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    lower_priority()
    exit_with_parent()
    atexit.register(_exit_now)
    worker_init(gazetteer)
    gc.freeze()  # the models live as long as the worker: the collector need not scan their objects again (~0.3 CPU-s a worker)
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, GC_YOUNG), *older)


GC_YOUNG = 20_000  # allocations between young collections in a pool worker (Python's default: 700). Analysis makes
# millions of short-lived objects and few cycles: collecting 600 dev articles' took 0.27 CPU-s at 700, 0.09 at this.


def _exit_now() -> None:
    """End a pool worker without the interpreter's teardown: freeing the models, the memos and every module's
    objects one by one cost ~0.7 CPU-s a worker and serves nothing (the system takes the memory back at once).
    An exit handler: it runs after multiprocessing has shut the worker down and after the handlers registered
    later than it; the standard streams and logging are flushed first."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    os._exit(0)


def ready() -> None:
    """A task that only makes the pool start a worker (its initializer loads the models)."""


def analyze_chunk(articles: list, tagger=None) -> list:
    """Analyze each article (in place) and return them, in the order given."""
    from khobor.analyze import analyze_many

    return analyze_many(articles, tagger=tagger or _tagger)  # one network batch for the chunk's Bengali sentences


# -- articles between the driver and a worker, as plain lists -----------------------------------
# Pickling the Article objects themselves costs about twice as much on each side (each dataclass and
# annotation is rebuilt through its state); the lists keep every field, in the dataclasses' order.


def _annotation_kinds():
    from khobor.model import Article, Mention, Quote, TimeExpr

    fields = list(Article.__dataclass_fields__)
    return fields, [(fields.index(name), cls, attrgetter(*cls.__dataclass_fields__))
                    for name, cls in (("mentions", Mention), ("times", TimeExpr), ("quotes", Quote))]


def pack(articles: list) -> list[list]:
    """Articles as lists of their fields (annotations as tuples), cheap to pickle and to load."""
    fields, kinds = _annotation_kinds()
    values = attrgetter(*fields)
    out = []
    for article in articles:
        row = list(values(article))
        for at, _, parts in kinds:
            row[at] = [parts(x) for x in row[at]]
        out.append(row)
    return out


def unpack(rows: list[list]) -> list:
    """The Articles that ``pack`` gave."""
    from khobor.model import Article

    _, kinds = _annotation_kinds()
    for row in rows:
        for at, cls, _ in kinds:
            row[at] = [cls(*x) for x in row[at]]
    return [Article(*row) for row in rows]


def analyze_packed(rows: list[list]) -> list[list]:
    """``analyze_chunk`` for packed articles."""
    return pack(analyze_chunk(unpack(rows)))


# -- what comes back: only what analyze sets -----------------------------------------------------
# The driver still holds the articles it sent; their bodies, titles and the rest need not cross back
# (half the bytes pickled in the worker and loaded in the driver).

RESULT_FIELDS = ("sentences", "language", "mentions", "times", "quotes")  # every field ``analyze`` sets


def pack_results(articles: list) -> list[tuple]:
    """The analysis of each article (``RESULT_FIELDS``, annotations as tuples)."""
    _, kinds = _annotation_kinds()
    (_, _, mention), (_, _, time_expr), (_, _, quote) = kinds
    return [(a.sentences, a.language, [mention(m) for m in a.mentions], [time_expr(t) for t in a.times],
             [quote(q) for q in a.quotes]) for a in articles]


def fill_results(articles: list, results: list[tuple]) -> list:
    """``articles`` (in place; returned) with the analysis ``pack_results`` gave for them, in the same order."""
    from khobor.model import Mention, Quote, TimeExpr

    if len(articles) != len(results):
        raise ValueError(f"{len(results)} results for {len(articles)} articles")
    for a, (sentences, language, mentions, times, quotes) in zip(articles, results):
        a.sentences, a.language = sentences, language
        a.mentions = [Mention(*x) for x in mentions]
        a.times = [TimeExpr(*x) for x in times]
        a.quotes = [Quote(*x) for x in quotes]
    return articles


_memo: dict = {}  # word -> its terms, for this worker's text parts (a speed-up)
_sent_names: set = set()  # names whose keys this worker sent already (the driver keeps them)


def analyze_profiled(rows: list[list]) -> tuple[list[tuple], list[dict], list[tuple]]:
    """The analysis of packed articles (``pack_results``), each one's event-profile text part and the name keys of
    the names they mention that this worker has not sent before (what the process pool sends back): work that
    depends on the article alone, done here rather than in the driver, which clusters and resolves entities one
    article after another."""
    from khobor.analyze.names import packed_keys
    from khobor.cluster.pairs import text_part

    articles = analyze_chunk(unpack(rows))
    if len(_memo) > 500_000:
        _memo.clear()
    if len(_sent_names) > 50_000:  # (the driver's memo is bounded too)
        _sent_names.clear()
    names = {m.surface for a in articles for m in a.mentions} | {q.speaker for a in articles for q in a.quotes if q.speaker}
    new = sorted(names - _sent_names)
    _sent_names.update(new)
    return pack_results(articles), [text_part(a, _memo) for a in articles], packed_keys(new)


def unpack_profiled(result: tuple, articles: list) -> list:
    """``articles`` (the ones sent, in place; returned) with the analysis ``analyze_profiled`` gave, their text
    parts kept for the events stage and the name keys for entity resolution."""
    from khobor.analyze.names import known_keys
    from khobor.cluster.pairs import keep_text_parts

    results, parts, keys = result
    fill_results(articles, results)
    keep_text_parts(articles, parts)
    known_keys(keys)
    return articles
