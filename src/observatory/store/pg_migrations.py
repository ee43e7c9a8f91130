"""Numbered schema migrations of the PostgreSQL store, mirroring the SQLite ones.

Version *n* here makes the same tables as version *n* of
:mod:`observatory.store.migrations`, in PostgreSQL's dialect: native dates, JSONB records,
a ``tsvector`` column with a GIN index instead of FTS5, ``lower()`` indexes instead of
``COLLATE NOCASE``, and ids in the ``"C"`` collation so that they sort as in SQLite. The
tables go into the first schema of the connection's ``search_path`` (``public`` unless the
URL says otherwise), so one database can hold several stores.

Opening a store applies the pending migrations in order, each in its own transaction (DDL is
transactional in PostgreSQL, so a failure leaves the previous version), under an advisory
lock, so two processes opening a new store at once migrate it once. A schema newer than this
code knows is refused (:class:`~observatory.errors.SchemaVersionError`).

To change the schema, append a migration with the same number as its SQLite twin; never edit
one that has shipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import psycopg

from observatory.errors import SchemaVersionError, StoreError
from observatory.store.migrations import Migration, page_index

__all__ = ["EVENT_DAYS", "MIGRATIONS", "current_version", "latest_version", "migrate"]

# One lock key per schema: hashtext('observatory.migrate:' || current_schema())
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('observatory.migrate:' || current_schema()))"

_INITIAL = (
    # Documents: the record as JSONB (without text), the text, and the search vector, which
    # the store computes from the title and text with diacritics folded (see postgres.py).
    """
    CREATE TABLE documents (
        seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
        id TEXT COLLATE "C" PRIMARY KEY,
        content_hash TEXT COLLATE "C" NOT NULL UNIQUE,
        published DATE,
        outlet TEXT,
        title TEXT,
        text TEXT NOT NULL,
        data JSONB NOT NULL,
        search TSVECTOR NOT NULL
    )
    """,
    "CREATE INDEX documents_published ON documents (published)",
    "CREATE INDEX documents_outlet ON documents (lower(outlet))",
    "CREATE INDEX documents_search ON documents USING GIN (search)",
    # Claims and tolls of a document (kind 'event' or 'toll'), with what produced them.
    """
    CREATE TABLE claims (
        id TEXT COLLATE "C" PRIMARY KEY,
        document_id TEXT COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('event', 'toll')),
        date DATE,
        date_first DATE,
        date_last DATE,
        admin1 TEXT,
        event_type TEXT,
        sub_event_type TEXT,
        data JSONB NOT NULL,
        stages TEXT NOT NULL,
        settings TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX claims_document ON claims (document_id, position)",
    "CREATE INDEX claims_date ON claims (date_first, date_last)",
    "CREATE INDEX claims_admin1 ON claims (lower(admin1))",
    "CREATE INDEX claims_event_type ON claims (lower(event_type))",
    # Events: the reconciled record as JSONB plus filter columns.
    """
    CREATE TABLE events (
        id TEXT COLLATE "C" PRIMARY KEY,
        date DATE,
        date_first DATE,
        date_last DATE,
        admin1 TEXT,
        event_type TEXT,
        sub_event_type TEXT,
        status TEXT NOT NULL,
        data JSONB NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    # the order of Repository.events: by date (undated last), then id
    """
    CREATE INDEX events_order
    ON events ((date_first IS NULL), date_first, date NULLS FIRST, id)
    """,
    "CREATE INDEX events_date ON events (date_first, date_last)",
    "CREATE INDEX events_admin1 ON events (lower(admin1))",
    "CREATE INDEX events_event_type ON events (lower(event_type))",
    "CREATE INDEX events_sub_event_type ON events (lower(sub_event_type))",
    "CREATE INDEX events_status ON events (status)",
    """
    CREATE TABLE event_actors (
        event_id TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        actor TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX event_actors_key ON event_actors (event_id, lower(actor))",
    "CREATE INDEX event_actors_actor ON event_actors (lower(actor))",
    # Links: a claim belongs to at most one event.
    """
    CREATE TABLE links (
        claim_id TEXT COLLATE "C" PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
        event_id TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        score DOUBLE PRECISION NOT NULL,
        features TEXT NOT NULL,
        manual BOOLEAN NOT NULL DEFAULT FALSE
    )
    """,
    "CREATE INDEX links_event ON links (event_id)",
    # The audit log: append-only.
    """
    CREATE TABLE audit (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
        audit_id BIGINT NOT NULL REFERENCES audit (id),
        event_id TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (event_id, audit_id)
    )
    """,
    """
    CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the audit log is append-only';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only()
    """,
    """
    CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()
    """,
)

