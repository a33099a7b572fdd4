"""HTML fragments built in Python: an annotated article body, SVG plots, shared sentences.

Every piece of news text passes through ``markupsafe.escape`` before it is
wrapped in markup, so the result can be marked safe for the templates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

import regex
from markupsafe import Markup, escape

from khobor.model import Article
from khobor.store.terms import words

SENTENCE_END = regex.compile(r"(?<=[।?!])\s+|\n+")
WORD_REST = regex.compile(r"[\p{L}\p{M}\p{N}]*")


def _whole_words(body: str, end: int) -> int:
    """Move a span's end to the end of its word, so a vowel sign is never cut from its letter."""
    return WORD_REST.match(body, end).end() if 0 < end < len(body) else end


def mark_snippet(text: str, open_mark: str, close_mark: str) -> Markup:
    """Escape a search snippet, then turn the private match marks into <mark> tags."""
    return Markup(str(escape(text)).replace(open_mark, "<mark>").replace(close_mark, "</mark>"))


def _spans(article: Article, entities: dict[str, dict[str, Any]]) -> list[tuple[int, int, str, str]]:
    """(start, end, opening tag, closing tag) for mentions and times, overlaps dropped."""
    found = []
    for m in article.mentions:
        entity = entities.get(m.entity_id or "")
        label = escape(f"{entity['name']} · {m.type}" if entity else m.type)
        if entity:
            opening = f'<a class="ent ent-{escape(m.type)}" href="/entities/{escape(m.entity_id)}" title="{label}">'
            found.append((m.start, m.end, opening, "</a>"))
        else:
            found.append((m.start, m.end, f'<span class="ent ent-{escape(m.type)}" title="{label}">', "</span>"))
    for x in article.times:
        title = escape(f"{x.value}" + (f" (from {x.anchor})" if x.anchor else "") if x.value else "unresolved")
        found.append((x.start, x.end, f'<span class="time" title="{title}" data-value="{escape(x.value or "")}">', "</span>"))
    found = [(s, _whole_words(article.body, e), o, c) for s, e, o, c in found]
    found.sort(key=lambda s: (s[0], -s[1]))
    kept, last = [], -1
    for span in found:
        if span[0] >= last and span[1] > span[0]:
            kept.append(span)
            last = span[1]
    return kept


def article_body(article: Article, entities: dict[str, dict[str, Any]]) -> Markup:
    """The body as <p> paragraphs with entities linked and time expressions underlined."""
    body = article.body
    spans = _spans(article, entities)
    out = []
    for para in regex.finditer(r"[^\n]+", body):
        start, end = para.span()
        if not para.group().strip():
            continue
        pieces, cursor = [], start
        for s, e, opening, closing in spans:
            if s < start or e > end:
                continue
            pieces.append(str(escape(body[cursor:s])))
            pieces.append(opening + str(escape(body[s:e])) + closing)
            cursor = e
        pieces.append(str(escape(body[cursor:end])))
        out.append(f'<p lang="{escape(article.language or "bn")}">' + "".join(pieces) + "</p>")
    return Markup("\n".join(out))


# -- sentences shared between reports ----------------------------------------

def sentences(article: Article) -> list[str]:
    if article.sentences:
        return [article.body[s:e].strip() for s, e in article.sentences if article.body[s:e].strip()]
    return [s.strip() for s in SENTENCE_END.split(article.body) if s.strip()]


def shared_sentences(articles: list[Article], threshold: float = 0.7) -> list[list[tuple[str, bool]]]:
    """For each article, its sentences each flagged True when another report has nearly the same one.

    Nearly the same: at least ``threshold`` of the longer sentence's words are in the other.
    Sentences of other reports are found through the words they share (an inverted index), not by
    comparing every pair: a story page does this for dozens of events.
    """
    split = [[(s, set(words(s))) for s in sentences(a)] for a in articles]
    holders: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, mine in enumerate(split):
        for k, (_, bag) in enumerate(mine):
            if len(bag) >= 3:
                for w in bag:
                    holders[w].append((i, k))
    out = []
    for i, mine in enumerate(split):
        flags = []
        for text, bag in mine:
            common = Counter(x for w in bag for x in holders[w] if x[0] != i) if len(bag) >= 3 else Counter()
            flags.append((text, any(n / max(len(bag), len(split[j][k][1])) >= threshold for (j, k), n in common.items())))
        out.append(flags)
    return out


