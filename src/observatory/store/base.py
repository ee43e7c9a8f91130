"""The repository interface every store backend implements (SQLite now, PostgreSQL later).

The pipeline only talks to a :class:`Repository`; nothing outside ``observatory.store``
writes SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

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

__all__ = ["AddResult", "EventQuery", "Repository"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AddResult:
    """What ``add_documents`` did: ids stored now, and ids already present (same text)."""

    added: tuple[str, ...]
    duplicates: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class EventQuery:
    """Filters for ``Repository.events``; None means no filter."""

    since: dt.date | None = None
    until: dt.date | None = None
    admin1: str | None = None  # case-insensitive
    event_type: str | None = None  # matches event_type or sub_event_type, case-insensitive
    actor: str | None = None  # matches actor1, actor2 or an associated actor, case-insensitive
    status: ReviewStatus | None = None
    event_ids: tuple[str, ...] | None = None
    limit: int | None = None


class Repository(Protocol):
    """Storage of documents, claims, tolls, events, links and the audit log."""

    # documents
    def add_documents(self, documents: Iterable[Document], /) -> AddResult: ...
    def document(self, document_id: str, /) -> Document | None: ...
    def documents(self, *, ids: Iterable[str] | None = None) -> Iterator[Document]: ...
    def documents_without_claims(self) -> Iterator[Document]: ...
    def search(self, query: str, /, *, limit: int = 20) -> list[Document]: ...
    def count_documents(self) -> int: ...

    # claims and tolls (a document's extraction is replaced as a whole)
    def replace_claims(
        self,
        document_id: str,
        claims: Sequence[Claim],
        tolls: Sequence[Toll],
        /,
        *,
        stages: Sequence[StageVersion],
        settings: Mapping[str, Any],
    ) -> None: ...
    def claims(
        self,
        *,
        ids: Iterable[str] | None = None,
        document_ids: Iterable[str] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> Iterator[Claim]: ...
    def tolls(self, *, document_ids: Iterable[str] | None = None) -> Iterator[Toll]: ...

    # events and links (written by the linker, atomically)
    def events(self, query: EventQuery | None = None, /) -> Iterator[Event]: ...
    def event(self, event_id: str, /) -> Event | None: ...
    def links(
        self, *, event_ids: Iterable[str] | None = None, claim_ids: Iterable[str] | None = None
    ) -> Iterator[Link]: ...
    def write_events(
        self, events: Sequence[Event], links: Sequence[Link], /, *, remove: Iterable[str] = ()
    ) -> None: ...

    # analyst review
    def add_audit(self, entry: AuditEntry, /) -> AuditEntry: ...
    def audit_log(self, *, event_id: str | None = None) -> Iterator[AuditEntry]: ...

    def close(self) -> None: ...
