"""The embedded store: SQLite in WAL mode, full-text search with FTS5.

Records are kept as the JSON of :mod:`observatory.serialize`, beside indexed columns used
for filtering. Every write is one transaction, so a failure leaves nothing half-written.
Iterators read ids first and load records in chunks, so callers may write to the store
while they iterate.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self

import orjson

from observatory import serialize
from observatory.errors import AuthError, BadCursor, ConflictError, ReviewError, StoreError
from observatory.records import (
    AuditEntry,
    Claim,
    Document,
    Event,
    Link,
    ReviewStatus,
    StageVersion,
    Toll,
)
from observatory.store.audit_sql import AuditSQL
from observatory.store.base import (
    AddResult,
    DocumentPage,
    EventQuery,
    MapCluster,
    SourceState,
    TimelineBucket,
)
from observatory.store.migrations import migrate
from observatory.store.pages import EventPages
from observatory.store.shared import chunks as _chunks
from observatory.store.shared import days_before as _days_before
from observatory.store.shared import decode_cursor as _decode_cursor
from observatory.store.shared import dumps as _dumps
from observatory.store.shared import encode_cursor as _encode_cursor
from observatory.store.shared import ids_json as _ids_json
from observatory.store.shared import now as _now
from observatory.store.shared import window_bounds as _window_bounds

if TYPE_CHECKING:
    from observatory.auth import ApiToken

__all__ = ["SQLiteStore"]

_BUSY_TIMEOUT_MS = 10_000
# Read the file through a memory map, up to this many bytes (SQLite caps it at its build's
# SQLITE_MAX_MMAP_SIZE, 2 GB in Debian's): a page read is then a memory access instead of a
# read() into the connection's own cache; 20% less CPU for a page of events at 1,000,000
# (benchmarks/bench_api.py's filters, pages in the OS cache). Writes still go through the WAL.
_MMAP_BYTES = 1 << 34
_TERM = re.compile(r'[^\s"]+\*?')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _fts_query(query: str) -> str:
    """Each word of ``query`` as a quoted FTS5 term (all must match); ``word*`` is a prefix."""
    terms = []
    # a control character (NUL above all) ends an FTS5 string early: it separates words here
    query = _CONTROL.sub(" ", query)
    for match in _TERM.finditer(query):
        word = match.group(0)
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if word:
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms)


_WIDE_BOX = 0.05  # square degrees (about 25 x 20 km in Syria)


def _box_area(box: tuple[float, float, float, float]) -> float:
    west, south, east, north = box
    width = east - west if west <= east else 360 - west + east
    return width * (north - south)


class SQLiteStore(EventPages, AuditSQL):
    """A :class:`~observatory.store.base.Repository` in one SQLite file (or ``:memory:``)."""

    _PH = "?"

    def __init__(self, conn: sqlite3.Connection, *, where: str) -> None:
        self._conn = conn
        self._where = where

    # ------------------------------------------------------------------ opening, closing
    @classmethod
    def open(cls, path: str | Path) -> SQLiteStore:
        """Open (creating and migrating as needed) the store at ``path``; ``":memory:"`` works."""
        where = str(path)
        if where != ":memory:":
            parent = Path(where).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(
                    f"cannot open store {where}: directory {parent} does not exist; create it"
                    " or choose another --db"
                )
            where = str(Path(where).expanduser())
        try:
            conn = sqlite3.connect(where, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {where}: {exc}") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            if where != ":memory:":
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StoreError(f"store {where}: cannot switch to WAL mode (got {mode})")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
            migrate(conn, where=where)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(
                f"cannot open store {where}: {exc}; is it an Observatory store?"
            ) from exc
        except BaseException:
            conn.close()
            raise
        return cls(conn, where=where)

    def data_version(self) -> int | None:
        """SQLite's ``PRAGMA data_version``: it changes when another connection, in this
        process or another, commits."""
        return int(self._query("PRAGMA data_version")[0][0])

    def close(self) -> None:
        """Close; first let SQLite refresh its query-planner statistics if they are stale
        (bounded work, as SQLite advises for connections that ran queries)."""
        try:
            self._conn.execute("PRAGMA analysis_limit = 1000")
            self._conn.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass  # statistics only: never a reason to fail closing
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def path(self) -> str:
        return self._where

    @contextmanager
    def _transaction(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"store {self._where}: cannot start {what}: {exc}") from exc
        try:
            yield conn
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"store {self._where}: {what} failed: {exc}") from exc
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise StoreError(f"store {self._where}: {what} failed: {exc}") from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            cur = self._conn.execute(sql, params)
            rows: list[sqlite3.Row] = cur.fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"store {self._where}: read failed: {exc}") from exc
        return rows

    # ------------------------------------------------------------------ documents
    def add_documents(self, documents: Iterable[Document], /) -> AddResult:
        """Store new documents; a document whose id or text is already stored is a duplicate.

        All or nothing: if iterating ``documents`` raises, nothing of the batch is stored.
        """
        added: list[str] = []
        duplicates: list[str] = []
        with self._transaction("adding documents") as conn:
            for doc in documents:
                found = conn.execute(
                    "SELECT 1 FROM documents WHERE id = ? OR content_hash = ?",
                    (doc.id, doc.content_hash),
                ).fetchone()
                if found is not None:
                    duplicates.append(doc.id)
                    continue
                if doc.ingested_at is None:
                    doc = dataclasses.replace(doc, ingested_at=dt.datetime.now(dt.UTC))
                conn.execute(
                    "INSERT INTO documents (id, content_hash, published, outlet, title, text, data)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc.id,
                        doc.content_hash,
                        doc.published.isoformat() if doc.published else None,
                        doc.outlet,
                        doc.title,
                        doc.text,
                        _dumps(serialize.document_to_json(doc, with_text=False)),
                    ),
                )
                added.append(doc.id)
        return AddResult(added=tuple(added), duplicates=tuple(duplicates))

    @staticmethod
    def _document(row: Sequence[Any]) -> Document:
        data = json.loads(row[0])
        data["text"] = row[1]
        return serialize.document_from_json(data)

    def _documents_by_rowid(self, rowids: Sequence[int]) -> Iterator[Document]:
        for chunk in _chunks(rowids):
            rows = self._query(
                "SELECT d.data, d.text FROM json_each(?) AS j"
                " JOIN documents AS d ON d.rowid = j.value ORDER BY j.key",
                (json.dumps(list(chunk)),),
            )
            for row in rows:
                yield self._document(row)

    def document(self, document_id: str, /) -> Document | None:
        rows = self._query("SELECT data, text FROM documents WHERE id = ?", (document_id,))
        return self._document(rows[0]) if rows else None

    def documents(self, *, ids: Iterable[str] | None = None) -> Iterator[Document]:
        if ids is None:
            rows = self._query("SELECT rowid FROM documents ORDER BY rowid")
        else:
            rows = self._query(
                "SELECT rowid FROM documents WHERE id IN (SELECT value FROM json_each(?))"
                " ORDER BY rowid",
                (_ids_json(ids),),
            )
        return self._documents_by_rowid([r[0] for r in rows])

    def documents_without_claims(self) -> Iterator[Document]:
        rows = self._query(
            "SELECT rowid FROM documents AS d"
            " WHERE NOT EXISTS (SELECT 1 FROM extractions AS x WHERE x.document_id = d.id)"
            " ORDER BY rowid"
        )
        return self._documents_by_rowid([r[0] for r in rows])

    def search(self, query: str, /, *, limit: int = 20) -> list[Document]:
        """Documents whose title or text hold every word of ``query``, best match first."""
        match = _fts_query(query)
        if not match:
            return []
        rows = self._query(
            "SELECT f.rowid FROM documents_fts AS f WHERE documents_fts MATCH ?"
            " ORDER BY bm25(documents_fts) LIMIT ?",
            (match, limit),
        )
        return list(self._documents_by_rowid([r[0] for r in rows]))

    def count_documents(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM documents")[0][0])

    # ------------------------------------------------------------------ claims and tolls
    def replace_claims(
        self,
        document_id: str,
        claims: Sequence[Claim],
        tolls: Sequence[Toll],
        /,
        *,
        stages: Sequence[StageVersion],
        settings: Mapping[str, Any],
    ) -> None:
        """Replace the document's claims and tolls as a whole, recording what produced them.

        Links of the replaced claims go with them.
        """
        stages_json = _dumps([str(s) for s in stages])
        settings_json = _dumps(dict(settings))
        created = _now()
        with self._transaction(f"replacing claims of document {document_id}") as conn:
            if (
                conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
                is None
            ):
                raise StoreError(
                    f"store {self._where}: no document {document_id!r}; add it before its claims"
                )
            conn.execute("DELETE FROM claims WHERE document_id = ?", (document_id,))
            conn.execute(
                "INSERT OR REPLACE INTO extractions (document_id, stages, extracted_at)"
                " VALUES (?, ?, ?)",
                (document_id, stages_json, created),
            )
            records: list[Claim | Toll] = [*claims, *tolls]
            for position, record in enumerate(records):
                if record.document_id != document_id:
                    raise StoreError(
                        f"claim {record.id!r} belongs to document {record.document_id!r},"
                        f" not {document_id!r}"
                    )
                if isinstance(record, Claim):
                    first, last = _window_bounds(record.date, record.date_window)
                    date = record.date
                    place = record.location
                    event_type: str | None = record.event_type
                    sub_event_type: str | None = record.sub_event_type
                else:
                    first, last = _window_bounds(None, record.date_window)
                    date = None
                    place = record.scope
                    event_type = sub_event_type = None
                conn.execute(
                    "INSERT INTO claims (id, document_id, position, kind, date, date_first,"
                    " date_last, admin1, event_type, sub_event_type, data, stages, settings,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        record.id,
                        document_id,
                        position,
                        record.kind.value,
                        date.isoformat() if date else None,
                        first,
                        last,
                        place.admin1 if place else None,
                        event_type,
                        sub_event_type,
                        _dumps(serialize.record_to_json(record)),
                        stages_json,
                        settings_json,
                        created,
                    ),
                )

    def _claim_rows(
        self,
        *,
        kind: str,
        ids: Iterable[str] | None,
        document_ids: Iterable[str] | None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        unlinked: bool = False,
    ) -> list[sqlite3.Row]:
        where = ["c.kind = ?"]
        params: list[Any] = [kind]
        if unlinked:
            where.append("NOT EXISTS (SELECT 1 FROM links AS l WHERE l.claim_id = c.id)")
        if ids is not None:
            where.append("c.id IN (SELECT value FROM json_each(?))")
            params.append(_ids_json(ids))
        if document_ids is not None:
            where.append("c.document_id IN (SELECT value FROM json_each(?))")
            params.append(_ids_json(document_ids))
        if since is not None:
            where.append("c.date_last >= ?")
            params.append(since.isoformat())
        if until is not None:
            where.append("c.date_first <= ?")
            params.append(until.isoformat())
        return self._query(
            "SELECT c.data FROM claims AS c JOIN documents AS d ON d.id = c.document_id"  # noqa: S608
            f" WHERE {' AND '.join(where)} ORDER BY d.rowid, c.position",
            params,
        )

    def claims(
        self,
        *,
        ids: Iterable[str] | None = None,
        document_ids: Iterable[str] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> Iterator[Claim]:
        """Claims in document order; ``since``/``until`` keep claims whose dates overlap."""
        rows = self._claim_rows(
            kind="event", ids=ids, document_ids=document_ids, since=since, until=until
        )
        return (serialize.claim_from_json(json.loads(r[0])) for r in rows)

    def unlinked_claims(self) -> Iterator[Claim]:
        """Claims in no event, in document order (none once every claim has been linked)."""
        rows = self._claim_rows(kind="event", ids=None, document_ids=None, unlinked=True)
        return (serialize.claim_from_json(json.loads(r[0])) for r in rows)

    def tolls(
        self,
        *,
        document_ids: Iterable[str] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> Iterator[Toll]:
        """Tolls in document order; ``since``/``until`` keep tolls whose periods overlap."""
        rows = self._claim_rows(
            kind="toll", ids=None, document_ids=document_ids, since=since, until=until
        )
        return (serialize.toll_from_json(json.loads(r[0])) for r in rows)

    def claim_provenance(
        self, claim_id: str, /
    ) -> tuple[tuple[StageVersion, ...], dict[str, Any]] | None:
        """The stage versions and settings recorded with a claim or toll (None if unknown)."""
        rows = self._query("SELECT stages, settings FROM claims WHERE id = ?", (claim_id,))
        if not rows:
            return None
        stages = []
        for item in json.loads(rows[0][0]):
            name, _, version = str(item).rpartition("/")
            stages.append(StageVersion(name=name, version=version))
        settings: dict[str, Any] = json.loads(rows[0][1])
        return tuple(stages), settings

    # ------------------------------------------------------------------ events and links
    def _type_condition(self, value: str) -> str:
        """``value`` is an event type or a sub-event type: one indexed column, not an OR
        of two (ACLED's type and sub-type names never coincide), so pages stay on an index."""
        is_type = self._query("SELECT 1 FROM events WHERE event_type = ? LIMIT 1", (value,))
        if is_type:
            return "e.event_type = ?"
        return "e.sub_event_type = ?"

    def _event_where(self, q: EventQuery) -> tuple[list[str], list[Any]]:
        """SQL conditions on ``events AS e`` for the filters of ``q`` (not its limit)."""
        where: list[str] = []
        params: list[Any] = []
        if q.since is not None:
            where.append("e.date_last >= ?")
            params.append(q.since.isoformat())
            # the same events began at most the longest window before: a bound on the page
            # order (sort_key is date_first), so a walk in that order stops there
            where.append("e.sort_key >= ?")
            params.append(_days_before(q.since, self._longest_window()).isoformat())
        if q.until is not None:
            # sort_key is date_first (or ''): the same bound, on the paging index
            where.append("e.date_first <= ? AND e.sort_key <= ?")
            params.extend([q.until.isoformat(), q.until.isoformat()])
        if q.admin1 is not None:
            where.append("e.admin1 = ?")
            params.append(q.admin1)
        if q.event_type is not None:
            where.append(self._type_condition(q.event_type))
            params.append(q.event_type)
        if q.sub_event_type is not None:
            where.append("e.sub_event_type = ?")
            params.append(q.sub_event_type)
        if q.actor is not None:
            where.append(
                "EXISTS (SELECT 1 FROM event_actors AS a WHERE a.event_id = e.id AND a.actor = ?)"
            )
            params.append(q.actor)
        if q.status is not None:
            where.append("e.status = ?")
            params.append(q.status.value)
        if q.event_ids is not None:
            where.append("e.id IN (SELECT value FROM json_each(?))")
            params.append(_ids_json(q.event_ids))
        if q.bbox is not None:
            west, south, east, north = q.bbox
            where.append("e.latitude BETWEEN ? AND ?")
            params.extend([south, north])
            if west <= east:
                where.append("e.longitude BETWEEN ? AND ?")
                params.extend([west, east])
            else:  # the box crosses the antimeridian
                where.append("(e.longitude >= ? OR e.longitude <= ?)")
                params.extend([west, east])
        if q.text is not None:
            match = _fts_query(q.text)
            if match:
                where.append("e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
                params.append(match)
        if q.imprecise is True:
            where.append("(e.latitude IS NULL OR e.geo_precision >= 3)")
        elif q.imprecise is False:
            where.append("(e.latitude IS NOT NULL AND e.geo_precision < 3)")
        return where, params

    def events(self, query: EventQuery | None = None, /) -> Iterator[Event]:
        """Events by date (undated last), then id; the filters of ``query`` combined."""
        q = query or EventQuery()
        where, params = self._event_where(q)
        sql = "SELECT e.data FROM events AS e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.date_first IS NULL, e.date_first, e.date, e.id"
        if q.limit is not None:
            sql += " LIMIT ?"
            params.append(q.limit)
        rows = self._query(sql, params)
        return (serialize.event_from_json(json.loads(r[0])) for r in rows)

    @staticmethod
    def _event_data(raw: Any) -> Any:
        return orjson.loads(raw)

    def _page_rows(
        self, query: EventQuery | None, after: str | None, limit: int
    ) -> tuple[list[sqlite3.Row], str | None]:
        """The rows (data, version) of a page, and the cursor of the next one."""
        if limit < 1:
            raise StoreError(f"page size must be at least 1, not {limit}")
        q = query or EventQuery()
        where, params = self._event_where(q)
        if after is not None:
            key, event_id = _decode_cursor(after, size=2)
            where.append("(e.sort_key, e.id) < (?, ?)")
            params.extend([str(key), str(event_id)])
        sql = "SELECT e.data, e.version, e.sort_key, e.id FROM events AS e"
        # filters with an index of their own to start from (an actor has none: it is tested
        # on each event walked; dates bound the walk of the page order itself)
        starts = (q.admin1, q.event_type, q.sub_event_type, q.status, q.text, q.event_ids)
        if q.bbox is not None and _box_area(q.bbox) >= _WIDE_BOX and all(f is None for f in starts):
            # a wide box holds many events: walking the page order (whose index holds the
            # point) finds a page at once, where the box index would gather and sort them
            # all (and test the actor of each: 220 ms for a box and an actor at 1,000,000
            # events, 2 ms this way). A narrow box, or another filter the planner can start
            # from: the reverse.
            sql += " INDEXED BY events_page"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.sort_key DESC, e.id DESC LIMIT ?"
        params.append(limit + 1)
        rows = self._query(sql, params)
        more = len(rows) > limit
        rows = rows[:limit]
        return rows, _encode_cursor([rows[-1][2], rows[-1][3]]) if more else None

    def _longest_window(self) -> int:
        """Days between the first and the last possible day of the event with the widest
        date window (0 when every event has one day or none); read from an index."""
        rows = self._query(
            "SELECT MAX(julianday(date_last) - julianday(date_first)) FROM events"
            " WHERE date_last > date_first"
        )
        return math.ceil(rows[0][0] or 0)

    def count_events(self, query: EventQuery | None = None, /) -> int:
        where, params = self._event_where(query or EventQuery())
        sql = "SELECT COUNT(*) FROM events AS e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return int(self._query(sql, params)[0][0])

    def event_version(self, event_id: str, /) -> int | None:
        rows = self._query("SELECT version FROM events WHERE id = ?", (event_id,))
        return int(rows[0][0]) if rows else None

    def bump_versions(self, expected: Mapping[str, int], /) -> dict[str, int]:
        """Check each event's version and add 1 to each, atomically (ConflictError if not)."""
        out: dict[str, int] = {}
        with self._transaction("checking event versions") as conn:
            for event_id, version in sorted(expected.items()):
                row = conn.execute(
                    "SELECT version FROM events WHERE id = ?", (event_id,)
                ).fetchone()
                if row is None:
                    raise ReviewError(f"no event {event_id!r}")
                if int(row[0]) != int(version):
                    raise ConflictError(
                        f"event {event_id} is at version {row[0]}, not {version}: someone"
                        " changed it since you read it; reload it and try again"
                    )
                conn.execute("UPDATE events SET version = version + 1 WHERE id = ?", (event_id,))
                out[event_id] = int(version) + 1
        return out

    def map_clusters(
        self, query: EventQuery | None = None, /, *, cell_degrees: float
    ) -> list[MapCluster]:
        if not cell_degrees > 0:
            raise StoreError(f"cluster cell size must be positive, not {cell_degrees}")
        where, params = self._event_where(query or EventQuery())
        where.append("e.latitude IS NOT NULL AND e.longitude IS NOT NULL")
        sql = (
            "SELECT AVG(e.latitude), AVG(e.longitude), MIN(e.longitude), MIN(e.latitude),"  # noqa: S608
            " MAX(e.longitude), MAX(e.latitude), COUNT(*),"
            " TOTAL(e.deaths_low), TOTAL(coalesce(e.deaths_best, e.deaths_low)),"
            " TOTAL(coalesce(e.deaths_high, 0)),"
            " SUM(e.has_deaths AND e.deaths_high IS NULL), MIN(e.id)"
            " FROM events AS e WHERE " + " AND ".join(where) + " GROUP BY"
            " CAST((e.latitude + 90.0) / ? AS INTEGER), CAST((e.longitude + 180.0) / ? AS INTEGER)"
        )
        params.extend([cell_degrees, cell_degrees])
        return [
            MapCluster(
                latitude=float(r[0]),
                longitude=float(r[1]),
                west=float(r[2]),
                south=float(r[3]),
                east=float(r[4]),
                north=float(r[5]),
                events=int(r[6]),
                deaths_low=int(r[7]),
                deaths_best=int(r[8]),
                deaths_high=None if r[10] else int(r[9]),
                event_id=str(r[11]) if int(r[6]) == 1 else None,
            )
            for r in self._query(sql, params)
        ]

    def timeline(
        self,
        query: EventQuery | None = None,
        /,
        *,
        by: Literal["day", "month", "admin1", "event_type"] = "day",
    ) -> list[TimelineBucket]:
        where, params = self._event_where(query or EventQuery())
        # the statuses kept, listed: ranges of the covering index events_stats (a `!=` made
        # the planner read the whole table, JSON and all: 2x slower at 100,000 events)
        kept = [s.value for s in ReviewStatus if s is not ReviewStatus.REJECTED]
        where.append(f"e.status IN ({', '.join('?' * len(kept))})")
        params.extend(kept)
        key = {
            "day": "coalesce(e.date, '')",
            "month": "substr(coalesce(e.date, e.date_first, ''), 1, 7)",
            "admin1": "coalesce(e.admin1, '')",
            "event_type": "coalesce(e.event_type, '')",
        }[by]
        sql = (
            f"SELECT {key} AS bucket,"  # noqa: S608
            " COUNT(*), TOTAL(e.deaths_low), TOTAL(coalesce(e.deaths_best, e.deaths_low)),"
            " TOTAL(coalesce(e.deaths_high, 0)), SUM(e.has_deaths AND e.deaths_high IS NULL)"
            " FROM events AS e WHERE " + " AND ".join(where) + " GROUP BY bucket ORDER BY bucket"
        )
        return [
            TimelineBucket(
                key=str(r[0]),
                events=int(r[1]),
                deaths_low=int(r[2]),
                deaths_best=int(r[3]),
                deaths_high=None if r[5] else int(r[4]),
            )
            for r in self._query(sql, params)
        ]

    def governorates(self) -> list[str]:
        # a skip-scan of the governorate index: one seek to each next name, then one to a
        # kept event of it
        rows = self._query(
            "WITH RECURSIVE names(admin1) AS ("
            " SELECT MIN(admin1) FROM events WHERE admin1 IS NOT NULL"
            " UNION ALL"
            " SELECT (SELECT MIN(e.admin1) FROM events AS e WHERE e.admin1 > names.admin1)"
            " FROM names WHERE names.admin1 IS NOT NULL)"
            " SELECT admin1 FROM names WHERE admin1 IS NOT NULL AND admin1 != '' AND EXISTS"
            " (SELECT 1 FROM events AS e WHERE e.admin1 = names.admin1 AND e.status != ?)",
            (ReviewStatus.REJECTED.value,),
        )
        return sorted(str(r[0]) for r in rows)

    def links_near(self, *, low: float, high: float, limit: int = 100) -> list[Link]:
        middle = (low + high) / 2
        rows = self._query(
            "SELECT claim_id, event_id, score, features, manual FROM links"
            " WHERE manual = 0 AND score BETWEEN ? AND ? ORDER BY abs(score - ?), claim_id LIMIT ?",
            (low, high, middle, limit),
        )
        return [
            Link(
                claim_id=r[0],
                event_id=r[1],
                score=float(r[2]),
                features={str(k): float(v) for k, v in json.loads(r[3]).items()},
                manual=bool(r[4]),
            )
            for r in rows
        ]

    def event(self, event_id: str, /) -> Event | None:
        rows = self._query("SELECT data FROM events WHERE id = ?", (event_id,))
        return serialize.event_from_json(orjson.loads(rows[0][0])) if rows else None

    def links(
        self, *, event_ids: Iterable[str] | None = None, claim_ids: Iterable[str] | None = None
    ) -> Iterator[Link]:
        where: list[str] = []
        params: list[Any] = []
        if event_ids is not None:
            where.append("event_id IN (SELECT value FROM json_each(?))")
            params.append(_ids_json(event_ids))
        if claim_ids is not None:
            where.append("claim_id IN (SELECT value FROM json_each(?))")
            params.append(_ids_json(claim_ids))
        sql = "SELECT claim_id, event_id, score, features, manual FROM links"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY event_id, claim_id"
        rows = self._query(sql, params)
        return (
            Link(
                claim_id=r[0],
                event_id=r[1],
                score=float(r[2]),
                features={str(k): float(v) for k, v in json.loads(r[3]).items()},
                manual=bool(r[4]),
            )
            for r in rows
        )

    def write_events(
        self, events: Sequence[Event], links: Sequence[Link], /, *, remove: Iterable[str] = ()
    ) -> None:
        """Atomically: delete the events in ``remove``, upsert ``events``, upsert ``links``.

        A claim belongs to at most one event, so writing its link moves it. Links of a
        written event to claims no longer among its ``claim_ids`` are dropped.
        """
        updated = _now()
        with self._transaction("writing events") as conn:
            conn.execute(
                "DELETE FROM events WHERE id IN (SELECT value FROM json_each(?))",
                (_ids_json(remove),),
            )
            for event in events:
                first, last = _window_bounds(event.date, event.date_window)
                admin1 = event.location.admin1 if event.location else None
                place = event.location
                deaths = event.fatalities
                conn.execute(
                    "INSERT INTO events (id, date, date_first, date_last, admin1, event_type,"
                    " sub_event_type, status, data, updated_at, sort_key, location, latitude,"
                    " longitude, geo_precision, deaths_low, deaths_best, deaths_high,"
                    " has_deaths, sources)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET date = excluded.date,"
                    " date_first = excluded.date_first, date_last = excluded.date_last,"
                    " admin1 = excluded.admin1, event_type = excluded.event_type,"
                    " sub_event_type = excluded.sub_event_type, status = excluded.status,"
                    " data = excluded.data, updated_at = excluded.updated_at,"
                    " sort_key = excluded.sort_key, location = excluded.location,"
                    " latitude = excluded.latitude, longitude = excluded.longitude,"
                    " geo_precision = excluded.geo_precision, deaths_low = excluded.deaths_low,"
                    " deaths_best = excluded.deaths_best, deaths_high = excluded.deaths_high,"
                    " has_deaths = excluded.has_deaths, sources = excluded.sources,"
                    " version = events.version + 1",
                    (
                        event.id,
                        event.date.isoformat() if event.date else None,
                        first,
                        last,
                        admin1,
                        event.event_type,
                        event.sub_event_type,
                        event.status.value,
                        _dumps(serialize.event_to_json(event)),
                        updated,
                        first or "",
                        place.name if place else None,
                        place.latitude if place else None,
                        place.longitude if place else None,
                        int(place.geo_precision) if place else None,
                        deaths.low if deaths else None,
                        deaths.best if deaths else None,
                        deaths.high if deaths else None,
                        int(deaths is not None),
                        event.number_of_sources,
                    ),
                )
                conn.execute("DELETE FROM event_actors WHERE event_id = ?", (event.id,))
                actors = {a for a in (event.actor1, event.actor2, *event.assoc_actors) if a}
                conn.executemany(
                    "INSERT OR IGNORE INTO event_actors (event_id, actor) VALUES (?, ?)",
                    [(event.id, a) for a in sorted(actors)],
                )
                conn.execute(
                    "DELETE FROM links WHERE event_id = ?"
                    " AND claim_id NOT IN (SELECT value FROM json_each(?))",
                    (event.id, _ids_json(event.claim_ids)),
                )
            conn.executemany(
                "INSERT INTO links (claim_id, event_id, score, features, manual)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (claim_id) DO UPDATE SET event_id = excluded.event_id,"
                " score = excluded.score, features = excluded.features, manual = excluded.manual",
                [
                    (
                        link.claim_id,
                        link.event_id,
                        float(link.score),
                        _dumps({k: float(v) for k, v in link.features.items()}),
                        int(link.manual),
                    )
                    for link in links
                ],
            )

    # ------------------------------------------------------------------ audit log
    def add_audit(self, entry: AuditEntry, /) -> AuditEntry:
        """Append to the audit log; returns the entry with its id."""
        with self._transaction("writing the audit log") as conn:
            cur = conn.execute(
                "INSERT INTO audit (at, who, action, event_ids, claim_ids, value, reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.at.isoformat(),
                    entry.who,
                    entry.action,
                    _ids_json(entry.event_ids),
                    _ids_json(entry.claim_ids),
                    entry.value,
                    entry.reason,
                ),
            )
            audit_id = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT OR IGNORE INTO audit_events (audit_id, event_id) VALUES (?, ?)",
                [(audit_id, e) for e in entry.event_ids],
            )
            stored = dataclasses.replace(entry, id=audit_id)
            self._chain_audit(conn, stored)
        return stored

    # ------------------------------------------------------------------ documents by page
    def document_page(self, *, after: str | None = None, limit: int = 100) -> DocumentPage:
        if limit < 1:
            raise StoreError(f"page size must be at least 1, not {limit}")
        start = 0
        if after is not None:
            (value,) = _decode_cursor(after, size=1)
            if not isinstance(value, int):
                raise BadCursor(f"bad page cursor {after!r}: start again without one")
            start = value
        rows = self._query(
            "SELECT rowid FROM documents WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (start, limit + 1),
        )
        more = len(rows) > limit
        rowids = [int(r[0]) for r in rows[:limit]]
        return DocumentPage(
            documents=tuple(self._documents_by_rowid(rowids)),
            next_cursor=_encode_cursor([rowids[-1]]) if more else None,
        )

    # ------------------------------------------------------------------ API tokens
    @staticmethod
    def _token(row: Sequence[Any]) -> ApiToken:
        from observatory.auth import ApiToken, Role

        return ApiToken(
            id=int(row[0]),
            name=str(row[1]),
            role=Role(row[2]),
            created_at=dt.datetime.fromisoformat(row[3]),
            revoked_at=dt.datetime.fromisoformat(row[4]) if row[4] else None,
        )

    _TOKEN_COLUMNS = "id, name, role, created_at, revoked_at"  # noqa: S105

    def add_token(self, name: str, role: str, token_hash: str, /) -> ApiToken:
        """Store a token (its hash only); AuthError if an active token has that name."""
        with self._transaction("adding a token") as conn:
            taken = conn.execute(
                "SELECT 1 FROM tokens WHERE name = ? AND revoked_at IS NULL", (name,)
            ).fetchone()
            if taken is not None:
                raise AuthError(
                    f"an active token is already named {name!r}; revoke it or choose another name"
                )
            cur = conn.execute(
                "INSERT INTO tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
                (name, role, token_hash, _now()),
            )
            row = conn.execute(
                f"SELECT {self._TOKEN_COLUMNS} FROM tokens WHERE id = ?",  # noqa: S608
                (cur.lastrowid,),
            ).fetchone()
        return self._token(row)

    def token_for_hash(self, token_hash: str, /) -> ApiToken | None:
        rows = self._query(
            f"SELECT {self._TOKEN_COLUMNS} FROM tokens WHERE token_hash = ?",  # noqa: S608
            (token_hash,),
        )
        return self._token(rows[0]) if rows else None

    def api_tokens(self, *, include_revoked: bool = False) -> list[ApiToken]:
        sql = f"SELECT {self._TOKEN_COLUMNS} FROM tokens"  # noqa: S608
        if not include_revoked:
            sql += " WHERE revoked_at IS NULL"
        return [self._token(r) for r in self._query(sql + " ORDER BY id")]

    def revoke_token(self, name: str, /) -> ApiToken | None:
        with self._transaction("revoking a token") as conn:
            row = conn.execute(
                f"SELECT {self._TOKEN_COLUMNS} FROM tokens WHERE name = ? AND revoked_at IS NULL",  # noqa: S608
                (name,),
            ).fetchone()
            if row is None:
                return None
            conn.execute("UPDATE tokens SET revoked_at = ? WHERE id = ?", (_now(), row[0]))
            row = conn.execute(
                f"SELECT {self._TOKEN_COLUMNS} FROM tokens WHERE id = ?",  # noqa: S608
                (row[0],),
            ).fetchone()
        return self._token(row)

    # ------------------------------------------------ watching sources; resumable runs
    @staticmethod
    def _time(value: str | None) -> dt.datetime | None:
        return dt.datetime.fromisoformat(value) if value else None

    @staticmethod
    def _time_text(value: dt.datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") if value is not None else None

    def source_state(self, source: str, /) -> SourceState | None:
        rows = self._query(
            "SELECT source, etag, last_modified, checked_at, changed_at, failures, retry_at,"
            " last_error FROM watch_sources WHERE source = ?",
            (source,),
        )
        if not rows:
            return None
        r = rows[0]
        return SourceState(
            source=r[0],
            etag=r[1],
            last_modified=r[2],
            checked_at=self._time(r[3]),
            changed_at=self._time(r[4]),
            failures=int(r[5]),
            retry_at=self._time(r[6]),
            last_error=r[7],
        )

    def save_source_state(self, state: SourceState, /) -> None:
        with self._transaction("saving a watched source's state") as conn:
            conn.execute(
                "INSERT OR REPLACE INTO watch_sources (source, etag, last_modified, checked_at,"
                " changed_at, failures, retry_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    state.source,
                    state.etag,
                    state.last_modified,
                    self._time_text(state.checked_at),
                    self._time_text(state.changed_at),
                    state.failures,
                    self._time_text(state.retry_at),
                    state.last_error,
                ),
            )

    def seen_items(self, source: str, items: Iterable[str], /) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(sorted(set(items))):
            marks = ", ".join("?" * len(chunk))
            rows = self._query(
                f"SELECT item FROM watch_items WHERE source = ? AND item IN ({marks})",  # noqa: S608
                (source, *chunk),
            )
            found.update(r[0] for r in rows)
        return found

    def mark_items_seen(self, source: str, items: Iterable[str], /) -> None:
        now = _now()
        with self._transaction("remembering a watched source's items") as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO watch_items (source, item, seen_at) VALUES (?, ?, ?)",
                [(source, item, now) for item in sorted(set(items))],
            )

    def done_partitions(self, run: str, /) -> set[str]:
        rows = self._query("SELECT partition FROM run_partitions WHERE run = ?", (run,))
        return {r[0] for r in rows}

    def mark_partition_done(self, run: str, partition: str, /, *, documents: int) -> None:
        with self._transaction("recording a finished partition") as conn:
            conn.execute(
                "INSERT OR REPLACE INTO run_partitions (run, partition, documents, done_at)"
                " VALUES (?, ?, ?, ?)",
                (run, partition, documents, _now()),
            )
