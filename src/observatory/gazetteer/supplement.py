"""The curated supplement: places conflict reports name that the packaged data lacks.

A supplement is a tab-separated text file a person edits by hand (see
``observatory/data/gazetteer/README.md``). Lines starting with ``#`` are comments; the first
other line is the header. Columns:

``id`` (unique, "sy-hawijat-saqr"), ``country`` (ISO2), ``admin1`` (canonical governorate
spelling), ``feature`` (town, village, neighbourhood, airbase, oilfield, region, ...),
``lat``, ``lon``, ``name`` (main Latin name), ``variants`` (other Latin spellings, ``|``
separated), ``arabic`` (Arabic-script names, ``|`` separated), ``note`` (how the
coordinates were determined, and anything a reviewer should know).

A district table (``*-districts.tsv``: ``country admin1 district lat lon``) gives admin2:
the nearest district seat in the same governorate.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from observatory.errors import GazetteerError

__all__ = [
    "SUPPLEMENT_COLUMNS",
    "District",
    "SupplementEntry",
    "bundled_admin1_files",
    "bundled_admin1_tables",
    "bundled_district_files",
    "bundled_supplement_files",
    "nearest_district",
    "read_districts",
    "read_supplement",
]

SUPPLEMENT_COLUMNS = (
    "id",
    "country",
    "admin1",
    "feature",
    "lat",
    "lon",
    "name",
    "variants",
    "arabic",
    "note",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplementEntry:
    """One hand-curated place."""

    id: str
    country: str
    admin1: str | None
    feature: str
    latitude: float
    longitude: float
    name: str
    variants: tuple[str, ...]
    arabic: tuple[str, ...]
    note: str

    @property
    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.variants, *self.arabic)


@dataclass(frozen=True, slots=True, kw_only=True)
class District:
    """A second-level unit (Syria: mintaqa) with its seat's coordinates."""

    country: str
    admin1: str
    name: str
    latitude: float
    longitude: float


def _data_dir() -> Path:
    return Path(str(resources.files("observatory") / "data" / "gazetteer"))


def bundled_supplement_files() -> list[Path]:
    """The supplements shipped with Observatory (``data/gazetteer/*.tsv`` but districts)."""
    return sorted(p for p in _data_dir().glob("*.tsv") if not p.name.endswith("-districts.tsv"))


def bundled_district_files() -> list[Path]:
    return sorted(_data_dir().glob("*-districts.tsv"))


def bundled_admin1_files() -> list[Path]:
    """Tables naming the admin1 units of GeoNames' codes (``data/gazetteer/admin1/``)."""
    return sorted((_data_dir() / "admin1").glob("*.tsv"))


def bundled_admin1_tables() -> list[Path]:
    """The code tables among them (``geonames-*.tsv``); ``aliases.tsv`` holds other names."""
    return [p for p in bundled_admin1_files() if p.name.startswith("geonames-")]


def _rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise GazetteerError(f"gazetteer supplement {path} does not exist") from exc
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"gazetteer supplement {path} is not UTF-8 text: {exc}") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield number, next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _coordinate(value: str, *, low: float, high: float, path: Path, line: int) -> float:
    try:
        number = float(value)
    except ValueError as exc:
        raise GazetteerError(f"{path}:{line}: coordinate {value!r} is not a number") from exc
    if not low <= number <= high or math.isnan(number):
        raise GazetteerError(f"{path}:{line}: coordinate {number} out of range")
    return number


def read_supplement(path: str | Path) -> list[SupplementEntry]:
    """Parse a supplement file; errors name the file and line and what to fix."""
    p = Path(path)
    header: Sequence[str] | None = None
    entries: list[SupplementEntry] = []
    seen: set[str] = set()
    for line, cells in _rows(p):
        if header is None:
            header = [c.strip().lower() for c in cells]
            missing = [c for c in SUPPLEMENT_COLUMNS if c not in header]
            if missing:
                raise GazetteerError(
                    f"{p}:{line}: header lacks column(s) {', '.join(missing)};"
                    f" expected {' '.join(SUPPLEMENT_COLUMNS)} (tab-separated)"
                )
            continue
        if len(cells) < len(header):
            cells = cells + [""] * (len(header) - len(cells))
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        entry_id = row["id"]
        if not entry_id or not row["name"] or not row["country"]:
            raise GazetteerError(f"{p}:{line}: id, country and name are required")
        if entry_id in seen:
            raise GazetteerError(f"{p}:{line}: duplicate id {entry_id!r}")
        seen.add(entry_id)
        entries.append(
            SupplementEntry(
                id=entry_id,
                country=row["country"].upper(),
                admin1=row["admin1"] or None,
                feature=row["feature"] or "place",
                latitude=_coordinate(row["lat"], low=-90, high=90, path=p, line=line),
                longitude=_coordinate(row["lon"], low=-180, high=180, path=p, line=line),
                name=row["name"],
                variants=_split(row["variants"]),
                arabic=_split(row["arabic"]),
                note=row["note"],
            )
        )
    return entries


def read_districts(path: str | Path) -> list[District]:
    p = Path(path)
    out: list[District] = []
    header: list[str] | None = None
    for line, cells in _rows(p):
        if header is None:
            header = [c.strip().lower() for c in cells]
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        try:
            out.append(
                District(
                    country=row["country"].upper(),
                    admin1=row["admin1"],
                    name=row["district"],
                    latitude=_coordinate(row["lat"], low=-90, high=90, path=p, line=line),
                    longitude=_coordinate(row["lon"], low=-180, high=180, path=p, line=line),
                )
            )
        except KeyError as exc:
            raise GazetteerError(f"{p}:{line}: district table lacks column {exc}") from exc
    return out


def nearest_district(
    districts: Sequence[District], *, country: str, admin1: str | None, lat: float, lon: float
) -> str | None:
    """The district whose seat is nearest, within the same governorate when it is known."""
    best: tuple[float, str] | None = None
    for d in districts:
        if d.country != country or (admin1 is not None and d.admin1 != admin1):
            continue
        dist = (d.latitude - lat) ** 2 + ((d.longitude - lon) * math.cos(math.radians(lat))) ** 2
        if best is None or dist < best[0]:
            best = (dist, d.name)
    return best[1] if best else None
