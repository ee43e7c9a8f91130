"""Tallies computed from events, tolls as sources reported them (beside, never added), and
exports in the field's formats."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from observatory.api.deps import ApiError, Caller, cached, needs, repo
from observatory.api.filters import event_query
from observatory.api.timing import TimedRoute
from observatory.api.views import tally_json, toll_json, toll_line_json
from observatory.auth import Role
from observatory.export import ExportFormat, export_events
from observatory.store.base import EventQuery, Repository
from observatory.tally import UNKNOWN, TallyKey, TallyRow, parse_keys, tally, toll_lines, total

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["tallies"], route_class=TimedRoute)

_MEDIA = {
    ExportFormat.ACLED_CSV: ("text/csv; charset=utf-8", "csv"),
    ExportFormat.UCDP_CSV: ("text/csv; charset=utf-8", "csv"),
    ExportFormat.GEOJSON: ("application/geo+json", "geojson"),
    ExportFormat.PARQUET: ("application/vnd.apache.parquet", "parquet"),
    ExportFormat.JSONL: ("application/x-ndjson", "jsonl"),
}


# keys the store sums itself (Repository.timeline), as observatory.tally would
_IN_STORE: dict[TallyKey, Literal["day", "month", "admin1", "event_type"]] = {
    TallyKey.DAY: "day",
    TallyKey.MONTH: "month",
    TallyKey.ADMIN1: "admin1",
    TallyKey.EVENT_TYPE: "event_type",
}


def _keys(value: str) -> tuple[TallyKey, ...]:
    try:
        return parse_keys(value)
    except ValueError as exc:
        raise ApiError(400, f"by: {exc}") from exc


@router.get("/tallies", summary="Deaths from events, grouped, with source tolls beside them")
def tallies(
    request: Request,
    query: Annotated[EventQuery, Depends(event_query)],
    store: Annotated[Repository, Depends(repo)],
    _: Annotated[Caller, Depends(needs(Role.VIEWER))],
    by: Annotated[
        str, Query(description="Comma-separated: day, month, admin1, event_type, actor.")
    ] = "admin1",
) -> dict[str, Any]:
    """Rows of events and deaths low/best/high (rejected events left out), the total, and
    the tolls sources reported over the same period: listed beside, never added in."""
    keys = _keys(by)  # a bad key is refused before anything is summed

    def make() -> dict[str, Any]:
        names = [k.value for k in keys]
        lines = toll_lines(store.tolls(since=query.since, until=query.until))
        if len(keys) == 1 and keys[0] in _IN_STORE:
            # one key the store can group by: summed in the database, not event by event
            buckets = store.timeline(query, by=_IN_STORE[keys[0]])
            rows = [
                TallyRow(
                    key=(b.key or UNKNOWN,),
                    events=b.events,
                    low=b.deaths_low,
                    best=b.deaths_best,
                    high=b.deaths_high,
                )
                for b in buckets
            ]
            grand = TallyRow(
                key=(),
                events=sum(r.events for r in rows),
                low=sum(r.low for r in rows),
                best=sum(r.best for r in rows),
                high=None if any(r.high is None for r in rows) else sum(r.high or 0 for r in rows),
            )
            rows.sort(key=lambda r: r.key)
        else:
            events = list(store.events(query))
            rows = tally(events, by=keys)
            grand = total(events)
        return {
            "by": names,
            "rows": [tally_json(names, row) for row in rows],
            "total": tally_json([], grand),
            "tolls": [toll_line_json(line) for line in lines],
            "note": "tolls are figures sources reported; they are not added to the tallies",
        }

    return cached(request, make)


@router.get("/tolls", summary="Tolls reported by sources, with their claimants and evidence")
def tolls(
    store: Annotated[Repository, Depends(repo)],
    _: Annotated[Caller, Depends(needs(Role.VIEWER))],
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> dict[str, Any]:
    found = list(store.tolls(since=since, until=until))
    documents = {d.id: d for d in store.documents(ids=sorted({t.document_id for t in found}))}
    return {"tolls": [toll_json(t, documents.get(t.document_id)) for t in found]}


@router.get("/exports/{format}", summary="All matching events in an export format")
def export(
    format: ExportFormat,
    request: Request,
    query: Annotated[EventQuery, Depends(event_query)],
    store: Annotated[Repository, Depends(repo)],
    _: Annotated[Caller, Depends(needs(Role.VIEWER))],
) -> FileResponse:
    """ACLED-compatible CSV, UCDP-GED-compatible CSV, GeoJSON, Parquet or JSONL, as a file
    download (written to a temporary file first, so a failure sends no half file)."""
    media, suffix = _MEDIA[format]
    events = list(store.events(query))
    claim_ids = sorted({c for e in events for c in e.claim_ids})
    claims = {c.id: c for c in store.claims(ids=claim_ids)}
    documents = {
        d.id: d for d in store.documents(ids=sorted({c.document_id for c in claims.values()}))
    }
    fd, name = tempfile.mkstemp(prefix="observatory-export-", suffix=f".{suffix}")
    os.close(fd)
    path = Path(name)
    try:
        export_events(
            events,
            format=format,
            out=path,
            claims=claims,
            documents=documents,
            default_country=request.app.state.settings.default_country,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(
        path,
        media_type=media,
        filename=f"observatory-events.{suffix}",
        background=BackgroundTask(path.unlink, missing_ok=True),
    )
