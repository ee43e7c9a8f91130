"""Geocoder speed: gazetteer build time and size, open time, lookups/s, mentions() per document.

python benchmarks/bench_geocode.py
"""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from pathlib import Path

from observatory.gazetteer.build import build_gazetteer
from observatory.geocode import Geocoder
from observatory.settings import Settings

FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes" / "FA-KES-Dataset.csv"


def fakes_articles() -> list[str]:
    """FA-KES article texts (cp1252), or none when the shared data is absent."""
    if not FAKES.exists():
        return []
    csv.field_size_limit(1 << 30)
    with FAKES.open(encoding="cp1252", newline="") as f:
        return [row["article_content"] or "" for row in csv.DictReader(f)]


NAMES = [
    "Al-Bukamal",
    "Deir Ezzor",
    "Seidnaya",
    "Huwayja Saqer",
    "Kafr Zeita",
    "Harasta",
    "Aleppo",
    "Paris",
    "Quriyeh",
    "Rankous",
]

# a report-style text of about 3 KB written for this benchmark
REPORT = (
    "Government warplanes struck the town of Saraqeb in the eastern countryside of Idlib on Tuesday, "
    "killing at least seven civilians, the Syrian Observatory for Human Rights said. Clashes continued "
    "near Khan Shaykhun and around the Abu al-Duhur airbase, while rebels shelled the Shia towns of "
    "Al-Fuah and Kafraya. In Aleppo, shells fell on the Sheikh Maqsoud and Bustan al-Qasr neighbourhoods. "
    "Islamic State fighters attacked army positions near the Deir ez-Zor airbase and on Hawijat Saqr "
    "island, and US-led coalition aircraft hit targets in Al-Mayadin and Abu Kamal near the Iraqi border. "
    "In Rural Damascus, the Eastern Ghouta towns of Douma, Harasta, Arbin and Zamalka were shelled; "
    "Jaish al-Islam said it repelled an advance on Hawsh al-Dawahira. Further south, in Daraa province, "
    "barrel bombs hit Inkhil and Al-Harra, and the Nasib crossing with Jordan stayed closed. In Homs, a car "
    "bomb exploded in the Al-Zahraa neighbourhood, and Russian jets struck Talbiseh and Al-Rastan. "
) * 3


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gazetteer.sqlite"
        report = build_gazetteer(path)
        print(
            f"build: {report.places} places, {report.names} names in {report.seconds:.1f} s; file {path.stat().st_size / 1e6:.1f} MB"
        )
        started = time.perf_counter()
        geocoder = Geocoder.from_settings(Settings(gazetteer_path=str(path)))
        print(f"open (after the first build): {time.perf_counter() - started:.2f} s")
        n = 20_000
        started = time.perf_counter()
        for i in range(n):
            geocoder.lookup(NAMES[i % len(NAMES)])
        print(f"lookup: {n / (time.perf_counter() - started):,.0f} per second")
        geocoder.mentions(REPORT)
        runs = 300
        started = time.perf_counter()
        for _ in range(runs):
            geocoder.mentions(REPORT)
        per = (time.perf_counter() - started) / runs
        print(
            f"mentions(): {per * 1000:.2f} ms for a {len(REPORT) / 1000:.1f} KB report ({1 / per:,.0f} documents/s)"
        )
        articles = fakes_articles()
        if articles:
            for label in ("first pass", "second pass"):
                times = []
                for article in articles:
                    started = time.perf_counter()
                    geocoder.mentions(article)
                    times.append(time.perf_counter() - started)
                print(
                    f"mentions() on FA-KES ({len(articles)} articles, {label}): median"
                    f" {statistics.median(times) * 1000:.2f} ms, mean"
                    f" {statistics.mean(times) * 1000:.2f} ms per article"
                )
        else:
            print(f"FA-KES not found at {FAKES}: per-article figures skipped")
        geocoder.close()


if __name__ == "__main__":
    main()
