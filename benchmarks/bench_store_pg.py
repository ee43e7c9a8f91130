"""Benchmark: event query latency with many events, SQLite against PostgreSQL.

    python benchmarks/bench_store_pg.py                      # 1,000,000 events
    python benchmarks/bench_store_pg.py --events 100000 --repeat 100
    python benchmarks/bench_store_pg.py --pg-url postgresql://... --keep

Writes the same synthetic events (10 years, 14 governorates, every status; some undated,
windowed or placeless; figures closed, open-ended or missing) through the Repository
(``write_events`` in batches, as the linker writes them) into a new SQLite file and a new
PostgreSQL schema (both at once, a process each), then times each query shape the API and CLI use, ``--repeat`` times with
random parameters, and prints p50/p99 (ms) side by side, with the load rates.

Without ``--pg-url`` (or OBSERVATORY_TEST_PG_URL) it starts a throwaway cluster with
scripts/pg-test-cluster and stops it at the end. Loops are bounded: ``--events`` and
``--repeat`` fix the work; each query shape stops early after ``--budget`` seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

from observatory.records import (
    DatePrecision,
    Event,
    EventFigure,
    Fatalities,
    GeoPrecision,
    Place,
    ReviewStatus,
)
from observatory.store import open_store
from observatory.store.base import EventQuery
from observatory.store.shared import encode_cursor

ROOT = Path(__file__).resolve().parents[1]
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
    "Ar-Raqqa": (35.9, 39.0),
    "Al-Hasakah": (36.5, 40.7),
}
TYPES = [
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
]
ACTORS = [
    "Military Forces of Syria",
    "Islamic State",
    "Hay'at Tahrir al-Sham",
    "Military Forces of Russia",
    "Syrian Democratic Forces",
    "Civilians",
]
CLAIMANTS = ["Syrian Observatory for Human Rights", "SANA", "activists", "White Helmets"]
WORDS = ["market", "bakery", "hospital", "checkpoint", "convoy", "school", "mosque", "bridge"]
START = dt.date(2012, 1, 1)


def synthetic_events(count: int, *, seed: int = 7) -> Iterator[Event]:
    rng = random.Random(seed)
    names = list(GOVERNORATES)
    for i in range(count):
        event_type, sub = rng.choice(TYPES)
        day = START + dt.timedelta(days=rng.randrange(3650))
        date: dt.date | None = day
        window = None
        precision = DatePrecision.DAY
        shape = rng.random()
        if shape < 0.08:
            date, window, precision = None, (day, day + dt.timedelta(days=6)), DatePrecision.WEEK
        elif shape < 0.1:
            date, precision = None, DatePrecision.UNKNOWN
        admin1 = rng.choice(names)
        lat, lon = GOVERNORATES[admin1]
        place = (
            None
            if rng.random() < 0.03
            else Place(
                name=f"{admin1} {rng.randrange(300)}",
                country="SY",
                admin1=admin1,
                admin2=admin1,
                latitude=round(lat + rng.uniform(-0.4, 0.4), 4),
                longitude=round(lon + rng.uniform(-0.4, 0.4), 4),
                geo_precision=rng.choice([GeoPrecision.TOWN] * 6 + list(GeoPrecision)),
            )
        )
        low = rng.randrange(40)
        deaths = rng.choice(
            [
                None,
                Fatalities(low=low, best=low, high=low),
                Fatalities(low=low, best=low + 3, high=None),
                Fatalities(low=low, best=low + 1, high=low + 5),
            ]
        )
        claimant = rng.choice(CLAIMANTS)
        a1, a2 = rng.sample(ACTORS, 2)
        yield Event(
            id=f"ev{i:07d}",
            event_type=event_type,
            sub_event_type=sub,
            date=date,
            date_window=window,
            date_precision=precision,
            location=place,
            actor1=a1,
            actor2=a2,
            assoc_actors=(),
            fatalities=deaths,
            claim_ids=(f"cl{i:07d}",),
            document_ids=(f"doc{i // 3:07d}",),
            claimants=(claimant,),
            figures=(
                EventFigure(
                    claim_id=f"cl{i:07d}",
                    document_id=f"doc{i // 3:07d}",
                    claimant=claimant,
                    published=day,
                    fatalities=deaths or Fatalities(low=0, best=0, high=0),
                    evidence=f"{low} killed",
                ),
            ),
            status=rng.choice(list(ReviewStatus)),
            notes=f"{sub} near the {rng.choice(WORDS)} in {admin1}; {low} killed.",
        )


def load(store: Any, count: int, *, batch: int) -> float:
    """Write ``count`` events in batches; returns events per second."""
    started = time.perf_counter()
    pending: list[Event] = []
    done = 0
    for event in synthetic_events(count):
        pending.append(event)
        if len(pending) == batch:
            store.write_events(pending, [])
            done += len(pending)
            pending = []
            if done % (batch * 20) == 0:
                rate = done / (time.perf_counter() - started)
                name = type(store).__name__
                print(f"  {name}: {done:,} events ({rate:,.0f}/s)", file=sys.stderr, flush=True)
    if pending:
        store.write_events(pending, [])
    return count / (time.perf_counter() - started)


def _load_db(db: str, count: int, batch: int) -> float:
    print(f"loading {db} ...", file=sys.stderr, flush=True)
    with open_store(db) as store:
        return load(store, count, batch=batch)


def shapes(count: int) -> dict[str, Callable[[Any, random.Random], object]]:
    """Query shapes: name -> call(store, rng)."""
    names = list(GOVERNORATES)

    def day(rng: random.Random) -> dt.date:
        return START + dt.timedelta(days=rng.randrange(3650))

    def page_after(store: Any, rng: random.Random) -> object:
        i = rng.randrange(count)
        key = (START + dt.timedelta(days=rng.randrange(3650))).isoformat()
        cursor = encode_cursor([key, f"ev{i:07d}"])
        return store.event_page(EventQuery(), after=cursor, limit=50)

    def filtered_page(store: Any, rng: random.Random) -> object:
        since = day(rng)
        query = EventQuery(admin1=rng.choice(names), since=since, until=since + dt.timedelta(90))
        return store.event_page(query, limit=50)

    def bbox_page(store: Any, rng: random.Random) -> object:
        lat, lon = GOVERNORATES[rng.choice(names)]
        box = (lon - 0.3, lat - 0.3, lon + 0.3, lat + 0.3)
        return store.event_page(EventQuery(bbox=box), limit=50)

    def text_page(store: Any, rng: random.Random) -> object:
        query = EventQuery(text=f"{rng.choice(WORDS)} {rng.choice(names).split()[0]}")
        return store.event_page(query, limit=50)

    def type_status_page(store: Any, rng: random.Random) -> object:
        query = EventQuery(event_type=rng.choice(TYPES)[1], status=rng.choice(list(ReviewStatus)))
        return store.event_page(query, limit=50)

    def count_filtered(store: Any, rng: random.Random) -> object:
        since = day(rng)
        return store.count_events(
            EventQuery(admin1=rng.choice(names), since=since, until=since + dt.timedelta(30))
        )

    def one_event(store: Any, rng: random.Random) -> object:
        return store.event(f"ev{rng.randrange(count):07d}")

    def events_cli(store: Any, rng: random.Random) -> object:
        since = day(rng)
        query = EventQuery(admin1=rng.choice(names), since=since, until=since + dt.timedelta(30))
        return list(store.events(query))

    def clusters_month(store: Any, rng: random.Random) -> object:
        since = day(rng)
        return store.map_clusters(
            EventQuery(since=since, until=since + dt.timedelta(30)), cell_degrees=0.25
        )

    def timeline_year(store: Any, rng: random.Random) -> object:
        since = day(rng)
        return store.timeline(EventQuery(since=since, until=since + dt.timedelta(365)), by="day")

    return {
        "event page 1 (newest)": lambda s, r: s.event_page(EventQuery(), limit=50),
        "event page after a cursor": page_after,
        "page: governorate + 90 days": filtered_page,
        "page: bounding box": bbox_page,
        "page: full text (2 words)": text_page,
        "page: sub-type + status": type_status_page,
        "count: governorate + 30 days": count_filtered,
        "one event by id": one_event,
        "events(): governorate + 30 days": events_cli,
        "map clusters: 30 days": clusters_month,
        "timeline by day: 1 year": timeline_year,
    }


def measure(
    store: Any, call: Callable[[Any, random.Random], object], *, repeat: int, budget: float
) -> tuple[float, float, int]:
    """p50 and p99 in ms over up to ``repeat`` calls (fewer if ``budget`` seconds run out)."""
    rng = random.Random(11)
    call(store, rng)  # warm up
    times: list[float] = []
    stop = time.perf_counter() + budget
    for _ in range(repeat):
        started = time.perf_counter()
        call(store, rng)
        times.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() > stop:
            break
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return statistics.median(times), p99, len(times)


def _cluster() -> tuple[str, str]:
    out = subprocess.run(
        [str(ROOT / "scripts" / "pg-test-cluster"), "start"],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PG_TEST_CLUSTER_BASE": os.environ.get("PG_TEST_CLUSTER_BASE", "/tmp")},
    ).stdout
    values = dict(
        line.removeprefix("export ").replace("'", "").split("=", 1) for line in out.splitlines()
    )
    return values["OBSERVATORY_TEST_PG_URL"], values["PG_TEST_CLUSTER_DIR"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=200, help="calls per query shape")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds per query shape")
    parser.add_argument("--batch", type=int, default=5000, help="events per write_events")
    parser.add_argument("--pg-url", default=os.environ.get("OBSERVATORY_TEST_PG_URL"))
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema")
    parser.add_argument(
        "--backends", default="SQLite,PostgreSQL", help="which to measure (comma-separated)"
    )
    args = parser.parse_args()
    names = [n for n in ("SQLite", "PostgreSQL") if n in args.backends.split(",")]
    if not 1 <= args.events <= 1_000_000 or args.repeat < 1 or not names:
        parser.error("--events must be 1..1,000,000, --repeat at least 1, --backends known")

    cluster_dir = None
    if not args.pg_url:
        args.pg_url, cluster_dir = _cluster()
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = psycopg.connect(args.pg_url, autocommit=True)
    admin.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in args.pg_url else "?"
    pg_db = f"{args.pg_url}{separator}options={quote(f'-c search_path={schema}', safe='')}"
    tmp = tempfile.TemporaryDirectory(prefix="bench-store-")
    try:
        print(f"# {args.events:,} events; {args.repeat} calls per query shape", flush=True)
        dbs = {"SQLite": str(Path(tmp.name) / "bench.db"), "PostgreSQL": pg_db}
        dbs = {name: dbs[name] for name in names}
        # the loads at once, one process each (they share nothing); queries run one by one
        with ProcessPoolExecutor(len(dbs)) as pool:
            futures = {
                name: pool.submit(_load_db, db, args.events, args.batch) for name, db in dbs.items()
            }
            rates = {name: future.result() for name, future in futures.items()}
        stores = {name: open_store(db) for name, db in dbs.items()}
        if "PostgreSQL" in stores:
            # what autovacuum does after a bulk load: statistics, and the visibility map
            for table in ("events", "event_records"):
                admin.execute(f"VACUUM (ANALYZE) {schema}.{table}")
        version = admin.execute("SHOW server_version").fetchone()
        loads = ", ".join(f"{name} {rate:,.0f} events/s" for name, rate in rates.items())
        print(
            f"PostgreSQL {version[0] if version else '?'}; load (write_events, batches of"
            f" {args.batch:,}, the stores loaded at once): {loads}"
        )
        print(f"load average (1, 5, 15 min) before the queries: {os.getloadavg()}")
        print()
        print(
            f"| query ({args.events:,} events) | "
            + " | ".join(f"{name} p50 | p99" for name in names)
            + " | calls |"
        )
        print("| --- | " + " | ".join("---: | ---:" for _ in names) + " | ---: |")
        for label, call in shapes(args.events).items():
            row = [label]
            calls = []
            for name in names:
                p50, p99, n = measure(stores[name], call, repeat=args.repeat, budget=args.budget)
                row += [f"{p50:.1f} ms", f"{p99:.1f} ms"]
                calls.append(str(n))
            print(f"| {' | '.join(row)} | {'/'.join(calls)} |", flush=True)
        print(f"\nload average (1, 5, 15 min) after the queries: {os.getloadavg()}")
        for store in stores.values():
            store.close()
    finally:
        if not args.keep:
            admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.close()
        tmp.cleanup()
        if cluster_dir:
            subprocess.run(
                [str(ROOT / "scripts" / "pg-test-cluster"), "stop", cluster_dir], check=False
            )


if __name__ == "__main__":
    main()
