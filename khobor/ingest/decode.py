"""Bytes to text, refusing what is not news text, within size limits.

Refusals are explicit (an IngestError naming the reason) so a batch can report
them and carry on: binary data, empty files, text that is not UTF-8 or UTF-16,
files over the size limits, compression bombs, and Bengali typed in the legacy
Bijoy/SutonnyMJ ASCII encoding, which decodes "fine" as Latin-1 but is garbage
to every later stage. A few undecodable bytes in otherwise good UTF-8 (a
damaged download) are replaced with U+FFFD and counted, not fatal.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import re
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

import regex
import zstandard

from khobor.errors import IngestError

# Plain character classes and literals: the stdlib ``re`` matches them alike, faster (is_legacy_bengali, asked of
# every document: 0.16 -> 0.07 CPU-s on the dev corpus).
_BENGALI = re.compile(r"[\u0980-\u09ff]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00ff`~^\u2020\u2021\u02c6\u0160\u0152\u00a9\u00aa\u00ab\u00a8\u00af\u00d6\u00f7\u00b8\u00a6]+")
# Glyph codes SutonnyMJ-style fonts use for Bengali vowel signs and conjuncts: ‡ ˆ © ª « ¨ ¯ Ö ÷ ¸ ¦ Š Œ †.
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
_BIJOY_MARKS = set("\u2021\u02c6\u00a9\u00aa\u00ab\u00a8\u00af\u00d6\u00f7\u00b8\u00a6\u0160\u0152\u2020")
# Bijoy spells common Bengali syllables with these Latin pairs (আ = Av, া = v, ি = w, ু = y).
_BIJOY_SYLLABLES = re.compile(r"(?:Av|[bcdegjkmnpstvxz]v[bcdegjkmnpstxz]|[A-Z][vw]|wK|wb|wZ|Ki|Zv|bv|Kv|evsjv|Ges)")
_ENGLISH_COMMON = {
    "the", "and", "of", "to", "in", "a", "is", "for", "on", "that", "with", "was", "said",
    "by", "as", "at", "from", "it", "he", "she", "be", "are", "has", "have", "his", "her",
}
# UTF-8 lead byte followed by its continuation bytes: a valid multi-byte character.
_UTF8_MULTIBYTE = regex.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

MB = 1024 * 1024


def _env_kb(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default * 1024
    try:
        kb = int(value)
    except ValueError:
        from khobor.errors import ConfigError

        raise ConfigError(f"{name}={value!r}: expected a whole number of kilobytes") from None
    return max(kb, 1) * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits that keep one bad input from exhausting memory.

    ``article_bytes``: one article's text (a text file, a JSONL/CSV record);
    real news articles are well under 100 KB, and later stages need memory
    roughly proportional to it. ``page_bytes``: one HTML page, feed or WARC
    record, markup included. ``decompressed_bytes`` and ``ratio``: a
    compressed file may not expand beyond either (a gzip bomb reaches 1000x).
    Set from the environment by ``from_env`` (KHOBOR_MAX_ARTICLE_KB,
    KHOBOR_MAX_PAGE_KB, KHOBOR_MAX_DECOMPRESSED_KB).
    """

    article_bytes: int = 512 * 1024
    page_bytes: int = 8 * MB
    decompressed_bytes: int = 1024 * MB
    ratio: int = 100
    ratio_floor: int = 16 * MB  # below this output size the ratio is not checked (tiny files compress well)

    @classmethod
    def from_env(cls) -> "Limits":
        return cls(article_bytes=_env_kb("KHOBOR_MAX_ARTICLE_KB", 512),
                   page_bytes=_env_kb("KHOBOR_MAX_PAGE_KB", 8 * 1024),
                   decompressed_bytes=_env_kb("KHOBOR_MAX_DECOMPRESSED_KB", 1024 * 1024))