# Migration 3 (the HTTP API and dashboard), as SQLite's: each event gets a version (bumped
# by every write, for optimistic concurrency), plain columns for the map, paging and sums,
# a search vector over its words (written by the store, as for documents), and API tokens.
# Unlike SQLite, the event's JSON then lives in event_records, beside its search vector.
_EVENT_WORDS_BACKFILL = " || ' ' || ".join(
    f"coalesce(data #>> '{{{path}}}', '')"
    for path in (
        "event_type",
        "sub_event_type",
        "location,name",
        "location,admin1",
        "location,admin2",
        "actor1",
        "actor2",
        "assoc_actors",
        "claimants",
        "notes",
    )
)

# an event's possible days as a range (the store's date filters use the same expression)
EVENT_DAYS = "daterange(least(date_first, date_last), greatest(date_first, date_last), '[]')"

_PAGE_FILTERS = "date_last, latitude, longitude"

_SERVING = (
    """
    ALTER TABLE events
        ADD COLUMN version INTEGER NOT NULL DEFAULT 1,
        ADD COLUMN sort_key TEXT COLLATE "C" NOT NULL DEFAULT '',
        ADD COLUMN location TEXT,
        ADD COLUMN latitude DOUBLE PRECISION,
        ADD COLUMN longitude DOUBLE PRECISION,
        ADD COLUMN geo_precision INTEGER,
        ADD COLUMN deaths_low INTEGER,
        ADD COLUMN deaths_best INTEGER,
        ADD COLUMN deaths_high INTEGER,
        ADD COLUMN has_deaths BOOLEAN NOT NULL DEFAULT FALSE,
        ADD COLUMN sources INTEGER NOT NULL DEFAULT 0
    """,
    """
    UPDATE events SET
        sort_key = coalesce(date_first::text, ''),
        location = data #>> '{location,name}',
        latitude = (data #>> '{location,latitude}')::double precision,
        longitude = (data #>> '{location,longitude}')::double precision,
        geo_precision = (data #>> '{location,geo_precision}')::integer,
        deaths_low = (data #>> '{fatalities,low}')::integer,
        deaths_best = (data #>> '{fatalities,best}')::integer,
        deaths_high = (data #>> '{fatalities,high}')::integer,
        has_deaths = coalesce(jsonb_typeof(data -> 'fatalities') = 'object', FALSE),
        sources = coalesce(jsonb_array_length(data -> 'document_ids'), 0)
    """,
    # The record (JSON) and its search vector move to a table of their own, so that the
    # events table holds only the narrow columns that filters, pages and sums read: a scan
    # of a year's events reads ~150 bytes a row instead of ~1.5 kB.
    """
    CREATE TABLE event_records (
        id TEXT COLLATE "C" PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
        data JSONB NOT NULL,
        search TSVECTOR NOT NULL
    )
    """,
    f"""
    INSERT INTO event_records (id, data, search)
    SELECT id, data, to_tsvector('simple', lower({_EVENT_WORDS_BACKFILL})) FROM events
    """,  # noqa: S608
    "ALTER TABLE events DROP COLUMN data",
    "CREATE INDEX event_records_search ON event_records USING GIN (search)",
    # Page indexes: the page order (sort_key, id) after an equality filter, then the columns
    # of the date and box filters, so that a page walked in order drops the rows outside the
    # dates or the box on the index entries, without reading the rows.
    f"CREATE INDEX events_page ON events (sort_key, id, {_PAGE_FILTERS})",
    f"CREATE INDEX events_admin1_page ON events (lower(admin1), sort_key, id, {_PAGE_FILTERS})",
    f"CREATE INDEX events_status_page ON events (status, sort_key, id, {_PAGE_FILTERS})",
    f"CREATE INDEX events_type_page ON events (lower(event_type), sort_key, id, {_PAGE_FILTERS})",
    "CREATE INDEX events_sub_type_page"
    f" ON events (lower(sub_event_type), sort_key, id, {_PAGE_FILTERS})",
    "CREATE INDEX events_place ON events (latitude, longitude, sort_key, id)",
    # the days an event may have happened on, for date filters (an overlap of ranges: the
    # index finds a month's events among a decade's without scanning from the start)
    f"CREATE INDEX events_days ON events USING GIST ({EVENT_DAYS}) WHERE date_first IS NOT NULL",
    "CREATE INDEX links_score ON links (score)",
    """
    CREATE TABLE tokens (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    )
    """,
    "CREATE UNIQUE INDEX tokens_active_name ON tokens (name) WHERE revoked_at IS NULL",
)

