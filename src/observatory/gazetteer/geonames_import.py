"""Import a full GeoNames dump (``SY.txt``, ``SY.zip``, ``allCountries.zip``) into the index.

The dump is GeoNames' tab-separated ``geoname`` table (19 columns). Every feature is kept
(populated places, admin areas, spots such as airports and bases, hydrographic and terrain
features) with its alternate names. Rows are stored with ``source = 'import'`` and survive
rebuilds of the packaged part. ``download_geonames`` fetches ``CC.zip`` from a base URL.
"""

from __future__ import annotations

import io
import sqlite3
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from observatory.errors import GazetteerError
from observatory.gazetteer.build import GEONAMES_SY_ADMIN1, PlaceRow, connect, insert_places

__all__ = ["GEONAMES_DUMP_URL", "download_geonames", "import_geonames"]

GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/"

_FEATURES = {
    "A": "admin",
    "P": "town",
    "S": "spot",
    "T": "terrain",
    "H": "water",
    "L": "area",
    "V": "vegetation",
    "R": "road",
    "U": "undersea",
}


def _lines(path: Path) -> Iterator[str]:
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise GazetteerError(f"{path} is not a valid zip archive: {exc}") from exc
        with archive:
            members = [
                n
                for n in archive.namelist()
                if n.endswith(".txt") and not n.lower().startswith("readme")
            ]
            if not members:
                raise GazetteerError(f"{path} holds no GeoNames .txt table")
            for member in members:
                with archive.open(member) as raw:
                    yield from io.TextIOWrapper(raw, encoding="utf-8")
        return
    try:
        handle: IO[str] = path.open(encoding="utf-8")
    except OSError as exc:
        raise GazetteerError(f"cannot read GeoNames dump {path}: {exc}") from exc
    with handle:
        yield from handle


def _feature(fclass: str, fcode: str, population: int) -> str:
    if fcode == "ADM1":
        return "admin1"
    if fcode.startswith("PCL"):
        return "country"
    if fclass == "P":
        return (
            "city"
            if population >= 100_000 or fcode == "PPLC"
            else "town"
            if population >= 10_000
            else "village"
        )
    if fcode in {"AIRB", "AIRF", "AIRP", "AIRH"}:
        return "airport"
    return (
        _FEATURES.get(fclass, "place").lower()
        if fclass not in _FEATURES
        else fcode.lower() or _FEATURES[fclass]
    )


def _parse(path: Path) -> tuple[list[list[str]], dict[tuple[str, str], str]]:
    rows: list[list[str]] = []
    admin1: dict[tuple[str, str], str] = {}
    for number, line in enumerate(_lines(path), start=1):
        cells = line.rstrip("\n").split("\t")
        if len(cells) < 15:
            if line.strip():
                raise GazetteerError(
                    f"{path}:{number}: not a GeoNames geoname row ({len(cells)} columns, expected 19)"
                )
            continue
        rows.append(cells)
        if cells[7] == "ADM1":
            admin1[(cells[8], cells[10])] = cells[1]
    return rows, admin1


def import_geonames(path: str | Path, *, gazetteer: str | Path) -> int:
    """Load a GeoNames dump into the gazetteer index; returns the number of places."""
    p = Path(path)
    if not p.exists():
        raise GazetteerError(f"GeoNames dump {p} does not exist")
    rows, admin1 = _parse(p)

    def places() -> Iterator[PlaceRow]:
        for c in rows:
            try:
                lat, lon = float(c[4]), float(c[5])
                population = int(c[14] or 0)
            except ValueError as exc:
                raise GazetteerError(f"{p}: geoname {c[0]} has a bad number: {exc}") from exc
            cc = c[8] or None
            code = c[10]
            name1 = GEONAMES_SY_ADMIN1.get(code) if cc == "SY" else admin1.get((c[8], code))
            names = [c[1], c[2], *(a for a in c[3].split(",") if a)]
            yield PlaceRow(
                gid=f"geonames:{c[0]}",
                name=c[1],
                country=cc,
                admin1=name1,
                admin2=None,
                latitude=lat,
                longitude=lon,
                feature=_feature(c[6], c[7], population),
                population=population,
                source="import",
                names=tuple(names),
            )

    conn = connect(Path(gazetteer))
    try:
        with conn:
            from observatory.gazetteer.build import INDEXES, ensure_schema

            ensure_schema(conn)
            gids = [(f"geonames:{c[0]}",) for c in rows]
            conn.executemany(
                "DELETE FROM name WHERE place IN (SELECT id FROM place WHERE gid = ?)", gids
            )
            conn.executemany("DELETE FROM place WHERE gid = ?", gids)
            count, _names = insert_places(conn, places())
            conn.executescript(INDEXES)
    except sqlite3.Error as exc:
        raise GazetteerError(f"cannot import into gazetteer {gazetteer}: {exc}") from exc
    finally:
        conn.close()
    return count


def download_geonames(
    country: str, *, dest_dir: str | Path, base_url: str = GEONAMES_DUMP_URL
) -> Path:
    """Fetch ``CC.zip`` (or ``allCountries.zip`` for ``ALL``) into ``dest_dir``."""
    code = country.strip()
    name = "allCountries.zip" if code.upper() == "ALL" else f"{code.upper()}.zip"
    url = base_url.rstrip("/") + "/" + name
    dest = Path(dest_dir) / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with urllib.request.urlopen(url, timeout=60) as response, dest.open("wb") as out:  # noqa: S310
            while chunk := response.read(1 << 16):
                out.write(chunk)
    except OSError as exc:
        raise GazetteerError(
            f"cannot download {url}: {exc}; check the country code and your connection"
        ) from exc
    return dest