def size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{max(n // 1024, 1)} KB"


# -- counting replacements --------------------------------------------------------

_tally = threading.local()


def _count_and_replace(error: UnicodeDecodeError):
    _tally.bytes = getattr(_tally, "bytes", 0) + (error.end - error.start)
    if getattr(_tally, "first", None) is None:
        _tally.first = error.start
    return "\ufffd", error.end


codecs.register_error("khobor-count", _count_and_replace)


def replaced_so_far() -> int:
    """Bytes replaced by the ``khobor-count`` error handler in this thread so far."""
    return getattr(_tally, "bytes", 0)


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int, int | None]:
    _tally.bytes, _tally.first = 0, None
    text = data.decode(encoding, errors="khobor-count")
    return text, _tally.bytes, _tally.first


def damage_is_local(replaced: int, total: int) -> bool:
    """A few bad bytes (a damaged download, a cut character) rather than another encoding."""
    return replaced <= max(8, total // 1000)


# -- streams with caps ------------------------------------------------------------

class _Capped(io.RawIOBase):
    """A decompressing stream that refuses to expand past the byte and ratio limits."""

    def __init__(self, inner, name: str, compressed: int, limits: Limits):
        self.inner, self.name, self.compressed, self.limits = inner, name, max(compressed, 1), limits
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            chunk = self.inner.read(len(buffer))
        except (OSError, EOFError, zlib.error, zstandard.ZstdError) as error:
            raise IngestError(self.name, f"corrupt compressed file ({error})") from error
        n = len(chunk)
        buffer[:n] = chunk
        self.produced += n
        limit = self.limits.decompressed_bytes
        if self.produced > limit:
            raise IngestError(self.name, f"decompresses to more than {size(limit)}; refused "
                              "(raise KHOBOR_MAX_DECOMPRESSED_KB if it is real)")
        if self.produced > self.limits.ratio_floor and self.produced > self.compressed * self.limits.ratio:
            raise IngestError(self.name, f"expands more than {self.limits.ratio} times when decompressed "
                              f"({size(self.compressed)} to over {size(self.produced)}): refused as a compression bomb")
        return n

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            super().close()


def open_stream(path: Path, limits: Limits) -> io.BufferedReader:
    """The file's bytes as a buffered stream, gzip/zstd decompressed on the fly within ``limits``.

    A compressed file is first decompressed once without keeping anything, so
    a bomb is refused whole before any of its records is read.
    """
    stream = _open(path, limits)
    if not isinstance(stream.raw, _Capped):
        return stream
    with stream:
        while stream.read(1 << 20):
            pass
    return _open(path, limits)


def _open(path: Path, limits: Limits) -> io.BufferedReader:
    raw = Path(path).open("rb")
    try:
        magic = raw.read(4)
        raw.seek(0)
        lowered = path.name.lower()
        if lowered.endswith(".gz") or magic[:2] == b"\x1f\x8b":
            inner = gzip.GzipFile(fileobj=raw, mode="rb")
        elif lowered.endswith(".zst") or magic == b"\x28\xb5\x2f\xfd":
            inner = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
        else:
            return io.BufferedReader(raw, 1 << 16)
        compressed = os.fstat(raw.fileno()).st_size
        return io.BufferedReader(_Capped(inner, str(path), compressed, limits), 1 << 16)
    except BaseException:
        raw.close()
        raise


def read_capped(stream, limit: int, name: str, what: str, env: str) -> bytes:
    """Everything left in ``stream``, refused with a clear reason when over ``limit`` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise IngestError(name, f"{what} is over the {size(limit)} limit; refused "
                          f"(set {env} to a larger number of kilobytes to read it)")
    return data


def decompress(data: bytes, name: str, limits: Limits | None = None) -> bytes:
    """Decompress gzip/zstd bytes (others are returned as they are), within ``limits``."""
    limits = limits or Limits()
    lowered = name.lower()
    if lowered.endswith(".gz") or data[:2] == b"\x1f\x8b":
        inner = gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb")
    elif lowered.endswith(".zst") or data[:4] == b"\x28\xb5\x2f\xfd":
        inner = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True)
    else:
        return data
    with io.BufferedReader(_Capped(inner, name, len(data), limits)) as stream:
        return stream.read()


def strip_compression_suffix(name: str) -> str:
    for suffix in (".gz", ".zst"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


# -- decoding -----------------------------------------------------------------------

def sniff_encoding(head: bytes, name: str) -> str:
    """The encoding of a file from its first bytes, or an IngestError saying why it is not text."""
    if not head.strip():
        raise IngestError(name, "empty file")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if _looks_binary(head):
        raise IngestError(name, "binary data, not text")
    text, replaced, first = _decode_counting(head, "utf-8-sig")
    tail_cut = len(head) - first if first is not None and len(head) - first <= 3 else 0  # a character cut by the sample
    if not damage_is_local(replaced - tail_cut, len(head)):
        raise _not_utf8(head, name, replaced, first)
    return "utf-8-sig"


def decode_counting(data: bytes, name: str) -> tuple[str, int]:
    """(text, bytes replaced): UTF-8 (BOM or not) or UTF-16 (BOM); a few bad bytes are replaced, the rest refused."""
    if not data.strip():
        raise IngestError(name, "empty file")
    replaced = 0
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise IngestError(name, f"broken UTF-16 ({error.reason} at byte {error.start})") from error
    else:
        if _looks_binary(data):
            raise IngestError(name, "binary data, not text")
        text, replaced, first = _decode_counting(data, "utf-8-sig")
        if replaced and not damage_is_local(replaced, len(data)):
            raise _not_utf8(data, name, replaced, first)
    if not text.strip():
        raise IngestError(name, "empty file")
    if is_legacy_bengali(text):
        raise IngestError(name, "legacy Bijoy/SutonnyMJ-encoded Bengali; convert it to Unicode first")
    return text, replaced


def decode(data: bytes, name: str) -> str:
    """Decode news bytes (see ``decode_counting``); the count of replaced bytes is dropped."""
    return decode_counting(data, name)[0]


def replaced_note(replaced: int) -> str:
    return f"{replaced} undecodable byte(s) replaced with U+FFFD; the rest was read as UTF-8"


def _not_utf8(data: bytes, name: str, replaced: int, first: int | None) -> IngestError:
    """Why bytes that are not UTF-8 were refused: Bijoy only when they look like it."""
    sample = data[:20000]
    if not _mostly_utf8(sample) and is_legacy_bengali(sample.decode("cp1252", errors="replace")):
        return IngestError(name, "legacy Bijoy/SutonnyMJ-encoded Bengali; convert it to Unicode first")
    return IngestError(name, f"not UTF-8 or UTF-16 text ({replaced} of {len(data)} bytes undecodable, "
                       f"the first at byte {first})")


def _mostly_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form valid UTF-8 characters (damaged UTF-8, not a legacy encoding)."""
    high = sum(1 for b in data if b >= 0x80)
    if not high:
        return False
    valid = sum(len(m) for m in _UTF8_MULTIBYTE.findall(data))
    return valid >= high * 0.5


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def is_legacy_bengali(text: str) -> bool:
    """True when text is Bengali typed in a Bijoy-family ASCII font rather than Unicode.

    Such text has no Bengali code points, mostly ASCII letters, few English function words, and many
    glyph codes (‡, ©, ¨ …) or Bijoy syllable spellings (Av, evsjv, Ki).
    """
    sample = text[:20000]
    if _BENGALI.search(sample):
        return False
    words = _LATIN_WORD.findall(sample)
    if len(words) < 3:
        return False
    english = 0  # asked first, and left as soon as it is plain (every English article comes here)
    for w in words:
        if w.lower() in _ENGLISH_COMMON:
            english += 1
            if english / len(words) > 0.08:
                return False
    visible = sum(map(len, sample.split()))
    if sum(map(len, _ASCII_LETTERS.findall(sample))) < visible * 0.5:
        return False  # Bijoy spells Bengali mostly with ASCII letters; high-byte noise is something else
    marks = sum(sample.count(mark) for mark in _BIJOY_MARKS)
    return marks / max(len(sample), 1) > 0.01 or len(_BIJOY_SYLLABLES.findall(sample)) / len(words) > 0.3
