"""The whole pipeline on the real-news dev corpus, then the labelled pairs: speed and quality in one run.

    python bench/bench_real_news.py [--data ../shared/data/real-news-dev] [--keep STORE] [--workers 1,2] [--cli]

Ingests munt-dev and miraz (``--source-field id``, so the gold's ids are sources), runs every stage,
prints articles/s per stage and how many dates stay unknown, then `khobor eval pairs` against
gold-pairs.jsonl (the given gold: never trained on) and bench/labels/{event,story}-pairs-own*.jsonl (our own
labels: the pair decision was trained on them, so that row is not a held-out figure). The corpus has
no licence: it is read from its folder and never copied. ``--workers 1,2`` runs the whole pipeline once
per figure (1: in this process; N: a pool of N processes analyzing), one after the other in this run.
The whole-run figure is timed from the store's opening, after this script's imports; ``--cli`` also times
``khobor run`` on the same files as a new process, from its start to its exit (imports, the summary it prints and
the workers' end included): what a user waits for. After each run, a fixed single-threaded workload (the
embedding engine alone on 200 of the corpus's headlines) says how fast the machine is at that moment.
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "2")  # thread pools set explicitly: a busy machine pays 3-4x for oversubscription

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import StageClock  # noqa: E402

import khobor  # noqa: E402
from khobor.service import cases, warm  # noqa: E402
from khobor.evaluate import format_pair_scores, read_pairs, score_pairs  # noqa: E402
from khobor.ingest import FieldMapping  # noqa: E402
from khobor.executors.pool import stop_server  # noqa: E402

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "real-news-dev"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--keep", help="keep the store at this path")
    parser.add_argument("--workers", default="1", help="comma-separated worker counts, one whole run each (default 1)")
    parser.add_argument("--no-eval", action="store_true", help="speed only: skip the labelled pairs")
    parser.add_argument("--cli", action="store_true", help="also time `khobor run` as a new process, start to exit")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    if not (args.data / "munt-dev.jsonl.gz").exists():
        sys.exit(f"real-news-dev corpus not found at {args.data} (dev-only data, not shipped)")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for name in ("munt-dev", "miraz"):
            path = Path(tmp) / f"{name}.jsonl"
            with gzip.open(args.data / f"{name}.jsonl.gz", "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
                shutil.copyfileobj(src, dst)
            inputs.append(path)
        for workers in counts:
            print(f"\n##### workers {workers}")
            one_run(args, inputs, args.keep or str(Path(tmp) / f"real-{workers}.db"), workers)
            if args.cli:
                cli_run(inputs, Path(tmp) / f"cli-{workers}.db", workers)


REFERENCE_HEADLINES = 200


def machine_reference(articles) -> float:
    """CPU milliseconds a headline for a fixed single-threaded workload, measured right after the run: the speed of
    this shared machine moves by a third within an hour, and the same code's articles/s with it; this tells a slow
    moment of the machine from a slow change of the code."""
    from khobor.cluster.dense import encoder

    titles = [a.title for a in sorted(articles, key=lambda a: a.id) if a.title][:REFERENCE_HEADLINES]  # (both languages)
    engine = encoder()
    engine.passage(titles[:2])  # (loaded, and its first run done)
    start = time.process_time()
    for title in titles:
        engine.passage([f"{title}. "])
    return (time.process_time() - start) * 1000 / max(1, len(titles))


def _children_cpu() -> float:
    """CPU seconds of this process's ended and reaped children (the analyze workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_run(inputs, store_path, workers):
    """``khobor run`` on ``inputs`` (the same fields as ``one_run``), timed from its start to its exit."""
    command = [sys.executable, "-m", "khobor", "run", *map(str, inputs), "--db", str(store_path), "--workers", str(workers),
               "--date-field", "published", "--source-field", "id"]
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode not in (0, 3):  # (3: some inputs refused, the rest stored)
        sys.exit(f"khobor run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    with khobor.open(str(store_path), read_only=True) as store:
        n = store.summary()["articles"]
    print(f"khobor run, start to exit: {wall:.1f} s wall, {n / wall:.1f} articles/s")


def one_run(args, inputs, store_path, workers):
    tick = StageClock()
    seen = tick.seconds

    cpu0, t0, children0 = time.process_time(), time.perf_counter(), _children_cpu()
    warm.start_workers(inputs, workers, "process")  # what `khobor run` does first (the models load meanwhile)
    with khobor.open(store_path) as store:  # then its pool forks the workers while the files are read
        report, _ = cases.run(store, inputs, mapping=FieldMapping(date="published", source="id"), workers=workers,
                              on_progress=tick)  # each stage's figure: the wall time between its progress reports
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        while multiprocessing.active_children():  # the pool's workers unload after the run; wait to count their CPU
            time.sleep(0.05)
        stop_server()  # the fork server that loaded the models and forked the workers: its CPU too
        workers_cpu = _children_cpu() - children0
        sources = store.sources_by_article()
        articles = list(store.articles())
        summary = store.summary()
    n = len(articles)
    undated = sum(1 for a in articles if not a.published_at)
    print(f"articles {n} (documents {report.documents}), events {summary['events']}, stories {summary['stories']}, "
          f"copies {summary['duplicates']}, no publication date {undated}")
    for task, seconds in seen.items():
        print(f"  {task:8s} {seconds:7.1f} s wall  {n / seconds if seconds else 0:8.1f} articles/s")
    print(f"whole run: {wall:.1f} s wall, {cpu:.1f} s CPU in this process, {workers_cpu:.1f} s in its workers, "
          f"{n / wall:.1f} articles/s, {n / (cpu + workers_cpu):.1f} articles per CPU-second")
    print(f"this machine now: {machine_reference(articles):.2f} CPU-ms a headline for the embedding engine alone "
          f"({REFERENCE_HEADLINES} of these headlines, one thread): compare articles/s of runs at about the same figure")
    if args.no_eval:
        return
    rows = [{"id": a.id, "sources": [a.source, *sources.get(a.id, ())], "event_id": a.event_id, "story_id": a.story_id,
             "duplicate_of": a.duplicate_of, "language": a.language, "title": a.title} for a in articles]
    for gold in (args.data / "gold-pairs.jsonl", *sorted((HERE / "labels").glob("event-pairs-own*.jsonl")),
                 *sorted((HERE / "labels").glob("story-pairs-own*.jsonl"))):
        print(f"\n== {gold.name}")
        print(format_pair_scores(score_pairs(read_pairs(gold), rows), show_failures=False))


if __name__ == "__main__":
    main()
