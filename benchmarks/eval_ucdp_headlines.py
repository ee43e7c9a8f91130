"""UCDP GED Syria 2016-2017: from each event's `source_headline` alone, do we code an
event at UCDP's place (within 25 km) and with UCDP's deaths (`best`)?

Most headlines are daily summaries that name neither, so the shares are also given for the
headlines that do: one headline (no ";"-joined list) that writes UCDP's best figure (in
digits or as a word up to ten) and UCDP's place name.

    python benchmarks/eval_ucdp_headlines.py [--limit N]

A headline is the only text we get (the articles are not in the data), dated with
UCDP's `date_start` as its publication date. One headline often backs several UCDP
events; each UCDP event is checked on its own.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
from collections import Counter

from _common import UCDP, need

from observatory.evaluate import haversine_km
from observatory.extract import Extractor
from observatory.ingest import make_document
from observatory.records import PublishedBasis
from observatory.settings import load_settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    need(UCDP)
    extractor = Extractor.from_settings(load_settings())
    cache: dict[tuple[str, str], tuple] = {}
    n = with_event = place_ok = deaths_ok = both_ok = 0
    told = told_ok = 0
    by_prec: Counter[str] = Counter()
    by_prec_ok: Counter[str] = Counter()
    with UCDP.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            headline = (row.get("source_headline") or "").strip()
            if not headline:
                continue
            n += 1
            if args.limit and n > args.limit:
                n -= 1
                break
            day = row["date_start"][:10]
            key = (headline, day)
            if key not in cache:
                doc = make_document(
                    headline,
                    id=f"ucdp-{row['id']}",
                    published=dt.date.fromisoformat(day),
                    published_basis=PublishedBasis.USER,
                )
                cache[key] = extractor.extract(doc).claims
            claims = cache[key]
            lat, lon = float(row["latitude"]), float(row["longitude"])
            best = int(float(row["best"]))
            prec = row["where_prec"].split(".")[0]
            by_prec[prec] += 1
            if claims:
                with_event += 1
            near = [
                c
                for c in claims
                if c.location is not None
                and c.location.latitude is not None
                and c.location.longitude is not None
                and haversine_km(c.location.latitude, c.location.longitude, lat, lon) <= 25
            ]
            right_deaths = [c for c in claims if (c.fatalities.best if c.fatalities else 0) == best]
            place_ok += bool(near)
            deaths_ok += bool(right_deaths)
            ok = any((c.fatalities.best if c.fatalities else 0) == best for c in near)
            both_ok += ok
            if _tells(headline, best, row["where_coordinates"]):
                told += 1
                told_ok += ok
            by_prec_ok[prec] += bool(near)
    print(f"UCDP events with a headline: {n} ({len(cache)} distinct headline-days)")
    print(f"an event coded from the headline: {with_event / n:.3f}")
    print(f"an event within 25 km of UCDP's point: {place_ok / n:.3f}")
    print(f"an event with UCDP's best deaths: {deaths_ok / n:.3f}")
    print(f"one event with both: {both_ok / n:.3f}")
    if told:
        print(
            f"headlines that write UCDP's figure and place: {told};"
            f" one event with both: {told_ok / told:.3f}"
        )
    print("place share by UCDP where_prec:")
    for prec in sorted(by_prec):
        print(f"  where_prec {prec}: {by_prec_ok[prec] / by_prec[prec]:.3f} of {by_prec[prec]}")


_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _tells(headline: str, best: int, where: str) -> bool:
    """Whether a single headline writes the figure ``best`` and the place ``where``."""
    if ";" in headline:
        return False
    place = where.split(" ")[0].split(",")[0]
    if len(place) <= 3 or place.lower() not in headline.lower():
        return False
    numbers = {int(x) for x in re.findall(r"\b\d+\b", headline)}
    numbers |= {
        i + 1
        for i, w in enumerate(_NUMBER_WORDS)
        if re.search(rf"\b{w}\b", headline, re.IGNORECASE)
    }
    return best in numbers


if __name__ == "__main__":
    main()
