"""Geocode UCDP GED Syria place names and compare with UCDP's points.

Reads ../shared/data/ucdp-ged-syria at run time. Two modes:

- default: every ``where_prec`` 1 event, with the gazetteer as it ships (its UCDP layer is
  built from *all* UCDP events, so this figure is not a fair test of the layer). Prints the
  share whose place resolves within 25 km, the same share without the supplement entries
  whose coordinates were taken from UCDP, and the unresolved names by frequency.
- ``--heldout``: the honest measurement of what the UCDP layer adds. Events are split by a
  hash of their id (``--holdout-percent``, default 20); a layer is built from the other
  events only (``scripts/build_ucdp_layer.py --split train`` writes the same file), and
  the held-out events are geocoded with an index without any UCDP layer (before) and with
  that layer (after). Figures for where_prec 1 and for where_prec 1-2, and separately for
  held-out events whose place the training events also name and those they do not.

    python benchmarks/eval_ucdp_places.py [--gazetteer PATH]
    python benchmarks/eval_ucdp_places.py --heldout [--holdout-percent 20]
"""

from __future__ import annotations

import argparse
import collections
import csv
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from observatory.gazetteer.event_import import event_layer
from observatory.gazetteer.events import UCDP_ATTRIBUTION, in_holdout
from observatory.gazetteer.index import GazetteerIndex, haversine_km
from observatory.gazetteer.layers import write_layer
from observatory.gazetteer.normalise import name_key
from observatory.gazetteer.supplement import bundled_supplement_files, read_supplement
from observatory.geocode import Geocoder
from observatory.records import Place
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


def read_rows(path: Path = UCDP) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def evaluate(
    geocoder: Geocoder, *, path: Path = UCDP, rows: Sequence[dict[str, str]] | None = None
) -> UcdpResult:
    """``rows``: the UCDP rows to geocode (default: every where_prec 1 row of ``path``)."""
    copied = {
        f"obs:{e.id}"
        for f in bundled_supplement_files()
        for e in read_supplement(f)
        if "UCDP GED point" in e.note
    }
    if rows is None:
        rows = [r for r in read_rows(path) if r["where_prec"] in {"1", "1.0"}]
    within = within_own = own = 0
    unresolved: collections.Counter[str] = collections.Counter()
    far: collections.Counter[str] = collections.Counter()
    cache: dict[tuple[str, str], Place | None] = {}
    for r in rows:
        admin1 = r["adm_1"].replace(" Governorate", "")
        key = (r["where_coordinates"], admin1)
        if key not in cache:
            found = None
            for name in ucdp_names(r["where_coordinates"]):
                found = geocoder.lookup(name, admin1=admin1, country="SY")
                if found is not None:
                    break
            cache[key] = found
        place = cache[key]
        lat, lon = float(r["latitude"]), float(r["longitude"])
        if place is None or place.latitude is None or place.longitude is None:
            unresolved[r["where_coordinates"]] += 1
            own += 1
            continue
        ok = haversine_km(lat, lon, place.latitude, place.longitude) <= 25
        within += ok
        if place.gazetteer_id not in copied:
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


def _share(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.3f}" if b else "0/0"


def _build(path: Path, layers: Sequence[Path]) -> tuple[GazetteerIndex, float, float]:
    started = time.perf_counter()
    index = GazetteerIndex.open(path, layers=layers)
    return index, time.perf_counter() - started, path.stat().st_size / 1e6


def heldout(percent: int) -> int:
    rows = read_rows()
    test = [r for r in rows if in_holdout(r["id"], percent=percent)]
    with tempfile.TemporaryDirectory() as tmp:
        layer_file = Path(tmp) / "ucdp-train.tsv"
        places, events, used = event_layer(UCDP, prefix="ucdp", holdout_percent=percent)
        write_layer(layer_file, places, source="ucdp", attribution=UCDP_ATTRIBUTION)
        print(
            f"UCDP events: {events.rows}; held out ({percent}% by id hash): {len(test)};"
            f" layer built from {used} precise training events: {len(places)} places"
        )
        seen = {(name_key(n), e.admin1) for e in places for n in e.all_names}
        before, t0, s0 = _build(Path(tmp) / "before.sqlite", [])
        after, t1, s1 = _build(Path(tmp) / "after.sqlite", [layer_file])
        with sqlite3.connect(Path(tmp) / "after.sqlite") as probe:
            added = probe.execute("SELECT count(*) FROM place WHERE source = 'ucdp'").fetchone()
        print(f"index without layer: built in {t0:.1f} s, {s0:.1f} MB")
        print(
            f"index with the training layer: built in {t1:.1f} s, {s1:.1f} MB;"
            f" {added[0]} places added, {len(places) - added[0]} merged into known places"
        )
        geocoders = {"before": Geocoder(before), "after": Geocoder(after)}
        admin1 = {
            "Hamah": "Hama",
            "Ar Raqqah": "Raqqa",
            "Rif Dimashq": "Rural Damascus",
            "Al Hasakah": "Al-Hasakah",
            "As Suwayda": "As-Suwayda",
            "Deir ez Zor": "Deir ez-Zor",
        }

        def is_seen(r: dict[str, str]) -> bool:
            gov = r["adm_1"].replace(" Governorate", "")
            gov = admin1.get(gov, gov)
            return any((name_key(n), gov) in seen for n in ucdp_names(r["where_coordinates"]))

        for label, precs in (("where_prec 1", {"1.0", "1"}), ("where_prec 1-2", {"1.0", "2.0"})):
            subset = [r for r in test if r["where_prec"] in precs]
            groups = {
                "all": subset,
                "place also in training events": [r for r in subset if is_seen(r)],
                "place not in training events": [r for r in subset if not is_seen(r)],
            }
            print(f"\nheld-out {label} events within 25 km of UCDP's point:")
            for name, part in groups.items():
                res = {k: evaluate(g, rows=part) for k, g in geocoders.items()}
                print(
                    f"  {name:32s} ({len(part):4d}): before {_share(res['before'].within, len(part))}"
                    f"  after {_share(res['after'].within, len(part))}"
                )
        res = evaluate(geocoders["after"], rows=[r for r in test if r["where_prec"] == "1.0"])
        print("\nafter, still unresolved held-out where_prec 1 names (top 15):")
        for name, n in res.unresolved.most_common(15):
            print(f"  {n:4d}  {name}")
        before.close()
        after.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gazetteer", default="")
    parser.add_argument("--heldout", action="store_true", help="measure the layer honestly")
    parser.add_argument("--holdout-percent", type=int, default=20)
    args = parser.parse_args()
    if not UCDP.exists():
        print(f"skipped: {UCDP} not found", file=sys.stderr)
        return 0
    if args.heldout:
        return heldout(args.holdout_percent)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.gazetteer or str(Path(tmp) / "gazetteer.sqlite")
        geocoder = Geocoder.from_settings(Settings(gazetteer_path=path))
        res = evaluate(geocoder)
        size = os.path.getsize(path) / 1e6
    print(f"UCDP where_prec 1 events: {res.events} (index {size:.1f} MB, shipped layers)")
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