# -- plots -------------------------------------------------------------------

def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def timeline_svg(events: list[dict[str, Any]], width: int = 900, row: int = 26, date_text=None) -> Markup:
    """One row per dated event, a dot (or a bar for a span) at its date on a shared axis.

    ``date_text``: how a date is written (the page's language); ISO by default."""
    show = date_text or (lambda d: d.isoformat())
    dated = [(e, _day(e.get("start")), _day(e.get("end")) or _day(e.get("start"))) for e in events]
    dated = [(e, s, max(s, f)) for e, s, f in dated if s]
    if not dated:
        return Markup("")
    first = min(s for _, s, _ in dated)
    last = max(f for _, _, f in dated)
    days = max(1, (last - first).days)
    left, right, top = 110, 20, 30
    plot = width - left - right
    height = top + row * len(dated) + 10
    x = lambda d: left + plot * (d - first).days / days  # noqa: E731
    parts = [f'<svg class="timeline" role="group" aria-label="timeline of events" viewBox="0 0 {width} {height}" '
             f'width="100%" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{left}" y1="{top - 8}" x2="{width - right}" y2="{top - 8}" class="axis"/>',
             f'<text x="{left}" y="{top - 14}" class="tick">{escape(show(first))}</text>',
             f'<text x="{width - right}" y="{top - 14}" class="tick" text-anchor="end">{escape(show(last))}</text>']
    for i, (event, start, end) in enumerate(dated):
        y = top + row * i + row / 2
        title = escape(event.get("title") or event["id"])
        parts.append(f'<a href="/events/{escape(event["id"])}" class="tl-event" data-start="{start.isoformat()}">')
        parts.append(f'<title>{escape(show(start))} · {title}</title>')
        parts.append(f'<text x="{left - 8}" y="{y + 4}" class="tick" text-anchor="end">{escape(show(start))}</text>')
        if end > start:
            parts.append(f'<rect x="{x(start):.1f}" y="{y - 5}" width="{max(4.0, x(end) - x(start)):.1f}" height="10" rx="5" class="span"/>')
        else:
            parts.append(f'<circle cx="{x(start):.1f}" cy="{y}" r="6" class="dot"/>')
        anchor = "end" if x(start) > left + plot * 0.6 else "start"
        offset = -12 if anchor == "end" else 12
        short = escape(_clip(event.get("title") or event["id"], 60))
        parts.append(f'<text x="{x(start) + offset:.1f}" y="{y + 4}" class="label" lang="bn" text-anchor="{anchor}">{short}</text>')
        parts.append("</a>")
    parts.append("</svg>")
    return Markup("".join(parts))


