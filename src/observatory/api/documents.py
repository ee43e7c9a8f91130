"""Documents: listed, read with the evidence offsets of their claims, and posted."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from observatory.api.deps import ApiError, Caller, needs, repo, settings_of
from observatory.api.timing import TimedRoute
from observatory.api.views import claim_json, document_json, event_json, toll_json
from observatory.auth import Role
from observatory.errors import InputError
from observatory.settings import Settings
from observatory.store.base import Repository

__all__ = ["DocumentIn", "router"]

router = APIRouter(prefix="/api", tags=["documents"], route_class=TimedRoute)


class DocumentIn(BaseModel):
    """A report to store, extract and link."""

    text: str = Field(description="The report's text.")
    id: str | None = Field(default=None, description="Your id for it (default: its hash).")
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = Field(
        default=None, description="Publication day (default: detected from the text or URL)."
    )
    language: str | None = None


@router.get("/documents", summary="Documents, in storage order, or found by full text")
def list_documents(
    store: Annotated[Repository, Depends(repo)],
    _: Annotated[Caller, Depends(needs(Role.VIEWER))],
    q: Annotated[str | None, Query(description="Every word in the title or text.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query()] = None,
) -> dict[str, Any]:
    """Without ``q``, pages in storage order; with it, the best matches (one page)."""
    if q and q.strip():
        found = store.search(q, limit=limit)
        return {
            "documents": [document_json(d, with_text=False) for d in found],
            "next_cursor": None,
        }
    page = store.document_page(after=cursor, limit=limit)
    return {
        "documents": [document_json(d, with_text=False) for d in page.documents],
        "next_cursor": page.next_cursor,
    }


@router.get("/documents/{document_id}", summary="A document's text with its evidence offsets")
def one_document(
    document_id: str,
    store: Annotated[Repository, Depends(repo)],
    _: Annotated[Caller, Depends(needs(Role.VIEWER))],
) -> dict[str, Any]:
    """The text, and the claims and tolls read from it, each with evidence spans whose
    ``start``/``end`` are offsets into ``text``, and the event each claim is in."""
    document = store.document(document_id)
    if document is None:
        raise ApiError(404, f"no document {document_id!r}")
    claims = list(store.claims(document_ids=[document_id]))
    events = {
        link.claim_id: link.event_id for link in store.links(claim_ids=[c.id for c in claims])
    }
    claim_rows = []
    for claim in claims:
        row = claim_json(claim, document)
        row.pop("document", None)
        row["event_id"] = events.get(claim.id)
        claim_rows.append(row)
    return {
        "document": document_json(document, with_text=True),
        "claims": claim_rows,
        "tolls": [toll_json(t) for t in store.tolls(document_ids=[document_id])],
    }


@router.post(
    "/documents",
    status_code=201,
    summary="Store, extract and link a report; the events it touched come back",
)
def post_document(
    body: DocumentIn,
    request: Request,
    store: Annotated[Repository, Depends(repo)],
    settings: Annotated[Settings, Depends(settings_of)],
    who: Annotated[Caller, Depends(needs(Role.ANALYST))],
) -> dict[str, Any]:
    """Runs the main job (``observatory run``) on one report. A text already stored is
    not stored again (``stored: false``); its events come back all the same."""
    from observatory.ingest import make_document
    from observatory.pipeline import run

    try:
        document = make_document(
            body.text,
            id=body.id,
            title=body.title,
            outlet=body.outlet,
            url=body.url,
            published=body.published,
            language=body.language,
            source=f"api:{who.name}",
            settings=settings,
        )
    except InputError as exc:
        raise ApiError(422, exc.reason) from exc
    extractor = request.app.state.extractor()
    report = run(store, [document], settings=settings, extractor=extractor)
    stored_id = report.ingest.stored[0] if report.ingest.stored else None
    present_id = report.ingest.present[0] if report.ingest.present else None
    document_id = stored_id or present_id or document.id
    claim_ids = [c.id for c in store.claims(document_ids=[document_id])]
    event_ids = sorted({link.event_id for link in store.links(claim_ids=claim_ids)})
    events = []
    for event_id in event_ids:
        event = store.event(event_id)
        if event is not None:
            events.append(event_json(event, version=store.event_version(event_id)))
    return {
        "document_id": document_id,
        "stored": stored_id is not None,
        "claims": report.claims,
        "tolls": report.tolls,
        "events": events,
    }
