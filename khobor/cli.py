"""The `khobor` command: a thin layer over the use cases in khobor/service (each command calls one, in one line).

Exit codes: 0 done, 1 error, 2 bad usage, 3 partial (some inputs were refused; the rest is stored).
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from contextlib import contextmanager

import click
from rich.console import Console
from rich.markup import escape as escape_markup
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

import khobor
from khobor.errors import KhoborError
from khobor.ingest import FieldMapping
from khobor.service import warm

EXIT_PARTIAL = 3
MARK = ("\ue000", "\ue001")  # private-use characters around search matches: not markup, not control characters
# Terminal control characters (C0 but tab and newline, DEL, C1) and bidi overrides: news text is untrusted,
# and an escape sequence in a headline must not recolour, retitle or rewrite the user's terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def neutralize(text: str) -> str:
    """Control characters shown as visible escapes (ESC becomes \\x1b); the rest unchanged."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def escape(text: str) -> str:
    """Untrusted text for a rich console: no markup, no terminal control characters."""
    return escape_markup(neutralize(str(text)))
err = Console(stderr=True, soft_wrap=True)


def db_option(f):
    return click.option("--db", default="khobor.db", show_default=True, envvar="KHOBOR_DB",
                        help="Store: a SQLite file or an SQLAlchemy URL.")(f)


def ingest_options(f):
    """PATHS, --db, the JSONL/CSV field mapping and --batch-size: shared by `ingest` and `run`."""
    for name, default, helptext in reversed([
        ("--text-field", "text", "JSONL/CSV field holding the article text."),
        ("--title-field", "title", "Field holding the title."),
        ("--date-field", "date", "Field holding the publication date."),
        ("--url-field", "url", "Field holding the URL."),
        ("--source-field", None, "Field naming the source (default: the URL, else FILE#Lline)."),
        ("--outlet-field", "outlet", "Field naming the outlet."),
    ]):
        f = click.option(name, default=default, show_default=default is not None, help=helptext)(f)
    f = click.option("--batch-size", default=500, show_default=True, help="Documents per transaction.")(f)
    f = db_option(f)
    return click.argument("paths", nargs=-1, required=True, type=click.Path())(f)


def executor_options(f):
    """--executor, --workers and --scheduler: where the per-article analysis runs (`run` and `rebuild`)."""
    f = click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="With --executor dask: the Dask scheduler (tcp://host:8786); default a local cluster.")(f)
    f = click.option("--workers", type=click.IntRange(1), default=None,
                     help="Worker processes (default: one per core; 1 runs everything in this process).")(f)
    return click.option("--executor", type=click.Choice(["process", "dask"]), default="process", show_default=True,
                        help="A process pool on this machine, or a Dask cluster.")(f)


def field_mapping(fields: dict) -> FieldMapping:
    return FieldMapping(**{name.removesuffix("_field"): value for name, value in fields.items()})


@contextmanager
def progress_bars():
    """Rich progress bars on stderr; yields the (task, advance, total) callback the library takes."""
    tasks: dict[str, int] = {}
    with Progress(TextColumn("[bold]{task.description:<8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=False, disable=not err.is_terminal) as bar:
        def update(task: str, advance: int, total: int | None) -> None:
            if task not in tasks:
                tasks[task] = bar.add_task(task, total=total)
            elif total is not None:
                bar.update(tasks[task], total=total)
            if advance:
                bar.advance(tasks[task], advance)
        yield update


def fail(error: Exception) -> None:
    err.print(f"[red]error:[/red] {escape(str(error))}")
    sys.exit(1)


class _Commands(click.Group):
    """The commands that live beside their stage, imported when asked for: ``run`` need not wait for their imports."""

    beside = {"analyze": ("khobor.analyze.commands", "analyze_command"), "clean": ("khobor.clean.cli", "clean_command"),
              "serve": ("khobor.serve.commands", "serve")}

    def list_commands(self, ctx) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.beside])

    def get_command(self, ctx, name: str):
        if name in self.beside:
            module, command = self.beside[name]
            return getattr(importlib.import_module(module), command)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(khobor.__version__, prog_name="khobor")
@click.pass_context
def main(ctx) -> None:
    """khobor: raw Bengali news text in; articles, events, stories and entities out."""
    if ctx.invoked_subcommand != "run":  # (``run`` imports them once its workers' models are loading)
        _cases()


