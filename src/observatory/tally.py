"""Death tallies computed from events (never from claims), each as low / best / high.

- An event counts once, with its reconciled fatalities: reports of one event by four
  outlets are one event, so they are never added up four times.
- Rejected events are left out; events without a figure count as events with 0 deaths.
- ``best`` adds each event's best (its low when it has none); ``high`` is None
  (open-ended) as soon as one event's high is open-ended.
- By ``ACTOR`` an event counts under each of its actors (actor1 and actor2): actor rows
  do not add up to the total.
- Tolls reported by sources ("365 killed nationwide") are listed beside the tallies by
  ``toll_lines``, never added into them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from observatory.records import Event, ReviewStatus, Toll

__all__ = ["TallyKey", "TallyRow", "TollLine", "parse_keys", "tally", "toll_lines", "total"]

UNKNOWN = "unknown"


class TallyKey(StrEnum):
    DAY = "day"
    MONTH = "month"
    ADMIN1 = "admin1"
    EVENT_TYPE = "event_type"
    ACTOR = "actor"


def parse_keys(value: str) -> tuple[TallyKey, ...]:
    """Tally keys from a comma list ("admin1,month"); ValueError names a bad one."""
    keys = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        try:
            keys.append(TallyKey(part))
        except ValueError as exc:
            choices = ", ".join(k.value for k in TallyKey)
            raise ValueError(f"{part!r} is not one of {choices}") from exc
    return tuple(keys)


@dataclass(frozen=True, slots=True, kw_only=True)
class TallyRow:
    """One group's number of events and deaths; ``key`` follows the ``by`` order."""

    key: tuple[str, ...]
    events: int
    low: int
    best: int
    high: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TollLine:
    """A toll as a source reported it, to show beside the computed tallies."""

    toll_id: str
    document_id: str
    first: str | None  # ISO dates of the period it covers
    last: str | None
    scope: str  # the area it covers
    claimants: tuple[str, ...]
    low: int
    best: int | None
    high: int | None
    subject: str | None


def _values(event: Event, key: TallyKey) -> list[str]:
    if key is TallyKey.DAY:
        return [event.date.isoformat() if event.date else UNKNOWN]
    if key is TallyKey.MONTH:
        if event.date:
            return [event.date.strftime("%Y-%m")]
        if event.date_window:
            return [event.date_window[0].strftime("%Y-%m")]
        return [UNKNOWN]
    if key is TallyKey.ADMIN1:
        return [(event.location.admin1 if event.location else None) or UNKNOWN]
    if key is TallyKey.EVENT_TYPE:
        return [event.event_type or UNKNOWN]
    actors = list(dict.fromkeys(a for a in (event.actor1, event.actor2) if a))
    return actors or [UNKNOWN]


def _keys(event: Event, by: Sequence[TallyKey]) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = [()]
    for k in by:
        keys = [(*prefix, v) for prefix in keys for v in _values(event, k)]
    return keys


def tally(events: Iterable[Event], *, by: Sequence[TallyKey]) -> list[TallyRow]:
    """Rows sorted by key; with ``by=()`` one row, the total."""
    acc: dict[tuple[str, ...], list[int | None]] = defaultdict(lambda: [0, 0, 0, 0])
    for event in events:
        if event.status is ReviewStatus.REJECTED:
            continue
        f = event.fatalities
        low = f.low if f else 0
        best = (f.best if f.best is not None else f.low) if f else 0
        high = f.high if f else 0
        for key in _keys(event, by):
            row = acc[key]
            row[0] = (row[0] or 0) + 1
            row[1] = (row[1] or 0) + low
            row[2] = (row[2] or 0) + best
            row[3] = None if row[3] is None or high is None else row[3] + high
    return [
        TallyRow(key=key, events=v[0] or 0, low=v[1] or 0, best=v[2] or 0, high=v[3])
        for key, v in sorted(acc.items())
    ]


def total(events: Iterable[Event]) -> TallyRow:
    """All events' deaths in one row (key ``()``)."""
    rows = tally(events, by=())
    return rows[0] if rows else TallyRow(key=(), events=0, low=0, best=0, high=0)


def toll_lines(tolls: Iterable[Toll]) -> list[TollLine]:
    """Source-reported tolls, by date then id: shown beside tallies, never summed in."""
    lines = [
        TollLine(
            toll_id=t.id,
            document_id=t.document_id,
            first=t.date_window[0].isoformat() if t.date_window else None,
            last=t.date_window[1].isoformat() if t.date_window else None,
            scope=(t.scope.name if t.scope else UNKNOWN),
            claimants=t.claimants,
            low=t.deaths.low,
            best=t.deaths.best,
            high=t.deaths.high,
            subject=t.subject,
        )
        for t in tolls
    ]
    return sorted(lines, key=lambda t: (t.first or "9999", t.toll_id))
