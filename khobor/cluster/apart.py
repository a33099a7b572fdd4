"""Two reports of one topic told apart by their headlines, beside the pair model of ``khobor.cluster.pairs``.

The pair model weighs shared words, names and figures; two pieces of news of one topic (two exams' notices, the
same day) share the topic's words and its clock times. Their headlines tell them apart.
"""

from __future__ import annotations

from functools import lru_cache

from khobor.cluster.features import skeleton, terms
from khobor.cluster.pairs import Idf, Profile, bulletin_of_another_day, figures_agree, gap_days, headlines_disagree, names_any

SUBJECT_TERMS = 3  # a headline's rarest words that say what it is about
ANNOUNCEMENT_DAYS = 0.25  # one outlet's two reports this close are "a few hours apart"
ANNOUNCEMENT_APART = 0.6  # subject_apart from which neither report tells the other's headline subject
OTHER_OUTLET_APART = 1.0  # two outlets' reports: neither tells a word of the other's headline subject
SPEAKER_WORDS = 4  # a quote headline's speaker part is this short


def _subject(title_terms: frozenset, idf: Idf) -> tuple[tuple, float]:
    """A headline's subject: its ``SUBJECT_TERMS`` rarest words seen in other reports, each with its spelling-folded
    key, and their summed weight (a word no other report has yet could be shared by none)."""
    words = sorted((t for t in title_terms if not t.startswith("~") and not t.isdigit() and idf.df.get(t, 0) > 1),
                   key=lambda t: (-idf(t), t))[:SUBJECT_TERMS]
    return tuple((t, _folded(t), idf(t)) for t in words), sum(map(idf, words))


@lru_cache(maxsize=1 << 16)
def _folded(term: str) -> str:
    """A term's spelling-folded key (as ``features.word_terms`` counts it): a headline's words are folded for every
    report it is compared with, the same few thousand words again and again."""
    return "~" + skeleton(term)


def subject_told(a: Profile, b: Profile, idf: Idf) -> float:
    """How much of ``a``'s headline subject ``b`` tells (in its headline or lead); 1.0 when ``b``'s headline has it all."""
    words, total = idf.once("subject", a.title_terms, _subject)
    if not words or all(t in b.title_terms for t, _, _ in words):
        return 1.0
    return sum(w for t, folded, w in words if t in b.counts or folded in b.counts) / total


def subject_apart(a: Profile, b: Profile, idf: Idf) -> float:
    """1 - the better of the two: an update names what the earlier headline said; a second announcement does not."""
    return 1.0 - max(subject_told(a, b, idf), subject_told(b, a, idf))


def another_announcement(a: Profile, b: Profile, idf: Idf) -> bool:
    """A few hours apart, and neither report tells what the other's headline is about: two pieces of news.

    An outlet tells one happening twice mostly as the update of a developing story (which still names what the
    first headline said) or as the next morning's print version; within hours, two of its reports under headlines
    on other subjects are most often two pieces of news of one occasion: a minister's announcements after one
    meeting, a court's orders in two cases, two medals of one games day. (In a random sample of 40 joins read by hand,
    10 of the 14 wrong ones were two reports of one outlet, 7 of them within three hours.) Two outlets word one
    happening each their own way, yet each names some of the other's headline subject in its headline or lead;
    when neither names any of it, they told two announcements of one briefing (a VAT cut; compensation for a
    crash's victims).
    """
    if not a.outlet or not b.outlet or gap_days(a, b) >= ANNOUNCEMENT_DAYS:
        return False
    return subject_apart(a, b, idf) >= (ANNOUNCEMENT_APART if a.outlet == b.outlet else OTHER_OUTLET_APART)


@lru_cache(maxsize=1 << 14)  # (asked of both headlines of every pair compared)
def speaker(headline: str) -> str | None:
    """Who a quote headline quotes: its last part after a colon, of a few words ("...: স্বরাষ্ট্রমন্ত্রী")."""
    head, colon, tail = headline.strip().rstrip(".").rpartition(":")
    return tail.strip() if colon and 1 <= len(tail.split()) <= SPEAKER_WORDS and len(head.split()) >= 3 else None


def another_remark(a: Profile, b: Profile, idf: Idf) -> bool:
    """One speaker's two quote headlines ("remark: speaker"), and neither report tells what the other's is about.

    A minister's briefing gives several headlines, each its own news (constables to be hired, a new commission
    on a mutiny), under any outlet and on any day; one remark reported twice keeps its subject. (Other speakers'
    remarks on one day of mourning are reports of that day: not this rule.)
    """
    said_a, said_b = speaker(a.lead), speaker(b.lead)
    return (said_a is not None and said_b is not None and bool(set(terms(said_a)) & set(terms(said_b)))
            and subject_apart(a, b, idf) >= ANNOUNCEMENT_APART)


LATER_ACT = 0.1  # days: side stories of one happening come the same day; its actors' next act, later
ACT_WORDS = 2  # a headline tells its act in at least this many words besides the actors both headlines name


def _acts(a: Profile, b: Profile, idf: Idf) -> tuple:
    """What ``a``'s headline says happened that ``b``'s does not: its ``SUBJECT_TERMS`` rarest words (seen in other
    reports) missing from ``b``'s headline (the words both headlines have are mostly their actors' names)."""
    words = [t for t in a.title_terms - b.title_terms if not t.startswith("~") and not t.isdigit() and idf.df.get(t, 0) > 1]
    return tuple(sorted(words, key=lambda t: (-idf(t), t))[:SUBJECT_TERMS])


