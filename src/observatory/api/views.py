"""Records as the JSON the API returns (the shapes of :mod:`observatory.serialize`, plus
what a reader of the API needs beside them: versions, sentences, audit entries)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from starlette.responses import JSONResponse

from observatory import serialize
from observatory.records import AuditEntry, Claim, Document, Event, Link, Span, Toll
from observatory.store.base import MapCluster, TimelineBucket
from observatory.tally import TallyRow, TollLine

__all__ = [
    "FastJSONResponse",
    "audit_json",
    "claim_json",
    "cluster_json",
    "document_json",
    "event_json",
    "link_json",
    "sentence_around",
    "tally_json",
    "timeline_json",
    "toll_json",
    "toll_line_json",
]


class FastJSONResponse(JSONResponse):
    """JSON encoded by orjson (several times faster than the standard library on pages of
    events); the same JSON, compact and in UTF-8."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


_SENTENCE_END = re.compile(r"[.!?]\s+|\n\s*\n")
_CONTEXT = 400  # at most this many characters of context on each side of the evidence


def event_json(event: Event, *, version: int | None, brief: bool = False) -> dict[str, Any]:
    """The event as ``serialize.event_to_json`` gives it, with its version; ``brief`` (for
    lists) leaves out the figure history, which the one-event endpoint has."""
    data = serialize.event_to_json(event, figures=not brief)
    del data["claims"]
    data["version"] = version
    return data


def brief_event_json(data: dict[str, Any], *, version: int) -> dict[str, Any]:
    """``event_json(event, version=version, brief=True)`` from a page of
    :meth:`~observatory.store.base.Repository.event_page_json` (no event built)."""
    data.pop("claims", None)
    data["version"] = version
    return data


def sentence_around(text: str, spans: Sequence[Span]) -> dict[str, Any] | None:
    """The sentence(s) holding the spans: ``{start, end, text}`` in document offsets."""
    usable = [s for s in spans if 0 <= s.start <= s.end <= len(text)]
    if not usable:
        return None
    sentences = [s for s in usable if s.role == "sentence"]
    if sentences:
        start = min(s.start for s in sentences)
        end = max(s.end for s in sentences)
    else:
        first = min(s.start for s in usable)
        last = max(s.end for s in usable)
        start = max(0, first - _CONTEXT)
        for m in _SENTENCE_END.finditer(text, start, first):
            start = m.end()
        end = min(len(text), last + _CONTEXT)
        stop = _SENTENCE_END.search(text, last, end)
        if stop is not None:
            end = stop.start() + 1
    return {"start": start, "end": end, "text": text[start:end]}


def claim_json(claim: Claim, document: Document | None) -> dict[str, Any]:
    data = serialize.claim_to_json(claim)
    data["document"] = document_json(document, with_text=False) if document else None
    data["sentence"] = sentence_around(document.text, claim.evidence) if document else None
    return data


def document_json(document: Document, *, with_text: bool) -> dict[str, Any]:
    data = serialize.document_to_json(document, with_text=with_text)
    data["length"] = len(document.text)
    return data


def toll_json(toll: Toll, document: Document | None = None) -> dict[str, Any]:
    data = serialize.toll_to_json(toll)
    if document is not None:
        data["document"] = document_json(document, with_text=False)
        data["sentence"] = sentence_around(document.text, toll.evidence)
    return data


def link_json(link: Link) -> dict[str, Any]:
    return {
        "claim_id": link.claim_id,
        "event_id": link.event_id,
        "score": link.score,
        "features": dict(link.features),
        "manual": link.manual,
    }


def audit_json(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "who": entry.who,
        "action": entry.action,
        "event_ids": list(entry.event_ids),
        "claim_ids": list(entry.claim_ids),
        "value": entry.value,
        "reason": entry.reason,
    }


def cluster_json(c: MapCluster) -> dict[str, Any]:
    return {
        "latitude": c.latitude,
        "longitude": c.longitude,
        "bounds": [c.west, c.south, c.east, c.north],
        "events": c.events,
        "deaths": {"low": c.deaths_low, "best": c.deaths_best, "high": c.deaths_high},
        "event_id": c.event_id,
    }


def timeline_json(buckets: Iterable[TimelineBucket]) -> list[dict[str, Any]]:
    return [
        {
            "period": b.key,
            "events": b.events,
            "deaths": {"low": b.deaths_low, "best": b.deaths_best, "high": b.deaths_high},
        }
        for b in buckets
    ]


def tally_json(keys: Sequence[str], row: TallyRow) -> dict[str, Any]:
    out: dict[str, Any] = dict(zip(keys, row.key, strict=True))
    out.update(events=row.events, low=row.low, best=row.best, high=row.high)
    return out


def toll_line_json(line: TollLine) -> dict[str, Any]:
    return {
        "toll_id": line.toll_id,
        "document_id": line.document_id,
        "first": line.first,
        "last": line.last,
        "scope": line.scope,
        "claimants": list(line.claimants),
        "low": line.low,
        "best": line.best,
        "high": line.high,
        "subject": line.subject,
    }
