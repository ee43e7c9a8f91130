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
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self

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
from observatory.store.base import AddResult, EventQuery
from observatory.store.migrations import migrate

__all__ = ["SQLiteStore"]

_CHUNK = 500
_BUSY_TIMEOUT_MS = 10_000
_TERM = re.compile(r'[^\s"]+\*?')


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _ids_json(ids: Iterable[str]) -> str:
    return json.dumps(list(ids), ensure_ascii=False)


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _window_bounds(
    date: dt.date | None, window: tuple[dt.date, dt.date] | None
) -> tuple[str | None, str | None]:
    """First and last possible day, as ISO strings (None when nothing is known)."""
    if window is not None:
        return window[0].isoformat(), window[1].isoformat()
    if date is not None:
        return date.isoformat(), date.isoformat()
    return None, None


def _fts_query(query: str) -> str:
    """Each word of ``query`` as a quoted FTS5 term (all must match); ``word*`` is a prefix."""
    terms = []
    for match in _TERM.finditer(query):
        word = match.group(0)
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if word:
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms)


class SQLiteStore:
    """A :class:`~observatory.store.base.Repository` in one SQLite file (or ``:memory:``)."""

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

    def close(self) -> None:
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
    ) -> list[sqlite3.Row]:
        where = ["c.kind = ?"]
        params: list[Any] = [kind]
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
            "SELECT c.data FROM claims AS c JOIN documents AS d ON d.id = c.document_id"
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

    def tolls(self, *, document_ids: Iterable[str] | None = None) -> Iterator[Toll]:
        rows = self._claim_rows(kind="toll", ids=None, document_ids=document_ids)
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
    def events(self, query: EventQuery | None = None, /) -> Iterator[Event]:
        """Events by date (undated last), then id; the filters of ``query`` combined."""
        q = query or EventQuery()
        where: list[str] = []
        params: list[Any] = []
        if q.since is not None:
            where.append("e.date_last >= ?")
            params.append(q.since.isoformat())
        if q.until is not None:
            where.append("e.date_first <= ?")
            params.append(q.until.isoformat())
        if q.admin1 is not None:
            where.append("e.admin1 = ?")
            params.append(q.admin1)
        if q.event_type is not None:
            where.append("(e.event_type = ? OR e.sub_event_type = ?)")
            params.extend([q.event_type, q.event_type])
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
        sql = "SELECT e.data FROM events AS e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.date_first IS NULL, e.date_first, e.date, e.id"
        if q.limit is not None:
            sql += " LIMIT ?"
            params.append(q.limit)
        rows = self._query(sql, params)
        return (serialize.event_from_json(json.loads(r[0])) for r in rows)

    def event(self, event_id: str, /) -> Event | None:
        rows = self._query("SELECT data FROM events WHERE id = ?", (event_id,))
        return serialize.event_from_json(json.loads(rows[0][0])) if rows else None

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
                conn.execute(
                    "INSERT INTO events (id, date, date_first, date_last, admin1, event_type,"
                    " sub_event_type, status, data, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET date = excluded.date,"
                    " date_first = excluded.date_first, date_last = excluded.date_last,"
                    " admin1 = excluded.admin1, event_type = excluded.event_type,"
                    " sub_event_type = excluded.sub_event_type, status = excluded.status,"
                    " data = excluded.data, updated_at = excluded.updated_at",
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
        return dataclasses.replace(entry, id=audit_id)

    def audit_log(self, *, event_id: str | None = None) -> Iterator[AuditEntry]:
        """Audit entries, oldest first; with ``event_id``, those touching that event."""
        sql = "SELECT id, at, who, action, event_ids, claim_ids, value, reason FROM audit"
        params: list[Any] = []
        if event_id is not None:
            sql += " WHERE id IN (SELECT audit_id FROM audit_events WHERE event_id = ?)"
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
