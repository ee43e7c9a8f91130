"""Benchmark: linking synthetic claims spread over 10 years and 14 governorates.

    python benchmarks/bench_link.py                  # 10k, 100k and 1M, each in its own process
    python benchmarks/bench_link.py --claims 100000  # one size, in this process

Each synthetic incident (a day, a town, an event type, two actors, a death toll) is told by
1-4 outlets (2.5 on average), with the variation real reports have: a date that only stands
in for the next day's publication, "near" places a few km off, a missing actor, tolls that
differ by up to a third, a different sub-type. Prints, per size: generation and linking
time, peak memory (max RSS of the process), events found, and pairwise precision and recall
against the incidents the claims were made from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import subprocess
import sys
import time

from observatory.link import Linker, pairwise_scores
from observatory.records import Claim, DateBasis, DatePrecision, Fatalities, GeoPrecision, Place
from observatory.settings import Settings

GOVERNORATES = {
    "Aleppo": (36.2, 37.2),
    "Idlib": (35.9, 36.6),
    "Hama": (35.1, 36.8),
    "Homs": (34.7, 37.5),
    "Latakia": (35.6, 35.9),
    "Tartus": (34.9, 36.0),
    "Damascus": (33.5, 36.3),
    "Rif Dimashq": (33.6, 36.7),
    "Daraa": (32.7, 36.2),
    "Quneitra": (33.1, 35.9),
    "As-Suwayda": (32.7, 36.6),
    "Deir ez-Zor": (35.3, 40.1),
    "Raqqa": (35.9, 38.9),
    "Al-Hasakah": (36.5, 40.8),
}
TOWNS_PER_GOVERNORATE = 60
YEARS = 10
TYPES = [
    ("Battles", ("Armed clash", "Armed clash", "Government regains territory")),
    ("Explosions/Remote violence", ("Air/drone strike", "Shelling/artillery/missile attack")),
    ("Violence against civilians", ("Attack", "Abduction/forced disappearance")),
]
ACTORS = [
    "Military Forces of Syria",
    "Islamic State",
    "Syrian Democratic Forces",
    "Opposition Rebels",
    "Hayat Tahrir al-Sham",
    "Military Forces of Russia",
    "Civilians",
]
OUTLETS = ["SOHR", "SANA", "AFP", "AP", "Reuters", "Enab Baladi"]


def synthetic_claims(
    n: int, *, seed: int = 7
) -> tuple[list[Claim], dict[str, int], dict[str, tuple[str, dt.date, str]]]:
    """About ``n`` claims, the incident each belongs to, and each claim's (town, day, type).

    The last one is the ACLED-style gold: incidents of one type in one town on one day are
    one ACLED event, and the generator draws such coincidences often.
    """
    rnd = random.Random(seed)
    start = dt.date(2012, 1, 1)
    towns: list[Place] = []
    for admin1, (lat, lon) in GOVERNORATES.items():
        for t in range(TOWNS_PER_GOVERNORATE):
            towns.append(
                Place(
                    name=f"{admin1} town {t}",
                    country="SY",
                    admin1=admin1,
                    latitude=lat + rnd.uniform(-0.6, 0.6),
                    longitude=lon + rnd.uniform(-0.6, 0.6),
                    geo_precision=GeoPrecision.TOWN,
                    gazetteer_id=f"synthetic:{admin1}:{t}",
                )
            )
    claims: list[Claim] = []
    gold: dict[str, int] = {}
    coded: dict[str, tuple[str, dt.date, str]] = {}
    incident = 0
    while len(claims) < n:
        incident += 1
        day = start + dt.timedelta(days=rnd.randrange(365 * YEARS))
        town = rnd.choice(towns)
        event_type, subs = rnd.choice(TYPES)
        actor1, actor2 = rnd.sample(ACTORS, 2)
        deaths = rnd.choice([0, 1, 2, 3, 5, 8, 12, 20, 40])
        for k, outlet in enumerate(rnd.sample(OUTLETS, rnd.randint(1, 4))):
            place = town
            if rnd.random() < 0.1:  # "near" the town, a few km off
                place = Place(
                    name=f"near {town.name}",
                    country="SY",
                    admin1=town.admin1,
                    latitude=(town.latitude or 0) + rnd.uniform(-0.04, 0.04),
                    longitude=(town.longitude or 0) + rnd.uniform(-0.04, 0.04),
                    geo_precision=GeoPrecision.NEAR,
                    gazetteer_id=town.gazetteer_id,
                )
            published = day + dt.timedelta(days=rnd.choice([0, 0, 1, 1, 2]))
            basis = DateBasis.EXPLICIT
            date = day
            if rnd.random() < 0.15:  # the text gives no date: the publication date stands in
                basis, date = DateBasis.PUBLICATION, day + dt.timedelta(days=1)
                published = date
            figure = max(0, round(deaths * rnd.uniform(0.7, 1.3)))
            cid = f"i{incident}-{k}"
            claims.append(
                Claim(
                    id=cid,
                    document_id=f"{outlet}-{incident}",
                    event_type=event_type,
                    sub_event_type=rnd.choice(subs),
                    date=date,
                    date_window=None,
                    date_precision=DatePrecision.DAY,
                    date_basis=basis,
                    location=place,
                    actor1=actor1,
                    actor2=actor2 if rnd.random() > 0.2 else None,
                    fatalities=Fatalities(low=figure, best=figure, high=figure),
                    claimants=(outlet,),
                    published=published,
                )
            )
            gold[cid] = incident
            coded[cid] = (town.gazetteer_id or "", day, event_type)
    return claims, gold, coded


def run(n: int) -> None:
    t0 = time.perf_counter()
    claims, gold, coded = synthetic_claims(n)
    t1 = time.perf_counter()
    result = Linker(settings=Settings()).link(claims)
    t2 = time.perf_counter()
    predicted = {link.claim_id: link.event_id for link in result.links}
    precision, recall = pairwise_scores(predicted, gold)
    coded_precision, _ = pairwise_scores(predicted, coded)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"| {len(claims):>9,} | {len(set(gold.values())):>9,} | {len(result.events):>9,}"
        f" | {t1 - t0:>7.1f} | {t2 - t1:>8.1f} | {peak_mb:>8,.0f}"
        f" | {precision:.4f} | {recall:.4f} | {coded_precision:.4f} |",
        flush=True,
    )


HEADER = (
    "|    claims | incidents |    events | gen (s) | link (s) | peak MB | precision | recall"
    " | precision (ACLED-coded) |\n"
    "| --------: | --------: | --------: | ------: | -------: | ------: | --------: | -----:"
    " | ----------------------: |"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, action="append", help="size (repeatable)")
    args = parser.parse_args()
    print(HEADER, flush=True)
    if args.claims and len(args.claims) == 1:
        run(args.claims[0])
        return
    for n in args.claims or [10_000, 100_000, 1_000_000]:
        # each size in a fresh process, so peak memory is that size's own
        out = subprocess.run(
            [sys.executable, __file__, "--claims", str(n)],
            check=True,
            capture_output=True,
            text=True,
        )
        print(out.stdout.splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
