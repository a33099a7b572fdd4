"""Events per time block in parallel, merged across block borders.

The event decision is local in time (a report is compared only with events of the last few days),
so the archive is cut into blocks of ``block_days``, each clustered by its own ``EventClusterer`` on
a worker. A block's clusterer first takes the previous block's last ``window_days`` of reports (the
context: the events still open at the border, as a single run would hold them), then its own; a
block event that took in a context report is one event with that report's event in the previous
block. Undated reports (a single run takes them last, compared with every open event) are offered
to every block's events after that block, and join where they match most surely.

Term weights (IDF) are a single run's: the document frequencies of every earlier block are counted
first (in parallel, then summed in order) and each block's clusterer starts from them. What still
differs: events older than the context, and the context's own grouping, which lacks what came
before it. docs/scale.md gives the agreement with a single run (pairwise F1) on real news.
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


def _cluster(articles: list, df: Counter, n_docs: int, undated: list = (), context: list = ()) -> tuple[dict, dict, dict]:
    """A clusterer over ``articles`` that starts with the term frequencies of every earlier article, as a
    single run's clusterer would have them; then the undated reports, offered to this block's events.

    Returns (article id -> event id, article id -> (duplicate_of, the report it joined through),
    undated id -> (event id, score, joined?, duplicate_of)). Works on copies: a local scheduler
    passes the caller's objects, and the border passes must not see what the block passes set.
    """
    from khobor.cluster.events import EventClusterer

    articles, context = copy.deepcopy(articles), copy.deepcopy(list(context))
    clusterer = EventClusterer()
    clusterer._init_state()
    seen, n_seen = _terms(context)  # the context is counted in ``df`` already, and is fitted again here
    clusterer.df_, clusterer.n_docs_ = Counter(df) - seen, n_docs - n_seen
    clusterer.partial_fit(context)  # the previous block's last days: the events still open at the border
    clusterer.partial_fit(articles)
    offered = {}
    if undated:
        undated = [copy.deepcopy(a) for a in undated]
        clusterer.partial_fit(undated)
        offered = {a.id: (a.event_id, a.extras["event_why"].get("score") or 0.0,
                          a.extras["event_why"].get("decided_by") not in ("new", None), a.duplicate_of) for a in undated}
    events = {a: e for a, e in clusterer.assignments().items() if a not in offered}  # context members included
    linked = {a.id: (a.duplicate_of, a.extras["event_why"].get("matched_article") or a.extras["event_why"].get("duplicate_of"))
              for a in articles}
    whys = {a.id: a.extras["event_why"] for a in [*articles, *undated]}
    return events, linked, offered, whys


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
    return decide_in_blocks(articles, block_days=block_days, window_days=window_days, scheduler=scheduler)[0]


def decide_in_blocks(articles: list, *, block_days: float = 7.0, window_days: float = 3.0,
                     scheduler=None) -> tuple[dict[str, str], dict[str, dict]]:
    """({article id: event id}, {article id: why it joined}) as ``cluster_in_blocks``; each why's
    ``related_event`` (the earlier event a new one continues) is named by its merged event id too."""
    import dask

    parts, borders, undated = blocks(articles, block_days)
    days = {a.id: day_number(a.published_at) for a in articles}
    context = [[]] + [[a for a in parts[i - 1] if days[a.id] >= border - window_days] for i, border in enumerate(borders, 1)]
    kwargs = {"scheduler": scheduler} if scheduler is not None else {}
    counted = dask.compute(*[dask.delayed(_terms)(part) for part in parts], **kwargs)
    before, df, n = [], Counter(), 0  # term frequencies of everything before each block: a prefix sum
    for block_df, block_n in counted:
        before.append((Counter(df), n))
        df.update(block_df)
        n += block_n
    tasks = [dask.delayed(_cluster)(part, *before[i], undated, context[i]) for i, part in enumerate(parts)]
    results = dask.compute(*tasks, **kwargs)
    assigned: dict[str, str] = {}
    by_id = {a.id: a for a in articles}
    best: dict[str, tuple] = {}
    joins: list[tuple[str, str]] = []  # (an event of block i, a context member in it): one event with that member's
    whys: dict[str, tuple[int, dict]] = {}  # article id -> (block, why)
    for i, (events, copies, offered, block_whys) in enumerate(results):
        inside = {a.id for a in parts[i]}
        whys.update({a: (i, w) for a, w in block_whys.items() if a in inside})
        assigned.update({a: e for a, e in events.items() if a in inside})
        reached = {events[a.id] for a in parts[i]}
        joins += [(events[a.id], a.id) for a in context[i] if events[a.id] in reached]
        for article_id in inside:
            by_id[article_id].duplicate_of = copies[article_id][0]
        for article_id, (event, score, joined, original) in offered.items():
            # where it joined most surely; joined nowhere: the last block's answer (its own event)
            rank = (joined, score if joined else 0.0)
            if article_id not in best or rank >= best[article_id][0]:
                best[article_id] = (rank, event, original, i)
    for article_id, (_, event, original, i) in best.items():
        assigned[article_id] = event
        by_id[article_id].duplicate_of = original
        whys[article_id] = (i, results[i][3][article_id])
    parent: dict[str, str] = {}

    def find(e: str) -> str:
        while parent.get(e, e) != e:
            e = parent[e] = parent.get(parent[e], parent[e])
        return e

    for event, member in joins:
        a, b = sorted((find(event), find(assigned[member])))
        if a != b:
            parent[b] = a
    # a block's event ids name merged events through any of their members (context members: the previous block's)
    named = [{} for _ in results]
    for i, (events, *_) in enumerate(results):
        for article_id, event in events.items():
            if article_id in assigned:
                named[i].setdefault(event, find(assigned[article_id]))
    out_whys = {}
    for article_id, (i, why) in whys.items():
        related = why.get("related_event")
        if related is not None:
            why = {**why, "related_event": named[i].get(related)}
        out_whys[article_id] = why
    return {a: find(e) for a, e in assigned.items()}, out_whys
