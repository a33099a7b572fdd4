"""Crash test: kill `khobor run` (SIGKILL) at checkpoints spread over every stage, run it again,
and check the store equals a clean run's on the same input.

    python bench/crash_test.py [--points N] [--batch-size 2] [--jobs 4]

A point is ``stage:n``: the n-th pass of the run through a checkpoint of that stage (see
``khobor.pipeline.checkpoint``); ``*-commit`` points are inside the batch's transaction, just
before it commits, the others just after. The corpus is samples/ (plus ../shared/seeds when
present, plus a near copy of one sample so dedup has work), run with a small batch size so every
stage has several batches.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"
STAGES = ("ingest", "ingest-commit", "analyze", "analyze-commit", "cluster", "cluster-commit")
# What a store is made of, without what legitimately differs between two runs (clock times, row numbers).
TABLES = {
    "articles": "SELECT id, source, outlet, url, title, published_at, language, body, data, duplicate_of, "
                "event_id, story_id, analyzed, clustered FROM articles",
    "sources": "SELECT source, article_id FROM sources",
    "entities": "SELECT * FROM entities",
    "article_entities": "SELECT article_id, entity_id FROM article_entities",
    "events": "SELECT * FROM events",
    "stories": "SELECT * FROM stories",
    "state": "SELECT name, data FROM state",
    "files": "SELECT path, size, mtime_ns, documents, problems FROM files",
    "problems": "SELECT source, reason FROM problems",
    "articles_fts": "SELECT rowid IS NOT NULL FROM articles_fts",
}


def make_corpus(folder: Path) -> int:
    """Write the input files into ``folder``; returns how many documents they hold."""
    shutil.copytree(SAMPLES, folder)
    if SEEDS.is_dir():
        for seed in sorted(SEEDS.glob("*.txt")):
            shutil.copy(seed, folder / f"seed-{seed.name}")
    original = folder / "dainik-alo" / "2025-03-03-flood.txt"
    text = original.read_text(encoding="utf-8")
    (folder / "copy-of-flood.txt").write_text(text.rstrip() + "\n\nবিস্তারিত আসছে।\n", encoding="utf-8")
    documents = 0
    for path in folder.rglob("*"):
        if path.is_file():
            documents += sum(1 for line in path.open(encoding="utf-8") if line.strip()) if path.suffix == ".jsonl" else 1
    return documents


def khobor_run(folder: Path, db: Path, batch_size: int, crash_at: str | None = None,
               extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    # A fixed hash seed: ties among equally counted entities are listed in set order, which would
    # differ between any two runs, crashed or not.
    env = {**{k: v for k, v in os.environ.items() if k != "KHOBOR_CRASH_AT"}, "PYTHONHASHSEED": "0"}
    if crash_at:
        env["KHOBOR_CRASH_AT"] = crash_at
    cmd = [sys.executable, "-m", "khobor.cli", "run", str(folder), "--db", str(db), "--batch-size", str(batch_size), *extra]
    # Ctrl-C as a terminal gives it: a job started in the background of a script has SIGINT ignored, and a
    # Python started with it ignored never turns it into KeyboardInterrupt.
    restore = (lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if os.name == "posix" else None
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, preexec_fn=restore)


def snapshot(db: Path) -> dict[str, list]:
    """Every table as a sorted list of rows (duplicated rows stay, so they show up as a difference)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        out = {}
        for table, query in TABLES.items():
            rows = conn.execute(query).fetchall()
            out[table] = sorted(tuple(hashlib.sha1(v).hexdigest() if isinstance(v, bytes) else v for v in r)
                                for r in rows)
    return out


def duplicated(snap: dict[str, list]) -> list[str]:
    """Tables holding a row twice (by their key)."""
    keys = {"articles": 0, "sources": 0, "entities": 0, "events": 0, "stories": 0, "state": 0}
    bad = [t for t, k in keys.items() if len({r[k] for r in snap[t]}) != len(snap[t])]
    return bad + [t for t in ("article_entities",) if len(set(snap[t])) != len(snap[t])]


