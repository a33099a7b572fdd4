"""Employers: the body a report names next to a person's office ("কৃষি সম্প্রসারণ অধিদপ্তরের উপপরিচালক মোস্তাফিজুর
রহমান", "থানার ওসি ...", "general manager of ... Krishi Bank"). Officials who share a common name are told apart by it:
two reports name one person only if the bodies they give agree, when both give one.

Agree: one body's words within the other's (বিএনপি / নিয়ামতপুর উপজেলা বিএনপি, a department and its office), an
acronym and its long name, across scripts a word of their own romanized alike (Krishi Bank / কৃষি ব্যাংক); a ministry,
a government or a court agrees with any (an adviser holds several). A place named just before the body (বগুড়া জেলা বিএনপির) must agree too when both give one. A former
office (সাবেক, former) gives no employer: a person moves on.
"""

from __future__ import annotations

import difflib
import functools
from itertools import islice

import regex

from khobor.analyze.names import name_keys
from khobor.analyze.roles import OFFICE, WORD, role_kind, role_of
from khobor.model import Mention

GAP = 5  # words between a body's name and the person's ("আইসিডিডিআরবির হেড অব ভাইরোলজি ল্যাবরেটরি মোস্তাফিজুর")
_FORMER = {"সাবেক", "প্রাক্তন", "বিদায়ী", "former", "ex", "ex-", "erstwhile", "late", "প্রয়াত", "মরহুম"}
# bodies a person holds several of at once (a lawyer pleads in several courts), or that name no one body: no evidence
_SEVERAL = set("""মন্ত্রণালয় সরকার বিভাগ কমিশন কমিটি আদালত কোর্ট ট্রাইব্যুনাল ministry government division commission
    committee council court tribunal""".split())
_STOP = regex.compile(r"[,।!?;:“”\"\n]|(?<=\p{Ll}{3}|\d)\.\s")
_OF = regex.compile(r"\b(?:of|at)\s+(?:the\s+)?$", regex.IGNORECASE)


def employer_of(body: str, mention: Mention, mentions: list[Mention], role: str | None = None,
                bodies: list[Mention] | None = None) -> list[list]:
    """The bodies (each with the place before it) a report names as employers of the person named by ``mention``:
    ``[latin, body skeleton, place, initials, head, romanization]`` (place: gazetteer ids or a skeleton, else "";
    initials and head: ``_initials``), several when the report names several offices ("এবিবির চেয়ারম্যান ও সিটি
    ব্যাংকের ব্যবস্থাপনা পরিচালক X"). None for a player (``role`` "sport"): players move between teams, clubs and leagues; in English only an office-holder's (a team or a league
    is written before many a name there). ``bodies``: the report's ``_bodies_last_first``, when known."""
    latin = mention.surface.isascii()
    if role == "sport" or (latin and role != "office"):
        return []
    found, end = [], mention.start
    if bodies is None:
        bodies = _bodies_last_first(mentions)
    for org in (m for m in bodies if m.end <= mention.start):
        nested = found and len(_first_words(body[org.end : end], 2)) <= 1  # (স্বাস্থ্য অধিদপ্তরের সিডিসির লাইন ডিরেক্টর)
        if org.end > end or (not nested and _apart(body, mentions, org.end, end)) or _former_before(body, org.start):
            break
        if latin or _genitive(body, org, mentions):
            found.append(_token(org, _place_before(body, org, mentions)))
            end = org.start  # (a bracketed acronym, "(এবিবি)", is passed over)
    if latin and body[mention.end : mention.end + 1] == ",":  # "X, general manager of the ... Division of Krishi Bank"
        stop = mention.end + 1 + len(_STOP.split(body[mention.end + 1 : mention.end + 160])[0])
        after = [m for m in mentions if mention.end < m.start and m.end <= stop and m.type in ("ORG", "PER")]
        if after and after[-1].type == "ORG" and _OF.search(body[mention.end : after[-1].start]) \
                and not _FORMER & _words(body[mention.end : after[-1].start]):
            found.append(_token(after[-1], ""))
    return [t for t in found if t]


def _genitive(body: str, org: Mention, mentions: list[Mention]) -> bool:
    """Is a Bengali body's name in the genitive (এর, র), or the name that follows it (অ্যাসোসিয়েশন অব ব্যাংকার্স
    বাংলাদেশের)?"""
    if org.surface.endswith("র") or body[org.end : org.end + 4].lstrip("-").startswith("এর"):
        return True
    following = next((m for m in mentions if 0 <= m.start - org.end <= 1), None)
    return following is not None and following.type in ("LOC", "ORG") and following.surface.endswith("র")


