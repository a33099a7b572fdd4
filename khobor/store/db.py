"""The database: engine, migrations, transactions and the one-writer lock.

A store is a SQLite file (the default: one file, WAL, no server) or any SQLAlchemy
URL; ``postgresql://`` uses psycopg 3. Both run the same Alembic migrations and
the same repository code. Every write goes through ``atomic()``: a batch is in the
database whole or not at all, which is what makes a killed ingest safe to run again.
Each thread gets its own transaction (the web server's threads must never write
through one another's connection).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.dialects import postgresql, sqlite

from khobor.errors import StoreBusyError, StoreError, damaged_store_handler

MIGRATIONS = Path(__file__).parent / "migrations"
# pg_advisory_lock key of the one-writer lock ("khobor" in ASCII): one per database.
PG_WRITER_LOCK = 0x6B686F626F72


class JsonText(str):
    """A JSON column's value already written by ``json.dumps``: stored as it is, not encoded again."""


def json_dumps(value) -> str:
    """The engines' JSON encoder: ``json.dumps`` (SQLAlchemy's default), except for JsonText."""
    return str(value) if isinstance(value, JsonText) else json.dumps(value)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def is_url(path_or_url: str) -> bool:
    return "://" in str(path_or_url)


def engine_url(path_or_url: str, read_only: bool) -> str:
    """The SQLAlchemy URL for a store path or URL (``postgresql://`` gets the psycopg 3 driver)."""
    text = str(path_or_url)
    if is_url(text):
        scheme, rest = text.split("://", 1)
        if scheme in ("postgresql", "postgres"):
            return f"postgresql+psycopg://{rest}"
        return text
    path = Path(text)
    if read_only:
        if not path.exists():
            raise StoreError(f"{path}: no such store (run `khobor run PATH` first)")
        # A store in a read-only file or folder cannot get the -wal/-shm files SQLite wants even for
        # reading; opened immutable it needs none (nothing else can be writing it there).
        writable = os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)
        return f"sqlite:///file:{path.resolve()}?mode=ro{'' if writable else '&immutable=1'}&uri=true"
    return f"sqlite:///{path}"


def display_name(path_or_url: str) -> str:
    """The store as messages name it: the path, or the URL without its password."""
    if not is_url(path_or_url):
        return str(path_or_url)
    try:
        return sa.engine.make_url(str(path_or_url)).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return str(path_or_url)