@functools.cache
def _cases():
    """The use cases, imported on first use: ``run`` starts its workers' models loading before this import (the
    store, SQLAlchemy and the stages, ~0.4 s), so both go on at once."""
    from khobor.service import cases

    cases.tell_waits(_waiting)
    return cases


def _waiting(db: str, holder: str) -> None:
    """What the user sees while another khobor process holds the store's writer lock."""
    err.print(f"waiting for another khobor process ({escape(holder)}) writing to {escape(db)} to finish…")


def _ingested(report) -> None:
    """What an ingest read and refused."""
    for warning in report.warnings:
        err.print(f"[yellow]warning[/yellow] {escape(warning.source)}: {escape(warning.reason)}")
    for problem in report.problems:
        err.print(f"[yellow]skipped[/yellow] {escape(problem.source)}: {escape(problem.reason)}")
    err.print(f"{report.added} new article(s) from {report.files} file(s); "
              f"{report.already_stored} already stored; {report.skipped_files} file(s) unchanged since last run; "
              f"{len(report.problems)} problem(s).")


@main.command()
@ingest_options
def ingest(paths, db, batch_size, **fields):
    """Read text, JSONL, CSV, HTML, WARC and RSS/Atom files (folders recursively) into the store."""
    try:
        with khobor.open(db) as store, progress_bars() as update:
            report = _cases().ingest(store, paths, mapping=field_mapping(fields), batch_size=batch_size, on_progress=update)
    except KhoborError as error:
        fail(error)
    _ingested(report)
    sys.exit(EXIT_PARTIAL if report.partial else 0)


@main.command()
@ingest_options
@click.option("--gazetteer", type=click.Path(dir_okay=False), help="Your own names: a file of name<TAB>TYPE lines.")
@executor_options
def run(paths, db, batch_size, gazetteer, executor, workers, scheduler, **fields):
    """Ingest PATHS, run every stage, and print a summary."""
    warm.start_workers(paths, workers, executor)
    _cases()  # (imported while the models load, and before the store opens: opening it may wait for another run)
    try:
        with khobor.open(db) as store, progress_bars() as update:
            report, summary = _cases().run(store, paths, mapping=field_mapping(fields), batch_size=batch_size, gazetteer=gazetteer,
                                        workers=workers, executor=executor, scheduler=scheduler, on_progress=update, on_ingested=_ingested)
    except KhoborError as error:
        fail(error)
    console = Console(soft_wrap=True)
    table = Table(title=f"khobor store {db}", show_header=False)
    for key in ("articles", "duplicates", "events", "stories", "entities", "problems"):
        table.add_row(key, str(summary[key]))
    top = ", ".join(f"{escape(name)} ({escape(kind)}, {n})" for name, kind, n in summary["top_entities"]) or "-"
    table.add_row("top entities", top)
    console.print(table)
    db_arg = "" if db == "khobor.db" else f" --db {db}"
    console.print("Next:\n"
                  f"  khobor search{db_arg} QUERY          ranked hits with snippets\n"
                  f"  khobor export{db_arg} --what articles  JSONL on stdout (also events, stories, entities; csv, parquet)\n"
                  f"  khobor show{db_arg} ARTICLE_ID        one article, with its removed boilerplate")
    sys.exit(EXIT_PARTIAL if report.partial else 0)


