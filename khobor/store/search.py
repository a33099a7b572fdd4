"""Full-text search: one interface, a backend per database.

Both backends index khobor's own words and stems (store/terms.py), so an inflected
Bengali form finds the others the same way on either database, and both rank title
words three times body words. SQLite: a contentless FTS5 table ranked by bm25.
PostgreSQL: a tsvector per article, written from those terms as lexemes (no
text-search parser runs, so no locale can split a Bengali word), matched by a
tsquery on a GIN index and ranked by ts_rank. Snippets are cut from the stored body
by the same code for both.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from khobor.model import Article
from khobor.store.terms import TOKEN, fts_match, fts_phrase, index_terms, query_terms, spelling_key, stem, words

TITLE_WEIGHT = 3.0  # a title word counts three times a body word


@dataclass(slots=True)
class SearchHit:
    id: str
    source: str
    title: str | None
    outlet: str | None
    published_at: str | None
    snippet: str
    score: float


@dataclass(slots=True)
class SearchResult:
    total: int
    results: list[SearchHit] = field(default_factory=list)


@dataclass(slots=True)
class Query:
    """What to look for: stemmed terms (all required), other spellings (any one instead), filters."""

    terms: list[str]
    extra_terms: list[str]
    limit: int = 10
    offset: int = 0
    date_from: str | None = None
    date_to: str | None = None
    outlet: str | None = None
    entity: str | None = None
    loose: dict[str, list[str]] = field(default_factory=dict)  # query term -> stored words spelled like it

    def filters(self) -> tuple[list[str], dict[str, Any]]:
        """SQL conditions on ``a`` (articles) for the filters, and their parameters."""
        where, params = [], {}
        if self.date_from:
            where.append('a.published_at >= :date_from')
            params["date_from"] = self.date_from
        if self.date_to:
            where.append('a.published_at < :date_to')
            params["date_to"] = self.date_to + "\uffff"  # the whole last day, whatever the time and zone
        if self.outlet:
            where.append("a.outlet = :outlet")
            params["outlet"] = self.outlet
        if self.entity:
            where.append("a.id IN (SELECT article_id FROM article_entities WHERE entity_id = :entity)")
            params["entity"] = self.entity
        return where, params


class SqliteSearch:
    """FTS5 over ``articles_fts(title, terms)``, rowid = articles.seq."""

    before: tuple[str, ...] = ()  # statements run around a search's queries
    after: tuple[str, ...] = ()

    def index(self, conn: sa.Connection, articles: list[tuple[int, Article]], found: Mapping[str, str] | None = None) -> None:
        """``found``: article id -> its body's words as cleaning found them (``clean_words``), where known."""
        if articles:
            found = found or {}
            conn.execute(sa.text("INSERT INTO articles_fts(rowid, title, terms) VALUES (:seq, :title, :terms)"),
                         [{"seq": seq, "title": index_terms(a.title or ""), "terms": index_terms(a.body, found.get(a.id))}
                          for seq, a in articles])

    # A filtered search with more index hits than this checks them against a key set read from the
    # articles' indexes; with fewer, looking each hit's article up by key is cheaper. Same results either way.
    KEY_SET_ABOVE = 3000

    def other_spellings(self, conn: sa.Connection, terms: list[str]) -> dict[str, list[str]]:
        return {}  # loose spelling needs pg_trgm: on SQLite a loose search is the exact one

    # A query matching more articles than this (a common word) ranks the latest this many of them (the highest
    # rowids: the last stored) for its page: bm25 read every hit's sizes, ~90 ms for 29,000 hits in a store of 100k.
    # The total is still every hit; a page past them ranks them all.
    RANK_LATEST = 5000

    def hits_before_filters(self, conn: sa.Connection, q: Query) -> int | None:
        """How many articles match before the filters (a count read from the index alone)."""
        return conn.execute(sa.text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :m"), {"m": self.match(q)}).scalar_one()

    @staticmethod
    def match(q: Query) -> str:
        alternatives = [p for p in (fts_phrase(x) for x in q.extra_terms) if p]
        return "(" + ") OR (".join([fts_match(q.terms), *alternatives]) + ")" if alternatives else fts_match(q.terms)

    def query(self, q: Query, hits: int | None = None) -> tuple[str, str, dict[str, Any]]:
        """(count, page, parameters); ``hits``: the count before filters, which picks how filters are applied."""
        match = self.match(q)
        where, params = q.filters()
        params.update({"m": match, "limit": q.limit, "offset": q.offset})
        rank = f"bm25(articles_fts, {TITLE_WEIGHT}, 1.0)"
        columns = "f.rank, a.id, a.source, a.title, a.outlet, a.published_at, a.body"
        latest = hits is not None and hits > self.RANK_LATEST and q.offset + q.limit <= self.RANK_LATEST
        if not where:  # no filter: rank inside the index, join only the page's rows
            count_sql = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :m"
            ranked = f"SELECT rowid AS r, {rank} AS rank FROM articles_fts WHERE articles_fts MATCH :m"
        elif hits is not None and hits <= self.KEY_SET_ABOVE:
            # CROSS JOIN keeps the index search outermost (run once), each hit's article looked up by key;
            # only the hits that pass are ranked (bm25's statistics are the whole index's: same scores).
            hits_sql = ("FROM articles_fts CROSS JOIN articles a ON a.seq = articles_fts.rowid "
                        "WHERE articles_fts MATCH :m AND " + " AND ".join(where))
            count_sql = "SELECT count(*) " + hits_sql
            ranked = f"SELECT articles_fts.rowid AS r, {rank} AS rank " + hits_sql
        else:
            # Many hits: the filters become one set of article keys read from the articles' indexes
            # (outlet, date, id), and each hit is looked up in it without reading its article row.
            # The + keeps SQLite from handing the key set to FTS5 as thousands of single-row searches.
            hits_sql = ("FROM articles_fts WHERE articles_fts MATCH :m AND +articles_fts.rowid IN "
                        "(SELECT a.seq FROM articles a WHERE " + " AND ".join(where) + ")")
            count_sql = "SELECT count(*) " + hits_sql
            ranked = f"SELECT rowid AS r, {rank} AS rank " + hits_sql
        if latest:  # (FTS5 reads the hits newest first and stops: bm25 runs for these only)
            ranked = f"SELECT r, rank FROM ({ranked} ORDER BY r DESC LIMIT {self.RANK_LATEST})"
        elif where:  # the count comes with the page: one pass over the hits and their filters instead of two
            ranked = f"SELECT r, rank, count(*) OVER () AS total FROM ({ranked})"  # (bm25 cannot sit beside a window)
            columns = "f.total, " + columns
        page_sql = (f"SELECT {columns} FROM ({ranked} ORDER BY rank, r LIMIT :limit OFFSET :offset) f "
                    "CROSS JOIN articles a ON a.seq = f.r ORDER BY f.rank, f.r")
        return count_sql, page_sql, params


class PostgresSearch:
    """A tsvector per article in ``articles_search(seq, tsv)`` (GIN-indexed), ranked by ts_rank.

    Title words carry weight A, body words D; a word and its stem share one position, so
    a phrase of stems (another spelling of a name) matches with ``<->``.
    """

    WEIGHTS = "{%g,0,0,1}" % (1 / TITLE_WEIGHT)  # D (body), C, B, A (title)
    # The planner does not count what reading a (compressed) tsvector costs, so for a frequent word it
    # reads every one rather than the GIN index: 118 ms instead of 21 ms to count 6,000 hits of 10,000.
    before = ("SET LOCAL enable_seqscan = off",)
    after = ("RESET enable_seqscan",)

    _trigrams: bool | None = None  # is pg_trgm installed in this database (asked once)
    SIMILARITY = 0.5  # pg_trgm similarity of spelling keys from which a stored word counts as another spelling
    LOOSE_WORDS = 8  # other spellings searched per query word, the closest first

    def index(self, conn: sa.Connection, articles: list[tuple[int, Article]], found: Mapping[str, str] | None = None) -> None:
        """(``found``, the words cleaning found, is not needed here: PostgreSQL makes its own vectors.)"""
        if articles:
            vectors = [tsvector(a.title or "", a.body) for _, a in articles]
            conn.execute(sa.text("INSERT INTO articles_search (seq, tsv) VALUES (:seq, CAST(:tsv AS tsvector)) "
                                 "ON CONFLICT (seq) DO UPDATE SET tsv = excluded.tsv"),
                         [{"seq": seq, "tsv": tsv} for (seq, _), tsv in zip(articles, vectors)])
            known = {w for _, a in articles for text in (a.title or "", a.body) for w in words(text, normalized=True)}
            known |= {stem(w) for w in known}
            keys = {w: spelling_key(w) for w in sorted(known)}
            conn.execute(sa.text("INSERT INTO search_spellings (word, key) VALUES (:word, :key) ON CONFLICT DO NOTHING"),
                         [{"word": w, "key": k} for w, k in keys.items() if len(k) >= 3])

    def other_spellings(self, conn: sa.Connection, terms: list[str]) -> dict[str, list[str]]:
        """For each query word, the stored words whose spelling key is close to its key (pg_trgm), closest first."""
        out: dict[str, list[str]] = {}
        if self._trigrams is None:  # a server where the extension could not be created: loose is exact, as on SQLite
            self._trigrams = bool(conn.execute(sa.text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).scalar())
        if not self._trigrams:
            return out
        lookup = sa.text("SELECT word FROM search_spellings WHERE key % :key AND similarity(key, :key) >= :least "
                         "AND word <> :word ORDER BY similarity(key, :key) DESC, word LIMIT :n")
        conn.execute(sa.text(f"SET LOCAL pg_trgm.similarity_threshold = {self.SIMILARITY}"))  # what % (the index) prunes by
        for term in terms:
            key = spelling_key(term)
            if len(key) >= 3:
                found = conn.execute(lookup, {"key": key, "word": term, "least": self.SIMILARITY, "n": self.LOOSE_WORDS}).scalars().all()
                if found:
                    out[term] = list(found)
        return out

    def hits_before_filters(self, conn: sa.Connection, q: Query) -> None:
        return None  # the planner picks how to apply filters

    def query(self, q: Query, hits: int | None = None) -> tuple[str, str, dict[str, Any]]:
        """(count, page, parameters). With other spellings (``q.loose``), what matches the query as
        written comes first, ranked as without them; then what only another spelling finds."""
        alternatives = [p for p in (tsquery_phrase(x) for x in q.extra_terms) if p]
        match = " | ".join(f"({x})" for x in [tsquery_all(q.terms), *alternatives])
        where, params = q.filters()
        where = [w.replace("a.published_at", 'a.published_at COLLATE "C"') for w in where]  # ISO text, compared by code point
        params.update({"m": match, "limit": q.limit, "offset": q.offset, "weights": self.WEIGHTS})
        rank = "ts_rank(CAST(:weights AS real[]), s.tsv, q, 1)"  # 1: divided by 1 + log(length), like bm25's length term
        if q.loose:
            loose = " & ".join("(" + " | ".join(_lexeme(t) for t in [term, *q.loose.get(term, [])]) + ")" for term in q.terms)
            params["lm"] = " | ".join(f"({x})" for x in [loose, *alternatives])
            source = ("FROM articles_search s JOIN articles a ON a.seq = s.seq, CAST(:m AS tsquery) q, CAST(:lm AS tsquery) lq "
                      "WHERE s.tsv @@ lq" + "".join(" AND " + w for w in where))
            score = f"CASE WHEN s.tsv @@ q THEN -{rank} ELSE -{rank.replace(', q,', ', lq,')} END"
            tier = "CASE WHEN s.tsv @@ q THEN 0 ELSE 1 END, "  # the spelling as written first
        else:
            source = ("FROM articles_search s JOIN articles a ON a.seq = s.seq, CAST(:m AS tsquery) q "
                      "WHERE s.tsv @@ q" + "".join(" AND " + w for w in where))
            score, tier = f"-{rank}", ""
        count_sql = f"SELECT count(*) {source}"
        page_sql = (f"SELECT {score} AS rank, a.id, a.source, a.title, a.outlet, a.published_at, a.body {source} "
                    f"ORDER BY {tier}rank, a.seq LIMIT :limit OFFSET :offset")
        return count_sql, page_sql, params


def backend_for(dialect: str):
    """The search backend of a database (the store accepts only these two)."""
    return SqliteSearch() if dialect == "sqlite" else PostgresSearch()


def search(db, backend, text: str, *, limit: int = 10, offset: int = 0, extra_terms: Iterable[str] = (),
           date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
           entity: str | None = None, mark: tuple[str, str] = ("[", "]"), loose: bool = False) -> SearchResult:
    """Ranked full-text search through ``backend``; see ``Store.search``."""
    terms = query_terms(text)
    if not terms:
        return SearchResult(total=0)
    extra_terms = list(extra_terms)
    q = Query(terms, extra_terms, limit, offset, date_from, date_to, outlet, entity)
    with db.read() as conn:
        if loose:
            q.loose = backend.other_spellings(conn, terms)
        hits = backend.hits_before_filters(conn, q)
        count_sql, page_sql, params = backend.query(q, hits)
        for statement in backend.before:
            conn.execute(sa.text(statement))
        rows = conn.execute(sa.text(page_sql), params).all()
        if rows and "total" in rows[0]._fields:
            total = rows[0].total
        elif hits is not None and not q.filters()[0]:
            total = hits
        else:  # a page past the last hit says nothing about how many there are
            total = conn.execute(sa.text(count_sql), params).scalar_one()
        for statement in backend.after:
            conn.execute(sa.text(statement))
    wanted = set(terms) | {stem(w) for x in extra_terms for w in words(x)} | {w for ws in q.loose.values() for w in ws}
    hits = [SearchHit(r.id, r.source, r.title, r.outlet, r.published_at, snippet(r.body, wanted, mark=mark),
                      round(-r.rank, 4)) for r in rows]
    return SearchResult(total=total, results=hits)


# -- PostgreSQL text-search literals ----------------------------------------

def _lexeme(term: str) -> str:
    """A quoted tsvector/tsquery lexeme: quotes doubled, backslashes escaped, so no syntax leaks in."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


MAX_POSITION = 16383  # PostgreSQL's largest tsvector position; later words share it


def tsvector(title: str, body: str) -> str:
    """The tsvector literal for an article: each word and its stem at the word's position, title words weighted A."""
    positions: dict[str, list[str]] = {}
    n = 0
    for text, weight in ((title, "A"), (body, "")):
        for word in words(text, normalized=True):
            n = min(n + 1, MAX_POSITION)
            for term in {word, stem(word)}:
                slots = positions.setdefault(term, [])
                if len(slots) < 256:  # PostgreSQL keeps at most 256 positions per lexeme
                    slots.append(f"{n}{weight}")
    return " ".join(f"{_lexeme(t)}:{','.join(p)}" for t, p in positions.items())


def tsquery_all(terms: list[str]) -> str:
    """Every term must appear."""
    return " & ".join(_lexeme(t) for t in terms)


def tsquery_phrase(text: str) -> str | None:
    """One spelling of a name: a single stem, or its stems in a row."""
    terms = [stem(w) for w in words(text)]
    return " <-> ".join(_lexeme(t) for t in terms) if terms else None


# -- snippets --------------------------------------------------------------

def snippet(body: str, stems: set[str], width: int = 160, mark: tuple[str, str] = ("[", "]")) -> str:
    """A window of ``body`` around the first matching word, matches wrapped in ``mark``.

    Words are read only up to the end of that window: stemming a whole body for every hit was most of
    a search's time.
    """
    spans: list[tuple[int, int]] = []
    start = end = 0
    first = _first_possible(body, stems)
    if first is None:  # (a hit by its title, or by another spelling: no word of the body can match)
        return body[:width].replace("\n", " ")
    for m in TOKEN.finditer(body, first):
        if spans and m.start() >= end:
            break
        word = m.group().casefold()
        if word in stems or _stem_cached(word) in stems:
            if not spans:
                start = max(0, m.start() - width // 3)
                start = body.rfind(" ", 0, start) + 1 if start else 0
                end = min(len(body), start + width)
            spans.append((m.start(), m.end()))
    if not spans:
        return body[:width].replace("\n", " ")
    out, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(body[cursor:s])
        out.append(mark[0] + body[s:e] + mark[1])
        cursor = e
    out.append(body[cursor:end])
    text = "".join(out).replace("\n", " ")
    return ("…" if start else "") + text + ("…" if end < len(body) else "")


def _first_possible(body: str, stems: set[str]) -> int | None:
    """Where the first word of ``body`` that may match begins (None: no word can): a matching word, case-folded,
    holds a wanted stem (a word's stem is its beginning), so the words before the first place one occurs are
    passed in one search per stem instead of being stemmed one by one (a rare word deep in a long body)."""
    folded = body.casefold()
    if len(folded) != len(body):  # (a letter folded into two: the offsets would not be the body's)
        return 0
    found = [at for s in stems if (at := folded.find(s)) >= 0]
    if not found:
        return None
    at = min(found)
    while at and TOKEN.fullmatch(body[at - 1]):  # back to the start of the word it is in
        at -= 1
    return at


_stem_cached = functools.lru_cache(maxsize=200_000)(stem)
