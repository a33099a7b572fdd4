"""Line classification for plain text: body, title, meta, caption or boilerplate.

Why features and context rather than a list of strings: page furniture
changes per outlet and per year, but its *shape* does not. A body paragraph
is long, made of sentences (।?!.), in the middle of the page; furniture is
short, unterminated, numbered, link- or menu-like, addresses the reader, or
repeats across many articles of the same outlet (``LineStats``). The method
follows jusText: every line first gets a class from its own features
(GOOD, NEAR, SHORT, BAD, plus META and CAPTION), then context decides the
undecided ones (a short line between two good ones is a subheading; a run of
short lines after the story is a sidebar; a reader-addressed tail is an
appeal).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Iterable

import regex

from khobor.lang.bn.text import TOKEN, ascii_digits, match_key, normalize
from khobor.lang.bn import news_words as words
from khobor.memo import Memo
from khobor.lang.bn.dates import find_dates

LABELS = ("body", "title", "meta", "caption", "boilerplate")

_SENTENCE_PUNCT = regex.compile(r"[।?!]|\.(?=\s|$)")
_NUMBER_ONLY = regex.compile(r"^[\(\[]?[0-9০-৯]{1,3}[\.\)\]]?$")
_BULLET_CHARS = set("•·▪►▶●■◆»›✓✔*")

_PLACEHOLDER = regex.compile(r"^\[[^\]]{1,40}\]$|\[বিজ্ঞাপন")
_URL = regex.compile(r"https?://|www\.|\b[\w-]+\.(?:com|net|org|bd|in)\b|@\w")
# Literal pre-checks with the stdlib ``re`` (fast C scan) before the real patterns.
_URL_HINT = re.compile(r"http|www\.|\.com|\.net|\.org|\.bd|\.in|@")
_CAPTION_HINT = re.compile("ছবি|ফটো|[Pp]hoto|ভিডিও|ডান|বাঁ|বাম|মাঝে|সামনে")


def _has_url(text: str) -> bool:
    return _URL_HINT.search(text) is not None and _URL.search(text) is not None
_MENU_SEPARATORS = regex.compile(r"\s[|»›/•।]\s")
_PUNCT_TOKENS = {"।", "|", "-", "–", "—", "•", "»", "›", "/", ":", ",", "…", "·", "*"}


def _is_menu(text: str) -> bool:
    """'হোম | জাতীয় | খেলা' (normalize may have turned the bars into ।): short items between separators."""
    items = _MENU_SEPARATORS.split(text)
    return len(items) >= 2 and max(len(item.split()) for item in items) <= 4
_QUOTED = regex.compile(r"[“\"‘'][^“”\"‘’']{0,400}[”\"’']")
_BREAK_END = regex.compile(r"[:,：]\s*$")
_DIGITS = regex.compile(r"[0-9০-৯]+")
_ALNUM = regex.compile(r"[\p{L}\p{N}]")
_YEAR = regex.compile(r"[0-9০-৯]{4}")
_WORD = TOKEN  # the one word pattern (khobor.lang.bn.text)
_NON_WORD = regex.compile(r"[^\p{L}\p{M}\p{N} ]")
_CLOCK_STAMP = regex.compile(r"^(?:(?:ভোর|সকাল|দুপুর|বিকাল|বিকেল|সন্ধ্যা|রাত)\s*)?[0-9০-৯]{1,2}(?:[:.][0-9০-৯]{2}|\s*টা(?:\s*[0-9০-৯]{1,2}\s*মিনিট)?)"
                         r"\s*(?:am|pm|এএম|পিএম)?\s*[-–—:]?$", regex.I)


@dataclass(slots=True)
class Line:
    """One non-empty input line, its label and the rule that gave it."""

    index: int  # line number in the input text (0-based, empty lines counted)
    text: str
    label: str
    reason: str


@cache
def _cues() -> dict[str, object]:
    """Word lists compiled once (read-only)."""

    def alternation(items: Iterable[str]) -> str:
        return "|".join(sorted({regex.escape(normalize(w)) for w in items}, key=len, reverse=True))

    agency_forms = [f for forms in words.AGENCIES.values() for f in forms]
    outlet_forms = [f for forms in words.OUTLETS.values() for f in forms]
    edge = r"(?<![\p{L}\p{M}])"
    tail = r"(?![\p{L}\p{M}])"
    return {
        "furniture": _phrases(words.FURNITURE_WORDS),
        "byline_words": _phrases(words.BYLINE_WORDS),
        "caption": regex.compile(
            r"(?:^|[।.\s(])(?:" + alternation(words.CAPTION_WORDS) + r")\s*[:：\-–—]\s*[^।]{0,60}$"
            r"|^\s*(?:" + alternation(words.CAPTION_WORDS) + r")\s*[:：\-–—]"
            r"|^(?:ফাইল ছবি|ছবি|File photo|Photo)\s*$"
            r"|\((?:ডানে|বাঁয়ে|বামে|মাঝে|সামনে|ডান থেকে|বাঁ থেকে)[^)]*\)", regex.I),
        "agency_paren": regex.compile(r"\(\s*(?:[^()]*?" + edge + "(?:" + alternation(agency_forms) + r"))[^()]*\)", regex.I),
        "name_only": regex.compile(r"^(?:" + alternation(agency_forms + outlet_forms) + r")$", regex.I),
        # One anchored pass for the line openers (teaser, date stamp, source credit, "By ...").
        "opener": regex.compile(
            r"^\s*(?:(?P<teaser>(?:" + alternation(words.TEASER_PREFIXES) + r")\s*[:：\-–—>»])"
            r"|(?P<date>(?:" + alternation(words.DATE_LABELS) + r")(?:\s*(?:সময়|করা হয়েছে))?\s*[:：\-–—])"
            r"|(?P<source>(?:সূত্র|তথ্যসূত্র|Source)\s*[:：])"
            r"|(?P<by>" + alternation(words.BYLINE_PREFIXES) + "))", regex.I),
        "reader": regex.compile(edge + "(?:" + alternation(words.READER_ADDRESS) + ")" + tail),
        "we": regex.compile(edge + "(?:আমরা|আমাদের|আমাদেরকে|আমাকে)" + tail),
        "imperative": regex.compile(r"[\p{L}\p{M}]+(?:ুন|ুন।)" + tail),
    }


def _phrases(items: Iterable[str]) -> tuple[frozenset[str], dict[str, list[list[str]]]]:
    """Whole-word lookup tables: single words, and multi-word phrases keyed by their first word."""
    singles: set[str] = set()
    multi: dict[str, list[list[str]]] = {}
    for item in items:
        parts = _WORD.findall(normalize(item).casefold())
        if len(parts) == 1:
            singles.add(parts[0])
        elif parts:
            multi.setdefault(parts[0], []).append(parts)
    return frozenset(singles), multi


def _has_phrase(tokens: list[str], phrases: tuple[frozenset[str], dict[str, list[list[str]]]]) -> bool:
    """Whether case-folded ``tokens`` contain one of ``phrases`` as whole words."""
    singles, multi = phrases
    if not singles.isdisjoint(tokens):
        return True
    for i, token in enumerate(tokens):
        for parts in multi.get(token, ()):
            if tokens[i:i + len(parts)] == parts:
                return True
    return False


# Each line's keys are asked for two or three times (counted, looked up, compared with the title): kept for
# the lines seen last, so each is normalized and hashed once. Bounded: emptied when full. Sized for one ingest
# slice (500 pages: its lines and long lines' sentences, counted then cleaned): at 20,000 it was emptied between
# the counting and the cleaning of a slice, and a tenth of the clean stage went to normalizing lines again.
_RECENT_LINES = 100_000
_match_keys: dict[str, str] = {}
_line_keys: dict[str, int] = {}


def _line_match_key(text: str, normalized: bool = False) -> str:
    """``match_key(text)``, remembered for the recent lines; ``normalized``: ``text`` went through ``normalize``
    already (normalizing again gives the same text, at a cost)."""
    key = _match_keys.get(text)
    if key is None:
        if len(_match_keys) >= _RECENT_LINES:
            _match_keys.clear()
        key = _match_keys[text] = ascii_digits(text if normalized else normalize(text)).casefold()
    return key


def line_key(text: str, normalized: bool = False) -> int:
    """Hash of a line's matching form, digits folded: 'মন্তব্য (0)' and 'মন্তব্য (3)' agree."""
    found = _line_keys.get(text)
    if found is None:
        key = _DIGITS.sub("0", _line_match_key(text, normalized).strip())
        found = int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")
        if len(_line_keys) >= _RECENT_LINES:
            _line_keys.clear()
        _line_keys[text] = found
    return found


