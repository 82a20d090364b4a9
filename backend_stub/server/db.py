"""SQLite storage for the stub backend: connections, transactions and schema migrations.

One database file lives in the data directory. uvicorn runs sync endpoints in a thread pool,
so every thread gets its own connection (sqlite3 connections must not be shared across threads
without care); WAL mode lets readers proceed while one writer commits.

Schema versions are tracked per *component* ("core" for this module, "portal" for the
portal-domain engineer's tables, or any name given to :func:`register_migrations`). Each
component's migrations are an ordered list of SQL scripts; the stored version is the number
of scripts already applied, so appending a script is how the schema evolves.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from backend_stub.private import FILE_MODE, make_private_dir

DB_FILE_NAME = "stub.sqlite3"
BUSY_TIMEOUT_MS = 10_000

CORE_MIGRATIONS: list[str] = [
    # 1: residents, their certificates and login sessions.
    """
    CREATE TABLE residents (
        id TEXT PRIMARY KEY,
        my_number TEXT NOT NULL UNIQUE,
        juminhyo_code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_kana TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT NOT NULL CHECK (sex IN ('1', '2', '9')),
        postal_code TEXT NOT NULL,
        address TEXT NOT NULL,
        municipality_code TEXT NOT NULL,
        municipality_name TEXT NOT NULL,
        prefecture TEXT NOT NULL,
        household_json TEXT NOT NULL DEFAULT '[]',
        situations_json TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX residents_municipality ON residents (municipality_code);
    CREATE TABLE certificates (
        issuer TEXT NOT NULL,
        serial TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('auth', 'sign')),
        resident_id TEXT NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
        not_after TEXT NOT NULL,
        PRIMARY KEY (issuer, serial)
    );
    CREATE INDEX certificates_resident ON certificates (resident_id);
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        resident_id TEXT NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
        created_at REAL NOT NULL,
        last_used_at REAL NOT NULL,
        expires_at REAL NOT NULL
    );
    CREATE INDEX sessions_resident ON sessions (resident_id);
    """,
    # 2: certificates are mapped to residents by their SHA-256 fingerprint (DESIGN.md §5), not by
    # (issuer, serial), which anyone who can sign as a CA could repeat. The seed maps the current
    # cards again; a re-issued card is mapped when J-LIS names its holder (residents.py).
    """
    DROP TABLE certificates;
    CREATE TABLE resident_certificates (
        fingerprint TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('auth', 'sign')),
        resident_id TEXT NOT NULL REFERENCES residents (id) ON DELETE CASCADE,
        not_after TEXT NOT NULL
    );
    CREATE INDEX resident_certificates_resident ON resident_certificates (resident_id);
    """,
]

_registered: dict[str, list[str]] = {}
_registered_lock = threading.Lock()


def register_migrations(component: str, statements: Sequence[str]) -> None:
    """Register (or extend) the ordered migration scripts of a component.

    Call at import time of the module that owns the tables. Scripts must only ever be
    appended: the stored version of a component is the count of scripts already applied.
    """
    if component == "core":
        raise ValueError("'core' is reserved for backend_stub.server.db")
    with _registered_lock:
        _registered[component] = list(statements)


def _all_components() -> dict[str, list[str]]:
    components: dict[str, list[str]] = {"core": CORE_MIGRATIONS}
    try:
        from backend_stub.server import portal_schema  # owned by the portal-domain module
    except ImportError:
        pass
    else:
        components["portal"] = list(getattr(portal_schema, "MIGRATIONS", []))
    with _registered_lock:
        components.update(_registered)
    return components


class Database:
    """A SQLite database file with one connection per thread.

    ``db.connection()`` gives the calling thread's connection; ``with db.transaction() as conn``
    runs a block in one ``BEGIN IMMEDIATE`` transaction (committed on success, rolled back on
    an exception). Rows are ``sqlite3.Row`` (index by column name).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._closed = False

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> Database:
        data_dir = Path(data_dir)
        make_private_dir(data_dir)
        return cls(data_dir / DB_FILE_NAME)

    def connection(self) -> sqlite3.Connection:
        if self._closed:
            raise RuntimeError("database is closed")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            # Created 0600 before SQLite opens it: SQLite gives its -wal and -shm files the
            # database file's mode, so they are the owner's alone as well.
            with contextlib.suppress(FileExistsError):
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # autocommit; transactions are explicit
                check_same_thread=False,  # closed from the owning thread or at shutdown
            )
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        if conn.in_transaction:
            # Nested use joins the outer transaction.
            yield conn
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self.connection().execute(sql, params)

    def query_one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.connection().execute(sql, params).fetchone()
        return row

    def query_all(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        return list(self.connection().execute(sql, params).fetchall())

    def schema_versions(self) -> dict[str, int]:
        rows = self.query_all("SELECT component, version FROM schema_version")
        return {row["component"]: row["version"] for row in rows}

    def migrate(self) -> dict[str, int]:
        """Apply every pending migration of every component; return the resulting versions."""
        conn = self.connection()
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
        )
        for component, scripts in _all_components().items():
            with self.transaction():
                row = conn.execute(
                    "SELECT version FROM schema_version WHERE component = ?", (component,)
                ).fetchone()
                current = row["version"] if row else 0
                if current > len(scripts):
                    raise RuntimeError(
                        f"database schema of {component!r} is newer ({current}) than this code ({len(scripts)})"
                    )
                for script in scripts[current:]:
                    # executescript would COMMIT first; run statement by statement instead.
                    for statement in _split_sql(script):
                        conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_version (component, version) VALUES (?, ?)"
                    " ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                    (component, len(scripts)),
                )
        return self.schema_versions()

    def close(self) -> None:
        self._closed = True
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()


def _split_sql(script: str) -> list[str]:
    """Split a script into complete statements (sqlite3.complete_statement handles quotes/triggers)."""
    statements: list[str] = []
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\r\n;"):
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip(" \t\r\n;"):
        statements.append(buffer.strip())
    return statements
