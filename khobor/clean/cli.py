"""Click command for the clean stage; `khobor.cli` registers it.

    khobor clean PATH [--tz Asia/Dhaka] [--outlet NAME]

PATH is a text file, an HTML page (.html/.htm) or a WARC (.warc/.warc.gz);
prints one Article as JSON per document (JSON Lines).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from khobor.clean import clean
from khobor.errors import IngestError, IngestWarning, KhoborError


@click.command("clean")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tz", default="Asia/Dhaka", show_default=True, help="Timezone for dates written without one.")
@click.option("--outlet", default=None, help="Outlet name, when the file does not say.")
def clean_command(path: Path, tz: str, outlet: str | None) -> None:
    """Clean one file and print the Article(s) as JSON Lines.

    The file is read as `khobor ingest` reads it (same decoding, size limits and
    refusals); problems go to stderr and make the exit code 3.
    """
    from khobor.ingest import read_file

    refused = False
    try:
        for raw in read_file(path):
            if isinstance(raw, (IngestError, IngestWarning)):
                refused |= isinstance(raw, IngestError)
                label = "skipped" if isinstance(raw, IngestError) else "warning"
                click.echo(f"{label} {json.dumps(raw.source, ensure_ascii=False)}: {raw.reason}", err=True)
                continue
            if outlet:
                raw.fields.setdefault("outlet", outlet)
            click.echo(json.dumps(clean(raw, tz=tz).to_dict(), ensure_ascii=False))
    except KhoborError as error:
        raise click.ClickException(str(error)) from None
    if refused:
        sys.exit(3)
