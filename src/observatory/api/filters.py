"""Event filters from query parameters, the same for every event endpoint."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Query

from observatory.api.deps import ApiError
from observatory.records import ReviewStatus
from observatory.store.base import EventQuery

__all__ = ["event_query", "parse_bbox"]


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``west,south,east,north`` in degrees."""
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError as exc:
        raise ApiError(
            400, f"bbox {value!r}: give west,south,east,north in degrees, e.g. 35.5,32,42.5,37.5"
        ) from exc
    if not (-90 <= south <= north <= 90) or not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ApiError(
            400,
            f"bbox {value!r}: latitudes must be -90..90 with south <= north, longitudes -180..180",
        )
    return west, south, east, north


async def event_query(
    since: Annotated[dt.date | None, Query(description="Events on or after this day.")] = None,
    until: Annotated[dt.date | None, Query(description="Events on or before this day.")] = None,
    admin1: Annotated[str | None, Query(description="Governorate / province.")] = None,
    type: Annotated[str | None, Query(description="ACLED event type or sub-event type.")] = None,
    sub_type: Annotated[str | None, Query(description="ACLED sub-event type, exactly.")] = None,
    actor: Annotated[
        str | None, Query(description="Actor 1, actor 2 or an associated actor.")
    ] = None,
    status: Annotated[ReviewStatus | None, Query(description="Review status.")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees.")] = None,
    q: Annotated[
        str | None,
        Query(
            description="Full text: every word in the event's type, place, actors, claimants or notes."
        ),
    ] = None,
    imprecise: Annotated[
        bool | None, Query(description="true: events without a precise place.")
    ] = None,
) -> EventQuery:
    if since is not None and until is not None and since > until:
        raise ApiError(400, f"since {since} is after until {until}")
    return EventQuery(
        since=since,
        until=until,
        admin1=admin1 or None,
        event_type=type or None,
        sub_event_type=sub_type or None,
        actor=actor or None,
        status=status,
        bbox=parse_bbox(bbox) if bbox else None,
        text=q.strip() if q and q.strip() else None,
        imprecise=imprecise,
    )
