"""Exports: each format read back with an independent reader, every event kept."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from factories import make_claim, make_document, make_event, make_place
from observatory.export import ACLED_COLUMNS, UCDP_COLUMNS, ExportFormat, export_events
from observatory.records import (
    DatePrecision,
    Event,
    Fatalities,
    GeoPrecision,
    SideCount,
)

EXPORTED_AT = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,iso,region,country,admin1,"
    "admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,"
    "fatalities,timestamp"
)


@dataclass(frozen=True, slots=True)
class FakeInfo:
    acled_name: str
    inter: int


ACTOR_INFO = MappingProxyType(
    {
        "Military Forces of Syria": FakeInfo("Military Forces of Syria (2000-)", 1),
        "Islamic State": FakeInfo("Islamic State (Iraq and the Levant)", 2),
        "Syrian Democratic Forces": FakeInfo("SDF: Syrian Democratic Forces", 2),
        "Military Forces of Russia": FakeInfo("Military Forces of Russia (2000-)", 8),
        "Civilians": FakeInfo("Civilians (Syria)", 7),
    }
)


class FakeActors:
    def info(self, canonical: str) -> FakeInfo | None:
        return ACTOR_INFO.get(canonical)


def _events() -> list[Event]:
    return [
        make_event(id="e1", document_ids=("d1", "d2"), claim_ids=("c1", "c2")),
        make_event(
            id="e2",
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            date=None,
            date_window=(dt.date(2016, 6, 1), dt.date(2016, 6, 30)),
            date_precision=DatePrecision.MONTH,
            location=make_place(name="Raqqa", admin1="Ar-Raqqa", latitude=35.95, longitude=39.01),
            actor1="Military Forces of Russia",
            actor2="Civilians",
            fatalities=Fatalities(low=9, best=None, high=None),
            claim_ids=("c3",),
            document_ids=("d2",),
            notes="Air strike on a market in Raqqa; at least 9 civilians killed.",
        ),
        make_event(
            id="e3",
            location=None,
            actor2=None,
            fatalities=None,
            claim_ids=(),
            document_ids=(),
            claimants=(),
            figures=(),
            notes='A "quoted", comma-laden\nnote',
        ),
    ]


def _context() -> dict[str, Any]:
    return {
        "claims": {c.id: c for c in (make_claim(id="c1"), make_claim(id="c2", document_id="d2"))},
        "documents": {
            "d1": make_document("Report one.", id="d1"),
            "d2": make_document("Report two.", id="d2", outlet="SANA", title="Strike in Raqqa"),
        },
        "actors": FakeActors(),
        "exported_at": EXPORTED_AT,
    }


def _export(fmt: ExportFormat, events: list[Event] | None = None, **kwargs: Any) -> bytes:
    buffer = io.BytesIO()
    n = export_events(
        _events() if events is None else events, format=fmt, out=buffer, **_context(), **kwargs
    )
    assert n == len(_events() if events is None else events)
    return buffer.getvalue()


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


# ---------------------------------------------------------------------- every format
def _read_ids(fmt: ExportFormat, data: bytes) -> list[str]:
    if fmt is ExportFormat.ACLED_CSV:
        return [row["notes"] for row in _csv(data)]
    if fmt is ExportFormat.UCDP_CSV:
        return [row["id"] for row in _csv(data)]
    if fmt is ExportFormat.GEOJSON:
        return [f["id"] for f in json.loads(data)["features"]]
    if fmt is ExportFormat.PARQUET:
        return [str(x) for x in pq.read_table(io.BytesIO(data)).column("event_id").to_pylist()]
    return [json.loads(line)["event_id"] for line in data.decode("utf-8").splitlines()]


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_event_is_kept(fmt: ExportFormat) -> None:
    ids = _read_ids(fmt, _export(fmt))
    assert len(ids) == len(set(ids)) == len(_events())


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_no_events_is_a_valid_empty_file(fmt: ExportFormat) -> None:
    assert _read_ids(fmt, _export(fmt, events=[])) == []


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_file_target_is_written_whole(tmp_path: Path, fmt: ExportFormat) -> None:
    out = tmp_path / f"events.{fmt.value}"
    assert export_events(_events(), format=fmt, out=out, **_context()) == 3
    assert len(_read_ids(fmt, out.read_bytes())) == 3
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_failed_export_leaves_no_file(tmp_path: Path) -> None:
    def broken() -> Iterator[Event]:
        yield _events()[0]
        raise RuntimeError("store went away")

    out = tmp_path / "events.csv"
    with pytest.raises(RuntimeError):
        export_events(broken(), format=ExportFormat.ACLED_CSV, out=out, **_context())
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------- ACLED
def test_acled_columns_are_acleds() -> None:
    assert ",".join(ACLED_COLUMNS) == ACLED_HEADER
    header = _export(ExportFormat.ACLED_CSV).decode("utf-8").splitlines()[0]
    assert header == ACLED_HEADER


def test_acled_row_values() -> None:
    rows = _csv(_export(ExportFormat.ACLED_CSV))
    battle, strike, bare = rows
    assert battle["event_id_cnty"].startswith("SYR") and battle["event_id_cnty"][3:].isdigit()
    assert battle["event_date"] == "2016-05-03" and battle["year"] == "2016"
    assert battle["time_precision"] == "1"
    assert battle["actor1"] == "Military Forces of Syria (2000-)"
    assert (battle["inter1"], battle["inter2"], battle["interaction"]) == ("1", "2", "12")
    assert (battle["iso"], battle["region"], battle["country"]) == ("760", "Middle East", "Syria")
    assert (battle["admin1"], battle["location"]) == ("Deir ez-Zor", "Deir ez-Zor")
    assert float(battle["latitude"]) == pytest.approx(35.3359)
    assert battle["geo_precision"] == "1"
    assert battle["source"] == "Syrian Observatory for Human Rights; SANA"
    assert battle["source_scale"] == "National"
    assert battle["fatalities"] == "5"
    assert battle["timestamp"] == str(int(EXPORTED_AT.timestamp()))

    assert strike["event_date"] == "2016-06-01" and strike["time_precision"] == "3"
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == ("8", "7", "78")
    assert strike["fatalities"] == "9"  # best unknown: the low figure

    assert bare["notes"] == 'A "quoted", comma-laden\nnote'
    assert (bare["inter2"], bare["interaction"], bare["fatalities"]) == ("0", "10", "0")
    assert bare["latitude"] == bare["location"] == ""


@pytest.mark.parametrize(
    ("country", "iso", "name"),
    [
        ("SY", "760", "Syria"),
        ("Syria", "760", "Syria"),
        ("TR", "792", "Turkey"),
        ("IQ", "368", "Iraq"),
    ],
)
def test_acled_country_columns(country: str, iso: str, name: str) -> None:
    event = make_event(location=make_place(country=country))
    (row,) = _csv(_export(ExportFormat.ACLED_CSV, events=[event]))
    assert (row["iso"], row["country"], row["region"]) == (iso, name, "Middle East")


def test_acled_geo_precision_stops_at_3() -> None:
    event = make_event(location=make_place(geo_precision=GeoPrecision.COUNTRY))
    (row,) = _csv(_export(ExportFormat.ACLED_CSV, events=[event]))
    assert row["geo_precision"] == "3"


def test_event_ids_are_stable() -> None:
    first = _csv(_export(ExportFormat.ACLED_CSV))
    second = _csv(_export(ExportFormat.ACLED_CSV))
    assert [r["event_id_cnty"] for r in first] == [r["event_id_cnty"] for r in second]


def test_without_an_actor_table_canonical_names_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "observatory.actors", None)  # import fails
    context = _context() | {"actors": None}
    buffer = io.BytesIO()
    export_events(_events()[:1], format=ExportFormat.ACLED_CSV, out=buffer, **context)
    (row,) = _csv(buffer.getvalue())
    assert (row["actor1"], row["inter1"], row["interaction"]) == (
        "Military Forces of Syria",
        "0",
        "0",
    )


# ---------------------------------------------------------------------- UCDP
def test_ucdp_columns() -> None:
    header = _export(ExportFormat.UCDP_CSV).decode("utf-8").splitlines()[0]
    assert header.split(",") == list(UCDP_COLUMNS)


def test_ucdp_row_values() -> None:
    battle, strike, bare = _csv(_export(ExportFormat.UCDP_CSV))
    assert battle["type_of_violence"] == "1"
    assert battle["side_a"] == "Military Forces of Syria (2000-)"
    assert (battle["country"], battle["country_id"], battle["region"]) == (
        "Syria",
        "652",
        "Middle East",
    )
    assert (battle["date_prec"], battle["date_start"], battle["date_end"]) == (
        "1",
        "2016-05-03",
        "2016-05-03",
    )
    assert (battle["low"], battle["best"], battle["high"]) == ("5", "5", "5")
    assert battle["deaths_unknown"] == "5"
    assert battle["number_of_sources"] == "2"
    assert battle["source_office"] == "Syrian Observatory for Human Rights;SANA"
    assert battle["source_date"] == "2016-05-04;2016-05-04"
    assert battle["geom_wkt"] == "POINT (40.1408 35.3359)"
    assert strike["type_of_violence"] == "3"
    assert (strike["side_a"], strike["side_b"]) == (
        "Military Forces of Russia (2000-)",
        "Civilians (Syria)",
    )
    assert (strike["deaths_civilians"], strike["high"]) == ("9", "9")
    assert (strike["date_prec"], strike["date_end"]) == ("4", "2016-06-30")
    assert bare["where_prec"] == bare["latitude"] == ""


@pytest.mark.parametrize(
    ("event_type", "actor1", "actor2", "expected"),
    [
        ("Battles", "Military Forces of Syria", "Islamic State", "1"),
        ("Battles", "Islamic State", "Military Forces of Syria", "1"),
        ("Battles", "Islamic State", "Syrian Democratic Forces", "2"),
        ("Explosions/Remote violence", "Military Forces of Russia", "Islamic State", "1"),
        ("Violence against civilians", "Islamic State", None, "3"),
        ("Explosions/Remote violence", "Islamic State", "Civilians", "3"),
        ("Protests", "Protesters", None, ""),
    ],
)
def test_ucdp_type_of_violence(
    event_type: str, actor1: str, actor2: str | None, expected: str
) -> None:
    event = make_event(event_type=event_type, actor1=actor1, actor2=actor2)
    (row,) = _csv(_export(ExportFormat.UCDP_CSV, events=[event]))
    assert row["type_of_violence"] == expected
    if expected == "1":
        assert row["side_a"] == "Military Forces of Syria (2000-)" or "Russia" in row["side_a"]


@pytest.mark.parametrize(
    ("precision", "where_prec"),
    [
        (GeoPrecision.TOWN, "1"),
        (GeoPrecision.NEAR, "2"),
        (GeoPrecision.REGION, "4"),
        (GeoPrecision.COUNTRY, "6"),
    ],
)
def test_ucdp_where_prec(precision: GeoPrecision, where_prec: str) -> None:
    event = make_event(location=make_place(geo_precision=precision))
    (row,) = _csv(_export(ExportFormat.UCDP_CSV, events=[event]))
    assert row["where_prec"] == where_prec


@pytest.mark.parametrize(
    ("precision", "window", "date_prec"),
    [
        (DatePrecision.DAY, None, "1"),
        (DatePrecision.WEEK, (dt.date(2016, 5, 1), dt.date(2016, 5, 7)), "3"),
        (DatePrecision.RANGE, (dt.date(2016, 5, 1), dt.date(2016, 5, 3)), "2"),
        (DatePrecision.RANGE, (dt.date(2016, 5, 1), dt.date(2016, 5, 20)), "4"),
        (DatePrecision.RANGE, (dt.date(2016, 1, 1), dt.date(2016, 12, 31)), "5"),
        (DatePrecision.UNKNOWN, None, "5"),
    ],
)
def test_ucdp_date_prec(
    precision: DatePrecision, window: tuple[dt.date, dt.date] | None, date_prec: str
) -> None:
    event = make_event(date_precision=precision, date_window=window)
    (row,) = _csv(_export(ExportFormat.UCDP_CSV, events=[event]))
    assert row["date_prec"] == date_prec


def test_ucdp_deaths_by_side() -> None:
    fatalities = Fatalities(
        low=9,
        best=10,
        high=12,
        by_side=(
            SideCount(side="Islamic State", low=5, high=5),
            SideCount(side="Military Forces of Syria", low=2, high=2),
            SideCount(side="civilians", low=1, high=1),
        ),
    )
    (row,) = _csv(_export(ExportFormat.UCDP_CSV, events=[make_event(fatalities=fatalities)]))
    assert (row["deaths_a"], row["deaths_b"], row["deaths_civilians"], row["deaths_unknown"]) == (
        "2",
        "5",
        "1",
        "2",
    )


# ---------------------------------------------------------------------- GeoJSON, Parquet, JSONL
def test_geojson() -> None:
    data = json.loads(_export(ExportFormat.GEOJSON))
    assert data["type"] == "FeatureCollection"
    first, _, bare = data["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [40.1408, 35.3359]}
    assert first["properties"]["event_type"] == "Battles"
    assert [c["claim_id"] for c in first["properties"]["claims"]] == ["c1", "c2"]
    assert bare["geometry"] is None


def test_parquet_schema_and_values() -> None:
    table = pq.read_table(io.BytesIO(_export(ExportFormat.PARQUET)))
    assert table.schema.field("date").type == pa.date32()
    assert table.schema.field("latitude").type == pa.float64()
    assert table.schema.field("assoc_actors").type == pa.list_(pa.string())
    rows = table.to_pylist()
    assert rows[0]["date"] == dt.date(2016, 5, 3)
    assert rows[0]["location_name"] == "Deir ez-Zor"
    assert rows[0]["inter1"] == 1
    assert rows[1]["fatalities_best"] is None and rows[1]["date_end"] == dt.date(2016, 6, 30)
    assert rows[2]["latitude"] is None and rows[2]["fatalities_low"] is None


def test_jsonl_lines_carry_their_claims() -> None:
    lines = [json.loads(x) for x in _export(ExportFormat.JSONL).decode("utf-8").splitlines()]
    assert [x["event_id"] for x in lines] == ["e1", "e2", "e3"]
    assert [c["claim_id"] for c in lines[0]["claims"]] == ["c1", "c2"]
    assert lines[1]["claims"] == []  # c3 not supplied
