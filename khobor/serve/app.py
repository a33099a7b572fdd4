"""The web app: a JSON API and the server-rendered pages that mirror it.

Every page has a JSON twin under /api. The store is opened read-only and
nothing writes unless the app was created with ``allow_edits``: then the store
is opened for writing and the correction endpoints (move an article, split an
event, merge or split entities) work; otherwise they answer 403.
Errors have one shape: ``{"ok": false, "error": ..., "status": ...}``.

Any web page the user visits can send requests to a local server, so a write
needs all of: the edit token (``Authorization: Bearer TOKEN``, a header no
cross-site form or image can set; printed by ``khobor serve`` at start), a
Host header naming this server (defeats DNS rebinding), and no foreign Origin.
There are no cookie-authenticated forms. Every response carries a strict
Content-Security-Policy (scripts only from /static, never inline).
"""

from __future__ import annotations

import copy
import hmac
import json
import os
import secrets
import threading
from collections import OrderedDict
from datetime import date
from pathlib import Path as FilePath
from urllib.parse import quote, urlsplit
from typing import Annotated, Any

import jinja2
from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException

import khobor
from khobor.errors import StoreBusyError, StoreError
from khobor.serve import desk, i18n, queries, render
from khobor.service import serialize
from khobor.service.corrections import correct
from khobor.store import Store

HERE = FilePath(__file__).parent
MARK = ("\ue000", "\ue001")  # private-use characters: cannot occur in escaped news text as markup
MAX_QUERY = 500
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
INLINE_EVENTS, INLINE_REPORTS = 20, 6
LOOPBACK = ("127.0.0.1", "localhost", "::1")
WARM_ENTITIES = 100  # entity pages `khobor serve` prepares at start
EDIT_WAIT = 10.0  # seconds an edit waits for a `khobor run` writing the same store before answering 409
CONFIG_ENV = "KHOBOR_SERVE_CONFIG"  # how `khobor serve --workers N` hands its settings to each worker process
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}

Page = Annotated[int, Query(ge=1, le=10_000, description="1-based page number")]
PerPage = Annotated[int, Query(ge=1, le=100, description="results per page")]
Id = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
SearchText = Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="words to find; inflected forms match")]
Outlet = Annotated[str | None, Query(max_length=200)]
EntityId = Annotated[str | None, Query(max_length=64)]


class MoveBody(BaseModel):
    event_id: str = Field(min_length=1, max_length=64)


class SplitEventBody(BaseModel):
    article_ids: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(min_length=1, max_length=1000)


class MergeBody(BaseModel):
    other_id: str = Field(min_length=1, max_length=64)


class SplitEntityBody(BaseModel):
    variants: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(min_length=1, max_length=100)


def http_url(value: str | None) -> str | None:
    """The URL when it is http(s) with a host, else None: a javascript: or data: URL is never a link."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    return value.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def is_loopback(host: str) -> bool:
    return host.strip("[]") in LOOPBACK or host.startswith("127.")


def _host_name(value: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1', '[::1]:80' -> '::1'."""
    return (urlsplit("//" + value).hostname or "") if value else ""


class Answers:
    """Answers computed from the store, kept until the store changes (its files' size or time moves).

    The server is read-only, but `khobor run` may update the store while it serves; a few stat
    calls per request notice that. A store given as a URL (not a file) is never cached.
    """

    def __init__(self, path: str | None, size: int = 512):
        self.files = [path, path + "-wal"] if path and "://" not in path else []
        self.size = size
        self.seen: tuple | None = None
        self.kept: OrderedDict[tuple, Any] = OrderedDict()
        self.lock = threading.Lock()

    def version(self) -> tuple | None:
        if not self.files:
            return None
        stamps = []
        for name in self.files:
            try:
                st = os.stat(name)
                stamps.append((st.st_mtime_ns, st.st_size))
            except OSError:
                stamps.append(None)
        return tuple(stamps)

    def get(self, key: tuple, compute):
        version = self.version()
        if version is None:
            return compute()
        with self.lock:
            if version != self.seen:
                self.kept.clear()
                self.seen = version
            if key in self.kept:
                self.kept.move_to_end(key)
                return copy.deepcopy(self.kept[key])
        value = compute()
        with self.lock:
            if version == self.seen:
                self.kept[key] = copy.deepcopy(value)
                while len(self.kept) > self.size:
                    self.kept.popitem(last=False)
        return value


