"""The store backends the store tests run against: SQLite always, PostgreSQL when a server is set.

The ``backend`` fixture (tests/conftest.py) yields one :class:`Backend` per backend; tests
ask it for fresh, empty stores, for a ``--db`` value, or for a raw connection (migration
tests). PostgreSQL stores each live in their own new schema of the server in
``OBSERVATORY_TEST_PG_URL`` (``eval "$(scripts/pg-test-cluster start)"`` sets it; .ci/run
does), dropped when the test ends.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

import pytest

from observatory.store import open_store
from observatory.store.migrations import Migration
from observatory.store.sqlite import SQLiteStore

if TYPE_CHECKING:
    from observatory.store.postgres import PostgresStore

__all__ = [
    "BACKENDS",
    "PG_URL_VARIABLE",
    "Backend",
    "PostgresBackend",
    "SQLiteBackend",
    "backend_named",
    "postgres_url",
]

PG_URL_VARIABLE = "OBSERVATORY_TEST_PG_URL"


class Backend(Protocol):
    name: str
    errors: tuple[type[Exception], ...]  # what a raw statement the database refuses raises

    def open(self) -> SQLiteStore | PostgresStore:
        """A new, empty store (each call a separate one)."""

    def db(self) -> str:
        """A ``--db`` value naming a new, empty store that can be opened again."""

    def connect(self) -> Any:
        """A raw autocommit connection to a new, empty database (no tables)."""

    def connect_to(self, db: str) -> Any:
        """A raw autocommit connection to the store ``db`` (from :meth:`db`)."""

    def migrate(self, conn: Any, migrations: tuple[Migration, ...] | None = None) -> int: ...
    def current_version(self, conn: Any) -> int: ...
    def tables(self, conn: Any) -> set[str]: ...
    def migrations(self) -> tuple[Migration, ...]: ...
    def close(self) -> None: ...


class SQLiteBackend:
    name = "sqlite"
    errors: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)

    def __init__(self, tmp_path: Path) -> None:
        self._tmp = tmp_path
        self._count = 0

    def open(self) -> SQLiteStore | PostgresStore:
        return SQLiteStore.open(":memory:")

    def db(self) -> str:
        self._count += 1
        return str(self._tmp / f"store-{self._count}.db")

    def connect(self) -> sqlite3.Connection:
        return sqlite3.connect(":memory:", isolation_level=None)

    def connect_to(self, db: str) -> sqlite3.Connection:
        return sqlite3.connect(db, isolation_level=None)

    def migrate(self, conn: Any, migrations: tuple[Migration, ...] | None = None) -> int:
        from observatory.store import migrations as m

        return m.migrate(conn, where="test", migrations=migrations or m.MIGRATIONS)

    def current_version(self, conn: Any) -> int:
        from observatory.store.migrations import current_version

        return current_version(conn)

    def tables(self, conn: Any) -> set[str]:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {r[0] for r in rows}

    def migrations(self) -> tuple[Migration, ...]:
        from observatory.store.migrations import MIGRATIONS

        return MIGRATIONS

    def close(self) -> None:
        pass


class PostgresBackend:
    """Stores in throwaway schemas of one PostgreSQL database."""

    name = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.errors: tuple[type[Exception], ...] = (psycopg.Error,)
        self._url = url
        self._admin = psycopg.connect(url, autocommit=True)
        self._schemas: list[str] = []
        self._connections: list[Any] = []

    def _schema(self) -> str:
        name = f"test_{uuid.uuid4().hex[:16]}"
        self._admin.execute(f"CREATE SCHEMA {name}")
        self._schemas.append(name)
        return name

    def db(self) -> str:
        separator = "&" if "?" in self._url else "?"
        options = quote(f"-c search_path={self._schema()}", safe="")
        return f"{self._url}{separator}options={options}"

    def open(self) -> SQLiteStore | PostgresStore:
        return open_store(self.db())

    def connect(self) -> Any:
        return self.connect_to(self.db())

    def connect_to(self, db: str) -> Any:
        import psycopg

        conn = psycopg.connect(db, autocommit=True)
        self._connections.append(conn)
        return conn

    def migrate(self, conn: Any, migrations: tuple[Migration, ...] | None = None) -> int:
        from observatory.store import pg_migrations as m

        return m.migrate(conn, where="test", migrations=migrations or m.MIGRATIONS)

    def current_version(self, conn: Any) -> int:
        from observatory.store.pg_migrations import current_version

        return current_version(conn)

    def tables(self, conn: Any) -> set[str]:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {r[0] for r in rows}

    def migrations(self) -> tuple[Migration, ...]:
        from observatory.store.pg_migrations import MIGRATIONS

        return MIGRATIONS

    def close(self) -> None:
        for conn in self._connections:
            conn.close()
        for name in self._schemas:
            self._admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        self._admin.close()


def postgres_url() -> str | None:
    return os.environ.get(PG_URL_VARIABLE) or None


# the backends as pytest parameters: PostgreSQL's are marked (and skipped without a server)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@contextmanager
def backend_named(name: str, tmp_path: Path) -> Iterator[Backend]:
    """The backend ``name``; skips the test when PostgreSQL is asked for but not set up."""
    if name == "sqlite":
        yield SQLiteBackend(tmp_path)
        return
    url = postgres_url()
    if url is None:
        pytest.skip(
            f"no PostgreSQL server: set {PG_URL_VARIABLE}, e.g. with"
            ' eval "$(scripts/pg-test-cluster start)" (.ci/run does)'
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install 'observatory[postgresql]'")
    pg = PostgresBackend(url)
    try:
        yield pg
    finally:
        pg.close()
