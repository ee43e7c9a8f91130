"""Precision of ``Geocoder.mentions()``: which texts become places, and are they places?

1. FA-KES (804 real articles, ../shared/data/fa-kes, read at run time): the most frequent
   mention texts with what they resolve to, for a person to inspect; and a count of the
   mentions whose text is in ``JUDGED_FALSE`` (texts inspected and judged not to be places
   in these reports: person names, weekdays, common words) or that resolve to a small
   foreign place (a village or town under 15,000 people outside Syria and its neighbours:
   in reports on Syria these are almost always misreadings).
2. The project's corpora (tests/data/extraction, tests/data/linking): each mention is
   counted *gold* when it resolves within the gold radius (+10 km) of an event place of
   its document or to the governorate of one, *country/admin1* when it is a country or
   province, *other* otherwise (printed: either a true place that hosts no event — a
   dateline, "Damascus said" — or a false mention); and the gold places no mention reaches.

    python benchmarks/eval_false_places.py [--gazetteer PATH] [--top 60]
"""

from __future__ import annotations

import argparse
import calendar
import collections
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

from observatory.gazetteer.index import haversine_km
from observatory.geocode import Geocoder, PlaceMention
from observatory.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
FAKES = SHARED / "data" / "fa-kes" / "FA-KES-Dataset.csv"
REPO = Path(__file__).resolve().parents[1]
CORPORA = [REPO / "tests" / "data" / "extraction", REPO / "tests" / "data" / "linking"]
REGION = frozenset({"SY", "IQ", "TR", "LB", "JO", "IL", "PS"})

# Mention texts judged false on inspection of FA-KES / seed output (lower case, possessive
# stripped). Used only to count; the geocoder knows none of them by name.
JUDGED_FALSE = frozenset(
    [
        "the",
        "man",
        "rami",
        "jamil",
        "saloum",
        "as",
        "anton",
        *(day.lower() for day in calendar.day_name),
        *(month.lower() for month in calendar.month_name if month),
        "the",
        "state",
        "the",
        "army",
        "the",
        "regime",
        "the",
        "government",
        "the",
        "city",
        "the",
        "town",
        "the",
        "village",
        "the",
        "north",
        "the",
        "south",
        "the",
        "east",
        "the",
        "west",
        "the",
        "people",
        "the",
        "group",
        "the",
        "coalition",
        "the",
        "opposition",
        "the",
        "syrian",
        "the",
        "islamic",
        "the",
        "kurdish",
        "the",
        "front",
        "the",
        "source",
        "the",
        "sources",
        "the",
        "hospital",
        "man",
        "as",
        "the",
        "al",
    ]
)


def _norm(text: str) -> str:
    t = text.lower().replace("’", "'")
    return t[:-2] if t.endswith("'s") else t


def _describe(m: PlaceMention) -> str:
    p = m.place
    if p is None:
        return "(unknown)"
    return f"{p.name} [{p.country or '-'}, {p.admin1 or '-'}, {p.feature}, p{int(p.geo_precision)}]"


def _small_foreign(m: PlaceMention) -> bool:
    p = m.place
    return (
        p is not None
        and p.country not in REGION
        and p.feature in {"village", "town"}
        and m.cue.value != "unknown"
    )


def fakes(geocoder: Geocoder, *, top: int) -> None:
    rows = list(csv.DictReader(FAKES.open(encoding="cp1252")))
    texts: collections.Counter[str] = collections.Counter()
    resolved: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    judged = small = total = 0
    judged_texts: collections.Counter[str] = collections.Counter()
    small_texts: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    chars = 0
    for r in rows:
        text = r["article_content"]
        chars += len(text)
        for m in geocoder.mentions(text):
            total += 1
            texts[m.name] += 1
            resolved[m.name][_describe(m)] += 1
            if _norm(m.name) in JUDGED_FALSE:
                judged += 1
                judged_texts[m.name] += 1
            elif _small_foreign(m):
                small += 1
                small_texts[f"{m.name} -> {_describe(m)}"] += 1
    seconds = time.perf_counter() - started
    print(
        f"FA-KES: {len(rows)} articles, {chars / 1e6:.2f} M chars, {total} mentions, "
        f"{seconds:.2f} s ({len(rows) / seconds:,.0f} articles/s)"
    )
    print(f"  judged-false texts: {judged} mentions; small foreign places: {small} mentions")
    print(f"  top {top} mention texts:")
    for name, n in texts.most_common(top):
        print(f"  {n:5d}  {name!r:32} -> {resolved[name].most_common(1)[0][0]}")
    if judged_texts:
        print("  judged-false mentions:")
        for name, n in judged_texts.most_common(30):
            print(f"  {n:5d}  {name!r}")
    if small_texts:
        print("  small foreign places (most frequent 40):")
        for name, n in small_texts.most_common(40):
            print(f"  {n:5d}  {name}")


def corpora(geocoder: Geocoder) -> None:
    for folder in CORPORA:
        docs = [json.loads(line) for line in (folder / "docs.jsonl").open(encoding="utf-8")]
        gold_hit = country_admin = other = 0
        missed: list[str] = []
        others: collections.Counter[str] = collections.Counter()
        reached_total = places_total = 0
        for doc in docs:
            gold_path = folder / "gold" / f"{doc['id']}.gold.json"
            if not gold_path.exists():
                continue
            events = json.loads(gold_path.read_text(encoding="utf-8"))["events"]
            golds = [
                (
                    e["place"],
                    e.get("admin1"),
                    float(e["lat"]),
                    float(e["lon"]),
                    float(e.get("radius_km") or 15),
                )
                for e in events
                if e.get("lat") is not None and e.get("lon") is not None
            ]
            reached = set()
            for m in geocoder.mentions(doc["text"]):
                p = m.place
                if p is None or p.latitude is None or p.longitude is None:
                    other += 1
                    others[f"{m.name} -> {_describe(m)}"] += 1
                    continue
                hit = False
                for k, (_, admin1, lat, lon, radius) in enumerate(golds):
                    near = haversine_km(p.latitude, p.longitude, lat, lon) <= radius + 10
                    if near or (p.feature == "admin1" and p.admin1 == admin1):
                        reached.add(k)
                        hit = hit or near or p.feature == "admin1"
                if hit:
                    gold_hit += 1
                elif p.feature in {"country", "admin1"}:
                    country_admin += 1
                else:
                    other += 1
                    others[f"{m.name} -> {_describe(m)}"] += 1
            names = {(g[0], g[2], g[3]) for g in golds}
            places_total += len(names)
            reached_names = {(golds[k][0], golds[k][2], golds[k][3]) for k in reached}
            reached_total += len(reached_names)
            missed.extend(f"{doc['id']}: {n[0]}" for n in sorted(names - reached_names))
        print(
            f"{folder.relative_to(REPO)}: {len(docs)} docs; mentions at a gold place: {gold_hit},"
            f" countries/provinces elsewhere: {country_admin}, other: {other};"
            f" gold places reached: {reached_total}/{places_total}"
        )
        for name, n in others.most_common():
            print(f"  other {n:3d}  {name}")
        for name in missed:
            print(f"  missed  {name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gazetteer", default="")
    parser.add_argument("--top", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.gazetteer or str(Path(tmp) / "gazetteer.sqlite")
        geocoder = Geocoder.from_settings(Settings(gazetteer_path=path))
        if FAKES.exists():
            fakes(geocoder, top=args.top)
        else:
            print(f"skipped FA-KES: {FAKES} not found", file=sys.stderr)
        corpora(geocoder)
        geocoder.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
