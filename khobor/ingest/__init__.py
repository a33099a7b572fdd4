"""Ingest: find files, read each format, yield RawDocs and problems.

One reader per format. A reader never raises for bad input: it yields an
IngestError for the file (or record) and carries on, so one broken file cannot
sink a batch.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from khobor.errors import IngestError, IngestWarning
from khobor.ingest.decode import (Limits, damage_is_local, decode_counting, is_legacy_bengali, open_stream, read_capped,
                                  replaced_note, replaced_so_far, size, sniff_encoding, strip_compression_suffix)
from khobor.model import RawDoc

TEXT_SUFFIXES = {".txt", ".text", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = {".warc"}
PARQUET_SUFFIXES = {".parquet", ".parq"}  # khobor.ingest.parquet
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | WARC_SUFFIXES | PARQUET_SUFFIXES


@dataclass(frozen=True, slots=True)
class FieldMapping:
    """Which fields of a JSONL/CSV record hold what."""

    text: str = "text"
    title: str | None = "title"
    date: str | None = "date"
    url: str | None = "url"
    source: str | None = None
    outlet: str | None = "outlet"


def find_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path | IngestError]:
    """Files under the given paths, recursively, in a stable order; hidden files skipped.

    What cannot be read is named, never skipped silently: a dangling or looping
    symbolic link, a folder that cannot be listed.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            unreadable: list[OSError] = []
            for root, dirs, files in os.walk(path, onerror=unreadable.append):
                yield from _folder_problems(unreadable)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield _checked(Path(root) / name)
            yield from _folder_problems(unreadable)
        elif path.is_symlink() or path.exists():
            yield _checked(path)
        else:
            yield IngestError(str(path), "no such file or folder")


def _folder_problems(errors: list[OSError]) -> Iterator[IngestError]:
    for error in errors:
        reason = "permission denied" if isinstance(error, PermissionError) else (error.strerror or str(error))
        yield IngestError(str(error.filename), f"folder cannot be read ({reason}); its files were not ingested")
    errors.clear()


def _checked(path: Path) -> Path | IngestError:
    """The path, or the problem with it when it is a symbolic link that leads nowhere."""
    if not path.is_symlink():
        return path
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return IngestError(str(path), "symbolic link loop")
        return IngestError(str(path), f"dangling symbolic link (to {os.readlink(path)}, which does not exist)")
    return path


def format_of(path: Path) -> str:
    suffix = Path(strip_compression_suffix(path.name)).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in WARC_SUFFIXES:
        return "warc"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    return "text"


def read_file(path: Path, mapping: FieldMapping = FieldMapping(),
              limits: Limits | None = None) -> Iterator[RawDoc | IngestError | IngestWarning]:
    """Every document in one file; problems are yielded, never raised.

    Files are streamed: a JSONL or CSV file of any size is read record by
    record; a text or HTML file, one article, is read up to its size limit.
    An IngestWarning (a few bytes repaired) comes before the document it is about.
    """
    limits = limits or Limits.from_env()
    source = str(path)
    try:
        fmt = format_of(path)
        if fmt == "warc":
            yield from _read_warc(path, limits)
            return
        if fmt == "parquet":
            from khobor.ingest.parquet import read_parquet

            yield from read_parquet(path, mapping, limits)
            return
        with open_stream(path, limits) as stream:
            if fmt == "jsonl":
                yield from _read_jsonl(source, stream, mapping, limits)
            elif fmt == "csv":
                delimiter = "\t" if strip_compression_suffix(path.name).lower().endswith(".tsv") else ","
                yield from _read_csv(source, stream, mapping, delimiter, limits)
            elif fmt == "feed":
                yield from _read_feed(source, read_capped(stream, limits.page_bytes, source, "feed", "KHOBOR_MAX_PAGE_KB"))
            elif fmt == "html":
                data = read_capped(stream, limits.page_bytes, source, "HTML page", "KHOBOR_MAX_PAGE_KB")
                text, replaced = decode_counting(data, source)
                if replaced:
                    yield IngestWarning(source, replaced_note(replaced))
                yield RawDoc(source=source, text=text, content_type="text/html")
            else:
                data = read_capped(stream, limits.article_bytes, source, "article text", "KHOBOR_MAX_ARTICLE_KB")
                text, replaced = decode_counting(data, source)
                if replaced:
                    yield IngestWarning(source, replaced_note(replaced))
                yield RawDoc(source=source, text=text)
    except IngestError as error:
        yield error
    except PermissionError:
        yield IngestError(source, "permission denied")
    except IsADirectoryError:
        yield IngestError(source, "is a folder")
    except OSError as error:
        yield IngestError(source, f"cannot read ({error.strerror or error})")


def _text_stream(source: str, stream, limits: Limits) -> io.TextIOWrapper:
    """Decoded lines of a record file; the encoding is judged from its first 64 KB."""
    head = stream.peek(1 << 16)[: 1 << 16]
    encoding = sniff_encoding(head, source)
    return io.TextIOWrapper(stream, encoding=encoding, errors="khobor-count", newline="")


