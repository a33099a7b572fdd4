"""The state codec: plain data round-trips exactly; nothing in the bytes can name code to run."""

import math
import pickle
from collections import Counter, defaultdict, deque

import msgpack
import numpy as np
import pytest

from khobor.errors import StoreError
from khobor.model import Article, Entity, Event, Mention, Quote, Story, TimeExpr
from khobor import codec


def same(a, b) -> bool:
    """Equal values of equal types, all the way down (numpy arrays by dtype, shape and content)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict):
        if isinstance(a, defaultdict) and a.default_factory is not b.default_factory:
            return False
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple, deque)):
        if isinstance(a, deque) and a.maxlen != b.maxlen:
            return False
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


VALUES = [
    None, True, False, 0, -1, 2**63 - 1, -(2**63), 2**64 - 1, 1.5, float("inf"), float("-inf"), float("nan"),
    "", "লাভরভ", b"\x00\xff", [], [1, [2, 3]], (), (1, ("a", None)), {1, 2}, frozenset({"a"}),
    {"a": 1, 2: "b", ("ev1", "bn"): 0.5, frozenset({1}): None, None: 1},
    Counter({"x": 3, ("a", "b"): 1}),
    defaultdict(list, {"a": [1]}), defaultdict(int, {"a": 2}), defaultdict(set, {"a": {1}}),
    defaultdict(Counter, {"a": Counter({"b": 1})}), defaultdict(deque, {"t": deque(["e1", "e2"])}),
    deque([1, 2, 3]), deque([(1.0, "e")], maxlen=5),
    np.arange(12, dtype=np.int64).reshape(3, 4), np.array([0.5, np.nan, np.inf], dtype=np.float32),
    np.zeros((0, 4), dtype=np.uint64), np.array([True, False]), np.arange(6, dtype=np.float64).reshape(2, 3).T,
    np.float32(0.25), np.int64(-7), np.uint64(2**64 - 1), np.bool_(True),
    Article(id="a1", source="f#L1", body="বডি", mentions=[Mention(0, 3, "বডি", "PER", "e1")],
            times=[TimeExpr(0, 2, "আজ", "2025-01-01")], quotes=[Quote(0, 1, "q", "x")], sentences=[(0, 3)],
            extras={"k": (1, 2)}),
    Entity(id="e1", type="PER", name="ক", variants=["ক", "খ"], article_ids=["a1"], extras={"types": {"PER": 2}}),
    Event(id="ev1", title="t", article_ids=["a1"], start="2025-01-01", explanation={"score": 0.5}),
    Story(id="s1", event_ids=["ev1"], extras={"timeline": [{"event_id": "ev1"}]}),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_round_trip(value):
    again = codec.loads(codec.dumps(value))
    assert same(value, again), (value, again)


def test_large_states_are_compressed_and_round_trip():
    value = {f"term{i}": [f"ev-{i % 50}", float(i)] for i in range(20000)}
    data = codec.dumps(value)
    assert data.startswith(codec.MAGIC + codec.ZSTD) and len(data) < len(msgpack.packb(value)) / 2
    assert codec.loads(data) == value
    assert codec.dumps({"small": 1}).startswith(codec.MAGIC + codec.PLAIN)


def test_arrays_come_back_writable():
    again = codec.loads(codec.dumps(np.arange(3)))
    again[0] = 9
    assert again[0] == 9


def test_events_like_state_round_trips():
    """The shape of EventClusterer's state: term weights, counters, deques, vectors keyed by (event, language)."""
    rng = np.random.default_rng(0)
    state = {"version": 2, "params": {"threshold": 0.3, "window_days": 7.0},
             "learned": {"events_": {"ev1": Event(id="ev1", article_ids=["a", "b"])},
                         "df_": Counter({"ঢাকা": 3}), "centroid_": {"ev1": {"ঢাকা": 0.7, "~PER:x": 0.2}},
                         "postings_": defaultdict(deque, {"ঢাকা": deque(["ev1"])}), "recent_": deque([(20000.0, "ev1")]),
                         "event_dense_": {("ev1", "bn"): rng.random(384, dtype=np.float32)},
                         "dense_cache_": {"a": rng.random(384, dtype=np.float32)}, "span_": {"ev1": [1.0, 2.0]},
                         "members_": {"a": {"event": "ev1", "copy": False, "terms": Counter({"x": 1})}}}}
    assert same(state, codec.loads(codec.dumps(state)))