@main.command()
@db_option
@click.option("--gazetteer", type=click.Path(dir_okay=False), help="Your own names: a file of name<TAB>TYPE lines.")
@executor_options
def rebuild(db, gazetteer, executor, workers, scheduler):
    """Recompute every stage (entities, copies, events, stories) from the stored articles, discarding saved state."""
    try:
        with khobor.open(db) as store, progress_bars() as update:
            done = _cases().rebuild(store, gazetteer=gazetteer, workers=workers, executor=executor, scheduler=scheduler, on_progress=update)
    except KhoborError as error:
        fail(error)
    err.print(f"rebuilt: {done['analyzed']} article(s) analyzed, {done['clustered']} clustered.")


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--exact", is_flag=True, help="Only this spelling: do not add other spellings of a matching entity.")
@click.option("--loose", is_flag=True, help="Also words spelled like the query's (PostgreSQL stores), ranked after it.")
def search(query, db, limit, offset, exact, loose):
    """Full-text search: Bengali words match their inflected forms and other spellings of the same entity."""
    try:
        with khobor.open(db, read_only=True) as store:
            result, spellings = _cases().search(store, query, limit=limit, offset=offset, exact=exact, loose=loose, mark=MARK)
    except KhoborError as error:
        fail(error)
    console = Console(soft_wrap=True)
    console.print(f"{result.total} hit(s) for {escape(query)!r}")
    if spellings:
        console.print(f"[dim]also searched other spellings of the same entity: {escape(', '.join(spellings))}[/dim]")
    for rank, hit in enumerate(result.results, start=offset + 1):
        snippet = "".join("[bold yellow]" if part == MARK[0] else "[/bold yellow]" if part == MARK[1] else escape(part)
                          for part in re.split(f"([{MARK[0]}{MARK[1]}])", hit.snippet))
        console.print(f"[bold]{rank}. {escape(hit.title or '(untitled)')}[/bold]  [dim]{hit.id} {escape(hit.source)} "
                      f"{escape(hit.published_at or '')} score {hit.score}[/dim]")
        console.print(f"   {snippet}")


