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
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar

import psycopg
from psycopg import errors as pg_errors

from observatory import serialize
from observatory.errors import StoreError
from observatory.records import (
    AuditEntry,
    Claim,
    Document,
    Event,
    Link,
    StageVersion,
    Toll,
)
from observatory.store import is_postgres_url
from observatory.store.base import AddResult, EventQuery
from observatory.store.pg_migrations import migrate
from observatory.store.shared import (
    chunks,
    claim_columns,
    dumps,
    event_actors,
    now,
    search_terms,
    window_bounds,
    words,
)

__all__ = ["PostgresStore", "redact_url"]

T = TypeVar("T")
Row = tuple[Any, ...]
Connection = psycopg.Connection[Row]

_RETRIES = 5
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


class PostgresStore:
    """A :class:`~observatory.store.base.Repository` in a PostgreSQL database."""

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
            migrate(conn, where=where)
        except BaseException:
            conn.close()
            raise
        return cls(conn, where=where)

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
        back and run again (``body`` must not consume one-shot iterators).
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
    ) -> list[Row]:
        where = ["c.kind = %s"]
        params: list[Any] = [kind]
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
            "SELECT c.data FROM claims AS c JOIN documents AS d ON d.id = c.document_id"
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

    def tolls(self, *, document_ids: Iterable[str] | None = None) -> Iterator[Toll]:
        rows = self._claim_rows(kind="toll", ids=None, document_ids=document_ids)
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
    def events(self, query: EventQuery | None = None, /) -> Iterator[Event]:
        """Events by date (undated last), then id; the filters of ``query`` combined."""
        q = query or EventQuery()
        where: list[str] = []
        params: list[Any] = []
        if q.since is not None:
            where.append("e.date_last >= %s")
            params.append(q.since)
        if q.until is not None:
            where.append("e.date_first <= %s")
            params.append(q.until)
        if q.admin1 is not None:
            where.append("lower(e.admin1) = lower(%s)")
            params.append(q.admin1)
        if q.event_type is not None:
            where.append("(lower(e.event_type) = lower(%s) OR lower(e.sub_event_type) = lower(%s))")
            params.extend([q.event_type, q.event_type])
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
        sql = "SELECT e.data FROM events AS e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY (e.date_first IS NULL), e.date_first, e.date NULLS FIRST, e.id"
        if q.limit is not None:
            sql += " LIMIT %s"
            params.append(q.limit)
        rows = self._query(sql, params)
        return (serialize.event_from_json(r[0]) for r in rows)

    def event(self, event_id: str, /) -> Event | None:
        rows = self._query("SELECT data FROM events WHERE id = %s", (event_id,))
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
        written event to claims no longer among its ``claim_ids`` are dropped. Rows are
        written in id order, so concurrent writers lock them in one order.
        """
        updated = now()
        removed = sorted(set(remove))
        event_rows = []
        actor_rows: list[tuple[str, str]] = []
        kept_links = []
        # the last version of an event wins, as when its writes are applied one by one
        latest = {event.id: event for event in events}
        for event_id in sorted(latest):
            event = latest[event_id]
            first, last = window_bounds(event.date, event.date_window)
            event_rows.append(
                (
                    event.id,
                    event.date,
                    first,
                    last,
                    event.location.admin1 if event.location else None,
                    event.event_type,
                    event.sub_event_type,
                    event.status.value,
                    dumps(serialize.event_to_json(event)),
                    updated,
                )
            )
            actor_rows.extend((event.id, actor) for actor in event_actors(event))
            kept_links.append((event.id, list(event.claim_ids)))
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
                        " sub_event_type, status, data, updated_at)"
                        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s)"
                        " ON CONFLICT (id) DO UPDATE SET date = excluded.date,"
                        " date_first = excluded.date_first, date_last = excluded.date_last,"
                        " admin1 = excluded.admin1, event_type = excluded.event_type,"
                        " sub_event_type = excluded.sub_event_type, status = excluded.status,"
                        " data = excluded.data, updated_at = excluded.updated_at",
                        event_rows,
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
        """Append to the audit log; returns the entry with its id."""

        def body(conn: Connection) -> int:
            row = conn.execute(
                "INSERT INTO audit (at, who, action, event_ids, claim_ids, value, reason)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (
                    entry.at.isoformat(),
                    entry.who,
                    entry.action,
                    json.dumps(list(entry.event_ids), ensure_ascii=False),
                    json.dumps(list(entry.claim_ids), ensure_ascii=False),
                    entry.value,
                    entry.reason,
                ),
            ).fetchone()
            assert row is not None
            audit_id = int(row[0])
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO audit_events (audit_id, event_id) VALUES (%s, %s)"
                    " ON CONFLICT DO NOTHING",
                    [(audit_id, e) for e in sorted(set(entry.event_ids))],
                )
            return audit_id

        audit_id = self._write("writing the audit log", body)
        return dataclasses.replace(entry, id=audit_id)

    def audit_log(self, *, event_id: str | None = None) -> Iterator[AuditEntry]:
        """Audit entries, oldest first; with ``event_id``, those touching that event."""
        sql = "SELECT id, at, who, action, event_ids, claim_ids, value, reason FROM audit"
        params: list[Any] = []
        if event_id is not None:
            sql += " WHERE id IN (SELECT audit_id FROM audit_events WHERE event_id = %s)"
            params.append(event_id)
        rows = self._query(sql + " ORDER BY id", params)
        return (
            AuditEntry(
                id=int(r[0]),
                at=dt.datetime.fromisoformat(r[1]),
                who=r[2],
                action=r[3],
                event_ids=tuple(json.loads(r[4])),
                claim_ids=tuple(json.loads(r[5])),
                value=r[6],
                reason=r[7],
            )
            for r in rows
        )
