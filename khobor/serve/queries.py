"""Read queries the web app needs beyond the Store's verbs.

Plain SQLAlchemy Core over ``khobor.store.schema``; every function takes a Store
and returns dicts ready for JSON or a template. Nothing here writes.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from typing import Any

import numpy as np
import sqlalchemy as sa

from khobor.model import Article
from khobor.service import serialize
from khobor.service.search import VariantIndex  # noqa: F401 - the app builds it per store
from khobor.store import Store
from khobor.store import schema as t
from khobor.store.terms import stem, words

A, E, AE, EV, ST = t.articles, t.entities, t.article_entities, t.events, t.stories
# Columns a listing needs: everything but the body and the annotation blob.
LIST_COLUMNS = (A.c.id, A.c.source, A.c.outlet, A.c.url, A.c.title, A.c.published_at, A.c.duplicate_of,
                A.c.event_id, A.c.story_id)


def _rows(store: Store, query) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


_listing = serialize.listing


def _bengali(text: str) -> bool:
    return any("\u0980" <= ch <= "\u09ff" for ch in text)


def written_forms(name: str, variants: list[str]) -> dict[str, str]:
    """The name as a Bengali page and an English page should print it, from the spellings seen in articles.

    A stored name that no article wrote (a stem cut too short: কক্সবাজা) gives way to the shortest
    spelling that extends it; per script, the base form is the spelling others extend by a case
    ending (তারেক রহমান before তারেক রহমানের), then the one with more words.
    """
    seen = [v for v in dict.fromkeys(variants) if v]
    if seen and name not in seen:
        longer = [v for v in seen if v.startswith(name)]
        if longer:
            name = min(longer, key=len)
    out = {}
    for lang, wanted in (("bn", True), ("en", False)):
        pool = [v for v in seen if _bengali(v) == wanted]
        if _bengali(name) == wanted or not pool:
            out[lang] = name
            continue
        extended = lambda base: sum(1 for v in pool if v != base and v.startswith(base) and v[len(base)] != " ")  # noqa: E731
        out[lang] = max(pool, key=lambda v: (extended(v), len(v.split()), -len(v)))
    return out


def _entity_row(row: dict[str, Any], count: int | None = None) -> dict[str, Any]:
    out = {"id": row["id"], "type": row["type"], "name": row["name"], "name_latin": row.get("name_latin")}
    if row.get("variants") is not None:
        out["forms"] = written_forms(row["name"], list(row["variants"]))
    if count is not None:
        out["count"] = count
    return out


# -- entities --------------------------------------------------------------

def entity_list(store: Store, *, type: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    query = sa.select(E.c.id, E.c.type, E.c.name, E.c.name_latin, E.c.variants, E.c.article_count)
    count = sa.select(sa.func.count()).select_from(E)
    if type:
        query, count = query.where(E.c.type == type), count.where(E.c.type == type)
    rows = _rows(store, query.order_by(E.c.article_count.desc(), E.c.name).limit(limit).offset(offset))
    with store.engine.connect() as conn:
        total = conn.execute(count).scalar_one()
    return {"total": total, "results": [{**_entity_row(r), "variants": list(r["variants"]), "article_count": r["article_count"]} for r in rows]}


def entity_detail(store: Store, entity_id: str, *, related: int = 15, articles: int = 100, stories: int = 50,
                  sample: int = 2000) -> dict[str, Any] | None:
    """An entity's profile. Counts are grouped in SQL; the article and story lists are the most recent
    ``articles`` and ``stories``; who is named together with it is counted over its ``sample`` most
    recent articles (an entity named in half the store would otherwise join every link in it)."""
    rows = _rows(store, sa.select(E).where(E.c.id == entity_id))
    if not rows:
        return None
    row = rows[0]
    linked = sa.select(AE.c.article_id).where(AE.c.entity_id == entity_id)
    month = sa.func.substr(A.c.published_at, 1, 7).label("month")
    by_month = _rows(store, sa.select(month, sa.func.count().label("n")).where(A.c.id.in_(linked)).group_by(month))
    latest = sa.func.max(A.c.published_at).label("latest")
    top_stories = _rows(store, sa.select(ST.c.id, ST.c.title, ST.c.start, ST.c.end, sa.func.count().label("count"), latest)
                        .select_from(A.join(ST, ST.c.id == A.c.story_id)).where(A.c.id.in_(linked))
                        .group_by(ST.c.id).order_by(ST.c.end.desc(), sa.desc("count")).limit(stories))
    recent = _rows(store, sa.select(*LIST_COLUMNS).where(A.c.id.in_(linked))
                   .order_by(A.c.published_at.desc(), A.c.seq).limit(articles))
    newest = sa.select(A.c.id).where(A.c.id.in_(linked)).order_by(A.c.published_at.desc()).limit(sample)
    other = AE.alias("other")
    cooc = (sa.select(other.c.entity_id, sa.func.count().label("n"))
            .where(other.c.article_id.in_(newest), other.c.entity_id != entity_id)
            .group_by(other.c.entity_id).order_by(sa.desc("n"), other.c.entity_id).limit(related * 8))
    counted = _rows(store, cooc)
    names = entity_rows(store, [r["entity_id"] for r in counted], min_articles=MIN_CHIP_ARTICLES)  # junk left out here, not in SQL
    together = [{**names[r["entity_id"]], "count": r["n"]} for r in counted if r["entity_id"] in names][:related]
    return {
        **_entity_row(row), "variants": list(row["variants"]), "article_count": row["article_count"],
        "extras": {k: v for k, v in row["data"].items() if k != "article_ids"},
        "mentions_by_month": sorted((r["month"], r["n"]) for r in by_month if r["month"]),
        "undated_articles": sum(r["n"] for r in by_month if not r["month"]),
        "stories": [{k: s[k] for k in ("id", "title", "start", "end", "count")} for s in top_stories],
        "cooccurring": together,
        "articles": [_listing(a) for a in recent],
        "written": written_counts(store, entity_id, [a["id"] for a in recent]),
    }


def written_counts(store: Store, entity_id: str, article_ids: list[str]) -> list[tuple[str, int]]:
    """How often each spelling of the entity is written in these articles, most frequent first."""
    counts: Counter = Counter()
    for row in _rows(store, sa.select(A.c.data).where(A.c.id.in_(article_ids[:200]))):
        counts.update(m.get("surface") for m in (row["data"] or {}).get("mentions", ()) if m.get("entity_id") == entity_id)
    counts.pop(None, None)
    return counts.most_common()


def top_entities(store: Store, article_ids: list[str], limit: int = 8, *, min_articles: int = 1) -> list[dict[str, Any]]:
    """Entities most often named in these articles (a count of articles, not of mentions).

    ``min_articles``: leave out entities named in fewer articles of the whole store (tagging slips)."""
    return named_in(store, {"all": list(article_ids)}, limit, min_articles).get("all", [])


def _chip_filter(min_articles: int) -> list:
    """No filter for 1; else a minimum article count and the name types (no MISC, no junk labels)."""
    return [] if min_articles <= 1 else [E.c.article_count >= min_articles, E.c.type.in_(CHIP_TYPES)]


def article_entities(store: Store, article: Article) -> dict[str, dict[str, Any]]:
    """The stored entities the article's mentions point at, by id."""
    ids = {m.entity_id for m in article.mentions if m.entity_id} | {q.speaker_entity_id for q in article.quotes if q.speaker_entity_id}
    if not ids:
        return {}
    return {r["id"]: _entity_row(r) for r in _rows(store, sa.select(E.c.id, E.c.type, E.c.name, E.c.name_latin).where(E.c.id.in_(ids)))}


