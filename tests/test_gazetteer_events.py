"""Gazetteer layers from event data: UCDP/ACLED reading, place names, merging, import-events.

The CSV fixtures are written here, with invented place names ("Zzubayr", "Qqarmala") so
that no real gazetteer entry can answer for them, and one real town (Kafr Nabl, written from
general knowledge) that the gazetteer already has.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from observatory.errors import GazetteerError
from observatory.gazetteer.build import build_gazetteer
from observatory.gazetteer.event_import import import_events
from observatory.gazetteer.events import (
    Admin1Names,
    EventLocation,
    acled_place_names,
    aggregate,
    country_code,
    in_holdout,
    read_event_file,
    ucdp_place_names,
)
from observatory.gazetteer.index import GazetteerIndex
from observatory.gazetteer.layers import (
    KnownPlace,
    bundled_layer_files,
    index_names,
    merge_layer,
    read_layer,
    write_layer,
)
from observatory.gazetteer.supplement import (
    District,
    bundled_district_files,
    bundled_supplement_files,
    read_districts,
    read_supplement,
)
from observatory.geocode import Geocoder
from observatory.settings import Settings

ACLED_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "acled-dev"
CANONICAL_ADMIN1 = {
    "Aleppo", "Damascus", "Rural Damascus", "Daraa", "Deir ez-Zor", "Hama", "Al-Hasakah",
    "Homs", "Idlib", "Latakia", "Quneitra", "Raqqa", "As-Suwayda", "Tartus",
}  # fmt: skip

UCDP_HEADER = [
    "id", "year", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude",
    "longitude", "country", "best",
]  # fmt: skip
UCDP_ROWS = [
    ["9001.0", "2016", "1.0", "Zzubayr al-Wadi village", "Hamah Governorate",
     "Mintaqat Markaz Hamah district", "35.2231", "36.8512", "Syria", "2"],
    ["9002.0", "2016", "2.0", "Zzubayr al-Wadi village", "Hamah Governorate",
     "Mintaqat Markaz Hamah district", "35.2231", "36.8512", "Syria", "1"],
    ["9003.0", "2016", "1.0", "Qqarmala/Qqurmul town", "Idlib Governorate",
     "Ariha district", "35.7410", "36.4102", "Syria", "3"],
    ["9004.0", "2017", "1.0", "Kafr Nabl town", "Idlib Governorate",
     "Maarat al-Numaan district", "35.6136", "36.5614", "Syria", "1"],
    ["9005.0", "2017", "4.0", "Idlib Governorate", "Idlib Governorate", "", "35.93",
     "36.63", "Syria", "5"],
    ["9006.0", "2017", "2.0", "Northern Hamah Governorate", "Hamah Governorate", "",
     "35.40", "36.70", "Syria", "1"],
    ["9007.0", "2017", "1.0", "Zzawiyat Tall town", "Homs Governorate", "", "north",
     "36.70", "Syria", "1"],
    ["9008.0", "2017", "1.0", "Qqasr Zzaytun Military Airbase (Q9)", "Homs Governorate",
     "Tadmur district", "34.6012", "38.1234", "Syria", "4"],
]  # fmt: skip

ACLED_HEADER = [
    "event_id_cnty", "event_date", "country", "iso", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "notes",
]  # fmt: skip
ACLED_ROWS = [
    ["SYR1", "2022-05-09", "Syria", "760", "Idlib", "Ariha", "Zzamaliq al-Fawqa", "35.7301",
     "36.3904", "1", "Invented note."],
    ["SYR2", "2022-05-10", "Syria", "760", "Idlib", "Ariha", "Zzamaliq al-Fawqa", "35.7322",
     "36.3911", "2", "Invented note."],
    ["KEN1", "2022-06-01", "Atlantis", "404", "Nairobi", "Westlands",
     "Nairobi - Zzkaroli Estate", "-1.2601", "36.8002", "1", "Invented note."],
    ["SYR3", "2022-05-11", "Syria", "760", "Idlib", "", "Idlib", "35.93", "36.63", "3",
     "Invented note."],
    ["SYR4", "2022-05-12", "Syria", "760", "Idlib", "Ariha", "Zzamaliq", "35.7301", "200",
     "1", "Invented note."],
]  # fmt: skip


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def ucdp_csv(tmp_path: Path) -> Path:
    return _write_csv(tmp_path / "ged.csv", UCDP_HEADER, UCDP_ROWS)


@pytest.fixture
def acled_csv(tmp_path: Path) -> Path:
    return _write_csv(tmp_path / "acled.csv", ACLED_HEADER, ACLED_ROWS)


@pytest.fixture(scope="module")
def admin1_names() -> Admin1Names:
    return Admin1Names(e for f in bundled_supplement_files() for e in read_supplement(f))


@pytest.fixture(scope="module")
def districts() -> list[District]:
    return [d for f in bundled_district_files() for d in read_districts(f)]


@pytest.fixture
def index_copy(settings: Settings, tmp_path: Path) -> Path:
    """A private copy of the session's gazetteer index (imports change it)."""
    GazetteerIndex.open(settings.gazetteer_path).close()
    copy = tmp_path / "gazetteer.sqlite"
    copy.write_bytes(Path(settings.gazetteer_path).read_bytes())
    return copy


