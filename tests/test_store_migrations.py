"""Schema migrations on every backend: versioned, one transaction each, newer stores refused."""

from __future__ import annotations

from typing import Any

import pytest

from observatory.errors import SchemaVersionError, StoreError
from observatory.store import open_store
from observatory.store.migrations import MIGRATIONS, Migration
from store_backends import Backend

TABLES = {"documents", "claims", "events", "links", "audit", "extractions", "tokens"}


def test_migrations_are_numbered_from_one_without_gaps(backend: Backend) -> None:
    assert [m.version for m in backend.migrations()] == list(
        range(1, len(backend.migrations()) + 1)
    )


def test_both_backends_have_the_same_migrations() -> None:
    from observatory.store.pg_migrations import MIGRATIONS as PG

    assert [(m.version, m.description) for m in PG] == [
        (m.version, m.description) for m in MIGRATIONS
    ]


def test_new_store_is_at_the_latest_version(backend: Backend) -> None:
    db = backend.db()
    open_store(db).close()
    conn: Any = backend.connect_to(db)
    assert backend.current_version(conn) == len(backend.migrations())
    assert backend.tables(conn) >= TABLES


def test_migrating_twice_changes_nothing(backend: Backend) -> None:
    conn = backend.connect()
    latest = len(backend.migrations())
    assert backend.migrate(conn) == latest
    assert backend.migrate(conn) == latest
    rows = conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()
    assert rows[0] == latest


def test_newer_store_is_refused(backend: Backend) -> None:
    db = backend.db()
    open_store(db).close()
    conn = backend.connect_to(db)
    conn.execute(
        "INSERT INTO schema_version (version, description, applied_at)"
        f" VALUES ({len(backend.migrations()) + 1}, 'future', 'x')"
    )
    conn.close()
    with pytest.raises(SchemaVersionError, match="upgrade Observatory"):
        open_store(db)


def test_a_failing_migration_leaves_the_previous_version(backend: Backend) -> None:
    steps = (
        Migration(version=1, description="one", statements=("CREATE TABLE one (x INTEGER)",)),
        Migration(
            version=2,
            description="two",
            statements=("CREATE TABLE two (x INTEGER)", "CREATE TABLE broken (x"),
        ),
    )
    conn = backend.connect()
    with pytest.raises(StoreError, match="migration 2"):
        backend.migrate(conn, steps)
    assert backend.current_version(conn) == 1
    assert "one" in backend.tables(conn)
    assert "two" not in backend.tables(conn)


def test_later_migrations_apply_on_top(backend: Backend) -> None:
    conn = backend.connect()
    backend.migrate(conn)
    extra = Migration(
        version=len(backend.migrations()) + 1,
        description="add a column",
        statements=("ALTER TABLE documents ADD COLUMN extra TEXT",),
    )
    assert backend.migrate(conn, (*backend.migrations(), extra)) == extra.version
