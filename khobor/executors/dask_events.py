"""Events per time block in parallel, merged across block borders.

A single run clusters reports as a stream: batch after batch, each batch's dated reports in
publication order, then its undated ones. The event decision is local in time (a report is compared
only with events of the last few days, and nothing older than ``keep_days`` behind the newest report
seen), so the stream is cut into blocks (``block_days`` of news, at least ``min_reports`` reports,
never across a batch), each clustered by its own ``EventClusterer`` on a worker. A block's clusterer
starts where a single run would be at the block's start, as far as the block can see:

- the term weights (IDF) of everything before it in the stream (document frequencies counted per
  block in parallel, then summed in order; each block gets the counts of the terms it uses);
- the newest day seen so far;
- the context: the earlier reports within ``window_days`` of the block's days that a single run would
  still match, clustered first (the events open at the border).

A block event that took in a context report is one event with that report's event in its own block.
Undated reports (a single run takes them at the end of their batch, compared with every open event)
are offered to the events of every block up to their batch, and join where they match most surely.
Reports weeks behind the newest one seen, and undated ones, are left to the replay (``dask_run.Replayed``):
what a single run joins them to depends on its whole index. What still differs from a single run: events
older than the context, the context's own grouping, which lacks what came before it, and undated reports of
earlier batches, which no block has as context. docs/scale.md gives the agreement with a single run.
"""

from __future__ import annotations

import bisect
import itertools
import math
import pickle
from collections import Counter, deque

from khobor.cluster.features import day_number, mentioned_day


def _day(article) -> float | None:
    """The day the events stage orders a report by (its publication, else the dates it mentions)."""
    day = day_number(article.published_at)
    return mentioned_day(article) if day is None else day


def _terms(articles: list, memo: dict | None = None) -> tuple[Counter, int]:
    """Document frequencies of the clusterer's terms over ``articles``, and how many articles."""
    from khobor.cluster.pairs import counted_terms, profile

    memo = {} if memo is None else memo
    df: Counter = Counter()
    for a in articles:
        df.update(counted_terms(profile(a, memo)))
    return df, len(articles)


class Piece:
    """A piece of the stream, pickled once in the driver: every task that reads it gets its own copy (the
    clusterer annotates the articles it is given), and dask does not walk the articles when a task is built."""

    def __init__(self, articles: list):
        self.blob = pickle.dumps(list(articles), protocol=pickle.HIGHEST_PROTOCOL)

    def articles(self) -> list:
        return pickle.loads(self.blob)


_VECTORS: dict = {}  # lead text -> its embedding, on a worker: later blocks meet a report again as their context
_MEMO: dict = {}  # word -> terms, shared by the blocks a worker clusters (the clusterer's own speed-up)


