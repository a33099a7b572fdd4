"""WARC files: every HTML response record becomes a RawDoc (content_type text/html).

Each record is read up to the page limit: a record that is larger (or that
decompresses to more, a gzip bomb inside the archive) is named and skipped,
and the rest of the archive is still read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from khobor.clean.html import decode_html, html_to_rawdoc
from khobor.errors import IngestError
from khobor.model import RawDoc


def read_warc(path: str | Path, limits=None) -> Iterator[RawDoc | IngestError]:
    """Yield HTML responses of a (possibly gzipped) WARC; source is the record's target URI."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from khobor.ingest.decode import Limits, size

    limits = limits or Limits.from_env()
    with open(path, "rb") as stream:
        try:
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
                data = record.content_stream().read(limits.page_bytes + 1)
                if len(data) > limits.page_bytes:
                    yield IngestError(uri or str(path), f"WARC record in {path} is over the {size(limits.page_bytes)} "
                                      "page limit (or decompresses to more); refused "
                                      "(set KHOBOR_MAX_PAGE_KB to a larger number of kilobytes to read it)")
                    continue
                html = decode_html(data, charset)
                yield html_to_rawdoc(html, source=uri, fields={"url": uri},
                                     fetched_at=record.rec_headers.get_header("WARC-Date"))
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as error:
            yield IngestError(str(path), f"broken WARC ({error})")
