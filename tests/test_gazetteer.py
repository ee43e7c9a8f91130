"""The gazetteer: name keys, the supplement, the SQLite build, GeoNames import/download."""

from __future__ import annotations

import csv
import functools
import http.server
import re
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from observatory.errors import GazetteerError
from observatory.gazetteer.build import build_gazetteer
from observatory.gazetteer.geonames_import import download_geonames, import_geonames
from observatory.gazetteer.index import GazetteerIndex, haversine_km
from observatory.gazetteer.normalise import name_key, skeleton_key
from observatory.gazetteer.supplement import bundled_supplement_files, read_supplement

SHARED = Path(__file__).resolve().parents[2] / "shared"
UCDP = SHARED / "data" / "ucdp-ged-syria" / "ucdp_ged_syria_2016_2017.csv"
CANONICAL_ADMIN1 = {
    "Aleppo", "Damascus", "Rural Damascus", "Daraa", "Deir ez-Zor", "Hama", "Al-Hasakah",
    "Homs", "Idlib", "Latakia", "Quneitra", "Raqqa", "As-Suwayda", "Tartus",
}  # fmt: skip


@pytest.mark.parametrize(
    "names",
    [
        ("Al-Bukamal", "Albu Kamal", "Abu Kamal", "Al Bukamal"),
        ("Deir ez-Zor", "Deir al-Zor", "Deir Ezzor", "Dayr az Zawr", "Dair Ezzor"),
        ("Seidnaya", "Saydnaya"),
        ("Rankous", "Rankus"),
        ("Kafr Zeita", "Kafr Zita", "Kafr Zayta"),
        ("Quriyeh", "Al Quriyah", "Al Qurayya"),
        ("Raqqa", "Ar Raqqah", "Al-Raqqa"),
        ("Ma'arrat", "Maarrat", "Ma‘arrat"),
    ],
)
def test_light_key_folds_variants(names: tuple[str, ...]) -> None:
    assert len({name_key(n) for n in names}) == 1


@pytest.mark.parametrize(
    "names",
    [
        ("Seidnaya", "Sednaya", "Saydnaya"),
        ("Mliha", "Al-Maliha"),
        ("Huwayja Saqer", "Hawijat Saqr"),
    ],
)
def test_skeleton_key_folds_looser_variants(names: tuple[str, ...]) -> None:
    assert len({skeleton_key(n) for n in names}) == 1


@pytest.mark.parametrize(("a", "b"), [("Homs", "Hama"), ("Aleppo", "Idlib"), ("Douma", "Daraa")])
def test_keys_keep_different_places_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -'", max_size=30))
def test_key_has_no_separators_and_articles_drop(text: str) -> None:
    key = name_key(text)
    assert " " not in key and "-" not in key and "'" not in key
    assert name_key("al-" + text) == key or not text.strip()


def test_supplement_is_large_and_complete() -> None:
    entries = [e for f in bundled_supplement_files() for e in read_supplement(f)]
    syria = [e for e in entries if e.country == "SY"]
    assert len(syria) >= 300
    for e in syria:
        assert e.arabic, f"{e.id} has no Arabic-script name"
        assert e.note, f"{e.id} does not say how its coordinates were determined"
        assert e.admin1 in CANONICAL_ADMIN1, f"{e.id}: admin1 {e.admin1!r} is not canonical"
        assert 32.0 < e.latitude < 37.5 and 35.5 < e.longitude < 42.5, e.id


# the city an id names ("sy-aleppo-midan") and that city's entry in the supplement
_CITY_OF_ID = {
    "aleppo": "sy-gov-aleppo",
    "damascus": "sy-gov-damascus",
    "homs": "sy-gov-homs",
    "hama": "sy-gov-hama",
    "dz": "sy-gov-deir-ez-zor",
    "raqqa": "sy-gov-raqqa",
    "latakia": "sy-gov-latakia",
    "daraa": "sy-gov-daraa",
    "idlib": "sy-gov-idlib",
    "hasakah": "sy-gov-hasakah",
    "qamishli": "sy-qamishli",
}