def test_dumps_refuses_what_it_cannot_rebuild():
    class Other:
        pass

    for value in (Other(), defaultdict(lambda: 1), np.array([object()], dtype=object), {"k": Other()}):
        with pytest.raises(TypeError):
            codec.dumps(value)


def test_pickle_is_refused_unread(tmp_path):
    marker = tmp_path / "marker"

    class Evil:
        def __reduce__(self):
            import os
            return os.system, (f"touch {marker}",)

    with pytest.raises(StoreError, match="not in khobor's state format"):
        codec.loads(pickle.dumps(Evil()))
    assert not marker.exists()


def ext(code, payload) -> bytes:
    return codec.MAGIC + codec.PLAIN + msgpack.packb(msgpack.ExtType(code, msgpack.packb(payload, use_bin_type=True)), use_bin_type=True)


@pytest.mark.parametrize("data, message", [
    (ext(99, []), "unknown tag 99"),
    (ext(codec.DATACLASS, ["Popen", {"args": "x"}]), "does not rebuild: 'Popen'"),
    (ext(codec.DATACLASS, ["os.system", {}]), "does not rebuild"),
    (ext(codec.DATACLASS, ["Event", {"id": "e", "__class__": 1}]), "unknown fields for Event"),
    (ext(codec.DEFAULTDICT, ["os.system", {}]), "defaultdict of unknown kind"),
    (ext(codec.NDARRAY, ["|O8", [1], b"\x00" * 8]), "type khobor does not load"),
    (ext(codec.NDARRAY, ["[('a', 'O')]", [1], b""]), "type khobor does not load"),
    (ext(codec.NDARRAY, ["<f4", [1000000], b"\x00" * 4]), "whose data is 4 bytes"),
    (ext(codec.DEQUE, [-1, []]), "bad maxlen"),
    (codec.MAGIC + codec.PLAIN + b"\xc1", "corrupt"),
    (codec.MAGIC + codec.PLAIN + msgpack.packb([1, 2])[:1], "corrupt"),
    (codec.MAGIC + codec.ZSTD + b"not zstd", "corrupt"),
    (codec.MAGIC + b"\x09" + msgpack.packb([1]), "not in khobor's state format"),
    (b"", "not in khobor's state format"),
])
def test_malformed_state_is_a_clear_error(data, message):
    with pytest.raises(StoreError, match=message.replace("[", r"\[").replace("(", r"\(")):
        codec.loads(data)


def test_each_stage_state_round_trips():
    """Every corpus stage's learned state, fitted on a few reports, comes back equal through the codec."""
    from khobor.analyze.entities import EntityResolver
    from khobor.clean import LineStats
    from khobor.cluster.events import EventClusterer
    from khobor.cluster.stories import StoryLinker
    from khobor.dedup import Deduper
    from khobor.model import RawDoc

    fire = "গাজীপুরের কাশিমপুর এলাকায় রূপসা টেক্সটাইল কারখানায় আগুনে ৯ শ্রমিক নিহত হয়েছেন। ফায়ার সার্ভিসের ১২টি ইউনিট আগুন নেভায়।"
    flood = "সুনামগঞ্জে বন্যায় ৬৬টি গ্রাম প্লাবিত, সুরমার পানি বিপৎসীমার ওপরে। পানিবন্দী হাজারো মানুষ আশ্রয়কেন্দ্রে।"

    def articles():
        return [Article(id=f"a{i}", source=f"s{i}", title=title, body=body, published_at=f"2025-03-0{i + 1}T10:00:00+06:00",
                        mentions=[Mention(0, 9, body[:9], "LOC")]) for i, (title, body) in
                enumerate([("আগুন", fire), ("আগুন নিহত ৯", fire + " দগ্ধ ২০ জন।"), ("বন্যা", flood)])]

    arts = articles()
    dedup = Deduper().partial_fit(arts)
    events = EventClusterer().partial_fit(arts)
    stories = StoryLinker().partial_fit(list(events.events_.values()), arts)
    resolver = EntityResolver().partial_fit(articles())
    lines = LineStats(min_docs=2).partial_fit([RawDoc(source=a.id, text=a.body, fields={"outlet": "o"}) for a in arts])
    for stage in (dedup, events, stories, resolver, lines):
        state = stage.to_state()
        assert state.startswith(codec.MAGIC)
        assert same(codec.loads(state), codec.loads(type(stage).from_state(state).to_state())), type(stage).__name__