# -- stories and events ----------------------------------------------------

def _copies(rows: list[dict[str, Any]]) -> dict[str, int]:
    originals = [r for r in rows if not r["duplicate_of"]]
    return {"articles": len(rows), "originals": len(originals), "copies": len(rows) - len(originals),
            "outlets": len({r["outlet"] for r in originals if r["outlet"]})}


def story_list(store: Store, *, limit: int = 30, offset: int = 0, entities: int = 5) -> dict[str, Any]:
    """Stories with the most recent activity first, each with counts and its top entities.

    A fixed handful of queries per page (counts grouped in SQL), whatever the number of stories.
    """
    with store.engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(ST)).scalar_one()
    stories = _rows(store, sa.select(ST.c.id, ST.c.title, ST.c.start, ST.c.end, ST.c.data)
                    .order_by(ST.c.end.is_(None), ST.c.end.desc(), ST.c.id).limit(limit).offset(offset))
    ids = [s["id"] for s in stories]
    events = {r["story_id"]: r["n"] for r in _rows(store, sa.select(EV.c.story_id, sa.func.count().label("n"))
                                                     .where(EV.c.story_id.in_(ids)).group_by(EV.c.story_id))}
    original = A.c.duplicate_of.is_(None)
    counts = {r["story_id"]: r for r in _rows(store, sa.select(
        A.c.story_id, sa.func.count().label("articles"), sa.func.count(sa.case((original, 1))).label("originals"),
        sa.func.count(sa.distinct(sa.case((original, A.c.outlet)))).label("outlets"))
        .where(A.c.story_id.in_(ids)).group_by(A.c.story_id))}
    top = top_entities_by_story(store, ids, entities)
    out = []
    for s in stories:
        c = counts.get(s["id"]) or {"articles": 0, "originals": 0, "outlets": 0}
        out.append({"id": s["id"], "title": s["title"], "start": s["start"], "end": s["end"],
                    "events": events.get(s["id"]) or len(s["data"].get("event_ids", [])),
                    "articles": c["articles"], "originals": c["originals"], "copies": c["articles"] - c["originals"],
                    "outlets": c["outlets"], "top_entities": top.get(s["id"], [])})
    return {"total": total, "results": out}


