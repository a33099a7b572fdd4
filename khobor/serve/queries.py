"""Read queries the web app needs beyond the Store's verbs.

Plain SQLAlchemy Core over ``khobor.store.schema``; every function takes a Store
and returns dicts ready for JSON or a template. Nothing here writes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from khobor.model import Article
from khobor.store import Store
from khobor.store import schema as t
from khobor.store.terms import query_terms, stem, words

A, E, AE, EV, ST = t.articles, t.entities, t.article_entities, t.events, t.stories
# Columns a listing needs: everything but the body and the annotation blob.
LIST_COLUMNS = (A.c.id, A.c.source, A.c.outlet, A.c.url, A.c.title, A.c.published_at, A.c.duplicate_of,
                A.c.event_id, A.c.story_id)


def _rows(store: Store, query) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def _listing(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in ("id", "source", "outlet", "url", "title", "published_at", "duplicate_of", "event_id", "story_id")}


def _entity_row(row: dict[str, Any], count: int | None = None) -> dict[str, Any]:
    out = {"id": row["id"], "type": row["type"], "name": row["name"], "name_latin": row.get("name_latin")}
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
    cooc = (sa.select(E.c.id, E.c.type, E.c.name, E.c.name_latin, sa.func.count().label("n"))
            .select_from(other.join(E, E.c.id == other.c.entity_id))
            .where(other.c.article_id.in_(newest), other.c.entity_id != entity_id)
            .group_by(E.c.id).order_by(sa.desc("n"), E.c.name).limit(related))
    return {
        **_entity_row(row), "variants": list(row["variants"]), "article_count": row["article_count"],
        "extras": {k: v for k, v in row["data"].items() if k != "article_ids"},
        "mentions_by_month": sorted((r["month"], r["n"]) for r in by_month if r["month"]),
        "undated_articles": sum(r["n"] for r in by_month if not r["month"]),
        "stories": [{k: s[k] for k in ("id", "title", "start", "end", "count")} for s in top_stories],
        "cooccurring": [_entity_row(r, r["n"]) for r in _rows(store, cooc)],
        "articles": [_listing(a) for a in recent],
    }


def top_entities(store: Store, article_ids: list[str], limit: int = 8) -> list[dict[str, Any]]:
    """Entities most often named in these articles (a count of articles, not of mentions)."""
    if not article_ids:
        return []
    query = (sa.select(E.c.id, E.c.type, E.c.name, E.c.name_latin, sa.func.count().label("n"))
             .select_from(AE.join(E, E.c.id == AE.c.entity_id)).where(AE.c.article_id.in_(article_ids))
             .group_by(E.c.id).order_by(sa.desc("n"), E.c.name).limit(limit))
    return [_entity_row(r, r["n"]) for r in _rows(store, query)]


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


def top_entities_by_story(store: Store, story_ids: list[str], limit: int) -> dict[str, list[dict[str, Any]]]:
    """Each story's most named entities (a count of articles), in one grouped query."""
    if not story_ids:
        return {}
    n = sa.func.count().label("n")
    rank = sa.func.row_number().over(partition_by=A.c.story_id, order_by=(sa.func.count().desc(), E.c.name)).label("rank")
    grouped = (sa.select(A.c.story_id, E.c.id, E.c.type, E.c.name, E.c.name_latin, n, rank)
               .select_from(A.join(AE, AE.c.article_id == A.c.id).join(E, E.c.id == AE.c.entity_id))
               .where(A.c.story_id.in_(story_ids)).group_by(A.c.story_id, E.c.id).subquery())
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
        "top_entities": top_entities(store, [m["id"] for m in members], 10),
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
        "entities": top_entities(store, [a.id for a in every], 20),
        "reports": reports,
    }


# -- search ----------------------------------------------------------------

@dataclass
class VariantIndex:
    """Entity spellings by their stemmed words, so a query can pull in the other spellings.

    Built once per app and rebuilt when the entities table changes size.
    """

    size: int
    by_words: dict[tuple[str, ...], set[str]]
    by_surname: dict[str, set[str]]
    variants: dict[str, list[str]]

    @classmethod
    def build(cls, store: Store) -> "VariantIndex":
        by_words: dict[tuple[str, ...], set[str]] = defaultdict(set)
        by_surname: dict[str, set[str]] = defaultdict(set)
        variants: dict[str, list[str]] = {}
        for r in _rows(store, sa.select(E.c.id, E.c.type, E.c.name, E.c.variants)):
            spellings = list(dict.fromkeys([r["name"], *r["variants"]]))
            variants[r["id"]] = spellings
            for v in spellings:
                key = tuple(stem(w) for w in words(v))
                if key:
                    by_words[key].add(r["id"])
                    if r["type"] in ("PER", "PERSON") and len(key) > 1:
                        by_surname[key[-1]].add(r["id"])
        return cls(store.count("entities"), dict(by_words), dict(by_surname), variants)

    def entities_for(self, query: str) -> list[str]:
        key = tuple(query_terms(query))
        if not key:
            return []
        found = self.by_words.get(key) or (self.by_surname.get(key[0], set()) if len(key) == 1 else set())
        return sorted(found)

    def other_spellings(self, query: str) -> list[str]:
        key = tuple(query_terms(query))
        out: list[str] = []
        for entity_id in self.entities_for(query):
            for v in self.variants[entity_id]:
                if tuple(stem(w) for w in words(v)) != key:
                    out.append(v)
        return list(dict.fromkeys(out))


def search(store: Store, q: str, *, limit: int = 20, offset: int = 0, extra_terms: list[str] | tuple = (),
           date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
           entity: str | None = None, mark: tuple[str, str] = ("[", "]")) -> dict[str, Any]:
    """``Store.search`` as the API's JSON shape."""
    found = store.search(q, limit=limit, offset=offset, extra_terms=extra_terms, date_from=date_from, date_to=date_to,
                         outlet=outlet, entity=entity, mark=mark)
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


def entity_names(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    return {r["id"]: _entity_row(r) for r in _rows(store, sa.select(E.c.id, E.c.type, E.c.name, E.c.name_latin).where(E.c.id.in_(ids)))}