_counted: dict[int, tuple[str, str]] = {}  # id of a text counted, not yet cleaned -> (the text, normalized)
COUNTED_KEPT = 1024, 1 << 25  # texts and characters kept (ingest counts a slice of 500 documents before it cleans any)
_counted_chars = 0


def normalized_text(text: str, keep: bool = False) -> str:
    """``normalize(text)``; a text counted (``keep``) and then cleaned, the same object, is normalized once."""
    global _counted_chars
    found = _counted.pop(id(text), None)
    if found is None or found[0] is not text:
        found = (text, normalize(text))
    if keep:
        if len(_counted) >= COUNTED_KEPT[0] or _counted_chars >= COUNTED_KEPT[1]:
            _counted.clear()
            _counted_chars = 0
        _counted[id(text)] = found
        _counted_chars += len(text)
    return found[1]


_NO_COUNTS: dict[int, int] = {}  # the counts of an outlet not counted, read only (an empty Counter made for each
# lookup instead: ~100,000 in a dev run's cleaning, 0.13 CPU-s)


class LineStats:
    """How many articles of each outlet contain each line (by hash).

    scikit-learn style: parameters in ``__init__``, learned state in ``docs_``
    and ``counts_``; ``partial_fit`` adds documents incrementally and ignores a
    document it has already seen, so re-ingesting a file changes nothing.
    A line found in at least ``min_docs`` articles of one outlet is furniture.
    """

    def __init__(self, min_docs: int = 3):
        self.min_docs = min_docs
        self.docs_: Counter[str] = Counter()
        self.counts_: dict[str, Counter[int]] = {}
        self.openers_: dict[str, Counter[int]] = {}  # first sentences of the outlet's run-on pages
        self.run_ons_: Counter[str] = Counter()  # pages that show another page's story run on inside one (``runs_on``)
        self.page_sets_: dict[str, dict[int, int]] = {}  # a long line's sentence -> which pages hold it (``page_set``)
        self.seen_: set[str] = set()

    def partial_fit(self, raws: Iterable) -> "LineStats":
        """Count lines of RawDocs (HTML is extracted first); outlet from fields["outlet"], else ''."""
        for raw in raws:
            raw_id = raw.id  # (a hash of the whole text, each time it is asked)
            if raw_id in self.seen_:
                continue
            self.seen_.add(raw_id)
            outlet = outlet_key(raw)
            self.docs_[outlet] += 1
            counts = self.counts_.setdefault(outlet, Counter())
            text = raw.text
            if getattr(raw, "content_type", "text/plain") == "text/html":
                from khobor.clean.html import extract_html

                text = extract_html(text, url=raw.fields.get("url"))[0]
            lines = [t for t in normalized_text(text, keep=True).splitlines() if t.strip()]
            sentences = [x for t in lines for x in long_line_sentences(t)]
            sentence_keys = {line_key(x, True) for x in sentences}  # (normalized)
            keys = {line_key(t, True) for t in lines} | sentence_keys
            opener = [line_key(sentences[0], True)] if sentences else []
            self.run_ons_[outlet] += shows_run_on(keys, opener, counts, self.openers_.get(outlet, {}))
            counts.update(keys)
            add_page(self.page_sets_.setdefault(outlet, {}), sentence_keys, raw_id)
            if opener:  # the first sentence of the first long line opens the page's own story
                self.openers_.setdefault(outlet, Counter())[opener[0]] += 1
        return self

    def count(self, outlet: str | None, text: str) -> int:
        return self.counts_.get(outlet or "", _NO_COUNTS).get(line_key(text), 0)

    def is_repeated(self, outlet: str | None, text: str) -> bool:
        return self.count(outlet, text) >= self.min_docs

    def is_appended(self, outlet: str | None, text: str) -> bool:
        """Found in so many of the outlet's articles that it is furniture wherever it stands (``repeated_tail``)."""
        return self.count(outlet, text) >= APPENDED_MIN_DOCS

    def is_seen(self, outlet: str | None, text: str) -> bool:
        """Found in another article of the outlet too."""
        return self.count(outlet, text) >= 2

    def is_opener(self, outlet: str | None, text: str) -> bool:
        """The first sentence of one of the outlet's pages: where that page's own story begins."""
        return self.openers_.get(outlet or "", _NO_COUNTS).get(line_key(text), 0) >= 1

    def page_set(self, outlet: str | None, text: str) -> int:
        """A fingerprint of the set of the outlet's pages holding this sentence: the sentences of one story run on
        after pages share it, the page's own story (on its page, and wherever that was run on) has another."""
        return self.page_sets_.get(outlet or "", {}).get(line_key(text), 0)

    def runs_on(self, outlet: str | None) -> bool:
        """Whether the outlet runs other pages' stories on after a page's own (its layout, not one page's): enough of
        its pages show one page's opening sentence inside another."""
        pages = self.run_ons_.get(outlet or "", 0)
        return pages >= RUN_ON_PAGES and pages >= RUN_ON_SHARE * self.docs_.get(outlet or "", 0)

    def prune(self, min_count: int = 2) -> None:
        """Drop lines seen fewer than ``min_count`` times to bound memory."""
        for outlet, counts in self.counts_.items():
            self.counts_[outlet] = Counter({k: c for k, c in counts.items() if c >= min_count})
            sets = self.page_sets_.get(outlet, {})
            self.page_sets_[outlet] = {k: sets[k] for k in self.counts_[outlet] if k in sets}

    def to_state(self) -> bytes:
        """Codec bytes (never pickle): line hashes stay integers."""
        from khobor import codec

        return codec.dumps({"min_docs": self.min_docs, "docs": dict(self.docs_),
                            "counts": {o: dict(cs) for o, cs in self.counts_.items()}, "seen": sorted(self.seen_),
                            "openers": {o: dict(cs) for o, cs in self.openers_.items()}, "run_ons": dict(self.run_ons_),
                            "page_sets": self.page_sets_})

    @classmethod
    def from_state(cls, state: bytes) -> "LineStats":
        from khobor import codec

        state = codec.loads(state)
        stats = cls(min_docs=state.get("min_docs", 3))
        stats.docs_ = Counter(state.get("docs", {}))
        stats.counts_ = {o: Counter(cs) for o, cs in state.get("counts", {}).items()}
        stats.seen_ = set(state.get("seen", []))
        stats.openers_ = {o: Counter(cs) for o, cs in state.get("openers", {}).items()}  # (none in older stores)
        stats.run_ons_ = Counter(state.get("run_ons", {}))  # (none in older stores: counted from the next pages on)
        stats.page_sets_ = {o: dict(sets) for o, sets in state.get("page_sets", {}).items()}
        return stats