def _tells(prof: Profile, words: tuple, folded: bool = True) -> bool:
    """Does ``prof``'s headline or lead have one of ``words`` (with ``folded``, spelt otherwise: but হিসাব, an account,
    and হিসেবে, "as", fold alike)?"""
    return any(t in prof.counts or folded and _folded(t) in prof.counts for t in words)


def another_act(a: Profile, b: Profile, idf: Idf) -> bool:
    """``a``, told after ``b``, names ``b``'s headline actors and recalls what ``b`` says they did, while ``b`` tells
    none of what ``a``'s headline says: a later happening of the same actors, not an update of ``b``'s.

    Two advisers resign; a day later a students' platform demands they disclose their wealth: the demand's report
    recalls the resignation, the resignation's report knows nothing of a demand. An update keeps some word of what
    it updates, and two outlets' wordings of one happening seldom have one tell the other's act and not the reverse.
    """
    if a.outlet == b.outlet or a.day is None or b.day is None or a.day - b.day < LATER_ACT or not a.headline_names or not names_any(a.headline_names, b):
        return False
    acts = _acts(a, b, idf)
    return len(acts) >= ACT_WORDS and not _tells(b, acts, folded=False) and _tells(a, _acts(b, a, idf))


def numbered_news_apart(a: Profile, b: Profile, idf: Idf) -> bool:
    """Both headlines give figures, none in common, no headline name in common, and neither report tells what the
    other's headline is about: two pieces of news of one topic, whatever the outlets and the hours between them.

    A bank's recruitment results (1,554 posts, 15,003 passed) and a medical admission test (10 to compete for a
    seat) share an exam's words; an update of one happening keeps its figure, its name or its subject. (The
    bulletin rule, ``bulletin_of_another_day``, asks for a day between them instead of the subject.)
    """
    return (bool(a.title_figures) and bool(b.title_figures) and not figures_agree(a.title_figures, b.title_figures)
            and not a.title_entities & b.title_entities and subject_apart(a, b, idf) >= ANNOUNCEMENT_APART)


SERIES_WORDS = 3  # two headlines opening with these same words are two items under one series title
SERIES_DAYS = 1.0  # an outlet runs a series' items together


def another_in_series(a: Profile, b: Profile, idf: Idf) -> bool:
    """One outlet's two headlines open alike ("most catches in international cricket", "most centuries in ..."), and
    neither report tells any of the words the other's headline adds: two items of one series, not one happening.

    An explainer series shares its players' names and figures and the headline frame; an update of one happening
    under the same opening words still tells some of what the other headline adds (the beating, then the protest
    against the beating).
    """
    if not a.outlet or a.outlet != b.outlet or gap_days(a, b) >= SERIES_DAYS:
        return False
    words_a, words_b = a.lead.split(), b.lead.split()
    if min(len(words_a), len(words_b)) <= SERIES_WORDS or words_a[:SERIES_WORDS] != words_b[:SERIES_WORDS]:
        return False
    adds_a, adds_b = _adds(a, b, idf), _adds(b, a, idf)
    return bool(adds_a) and bool(adds_b) and not _tells(b, adds_a) and not _tells(a, adds_b)


def _adds(a: Profile, b: Profile, idf: Idf) -> tuple:
    """The rarest words ``a``'s headline has and ``b``'s has not (a series' next item may bring a word no report had)."""
    words = [t for t in a.title_terms - b.title_terms if not t.startswith("~") and not t.isdigit()]
    return tuple(sorted(words, key=lambda t: (-idf(t), t))[:SUBJECT_TERMS])


SUBJECT_HELD = 0.5  # of a headline's subject (its rarest words' weight) a report must tell to tell that headline's news
NEAR_TIE = 0.1  # two matches' scores this close say no more which event is the report's than a coin would


def outranks(prof: Profile, x: tuple, y: tuple, threshold: float, idf: Idf) -> bool:
    """Is event match ``x`` (score, event, member, ...) a better home for ``prof`` than ``y``?

    The higher score, unless both join and score about the same: then the event whose report tells what this
    report's headline is about. A morning roundup of a tribunal's day, headlined on one accused's notice, shares as
    much with the report of another case heard that day as with the notice's own report; its headline says which.
    """
    if min(x[0], y[0]) >= threshold and abs(x[0] - y[0]) < NEAR_TIE:
        told_x, told_y = (subject_told(prof, m[2], idf) >= SUBJECT_HELD for m in (x, y))
        if told_x != told_y:
            return told_x
    return x[0] > y[0]


def other_news(a: Profile, b: Profile, idf: Idf) -> str | None:
    """Why two reports of one language tell two pieces of news whatever words they share, in words; None if nothing
    here tells them apart. One list for every place that asks: joining a report, merging two events, and merging an
    event told in two languages with another."""
    return ("bulletin of another day" if bulletin_of_another_day(a, b) else
            "numbered news of another subject" if numbered_news_apart(a, b, idf) else
            "headline names other actors" if headlines_disagree(a, b) else
            "another announcement" if another_announcement(a, b, idf) else
            "another remark" if another_remark(a, b, idf) else
            "another item of a series" if another_in_series(a, b, idf) else None)
