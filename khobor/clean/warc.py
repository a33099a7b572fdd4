"""WARC files: every HTML response record becomes a RawDoc (content_type text/html)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from khobor.clean.html import decode_html, html_to_rawdoc
from khobor.model import RawDoc


def read_warc(path: str | Path) -> Iterator[RawDoc]:
    """Yield HTML responses of a (possibly gzipped) WARC; source is the record's target URI."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if "html" not in content_type.lower():
                continue
            status = record.http_headers.get_statuscode()
            if status and not status.startswith("2"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            charset = None
            if "charset=" in content_type.lower():
                charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
            html = decode_html(record.content_stream().read(), charset)
            yield html_to_rawdoc(html, source=uri, fields={"url": uri},
                                 fetched_at=record.rec_headers.get_header("WARC-Date"))