RUN_ON_PAGES = 3  # pages showing another page's story run on inside one, and their share of the outlet's pages,
RUN_ON_SHARE = 0.05  # that make the outlet's layout "story, then other stories" (a republished story now and then is not)


def shows_run_on(keys, opener: list, counts, openers) -> bool:
    """Whether a page (its line hashes, its opener's hash if any) shows, beside the outlet's pages counted before it,
    one page's story run on inside another: another page's opening sentence inside it, or its own opening sentence
    inside a page read before (found on more pages than open with it)."""
    own = opener[0] if opener else None
    return (any(openers.get(k, 0) for k in keys if k != own)
            or (own is not None and counts.get(own, 0) > openers.get(own, 0)))


def add_page(sets: dict[int, int], sentence_keys, doc_id: str) -> None:
    """Count one page in the page-set fingerprints of its sentences (XOR of page hashes: a set, in 8 bytes)."""
    page = int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest(), "big")
    for k in sentence_keys:
        sets[k] = sets.get(k, 0) ^ page


LONG_LINE = 400  # characters: a line this long may be a whole page's text run together, appended stories and all
_SENTENCE_END = regex.compile(r"(?<=[.!?।][\"'”’)]?)\s+(?=\S)")  # (a quote may close the sentence)


_SPLIT_KEPT = 4096  # long lines remembered (the dev corpus has ~1 a page; a slice of 500 pages is counted, then cleaned)
_split_lines = Memo(lambda line: tuple(x for x in _SENTENCE_END.split(line) if x.strip()), _SPLIT_KEPT)  # long line -> its sentences


