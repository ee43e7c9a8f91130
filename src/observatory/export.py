"""Events out, in the formats the field already uses.

- ``acled-csv``: ACLED's columns, names and order (``ACLED_COLUMNS``), numeric inter codes.
- ``ucdp-csv``: the UCDP GED columns Observatory can fill (``UCDP_COLUMNS``).
- ``geojson``: a FeatureCollection; events without coordinates have ``geometry: null``.
- ``parquet``: one typed row per event, the location flattened (``PARQUET_SCHEMA``).
- ``jsonl``: :func:`observatory.serialize.event_to_json` per line, with the event's claims.

:func:`export_events` streams: it reads ``events`` once and returns the rows written. A file
target is written beside its final name and moved into place, so a failed export leaves no
half-written file.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import importlib
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, BinaryIO, Protocol

from observatory import serialize
from observatory.records import Claim, DatePrecision, Document, Event, GeoPrecision, Place

__all__ = [
    "ACLED_COLUMNS",
    "UCDP_COLUMNS",
    "ActorInfoLike",
    "ActorLookup",
    "ExportFormat",
    "export_events",
    "geojson_point",
]


class ExportFormat(StrEnum):
    ACLED_CSV = "acled-csv"
    UCDP_CSV = "ucdp-csv"
    GEOJSON = "geojson"
    PARQUET = "parquet"
    JSONL = "jsonl"

    @property
    def is_binary(self) -> bool:
        return self is ExportFormat.PARQUET


class ActorInfoLike(Protocol):
    """What an export needs to know about an actor."""

    @property
    def acled_name(self) -> str: ...

    @property
    def inter(self) -> int: ...


class ActorLookup(Protocol):
    """Anything that maps a canonical actor name to its ACLED name and inter code."""

    def info(self, canonical: str) -> ActorInfoLike | None: ...


ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
)

UCDP_COLUMNS: tuple[str, ...] = (
    "id",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "country",
    "country_id",
    "region",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "low",
    "best",
    "high",
)

# ACLED's inter codes.
INTER_STATE = 1
INTER_CIVILIANS = 7
INTER_EXTERNAL = 8

# Facts about the countries of the region that pycountry does not carry the ACLED/UCDP way.
_ACLED_COUNTRY_NAMES = {"TR": "Turkey", "PS": "Palestine", "RU": "Russia", "IR": "Iran"}
_MIDDLE_EAST = frozenset(
    {"AE", "BH", "CY", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "YE"}
)
_GW_CODES = {"SY": 652, "IQ": 645, "TR": 640, "LB": 660, "JO": 663, "IL": 666, "IR": 630}
_SOURCE_SCALES = {
    "syrian observatory for human rights": "National",
    "sohr": "National",
    "sana": "National",
    "syrian arab news agency": "National",
    "syrian network for human rights": "National",
    "snhr": "National",
    "white helmets": "National",
    "syria civil defence": "National",
    "reuters": "International",
    "afp": "International",
    "agence france-presse": "International",
    "associated press": "International",
    "ap": "International",
    "al jazeera": "International",
    "bbc": "International",
    "anadolu agency": "Regional",
    "rudaw": "Regional",
}
_SCALE_ORDER = (
    "New media",
    "Local partner",
    "Subnational",
    "National",
    "Regional",
    "International",
)
_UCDP_WHERE_PREC = {
    GeoPrecision.TOWN: 1,
    GeoPrecision.NEAR: 2,
    GeoPrecision.REGION: 4,
    GeoPrecision.COUNTRY: 6,
}
_VIOLENT_TYPES = frozenset({"battles", "explosions/remote violence", "violence against civilians"})


# ---------------------------------------------------------------------------- helpers
@dataclass(frozen=True, slots=True, kw_only=True)
class _Actor:
    name: str
    inter: int


@dataclass(frozen=True, slots=True, kw_only=True)
class _Context:
    """Everything a row builder needs besides the event."""

    claims: Mapping[str, Claim]
    documents: Mapping[str, Document]
    actors: ActorLookup | None
    default_country: str
    timestamp: int

    def actor(self, canonical: str | None) -> _Actor:
        if not canonical:
            return _Actor(name="", inter=0)
        info = self.actors.info(canonical) if self.actors is not None else None
        if info is None:
            return _Actor(name=canonical, inter=0)
        return _Actor(name=info.acled_name or canonical, inter=int(info.inter))

    def event_documents(self, event: Event) -> list[Document]:
        return [self.documents[d] for d in event.document_ids if d in self.documents]

    def event_claims(self, event: Event) -> list[Claim]:
        return [self.claims[c] for c in event.claim_ids if c in self.claims]


def _default_actors() -> ActorLookup | None:
    # Imported at call time: exports work (with canonical names, inter 0) without it.
    try:
        module = importlib.import_module("observatory.actors")
    except ImportError:
        return None
    actor_table = getattr(module, "ActorTable", None)
    if actor_table is None:
        return None
    table: ActorLookup = actor_table.default()
    return table


def _stable_number(event_id: str) -> int:
    return int(hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:10], 16)


def _country_code(event: Event, default: str) -> str:
    """The event's ISO alpha-2 country code (places may carry a code or a name)."""
    given = event.location.country if event.location and event.location.country else default
    import pycountry

    try:
        return str(pycountry.countries.lookup(given.strip()).alpha_2)
    except LookupError:
        return given.strip().upper()


