"""Bytes to text, refusing what is not news text.

Refusals are explicit (an IngestError naming the reason) so a batch can report
them and carry on: binary data, empty files, undecodable bytes, and Bengali
typed in the legacy Bijoy/SutonnyMJ ASCII encoding, which decodes "fine" as
Latin-1 but is garbage to every later stage.
"""

from __future__ import annotations

import gzip
import io

import regex
import zstandard

from khobor.errors import IngestError

_BENGALI = regex.compile(r"[\u0980-\u09ff]")
_LATIN_WORD = regex.compile(r"[A-Za-z\u00c0-\u00ff`~^\u2020\u2021\u02c6\u0160\u0152\u00a9\u00aa\u00ab\u00a8\u00af\u00d6\u00f7\u00b8\u00a6]+")
# Glyph codes SutonnyMJ-style fonts use for Bengali vowel signs and conjuncts: ‡ ˆ © ª « ¨ ¯ Ö ÷ ¸ ¦ Š Œ †.
_BIJOY_MARKS = set("\u2021\u02c6\u00a9\u00aa\u00ab\u00a8\u00af\u00d6\u00f7\u00b8\u00a6\u0160\u0152\u2020")
# Bijoy spells common Bengali syllables with these Latin pairs (আ = Av, া = v, ি = w, ু = y).
_BIJOY_SYLLABLES = regex.compile(r"(?:Av|[bcdegjkmnpstvxz]v[bcdegjkmnpstxz]|[A-Z][vw]|wK|wb|wZ|Ki|Zv|bv|Kv|evsjv|Ges)")
_ENGLISH_COMMON = {
    "the", "and", "of", "to", "in", "a", "is", "for", "on", "that", "with", "was", "said",
    "by", "as", "at", "from", "it", "he", "she", "be", "are", "has", "have", "his", "her",
}


def decompress(data: bytes, name: str) -> bytes:
    lowered = name.lower()
    try:
        if lowered.endswith(".gz") or data[:2] == b"\x1f\x8b":
            return gzip.decompress(data)
        if lowered.endswith(".zst") or data[:4] == b"\x28\xb5\x2f\xfd":
            with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as reader:
                return reader.read()
    except (OSError, EOFError, zstandard.ZstdError) as error:
        raise IngestError(name, f"corrupt compressed file ({error})") from error
    return data


def strip_compression_suffix(name: str) -> str:
    for suffix in (".gz", ".zst"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def decode(data: bytes, name: str) -> str:
    """Decode news bytes: UTF-8 (BOM or not) or UTF-16 (BOM); refuse the rest with a reason."""
    if not data.strip():
        raise IngestError(name, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise IngestError(name, f"broken UTF-16 ({error.reason} at byte {error.start})") from error
    else:
        if _looks_binary(data):
            raise IngestError(name, "binary data, not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            if is_legacy_bengali(data.decode("cp1252", errors="replace")):
                raise IngestError(name, "legacy Bijoy/SutonnyMJ-encoded Bengali; convert it to Unicode first") from error
            raise IngestError(name, f"not UTF-8 or UTF-16 text ({error.reason} at byte {error.start})") from error
    if not text.strip():
        raise IngestError(name, "empty file")
    if is_legacy_bengali(text):
        raise IngestError(name, "legacy Bijoy/SutonnyMJ-encoded Bengali; convert it to Unicode first")
    return text


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def is_legacy_bengali(text: str) -> bool:
    """True when text is Bengali typed in a Bijoy-family ASCII font rather than Unicode.

    Such text has no Bengali code points, few English function words, and many
    glyph codes (‡, ©, ¨ …) or Bijoy syllable spellings (Av, evsjv, Ki).
    """
    sample = text[:20000]
    if _BENGALI.search(sample):
        return False
    words = _LATIN_WORD.findall(sample)
    if len(words) < 3:
        return False
    marks = sum(1 for ch in sample if ch in _BIJOY_MARKS)
    english = sum(1 for w in words if w.lower() in _ENGLISH_COMMON)
    syllables = len(_BIJOY_SYLLABLES.findall(sample))
    if english / len(words) > 0.08:
        return False
    return marks / max(len(sample), 1) > 0.01 or syllables / len(words) > 0.3
