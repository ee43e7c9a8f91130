"""The repository interface every store backend implements (SQLite and PostgreSQL).

The pipeline only talks to a :class:`Repository`; nothing outside ``observatory.store``
writes SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

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

if TYPE_CHECKING:
    from observatory.audit import AuditHead, AuditLink
    from observatory.auth import ApiToken

__all__ = [
    "AddResult",
    "DocumentPage",
    "EventJsonPage",
    "EventPage",
    "EventQuery",
    "MapCluster",
    "Repository",
    "SourceState",
    "TimelineBucket",
]


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
    # Added for the HTTP API (migration 3):
    sub_event_type: str | None = None  # exactly this sub-event type, case-insensitive
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north (degrees)
    text: str | None = None  # every word in the event's words (type, place, actors, notes)
    imprecise: bool | None = None  # True: no coordinates, or geo precision region/country


@dataclass(frozen=True, slots=True, kw_only=True)
class EventPage:
    """One page of events, newest first (undated last), with each event's version.

    ``next_cursor`` is an opaque string to pass as ``after`` for the next page (None on
    the last page).
    """

    events: tuple[Event, ...]
    versions: tuple[int, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventJsonPage:
    """The page :class:`EventPage` holds, each event as ``serialize.event_to_json(event,
    figures=False)`` gives it (what lists show), read from the stored JSON without building
    the events (:meth:`Repository.event_page_json`)."""

    events: tuple[dict[str, Any], ...]
    versions: tuple[int, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentPage:
    """One page of documents in storage order; ``next_cursor`` as in :class:`EventPage`."""

    documents: tuple[Document, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class MapCluster:
    """Events with coordinates grouped in one grid cell (server-side map clustering).

    ``latitude``/``longitude`` is the mean position; ``west..north`` the members' extent;
    ``event_id`` is set when the cell holds one event. Deaths add each event's figure
    (``best`` falls back to ``low``; ``high`` None when one member's is open-ended).
    """

    latitude: float
    longitude: float
    west: float
    south: float
    east: float
    north: float
    events: int
    deaths_low: int
    deaths_best: int
    deaths_high: int | None
    event_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineBucket:
    """Events and deaths (low/best/high, summed as tallies sum them) of one group.

    ``key`` is the day ("2019-06-11"), month ("2019-06"), governorate or event type;
    "" for events without one.
    """

    key: str
    events: int
    deaths_low: int
    deaths_best: int
    deaths_high: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceState:
    """What ``observatory watch`` knows about one source between polls (migration 4)."""

    source: str  # the feed or page URL, or the folder path, as given
    etag: str | None = None  # the last response's ETag, sent back as If-None-Match
    last_modified: str | None = None  # the last Last-Modified, sent as If-Modified-Since
    checked_at: dt.datetime | None = None  # last poll, successful or not (UTC)
    changed_at: dt.datetime | None = None  # last poll that found new items
    failures: int = 0  # failed polls in a row; 0 after a success
    retry_at: dt.datetime | None = None  # no poll before this time (back-off after failures)
    last_error: str | None = None


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
    def unlinked_claims(self) -> Iterator[Claim]:
        """Claims in no event, in document order: those of an extraction whose linking
        never committed (a run killed between the two), none once every claim is linked."""
        ...

    def tolls(
        self,
        *,
        document_ids: Iterable[str] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> Iterator[Toll]:
        """Tolls in document order; ``since``/``until`` keep tolls whose periods overlap."""
        ...

    # events and links (written by the linker, atomically)
    def events(self, query: EventQuery | None = None, /) -> Iterator[Event]: ...
    def event(self, event_id: str, /) -> Event | None: ...
    def links(
        self, *, event_ids: Iterable[str] | None = None, claim_ids: Iterable[str] | None = None
    ) -> Iterator[Link]: ...
    def write_events(
        self, events: Sequence[Event], links: Sequence[Link], /, *, remove: Iterable[str] = ()
    ) -> None: ...

    # serving (migration 3): paging, counting, map, timeline, versions
    def event_page(
        self, query: EventQuery | None = None, /, *, after: str | None = None, limit: int = 100
    ) -> EventPage:
        """Up to ``limit`` events matching ``query`` (its ``limit`` ignored), newest first
        (by first possible day, undated last, then id descending), after the cursor."""
        ...

    def event_page_json(
        self, query: EventQuery | None = None, /, *, after: str | None = None, limit: int = 100
    ) -> EventJsonPage:
        """The page :meth:`event_page` gives, as JSON without the figure history (half the
        server's work for a page of events went into building the records and back)."""
        ...

    def count_events(self, query: EventQuery | None = None, /) -> int:
        """How many events match ``query`` (its ``limit`` ignored)."""
        ...

    def event_version(self, event_id: str, /) -> int | None:
        """The event's version (1 when first written, +1 at every write); None if unknown."""
        ...

    def bump_versions(self, expected: Mapping[str, int], /) -> dict[str, int]:
        """Atomically check that each event has the expected version and add 1 to each.

        Raises :class:`~observatory.errors.ConflictError` (and changes nothing) when an
        event's version differs, and :class:`~observatory.errors.ReviewError` when an
        event does not exist. Returns the new versions. An analyst action calls this before
        it writes, so that of two analysts who read the same version only one goes ahead.
        """
        ...

    def map_clusters(
        self, query: EventQuery | None = None, /, *, cell_degrees: float
    ) -> list[MapCluster]:
        """Events with coordinates matching ``query``, grouped in square grid cells of
        ``cell_degrees`` (cells anchored at -90/-180)."""
        ...

    def timeline(
        self,
        query: EventQuery | None = None,
        /,
        *,
        by: Literal["day", "month", "admin1", "event_type"] = "day",
    ) -> list[TimelineBucket]:
        """Events and deaths per day (the event's date; "" when it has only a window),
        month (of its date, else of its first possible day), governorate or event type,
        sorted by key; rejected events are left out, and deaths are summed, as
        :func:`observatory.tally.tally` groups and sums them."""
        ...

    def governorates(self) -> list[str]:
        """The governorates (admin1) of the events kept (rejected ones left out), sorted:
        what a governorate filter can choose from. Read from an index a few entries per
        governorate (not a sum over every event, as ``timeline(by="admin1")`` is)."""
        ...

    def links_near(self, *, low: float, high: float, limit: int = 100) -> list[Link]:
        """Automatic (not manual) links scored in [low, high], closest to the middle first."""
        ...

    def document_page(self, *, after: str | None = None, limit: int = 100) -> DocumentPage:
        """Up to ``limit`` documents in storage order, after the cursor."""
        ...

    # analyst review
    def add_audit(self, entry: AuditEntry, /) -> AuditEntry: ...
    def audit_log(self, *, event_id: str | None = None) -> Iterator[AuditEntry]: ...
    def audit_chain(self) -> Iterator[AuditLink]: ...
    def audit_head(self) -> AuditHead | None: ...

    # API tokens (migration 3): only a hash of each secret is stored
    def add_token(self, name: str, role: str, token_hash: str, /) -> ApiToken:
        """Store a token; :class:`~observatory.errors.AuthError` if an active token already
        has that name."""
        ...

    def token_for_hash(self, token_hash: str, /) -> ApiToken | None:
        """The token (active or revoked) stored under this hash."""
        ...

    def api_tokens(self, *, include_revoked: bool = False) -> list[ApiToken]:
        """Tokens by creation order."""
        ...

    def revoke_token(self, name: str, /) -> ApiToken | None:
        """Revoke the active token of that name; None when there is none."""
        ...

    # watching sources, and resumable partitioned runs (migration 4)
    def source_state(self, source: str, /) -> SourceState | None:
        """What the last polls of ``source`` left; None for a source never polled."""
        ...

    def save_source_state(self, state: SourceState, /) -> None:
        """Insert or replace the state of ``state.source``."""
        ...

    def seen_items(self, source: str, items: Iterable[str], /) -> set[str]:
        """Which of ``items`` (entry ids, page or file fingerprints) ``source`` had already."""
        ...

    def mark_items_seen(self, source: str, items: Iterable[str], /) -> None:
        """Remember ``items`` as ingested from ``source`` (marking one twice is harmless)."""
        ...

    def done_partitions(self, run: str, /) -> set[str]:
        """Keys of the partitions of ``run`` already extracted into this store."""
        ...

    def mark_partition_done(self, run: str, partition: str, /, *, documents: int) -> None:
        """Record that partition ``partition`` of ``run`` is in the store, with its documents."""
        ...

    # change tracking, for caches of answers computed from the whole store
    def data_version(self) -> int | None:
        """A number that changes whenever another connection commits to the store (so a
        connection that never writes sees every change); None when the backend cannot tell,
        and then nothing may be cached on it."""
        ...

    def close(self) -> None: ...
