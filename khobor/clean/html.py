"""HTML pages: main text and metadata via trafilatura, then the plain-text path.

trafilatura does the page-level work (DOM boilerplate, title, date via
htmldate, site name, author); khobor's line classifier then runs on its
output so that an HTML page and the same story as plain text give the same
Article. Paragraphs come out one per line.
"""

from __future__ import annotations

from khobor.model import RawDoc


def html_to_rawdoc(html: str | bytes, *, source: str, fields: dict[str, str] | None = None,
                   fetched_at: str | None = None) -> RawDoc:
    """Wrap an HTML page as a RawDoc (clean() extracts it later)."""
    if isinstance(html, bytes):
        html = decode_html(html)
    return RawDoc(source=source, text=html, fields=dict(fields or {}), fetched_at=fetched_at,
                  content_type="text/html")


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Bytes to text: the declared charset, else UTF-8, else what trafilatura guesses."""
    for encoding in filter(None, [charset, "utf-8"]):
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    from trafilatura.utils import decode_file

    return decode_file(data)


def extract_html(html: str, *, url: str | None = None) -> tuple[str, dict[str, str]]:
    """(main text with one paragraph per line, metadata dict: title, date, author, sitename, url)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, output_format="python")
    if doc is None:
        return "", {}
    meta = {key: getattr(doc, key, None) for key in ("title", "date", "author", "sitename", "url")}
    return doc.text or "", {k: str(v) for k, v in meta.items() if v}