# -- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "names", "feature"),
    [
        ("Zzubayr al-Wadi village", ("Zzubayr al-Wadi",), "village"),
        ("Qqarmala/Qqurmul town", ("Qqarmala", "Qqurmul"), "town"),
        ("Qqarmala town (Qqara Tepe)", ("Qqarmala", "Qqara Tepe"), "town"),
        ("Zzahra suburb", ("Zzahra",), "neighbourhood"),
        ("Western Qqarmala village", ("Western Qqarmala",), "village"),
        ("Qqasr Military Airbase (Q9)", ("Qqasr Military Airbase", "Q9"), "airbase"),
        ("Zzubayr farms (Qqarmala)", ("Zzubayr farms",), "farm"),
        ("Tall Zzubayr hill", ("Tall Zzubayr hill", "Tall Zzubayr"), "mountain"),
        (
            "Qqar/Zzur Military Airbase",
            ("Qqar Military Airbase", "Zzur Military Airbase"),
            "airbase",
        ),
        ("Qqarmala gas field", ("Qqarmala gas field",), "oilfield"),
        ("Zzubayr border crossing", ("Zzubayr border crossing",), "border-crossing"),
        ("Jabal Zzubayr", ("Jabal Zzubayr",), "mountain"),
        ("Tall Qqarmala", ("Tall Qqarmala",), "place"),
    ],
)
def test_ucdp_place_names(where: str, names: tuple[str, ...], feature: str) -> None:
    assert ucdp_place_names(where) == (names, feature)


@pytest.mark.parametrize(
    "where",
    [
        "Northern Qqarmala Governorate",
        "Eastern Zzubayr",
        "Road between Qqarmala and Zzubayr",
        "Qqarmala-Zzubayr road",
        "Qqarmala – Zzubayr road in the countryside of Hama",
        "Euphrates river near Qqarmala",
        "14th Armoured Brigade",
        "area between Qqarmala district and Zzubayr district",
        "Syria",
        "Water works/pumping station",
    ],
)
def test_ucdp_descriptions_are_not_places(where: str) -> None:
    assert ucdp_place_names(where) is None


@pytest.mark.parametrize(
    ("location", "names", "feature"),
    [
        ("Zzubayr", ("Zzubayr",), "place"),
        ("Qqarmala - Bab Zzahra", ("Qqarmala - Bab Zzahra", "Bab Zzahra"), "neighbourhood"),
        ("Qqarmala - Central", ("Qqarmala - Central",), "neighbourhood"),
        ("Zzubayr (East)", ("Zzubayr (East)", "Zzubayr"), "place"),
        ("Mobile", ("Mobile",), "place"),
    ],
)
def test_acled_place_names(location: str, names: tuple[str, ...], feature: str) -> None:
    assert acled_place_names(location) == (names, feature)


