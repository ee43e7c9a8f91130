"""Numbered schema migrations of the SQLite store.

The ``schema_version`` table holds one row per applied migration. Opening a store applies
the pending migrations in order, each in its own transaction (so a failure leaves the store
at the previous version), and refuses a store whose schema is newer than this code knows
(:class:`~observatory.errors.SchemaVersionError`).

To change the schema, append a :class:`Migration` with the next number; never edit one that
has shipped.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from observatory.errors import SchemaVersionError, StoreError

__all__ = ["MIGRATIONS", "Migration", "current_version", "latest_version", "migrate"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Migration:
    """One schema step: its number, what it does, and its SQL statements in order."""

    version: int
    description: str
    statements: tuple[str, ...]


_INITIAL = (
    # Documents: the record as JSON (without text) plus the columns we filter and search on.
    """
    CREATE TABLE documents (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL UNIQUE,
        published TEXT,
        outlet TEXT COLLATE NOCASE,
        title TEXT,
        text TEXT NOT NULL,
        data TEXT NOT NULL
    )
    """,
    "CREATE INDEX documents_published ON documents (published)",
    "CREATE INDEX documents_outlet ON documents (outlet)",
    # Full-text search over title and text (external content: the text is stored once).
    """
    CREATE VIRTUAL TABLE documents_fts USING fts5 (
        title, text, content='documents', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END
    """,
    """
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END
    """,
    """
    CREATE TRIGGER documents_fts_update AFTER UPDATE ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END
    """,
    # Claims and tolls of a document (kind 'event' or 'toll'), with what produced them.
    """
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('event', 'toll')),
        date TEXT,
        date_first TEXT,
        date_last TEXT,
        admin1 TEXT COLLATE NOCASE,
        event_type TEXT COLLATE NOCASE,
        sub_event_type TEXT COLLATE NOCASE,
        data TEXT NOT NULL,
        stages TEXT NOT NULL,
        settings TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX claims_document ON claims (document_id, position)",
    "CREATE INDEX claims_date ON claims (date_first, date_last)",
    "CREATE INDEX claims_admin1 ON claims (admin1)",
    "CREATE INDEX claims_event_type ON claims (event_type)",
    # Events: the reconciled record as JSON plus filter columns.
    """
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        date TEXT,
        date_first TEXT,
        date_last TEXT,
        admin1 TEXT COLLATE NOCASE,
        event_type TEXT COLLATE NOCASE,
        sub_event_type TEXT COLLATE NOCASE,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX events_date ON events (date_first, date_last)",
    "CREATE INDEX events_admin1 ON events (admin1)",
    "CREATE INDEX events_event_type ON events (event_type)",
    "CREATE INDEX events_sub_event_type ON events (sub_event_type)",
    "CREATE INDEX events_status ON events (status)",
    """
    CREATE TABLE event_actors (
        event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        actor TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (event_id, actor)
    )
    """,
    "CREATE INDEX event_actors_actor ON event_actors (actor)",
    # Links: a claim belongs to at most one event.
    """
    CREATE TABLE links (
        claim_id TEXT PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
        event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        score REAL NOT NULL,
        features TEXT NOT NULL,
        manual INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX links_event ON links (event_id)",
    # The audit log: append-only.
    """
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        event_ids TEXT NOT NULL,
        claim_ids TEXT NOT NULL,
        value TEXT,
        reason TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE audit_events (
        audit_id INTEGER NOT NULL REFERENCES audit (id),
        event_id TEXT NOT NULL,
        PRIMARY KEY (event_id, audit_id)
    )
    """,
    """
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END
    """,
    """
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END
    """,
)

# Migration 3 (the HTTP API and dashboard): each event gets a version (bumped by every
# write, for optimistic concurrency), plain columns for the map, paging and sums (so that
# 100,000s of events are clustered and paged without reading their JSON), a full-text index
# over its words kept by triggers, and API tokens (only their SHA-256 is stored).
_EVENT_COLUMNS = (
    ("version", "INTEGER NOT NULL DEFAULT 1", None),
    ("sort_key", "TEXT NOT NULL DEFAULT ''", "coalesce(date_first, '')"),
    ("location", "TEXT", "json_extract(data, '$.location.name')"),
    ("latitude", "REAL", "json_extract(data, '$.location.latitude')"),
    ("longitude", "REAL", "json_extract(data, '$.location.longitude')"),
    ("geo_precision", "INTEGER", "json_extract(data, '$.location.geo_precision')"),
    ("deaths_low", "INTEGER", "json_extract(data, '$.fatalities.low')"),
    ("deaths_best", "INTEGER", "json_extract(data, '$.fatalities.best')"),
    ("deaths_high", "INTEGER", "json_extract(data, '$.fatalities.high')"),
    ("has_deaths", "INTEGER NOT NULL DEFAULT 0", "json_extract(data, '$.fatalities') IS NOT NULL"),
    ("sources", "INTEGER NOT NULL DEFAULT 0", "json_array_length(data, '$.document_ids')"),
)

