"""What one run adding 1,000 articles writes, part by part: the bytes and the CPU of each stage state part saved,
and the entity rows' data, in the measured run of ``bench_growth.py`` (the same base, conversion and new articles).

    python bench/growth_writes.py --size 100000 --keep DIR [--base-corpus scale --base-mode dask] [--continue-base]

Runs ``khobor run`` in this process (one worker, as bench_growth does) on a copy of DIR's base of ``--size``
articles, after its one-time conversion, with the store's state saves and entity writes watched. Prints the total,
the parts that wrote most, and the CPU of the store's reads and writes (thread time, summed over the run). The
bytes are what to compare between two versions; the CPU seconds move by a fifth with the machine's load.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale  # noqa: E402
from bench_growth import FIELDS, base_path, continuing, convert, copy_store, corpus, real_articles, write  # noqa: E402

BYTES: collections.Counter = collections.Counter()
ROWS: collections.Counter = collections.Counter()
CPU: collections.Counter = collections.Counter()


def _timed(owner, name: str, label: tuple) -> None:
    real = getattr(owner, name)

    def timed(*args, **kwargs):
        start = time.thread_time()
        try:
            return real(*args, **kwargs)
        finally:
            CPU[label] += time.thread_time() - start

    setattr(owner, name, timed)


def watch() -> None:
    from sqlalchemy.engine.default import DefaultDialect

    from khobor.store import entities, state

    save_part = state.StateRepository._save_part

    def saving(name, part, group, stored, write, delete):
        before = set(write)
        start = time.thread_time()
        found = save_part(name, part, group, stored, write, delete)
        CPU[(name, part)] += time.thread_time() - start
        for key in write.keys() - before:
            BYTES[(name, part)] += len(write[key])
            ROWS[(name, part)] += 1
        return found

    state.StateRepository._save_part = staticmethod(saving)
    upsert = entities.EntityRepository.upsert

    def upserting(self, found, deleted=()):
        found = list(found)
        BYTES[("table", "entities data")] += sum(len(json.dumps(entities._row(e)["data"])) for e in found)
        ROWS[("table", "entities data")] += len(found)
        return upsert(self, found, deleted)

    entities.EntityRepository.upsert = upserting
    _timed(DefaultDialect, "do_commit", ("sql", "commit"))
    _timed(entities.EntityRepository, "upsert", ("table", "entities upsert"))
    _timed(state.StateRepository, "put_parts", ("state", "put_parts"))
    _timed(state.StateRepository, "get_parts", ("state", "get_parts"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--add", type=int, default=1000)
    parser.add_argument("--keep", type=Path, required=True, help="where bench_growth.py keeps its base stores")
    parser.add_argument("--base-corpus", choices=("growth", "scale"), default="scale")
    parser.add_argument("--base-mode", choices=("single", "dask"), default="dask")
    parser.add_argument("--continue-base", action="store_true")
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    base = base_path(args.keep, args.size, args.base_corpus, args.base_mode)
    if not base.exists():
        sys.exit(f"{base}: no base store; build it with bench_growth.py --keep {args.keep} first")
    rows = real_articles()
    extra = corpus(args.size + args.add, rows)
    bases = extra if args.base_corpus == "growth" else bench_scale.corpus(args.size, rows)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "add.db"
        copy_store(base, db)
        print(f"conversion {convert(db):.1f} s")
        new = extra[-args.add:]
        adding = write(continuing(new, bases[:args.size]) if args.continue_base else new, Path(tmp) / "new.jsonl")
        os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        watch()
        from khobor.cli import main as khobor

        start = time.process_time()
        try:
            khobor(["run", str(adding), "--db", str(db), *FIELDS, "--workers", "1"], standalone_mode=False)
        except SystemExit:
            pass
        print(f"run: {time.process_time() - start:.1f} CPU-s in this process; written {sum(BYTES.values()) / 1e6:.1f} MB")
        for part, size in BYTES.most_common(args.top):
            print(f"  {size / 1e6:8.2f} MB {ROWS[part]:6d} rows {CPU.get(part, 0):6.2f} CPU-s  {' / '.join(part)}")
        for label in (("state", "get_parts"), ("state", "put_parts"), ("sql", "commit"), ("table", "entities upsert")):
            print(f"  {CPU[label]:6.2f} CPU-s  {' / '.join(label)}")


if __name__ == "__main__":
    main()