def top_entities_by_story(store: Store, story_ids: list[str], limit: int, *,
                          min_articles: int = 1) -> dict[str, list[dict[str, Any]]]:
    """Each story's most named entities (a count of articles), in one grouped query.

    ``min_articles``: leave out entities named in fewer articles of the whole store (tagging slips)."""
    if not story_ids:
        return {}
    n = sa.func.count().label("n")
    rank = sa.func.row_number().over(partition_by=A.c.story_id, order_by=(sa.func.count().desc(), E.c.name)).label("rank")
    grouped = (sa.select(A.c.story_id, E.c.id, E.c.type, E.c.name, E.c.name_latin, E.c.variants, n, rank)
               .select_from(A.join(AE, AE.c.article_id == A.c.id).join(E, E.c.id == AE.c.entity_id))
               .where(A.c.story_id.in_(story_ids), *_chip_filter(min_articles))
               .group_by(A.c.story_id, E.c.id).subquery())
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _rows(store, sa.select(grouped).where(grouped.c.rank <= limit).order_by(grouped.c.story_id, grouped.c.rank)):
        out[r["story_id"]].append(_entity_row(r, r["n"]))
    return out


def story_detail(store: Store, story_id: str) -> dict[str, Any] | None:
    rows = _rows(store, sa.select(ST).where(ST.c.id == story_id))
    if not rows:
        return None
    story = rows[0]
    wanted = story["data"].get("event_ids") or []
    events = _rows(store, sa.select(EV).where(sa.or_(EV.c.story_id == story_id, EV.c.id.in_(wanted))))
    events.sort(key=lambda e: (e["start"] is None, e["start"] or "", e["id"]))
    members = _rows(store, sa.select(*LIST_COLUMNS).where(A.c.story_id == story_id))
    ids = _event_ids_of(store, events)
    return {
        "id": story["id"], "title": story["title"], "start": story["start"], "end": story["end"],
        "extras": {k: v for k, v in story["data"].items() if k != "event_ids"},
        **_copies(members),
        "top_entities": top_entities(store, [m["id"] for m in members], 10, min_articles=MIN_CHIP_ARTICLES),
        "events": [{"id": e["id"], "title": e["title"], "start": e["start"], "end": e["end"],
                    "article_count": len(ids[e["id"]])} for e in events],
    }