_EVENT_WORD_PATHS = (
    "$.event_type",
    "$.sub_event_type",
    "$.location.name",
    "$.location.admin1",
    "$.location.admin2",
    "$.actor1",
    "$.actor2",
    "$.assoc_actors",
    "$.claimants",
    "$.notes",
)
# The words of an event row ({row} is "new" in a trigger), for its full-text index.
_EVENT_WORDS = " || ' ' || ".join(
    f"coalesce(json_extract({{row}}.data, '{path}'), '')" for path in _EVENT_WORD_PATHS
)

_SERVING = (
    *(f"ALTER TABLE events ADD COLUMN {name} {decl}" for name, decl, _ in _EVENT_COLUMNS),
    "UPDATE events SET "  # noqa: S608
    + ", ".join(f"{name} = {expr}" for name, _, expr in _EVENT_COLUMNS if expr is not None),
    "CREATE INDEX events_page ON events (sort_key, id)",
    "CREATE INDEX events_admin1_page ON events (admin1, sort_key, id)",
    "CREATE INDEX events_status_page ON events (status, sort_key, id)",
    "CREATE INDEX events_type_page ON events (event_type, sort_key, id)",
    "CREATE INDEX events_sub_type_page ON events (sub_event_type, sort_key, id)",
    # Covering indexes: the map's boxes, and the sums of timelines, tallies and clusters, read
    # an index and never the rows (whose JSON is most of the file).
    "CREATE INDEX events_place ON events (latitude, longitude, sort_key, id, deaths_low,"
    " deaths_best, deaths_high, has_deaths, status)",
    # pages of a wide box: walk the page order and test the point in the index
    "CREATE INDEX events_page_place ON events (sort_key, latitude, longitude, id)",
    "CREATE INDEX events_stats ON events (status, sort_key, date, date_first, admin1,"
    " event_type, sub_event_type, latitude, longitude, geo_precision, deaths_low, deaths_best,"
    " deaths_high, has_deaths, id)",
    "CREATE INDEX links_score ON links (score)",
    """
    CREATE VIRTUAL TABLE events_fts USING fts5 (
        words, tokenize='unicode61 remove_diacritics 2'
    )
    """,
    "INSERT INTO events_fts (rowid, words) SELECT rowid, "  # noqa: S608
    + _EVENT_WORDS.format(row="events")
    + " FROM events",
    f"""
    CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts (rowid, words) VALUES (new.rowid, {_EVENT_WORDS.format(row="new")});
    END
    """,  # noqa: S608
    f"""
    CREATE TRIGGER events_fts_update AFTER UPDATE OF data ON events BEGIN
        DELETE FROM events_fts WHERE rowid = old.rowid;
        INSERT INTO events_fts (rowid, words) VALUES (new.rowid, {_EVENT_WORDS.format(row="new")});
    END
    """,  # noqa: S608
    """
    CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        DELETE FROM events_fts WHERE rowid = old.rowid;
    END
    """,
    """
    CREATE TABLE tokens (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    )
    """,
    "CREATE UNIQUE INDEX tokens_active_name ON tokens (name) WHERE revoked_at IS NULL",
)

# The audit log's hash chain (observatory.audit): one link per entry, hash of the entry's
# contents and of the link before it; the head (one row) moves with every append. Links of
# entries written before this migration are added with the next entry.
_AUDIT_CHAIN = (
    """
    CREATE TABLE audit_chain (
        audit_id INTEGER PRIMARY KEY,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE audit_head (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        last_id INTEGER NOT NULL,
        entries INTEGER NOT NULL,
        hash TEXT NOT NULL
    )
    """,
    """
    CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain BEGIN
        SELECT RAISE(ABORT, 'the audit chain is append-only');
    END
    """,
    """
    CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain BEGIN
        SELECT RAISE(ABORT, 'the audit chain is append-only');
    END
    """,
    """
    CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN
        SELECT RAISE(ABORT, 'the audit chain head cannot be deleted');
    END
    """,
)

# The columns an event filter tests, after the page order (sort_key, id). A page is walked
# in that order on the index of its most selective filter; every other filter is then tested
# on the index entry, so the rows (whose JSON is most of the file) are read only for the
# events of the page. (Before, a governorate and a rare status walked the governorate's
# events and read each row to test its status: 0.3 ms became 14 ms at 50,000 events.)
_FILTER_COLUMNS = (
    "date_last",
    "status",
    "admin1",
    "event_type",
    "sub_event_type",
    "latitude",
    "longitude",
    "geo_precision",
)


