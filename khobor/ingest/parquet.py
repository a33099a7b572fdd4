"""Parquet files (one file, or a folder of partitions): each row is a record, as a JSONL line is.

Read one record batch at a time, and only the columns the field mapping names, so a partition of
any size is streamed. Timestamps and dates become ISO 8601 text, which the cleaner parses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from khobor.errors import IngestError
from khobor.ingest.decode import Limits
from khobor.model import RawDoc


def read_parquet(path: Path, mapping, limits: Limits) -> Iterator[RawDoc | IngestError]:
    from khobor.ingest import _DATE_KEYS, _record_doc

    source = str(path)
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - a dependency of khobor; only a broken install lacks it
        yield IngestError(source, "reading Parquet needs pyarrow: pip install pyarrow")
        return
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        yield IngestError(source, f"not a readable Parquet file ({error})")
        return
    names = parquet.schema_arrow.names
    if mapping.text not in names:
        yield IngestError(source, f"no column {mapping.text!r} (columns: {', '.join(names)}); use --text-field")
        return
    wanted = {mapping.text, mapping.title, mapping.date, mapping.url, mapping.source, mapping.outlet, *_DATE_KEYS}
    columns = [n for n in names if n in wanted]
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=256, columns=columns):
            for record in batch.to_pylist():
                number += 1
                record = {k: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for k, v in record.items()}
                yield _record_doc(f"{source}#row{number}", record, mapping, limits)
    except (pa.ArrowException, OSError) as error:
        yield IngestError(source, f"broken Parquet file after row {number} ({error})")
        return
    if not number:
        yield IngestError(source, "empty file")