def _country_facts(code: str) -> tuple[str, str, int | None]:
    """(alpha-3, name as ACLED spells it, ISO numeric) of an alpha-2 code."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if country is None:
        return code, code, None
    name = _ACLED_COUNTRY_NAMES.get(code) or getattr(country, "common_name", None) or country.name
    return str(country.alpha_3), str(name), int(country.numeric)


def _region(code: str) -> str:
    return "Middle East" if code in _MIDDLE_EAST else ""


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            out.append(item.strip())
    return out


def _event_bounds(event: Event) -> tuple[dt.date | None, dt.date | None]:
    if event.date_window is not None:
        return event.date_window
    return event.date, event.date


def _event_day(event: Event) -> dt.date | None:
    return event.date or (event.date_window[0] if event.date_window else None)


def _window_days(event: Event) -> int | None:
    first, last = _event_bounds(event)
    if first is None or last is None:
        return None
    return (last - first).days + 1


def _acled_time_precision(event: Event) -> int:
    if event.date_precision is DatePrecision.DAY:
        return 1
    if event.date_precision is DatePrecision.WEEK:
        return 2
    if event.date_precision is DatePrecision.RANGE:
        days = _window_days(event)
        if days is not None and days <= 7:
            return 2
    return 3


def _ucdp_date_prec(event: Event) -> int:
    if event.date_precision is DatePrecision.DAY:
        return 1
    if event.date_precision is DatePrecision.WEEK:
        return 3
    if event.date_precision is DatePrecision.MONTH:
        return 4
    days = _window_days(event) if event.date_precision is DatePrecision.RANGE else None
    if days is None:
        return 5
    if days <= 1:
        return 1
    if days <= 6:
        return 2
    if days <= 7:
        return 3
    return 4 if days <= 31 else 5


def _interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two inter codes, lower first (``10`` for one actor)."""
    if inter1 and inter2:
        return min(inter1, inter2) * 10 + max(inter1, inter2)
    return (inter1 or inter2) * 10


def _deaths(event: Event) -> tuple[int, int, int]:
    """(low, best, high) with best and high filled in (0 when unknown)."""
    f = event.fatalities
    if f is None:
        return 0, 0, 0
    best = f.best if f.best is not None else f.low
    high = f.high if f.high is not None else best
    return f.low, best, high


def _sources(event: Event, ctx: _Context) -> list[str]:
    return _dedupe([*event.claimants, *(d.outlet or "" for d in ctx.event_documents(event))])


