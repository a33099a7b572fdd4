"""Ingest: find files, read each format, yield RawDocs and problems.

One reader per format. A reader never raises for bad input: it yields an
IngestError for the file (or record) and carries on, so one broken file cannot
sink a batch.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from khobor.errors import IngestError
from khobor.ingest.decode import decode, decompress, strip_compression_suffix
from khobor.model import RawDoc

TEXT_SUFFIXES = {".txt", ".text", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = {".warc"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | WARC_SUFFIXES


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
    """Files under the given paths, recursively, in a stable order; hidden files skipped."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        elif path.exists():
            yield path
        else:
            yield IngestError(str(path), "no such file or folder")


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
    return "text"


def read_file(path: Path, mapping: FieldMapping = FieldMapping()) -> Iterator[RawDoc | IngestError]:
    """Every document in one file; problems are yielded, never raised."""
    source = str(path)
    try:
        fmt = format_of(path)
        if fmt == "warc":
            yield from _read_warc(path)
            return
        data = decompress(path.read_bytes(), path.name)
        if fmt == "jsonl":
            yield from _read_jsonl(source, decode(data, source), mapping)
        elif fmt == "csv":
            delimiter = "\t" if strip_compression_suffix(path.name).lower().endswith(".tsv") else ","
            yield from _read_csv(source, decode(data, source), mapping, delimiter)
        elif fmt == "html":
            yield RawDoc(source=source, text=decode(data, source), content_type="text/html")
        elif fmt == "feed":
            yield from _read_feed(source, data)
        else:
            yield RawDoc(source=source, text=decode(data, source))
    except IngestError as error:
        yield error
    except PermissionError:
        yield IngestError(source, "permission denied")
    except IsADirectoryError:
        yield IngestError(source, "is a folder")
    except OSError as error:
        yield IngestError(source, f"cannot read ({error.strerror or error})")


def _record_doc(source: str, record: dict, mapping: FieldMapping) -> RawDoc | IngestError:
    text = record.get(mapping.text)
    if not isinstance(text, str) or not text.strip():
        return IngestError(source, f"no text in field {mapping.text!r}")
    fields = {}
    for key in ("title", "date", "url", "outlet"):
        name = getattr(mapping, key)
        value = record.get(name) if name else None
        if value not in (None, ""):
            fields[key] = str(value)
    if mapping.source and record.get(mapping.source):
        source = str(record[mapping.source])
    elif "url" in fields:
        source = fields["url"]
    content_type = "text/html" if text.lstrip().startswith("<") and "</" in text else "text/plain"
    return RawDoc(source=source, text=text, fields=fields, content_type=content_type)


def _read_jsonl(source: str, text: str, mapping: FieldMapping) -> Iterator[RawDoc | IngestError]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}#L{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield IngestError(where, f"invalid JSON ({error.msg})")
            continue
        if not isinstance(record, dict):
            yield IngestError(where, "a JSON line must hold an object")
            continue
        yield _record_doc(where, record, mapping)


def _read_csv(source: str, text: str, mapping: FieldMapping, delimiter: str) -> Iterator[RawDoc | IngestError]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if reader.fieldnames is None or mapping.text not in reader.fieldnames:
        yield IngestError(source, f"no column {mapping.text!r} (columns: {', '.join(reader.fieldnames or [])}); use --text-field")
        return
    try:
        for number, record in enumerate(reader, start=1):
            yield _record_doc(f"{source}#row{number}", record, mapping)
    except csv.Error as error:
        yield IngestError(source, f"broken CSV ({error})")


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


def _read_warc(path: Path) -> Iterator[RawDoc | IngestError]:
    try:
        from khobor.clean.warc import read_warc
    except ImportError:  # pragma: no cover - the clean stage ships it
        yield IngestError(str(path), "WARC support is not installed")
        return
    yield from read_warc(path)
