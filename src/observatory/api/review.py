"""Analyst review over HTTP: the queue, and merge, split, status and edit.

Every action needs an analyst token, a reason, and the version of each event it changes
(``If-Match: "v3"`` or ``version`` in the body; ``versions`` for a merge): when an event
has changed since the analyst read it the action is refused with 409, so two analysts
never overwrite each other. Each action is in the audit log with the token's name.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Response
from pydantic import BaseModel, Field

from observatory import review as library
from observatory.api.deps import ApiError, Caller, needs, repo, settings_of
from observatory.api.events import etag, load_event
from observatory.api.timing import TimedRoute
from observatory.api.views import event_json, link_json
from observatory.auth import Role
from observatory.curation import EDITABLE_FIELDS, edit_event, parse_edit
from observatory.records import ReviewStatus
from observatory.settings import Settings
from observatory.store.base import EventQuery, Repository

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["review"], route_class=TimedRoute)

NEAR_THRESHOLD = 0.1  # links scored within this of the link threshold are queued


class _Action(BaseModel):
    reason: str = Field(min_length=1, description="Why: recorded in the audit log.")


class MergeIn(_Action):
    event_ids: list[str] = Field(min_length=2, description="The events to merge.")
    versions: dict[str, int] = Field(description="The version of each event, as read.")


class SplitIn(_Action):
    version: int | None = Field(default=None, description="The version of the claim's event.")


class StatusIn(_Action):
    status: ReviewStatus
    version: int | None = None


class EditIn(_Action):
    field: str = Field(description="One of: " + ", ".join(EDITABLE_FIELDS) + ".")
    value: Any = Field(description="The new value (fatalities: {low, best, high}).")
    version: int | None = None


def _version(body_version: int | None, if_match: str | None) -> int:
    if body_version is not None:
        return body_version
    if if_match:
        text = if_match.strip().removeprefix("W/").strip('"').removeprefix("v")
        if text.isdigit():
            return int(text)
        raise ApiError(400, f'If-Match {if_match!r}: send the ETag of the event, e.g. "v3"')
    raise ApiError(
        428,
        "send the event's version (If-Match with its ETag, or 'version' in the body)"
        " so that a change made meanwhile by someone else is not overwritten",
    )


def _answer(store: Repository, event_id: str, response: Response) -> dict[str, Any]:
    event, version = load_event(store, event_id)
    response.headers["ETag"] = etag(version)
    return {"event": event_json(event, version=version)}


@router.get("/review/queue", summary="What analysts should look at")
def queue(
    store: Annotated[Repository, Depends(repo)],
    settings: Annotated[Settings, Depends(settings_of)],
    _: Annotated[Caller, Depends(needs(Role.VIEWER))],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """Links scored close to the link threshold, disputed events, and events without a
    precise place (no coordinates, or only the region or country)."""
    threshold = settings.link_threshold
    links = store.links_near(
        low=threshold - NEAR_THRESHOLD, high=threshold + NEAR_THRESHOLD, limit=limit
    )
    near_ids = list(dict.fromkeys(link.event_id for link in links))
    near_events = {}
    if near_ids:
        page = store.event_page(EventQuery(event_ids=tuple(near_ids)), limit=len(near_ids))
        near_events = {
            e.id: event_json(e, version=v) for e, v in zip(page.events, page.versions, strict=True)
        }
    disputed = store.event_page(EventQuery(status=ReviewStatus.DISPUTED), limit=limit)
    imprecise = store.event_page(EventQuery(imprecise=True), limit=limit)
    return {
        "threshold": threshold,
        "near_threshold": [
            {"link": link_json(link), "event": near_events.get(link.event_id)} for link in links
        ],
        "disputed": [
            event_json(e, version=v)
            for e, v in zip(disputed.events, disputed.versions, strict=True)
        ],
        "imprecise": [
            event_json(e, version=v)
            for e, v in zip(imprecise.events, imprecise.versions, strict=True)
        ],
    }


@router.post("/events/merge", summary="Merge events (analyst)")
def merge(
    body: MergeIn,
    response: Response,
    store: Annotated[Repository, Depends(repo)],
    settings: Annotated[Settings, Depends(settings_of)],
    who: Annotated[Caller, Depends(needs(Role.ANALYST))],
) -> dict[str, Any]:
    ids = list(dict.fromkeys(body.event_ids))
    missing = [e for e in ids if e not in body.versions]
    if missing:
        raise ApiError(428, f"send the version of every event in 'versions' (missing: {missing})")
    for event_id in ids:
        load_event(store, event_id)
    store.bump_versions({e: body.versions[e] for e in ids})
    event = library.merge_events(store, ids, who=who.name, reason=body.reason, settings=settings)
    return _answer(store, event.id, response)


@router.post("/claims/{claim_id}/split", summary="Take a claim out of its event (analyst)")
def split(
    claim_id: str,
    body: SplitIn,
    response: Response,
    store: Annotated[Repository, Depends(repo)],
    settings: Annotated[Settings, Depends(settings_of)],
    who: Annotated[Caller, Depends(needs(Role.ANALYST))],
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    links = list(store.links(claim_ids=[claim_id]))
    if not links:
        raise ApiError(404, f"claim {claim_id!r} is in no event")
    store.bump_versions({links[0].event_id: _version(body.version, if_match)})
    event = library.split_claim(
        store, claim_id, who=who.name, reason=body.reason, settings=settings
    )
    return _answer(store, event.id, response)


@router.post("/events/{event_id}/status", summary="Set an event's review status (analyst)")
def status(
    event_id: str,
    body: StatusIn,
    response: Response,
    store: Annotated[Repository, Depends(repo)],
    who: Annotated[Caller, Depends(needs(Role.ANALYST))],
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    load_event(store, event_id)
    store.bump_versions({event_id: _version(body.version, if_match)})
    library.set_status(store, event_id, body.status, who=who.name, reason=body.reason)
    return _answer(store, event_id, response)


@router.post("/events/{event_id}/edit", summary="Correct one field of an event (analyst)")
def edit(
    event_id: str,
    body: EditIn,
    response: Response,
    store: Annotated[Repository, Depends(repo)],
    who: Annotated[Caller, Depends(needs(Role.ANALYST))],
    if_match: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """The old and new values go into the audit log with the reason."""
    load_event(store, event_id)
    version = _version(body.version, if_match)
    parse_edit(body.field, body.value)  # a bad edit is refused before anything changes
    store.bump_versions({event_id: version})
    edit_event(store, event_id, body.field, body.value, who=who.name, reason=body.reason)
    return _answer(store, event_id, response)
