"""The audit log and its hash chain in SQL, for both store backends.

The two dialects differ here only in their parameter placeholder (``?`` for SQLite, ``%s``
for PostgreSQL), so the backends inherit :class:`AuditSQL` and name theirs in ``_PH``.
Appending stays with each backend: how a write takes its turn is dialect-specific.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from observatory.records import AuditEntry

if TYPE_CHECKING:
    from observatory.audit import AuditHead, AuditLink

__all__ = ["AuditSQL"]


class AuditSQL:
    """Reading the audit log and chaining new entries (inside the caller's transaction)."""

    _PH: ClassVar[str]  # the dialect's parameter placeholder
    _AUDIT_COLUMNS = "id, at, who, action, event_ids, claim_ids, value, reason"

    def _query(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Any]:
        raise NotImplementedError

    @staticmethod
    def _audit_entry(r: Sequence[Any]) -> AuditEntry:
        return AuditEntry(
            id=int(r[0]),
            at=dt.datetime.fromisoformat(r[1]),
            who=r[2],
            action=r[3],
            event_ids=tuple(json.loads(r[4])),
            claim_ids=tuple(json.loads(r[5])),
            value=r[6],
            reason=r[7],
        )

    def _chain_audit(self, conn: Any, entry: AuditEntry) -> None:
        """Link ``entry`` into the hash chain and move the head (in the caller's transaction).

        The first entry chained also seals the entries written before the chain existed.
        """
        from observatory.audit import GENESIS, entry_hash

        p = self._PH
        head = conn.execute("SELECT entries, hash FROM audit_head WHERE singleton = 1").fetchone()
        todo = [entry]
        if head is None:
            prev, count = GENESIS, 0
            rows = conn.execute(
                f"SELECT {self._AUDIT_COLUMNS} FROM audit WHERE id < {p} ORDER BY id",  # noqa: S608
                (entry.id,),
            ).fetchall()
            todo = [self._audit_entry(r) for r in rows] + todo
        else:
            count, prev = int(head[0]), str(head[1])
        for item in todo:
            digest = entry_hash(item, prev)
            conn.execute(
                f"INSERT INTO audit_chain (audit_id, prev_hash, hash) VALUES ({p}, {p}, {p})",  # noqa: S608
                (item.id, prev, digest),
            )
            prev, count = digest, count + 1
        conn.execute(
            f"INSERT INTO audit_head (singleton, last_id, entries, hash) VALUES (1, {p}, {p}, {p})"  # noqa: S608
            " ON CONFLICT (singleton) DO UPDATE SET last_id = excluded.last_id,"
            " entries = excluded.entries, hash = excluded.hash",
            (entry.id, count, prev),
        )

    def audit_chain(self) -> Iterator[AuditLink]:
        """Every audit id, with its entry and chain link as stored (either may be missing)."""
        from observatory.audit import AuditLink

        rows = self._query(
            "SELECT i.id, a.at, a.who, a.action, a.event_ids, a.claim_ids, a.value, a.reason,"
            " a.id IS NOT NULL, c.prev_hash, c.hash"
            " FROM (SELECT id FROM audit UNION SELECT audit_id FROM audit_chain) AS i"
            " LEFT JOIN audit AS a ON a.id = i.id"
            " LEFT JOIN audit_chain AS c ON c.audit_id = i.id ORDER BY i.id"
        )
        return (
            AuditLink(
                audit_id=int(r[0]),
                entry=self._audit_entry(r) if r[8] else None,
                prev_hash=r[9],
                hash=r[10],
            )
            for r in rows
        )

    def audit_head(self) -> AuditHead | None:
        """The audit chain's head (None before the first chained entry)."""
        from observatory.audit import AuditHead

        rows = self._query("SELECT last_id, entries, hash FROM audit_head WHERE singleton = 1")
        if not rows:
            return None
        return AuditHead(last_id=int(rows[0][0]), entries=int(rows[0][1]), hash=str(rows[0][2]))

    def audit_log(self, *, event_id: str | None = None) -> Iterator[AuditEntry]:
        """Audit entries, oldest first; with ``event_id``, those touching that event."""
        sql = f"SELECT {self._AUDIT_COLUMNS} FROM audit"  # noqa: S608
        params: list[Any] = []
        if event_id is not None:
            sql += f" WHERE id IN (SELECT audit_id FROM audit_events WHERE event_id = {self._PH})"  # noqa: S608
            params.append(event_id)
        rows = self._query(sql + " ORDER BY id", params)
        return (self._audit_entry(r) for r in rows)
