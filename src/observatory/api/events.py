"""Events: pages of them (JSON, GeoJSON, CSV), map clusters, the timeline, one event."""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from observatory.api.deps import ApiError, Caller, cached, needs, repo
from observatory.api.filters import event_query
from observatory.api.timing import TimedRoute
from observatory.api.views import (
    FastJSONResponse,
    audit_json,
    brief_event_json,
    claim_json,
    cluster_json,
    event_json,
    link_json,
    timeline_json,
)
from observatory.auth import Role
from observatory.records import Event
from observatory.store.base import EventQuery, Repository

__all__ = ["CSV_COLUMNS", "router"]

router = APIRouter(prefix="/api", tags=["events"], route_class=TimedRoute)

MAX_PAGE = 1000

CSV_COLUMNS = (
    "event_id",
    "version",
    "date",
    "date_first",
    "date_last",
    "event_type",
    "sub_event_type",
    "location",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "actor1",
    "actor2",
    "deaths_low",
    "deaths_best",
    "deaths_high",
    "sources",
    "claimants",
    "status",
)


class PageFormat(StrEnum):
    JSON = "json"
    GEOJSON = "geojson"
    CSV = "csv"


def etag(version: int) -> str:
    return f'"v{version}"'


def _csv_row(event: Event, version: int) -> list[Any]:
    place = event.location
    first, last = event.date_window or (event.date, event.date)
    f = event.fatalities
    return [
        event.id,
        version,
        event.date.isoformat() if event.date else "",
        first.isoformat() if first else "",
        last.isoformat() if last else "",
        event.event_type,
        event.sub_event_type,
        place.name if place else "",
        (place.admin1 if place else None) or "",
        "" if place is None or place.latitude is None else place.latitude,
        "" if place is None or place.longitude is None else place.longitude,
        int(place.geo_precision) if place else "",
        event.actor1 or "",
        event.actor2 or "",
        f.low if f else "",
        "" if f is None or f.best is None else f.best,
        "" if f is None or f.high is None else f.high,
        event.number_of_sources,
        "; ".join(event.claimants),
        event.status.value,
    ]


def _feature(data: dict[str, Any], version: int) -> dict[str, Any]:
    """A GeoJSON feature of an event of :meth:`Repository.event_page_json`."""
    place = data.get("location") or {}
    point = None
    if place.get("latitude") is not None and place.get("longitude") is not None:
        point = {"type": "Point", "coordinates": [place["longitude"], place["latitude"]]}
    return {
        "type": "Feature",
        "id": data["event_id"],
        "geometry": point,
        "properties": brief_event_json(data, version=version),
    }


@router.get("/events", summary="Events, newest first, filtered and paged")
def list_events(
    query: Annotated[EventQuery, Depends(event_query)],
    store: Annotated[Repository, Depends(repo)],
    _: Annotated[Caller, Depends(needs(Role.VIEWER))],
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Events per page.")] = 100,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
    format: Annotated[PageFormat, Query(description="json, geojson or csv.")] = PageFormat.JSON,
    count: Annotated[bool, Query(description="Also count all matching events.")] = False,
) -> Response:
    """One page of events. The next page is at ``cursor=next_cursor`` (also sent in the
    ``X-Next-Cursor`` header, which is how CSV pages tell it)."""
    if format is PageFormat.CSV:
        page = store.event_page(query, after=cursor, limit=limit)
        headers = {"X-Next-Cursor": page.next_cursor} if page.next_cursor else {}
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(_csv_row(e, v) for e, v in zip(page.events, page.versions, strict=True))
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    # JSON and GeoJSON from the stored JSON, not from events built and turned back to JSON
    found = store.event_page_json(query, after=cursor, limit=limit)
    headers = {"X-Next-Cursor": found.next_cursor} if found.next_cursor else {}
    pairs = list(zip(found.events, found.versions, strict=True))
    body: dict[str, Any]
    if format is PageFormat.GEOJSON:
        body = {"type": "FeatureCollection", "features": [_feature(e, v) for e, v in pairs]}
        media = "application/geo+json"
    else:
        body = {"events": [brief_event_json(e, version=v) for e, v in pairs]}
        media = "application/json"
    body["next_cursor"] = found.next_cursor
    if count:
        body["total"] = store.count_events(query)
    return FastJSONResponse(body, media_type=media, headers=headers)