def _source_scale(sources: Sequence[str]) -> str:
    scales = {_SOURCE_SCALES[s.casefold()] for s in sources if s.casefold() in _SOURCE_SCALES}
    if not scales:
        return "Other" if sources else ""
    return "-".join(s for s in _SCALE_ORDER if s in scales)


def _num(value: float | None) -> str:
    return "" if value is None else repr(float(value))


# ---------------------------------------------------------------------------- rows
def _acled_row(event: Event, ctx: _Context) -> dict[str, Any]:
    code = _country_code(event, ctx.default_country)
    alpha3, country, numeric = _country_facts(code)
    actor1, actor2 = ctx.actor(event.actor1), ctx.actor(event.actor2)
    day = _event_day(event)
    place = event.location
    sources = _sources(event, ctx)
    _, best, _ = _deaths(event)
    return {
        "event_id_cnty": f"{alpha3}{_stable_number(event.id)}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": _acled_time_precision(event),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": actor1.name,
        "assoc_actor_1": "; ".join(ctx.actor(a).name for a in event.assoc_actors),
        "inter1": actor1.inter,
        "actor2": actor2.name,
        "assoc_actor_2": "",
        "inter2": actor2.inter,
        "interaction": _interaction(actor1.inter, actor2.inter),
        "iso": numeric if numeric is not None else "",
        "region": _region(code),
        "country": country,
        "admin1": (place.admin1 if place else None) or "",
        "admin2": (place.admin2 if place else None) or "",
        "admin3": "",
        "location": place.name if place else "",
        "latitude": _num(place.latitude if place else None),
        "longitude": _num(place.longitude if place else None),
        # ACLED's codes stop at 3: a country-level place is coded 3, like a region.
        "geo_precision": min(int(place.geo_precision), 3) if place else "",
        "source": "; ".join(sources),
        "source_scale": _source_scale(sources),
        "notes": event.notes,
        "fatalities": best,
        "timestamp": ctx.timestamp,
    }


def _type_of_violence(event: Event, a: _Actor, b: _Actor) -> int | None:
    """UCDP's 1 state-based, 2 non-state, 3 one-sided; None for non-violent event types."""
    kind = event.event_type.casefold()
    if kind not in _VIOLENT_TYPES:
        return None
    if kind == "violence against civilians" or INTER_CIVILIANS in (a.inter, b.inter):
        return 3
    if {a.inter, b.inter} & {INTER_STATE, INTER_EXTERNAL}:
        return 1
    return 2


