"""A throwaway PostgreSQL server for the tests, and a fixture that runs a test on both backends.

The server is Debian's (`apt-get install postgresql`; `.ci/run` installs it): initdb into a
temporary folder, listening on a Unix socket only, started once per test session. initdb
refuses to run as root, so as root the server runs as the `postgres` user the package
creates. Each test gets a fresh database copied from a migrated template. When the server
cannot be started the PostgreSQL tests are skipped with the reason, or fail when CI=true.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

TEMPLATE = "khobor_template"
_numbers = itertools.count()


def _binaries() -> Path | None:
    """The folder with initdb and pg_ctl: $KHOBOR_TEST_PG_BIN, on PATH, else the newest /usr/lib/postgresql/*/bin."""
    if os.environ.get("KHOBOR_TEST_PG_BIN"):
        folder = Path(os.environ["KHOBOR_TEST_PG_BIN"])
        return folder if (folder / "initdb").exists() and (folder / "pg_ctl").exists() else None
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0)
    for folder in reversed(folders):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL tests cannot run (CI=true, so this fails instead of skipping): {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


class Server:
    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="khobor-pg-"))  # short: a socket path has ~100 characters
        self.data = self.root / "data"
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and there is no `postgres` user to run the server as "
                                   "(install Debian's postgresql package, or run the tests as another user)") from None
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def run(self, *args: str) -> None:
        done = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            log = (self.root / "log").read_text(errors="replace")[-2000:] if (self.root / "log").exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout.strip()} {log}")

    def start(self) -> None:
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale")
        options = f"-c listen_addresses='' -k {self.root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        subprocess.run([*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.root}"

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self) -> str:
        """A fresh, migrated, empty khobor database; returns its URL."""
        name = f"khobor_test_{os.getpid()}_{next(_numbers)}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def drop(self, url: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {url.split('/')[3].split('?')[0]} WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres_server():
    """A running PostgreSQL server with a migrated khobor template database."""
    bin_dir = _binaries()
    if bin_dir is None:
        _unavailable("no initdb/pg_ctl in $KHOBOR_TEST_PG_BIN, on PATH or in /usr/lib/postgresql/*/bin "
                     "(apt-get install postgresql)")
    server = Server(bin_dir)
    try:
        server.start()
        server.execute(f"CREATE DATABASE {TEMPLATE}")
        import khobor

        khobor.open(server.url(TEMPLATE)).close()
    except Exception as error:  # noqa: BLE001 - whatever stops the server is the reason to report
        server.stop()
        _unavailable(f"could not start a server with {bin_dir}: {error}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres_server):
    """The URL of a fresh, migrated, empty khobor database on the test server."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A new store on each backend: a SQLite file path, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "k.db")
    return request.getfixturevalue("pg_url")