@main.command("export")
@db_option
@click.option("--what", type=click.Choice(["articles", "events", "stories", "entities"]), default="articles", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl", show_default=True)
@click.option("-o", "--output", default=None, help="File to write (default: stdout; parquet needs a file).")
def export_command(db, what, fmt, output):
    """Export records with the stable schema described in README.md."""
    from khobor.export import export

    try:
        with khobor.open(db, read_only=True) as store:
            count = export(store, what, fmt, output)
    except KhoborError as error:
        fail(error)
    if output:
        err.print(f"{count} {what} written to {output}")


@main.command()
@click.argument("article_id")
@db_option
def show(article_id, db):
    """Print one article (an id or a unique prefix), its metadata, and the boilerplate removed from it."""
    try:
        with khobor.open(db, read_only=True) as store:
            article = _cases().show(store, article_id)
    except KhoborError as error:
        fail(error)
    console = Console(soft_wrap=True)
    console.print(f"[bold]{escape(article.title or '(untitled)')}[/bold]")
    for label, value in (("id", article.id), ("source", article.source), ("outlet", article.outlet),
                         ("published", article.published_at), ("dateline", article.dateline),
                         ("agencies", ", ".join(article.agencies)), ("byline", article.byline),
                         ("language", article.language), ("event", article.event_id), ("story", article.story_id),
                         ("duplicate of", article.duplicate_of),
                         ("MT score", None if article.mt_score is None else f"{article.mt_score:.2f}")):
        if value:
            console.print(f"[dim]{label}:[/dim] {escape(str(value))}")
    console.print()
    console.print(escape(article.body))
    if article.boilerplate:
        console.print("\n[dim]── removed boilerplate ──[/dim]")
        for line in article.boilerplate:
            console.print(f"[grey50]{escape(line)}[/grey50]")


def _print_entities(rows) -> None:
    table = Table("id", "type", "name", "articles", "variants")
    for e in rows:
        table.add_row(escape(e.id), escape(e.type), escape(e.name), str(len(e.article_ids)), escape(", ".join(e.variants)))
    Console(soft_wrap=True).print(table)


@main.group(invoke_without_command=True)
@db_option
@click.option("--type", "type_", help="Only this type (PER, ORG, LOC …).")
@click.option("--top", type=click.IntRange(1), default=None, help="Only the N most reported.")
@click.pass_context
def entities(ctx, db, type_, top):
    """List entities with their spelling variants and article counts; merge or split them."""
    ctx.obj = db
    if ctx.invoked_subcommand is None:
        try:
            with khobor.open(db, read_only=True) as store:
                _print_entities(_cases().entities(store, type=type_, top=top))
        except KhoborError as error:
            fail(error)


@entities.command("merge")
@click.argument("keep_id")
@click.argument("other_id")
@click.pass_obj
def entities_merge(db, keep_id, other_id):
    """OTHER_ID becomes part of KEEP_ID (kept across re-runs)."""
    try:
        with khobor.open(db) as store:
            survivor = _cases().correct(store, "merge_entities", keep_id, other_id)["entity_id"]
            _print_entities(_cases().entities(store, ids=[survivor]))
    except KhoborError as error:
        fail(error)


@entities.command("split")
@click.argument("entity_id")
@click.argument("variants", nargs=-1, required=True)
@click.pass_obj
def entities_split(db, entity_id, variants):
    """Move VARIANTS of ENTITY_ID to a new entity (kept across re-runs)."""
    try:
        with khobor.open(db) as store:
            new_id = _cases().correct(store, "split_entity", entity_id, list(variants))["entity_id"]
            _print_entities(_cases().entities(store, ids=[new_id, entity_id]))
    except KhoborError as error:
        fail(error)


@main.command()
@click.argument("article_id")
@db_option
def explain(article_id, db):
    """Why an article is in its event (score, shared terms and entities, time gap) and whether it is a copy."""
    try:
        with khobor.open(db, read_only=True) as store:
            article, why_text = _cases().explain(store, article_id)
    except KhoborError as error:
        fail(error)
    console = Console(soft_wrap=True)
    console.print(f"[bold]{escape(article.title or article.id)}[/bold]  [dim]{escape(article.id)}[/dim]")
    console.print(escape(why_text))
    if article.duplicate_of:
        dup = article.extras.get("duplicate_why") or {}
        console.print(escape(f"Copy of {article.duplicate_of} ({dup.get('how', 'near')} match, score {dup.get('score', '?')})."))


@main.group()
def events():
    """Correct the grouping: move an article to another event, or split an event."""


@events.command("move")
@click.argument("article_id")
@click.argument("event_id")
@db_option
def events_move(article_id, event_id, db):
    """Put ARTICLE_ID into EVENT_ID; later runs keep it there."""
    try:
        with khobor.open(db) as store:
            _cases().correct(store, "move_article", article_id, event_id)
    except KhoborError as error:
        fail(error)
    err.print(f"moved {article_id} to {event_id}")


@events.command("split")
@click.argument("event_id")
@click.argument("article_ids", nargs=-1, required=True)
@db_option
def events_split(event_id, article_ids, db):
    """Move ARTICLE_IDS out of EVENT_ID into a new event; later runs keep the split."""
    try:
        with khobor.open(db) as store:
            new_id = _cases().correct(store, "split_event", event_id, list(article_ids))["event_id"]
    except KhoborError as error:
        fail(error)
    Console(soft_wrap=True).print(new_id)


@main.group("eval")
def eval_group():
    """Measure khobor's output against your own gold labels."""


@eval_group.command("clusters")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="JSONL lines {\"id\" or \"source\", \"event\"}.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@db_option
def eval_clusters(gold_path, as_json, db):
    """Pairwise and BCubed precision/recall/F1 of the stored events against a gold file."""
    import json

    from khobor.evaluate import format_scores, read_gold, score_rows

    try:
        gold = read_gold(gold_path)
        with khobor.open(db, read_only=True) as store:
            rows = _cases().cluster_rows(store)
    except KhoborError as error:
        fail(error)
    scores = score_rows(gold, rows)
    click.echo(json.dumps(scores, ensure_ascii=False, indent=2) if as_json else format_scores(scores))


@eval_group.command("pairs")
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="JSONL lines {\"a\", \"b\", \"label\"}: copy, same_event, same_story or different.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores and failing pairs as JSON.")
@click.option("--no-failures", is_flag=True, help="Print the table only.")
@db_option
def eval_pairs(gold_path, as_json, no_failures, db):
    """How many labelled pairs the stored copies, events and stories keep right, per label and language pair.

    A pair's a/b is an article id or any source it was found at (ingest JSONL with --source-field id to
    keep your corpus's own ids).
    """
    import json

    from khobor.evaluate import format_pair_scores, read_pairs, score_pairs

    try:
        pairs = read_pairs(gold_path)
        with khobor.open(db, read_only=True) as store:
            articles = _cases().pair_rows(store)
    except KhoborError as error:
        fail(error)
    scores = score_pairs(pairs, articles)
    click.echo(json.dumps(scores, ensure_ascii=False, indent=2) if as_json else format_pair_scores(scores, not no_failures))


if __name__ == "__main__":  # pragma: no cover
    main()
