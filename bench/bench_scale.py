"""Whole `khobor run` on N articles: one process vs a 2-worker Dask LocalCluster (or a process pool), and how far apart their results are.

    python bench/bench_scale.py [--n 2000] [--workers 2] [--modes single,dask,pool] [--target 100000] [--keep DIR]

The articles are the real-news-dev corpus (read from ../shared/data/real-news-dev, never copied)
plus variants made from it until there are N: each variant is a real article with its paragraphs
rotated, its last sentence dropped and its date moved by whole weeks, so it is a new text (not a copy)
about a real happening. Each mode runs `khobor run` in a fresh process on a fresh store and prints
wall time, articles/s, CPU seconds of all its processes (what a busy shared machine does not blur) and
peak memory (the resident size of the run's whole process tree, sampled; and of the driver alone).
When N is below ``--target`` (100,000: hours on a small machine), it also prints what the measured rates
give at the target, labelled as an extrapolation (linear in N), with the band shuffle's volume there.

The cost of adding 1,000 articles as the store grows is bench/bench_growth.py's (its variants do not
repeat paragraphs, which the boilerplate detector would remove from a large store).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import real_articles  # noqa: E402  (bench_growth imports it from here too)
MODES = {"single": ["--workers", "1"], "pool": ["--executor", "process"], "dask": ["--executor", "dask"]}
LABELS = {"single": "one process", "pool": "process pool", "dask": "Dask LocalCluster"}


def variant(row: dict, k: int) -> dict:
    """A new text from a real one: paragraphs rotated by k, the last sentence dropped, the date k weeks later,
    from the outlet's k-th twin."""

    paragraphs = [p for p in row["text"].split("\n\n") if p.strip()]
    shift = k % max(1, len(paragraphs))
    paragraphs = paragraphs[shift:] + paragraphs[:shift]
    text = "\n\n".join(paragraphs)
    cut = max(text.rfind("।", 0, len(text) - 2), text.rfind(". ", 0, len(text) - 2))
    text = text[: cut + 1] if cut > len(text) // 2 else text
    published = weeks_later(row.get("published"), k)
    # Under an outlet of its own (the outlet's k-th twin): three articles of one outlet sharing a line make it
    # furniture, so the k-th variant of every article under the real outlet would be cleaned down to nothing.
    outlet = f"{row['outlet']}~{k}" if row.get("outlet") else None
    return {**row, "id": f"{row['id']}-v{k}", "title": f"{row.get('title') or ''} ({k})", "text": text, "published": published,
            **({"outlet": outlet} if outlet else {})}


def weeks_later(published: str | None, weeks: int) -> str | None:
    """An ISO date moved by whole weeks; a missing or unreadable one as it is."""
    from datetime import datetime, timedelta

    try:
        return (datetime.fromisoformat(published) + timedelta(weeks=weeks)).isoformat() if published else published
    except ValueError:
        return published


def corpus(n: int, rows: list[dict]) -> list[dict]:
    out = rows[:n]
    k = 1
    while len(out) < n:
        out += [variant(r, k) for r in rows[: n - len(out)]]
        k += 1
    return out


def write(rows: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({**r, "date": r.get("published")}, ensure_ascii=False) + "\n")
    return path