class Database:
    """One store's engine, its migrations, per-thread transactions and its writer lock."""

    def __init__(self, path: str, *, read_only: bool = False):
        self.path = str(path)
        self.name = display_name(self.path)
        self.read_only = read_only
        url = engine_url(self.path, read_only)
        if not url.startswith(("sqlite", "postgresql")):
            raise StoreError(f"{self.name}: a khobor store is a SQLite file or a PostgreSQL URL (postgresql://...)")
        kwargs: dict = {"json_serializer": json_dumps}
        if url.startswith("postgresql"):
            options = "-c default_transaction_read_only=on" if read_only else ""
            kwargs.update({"pool_pre_ping": True,
                           "connect_args": {"application_name": f"khobor pid {os.getpid()}", "options": options}})
        try:
            self.engine = sa.create_engine(url, **kwargs)
        except (sa.exc.ArgumentError, ImportError) as error:
            raise StoreError(f"{self.name}: not a store path or a database URL SQLAlchemy can open ({error})") from None
        if self.is_sqlite:
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "handle_error", damaged_store_handler(self.path))
        else:
            sa.event.listen(self.engine, "before_cursor_execute", _no_nul, retval=True)
        self._local = threading.local()
        self._locked = threading.local()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions --------------------------------------------------------
    @property
    def current(self) -> sa.Connection | None:
        """This thread's open transaction, if any."""
        return getattr(self._local, "conn", None)

    @contextmanager
    def atomic(self) -> Iterator[sa.Connection]:
        """One transaction for this thread; nested calls share it (savepoints would add nothing here)."""
        if self.current is not None:
            yield self.current
            return
        self._local.on_rollback = []
        try:
            with self.engine.begin() as conn:
                self._local.conn = conn
                try:
                    yield conn
                finally:
                    self._local.conn = None
        except BaseException:
            for forget in self._local.on_rollback:  # in-memory records of what was written are no longer true
                forget()
            raise
        finally:
            self._local.on_rollback = []

    def on_rollback(self, forget) -> None:
        """Call ``forget()`` if this thread's open transaction is rolled back."""
        if self.current is not None:
            self._local.on_rollback.append(forget)

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A connection for reading: this thread's transaction when one is open (it sees its own writes)."""
        if self.current is not None:
            yield self.current
        else:
            with self.engine.connect() as conn:
                yield conn

    def insert(self, table: sa.Table):
        """The dialect's INSERT, which has ON CONFLICT."""
        return (sqlite if self.is_sqlite else postgresql).insert(table)

    # -- migrations ----------------------------------------------------------
    def open(self) -> None:
        """Check a read-only store's schema, or bring a writable one up to date (under the writer lock)."""
        if self.read_only:
            self.check_schema()
        elif self.version() != self.head():
            with self.writer():  # two processes creating one store at once must not both migrate it
                if self.version() != self.head():
                    self.migrate()

    def migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    @staticmethod
    def head() -> str:
        from alembic.script import ScriptDirectory

        return ScriptDirectory(str(MIGRATIONS)).get_current_head()

    def version(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        except sa.exc.ProgrammingError:  # PostgreSQL: no such table
            return None
        except sa.exc.OperationalError as error:
            if self.is_sqlite:
                return None
            raise StoreError(f"{self.name}: cannot reach the database ({_first_line(error)})") from None

    def check_schema(self) -> None:
        """A read-only store cannot be migrated: refuse an old or foreign database clearly."""
        head = self.head()
        try:
            with self.engine.connect() as conn:
                version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        except sa.exc.OperationalError as error:
            if not self.is_sqlite:
                raise StoreError(f"{self.name}: cannot reach the database ({_first_line(error.orig)})") from None
            raise StoreError(f"{self.name}: not a khobor store ({_first_line(error.orig)})") from error
        except sa.exc.DBAPIError as error:
            raise StoreError(f"{self.name}: not a khobor store ({_first_line(error.orig)})") from error
        if version != head and not self._only_for_others(version):
            raise StoreError(f"{self.name}: store schema {version}, this khobor needs {head}; "
                             "run `khobor ingest` or `khobor run` on it once to upgrade")

    def _only_for_others(self, version: str | None) -> bool:
        """True when every migration after ``version`` changes nothing a reader of this database needs
        (``postgresql_only``, or ``readers_unaffected``: indexes that only make writing runs cheaper)."""
        from alembic.script import ScriptDirectory

        if version is None or not self.is_sqlite:
            return False
        try:
            pending = list(ScriptDirectory(str(MIGRATIONS)).iterate_revisions(self.head(), version))
        except Exception:  # an unknown revision: not ours to judge
            return False
        return all(getattr(s.module, "postgresql_only", False) or getattr(s.module, "readers_unaffected", False)
                   for s in pending if s.revision != version)

    # -- the one-writer lock -------------------------------------------------
    @contextmanager
    def writer(self, *, timeout: float | None = None, on_wait=None) -> Iterator[None]:
        """Be the only process writing this store (re-entrant); others wait up to ``timeout`` s.

        SQLite: a lock file beside the store (see lock.py). PostgreSQL: a session advisory lock,
        which the server drops when the holder's connection ends, even if it was killed.
        """
        database = self.engine.url.database
        if getattr(self._locked, "held", False) or self.read_only or not database or database == ":memory:":
            yield
            return
        from khobor.store.lock import writer_lock

        lock = writer_lock(database, timeout=timeout, on_wait=on_wait) if self.is_sqlite else self._advisory_lock(timeout, on_wait)
        with lock:
            self._locked.held = True
            try:
                yield
            finally:
                self._locked.held = False

    @contextmanager
    def _advisory_lock(self, timeout: float | None, on_wait) -> Iterator[None]:
        from khobor.store import lock

        timeout = lock.lock_timeout() if timeout is None else timeout
        deadline = time.monotonic() + timeout
        told = False
        with self.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            try_lock = sa.text("SELECT pg_try_advisory_lock(:key)")
            while not conn.execute(try_lock, {"key": PG_WRITER_LOCK}).scalar():
                holder = _pg_holder(conn)
                notify = on_wait or lock.default_on_wait
                if not told and notify is not None:
                    notify(self.name, holder)
                    told = True
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"{self.name}: another khobor process ({holder}) is writing to this store; gave up after "
                        f"{timeout:g} s. Run again when it has finished (or set KHOBOR_LOCK_TIMEOUT to wait longer).")
                time.sleep(0.2)
            try:
                yield
            finally:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": PG_WRITER_LOCK})