def long_line_sentences(line: str) -> tuple[str, ...]:
    """The sentences of a long line (none for a short one): the unit that repeats when an outlet runs the stories
    it appends into the article's only paragraph. A line is split when counted and asked again when cleaned
    (``repeated_tail``, ``others_only``): remembered for the recent ones, the dev corpus's 5,287 splits are 1,761."""
    if len(line) < LONG_LINE:
        return ()
    return _split_lines[line]


RUN_ON_TAIL = 0.8  # share of the rest of a run-on outlet's page found on its other pages, from where it is cut
APPENDED_MIN_DOCS = 5  # a sentence in this many of an outlet's articles is its furniture, not background it reuses


def repeated_tail(line: str, outlet: str | None, line_stats: "LineStats | None", share: float = 0.8) -> int | None:
    """Where the stories an outlet appends begin in a long line: the first sentence (not the first of the line) from
    which at least ``share`` of the text is sentences found in ``APPENDED_MIN_DOCS`` articles of the outlet (unless
    the line opens with such text: the appended story's own page); or the first sentence that opens another of the
    outlet's pages, from which at least ``share`` of the text is found in its other articles (another page's story
    and what follows it, though the outlet appended them to only a few pages); or, on an outlet whose layout runs
    other pages' stories on (``LineStats.runs_on``), the first of two sentences found on other pages than the line's
    opening, from which at least ``RUN_ON_TAIL`` of the text is so (the page's own story ends where the next begins,
    whether or not that story's page was read). Background an outlet repeats in a few reports of one storyline, a
    quote among them, is not cut. Character offset, or None."""
    sentences = long_line_sentences(line)
    if line_stats is None or len(sentences) < 2:
        return None
    outlet_k = match_key(outlet) if outlet else ""
    sizes = [len(x) for x in sentences]
    appended = [line_stats.is_appended(outlet_k, x) for x in sentences]
    seen = [line_stats.is_seen(outlet_k, x) for x in sentences]
    tails = {"appended": sum(n for n, r in zip(sizes, appended) if r), "seen": sum(n for n, r in zip(sizes, seen) if r)}
    tail_size, offset = sum(sizes), 0
    if line_stats.runs_on(outlet_k):  # the page's own story ends where what other pages hold changes
        sets = [line_stats.page_set(outlet_k, x) for x in sentences]
        moved = [r and s != sets[0] for r, s in zip(seen, sets)]  # on other pages than the opening
        tails["moved"] = sum(n for n, r in zip(sizes, moved) if r)
    else:
        moved, tails["moved"] = [False] * len(sentences), 0
    for i, (size, sentence) in enumerate(zip(sizes, sentences)):
        if (moved[i] and i and (i + 1 == len(sentences) or moved[i + 1])
                and tails["moved"] >= RUN_ON_TAIL * tail_size):
            return line.find(sentence, offset)
        if i and appended[i] and not appended[0] and tails["appended"] >= share * tail_size:
            return line.find(sentence, offset)
        if (i and seen[i] and tails["seen"] >= share * tail_size and sentence != sentences[0]  # (a page repeating
                and line_stats.is_opener(outlet_k, sentence)):  # its own opening is not another page)
            return line.find(sentence, offset)
        tail_size -= size
        tails["appended"] -= size if appended[i] else 0
        tails["seen"] -= size if seen[i] else 0
        tails["moved"] -= size if moved[i] else 0
        offset = line.find(sentence, offset) + size
    return None


