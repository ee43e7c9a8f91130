"""Record factories for tests: a valid record by default, any field overridable.

    make_document(text="...")            id and content_hash follow from the text
    make_claim(id="c2", date=...)        a one-day battle claim in Deir ez-Zor city
    make_event(claim_ids=("c1", "c2"))   the event such claims make
    make_place(name="Raqqa", ...)
    make_toll(...)

The report text is written for these tests; nothing is copied from real reports.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

from observatory.records import (
    Claim,
    DateBasis,
    DatePrecision,
    Document,
    Event,
    EventFigure,
    Fatalities,
    GeoPrecision,
    Place,
    PublishedBasis,
    Span,
    StageVersion,
    Toll,
)

__all__ = ["make_claim", "make_document", "make_event", "make_place", "make_toll"]

DEFAULT_TEXT = (
    "Five fighters were killed on Tuesday when government forces clashed with Islamic State"
    " militants on the edge of Deir ez-Zor city, a monitoring group said."
)
ACTOR_GOVERNMENT = "Military Forces of Syria"
ACTOR_IS = "Islamic State"
CLAIMANT = "Syrian Observatory for Human Rights"


def content_hash(text: str) -> str:
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def make_document(text: str = DEFAULT_TEXT, **overrides: Any) -> Document:
    digest = overrides.pop("content_hash", None) or content_hash(text)
    values: dict[str, Any] = {
        "id": overrides.pop("id", None) or digest[:16],
        "content_hash": digest,
        "text": text,
        "title": "Clashes on the edge of Deir ez-Zor",
        "outlet": CLAIMANT,
        "url": None,
        "published": dt.date(2016, 5, 4),
        "published_basis": PublishedBasis.METADATA,
        "language": "en",
        "source": "tests",
        "ingested_at": None,
    }
    values.update(overrides)
    return Document(**values)


def make_place(**overrides: Any) -> Place:
    values: dict[str, Any] = {
        "name": "Deir ez-Zor",
        "country": "SY",
        "admin1": "Deir ez-Zor",
        "admin2": "Deir ez-Zor",
        "latitude": 35.3359,
        "longitude": 40.1408,
        "geo_precision": GeoPrecision.TOWN,
        "gazetteer_id": "geonames:170794",
        "feature": "city",
    }
    values.update(overrides)
    return Place(**values)


def make_claim(**overrides: Any) -> Claim:
    values: dict[str, Any] = {
        "id": "c1",
        "document_id": "d1",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date": dt.date(2016, 5, 3),
        "date_window": None,
        "date_precision": DatePrecision.DAY,
        "date_basis": DateBasis.RELATIVE,
        "location": make_place(),
        "actor1": ACTOR_GOVERNMENT,
        "actor2": ACTOR_IS,
        "assoc_actors": (),
        "fatalities": Fatalities(low=5, best=5, high=5),
        "claimants": (CLAIMANT,),
        "evidence": (Span(start=0, end=26, text=DEFAULT_TEXT[:26], role="fatalities"),),
        "notes": "Government forces clashed with IS near Deir ez-Zor; 5 killed.",
        "published": dt.date(2016, 5, 4),
        "stages": (StageVersion(name="extract.rules", version="1"),),
    }
    values.update(overrides)
    return Claim(**values)


def make_toll(**overrides: Any) -> Toll:
    values: dict[str, Any] = {
        "id": "t1",
        "document_id": "d1",
        "scope": make_place(name="Syria", admin1=None, admin2=None, geo_precision=4),
        "date_window": (dt.date(2016, 5, 3), dt.date(2016, 5, 3)),
        "date_precision": DatePrecision.DAY,
        "date_basis": DateBasis.RELATIVE,
        "deaths": Fatalities(low=120, best=120, high=120),
        "claimants": (CLAIMANT,),
        "notes": "120 killed across the country on Tuesday.",
        "published": dt.date(2016, 5, 4),
    }
    values.update(overrides)
    return Toll(**values)


def make_event(**overrides: Any) -> Event:
    fatalities = overrides.get("fatalities", Fatalities(low=5, best=5, high=5))
    values: dict[str, Any] = {
        "id": "e1",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date": dt.date(2016, 5, 3),
        "date_window": None,
        "date_precision": DatePrecision.DAY,
        "location": make_place(),
        "actor1": ACTOR_GOVERNMENT,
        "actor2": ACTOR_IS,
        "assoc_actors": (),
        "fatalities": fatalities,
        "claim_ids": ("c1",),
        "document_ids": ("d1",),
        "claimants": (CLAIMANT,),
        "figures": (
            EventFigure(
                claim_id="c1",
                document_id="d1",
                claimant=CLAIMANT,
                published=dt.date(2016, 5, 4),
                fatalities=fatalities or Fatalities(low=0, best=0, high=0),
                evidence=DEFAULT_TEXT[:26],
            ),
        ),
        "notes": "Government forces clashed with IS near Deir ez-Zor; 5 killed.",
    }
    values.update(overrides)
    return Event(**values)


def replace(record: Any, **changes: Any) -> Any:
    """``dataclasses.replace`` for any record."""
    return dataclasses.replace(record, **changes)
