"""Throughput of `extract` on one core: FA-KES articles repeated to N documents.

    python benchmarks/bench_extract.py [--documents 10000]

Prints documents per second (after start-up) and the peak resident memory. The target
(issue 3) is >= 200 documents/s per core and < 1.5 GB.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import time

from _common import fakes_rows

from observatory.extract import Extractor
from observatory.ingest import make_document
from observatory.settings import load_settings


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--documents", type=int, default=10_000)
    args = ap.parse_args()
    started = time.perf_counter()
    extractor = Extractor.from_settings(load_settings())
    rows = list(fakes_rows())
    docs = [make_document(r.text, id=r.id, published=r.date) for r in rows]
    ready = time.perf_counter()
    claims = 0
    chars = 0
    t0 = time.perf_counter()
    for doc in itertools.islice(itertools.cycle(docs), args.documents):
        claims += len(extractor.extract(doc).claims)
        chars += len(doc.text)
    elapsed = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"start-up (gazetteer, actors, reading the corpus): {ready - started:.2f} s")
    print(f"documents: {args.documents} ({chars / args.documents:.0f} characters on average)")
    print(f"claims: {claims}")
    print(f"time: {elapsed:.1f} s -> {args.documents / elapsed:.0f} documents/s on one core")
    print(f"peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