def measured_run(args: list[str], env: dict, python_args: tuple = ()) -> tuple[float, int, int, subprocess.CompletedProcess | None]:
    """(wall seconds, peak RSS of the process tree, peak RSS of the driver, result) of one `khobor run`
    (``python_args`` go before ``-m khobor.cli``, e.g. ``-m cProfile -o FILE`` to profile it)."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, *python_args, "-m", "khobor.cli", "run", *args], stdout=out, stderr=err, env=env)
        top, peak, driver = psutil.Process(proc.pid), 0, 0
        while proc.poll() is None:
            try:
                procs = [top, *top.children(recursive=True)]
                rss = [p.memory_info().rss for p in procs]
                peak, driver = max(peak, sum(rss)), max(driver, rss[0])
            except psutil.Error:
                pass
            time.sleep(0.2)
        wall = time.perf_counter() - t0
        err.seek(0)
        done = subprocess.CompletedProcess(proc.args, proc.returncode, "", err.read().decode(errors="replace"))
    return wall, peak, driver, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--modes", default="single,dask")
    parser.add_argument("--target", type=int, default=100_000, help="extrapolate to this many articles when N is smaller")
    parser.add_argument("--keep", type=Path, help="keep each mode's store here as MODE-N.db (bench_growth.py --base-corpus scale reuses it)")
    args = parser.parse_args()
    # a fixed hash seed: entities counted equally are listed in set order, which differs between any two processes
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
    rows = real_articles()
    fields = ["--date-field", "published", "--source-field", "id"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = write(corpus(args.n, rows), tmp / "corpus.jsonl")
        print(f"corpus: {args.n} articles ({min(args.n, len(rows))} real dev-corpus articles, the rest variants of them); "
              f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start", flush=True)
        print(f"{'mode':8s} {'stored':>7s} {'wall s':>8s} {'art/s':>8s} {'CPU s':>8s} {'peak MB (all)':>14s} {'driver MB':>10s}")
        base, measured, stores = None, {}, {}
        for mode in args.modes.split(","):
            extra = MODES[mode] + (["--workers", str(args.workers)] if mode != "single" else [])
            db = stores[mode] = args.keep / f"{mode}-{args.n}.db" if args.keep else tmp / f"{mode}.db"
            for leftover in db.parent.glob(db.name + "*"):
                leftover.unlink()
            cpu0 = _children_cpu()
            wall, peak, driver, done = measured_run([str(data), "--db", str(db), *fields, *extra], env)
            cpu = _children_cpu() - cpu0  # every process of the run (the workers are the driver's children)
            if done.returncode not in (0, 3):
                print(f"{mode}: failed ({done.returncode}): {done.stderr[-2000:]}")
                continue
            base = base or wall
            measured[mode] = (wall, peak, driver)
            Path(f"{db}.built").write_text(str(args.n))
            stored = _complete_count(db)  # input records whose text was kept (identical texts are one article)
            print(f"{mode:8s} {stored:7d} {wall:8.1f} {args.n / wall:8.1f} {cpu:8.1f} {peak / 2**20:14.0f} {driver / 2**20:10.0f}   "
                  f"x{base / wall:.2f} vs first", flush=True)
        if "single" in measured and "dask" in measured:
            agreement(stores["single"], stores["dask"])
        if args.n < args.target and measured:
            extrapolate(args.n, args.target, measured)


def agreement(single: Path, dask: Path) -> None:
    """How far the Dask run's result is from the single run's: events (pairwise), copies, analysis."""
    import khobor
    from khobor.evaluate import pairwise_scores

    with khobor.open(single, read_only=True) as a, khobor.open(dask, read_only=True) as b:
        left, right = {x.id: x for x in a.articles()}, {x.id: x for x in b.articles()}
    events = pairwise_scores({i: x.event_id for i, x in right.items()}, {i: x.event_id for i, x in left.items()})
    stories = pairwise_scores({i: x.story_id for i, x in right.items()}, {i: x.story_id for i, x in left.items()})
    copies = sum(1 for i, x in left.items() if i in right and x.duplicate_of != right[i].duplicate_of)
    analysis = sum(1 for i, x in left.items() if i in right and (x.body, x.mentions, x.quotes) != (right[i].body, right[i].mentions, right[i].quotes))
    print(f"\nDask vs single: events pairwise P {events['precision']:.4f} R {events['recall']:.4f} F1 {events['f1']:.4f} "
          f"({events['pairs_pred']} vs {events['pairs_gold']} same-event pairs); stories pairwise F1 {stories['f1']:.4f}; copy links differing: {copies} of "
          f"{sum(1 for x in left.values() if x.duplicate_of)}; articles whose cleaning or analysis differs: {analysis}")


def extrapolate(n: int, target: int, measured: dict) -> None:
    """What the rates measured at ``n`` give at ``target``: an estimate, not a measurement."""
    from khobor.executors.dask_dedup import band_shuffle_bytes

    scale = target / n
    print(f"\nEXTRAPOLATED to {target:,} articles (linear in N from the {n:,} measured above; NOT measured):")
    for mode, (wall, peak, driver) in measured.items():
        print(f"  {LABELS[mode]:18s} ~{wall * scale / 3600:5.1f} h wall, at {n / wall:.1f} articles/s "
              f"(memory is not extrapolated: at {n:,} the peak was {peak / 2**20:.0f} MB, {driver / 2**20:.0f} MB in the driver)")
    print(f"  band shuffle volume: {band_shuffle_bytes(target) / 2**20:,.0f} MB at {target:,} articles "
          f"({band_shuffle_bytes(1_000_000) / 2**20:,.0f} MB per million; computed from the record sizes)")


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children."""
    t = os.times()
    return t.children_user + t.children_system


def _complete_count(db: Path) -> int:
    """How many articles ``db`` holds."""
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def _complete(db: Path, size: int) -> bool:
    """True when ``db`` was built from ``size`` input articles (a marker written after the build) and every stored
    article went through every stage (a killed build is not complete). Identical texts are one article, so a
    store may hold fewer articles than its input had."""
    marker = Path(f"{db}.built")
    if not db.exists() or not marker.exists() or marker.read_text().strip() != str(size):
        return False
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        n, done = conn.execute("SELECT count(*), sum(analyzed AND clustered) FROM articles").fetchone()
    return n > 0 and done == n


if __name__ == "__main__":
    main()