def _ucdp_row(event: Event, ctx: _Context) -> dict[str, Any]:
    code = _country_code(event, ctx.default_country)
    _, country, _ = _country_facts(code)
    a, b = ctx.actor(event.actor1), ctx.actor(event.actor2)
    side_a_canonical, side_b_canonical = event.actor1, event.actor2
    violence = _type_of_violence(event, a, b)
    if violence == 1 and b.inter == INTER_STATE and a.inter != INTER_STATE:
        a, b = b, a  # the government is side A in state-based conflict
        side_a_canonical, side_b_canonical = side_b_canonical, side_a_canonical
    if violence == 3 and a.inter == INTER_CIVILIANS and b.inter != INTER_CIVILIANS:
        a, b = b, a  # the perpetrator is side A
        side_a_canonical, side_b_canonical = side_b_canonical, side_a_canonical
    low, best, high = _deaths(event)
    deaths_a = deaths_b = deaths_civilians = 0
    by_side = event.fatalities.by_side if event.fatalities else ()
    for side in by_side:
        if "civilian" in side.side.casefold() or ctx.actor(side.side).inter == INTER_CIVILIANS:
            deaths_civilians += side.low
        elif side_a_canonical and side.side == side_a_canonical:
            deaths_a += side.low
        elif side_b_canonical and side.side == side_b_canonical:
            deaths_b += side.low
    if not by_side and violence == 3:
        deaths_civilians = best  # one-sided violence: the dead are the civilians
    deaths_unknown = max(best - deaths_a - deaths_b - deaths_civilians, 0)
    first, last = _event_bounds(event)
    day = _event_day(event)
    place = event.location
    docs = ctx.event_documents(event)
    lat = place.latitude if place else None
    lon = place.longitude if place else None
    return {
        "id": _stable_number(event.id),
        "year": day.year if day else "",
        "type_of_violence": violence if violence is not None else "",
        "side_a": a.name,
        "side_b": b.name or ("Civilians" if violence == 3 else ""),
        "number_of_sources": event.number_of_sources,
        "source_article": ";".join(
            f'"{d.outlet or ""},{d.published.isoformat() if d.published else ""},{d.title or ""}"'
            for d in docs
            if d.outlet or d.title
        ),
        "source_office": ";".join(_dedupe(d.outlet or "" for d in docs)),
        "source_date": ";".join(d.published.isoformat() for d in docs if d.published),
        "source_headline": ";".join(d.title for d in docs if d.title),
        "source_original": ";".join(_dedupe(event.claimants)),
        "where_prec": _UCDP_WHERE_PREC[place.geo_precision] if place else "",
        "where_coordinates": place.name if place else "",
        "adm_1": (place.admin1 if place else None) or "",
        "adm_2": (place.admin2 if place else None) or "",
        "latitude": _num(lat),
        "longitude": _num(lon),
        "geom_wkt": f"POINT ({lon!r} {lat!r})" if lat is not None and lon is not None else "",
        "country": country,
        "country_id": _GW_CODES.get(code, ""),
        "region": _region(code),
        "date_prec": _ucdp_date_prec(event),
        "date_start": first.isoformat() if first else "",
        "date_end": last.isoformat() if last else "",
        "deaths_a": deaths_a,
        "deaths_b": deaths_b,
        "deaths_civilians": deaths_civilians,
        "deaths_unknown": deaths_unknown,
        "low": low,
        "best": best,
        "high": high,
    }


# ---------------------------------------------------------------------------- writers
def _write_csv(
    events: Iterable[Event],
    out: IO[bytes],
    ctx: _Context,
    columns: Sequence[str],
    row: Callable[[Event, _Context], dict[str, Any]],
) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.DictWriter(text, fieldnames=list(columns))
        writer.writeheader()
        count = 0
        for event in events:
            writer.writerow(row(event, ctx))
            count += 1
        text.flush()
    finally:
        text.detach()
    return count


def _event_json(event: Event, ctx: _Context) -> dict[str, Any]:
    return serialize.event_to_json(event, claims=ctx.event_claims(event))


def _write_jsonl(events: Iterable[Event], out: IO[bytes], ctx: _Context) -> int:
    count = 0
    for event in events:
        line = json.dumps(_event_json(event, ctx), ensure_ascii=False)
        out.write(line.encode("utf-8") + b"\n")
        count += 1
    return count


def geojson_point(place: Place | None) -> dict[str, Any] | None:
    """A GeoJSON Point for a place with coordinates (None without)."""
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return {"type": "Point", "coordinates": [place.longitude, place.latitude]}


def _feature(event: Event, ctx: _Context) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": geojson_point(event.location),
        "properties": _event_json(event, ctx),
    }


def _write_geojson(events: Iterable[Event], out: IO[bytes], ctx: _Context) -> int:
    out.write(b'{"type": "FeatureCollection", "features": [')
    count = 0
    for event in events:
        out.write((",\n" if count else "\n").encode("utf-8"))
        out.write(json.dumps(_feature(event, ctx), ensure_ascii=False).encode("utf-8"))
        count += 1
    out.write(b"\n]}\n")
    return count