def _event_ids(store: Store, event: dict[str, Any]) -> list[str]:
    return _event_ids_of(store, [event])[event["id"]]


def _event_ids_of(store: Store, events: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each event's article ids: those it lists, then those placed in it (one query for all the events)."""
    linked: dict[str, list[str]] = defaultdict(list)
    wanted = [e["id"] for e in events]
    for start in range(0, len(wanted), 500):
        for r in _rows(store, sa.select(A.c.id, A.c.event_id).where(A.c.event_id.in_(wanted[start:start + 500])).order_by(A.c.seq)):
            linked[r["event_id"]].append(r["id"])
    return {e["id"]: list(dict.fromkeys(list(e["data"].get("article_ids") or []) + linked[e["id"]])) for e in events}


def load_articles(store: Store, ids: list[str]) -> list[Article]:
    """Whole articles by exact id, in one query per 500 (the order of ``ids``; missing ones left out)."""
    from khobor.store import _article

    found: dict[str, Article] = {}
    for start in range(0, len(ids), 500):
        for row in _rows_raw(store, sa.select(A).where(A.c.id.in_(ids[start:start + 500]))):
            found[row.id] = _article(row)
    return [found[i] for i in ids if i in found]


def _rows_raw(store: Store, query) -> list[sa.Row]:
    with store.engine.connect() as conn:
        return conn.execute(query).all()


def event_row(store: Store, event_id: str) -> dict[str, Any] | None:
    rows = _rows(store, sa.select(EV).where(EV.c.id == event_id))
    return rows[0] if rows else None


def event_reports(store: Store, event: dict[str, Any]) -> list[dict[str, Any]]:
    """Full articles of an event: originals in date order, each with its copies under it."""
    return reports_by_event(store, [event])[event["id"]]


def reports_by_event(store: Store, events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """``event_reports`` for several events with two queries in all."""
    ids = _event_ids_of(store, events)
    loaded = {a.id: a for a in load_articles(store, list(dict.fromkeys(i for e in events for i in ids[e["id"]])))}
    out = {}
    for event in events:
        articles = [loaded[i] for i in ids[event["id"]] if i in loaded]
        present = {a.id for a in articles}
        copies: dict[str, list[Article]] = defaultdict(list)
        originals = []
        for a in articles:
            if a.duplicate_of and a.duplicate_of in present:
                copies[a.duplicate_of].append(a)
            else:
                originals.append(a)
        originals.sort(key=lambda a: (a.published_at is None, a.published_at or "", a.id))
        out[event["id"]] = [{"article": a, "copies": sorted(copies[a.id], key=lambda c: c.published_at or "")} for a in originals]
    return out


def event_rows(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in _rows(store, sa.select(EV).where(EV.c.id.in_(ids)))}


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    event = event_row(store, event_id)
    if event is None:
        return None
    reports = event_reports(store, event)
    every = [r["article"] for r in reports] + [c for r in reports for c in r["copies"]]
    story = _rows(store, sa.select(ST.c.id, ST.c.title).where(ST.c.id == event["story_id"])) if event["story_id"] else []
    return {
        "id": event["id"], "title": event["title"], "start": event["start"], "end": event["end"],
        "story": story[0] if story else None,
        "explanation": event["data"].get("explanation") or {},
        "entities": top_entities(store, [a.id for a in every], 20, min_articles=MIN_CHIP_ARTICLES),
        "reports": reports,
    }


# -- search ----------------------------------------------------------------

def search(store: Store, q: str, *, limit: int = 20, offset: int = 0, extra_terms: list[str] | tuple = (),
           date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
           entity: str | None = None, mark: tuple[str, str] = ("[", "]"), loose: bool = False) -> dict[str, Any]:
    """``Store.search`` as the API's JSON shape."""
    found = store.search(q, limit=limit, offset=offset, extra_terms=extra_terms, date_from=date_from, date_to=date_to,
                         outlet=outlet, entity=entity, mark=mark, loose=loose)
    return {"total": found.total, "results": [
        {"id": h.id, "source": h.source, "title": h.title, "outlet": h.outlet, "published_at": h.published_at,
         "snippet": h.snippet, "score": h.score} for h in found.results]}


def outlets(store: Store, limit: int = 200) -> list[str]:
    query = (sa.select(A.c.outlet).where(A.c.outlet.is_not(None)).group_by(A.c.outlet)
             .order_by(sa.func.count().desc(), A.c.outlet).limit(limit))
    return [r["outlet"] for r in _rows(store, query)]


def recent_articles(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    query = sa.select(*LIST_COLUMNS).order_by(A.c.published_at.is_(None), A.c.published_at.desc(), A.c.seq.desc()).limit(limit)
    return [_listing(r) for r in _rows(store, query)]


def entity_rows(store: Store, ids: list[str], *, min_articles: int = 1) -> dict[str, dict[str, Any]]:
    """Entities by id, leaving out those named in fewer than ``min_articles`` articles of the store."""
    ids = list(dict.fromkeys(i for i in ids if i))
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        query = sa.select(E.c.id, E.c.type, E.c.name, E.c.name_latin, E.c.variants).where(
            E.c.id.in_(ids[start:start + 500]), *_chip_filter(min_articles))
        out.update({r["id"]: _entity_row(r) for r in _rows(store, query)})
    return out


def entity_names(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    return {r["id"]: _entity_row(r) for r in _rows(store, sa.select(E.c.id, E.c.type, E.c.name, E.c.name_latin).where(E.c.id.in_(ids)))}


# -- the home page: what is happening ------------------------------------------

HALF_LIFE_DAYS = 1.0  # a report counts half as much for each day it is older than the store's newest report
SPARK_DAYS = 30
MIN_CHIP_ARTICLES = 3  # an entity named in a single article is more often a tagging slip than a name worth a chip
CHIP_TYPES = ("PER", "PERSON", "ORG", "LOC", "GPE")
STOP = frozenset("the and for with from that this are was were has have had will its after over into about amid "
                 "says said new not but who how why what than more".split()
                 + "করে থেকে জন্য হবে নিয়ে এবং সঙ্গে বলে হয়েছে করা দিয়ে না ও এ কী কেন".split())


def _day_number(day: str) -> int | None:
    from datetime import date

    try:
        return date.fromisoformat(day).toordinal()
    except (TypeError, ValueError):
        return None


class ActivityIndex:
    """Every article in a story or event as a few numbers, read once per store version from the
    articles' indexes (never their bodies), so the home page ranks 100k articles in milliseconds.

    Columns (numpy arrays, one entry per article): which story (or event outside a story), which day,
    whether it is a copy, which outlet. Languages are read on first use of that filter.
    """

    def __init__(self, store: Store):
        self.store = store
        with store.engine.connect() as conn:
            event = dict(conn.execute(sa.select(A.c.seq, A.c.event_id).where(A.c.event_id.is_not(None))).all())
            story = dict(conn.execute(sa.select(A.c.seq, A.c.story_id).where(A.c.story_id.is_not(None))).all())
            copies = set(conn.execute(sa.select(A.c.seq).where(A.c.duplicate_of.is_not(None))).scalars())
            days = dict(conn.execute(sa.select(A.c.seq, A.c.published_at).where(A.c.published_at.is_not(None))).all())
            outlets = dict(conn.execute(sa.select(A.c.seq, A.c.outlet).where(A.c.outlet.is_not(None))).all())
        self.seqs = np.array(sorted(event), dtype=np.int64)
        keys = [story.get(q) or "event:" + event[q] for q in self.seqs.tolist()]
        self.keys = np.array(sorted(set(keys)), dtype=object)
        position = {k: i for i, k in enumerate(self.keys.tolist())}
        self.key = np.array([position[k] for k in keys], dtype=np.int64)
        self.day = np.array([_day_number((days.get(q) or "")[:10]) or -1 for q in self.seqs.tolist()], dtype=np.int64)
        self.copy = np.array([q in copies for q in self.seqs.tolist()], dtype=bool)
        self.outlet_names = sorted({v for v in outlets.values()})
        code = {o: i for i, o in enumerate(self.outlet_names)}
        self.outlet = np.array([code.get(outlets.get(q), -1) for q in self.seqs.tolist()], dtype=np.int64)
        self.languages: dict[str, Any] = {}
        self.lock = threading.Lock()

    def _language(self, language: str):
        with self.lock:
            if language not in self.languages:
                with self.store.engine.connect() as conn:
                    seqs = np.array(list(conn.execute(sa.select(A.c.seq).where(A.c.language == language)).scalars()), dtype=np.int64)
                self.languages[language] = np.isin(self.seqs, seqs)
            return self.languages[language]

    def mask(self, date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
             language: str | None = None, entity: str | None = None):
        keep = np.ones(len(self.seqs), dtype=bool)
        if date_from:
            keep &= self.day >= (_day_number(date_from) or 0)
        if date_to:
            keep &= (self.day >= 0) & (self.day <= (_day_number(date_to) or 0))
        if outlet:
            keep &= self.outlet == (self.outlet_names.index(outlet) if outlet in self.outlet_names else -2)
        if language:
            keep &= self._language(language)
        if entity:
            with self.store.engine.connect() as conn:
                seqs = list(conn.execute(sa.select(A.c.seq).join(AE, AE.c.article_id == A.c.id).where(AE.c.entity_id == entity)).scalars())
            keep &= np.isin(self.seqs, np.array(seqs, dtype=np.int64))
        return keep

    def rank(self, **filters: Any) -> dict[str, Any]:
        """Keys ranked by recent activity (see ``activity``), with the per-key figures the home page shows."""
        keep = self.mask(**filters)
        key, day, copy = self.key[keep], self.day[keep], self.copy[keep]
        dated = day >= 0
        newest = int(day[dated].max()) if dated.any() else None
        if filters.get("date_to") and newest is not None:
            newest = min(newest, _day_number(filters["date_to"]) or newest)
        n = len(self.keys)
        present = np.bincount(key, minlength=n) > 0
        if newest is None:
            score = np.zeros(n)
            age = np.zeros(len(key))
        else:
            age = np.where(dated, newest - day, 10**6)
            weight = np.where(copy, 0.25, 1.0) * np.power(0.5, np.clip(age, 0, 60) / HALF_LIFE_DAYS) * dated * (age < 10**6)
            weight[age > 60] = 0.0
            score = np.bincount(key, weights=weight, minlength=n)
        last_day = np.bincount(key, weights=(dated & (age < 1)).astype(float), minlength=n)
        last_week = np.bincount(key, weights=(dated & (age < 7)).astype(float), minlength=n)
        latest = np.full(n, -1, dtype=np.int64)
        np.maximum.at(latest, key[dated], day[dated])
        first = np.full(n, 10**9, dtype=np.int64)
        np.minimum.at(first, key[dated], day[dated])
        order = [i for i in np.lexsort((self.keys, -latest, -score)).tolist() if present[i]]
        items = [{"key": self.keys[i], "index": i, "score": round(float(score[i]), 3),
                  "latest_day": int(latest[i]) if latest[i] >= 0 else None,
                  "last_day": int(last_day[i]), "last_week": int(last_week[i]),
                  "growing": bool(last_day[i] >= 2 and last_day[i] > (last_week[i] - last_day[i]) / 6),
                  "new": bool(newest is not None and latest[i] >= 0 and int(first[i]) >= newest - 1)} for i in order]
        return {"newest": newest, "items": items, "keep": keep}

    def days(self, index: int, keep, newest: int | None, span: int = SPARK_DAYS) -> list[tuple[int, int]]:
        """(independent, copies) per day for one key over the ``span`` days ending at ``newest``."""
        if newest is None:
            return []
        mine = keep & (self.key == index) & (self.day > newest - span) & (self.day <= newest)
        offsets = self.day[mine] - (newest - span + 1)
        originals = np.bincount(offsets[~self.copy[mine]], minlength=span)
        copies = np.bincount(offsets[self.copy[mine]], minlength=span)
        return list(zip(originals.tolist(), copies.tolist()))


def activity(store: Store, *, index: ActivityIndex | None = None, **filters: Any) -> dict[str, Any]:
    """Every story (or event outside a story), ranked by recent activity.

    Activity: each independent report weighs 1 on the newest day in the store (or the ``date_to``
    filter), half a day before, a quarter two days before...; a copy weighs a quarter of that;
    reports over 60 days old count nothing. Ties go to the story with the latest report.
    """
    return (index or ActivityIndex(store)).rank(**filters)


def central_title(titles: list[tuple[str, str | None]], prefer: str | None = None) -> str | None:
    """The title that shares the most words with the others (mean document frequency of its words).

    ``titles``: (title, language). Titles in ``prefer`` language win when there are any.
    """
    pool = [(t, lang) for t, lang in titles if t]
    if prefer and any(lang == prefer for _, lang in pool):
        pool = [(t, lang) for t, lang in pool if lang == prefer]
    if not pool:
        return None
    bags = [{stem(w) for w in words(t.casefold()) if len(w) > 1 and w not in STOP} for t, _ in pool]
    df = Counter(w for bag in bags for w in bag)
    best = max(range(len(pool)), key=lambda i: (sum(df[w] for w in bags[i]) / (len(bags[i]) + 1), -i))
    return pool[best][0]


def home_items(store: Store, *, limit: int = 20, offset: int = 0, lang: str | None = None,
               index: ActivityIndex | None = None, **filters: Any) -> dict[str, Any]:
    """The home page: ranked items with headline, when, where, who, outlet counts and a sparkline's counts."""
    index = index or ActivityIndex(store)
    ranked = index.rank(**filters)
    page = ranked["items"][offset:offset + limit]
    story_ids = [i["key"] for i in page if not i["key"].startswith("event:")]
    event_ids = [i["key"][6:] for i in page if i["key"].startswith("event:")]
    columns = (A.c.seq, A.c.id, A.c.title, A.c.language, A.c.outlet, A.c.duplicate_of, A.c.published_at, A.c.story_id, A.c.event_id)
    # by the story and event indexes only; the filters are applied from the activity index, which
    # keeps the planner from scanning a whole outlet's articles instead
    members = _rows(store, sa.select(*columns).where(A.c.story_id.in_(story_ids))) if story_ids else []
    if event_ids:
        members += _rows(store, sa.select(*columns).where(A.c.event_id.in_(event_ids), A.c.story_id.is_(None)))
    if any(filters.values()) and members:
        at = np.searchsorted(index.seqs, np.array([m["seq"] for m in members], dtype=np.int64))
        found = (at < len(index.seqs)) & (index.seqs[np.minimum(at, len(index.seqs) - 1)] == [m["seq"] for m in members])
        members = [m for m, ok in zip(members, (found & ranked["keep"][np.minimum(at, len(index.seqs) - 1)]).tolist()) if ok]
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in members:
        by_key[m["story_id"] or "event:" + m["event_id"]].append(m)
    titles = {r["id"]: r["title"] for r in _rows(store, sa.select(ST.c.id, ST.c.title).where(ST.c.id.in_(story_ids)))}
    titles.update({"event:" + r["id"]: r["title"] for r in _rows(store, sa.select(EV.c.id, EV.c.title).where(EV.c.id.in_(event_ids)))})
    people = named_in(store, {k: [r["id"] for r in rows] for k, rows in by_key.items()}, 12)
    out = []
    for item in page:
        rows = by_key.get(item["key"], [])
        originals = [r for r in rows if not r["duplicate_of"]]
        recent = sorted(originals, key=lambda r: r["published_at"] or "", reverse=True)[:200]
        if recent and recent[0]["published_at"] and (last := _day_number(recent[0]["published_at"][:10])):
            # the headline tells what is new: the week before the story's latest report
            recent = [r for r in recent if (_day_number((r["published_at"] or "")[:10]) or 0) > last - 7]
        named = people.get(item["key"], [])
        dates = sorted(r["published_at"][:10] for r in rows if r["published_at"])
        out.append({
            "kind": "event" if item["key"].startswith("event:") else "story",
            "id": item["key"].removeprefix("event:"),
            "headline": (headline := central_title([(r["title"], r["language"]) for r in recent], lang) or titles.get(item["key"])),
            "headline_lang": next((r["language"] for r in recent if r["title"] == headline and r["language"]), None),
            "title": titles.get(item["key"]),
            "first": dates[0] if dates else None, "latest": dates[-1] if dates else None,
            "events": len({r["event_id"] for r in rows}), "reports": len(rows), "originals": len(originals), "copies": len(rows) - len(originals),
            "outlets": len({r["outlet"] for r in originals if r["outlet"]}),
            "copy_outlets": len({r["outlet"] for r in rows if r["duplicate_of"] and r["outlet"]}),
            "languages": sorted({r["language"] for r in rows if r["language"]}),
            "where": [e for e in named if e["type"] in ("LOC", "GPE")][:2],
            "who": [e for e in named if e["type"] not in ("LOC", "GPE")][:4],
            "last_day": item["last_day"], "last_week": item["last_week"], "growing": item["growing"], "new": item["new"],
            "score": item["score"], "spark": index.days(item["index"], ranked["keep"], ranked["newest"]),
        })
    return {"total": len(ranked["items"]), "newest": ranked["newest"], "results": out}


def named_in(store: Store, groups: dict[str, list[str]], limit: int,
             min_articles: int = MIN_CHIP_ARTICLES) -> dict[str, list[dict[str, Any]]]:
    """Each group's most named entities (a count of its articles), through the article_entities key only."""
    owner = {a: k for k, ids in groups.items() for a in ids}
    counts: dict[str, Counter] = defaultdict(Counter)
    ids = list(owner)
    for start in range(0, len(ids), 500):
        for r in _rows(store, sa.select(AE.c.article_id, AE.c.entity_id).where(AE.c.article_id.in_(ids[start:start + 500]))):
            counts[owner[r["article_id"]]][r["entity_id"]] += 1
    wanted = {e for c in counts.values() for e, _ in c.most_common(limit * 4)}
    rows = entity_rows(store, list(wanted), min_articles=min_articles)
    out = {}
    for k, c in counts.items():
        top = sorted(((e, n) for e, n in c.items() if e in rows), key=lambda en: (-en[1], rows[en[0]]["name"]))[:limit]
        out[k] = [{**rows[e], "count": n} for e, n in top]
    return out


def languages(store: Store) -> list[str]:
    return [r["language"] for r in _rows(store, sa.select(A.c.language).where(A.c.language.is_not(None))
                                         .group_by(A.c.language).order_by(sa.func.count().desc()))]


def story_cast(store: Store, story_id: str, *, min_articles: int = MIN_CHIP_ARTICLES) -> tuple[dict[str, list[str]], dict[str, dict[str, Any]]]:
    """Who and where in each event of a story: ({event id: entity ids, most named first}, {entity id: row with count})."""
    n = sa.func.count().label("n")
    query = (sa.select(A.c.event_id, E.c.id, E.c.type, E.c.name, E.c.name_latin, E.c.variants, n)
             .select_from(A.join(AE, AE.c.article_id == A.c.id).join(E, E.c.id == AE.c.entity_id))
             .where(A.c.story_id == story_id, A.c.event_id.is_not(None), *_chip_filter(min_articles))
             .group_by(A.c.event_id, E.c.id).order_by(A.c.event_id, sa.desc("n"), E.c.name))
    by_event: dict[str, list[str]] = defaultdict(list)
    entities: dict[str, dict[str, Any]] = {}
    for r in _rows(store, query):
        by_event[r["event_id"]].append(r["id"])
        row = entities.setdefault(r["id"], _entity_row(r, 0))
        row["count"] += r["n"]
        row.setdefault("events", 0)
        row["events"] += 1
    return dict(by_event), entities
