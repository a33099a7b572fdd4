"""Click commands for the analyze stage; `khobor.cli` registers them.

``analyze`` works alone. The entity commands need the store, so they are plain
functions over an ``EntityResolver``: the CLI loads the resolver state from the
store, calls them, prints the rows and saves the state back.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from khobor.analyze import analyze_text
from khobor.analyze.entities import EntityResolver, entity_rows


@click.command("analyze")
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
@click.option("--date", "published_at", help="Publication date (ISO) to resolve relative dates against.")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False), help="User gazetteer: name<TAB>TYPE per line.")
@click.option("--indent", type=int, default=None, help="Pretty-print the JSON.")
def analyze_command(source, published_at: str | None, gazetteer: str | None, indent: int | None) -> None:
    """Analyze one text (a file, or - for stdin) and print sentences, mentions, times and quotes as JSON."""
    tagger = None
    if gazetteer:
        from khobor.analyze.ner import NerTagger
        from khobor.lang.bn.gazetteer import load_user_gazetteer

        tagger = NerTagger(user_gazetteer=load_user_gazetteer(gazetteer))
    result = analyze_text(source.read(), published_at, tagger=tagger)
    click.echo(json.dumps(result, ensure_ascii=False, indent=indent))


def list_entities(resolver: EntityResolver, type: str | None = None, top: int | None = None) -> list[dict[str, Any]]:
    """``khobor entities [--type PER] [--top N]``: rows with variants and article counts."""
    return entity_rows(resolver, type=type, top=top)


def merge_entities(resolver: EntityResolver, a_id: str, b_id: str) -> list[dict[str, Any]]:
    """``khobor entities merge A B``: B joins A; returns the row of the merged entity."""
    survivor = resolver.merge(a_id, b_id)
    return [row for row in entity_rows(resolver) if row["id"] == survivor]


def split_entity(resolver: EntityResolver, entity_id: str, variants: list[str]) -> list[dict[str, Any]]:
    """``khobor entities split ID VARIANT...``: the variants become a new entity; returns both rows."""
    new_id = resolver.split(entity_id, variants)
    keep = {resolver.resolve_id(entity_id), new_id}
    return [row for row in entity_rows(resolver) if row["id"] in keep]


if __name__ == "__main__":  # python -m khobor.analyze.commands - < text.txt
    analyze_command(sys.argv[1:])
