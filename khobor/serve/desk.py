"""What an editor reads off an event or a story: its central report, why the reports go together,
what a copy changed, what is new in each event. Pure functions over articles; no store access.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from typing import Any

import regex

from khobor.model import Article
from khobor.serve.i18n import Lang
from khobor.serve.queries import central_title

NUMBER = regex.compile(r"\d[\d,.]*\d|\d")
ASCII = str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789")
LEAD_CHARS = 600  # what a reader takes in first: numbers and dates shared there are the evidence that counts
PLACE_TYPES = ("LOC", "GPE")


def central_report(articles: list[Article], prefer: str | None = None) -> Article | None:
    """The report whose title shares most words with the others' (in the page's language when there is one)."""
    title = central_title([(a.title, a.language) for a in articles], prefer)
    return next((a for a in articles if a.title == title), articles[0] if articles else None)


def lead(article: Article, limit: int = 320) -> str:
    """The opening sentences, up to about ``limit`` characters."""
    from khobor.serve.render import sentences

    out = ""
    for s in sentences(article):
        if out and len(out) + len(s) > limit:
            break
        out = f"{out} {s}".strip()
    return out if len(out) <= limit + 200 else out[:limit].rsplit(" ", 1)[0] + "…"


def by_outlet(reports: list[dict[str, Any]]) -> list[tuple[str | None, list[dict[str, Any]]]]:
    """Reports grouped by their outlet, the outlet with most reports first."""
    groups: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for r in reports:
        groups[r["article"].outlet].append(r)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0] is None, kv[0] or ""))


def word_diff(original: Article, copy: Article, limit: int = 8, width: int = 12) -> list[dict[str, str]]:
    """What a copy changed, as up to ``limit`` (removed, added) word runs; [] when word for word the same."""
    a = f"{original.title or ''}\n{original.body}".split()[:4000]
    b = f"{copy.title or ''}\n{copy.body}".split()[:4000]
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        out.append({"removed": _clip_words(a[i1:i2], width), "added": _clip_words(b[j1:j2], width),
                    "before": " ".join(a[max(0, i1 - 3):i1])})
        if len(out) == limit:
            break
    return out


def _clip_words(ws: list[str], width: int) -> str:
    return " ".join(ws[:width]) + (" …" if len(ws) > width else "")


def numbers(article: Article) -> set[str]:
    """Figures in the title and lead that can tell a happening apart (not years, not single digits)."""
    found = set()
    for n in NUMBER.findall(f"{article.title or ''} {article.body[:LEAD_CHARS]}".translate(ASCII)):
        value = n.replace(",", "").rstrip(".")
        if len(value) < 2 or (len(value) == 4 and value.isdigit() and 1900 <= int(value) <= 2100):
            continue
        found.add(value)
    return found


def evidence(articles: list[Article], names: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What at least two independent reports have in common: names, places, figures, dates."""
    originals = [a for a in articles if not a.duplicate_of] or articles
    entity_in, number_in, date_in = Counter(), Counter(), Counter()
    for a in originals:
        entity_in.update({m.entity_id for m in a.mentions if m.entity_id in names})
        number_in.update(numbers(a))
        date_in.update({x.value[:10] for x in a.times if x.value and len(x.value) >= 10 and x.value[4] == "-"})
    shared = lambda counts: [k for k, n in sorted(counts.items(), key=lambda kn: (-kn[1], kn[0])) if n >= 2]  # noqa: E731
    entities = [names[k] for k in shared(entity_in)]
    return {"reports": len(originals), "outlets": len({a.outlet for a in originals if a.outlet}),
            "names": [e for e in entities if e["type"] not in PLACE_TYPES][:4],
            "places": [e for e in entities if e["type"] in PLACE_TYPES][:3],
            "numbers": shared(number_in)[:4], "dates": shared(date_in)[:3]}


def why_sentence(found: dict[str, Any], lang: Lang) -> str:
    """One sentence of plain words: why these reports are one event."""
    if found["reports"] < 2:
        return ("Only one independent report so far." if lang.code == "en" else "এখন পর্যন্ত একটিই স্বতন্ত্র খবর।")
    parts = []
    name = lang.name
    if lang.code == "en":
        if found["names"]:
            parts.append("name " + _and([name(e) for e in found["names"]], "and"))
        if found["places"]:
            parts.append("are set in " + _and([name(e) for e in found["places"]], "and"))
        if found["numbers"]:
            parts.append("give the figure" + ("s " if len(found["numbers"]) > 1 else " ") + _and(found["numbers"], "and"))
        if found["dates"]:
            parts.append("refer to " + _and([lang.date(d) for d in found["dates"]], "and"))
        who = f"{found['reports']} independent reports from {found['outlets']} outlet{'s' if found['outlets'] != 1 else ''}"
        if not parts:
            return f"{who} were grouped by the words they share, told close together in time."
        return f"{who.capitalize()} {_and(parts, 'and')}."
    if found["names"]:
        parts.append("একই নাম (" + ", ".join(name(e) for e in found["names"]) + ")")
    if found["places"]:
        parts.append("একই স্থান (" + ", ".join(name(e) for e in found["places"]) + ")")
    if found["numbers"]:
        parts.append("একই সংখ্যা (" + ", ".join(lang.num(n) for n in found["numbers"]) + ")")
    if found["dates"]:
        parts.append("একই তারিখ (" + ", ".join(lang.date(d) for d in found["dates"]) + ")")
    who = f"{lang.num(found['outlets'])}টি সংবাদমাধ্যমের {lang.num(found['reports'])}টি স্বতন্ত্র খবরে"
    if not parts:
        return f"{who} একই শব্দ আছে, আর খবরগুলো কাছাকাছি সময়ের।"
    return f"{who} " + _and(parts, "ও") + " আছে।"


def _and(items: list[str], word: str) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def new_in_each(events: list[dict[str, Any]], entities_by_event: dict[str, list[str]]) -> dict[str, list[str]]:
    """For events in time order: the entity ids that first appear in each one."""
    seen: set[str] = set()
    out = {}
    for e in events:
        ids = entities_by_event.get(e["id"], [])
        out[e["id"]] = [i for i in ids if i not in seen]
        seen.update(ids)
    return out
