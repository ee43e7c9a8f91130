"""Linking at scale: the serial linker against linking in parallel by blocking.

    python benchmarks/bench_scale_link.py --claims 10000,100000,300000 [--workers 2]

The claims are made at run time from FA-KES (../shared/data/fa-kes): its articles are
extracted once, then copy k of every claim gets its own id and document id and dates
shifted by 11k days, so N claims spread over the years as a growing archive would (about
230 claims a day). For each
size the script prints the time of ``Linker.link`` (serial; skipped above
--serial-max), of ``link_parallel`` on a process pool of --workers, the plan (date
chunks, above-threshold pairs, units, the largest unit), that the two results are equal,
and the peak resident memory of this process.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import multiprocessing
import resource
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

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


# copy k is moved k * STRIDE days: further than a linkable window reaches (8 + 3 days), so a
# claim's copies are not chained into one event, while the copies overlap in time (FA-KES
# spans some 900 days) and make a dense archive: about 230 claims a day at any size
STRIDE = 11


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
            days = copy * STRIDE
            window = c.date_window
            out.append(
                dataclasses.replace(
                    c,
                    id=f"{c.id}-{copy}",
                    document_id=f"{c.document_id}-{copy}",
                    date=_shift(c.date, days),
                    date_window=None
                    if window is None
                    else (window[0] + dt.timedelta(days=days), window[1] + dt.timedelta(days=days)),
                    published=_shift(c.published, days),
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
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=args.workers, mp_context=context)
    mapper = pool_mapper(args.workers, pool=pool)
    for n in (int(x) for x in args.claims.split(",")):
        claims = grow(seed, n)
        days = {c.date for c in claims if c.date}
        print(f"{n} claims over {len(days)} days:")
        t0 = time.perf_counter()
        plan = plan_units(claims, settings=settings, mapper=mapper)
        planned = time.perf_counter() - t0
        print(
            f"  plan: {plan.chunks} date chunks, {plan.edges} above-threshold pairs,"
            f" {len(plan.units)} units, largest component {plan.largest_component} claims;"
            f" {planned:.1f} s"
        )
        t0 = time.perf_counter()
        parallel = link_parallel(claims, settings=settings, mapper=mapper, plan=plan)
        units = time.perf_counter() - t0
        wall = planned + units
        print(
            f"  parallel ({args.workers} processes): {wall:.1f} s ({planned:.1f} s pairs and"
            f" units, {units:.1f} s linking units), {n / wall:,.0f} claims/s,"
            f" {len(parallel.events)} events"
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
        del claims, parallel, plan
    pool.shutdown()


if __name__ == "__main__":
    main()
