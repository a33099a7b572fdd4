"""What a worker process runs: load the models once, then analyze chunks of articles.

Kept apart from the executors so that a spawned worker imports only this and the analyzers.
"""

from __future__ import annotations

import os
import signal
import threading
import time
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
    """Load the models once per worker (the English one too, so no chunk pays for it)."""
    global _tagger
    limit_threads()
    from khobor.analyze.english import english_nlp
    from khobor.analyze.ner import default_tagger

    _tagger = make_tagger(gazetteer)
    default_tagger()
    english_nlp()


def exit_with_parent(every: float = 0.5) -> None:
    """End this worker when the driver dies (killed, power cut in a test): an orphan would wait for work forever."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def pool_worker_init(gazetteer: str | Path | None) -> None:
    """Initializer of a pool process: Ctrl-C is the driver's to handle (it stops the pool), not each worker's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()
    worker_init(gazetteer)


def ready() -> None:
    """A task that only makes the pool start a worker (its initializer loads the models)."""


def analyze_chunk(articles: list, tagger=None) -> list:
    """Analyze each article (in place) and return them, in the order given."""
    from khobor.analyze import analyze_many

    return analyze_many(articles, tagger=tagger or _tagger)  # one network batch for the chunk's Bengali sentences
