"""Speed of ``find_casualties`` and ``find_dates`` as the event extractor calls them.

For every FA-KES article (../shared/data beside the checkout): ``find_casualties`` once per
sentence (``observatory.text.sentences``) and ``find_dates`` once per paragraph (from its
first sentence to the next line break, ``published`` 2016-06-01). Prints the median and
mean milliseconds per article for each function, best of ``--repeat`` passes.

python benchmarks/bench_dates_fatalities.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from observatory.dates import find_dates
from observatory.fatalities import find_casualties
from observatory.text import sentences

FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes" / "FA-KES-Dataset.csv"
PUBLISHED = dt.date(2016, 6, 1)

Job = tuple[str, list[tuple[int, int]], list[tuple[int, int]]]


def jobs() -> list[Job]:
    """Each article with its sentence spans and its paragraph spans (as the extractor cuts)."""
    csv.field_size_limit(1 << 30)
    out: list[Job] = []
    with FAKES.open(encoding="cp1252", newline="") as fh:
        for row in csv.DictReader(fh):
            text = row["article_content"] or ""
            sents = sentences(text)
            spans = [(s.start, s.end) for s in sents]
            paras: list[tuple[int, int]] = []
            seen: set[int] = set()
            for s in sents:
                if s.paragraph in seen:
                    continue
                seen.add(s.paragraph)
                nxt = text.find("\n", s.end)
                paras.append((s.start, len(text) if nxt < 0 else nxt))
            out.append((text, spans, paras))
    return out


def _casualties(job: Job) -> None:
    text, spans, _ = job
    for a, b in spans:
        find_casualties(text, start=a, end=b)


def _dates(job: Job) -> None:
    text, _, paras = job
    for a, b in paras:
        find_dates(text, published=PUBLISHED, start=a, end=b)


def per_article_ms(work: list[Job], fn: Callable[[Job], None], repeat: int) -> list[float]:
    """The fastest of ``repeat`` timings of ``fn`` on each article, in milliseconds."""
    best = [float("inf")] * len(work)
    for _ in range(repeat):
        for i, job in enumerate(work):
            t0 = time.perf_counter()
            fn(job)
            best[i] = min(best[i], (time.perf_counter() - t0) * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes per article (best kept)")
    args = parser.parse_args()
    if not FAKES.exists():
        sys.exit(f"skipped: {FAKES} is not there (../shared/data beside the checkout)")
    work = jobs()
    chars = statistics.mean(len(t) for t, _, _ in work)
    print(f"{len(work)} FA-KES articles, {chars:.0f} characters on average")
    for name, fn in (("find_casualties", _casualties), ("find_dates", _dates)):
        ms = per_article_ms(work, fn, args.repeat)
        print(
            f"{name:16s} median {statistics.median(ms):.3f} ms/article, "
            f"mean {statistics.mean(ms):.3f} ms, p95 {sorted(ms)[int(0.95 * len(ms))]:.3f} ms"
        )


if __name__ == "__main__":
    main()