_TITLE_WORD = regex.compile(r"[\p{L}\p{M}]{4,}")


def others_only(line: str, title: str | None, outlet: str | None, line_stats: "LineStats | None") -> bool:
    """Whether a run-on outlet's long line is other pages' stories only: it opens with a sentence run on after
    ``APPENDED_MIN_DOCS`` of its pages, and its first two sentences share no word with the page's headline (a crawl
    that stored a section's list of stories under one story's headline)."""
    sentences = long_line_sentences(line)
    outlet_k = match_key(outlet) if outlet else ""
    if not title or line_stats is None or not sentences or not line_stats.runs_on(outlet_k):
        return False
    if not line_stats.is_appended(outlet_k, sentences[0]):
        return False
    return not _title_words(title) & _title_words(" ".join(sentences[:2]))


def _title_words(text: str) -> set[str]:
    return {w.casefold() for w in _TITLE_WORD.findall(text)}


def outlet_key(raw) -> str:
    fields = getattr(raw, "fields", {}) or {}
    return match_key(fields.get("outlet", "")) if fields.get("outlet") else ""


def _features(text: str, reader_cues: bool) -> dict:
    """Cheap shape features; reader-address counts only when the page has any reader word."""
    trimmed = text.rstrip("'\"”’)] \t")
    ends = trimmed.endswith(("।", "?", "!", ".")) and not trimmed.endswith("...")
    punct = text.count("।") + text.count("?") + text.count("!") + text.count(". ") + text.endswith(".")
    reader = 0.0
    if reader_cues:
        cues = _cues()
        unquoted = _QUOTED.sub(" ", text)
        reader = (len(cues["reader"].findall(unquoted)) + 0.5 * len(cues["we"].findall(unquoted))
                  + 0.5 * len(cues["imperative"].findall(unquoted)))
    parts = text.split()
    words = len(parts)
    if words <= 40:  # thresholds only matter for short lines; skip the loop on long ones
        words -= sum(1 for w in parts if w in _PUNCT_TOKENS)
    if words <= 2 and not _ALNUM.search(text):
        words = 0
    return {"words": words, "chars": len(text), "ends": ends, "punct": punct, "reader": reader}