def bars_svg(counts: list[tuple[str, int]], width: int = 640, height: int = 160) -> Markup:
    """A bar per month (YYYY-MM), months without mentions shown as gaps."""
    if not counts:
        return Markup("")
    months = _month_range(counts[0][0], counts[-1][0])
    values = dict(counts)
    peak = max(values.values())
    left, bottom, top = 30, 24, 10
    step = min(48.0, (width - left - 10) / len(months))
    parts = [f'<svg class="bars" role="img" aria-label="mentions per month" viewBox="0 0 {width} {height}" width="100%" '
             'xmlns="http://www.w3.org/2000/svg">',
             f'<text x="4" y="{top + 8}" class="tick">{peak}</text>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" class="axis"/>']
    for i, month in enumerate(months):
        n = values.get(month, 0)
        h = (height - bottom - top) * n / peak
        bx = left + i * step
        parts.append(f'<rect x="{bx + 1:.1f}" y="{height - bottom - h:.1f}" width="{max(1.0, step - 2):.1f}" height="{h:.1f}" '
                     f'class="bar" data-month="{month}" data-count="{n}"><title>{month}: {n}</title></rect>')
    for i in sorted({0, len(months) - 1}):
        anchor = "start" if i == 0 else "end"
        tx = left + i * step + (0 if i == 0 else step)
        parts.append(f'<text x="{tx:.1f}" y="{height - 6}" class="tick" text-anchor="{anchor}">{months[i]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _month_range(first: str, last: str) -> list[str]:
    try:
        y, m = int(first[:4]), int(first[5:7])
        end = (int(last[:4]), int(last[5:7]))
    except ValueError:
        return [first]
    out = []
    while (y, m) <= end and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def sparkline_svg(counts: list[tuple[int, int]], label: str, width: int = 150, height: int = 32) -> Markup:
    """Reports per day as small bars: independent reports dark, copies stacked light above them."""
    if not counts or not any(o + c for o, c in counts):
        return Markup("")
    peak = max(o + c for o, c in counts)
    step = width / len(counts)
    parts = [f'<svg class="spark" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>',
             f'<line x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}" class="axis"/>']
    for i, (o, c) in enumerate(counts):
        if not o + c:
            continue
        ho, hc = (height - 2) * o / peak, (height - 2) * c / peak
        x = i * step + 0.5
        w = max(1.0, step - 1)
        if o:
            parts.append(f'<rect x="{x:.1f}" y="{height - 1 - ho:.1f}" width="{w:.1f}" height="{ho:.1f}" class="bar" data-n="{o}"/>')
        if c:
            parts.append(f'<rect x="{x:.1f}" y="{height - 1 - ho - hc:.1f}" width="{w:.1f}" height="{hc:.1f}" class="bar-copy" data-n="{c}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def cast_svg(events: list[dict[str, Any]], by_event: dict[str, list[str]], people: list[dict[str, Any]],
             label: str, date_text, name=lambda e: e["name"], width: int = 900, row: int = 24) -> Markup:
    """A grid: one row per person or place, one column per event in time, a dot where the event names them."""
    if not events or not people:
        return Markup("")
    left, top = 190, 40
    step = min(40.0, (width - left - 20) / len(events))
    height = top + row * len(people) + 8
    width = int(left + step * len(events) + 20)
    parts = [f'<svg class="cast" role="group" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" width="{width}" '
             f'style="max-width:100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>']
    for j, e in enumerate(events):
        x = left + step * j + step / 2
        parts.append(f'<a href="/events/{escape(e["id"])}"><title>{escape(date_text(e.get("start")))} · '
                     f'{escape(e.get("title") or e["id"])}</title><text x="{x:.1f}" y="{top - 10}" class="tick" '
                     f'text-anchor="middle">{j + 1}</text></a>')
    for i, p in enumerate(people):
        y = top + row * i + row / 2
        kind = "place" if p["type"] in ("LOC", "GPE") else "person"
        parts.append(f'<line x1="{left}" y1="{y}" x2="{left + step * len(events)}" y2="{y}" class="grid"/>')
        parts.append(f'<a href="/entities/{escape(p["id"])}"><text x="{left - 8}" y="{y + 4}" class="label" '
                     f'text-anchor="end" lang="bn">{escape(_clip(name(p), 26))}</text></a>')
        for j, e in enumerate(events):
            if p["id"] in by_event.get(e["id"], ()):
                x = left + step * j + step / 2
                parts.append(f'<circle cx="{x:.1f}" cy="{y}" r="{min(7.0, step / 3):.1f}" class="dot {kind}" '
                             f'data-entity="{escape(p["id"])}" data-event="{escape(e["id"])}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
