"""Click command for the clean stage; `khobor.cli` registers it.

    khobor clean PATH [--tz Asia/Dhaka] [--outlet NAME]

PATH is a text file, an HTML page (.html/.htm) or a WARC (.warc/.warc.gz);
prints one Article as JSON per document (JSON Lines).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from khobor.clean import clean
from khobor.clean.html import html_to_rawdoc
from khobor.clean.warc import read_warc
from khobor.model import RawDoc


@click.command("clean")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tz", default="Asia/Dhaka", show_default=True, help="Timezone for dates written without one.")
@click.option("--outlet", default=None, help="Outlet name, when the file does not say.")
def clean_command(path: Path, tz: str, outlet: str | None) -> None:
    """Clean one file and print the Article(s) as JSON Lines."""
    fields = {"outlet": outlet} if outlet else {}
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        raws = read_warc(path)
    elif name.endswith((".html", ".htm")):
        raws = [html_to_rawdoc(path.read_bytes(), source=str(path), fields=fields)]
    else:
        raws = [RawDoc(source=str(path), text=path.read_text(encoding="utf-8"), fields=fields)]
    for raw in raws:
        if outlet:
            raw.fields.setdefault("outlet", outlet)
        click.echo(json.dumps(clean(raw, tz=tz).to_dict(), ensure_ascii=False))