def _pg_holder(conn: sa.Connection) -> str:
    """Who holds the writer lock: the application name khobor gives its connections ('khobor pid N')."""
    row = conn.execute(sa.text(
        "SELECT a.application_name, a.client_addr FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND (l.classid::bigint << 32 | l.objid::bigint) = :key"), {"key": PG_WRITER_LOCK}).first()
    if row is None or not row.application_name:
        return "pid unknown"
    return row.application_name.removeprefix("khobor ") + (f" on {row.client_addr}" if row.client_addr else "")


def _first_line(error) -> str:
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_nul(v) for v in value)
    return value


def _no_nul(conn, cursor, statement, parameters, context, executemany):
    """PostgreSQL text cannot hold U+0000 (SQLite can): stored as U+FFFD, as undecodable bytes are; a lookup then finds nothing."""
    return statement, _without_nul(parameters)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
    except Exception:  # read-only connections cannot switch the journal mode
        pass
    cursor.execute("PRAGMA busy_timeout=10000")
    # 64 MB of page cache (SQLite's default is 2 MB): a batch's writes reach pages spread over a large store's
    # indexes, and with a small cache each one is read again and spilled before the commit.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


# -- helpers the repositories share ----------------------------------------

IN_CHUNK = 500  # values an ``IN (...)`` holds: SQLite's limit on bound parameters was 999 before 3.32


def delete_in(conn: sa.Connection, column: sa.Column, values: list[str], *also) -> None:
    """Delete the rows whose ``column`` is one of ``values`` (and that meet the conditions ``also``), a chunk at a time."""
    for start in range(0, len(values), IN_CHUNK):
        conn.execute(column.table.delete().where(*also, column.in_(values[start:start + IN_CHUNK])))


def select_in(conn: sa.Connection, query: sa.Select, column: sa.Column, values: list[str]) -> list[sa.Row]:
    """The rows of ``query`` whose ``column`` is one of ``values``, read a chunk of values at a time (each chunk in
    the query's order)."""
    return [row for start in range(0, len(values), IN_CHUNK) for row in conn.execute(query.where(column.in_(values[start:start + IN_CHUNK])))]


def sync_rows(conn: sa.Connection, table: sa.Table, rows: dict[str, dict]) -> list[str]:
    """Delete stored rows that are gone or differ from ``rows``, insert the new versions; returns the ids touched.

    JSON columns are compared as the text the column stores (decoding every stored row
    would cost more than rewriting them all).
    """
    is_json = [isinstance(c.type, sa.JSON) for c in table.columns]
    query = sa.select(*[sa.cast(c, sa.Text).label(c.name) if j else c for c, j in zip(table.columns, is_json)])
    stored = {r.id: tuple(r) for r in conn.execute(query)}
    names = [c.name for c in table.columns]

    def as_stored(row: dict) -> tuple:
        return tuple(json.dumps(row[n]) if j else row[n] for n, j in zip(names, is_json))

    changed = [i for i, row in rows.items() if stored.get(i) != as_stored(row)]
    touched = changed + [i for i in stored if i not in rows]
    delete_in(conn, table.c.id, touched)
    if changed:
        conn.execute(table.insert(), [rows[i] for i in changed])
    return touched