def _initial(text: str, f: dict, repeated: bool) -> tuple[str, str]:
    """Class of one line from its own features: GOOD, NEAR, SHORT, BAD, META, CAPTION."""
    cues = _cues()
    stripped = text.strip()
    if f["words"] == 0 or (len(stripped) <= 6 and _NUMBER_ONLY.match(stripped)) or ("[" in stripped and _PLACEHOLDER.search(stripped)):
        return "BAD", "number/placeholder/symbol"
    if repeated:
        return "BAD", "repeated in outlet"
    opener = cues["opener"].match(stripped)
    opens = opener.lastgroup if opener else None
    if opens == "teaser":
        return "BAD", "related-link teaser"
    if f["words"] >= 8 and stripped.endswith(("।", ".")) and not _has_url(stripped):
        return "GOOD", "long sentence text"  # fast path: a terminated sentence line is never a widget
    if stripped[0] in _BULLET_CHARS and f["words"] <= 6 and not f["ends"]:
        return "BAD", "bullet menu item"
    if f["words"] <= 12 and _has_url(stripped) and not f["ends"] and not stripped.startswith(("—", "-")):
        return "BAD", "link"
    if f["words"] <= 30 and _CAPTION_HINT.search(stripped) and cues["caption"].search(stripped):
        return "CAPTION", "photo credit"
    has_digit = _DIGITS.search(stripped) is not None
    if f["words"] <= 14 and opens == "date":
        return "META", "date stamp"
    if f["words"] <= 5 and _CLOCK_STAMP.match(stripped):
        return "NEAR", "clock stamp"
    if f["words"] <= 12 and opens == "source":
        return "META", "source credit"
    if has_digit and f["words"] <= 8 and not f["ends"] and _YEAR.search(stripped):
        dates = find_dates(stripped, normalized=True)
        if dates and sum(d.end - d.start for d in dates) >= 0.5 * len(stripped):
            return "META", "date line"
    if f["words"] <= 5 and cues["name_only"].match(_NON_WORD.sub("", stripped).strip()):
        return "META", "outlet/agency name"
    tokens = _WORD.findall(stripped.casefold()) if f["words"] <= 10 else []
    if f["words"] <= 10 and not f["ends"] and (_has_phrase(tokens, cues["byline_words"]) or cues["agency_paren"].search(stripped)
                                                or opens == "by"):
        return "META", "byline"
    if f["words"] <= 6 and not f["ends"] and _has_phrase(tokens, cues["furniture"]):
        return "BAD", "widget words"
    if f["words"] <= 25 and not stripped.startswith("|") and _is_menu(stripped):
        return "BAD", "menu separators"
    exclaim = stripped.rstrip("'\"”’)").endswith(("!", "?"))
    if f["words"] >= 8 and ((f["ends"] and (not exclaim or f["words"] >= 15)) or f["punct"] >= 2 or f["words"] >= 30):
        return "GOOD", "long sentence text"
    if f["ends"] and f["words"] >= 3 and f["punct"] >= 1 and not stripped.endswith(("!", "?")):
        return "NEAR", "short sentence"
    return "SHORT", "short unterminated"


