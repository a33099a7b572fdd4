"""Near-duplicates on a Dask cluster: MinHash band keys shuffled by key, so no machine holds the whole index.

Each partition computes its articles' signatures with the Deduper's own functions (``shingle_batch``,
``Deduper._signatures``, ``Deduper._band_keys``: one definition of the MinHash). Every (band key, article)
is shuffled to the partition that owns the key; articles sharing a key become candidate pairs (at most
``max_bucket`` per key, as in the Deduper), and a pair sharing ``min_band_hits`` bands is verified on
the signatures with the Deduper's thresholds (``Deduper._verify``). Exact copies share a digest of their
shingle sequence, shuffled the same way. The driver then links each copy to the earliest original.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from khobor.cluster.features import day_number
from khobor.dedup import Deduper, exact_keys, section_page, shingle_batch


def _signed(records: Iterable[tuple], params: dict) -> list[tuple]:
    """(id, order, day, size, signature, band keys, exact key) for each (id, order, body, published_at)."""
    records = list(records)
    if not records:
        return []
    d = Deduper(**params)
    flat, offsets = shingle_batch([body or "" for _, _, body, _ in records], d.shingle)
    sigs = d._signatures(flat, offsets, len(records))
    keys = d._band_keys(sigs)
    exact = exact_keys(flat, offsets)
    sizes = np.diff(offsets.astype(np.int64))
    out = []
    for i, (article_id, order, _, published) in enumerate(records):
        day = day_number(published)
        indexed = sizes[i] >= d.min_shingles
        out.append((article_id, order, np.nan if day is None else day, int(sizes[i]), sigs[i],
                    keys[i] if indexed else keys[i][:0], exact[i]))
    return out


def _pairs(groups: Iterable[tuple], max_bucket: int) -> list[tuple[tuple[int, int], int]]:
    """((later, earlier), 1) for the members of each key's group: each with the first ``max_bucket`` before it."""
    out = []
    for _, members in groups:
        members = sorted(set(members))
        for i, later in enumerate(members):
            out.extend(((later, earlier), 1) for earlier in members[:min(i, max_bucket)])
    return out


def near_duplicates(articles: list, *, npartitions: int = 4, params: dict | None = None, scheduler=None) -> dict[str, tuple[str, str, float]]:
    """{copy id: (original id, how, score)} for ``articles``, computed with dask.bag.

    Rows are numbered in publication order (undated last, then arrival), as the Deduper orders a batch.

    ``scheduler``: a dask scheduler ("sync", "processes", a distributed Client); default the current one.
    """
    ordered = sorted(articles, key=lambda a: a.published_at or "\uffff")
    return fitted_deduper(ordered, npartitions=npartitions, params=params, scheduler=scheduler)[0]


def fitted_deduper(ordered: list, *, npartitions: int = 4, params: dict | None = None, scheduler=None) -> tuple[dict, Deduper]:
    """The copies among ``ordered`` (rows numbered in the order given: a single run's is each batch in
    publication order, batch after batch) and a Deduper holding them, as one fitted on them in that order
    would (its state is what later runs add to)."""
    params = params or Deduper().get_params()
    records = [(a.id, n, "" if section_page(a) else a.body, a.published_at) for n, a in enumerate(ordered)]  # (a section's page: nobody's copy)
    size = max(1, -(-len(records) // max(1, npartitions)))
    parts = [records[i:i + size] for i in range(0, len(records), size)] or [[]]
    if hasattr(scheduler, "scatter"):  # a distributed Client: the texts are sent once, not inside the task graph
        parts = [scheduler.scatter(part, hash=False) for part in parts]
    return fit_parts(parts, params=params, scheduler=scheduler)


def fit_parts(parts: list, *, params: dict | None = None, scheduler=None) -> tuple[dict, Deduper]:
    """``fitted_deduper`` over records already cut into parts (lists of (id, row, body, published_at), rows
    numbered across the parts; on a Client, futures of them), so the caller need not hold every text at once."""
    import dask
    import dask.bag as db

    params = params or Deduper().get_params()
    d = Deduper(**params)
    signed = db.from_delayed([dask.delayed(_signed)(part, params) for part in parts])
    bands = signed.map_partitions(lambda rows: [(int(k), r[1]) for r in rows for k in r[5]])
    copies = signed.map_partitions(lambda rows: [(r[6], r[1]) for r in rows if r[6]])
    band_pairs = (bands.groupby(lambda kv: kv[0], shuffle="tasks").map(lambda g: (g[0], [o for _, o in g[1]]))
                  .map_partitions(_pairs, d.max_bucket)
                  .foldby(lambda kv: kv[0], lambda total, kv: total + kv[1], 0, lambda a, b: a + b, 0))
    exact_groups = copies.groupby(lambda kv: kv[0], shuffle="tasks").map(lambda g: sorted(o for _, o in g[1]))
    with dask.config.set(scheduler=scheduler) if scheduler is not None else _nothing():
        rows, hits, exact = dask.compute(signed, band_pairs, exact_groups)
    rows = sorted(rows, key=lambda r: r[1])
    found = _decide(d, rows, hits, exact)
    _index(d, rows)
    return found, d


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _decide(d: Deduper, rows: list[tuple], hits: list, exact: list) -> dict[str, tuple[str, str, float]]:
    """The driver's part: verify the candidate pairs on the signatures, then link copies to the earliest original."""
    ids = [r[0] for r in rows]
    d._init_state()
    d.signatures_ = np.array([r[4] for r in rows], dtype=np.uint32).reshape(len(rows), d.num_perm)
    d.sizes_ = np.array([r[3] for r in rows], dtype=np.int64)
    d.days_ = np.array([r[2] for r in rows], dtype=np.float64)
    pairs = [p for p, n in hits if n >= d.min_band_hits]
    later = np.array([p[0] for p in pairs], dtype=np.int64)
    earlier = np.array([p[1] for p in pairs], dtype=np.int64)
    near = d._verify(later, earlier)
    first_exact = {}
    for group in exact:
        for row in group[1:]:
            if not d._too_far(row, group[0]):
                first_exact[row] = group[0]
    root = d.root_ = list(range(len(rows)))
    found = {}
    for row in range(len(rows)):  # an original always has a lower row than its copies
        if row in first_exact:
            original, how, score = first_exact[row], "exact", 1.0
        elif row in near:
            original, how, score = near[row]
        else:
            continue
        root[row] = root[original]
        found[ids[row]] = (ids[root[row]], how, score)
    return found


def _index(d: Deduper, rows: list[tuple]) -> None:
    """The rest of a fitted Deduper's state: ids, exact digests (first row each), the sorted band index."""
    d.ids_ = [r[0] for r in rows]
    d.index_ = {r[0]: n for n, r in enumerate(rows)}
    for n, r in enumerate(rows):
        if r[6]:
            d.exact_.setdefault(r[6], n)
    keys = [np.asarray(r[5], dtype=np.uint64).ravel() for r in rows]
    flat_keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint64)
    flat_rows = np.repeat(np.arange(len(rows), dtype=np.int64), [len(k) for k in keys])
    order = np.lexsort((flat_rows, flat_keys))
    d.band_keys_, d.band_rows_ = flat_keys[order], flat_rows[order]


def band_shuffle_bytes(n_articles: int, params: dict | None = None) -> int:
    """What the band shuffle moves: one (uint64 key, int64 row) per band per article, plus the exact digest."""
    d = Deduper(**(params or {}))
    return n_articles * (d.bands * 16 + 32)

