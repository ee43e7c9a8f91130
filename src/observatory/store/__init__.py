"""Storage: the repository interface and its backends.

:func:`open_store` opens the backend a ``db`` setting names: a file path (the default,
``observatory.db``) is an embedded SQLite store, a ``postgresql://`` URL a PostgreSQL one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from observatory.errors import StoreError
from observatory.store.base import AddResult, EventQuery, Repository

if TYPE_CHECKING:
    from observatory.store.postgres import PostgresStore
    from observatory.store.sqlite import SQLiteStore

__all__ = ["AddResult", "EventQuery", "Repository", "is_postgres_url", "open_store"]

_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(db: str | Path) -> bool:
    """True when a ``db`` setting names a PostgreSQL database rather than a SQLite file."""
    return isinstance(db, str) and db.startswith(_SCHEMES)


def open_store(db: str | Path) -> SQLiteStore | PostgresStore:
    """Open (creating and migrating as needed) the store ``db`` names.

    A ``postgresql://`` (or ``postgres://``) URL opens a PostgreSQL store; anything else is
    the path of a SQLite file (``":memory:"`` works too).
    """
    if is_postgres_url(db):
        try:
            from observatory.store.postgres import PostgresStore
        except ImportError as exc:
            raise StoreError(
                "a postgresql:// store needs the PostgreSQL driver: pip install"
                f" 'observatory[postgresql]' ({exc})"
            ) from exc
        return PostgresStore.open(str(db))
    from observatory.store.sqlite import SQLiteStore

    return SQLiteStore.open(db)
