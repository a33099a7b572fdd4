"""The `serve` click command; the CLI group adds it (``main.add_command(serve)``)."""

from __future__ import annotations

import json
import sys

import click

from khobor.errors import KhoborError


@click.command()
@click.option("--db", default="khobor.db", show_default=True, envvar="KHOBOR_DB", help="Store: a SQLite file.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; the default keeps it on this machine.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--allow-edits", is_flag=True, help="Let endpoints that change the store run (refused with 403 otherwise).")
@click.option("--get", "get_path", metavar="PATH", help="Answer one request (e.g. /api/stories) on stdout and exit, without a server.")
def serve(db: str, host: str, port: int, allow_edits: bool, get_path: str | None) -> None:
    """Serve the store as web pages and a JSON API (docs at /docs)."""
    from khobor.serve.app import create_app

    try:
        app = create_app(db, allow_edits=allow_edits)
    except KhoborError as error:
        raise click.ClickException(str(error)) from None
    if get_path:
        from fastapi.testclient import TestClient

        response = TestClient(app).get(get_path)
        if "json" in response.headers.get("content-type", ""):
            click.echo(json.dumps(response.json(), ensure_ascii=False, indent=2))
        else:
            click.echo(response.text)
        sys.exit(0 if response.status_code < 400 else 1)
    import uvicorn

    click.echo(f"khobor: serving {db} on http://{host}:{port}/ (read-only{', edits allowed' if allow_edits else ''}); Ctrl+C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