def test_city_neighbourhoods_lie_in_their_city() -> None:
    """Every neighbourhood whose id names its city is within 7 km of the city's point and in
    its governorate; a name found in several cities has one entry per city."""
    entries = {e.id: e for f in bundled_supplement_files() for e in read_supplement(f)}
    by_city: dict[tuple[str, str], list[str]] = {}
    checked = 0
    for e in entries.values():
        parts = e.id.split("-")
        if e.feature != "neighbourhood" or len(parts) < 3 or parts[1] not in _CITY_OF_ID:
            continue
        city = entries[_CITY_OF_ID[parts[1]]]
        assert e.admin1 == city.admin1, e.id
        km = haversine_km(e.latitude, e.longitude, city.latitude, city.longitude)
        assert km < 7, f"{e.id} is {km:.1f} km from {city.name}"
        for n in {name_key(x) for x in (e.name, *e.variants)}:
            by_city.setdefault((n, parts[1]), []).append(e.id)
        checked += 1
    assert checked >= 150
    assert all(len(ids) == 1 for ids in by_city.values()), [
        ids for ids in by_city.values() if len(ids) > 1
    ]
    cities_of: dict[str, set[str]] = {}
    for n, city in by_city:
        cities_of.setdefault(n, set()).add(city)
    assert {"aleppo", "damascus"} <= cities_of[name_key("al-Midan")]
    assert {"homs", "hama", "damascus", "dz"} <= cities_of[name_key("al-Qusour")]


def test_supplement_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.tsv"
    bad.write_text(
        "id\tcountry\tadmin1\tfeature\tlat\tlon\tname\tvariants\tarabic\tnote\nx\tSY\tHoms\ttown\tnorth\t36\tX\t\t\t\n"
    )
    with pytest.raises(GazetteerError, match=r"x.tsv:2"):
        read_supplement(bad)


_SUFFIX = re.compile(
    r"\s+(?:town|village|city|suburb|camp|farms?|area|island|mountain|locality|sector|neighbou?rhood|district)\b.*$",
    re.I,
)


def ucdp_names(where: str) -> list[str]:
    """'Tadmur/Palmyra town' -> ['Tadmur', 'Palmyra']."""
    parts = (_SUFFIX.sub("", p.strip()).strip() for p in re.split(r"[/()]", where))
    return [p for p in parts if p]


_UCDP_ADMIN1 = {
    "Rif Dimashq": "Rural Damascus",
    "Ar Raqqah": "Raqqa",
    "Hamah": "Hama",
    "Al Hasakah": "Al-Hasakah",
    "As Suwayda": "As-Suwayda",
    "Deir ez Zor": "Deir ez-Zor",
}


def _ucdp_points() -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(place name as UCDP writes it, canonical governorate) -> UCDP's points."""
    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with UCDP.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["where_prec"] in {"1", "1.0"}:
                adm = row["adm_1"].replace(" Governorate", "").strip()
                key = (row["where_coordinates"], _UCDP_ADMIN1.get(adm, adm))
                points.setdefault(key, []).append((float(row["latitude"]), float(row["longitude"])))
    return points


def test_supplement_agrees_with_ucdp_within_10_km() -> None:
    """Entries named like a UCDP place sit within 10 km of UCDP's point, or say why not."""
    if not UCDP.exists():
        pytest.skip(f"{UCDP} not available")
    by_key: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for (where, admin1), pts in _ucdp_points().items():
        for n in ucdp_names(where):
            by_key.setdefault((name_key(n), admin1), []).extend(pts)
    problems = []
    for f in bundled_supplement_files():
        for e in read_supplement(f):
            if "reason:" in e.note or e.feature in {"admin1", "region", "river"}:
                continue
            for n in (e.name, *e.variants):
                pts = by_key.get((name_key(n), e.admin1 or ""))
                if not pts:
                    continue
                nearest = min(haversine_km(e.latitude, e.longitude, lat, lon) for lat, lon in pts)
                if nearest > 10:
                    problems.append(f"{e.id} ({n}): {nearest:.0f} km from UCDP's point")
                break
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gaz") / "gazetteer.sqlite"
    build_gazetteer(path)
    return path


def test_build_and_open(built: Path) -> None:
    index = GazetteerIndex.open(built)
    try:
        assert index.admin1("Deir ez Zor Governorate") is not None
        assert index.country("Syria") is not None and index.country("SY") is not None
        assert any(c.gid == "obs:sy-hawijat-saqr" for c in index.all_candidates("Huwayja Saqer"))
    finally:
        index.close()


def _dump_row(
    gid: int, name: str, lat: float, lon: float, *, code: str = "PPL", alt: str = ""
) -> str:
    cells = [
        str(gid),
        name,
        name,
        alt,
        str(lat),
        str(lon),
        "P",
        code,
        "SY",
        "",
        "07",
        "",
        "",
        "",
        "120",
        "",
        "200",
        "Asia/Damascus",
        "2020-01-01",
    ]
    return "\t".join(cells) + "\n"


