"""One common full name, different people: reports that share no other name keep them apart (issue 16)."""

from khobor.analyze.entities import EntityResolver
from spans_fixture import article as _article

_CRICKET = [("বিসিবি", "ORG"), ("আইপিএল", "ORG"), ("তাসকিন আহমেদ", "PER"), ("লিটন দাস", "PER")]
_BANKS = [("কৃষি ব্যাংক", "ORG"), ("ব্র্যাক ব্যাংক", "ORG"), ("পূবালী ব্যাংক", "ORG"), ("সোনালী ব্যাংক", "ORG")]


def _report(article_id, names):
    text = "মোস্তাফিজুর রহমান এবং " + " ও ".join(n for n, _ in names) + " নিয়ে খবর।"
    return _article(article_id, text, [("মোস্তাফিজুর রহমান", "PER"), *names])


def _person(art):
    return next(m.entity_id for m in art.mentions if m.surface == "মোস্তাফিজুর রহমান")


def test_a_common_full_name_in_unrelated_reports_is_two_people_and_a_shared_name_joins():
    bowler, banker, again = _report("a", _CRICKET), _report("b", _BANKS), _report("c", _CRICKET[:3])
    resolver = EntityResolver().partial_fit([bowler, banker])
    resolver.partial_fit([again])
    assert _person(bowler) != _person(banker)
    assert resolver.resolve_id(_person(again)) == resolver.resolve_id(_person(bowler))
    saved = EntityResolver.from_state(resolver.to_state())  # the namesake and what it was named with survive a save
    later = _report("d", _BANKS[:3])
    saved.partial_fit([later])
    assert saved.resolve_id(_person(later)) == saved.resolve_id(_person(banker))


def test_a_report_naming_few_others_joins_the_known_person():
    reports = [_report(str(i), _CRICKET) for i in range(5)]
    few = _report("few", [("ঢাকা", "LOC")])
    EntityResolver().partial_fit([*reports, few])
    assert _person(few) == _person(reports[0])
