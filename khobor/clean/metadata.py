"""Metadata from labelled lines: title, publication date, dateline, agencies, byline, outlet.

Order of trust: structured fields of the RawDoc (title, date, url, outlet),
then HTML metadata, then stamped lines ("প্রকাশ: ...", "আপডেট: ..."), then
the wire dateline ("ঢাকা, ১২ জুলাই, ২০২৫ (বাসস) :"), then any other dated
header line. ``published_how`` says which one won.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo
from functools import cache

import regex

from khobor.clean.boilerplate import Line
from khobor.lang.bn.text import TOKEN, normalize
from khobor.lang.bn import news_words as words
from khobor.lang.bn.dates import BnDate, find_dates

_WORD = TOKEN  # the one word pattern (khobor.lang.bn.text)


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    title_how: str | None = None
    published_at: str | None = None
    published_how: str | None = None
    updated_at: str | None = None
    dateline: str | None = None
    agencies: list[str] = field(default_factory=list)
    byline: str | None = None
    outlet: str | None = None


@cache
def _compiled() -> dict[str, object]:
    def alternation(forms):
        return "|".join(sorted({regex.escape(normalize(f)) for f in forms}, key=len, reverse=True))

    return {
        # ঢাকা, ১২ জুলাই, ২০২৫ (বাসস) :   |   মস্কো, ১২ জুলাই (এএফপি) —   |   ওয়াশিংটন (রয়টার্স) :
        "dateline": regex.compile(
            r"^(?P<place>[\p{L}\p{M}][\p{L}\p{M} .]{1,30}?)\s*"
            r"(?:,\s*(?P<date>[^():।\n]{3,40}?)\s*)?"
            r"(?:\((?P<agency>[^()\n]{2,40})\)\s*)?"
            r"(?P<sep>[:：]|[-–—]{1,2})\s*"),
        "update_label": regex.compile(r"^\s*(?:" + alternation(words.UPDATE_LABELS) + ")", regex.I),
        "paren": regex.compile(r"\s*\([^()]*\)\s*"),
    }


def find_agencies(text: str, tokens: list[str] | None = None) -> list[str]:
    """Canonical names of news agencies credited in ``text``, in order of first mention.

    One pass over the tokens with dictionary lookups (inflected forms are
    precomputed), because this runs over every body: the alternation regex
    was the slowest step of clean. Ambiguous short forms ("তাস") count only
    with a credit word in the next few tokens or after "বার্তা সংস্থা".
    """
    lookup, ambiguous, credit, sizes = _agency_lookup()
    tokens = _WORD.findall(text) if tokens is None else tokens
    seen: list[str] = []
    for i, token in enumerate(tokens):
        if token not in sizes:
            continue
        for size in sizes[token]:
            surface = " ".join(tokens[i:i + size]) if size > 1 else token
            name = lookup.get(surface)
            if name is None:
                continue
            if surface in ambiguous:
                window = " ".join(tokens[i + size:i + size + 5])
                before = " ".join(tokens[max(0, i - 2):i])
                if not (any(w in window for w in credit) or "সংস্থা" in before):
                    break
            if name not in seen:
                seen.append(name)
            break
    return seen


@cache
def _agency_lookup() -> tuple[dict[str, str], dict[str, set[str]], tuple[str, ...], dict[str, list[int]]]:
    lookup: dict[str, str] = {}
    ambiguous: dict[str, set[str]] = {}
    for canon, forms in words.AGENCIES.items():
        for form in forms:
            base = " ".join(_WORD.findall(normalize(form)))
            for suffix in words.AGENCY_SUFFIXES:
                surface = base + normalize(suffix).strip("-'’")
                lookup[surface] = normalize(canon)
                if form in words.AMBIGUOUS_AGENCY_FORMS:
                    ambiguous.setdefault(surface, set()).add(normalize(canon))
    credit = tuple(normalize(w) for w in words.CREDIT_WORDS)
    sizes: dict[str, set[int]] = {}
    for surface in lookup:  # first token -> lengths (in tokens) of forms starting with it
        parts = surface.split()
        sizes.setdefault(parts[0], set()).add(len(parts))
    return lookup, ambiguous, credit, {k: sorted(v, reverse=True) for k, v in sizes.items()}


def find_outlets(text: str) -> list[str]:
    """Canonical outlet names mentioned in ``text`` (inflected: "মস্কো টাইমসের"), in order."""
    lookup, sizes = _outlet_lookup()
    tokens = [t.casefold() for t in _WORD.findall(text)]
    found: list[str] = []
    for i, token in enumerate(tokens):
        for size in sizes.get(token, ()):
            name = lookup.get(" ".join(tokens[i:i + size]))
            if name:
                found.append(name)
                break
    return found


@cache
def _outlet_lookup() -> tuple[dict[str, str], dict[str, list[int]]]:
    lookup: dict[str, str] = {}
    for canon, forms in words.OUTLETS.items():
        for form in forms:
            base = " ".join(_WORD.findall(normalize(form).casefold()))
            for suffix in words.AGENCY_SUFFIXES:
                lookup[base + normalize(suffix).strip("-'’")] = normalize(canon)
    sizes: dict[str, set[int]] = {}
    for surface in lookup:
        parts = surface.split()
        sizes.setdefault(parts[0], set()).add(len(parts))
    return lookup, {k: sorted(v, reverse=True) for k, v in sizes.items()}


def parse_dateline(line: str, *, reference=None, tz: str = "Asia/Dhaka") -> tuple[str, BnDate | None, str | None] | None:
    """(place, date, agency) when ``line`` opens with a dateline; else None.

    A dateline needs a date or an agency in parentheses, so that an ordinary
    "তিনি বলেন: ..." is not mistaken for one.
    """
    m = _compiled()["dateline"].match(line)
    if not m or not (m["date"] or m["agency"]):
        return None
    date = None
    if m["date"]:
        dates = find_dates(m["date"], reference=reference, tz=tz, normalized=True)
        if not dates:
            return None
        date = dates[0]
    place = m["place"].strip(" ,.")
    if len(place.split()) > 3:
        return None
    agency = None
    if m["agency"]:
        found = find_agencies(m["agency"])
        agency = found[0] if found else m["agency"].strip()
    return place, date, agency


def _parse_field_date(value: str, tz: str, reference) -> str | None:
    """A structured date: ISO 8601 or RFC 2822 (feeds) keep their own offset; else Bengali rules, else dateparser."""
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is not None:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=ZoneInfo(tz))
        return parsed.isoformat()
    dates = find_dates(value, reference=reference, tz=tz)
    if dates:
        return dates[0].isoformat()
    return parse_with_dateparser(value, tz)


def parse_with_dateparser(value: str, tz: str) -> str | None:
    """Fallback for forms our rules do not know; dateparser is slow, so only here."""
    import dateparser

    parsed = dateparser.parse(value, languages=["bn", "en"],
                              settings={"TIMEZONE": tz, "RETURN_AS_TIMEZONE_AWARE": True})
    return parsed.isoformat() if parsed else None


_URL_DATE = regex.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)(?P<sep>[/_-]?)(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])")


def date_from_url(url: str, tz: str = "Asia/Dhaka") -> str | None:
    """The publication day many outlets put in the path (/2025/12/08/, /2025-12-08-, /20251208/), or None.

    Only the path counts (a query's numbers are ids and widgets), and only a real calendar day
    not in the future of the present year."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1].partition("/")[2]
    for match in _URL_DATE.finditer(path):
        if not match["sep"] and (len(match["m"]) != 2 or len(match["d"]) != 2):
            continue  # 8 digits only as yyyymmdd
        try:
            day = datetime(int(match["y"]), int(match["m"]), int(match["d"]), tzinfo=ZoneInfo(tz))
        except ValueError:
            continue
        if day.year <= datetime.now(ZoneInfo(tz)).year:
            return day.isoformat()
    return None


def extract_metadata(lines: list[Line], fields: dict[str, str], *, html_meta: dict | None = None,
                     reference: datetime | str | None = None, tz: str = "Asia/Dhaka",
                     body_tokens: list[str] | None = None) -> Metadata:
    """Fill Metadata from labelled lines, given fields and optional HTML metadata.

    ``body_tokens``: the body already tokenized by the caller (saves a pass).
    """
    html_meta = html_meta or {}
    meta = Metadata()
    c = _compiled()

    # Title
    title_lines = [ln.text for ln in lines if ln.label == "title"]
    if fields.get("title"):
        meta.title, meta.title_how = normalize(fields["title"]).strip(), "field"
    elif html_meta.get("title"):
        meta.title, meta.title_how = normalize(html_meta["title"]).strip(), "html"
    elif title_lines:
        meta.title, meta.title_how = title_lines[0], "line"

    # Publication date
    header = [ln for ln in lines if ln.label == "meta"]
    body = [ln for ln in lines if ln.label == "body"]
    if fields.get("date"):
        meta.published_at = _parse_field_date(normalize(fields["date"]), tz, reference)
        meta.published_how = "field" if meta.published_at else None
    if not meta.published_at and html_meta.get("date"):
        meta.published_at = _parse_field_date(html_meta["date"], tz, reference)
        meta.published_how = "html" if meta.published_at else None
    for ln in header:
        if ln.reason not in ("date stamp", "date line"):
            continue
        dates = find_dates(ln.text, reference=reference, tz=tz, normalized=True)
        if not dates:
            continue
        if c["update_label"].match(ln.text):
            meta.updated_at = meta.updated_at or dates[0].isoformat()
        elif not meta.published_at:
            meta.published_at, meta.published_how = dates[0].isoformat(), "line"
    if body:
        found = parse_dateline(body[0].text, reference=reference, tz=tz)
        if found:
            place, date, agency = found
            meta.dateline = place
            if date and not meta.published_at:
                meta.published_at, meta.published_how = date.isoformat(), "dateline"
    if not meta.published_at:
        meta.published_at = date_from_url(fields.get("url") or html_meta.get("url") or "", tz)
        meta.published_how = "url" if meta.published_at else None
    if not meta.published_at and meta.updated_at:
        meta.published_at, meta.published_how = meta.updated_at, "update line"

    # Byline and agencies: credited in byline lines and in the body.
    bylines = [ln.text for ln in header if ln.reason == "byline"]
    if bylines:
        name = c["paren"].sub(" ", bylines[0]).strip(" ,;:-–—")
        meta.byline = name or bylines[0]
    elif html_meta.get("author"):
        meta.byline = normalize(html_meta["author"])
    credited = " \n".join(bylines + [ln.text for ln in header if ln.reason in ("outlet/agency name", "source credit")])
    if body_tokens is None:
        body_tokens = _WORD.findall(" \n".join(ln.text for ln in body))
    meta.agencies = find_agencies(credited, _WORD.findall(credited) + ["\n"] + body_tokens)

    # Outlet: given field, HTML site name, a header name line, or a name in the removed furniture.
    if fields.get("outlet"):
        meta.outlet = normalize(fields["outlet"])
    elif html_meta.get("sitename"):
        meta.outlet = normalize(html_meta["sitename"])
    else:
        names = [ln.text for ln in header if ln.reason == "outlet/agency name"]
        furniture = " \n".join(ln.text for ln in lines if ln.label == "boilerplate")
        candidates = find_outlets(" \n".join(names)) or find_outlets(furniture)
        meta.outlet = candidates[0] if candidates else None
    return meta