def _former_before(body: str, start: int) -> bool:
    """A former office written before the body ("former Jamaat-e-Islami Ameer")?"""
    return bool(_FORMER & _words(" ".join(WORD.findall(_STOP.split(body[max(0, start - 30) : start])[-1])[-2:])))


def report_employers(article, key_of) -> dict[str, list[list]]:
    """Skeleton of each person's full name -> the employers the report gives that name (its headline's mention and a
    later bare one are the same person)."""
    found: dict[str, list[list]] = {}
    bodies = None
    for mention in article.mentions:
        key = key_of(mention.surface) if mention.type == "PER" else None
        if key is not None and len(key.words) > 1:
            bodies = _bodies_last_first(article.mentions) if bodies is None else bodies
            for employer in employer_of(article.body, mention, article.mentions, role_of(article.body, mention, article.mentions),
                                        bodies):
                if employer not in found.setdefault(key.skeleton, []):
                    found[key.skeleton].append(employer)
    return {k: v for k, v in found.items() if v}


def _bodies_last_first(mentions: list[Mention]) -> list[Mention]:
    """The organisations a report names, the one ending last first (sorted once a report, not once a person)."""
    return sorted((m for m in mentions if m.type == "ORG"), key=lambda m: -m.end)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text)}


def _first_words(text: str, n: int) -> list[str]:
    """The first ``n`` words of ``text``: a gap's words are counted only up to a limit (listing every word between
    a person and a body far before him was ~0.2 of the 0.6 CPU-s ``report_employers`` took resolving the dev corpus)."""
    return [m.group() for m in islice(WORD.finditer(text), n)]


def _apart(body: str, mentions: list[Mention], start: int, end: int) -> bool:
    """Is the body (ending at ``start``) too far from the person (named at ``end``), in another clause, another
    person's, or a former office?"""
    words = _first_words(body[start:end], GAP + 1)
    return (len(words) > GAP or bool(_STOP.search(body[max(0, start - 3) : end])) or bool(_FORMER & {w.casefold() for w in words})
            or not any(role_kind(w) == OFFICE for w in words)  # (no office named between: "জামায়াত আমিরের খোঁজ নিলেন X")
            or any(m.type == "PER" and start <= m.start and m.end <= end for m in mentions))


def _place_before(body: str, org: Mention, mentions: list[Mention]) -> str:
    """The place a report writes just before the body (নিয়ামতপুর উপজেলা বিএনপির): gazetteer ids, else a skeleton."""
    from khobor.lang.bn.gazetteer import place_ids

    place = next((m for m in reversed(mentions) if m.type == "LOC" and m.end <= org.start  # (the last such)
                  and len(_first_words(body[m.end : org.start], 2)) <= 1 and not _STOP.search(body[m.end : org.start])), None)
    if place is None:
        return ""
    keys = name_keys(place.surface)
    if not keys:
        return ""
    ids = sorted(p for k in keys for p in place_ids(" ".join(k.words)) if p.startswith("b:"))
    return " ".join(dict.fromkeys(ids)) or keys[0].skeleton


def _token(org: Mention, place: str) -> list | None:
    keys = name_keys(org.surface)
    if not keys or any(c.isdigit() for c in org.surface):  # (a seat, ঢাকা-১৭, is no employer)
        return None
    return [keys[0].latin, keys[0].skeleton, place, *_initials(org.surface, keys[0]), keys[0].roman]


def _initials(surface: str, key) -> tuple[str, str]:
    """What tells an acronym's body: the capitals beginning a Latin name's words (Dhaka University Central Students'
    Union: DUCSU), and its first word if it may be an acronym (DUCSU, Ducsu Social Welfare: DUCSU; "*" for a Bengali
    one-word name spelled as letters, বিএনপি)."""
    words = [w.removesuffix("’s").removesuffix("'s") for w in surface.replace("-", " ").split()]
    if not words:
        return "", ""
    if not key.latin:
        return "", "*" if key.acronym and len(key.words) == 1 and key.acronym == key.words[0] else ""
    head = words[0].upper() if len(words[0]) <= 5 or words[0].isupper() else ""
    return ("".join(w[0] for w in words if w[0].isupper()) if len(words) > 2 else ""), head


def any_agree(mine: list[list], known: list[list]) -> bool:
    return any(agree(a, b) for a in mine for b in known)


