"""Geocode UCDP GED Syria place names (where_prec 1) and compare with UCDP's points.

Reads ../shared/data/ucdp-ged-syria at run time. Prints the share of events whose place
resolves within 25 km, the same share without the supplement entries whose coordinates
were taken from UCDP (so the figure is not circular), and the unresolved names by frequency.

    python benchmarks/eval_ucdp_places.py [--gazetteer PATH]
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from observatory.gazetteer.index import haversine_km
from observatory.gazetteer.supplement import bundled_supplement_files, read_supplement
from observatory.geocode import Geocoder
from observatory.settings import Settings

UCDP = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "ucdp-ged-syria"
    / "ucdp_ged_syria_2016_2017.csv"
)
_SUFFIX = re.compile(
    r"\s+(?:town|village|city|suburb|camp|farms?|area|island|mountain|locality|sector|neighbou?rhood|district)\b.*$",
    re.I,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class UcdpResult:
    events: int
    within: int
    within_own: int
    own_events: int
    unresolved: collections.Counter[str]
    far: collections.Counter[str]


def ucdp_names(where: str) -> list[str]:
    """'Tadmur/Palmyra town' -> ['Tadmur', 'Palmyra']; '(...)' asides too."""
    out: list[str] = []
    for part in re.split(r"[/()]", where):
        part = _SUFFIX.sub("", part.strip()).strip()
        if part:
            out.append(part)
    return out


def evaluate(geocoder: Geocoder, *, path: Path = UCDP) -> UcdpResult:
    copied = {
        f"obs:{e.id}"
        for f in bundled_supplement_files()
        for e in read_supplement(f)
        if "UCDP GED point" in e.note
    }
    rows = [
        r for r in csv.DictReader(path.open(encoding="utf-8")) if r["where_prec"] in {"1", "1.0"}
    ]
    within = within_own = own = 0
    unresolved: collections.Counter[str] = collections.Counter()
    far: collections.Counter[str] = collections.Counter()
    cache: dict[tuple[str, str], object] = {}
    for r in rows:
        admin1 = r["adm_1"].replace(" Governorate", "")
        key = (r["where_coordinates"], admin1)
        if key not in cache:
            place = None
            for name in ucdp_names(r["where_coordinates"]):
                place = geocoder.lookup(name, admin1=admin1, country="SY")
                if place is not None:
                    break
            cache[key] = place
        place = cache[key]
        lat, lon = float(r["latitude"]), float(r["longitude"])
        if place is None or place.latitude is None or place.longitude is None:  # type: ignore[attr-defined]
            unresolved[r["where_coordinates"]] += 1
            if True:
                own += 1
            continue
        copied_entry = place.gazetteer_id in copied  # type: ignore[attr-defined]
        ok = haversine_km(lat, lon, place.latitude, place.longitude) <= 25  # type: ignore[attr-defined]
        within += ok
        if not copied_entry:
            own += 1
            within_own += ok
        if not ok:
            far[r["where_coordinates"]] += 1
    return UcdpResult(
        events=len(rows),
        within=within,
        within_own=within_own,
        own_events=own,
        unresolved=unresolved,
        far=far,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gazetteer", default="")
    args = parser.parse_args()
    if not UCDP.exists():
        print(f"skipped: {UCDP} not found", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = args.gazetteer or str(Path(tmp) / "gazetteer.sqlite")
        geocoder = Geocoder.from_settings(Settings(gazetteer_path=path))
        res = evaluate(geocoder)
    print(f"UCDP where_prec 1 events: {res.events}")
    print(f"within 25 km: {res.within} = {res.within / res.events:.3f}")
    print(
        f"excluding events resolved to entries whose coordinates were taken from UCDP:"
        f" {res.within_own}/{res.own_events} = {res.within_own / max(1, res.own_events):.3f}"
    )
    print(f"unresolved events: {sum(res.unresolved.values())}; top names:")
    for name, n in res.unresolved.most_common(25):
        print(f"  {n:4d}  {name}")
    print("resolved but > 25 km, top names:")
    for name, n in res.far.most_common(15):
        print(f"  {n:4d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