@router.get("/events/clusters", summary="Events grouped on a grid, for the map")
def clusters(
    request: Request,
    query: Annotated[EventQuery, Depends(event_query)],
    store: Annotated[Repository, Depends(repo)],
    _: Annotated[Caller, Depends(needs(Role.VIEWER))],
    zoom: Annotated[
        int | None, Query(ge=0, le=20, description="Map zoom: the cell is about 60 pixels.")
    ] = None,
    cell: Annotated[
        float | None, Query(gt=0, le=90, description="Cell size in degrees (instead of zoom).")
    ] = None,
) -> dict[str, Any]:
    """Server-side clustering: one entry per grid cell with its count, deaths and extent.

    Events without coordinates are counted in ``unplaced``."""
    size = cell if cell is not None else 360.0 / (2 ** (zoom if zoom is not None else 6)) * 60 / 256

    def make() -> dict[str, Any]:
        found = store.map_clusters(query, cell_degrees=size)
        placed = sum(c.events for c in found)
        total = store.count_events(query)
        return {
            "cell_degrees": size,
            "clusters": [cluster_json(c) for c in found],
            "events": total,
            "unplaced": total - placed,
        }

    return cached(request, make)


@router.get("/events/timeline", summary="Events and deaths per day or month")
def timeline(
    request: Request,
    query: Annotated[EventQuery, Depends(event_query)],
    store: Annotated[Repository, Depends(repo)],
    _: Annotated[Caller, Depends(needs(Role.VIEWER))],
    by: Annotated[
        str,
        Query(
            pattern="^(day|month|auto)$",
            description="auto: by day when the events span at most two months, else by month.",
        ),
    ] = "auto",
) -> dict[str, Any]:
    """Counts and deaths low/best/high per period; rejected events are left out."""

    def make() -> dict[str, Any]:
        if by == "auto":
            months = store.timeline(query, by="month")
            if len([b for b in months if b.key]) <= 2:
                return {"by": "day", "buckets": timeline_json(store.timeline(query, by="day"))}
            return {"by": "month", "buckets": timeline_json(months)}
        buckets = store.timeline(query, by="day" if by == "day" else "month")
        return {"by": by, "buckets": timeline_json(buckets)}

    return cached(request, make)


def load_event(store: Repository, event_id: str) -> tuple[Event, int]:
    event = store.event(event_id)
    version = store.event_version(event_id)
    if event is None or version is None:
        raise ApiError(404, f"no event {event_id!r}")
    return event, version


@router.get(
    "/events/{event_id}",
    summary="One event with its evidence, figures and audit log",
    response_class=FastJSONResponse,
)
def one_event(
    event_id: str,
    store: Annotated[Repository, Depends(repo)],
    _: Annotated[Caller, Depends(needs(Role.VIEWER))],
) -> FastJSONResponse:
    """The event; each claim with its document, sentence and evidence spans (offsets into
    the document's text); the fatality figures by claimant and report date (oldest first);
    the links with their scores; and every audit entry touching the event. The ``ETag``
    header carries the version to send back in ``If-Match`` when reviewing."""
    event, version = load_event(store, event_id)
    claims = list(store.claims(ids=event.claim_ids))
    documents = {d.id: d for d in store.documents(ids=event.document_ids)}
    body = {
        "event": event_json(event, version=version),
        "claims": [claim_json(c, documents.get(c.document_id)) for c in claims],
        "figures": [
            {
                "claimant": f.claimant,
                "published": f.published.isoformat() if f.published else None,
                "low": f.fatalities.low,
                "best": f.fatalities.best,
                "high": f.fatalities.high,
                "claim_id": f.claim_id,
                "document_id": f.document_id,
                "evidence": f.evidence,
            }
            for f in event.figures
        ],
        "links": [link_json(link) for link in store.links(event_ids=[event.id])],
        "audit": [audit_json(a) for a in store.audit_log(event_id=event.id)],
    }
    return FastJSONResponse(body, headers={"ETag": etag(version)})


@router.get("/events/{event_id}/audit", summary="The audit log of one event")
def event_audit(
    event_id: str,
    store: Annotated[Repository, Depends(repo)],
    _: Annotated[Caller, Depends(needs(Role.VIEWER))],
) -> dict[str, Any]:
    """Entries touching the event, oldest first (also for events merged away since)."""
    return {"audit": [audit_json(a) for a in store.audit_log(event_id=event_id)]}
