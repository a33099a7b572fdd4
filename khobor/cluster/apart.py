"""Two reports of one topic told apart by their headlines, beside the rules of ``khobor.cluster.pairs``.

The pair model weighs shared words, names and figures; two pieces of news of one topic (two exams' notices, the
same day) share the topic's words and its clock times. Their headlines tell them apart.
"""

from __future__ import annotations

from khobor.cluster.pairs import ANNOUNCEMENT_APART, Idf, Profile, figures_agree, subject_apart, subject_told


def numbered_news_apart(a: Profile, b: Profile, idf: Idf) -> bool:
    """Both headlines give figures, none in common, no headline name in common, and neither report tells what the
    other's headline is about: two pieces of news of one topic, whatever the outlets and the hours between them.

    A bank's recruitment results (1,554 posts, 15,003 passed) and a medical admission test (10 to compete for a
    seat) share an exam's words; an update of one happening keeps its figure, its name or its subject. (The
    bulletin rule, ``bulletin_of_another_day``, asks for a day between them instead of the subject.)
    """
    return (bool(a.title_figures) and bool(b.title_figures) and not figures_agree(a.title_figures, b.title_figures)
            and not a.title_entities & b.title_entities and subject_apart(a, b, idf) >= ANNOUNCEMENT_APART)


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