@pytest.mark.parametrize(
    ("name", "iso", "code"),
    [
        ("Syria", "", "SY"),
        ("Ivory Coast", "", "CI"),
        ("Russia", "", "RU"),
        ("Atlantis", "404", "KE"),
    ],
)
def test_country_code(name: str, iso: str, code: str) -> None:
    assert country_code(name, iso_numeric=iso) == code


def test_holdout_split_is_deterministic_and_about_the_share() -> None:
    ids = [f"{n}.0" for n in range(100_000, 102_000)]
    held = [i for i in ids if in_holdout(i, percent=20)]
    assert held == [i for i in ids if in_holdout(i, percent=20)]
    assert in_holdout("100007.0", percent=20) == in_holdout("100007", percent=20)
    assert 0.17 < len(held) / len(ids) < 0.23
    assert not any(in_holdout(i, percent=0) for i in ids[:50])


# -- reading -----------------------------------------------------------------------------


def test_read_ucdp(ucdp_csv: Path, admin1_names: Admin1Names, districts: list[District]) -> None:
    got = read_event_file(ucdp_csv, admin1_names=admin1_names, districts=districts)
    assert got.dataset == "ucdp" and got.rows == len(UCDP_ROWS)
    assert got.imprecise == 1  # the governorate-level event
    assert got.not_places == 1  # "Northern Hamah Governorate"
    assert [str(b) for b in got.bad] == [f"{ucdp_csv}:8: latitude 'north' is not a number"]
    first = got.locations[0]
    assert first.names == ("Zzubayr al-Wadi",) and first.feature == "village"
    assert first.admin1 == "Hama" and first.admin2 == "Hama"  # canonical spellings
    assert first.event_id == "9001.0" and first.precision == 1
    base = next(loc for loc in got.locations if loc.names[0].startswith("Qqasr"))
    assert base.names == ("Qqasr Zzaytun Military Airbase", "Q9") and base.admin2 == "Tadmur"


def test_read_acled(acled_csv: Path, admin1_names: Admin1Names) -> None:
    got = read_event_file(acled_csv, admin1_names=admin1_names)
    assert got.dataset == "acled" and got.rows == len(ACLED_ROWS)
    assert got.imprecise == 1
    assert [b.line for b in got.bad] == [6] and "longitude 200" in got.bad[0].reason
    kenya = next(loc for loc in got.locations if loc.country == "KE")
    assert kenya.names == ("Nairobi - Zzkaroli Estate", "Zzkaroli Estate")
    assert kenya.admin1 == "Nairobi" and kenya.admin2 == "Westlands"


def test_read_errors(tmp_path: Path) -> None:
    other = _write_csv(tmp_path / "other.csv", ["name", "lat", "lon"], [["x", "1", "2"]])
    with pytest.raises(GazetteerError, match=r"neither a UCDP GED CSV .* nor an ACLED export"):
        read_event_file(other)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(GazetteerError, match="is empty"):
        read_event_file(empty)
    with pytest.raises(GazetteerError, match="does not exist"):
        read_event_file(tmp_path / "missing.csv")
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"where_coordinates,latitude\n\xff\xfe\x00\x81")
    with pytest.raises(GazetteerError, match="not UTF-8"):
        read_event_file(binary)


# -- places and merging ------------------------------------------------------------------


def _loc(name: str, lat: float, lon: float, *, precision: int = 1, n: int = 0) -> EventLocation:
    return EventLocation(
        dataset="ucdp",
        event_id=str(n),
        line=n + 2,
        written=f"{name} village",
        names=(name,),
        feature="village",
        country="SY",
        admin1="Hama",
        admin2=None,
        latitude=lat,
        longitude=lon,
        precision=precision,
    )


