"""Records to and from the JSON shapes of the output contract (DESIGN.md).

``claim_to_json`` / ``toll_to_json`` give exactly the fields of DESIGN.md's claim table
(tolls carry every claim field, null where it does not apply, plus ``scope`` and
``deaths``). The ``*_from_json`` functions invert them, so the store can keep records as
JSON and give back equal records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from observatory.records import (
    Claim,
    ClaimKind,
    DateBasis,
    DatePrecision,
    Document,
    Event,
    EventFigure,
    Fatalities,
    GeoPrecision,
    Place,
    PublishedBasis,
    ReviewStatus,
    SideCount,
    Span,
    StageVersion,
    Toll,
)

__all__ = [
    "CLAIM_FIELDS",
    "TOLL_FIELDS",
    "claim_from_json",
    "claim_to_json",
    "document_from_json",
    "document_to_json",
    "event_from_json",
    "event_to_json",
    "fatalities_from_json",
    "fatalities_to_json",
    "place_from_json",
    "place_to_json",
    "record_to_json",
    "toll_from_json",
    "toll_to_json",
]

# The claim table of DESIGN.md, in order; every claim and toll line has each of these keys.
CLAIM_FIELDS: tuple[str, ...] = (
    "kind",
    "document_id",
    "event_type",
    "sub_event_type",
    "date",
    "date_window",
    "date_precision",
    "date_basis",
    "location",
    "actor1",
    "actor2",
    "assoc_actors",
    "fatalities",
    "claimants",
    "evidence",
    "notes",
)
TOLL_FIELDS: tuple[str, ...] = ("scope", "date_window", "deaths", "claimants", "evidence")
PLACE_FIELDS: tuple[str, ...] = (
    "name",
    "admin1",
    "admin2",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "gazetteer_id",
)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _window(value: tuple[dt.date, dt.date] | None) -> list[str] | None:
    return [value[0].isoformat(), value[1].isoformat()] if value is not None else None


def _parse_window(value: Any) -> tuple[dt.date, dt.date] | None:
    if not value:
        return None
    return (dt.date.fromisoformat(value[0]), dt.date.fromisoformat(value[1]))


def place_to_json(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "country": place.country,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": int(place.geo_precision),
        "gazetteer_id": place.gazetteer_id,
        "feature": place.feature,
    }


def place_from_json(data: Mapping[str, Any] | None) -> Place | None:
    if data is None:
        return None
    return Place(
        name=data["name"],
        admin1=data.get("admin1"),
        admin2=data.get("admin2"),
        country=data.get("country"),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        geo_precision=GeoPrecision(int(data.get("geo_precision") or 1)),
        gazetteer_id=data.get("gazetteer_id"),
        feature=data.get("feature"),
    )


def fatalities_to_json(value: Fatalities | None) -> dict[str, Any] | None:
    if value is None:
        return None
    out: dict[str, Any] = {"low": value.low, "best": value.best, "high": value.high}
    out["by_side"] = [{"side": s.side, "low": s.low, "high": s.high} for s in value.by_side]
    return out


def fatalities_from_json(data: Mapping[str, Any] | None) -> Fatalities | None:
    if data is None:
        return None
    return Fatalities(
        low=int(data["low"]),
        best=None if data.get("best") is None else int(data["best"]),
        high=None if data.get("high") is None else int(data["high"]),
        by_side=tuple(
            SideCount(side=s["side"], low=int(s["low"]), high=s.get("high"))
            for s in data.get("by_side") or ()
        ),
    )


def _spans(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [{"start": s.start, "end": s.end, "text": s.text, "role": s.role} for s in spans]


def _parse_spans(data: Any) -> tuple[Span, ...]:
    return tuple(
        Span(
            start=int(s["start"]), end=int(s["end"]), text=s["text"], role=s.get("role", "sentence")
        )
        for s in data or ()
    )


def _stages(stages: Sequence[StageVersion]) -> list[str]:
    return [str(s) for s in stages]


def _parse_stages(data: Any) -> tuple[StageVersion, ...]:
    out = []
    for item in data or ():
        name, _, version = str(item).rpartition("/")
        out.append(StageVersion(name=name, version=version))
    return tuple(out)


def claim_to_json(claim: Claim) -> dict[str, Any]:
    return {
        "kind": claim.kind.value,
        "claim_id": claim.id,
        "document_id": claim.document_id,
        "event_type": claim.event_type,
        "sub_event_type": claim.sub_event_type,
        "date": _date(claim.date),
        "date_window": _window(claim.date_window),
        "date_precision": claim.date_precision.value,
        "date_basis": claim.date_basis.value,
        "location": place_to_json(claim.location),
        "actor1": claim.actor1,
        "actor2": claim.actor2,
        "assoc_actors": list(claim.assoc_actors),
        "fatalities": fatalities_to_json(claim.fatalities),
        "claimants": list(claim.claimants),
        "evidence": _spans(claim.evidence),
        "notes": claim.notes,
        "published": _date(claim.published),
        "stages": _stages(claim.stages),
    }


def claim_from_json(data: Mapping[str, Any]) -> Claim:
    return Claim(
        id=data["claim_id"],
        document_id=data["document_id"],
        event_type=data["event_type"],
        sub_event_type=data["sub_event_type"],
        date=_parse_date(data.get("date")),
        date_window=_parse_window(data.get("date_window")),
        date_precision=DatePrecision(data["date_precision"]),
        date_basis=DateBasis(data["date_basis"]),
        location=place_from_json(data.get("location")),
        actor1=data.get("actor1"),
        actor2=data.get("actor2"),
        assoc_actors=tuple(data.get("assoc_actors") or ()),
        fatalities=fatalities_from_json(data.get("fatalities")),
        claimants=tuple(data.get("claimants") or ()),
        evidence=_parse_spans(data.get("evidence")),
        notes=data.get("notes") or "",
        published=_parse_date(data.get("published")),
        stages=_parse_stages(data.get("stages")),
        kind=ClaimKind.EVENT,
    )


def toll_to_json(toll: Toll) -> dict[str, Any]:
    return {
        "kind": toll.kind.value,
        "claim_id": toll.id,
        "document_id": toll.document_id,
        "event_type": None,
        "sub_event_type": None,
        "date": toll.date_window[0].isoformat()
        if toll.date_window and toll.date_window[0] == toll.date_window[1]
        else None,
        "date_window": _window(toll.date_window),
        "date_precision": toll.date_precision.value,
        "date_basis": toll.date_basis.value,
        "location": place_to_json(toll.scope),
        "actor1": None,
        "actor2": None,
        "assoc_actors": [],
        "fatalities": fatalities_to_json(toll.deaths),
        "claimants": list(toll.claimants),
        "evidence": _spans(toll.evidence),
        "notes": toll.notes,
        "scope": place_to_json(toll.scope),
        "deaths": fatalities_to_json(toll.deaths),
        "subject": toll.subject,
        "published": _date(toll.published),
        "stages": _stages(toll.stages),
    }


def toll_from_json(data: Mapping[str, Any]) -> Toll:
    deaths = fatalities_from_json(data.get("deaths") or data.get("fatalities"))
    if deaths is None:
        raise ValueError("a toll needs deaths")
    return Toll(
        id=data["claim_id"],
        document_id=data["document_id"],
        scope=place_from_json(data.get("scope")),
        date_window=_parse_window(data.get("date_window")),
        date_precision=DatePrecision(data["date_precision"]),
        date_basis=DateBasis(data["date_basis"]),
        deaths=deaths,
        claimants=tuple(data.get("claimants") or ()),
        evidence=_parse_spans(data.get("evidence")),
        notes=data.get("notes") or "",
        subject=data.get("subject"),
        published=_parse_date(data.get("published")),
        stages=_parse_stages(data.get("stages")),
    )


def record_to_json(record: Claim | Toll) -> dict[str, Any]:
    return claim_to_json(record) if isinstance(record, Claim) else toll_to_json(record)


def document_to_json(doc: Document, *, with_text: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": doc.id,
        "content_hash": doc.content_hash,
        "title": doc.title,
        "outlet": doc.outlet,
        "url": doc.url,
        "published": _date(doc.published),
        "published_basis": doc.published_basis.value,
        "language": doc.language,
        "source": doc.source,
        "ingested_at": doc.ingested_at.isoformat() if doc.ingested_at else None,
    }
    if with_text:
        out["text"] = doc.text
    return out


def document_from_json(data: Mapping[str, Any]) -> Document:
    ingested = data.get("ingested_at")
    return Document(
        id=data["id"],
        content_hash=data["content_hash"],
        text=data.get("text", ""),
        title=data.get("title"),
        outlet=data.get("outlet"),
        url=data.get("url"),
        published=_parse_date(data.get("published")),
        published_basis=PublishedBasis(data.get("published_basis") or "none"),
        language=data.get("language") or "en",
        source=data.get("source"),
        ingested_at=dt.datetime.fromisoformat(ingested) if ingested else None,
    )


def _figure_to_json(f: EventFigure) -> dict[str, Any]:
    return {
        "claim_id": f.claim_id,
        "document_id": f.document_id,
        "claimant": f.claimant,
        "published": _date(f.published),
        "fatalities": fatalities_to_json(f.fatalities),
        "evidence": f.evidence,
    }


def event_to_json(
    event: Event, *, claims: Sequence[Claim] = (), figures: bool = True
) -> dict[str, Any]:
    """An event with its reconciled fields; ``claims`` (when given) listed with evidence;
    without ``figures``, no figure history (``figures`` left out)."""
    data: dict[str, Any] = {
        "event_id": event.id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date": _date(event.date),
        "date_window": _window(event.date_window),
        "date_precision": event.date_precision.value,
        "location": place_to_json(event.location),
        "actor1": event.actor1,
        "actor2": event.actor2,
        "assoc_actors": list(event.assoc_actors),
        "fatalities": fatalities_to_json(event.fatalities),
        "status": event.status.value,
        "number_of_sources": event.number_of_sources,
        "claimants": list(event.claimants),
        "claim_ids": list(event.claim_ids),
        "document_ids": list(event.document_ids),
        "figures": [_figure_to_json(f) for f in event.figures] if figures else None,
        "notes": event.notes,
        "claims": [
            {
                "claim_id": c.id,
                "document_id": c.document_id,
                "claimants": list(c.claimants),
                "fatalities": fatalities_to_json(c.fatalities),
                "date": _date(c.date),
                "location": c.location.name if c.location else None,
                "evidence": _spans(c.evidence),
            }
            for c in claims
        ],
    }
    if not figures:
        del data["figures"]
    return data


def event_json_without_figures(data: Mapping[str, Any]) -> dict[str, Any]:
    """``event_to_json(event, figures=False)`` of the event whose ``event_to_json(event)`` is
    ``data`` (as a store keeps it), without building the event: what lists of events show,
    at a fraction of the cost of :func:`event_from_json` and back."""
    return {k: v for k, v in data.items() if k != "figures"}


def event_from_json(data: Mapping[str, Any]) -> Event:
    return Event(
        id=data["event_id"],
        event_type=data["event_type"],
        sub_event_type=data["sub_event_type"],
        date=_parse_date(data.get("date")),
        date_window=_parse_window(data.get("date_window")),
        date_precision=DatePrecision(data["date_precision"]),
        location=place_from_json(data.get("location")),
        actor1=data.get("actor1"),
        actor2=data.get("actor2"),
        assoc_actors=tuple(data.get("assoc_actors") or ()),
        fatalities=fatalities_from_json(data.get("fatalities")),
        claim_ids=tuple(data.get("claim_ids") or ()),
        document_ids=tuple(data.get("document_ids") or ()),
        claimants=tuple(data.get("claimants") or ()),
        figures=tuple(
            EventFigure(
                claim_id=f["claim_id"],
                document_id=f["document_id"],
                claimant=f.get("claimant"),
                published=_parse_date(f.get("published")),
                fatalities=fatalities_from_json(f["fatalities"])
                or Fatalities(low=0, best=0, high=0),
                evidence=f.get("evidence") or "",
            )
            for f in data.get("figures") or ()
        ),
        status=ReviewStatus(data.get("status") or "unreviewed"),
        notes=data.get("notes") or "",
    )