class Guard:
    """Refuses writes the server may not take and puts the security headers on every response.

    Plain ASGI rather than ``@app.middleware``: that wrapper streams each response through an
    extra task and queue, a cost every request paid.
    """

    def __init__(self, app, *, state, hosts: set[str]):
        self.app, self.state, self.hosts = app, state, hosts

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        if scope["method"] not in READ_METHODS:
            refusal = _write_refusal(Request(scope), self.state.allow_edits, self.state.edit_token, self.hosts)
            if refusal:
                return await _error(*refusal)(scope, receive, send_with_headers)
        await self.app(scope, receive, send_with_headers)


def create_app(db: str | Store = "khobor.db", *, allow_edits: bool = False, token: str | None = None,
               hosts: tuple[str, ...] = (), warm: int = 0) -> FastAPI:
    """Build the app over a store (a path, opened read-only, or an open Store).

    ``warm``: prepare the pages of that many of the most named entities in a background thread
    (each counts over every article naming it: the busiest take a large part of a second).

    With ``allow_edits`` writes need ``token`` (a random one is made when none
    is given: ``app.state.edit_token``) and a Host among the loopback names
    and ``hosts`` ("*": any, for a server bound to every address).
    """
    store = db if isinstance(db, Store) else khobor.open(str(db), read_only=not allow_edits)
    app = FastAPI(title="khobor", version=khobor.__version__, docs_url=None, redoc_url=None,
                  description="Bengali news as stories, events, entities and articles. Read-only unless started with --allow-edits.")
    app.state.store = store
    app.state.allow_edits = allow_edits
    app.state.edit_token = (token or secrets.token_urlsafe(24)) if allow_edits else None
    allowed_hosts = {h.strip("[]").lower() for h in (*LOOPBACK, *hosts)}
    app.state.variants = None
    answers = app.state.answers = Answers(None if isinstance(db, Store) else str(db))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             auto_reload=False)  # templates are package files: no stat per page
    env.filters["day"] = lambda v: (v or "")[:10]
    env.filters["http_url"] = http_url
    env.tests["bengali"] = queries._bengali
    templates = Jinja2Templates(env=env)

    def reader(request: Request) -> i18n.Lang:
        return i18n.Lang(i18n.choose(request.query_params.get("lang"), request.cookies.get(i18n.COOKIE)))

    def page(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        """Render in the reader's language (?lang=, remembered in a cookie), with a link to the other one."""
        asked = request.query_params.get("lang")
        lang = i18n.Lang(i18n.choose(asked, request.cookies.get(i18n.COOKIE)))
        switch = request.url.include_query_params(lang=lang.other)
        response = templates.TemplateResponse(
            request, name, {"title": "", "L": lang, "switch_url": switch.path + "?" + switch.query,
                            "allow_edits": app.state.allow_edits, "messages": i18n.MESSAGES, **context}, status_code=code)
        if asked in i18n.LANGS:
            response.set_cookie(i18n.COOKIE, asked, max_age=365 * 86400, samesite="lax", httponly=True)
        return response

    app.add_middleware(Guard, state=app.state, hosts=allowed_hosts)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if _wants_json(request):
            return _error(exc.status_code, str(exc.detail))
        return page(request, "error.html", exc.status_code, status=exc.status_code, message=str(exc.detail))

    @app.exception_handler(StoreError)
    async def store_failed(request: Request, exc: StoreError):
        """A damaged store: one clear message (which file, what to do) instead of a bare 500."""
        if _wants_json(request):
            return _error(503, str(exc))
        return page(request, "error.html", 503, status=503, message=str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        message = "; ".join(_explain(e) for e in exc.errors())
        if _wants_json(request):
            return _error(422, message)
        return page(request, "error.html", 422, status=422, message=message)

    def cached(query, *args, **options):
        """``query(store, ...)``, answered from memory while the store is unchanged."""
        return answers.get((query.__name__, args, tuple(sorted(options.items()))), lambda: query(store, *args, **options))

    app.state.activity = (None, None)
    activity_lock = threading.Lock()

    def activity_index() -> queries.ActivityIndex:
        """The home page's ranking data, rebuilt when the store changes (one build at a time)."""
        version = answers.version() or ("articles", store.count())
        with activity_lock:
            seen, index = app.state.activity
            if index is None or seen != version:
                index = queries.ActivityIndex(store)
                app.state.activity = (version, index)
            return index

    def prepare() -> None:
        try:
            activity_index()
            for row in store.entities(limit=warm):
                cached(queries.entity_detail, row.id)
        except Exception:  # noqa: BLE001 - only a head start: a failure here shows up on the page itself
            pass

    if warm and answers.files:
        threading.Thread(target=prepare, name="khobor-warm", daemon=True).start()

    def variants() -> queries.VariantIndex:
        index = app.state.variants
        if index is None or index.size != store.count("entities"):
            index = app.state.variants = queries.VariantIndex.build(store)
        return index

    def run_search(q: str, page_no: int, per_page: int, date_from: date | None, date_to: date | None,
                   outlet: str | None, entity: str | None, mark: tuple[str, str], loose: bool = False) -> dict[str, Any]:
        """One search, answered from memory while the store is unchanged (people search the same names again)."""
        key = ("search", q, page_no, per_page, date_from, date_to, outlet, entity, mark, loose)
        return answers.get(key, lambda: searched(q, page_no, per_page, date_from, date_to, outlet, entity, mark, loose))

    def searched(q, page_no, per_page, date_from, date_to, outlet, entity, mark, loose) -> dict[str, Any]:
        index = variants()
        spellings = index.other_spellings(q)
        found = queries.search(store, q, limit=per_page, offset=(page_no - 1) * per_page, extra_terms=spellings,
                               date_from=date_from.isoformat() if date_from else None,
                               date_to=date_to.isoformat() if date_to else None, outlet=outlet, entity=entity, mark=mark, loose=loose)
        return {**found, "page": page_no, "per_page": per_page, "also_searched": spellings,
                "entities": index.entities_for(q)}

    # -- corrections: one helper for the four endpoints (the middleware answers 403 without --allow-edits) --
    def edit(name: str, target: str, value: Any) -> dict[str, Any]:
        from khobor.errors import KhoborError

        try:
            with store.writer(timeout=EDIT_WAIT):  # never interleaved with a `khobor run` on the same store
                result = correct(store, name, target, value)
        except StoreBusyError as error:
            raise HTTPException(409, str(error)) from None
        except KhoborError as error:
            raise HTTPException(400, str(error)) from None
        app.state.variants = None  # entity spellings may have changed
        return result

    # -- home: what is happening ---------------------------------------------------
    def home_filters(date_from: str, date_to: str, outlet: str, language: str, entity: str) -> dict[str, str | None]:
        for value in (date_from, date_to):
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise HTTPException(422, "dates must be written YYYY-MM-DD") from None
        return {"date_from": date_from or None, "date_to": date_to or None, "outlet": outlet or None,
                "language": language or None, "entity": entity or None}

    @app.get("/api/home", tags=["stories"])
    def api_home(page: Page = 1, per_page: PerPage = 20, date_from: Annotated[str, Query(max_length=10)] = "",
                 date_to: Annotated[str, Query(max_length=10)] = "", outlet: Annotated[str, Query(max_length=200)] = "",
                 language: Annotated[str, Query(max_length=16)] = "", entity: Annotated[str, Query(max_length=64)] = "",
                 lang: Annotated[str, Query(max_length=2)] = "") -> dict[str, Any]:
        """What is happening: stories ranked by recent activity, with reports per day (``spark``: the last
        30 days, [independent, copies] each), outlets, where and who. ``lang``: the headline's language."""
        filters = home_filters(date_from, date_to, outlet, language, entity)
        return cached(queries.home_items, limit=per_page, offset=(page - 1) * per_page, lang=lang or None,
                      index=activity_index(), **filters)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
             date_from: Annotated[str, Query(max_length=10)] = "", date_to: Annotated[str, Query(max_length=10)] = "",
             outlet: Annotated[str, Query(max_length=200)] = "", language: Annotated[str, Query(max_length=16)] = "",
             entity: Annotated[str, Query(max_length=64)] = ""):
        filters = home_filters(date_from, date_to, outlet, language, entity)
        lang = reader(request)
        found = cached(queries.home_items, limit=20, offset=(page_no - 1) * 20, lang=lang.code, index=activity_index(), **filters)
        for item in found["results"]:
            item["sparkline"] = render.sparkline_svg(item["spark"], lang.t("spark", len(item["spark"])))
        filtered = any(filters.values())
        empty = not found["total"] and not filtered
        kept = {k: v for k, v in filters.items() if v}
        chosen = queries.entity_names(store, [entity]) if entity else {}
        return page(request, "home.html", home=found, page_no=page_no, counts=cached(_counts), f={k: v or "" for k, v in filters.items()},
                    filtered=filtered, newest=date.fromordinal(found["newest"]) if found["newest"] else None,
                    query_base="/?" + "".join(f"{k}={quote(v)}&" for k, v in kept.items()),
                    outlets=cached(queries.outlets), languages=cached(queries.languages),
                    entity_name=chosen.get(entity, {}).get("name", entity),
                    recent=queries.recent_articles(store) if empty else [],
                    entities=queries.entity_list(store, limit=20)["results"] if empty else [])

    # -- stories -------------------------------------------------------------------
    @app.get("/api/stories", tags=["stories"])
    def api_stories(page: Page = 1, per_page: PerPage = 30) -> dict[str, Any]:
        """Stories, most recent activity first, with event counts, originals vs copies and top entities."""
        return cached(queries.story_list, limit=per_page, offset=(page - 1) * per_page)

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def api_story(story_id: Id) -> dict[str, Any]:
        return _found(queries.story_detail(store, story_id), "story", story_id)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: Id):
        lang = reader(request)
        story = _found(queries.story_detail(store, story_id), "story", story_id)
        inline = story["events"][:INLINE_EVENTS]  # side-by-side reports for the first events only: pages stay light
        rows = queries.event_rows(store, [e["id"] for e in inline])
        found = queries.reports_by_event(store, list(rows.values()))
        for n, event in enumerate(story["events"]):
            if n >= INLINE_EVENTS:
                event["reports"] = None
                continue
            reports = found.get(event["id"], [])[:INLINE_REPORTS]
            event["reports"] = list(zip(reports, render.shared_sentences([r["article"] for r in reports])))
        by_event, cast = queries.story_cast(store, story_id)
        people = sorted(cast.values(), key=lambda e: (-e["events"], -e["count"], e["name"]))[:14]
        new = desk.new_in_each(story["events"], by_event)
        for event in story["events"]:
            event["new"] = [cast[i] for i in new.get(event["id"], [])][:6]
        shown = story["events"][:60]
        return page(request, "story.html", title=story["title"] or story_id, story=story,
                    timeline=render.timeline_svg(story["events"], date_text=lambda d: lang.date(d, short=True)),
                    cast=render.cast_svg(shown, by_event, people, lang.t("cast"), lang.date, lang.name),
                    undated=[e for e in story["events"] if not render._day(e["start"])])

    # -- events --------------------------------------------------------------------
    @app.get("/api/events/{event_id}", tags=["events"])
    def api_event(event_id: Id) -> dict[str, Any]:
        event = _found(queries.event_detail(store, event_id), "event", event_id)
        event["reports"] = [{**serialize.article_summary(r["article"]), "copies": [serialize.article_summary(c) for c in r["copies"]]}
                            for r in event["reports"]]
        return event

    @app.post("/api/events/{event_id}/split", tags=["corrections"])
    def api_split_event(event_id: Id, body: SplitEventBody) -> dict[str, Any]:
        """Move some reports of an event into a new event; later runs keep the split."""
        return edit("split_event", event_id, body.article_ids)

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: Id):
        lang = reader(request)
        event = _found(queries.event_detail(store, event_id), "event", event_id)
        reports = event["reports"]
        originals = [r["article"] for r in reports]
        every = originals + [c for r in reports for c in r["copies"]]
        speakers = queries.entity_names(store, [q.speaker_entity_id for a in every for q in a.quotes if q.speaker_entity_id])
        names = queries.entity_rows(store, [m.entity_id for a in every for m in a.mentions], min_articles=queries.MIN_CHIP_ARTICLES)
        found = desk.evidence(every, names)
        main = desk.central_report(originals, lang.code)
        key = queries.top_entities(store, [a.id for a in every], 12, min_articles=queries.MIN_CHIP_ARTICLES)
        by_lang = {code: [r for r in reports if r["article"].language == code] for code in ("bn", "en")}
        if all(by_lang.values()):
            for r in reports:
                r["lead"] = desk.lead(r["article"], 240)
        return page(request, "event.html", title=(main.title if main else None) or event["title"] or event_id, event=event,
                    speakers=speakers, main=main,
                    # copies repeat their original's quotes; a short quote with no speaker is a term in scare quotes
                    quotes=[(a, q) for a in originals for q in a.quotes if q.speaker or len(q.text.split()) >= 4],
                    lead=desk.lead(main) if main else "", why=desk.why_sentence(found, lang),
                    where=[e for e in key if e["type"] in desk.PLACE_TYPES][:3],
                    who=[e for e in key if e["type"] not in desk.PLACE_TYPES][:8],
                    outlets=desk.by_outlet(reports), side=by_lang if all(by_lang.values()) else None,
                    diffs={c.id: desk.word_diff(r["article"], c) for r in reports for c in r["copies"]},
                    copies=sum(len(r["copies"]) for r in reports))

    # -- entities ------------------------------------------------------------------
    @app.get("/api/entities", tags=["entities"])
    def api_entities(page: Page = 1, per_page: PerPage = 50,
                     type: Annotated[str | None, Query(max_length=16)] = None) -> dict[str, Any]:
        return cached(queries.entity_list, type=type, limit=per_page, offset=(page - 1) * per_page)

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    def api_entity(entity_id: Id) -> dict[str, Any]:
        return _found(cached(queries.entity_detail, entity_id), "entity", entity_id)

    @app.post("/api/entities/{entity_id}/merge", tags=["corrections"])
    def api_merge_entities(entity_id: Id, body: MergeBody) -> dict[str, Any]:
        """Make another entity part of this one (kept across re-runs)."""
        return edit("merge_entities", entity_id, body.other_id)

    @app.post("/api/entities/{entity_id}/split", tags=["corrections"])
    def api_split_entity(entity_id: Id, body: SplitEntityBody) -> dict[str, Any]:
        """Move some spellings of an entity to a new entity (kept across re-runs)."""
        return edit("split_entity", entity_id, body.variants)

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(request: Request, page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
                      type: Annotated[str | None, Query(max_length=16)] = None):
        listing = cached(queries.entity_list, type=type, limit=100, offset=(page_no - 1) * 100)
        return page(request, "entities.html", title="Entities", listing=listing, page_no=page_no, type=type)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: Id):
        lang = reader(request)
        entity = _found(cached(queries.entity_detail, entity_id), "entity", entity_id)
        written = dict(entity["written"])
        heading = entity["written"][0][0] if entity["written"] else lang.name(entity)
        spellings = sorted(((v, written.get(v, 0)) for v in dict.fromkeys([entity["name"], *entity["variants"]]) if v != heading),
                           key=lambda vn: -vn[1])
        return page(request, "entity.html", title=heading, entity=entity, heading=heading, spellings=spellings,
                    plot=render.bars_svg(entity["mentions_by_month"]))

    # -- articles ------------------------------------------------------------------
    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(article_id: Id) -> dict[str, Any]:
        return serialize.article_full(_found(store.article(article_id), "article", article_id))

    @app.post("/api/articles/{article_id}/move", tags=["corrections"])
    def api_move(article_id: Id, body: MoveBody) -> dict[str, Any]:
        """Put an article into another event; later runs keep it there."""
        return edit("move_article", article_id, body.event_id)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: Id):
        article = _found(store.article(article_id), "article", article_id)
        entities = queries.article_entities(store, article)
        return page(request, "article.html", title=article.title or article.id, a=article, entities=entities,
                    body=render.article_body(article, entities),
                    original=store.article(article.duplicate_of) if article.duplicate_of else None)

    # -- search --------------------------------------------------------------------
    @app.get("/api/search", tags=["search"])
    def api_search(q: SearchText, page: Page = 1, per_page: PerPage = 20, date_from: date | None = None,
                   date_to: date | None = None, outlet: Outlet = None, entity: EntityId = None,
                   loose: bool = False) -> dict[str, Any]:
        """Full-text search: inflections match, and other spellings of a named entity are searched too.

        ``loose``: also words spelled like the query's (PostgreSQL with pg_trgm), ranked after the spelling
        as written; elsewhere the same as without. Snippets mark matches with [ and ].
        """
        return run_search(q, page, per_page, date_from, date_to, outlet, entity, ("[", "]"), loose)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
                    page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
                    date_from: Annotated[str, Query(max_length=10)] = "", date_to: Annotated[str, Query(max_length=10)] = "",
                    outlet: Annotated[str, Query(max_length=200)] = "", entity: Annotated[str, Query(max_length=64)] = "",
                    loose: bool = False):
        try:  # empty form fields arrive as "", so dates are parsed here rather than by FastAPI
            start = date.fromisoformat(date_from) if date_from else None
            end = date.fromisoformat(date_to) if date_to else None
        except ValueError:
            raise HTTPException(422, "dates must be written YYYY-MM-DD") from None
        per_page = 20
        found = run_search(q, page_no, per_page, start, end, outlet or None, entity or None, MARK, loose) if q.strip() else None
        if found:
            for hit in found["results"]:
                hit["snippet"] = render.mark_snippet(hit["snippet"], *MARK)
        pages = -(-found["total"] // per_page) if found else 0
        chosen = queries.entity_names(store, [entity]) if entity else {}
        return page(request, "search.html", title=f"Search: {q}" if q else "Search", q=q, found=found, page_no=page_no,
                    pages=pages, date_from=date_from, date_to=date_to, outlet=outlet, entity=entity, loose=loose,
                    loose_works=not store.is_sqlite,
                    entity_name=chosen.get(entity, {}).get("name", entity), outlets=cached(queries.outlets),
                    also=queries.entity_names(store, found["entities"]) if found else {})

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI from the vendored copy in static/swagger-ui (no CDN, no inline script)."""
        return HTMLResponse(DOCS_PAGE)

    return app


def app_from_env() -> FastAPI:
    """The app for one of several worker processes: read-only, settings from $KHOBOR_SERVE_CONFIG (JSON)."""
    raw = os.environ.get(CONFIG_ENV)
    if not raw:
        raise RuntimeError(f"${CONFIG_ENV} is not set: start the server with `khobor serve --workers N`")
    config = json.loads(raw)
    return create_app(config["db"], hosts=tuple(config.get("hosts", ())), warm=WARM_ENTITIES)


# -- helpers -----------------------------------------------------------------

DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>khobor API</title>
<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
<link rel="icon" href="/static/swagger-ui/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body></html>
"""


def _write_refusal(request: Request, allow_edits: bool, token: str | None, hosts: set[str]) -> tuple[int, str] | None:
    """Why a write request is refused (status, message), or None when it may go ahead."""
    if not allow_edits:
        return 403, "this server is read-only: start it with --allow-edits to change anything"
    host = _host_name(request.headers.get("host", "")).lower()
    if host not in hosts and "*" not in hosts:  # "*": bound to every address; the token is the guard
        return 403, f"unexpected Host {host or '(none)'!r}: edits are only taken on an address this server was started for"
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        return 403, "a request from another site cannot make edits"
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return 403, "a request from another site cannot make edits"
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not token or not hmac.compare_digest(value.strip().encode(), token.encode()):
        return 401, "edits need the token printed by `khobor serve --allow-edits` (header Authorization: Bearer TOKEN)"
    return None


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def _explain(error: dict[str, Any]) -> str:
    where = ".".join(str(x) for x in error.get("loc", ()) if x not in ("query", "path", "body"))
    message = error.get("msg", "invalid value")
    if error.get("type") == "string_too_long":
        message = f"too long: at most {error['ctx']['max_length']} characters (got {len(str(error.get('input', '')))})"
    elif error.get("type") == "greater_than_equal":
        message = f"must be {error['ctx']['ge']} or more (got {error.get('input')})"
    return f"{where}: {message}" if where else message


def _counts(store: Store) -> dict[str, int]:
    counts = {what: store.count(what) for what in ("articles", "events", "stories", "entities")}
    counts["duplicates"] = store.count(where=queries.A.c.duplicate_of.is_not(None))
    return counts


def _found(value, what: str, key: str):
    if value is None:
        raise HTTPException(404, f"no {what} with id {key!r}")
    return value


