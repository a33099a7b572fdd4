"""The steps of one `khobor run --executor dask` timed one by one: wall, CPU of the driver, CPU of all processes.

    python bench/profile_dask.py INPUT.jsonl STORE.db [--workers 2] [--date-field published --source-field id]

Run it under `py-spy record --subprocesses` to see where each step spends its time. The CPU of all
processes counts the workers while they live (their last step is not counted after they stop).
"""

from __future__ import annotations

import argparse
import time

import psutil


def _cpu(process: psutil.Process) -> float:
    t = process.cpu_times()
    return t.user + t.system


def _cpu_all(me: psutil.Process) -> float:
    total = 0.0
    for p in [me, *me.children(recursive=True)]:
        try:
            total += _cpu(p)
        except psutil.Error:
            pass
    return total


def main() -> None:
    import khobor
    from khobor import pipeline
    from khobor.executors.dask_run import DaskRun
    from khobor.ingest import FieldMapping

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("db")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--date-field", default="published")
    parser.add_argument("--source-field", default="id")
    args = parser.parse_args()
    me, marks = psutil.Process(), []

    def mark(step: str) -> None:
        marks.append((time.perf_counter(), _cpu(me), _cpu_all(me)))
        if len(marks) > 1:
            (w0, d0, a0), (w1, d1, a1) = marks[-2], marks[-1]
            print(f"{step:48s} wall {w1 - w0:7.1f} s   driver CPU {d1 - d0:7.1f} s   all CPU {a1 - a0:7.1f} s", flush=True)

    mark("")
    with khobor.open(args.db) as store, store.writer():
        with DaskRun(store, workers=args.workers) as run:
            mark("LocalCluster start, models loaded")
            run.ingest([args.input], mapping=FieldMapping(date=args.date_field, source=args.source_field),
                       batch_size=args.batch_size)
            mark("read, clean, analyze, store")
            stages = run.decide_stored(args.batch_size, store.count(where=pipeline.flag_unset("clustered")))
            mark("band shuffle and events blocks")
            pipeline.cluster_pending(store, pipeline._noop, args.batch_size, stages=stages)
            mark("replay, stories, store writes")


if __name__ == "__main__":  # the LocalCluster's worker processes import this module again
    main()