def test_aggregate_one_place_per_name_and_point() -> None:
    places = aggregate(
        [
            _loc("Zzubayr", 35.0, 37.0, precision=2, n=1),
            _loc("Zzubayr", 35.0, 37.0, n=2),
            _loc("Zzubayr", 35.01, 37.01, n=3),  # 1.4 km away: the same place
            _loc("Zzubayr", 35.4, 37.0, n=4),  # 44 km away: another Zzubayr
        ],
        prefix="t",
    )
    assert [(p.events, p.precision, p.latitude) for p in places] == [(3, 1, 35.0), (1, 1, 35.4)]
    assert len({p.id for p in places}) == 2 and places[0].id.startswith("t-")


def test_merge_layer_and_index_names() -> None:
    [a, b, c] = aggregate(
        [
            _loc("Zzubayr Kabir", 35.0, 37.0),
            _loc("Qqarmala", 36.0, 37.0),
            _loc("Xxtal", 34.0, 38.0),
        ],
        prefix="t",
    )
    known = [
        KnownPlace(
            gid="g:1", keys=frozenset({"zubirkabir"}), latitude=35.02, longitude=37.0, rank=1
        ),
        KnownPlace(gid="g:2", keys=frozenset({"karmala"}), latitude=36.5, longitude=37.0, rank=1),
    ]
    new, extra = merge_layer([a, b, c], known)
    assert [e.name for e in new] == ["Qqarmala", "Xxtal"]  # Qqarmala's namesake is 55 km off
    assert extra == {"g:1": ("Zzubayr Kabir",)}
    assert index_names(("Al Assad", "Dahiyat Zzubayr"), main=False, known_keys=set()) == (
        "Dahiyat Zzubayr",
    )
    assert index_names(("Zzubayr",), main=True, known_keys=set()) == ("Zzubayr",)
    assert index_names(("Tom",), main=True, known_keys=set()) == ()  # 3 letters, one word
    assert index_names(("Al Eis", "Qqasr Isa"), main=True, known_keys=set()) == ("Qqasr Isa",)
    assert index_names(("Babis",), main=True, known_keys={"bab"}) == ()  # "Al-Bab is"


def test_layer_file_round_trip(tmp_path: Path) -> None:
    places = aggregate([_loc("Zzubayr", 35.0, 37.0), _loc("Qqarmala", 36.0, 37.0)], prefix="t")
    path = tmp_path / "layer.tsv"
    write_layer(path, places, source="test", attribution="invented", comments=("two places",))
    layer = read_layer(path)
    assert layer.source == "test" and layer.attribution == "invented"
    assert layer.entries == tuple(places)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines[:-1], lines[-1].replace("\t37.000000\t", "\teast\t")]))
    with pytest.raises(GazetteerError, match=r"layer.tsv:6: bad layer row"):
        read_layer(path)
    path.write_text("\n".join(lines[1:]))
    with pytest.raises(GazetteerError, match="no '# source: TAG' line"):
        read_layer(path)


def test_shipped_ucdp_layer_is_attributed_and_canonical() -> None:
    [path] = [p for p in bundled_layer_files() if p.name == "ucdp-syria.tsv"]
    layer = read_layer(path)
    assert layer.source == "ucdp" and "CC BY 4.0" in layer.attribution
    assert "UCDP" in layer.attribution and "ucdp.uu.se" in layer.attribution
    assert len(layer.entries) >= 1000
    for e in layer.entries:
        assert e.precision in {1, 2}, e.id
        assert e.admin1 in CANONICAL_ADMIN1, e.id
        assert 32.0 < e.latitude < 37.5 and 35.5 < e.longitude < 42.5, e.id
        assert e.events >= 1 and e.written, e.id