def classify_lines(
    text: str,
    *,
    outlet: str | None = None,
    line_stats: LineStats | None = None,
    title: str | None = None,
    extracted: bool = False,
) -> list[Line]:
    """Label every non-empty line of ``text`` (already normalized).

    ``extracted=True`` means a DOM extractor (trafilatura) already chose the
    main text: only line-level cues apply (widgets, teasers, captions, stamps,
    repetition, the title), not the page-layout context rules, which would
    cut tables and short paragraphs the extractor rightly kept.
    """
    rows: list[tuple[int, str]] = [(i, t.strip()) for i, t in enumerate(text.splitlines()) if t.strip()]
    reader_cues = "আপন" in text or "পাঠক" in text  # every READER_ADDRESS word contains one of these
    feats = [_features(t, reader_cues) for _, t in rows]
    outlet_k = match_key(outlet) if outlet else ""
    classes = [_initial(t, f, bool(line_stats and line_stats.is_repeated(outlet_k, t))) for (_, t), f in zip(rows, feats)]
    labels: list[str | None] = [None] * len(rows)
    reasons = [r for _, r in classes]
    cls = [c for c, _ in classes]
    title_key = match_key(title) if title else None

    for k, (c, (_, t)) in enumerate(zip(cls, rows)):
        if title_key and _line_match_key(t).strip(" ।.") == title_key.strip(" ।."):
            labels[k], reasons[k] = "title", "matches given title"
        elif c == "BAD":
            labels[k] = "boilerplate"
        elif c == "META":
            labels[k] = "meta"
        elif c == "CAPTION":
            labels[k] = "caption"

    if extracted:
        return _lines(rows, [lab or "body" for lab in labels], reasons)
    good = [k for k, c in enumerate(cls) if c == "GOOD" and labels[k] is None]
    if not good:  # no long paragraph: keep sentence-like lines, drop the rest
        good = [k for k, c in enumerate(cls) if c == "NEAR" and labels[k] is None]
    if not good:
        for k in range(len(rows)):
            if labels[k] is None:
                labels[k], reasons[k] = ("title", "first short line") if k == _first_open(labels) and not title_key else ("body", "no body found, kept")
        return _lines(rows, labels, reasons)

    good = _main_blocks(good, cls, labels, feats)
    kept = set(good)
    for k in range(len(rows)):
        if cls[k] == "GOOD" and labels[k] is None and k not in kept:
            labels[k], reasons[k] = "boilerplate", "isolated from the story"
    first, last = good[0], good[-1]
    cut = _appeal_cut(rows, feats, cls, labels, first, last)
    if cut is not None:
        for k in range(cut, len(rows)):
            if labels[k] is None or labels[k] == "body":
                labels[k], reasons[k] = "boilerplate", "reader-addressed tail"
        last = max([k for k in good if k < cut] or [first])

    # Head: the first headline-shaped line becomes the title; other short lines are furniture.
    title_at = None if title_key or any(lab == "title" for lab in labels) else _title_candidate(rows, feats, cls, labels, reasons, first)
    for k in range(first):
        if labels[k] is not None:
            continue
        if k == title_at:
            labels[k], reasons[k] = "title", "headline-shaped line before body"
        elif cls[k] == "NEAR" and k + 1 < len(rows) and all(labels[j] is not None or cls[j] in ("GOOD", "NEAR") for j in range(k + 1, first)):
            labels[k], reasons[k] = "body", "sentence before body"
        else:
            labels[k], reasons[k] = "boilerplate", "short line before body"

    # Middle: runs of >= 3 short unterminated lines are link lists; shorter runs are subheadings.
    k = first
    while k <= last:
        if labels[k] is not None or cls[k] == "GOOD":
            if labels[k] is None:
                labels[k] = "body"
            k += 1
            continue
        run = [k]  # open short lines, possibly interleaved with furniture (numbers, bullets)
        furniture = 0
        j = k + 1
        while j <= last and (labels[j] is None and cls[j] in ("SHORT", "NEAR") or labels[j] == "boilerplate"):
            if labels[j] is None:
                run.append(j)
            else:
                furniture += 1
            j += 1
        shorts = [j for j in run if cls[j] == "SHORT"]
        after_teaser = k > 0 and reasons[k - 1] in ("related-link teaser", "widget words")
        listy = len(shorts) >= 3 or (len(shorts) >= 2 and furniture >= 1)
        for j in run:
            if cls[j] == "SHORT" and (listy or after_teaser):
                labels[j], reasons[j] = "boilerplate", "run of short lines" if not after_teaser else "teaser link"
            else:
                labels[j] = "body"
        k = run[-1] + 1

    # Tail: sentence lines right after the story stay; everything else is furniture.
    open_tail = True
    for k in range(last + 1, len(rows)):
        if labels[k] is not None:
            if labels[k] == "boilerplate":
                open_tail = False
            continue
        if open_tail and cls[k] == "NEAR" and feats[k]["reader"] < 1:
            labels[k], reasons[k] = "body", "sentence after body"
        else:
            open_tail = False
            labels[k], reasons[k] = "boilerplate", "after body"
    return _lines(rows, labels, reasons)