def _cached_embed(texts: list[str]):
    """The events stage's embedding, each text computed once per worker (a pure function of the text)."""
    import numpy as np

    from khobor.cluster.events import EventClusterer

    missing = [t for t in dict.fromkeys(texts) if t not in _VECTORS]
    if missing:
        if len(_VECTORS) + len(missing) > 50_000:  # ~75 MB of vectors at most
            _VECTORS.clear()
        _VECTORS.update(zip(missing, EventClusterer()._embed(missing)))
    return np.asarray([_VECTORS[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)


def _cluster(piece, df: Counter, n_docs: int, latest: float, context: list = (), undated: list = ()) -> tuple:
    """A clusterer over the reports of ``piece`` that starts as a single run's would (term frequencies of every
    earlier report, the newest day seen, the context: (piece, report ids) pairs, one list per batch, in stream
    order); then the undated reports of the ``undated`` pieces, offered to this block's events.

    Returns (article id -> event id, article id -> duplicate_of, undated id -> (event id, score, joined?,
    duplicate_of), article id -> why).
    """
    from khobor.cluster.events import EventClusterer

    articles = piece.articles()
    context = [_select(refs) for refs in context]
    clusterer = EventClusterer(embed=_cached_embed)
    clusterer._init_state()
    clusterer.memo = _MEMO
    seen, n_seen = _terms([a for group in context for a in group], clusterer.memo)  # counted in ``df`` already, fitted again here
    clusterer.df_, clusterer.n_docs_ = Counter(df) - seen, n_docs - n_seen
    clusterer.latest_day_ = latest
    for group in context:
        clusterer.partial_fit(group)
    undated = [a for p in undated for a in p.articles()]
    clusterer.partial_fit(articles + undated)  # one call, as a single run's batch: nothing forgotten before the undated ones
    offered = {}
    if undated:
        offered = {a.id: (a.event_id, a.extras["event_why"].get("score") or 0.0,
                          a.extras["event_why"].get("decided_by") not in ("new", None), a.duplicate_of) for a in undated}
    events = {a: e for a, e in clusterer.assignments().items() if a not in offered}  # context members included
    copies = {a.id: a.duplicate_of for a in articles}
    whys = {a.id: a.extras["event_why"] for a in [*articles, *undated]}
    return events, copies, offered, whys


def _select(refs: list[tuple]) -> list:
    """The reports named in each (piece, ids) of ``refs``, in that order."""
    out = []
    for piece, ids in refs:
        by_id = {a.id: a for a in piece.articles()}
        out += [by_id[i] for i in ids]
    return out


def _piece_terms(piece) -> tuple[Counter, int]:
    return _terms(piece.articles(), _MEMO)


def stream(batches: list[list]) -> list[tuple[int, list, list]]:
    """A single run's order: for each batch, (batch number, dated reports in publication order, undated ones)."""
    return list(_stream(batches))


def _stream(batches):
    for b, batch in enumerate(batches):
        days = {a.id: _day(a) for a in batch}
        dated = sorted((a for a in batch if days[a.id] is not None), key=lambda a: days[a.id])
        yield b, dated, [a for a in batch if days[a.id] is None]


def _cut(dated: list, block_days: float, min_reports: int) -> list[list]:
    """Dated reports (in order) cut where a new block of ``block_days`` starts, once a block has ``min_reports``."""
    parts: list[list] = []
    for a in dated:
        if parts and len(parts[-1]) >= min_reports and math.floor(_day(a) / block_days) != math.floor(_day(parts[-1][-1]) / block_days):
            parts.append([])
        if not parts:
            parts.append([])
        parts[-1].append(a)
    return parts


def blocks(articles: list, block_days: float, min_reports: int = 1, batches: list[list] | None = None) -> tuple[list[list], list[int], list]:
    """The dated reports of the stream cut into blocks, each block's batch, and the undated reports."""
    parts, owner, undated = [], [], []
    for b, dated, later in stream(batches if batches is not None else [articles]):
        cut = _cut(dated, block_days, min_reports)
        parts += cut
        owner += [b] * len(cut)
        undated += later
    return parts or [[]], owner or [0], undated


def cluster_in_blocks(articles: list, *, block_days: float = 7.0, window_days: float = 3.0, scheduler=None) -> dict[str, str]:
    """{article id: event id} for ``articles`` (whose copies are already linked by dedup); sets their ``duplicate_of``.

    ``scheduler``: a dask scheduler ("sync", "processes", a distributed Client); default the current one.
    """
    return decide_in_blocks(articles, block_days=block_days, window_days=window_days, scheduler=scheduler)[0]


def decide_in_blocks(articles: list, *, batches: list[list] | None = None, block_days: float = 7.0, window_days: float = 3.0,
                     keep_days: float = 14.0, min_reports: int = 1, scheduler=None) -> tuple[dict[str, str], dict[str, dict]]:
    """({article id: event id}, {article id: why it joined}) for ``articles`` taken in ``batches`` (a single
    run's batches; default one batch of them all); sets their ``duplicate_of``. Each why's ``related_event``
    (the earlier event a new one continues) is named by its merged event id too."""
    assigned, whys, copies = decide_stream(batches if batches is not None else [articles], block_days=block_days,
                                           window_days=window_days, keep_days=keep_days, min_reports=min_reports,
                                           scheduler=scheduler)
    for a in articles:
        a.duplicate_of = copies.get(a.id, a.duplicate_of)
    return assigned, whys


def decide_stream(batches, *, block_days: float = 7.0, window_days: float = 3.0, keep_days: float = 14.0,
                  min_reports: int = 1, scheduler=None) -> tuple[dict[str, str], dict[str, dict], dict[str, str | None]]:
    """The blocks' decisions for ``batches`` (a single run's batches: a list, or a function giving them anew,
    read twice): (article id -> event id, article id -> why, article id -> duplicate_of).

    The first reading counts each piece's terms; the second ships each piece again and hands each block to the
    cluster as soon as its batch is read. A piece is released once no later block can have it as context (its
    reports are all more than ``keep_days`` behind the newest one seen), and the stream is read on only as fast
    as the cluster clusters, so the cluster holds a few weeks of news at a time, not the whole run; this
    process keeps only each report's id and day.

    Reports more than ``keep_days`` older than the newest one before their batch (an archive read out of date
    order) are counted for the term weights but not clustered in a block: what a single run joins them to
    depends on its whole index (which closed events it has not dropped yet), so the replay decides them
    (``dask_run.Replayed``); each is its own event here."""
    import dask

    read = batches if callable(batches) else (lambda: batches)
    kwargs = {"scheduler": scheduler} if scheduler is not None else {}
    distributed = hasattr(scheduler, "scatter")
    in_flight: deque = deque()

    def throttle(future) -> None:
        """The cluster holds the pieces of the tasks it has not done: read on only as fast as it keeps up."""
        from distributed import wait

        in_flight.append(future)
        if len(in_flight) > 2 * sum(scheduler.nthreads().values()):
            wait(in_flight.popleft())

    pieces, kinds, days, counting, offered_now = [], [], {}, [], {}
    for kind, b, part in _pieces(read(), block_days, keep_days, min_reports):
        days.update((a.id, _day(a)) for a in part)
        pieces.append([a.id for a in part])
        kinds.append((kind, b))
        shipped = _ship_one(Piece(part), scheduler)
        if kind == "undated":
            offered_now[len(pieces) - 1] = shipped  # offered to every block up to its batch: kept to the end
        counting.append(scheduler.submit(_piece_terms, shipped, pure=False) if distributed else dask.delayed(_piece_terms)(shipped))
        if distributed:
            throttle(counting[-1])
    counted = scheduler.gather(counting) if distributed else dask.compute(*counting, **kwargs)
    del counting
    position, n = {}, 0  # article id -> (piece, place in the stream)
    for k, p in enumerate(pieces):
        for i in p:
            position[i] = (k, n)
            n += 1
    by_day = sorted((days[i], position[i][1], i) for p in pieces for i in p if days[i] is not None)
    keys = [d for d, _, _ in by_day]
    undated = [k for k, (kind, _) in enumerate(kinds) if kind == "undated"]
    tasks, block_of_piece, held = [], {}, {}
    latest, df, n_before = -math.inf, Counter(), 0
    for k, (kind, b, part) in enumerate(_pieces(read(), block_days, keep_days, min_reports)):
        if k >= len(pieces) or [a.id for a in part] != pieces[k]:
            raise RuntimeError("the articles changed between the two readings of the run")
        if kind == "block":
            piece = pieces[k]
            held[k] = _ship_one(Piece(part), scheduler)
            start = position[piece[0]][1]
            lo, hi = days[piece[0]], days[piece[-1]]
            near = by_day[bisect.bisect_left(keys, lo - window_days):bisect.bisect_right(keys, hi + window_days)]
            context = [i for _, pos, i in sorted(near, key=lambda x: x[1]) if pos < start and days[i] >= latest - keep_days]
            offered_pieces = [j for j in undated if kinds[j][1] >= b]  # undated reports of this batch and later ones
            needed = set(counted[k][0])
            for j in {position[i][0] for i in context} | set(offered_pieces):
                needed |= counted[j][0].keys()
            block_of_piece[k] = len(tasks)
            refs = [[(held[j], ids) for j, ids in _by_piece(group, lambda i: position[i][0])]
                    for group in _by_batch(context, lambda i: kinds[position[i][0]][1])]
            task = dask.delayed(_cluster)(held[k], Counter({t: df[t] for t in needed if t in df}), n_before, latest,
                                          refs, [offered_now[j] for j in offered_pieces])
            tasks.append(scheduler.compute(task) if distributed else task)
            if distributed:
                throttle(tasks[-1])
        df.update(counted[k][0])
        n_before += counted[k][1]
        latest = max([latest, *(days[i] for i in pieces[k] if days[i] is not None)])
        for j in [j for j in held if max((days[i] for i in pieces[j]), default=latest) < latest - keep_days]:
            del held[j]  # no later block has it as context; the cluster frees it once its blocks are done
    held.clear()
    results = scheduler.gather(tasks) if distributed else dask.compute(*tasks, **kwargs)
    return _merge(pieces, block_of_piece, results)


def _pieces(batches, block_days: float, keep_days: float, min_reports: int):
    """The stream piece by piece, as (kind, batch number, reports): each batch's late reports, its blocks, its
    undated reports."""
    newest = -math.inf
    for b, dated, later in _stream(batches):
        late = list(itertools.takewhile(lambda a: _day(a) < newest - keep_days, dated))  # a prefix: dated is in day order
        if late:
            yield "late", b, late
        for part in _cut(dated[len(late):], block_days, min_reports):
            yield "block", b, part
        if later:
            yield "undated", b, later
        if dated:
            newest = max(newest, _day(dated[-1]))


def _ship_one(piece, scheduler):
    """``piece`` as a future on a distributed cluster (a Client), else as it is."""
    return scheduler.scatter(piece, hash=False) if hasattr(scheduler, "scatter") else piece


def _by_piece(ids: list, piece_of) -> list[tuple[int, list]]:
    """Report ids (in stream order) as (piece, its ids) runs."""
    return [(p, list(run)) for p, run in itertools.groupby(ids, key=piece_of)]


def _by_batch(context: list, batch_of) -> list[list]:
    """Context reports (in stream order) grouped by batch, as a single run fitted them."""
    groups: list[list] = []
    last = None
    for a in context:
        k = batch_of(a)
        if groups and k == last:
            groups[-1].append(a)
        else:
            groups.append([a])
        last = k
    return groups


def _links(why: dict) -> list[str]:
    """The earlier reports a report's decision tied it to: the one it matched (or copied), and the report of
    another language whose event merged into its own."""
    out = [why.get("matched_article") if why.get("decided_by") in ("lexical", "dense", "duplicate") else None,
           why.get("duplicate_of"), (why.get("merged_across_languages") or {}).get("matched_article"),
           *(other.get("matched_article") for other in why.get("also_matched", ()))]
    return [a for a in out if a]


def _merge(pieces, block_of_piece, results) -> tuple[dict[str, str], dict[str, dict], dict[str, str | None]]:
    """Events as a single run builds them: each report in the event of the report its decision tied it to.

    A block's own reports are tied by that block's decisions, a context report by its own block's (the
    context's grouping inside a later block lacks its history, so it is not trusted). Undated reports
    are decided where they joined most surely.
    """
    members = {i for p in pieces for i in p}
    copies: dict[str, str | None] = {}
    best: dict[str, tuple] = {}
    whys: dict[str, tuple[int, dict]] = {}
    for k, t in block_of_piece.items():
        events, block_copies, offered, block_whys = results[t]
        for i in pieces[k]:
            whys[i] = (t, block_whys[i])
            copies[i] = block_copies[i]
        for article_id, (event, score, joined, original) in offered.items():
            rank = (joined, score if joined else 0.0)  # where it joined most surely; nowhere: the last block's answer
            if article_id not in best or rank >= best[article_id][0]:
                best[article_id] = (rank, original, t)
    for article_id, (_, original, t) in best.items():
        copies[article_id] = original
        whys[article_id] = (t, results[t][3][article_id])
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        root = a
        while parent.get(root, root) != root:
            root = parent[root]
        while a != root:  # every report on the way points at the root from now on
            parent[a], a = root, parent[a]
        return root

    for article_id, (_, why) in whys.items():
        for other in _links(why):
            if other in members:
                x, y = find(article_id), find(other)
                if x != y:
                    parent[max(x, y)] = min(x, y)
    assigned = {i: find(i) for p in pieces for i in p}
    named = [{} for _ in results]  # a block's event ids name merged events through any of their members
    for k, t in block_of_piece.items():
        inside = set(pieces[k])
        for article_id, event in sorted(results[t][0].items(), key=lambda kv: kv[0] not in inside):
            if article_id in assigned:
                named[t].setdefault(event, assigned[article_id])
    out_whys = {}
    for article_id, (t, why) in whys.items():
        if why.get("related_event") is not None:
            why = {**why, "related_event": named[t].get(why["related_event"])}
        out_whys[article_id] = why
    return assigned, out_whys, copies
