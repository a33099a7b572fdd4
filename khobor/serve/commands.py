"""The `serve` click command; the CLI group adds it (``main.add_command(serve)``)."""

from __future__ import annotations

import json
import os
import sys

import click

from khobor.errors import KhoborError


@click.command()
@click.option("--db", default="khobor.db", show_default=True, envvar="KHOBOR_DB", help="Store: a SQLite file or a database URL (postgresql://...).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; the default keeps it on this machine.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--allow-edits", is_flag=True, help="Let endpoints that change the store run (refused with 403 otherwise).")
@click.option("--token", envvar="KHOBOR_TOKEN", default=None,
              help="Edit token the correction endpoints require (default: a random one, printed at start). "
                   "Needed for --allow-edits on a non-loopback address.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (each opens the store read-only); more than one uses more cores.")
@click.option("--get", "get_path", metavar="PATH", help="Answer one request (e.g. /api/stories) on stdout and exit, without a server.")
def serve(db: str, host: str, port: int, allow_edits: bool, token: str | None, workers: int, get_path: str | None) -> None:
    """Serve the store as web pages and a JSON API (docs at /docs)."""
    from khobor.serve.app import CONFIG_ENV, WARM_ENTITIES, create_app, is_loopback

    local = is_loopback(host)
    if allow_edits and not local and not token and not get_path:
        raise click.UsageError(f"--allow-edits on {host} (reachable from other machines) needs --token "
                               "(or KHOBOR_TOKEN): a secret every edit must carry")
    if allow_edits and workers > 1:
        raise click.UsageError("--allow-edits serves from one process (its caches follow its own edits): leave out --workers")
    if token is not None and len(token) < 16:
        raise click.UsageError("--token must be at least 16 characters")
    hosts = () if local else ("*",) if host in ("0.0.0.0", "::") else (host,)
    try:
        app = create_app(db, allow_edits=allow_edits, token=token, hosts=hosts,
                         warm=WARM_ENTITIES if workers == 1 and not get_path else 0)
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

    if not local:
        click.echo(f"khobor: warning: {host} is reachable from other machines; anyone who can reach this port "
                   "can read the store. Use the default --host 127.0.0.1 to keep it on this machine.", err=True)
    click.echo(f"khobor: serving {db} on http://{host}:{port}/ (read-only{', edits allowed' if allow_edits else ''}); Ctrl+C stops", err=True)
    if allow_edits and not token:
        click.echo(f"khobor: edit token (send as 'Authorization: Bearer TOKEN'): {app.state.edit_token}", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # Each worker process builds its own app from the same settings (uvicorn imports the factory by name).
    os.environ[CONFIG_ENV] = json.dumps({"db": db if "://" in db else os.path.abspath(db), "hosts": list(hosts)})
    click.echo(f"khobor: {workers} worker processes", err=True)
    uvicorn.run("khobor.serve.app:app_from_env", factory=True, workers=workers, host=host, port=port, log_level="warning")
