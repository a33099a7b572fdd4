"""Size and speed of the state codec against pickle, on the stage states of a real store.

    python bench/bench_state_codec.py STORE.db [--repeat 5]

STORE.db is a store this khobor wrote (e.g. after `khobor run` on a corpus). For each
stage's saved state: its size and the best-of-``repeat`` time to encode and to decode it
with the codec, and the same for pickle (protocol 5) on the same in-memory value. Pickle
is only used on values this script built itself, never on the store's bytes. The events
state is still written by EventClusterer itself; it is read here the way the pipeline
reads it (the store checks it first).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import khobor  # noqa: E402
from khobor import codec  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def value_of(store, name: str, data: bytes):
    if data.startswith(codec.MAGIC):
        return codec.loads(data)
    from khobor.cluster.events import EventClusterer  # its own format until it moves onto the codec

    events = EventClusterer.from_state(store.get_state(name))
    return {"version": 2, "params": {k: v for k, v in vars(events).items() if not k.endswith("_") and k not in ("embed", "memo", "logs")},
            "learned": {k: v for k, v in vars(events).items() if k.endswith("_")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with khobor.open(args.store, read_only=True) as store:
        articles = store.count()
        with store._read() as conn:
            names = [r[0] for r in conn.exec_driver_sql("SELECT name FROM state ORDER BY name")]
        values = {name: value_of(store, name, store.get_state(name)) for name in names}
    print(f"{args.store}: {articles} articles; best of {args.repeat}")
    print(f"{'state':<11} {'codec KB':>9} {'pickle KB':>9} {'enc ms':>8} {'pkl enc':>8} {'dec ms':>8} {'pkl dec':>8}")
    totals = [0.0] * 6
    for name, value in values.items():
        ours, theirs = codec.dumps(value), pickle.dumps(value, protocol=5)
        row = [len(ours) / 1024, len(theirs) / 1024,
               1000 * best(lambda: codec.dumps(value), args.repeat), 1000 * best(lambda: pickle.dumps(value, protocol=5), args.repeat),
               1000 * best(lambda: codec.loads(ours), args.repeat), 1000 * best(lambda: pickle.loads(theirs), args.repeat)]
        totals = [t + r for t, r in zip(totals, row)]
        print(f"{name:<11} " + " ".join(f"{x:>{w}.1f}" for x, w in zip(row, (9, 9, 8, 8, 8, 8))))
    print(f"{'total':<11} " + " ".join(f"{x:>{w}.1f}" for x, w in zip(totals, (9, 9, 8, 8, 8, 8))))


if __name__ == "__main__":
    main()
