"""Features shared by event and story clustering: terms, dates, dense text.

Terms are word tokens (regex ``[\\p{L}\\p{M}\\p{N}]+`` over normalized text,
ASCII digits, case-folded) with common Bengali case endings stripped, so
ল্যাভরভের and ল্যাভরভ count as one term. A second, folded "skeleton" key
(vowel signs and ya-phala dropped, retroflex/dental and sibilant pairs
merged) lets spelling variants such as ল্যাভরভ / লাভরভ share weight.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from itertools import chain

import regex

from khobor.clean.normalize import ascii_digits
from khobor.model import Article

TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
BENGALI = regex.compile(r"[\u0980-\u09ff]")
LATIN = regex.compile(r"[A-Za-z]")
# Longest first: inflections that change a word's form but not what it names.
SUFFIXES = sorted(["গুলোর", "গুলো", "গুলি", "দের", "েরা", "ের", "কে", "তে", "টির", "টি", "টা", "য়", "র", "ে", "রা", "ও", "ই"], key=len, reverse=True)
_FOLD = str.maketrans({"ট": "ত", "ঠ": "থ", "ড": "দ", "ঢ": "ধ", "ণ": "ন", "শ": "স", "ষ": "স", "য": "জ", "ঈ": "ই", "ঊ": "উ", "ঐ": "এ", "ঔ": "ও", "ং": "ঙ"})
_DROP = regex.compile(r"্য|[\u09be-\u09cc\u09cd\u09bc\u0981-\u0983\u09d7]")  # ya-phala first, or the virama alone goes
STOP = frozenset(
    "এবং ও এ এই সেই তার তাঁর তিনি তারা করে করা করেন করেছেন হয় হয়েছে হয়েছেন থেকে জন্য সঙ্গে সাথে বলেন বলেছেন জানান "
    "জানিয়েছে জানিয়েছেন এক একটি আরও পর আগে মধ্যে নিয়ে দিয়ে যে না কিন্তু বা তবে হবে ছিল ছিলেন বলে প্রায় অন্তত "
    "the a an of in on at to and for by with from as is was were be has have had that this it its said".split()
)


def stem(word: str) -> str:
    """Strip one common case ending from a Bengali word long enough to carry one."""
    if len(word) > 3 and BENGALI.match(word):
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
    if word.isascii() and len(word) > 4 and word.endswith("s"):
        return word[:-1]
    return word


def skeleton(word: str) -> str:
    return _DROP.sub("", word.replace("\u09af\u09bc", "য")).translate(_FOLD)


def word_terms(word: str) -> tuple[str, ...]:
    """The terms one word contributes: its stem, and a spelling-folded key for long Bengali stems."""
    if word in STOP or len(word) < 2:
        return ()
    s = stem(word)
    if BENGALI.match(s) and len(s) >= 4:
        return (s, "~" + skeleton(s))
    return (s,)


def terms(text: str, memo: dict[str, tuple[str, ...]] | None = None) -> Counter:
    """Term counts of ``text``; ``memo`` (word -> terms) spares re-stemming frequent words.

    Terms are counted in the order their words first occur, each word's terms in order (what counting word by word
    gives): the words' terms are chained and counted at C speed, not in a Python loop over words."""
    memo = {} if memo is None else memo
    words = TOKEN.findall(ascii_digits(text).casefold())
    for word in set(words).difference(memo):  # each distinct word not stemmed yet, once
        memo[word] = word_terms(word)
    return Counter(chain.from_iterable(map(memo.__getitem__, words)))


def article_text(article: Article, lead_chars: int = 0) -> str:
    """Title twice (it names the event) plus the body, or only its lead."""
    body = article.body or ""
    if lead_chars:
        body = body[:lead_chars]
    title = article.title or ""
    return f"{title}\n{title}\n{body}"


def language(article: Article) -> str:
    if article.language:
        return article.language
    sample = (article.title or "") + (article.body or "")[:400]
    bengali, latin = len(BENGALI.findall(sample)), len(LATIN.findall(sample))
    if not bengali + latin:
        return "bn"
    return "bn" if bengali / (bengali + latin) > 0.3 else "en"


def day_number(iso: str | None) -> float | None:
    """Days since 1970-01-01 (fractional), from an ISO date or datetime; None if absent or odd."""
    if not iso:
        return None
    try:
        if len(iso) == 10:
            return float(dt.date.fromisoformat(iso).toordinal() - 719163)
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.toordinal() - 719163 + (moment.hour * 60 + moment.minute) / 1440


def mentioned_day(article: Article) -> float | None:
    """For an undated article: the median full date among the times it mentions."""
    exact = (t.value for t in article.times if t.value and len(t.value) == 10 and t.value[4] == "-")  # not years or ranges
    days = sorted(d for d in map(day_number, exact) if d is not None)
    return days[len(days) // 2] if days else None


def mention_key(mention) -> str | None:
    """A mention's entity id, or a spelling-folded key of its surface (None when nothing is left of it)."""
    if mention.entity_id:
        return mention.entity_id
    words = [skeleton(stem(w)) for w in TOKEN.findall(ascii_digits(mention.surface).casefold())]
    if words and any(len(w) >= 2 for w in words):
        return f"{mention.type}:{' '.join(words)}"
    return None


def mention_keys(article: Article) -> list[tuple[str, str]]:
    """(entity key, type) for every mention: its entity id, or a spelling-folded key of its surface."""
    return [(key, m.type) for m in article.mentions if (key := mention_key(m))]


def entity_ids(article: Article) -> set[str]:
    """Entity ids of the mentions; a spelling-folded key of the surface when a mention has no id."""
    return {key for key, _ in mention_keys(article)}


def lead_text(article: Article, chars: int = 300) -> str:
    """Title and first sentences: what the dense model reads (it is too slow for whole bodies)."""
    return f"{article.title or ''}. {(article.body or '')[:chars]}"


def cosine(a: dict, b: dict, norm_a: float | None = None, norm_b: float | None = None) -> float:
    if len(a) > len(b):
        a, b, norm_a, norm_b = b, a, norm_b, norm_a
    dot = sum(a[t] * b[t] for t in a.keys() & b.keys())  # the shared keys, found at C speed
    if not dot:
        return 0.0
    na = norm_a if norm_a is not None else math.sqrt(sum(w * w for w in a.values()))
    nb = norm_b if norm_b is not None else math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def section_page(article: Article) -> bool:
    """A section's page (a one-word headline, "টেনিস", over the site's listing of other reports): crawled twice, or
    beside another section, it shares that listing but republishes no story, so it is nobody's copy or original."""
    return len(TOKEN.findall(article.title or "")) == 1