# Date fields of common feeds and crawls, read when a record has no "date" and no other name was given.
_DATE_KEYS = ("published", "published_at", "publish_date", "pubDate", "datePublished", "created_at", "time")


def _record_doc(source: str, record: dict, mapping: FieldMapping, limits: Limits) -> RawDoc | IngestError:
    text = record.get(mapping.text)
    if not isinstance(text, str) or not text.strip():
        return IngestError(source, f"no text in field {mapping.text!r}")
    if len(text) * 3 > limits.article_bytes and len(text.encode("utf-8")) > limits.article_bytes:
        return IngestError(source, f"article text is over the {size(limits.article_bytes)} limit; refused "
                           "(set KHOBOR_MAX_ARTICLE_KB to a larger number of kilobytes to read it)")
    bad = text.count("\ufffd")
    if bad and not damage_is_local(bad, len(text)):
        return IngestError(source, f"text is not UTF-8 ({bad} undecodable bytes)")
    if is_legacy_bengali(text):
        return IngestError(source, "legacy Bijoy/SutonnyMJ-encoded Bengali; convert it to Unicode first")
    fields = {}
    for key in ("title", "date", "url", "outlet"):
        name = getattr(mapping, key)
        value = record.get(name) if name else None
        if value not in (None, ""):
            fields[key] = str(value)
    if "date" not in fields and mapping.date == "date":  # the default name is absent: try the usual others
        value = next((record[k] for k in _DATE_KEYS if record.get(k) not in (None, "")), None)
        if value is not None:
            fields["date"] = str(value)
    if mapping.source and record.get(mapping.source):
        source = str(record[mapping.source])
    elif "url" in fields:
        source = fields["url"]
    content_type = "text/html" if text.lstrip().startswith("<") and "</" in text else "text/plain"
    return RawDoc(source=source, text=text, fields=fields, content_type=content_type)


def _read_jsonl(source: str, stream, mapping: FieldMapping, limits: Limits) -> Iterator[RawDoc | IngestError | IngestWarning]:
    text = _text_stream(source, stream, limits)
    longest = 8 * limits.article_bytes + 65536  # JSON escapes (\\u0995) make a line up to 6x its text
    before, number, records = replaced_so_far(), 0, 0
    while True:
        line = text.readline(longest)
        if not line:
            break
        number += 1
        where = f"{source}#L{number}"
        if len(line) >= longest and not line.endswith("\n"):
            while (rest := text.readline(longest)) and not rest.endswith("\n"):
                pass
            yield IngestError(where, f"line is over {size(longest)}; refused "
                              "(set KHOBOR_MAX_ARTICLE_KB to a larger number of kilobytes to read it)")
            continue
        if not line.strip():
            continue
        records += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield IngestError(where, f"invalid JSON ({error.msg})")
            continue
        if not isinstance(record, dict):
            yield IngestError(where, "a JSON line must hold an object")
            continue
        yield _record_doc(where, record, mapping, limits)
    if not records:
        yield IngestError(source, "empty file")
    if replaced_so_far() > before:
        yield IngestWarning(source, replaced_note(replaced_so_far() - before))


def _read_csv(source: str, stream, mapping: FieldMapping, delimiter: str, limits: Limits) -> Iterator[RawDoc | IngestError | IngestWarning]:
    csv.field_size_limit(max(csv.field_size_limit(), limits.article_bytes))
    before = replaced_so_far()
    reader = csv.DictReader(_text_stream(source, stream, limits), delimiter=delimiter)
    try:
        if reader.fieldnames is None or mapping.text not in reader.fieldnames:
            yield IngestError(source, f"no column {mapping.text!r} (columns: {', '.join(reader.fieldnames or [])}); use --text-field")
            return
        for number, record in enumerate(reader, start=1):
            yield _record_doc(f"{source}#row{number}", record, mapping, limits)
    except csv.Error as error:
        yield IngestError(source, f"broken CSV ({error})")
    if replaced_so_far() > before:
        yield IngestWarning(source, replaced_note(replaced_so_far() - before))


def _read_feed(source: str, data: bytes) -> Iterator[RawDoc | IngestError]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = str(feed.get("bozo_exception") or "no entries")
        yield IngestError(source, f"not a readable RSS/Atom feed ({reason})")
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        content = entry.get("content") or []
        text = content[0].get("value") if content else entry.get("summary") or ""
        fields = {k: v for k, v in {
            "title": entry.get("title"),
            "date": entry.get("published") or entry.get("updated"),
            "url": entry.get("link"),
            "outlet": outlet,
        }.items() if v}
        where = fields.get("url") or f"{source}#item{number}"
        if not text.strip():
            yield IngestError(where, "feed entry has no text")
            continue
        yield RawDoc(source=where, text=text, fields=fields, content_type="text/html" if "<" in text else "text/plain")


def _read_warc(path: Path, limits: Limits) -> Iterator[RawDoc | IngestError]:
    try:
        from khobor.clean.warc import read_warc
    except ImportError:  # pragma: no cover - the clean stage ships it
        yield IngestError(str(path), "WARC support is not installed")
        return
    yield from read_warc(path, limits=limits)