def differences(clean: dict[str, list], other: dict[str, list]) -> list[str]:
    return [f"{t}: {len(clean[t])} rows in the clean run, {len(other[t])} here"
            if len(clean[t]) != len(other[t]) else f"{t}: same count, different rows"
            for t in clean if clean[t] != other[t]]


def kill_points(documents: int, articles: int, batch_size: int, wanted: int) -> list[str]:
    """``wanted`` points spread evenly over each stage's checkpoints (every stage gets some)."""
    passes = {"ingest": documents // batch_size + 1, "analyze": math.ceil(articles / batch_size)}
    passes["cluster"] = passes["analyze"]
    every = [f"{s}:{n}" for s in STAGES for n in range(1, passes[s.split("-")[0]] + 1)]
    if wanted >= len(every):
        return every
    per_stage = {s: [p for p in every if p.rsplit(":", 1)[0] == s] for s in STAGES}
    points = []
    for i, stage in enumerate(STAGES):
        share = wanted // len(STAGES) + (i < wanted % len(STAGES))
        options = per_stage[stage]
        # always the last pass (a stage's final writes), then evenly spaced earlier ones
        picks = {len(options) - 1} | {round(k * (len(options) - 1) / max(share - 1, 1)) for k in range(share - 1)}
        points += [options[j] for j in sorted(picks)]
    return points


def check_point(point: str, folder: Path, work: Path, batch_size: int, clean: dict) -> dict:
    db = work / (point.replace(":", "-") + ".db")
    killed = khobor_run(folder, db, batch_size, crash_at=point)
    result = {"point": point, "stage": point.split(":")[0], "killed": killed.returncode == -9}
    if not result["killed"]:
        result["problems"] = [f"not killed (exit {killed.returncode}): {killed.stderr[-500:]}"]
        return result
    again = khobor_run(folder, db, batch_size)
    problems = [] if again.returncode == 0 else [f"re-run failed (exit {again.returncode}): {again.stderr[-500:]}"]
    if not problems:
        snap = snapshot(db)
        problems = differences(clean, snap) + [f"{t}: a row twice" for t in duplicated(snap)]
    result["problems"] = problems
    result["equal"] = not problems
    return result


def run(points: int = 24, batch_size: int = 2, jobs: int = 4, report=print) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "in"
        documents = make_corpus(folder)
        clean_db = tmp / "clean.db"
        done = khobor_run(folder, clean_db, batch_size)
        if done.returncode != 0:
            raise SystemExit(f"the clean run failed: {done.stderr[-2000:]}")
        clean = snapshot(clean_db)
        report(f"clean run: {documents} documents, {len(clean['articles'])} articles, {len(clean['events'])} events, "
               f"{len(clean['stories'])} stories, {len(clean['entities'])} entities, "
               f"{sum(1 for r in clean['articles'] if r[9])} duplicates; batch size {batch_size}")
        chosen = kill_points(documents, len(clean["articles"]), batch_size, points)
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(lambda p: check_point(p, folder, tmp, batch_size, clean), chosen))
        for r in results:
            report(f"{r['point']:<20} killed in {r['stage']:<15} re-run store equals clean run: "
                   f"{'yes' if r.get('equal') else 'NO  ' + '; '.join(r['problems'])}")
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=24, help="kill points (spread over every stage)")
    parser.add_argument("--batch-size", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=4, help="points tested at once")
    args = parser.parse_args()
    started = time.monotonic()
    results = run(args.points, args.batch_size, args.jobs)
    equal = sum(bool(r.get("equal")) for r in results)
    stages = sorted({r["stage"] for r in results})
    print(f"{equal}/{len(results)} kill points equal to the clean run after a re-run "
          f"(stages: {', '.join(stages)}); {time.monotonic() - started:.0f} s")
    sys.exit(0 if equal == len(results) else 1)


if __name__ == "__main__":
    main()
