"""Schema migrations: versioned, one transaction each, newer files refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from observatory.errors import SchemaVersionError, StoreError
from observatory.store.migrations import (
    MIGRATIONS,
    Migration,
    current_version,
    latest_version,
    migrate,
)
from observatory.store.sqlite import SQLiteStore


def _connect(path: Path | str = ":memory:") -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_new_store_is_at_the_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "obs.db"
    SQLiteStore.open(path).close()
    conn = _connect(path)
    assert current_version(conn) == latest_version()
    assert {"documents", "claims", "events", "links", "audit"} <= _tables(conn)


def test_migrating_twice_changes_nothing() -> None:
    conn = _connect()
    assert migrate(conn, where="test") == latest_version()
    assert migrate(conn, where="test") == latest_version()
    assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)


def test_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "obs.db"
    SQLiteStore.open(path).close()
    conn = _connect(path)
    conn.execute(
        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, 'future', 'x')",
        (latest_version() + 1,),
    )
    conn.close()
    with pytest.raises(SchemaVersionError, match="upgrade Observatory"):
        SQLiteStore.open(path)


def test_a_failing_migration_leaves_the_previous_version() -> None:
    steps = (
        Migration(version=1, description="one", statements=("CREATE TABLE one (x)",)),
        Migration(
            version=2,
            description="two",
            statements=("CREATE TABLE two (x)", "CREATE TABLE broken (x"),
        ),
    )
    conn = _connect()
    with pytest.raises(StoreError, match="migration 2"):
        migrate(conn, where="test", migrations=steps)
    assert current_version(conn) == 1
    assert "one" in _tables(conn)
    assert "two" not in _tables(conn)


def test_later_migrations_apply_on_top() -> None:
    conn = _connect()
    migrate(conn, where="test", migrations=MIGRATIONS)
    extra = Migration(
        version=latest_version() + 1,
        description="add a column",
        statements=("ALTER TABLE documents ADD COLUMN extra TEXT",),
    )
    assert migrate(conn, where="test", migrations=(*MIGRATIONS, extra)) == extra.version
