"""Events per time block in parallel, merged across block borders.

The event decision is local in time (a report is compared only with events of the last few days),
so the archive is cut into blocks of ``block_days``, each clustered by its own ``EventClusterer`` on
a worker. Reports near a border were compared, in a single run, with the other side's events too:
every border's reports (``window_days`` either side) are clustered again with the same decision,
and a report that joins through a report on the other side of the border joins that report's event.
Undated reports (a single run takes them last, compared with every open event) are offered to
every block's events after that block, and join where they match most surely.

Term weights (IDF) are a single run's: the document frequencies of every earlier block are counted
first (in parallel, then summed in order) and each block's clusterer starts from them. What still
differs: a block's clusterer does not hold the previous block's open events, which only the border
pass can join. docs/scale.md gives the agreement with a single run (pairwise F1) on real news.
"""

from __future__ import annotations

import copy
import math
from collections import Counter, defaultdict

from khobor.cluster.features import day_number


def _terms(articles: list) -> tuple[Counter, int]:
    """Document frequencies of the clusterer's terms over ``articles``, and how many articles."""
    from khobor.cluster.pairs import profile

    memo: dict = {}
    df: Counter = Counter()
    for a in articles:
        df.update(profile(a, memo).counts.keys())
    return df, len(articles)


def _cluster(articles: list, df: Counter, n_docs: int, undated: list = ()) -> tuple[dict, dict, dict]:
    """A clusterer over ``articles`` that starts with the term frequencies of every earlier article, as a
    single run's clusterer would have them; then the undated reports, offered to this block's events.

    Returns (article id -> event id, article id -> (duplicate_of, the report it joined through),
    undated id -> (event id, score, joined?, duplicate_of)). Works on copies: a local scheduler
    passes the caller's objects, and the border passes must not see what the block passes set.
    """
    from khobor.cluster.events import EventClusterer

    articles = copy.deepcopy(articles)
    clusterer = EventClusterer()
    clusterer._init_state()
    clusterer.df_, clusterer.n_docs_ = Counter(df), n_docs
    clusterer.partial_fit(articles)
    offered = {}
    if undated:
        undated = [copy.deepcopy(a) for a in undated]
        clusterer.partial_fit(undated)
        offered = {a.id: (a.event_id, a.extras["event_why"].get("score") or 0.0,
                          a.extras["event_why"].get("decided_by") not in ("new", None), a.duplicate_of) for a in undated}
    events = {a: e for a, e in clusterer.assignments().items() if a not in offered}
    linked = {a.id: (a.duplicate_of, a.extras["event_why"].get("matched_article") or a.extras["event_why"].get("duplicate_of"))
              for a in articles}
    return events, linked, offered


def blocks(articles: list, block_days: float) -> tuple[list[list], list[float], list]:
    """Dated articles cut into consecutive time blocks (empty ones left out), the day each later block
    starts, and the undated articles."""
    days = {a.id: day_number(a.published_at) for a in articles}
    dated = [a for a in articles if days[a.id] is not None]
    undated = [a for a in articles if days[a.id] is None]
    by_block: dict[int, list] = defaultdict(list)
    for a in dated:
        by_block[math.floor(days[a.id] / block_days)].append(a)
    keys = sorted(by_block)
    out = [by_block[k] for k in keys] or [[]]
    return out, [k * block_days for k in keys[1:]], undated


def cluster_in_blocks(articles: list, *, block_days: float = 7.0, window_days: float = 3.0, scheduler=None) -> dict[str, str]:
    """{article id: event id} for ``articles`` (whose copies are already linked by dedup); sets their ``duplicate_of``.

    ``scheduler``: a dask scheduler ("sync", "processes", a distributed Client); default the current one.
    """
    import dask

    parts, borders, undated = blocks(articles, block_days)
    days = {a.id: day_number(a.published_at) for a in articles}
    block_of = {a.id: i for i, part in enumerate(parts) for a in part}
    near = [[a for a in articles if days[a.id] is not None and border - window_days <= days[a.id] < border + window_days]
            for border in borders]
    kwargs = {"scheduler": scheduler} if scheduler is not None else {}
    counted = dask.compute(*[dask.delayed(_terms)(part) for part in parts], **kwargs)
    before, df, n = [], Counter(), 0  # term frequencies of everything before each block: a prefix sum
    for block_df, block_n in counted:
        before.append((Counter(df), n))
        df.update(block_df)
        n += block_n
    tasks = [dask.delayed(_cluster)(part, *before[i], undated) for i, part in enumerate(parts)]
    tasks += [dask.delayed(_cluster)(b, *before[i]) for i, b in enumerate(near)]  # the block before the border
    results = dask.compute(*tasks, **kwargs)
    assigned: dict[str, str] = {}
    by_id = {a.id: a for a in articles}
    best: dict[str, tuple] = {}
    for events, copies, offered in results[: len(parts)]:
        assigned.update(events)
        for article_id, (original, _) in copies.items():
            by_id[article_id].duplicate_of = original
        for article_id, (event, score, joined, original) in offered.items():
            # where it joined most surely; joined nowhere: the last block's answer (its own event)
            rank = (joined, score if joined else 0.0)
            if article_id not in best or rank >= best[article_id][0]:
                best[article_id] = (rank, event, original)
    for article_id, (_, event, original) in best.items():
        assigned[article_id] = event
        by_id[article_id].duplicate_of = original
    parent: dict[str, str] = {}

    def find(e: str) -> str:
        while parent.get(e, e) != e:
            e = parent[e] = parent.get(parent[e], parent[e])
        return e

    for _, links, _ in results[len(parts):]:
        for article_id, (_, matched) in links.items():
            # a report that joined, through a report on the other side of the border, what it joins in a single run
            if matched in block_of and block_of[matched] != block_of[article_id]:
                a, b = sorted((find(assigned[article_id]), find(assigned[matched])))
                if a != b:
                    parent[b] = a
    return {a: find(e) for a, e in assigned.items()}