def page_index(name: str, lead: str | None, columns: Sequence[str]) -> str:
    """An events index in page order (sort_key, id), led by ``lead``, that carries the other
    filter ``columns`` so that they are tested on its entries (both backends' migration 6)."""
    tail = ", ".join(c for c in columns if c != lead)
    head = f"{lead}, " if lead else ""
    return f"CREATE INDEX {name} ON events ({head}sort_key, id, {tail})"


def _page_index(name: str, lead: str | None) -> str:
    return page_index(name, lead, _FILTER_COLUMNS)


_PAGE_FILTERS = (
    "DROP INDEX IF EXISTS events_page",
    "DROP INDEX IF EXISTS events_admin1_page",
    "DROP INDEX IF EXISTS events_status_page",
    "DROP INDEX IF EXISTS events_type_page",
    "DROP INDEX IF EXISTS events_sub_type_page",
    # the wide events_page holds the point too: a wide box walks it in page order
    "DROP INDEX IF EXISTS events_page_place",
    _page_index("events_page", None),
    _page_index("events_admin1_page", "admin1"),
    _page_index("events_status_page", "status"),
    _page_index("events_type_page", "event_type"),
    _page_index("events_sub_type_page", "sub_event_type"),
    # the sums of timelines and tallies read this index, never the rows: with the last day
    # in it, a date filter is tested on its entries too
    "DROP INDEX IF EXISTS events_stats",
    "CREATE INDEX events_stats ON events (status, sort_key, date_last, date, date_first, admin1,"
    " event_type, sub_event_type, latitude, longitude, geo_precision, deaths_low, deaths_best,"
    " deaths_high, has_deaths, id)",
    # The longest date window, found at once (SQLiteStore._longest_window): an event that may
    # have happened on or after a day D began at most that many days before D, which bounds
    # a date filter's walk of the page order (else it runs on to the oldest event).
    "CREATE INDEX events_window_days ON events (julianday(date_last) - julianday(date_first))"
    " WHERE date_last > date_first",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="documents with full-text search, claims, events, links, audit log",
        statements=_INITIAL,
    ),
    Migration(
        version=2,
        description="extraction runs: a document with no claims is still extracted once",
        statements=(
            """
            CREATE TABLE extractions (
                document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
                stages TEXT NOT NULL,
                extracted_at TEXT NOT NULL
            )
            """,
            # documents extracted before this migration are those with claims
            """
            INSERT INTO extractions (document_id, stages, extracted_at)
            SELECT DISTINCT document_id, '[]', '' FROM claims
            """,
        ),
    ),
    Migration(
        version=3,
        description=(
            "serving: event version, map and paging columns, event full-text search, API tokens"
        ),
        statements=_SERVING,
    ),
    Migration(
        version=4,
        description="watch: polled sources and the items seen; partitions done by resumable runs",
        statements=(
            """
            CREATE TABLE watch_sources (
                source TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                checked_at TEXT,
                changed_at TEXT,
                failures INTEGER NOT NULL DEFAULT 0,
                retry_at TEXT,
                last_error TEXT
            )
            """,
            """
            CREATE TABLE watch_items (
                source TEXT NOT NULL,
                item TEXT NOT NULL,
                seen_at TEXT NOT NULL,
                PRIMARY KEY (source, item)
            )
            """,
            """
            CREATE TABLE run_partitions (
                run TEXT NOT NULL,
                partition TEXT NOT NULL,
                documents INTEGER NOT NULL,
                done_at TEXT NOT NULL,
                PRIMARY KEY (run, partition)
            )
            """,
        ),
    ),
    Migration(
        version=5,
        description="tamper-evident audit log: a hash chain over the entries and its head",
        statements=_AUDIT_CHAIN,
    ),
    Migration(
        version=6,
        description="page indexes that carry every filter column; the longest date window",
        statements=_PAGE_FILTERS,
    ),
)


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return max((m.version for m in migrations), default=0)


def current_version(conn: sqlite3.Connection) -> int:
    """The store's schema version (0 for a new, empty file)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if exists is None:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(
    conn: sqlite3.Connection, *, where: str, migrations: Sequence[Migration] = MIGRATIONS
) -> int:
    """Apply the pending migrations, each in one transaction; return the resulting version.

    ``conn`` must be in autocommit mode (``isolation_level=None``); ``where`` names the
    store in error messages.
    """
    latest = latest_version(migrations)
    found = current_version(conn)
    if found > latest:
        raise SchemaVersionError(
            f"store {where} has schema version {found}, but this Observatory knows only up"
            f" to {latest}; upgrade Observatory or use another --db"
        )
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version <= found:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            # Another process may have migrated while we waited for the lock.
            if _version_in_transaction(conn) >= migration.version:
                conn.execute("COMMIT")
                continue
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                (
                    migration.version,
                    migration.description,
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                ),
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(
                f"store {where}: migration {migration.version} ({migration.description})"
                f" failed: {exc}"
            ) from exc
    return current_version(conn)


def _version_in_transaction(conn: sqlite3.Connection) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    return current_version(conn)