def _parquet_schema() -> Any:
    import pyarrow as pa

    strings = pa.list_(pa.string())
    return pa.schema(
        [
            ("event_id", pa.string()),
            ("event_type", pa.string()),
            ("sub_event_type", pa.string()),
            ("date", pa.date32()),
            ("date_start", pa.date32()),
            ("date_end", pa.date32()),
            ("date_precision", pa.string()),
            ("location_name", pa.string()),
            ("admin1", pa.string()),
            ("admin2", pa.string()),
            ("country", pa.string()),
            ("latitude", pa.float64()),
            ("longitude", pa.float64()),
            ("geo_precision", pa.int8()),
            ("gazetteer_id", pa.string()),
            ("actor1", pa.string()),
            ("actor2", pa.string()),
            ("assoc_actors", strings),
            ("inter1", pa.int8()),
            ("inter2", pa.int8()),
            ("fatalities_low", pa.int32()),
            ("fatalities_best", pa.int32()),
            ("fatalities_high", pa.int32()),
            ("status", pa.string()),
            ("number_of_sources", pa.int32()),
            ("claimants", strings),
            ("claim_ids", strings),
            ("document_ids", strings),
            ("notes", pa.string()),
        ]
    )


def _parquet_row(event: Event, ctx: _Context) -> dict[str, Any]:
    place = event.location
    first, last = _event_bounds(event)
    f = event.fatalities
    return {
        "event_id": event.id,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date": event.date,
        "date_start": first,
        "date_end": last,
        "date_precision": event.date_precision.value,
        "location_name": place.name if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "country": place.country if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": int(place.geo_precision) if place else None,
        "gazetteer_id": place.gazetteer_id if place else None,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "assoc_actors": list(event.assoc_actors),
        "inter1": ctx.actor(event.actor1).inter if event.actor1 else None,
        "inter2": ctx.actor(event.actor2).inter if event.actor2 else None,
        "fatalities_low": f.low if f else None,
        "fatalities_best": f.best if f else None,
        "fatalities_high": f.high if f else None,
        "status": event.status.value,
        "number_of_sources": event.number_of_sources,
        "claimants": list(event.claimants),
        "claim_ids": list(event.claim_ids),
        "document_ids": list(event.document_ids),
        "notes": event.notes,
    }


def _batches(events: Iterable[Event], size: int) -> Iterator[list[Event]]:
    batch: list[Event] = []
    for event in events:
        batch.append(event)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_parquet(events: Iterable[Event], out: IO[bytes], ctx: _Context) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in _batches(events, 10_000):
            table = pa.Table.from_pylist([_parquet_row(e, ctx) for e in batch], schema=schema)
            writer.write_table(table)
            count += len(batch)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


_WRITERS: dict[ExportFormat, Callable[[Iterable[Event], IO[bytes], _Context], int]] = {
    ExportFormat.ACLED_CSV: lambda e, o, c: _write_csv(e, o, c, ACLED_COLUMNS, _acled_row),
    ExportFormat.UCDP_CSV: lambda e, o, c: _write_csv(e, o, c, UCDP_COLUMNS, _ucdp_row),
    ExportFormat.GEOJSON: _write_geojson,
    ExportFormat.PARQUET: _write_parquet,
    ExportFormat.JSONL: _write_jsonl,
}


def export_events(
    events: Iterable[Event],
    *,
    format: ExportFormat,
    out: Path | BinaryIO,
    claims: Mapping[str, Claim] | None = None,
    documents: Mapping[str, Document] | None = None,
    actors: ActorLookup | None = None,
    default_country: str = "SY",
    exported_at: dt.datetime | None = None,
) -> int:
    """Write ``events`` to ``out`` (a path, or a binary stream) as ``format``; rows written.

    ``claims`` and ``documents`` (by id) supply evidence, outlets and headlines; ``actors``
    gives ACLED actor names and inter codes (default: the bundled actor table, if present).
    ``exported_at`` fixes ACLED's ``timestamp`` column (default: now).
    """
    ctx = _Context(
        claims=claims if claims is not None else {},
        documents=documents if documents is not None else {},
        actors=actors if actors is not None else _default_actors(),
        default_country=default_country,
        timestamp=int((exported_at or dt.datetime.now(dt.UTC)).timestamp()),
    )
    writer = _WRITERS[ExportFormat(format)]
    if not isinstance(out, Path):
        count = writer(events, out, ctx)
        out.flush()
        return count
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            count = writer(events, handle, ctx)
        os.replace(tmp_name, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return count