# Migration 5, as SQLite's: the audit log's hash chain (observatory.audit) and its head.
_AUDIT_CHAIN = (
    """
    CREATE TABLE audit_chain (
        audit_id BIGINT PRIMARY KEY,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE audit_head (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        last_id BIGINT NOT NULL,
        entries INTEGER NOT NULL,
        hash TEXT NOT NULL
    )
    """,
    """
    CREATE FUNCTION audit_chain_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the audit chain is append-only';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_chain_no_change BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_chain_append_only()
    """,
    """
    CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_append_only()
    """,
    """
    CREATE FUNCTION audit_head_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the audit chain head cannot be deleted';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION audit_head_kept()
    """,
    """
    CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION audit_head_kept()
    """,
)

# Migration 6, as SQLite's: the page indexes carry every filter column after the page
# order, so that the filters other than the one an index starts with are tested on its
# entries (a status, a type, a governorate), not on the rows; and an index finds the widest
# date window at once, which bounds a date filter's walk of the page order.
_FILTER_COLUMNS = (
    "date_last",
    "status",
    "lower(admin1)",
    "lower(event_type)",
    "lower(sub_event_type)",
    "latitude",
    "longitude",
    "geo_precision",
)


def _page_index(name: str, lead: str | None) -> str:
    return page_index(name, lead, _FILTER_COLUMNS)


_PAGE_FILTERS_ALL = (
    "DROP INDEX events_page",
    "DROP INDEX events_admin1_page",
    "DROP INDEX events_status_page",
    "DROP INDEX events_type_page",
    "DROP INDEX events_sub_type_page",
    _page_index("events_page", None),
    _page_index("events_admin1_page", "lower(admin1)"),
    _page_index("events_status_page", "status"),
    _page_index("events_type_page", "lower(event_type)"),
    _page_index("events_sub_type_page", "lower(sub_event_type)"),
    "CREATE INDEX events_window_days ON events ((date_last - date_first))"
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
                document_id TEXT COLLATE "C" PRIMARY KEY
                    REFERENCES documents (id) ON DELETE CASCADE,
                stages TEXT NOT NULL,
                extracted_at TEXT NOT NULL
            )
            """,
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
        statements=_PAGE_FILTERS_ALL,
    ),
)


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return max((m.version for m in migrations), default=0)


def current_version(conn: psycopg.Connection[tuple[Any, ...]]) -> int:
    """The store's schema version (0 for a schema without Observatory's tables)."""
    row = conn.execute(
        "SELECT to_regclass(quote_ident(current_schema()) || '.schema_version') IS NOT NULL"
    ).fetchone()
    if row is None or not row[0]:
        return 0
    found = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(found[0] or 0) if found else 0


def migrate(
    conn: psycopg.Connection[tuple[Any, ...]],
    *,
    where: str,
    migrations: Sequence[Migration] = MIGRATIONS,
) -> int:
    """Apply the pending migrations, each in one transaction; return the resulting version.

    ``conn`` must be in autocommit mode; ``where`` names the store in error messages.
    """
    try:
        if conn.execute("SELECT current_schema()").fetchone() in (None, (None,)):
            raise StoreError(
                f"store {where}: no schema to create tables in; create the schema named in"
                " the URL's search_path, or use one that exists"
            )
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
                with conn.transaction():
                    conn.execute(_LOCK)
                    conn.execute(
                        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                        " description TEXT NOT NULL, applied_at TEXT NOT NULL)"
                    )
                    # Another process may have migrated while we waited for the lock.
                    if current_version(conn) >= migration.version:
                        continue
                    for statement in migration.statements:
                        conn.execute(statement)
                    conn.execute(
                        "INSERT INTO schema_version (version, description, applied_at)"
                        " VALUES (%s, %s, %s)",
                        (
                            migration.version,
                            migration.description,
                            dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                        ),
                    )
            except psycopg.Error as exc:
                raise StoreError(
                    f"store {where}: migration {migration.version} ({migration.description})"
                    f" failed: {_first_line(exc)}"
                ) from exc
        return current_version(conn)
    except psycopg.Error as exc:
        raise StoreError(f"store {where}: cannot read its schema: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