def _main_blocks(good: list[int], cls, labels, feats, max_gap: int = 4) -> list[int]:
    """GOOD lines of the story: blocks split at >= ``max_gap`` furniture/short lines.

    The heaviest block is the story; another block stays when it is at least
    a third of its weight or holds three good lines (a story resumed after
    a link box); a lone good line beyond a sidebar is a teaser.
    """
    blocks: list[list[int]] = [[good[0]]]
    for prev, k in zip(good, good[1:]):
        gap = sum(1 for j in range(prev + 1, k) if labels[j] == "boilerplate" or cls[j] == "SHORT")
        if gap >= max_gap:
            blocks.append([k])
        else:
            blocks[-1].append(k)
    weight = [sum(feats[k]["chars"] for k in b) for b in blocks]
    heaviest = max(weight)
    kept = [k for b, w in zip(blocks, weight) if w == heaviest or w >= heaviest / 3 or len(b) >= 3 for k in b]
    return kept


def _title_candidate(rows, feats, cls, labels, reasons, first: int) -> int | None:
    """First open line before the body that looks like a headline (prefer >= 3 words)."""
    open_lines = [k for k in range(first) if labels[k] is None and cls[k] in ("SHORT", "NEAR")
                  and reasons[k] != "clock stamp" and feats[k]["words"] <= 30 and not rows[k][1].endswith("।")]
    return next((k for k in open_lines if feats[k]["words"] >= 3), open_lines[0] if open_lines else None)


def _first_open(labels: list[str | None]) -> int | None:
    return next((k for k, lab in enumerate(labels) if lab is None), None)


def _appeal_cut(rows, feats, cls, labels, first: int, last: int) -> int | None:
    """Start of a reader-addressed tail (donation appeal, newsletter box), if any.

    The tail must run to the end, start at a break line (a short line ending
    in ':' or ',', or furniture), and hold at least two reader-addressed lines
    while plain story paragraphs make up at most a quarter of it.
    """
    n = len(rows)
    addressed = [0] * (n + 1)  # suffix counts: lines k..n-1 that address the reader / are plain story
    plain = [0] * (n + 1)
    for j in range(n - 1, -1, -1):
        addressed[j] = addressed[j + 1] + (feats[j]["reader"] >= 1.5)
        plain[j] = plain[j + 1] + (cls[j] == "GOOD" and feats[j]["reader"] < 1.5)
    if addressed[0] < 2:
        return None
    for k in range(first + 1, n - 2):
        text = rows[k][1]
        is_break = (cls[k] in ("SHORT", "BAD") and (_BREAK_END.search(text) or cls[k] == "BAD")) or feats[k]["reader"] >= 1.5
        if is_break and addressed[k] >= 2 and plain[k] <= 0.25 * (n - k):
            return k
    return None


def _lines(rows, labels, reasons) -> list[Line]:
    return [Line(i, t, lab or "body", r) for (i, t), lab, r in zip(rows, labels, reasons)]
