"""What one run adding 1,000 articles costs as the store grows: the same new articles into stores of A and B.

    python bench/bench_growth.py --sizes 2000,20000 [--add 1000] [--keep DIR] [--as-is] [--base-corpus scale [--base-mode dask]]
        [--continue-base] [--profile DIR]

The stores hold the real-news-dev articles (read from ../shared/data/real-news-dev, never copied)
and variants of them: each variant has the sentences of a real article in a shuffled order, paired
two to a paragraph, a new title and its date moved by whole weeks. (``bench_scale.py --grow``
rotates whole paragraphs instead: past a few thousand articles its paragraphs repeat so often that
cleaning removes them as boilerplate, and most of its variants are refused as empty.) The stores
are reused from ``--keep``; each add runs on a copy; the table says how many articles each holds. A store written by an older khobor keeps its stage state as one blob per stage; the
first run on it reads each blob once and saves it as rows; a store of a khobor whose rows were laid out otherwise
rewrites some of them once (an entity's article ids in chunks, one signature chunk a row). That one-time conversion
(every row written afresh) is done, and timed, before the measured run unless ``--as-is``, so the measured run is what
every later run costs.
With ``--base-corpus scale`` the stores hold bench_scale.py's corpus instead (the same first N articles as its
run of any larger N), so a store that ``bench_scale.py --n N --keep DIR`` built in its single-process mode can be
reused as the base of N articles: it is kept as DIR/single-N.db, which this bench finds under --keep. With
``--base-mode dask`` the bases are the stores ``bench_scale.py --n N --modes dask --keep DIR`` built (DIR/dask-N.db;
a missing one is built that way here): a 100,000-article base costs ~45 CPU-minutes in one process, and the Dask
build leaves the same kinds of stage state, which the measured run (always one process) adds to.
With ``--continue-base`` the new articles are dated in the week after each base's newest variant (the same texts;
only their dates differ per store), so each run meets the new articles with a few weeks of news before them, as a
store growing day by day would; without it they all carry one date, just after the largest base.
With ``--profile DIR`` each measured run is profiled (cProfile, DIR/add-N.prof, on its default wall clock: a CPU
clock makes each profiled call a system call and tripled the run; its CPU seconds include the profiler's) and its
store kept as DIR/add-N.db, for ``bench/compare_stores.py`` between two versions of khobor.
With ``--primed`` each base is first copied to DIR/MODE-N-primed.db (once; the base itself is never written) and
1,000 other shuffles of the new articles' texts, at their real articles' dates, are added to the copy: a store built
before a change that rewrites old rows on its first run (acronym aliases renamed ~35k of 100k articles' mentions)
has had that run, so the measured run is what every later run costs; the measured runs start from the copies.
Issue target: the run into 100,000 costs at most 1.3x the run into 10,000; peak memory less than linear.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bench_scale  # noqa: E402
from bench_scale import _children_cpu, _complete, measured_run, real_articles, weeks_later, write  # noqa: E402

SENTENCE_END = re.compile(r"(?<=[।!?.])\s+")


def variant(row: dict, k: int) -> dict:
    """A new text from a real one: its sentences shuffled (seeded by k), two to a paragraph, the date k weeks later."""

    sentences = [s for s in SENTENCE_END.split(row["text"].replace("\n", " ")) if s.strip()]
    random.Random(f"{row['id']}/{k}").shuffle(sentences)
    text = "\n\n".join(" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2))
    published = weeks_later(row.get("published"), k)
    return {**row, "id": f"{row['id']}-w{k}", "title": f"{row.get('title') or ''} ({k})", "text": text, "published": published}


def corpus(n: int, rows: list[dict]) -> list[dict]:
    out, k = rows[:n], 1
    while len(out) < n:
        out += [variant(r, k) for r in rows[: n - len(out)]]
        k += 1
    return out


def continuing(new: list[dict], base: list[dict]) -> list[dict]:
    """``new`` moved to the week after ``base``'s newest variant: each store then meets the new articles with as
    much news of the days before them as a store growing day by day would (with one date for every store, the
    small store's base ends months before the new articles)."""

    def week(row: dict) -> int:
        found = re.search(r"-[vw](\d+)$", row["id"])
        return int(found.group(1)) if found else 0

    shift = max(map(week, base), default=0) + 1 - max(map(week, new), default=0)
    return [{**row, "published": weeks_later(row.get("published"), shift)} for row in new]


def stored(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def convert(db: Path) -> float:
    """Read each stage's state and save it afresh (split into rows when it is an older one-blob state, and every row
    in this khobor's layout: what a store built by it holds); seconds taken."""
    import khobor
    from khobor.analyze.entities import EntityResolver
    from khobor.cluster.events import EventClusterer
    from khobor.cluster.stories import StoryLinker
    from khobor.dedup import Deduper

    start = time.perf_counter()
    with khobor.open(str(db)) as store, store.atomic():
        for name, cls in (("entities", EntityResolver), ("dedup", Deduper), ("events", EventClusterer), ("stories", StoryLinker)):
            stage = store.load_stage(name, cls)
            if stage is not None:
                store.save_stage(name, stage, afresh=True)
    return time.perf_counter() - start


FIELDS = ["--date-field", "published", "--source-field", "id"]  # how `khobor run` reads this bench's JSONL


def base_path(keep: Path, size: int, base_corpus: str, base_mode: str) -> Path:
    """Where the base store of ``size`` articles is kept (bench_scale.py's MODE-N.db for its corpus)."""
    return keep / (f"growth-{size}.db" if base_corpus == "growth" else f"{base_mode}-{size}.db")


def copy_store(base: Path, to: Path) -> None:
    """A copy of a store with its write-ahead log (a base is never written; each run adds to a copy)."""
    for suffix in ("", "-wal"):
        if Path(f"{base}{suffix}").exists():
            shutil.copyfile(f"{base}{suffix}", f"{to}{suffix}")


def primed_path(base: Path) -> Path:
    return base.with_name(base.stem + "-primed.db")


def primed(base: Path, extra_new: list[dict], rows: list[dict], tmp: Path, env: dict) -> Path:
    """``base`` copied once to NAME-primed.db and a run of other shuffles of the new texts added to it (see --primed)."""
    out = primed_path(base)
    if Path(f"{out}.built").exists():
        return out
    by_id = {r["id"]: r for r in rows}
    prime = []
    for row in extra_new:
        real = by_id[re.sub(r"-[vw]\d+$", "", row["id"])]
        k = int(found.group(1)) if (found := re.search(r"-[vw](\d+)$", row["id"])) else 0
        prime.append({**variant(real, 9000 + k), "id": row["id"] + "-prime", "published": real.get("published")})
    copy_store(base, out)
    done = measured_run([str(write(prime, tmp / "prime.jsonl")), "--db", str(out), *FIELDS, "--workers", "1"], env)[3]
    if done.returncode not in (0, 3):
        sys.exit(f"priming {out} failed ({done.returncode}): {done.stderr[-2000:]}")
    Path(f"{out}.built").write_text(Path(f"{base}.built").read_text())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--add", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="build the base stores here once and reuse them")
    parser.add_argument("--as-is", action="store_true", help="measure on the base store as built (no conversion first)")
    parser.add_argument("--base-corpus", choices=("growth", "scale"), default="growth",
                        help="the base stores' articles: this bench's variants, or bench_scale.py's (whose stores it can reuse)")
    parser.add_argument("--continue-base", action="store_true",
                        help="date the new articles in the week after each base's newest variant (else all at one date, after the largest base)")
    parser.add_argument("--profile", type=Path,
                        help="profile each measured run (cProfile, DIR/add-N.prof) and keep its store as DIR/add-N.db")
    parser.add_argument("--primed", action="store_true",
                        help="measure on a copy of each base that had one run of other new articles first (kept as NAME-primed.db)")
    parser.add_argument("--base-mode", choices=("single", "dask"), default="single",
                        help="with --base-corpus scale: how the bases were built (bench_scale.py's MODE-N.db under --keep)")
    args = parser.parse_args()
    if args.base_mode != "single" and args.base_corpus == "growth":
        parser.error("--base-mode needs --base-corpus scale (the stores bench_scale.py builds)")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
    sizes = [int(x) for x in args.sizes.split(",")]
    rows = real_articles()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        keep = args.keep or tmp
        extra = corpus(max(sizes) + args.add, rows)
        new = write(extra[-args.add:], tmp / "new.jsonl")  # sentence-shuffled texts: new to either base corpus
        bases = extra if args.base_corpus == "growth" else bench_scale.corpus(max(sizes), rows)
        print(f"adding the same {args.add} articles to stores of {', '.join(map(str, sizes))}; {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f} at start")
        print(f"{'store':>8s} {'stored':>7s} {'convert s':>10s} {f'add {args.add}: wall s':>17s} {'CPU s':>7s} {'peak MB':>8s} {'store MB':>9s}")
        first = None
        for size in sizes:
            base = base_path(keep, size, args.base_corpus, args.base_mode)
            how = [] if args.base_corpus == "growth" else bench_scale.MODES[args.base_mode] + (["--workers", "2"] if args.base_mode == "dask" else [])
            ready = args.primed and Path(f"{primed_path(base)}.built").exists()  # (then the base is not even opened)
            if not ready and not _complete(base, size):
                for leftover in base.parent.glob(base.name + "*"):
                    leftover.unlink()
                built = measured_run([str(write(bases[:size], tmp / f"base-{size}.jsonl")), "--db", str(base), *FIELDS, *how], env)[3]
                if built.returncode not in (0, 3):
                    sys.exit(f"building the {size}-article store failed ({built.returncode}): {built.stderr[-2000:]}")
                Path(f"{base}.built").write_text(str(size))
            if args.primed:
                base = primed(base, extra[-args.add:], rows, tmp, env)
            db = tmp / f"add-{size}.db"
            copy_store(base, db)
            converted = 0.0 if args.as_is else convert(db)
            adding = write(continuing(extra[-args.add:], bases[:size]), tmp / f"new-{size}.jsonl") if args.continue_base else new
            cpu0 = _children_cpu()
            profiling = ("-m", "cProfile", "-o", str(args.profile / f"add-{size}.prof")) if args.profile else ()
            wall, peak, _, done = measured_run([str(adding), "--db", str(db), *FIELDS, "--workers", "1"], env, profiling)
            cpu = _children_cpu() - cpu0
            if done.returncode not in (0, 3):
                print(f"{size}: failed ({done.returncode}): {done.stderr[-2000:]}")
                continue
            first = first or cpu
            print(f"{size:8d} {stored(base):7d} {converted:10.1f} {wall:17.1f} {cpu:7.1f} {peak / 2**20:8.0f} {db.stat().st_size / 2**20:9.0f}   "
                  f"x{cpu / first:.2f} CPU vs the smallest store")
            for leftover in tmp.glob(db.name + "*"):
                if args.profile:
                    shutil.move(leftover, args.profile / leftover.name)
                else:
                    leftover.unlink()


if __name__ == "__main__":
    main()