def agree(a: list, b: list) -> bool:
    """Can two employers be one person's (see the module's docstring)?"""
    (la, sa, pa, ia, ha, ra), (lb, sb, pb, ib, hb, rb) = a, b
    wa, wb = sa.split("|"), sb.split("|")
    if _several(sa) or _several(sb):
        return True
    if sa == sb:  # (BNP / বিএনপি: an acronym's letters in two scripts)
        return _places_agree(pa, pb)
    if len(ha) >= 3 and ha in (ib, hb) or len(hb) >= 3 and hb == ia:  # an acronym, the long name (DUCSU)
        return _places_agree(pa, pb)
    short, long = sorted((wa, wb), key=len)
    if la == lb and len(short) == 1 and len(long) > 1 and (ha if short is wa else hb):  # ডিএমপি / ঢাকা মেট্রোপলিটন পুলিশ
        if short[0].startswith("".join(w[:1] for w in long)):
            return _places_agree(pa, pb)
    if la == lb:  # one within the other, a word cut short (Jamaat-e / Jamaat-e-Islami), or one group's companies
        same = all(any(y.startswith(x) for y in long) for x in short) or (
            wa[0] == wb[0] and wa[-1] == wb[-1] and wa[0] not in _common_heads())  # (স্কয়ার টয়লেট্রিজ / এয়ার লিমিটেড)
    elif (len(wa) == 1 and ha and len(wb) > 1) or (len(wb) == 1 and hb and len(wa) > 1):
        # an acronym and a long name in the other script: a Bengali one spells the English name's initials
        # (বিএনপি / Bangladesh Nationalist Party); a Latin one, an English name the Bengali words do not (DoE /
        # পরিবেশ অধিদপ্তর): no telling
        (acronym, latin), (other, initials) = ((sa, la), (wb, ib)) if len(wa) == 1 and ha else ((sb, lb), (wa, ia))
        letters = initials or "".join(w[:1] for w in other)
        same = latin or acronym.startswith(letters) or letters.startswith(acronym)
    else:  # across scripts a word of its own in both (Krishi / কৃষি; ব্যাংকার্স / Bankers), else all words alike
        pairs_a, pairs_b = list(zip(wa, ra.split())), list(zip(wb, rb.split()))
        own_a = [p for p in pairs_a if p[0] not in _common_words()]
        own_b = [p for p in pairs_b if p[0] not in _common_words()]
        if own_a and own_b:
            same = any(_across(x, y) for x in own_a for y in own_b)
        else:
            short, long = sorted((pairs_a, pairs_b), key=len)
            same = all(any(_across(x, y) for y in long) for x in short)
    return same and _places_agree(pa, pb)


@functools.cache
def _several_skeletons() -> frozenset[str]:
    return frozenset(k.skeleton for w in _SEVERAL for k in name_keys(w)[:1])


def _several(skeleton: str) -> bool:
    return any(part in _several_skeletons() for part in skeleton.split("|"))


def _across(x: tuple[str, str], y: tuple[str, str]) -> bool:
    """One word in two scripts, (skeleton, romanization) each: the same first consonant, and romanizations nearly
    alike (krsi / krishi, byankarsa / bankers; not kids)."""
    (sx, rx), (sy, ry) = x, y
    rx, ry = rx.casefold(), ry.casefold()  # (the ratio depends on the order: the better of the two)
    return bool(sx and sy) and sx[0] == sy[0] and max(difflib.SequenceMatcher(None, rx, ry).ratio(),
                                                      difflib.SequenceMatcher(None, ry, rx).ratio()) >= 0.7


@functools.cache
def _common_words() -> frozenset[str]:
    """Skeletons of words many bodies' names hold (ব্যাংক / Bank: Krishi Bank is not Dhaka Bank)."""
    return _common_heads() | frozenset(k.skeleton for w in _COMMON.split() for k in name_keys(w)[:1])


_COMMON = """ব্যাংক লিমিটেড বিশ্ববিদ্যালয় কলেজ হাসপাতাল অধিদপ্তর পরিদপ্তর থানা পুলিশ সমিতি অব bank limited ltd university
    college hospital department directorate police station association of the for and"""


@functools.cache
def _common_heads() -> frozenset[str]:
    """Skeletons of words that begin the names of many unrelated bodies (বাংলাদেশ ব্যাংক, বাংলাদেশ বিমান)."""
    return frozenset(k.skeleton for w in _HEADS.split() for k in name_keys(w)[:1])


_HEADS = """বাংলাদেশ জাতীয় কেন্দ্রীয় ঢাকা চট্টগ্রাম সরকারি জেলা উপজেলা আন্তর্জাতিক bangladesh national central dhaka
    chattogram chittagong government district upazila international"""


def _places_agree(a: str, b: str) -> bool:
    """Two places before a body: one, or one within the other's district; no place is no evidence."""
    from khobor.lang.bn.gazetteer import district_of

    if not a or not b or a == b:
        return True
    ids_a, ids_b = set(a.split()), set(b.split())
    if not all(p.startswith("b:") for p in ids_a | ids_b):
        return False
    district_a = ids_a | {district_of(p) for p in ids_a}
    district_b = ids_b | {district_of(p) for p in ids_b}
    return bool((district_a & district_b) - {None})
