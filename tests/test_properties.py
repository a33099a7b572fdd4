"""Property-based tests: cleaning, metadata and time parsing on arbitrary Unicode.

News text is untrusted: whatever it holds, these functions return a value or
raise one of khobor's own errors (KhoborError), never anything else.
"""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khobor.analyze.times import find_times, parse_anchor
from khobor.clean import clean
from khobor.clean.boilerplate import LineStats, classify_lines
from khobor.clean.metadata import extract_metadata, parse_dateline
from khobor.clean.normalize import normalize
from khobor.errors import KhoborError
from khobor.ingest.decode import decode_counting
from khobor.lang.bn.dates import find_dates
from khobor.model import RawDoc

# Bengali letters, signs and digits, the joiners, punctuation news uses, Latin, and line breaks: weighted
# toward what the rules look for, so the examples reach them; plus fully arbitrary text.
NEWSY = ("অআইঈউঊঋএঐওঔকখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহড়ঢ়য়ৎংঃঁািীুূৃেৈোৌ্ৗ০১২৩৪৫৬৭৮৯"
         "\u200c\u200d।,;:!?-–—'\"“”‘’()[]/ \t\nAPএএফপিরয়টার্সঢাকাজানুয়ারিফেব্রুয়ারিমার্চবৈশাখশনিবারগতকাল০123456789:.")
newsy = st.text(alphabet=st.sampled_from(NEWSY), max_size=400)
anything = st.text(max_size=400)
texts = st.one_of(newsy, anything)
common = settings(max_examples=int(__import__("os").environ.get("KHOBOR_HYPOTHESIS_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def own_errors_only(fn, *args, **kwargs):
    """Call ``fn``; a KhoborError is an allowed answer, any other exception fails the test."""
    try:
        return fn(*args, **kwargs)
    except KhoborError:
        return None


@common
@given(texts)
def test_normalize(text):
    out = own_errors_only(normalize, text)
    assert out is None or isinstance(out, str)


@common
@given(texts, st.one_of(st.none(), texts))
def test_boilerplate(text, title):
    lines = own_errors_only(classify_lines, normalize(text), title=title, line_stats=LineStats())
    for line in lines or []:
        assert isinstance(line.text, str) and line.label


@common
@given(texts, st.dictionaries(st.sampled_from(["title", "date", "url", "outlet"]), texts, max_size=4),
       st.one_of(st.none(), texts))
def test_metadata(text, fields, reference):
    lines = classify_lines(normalize(text))
    meta = own_errors_only(extract_metadata, lines, fields, reference=reference)
    if meta is not None and meta.published_at:
        assert isinstance(meta.published_at, str)


@common
@given(texts, st.one_of(st.none(), texts))
def test_dateline(line, reference):
    own_errors_only(parse_dateline, line, reference=reference)


@common
@given(texts, st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))))
def test_time_parsing(text, anchor):
    found = own_errors_only(find_times, text, anchor) or []
    for t in found:
        assert 0 <= t.start <= t.end <= len(text) and text[t.start:t.end] == t.text


@common
@given(texts, st.one_of(st.none(), texts))
def test_date_parsing(text, reference):
    own_errors_only(find_dates, text, reference=reference)
    own_errors_only(parse_anchor, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.sampled_from(["text/plain", "text/html"]),
       st.dictionaries(st.sampled_from(["title", "date", "url", "outlet"]), texts, max_size=4))
def test_clean_whole_document(text, content_type, fields):
    article = own_errors_only(clean, RawDoc(source="x", text=text, fields=fields, content_type=content_type))
    assert article is None or isinstance(article.body, str)


@common
@given(st.binary(max_size=2000))
def test_decoding_arbitrary_bytes(data):
    result = own_errors_only(decode_counting, data, "x.txt")
    if result is not None:
        text, replaced = result
        assert text.strip() and 0 <= replaced <= len(data)


@pytest.mark.parametrize("text", ["", "\n\n\n", "\x00" * 10, "১" * 5000, "।" * 3000, "\u200d" * 100])
def test_edge_cases(text):
    for fn in (normalize, lambda t: classify_lines(normalize(t)), find_times, lambda t: find_dates(t)):
        own_errors_only(fn, text)
