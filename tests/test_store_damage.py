"""A store that is read-only or damaged: served when it can be, else one clear message naming the file."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from khobor.serve import create_app


def damage(db: str) -> None:
    """Overwrite every page after the first two with garbage: the header survives, the tables do not."""
    size = os.path.getsize(db)
    with open(db, "r+b") as f:
        f.seek(8192)
        f.write(b"\xff" * (size - 8192))


@pytest.fixture
def damaged(sample_store):
    _, db = sample_store
    for suffix in ("-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    damage(db)
    return db


@pytest.mark.parametrize("args", [["search", "জয়শঙ্কর"], ["export", "--what", "articles"], ["entities"],
                                  ["run", "SAMPLES"]])
def test_cli_on_a_damaged_store_gives_one_clear_message(damaged, cli, args, sample_store):
    args = [str(sample_store[0]) if a == "SAMPLES" else a for a in args]
    result = cli(*args, "--db", damaged, code=1)
    assert "Traceback" not in result.output
    assert damaged in result.output and "is damaged" in result.output and "backup" in result.output


def test_web_on_a_damaged_store_gives_the_message_not_a_bare_500(damaged):
    try:
        client = TestClient(create_app(damaged), raise_server_exceptions=False)
    except Exception as error:  # refused at start is fine too, if clearly
        assert damaged in str(error) and "is damaged" in str(error)
        return
    api = client.get("/api/stories")
    assert api.status_code == 503 and api.json()["ok"] is False and damaged in api.json()["error"]
    html = client.get("/")
    assert html.status_code == 503 and "is damaged" in html.text and "backup" in html.text


def test_a_file_that_is_not_a_database(tmp_path, cli):
    db = tmp_path / "k.db"
    db.write_bytes(b"this is not sqlite\n" * 200)
    result = cli("search", "x", "--db", db, code=1)
    assert str(db) in result.output and "Traceback" not in result.output


def _as_nobody() -> list[str]:
    """A command prefix that drops to an unprivileged user (file permissions mean nothing to root)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root without setpriv: cannot make file permissions apply; skipping")
    return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def test_a_read_only_store_can_be_served(sample_store):
    prefix = _as_nobody()
    folder = Path(tempfile.mkdtemp())
    try:
        db = folder / "k.db"
        shutil.copy(sample_store[1], db)  # a checkpointed store without -wal/-shm, as copied or unpacked
        db.chmod(0o444)
        folder.chmod(0o555)
        code = "import sys; from khobor.serve.commands import serve; serve(['--db', sys.argv[1], '--get', '/api/stories'])"
        done = subprocess.run([*prefix, sys.executable, "-c", code, str(db)], capture_output=True, text=True,
                              timeout=120, cwd=folder)
        if prefix and "Permission denied" in done.stderr and "python" in done.stderr.lower():
            pytest.skip("the unprivileged user cannot run this Python; skipping")
        assert done.returncode == 0, done.stderr[-2000:]
        assert '"total"' in done.stdout and not (folder / "k.db-shm").exists()
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
