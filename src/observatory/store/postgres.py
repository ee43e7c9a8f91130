"""The team store: PostgreSQL, with full-text search on a ``tsvector`` column.

Opened with a ``postgresql://`` URL (``--db`` or ``OBSERVATORY_DB``). It implements the same
:class:`~observatory.store.base.Repository` as the SQLite store and passes the same tests;
records are kept as the JSON of :mod:`observatory.serialize` (JSONB here) beside indexed
columns used for filtering.

Several processes may write at once. Every write is one transaction; documents are inserted
with ``ON CONFLICT DO NOTHING``, so two ingests of one report store it once; a document's
claims are replaced under a lock on its row; events and links are written in id order, and
a write that deadlocks or fails to serialise with another is retried. One store object may
be shared by threads: its operations are serialised on its one connection.

Search folds diacritics and case in Python and feeds PostgreSQL's ``simple`` text-search
configuration the words only, so a query matches the words it would match in SQLite's
FTS5 (``unicode61 remove_diacritics 2``); results are ranked with ``ts_rank_cd``, the
title weighing more than the text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self, TypeVar

import orjson
import psycopg
from psycopg import errors as pg_errors
from psycopg.types.json import set_json_loads

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
from observatory.store import is_postgres_url
from observatory.store.audit_sql import AuditSQL
from observatory.store.base import (
    AddResult,
    DocumentPage,
    EventQuery,
    MapCluster,
    SourceState,
    TimelineBucket,
)
from observatory.store.pages import EventPages
from observatory.store.pg_migrations import EVENT_DAYS, migrate
from observatory.store.shared import (
    chunks,
    claim_columns,
    days_before,
    decode_cursor,
    dumps,
    encode_cursor,
    event_actors,
    event_words,
    ids_json,
    now,
    search_terms,
    window_bounds,
    words,
)

if TYPE_CHECKING:
    from observatory.auth import ApiToken

__all__ = ["PostgresStore", "redact_url"]

# A date filter bounds the page order by the store's longest date window when that is at
# most this long; a longer one would bound little, and the range-overlap index serves better.
_BOUNDED_WINDOW_DAYS = 366

T = TypeVar("T")
Row = tuple[Any, ...]
Connection = psycopg.Connection[Row]

_RETRIES = 5
_DOCUMENTS_LOCK = (
    "SELECT pg_advisory_xact_lock(hashtext('observatory.documents:' || current_schema()))"
)
_RETRYABLE = (pg_errors.DeadlockDetected, pg_errors.SerializationFailure)
_PASSWORD_IN_URL = re.compile(r"(?P<head>://[^/@:]*:)[^/@]*@")
_PASSWORD_PARAM = re.compile(r"(?P<head>[?&]password=)[^&]*")


def redact_url(url: str) -> str:
    """The URL with any password replaced by ``***``, for messages."""
    url = _PASSWORD_IN_URL.sub(r"\g<head>***@", url)
    return _PASSWORD_PARAM.sub(r"\g<head>***", url)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _tsquery(query: str) -> str:
    """``query`` as a ``to_tsquery('simple', ...)`` string; empty when it has no words."""
    parts = []
    for term in search_terms(query):
        lexemes = [f"'{w}'" for w in term.words]
        if term.prefix:
            lexemes[-1] += ":*"
        parts.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


def _unstorable(text: str) -> str | None:
    """Why PostgreSQL cannot store ``text`` (a NUL or an unpaired surrogate), or None."""
    if "\x00" in text:
        return "a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "an unpaired surrogate (not valid Unicode text)"
    return None


class PostgresStore(EventPages, AuditSQL):
    """A :class:`~observatory.store.base.Repository` in a PostgreSQL database."""

    _PH = "%s"

    def __init__(self, conn: Connection, *, where: str) -> None:
        self._conn = conn
        self._where = where
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ opening, closing
    @classmethod
    def open(cls, url: str) -> PostgresStore:
        """Connect to ``url`` (a ``postgresql://`` URL) and migrate its schema as needed."""
        where = redact_url(url)
        if not is_postgres_url(url):
            raise StoreError(f"cannot open store {where}: not a postgresql:// URL")
        try:
            conn: Connection = psycopg.connect(
                url, autocommit=True, connect_timeout=10, application_name="observatory"
            )
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot open store {where}: {_first_line(exc)}; is the server running, and"
                " are the host, port, user, password and database in the URL right?"
            ) from exc
        try:
            # Plan each query for its own values: the same filter may match ten events or
            # half the store, and a generic plan made for one is slow for the other.
            conn.execute("SET plan_cache_mode = force_custom_plan")
            # records come back as JSONB: decoded by orjson, several times faster
            set_json_loads(orjson.loads, conn)
            migrate(conn, where=where)
        except BaseException:
            conn.close()
            raise
        return cls(conn, where=where)

    def data_version(self) -> int | None:
        """None: PostgreSQL has no cheap counter of commits to these tables (its
        aggregations are fast enough uncached)."""
        return None

    def close(self) -> None:
        with self._lock:
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
        """The store's URL, without its password."""
        return self._where

    def _write(self, what: str, body: Callable[[Connection], T]) -> T:
        """Run ``body`` in one transaction: all of it is committed, or none of it.

        A transaction that deadlocks or cannot be serialised with a concurrent one is rolled
        back and run again after a short random pause, so that the writers that collided do
        not collide again in step (``body`` must not consume one-shot iterators).
        """
        with self._lock:
            for attempt in range(_RETRIES):
                try:
                    with self._conn.transaction():
                        return body(self._conn)
                except _RETRYABLE as exc:
                    if attempt == _RETRIES - 1:
                        raise StoreError(
                            f"store {self._where}: {what} failed: {_first_line(exc)}"
                        ) from exc
                    time.sleep(random.uniform(0.0, 0.05 * 2**attempt))  # noqa: S311 (jitter)
                except psycopg.Error as exc:
                    raise StoreError(
                        f"store {self._where}: {what} failed: {_first_line(exc)}"
                    ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except psycopg.Error as exc:
                raise StoreError(f"store {self._where}: read failed: {_first_line(exc)}") from exc

    # ------------------------------------------------------------------ documents
    def add_documents(self, documents: Iterable[Document], /) -> AddResult:
        """Store new documents; a document whose id or text is already stored is a duplicate.

        All or nothing: if iterating ``documents`` raises, nothing of the batch is stored.
        """
        rows: list[tuple[Any, ...]] = []
        ids: list[str] = []
        for doc in documents:
            if doc.ingested_at is None:
                doc = dataclasses.replace(doc, ingested_at=dt.datetime.now(dt.UTC))
            data = dumps(serialize.document_to_json(doc, with_text=False))
            problem = _unstorable(doc.text + data)
            if problem is not None:
                raise StoreError(
                    f"document {doc.id!r} holds {problem}, which PostgreSQL cannot store;"
                    " remove it (ingest does) and add the document again"
                )
            title = doc.title or ""
            rows.append(
                (
                    doc.id,
                    doc.content_hash,
                    doc.published,
                    doc.outlet,
                    doc.title,
                    doc.text,
                    data,
                    " ".join(words(title)),
                    " ".join(words(doc.text)),
                )
            )
            ids.append(doc.id)

        def body(conn: Connection) -> list[bool]:
            inserted: list[bool] = []
            with conn.cursor() as cur:
                # one writer of documents at a time: two ingests of overlapping batches in
                # different orders would otherwise wait on each other's rows (a deadlock);
                # the rows keep the caller's order, which numbers them (seq)
                cur.execute(_DOCUMENTS_LOCK)
                cur.executemany(
                    "INSERT INTO documents"
                    " (id, content_hash, published, outlet, title, text, data, search)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s::jsonb,"
                    " setweight(to_tsvector('simple', %s), 'A') || to_tsvector('simple', %s))"
                    " ON CONFLICT DO NOTHING RETURNING id",
                    rows,
                    returning=True,
                )
                while True:  # one result per row: the id when inserted, nothing when present
                    inserted.append(cur.fetchone() is not None)
                    if not cur.nextset():
                        break
            return inserted

        inserted = self._write("adding documents", body) if rows else []
        return AddResult(
            added=tuple(i for i, new in zip(ids, inserted, strict=True) if new),
            duplicates=tuple(i for i, new in zip(ids, inserted, strict=True) if not new),
        )

    @staticmethod
    def _document(row: Row) -> Document:
        data = dict(row[0])
        data["text"] = row[1]
        return serialize.document_from_json(data)

    def _documents_by_seq(self, seqs: Sequence[int]) -> Iterator[Document]:
        for chunk in chunks(seqs):
            rows = self._query(
                "SELECT d.data, d.text FROM unnest(%s::bigint[]) WITH ORDINALITY AS j (seq, n)"
                " JOIN documents AS d ON d.seq = j.seq ORDER BY j.n",
                (list(chunk),),
            )
            for row in rows:
                yield self._document(row)

    def document(self, document_id: str, /) -> Document | None:
        rows = self._query("SELECT data, text FROM documents WHERE id = %s", (document_id,))
        return self._document(rows[0]) if rows else None

    def documents(self, *, ids: Iterable[str] | None = None) -> Iterator[Document]:
        if ids is None:
            rows = self._query("SELECT seq FROM documents ORDER BY seq")
        else:
            rows = self._query(
                "SELECT seq FROM documents WHERE id = ANY(%s::text[]) ORDER BY seq", (list(ids),)
            )
        return self._documents_by_seq([r[0] for r in rows])

    def documents_without_claims(self) -> Iterator[Document]:
        rows = self._query(
            "SELECT seq FROM documents AS d"
            " WHERE NOT EXISTS (SELECT 1 FROM extractions AS x WHERE x.document_id = d.id)"
            " ORDER BY seq"
        )
        return self._documents_by_seq([r[0] for r in rows])

    def search(self, query: str, /, *, limit: int = 20) -> list[Document]:
        """Documents whose title or text hold every word of ``query``, best match first."""
        tsquery = _tsquery(query)
        if not tsquery:
            return []
        rows = self._query(
            "SELECT seq FROM documents, to_tsquery('simple', %s) AS q WHERE search @@ q"
            " ORDER BY ts_rank_cd(search, q) DESC, seq LIMIT %s",
            (tsquery, limit),
        )
        return list(self._documents_by_seq([r[0] for r in rows]))

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
        stages_json = dumps([str(s) for s in stages])
        settings_json = dumps(dict(settings))
        created = now()
        records: list[Claim | Toll] = [*claims, *tolls]
        rows = []
        for position, record in enumerate(records):
            if record.document_id != document_id:
                raise StoreError(
                    f"claim {record.id!r} belongs to document {record.document_id!r},"
                    f" not {document_id!r}"
                )
            cols = claim_columns(record)
            rows.append(
                (
                    record.id,
                    document_id,
                    position,
                    record.kind.value,
                    cols.date,
                    cols.date_first,
                    cols.date_last,
                    cols.admin1,
                    cols.event_type,
                    cols.sub_event_type,
                    dumps(serialize.record_to_json(record)),
                    stages_json,
                    settings_json,
                    created,
                )
            )

        def body(conn: Connection) -> None:
            # the document's row lock: concurrent replacements of one document take turns
            found = conn.execute(
                "SELECT 1 FROM documents WHERE id = %s FOR UPDATE", (document_id,)
            ).fetchone()
            if found is None:
                raise StoreError(
                    f"store {self._where}: no document {document_id!r}; add it before its claims"
                )
            conn.execute("DELETE FROM claims WHERE document_id = %s", (document_id,))
            conn.execute(
                "INSERT INTO extractions (document_id, stages, extracted_at) VALUES (%s, %s, %s)"
                " ON CONFLICT (document_id) DO UPDATE"
                " SET stages = excluded.stages, extracted_at = excluded.extracted_at",
                (document_id, stages_json, created),
            )
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO claims (id, document_id, position, kind, date, date_first,"
                    " date_last, admin1, event_type, sub_event_type, data, stages, settings,"
                    " created_at) VALUES"
                    " (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s)",
                    rows,
                )

        self._write(f"replacing claims of document {document_id}", body)

    def _claim_rows(
        self,
        *,
        kind: str,
        ids: Iterable[str] | None,
        document_ids: Iterable[str] | None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        unlinked: bool = False,
    ) -> list[Row]:
        where = ["c.kind = %s"]
        params: list[Any] = [kind]
        if unlinked:
            where.append("NOT EXISTS (SELECT 1 FROM links AS l WHERE l.claim_id = c.id)")
        if ids is not None:
            where.append("c.id = ANY(%s::text[])")
            params.append(list(ids))
        if document_ids is not None:
            where.append("c.document_id = ANY(%s::text[])")
            params.append(list(document_ids))
        if since is not None:
            where.append("c.date_last >= %s")
            params.append(since)
        if until is not None:
            where.append("c.date_first <= %s")
            params.append(until)
        return self._query(
            "SELECT c.data FROM claims AS c JOIN documents AS d ON d.id = c.document_id"  # noqa: S608
            f" WHERE {' AND '.join(where)} ORDER BY d.seq, c.position",
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
        return (serialize.claim_from_json(r[0]) for r in rows)

    def unlinked_claims(self) -> Iterator[Claim]:
        """Claims in no event, in document order (none once every claim has been linked)."""
        rows = self._claim_rows(kind="event", ids=None, document_ids=None, unlinked=True)
        return (serialize.claim_from_json(r[0]) for r in rows)

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
        return (serialize.toll_from_json(r[0]) for r in rows)

    def claim_provenance(
        self, claim_id: str, /
    ) -> tuple[tuple[StageVersion, ...], dict[str, Any]] | None:
        """The stage versions and settings recorded with a claim or toll (None if unknown)."""
        rows = self._query("SELECT stages, settings FROM claims WHERE id = %s", (claim_id,))
        if not rows:
            return None
        stages = []
        for item in json.loads(rows[0][0]):
            name, _, version = str(item).rpartition("/")
            stages.append(StageVersion(name=name, version=version))
        settings: dict[str, Any] = json.loads(rows[0][1])
        return tuple(stages), settings

    # ------------------------------------------------------------------ events and links
    def _longest_window(self) -> int:
        """Days between the first and the last possible day of the event with the widest
        date window (0 when every event has one day or none); read from an index."""
        rows = self._query(
            "SELECT MAX(date_last - date_first) FROM events WHERE date_last > date_first"
        )
        return int(rows[0][0] or 0)

    def _filters(self, q: EventQuery) -> tuple[list[str], list[Any]]:
        """:meth:`_event_where`, knowing this store's longest date window and whether the
        ``type`` asked for is an event type (else a sub-event type)."""
        window = self._longest_window() if q.since is not None else None
        is_type = None
        if q.event_type is not None:
            rows = self._query(
                "SELECT EXISTS (SELECT 1 FROM events WHERE lower(event_type) = lower(%s))",
                (q.event_type,),
            )
            is_type = bool(rows[0][0])
        return self._event_where(q, window_days=window, is_event_type=is_type)

    @staticmethod
    def _event_where(
        q: EventQuery, *, window_days: int | None = None, is_event_type: bool | None = None
    ) -> tuple[list[str], list[Any]]:
        """SQL conditions on ``events AS e`` for the filters of ``q`` (not its limit);
        ``window_days``, the longest date window in the store, bounds a date filter on the
        page order too; ``is_event_type`` says which column ``q.event_type`` names (ACLED's
        type and sub-type names never coincide), so that one index serves it, not an OR."""
        where: list[str] = []
        params: list[Any] = []
        if q.since is not None or q.until is not None:
            # the event's possible days overlap [since, until] (an open end when None), that
            # is date_last >= since AND date_first <= until, bounds a page index can use
            # (sort_key is date_first)
            where.append("e.date_first IS NOT NULL")
            if q.since is not None:
                where.append("e.date_last >= %s")
                params.append(q.since)
                if window_days is not None and window_days <= _BOUNDED_WINDOW_DAYS:
                    # the same events began at most the longest window before: a bound on
                    # the page order, so a walk in it stops there
                    where.append("e.sort_key >= %s")
                    params.append(days_before(q.since, window_days).isoformat())
                else:
                    # no short bound: the same said as a range overlap, for the events_days
                    # index. (Not both: the planner then multiplies the selectivities of
                    # conditions that say one thing, expects 2 events in a month of 8,384,
                    # and reads and sorts them all for a page: 134 ms instead of 3.)
                    where.append(
                        EVENT_DAYS.replace("date_", "e.date_")
                        + " && daterange(%s::date, %s::date, '[]')"
                    )
                    params.extend([q.since, q.until])
            if q.until is not None:
                where.append("e.sort_key <= %s")
                params.append(q.until.isoformat())
        if q.admin1 is not None:
            where.append("lower(e.admin1) = lower(%s)")
            params.append(q.admin1)
        if q.event_type is not None:
            if is_event_type is None:
                where.append(
                    "(lower(e.event_type) = lower(%s) OR lower(e.sub_event_type) = lower(%s))"
                )
                params.extend([q.event_type, q.event_type])
            else:
                column = "event_type" if is_event_type else "sub_event_type"
                where.append(f"lower(e.{column}) = lower(%s)")
                params.append(q.event_type)
        if q.sub_event_type is not None:
            where.append("lower(e.sub_event_type) = lower(%s)")
            params.append(q.sub_event_type)
        if q.actor is not None:
            where.append(
                "EXISTS (SELECT 1 FROM event_actors AS a"
                " WHERE a.event_id = e.id AND lower(a.actor) = lower(%s))"
            )
            params.append(q.actor)
        if q.status is not None:
            where.append("e.status = %s")
            params.append(q.status.value)
        if q.event_ids is not None:
            where.append("e.id = ANY(%s::text[])")
            params.append(list(q.event_ids))
        if q.bbox is not None:
            west, south, east, north = q.bbox
            where.append("e.latitude BETWEEN %s AND %s")
            params.extend([south, north])
            if west <= east:
                where.append("e.longitude BETWEEN %s AND %s")
                params.extend([west, east])
            else:  # the box crosses the antimeridian
                where.append("(e.longitude >= %s OR e.longitude <= %s)")
                params.extend([west, east])
        if q.text is not None:
            tsquery = _tsquery(q.text)
            if tsquery:
                where.append(
                    "e.id IN (SELECT r.id FROM event_records AS r"
                    " WHERE r.search @@ to_tsquery('simple', %s))"
                )
                params.append(tsquery)
        if q.imprecise is True:
            where.append("(e.latitude IS NULL OR e.geo_precision >= 3)")
        elif q.imprecise is False:
            where.append("(e.latitude IS NOT NULL AND e.geo_precision < 3)")
        return where, params

    def events(self, query: EventQuery | None = None, /) -> Iterator[Event]:
        """Events by date (undated last), then id; the filters of ``query`` combined."""
        q = query or EventQuery()
        where, params = self._filters(q)
        sql = "SELECT r.data FROM events AS e JOIN event_records AS r ON r.id = e.id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY (e.date_first IS NULL), e.date_first, e.date NULLS FIRST, e.id"
        if q.limit is not None:
            sql += " LIMIT %s"
            params.append(q.limit)
        rows = self._query(sql, params)
        return (serialize.event_from_json(r[0]) for r in rows)

    def _page_rows(
        self, query: EventQuery | None, after: str | None, limit: int
    ) -> tuple[list[Row], str | None]:
        """The rows (data, version) of a page, and the cursor of the next one."""
        if limit < 1:
            raise StoreError(f"page size must be at least 1, not {limit}")
        where, params = self._filters(query or EventQuery())
        if after is not None:
            key, event_id = decode_cursor(after, size=2)
            where.append("(e.sort_key, e.id) < (%s, %s)")
            params.extend([str(key), str(event_id)])
        # the page's events first, then their records: joined inside, the records of every
        # event walked were read before the filters after the join (an actor's) dropped
        # most of them (a month and an actor: 213 records read for 51)
        page = "SELECT e.id, e.version, e.sort_key FROM events AS e"
        if where:
            page += " WHERE " + " AND ".join(where)
        page += " ORDER BY e.sort_key DESC, e.id DESC LIMIT %s"
        params.append(limit + 1)
        sql = (
            f"SELECT r.data, p.version, p.sort_key, p.id FROM ({page}) AS p"  # noqa: S608
            " JOIN event_records AS r ON r.id = p.id ORDER BY p.sort_key DESC, p.id DESC"
        )
        rows = self._query(sql, params)
        more = len(rows) > limit
        rows = rows[:limit]
        return rows, encode_cursor([rows[-1][2], rows[-1][3]]) if more else None

    def count_events(self, query: EventQuery | None = None, /) -> int:
        where, params = self._filters(query or EventQuery())
        sql = "SELECT COUNT(*) FROM events AS e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return int(self._query(sql, params)[0][0])

    def event_version(self, event_id: str, /) -> int | None:
        rows = self._query("SELECT version FROM events WHERE id = %s", (event_id,))
        return int(rows[0][0]) if rows else None

    def bump_versions(self, expected: Mapping[str, int], /) -> dict[str, int]:
        """Check each event's version and add 1 to each, atomically (ConflictError if not).

        The events' rows stay locked until the transaction ends, so of two analysts who
        read the same version, the second waits and then gets the conflict.
        """
        items = sorted(expected.items())

        def body(conn: Connection) -> dict[str, int]:
            out: dict[str, int] = {}
            for event_id, version in items:
                row = conn.execute(
                    "SELECT version FROM events WHERE id = %s FOR UPDATE", (event_id,)
                ).fetchone()
                if row is None:
                    raise ReviewError(f"no event {event_id!r}")
                if int(row[0]) != int(version):
                    raise ConflictError(
                        f"event {event_id} is at version {row[0]}, not {version}: someone"
                        " changed it since you read it; reload it and try again"
                    )
                conn.execute("UPDATE events SET version = version + 1 WHERE id = %s", (event_id,))
                out[event_id] = int(version) + 1
            return out

        return self._write("checking event versions", body)

    # sums over events as observatory.tally sums them: best falls back to low, and high is
    # open (None) when one event with a figure has an open high
    _SUMS = (
        "COUNT(*), coalesce(SUM(e.deaths_low), 0),"
        " coalesce(SUM(coalesce(e.deaths_best, e.deaths_low)), 0),"
        " coalesce(SUM(coalesce(e.deaths_high, 0)), 0),"
        " COUNT(*) FILTER (WHERE e.has_deaths AND e.deaths_high IS NULL)"
    )

    def map_clusters(
        self, query: EventQuery | None = None, /, *, cell_degrees: float
    ) -> list[MapCluster]:
        if not cell_degrees > 0:
            raise StoreError(f"cluster cell size must be positive, not {cell_degrees}")
        where, params = self._filters(query or EventQuery())
        where.append("e.latitude IS NOT NULL AND e.longitude IS NOT NULL")
        sql = (
            "SELECT AVG(e.latitude), AVG(e.longitude), MIN(e.longitude), MIN(e.latitude),"  # noqa: S608
            f" MAX(e.longitude), MAX(e.latitude), {self._SUMS}, MIN(e.id)"
            " FROM events AS e WHERE " + " AND ".join(where) + " GROUP BY"
            " floor((e.latitude + 90.0) / %s), floor((e.longitude + 180.0) / %s)"
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
        where, params = self._filters(query or EventQuery())
        where.append("e.status <> 'rejected'")
        key = {
            "day": "coalesce(to_char(e.date, 'YYYY-MM-DD'), '')",
            "month": "coalesce(to_char(coalesce(e.date, e.date_first), 'YYYY-MM'), '')",
            "admin1": "coalesce(e.admin1, '')",
            "event_type": "coalesce(e.event_type, '')",
        }[by]
        sql = (
            f'SELECT {key} COLLATE "C" AS bucket, {self._SUMS}'  # noqa: S608
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

    @staticmethod
    def _link(r: Row) -> Link:
        return Link(
            claim_id=r[0],
            event_id=r[1],
            score=float(r[2]),
            features={str(k): float(v) for k, v in json.loads(r[3]).items()},
            manual=bool(r[4]),
        )

    def governorates(self) -> list[str]:
        # a skip-scan of the governorate index (on lower(admin1)): one seek to each next
        # name, then one to a kept event of it, whose spelling is given
        rows = self._query(
            "WITH RECURSIVE names(name) AS ("
            " SELECT MIN(lower(admin1)) FROM events WHERE admin1 IS NOT NULL"
            " UNION ALL"
            " SELECT (SELECT MIN(lower(e.admin1)) FROM events AS e"
            " WHERE lower(e.admin1) > names.name)"
            " FROM names WHERE names.name IS NOT NULL)"
            " SELECT (SELECT e.admin1 FROM events AS e WHERE lower(e.admin1) = names.name"
            " AND e.status <> %s LIMIT 1) FROM names WHERE names.name IS NOT NULL",
            (ReviewStatus.REJECTED.value,),
        )
        return sorted(str(r[0]) for r in rows if r[0])

    def links_near(self, *, low: float, high: float, limit: int = 100) -> list[Link]:
        middle = (low + high) / 2
        rows = self._query(
            "SELECT claim_id, event_id, score, features, manual FROM links"
            " WHERE NOT manual AND score BETWEEN %s AND %s"
            " ORDER BY abs(score - %s), claim_id LIMIT %s",
            (low, high, middle, limit),
        )
        return [self._link(r) for r in rows]

    def event(self, event_id: str, /) -> Event | None:
        rows = self._query("SELECT data FROM event_records WHERE id = %s", (event_id,))
        return serialize.event_from_json(rows[0][0]) if rows else None

    def links(
        self, *, event_ids: Iterable[str] | None = None, claim_ids: Iterable[str] | None = None
    ) -> Iterator[Link]:
        where: list[str] = []
        params: list[Any] = []
        if event_ids is not None:
            where.append("event_id = ANY(%s::text[])")
            params.append(list(event_ids))
        if claim_ids is not None:
            where.append("claim_id = ANY(%s::text[])")
            params.append(list(claim_ids))
        sql = "SELECT claim_id, event_id, score, features, manual FROM links"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY event_id, claim_id"
        rows = self._query(sql, params)
        return (self._link(r) for r in rows)

    @staticmethod
    def _event_rows(event: Event, updated: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """The event's row (filter, page and sum columns) and its record row (JSON, words)."""
        first, last = window_bounds(event.date, event.date_window)
        place = event.location
        deaths = event.fatalities
        data = serialize.event_to_json(event)
        row = (
            event.id,
            event.date,
            first,
            last,
            place.admin1 if place else None,
            event.event_type,
            event.sub_event_type,
            event.status.value,
            updated,
            first or "",
            place.name if place else None,
            place.latitude if place else None,
            place.longitude if place else None,
            int(place.geo_precision) if place else None,
            deaths.low if deaths else None,
            deaths.best if deaths else None,
            deaths.high if deaths else None,
            deaths is not None,
            event.number_of_sources,
        )
        return row, (event.id, dumps(data), " ".join(event_words(data)))

    def write_events(
        self, events: Sequence[Event], links: Sequence[Link], /, *, remove: Iterable[str] = ()
    ) -> None:
        """Atomically: delete the events in ``remove``, upsert ``events``, upsert ``links``.

        A claim belongs to at most one event, so writing its link moves it. Links of a
        written event to claims no longer among its ``claim_ids`` are dropped. Every write
        of an event adds 1 to its version. Rows are written in id order, so concurrent
        writers lock them in one order.
        """
        updated = now()
        removed = sorted(set(remove))
        # the last version of an event wins, as when its writes are applied one by one
        latest = {event.id: event for event in events}
        pairs = [self._event_rows(latest[i], updated) for i in sorted(latest)]
        event_rows = [row for row, _ in pairs]
        record_rows = [record for _, record in pairs]
        actor_rows = [(i, actor) for i in sorted(latest) for actor in event_actors(latest[i])]
        kept_links = [(i, list(latest[i].claim_ids)) for i in sorted(latest)]
        link_rows = [
            (
                link.claim_id,
                link.event_id,
                float(link.score),
                dumps({k: float(v) for k, v in link.features.items()}),
                bool(link.manual),
            )
            for link in sorted({k.claim_id: k for k in links}.values(), key=lambda k: k.claim_id)
        ]

        def body(conn: Connection) -> None:
            if removed:
                conn.execute("DELETE FROM events WHERE id = ANY(%s::text[])", (removed,))
            with conn.cursor() as cur:
                if event_rows:
                    cur.executemany(
                        "INSERT INTO events (id, date, date_first, date_last, admin1, event_type,"
                        " sub_event_type, status, updated_at, sort_key, location, latitude,"
                        " longitude, geo_precision, deaths_low, deaths_best, deaths_high,"
                        " has_deaths, sources) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s,"
                        " %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                        " ON CONFLICT (id) DO UPDATE SET date = excluded.date,"
                        " date_first = excluded.date_first, date_last = excluded.date_last,"
                        " admin1 = excluded.admin1, event_type = excluded.event_type,"
                        " sub_event_type = excluded.sub_event_type, status = excluded.status,"
                        " updated_at = excluded.updated_at,"
                        " sort_key = excluded.sort_key, location = excluded.location,"
                        " latitude = excluded.latitude, longitude = excluded.longitude,"
                        " geo_precision = excluded.geo_precision,"
                        " deaths_low = excluded.deaths_low, deaths_best = excluded.deaths_best,"
                        " deaths_high = excluded.deaths_high, has_deaths = excluded.has_deaths,"
                        " sources = excluded.sources, version = events.version + 1",
                        event_rows,
                    )
                    cur.executemany(
                        "INSERT INTO event_records (id, data, search)"
                        " VALUES (%s, %s::jsonb, to_tsvector('simple', %s))"
                        " ON CONFLICT (id) DO UPDATE"
                        " SET data = excluded.data, search = excluded.search",
                        record_rows,
                    )
                    cur.execute(
                        "DELETE FROM event_actors WHERE event_id = ANY(%s::text[])",
                        (sorted(latest),),
                    )
                if actor_rows:
                    cur.executemany(
                        "INSERT INTO event_actors (event_id, actor) VALUES (%s, %s)"
                        " ON CONFLICT DO NOTHING",
                        actor_rows,
                    )
                if kept_links:
                    cur.executemany(
                        "DELETE FROM links WHERE event_id = %s AND claim_id <> ALL(%s::text[])",
                        kept_links,
                    )
                if link_rows:
                    cur.executemany(
                        "INSERT INTO links (claim_id, event_id, score, features, manual)"
                        " VALUES (%s, %s, %s, %s, %s)"
                        " ON CONFLICT (claim_id) DO UPDATE SET event_id = excluded.event_id,"
                        " score = excluded.score, features = excluded.features,"
                        " manual = excluded.manual",
                        link_rows,
                    )

        self._write("writing events", body)

    # ------------------------------------------------------------------ audit log
    def add_audit(self, entry: AuditEntry, /) -> AuditEntry:
        """Append to the audit log and its hash chain; returns the entry with its id.

        Appends take turns (a lock on the chain's head, taken before the id is drawn), so
        ids, chain order and commit order agree even with several writers.
        """

        def body(conn: Connection) -> AuditEntry:
            conn.execute("LOCK TABLE audit_head IN SHARE ROW EXCLUSIVE MODE")
            row = conn.execute(
                "INSERT INTO audit (at, who, action, event_ids, claim_ids, value, reason)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (
                    entry.at.isoformat(),
                    entry.who,
                    entry.action,
                    ids_json(entry.event_ids),
                    ids_json(entry.claim_ids),
                    entry.value,
                    entry.reason,
                ),
            ).fetchone()
            assert row is not None  # noqa: S101
            stored = dataclasses.replace(entry, id=int(row[0]))
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO audit_events (audit_id, event_id) VALUES (%s, %s)"
                    " ON CONFLICT DO NOTHING",
                    [(stored.id, e) for e in sorted(set(entry.event_ids))],
                )
            self._chain_audit(conn, stored)
            return stored

        return self._write("writing the audit log", body)

    # ------------------------------------------------------------------ documents by page
    def document_page(self, *, after: str | None = None, limit: int = 100) -> DocumentPage:
        if limit < 1:
            raise StoreError(f"page size must be at least 1, not {limit}")
        start = 0
        if after is not None:
            (value,) = decode_cursor(after, size=1)
            if not isinstance(value, int):
                raise BadCursor(f"bad page cursor {after!r}: start again without one")
            start = value
        rows = self._query(
            "SELECT seq FROM documents WHERE seq > %s ORDER BY seq LIMIT %s", (start, limit + 1)
        )
        more = len(rows) > limit
        seqs = [int(r[0]) for r in rows[:limit]]
        return DocumentPage(
            documents=tuple(self._documents_by_seq(seqs)),
            next_cursor=encode_cursor([seqs[-1]]) if more else None,
        )

    # ------------------------------------------------------------------ API tokens
    _TOKEN_COLUMNS = "id, name, role, created_at, revoked_at"  # noqa: S105

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

    def add_token(self, name: str, role: str, token_hash: str, /) -> ApiToken:
        """Store a token (its hash only); AuthError if an active token has that name."""

        def body(conn: Connection) -> Row | None:
            return conn.execute(
                "INSERT INTO tokens (name, role, token_hash, created_at)"  # noqa: S608
                " VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (name) WHERE revoked_at IS NULL DO NOTHING"
                f" RETURNING {self._TOKEN_COLUMNS}",
                (name, role, token_hash, now()),
            ).fetchone()

        row = self._write("adding a token", body)
        if row is None:
            raise AuthError(
                f"an active token is already named {name!r}; revoke it or choose another name"
            )
        return self._token(row)

    def token_for_hash(self, token_hash: str, /) -> ApiToken | None:
        rows = self._query(
            f"SELECT {self._TOKEN_COLUMNS} FROM tokens WHERE token_hash = %s",  # noqa: S608
            (token_hash,),
        )
        return self._token(rows[0]) if rows else None

    def api_tokens(self, *, include_revoked: bool = False) -> list[ApiToken]:
        sql = f"SELECT {self._TOKEN_COLUMNS} FROM tokens"  # noqa: S608
        if not include_revoked:
            sql += " WHERE revoked_at IS NULL"
        return [self._token(r) for r in self._query(sql + " ORDER BY id")]

    def revoke_token(self, name: str, /) -> ApiToken | None:
        def body(conn: Connection) -> Row | None:
            return conn.execute(
                "UPDATE tokens SET revoked_at = %s WHERE name = %s AND revoked_at IS NULL"  # noqa: S608
                f" RETURNING {self._TOKEN_COLUMNS}",
                (now(), name),
            ).fetchone()

        row = self._write("revoking a token", body)
        return self._token(row) if row is not None else None

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
            " last_error FROM watch_sources WHERE source = %s",
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
        values = (
            state.source,
            state.etag,
            state.last_modified,
            self._time_text(state.checked_at),
            self._time_text(state.changed_at),
            state.failures,
            self._time_text(state.retry_at),
            state.last_error,
        )
        self._write(
            "saving a watched source's state",
            lambda conn: conn.execute(
                "INSERT INTO watch_sources (source, etag, last_modified, checked_at,"
                " changed_at, failures, retry_at, last_error)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (source) DO UPDATE SET etag = excluded.etag,"
                " last_modified = excluded.last_modified, checked_at = excluded.checked_at,"
                " changed_at = excluded.changed_at, failures = excluded.failures,"
                " retry_at = excluded.retry_at, last_error = excluded.last_error",
                values,
            ),
        )

    def seen_items(self, source: str, items: Iterable[str], /) -> set[str]:
        found: set[str] = set()
        for chunk in chunks(sorted(set(items))):
            rows = self._query(
                "SELECT item FROM watch_items WHERE source = %s AND item = ANY(%s::text[])",
                (source, list(chunk)),
            )
            found.update(r[0] for r in rows)
        return found

    def mark_items_seen(self, source: str, items: Iterable[str], /) -> None:
        seen_at = now()
        rows = [(source, item, seen_at) for item in sorted(set(items))]

        def body(conn: Connection) -> None:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO watch_items (source, item, seen_at) VALUES (%s, %s, %s)"
                    " ON CONFLICT DO NOTHING",
                    rows,
                )

        if rows:
            self._write("remembering a watched source's items", body)

    def done_partitions(self, run: str, /) -> set[str]:
        rows = self._query("SELECT partition FROM run_partitions WHERE run = %s", (run,))
        return {r[0] for r in rows}

    def mark_partition_done(self, run: str, partition: str, /, *, documents: int) -> None:
        self._write(
            "recording a finished partition",
            lambda conn: conn.execute(
                "INSERT INTO run_partitions (run, partition, documents, done_at)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (run, partition) DO UPDATE"
                " SET documents = excluded.documents, done_at = excluded.done_at",
                (run, partition, documents, now()),
            ),
        )
