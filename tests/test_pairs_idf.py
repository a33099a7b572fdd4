"""The running IDF answers from its memo as before it was a dict, and the candidate window keeps its bounds."""

import math
from collections import Counter

from khobor.cluster.events import EventClusterer
from khobor.cluster.pairs import Idf


def test_idf_values_memo_and_identity():
    idf = Idf(Counter({"a": 3}), 10)
    assert bool(idf)  # an Idf with nothing asked yet is still an Idf, not an empty dict
    assert idf("a") == math.log(11 / 4) + 1.0
    assert idf("zz") == math.log(11 / 1) + 1.0
    assert dict(idf) == {"a": idf("a"), "zz": idf("zz")}  # asked terms are kept
    assert sorted(["a", "zz"], key=idf) == ["a", "zz"]
    other = Idf(Counter({"a": 3}), 10)
    assert idf != other and len({idf, other}) == 2  # one Idf per comparison round, kept apart by identity


def test_candidates_window_bounds():
    events = EventClusterer()
    events._init_state()
    events.span_ = {"in": [10.0, 12.0], "edge": [15.0, 16.0], "out": [15.5, 16.0], "empty": [math.inf, -math.inf],
                    "before": [5.0, 9.0]}
    for key in events.span_:
        events.postings_["k"].append(key)
    found = events._candidates(["k"], 12.0, window=3.0)
    assert set(found) == {"in", "edge", "before"}  # 15.0 is three days after 12.0, 15.5 more; 9.0 is three before
    assert all(events._gap(e, 12.0) <= 3.0 for e in found)


def test_one_idf_while_the_counts_stay():
    """A report's choice, its look across languages and its attach share one Idf; the next report's counts make a new one."""
    events = EventClusterer()
    events._init_state()
    events.df_.update({"a": 2})
    events.n_docs_ = 5
    first = events._idf()
    assert events._idf() is first and first("a") == math.log(6 / 3) + 1.0
    events.df_.update({"a": 1})
    events.n_docs_ += 1  # what adding a report does
    second = events._idf()
    assert second is not first and second("a") == math.log(7 / 4) + 1.0
    events._init_state()  # counts started afresh (a refit): never the old Idf, even at the same count
    events.n_docs_ = 6
    assert events._idf() is not second


def test_headline_places_and_known_names_are_per_report_and_unchanged():
    from khobor.cluster.pairs import _known_names, _places_in_title

    places, title = frozenset({"DK", "JPNN", "KLN"}), frozenset({"DK", "JPN", "MNTR"})
    assert _places_in_title(places, title) == {"DK", "JPNN"}  # one opens the other, either way
    assert _places_in_title(places, frozenset()) == frozenset()
    known, openings = _known_names(frozenset({"BK", "A"}), frozenset({"C"}), frozenset({"A"}))
    assert known == {"A", "BK", "C"} and openings == {"", "A", "B", "BK", "C"}  # every opening of every name
