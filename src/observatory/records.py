"""The typed, frozen records that pass between Observatory's stages.

ingest ──► Document ──extract──► Claim / Toll ──link──► Event ──► store ──► exports

Every record is a keyword-only, slotted, frozen dataclass. Enumerations carry precision and
provenance. Nothing in here does I/O; ``observatory.serialize`` turns records into the JSON
shapes of the output contract (DESIGN.md) and back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

__all__ = [
    "AuditEntry",
    "Claim",
    "ClaimKind",
    "DateBasis",
    "DatePrecision",
    "Document",
    "Event",
    "EventFigure",
    "Fatalities",
    "GeoPrecision",
    "Link",
    "Place",
    "PublishedBasis",
    "ReviewStatus",
    "SideCount",
    "Span",
    "StageVersion",
    "Toll",
]


class DatePrecision(StrEnum):
    """How precisely the text fixes an event's date."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    RANGE = "range"
    UNKNOWN = "unknown"


class DateBasis(StrEnum):
    """Where an event's date came from."""

    EXPLICIT = "explicit"  # the text names the date ("on April 10", "10/04/2014")
    RELATIVE = "relative"  # resolved against the publication date ("Thursday", "yesterday")
    PUBLICATION = "publication"  # nothing in the text: the publication date stands in


class PublishedBasis(StrEnum):
    """Where a document's publication date came from."""

    METADATA = "metadata"  # a feed, HTML meta tag or corpus column
    URL = "url"  # a /2014/04/11/ path in the URL
    DATELINE = "dateline"  # a date in the text's dateline
    USER = "user"  # supplied by the user (--published)
    NONE = "none"  # unknown


class GeoPrecision(IntEnum):
    """ACLED's geo precision codes."""

    TOWN = 1  # the place itself
    NEAR = 2  # near it, or part of a region
    REGION = 3  # only the province or a large region
    COUNTRY = 4  # only the country


class ClaimKind(StrEnum):
    EVENT = "event"
    TOLL = "toll"


class ReviewStatus(StrEnum):
    UNREVIEWED = "unreviewed"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A stretch of a document's text: ``text == document.text[start:end]``.

    ``role`` names the field the span is evidence for ("trigger", "date", "location",
    "fatalities", "actor", "claimant", "sentence").
    """

    start: int
    end: int
    text: str
    role: str = "sentence"


@dataclass(frozen=True, slots=True, kw_only=True)
class StageVersion:
    """A stage's name and version, written with every output (``extract.rules/1``)."""

    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name}/{self.version}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One report as ingested.

    ``id`` is the caller's id when one was given (a JSONL ``id``), else ``content_hash``.
    ``content_hash`` is the hash of the normalised text: the same text is one document.
    """

    id: str
    content_hash: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_basis: PublishedBasis = PublishedBasis.NONE
    language: str = "en"
    source: str | None = None  # the file, feed or corpus line it came from
    ingested_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """A resolved place, with ACLED's admin units and geo precision."""

    name: str
    country: str | None = None  # ISO 3166-1 alpha-2 ("SY")
    admin1: str | None = None  # governorate, e.g. "Deir ez-Zor"
    admin2: str | None = None  # district
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: GeoPrecision = GeoPrecision.TOWN
    gazetteer_id: str | None = None  # "geonames:170794" or "obs:sy-hawijat-saqr"
    feature: str | None = None  # "town", "village", "neighbourhood", "region", "admin1", ...


@dataclass(frozen=True, slots=True, kw_only=True)
class SideCount:
    """Deaths of one party, where the text splits a figure ("five ISIS fighters and ...")."""

    side: str  # canonical actor name, or the text's own noun when no actor matches
    low: int
    high: int | None  # None = open-ended ("at least nine")


@dataclass(frozen=True, slots=True, kw_only=True)
class Fatalities:
    """Deaths as low / best / high; ``high is None`` means open-ended ("at least")."""

    low: int
    best: int | None
    high: int | None
    by_side: tuple[SideCount, ...] = ()

    def __post_init__(self) -> None:
        if self.low < 0:
            raise ValueError("fatalities cannot be negative")
        if self.best is not None and self.best < self.low:
            raise ValueError(f"best {self.best} below low {self.low}")
        if self.high is not None and (self.high < self.low or (self.best or 0) > self.high):
            raise ValueError(f"high {self.high} below low/best")


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    """One document's account of one event (one per event type, location and day)."""

    id: str
    document_id: str
    event_type: str
    sub_event_type: str
    date: dt.date | None
    date_window: tuple[dt.date, dt.date] | None
    date_precision: DatePrecision
    date_basis: DateBasis
    location: Place | None
    actor1: str | None = None
    actor2: str | None = None
    assoc_actors: tuple[str, ...] = ()
    fatalities: Fatalities | None = None
    claimants: tuple[str, ...] = ()
    evidence: tuple[Span, ...] = ()
    notes: str = ""
    published: dt.date | None = None  # the report's publication date, for linking and history
    stages: tuple[StageVersion, ...] = ()
    kind: ClaimKind = ClaimKind.EVENT


@dataclass(frozen=True, slots=True, kw_only=True)
class Toll:
    """An aggregate count ("365 killed throughout the country"): never an event's deaths."""

    id: str
    document_id: str
    scope: Place | None  # the area the toll covers
    date_window: tuple[dt.date, dt.date] | None
    date_precision: DatePrecision
    date_basis: DateBasis
    deaths: Fatalities
    claimants: tuple[str, ...] = ()
    evidence: tuple[Span, ...] = ()
    notes: str = ""
    subject: str | None = None  # whose deaths, when the text says ("government soldiers")
    published: dt.date | None = None
    stages: tuple[StageVersion, ...] = ()
    kind: ClaimKind = ClaimKind.TOLL


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFigure:
    """One claim's fatality figure within an event's history."""

    claim_id: str
    document_id: str
    claimant: str | None
    published: dt.date | None
    fatalities: Fatalities
    evidence: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A claim's membership in an event, with the score and the features that agreed."""

    claim_id: str
    event_id: str
    score: float
    features: Mapping[str, float] = field(default_factory=dict)
    manual: bool = False  # set by an analyst override


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One real-world event: its claims and the fields reconciled across them."""

    id: str
    event_type: str
    sub_event_type: str
    date: dt.date | None
    date_window: tuple[dt.date, dt.date] | None
    date_precision: DatePrecision
    location: Place | None
    actor1: str | None
    actor2: str | None
    assoc_actors: tuple[str, ...]
    fatalities: Fatalities | None
    claim_ids: tuple[str, ...]
    document_ids: tuple[str, ...]
    claimants: tuple[str, ...] = ()
    figures: tuple[EventFigure, ...] = ()  # fatality history, oldest report first
    status: ReviewStatus = ReviewStatus.UNREVIEWED
    notes: str = ""

    @property
    def number_of_sources(self) -> int:
        return len(self.document_ids)


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditEntry:
    """One analyst action: who did what to which events or claims, when and why."""

    id: int | None
    at: dt.datetime
    who: str
    action: str  # "merge", "split", "status"
    event_ids: tuple[str, ...]
    claim_ids: tuple[str, ...] = ()
    value: str | None = None  # e.g. the new status
    reason: str = ""
