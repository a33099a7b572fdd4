"""Clean: RawDoc -> Article (normalized text, boilerplate set aside, metadata).

``clean(raw)`` works the same for plain text and HTML (``content_type``
"text/html" goes through trafilatura first). Nothing is dropped silently:

- ``Article.body``: body lines, one paragraph each, joined with a blank line;
- ``Article.boilerplate``: every other line except the title, in page order
  (metadata lines such as "প্রকাশ: ...", bylines, photo captions, furniture);
- ``extras["removed"]``: for each boilerplate entry, its line number, label
  ("meta", "caption", "boilerplate") and the rule that removed it;
- ``extras["captions"]``: the caption lines again, for display next to photos;
- ``extras["title_how"]``: "field", "html", "line" or "lead" (first sentence
  of the body when the text has no title line); ``extras["updated_at"]``.
"""

from __future__ import annotations

import regex

from khobor.clean.boilerplate import Line, LineStats, classify_lines, normalized_text, others_only, repeated_tail
from khobor.clean.metadata import extract_metadata
from khobor.clean.mt_score import mt_score
# (imported through the submodule so that the name stays this function once khobor.clean.normalize is loaded)
from khobor.clean.normalize import normalize
from khobor.lang.bn.text import TOKEN
from khobor.model import Article, RawDoc

__all__ = ["clean", "clean_words", "LineStats", "normalize"]

_TOKEN = TOKEN  # the one word pattern (khobor.lang.bn.text)


_FIRST_SENTENCE = regex.compile(r"^.{10,160}?[।?!](?=\s|$)")


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _without_appended_stories(lines: list[Line], outlet: str | None, line_stats: LineStats | None,
                               title: str | None) -> list[Line]:
    """A body line whose end is stories the outlet appends to its pages (sentences found in its other articles) is
    cut there; the cut part is listed with the removed lines. A line of such stories only, that does not tell the
    headline's story, goes whole."""
    out = []
    for ln in lines:
        if ln.label != "body":
            out.append(ln)
        elif others_only(ln.text, title, outlet, line_stats):
            out.append(Line(ln.index, ln.text, "boilerplate", "other pages' stories (not the headline's)"))
        elif at := repeated_tail(ln.text, outlet, line_stats):
            out += [Line(ln.index, ln.text[:at].rstrip(), "body", ln.reason),
                    Line(ln.index, ln.text[at:], "boilerplate", "stories the outlet appends (found in its other articles)")]
        else:
            out.append(ln)
    return out


def clean(raw: RawDoc, *, line_stats: LineStats | None = None, tz: str = "Asia/Dhaka") -> Article:
    """Turn one RawDoc into an Article; ``line_stats`` adds cross-article repetition."""
    return clean_words(raw, line_stats=line_stats, tz=tz)[0]


def clean_words(raw: RawDoc, *, line_stats: LineStats | None = None, tz: str = "Asia/Dhaka") -> tuple[Article, str]:
    """``clean``, and the words it found in the body (``TOKEN.findall(body)``, joined by spaces): ingest hands them
    to the search index with the article (``Store.add_articles(words=...)``), which then need not find them again
    (0.38 -> 0.21 CPU-s a dev run)."""
    html_meta: dict[str, str] | None = None
    text = raw.text
    if raw.content_type == "text/html":
        from khobor.clean.html import extract_html

        text, html_meta = extract_html(raw.text, url=raw.fields.get("url") or raw.source)
    text = normalized_text(text)  # (the text LineStats.partial_fit just counted is normalized once)
    title_hint = raw.fields.get("title") or (html_meta or {}).get("title")
    lines = classify_lines(text, outlet=raw.fields.get("outlet"), line_stats=line_stats,
                           title=normalize(title_hint) if title_hint else None,
                           extracted=raw.content_type == "text/html")
    lines = _without_appended_stories(lines, raw.fields.get("outlet"), line_stats, title_hint)
    body = "\n\n".join(ln.text for ln in lines if ln.label == "body")
    tokens = _TOKEN.findall(body)
    meta = extract_metadata(lines, raw.fields, html_meta=html_meta, reference=raw.fetched_at, tz=tz, body_tokens=tokens)
    removed = [ln for ln in lines if ln.label != "body" and not (ln.label == "title" and ln.text == meta.title)]
    title, title_how = meta.title, meta.title_how
    if not title and body:
        lead = _FIRST_SENTENCE.match(body)
        title, title_how = (lead.group(0) if lead else _shorten(body.split("\n", 1)[0])), "lead"
    score, signals = mt_score(body, tokens)
    extras = {
        "removed": [{"line": ln.index, "label": ln.label, "reason": ln.reason} for ln in removed],
        "captions": [ln.text for ln in removed if ln.label == "caption"],
        "title_how": title_how,
    }
    if meta.updated_at:
        extras["updated_at"] = meta.updated_at
    article = Article(
        id=raw.id,
        source=raw.source,
        body=body,
        title=title,
        outlet=meta.outlet,
        url=raw.fields.get("url") or (html_meta or {}).get("url"),
        published_at=meta.published_at,
        published_how=meta.published_how,
        dateline=meta.dateline,
        agencies=meta.agencies,
        byline=meta.byline,
        boilerplate=[ln.text for ln in removed],
        mt_score=score,
        mt_signals=signals,
        extras=extras,
    )
    return article, " ".join(tokens)
