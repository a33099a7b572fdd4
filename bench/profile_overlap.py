"""The wall time a quiet 2-core machine would give a `--workers 2` run, measured on a busy one.

    python bench/profile_overlap.py [--data ../shared/data/real-news-dev]

Walls on a shared machine say little; CPU seconds are steady. This runs the real-news dev corpus once with
a pool of two workers, records the driver's CPU at each task it hands the pool and each result it waits
for, and each task's CPU in its worker, then replays that on two idle cores: the driver runs whenever it
is not waiting, on a core of its own (the workers run at a lower priority); the workers share the other
core, or both while the driver waits. Prints the measured figures, the replayed wall, and the bound
max(driver, all CPU / 2) no overlap can beat.
"""
import argparse
import concurrent.futures as cf
import gzip
import multiprocessing
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "2")
DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "real-news-dev"

from corpus import timed  # noqa: E402 - a pool task, with the CPU it took in its worker

EVENTS = []  # (driver cpu, kind, future id)
CHUNK_CPU = {}

def ch():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

def main():
    import khobor
    from khobor.service import cases
    from khobor.ingest import FieldMapping
    from khobor.executors.pool import stop_server
    from khobor.executors import work
    from khobor.executors.pool import PoolExecutor
    orig_submit = cf.ProcessPoolExecutor.submit
    handed, handing = {}, [None]  # a part held while the workers start counts as submitted when the driver handed it over
    def submit(self, fn, *args):
        if fn in (work.ready,):
            return orig_submit(self, fn, *args)
        f = orig_submit(self, timed, fn, *args)
        EVENTS.append((handing[0] if handing[0] is not None else time.process_time(), "submit", id(f)))
        return f
    cf.ProcessPoolExecutor.submit = submit
    orig_hand, orig_send = PoolExecutor._submit, PoolExecutor._send
    def hand(self, batch):
        at = time.process_time()
        parts = orig_hand(self, batch)
        handed.update((id(run), at) for _, runs in parts for run in runs if run[0] is None)
        return parts
    def send(self, entry, worker):
        handing[0] = handed.pop(id(entry), None)  # (a run waits for a free worker: it counts from its hand-over)
        try:
            orig_send(self, entry, worker)
        finally:
            handing[0] = None
    PoolExecutor._submit, PoolExecutor._send = hand, send
    orig_result = cf.Future.result
    def result(self, timeout=None):
        EVENTS.append((time.process_time(), "wait", id(self)))
        out = orig_result(self, timeout)
        if isinstance(out, tuple) and len(out) == 3 and out[0] == "timed":
            CHUNK_CPU[id(self)] = out[2]
            return out[1]
        return out
    cf.Future.result = result
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--workers", type=int, default=2, help="pool workers (the replay gives them the cores the driver "
                        "leaves); 1 is a pool of one worker beside the driver, not the serial run `--workers 1` makes")
    args = parser.parse_args()
    if args.workers == 1:
        from khobor import pipeline

        def one_worker(paths, gazetteer, workers, executor):
            pool = PoolExecutor(1, gazetteer=gazetteer)
            pool.warm()
            return pool
        pipeline.early_executor = one_worker
    tmp = tempfile.mkdtemp()
    inputs = []
    for name in ("munt-dev", "miraz"):
        inputs.append(Path(tmp) / f"{name}.jsonl")
        with gzip.open(args.data / f"{name}.jsonl.gz", "rt", encoding="utf-8") as src, open(inputs[-1], "w", encoding="utf-8") as dst:
            shutil.copyfileobj(src, dst)
    c0, t0 = time.process_time(), time.perf_counter()
    with khobor.open(str(Path(tmp) / "run.db")) as store:
        cases.run(store, inputs, mapping=FieldMapping(date="published", source="id"), workers=args.workers)
        end_cpu = time.process_time()
        wall = time.perf_counter() - t0
        while multiprocessing.active_children():  # the workers unload after the run; wait to count their CPU
            time.sleep(0.05)
        stop_server()  # the fork server that loaded the models and forked the workers: its CPU too
    workers = ch()
    drv = end_cpu - c0
    chunks = sum(CHUNK_CPU.values())
    init = max(0.0, (workers - chunks) / args.workers)
    print(f"measured: wall {wall:.1f} (load {os.getloadavg()[0]:.1f}), driver CPU {drv:.1f}, workers CPU {workers:.1f} "
          f"(chunks {chunks:.1f}, start+exit per worker {init:.1f})")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"quiet 2-core estimate: {simulate(sorted(EVENTS, key=lambda e: e[0]), CHUNK_CPU, c0, end_cpu, init, args.workers):.1f} s wall; "
          f"bound max(driver, all/2) = {max(drv, (drv + workers) / 2):.1f} s")

def simulate(events, cpu, c0, end, init, workers=2, timeline=True):
    """Driver: one core whenever it runs; workers (nice 5) share what is left, two cores while the driver waits."""
    segs, last = [], c0
    for at, kind, fid in events:
        segs.append((max(0.0, at - last), kind, fid))
        last = at
    segs.append((max(0.0, end - last), "end", None))
    t, queue, done, running = 0.0, [], set(), [["init", init] for _ in range(workers)]
    i, left, waiting = 0, segs[0][0], None
    waits, idle = [], 0.0  # (when, how long) the driver waited; worker-core seconds left idle while it ran
    while True:
        if waiting is not None and waiting in done:
            waiting = None
        busy = [w for w in running if w is not None]
        driver_runs = waiting is None
        rate = (1.0 if len(busy) <= 1 else 0.5) if driver_runs else 1.0
        steps = [w[1] / rate for w in busy]
        if driver_runs:
            steps.append(left)
        if not steps:
            raise RuntimeError("stuck")
        dt = min(steps)
        if not driver_runs:
            if waits and waits[-1][0] + waits[-1][1] >= t - 1e-9:
                waits[-1][1] += dt
            else:
                waits.append([t, dt])
        else:
            idle += dt * (1 - len(busy) * rate)
        t += dt
        for w in busy:
            w[1] -= dt * rate
        if driver_runs:
            left -= dt
        for k, w in enumerate(running):
            if w is not None and w[1] <= 1e-9:
                if w[0] != "init":
                    done.add(w[0])
                running[k] = None
        for k in range(workers):
            if running[k] is None and queue:
                fid = queue.pop(0)
                running[k] = [fid, cpu.get(fid, 0.0)]
        if driver_runs and left <= 1e-9:
            _, kind, fid = segs[i]
            if kind == "end":
                if timeline:
                    print("driver waits (at s, for s): " + ", ".join(f"{a:.1f}+{b:.2f}" for a, b in waits if b > 0.01))
                    print(f"driver waited {sum(b for _, b in waits):.1f} s; the workers' core idle {idle:.1f} s while the driver ran")
                return t
            if kind == "submit":
                queue.append(fid)
                for k in range(workers):
                    if running[k] is None and queue:
                        f2 = queue.pop(0)
                        running[k] = [f2, cpu.get(f2, 0.0)]
            elif kind == "wait" and fid in cpu and fid not in done:
                waiting = fid
            i += 1
            left = segs[i][0]

if __name__ == "__main__":
    main()
