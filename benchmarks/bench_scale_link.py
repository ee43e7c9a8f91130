"""Linking at scale: the serial linker against linking in parallel by blocking.

    python benchmarks/bench_scale_link.py --claims 10000,100000,300000 [--workers 2]

The claims are made at run time from FA-KES (../shared/data/fa-kes): its articles are
extracted once, then copy k of every claim gets its own id and document id and dates
shifted by k days, so N claims spread over the years as a growing archive would. For each
size the script prints the time of ``Linker.link`` (serial; skipped above
--serial-max), of ``link_parallel`` on a process pool of --workers, the plan (date
chunks, above-threshold pairs, units, the largest unit), that the two results are equal,
and the peak resident memory of this process.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import resource
import time
from collections.abc import Sequence

from _common import fakes_rows

from observatory.engines.linking import link_parallel, plan_units, pool_mapper
from observatory.engines.local import extract_parallel
from observatory.ingest import make_document
from observatory.link import Linker
from observatory.records import Claim
from observatory.settings import load_settings


def seed_claims(workers: int) -> list[Claim]:
    settings = load_settings()
    docs = [make_document(r.text, id=r.id, published=r.date) for r in fakes_rows()]
    return [c for e in extract_parallel(docs, settings=settings, workers=workers) for c in e.claims]


def _shift(value: dt.date | None, days: int) -> dt.date | None:
    return None if value is None else value + dt.timedelta(days=days)


def grow(seed: Sequence[Claim], n: int) -> list[Claim]:
    out: list[Claim] = []
    copy = 0
    while len(out) < n:
        for c in seed:
            if len(out) >= n:
                break
            if copy == 0:
                out.append(c)
                continue
            window = c.date_window
            out.append(
                dataclasses.replace(
                    c,
                    id=f"{c.id}-{copy}",
                    document_id=f"{c.document_id}-{copy}",
                    date=_shift(c.date, copy),
                    date_window=None
                    if window is None
                    else (window[0] + dt.timedelta(days=copy), window[1] + dt.timedelta(days=copy)),
                    published=_shift(c.published, copy),
                )
            )
        copy += 1
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", default="10000,100000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--serial-max", type=int, default=1_000_000)
    args = ap.parse_args()
    settings = load_settings()
    t0 = time.perf_counter()
    seed = seed_claims(args.workers)
    print(f"seed: {len(seed)} claims from FA-KES in {time.perf_counter() - t0:.1f} s")
    mapper = pool_mapper(args.workers)
    for n in (int(x) for x in args.claims.split(",")):
        claims = grow(seed, n)
        days = {c.date for c in claims if c.date}
        print(f"{n} claims over {len(days)} days:")
        t0 = time.perf_counter()
        plan = plan_units(claims, settings=settings, mapper=mapper)
        planned = time.perf_counter() - t0
        largest = max(len(u) for u in plan.units)
        print(
            f"  plan: {plan.chunks} date chunks, {plan.edges} above-threshold pairs,"
            f" {len(plan.units)} units (largest {largest} claims) in {planned:.1f} s"
        )
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        parallel = link_parallel(claims, settings=settings, mapper=mapper)
        wall = time.perf_counter() - t0
        print(
            f"  parallel ({args.workers} processes): {wall:.1f} s, {n / wall:,.0f} claims/s,"
            f" {len(parallel.events)} events; this process {time.process_time() - cpu0:.1f} CPU-s"
        )
        if n <= args.serial_max:
            t0 = time.perf_counter()
            serial = Linker(settings=settings).link(claims)
            wall = time.perf_counter() - t0
            print(
                f"  serial: {wall:.1f} s, {n / wall:,.0f} claims/s; equal to parallel:"
                f" {serial == parallel}"
            )
            del serial
        print(f"  peak memory of this process so far: {peak_mb():.0f} MB")
        del claims, parallel


if __name__ == "__main__":
    main()