def test_import_geonames_txt_and_zip(built: Path, tmp_path: Path) -> None:
    db = tmp_path / "g.sqlite"
    db.write_bytes(built.read_bytes())
    txt = tmp_path / "SY.txt"
    txt.write_text(
        _dump_row(990001, "Zzyqat al-Testiyah", 35.1, 40.3, alt="Zzyqat,زيقات"), encoding="utf-8"
    )
    assert import_geonames(txt, gazetteer=db) == 1
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("SY.txt", _dump_row(990002, "Qqwerty Fawqani", 35.0, 40.2))
    assert import_geonames(archive, gazetteer=db) == 1
    index = GazetteerIndex.open(db)
    try:
        hit = index.all_candidates("Zzyqat Testiyah")
        assert hit and hit[0].admin1 == "Deir ez-Zor" and hit[0].source == "import"
        assert index.all_candidates("Qqwerty Fawqani")
    finally:
        index.close()
    with pytest.raises(GazetteerError, match="not a GeoNames"):
        bad = tmp_path / "bad.txt"
        bad.write_text("just some text\n")
        import_geonames(bad, gazetteer=db)


@pytest.mark.network
def test_download_from_local_server(built: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    with zipfile.ZipFile(served / "SY.zip", "w") as zf:
        zf.writestr("SY.txt", _dump_row(990003, "Xxdownloaded", 35.2, 40.1))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        dump = download_geonames("sy", dest_dir=tmp_path / "dl", base_url=base)
        db = tmp_path / "g.sqlite"
        db.write_bytes(built.read_bytes())
        assert import_geonames(dump, gazetteer=db) == 1
        with pytest.raises(GazetteerError, match="cannot download"):
            download_geonames("XX", dest_dir=tmp_path / "dl", base_url=base)
        from observatory.cli import cli

        result = CliRunner().invoke(
            cli,
            ["gazetteer", "download", "SY", "--base-url", base],
            env={"OBSERVATORY_GAZETTEER_PATH": str(db)},
        )
        assert result.exit_code == 0, result.output
    finally:
        server.shutdown()


def test_cli_lookup(built: Path) -> None:
    from observatory.cli import cli

    env = {"OBSERVATORY_GAZETTEER_PATH": str(built)}
    result = CliRunner().invoke(
        cli, ["gazetteer", "lookup", "Quriyeh", "--near", "Mayadin"], env=env
    )
    assert result.exit_code == 0, result.output
    assert "Deir ez-Zor" in result.output
    missing = CliRunner().invoke(cli, ["gazetteer", "lookup", "Nowhereville Qqq"], env=env)
    assert missing.exit_code == 1


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [
        ("Kafr Zaytā", "SY", "Kafr Zayta"),
        ("Ḩarastā", "SY", "Harasta"),
        ("Dūmā", "SY", "Duma"),
        ("‘Afrīn", "SY", "Afrin"),
        ("Khān Shaykhūn", "SY", "Khan Shaykhun"),
        ("Ra’s al ‘Ayn", "SY", "Ras al Ayn"),
        ("Ma'arrat an Nu'man", "SY", "Maarrat an Numan"),
        ("O'Connor", "AU", "O'Connor"),
        ("Şanlıurfa", "TR", "Sanliurfa"),
        ("Łódź", "PL", "Lodz"),
        ("Harasta", "SY", "Harasta"),
        ("حلب", "SY", "حلب"),
    ],
)
def test_ascii_name(name: str, country: str, expected: str) -> None:
    from observatory.gazetteer.normalise import ascii_name

    assert ascii_name(name, country=country) == expected


@given(st.text(max_size=40))
def test_ascii_name_is_ascii_or_unchanged(name: str) -> None:
    from observatory.gazetteer.normalise import ascii_name

    out = ascii_name(name, country="SY")
    assert out == name or out.isascii()


def _open_index(path: str) -> str:
    from observatory.gazetteer.index import GazetteerIndex

    GazetteerIndex.open(path).close()
    return "ok"


def test_processes_opening_a_missing_index_at_once_build_it_once(tmp_path: Path) -> None:
    """Pool or cluster workers open a missing index together: one builds, the others wait
    (before, the others failed with 'database is locked')."""
    import multiprocessing

    path = str(tmp_path / "g.sqlite")
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        assert pool.map(_open_index, [path, path]) == ["ok", "ok"]


def test_short_latin_alternate_names_are_not_keys(extractor: Any) -> None:
    # GeoNames gives Damascus the Turkish "Şam"; "Assam" folds to the same key
    text = "Students of the All Assam union staged a demonstration in Dibrugarh (Dibrugarh, Assam)."
    mentions = extractor.geocoder.mentions(text)
    names = {m.place.name for m in mentions if m.place is not None}
    assert "Damascus" not in names and "Dibrugarh" in names
