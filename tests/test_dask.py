"""`khobor run --executor dask` on a 2-worker LocalCluster gives the single-process result, and the
MinHash band shuffle finds exactly the Deduper's copies."""

import copy
import dataclasses
import json
import gzip
from pathlib import Path

import pytest

from bench import crash_test  # the kill-and-rerun harness (pyproject: pythonpath = ["."])
from collections import Counter

pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'khobor[dask]')")

import khobor  # noqa: E402
from khobor.dedup import Deduper  # noqa: E402
from khobor.evaluate import pairwise_scores  # noqa: E402
from khobor.executors.dask_dedup import fitted_deduper, near_duplicates  # noqa: E402
from khobor.ingest import FieldMapping  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "real-news-dev"
BATCH = 4


SAMPLE = 150  # real reports from six days of two outlets: events of several reports, and copies


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """samples/, the seeds and a near copy (crash_test's corpus), plus a real-news sample when present."""
    ct = crash_test
    tmp = tmp_path_factory.mktemp("dask")
    folder = tmp / "in"
    ct.make_corpus(folder)
    _repeats(folder / "repeats.jsonl")
    if (DEV / "miraz.jsonl.gz").exists():
        with gzip.open(DEV / "miraz.jsonl.gz", "rt", encoding="utf-8") as src:
            rows = [json.loads(line) for _, line in zip(range(SAMPLE), src)]
        rows = [{**r, "date": r.get("published")} for r in rows]
        (tmp / "dev").mkdir()
        (tmp / "dev" / "slice.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[: SAMPLE // 2]), encoding="utf-8")
        import pyarrow as pa
        import pyarrow.parquet as pq

        for n, part in enumerate((rows[SAMPLE // 2: 3 * SAMPLE // 4], rows[3 * SAMPLE // 4:])):  # Parquet partitions too
            (tmp / "dev" / "parts" / f"part={n}").mkdir(parents=True)
            pq.write_table(pa.Table.from_pylist(part), tmp / "dev" / "parts" / f"part={n}" / "data.parquet")
        folder = [folder, tmp / "dev" / "slice.jsonl", tmp / "dev" / "parts"]
    else:
        folder = [folder]
    return ct, folder, tmp


def _repeats(path: Path) -> None:
    """An outlet whose shared lines empty a text by cleaning (every line of it seen in three of its articles),
    then the same text again: a single run cleans it again (and it fails again); it is not an article."""
    shared = ["The ministry said on Sunday that the new bridge over the river will open to traffic next month.",
              "Officials added that the contractor had finished the approach roads on both banks of the river."]
    own = ["Traders in the market town expect the bridge to cut the journey to the district capital by an hour.",
           "Farmers said they hope to sell vegetables in the city markets without waiting for the ferry."]
    texts = ["\n\n".join([*shared, own[0]]), "\n\n".join([*shared, own[1]]), "\n\n".join(shared), "\n\n".join(shared)]
    rows = [{"text": t, "outlet": "echo", "date": f"2025-03-0{n + 1}", "url": f"https://echo.example/{n}"} for n, t in enumerate(texts)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local, Client(local) as client:
        yield client


def _run(ct, paths, db, extra, batch=BATCH):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("KHOBOR_CRASH_AT", None)
    cmd = [sys.executable, "-m", "khobor.cli", "run", *map(str, paths), "--db", str(db), "--batch-size", str(batch), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)


ANALYSIS = ("source", "outlet", "url", "title", "published_at", "language", "body", "boilerplate", "mentions", "quotes")


def test_a_dask_run_gives_the_single_process_result(corpus):
    """Cleaning, analysis, entities and copies identical; events at pairwise F1 >= 0.99 (the blocks see less history)."""
    ct, paths, tmp = corpus
    one = _run(ct, paths, tmp / "one.db", ["--workers", "1"], batch=40)
    assert one.returncode == 3, one.stderr[-3000:]  # 3: done, with problems (the two texts emptied by cleaning)
    dask = _run(ct, paths, tmp / "dask.db", ["--executor", "dask", "--workers", "2"], batch=40)
    assert dask.returncode == 3, dask.stderr[-3000:]
    serial, distributed = ct.snapshot(tmp / "one.db"), ct.snapshot(tmp / "dask.db")
    for table in ("sources", "entities", "article_entities", "files", "problems"):
        assert serial[table] == distributed[table], table
    kept = lambda snap: [r for r in snap["state"] if r[0] in ("line_stats", "entities")]  # noqa: E731
    assert kept(serial) == kept(distributed)
    with khobor.open(tmp / "one.db") as a, khobor.open(tmp / "dask.db") as b:
        left, right = {x.id: x for x in a.articles()}, {x.id: x for x in b.articles()}
        events = {len(a.events()), len(b.events())}
    assert left.keys() == right.keys()
    assert all(x.body for x in right.values())  # a text emptied by cleaning is a problem, not an empty article
    for name in ANALYSIS:
        assert {i: getattr(x, name) for i, x in left.items()} == {i: getattr(x, name) for i, x in right.items()}, name
    dated = [i for i, x in left.items() if x.published_at]
    assert {i: left[i].times for i in dated} == {i: right[i].times for i in dated}
    copies = {i: x.duplicate_of for i, x in left.items()}
    assert copies == {i: x.duplicate_of for i, x in right.items()}
    scores = pairwise_scores({i: x.event_id for i, x in right.items()}, {i: x.event_id for i, x in left.items()})
    assert scores["f1"] >= 0.99, scores
    again = _run(ct, paths, tmp / "dask.db", ["--executor", "dask", "--workers", "2"], batch=40)  # nothing new: nothing changes
    # a file with problems is read again by any later run (a single one too), and its problems told again
    assert again.returncode == 3 and "0 new article(s)" in again.stderr, again.stderr[-3000:]
    assert ct.snapshot(tmp / "dask.db") == distributed
    if DEV.exists():  # the sample is worth its time only if it has copies and events of several reports
        assert sum(1 for v in copies.values() if v) >= 2 and scores["pairs_gold"] >= 20 and min(events) >= 20


def test_files_a_worker_refuses_are_problems_not_a_failed_run(corpus):
    """Workers read the files: one that is empty or binary comes back as an IngestError, which the driver records
    before going on (the error once failed to unpickle there, and the whole run stopped). Run as ``python -m khobor``
    (the README's way when the script is not on PATH): so run, the code before failed here every time."""
    import os
    import shutil
    import subprocess
    import sys

    _, _, tmp = corpus
    folder = tmp / "refused"
    shutil.copytree(ROOT / "samples", folder)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "noise.txt").write_bytes(bytes(range(256)) * 8)
    env = {**{k: v for k, v in os.environ.items() if k != "KHOBOR_CRASH_AT"}, "PYTHONHASHSEED": "0"}
    done = subprocess.run([sys.executable, "-m", "khobor", "run", str(folder), "--db", str(tmp / "refused.db"),
                           "--executor", "dask", "--workers", "2"], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 3, done.stderr[-3000:]
    assert "empty.txt: empty file" in done.stderr and "noise.txt: binary data" in done.stderr, done.stderr[-3000:]
    with khobor.open(tmp / "refused.db") as store:
        assert store.count() >= 5


def test_an_unreachable_scheduler_is_a_clear_error(corpus):
    ct, paths, tmp = corpus
    done = _run(ct, paths, tmp / "none.db", ["--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert done.returncode == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in done.stderr


def test_the_band_shuffle_finds_the_deduper_copies(corpus, cluster):
    ct, paths, tmp = corpus
    with khobor.open(tmp / "dedup.db") as store:
        store.ingest(paths, mapping=FieldMapping())
        articles = list(store.articles())
    # more copies than the corpus has: each article again with a line added, and one trimmed at the end
    for a in articles[:8]:
        articles.append(dataclasses.replace(a, id=a.id[::-1], body=a.body + "\n\nবিস্তারিত আসছে।", duplicate_of=None))
        articles.append(dataclasses.replace(a, id=a.id[:8] + "trimmed!", body=a.body[: int(len(a.body) * 0.9)], duplicate_of=None))
    serial = copy.deepcopy(articles)
    Deduper().fit(serial)
    expected = {a.id: a.duplicate_of for a in serial if a.duplicate_of}
    found = near_duplicates(articles, npartitions=3, scheduler=cluster)
    assert len(expected) >= 8
    assert {k: v[0] for k, v in found.items()} == expected
    # and the Deduper it leaves is the one a single run saves (later runs add to it)
    ordered = sorted(copy.deepcopy(articles), key=lambda a: a.published_at or "\uffff")
    _, fitted = fitted_deduper(ordered, npartitions=3, scheduler=cluster)
    assert fitted.to_state() == Deduper().fit(copy.deepcopy(articles)).to_state()


@pytest.fixture(scope="module")
def fixture_events():
    """The hand-made events fixture (344 dated and undated reports over six weeks), analyzed and deduplicated."""
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from events_fixture import load_articles, load_docs

    from khobor.analyze import analyze

    articles = load_articles(load_docs())
    for a in articles:
        analyze(a)
    Deduper().fit(articles)
    return articles


def test_events_per_time_block_agree_with_a_single_run(fixture_events, cluster):
    from khobor.cluster.events import EventClusterer
    from khobor.executors.dask_events import blocks, cluster_in_blocks

    single = copy.deepcopy(fixture_events)
    expected = EventClusterer().fit(single).assignments()
    parted = copy.deepcopy(fixture_events)
    assert len(blocks(parted, 7.0)[0]) >= 5  # several blocks, so borders are crossed
    found = cluster_in_blocks(parted, block_days=7.0, scheduler=cluster)
    assert set(found) == set(expected)
    assert pairwise_scores(found, expected)["f1"] >= 0.99
    assert {a.id: a.duplicate_of for a in parted} == {a.id: a.duplicate_of for a in single}


def test_a_border_event_is_joined_across_blocks(fixture_events):
    """Cutting at every day splits multi-day events; the previous block's last days (the context) must join them again."""
    from khobor.executors.dask_events import cluster_in_blocks

    found = cluster_in_blocks(copy.deepcopy(fixture_events), block_days=1.0, window_days=0.0, scheduler="sync")
    joined = cluster_in_blocks(copy.deepcopy(fixture_events), block_days=1.0, scheduler="sync")
    sizes = lambda assigned: sorted(Counter(assigned.values()).values(), reverse=True)  # noqa: E731
    assert len(set(joined.values())) < len(set(found.values()))
    assert sizes(joined)[0] > sizes(found)[0]


def test_an_archive_read_out_of_date_order_gives_the_single_run_events(fixture_events, cluster):
    """Batches in no date order (an archive's files as they come): most reports arrive weeks behind the newest
    one seen. What a single run joins them to hangs on its whole index (closed events leave it lazily), so the
    replay decides them; the events are the single run's, not only close to them."""
    import random

    from khobor.cluster.events import EventClusterer
    from khobor.executors.dask_events import decide_stream
    from khobor.executors.dask_run import Replayed

    order = [a for a in fixture_events if a.published_at]  # undated reports: see docs/scale.md, "What still differs"
    random.Random(0).shuffle(order)

    def batches():
        copied = copy.deepcopy(order)
        return [copied[i:i + 40] for i in range(0, len(copied), 40)]

    single = EventClusterer()
    for batch in batches():
        single.partial_fit(batch)
    decided, whys, _ = decide_stream(batches(), min_reports=1, scheduler=cluster)
    replay = Replayed(decided, whys)
    for batch in batches():
        replay.partial_fit(batch)
    groups = lambda assigned: {frozenset(i for i, e in assigned.items() if e == event) for event in set(assigned.values())}  # noqa: E731
    assert len(replay.late_) > len(order) // 3
    assert groups(replay.assignments()) == groups(single.assignments())


class _Watched:
    """A distributed Client that notes, each time a block is handed to the cluster, how many pieces of the stream
    the cluster holds."""

    def __init__(self, client):
        self.client, self.held = client, []

    def __getattr__(self, name):
        return getattr(self.client, name)

    def compute(self, task):
        keys = {k for keys in self.client.has_what().values() for k in keys}
        self.held.append(sum(1 for k in keys if str(k).startswith("Piece-")))
        return self.client.compute(task)


def test_the_cluster_holds_a_few_weeks_of_the_stream_not_the_whole_run(fixture_events, cluster):
    """An archive of eighteen weeks read in date order: a piece is released once no later block can have it as
    context, so what the cluster holds stays about keep_days of news while the run goes on."""
    from datetime import datetime, timedelta

    from khobor.executors.dask_events import decide_stream

    dated = sorted((a for a in fixture_events if a.published_at), key=lambda a: a.published_at)
    reports = []
    for k in range(3):  # the six weeks again, six and twelve weeks later
        for a in copy.deepcopy(dated):
            day = datetime.fromisoformat(a.published_at) + timedelta(weeks=6 * k)
            reports.append(dataclasses.replace(a, id=f"{a.id}~{k}", published_at=day.isoformat(),
                                               duplicate_of=a.duplicate_of and f"{a.duplicate_of}~{k}"))
    batches = [reports[i:i + 20] for i in range(0, len(reports), 20)]
    watched = _Watched(cluster)
    decided, _, _ = decide_stream(batches, scheduler=watched)
    assert set(decided) == {a.id for a in reports}
    assert len(watched.held) >= 15  # blocks handed over one by one
    assert 0 < max(watched.held) <= len(watched.held) // 3