def test_index_has_ucdp_places_with_their_source(settings: Settings) -> None:
    index = GazetteerIndex.open(settings.gazetteer_path)
    try:
        ucdp = [c for c in index.all_candidates("Dabiq") if c.source == "ucdp"]
        assert ucdp and ucdp[0].gid.startswith("ucdp:") and ucdp[0].admin1 == "Aleppo"
        assert ucdp[0].note.startswith("UCDP GED: ") and "where_prec" in ucdp[0].note
        # a UCDP place the supplement already has is not a second place
        saqr = index.all_candidates("Hawijat Saqr island")
        assert [c.gid for c in saqr] == ["obs:sy-hawijat-saqr"]
        # "Dahiet Elasad/Al Assad suburb" must not make every "Assad" a place
        assert not any(c.country == "SY" for c in index.all_candidates("Assad"))
    finally:
        index.close()


# -- import-events -----------------------------------------------------------------------


def _events_rows(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT gid, name, note FROM place WHERE source = 'events' ORDER BY gid"
        ).fetchall()


def test_import_events_adds_new_places_once(index_copy: Path, ucdp_csv: Path) -> None:
    report = import_events(ucdp_csv, gazetteer=index_copy)
    assert report.dataset == "ucdp" and len(report.bad) == 1
    assert report.added == 3 and report.known == 1  # Kafr Nabl is already there
    rows = _events_rows(index_copy)
    assert [r[1] for r in rows] == ["Qqarmala", "Qqasr Zzaytun Military Airbase", "Zzubayr al-Wadi"]
    assert all("UCDP GED" in r[2] and "ged.csv" in r[2] for r in rows)
    again = import_events(ucdp_csv, gazetteer=index_copy)
    assert again.added == 3 and _events_rows(index_copy) == rows  # idempotent
    with sqlite3.connect(index_copy) as conn:
        [(attribution,)] = conn.execute(
            "SELECT attribution FROM layer WHERE source = 'events'"
        ).fetchall()
    assert "CC BY 4.0" in attribution
    geocoder = Geocoder(GazetteerIndex.open(index_copy))
    try:
        place = geocoder.lookup("Qqarmala", admin1="Idlib", country="SY")
        assert place is not None and place.gazetteer_id == rows[0][0]
        assert place.admin1 == "Idlib" and place.admin2 == "Ariha"
        # a one-word variant stays out of the index (it would match words and surnames)
        assert not [c for c in geocoder.index.all_candidates("Qqurmul") if c.source == "events"]
    finally:
        geocoder.close()
    build_gazetteer(index_copy)  # a rebuild keeps the user's event places
    assert _events_rows(index_copy) == rows


def test_cli_import_events(index_copy: Path, acled_csv: Path, tmp_path: Path) -> None:
    from observatory.cli import cli

    env = {"OBSERVATORY_GAZETTEER_PATH": str(index_copy)}
    result = CliRunner().invoke(cli, ["gazetteer", "import-events", str(acled_csv)], env=env)
    assert result.exit_code == 1  # one bad row
    assert f"{acled_csv}:6: longitude 200" in result.stderr
    assert "ACLED file" in result.stdout and "2 added" in result.stdout
    lookup = CliRunner().invoke(cli, ["gazetteer", "lookup", "Zzamaliq al-Fawqa"], env=env)
    assert lookup.exit_code == 0 and "events:acled-" in lookup.stdout
    other = _write_csv(tmp_path / "other.csv", ["name", "lat", "lon"], [["x", "1", "2"]])
    bad = CliRunner().invoke(cli, ["gazetteer", "import-events", str(other)], env=env)
    assert bad.exit_code == 1 and "neither a UCDP GED CSV" in bad.output
    assert "Traceback" not in bad.output


@pytest.mark.slow
def test_import_acled_dev_export(index_copy: Path) -> None:
    path = ACLED_DEV / "acled_2022_outside_mena.csv"
    if not path.exists():
        pytest.skip(f"{path} not available")
    first = import_events(path, gazetteer=index_copy)
    assert first.dataset == "acled" and first.rows > 7000 and not first.bad
    assert first.places > 4000 and first.added > 1000 and first.known > 1000
    count = len(_events_rows(index_copy))
    again = import_events(path, gazetteer=index_copy)
    assert again.added == first.added and len(_events_rows(index_copy)) == count
